// First visits for `cargo xtask bench`: printed, never asserted. For each
// entry screen, in a fresh browser context (cold cache) each run: the wasm,
// js and css the browser fetched (gzip bytes), and the time from navigation
// start to the screen's content being in the DOM.

import { startStack } from "../harness.mjs";
import { entryScreens, firstVisit } from "../first_visit.mjs";

const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const stack = await startStack();
try {
  for (const [name, appPath, ready] of await entryScreens(stack)) {
    const times = [];
    let visit;
    for (let i = 0; i < RUNS; i++) {
      visit = await firstVisit(stack, appPath, ready);
      times.push(visit.time);
    }
    console.log(
      `first visit: ${name.padEnd(17)} ${kb(visit.bytes).padStart(9)} gzip in ${visit.files.length} files, ` +
        `content visible median=${median(times).toFixed(0)} ms min=${Math.min(...times).toFixed(0)} ms (n=${RUNS}, cold cache)`,
    );
  }
} finally {
  await stack.stop();
}
