// Apps: the list with update badges and filters, adding an app from the
// catalogue, filling its parameters, patch and major updates with the diff
// preview, switching connector and back, deactivating; axe on list and page.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshot, expectFocused, heading, queryParam } from "./harness.mjs";
import { axeBothThemes } from "./axe.mjs";

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const row = (page, name) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
const status = (page, text) => page.getByRole("status").filter({ hasText: text });

test("the apps list shows connectors, versions, updates and states, with filters in the URL", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/apps"));
  await heading(page, "Apps").waitFor();
  const hubspot = row(page, "HubSpot");
  await hubspot.getByText("Update 2.1.1 · patch").waitFor();
  await row(page, "Salesforce").getByText("Update 2.1.0 · major").waitFor();
  await row(page, "Slack").getByText("Update 1.2.0 · minor").waitFor();
  await row(page, "Zendesk").getByText("Missing parameters").waitFor();
  await row(page, "Pipedrive").getByText("Deactivated").waitFor();
  await row(page, "GitHub").getByText("Custom").waitFor();
  assert.equal(await hubspot.getByText("Public").count(), 1);
  assert.equal(await row(page, "Intercom").count(), 0, "archived apps are not in the default list");
  await status(page, "apps").waitFor();
  await screenshot(page, "apps-list-light");
  await axeBothThemes(page, "apps list");
  await screenshot(page, "apps-list-dark");

  await page.getByLabel("Search apps").fill("hub");
  await queryParam(page, "q", "hub");
  await row(page, "Salesforce").waitFor({ state: "detached" });
  await page.reload();
  await row(page, "HubSpot").waitFor();
  assert.equal(await page.getByLabel("Search apps").inputValue(), "hub");

  await page.goto(stack.server.url("/apps?show=archived"));
  await row(page, "Intercom").getByText("Archived").waitFor();
  assert.equal(await row(page, "HubSpot").count(), 0);
  assert.equal(await page.getByLabel("Show").inputValue(), "archived");
  await page.getByLabel("Show").selectOption({ label: "Update available" });
  await queryParam(page, "show", "updates");
  await row(page, "Slack").waitFor();
  assert.equal(await row(page, "Jira").count(), 0);

  const phone = await openPage(stack.browser, { viewport: { width: 360, height: 740 }, colorScheme: "dark" });
  await phone.goto(stack.server.url("/apps"));
  await row(phone, "HubSpot").waitFor();
  // On a phone each row is a card that still says the app's state.
  await row(phone, "Zendesk").getByText("Missing parameters").waitFor({ state: "visible" });
  await screenshot(phone, "apps-list-360-dark");
  assert.deepEqual(page.crashes, []);
  assert.deepEqual(phone.crashes, []);
});

test("add an app from the catalogue, then fill its missing parameters", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/apps"));
  const opener = page.getByRole("button", { name: "Add app" });
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "Add an app" });
  await dialog.waitFor();
  await dialog.getByRole("button", { name: /Shopify/ }).waitFor();
  await dialog.getByLabel("Category").selectOption("Project management");
  await dialog.getByRole("button", { name: /Shopify/ }).waitFor({ state: "detached" });
  await dialog.getByLabel("Search the catalogue").fill("asa");
  await screenshot(page, "apps-add-catalogue");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await expectFocused(opener, "the opener");

  await opener.click();
  await dialog.getByLabel("Search the catalogue").fill("asana");
  await dialog.getByRole("button", { name: /Asana/ }).click();
  const confirm = page.getByRole("dialog", { name: "Add Asana" });
  await confirm.getByLabel("Key").fill("Asana EU");
  await confirm.getByRole("button", { name: "Create app" }).click();
  await confirm.getByText("Use lowercase letters").waitFor();
  assert.equal(await confirm.getByLabel("Key").getAttribute("aria-invalid"), "true");
  await confirm.getByLabel("Key").fill("asana-eu");
  await confirm.getByLabel("Name").fill("Asana EU");
  await confirm.getByRole("button", { name: "Create app" }).click();
  await heading(page, "Asana EU").waitFor();
  assert.equal(new URL(page.url()).pathname, "/console/apps/asana-eu");
  const notice = page.getByText("Missing required parameters:");
  await notice.waitFor();
  assert.match(await notice.textContent(), /Workspace/);
  await screenshot(page, "apps-new-app-missing-parameters");

  // The page is read again after the save and updated in place: the
  // controls a person may be about to use stay the same elements.
  const kept = {
    version: await page.getByRole("button", { name: /^Version / }).elementHandle(),
    input: await page.getByLabel("Workspace").elementHandle(),
    save: await page.getByRole("button", { name: "Save parameters" }).elementHandle(),
    deactivate: await page.getByRole("button", { name: "Deactivate…" }).elementHandle(),
  };
  await page.getByLabel("Workspace").fill("1200456");
  await page.getByRole("button", { name: "Save parameters" }).click();
  await status(page, "Parameters saved").waitFor();
  await notice.waitFor({ state: "detached" });
  for (const [name, handle] of Object.entries(kept)) {
    assert.equal(await handle.evaluate((el) => el.isConnected), true, `${name} was replaced by the refresh`);
  }
  const saved = await stack.engine.api("GET", "/integrations/asana-eu");
  assert.equal(saved.parameters.workspaceGid, "1200456");
  assert.equal(saved.hasMissingParameters, false);
  assert.deepEqual(page.crashes, []);
});

