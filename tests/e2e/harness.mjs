// Shared end-to-end plumbing: serve dist/ on 127.0.0.1 and drive Debian's Chromium.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export const DIST = resolve(process.env.PATCHCAST_DIST ?? "dist");

/** Serves `root` under `prefix` (e.g. "/wiki/tools/patchcast/") on a free loopback port. */
export async function serve(root = DIST, prefix = "/") {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + prefix, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium with the flags this machine needs; never downloads a browser. */
/** Debian's Chromium, and the flags it needs on this machine (no network but loopback). */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/**
 * Opens a page that records console errors, page errors and requests to other origins.
 * `problems()` lists them; a passing test expects it to be empty.
 */
export async function watchedPage(browser, origin) {
  const page = await browser.newPage();
  const seen = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") seen.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => seen.push(`page error: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) seen.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(origin + "/") && !url.startsWith("data:") && !url.startsWith("blob:")) {
      seen.push(`request to another origin: ${url}`);
    }
  });
  return { page, problems: () => seen };
}

/**
 * Serves dist/ and launches the browser once for a test file; the returned object holds
 * `server` and `browser` once `before` has run.
 */
export function useServerAndBrowser({ before, after }) {
  const shared = {};
  before(async () => {
    shared.server = await serve();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** Opens the planner (or `url`) in a fresh page of 1440×1000 and waits for the first plan. */
export async function openPlanner(shared, url = shared.server.url) {
  const watched = await watchedPage(shared.browser, shared.server.origin);
  await watched.page.setViewportSize({ width: 1440, height: 1000 });
  await watched.page.goto(url);
  await watched.page.getByTestId("summary").waitFor();
  return watched;
}
