// Settings › General, Tenant field schema: edit the workspace's customer field schema in
// the visual editor and as raw JSON, with a live preview of the form, and
// a large form in both themes.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshot } from "./harness.mjs";
import { axeBothThemes } from "./axe.mjs";

let stack;
let original;
before(async () => {
  stack = await startStack();
  original = (await stack.engine.api("GET", "/workspace")).userFieldsSchema;
});
after(async () => {
  await stack?.stop();
});

const open = async (options) => {
  const page = await openPage(stack.browser, options);
  await page.goto(stack.server.url("/settings/general"));
  await page.getByRole("heading", { level: 2, name: "Tenant field schema" }).waitFor();
  await page.getByRole("tab", { name: "Fields" }).waitFor();
  return page;
};
const preview = (page) => page.getByRole("region", { name: "Preview" });
const savedSchema = async () => (await stack.engine.api("GET", "/workspace")).userFieldsSchema;
const restore = () => stack.engine.api("PATCH", "/workspace", { userFieldsSchema: original });
const saved = (page) => page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
// Every test starts from the demo schema, whatever the one before it did.
afterEach(restore);

test("the editor lists the workspace's fields with a live preview", async () => {
  const page = await open();
  const list = page.getByRole("list", { name: "Customer fields" });
  await list.getByRole("button", { name: /Contact email/ }).waitFor();
  await preview(page).getByLabel("Contact email").waitFor();
  assert.equal(await page.getByRole("button", { name: "Save" }).isDisabled(), true, "nothing to save yet");
  await screenshot(page, "customer-fields-light");
  await list.getByRole("button", { name: /Plan/ }).click();
  await page.getByLabel("Choices", { exact: true }).waitFor();
  await axeBothThemes(page, "customer fields editor");
  await page.getByRole("tab", { name: "Raw JSON" }).click();
  await axeBothThemes(page, "customer fields raw JSON");
  assert.deepEqual(page.crashes, []);

  const narrow = await open({ viewport: { width: 360, height: 800 } });
  await preview(narrow).getByLabel("Contact email").waitFor();
  await screenshot(narrow, "customer-fields-360");
  assert.deepEqual(narrow.crashes, []);
});

test("add a field, make it required, reorder, save, and see it after a reload", async () => {
  const page = await open();
  await page.getByRole("button", { name: "Add field to Customer fields" }).click();
  const key = page.getByLabel("Key", { exact: true });
  await key.waitFor();
  await key.fill("accountManager");
  await key.press("Tab");
  await page.getByLabel("Title", { exact: true }).fill("Account manager");
  await page.getByLabel("Required", { exact: true }).check();
  await preview(page).getByLabel("Account manager (required)").waitFor();
  await page.getByText("Unsaved changes").waitFor();

  const moveUp = page.getByRole("button", { name: "Move up: accountManager" });
  const before = await savedSchema();
  const count = Object.keys(before.properties).length;
  await moveUp.click();
  await page.waitForFunction(
    () => document.activeElement?.getAttribute("aria-label") === "Move up: accountManager",
    null,
    { timeout: 2000 },
  );
  await screenshot(page, "customer-fields-editing");
  await page.getByRole("button", { name: "Save" }).click();
  await saved(page);

  const schema = await savedSchema();
  const keys = Object.keys(schema.properties);
  assert.equal(keys.length, count + 1);
  assert.equal(keys[count - 1], "accountManager", "moved one place up");
  assert.deepEqual(schema.properties.accountManager, { type: "string", title: "Account manager" });
  assert.ok(schema.required.includes("accountManager"));

  await page.reload();
  await preview(page).getByLabel("Account manager (required)").waitFor();
  await page.getByRole("list", { name: "Customer fields" }).getByRole("button", { name: /Account manager/ }).waitFor();
  assert.deepEqual(page.crashes, []);
});

test("removing a field asks first", async () => {
  const page = await open();
  await page.getByRole("button", { name: "Remove: website" }).click();
  await page.getByRole("button", { name: "Keep it" }).click();
  await page.getByRole("button", { name: "Remove: website" }).click();
  await page.getByRole("button", { name: "Remove field" }).click();
  await preview(page).getByLabel("Contact email").waitFor();
  assert.equal(await preview(page).getByLabel("Website").count(), 0);
  await page.getByRole("button", { name: "Discard changes" }).click();
  await preview(page).getByLabel("Website").waitFor();
  assert.deepEqual(page.crashes, []);
});

