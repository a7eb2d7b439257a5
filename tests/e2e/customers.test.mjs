// Customers: search, filters and paging with URL state, create, edit fields,
// validation, a failed save that keeps the input, archive and restore.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshot, expectFocused } from "./harness.mjs";
import { axeBothThemes } from "./axe.mjs";

// 130 customers: three pages of 50, so paging reaches the end quickly.
const CUSTOMERS = 130;
let stack;
before(async () => {
  stack = await startStack({ engine: { customers: CUSTOMERS } });
});
after(async () => {
  await stack?.stop();
});

const rows = (page) => page.locator("table.data-table tbody tr");
const search = (page) => page.getByRole("searchbox", { name: "Search" });
const query = (page) => Object.fromEntries(new URL(page.url()).searchParams);

test("search is sent after typing stops, kept in the URL, and survives a reload", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/customers"));
  await rows(page).first().waitFor();
  await search(page).pressSequentially("Acme", { delay: 30 });
  await page.waitForURL((u) => u.searchParams.get("q") === "Acme");
  await page.waitForFunction(() => document.querySelectorAll("table.data-table tbody tr").length === 1);
  await page.getByRole("link", { name: "Acme Corporation" }).waitFor();
  await screenshot(page, "customers-search");

  await page.reload();
  await page.getByRole("link", { name: "Acme Corporation" }).waitFor();
  assert.equal(await search(page).inputValue(), "Acme");
  assert.equal(await rows(page).count(), 1);

  await search(page).fill("no such customer anywhere");
  await page.getByText("No customers match “no such customer anywhere”.").waitFor();
  await page.getByRole("button", { name: "Clear search and filters" }).click();
  await page.waitForURL((u) => u.search === "");
  await rows(page).first().waitFor();
  assert.equal(await search(page).inputValue(), "");
  assert.deepEqual(page.crashes, []);
});

test("test and archived filters, with badges", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/customers"));
  await rows(page).first().waitFor();
  await page.getByLabel("Test customers").selectOption({ label: "Only test" });
  await page.waitForURL((u) => u.searchParams.get("test") === "only");
  // The unfiltered rows stay on screen until the filtered page arrives, and
  // Pied Piper is among them: wait for the list a person waits for, the one
  // whose rows are all badged Test.
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll("table.data-table tbody tr")];
    return shown.length > 0 && shown.every((row) => /Test/.test(row.innerText));
  });
  const piedPiper = rows(page).filter({ hasText: "Pied Piper (test)" });
  await piedPiper.waitFor();
  await piedPiper.getByText("Test", { exact: true }).waitFor();
  for (const row of await rows(page).all()) {
    assert.match(await row.innerText(), /Test/);
  }

  await page.goto(stack.server.url("/customers?q=Vandelay"));
  await page.getByText("No customers match “Vandelay”.").waitFor();
  await page.getByLabel("Include archived").check();
  await page.waitForURL((u) => u.searchParams.get("archived") === "1" && u.searchParams.get("q") === "Vandelay");
  const vandelay = rows(page).filter({ hasText: "Vandelay Industries" });
  await vandelay.getByText("Archived", { exact: true }).waitFor();
  await page.reload();
  await vandelay.waitFor();
  assert.equal(await page.getByLabel("Include archived").isChecked(), true);
  assert.deepEqual(page.crashes, []);
});

test("paging loads more rows until the end, keeping earlier rows", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/customers?test=hide"));
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 50);
  const first = await rows(page).first().innerText();
  let pages = 1;
  while (await page.getByRole("button", { name: "Load more" }).isVisible()) {
    await page.getByRole("button", { name: "Load more" }).click();
    pages += 1;
    await page.waitForFunction((n) => document.querySelectorAll("table.data-table tbody tr").length > n, (pages - 1) * 50);
    if (pages > 10) break;
  }
  await page.getByText("End of the list").waitFor();
  const total = (await stack.engine.api("GET", "/customers?limit=1000&isTest=false")).items.length;
  assert.equal(await rows(page).count(), total, "every non-test, non-archived customer once");
  assert.equal(await rows(page).first().innerText(), first, "earlier rows stay");
  await page.getByText(`All ${total} customers shown`).waitFor();
  const ids = await rows(page).locator("td:nth-child(3) > span").allInnerTexts();
  assert.equal(new Set(ids).size, ids.length, "no customer twice");
  assert.deepEqual(page.crashes, []);
});

