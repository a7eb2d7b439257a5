// A first visit fetches the shell and the area it shows, within the budget
// `cargo xtask` passes (kept in xtask/src/bundle.rs); an area whose code
// cannot be fetched says so and offers a retry.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, heading } from "./harness.mjs";
import { entryScreens, firstVisit } from "./first_visit.mjs";

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

test("each entry screen's first visit stays within the first-visit budget", async () => {
  const budget = Number(process.env.FIRST_VISIT_BUDGET_BYTES);
  assert.ok(budget > 0, "FIRST_VISIT_BUDGET_BYTES is set by cargo xtask (xtask/src/bundle.rs)");
  for (const [name, appPath, ready] of await entryScreens(stack)) {
    const { bytes, files } = await firstVisit(stack, appPath, ready);
    assert.ok(
      bytes <= budget,
      `${name}: ${(bytes / 1024).toFixed(1)} KB gzip fetched, budget ${(budget / 1024).toFixed(1)} KB (${files.join(", ")})`,
    );
  }
});

test("a first visit asks the engine while the screen's code is still loading", async () => {
  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  const flow = (await stack.engine.api("GET", `/flow-instances?tenantId=${acme.id}`)).items[0];
  const run = (await stack.engine.api("GET", `/flow-runs?connectionFlowId=${flow.id}`)).items[0];
  const table = (await stack.engine.api("GET", `/data-link-table-instances?tenantId=${acme.id}`)).items[0];
  const flowPage = `/customers/${acme.id}/flows/${flow.id}`;
  const runs = "section[aria-labelledby=flow-runs-title] tbody tr";
  for (const [appPath, area, read, shown] of [
    ["/customers", "customers", "/customers", "table.data-table tbody tr"],
    [`/customers/${acme.id}`, "customers", `/customers/${acme.id}`, "section.page form input"],
    [`/customers/${acme.id}/flows`, "instances", "/flow-instances", ".instance-table tbody tr"],
    // A link straight to a flow: the flow and its runs, not the runs after the flow.
    [flowPage, "instances", "/flow-instance", runs],
    [flowPage, "instances", "/flow-runs", runs],
    [`${flowPage}/runs/${run.id}`, "instances", `/flow-runs/${run.id}`, "h1:has-text('Run of')"],
    [
      `/customers/${acme.id}/data-link-tables/${table.id}?direction=export`,
      "instances",
      "/data-link-table-instance/links",
      ".links-table tbody tr",
    ],
  ]) {
    const page = await openPage(stack.browser);
    const isRead = (r) => r.url().startsWith(stack.engine.url) && new URL(r.url()).pathname === read;
    const reads = [];
    page.on("request", (r) => isRead(r) && reads.push(r.url()));
    // The area's code is held back until the engine has been asked: a
    // screen that only asks once its code has run never gets it.
    const asked = page.waitForRequest(isRead, { timeout: 10_000 });
    await page.route(new RegExp(`split_${area}_area-[0-9a-f]+\\.wasm$`), async (route) => {
      await asked.catch(() => {});
      await route.continue();
    });
    await page.goto(stack.server.url(appPath));
    await assert.doesNotReject(asked, `${appPath}: ${read} was not asked while the area loaded`);
    await page.locator(shown).first().waitFor();
    // The screen took the early answer rather than asking again.
    assert.equal(new Set(reads).size, reads.length, `${appPath} asked twice: ${reads.join(", ")}`);
    assert.deepEqual(page.crashes, []);
    await page.context().close();
  }
});

test("an area that cannot be fetched shows why and loads on retry", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/customers"));
  await heading(page, "Customers").waitFor();
  // Offline for the apps area's code only: the shell and the engine answer.
  const appsArea = /split_apps_area-[0-9a-f]+\.wasm$/;
  await page.route(appsArea, (route) => route.abort("internetdisconnected"));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Apps" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "This screen could not be loaded" });
  await alert.waitFor();
  assert.equal(await page.title(), "Screen not loaded · Switchboard");
  await page.unroute(appsArea);
  await alert.getByRole("button", { name: "Retry" }).click();
  await heading(page, "Apps").waitFor();
  assert.equal(new URL(page.url()).pathname, "/console/apps");
  assert.deepEqual(page.crashes, []);
});