test("a patch update takes one click", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/apps/hubspot"));
  await heading(page, "HubSpot").waitFor();
  await page.getByText("Version 2.1.1 is available.").waitFor();
  await screenshot(page, "apps-page-patch-available");
  await axeBothThemes(page, "app page");
  await screenshot(page, "apps-page-dark");
  await page.getByRole("button", { name: "Update to 2.1.1" }).click();
  await status(page, "HubSpot now uses version 2.1.1.").waitFor();
  await page.getByRole("button", { name: /^Version 2\.1\.1/ }).waitFor();
  assert.equal((await stack.engine.api("GET", "/integrations/hubspot")).connectorVersion, "2.1.1");
  assert.equal(await page.getByText("is available.").count(), 0);

  const phone = await openPage(stack.browser, { viewport: { width: 360, height: 740 }, colorScheme: "dark" });
  await phone.goto(stack.server.url("/apps/slack"));
  await heading(phone, "Slack").waitFor();
  await screenshot(phone, "apps-page-360-dark");
  await phone.getByRole("button", { name: "Review the update to 1.2.0" }).click();
  const review = phone.getByRole("dialog", { name: "Update to version 1.2.0 (minor update)" });
  const go = review.getByRole("button", { name: "Update to 1.2.0" });
  assert.equal(await go.isDisabled(), true, "a minor asks to read the changelog first");
  await screenshot(phone, "apps-minor-review-360-dark");
  await review.getByLabel("I have read the changelogs above.").check();
  await go.click();
  await status(phone, "Slack now uses version 1.2.0.").waitFor();
  assert.deepEqual(page.crashes, []);
  assert.deepEqual(phone.crashes, []);
});

