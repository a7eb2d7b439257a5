// Settings › General and › Testing: the workspace and its tenant field schema,
// the test customer (show, edit, create, pick) and its access token.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshot, expectFocused } from "./harness.mjs";
import { axeBothThemes } from "./axe.mjs";

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const testCustomers = async () => (await stack.engine.api("GET", "/customers?isTest=true")).items;
const piedPiper = async () => (await stack.engine.api("GET", "/customers?search=cust-00008")).items[0];
const open = async (page) => {
  await page.goto(stack.server.url("/settings/testing"));
  await page.getByRole("heading", { level: 1, name: "Testing" }).waitFor();
};
const testCustomerCard = (page) => page.getByRole("region", { name: "Test customer" });
const tokenBox = (page) => page.getByLabel("Token for the test customer");

test("Testing shows the test customer and its fields, and its token only on request", async () => {
  const customer = await piedPiper();
  const page = await openPage(stack.browser);
  await open(page);
  const card = testCustomerCard(page);
  await card.getByText("Pied Piper (test)", { exact: true }).waitFor();
  await card.getByText(customer.id, { exact: true }).waitFor();
  await page.getByLabel("Seats").waitFor();
  assert.equal(await tokenBox(page).count(), 0, "no token until asked");
  await axeBothThemes(page, "settings testing");
  await screenshot(page, "settings-testing-light");

  await page.getByRole("button", { name: "Show token" }).click();
  await tokenBox(page).waitFor();
  await expectFocused(tokenBox(page), "the token, in place of the button pressed");
  const token = await tokenBox(page).inputValue();
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, "a JWT");
  await page.getByText(/Expires at \d\d:\d\d:\d\d \(in (59|60) minutes\)/).waitFor();
  await axeBothThemes(page, "settings testing with a token");
  await screenshot(page, "settings-testing-token");

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.server.origin });
  await page.getByRole("button", { name: "Copy access token" }).click();
  await page.getByText("Copied to the clipboard").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);

  // Test code calls the engine with it, and sees only this customer's connections.
  const asCustomer = await fetch(`${stack.engine.url}/connections?limit=1000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(asCustomer.status, 200);
  const seen = (await asCustomer.json()).items;
  const all = (await stack.engine.api("GET", "/connections?limit=1000")).items;
  const own = all.filter((c) => c.userId === customer.id);
  assert.ok(own.length > 0 && all.length > own.length, "this customer and others have connections");
  assert.deepEqual(seen.map((c) => c.id).sort(), own.map((c) => c.id).sort());

  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(token), "the token is not stored");
  assert.ok(!page.url().includes(token), "nor in the URL");

  // Away and back without a reload: the token is gone until asked for again.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  await page.getByRole("heading", { level: 1, name: "Customers" }).waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Testing" }).waitFor();
  await page.getByRole("button", { name: "Show token" }).waitFor();
  assert.equal(await tokenBox(page).count(), 0, "no token after coming back");
  assert.deepEqual(page.crashes, []);

  for (const [name, options] of [
    ["settings-testing-dark", { colorScheme: "dark" }],
    ["settings-testing-360", { viewport: { width: 360, height: 800 } }],
  ]) {
    const other = await openPage(stack.browser, options);
    await open(other);
    await other.getByLabel("Seats").waitFor();
    await other.getByRole("button", { name: "Show token" }).click();
    await tokenBox(other).waitFor();
    await screenshot(other, name);
    assert.deepEqual(other.crashes, []);
  }
});

test("edit the test customer's name, internal id and a field; a taken internal id is refused on its field", async () => {
  const customer = await piedPiper();
  const acme = (await stack.engine.api("GET", "/customers?search=Acme%20Corporation")).items[0];
  const page = await openPage(stack.browser);
  await open(page);
  await testCustomerCard(page).getByText("Pied Piper (test)", { exact: true }).waitFor();

  await page.getByRole("button", { name: "Edit details…" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Pied Piper (test)" });
  const name = dialog.getByLabel("Name");
  const internalId = dialog.getByLabel("Internal id");
  await name.waitFor();
  await axeBothThemes(page, "edit details dialog");
  await name.fill("Pied Piper QA");
  await internalId.fill(acme.internalId);
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.locator(".field-error").getByText("Another customer already has this internal id").waitFor();
  assert.equal(await internalId.getAttribute("aria-invalid"), "true", "the error is on the internal id");
  assert.equal(await name.inputValue(), "Pied Piper QA", "the name typed is kept");
  await screenshot(page, "settings-testing-taken-id");

  await internalId.fill("pied-piper-qa");
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Pied Piper QA saved").waitFor();
  await dialog.waitFor({ state: "hidden" });
  await page.getByLabel("Seats").fill("12");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Fields saved").waitFor();

  await page.reload();
  const card = testCustomerCard(page);
  await card.getByText("Pied Piper QA", { exact: true }).waitFor();
  await card.getByText("pied-piper-qa", { exact: true }).waitFor();
  assert.equal(await page.getByLabel("Seats").inputValue(), "12");
  const saved = await stack.engine.api("GET", `/customers/${customer.id}`);
  assert.deepEqual([saved.name, saved.internalId, saved.fields.seats], ["Pied Piper QA", "pied-piper-qa", 12]);
  assert.deepEqual(page.crashes, []);
  await stack.engine.api("PATCH", `/customers/${customer.id}`, {
    name: customer.name,
    internalId: customer.internalId,
    fields: { seats: customer.fields.seats ?? null },
  });
});

test("with no test customer, create one; with several, pick one, remembered on this device", async () => {
  const demo = await piedPiper();
  for (const c of await testCustomers()) await stack.engine.api("PATCH", `/customers/${c.id}`, { isTest: false });
  const page = await openPage(stack.browser);
  await open(page);
  const none = page.getByRole("region", { name: "No test customer yet" });
  await none.waitFor();
  await axeBothThemes(page, "no test customer");
  await screenshot(page, "settings-testing-none");

  await none.getByRole("button", { name: "Create test customer" }).click();
  await none.getByText("This field is required").first().waitFor();
  assert.equal(await none.getByLabel("Name").getAttribute("aria-invalid"), "true");
  await none.getByLabel("Name").fill("QA Tenant");
  await none.getByLabel("Internal id").fill("qa-tenant");
  await none.getByRole("button", { name: "Create test customer" }).click();
  await page.getByText("Test customer QA Tenant created").waitFor();
  await testCustomerCard(page).getByText("qa-tenant", { exact: true }).waitFor();
  const created = (await testCustomers()).find((c) => c.internalId === "qa-tenant");
  assert.equal(created?.name, "QA Tenant", "created as a test customer");

  await stack.engine.api("PATCH", `/customers/${demo.id}`, { isTest: true });
  await page.reload();
  await page.getByText("2 customers are marked as test.").waitFor();
  const choice = page.getByLabel("Test customer used by this console");
  assert.equal(await choice.inputValue(), created.id, "the one created here is remembered");
  await testCustomerCard(page).getByText("qa-tenant", { exact: true }).waitFor();
  await axeBothThemes(page, "several test customers");
  await screenshot(page, "settings-testing-several");

  await choice.selectOption({ label: "Pied Piper (test) (cust-00008)" });
  await testCustomerCard(page).getByText("cust-00008", { exact: true }).waitFor();
  await page.reload();
  await testCustomerCard(page).getByText("cust-00008", { exact: true }).waitFor();
  assert.equal(await page.getByLabel("Test customer used by this console").inputValue(), demo.id);
  assert.deepEqual(page.crashes, []);
  await stack.engine.api("DELETE", `/customers/${created.id}`);
});

test("General shows the workspace and the tenant field schema; the old Customer fields address lands there", async () => {
  const workspace = await stack.engine.api("GET", "/workspace");
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/settings/customer-fields"));
  await page.getByRole("heading", { level: 1, name: "General" }).waitFor();
  assert.ok(new URL(page.url()).pathname.endsWith("/settings/general"), page.url());
  await page.getByRole("heading", { level: 2, name: "Tenant field schema" }).waitFor();
  await page.getByText("Tenants are what this console calls customers").waitFor();
  const facts = page.getByRole("region", { name: "Workspace" });
  await facts.getByText(workspace.name, { exact: true }).waitFor();
  await facts.getByText(workspace.key, { exact: true }).waitFor();
  await page.getByRole("list", { name: "Customer fields" }).getByRole("button", { name: /Contact email/ }).waitFor();
  await axeBothThemes(page, "settings general");
  await screenshot(page, "settings-general");

  await page.reload();
  await page.getByRole("heading", { level: 2, name: "Tenant field schema" }).waitFor();
  const nav = page.getByRole("navigation", { name: "Settings" });
  await nav.getByRole("link", { name: "Testing" }).click();
  await page.getByRole("heading", { level: 1, name: "Testing" }).waitFor();
  assert.ok(new URL(page.url()).pathname.endsWith("/settings/testing"));
  assert.deepEqual(page.crashes, []);

  const narrow = await openPage(stack.browser, { viewport: { width: 360, height: 800 }, colorScheme: "dark" });
  await narrow.goto(stack.server.url("/settings/general"));
  await narrow.getByRole("heading", { level: 2, name: "Tenant field schema" }).waitFor();
  await screenshot(narrow, "settings-general-360-dark");
  assert.deepEqual(narrow.crashes, []);
});
