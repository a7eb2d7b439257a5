// The standalone page under a strict Content-Security-Policy, as
// security-minded teams serve their admin pages: no inline script or style,
// so the page must start from files alone and the console must never set an
// inline style the policy refuses.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, heading } from "./harness.mjs";

const POLICY = "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

let stack;
before(async () => {
  stack = await startStack({ headers: { "content-security-policy": POLICY } });
});
after(async () => {
  await stack?.stop();
});


/** A page that records every policy violation the browser reports. */
async function watchedPage() {
  const page = await openPage(stack.browser);
  page.violations = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) page.violations.push(msg.text());
  });
  await page.exposeFunction("reportViolation", (v) => page.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.reportViolation(`${e.effectiveDirective} refused ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return page;
}

test("the standalone page starts and every area works under the policy, with no violation", async () => {
  const page = await watchedPage();
  await page.goto(stack.server.url("/"));
  await heading(page, "Customers").waitFor();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [area, title] of [
    ["Connections", "Connections"],
    ["Apps", "Apps"],
    ["Settings", "Engine"],
  ]) {
    await nav.getByRole("link", { name: area }).click();
    await heading(page, title).waitFor();
  }
  await page.goto(stack.server.url("/settings/general"));
  await heading(page, "General").waitFor();
  await page.goto(stack.server.url("/settings/testing"));
  await heading(page, "Testing").waitFor();
  await page.goto(stack.server.url("/apps"));
  await page.getByRole("link", { name: "HubSpot", exact: true }).first().click();
  await heading(page, "HubSpot").waitFor();
  await nav.getByRole("link", { name: "Customers" }).click();
  await heading(page, "Customers").waitFor();
  await page.getByRole("row").nth(1).getByRole("link").first().click();
  await page.getByRole("heading", { level: 2, name: "Fields" }).waitFor();

  // A deep link loaded cold starts the same way.
  await page.reload();
  await page.getByRole("heading", { level: 2, name: "Fields" }).waitFor();

  assert.deepEqual(page.violations, []);
  assert.deepEqual(page.crashes, []);
});
