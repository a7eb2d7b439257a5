// Form timings for `cargo xtask bench`: printed, never asserted.
// Mounts forms generated from schemas of 100, 1,000 and 5,000 fields through
// the `bench_mount_form` hook (src/forms/bench.rs), in a fresh page per run,
// and reports medians of: mount time (building the form's state and DOM),
// keystroke-to-DOM time (an input event in one field until every update it
// causes has run), and the number of DOM nodes the form made.

import { startStack, openPage } from "../harness.mjs";

const SIZES = [100, 1000, 5000];
const RUNS = 5;
const KEYSTROKES = 25;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A flat schema cycling through the common widget kinds. */
function schema(fields) {
  const kinds = [
    { type: "string" },
    { type: "string", format: "email" },
    { type: "integer", minimum: 0, maximum: 1000 },
    { type: "boolean" },
    { type: "string", enum: ["bronze", "silver", "gold", "platinum"] },
    { type: "string", format: "date" },
    { type: "string", description: "Shown as help text under the input." },
    { type: "number" },
  ];
  const properties = {};
  for (let i = 0; i < fields; i++) {
    properties[`field${i}`] = { title: `Field ${i}`, ...kinds[i % kinds.length] };
  }
  return { type: "object", required: ["field0"], properties };
}

// Runs in the page: mounts the form, types into a text field in the middle,
// and times each keystroke until the updates it queued (microtasks) are done.
async function measure({ json, keystrokes }) {
  const host = document.createElement("div");
  document.body.replaceChildren(host);
  const { bench_mount_form } = await import(new URL("switchboard.js", document.baseURI));
  const mount = bench_mount_form(host, json);
  const nodes = document.createTreeWalker(host, NodeFilter.SHOW_ALL);
  let count = 0;
  while (nodes.nextNode()) count++;
  const inputs = host.querySelectorAll("input[type=text]:not([inputmode])");
  const input = inputs[Math.floor(inputs.length / 2)];
  // Leptos runs its updates as microtasks: a few turns of the microtask
  // queue after the event, everything a keystroke causes has run. The
  // browser's own style and layout work afterwards is not counted.
  const settled = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  // Let the first layout of the new form happen before timing keystrokes.
  void host.offsetHeight;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const strokes = [];
  for (let i = 0; i < keystrokes; i++) {
    const start = performance.now();
    input.value += "x";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await settled();
    strokes.push(performance.now() - start);
  }
  strokes.sort((a, b) => a - b);
  return { mount, keystroke: strokes[Math.floor(strokes.length / 2)], nodes: count };
}

const stack = await startStack();
try {
  for (const size of SIZES) {
    const json = JSON.stringify(schema(size));
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await openPage(stack.browser);
      await page.goto(stack.server.url("/settings/engine"));
      // Once the console has mounted, its module is loaded and initialised.
      await page.getByRole("heading", { level: 1, name: "Engine", exact: true }).waitFor();
      runs.push(await page.evaluate(measure, { json, keystrokes: KEYSTROKES }));
      if (page.crashes.length) throw new Error(`the page crashed: ${page.crashes.join("\n")}`);
      await page.context().close();
    }
    const mount = median(runs.map((r) => r.mount));
    const keystroke = median(runs.map((r) => r.keystroke));
    const nodes = median(runs.map((r) => r.nodes));
    console.log(
      `forms ${size} fields: mount=${mount.toFixed(1)}ms keystroke=${keystroke.toFixed(2)}ms nodes=${nodes} (median of ${RUNS})`,
    );
  }
} finally {
  await stack.stop();
}
