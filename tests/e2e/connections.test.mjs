// Connections: the lists, the connect flow against the local engine (API key,
// OAuth approve and deny in a popup, a closed popup, forged messages), and
// the connection page (test, reconnect, disconnect and restore).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshot, expectFocused, heading } from "./harness.mjs";
import { axeBothThemes } from "./axe.mjs";

let stack;
const customers = {};
before(async () => {
  stack = await startStack();
  for (const name of ["Acme Corporation", "Globex Inc.", "Initech LLC", "Umbrella Health GmbH"]) {
    const page = await stack.engine.api("GET", `/customers?search=${encodeURIComponent(name)}`);
    customers[name] = page.items.find((c) => c.name === name).id;
  }
});
after(async () => {
  await stack?.stop();
});

const dialog = (page) => page.getByRole("dialog");

/** The connections of a customer to an app, as the engine has them. */
async function connectionsOf(customer, appKey, includeArchived = false) {
  const page = await stack.engine.api(
    "GET",
    `/connections?userId=${customers[customer]}&integrationKey=${appKey}&includeArchived=${includeArchived}`,
  );
  return page.items;
}

/** Opens the connect dialog for `customer` and picks `app`. */
async function openConnect(page, customer, app) {
  await page.goto(stack.server.url(`/connections?customer=${customers[customer]}`));
  await page.getByText(`Customer: ${customer}`).waitFor();
  await page.getByRole("button", { name: "Connect an app" }).click();
  await dialog(page).waitFor();
  await dialog(page).getByLabel("Find an app").fill(app);
  await dialog(page).getByRole("button", { name: app, exact: true }).click();
}

test("the list shows every state by icon and words, filters live in the URL", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/connections"));
  await heading(page, "Connections").waitFor();
  const table = page.getByRole("table");
  await table.getByText("Connected", { exact: true }).first().waitFor();
  await screenshot(page, "connections-list-light");
  await axeBothThemes(page, "connections list");

  await page.getByLabel("State").selectOption("attention");
  await page.waitForURL((u) => u.searchParams.get("state") === "attention");
  await page.reload();
  await heading(page, "Connections").waitFor();
  assert.equal(await page.getByLabel("State").inputValue(), "attention");
  await table.getByText("Action required").first().waitFor();
  await table.getByText(/refused the refresh token/).first().waitFor();
  await table.getByText("Error", { exact: true }).first().waitFor();
  assert.equal(await table.getByText("Connected", { exact: true }).count(), 0);
  await page.getByRole("status").filter({ hasText: /connections? shown/ }).waitFor();
  await screenshot(page, "connections-list-attention");

  await page.getByLabel("Search").fill("Globex");
  await page.getByLabel("Search").press("Enter");
  await page.waitForURL((u) => u.searchParams.get("q") === "Globex");
  // The attention list stays on screen until the search's answer arrives,
  // and it has Zendesk rows too: wait for the list a person waits for, the
  // one whose rows are all Globex's.
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll(".conn-table tbody tr")];
    return shown.length > 0 && shown.every((row) => /Globex/.test(row.innerText));
  });
  await table.getByText("Zendesk").first().waitFor();
  assert.equal(await page.getByText("Acme Corporation").count(), 0);

  await page.setViewportSize({ width: 360, height: 740 });
  // On a phone each row is a card that still says the connection's state.
  await table.getByText("Action required").first().waitFor({ state: "visible" });
  await screenshot(page, "connections-list-360");
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, "connections-list-dark");
  assert.deepEqual(page.crashes, []);
});

test("cursor paging keeps the cursor in the URL", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/connections?disconnected=1"));
  const table = page.getByRole("table");
  await table.getByRole("row").nth(1).waitFor();
  const firstRow = await table.getByRole("row").nth(1).textContent();
  await page.getByRole("button", { name: "Next page" }).click();
  await page.waitForURL((u) => u.searchParams.has("cursor"));
  assert.equal(new URL(page.url()).searchParams.get("disconnected"), "1");
  await page.getByRole("button", { name: "First page" }).waitFor();
  assert.notEqual(await table.getByRole("row").nth(1).textContent(), firstRow);
  await page.reload();
  await page.getByRole("button", { name: "First page" }).click();
  await page.waitForURL((u) => !u.searchParams.has("cursor"));
  await page.getByRole("button", { name: "Next page" }).waitFor();
  assert.equal(await table.getByRole("row").nth(1).textContent(), firstRow);
  assert.deepEqual(page.crashes, []);
});

