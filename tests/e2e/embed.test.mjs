// Embedding: the example host page mounts the console with a token provider,
// under its own base path, without restyling the host.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEngine, startConsoleServer, launchBrowser, openPage, screenshot } from "./harness.mjs";

let engine, server, browser;
let tokenCalls = 0;
before(async () => {
  engine = await startEngine();
  server = await startConsoleServer({
    hostApi: {
      session: async () => ({ type: "application/json", body: JSON.stringify({ apiUrl: engine.url }) }),
      // The first token is rejected by the engine, so the console must ask
      // again after the 401 and retry the request once.
      token: async () => ({ body: ++tokenCalls === 1 ? "stale-token" : engine.token }),
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  engine?.stop();
});

test("the example host page mounts the console, renews a rejected token and keeps its own styles", async () => {
  const page = await openPage(browser);
  await page.goto(`${server.origin}/examples/embed/settings/engine`);
  const workspace = (await engine.api("GET", "/workspace")).name;
  await page.getByText(`Connected to workspace ${workspace}`).first().waitFor();
  assert.equal(tokenCalls, 2, "called at start, and again after the 401");

  const hostStyle = await page.evaluate(() => ({
    bodyFont: getComputedStyle(document.body).fontFamily,
    bodyBackground: getComputedStyle(document.body).backgroundColor,
    headerFont: getComputedStyle(document.querySelector(".host-header h1")).fontSize,
  }));
  assert.deepEqual(hostStyle, {
    bodyFont: "Georgia, serif",
    bodyBackground: "rgb(255, 251, 234)",
    headerFont: "20px",
  });
  assert.equal(await page.title(), "Acme Admin · Integrations", "the host keeps its title");

  const nav = page.getByRole("navigation", { name: "Main" });
  assert.equal(await nav.getByRole("link", { name: "Apps" }).getAttribute("href"), "/examples/embed/apps");
  await nav.getByRole("link", { name: "Apps" }).click();
  await page.waitForURL((u) => u.pathname === "/examples/embed/apps");
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Apps" }).waitFor();
  await screenshot(page, "embed-host-page");

  await page.evaluate(() => window.hostConsole.unmount());
  assert.equal(await page.locator("#integrations .switchboard").count(), 0);
  assert.deepEqual(page.crashes, []);
});
