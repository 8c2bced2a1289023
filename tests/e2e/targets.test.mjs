// End to end: completion targets and the capacity solver in the page. A planner sets a
// target the plan misses, reads what it takes, applies it, and sees the target met; the
// plan before stays pinned as the baseline to compare with or go back to.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { openPlanner, useServerAndBrowser } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

test("a missed target: the solver says what it takes, Use this applies it, the target is met", async () => {
  const { page, problems } = await openPlanner(shared);
  // One console finishes the sample in 7 d 21 h; two in 7 d 13 h.
  await page.getByTestId("capacity-consoles").fill("1");
  await page.getByTestId("add-target-custom").click();
  await page.getByTestId("targets-0--within").fill("7d18h");
  const outcome = page.getByTestId("target-0-outcome");
  await outcome.getByText("missed by").waitFor();
  assert.match(await page.getByTestId("headline").textContent(), /Targets: all hosts within 7 d 18 h: missed by 3 h/);

  const answer = page.getByTestId("solver-answer");
  await answer.getByText("Fewest consoles that meet every target: 2 (now 1).").waitFor();
  assert.equal(await page.getByTestId("solver").getAttribute("data-solved-by"), "worker", "solved off the page's thread");
  const rows = await page.getByTestId("solver-table").locator("tbody tr").count();
  assert.ok(rows >= 8, `${rows} rows in the sensitivity table`);
  assert.match(await page.getByTestId("solver-row-1").textContent(), /missed/);
  assert.match(await page.getByTestId("solver-row-2").textContent(), /met/);
  assert.match(await page.getByTestId("solver-chart").innerHTML(), /<svg/);
  // The deadline is drawn on the exposure chart.
  assert.match(await page.getByTestId("exposure-chart").innerHTML(), /all hosts within 7 d 18 h ✗/);

  await page.getByTestId("use-consoles-2").click();
  assert.equal(await page.getByTestId("capacity-consoles").inputValue(), "2");
  await outcome.getByText("met,").waitFor();
  assert.match(await page.getByTestId("summary-target-0").textContent(), /^met, .+ to spare$/);
  assert.match(await page.getByTestId("headline").textContent(), /all hosts within 7 d 18 h: met/);
  await page.getByTestId("solver-row-2").getByText("in use").waitFor();
  // What was there before is pinned to compare with.
  await page.getByTestId("clear-baseline").waitFor();
  assert.match(await page.getByTestId("exposure-chart").innerHTML(), /baseline/);
  assert.deepEqual(problems(), []);
});

test("a target's mistakes show beside it; removing the last target leaves a version 1 scenario", async () => {
  const { page, problems } = await openPlanner(shared);
  await page.getByTestId("add-target-0").click();
  await page.getByTestId("targets-0--within").fill("3 weeks");
  await page.getByTestId("targets-0--within-error").getByText("72h, 14d or 1d12h").waitFor();
  await page.getByTestId("targets-0--within").fill("72h");
  await page.getByTestId("target-0-outcome").getByText(/met|missed/).waitFor();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("patchcast.scenario")));
  assert.equal(stored.version, 2);
  assert.deepEqual(stored.targets, [{ hosts: "internet_facing", within: "72h" }]);
  await page.getByRole("button", { name: "Remove target 1" }).click();
  await page.getByTestId("solver-empty").waitFor();
  // Back to the sample: nothing kept, as for a first visit.
  await page.waitForFunction(() => localStorage.getItem("patchcast.scenario") === null);
  assert.deepEqual(problems(), []);
});

test("at 100,000 hosts the solver works off the page's thread, with a progress bar, and the page keeps answering", async () => {
  // The sample fleet at 336 times its size (100,128 hosts) with one-hour weeknight windows,
  // and half the hosts within five days: the solver plans hundreds of console counts to be
  // sure that no count meets it.
  const s = JSON.parse(await readFile("tests/e2e/fixtures/solver-100k.json", "utf8"));
  const link = `${shared.server.url}#s=${deflateRawSync(Buffer.from(JSON.stringify(s))).toString("base64url")}`;
  const { page, problems } = await openPlanner(shared, link);
  // Whether the progress bar was ever shown, and the page's long tasks.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
    window.__sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="solver-progress"] progress')) window.__sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId("summary-hosts").getByText("100,128").waitFor({ timeout: 60_000 });
  await page.getByTestId("solver-progress").waitFor({ timeout: 60_000 });
  // The page answers while the worker works: a field takes typing at once.
  const name = page.getByTestId("name");
  await name.fill("MS05-021 at 100,000 hosts");
  assert.equal(await name.inputValue(), "MS05-021 at 100,000 hosts");
  const answer = page.getByTestId("solver-answer");
  await answer.getByText("No number of consoles meets every target").waitFor({ timeout: 120_000 });
  await page.getByTestId("solver-progress").waitFor({ state: "detached", timeout: 120_000 });
  const solver = page.getByTestId("solver");
  assert.equal(await solver.getAttribute("data-solved-by"), "worker");
  assert.ok(await page.evaluate(() => window.__sawProgress), "the progress bar was shown");
  const millis = Number(await solver.getAttribute("data-solve-ms"));
  const long = await page.evaluate(() => window.__long);
  console.log(`solver at 100,128 hosts: ${millis} ms in the worker; longest task on the page meanwhile ${Math.max(0, ...long).toFixed(0)} ms`);
  assert.match(await page.getByTestId("solver-miss").textContent(), /more change nothing/);
  assert.deepEqual(problems(), []);
});