test("an API key connects; the dialog traps focus, closes on Escape and returns focus", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/connections?customer=${customers["Globex Inc."]}`));
  const opener = page.getByRole("button", { name: "Connect an app" });
  await opener.click();
  await dialog(page).waitFor();
  await expectFocused(page.locator("#conn-app-search"), "the app search");
  await page.getByRole("button", { name: "Stripe", exact: true }).waitFor();
  await screenshot(page, "connections-dialog-apps");
  await axeBothThemes(page, "connect dialog");
  // Arrow keys move between the app tiles, skipping deactivated apps.
  const tile = (name) => dialog(page).getByRole("button", { name, exact: true });
  await page.keyboard.press("Tab");
  await expectFocused(tile("Stripe"), "the first app");
  await page.keyboard.press("ArrowRight");
  await expectFocused(tile("Zendesk"), "the next app");
  await page.keyboard.press("End");
  await expectFocused(tile("HubSpot"), "the last app");
  await page.keyboard.press("Home");
  await expectFocused(tile("Stripe"), "the first app");
  for (let i = 0; i < 30; i++) await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.querySelector("[role=dialog]").contains(document.activeElement)));
  await page.keyboard.press("Escape");
  await dialog(page).waitFor({ state: "hidden" });
  await expectFocused(opener, "the opener");

  await opener.click();
  await dialog(page).getByLabel("Find an app").fill("stri");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expectFocused(dialog(page).getByLabel(/API key/), "the API key input");
  await dialog(page).getByRole("button", { name: "Choose another app" }).click();
  await expectFocused(page.locator("#conn-app-search"), "the app search");
  await dialog(page).getByRole("button", { name: "Stripe", exact: true }).click();
  await dialog(page).getByLabel(/API key/).fill("sk_live_globex");
  await screenshot(page, "connections-dialog-form");
  await dialog(page).getByRole("button", { name: "Connect", exact: true }).click();
  await dialog(page).getByText("Stripe is connected").waitFor();
  await screenshot(page, "connections-dialog-connected");
  await dialog(page).getByRole("button", { name: "Done" }).click();
  await dialog(page).waitFor({ state: "hidden" });
  await page.getByRole("table").getByText("Stripe").first().waitFor();
  const stripe = await connectionsOf("Globex Inc.", "stripe");
  assert.equal(stripe.length, 1);
  assert.equal(stripe[0].connected, true);
  assert.deepEqual(page.crashes, []);
});

test("an invalid key shows the engine's error and keeps the inputs", async () => {
  const page = await openPage(stack.browser);
  await openConnect(page, "Initech LLC", "Stripe");
  await dialog(page).getByLabel(/API key/).fill("sk_invalid_123");
  await dialog(page).getByRole("button", { name: "Connect", exact: true }).click();
  await dialog(page).getByText("The API key was rejected by Stripe: 401 Unauthorized").waitFor();
  await dialog(page).getByText("Details").click();
  await dialog(page).getByText(/"status": 401/).waitFor();
  assert.equal(await dialog(page).getByLabel(/API key/).inputValue(), "sk_invalid_123");
  await screenshot(page, "connections-dialog-invalid-key");
  assert.equal((await connectionsOf("Initech LLC", "stripe")).length, 0);
  await dialog(page).getByLabel(/API key/).fill("sk_good_123");
  await dialog(page).getByRole("button", { name: "Try again" }).click();
  await dialog(page).getByText("Stripe is connected").waitFor();
  assert.deepEqual(page.crashes, []);
});

test("OAuth: approving in the popup connects, forged messages are ignored", async () => {
  const page = await openPage(stack.browser);
  await openConnect(page, "Initech LLC", "HubSpot");
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    dialog(page).getByRole("button", { name: "Connect", exact: true }).click(),
  ]);
  await popup.getByRole("button", { name: "Approve" }).waitFor();
  await dialog(page).getByText(/Finish signing in/).waitFor();
  await screenshot(popup, "connections-oauth-provider");
  const requestId = (await popup.evaluate(() => window.name)).replace("switchboard-connect-", "");
  assert.ok(requestId.length > 8);
  const forged = { source: "integration.app", type: "newConnectionCreated", connection: { id: "forged", name: "Forged" } };
  // The right request from the wrong origin (the console's own), and the
  // wrong request from the engine's origin.
  await page.evaluate((m) => window.postMessage(m, "*"), { ...forged, requestId });
  await popup.evaluate((m) => window.opener.postMessage(m, "*"), { ...forged, requestId: "another" });
  await page.waitForTimeout(300);
  await dialog(page).getByText(/Finish signing in/).waitFor();
  assert.equal(await page.getByText("Forged").count(), 0);

  await popup.getByRole("button", { name: "Approve" }).click();
  await dialog(page).getByText("HubSpot is connected").waitFor();
  const hubspot = await connectionsOf("Initech LLC", "hubspot");
  assert.equal(hubspot.length, 1);
  assert.equal(hubspot[0].connected, true);
  assert.deepEqual(page.crashes, []);
});

test("OAuth: denying shows the engine's message; closing the popup cancels", async () => {
  const page = await openPage(stack.browser);
  await openConnect(page, "Initech LLC", "Slack");
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    dialog(page).getByRole("button", { name: "Connect", exact: true }).click(),
  ]);
  await popup.getByRole("button", { name: "Deny" }).click();
  await dialog(page).getByText("Access to Slack was denied (access_denied)").waitFor();
  await screenshot(page, "connections-oauth-denied");
  assert.equal((await connectionsOf("Initech LLC", "slack")).length, 0);

  const [second] = await Promise.all([
    page.waitForEvent("popup"),
    dialog(page).getByRole("button", { name: "Try again" }).click(),
  ]);
  await second.getByRole("button", { name: "Approve" }).waitFor();
  await second.close();
  await dialog(page).getByText(/Cancelled: the sign-in window was closed/).waitFor();
  assert.equal(await dialog(page).getByRole("alert").count(), 0, "a closed popup is not an error");
  assert.equal((await connectionsOf("Initech LLC", "slack")).length, 0);
  assert.deepEqual(page.crashes, []);
});

test("when the popup cannot message back, the event stream brings the result", async () => {
  const page = await openPage(stack.browser);
  // The engine's result page finds no opener to post to.
  await page.context().addInitScript(() => {
    if (location.pathname === "/oauth-callback") Object.defineProperty(window, "opener", { value: null });
  });
  await openConnect(page, "Globex Inc.", "Slack");
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    dialog(page).getByRole("button", { name: "Connect", exact: true }).click(),
  ]);
  await popup.getByRole("button", { name: "Approve" }).click();
  await dialog(page).getByText("Slack is connected").waitFor();
  await expectFocused(dialog(page).getByRole("button", { name: "Done" }), "Done");
  assert.equal((await connectionsOf("Globex Inc.", "slack")).length, 1);
  assert.deepEqual(page.crashes, []);
});

test("a blocked popup is explained and can be opened from a click", async () => {
  const page = await openPage(stack.browser);
  await page.addInitScript(() => {
    const open = window.open.bind(window);
    window.__blockPopups = true;
    window.open = (...args) => (window.__blockPopups ? null : open(...args));
  });
  await openConnect(page, "Umbrella Health GmbH", "Slack");
  await dialog(page).getByRole("button", { name: "Connect", exact: true }).click();
  await dialog(page).getByText("The browser blocked the sign-in window.").waitFor();
  await screenshot(page, "connections-popup-blocked");
  await page.evaluate(() => (window.__blockPopups = false));
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    dialog(page).getByRole("button", { name: "Open the sign-in window" }).click(),
  ]);
  await popup.getByRole("button", { name: "Approve" }).click();
  await dialog(page).getByText("Slack is connected").waitFor();
  assert.deepEqual(page.crashes, []);
});

test("redirect mode runs the flow in this window and completes on return", async () => {
  const page = await openPage(stack.browser);
  await page.addInitScript(() => {
    window.open = () => null;
  });
  await openConnect(page, "Umbrella Health GmbH", "HubSpot");
  await dialog(page).getByRole("button", { name: "Connect", exact: true }).click();
  await dialog(page).getByRole("button", { name: "Continue in this window" }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await heading(page, "HubSpot is connected").waitFor();
  assert.equal(new URL(page.url()).pathname, "/console/connections/complete");
  await screenshot(page, "connections-redirect-complete");
  assert.equal((await connectionsOf("Umbrella Health GmbH", "hubspot")).length, 1);
  assert.deepEqual(page.crashes, []);
});

test("a second connection to the same app only when asked for", async () => {
  const page = await openPage(stack.browser);
  await openConnect(page, "Globex Inc.", "Jira");
  await dialog(page).getByText("Globex Inc. already has a Jira connection; connecting again updates it.").waitFor();
  await dialog(page).getByRole("radio", { name: /^API key/ }).check();
  await dialog(page).getByLabel(/^API key \(required\)/).fill("sk_second");
  await dialog(page).getByLabel(/Account email/).fill("it@globex.example");
  await dialog(page).getByLabel(/Site subdomain/).fill("globex");
  await dialog(page).getByLabel("Add a second connection instead").check();
  await screenshot(page, "connections-dialog-second");
  await dialog(page).getByRole("button", { name: "Connect", exact: true }).click();
  await dialog(page).getByText("Jira is connected").waitFor();
  assert.equal((await connectionsOf("Globex Inc.", "jira")).length, 2);
  assert.deepEqual(page.crashes, []);
});

test("the connection page: test, reconnect, disconnect and restore", async () => {
  const [salesforce] = await connectionsOf("Acme Corporation", "salesforce");
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/connections/${salesforce.id}`));
  await heading(page, "Salesforce").waitFor();
  await page.getByText(/refused the refresh token/).first().waitFor();
  await page.getByText("Connector version").waitFor();
  await screenshot(page, "connections-page-error");
  await axeBothThemes(page, "connection page");

  await page.getByRole("button", { name: "Test" }).click();
  await page.getByText("Test failed").waitFor();

  // Credentials stay masked until revealed one by one.
  await page.getByRole("button", { name: "View credentials" }).click();
  await page.getByRole("button", { name: "Reveal refreshToken" }).waitFor();
  assert.equal(await page.getByText(/^revoked_/).count(), 0);
  await page.getByRole("button", { name: "Reveal refreshToken" }).click();
  await page.getByText(/^revoked_/).waitFor();
  await page.getByRole("button", { name: "Hide credentials" }).click();

  await page.getByRole("button", { name: "Reconnect" }).click();
  await dialog(page).getByLabel(/subdomain/i).fill("acme");
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    dialog(page).getByRole("button", { name: "Reconnect", exact: true }).click(),
  ]);
  await popup.getByText("acme").first().waitFor();
  await popup.getByRole("button", { name: "Approve" }).click();
  await dialog(page).getByText("Salesforce is connected").waitFor();
  await dialog(page).getByRole("button", { name: "Done" }).click();
  await page.locator(".conn-page-status").getByText("Connected", { exact: true }).waitFor();
  const after = await stack.engine.api("GET", `/connections/${salesforce.id}`);
  assert.equal(after.connected, true);
  assert.equal((await connectionsOf("Acme Corporation", "salesforce")).length, 1, "reconnect reuses the connection");

  await page.getByRole("button", { name: "Test" }).click();
  await page.getByText("Test passed").waitFor();
  await page.getByRole("button", { name: "Refresh credentials" }).click();
  await page.getByText("Credentials refreshed.").waitFor();

  await page.getByRole("button", { name: "Disconnect" }).click();
  await dialog(page).getByText("Disconnect Acme Corporation from Salesforce?").waitFor();
  await screenshot(page, "connections-disconnect-confirm");
  await axeBothThemes(page, "disconnect confirmation");
  await dialog(page).getByRole("button", { name: "Disconnect Salesforce" }).click();
  await page.locator(".conn-page-status").getByText("Disconnected").waitFor();
  assert.ok((await stack.engine.api("GET", `/connections/${salesforce.id}`)).archivedAt);
  await page.getByRole("button", { name: "Restore" }).click();
  await page.locator(".conn-page-status").getByText("Connected", { exact: true }).waitFor();
  assert.equal((await stack.engine.api("GET", `/connections/${salesforce.id}`)).archivedAt, undefined);

  await page.getByLabel("Connection name").fill("Salesforce EU");
  await page.getByRole("button", { name: "Rename" }).click();
  await heading(page, "Salesforce EU").waitFor();
  assert.equal(await page.title(), "Salesforce EU · Acme Corporation · Switchboard");
  await page.setViewportSize({ width: 360, height: 740 });
  await screenshot(page, "connections-page-360");
  assert.deepEqual(page.crashes, []);
});

