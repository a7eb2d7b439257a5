// The flow editor for `cargo xtask bench`: printed, never asserted. A
// customer-level flow of 200 steps (the engine's most) is created through the
// engine's API; then, measured inside the page: from the click on its link in
// the customer's Flows section to the last step's card and the Save button
// being in the DOM (time to interactive), from typing in one step's name to
// its title showing it, and from a move to the new order showing.

import { startStack, openPage } from "../harness.mjs";

const RUNS = 5;
const STEPS = 200;
const ACME = "0c1274502c4e4e542333a59d";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const line = (what, times) =>
  console.log(`${what} median=${ms(median(times))} min=${ms(Math.min(...times))} max=${ms(Math.max(...times))} (n=${times.length})`);

const stack = await startStack();
try {
  const api = (path, init = {}) =>
    fetch(`${stack.engine.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${stack.engine.token}`, "content-type": "application/json" },
    }).then(async (res) => {
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    });
  const connections = await api(`/connections?tenantId=${ACME}`);
  const hubspot = connections.items.find((c) => JSON.stringify(c).includes("hubspot") && !c.disconnected);
  const nodes = { start: { type: "api-trigger", name: "Start", links: [{ key: "step-1" }] } };
  for (let i = 1; i < STEPS; i++) {
    nodes[`step-${i}`] = {
      type: "transform-data",
      name: `Step ${i}`,
      config: { output: { $var: `$.input.${i === 1 ? "start" : `step-${i - 1}`}` } },
      ...(i + 1 < STEPS ? { links: [{ key: `step-${i + 1}` }] } : {}),
    };
  }
  const flow = await api("/flow-instances", {
    method: "POST",
    body: JSON.stringify({ name: "Two hundred steps", connectionId: hubspot.id, nodes }),
  });

  const page = await openPage(stack.browser);
  const open = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(stack.server.url(`/customers/${ACME}/flows?q=Two+hundred`));
    const link = page.getByRole("link", { name: "Two hundred steps", exact: true });
    await link.waitFor();
    open.push(
      await link.evaluate(
        (a, steps) =>
          new Promise((resolve) => {
            const start = performance.now();
            new MutationObserver((_, observer) => {
              const ready = document.querySelectorAll(".flow-steps .flow-step").length === steps
                && [...document.querySelectorAll("button")].some((b) => b.textContent.trim() === "Save flow");
              if (ready) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            }).observe(document, { childList: true, subtree: true });
            a.click();
          }),
        STEPS,
      ),
    );
  }
  line(`flow editor, ${STEPS} steps: click to interactive`, open);

  const step = page.getByRole("listitem", { name: "Step 100", exact: true });
  await step.getByRole("button", { name: "Settings" }).click();
  const name = page.locator("#step-step-100-name");
  await name.waitFor();
  const typing = [];
  for (let i = 0; i < RUNS * 4; i++) {
    typing.push(
      await name.evaluate(
        (input, text) =>
          new Promise((resolve) => {
            const title = document.getElementById("step-step-100-title");
            const start = performance.now();
            new MutationObserver((_, observer) => {
              if (title.textContent === text) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            }).observe(title, { childList: true, subtree: true, characterData: true });
            input.value = text;
            input.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        `Step 100 renamed ${i}`,
      ),
    );
  }
  line(`flow editor, ${STEPS} steps: keystroke in a step's name to its title`, typing);

  const moves = [];
  for (let i = 0; i < RUNS * 2; i++) {
    const key = i % 2 === 0 ? "step-150" : "step-149";
    moves.push(
      await page.locator(`#step-${key}-up`).evaluate(
        (button) =>
          new Promise((resolve) => {
            const list = document.querySelector(".flow-steps");
            const start = performance.now();
            new MutationObserver((_, observer) => {
              observer.disconnect();
              resolve(performance.now() - start);
            }).observe(list, { childList: true });
            button.click();
          }),
      ),
    );
  }
  line(`flow editor, ${STEPS} steps: move a step to the new order shown`, moves);
  if (!flow.id) throw new Error("the flow was not created");
} finally {
  await stack.stop();
}
