// End-to-end harness: a local engine (in memory, demo data), the release
// build served under a base path, and Debian's headless Chromium driven by
// playwright-core. Each test file starts its own stack, so files never share
// state. Paths come from `cargo xtask test` through the environment.

import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { createInterface } from "node:readline";
import path from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with cargo xtask test`);
  return value;
};

export const ENGINE_BIN = () => env("ENGINE_BIN");
const BASE = () => env("CONSOLE_BASE_PATH").replace(/\/$/, "");

/** Starts `engine serve` on a free loopback port; resolves once it listens. */
export async function startEngine({ customers, allowOrigins = [], seed = "demo" } = {}) {
  const args = ["serve", "--listen", "127.0.0.1:0", "--db", ":memory:", "--seed", seed, "--faults"];
  if (customers !== undefined) args.push("--customers", String(customers));
  for (const origin of allowOrigins) args.push("--allow-origin", origin);
  const child = spawn(ENGINE_BIN(), args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async () => (await iterator.next()).value ?? "";
  const first = await Promise.race([
    next(),
    new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`engine exited (${code})`)))),
  ]);
  const url = first.replace(/^listening on /, "").trim();
  if (!url.startsWith("http://")) throw new Error(`unexpected engine output: ${first}`);
  const token = (await next()).replace(/^admin token: /, "").trim();
  lines.on("line", () => {});
  return {
    url,
    token,
    /** Makes the next `count` requests to `path` fail; see the engine's README. */
    async fault(spec) {
      const res = await fetch(`${url}/_faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(spec),
      });
      if (!res.ok) throw new Error(`fault injection refused: ${res.status} ${await res.text()}`);
    },
    /** Calls the engine's API directly, as an admin. */
    async api(method, apiPath, body) {
      const res = await fetch(`${url}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    stop() {
      child.kill();
    },
  };
}

/** A signed token from the engine's CLI, e.g. `mintToken("admin", "--ttl", "1")`. */
export function mintToken(...args) {
  return execFileSync(ENGINE_BIN(), ["token", ...args], { encoding: "utf8" }).trim();
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Serves the release build under the base path (index.html for any path that
 * is not a file, as a production server would, so deep links load), a
 * config.json with `config`, and the examples folder under /examples/ with a
 * pretend host backend at /host-api/. `headers` go on every answer (a
 * Content-Security-Policy, say).
 */
export async function startConsoleServer({ config = {}, hostApi = {}, headers = {} } = {}) {
  const dist = env("CONSOLE_DIST");
  const examples = env("EXAMPLES_DIR");
  const base = BASE();
  const send = (res, status, type, body) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
    res.end(body);
  };
  const serveFile = async (res, root, rel, fallback) => {
    const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
    try {
      return send(res, 200, TYPES[path.extname(file)] ?? "application/octet-stream", await readFile(file));
    } catch {
      if (fallback) return send(res, 200, TYPES[".html"], await readFile(path.join(root, fallback)));
      return send(res, 404, "text/plain", "not found");
    }
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const p = decodeURIComponent(url.pathname);
    if (p === `${base}/config.json`) return send(res, 200, TYPES[".json"], JSON.stringify(config));
    if (p.startsWith("/host-api/")) {
      const handler = hostApi[p.slice("/host-api/".length)];
      if (!handler) return send(res, 404, "text/plain", "no such host endpoint");
      const { status = 200, type = "text/plain", body } = await handler(req);
      return send(res, status, type, body);
    }
    if (p.startsWith("/examples/")) {
      const rel = p.slice("/examples/".length);
      const folder = rel.split("/")[0];
      return serveFile(res, examples, path.extname(rel) ? rel : `${folder}/index.html`, null);
    }
    if (p === "/" || p === base) {
      res.writeHead(302, { location: `${base}/` });
      return res.end();
    }
    if (p.startsWith(`${base}/`)) {
      const rel = p.slice(base.length + 1);
      return serveFile(res, dist, rel || "index.html", path.extname(rel) ? null : "index.html");
    }
    send(res, 404, "text/plain", "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    /** The URL of an app path such as "/customers/42", under the base path. */
    url: (appPath = "/") => `${origin}${base}${appPath}`,
    base,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

// Chromium's background services try to reach the internet, which these
// machines cannot; keep it quiet and fast.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: env("CHROMIUM"), headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens a page that records uncaught errors (a Rust panic shows up as one) so
 * that a test can assert the console never crashed.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.crashes = [];
  page.on("pageerror", (error) => page.crashes.push(String(error)));
  page.on("console", (msg) => {
    if (msg.type() === "error" && /panicked|unreachable|RuntimeError/.test(msg.text())) {
      page.crashes.push(msg.text());
    }
  });
  return page;
}

/**
 * Waits until `locator` has keyboard focus and fails naming what has it
 * instead. The console moves focus in the frame after the one that renders
 * new content, so a check made the moment the content appears would race.
 */
export async function expectFocused(locator, what) {
  const page = locator.page();
  const element = await locator.elementHandle();
  try {
    await page.waitForFunction((el) => el === document.activeElement, element, { timeout: 5000 });
  } catch {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `<${el.tagName.toLowerCase()}> "${(el.textContent ?? "").trim().slice(0, 40)}"` : "nothing";
    });
    throw new Error(`focus should be on ${what}, but is on ${focused}`);
  }
}

/** Saves a full-page screenshot for people to look at (git-ignored). */
export async function screenshot(page, name) {
  const dir = env("SCREENSHOT_DIR");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Engine + console server + browser for one test file, with the console
 * signed in through config.json. Stopped by `stack.stop()` in `after`.
 */
export async function startStack({ engine: engineOptions = {}, config, headers } = {}) {
  const engine = await startEngine(engineOptions);
  const server = await startConsoleServer({
    config: config ?? { apiUrl: engine.url, token: engine.token },
    headers,
  });
  const browser = await launchBrowser();
  return {
    engine,
    server,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
      engine.stop();
    },
  };
}

/** A page's main heading, as a person reads it. */
export const heading = (page, name) => page.getByRole("heading", { level: 1, name, exact: true });

/** A toast saying `text`. */
export const toast = (page, text) => page.locator(".toast").filter({ hasText: text });

/**
 * Waits until the address has `?key=value`: filters replace the history
 * entry, which fires no load event to wait for.
 */
export const queryParam = (page, key, value) =>
  page.waitForFunction(([k, v]) => new URL(location.href).searchParams.get(k) === v, [key, value]);
