// Customer list timings for `cargo xtask bench`, with 100,000 customers in
// the local engine: printed, never asserted.
// - first page: from navigation start to the first row in the DOM (a cold
//   load), and from a click on Customers to the first row (in the app);
// - search: from the end of the debounce (last keystroke + 250 ms) to the
//   rows of the result in the DOM;
// - rows in the DOM after loading ten pages (the list keeps at most 300).

import { startStack, openPage } from "../harness.mjs";

const RUNS = 7;
const DEBOUNCE_MS = 250;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const ROWS = "table.data-table tbody tr";
// Each search's first result differs from the unfiltered first row.
const TERMS = ["Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Soylent"];

// Marks when the first row appears, and when the rows change afterwards.
const WATCH_ROWS = () => {
  window.__rowChanges = [];
  new MutationObserver(() => {
    const first = document.querySelector("table.data-table tbody tr");
    if (first && first.textContent !== window.__lastFirstRow) {
      window.__lastFirstRow = first.textContent;
      window.__rowChanges.push(performance.now());
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

const stack = await startStack({ engine: { customers: 100000 } });
try {
  const firstPage = [];
  const inApp = [];
  const search = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await openPage(stack.browser);
    await page.addInitScript(WATCH_ROWS);
    await page.goto(stack.server.url("/customers"));
    await page.waitForFunction(() => window.__rowChanges.length > 0);
    firstPage.push(await page.evaluate(() => window.__rowChanges[0]));

    // In-app navigation: from a click on "Customers" elsewhere in the console.
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Engine", level: 1 }).waitFor();
    await page.evaluate(() => { window.__rowChanges = []; window.__lastFirstRow = undefined; });
    const clickedAt = await page.evaluate(() => performance.now());
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
    await page.waitForFunction(() => window.__rowChanges.length > 0);
    inApp.push((await page.evaluate(() => window.__rowChanges[0])) - clickedAt);

    const before = await page.evaluate(() => window.__rowChanges.length);
    await page.getByRole("searchbox", { name: "Search" }).fill(TERMS[i % TERMS.length]);
    const typedAt = await page.evaluate(() => performance.now());
    await page.waitForFunction((n) => window.__rowChanges.length > n, before);
    const shownAt = await page.evaluate(() => window.__rowChanges.at(-1));
    search.push(shownAt - typedAt - DEBOUNCE_MS);
    await page.context().close();
  }
  console.log(`customers first-page median=${ms(median(firstPage))} min=${ms(Math.min(...firstPage))} (n=${RUNS}, 100000 customers, cold cache)`);
  console.log(`customers first-page-in-app median=${ms(median(inApp))} min=${ms(Math.min(...inApp))} (n=${RUNS}, click on Customers to first row)`);
  console.log(`customers search-after-debounce median=${ms(median(search))} min=${ms(Math.min(...search))} (n=${RUNS})`);

  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/customers"));
  await page.locator(ROWS).first().waitFor();
  for (let i = 0; i < 10; i++) {
    const button = page.getByRole("button", { name: "Load more" });
    await button.click();
    await page.waitForFunction(() => !document.querySelector(".load-more button")?.disabled);
  }
  console.log(`customers rows-in-dom after 11 pages: ${await page.locator(ROWS).count()}`);
} finally {
  await stack.stop();
}