test("a major update shows the diff and needs an explicit confirmation", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/apps/salesforce"));
  await heading(page, "Salesforce").waitFor();

  const versionButton = page.getByRole("button", { name: /^Version 1\.1\.1/ });
  await versionButton.click();
  const picker = page.getByRole("dialog", { name: "Versions of Salesforce" });
  await picker.waitFor();
  const items = picker.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) });
  assert.deepEqual(
    await items.getByRole("heading", { level: 3 }).allTextContents(),
    ["2.1.0", "2.0.0", "1.1.1", "1.1.0", "1.0.0"],
  );
  await picker.getByText("major update").first().waitFor();
  await picker.getByText("patch downgrade").waitFor();
  await screenshot(page, "apps-version-picker");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await picker.waitFor({ state: "hidden" });
  await expectFocused(versionButton, "the version");

  await page.getByRole("button", { name: "Review the update to 2.1.0" }).click();
  const review = page.getByRole("dialog", { name: "Update to version 2.1.0 (major update)" });
  await review.waitFor();
  await review.getByRole("heading", { name: "Breaking changes" }).waitFor();
  await review.getByRole("heading", { name: "Changelog of 2.0.0" }).waitFor();
  await review.getByText("API version: removed").first().waitFor();
  await review.getByText("After the switch, fill these required parameters:").waitFor();
  const instead = review.getByRole("link", { name: "create a new app" });
  const other = await openPage(stack.browser);
  await other.goto(new URL(await instead.getAttribute("href"), page.url()).href);
  const addAtVersion = other.getByRole("dialog", { name: "Add Salesforce" });
  await addAtVersion.getByText("at version 2.1.0.").waitFor();
  assert.equal(await addAtVersion.getByLabel("Key").inputValue(), "salesforce-v2");
  await addAtVersion.getByRole("button", { name: "Create app" }).click();
  await heading(other, "Salesforce").waitFor();
  await other.getByRole("button", { name: /^Version 2\.1\.0/ }).waitFor();
  assert.equal((await stack.engine.api("GET", "/integrations/salesforce-v2")).connectorVersion, "2.1.0");
  assert.deepEqual(other.crashes, []);
  const go = review.getByRole("button", { name: "Update to 2.1.0" });
  assert.equal(await go.isDisabled(), true, "a major needs the confirmation first");
  await screenshot(page, "apps-major-review");
  await review.getByLabel(/I understand these breaking changes/).check();
  await go.click();
  await status(page, "Salesforce now uses version 2.1.0.").waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "status");
  const saved = await stack.engine.api("GET", "/integrations/salesforce");
  assert.equal(saved.connectorVersion, "2.1.0");
  await page.getByText("Missing required parameters:").waitFor();
  assert.deepEqual(page.crashes, []);
});

test("switch to the custom connector and back", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/apps/github"));
  await heading(page, "GitHub").waitFor();
  const connectors = page.getByRole("region", { name: "Connector", exact: true });
  await connectors.getByText("In use").waitFor();
  await connectors.getByRole("button", { name: "Switch to GitHub…" }).click();
  const toPublic = page.getByRole("dialog", { name: "Switch to GitHub" });
  await toPublic.getByText("What changes").waitFor();
  await screenshot(page, "apps-switch-connector");
  await toPublic.getByLabel(/I understand/).check();
  await toPublic.getByRole("button", { name: "Switch to GitHub", exact: true }).click();
  await status(page, /now uses GitHub 2\.0\.0/).waitFor();
  let saved = await stack.engine.api("GET", "/integrations/github");
  const connectorsList = (await stack.engine.api("GET", "/connectors?limit=1000")).items;
  const publicGithub = connectorsList.find((c) => c.key === "github");
  assert.equal(saved.connectorId, publicGithub.id);

  await connectors.getByRole("button", { name: "Switch to GitHub Enterprise (custom)…" }).click();
  const toCustom = page.getByRole("dialog", { name: "Switch to GitHub Enterprise (custom)" });
  await toCustom.getByLabel(/I understand/).check();
  await toCustom.getByRole("button", { name: "Switch to GitHub Enterprise (custom)" }).click();
  await status(page, /now uses GitHub Enterprise \(custom\) 0\.2\.0/).waitFor();
  saved = await stack.engine.api("GET", "/integrations/github");
  assert.equal(saved.connectorId, connectorsList.find((c) => c.isPublic === false).id);
  assert.deepEqual(page.crashes, []);
});

test("deactivating and archiving say how many connections are affected, and can be undone", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/apps/slack"));
  await heading(page, "Slack").waitFor();
  const count = (await stack.engine.api("GET", "/integrations/slack")).connectionsCount;
  await page.getByRole("button", { name: "Deactivate…" }).click();
  const dialog = page.getByRole("dialog", { name: "Deactivate Slack?" });
  await dialog.getByText(`${count} connection${count === 1 ? "" : "s"} use${count === 1 ? "s" : ""} this app.`).waitFor();
  await dialog.getByRole("button", { name: "Deactivate", exact: true }).click();
  await status(page, "Slack is deactivated.").waitFor();
  assert.equal((await stack.engine.api("GET", "/integrations/slack")).isDeactivated, true);
  await page.getByRole("button", { name: "Activate", exact: true }).click();
  await status(page, "Slack is active again.").waitFor();
  assert.equal((await stack.engine.api("GET", "/integrations/slack")).isDeactivated, false);

  await page.getByRole("button", { name: "Archive…" }).click();
  const archive = page.getByRole("dialog", { name: "Archive Slack?" });
  await archive.getByText("You can restore it later").waitFor();
  await archive.getByRole("button", { name: "Archive", exact: true }).click();
  await status(page, "Slack is archived.").waitFor();
  await page.getByText("This app is archived").waitFor();
  assert.equal(await page.getByRole("button", { name: "Save parameters" }).count(), 0, "an archived app cannot be changed");
  await screenshot(page, "apps-page-archived");
  await page.getByRole("button", { name: "Restore" }).click();
  await status(page, "Slack is restored.").waitFor();
  assert.equal((await stack.engine.api("GET", "/integrations/slack")).archivedAt, undefined);
  assert.deepEqual(page.crashes, []);
});