test("the raw JSON tab round-trips exactly and keeps unknown keywords", async () => {
  const custom = {
    type: "object",
    "x-owner": { team: "billing", since: 2024 },
    required: ["b"],
    properties: {
      b: { type: "string", title: "Bee", "x-ui": { width: 3 } },
      a: { type: "integer", minimum: 1 },
    },
  };
  const page = await open();
  await page.getByRole("tab", { name: "Raw JSON" }).click();
  const raw = page.getByLabel("Schema as JSON");
  await raw.fill(JSON.stringify(custom, null, 1));
  await preview(page).getByLabel("Bee (required)").waitFor();
  await page.getByRole("tab", { name: "Fields" }).click();
  await page.getByRole("button", { name: /Bee/ }).click();
  await page.getByLabel("Description", { exact: true }).fill("The bee field.");
  await page.getByRole("button", { name: "Save" }).click();
  await saved(page);
  const schema = await savedSchema();
  custom.properties.b.description = "The bee field.";
  assert.deepEqual(schema, custom);
  assert.deepEqual(Object.keys(schema.properties), ["b", "a"], "field order kept");
  assert.deepEqual(Object.keys(schema), Object.keys(custom), "keyword order kept");

  await page.reload();
  await page.getByRole("tab", { name: "Raw JSON" }).click();
  assert.deepEqual(JSON.parse(await page.getByLabel("Schema as JSON").inputValue()), custom);
  assert.deepEqual(page.crashes, []);
});

test("an invalid schema is refused with the engine's reason and the edits stay", async () => {
  const page = await open();
  await page.getByRole("tab", { name: "Raw JSON" }).click();
  const raw = page.getByLabel("Schema as JSON");
  await raw.fill('{"type": "object", "properties": {');
  await page.getByText(/Not valid JSON/).waitFor();
  const broken = { type: "object", properties: { count: { type: "integer", minimum: "many" } } };
  await raw.fill(JSON.stringify(broken, null, 2));
  await page.getByText("The engine will refuse this schema:").waitFor();
  await page.getByRole("button", { name: "Save" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "The engine refused the request" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /minimum/);
  assert.deepEqual(JSON.parse(await raw.inputValue()), broken, "what was typed is still there");
  assert.deepEqual(await savedSchema(), original, "nothing was saved");
  await screenshot(page, "customer-fields-refused");
  assert.deepEqual(page.crashes, []);
});

test("a large form in light and dark themes", async () => {
  const properties = {};
  const kinds = [
    { type: "string", description: "Free text." },
    { type: "string", format: "email", examples: ["ops@example.com"] },
    { type: "integer", minimum: 0, maximum: 100 },
    { type: "boolean" },
    { type: "string", enum: ["bronze", "silver", "gold"] },
    { type: "string", format: "date" },
    { type: "string", isSensitive: true },
    { type: "array", items: { type: "string" } },
    { type: "object", properties: { street: { type: "string" }, city: { type: "string" } } },
  ];
  for (let i = 0; i < 60; i++) properties[`field${i}`] = { title: `Field ${i}`, ...kinds[i % kinds.length] };
  await stack.engine.api("PATCH", "/workspace", {
    userFieldsSchema: { type: "object", required: ["field0", "field1"], properties },
  });
  for (const colorScheme of ["light", "dark"]) {
    const page = await open({ colorScheme });
    await preview(page).getByLabel("Field 59").waitFor();
    await screenshot(page, `customer-fields-large-${colorScheme}`);
    await axeBothThemes(page, "large customer form");
    assert.deepEqual(page.crashes, []);
  }
});

test("a new field shows on a customer's page", async () => {
  const schema = structuredClone(original);
  schema.properties.accountManager = { type: "string", title: "Account manager" };
  await stack.engine.api("PATCH", "/workspace", { userFieldsSchema: schema });
  const customer = (await stack.engine.api("GET", "/customers?limit=1")).items[0];
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${customer.id}`));
  await page.getByLabel("Account manager").waitFor({ timeout: 5000 });
  assert.deepEqual(page.crashes, []);
});
