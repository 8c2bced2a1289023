// Shared end-to-end plumbing: serve dist/ on 127.0.0.1 and drive Debian's Chromium.
import { resolve } from "node:path";
import { chromium } from "playwright-core";
import { securityHeaders, serve as serveStatic } from "../../scripts/static-server.mjs";

export const DIST = resolve(process.env.PATCHCAST_DIST ?? "dist");

/** Serves `root` under `prefix` (e.g. "/wiki/tools/patchcast/") on a free loopback port. */
export function serve(root = DIST, prefix = "/", options = {}) {
  return serveStatic(root, { prefix, ...options });
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

/**
 * `useServerAndBrowser` with the README's security headers (the strict Content Security
 * Policy among them) on every file served.
 */
export function useSecuredServerAndBrowser({ before, after }) {
  const shared = {};
  before(async () => {
    shared.server = await serve(DIST, "/", { headers: securityHeaders() });
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

/**
 * Downloads the file behind the Download menu's item `testid` (opening the menu first, as
 * a planner would) and returns Playwright's download.
 */
export async function downloadFrom(page, testid) {
  const menu = page.getByTestId("downloads-menu");
  if (!(await menu.evaluate((details) => details.open))) await menu.locator("summary").click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  return file;
}
