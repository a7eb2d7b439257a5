// The shell: navigation, deep links under a base path, not-found, titles,
// themes, and Settings › Engine telling exactly what is wrong.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, startEngine, openPage, screenshot, heading } from "./harness.mjs";

let stack;
let workspaceName;
before(async () => {
  stack = await startStack();
  workspaceName = (await stack.engine.api("GET", "/workspace")).name;
});
after(async () => {
  await stack?.stop();
});

const path = (page) => new URL(page.url()).pathname;

test("the shell opens on Customers and navigates with the main menu", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/"));
  await heading(page, "Customers").waitFor();
  assert.equal(path(page), "/console/customers");
  assert.equal(await page.title(), "Customers · Switchboard");

  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [link, url] of [
    ["Connections", "/console/connections"],
    ["Apps", "/console/apps"],
    ["Settings", "/console/settings/engine"],
    ["Customers", "/console/customers"],
  ]) {
    await nav.getByRole("link", { name: link }).click();
    await page.waitForURL((u) => u.pathname === url);
    assert.equal(await nav.getByRole("link", { name: link }).getAttribute("aria-current"), "page");
  }
  await screenshot(page, "shell-light");
  assert.deepEqual(page.crashes, []);
});

test("deep links survive a reload", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/settings/engine"));
  await heading(page, "Engine").waitFor();
  await page.reload();
  await heading(page, "Engine").waitFor();
  assert.equal(await page.title(), "Engine settings · Switchboard");
  await page.goto(stack.server.url("/apps/hubspot"));
  await page.getByRole("heading", { level: 1 }).waitFor();
  assert.equal(path(page), "/console/apps/hubspot");
  await page.goBack();
  await heading(page, "Engine").waitFor();
  assert.deepEqual(page.crashes, []);
});

test("an unknown path shows a not-found page with a way back", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/no/such/page"));
  await heading(page, "Page not found").waitFor();
  assert.equal(await page.title(), "Page not found · Switchboard");
  await page.getByRole("link", { name: "Go to Customers" }).click();
  await heading(page, "Customers").waitFor();
  assert.equal(path(page), "/console/customers");
  assert.deepEqual(page.crashes, []);
});

test("the theme toggle switches, is remembered, and fits 360 px", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/settings/engine"));
  await heading(page, "Engine").waitFor();
  const shell = page.locator(".switchboard");
  assert.equal(await shell.getAttribute("data-theme"), null, "follows the system until picked");
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  assert.equal(await shell.getAttribute("data-theme"), "dark");
  await page.reload();
  await heading(page, "Engine").waitFor();
  assert.equal(await shell.getAttribute("data-theme"), "dark");
  await page.getByText(`Connected to workspace ${workspaceName}`).first().waitFor();
  await screenshot(page, "settings-engine-dark");
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await screenshot(page, "settings-engine-light");

  const phone = await openPage(stack.browser, { viewport: { width: 360, height: 740 }, colorScheme: "dark" });
  await phone.goto(stack.server.url("/settings/engine"));
  await heading(phone, "Engine").waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (overflow ${overflow}px)`);
  await screenshot(phone, "settings-engine-360-dark");
  assert.deepEqual([...page.crashes, ...phone.crashes], []);
});

test("Settings › Engine checks a connection and says exactly what is wrong", async () => {
  const page = await openPage(stack.browser);
  await page.goto(stack.server.url("/settings/engine"));
  await page.getByText(`Connected to workspace ${workspaceName}`).first().waitFor();
  await page.getByText("set by config.json").first().waitFor();

  const url = page.getByLabel("Engine URL");
  const token = page.getByLabel("Admin token");
  const check = page.getByRole("button", { name: "Check and save" });
  const alert = page.locator("form [role=alert]");

  await url.fill(stack.engine.url);
  await token.fill("not-a-token");
  await check.click();
  await alert.getByText("Sign-in needed").waitFor();

  await url.fill("http://127.0.0.1:9");
  await token.fill(stack.engine.token);
  await check.click();
  await alert.getByText("Engine unreachable").waitFor();

  const strict = await startEngine({ allowOrigins: ["http://allowed.invalid"], seed: "none" });
  try {
    await url.fill(strict.url);
    await token.fill(strict.token);
    await check.click();
    await alert.getByText("Engine refused this origin").waitFor();
    assert.match(await alert.innerText(), new RegExp(`does not allow requests from ${stack.server.origin}`));
  } finally {
    strict.stop();
  }

  // The console's own server answers with an HTML page, not the engine's JSON.
  await url.fill(stack.server.url(""));
  await check.click();
  await alert.getByText("Unexpected answer from the engine").waitFor();

  await url.fill("not a url");
  await check.click();
  await page.getByText("The engine URL must start with https:// or http://").waitFor();
  assert.equal(await url.getAttribute("aria-invalid"), "true");

  await url.fill(stack.engine.url);
  await token.fill(stack.engine.token);
  await check.click();
  await page.getByRole("status").getByText(`Saved. Connected to workspace ${workspaceName}`).waitFor();
  const stored = await page.evaluate(() => ({
    session: sessionStorage.getItem("switchboard.token"),
    local: localStorage.getItem("switchboard.token"),
  }));
  assert.equal(stored.session, stack.engine.token);
  assert.equal(stored.local, null, "not remembered unless ticked");
  assert.ok(!page.url().includes(stack.engine.token), "the token never goes into a URL");
  await screenshot(page, "settings-engine-checked");
  assert.deepEqual(page.crashes, []);
});
