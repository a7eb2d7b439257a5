// Customer instances: the customer page's sections (one per kind, with
// counts, search, archived filter and paging in the URL), each instance's
// page and operations, flow runs watched live, stopped and failed, links,
// subscriptions, engine faults; axe on the new screens in both themes.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshot, heading, toast, queryParam } from "./harness.mjs";
import { axeBothThemes } from "./axe.mjs";

const ACME = "0c1274502c4e4e542333a59d";
const GLOBEX = "b01ef41628683ec77dae2d8c";
const INITECH = "00f95c2be000548a52145c24";

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const sections = (page) => page.getByRole("navigation", { name: "Customer sections" });
// `scope` is the page or a part of it; the link is found inside each row.
const row = (scope, name) => {
  const page = typeof scope.page === "function" ? scope.page() : scope;
  return scope.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
};

/** Opens an instance from its section of a customer's page, as a person would. */
async function openInstance(page, customer, section, name, app) {
  await page.goto(stack.server.url(`/customers/${customer}/${section}`));
  const rows = app ? row(page, name).filter({ hasText: app }) : row(page, name);
  await rows.getByRole("link", { name, exact: true }).click();
  await heading(page, name).waitFor();
}

test("each kind of instance is a section of the customer's page, with its count, and survives a reload", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${ACME}`));
  await heading(page, "Acme Corporation").waitFor();
  const nav = sections(page);
  await nav.getByRole("link", { name: "Flows 5" }).waitFor();
  await nav.getByRole("link", { name: "Actions 3" }).waitFor();
  await nav.getByRole("link", { name: "Data link tables 1" }).waitFor();
  await nav.getByRole("link", { name: "Flows 5" }).click();
  await page.waitForURL(/\/flows$/);
  const custom = row(page, "Create contacts in HubSpot (custom)");
  await custom.getByText("Customized").waitFor();
  await custom.getByText("Ready").waitFor();
  await custom.getByRole("link", { name: "HubSpot", exact: true }).waitFor();
  const failed = row(page, "Sync deals in Salesforce");
  await failed.getByText("Setup failed").waitFor();
  await failed.getByText(/refused to create the webhook \(403 Forbidden\)/).waitFor();
  await row(page, "Notify a channel in Slack").getByText("Disabled").waitFor();
  assert.equal(await nav.getByRole("link", { name: /^Flows/ }).getAttribute("aria-current"), "page");
  assert.equal(await page.title(), "Flows · Acme Corporation · Switchboard");
  await screenshot(page, "instances-flows-light");
  await axeBothThemes(page, "customer flows section");
  await screenshot(page, "instances-flows-dark");

  await page.getByLabel("Search").fill("deals");
  await queryParam(page, "q", "deals");
  await row(page, "Notify a channel in Slack").waitFor({ state: "detached" });
  await page.reload();
  await row(page, "Sync deals in HubSpot").waitFor();
  assert.equal(await row(page, "Create contacts in HubSpot (custom)").count(), 0);
  assert.equal(await page.getByLabel("Search").inputValue(), "deals");

  const expected = {
    "Actions": ["Create contact", "Get invoice", "Ping webhook"],
    "Data sources": ["Contacts"],
    "Field mappings": ["Contact fields", "Invoice fields"],
    "Data link tables": ["Contact links"],
    "App event subscriptions": ["Order placed", "User created"],
    "External event subscriptions": ["Contact created", "Contact updated"],
  };
  for (const [section, names] of Object.entries(expected)) {
    await nav.getByRole("link", { name: new RegExp(`^${section}`) }).click();
    await page.getByRole("heading", { level: 2, name: section, exact: true }).waitFor();
    for (const name of names) await row(page, name).first().waitFor();
  }
  await row(page, "Contact updated").getByText("Salesforce refused the webhook").waitFor();

  await page.goto(stack.server.url(`/customers/${INITECH}/actions`));
  await page.getByText("This customer has no actions yet.").waitFor();
  await page.getByText(/An action is a single request to the customer's app/).waitFor();
  await screenshot(page, "instances-empty-light");

  const phone = await openPage(stack.browser, { viewport: { width: 360, height: 740 }, colorScheme: "dark" });
  await phone.goto(stack.server.url(`/customers/${ACME}/flows`));
  await row(phone, "Sync deals in Salesforce").getByText("Setup failed").waitFor({ state: "visible" });
  await screenshot(phone, "instances-flows-360-dark");
  assert.deepEqual(page.crashes, []);
  assert.deepEqual(phone.crashes, []);
});

test("a flow: its steps in order, enabled and disabled, a run watched to completion, its runs and a run's page", async () => {
  const page = await openPage(stack.browser);
  await openInstance(page, ACME, "flows", "Notify a channel in Slack");
  const enabled = page.getByRole("switch", { name: "Enabled" });
  assert.equal(await enabled.isChecked(), false);
  await enabled.check();
  await toast(page, "Flow enabled").waitFor();
  await page.reload();
  await page.getByRole("switch", { name: "Enabled" }).waitFor();
  assert.equal(await page.getByRole("switch", { name: "Enabled" }).isChecked(), true);

  await openInstance(page, ACME, "flows", "Create contacts in HubSpot (custom)");
  const steps = page.locator(".flow-steps .step-name");
  assert.deepEqual(await steps.allTextContents(), ["Contact received", "Map contact fields (with source)", "Create contact"]);
  await page.getByLabel("Default owner").waitFor();
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const progress = page.locator(".run-progress");
  await progress.getByText("Running").or(progress.getByText("Queued")).first().waitFor();
  await progress.getByText("Completed").waitFor();
  await page.locator(".step-run").filter({ hasText: "This run: Completed" }).nth(2).waitFor();
  await screenshot(page, "instances-flow-light");
  await axeBothThemes(page, "flow instance page");
  await screenshot(page, "instances-flow-dark");
  const runs = page.getByRole("table").filter({ hasText: "Launched by" });
  await runs.getByRole("row").nth(1).getByText("Completed").waitFor();
  await runs.getByRole("row").nth(1).getByRole("link").click();
  await heading(page, "Run of Create contacts in HubSpot (custom)").waitFor();
  const nodes = page.locator(".run-nodes li");
  await nodes.filter({ hasText: "Contact received" }).getByText("Completed").waitFor();
  await page.getByText('"ada@example.com"').waitFor();
  await screenshot(page, "instances-run-light");
  await page.reload();
  await heading(page, "Run of Create contacts in HubSpot (custom)").waitFor();

  const phone = await openPage(stack.browser, { viewport: { width: 360, height: 740 }, colorScheme: "dark" });
  await openInstance(phone, ACME, "flows", "Create contacts in HubSpot (custom)");
  await phone.locator(".flow-steps").waitFor();
  await screenshot(phone, "instances-flow-360-dark");
  assert.deepEqual(page.crashes, []);
  assert.deepEqual(phone.crashes, []);
});

test("a failed run shows its errors, and a running one can be stopped", async () => {
  const page = await openPage(stack.browser);
  await openInstance(page, ACME, "flows", "Export invoices in Stripe");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const progress = page.locator(".run-progress");
  await progress.getByText("Failed").first().waitFor();
  await progress.getByText(/Upload invoice failed: the external app answered 422/).first().waitFor();
  await page.locator(".step-run").filter({ hasText: "This run: Failed" }).waitFor();

  await openInstance(page, ACME, "flows", "Sync deals in HubSpot");
  await page.getByLabel("Start from").selectOption({ label: "Deal updated" });
  await page.getByLabel("Test input (JSON, optional)").fill("{\"slow\": tru");
  await page.getByText(/This is not valid JSON/).waitFor();
  await page.getByLabel("Test input (JSON, optional)").fill("{\"slow\": true}");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await progress.getByText("Running").waitFor();
  await page.getByRole("button", { name: "Stop the run" }).click();
  await progress.getByText("Stopped").waitFor();
  const runs = page.getByRole("table").filter({ hasText: "Launched by" });
  await runs.getByRole("row").nth(1).getByText("Stopped").waitFor();
  assert.deepEqual(page.crashes, []);
});

test("reset asks first and says what is lost; set up again; archive and restore", async () => {
  const page = await openPage(stack.browser);
  await openInstance(page, ACME, "flows", "Create contacts in HubSpot (custom)");
  await page.getByRole("button", { name: "Reset…" }).click();
  const dialog = page.getByRole("dialog", { name: "Reset Create contacts in HubSpot (custom)?" });
  await dialog.getByText("the changes to the step “Map contact fields (with source)”").waitFor();
  await screenshot(page, "instances-reset-dialog");
  await dialog.getByRole("button", { name: "Reset", exact: true }).click();
  await heading(page, "Create contacts in HubSpot").waitFor();
  await toast(page, "reset to the integration's version").waitFor();
  assert.equal(await page.locator(".record-head").getByText("Customized").count(), 0);

  await openInstance(page, GLOBEX, "flows", "Create contacts in Jira");
  await page.locator(".record-head").getByText("Setup failed").waitFor();
  await page.getByRole("button", { name: "Set up again" }).click();
  await page.locator(".record-head").getByText("Ready").waitFor();

  await openInstance(page, ACME, "actions", "Ping webhook");
  await page.getByRole("button", { name: "Archive action…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Archive action" }).click();
  await page.getByText("Archived.", { exact: false }).first().waitFor();
  await page.goto(stack.server.url(`/customers/${ACME}/actions`));
  await row(page, "Create contact").waitFor();
  assert.equal(await row(page, "Ping webhook").count(), 0, "archived instances leave the list");
  await page.getByLabel("Include archived").check();
  await queryParam(page, "archived", "1");
  await row(page, "Ping webhook").getByText("Archived").waitFor();
  await row(page, "Ping webhook").getByRole("link", { name: "Ping webhook" }).click();
  await page.getByRole("button", { name: "Restore" }).click();
  await toast(page, "was restored").waitFor();
  await page.getByRole("button", { name: "Archive action…" }).waitFor();
  assert.deepEqual(page.crashes, []);
});

test("an action runs with its input form: invalid input is refused, valid input shows the output", async () => {
  const page = await openPage(stack.browser);
  await openInstance(page, ACME, "actions", "Create contact");
  await page.getByText("create-data-record").waitFor();
  await page.getByLabel("Age").fill("200");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.locator(".field-error").first().waitFor();
  assert.equal(await page.locator(".action-output").count(), 0, "nothing was run");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("Age").fill("36");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const output = page.locator(".action-output");
  await output.getByText(/"ada@example.com"/).waitFor();
  assert.equal(await page.getByLabel("Email").inputValue(), "ada@example.com", "the input stays for the next run");
  await screenshot(page, "instances-action-light");
  await axeBothThemes(page, "action instance page");
  assert.deepEqual(page.crashes, []);
});

test("a data source's sync settings and a field mapping's values are edited; a failed save keeps the input", async () => {
  const page = await openPage(stack.browser);
  await openInstance(page, ACME, "data-sources", "Contacts", "HubSpot");
  await page.getByLabel("Pull updates every (seconds)").fill("120");
  await page.getByRole("button", { name: "Save" }).click();
  await toast(page, "Data source saved").waitFor();
  await page.reload();
  await page.getByLabel("Pull updates every (seconds)").waitFor();
  assert.equal(await page.getByLabel("Pull updates every (seconds)").inputValue(), "120");

  await openInstance(page, ACME, "field-mappings", "Invoice fields");
  const value = page.getByLabel("Import value");
  await value.fill('{"amount": {"$var": "$.total"}');
  await page.getByText(/This is not valid JSON/).waitFor();
  assert.equal(await page.getByRole("button", { name: "Save" }).isDisabled(), true);
  await value.fill('{"amount": {"$var": "$.total"}}');
  await stack.engine.fault({ path: "/field-mapping-instance", method: "PATCH", status: 500 });
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("alert").getByText("Engine error").waitFor();
  assert.equal(await value.inputValue(), '{"amount": {"$var": "$.total"}}', "a failed save keeps the input");
  await page.getByRole("alert").getByRole("button", { name: "Retry" }).click();
  await toast(page, "Field mapping saved").waitFor();
  await page.reload();
  await page.getByLabel("Import value").waitFor();
  assert.match(await page.getByLabel("Import value").inputValue(), /"\$\.total"/);
  await screenshot(page, "instances-field-mapping-light");
  assert.deepEqual(page.crashes, []);
});

test("a data link table pages its links, filters by direction, adds and deletes one", async () => {
  const page = await openPage(stack.browser);
  await openInstance(page, ACME, "data-link-tables", "Contact links");
  const links = page.locator(".links-table tbody tr");
  await page.getByText("50 links shown; more on the next page").waitFor();
  const first = await links.first().textContent();
  await page.getByRole("button", { name: "Next page" }).click();
  await page.waitForURL(/cursor=/);
  await page.waitForFunction((text) => document.querySelector(".links-table tbody tr")?.textContent !== text, first);
  await page.getByRole("search", { name: "Filter links" }).getByLabel("Direction").selectOption({ label: "Export" });
  await queryParam(page, "direction", "export");
  await page.waitForFunction(() => [...document.querySelectorAll(".links-table tbody tr td:first-child")].every((td) => td.textContent === "export"));

  const form = page.locator("form").filter({ has: page.getByRole("heading", { name: "Add a link" }) });
  await form.getByLabel("Direction").selectOption("export");
  await form.getByLabel("Record id in your app").fill("app-e2e-1");
  await form.getByLabel("Record id in the customer's app").fill("ext-e2e-1");
  await form.getByRole("button", { name: "Add link" }).click();
  await toast(page, "Link added").waitFor();
  const added = page.getByRole("row").filter({ hasText: "app-e2e-1" });
  await added.waitFor();
  await added.getByRole("button", { name: /Delete the link/ }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this link?" });
  await dialog.getByRole("button", { name: "Delete link" }).click();
  await toast(page, "Link deleted").waitFor();
  await added.waitFor({ state: "detached" });
  await screenshot(page, "instances-links-light");
  await axeBothThemes(page, "data link table page");
  assert.deepEqual(page.crashes, []);
});

test("event subscriptions subscribe, pull events, resubscribe and unsubscribe", async () => {
  const page = await openPage(stack.browser);
  await openInstance(page, ACME, "app-event-subscriptions", "User created");
  await page.locator(".record-head").getByText("Not subscribed", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await page.locator(".record-head").getByText("Subscribed", { exact: true }).waitFor();

  await openInstance(page, GLOBEX, "external-event-subscriptions", "Issue created");
  await page.locator(".record-head").getByText("Not subscribed", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await page.locator(".record-head").getByText("Subscribed", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Pull events now" }).click();
  await toast(page, "Events pulled").waitFor();
  await page.getByRole("button", { name: "Resubscribe" }).click();
  await toast(page, "Subscribed again").waitFor();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await page.locator(".record-head").getByText("Not subscribed", { exact: true }).waitFor();
  await screenshot(page, "instances-subscription-light");
  assert.deepEqual(page.crashes, []);
});

test("engine faults on a section's list and on an operation say what happened and retry", async () => {
  const page = await openPage(stack.browser);
  // Twice: the section's count asks too.
  await stack.engine.fault({ path: "/data-source-instances", method: "GET", status: 500, count: 2 });
  await page.goto(stack.server.url(`/customers/${ACME}/data-sources`));
  const alert = page.getByRole("alert");
  await alert.waitFor();
  await heading(page, "Acme Corporation").waitFor();
  await alert.getByRole("button", { name: "Retry" }).click();
  await row(page, "Contacts").first().waitFor();

  await stack.engine.fault({ path: "/action-instances", method: "GET", malformed: true, count: 2 });
  await page.goto(stack.server.url(`/customers/${ACME}/actions`));
  await page.getByRole("alert").getByText("Unexpected answer from the engine").waitFor();
  await page.getByRole("alert").getByRole("button", { name: "Retry" }).click();
  await row(page, "Get invoice").waitFor();

  await openInstance(page, ACME, "data-sources", "Contacts", "HubSpot");
  await stack.engine.fault({ path: "/data-source-instance/setup", method: "POST", status: 503 });
  await page.getByRole("button", { name: "Set up again" }).click();
  await page.getByRole("alert").getByRole("button", { name: "Retry" }).click();
  await toast(page, "was set up again").waitFor();
  assert.deepEqual(page.crashes, []);
});

test("a connection's page lists what is deployed to it", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${ACME}/flows`));
  await row(page, "Sync deals in HubSpot").getByRole("link", { name: "HubSpot", exact: true }).click();
  const deployed = page.getByRole("region", { name: "Deployed to this connection" });
  await row(deployed, "Sync deals in HubSpot").waitFor();
  assert.equal(await row(deployed, "Notify a channel in Slack").count(), 0);
  await deployed.getByRole("button", { name: "Actions" }).click();
  await queryParam(page, "kind", "actions");
  await row(deployed, "Create contact").waitFor();
  await page.reload();
  await row(page.getByRole("region", { name: "Deployed to this connection" }), "Create contact").waitFor();
  await screenshot(page, "instances-connection-light");
  assert.deepEqual(page.crashes, []);
});