test("engine failures are explained, keep what was typed, and can be retried", async () => {
  const page = await openPage(stack.browser);
  await stack.engine.fault({ path: "/integrations", method: "GET", status: 503 });
  await page.goto(stack.server.url("/apps"));
  await page.getByRole("alert").getByText("Engine error").waitFor();
  await page.getByRole("button", { name: "Retry" }).click();
  await row(page, "HubSpot").waitFor();

  await page.goto(stack.server.url("/apps/zendesk"));
  await heading(page, "Zendesk").waitFor();
  await page.getByText("Missing required parameters:").waitFor();
  await page.getByLabel("Brand").fill("360001");
  await stack.engine.fault({ path: "/integrations/zendesk", method: "PATCH", status: 500 });
  await page.getByRole("button", { name: "Save parameters" }).click();
  await page.getByRole("alert").getByText("Engine error").waitFor();
  assert.equal(await page.getByLabel("Brand").inputValue(), "360001", "a failed save keeps the input");
  await screenshot(page, "apps-parameters-save-failed");
  // Saved, but reading the app again fails: the page says so and can retry.
  await stack.engine.fault({ path: "/integrations/zendesk", method: "GET", status: 503 });
  await page.getByRole("button", { name: "Save parameters" }).click();
  await status(page, "Parameters saved").waitFor();
  assert.equal((await stack.engine.api("GET", "/integrations/zendesk")).parameters.brandId, "360001");
  const refreshFailed = page.locator(".refresh-failed");
  await refreshFailed.getByText("The change is saved, but the page could not be read again").waitFor();
  await screenshot(page, "apps-refresh-failed");
  await refreshFailed.getByRole("button", { name: "Retry" }).click();
  await refreshFailed.waitFor({ state: "detached" });
  await page.getByText("Missing required parameters:").waitFor({ state: "detached" });

  await page.getByRole("button", { name: /^Version 2\.0\.0/ }).click();
  await page.getByRole("dialog", { name: "Versions of Zendesk" }).waitFor();
  await axeBothThemes(page, "version picker");
  assert.deepEqual(page.crashes, []);
});

test("when the versions or the connectors cannot be read, only their parts say so", async () => {
  const page = await openPage(stack.browser);
  await stack.engine.fault({ path: "/connectors", method: "GET", status: 503, count: 2 });
  await page.goto(stack.server.url("/apps/zendesk"));
  await heading(page, "Zendesk").waitFor();
  const updates = page.locator(".part-failed");
  await updates.getByText("Updates could not be checked").waitFor();
  const connectors = page.getByRole("region", { name: "Connector", exact: true });
  await connectors.getByText("The workspace's connectors could not be read.").waitFor();
  // The rest of the page works.
  await page.getByRole("button", { name: "Save parameters" }).waitFor();
  await page.getByRole("button", { name: /^Version 2\.0\.0/ }).click();
  const picker = page.getByRole("dialog", { name: "Versions of the connector" });
  await picker.getByRole("alert").getByText("Engine error").waitFor();
  await screenshot(page, "apps-versions-unreadable");
  await picker.getByRole("button", { name: "Retry" }).click();
  const named = page.getByRole("dialog", { name: /^Versions of Zendesk/ });
  await named.getByRole("list", { name: "Versions, newest first" }).waitFor();
  await page.keyboard.press("Escape");
  await named.waitFor({ state: "hidden" });
  await updates.waitFor({ state: "detached" });
  await connectors.getByText("In use").waitFor();
  assert.deepEqual(page.crashes, []);
});
