// First visits for `cargo xtask bench`: printed, never asserted. For each
// entry screen, in a fresh browser context (cold cache) each run: the wasm,
// js and css the browser fetched (gzip bytes of those files, as a host
// serving them compressed would send), and the time from navigation start to
// the screen's content being in the DOM.

import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startStack, openPage } from "../harness.mjs";

const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

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

const rowsShown = `document.querySelector("table.data-table tbody tr") !== null`;
const headingAndForm = `document.querySelector("section.page h1") !== null
  && document.querySelector("section.page form input, section.page form textarea") !== null`;

const stack = await startStack();
try {
  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  const screens = [
    ["customers list", "/customers", rowsShown],
    ["a customer page", `/customers/${acme.id}`, headingAndForm],
    ["apps list", "/apps", rowsShown],
    ["an app page", "/apps/hubspot", headingAndForm],
    ["connections list", "/connections", rowsShown],
    ["settings", "/settings/general", headingAndForm],
  ];
  const dist = process.env.CONSOLE_DIST;
  const gzipped = new Map();
  const gzipOf = (file) => {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file), { level: 9 }).length);
    return gzipped.get(file);
  };
  for (const [name, appPath, ready] of screens) {
    const times = [];
    let bytes = 0;
    let files = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await openPage(stack.browser);
      await page.addInitScript(markWhenReady, ready);
      await page.goto(stack.server.url(appPath));
      await page.waitForFunction(() => window.__contentVisible !== undefined);
      times.push(await page.evaluate(() => window.__contentVisible));
      const fetched = await page.evaluate(() =>
        performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname),
      );
      files = fetched
        .filter((p) => /\.(wasm|js|css)$/.test(p) && p.startsWith(`${stack.server.base}/`))
        .map((p) => p.slice(stack.server.base.length + 1));
      // Stylesheets linked from the page are not resource entries in every
      // Chromium; the page's own <link>s name them.
      const sheets = await page.evaluate(() =>
        [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => new URL(l.href).pathname),
      );
      for (const s of sheets) {
        const rel = s.slice(stack.server.base.length + 1);
        if (!files.includes(rel)) files.push(rel);
      }
      bytes = files.reduce((sum, rel) => sum + gzipOf(path.join(dist, rel)), 0);
      await page.context().close();
    }
    console.log(
      `first visit: ${name.padEnd(17)} ${kb(bytes).padStart(9)} gzip in ${files.length} files, ` +
        `content visible median=${median(times).toFixed(0)} ms min=${Math.min(...times).toFixed(0)} ms (n=${RUNS}, cold cache)`,
    );
  }
} finally {
  await stack.stop();
}
