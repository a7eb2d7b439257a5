// Customer instance sections for `cargo xtask bench`: printed, never asserted.
// From the click on a section's link on a customer's page (already open) to
// the section's first row being in the DOM, measured inside the page: the
// first click (which also fetches the instances area's code), then clicks
// with that code loaded. And a link straight to a flow or to one of its runs,
// opened in a fresh browser context: time from navigation to content.

import { startStack, openPage } from "../harness.mjs";
import { firstVisit } from "../first_visit.mjs";

const RUNS = 7;
const ACME = "0c1274502c4e4e542333a59d";
const SECTIONS = ["Flows", "Actions", "Data sources", "Data link tables"];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

/** Clicks `link` and resolves with the time until a section's first row is in the DOM. */
const clickToFirstRow = (link) =>
  link.evaluate(
    (a) =>
      new Promise((resolve) => {
        const start = performance.now();
        new MutationObserver((_, observer) => {
          if (document.querySelector(".instance-table tbody tr")) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        }).observe(document, { childList: true, subtree: true });
        a.click();
      }),
  );
const sectionLink = (page, name) =>
  page.getByRole("navigation", { name: "Customer sections" }).getByRole("link", { name });

const stack = await startStack();
try {
  // The first click into a section also fetches the instances area's code:
  // each run in a fresh browser context (cold cache).
  const firsts = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await openPage(stack.browser);
    await page.goto(stack.server.url(`/customers/${ACME}`));
    await page.locator("section.page form input").first().waitFor();
    firsts.push(await clickToFirstRow(sectionLink(page, /^Flows/)));
    await page.context().close();
  }
  console.log(`section "Flows" first click, its area's code not loaded yet median=${ms(median(firsts))} min=${ms(Math.min(...firsts))} max=${ms(Math.max(...firsts))} (n=${RUNS})`);

  const flow = (await stack.engine.api("GET", `/flow-instances?tenantId=${ACME}`)).items[0];
  const run = (await stack.engine.api("GET", `/flow-runs?connectionFlowId=${flow.id}`)).items[0];
  const flowPage = `/customers/${ACME}/flows/${flow.id}`;
  for (const [name, appPath, ready] of [
    ["a flow (its runs shown)", flowPage, `document.querySelector("section[aria-labelledby=flow-runs-title] tbody tr") !== null`],
    ["a flow run", `${flowPage}/runs/${run.id}`, `[...document.querySelectorAll("h1")].some((h) => h.textContent.startsWith("Run of"))`],
  ]) {
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push((await firstVisit(stack, appPath, ready)).time);
    console.log(`link straight to ${name}, cold cache: content median=${ms(median(times))} min=${ms(Math.min(...times))} (n=${RUNS})`);
  }

  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${ACME}`));
  await sectionLink(page, /^Flows/).waitFor();
  for (const section of SECTIONS) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await sectionLink(page, /^Overview/).click();
      await page.locator(".instance-table").waitFor({ state: "detached" });
      times.push(await clickToFirstRow(sectionLink(page, new RegExp(`^${section}`))));
    }
    console.log(`section "${section}" click to first rows median=${ms(median(times))} min=${ms(Math.min(...times))} max=${ms(Math.max(...times))} (n=${RUNS})`);
  }
} finally {
  await stack.stop();
}
