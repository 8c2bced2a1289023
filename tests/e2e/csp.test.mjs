// End to end: the release bundle under the strict Content Security Policy the README
// gives web servers, and the single file under its own; no violation, no console error,
// no request to any other origin, while a planner uses the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { useSecuredServerAndBrowser, watchedPage } from "./harness.mjs";

const shared = useSecuredServerAndBrowser({ before, after });

/** Records every CSP violation the page reports, from before its first script. */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return () => page.evaluate(() => window.__violations);
}

/**
 * What a planner does on a visit: edit, scroll the host schedule, switch language, set a
 * target. Returns where the solver worked: "worker" or "page".
 */
async function use(page) {
  await page.getByTestId("summary").waitFor();
  await page.getByTestId("fleet-groups-0--hosts").fill("22");
  await page.getByTestId("summary-hosts").getByText("308").waitFor();
  await page.getByTestId("hosts").evaluate((el) => el.scrollBy(0, 3000));
  await page.getByTestId("customise-phases").click();
  await page.getByTestId("language").selectOption("ja");
  await page.getByTestId("status").getByText("計画は最新です。").waitFor();
  await page.getByTestId("language").selectOption("en");
  await page.getByTestId("add-target-0").click();
  await page.getByTestId("solver-answer").waitFor();
  return page.getByTestId("solver").getAttribute("data-solved-by");
}

test("the bundle runs under the strict policy with no violation", async () => {
  const response = await fetch(shared.server.url);
  const policy = response.headers.get("content-security-policy");
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(policy, /style-src 'self'/);
  assert.match(policy, /frame-ancestors 'self'/);
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.equal(response.headers.get("referrer-policy"), "no-referrer");
  const html = await response.text();
  assert.match(html, /<meta http-equiv="Content-Security-Policy"/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");

  const { page, problems } = await watchedPage(shared.browser, shared.server.origin);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const violations = await recordViolations(page);
  await page.goto(shared.server.url);
  assert.equal(await use(page), "worker", "the solver's worker runs under the policy");
  // Swatches and spacers get their style through the CSSOM, which the policy allows.
  const swatch = await page.locator(".legend .swatch").first().evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(swatch, "rgba(0, 0, 0, 0)", "the legend swatch has its colour");
  assert.deepEqual(await violations(), []);
  assert.deepEqual(problems(), []);
});

test("the single file runs from disk under its own hash-based policy", async () => {
  const page = await shared.browser.newPage();
  const seen = [];
  page.on("console", (m) => m.type() === "error" && seen.push(m.text()));
  page.on("pageerror", (e) => seen.push(e.message));
  page.on("request", (r) => {
    if (!r.url().startsWith("file://") && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) {
      seen.push(`request: ${r.url()}`);
    }
  });
  const violations = await recordViolations(page);
  await page.goto(pathToFileURL(resolve("dist-single/patchcast.html")).href);
  const html = await page.content();
  assert.match(html, /script-src (?:'sha256-[^']+' )+'wasm-unsafe-eval'/);
  // One file has no worker script to start: it solves on the page's own thread.
  assert.equal(await use(page), "page");
  assert.deepEqual(await violations(), []);
  assert.deepEqual(seen, []);
  await page.close();
});