test("create a customer: validation, a duplicate internal id on its field, then success", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/customers"));
  await rows(page).first().waitFor();
  const opener = page.getByRole("button", { name: "New customer" });
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "New customer" });
  await dialog.getByLabel("Contact email").waitFor();
  await screenshot(page, "customers-create-dialog");

  await dialog.getByRole("button", { name: "Create customer" }).click();
  await dialog.getByText("Enter the customer's name").waitFor();
  await expectFocused(dialog.getByLabel("Name").first(), "the Name input");

  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  await dialog.getByLabel("Name", { exact: false }).first().fill("Zeta Widgets");
  await dialog.getByLabel("Internal id").fill(acme.internalId);
  await dialog.getByLabel("Contact email").fill("ops@zeta.example");
  await dialog.getByRole("button", { name: "Create customer" }).click();
  await dialog.locator(".field-error").getByText("Another customer already has this internal id").waitFor();
  assert.equal(await dialog.getByLabel("Internal id").getAttribute("aria-invalid"), "true");
  assert.equal(await dialog.getByLabel("Contact email").inputValue(), "ops@zeta.example", "inputs kept");

  await dialog.getByLabel("Internal id").fill("zeta-widgets");
  await dialog.getByRole("button", { name: "Create customer" }).click();
  await page.getByRole("heading", { level: 1, name: "Zeta Widgets" }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/console\/customers\/.+/);
  const created = (await stack.engine.api("GET", "/customers?search=zeta-widgets")).items[0];
  assert.equal(created.fields.contactEmail, "ops@zeta.example");
  await page.keyboard.press("Escape");
  assert.deepEqual(page.crashes, []);
});

