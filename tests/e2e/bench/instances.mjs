// Customer instance sections for `cargo xtask bench`: printed, never asserted.
// From the click on a section's link on a customer's page (already open) to
// the section's first row being in the DOM, measured inside the page.

import { startStack, openPage } from "../harness.mjs";

const RUNS = 7;
const ACME = "0c1274502c4e4e542333a59d";
const SECTIONS = ["Flows", "Actions", "Data sources", "Data link tables"];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

const stack = await startStack();
try {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${ACME}`));
  await page.getByRole("navigation", { name: "Customer sections" }).getByRole("link", { name: /^Flows/ }).waitFor();
  for (const section of SECTIONS) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await page.getByRole("navigation", { name: "Customer sections" }).getByRole("link", { name: /^Overview/ }).click();
      await page.locator(".instance-table").waitFor({ state: "detached" });
      const link = page.getByRole("navigation", { name: "Customer sections" }).getByRole("link", { name: new RegExp(`^${section}`) });
      const elapsed = await link.evaluate(
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
      times.push(elapsed);
    }
    console.log(`section "${section}" click to first rows median=${ms(median(times))} min=${ms(Math.min(...times))} max=${ms(Math.max(...times))} (n=${RUNS})`);
  }
} finally {
  await stack.stop();
}
