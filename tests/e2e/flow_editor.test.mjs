// Customer-level flows and the flow editor: a new flow built on the
// customer's page, steps added, linked by formulas, saved and read back, run
// with each step's result beside it; problems shown on the step before
// anything is sent; a deployed flow customized and reset; a failed save that
// keeps every edit; axe and screenshots in both themes and at 360 px.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshot, expectFocused, heading, toast } from "./harness.mjs";
import { axeBothThemes } from "./axe.mjs";

const ACME = "0c1274502c4e4e542333a59d";

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const step = (page, name) => page.getByRole("listitem", { name, exact: true });
const stepNames = (page) => page.locator(".flow-steps .step-name").allTextContents();

/** Counts the flow saves the console sends from now on. */
function countSaves(page) {
  const saves = { count: 0 };
  page.on("request", (request) => {
    if (request.method() === "PATCH" && new URL(request.url()).pathname.endsWith("/flow-instance")) {
      saves.count += 1;
    }
  });
  return saves;
}

/**
 * Adds a step of type `title` after `after` and names it: the picker is
 * searched by `search` and, with `enter`, the first match is taken with the
 * keyboard, else the type is clicked.
 */
async function addStep(page, after, title, name, { search = title, enter = false } = {}) {
  await step(page, after).getByRole("button", { name: `Add a step after ${after}` }).click();
  const picker = page.getByRole("dialog", { name: "Add a step" });
  await picker.getByLabel("Search step types").fill(search);
  const choices = picker.locator(".step-choice");
  if (enter) {
    await choices.first().getByText(title, { exact: true }).waitFor();
    await picker.getByLabel("Search step types").press("Enter");
  } else {
    await choices.filter({ has: page.getByText(title, { exact: true }) }).click();
  }
  await picker.waitFor({ state: "hidden" });
  const nameInput = page.locator(".step-settings").last().getByLabel("Name", { exact: true });
  await expectFocused(page.locator("input:focus"), "the new step's name");
  await page.locator("input:focus").fill(name);
  await step(page, name).waitFor();
  return nameInput;
}

/** Creates a customer-level flow on Acme's HubSpot connection and opens it. */
async function createFlow(page, name) {
  await page.goto(stack.server.url(`/customers/${ACME}/flows`));
  await page.getByRole("button", { name: "New flow" }).click();
  const dialog = page.getByRole("dialog", { name: "New flow" });
  const connection = dialog.getByLabel("Connection");
  await connection.waitFor();
  const hubspot = await connection.evaluate((select) =>
    [...select.options].find((o) => o.text.startsWith("HubSpot") && !o.disabled)?.value);
  await connection.selectOption(hubspot);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Input schema (JSON, optional)").fill(
    '{"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "title": "Email"}}}');
  await dialog.getByRole("button", { name: "Create flow" }).click();
  await heading(page, name).waitFor();
  await toast(page, `Flow ${name} created`).waitFor();
}

