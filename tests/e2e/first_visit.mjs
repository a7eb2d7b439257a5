// A first visit to an entry screen, measured by the browser: shared by the
// first-visit budget test and `cargo xtask bench`. Bytes are the gzip sizes
// of the wasm, js and css the page fetched, as a host serving them
// compressed would send them.

import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { openPage } from "./harness.mjs";

const rowsShown = `document.querySelector("table.data-table tbody tr") !== null`;
const headingAndForm = `document.querySelector("section.page h1") !== null
  && document.querySelector("section.page form input, section.page form textarea") !== null`;

/** Each entry screen: its name, its path, and when its content is visible. */
export async function entryScreens(stack) {
  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  return [
    ["customers list", "/customers", rowsShown],
    ["a customer page", `/customers/${acme.id}`, headingAndForm],
    ["apps list", "/apps", rowsShown],
    ["an app page", "/apps/hubspot", headingAndForm],
    ["connections list", "/connections", rowsShown],
    ["settings", "/settings/general", headingAndForm],
  ];
}

// Records the first moment `ready` holds, from inside the page, so polling
// from outside adds nothing to the figure.
const markWhenReady = (ready) => {
  const check = new Function(`return (${ready})`);
  new MutationObserver((_, observer) => {
    if (check()) {
      window.__contentVisible = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

const gzipped = new Map();
const gzipOf = (file) => {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file), { level: 9 }).length);
  return gzipped.get(file);
};

/**
 * Opens `appPath` in a fresh browser context (cold cache) and waits for
 * `ready`. Returns the files fetched, their gzip bytes and the time from
 * navigation start to content.
 */
export async function firstVisit(stack, appPath, ready) {
  const page = await openPage(stack.browser);
  try {
    await page.addInitScript(markWhenReady, ready);
    await page.goto(stack.server.url(appPath));
    await page.waitForFunction(() => window.__contentVisible !== undefined);
    const time = await page.evaluate(() => window.__contentVisible);
    const base = stack.server.base;
    const fetched = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname),
    );
    // Stylesheets linked from the page are not resource entries in every
    // Chromium; the page's own <link>s name them.
    const sheets = await page.evaluate(() =>
      [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => new URL(l.href).pathname),
    );
    const files = [...new Set([...fetched, ...sheets])]
      .filter((p) => /\.(wasm|js|css)$/.test(p) && p.startsWith(`${base}/`))
      .map((p) => p.slice(base.length + 1));
    const bytes = files.reduce(
      (sum, rel) => sum + gzipOf(path.join(process.env.CONSOLE_DIST, rel)),
      0,
    );
    return { files, bytes, time };
  } finally {
    await page.context().close();
  }
}