test("reconnect fills in the inputs again, but never the secrets", async () => {
  const page = await openPage(stack.browser);
  const wayne = (await stack.engine.api("GET", `/customers?search=${encodeURIComponent("Wayne Enterprises")}`)).items[0];
  const [zendesk] = (await stack.engine.api("GET", `/connections?userId=${wayne.id}&integrationKey=zendesk`)).items;
  await page.goto(stack.server.url(`/connections/${zendesk.id}`));
  await heading(page, "Zendesk").waitFor();
  const opener = page.getByRole("button", { name: "Reconnect" });
  await opener.click();
  await dialog(page).getByText("Reconnect Zendesk for Wayne Enterprises").waitFor();
  assert.ok(await dialog(page).getByRole("radio", { name: /^API key/ }).isChecked());
  assert.equal(await dialog(page).getByLabel(/^Subdomain/).inputValue(), "customer");
  assert.equal(await dialog(page).getByLabel(/^Agent email/).inputValue(), "it@customer.example");
  assert.equal(await dialog(page).getByLabel(/^API key \(required\)/).inputValue(), "");
  await screenshot(page, "connections-reconnect-prefilled");
  await page.keyboard.press("Escape");
  await dialog(page).waitFor({ state: "hidden" });
  await expectFocused(opener, "Reconnect");
  assert.deepEqual(page.crashes, []);
});