test("a new flow: a trigger and two steps linked by formulas, saved, read back after a reload, and run with each step's result", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${ACME}/flows`));
  await page.getByRole("button", { name: "New flow" }).click();
  const dialog = page.getByRole("dialog", { name: "New flow" });
  // A disconnected connection is listed but cannot be chosen, and says why.
  const salesforce = dialog.locator("option", { hasText: "Salesforce" });
  await salesforce.waitFor({ state: "attached" });
  assert.equal(await salesforce.isDisabled(), true);
  assert.match(await salesforce.textContent(), /reconnect it/);
  await dialog.getByRole("button", { name: "Create flow" }).click();
  await dialog.getByText("Name the flow").waitFor();
  await screenshot(page, "flow-new-dialog-light");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await createFlow(page, "Welcome new contacts");
  assert.deepEqual(await stepNames(page), ["API trigger"]);
  const saves = countSaves(page);

  await addStep(page, "API trigger", "Transform data", "Shape the contact", { search: "transform", enter: true });
  const shape = step(page, "Shape the contact");
  await shape.getByLabel("Output: use an earlier step's output").selectOption({ label: "Output of API trigger" });
  await shape.getByText("= Output of API trigger").waitFor();

  await addStep(page, "Shape the contact", "API request to your app", "Send to my app");
  const send = step(page, "Send to my app");
  await send.getByRole("textbox", { name: /^URI/ }).fill("https://app.example/hooks/contacts");
  await send.getByLabel("Body: use an earlier step's output").selectOption({ label: "Output of Shape the contact" });
  assert.deepEqual(await stepNames(page), ["API trigger", "Shape the contact", "Send to my app"]);
  await page.locator(".flow-editor").getByText("Unsaved changes").waitFor();
  await screenshot(page, "flow-editor-light");
  await axeBothThemes(page, "flow editor");
  await screenshot(page, "flow-editor-dark");

  await page.getByRole("button", { name: "Save flow" }).click();
  await toast(page, "Flow saved").waitFor();
  assert.equal(saves.count, 1);
  await page.locator(".flow-editor .badge.unsaved").waitFor({ state: "detached" });

  await page.reload();
  await heading(page, "Welcome new contacts").waitFor();
  await page.locator(".flow-steps").waitFor();
  assert.deepEqual(await stepNames(page), ["API trigger", "Shape the contact", "Send to my app"]);
  await step(page, "Shape the contact").getByRole("button", { name: "Settings" }).click();
  await step(page, "Shape the contact").getByText("= Output of API trigger").waitFor();
  await step(page, "Send to my app").getByRole("button", { name: "Settings" }).click();
  assert.equal(await step(page, "Send to my app").getByRole("textbox", { name: /^URI/ }).inputValue(), "https://app.example/hooks/contacts");
  await step(page, "Send to my app").getByText("= Output of Shape the contact").waitFor();

  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.locator(".run-progress").getByText("Completed").first().waitFor();
  for (const name of ["API trigger", "Shape the contact", "Send to my app"]) {
    await step(page, name).getByText("This run: Completed").waitFor();
  }
  const output = step(page, "Shape the contact").locator(".step-output");
  await output.getByText("Output").click();
  await output.getByText('"ada@example.com"').waitFor();
  await screenshot(page, "flow-editor-run-dark");
  assert.deepEqual(page.crashes, []);
});

test("an invalid flow is refused with the problem on its step, and nothing is sent until it is fixed", async () => {
  const page = await openPage(stack.browser);
  await createFlow(page, "Store contacts");
  const saves = countSaves(page);
  await addStep(page, "API trigger", "Create a data record", "Store the contact");
  await page.getByRole("button", { name: "Save flow" }).click();
  await page.getByRole("alert").filter({ hasText: "The flow was not saved" }).getByText("1 step has a problem").waitFor();
  const store = step(page, "Store the contact");
  const collection = store.getByRole("textbox", { name: /^Collection key/ });
  await store.locator(".field-error").filter({ hasText: /\S/ }).first().waitFor();
  assert.equal(await collection.getAttribute("aria-invalid"), "true");
  assert.equal(saves.count, 0, "nothing is sent while the flow has problems");
  await screenshot(page, "flow-editor-problem-light");

  await collection.fill("contacts");
  await page.getByRole("button", { name: "Save flow" }).click();
  await toast(page, "Flow saved").waitFor();
  assert.equal(saves.count, 1);
  assert.deepEqual(page.crashes, []);
});

test("remove asks first and joins the steps again; move changes the order; discard puts the saved flow back", async () => {
  const page = await openPage(stack.browser);
  await createFlow(page, "Reorder me");
  await addStep(page, "API trigger", "For each", "First");
  await addStep(page, "First", "For each", "Second");
  await page.getByRole("button", { name: "Save flow" }).click();
  await toast(page, "Flow saved").waitFor();

  await step(page, "Second").getByRole("button", { name: "Move Second up" }).click();
  assert.deepEqual(await stepNames(page), ["API trigger", "Second", "First"]);
  // Up is disabled now (a step cannot go above the trigger): focus is on Down.
  await expectFocused(page.getByRole("button", { name: "Move Second down" }), "a move button of the moved step");

  await step(page, "Second").getByRole("button", { name: "Remove Second" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove Second?" });
  await confirm.getByText("The steps before it will go on to First.").waitFor();
  await confirm.getByRole("button", { name: "Remove step" }).click();
  assert.deepEqual(await stepNames(page), ["API trigger", "First"]);
  await step(page, "API trigger").getByText("Then: First").waitFor();

  await page.getByRole("button", { name: "Discard changes" }).click();
  await page.getByRole("dialog", { name: "Discard your changes?" }).getByRole("button", { name: "Keep editing" }).click();
  assert.deepEqual(await stepNames(page), ["API trigger", "First"]);
  await page.getByRole("button", { name: "Discard changes" }).click();
  await page.getByRole("dialog", { name: "Discard your changes?" }).getByRole("button", { name: "Discard changes" }).click();
  assert.deepEqual(await stepNames(page), ["API trigger", "First", "Second"]);
  assert.deepEqual(page.crashes, []);
});

test("a deployed flow is customized for the customer, then one step is reset", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/customers/${ACME}/flows`));
  await page.getByRole("link", { name: "Notify a channel in Slack", exact: true }).click();
  await heading(page, "Notify a channel in Slack").waitFor();
  assert.equal(await page.getByRole("button", { name: "Add a step after Order placed" }).count(), 0, "a deployed flow is read-only until customized");
  await page.getByRole("button", { name: "Customize for this customer" }).click();
  const post = step(page, "Post a message");
  await post.getByRole("button", { name: "Settings" }).click();
  await post.getByLabel("Name", { exact: true }).fill("Post to #sales");
  await page.getByRole("button", { name: "Save flow" }).click();
  await toast(page, "Flow saved").waitFor();
  const renamed = step(page, "Post to #sales");
  await renamed.getByText("Customized").waitFor();
  await page.locator(".record-head").getByText("Customized").waitFor();

  await renamed.getByRole("button", { name: "Reset Post to #sales to the integration's version" }).click();
  const confirm = page.getByRole("dialog", { name: "Reset Post to #sales?" });
  await confirm.getByText(/changes made to it for this customer will be lost/).waitFor();
  await confirm.getByRole("button", { name: "Reset step" }).click();
  await toast(page, "The step was reset").waitFor();
  await step(page, "Post a message").waitFor();
  assert.equal(await step(page, "Post a message").getByText("Customized").count(), 0);
  assert.deepEqual(page.crashes, []);
});

test("a failed save keeps every edit, and saving again works", async () => {
  const page = await openPage(stack.browser);
  await createFlow(page, "Keep my edits");
  const name = await addStep(page, "API trigger", "For each", "Unsaved step");
  await stack.engine.fault({ path: "/flow-instance", method: "PATCH", status: 500 });
  await page.getByRole("button", { name: "Save flow" }).click();
  await page.getByRole("alert").getByText("Engine error").waitFor();
  assert.equal(await name.inputValue(), "Unsaved step");
  assert.deepEqual(await stepNames(page), ["API trigger", "Unsaved step"]);
  await page.locator(".flow-editor").getByText("Unsaved changes").waitFor();
  await page.getByRole("alert").getByRole("button", { name: "Retry" }).click();
  await toast(page, "Flow saved").waitFor();

  const phone = await openPage(stack.browser, { viewport: { width: 360, height: 740 }, colorScheme: "dark" });
  await phone.goto(page.url());
  await step(phone, "Unsaved step").waitFor();
  await step(phone, "Unsaved step").getByRole("button", { name: "Settings" }).click();
  await screenshot(phone, "flow-editor-360-dark");
  assert.deepEqual(page.crashes, []);
  assert.deepEqual(phone.crashes, []);
});
