// End to end: the release bundle in headless Chromium, typed into like a planner would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { serve, watchedPage, useServerAndBrowser } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

test("the estimate follows the host count and consoles typed", async () => {
  const { page, problems } = await watchedPage(shared.browser, shared.server.origin);
  await page.goto(shared.server.url);
  const expected = page.getByTestId("expected-minutes");
  await expected.waitFor();
  assert.equal(await expected.textContent(), "100.1", "opens on 500 hosts, one console");

  await page.getByTestId("estimate-hosts").fill("250");
  await page.waitForFunction(() => document.querySelector("[data-testid=expected-minutes]").textContent === "58.0");

  await page.getByTestId("estimate-consoles").fill("10");
  await page.getByTestId("extrapolated").waitFor();

  await page.getByTestId("estimate-hosts").fill("many");
  await page.getByTestId("estimate-hosts-error").getByText("whole number").waitFor();
  assert.equal(await page.getByTestId("estimate-hosts").inputValue(), "many", "the typed text stays");

  await mkdir("tests/e2e/artifacts", { recursive: true });
  await page.screenshot({ path: "tests/e2e/artifacts/estimate.png", fullPage: true });
  assert.deepEqual(problems(), []);
});

test("the bundle works from a sub-path", async () => {
  const sub = await serve(undefined, "/wiki/tools/patchcast/");
  try {
    const { page, problems } = await watchedPage(shared.browser, sub.origin);
    await page.goto(sub.url);
    await page.getByTestId("expected-minutes").waitFor();
    // The solver's worker starts from the same sub-path.
    await page.getByTestId("add-target-0").click();
    await page.getByTestId("solver-answer").waitFor();
    assert.equal(await page.getByTestId("solver").getAttribute("data-solved-by"), "worker");
    assert.deepEqual(problems(), []);
  } finally {
    await sub.close();
  }
});