test("engine faults become messages with a retry, never a crash", async () => {
  const page = await openPage(stack.browser);
  await stack.engine.fault({ path: "/connections", method: "GET", status: 503 });
  await page.goto(stack.server.url("/connections"));
  await page.getByRole("alert").getByText("Engine error").waitFor();
  await page.getByRole("button", { name: "Retry" }).click();
  await page.getByRole("table").getByRole("row").nth(1).waitFor();

  await stack.engine.fault({ path: "/connections", method: "GET", malformed: true });
  await page.getByLabel("State").selectOption("connected");
  await page.getByRole("alert").getByText("Unexpected answer from the engine").waitFor();
  await page.getByRole("button", { name: "Retry" }).click();
  await page.getByRole("table").getByRole("row").nth(1).waitFor();

  const [hubspot] = await connectionsOf("Acme Corporation", "hubspot");
  await page.goto(stack.server.url(`/connections/${hubspot.id}`));
  await heading(page, "HubSpot").waitFor();
  await stack.engine.fault({ path: `/connections/${hubspot.id}/test`, method: "POST", status: 500 });
  await page.getByRole("button", { name: "Test" }).click();
  await page.getByRole("alert").getByText("Engine error").waitFor();
  await page.getByRole("button", { name: "Test" }).click();
  await page.getByText("Test passed").waitFor();

  await stack.engine.fault({ path: "/connection-options", method: "POST", status: 503 });
  await openConnect(page, "Acme Corporation", "Jira");
  await dialog(page).getByRole("alert").getByText("Engine error").waitFor();
  await dialog(page).getByRole("button", { name: "Retry" }).click();
  await dialog(page).getByRole("radio", { name: /^API key/ }).waitFor();
  assert.deepEqual(page.crashes, []);
});

test("redirect mode completes from ?connectionId or ?error", async () => {
  const [hubspot] = await connectionsOf("Acme Corporation", "hubspot");
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url(`/connections/complete?connectionId=${hubspot.id}`));
  await heading(page, "HubSpot is connected").waitFor();
  await page.goto(stack.server.url(`/connections/complete?error=${encodeURIComponent("Access was denied")}`));
  await heading(page, "Could not connect").waitFor();
  await page.getByText("Access was denied").waitFor();
  assert.deepEqual(page.crashes, []);
});
