// Console timings for `cargo xtask bench`: printed, never asserted.
// Shell: from navigation start to the main menu being in the DOM and
// clickable, in a fresh browser context (cold cache) each run.

import { startStack, openPage } from "../harness.mjs";

const RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

// Records when the main menu appears, without polling from outside.
const MARK_SHELL = () => {
  new MutationObserver((_, observer) => {
    if (document.querySelector("nav[aria-label=Main] a")) {
      window.__shellInteractive = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

const stack = await startStack();
try {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await openPage(stack.browser);
    await page.addInitScript(MARK_SHELL);
    await page.goto(stack.server.url("/settings/engine"));
    await page.waitForFunction(() => window.__shellInteractive !== undefined);
    times.push(await page.evaluate(() => window.__shellInteractive));
    await page.context().close();
  }
  console.log(`console shell-interactive median=${ms(median(times))} min=${ms(Math.min(...times))} max=${ms(Math.max(...times))} (n=${RUNS}, cold cache)`);
} finally {
  await stack.stop();
}
