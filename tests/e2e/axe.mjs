// axe-core accessibility check for the end-to-end tests: injects axe into the
// page and fails with a readable list of violations.

import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");
const RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe on the whole document and asserts there are no WCAG 2.2 AA
 * violations. `label` says which screen failed (e.g. "apps list, dark").
 */
export async function axe(page, label = page.url()) {
  const loaded = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(
    (runOnly) => window.axe.run(document, { runOnly }),
    RULES,
  );
  const lines = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"),
  );
  assert.equal(result.violations.length, 0, `axe violations on ${label}:\n${lines.join("\n")}`);
}

/** Runs [`axe`] in the light theme and again in the dark one. */
export async function axeBothThemes(page, label) {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((s) => document.querySelector(".switchboard")?.setAttribute("data-theme", s), scheme);
    await axe(page, `${label}, ${scheme}`);
  }
}