test("edit fields: errors on blur, a failed save keeps the input, retry, and the change survives a reload", async () => {
  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${acme.id}`));
  await page.getByRole("heading", { level: 1, name: "Acme Corporation" }).waitFor();
  const seats = page.getByLabel("Seats");
  await seats.waitFor();
  const connections = page.getByRole("region", { name: "Connections" });
  await connections.getByText("HubSpot").first().waitFor();
  await screenshot(page, "customer-page");

  await seats.fill("0");
  assert.notEqual(await seats.getAttribute("aria-invalid"), "true", "no error while first typing");
  await seats.blur();
  await page.waitForFunction(() => document.querySelector("[aria-invalid=true]") !== null);
  assert.equal(await seats.getAttribute("aria-invalid"), "true");

  await seats.fill("42");
  await stack.engine.fault({ path: `/customers/${acme.id}`, method: "PATCH", count: 1, status: 500 });
  await page.getByRole("button", { name: "Save" }).click();
  const alert = page.locator("form [role=alert]").filter({ hasText: "Engine error" });
  await alert.waitFor();
  assert.equal(await seats.inputValue(), "42", "the typed value is kept");
  await page.getByText("Unsaved changes").waitFor();
  await screenshot(page, "customer-save-failed");

  await alert.getByRole("button", { name: "Retry" }).click();
  await page.getByText("Fields saved").waitFor();
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Acme Corporation" }).waitFor();
  assert.equal(await page.getByLabel("Seats").inputValue(), "42");
  const saved = await stack.engine.api("GET", `/customers/${acme.id}`);
  assert.equal(saved.fields.seats, 42);
  assert.deepEqual(page.crashes, []);
});

test("edit the name and internal id: a failed save keeps the edit, a taken internal id lands on its field", async () => {
  const hooli = (await stack.engine.api("GET", "/customers?search=Hooli")).items[0];
  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${hooli.id}`));
  await page.getByRole("heading", { level: 1, name: "Hooli" }).waitFor();
  await page.getByRole("button", { name: "Edit details…" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Hooli" });
  const name = dialog.getByLabel("Name");
  const internalId = dialog.getByLabel("Internal id");
  await expectFocused(name, "the name input");
  assert.equal(await internalId.inputValue(), hooli.internalId);

  await name.fill("");
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.locator(".field-error").getByText("This field is required").waitFor();
  await name.fill("Hooli XYZ");
  await stack.engine.fault({ path: `/customers/${hooli.id}`, method: "PATCH", count: 1, status: 500 });
  await dialog.getByRole("button", { name: "Save" }).click();
  const alert = dialog.getByRole("alert").filter({ hasText: "Engine error" });
  await alert.waitFor();
  assert.equal(await name.inputValue(), "Hooli XYZ", "the typed name is kept");
  await screenshot(page, "customer-details-failed");

  await internalId.fill(acme.internalId);
  await alert.getByRole("button", { name: "Retry" }).click();
  await dialog.locator(".field-error").getByText("Another customer already has this internal id").waitFor();
  assert.equal(await internalId.getAttribute("aria-invalid"), "true");
  assert.equal(await name.inputValue(), "Hooli XYZ");

  await internalId.fill("hooli-xyz");
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Hooli XYZ saved").waitFor();
  await page.getByRole("heading", { level: 1, name: "Hooli XYZ" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Hooli XYZ" }).waitFor();
  await page.getByText("hooli-xyz", { exact: true }).waitFor();
  const saved = await stack.engine.api("GET", `/customers/${hooli.id}`);
  assert.deepEqual([saved.name, saved.internalId], ["Hooli XYZ", "hooli-xyz"]);
  assert.deepEqual(page.crashes, []);
});

test("when the field schema or the connections cannot be read, only their cards say so", async () => {
  const globex = (await stack.engine.api("GET", "/customers?search=Globex%20Inc.")).items[0];
  const page = await openPage(stack.browser);
  await stack.engine.fault({ path: "/workspace", method: "GET", status: 503 });
  await stack.engine.fault({ path: "/connections", method: "GET", status: 503 });
  await page.goto(stack.server.url(`/customers/${globex.id}`));
  await page.getByRole("heading", { level: 1, name: "Globex Inc." }).waitFor();
  const fields = page.getByRole("region", { name: "Fields", exact: true });
  await fields.getByText("The customer field schema could not be loaded").waitFor();
  await fields.locator(".raw-fields").waitFor();
  const connections = page.getByRole("region", { name: "Connections" });
  await connections.getByRole("alert").getByText("Engine error").waitFor();
  await page.getByText("Raw record (JSON)").waitFor();
  await screenshot(page, "customer-page-parts-failed");
  await fields.getByRole("button", { name: "Retry" }).click();
  await page.getByRole("form", { name: "Fields" }).getByRole("button", { name: "Save", exact: true }).waitFor();
  await connections.getByRole("button", { name: "Retry" }).click();
  await connections.getByRole("alert").waitFor({ state: "detached" });
  assert.deepEqual(page.crashes, []);
});

test("archive asks first, makes the customer read-only, and restore undoes it", async () => {
  const globex = (await stack.engine.api("GET", "/customers?search=Globex")).items[0];
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${globex.id}`));
  await page.getByRole("heading", { level: 1, name: "Globex Inc." }).waitFor();
  await page.getByRole("button", { name: "Archive…" }).click();
  const dialog = page.getByRole("dialog", { name: "Archive Globex Inc.?" });
  await dialog.waitFor();
  await screenshot(page, "customer-archive-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.equal((await stack.engine.api("GET", `/customers/${globex.id}`)).archivedAt ?? null, null);

  await page.getByRole("button", { name: "Archive…" }).click();
  await dialog.getByRole("button", { name: "Archive customer" }).click();
  await page.getByText("This customer is read-only").waitFor();
  assert.equal(await page.getByRole("button", { name: "Save" }).count(), 0);
  assert.equal(await page.getByLabel("Seats").isDisabled(), true);
  assert.ok((await stack.engine.api("GET", `/customers/${globex.id}`)).archivedAt);
  await screenshot(page, "customer-archived");

  await page.getByRole("button", { name: "Restore" }).click();
  await page.getByRole("button", { name: "Archive…" }).waitFor();
  assert.equal(await page.getByLabel("Seats").isDisabled(), false);
  assert.equal((await stack.engine.api("GET", `/customers/${globex.id}`)).archivedAt ?? null, null);
  assert.deepEqual(page.crashes, []);
});

test("a 401 during a save asks for a new token, then finishes the save without losing input", async () => {
  const initech = (await stack.engine.api("GET", "/customers?search=Initech")).items[0];
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${initech.id}`));
  await page.getByRole("heading", { level: 1, name: "Initech LLC" }).waitFor();
  await page.getByLabel("Seats").fill("77");
  await stack.engine.fault({ path: `/customers/${initech.id}`, method: "PATCH", count: 1, status: 401 });
  await page.getByRole("button", { name: "Save" }).click();
  const prompt = page.getByRole("dialog", { name: "Sign in again" });
  await prompt.waitFor();
  await screenshot(page, "customer-sign-in-again");
  await prompt.getByLabel("Admin token").fill(stack.engine.token);
  await prompt.getByRole("button", { name: "Continue" }).click();
  await page.getByText("Fields saved").waitFor();
  assert.equal((await stack.engine.api("GET", `/customers/${initech.id}`)).fields.seats, 77);
  assert.equal(await page.getByLabel("Seats").inputValue(), "77");
  assert.deepEqual(page.crashes, []);
});

test("the list and the customer page have no WCAG 2.2 AA violations, light and dark", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/customers"));
  await rows(page).first().waitFor();
  await axeBothThemes(page, "customer list");
  await screenshot(page, "customers-list-dark");
  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  await page.goto(stack.server.url(`/customers/${acme.id}`));
  await page.getByLabel("Seats").waitFor();
  await axeBothThemes(page, "customer page");
  await screenshot(page, "customer-page-dark");
  assert.deepEqual(page.crashes, []);
});
