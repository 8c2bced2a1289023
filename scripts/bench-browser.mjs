// Measures the planner in headless Chromium (a benchmark, not a test: it asserts nothing).
//   node scripts/bench-browser.mjs [DIST]
// Prints: time to the plan's first paint (the prerendered view) and to the whole app on a
// cold load, and time from a keystroke in a
// fleet field to the updated summary and tables at 10,000 and 100,000 hosts.
import { serve, launch } from "../tests/e2e/harness.mjs";
import { resolve } from "node:path";

const dist = resolve(process.argv[2] ?? "dist");
const server = await serve(dist);
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Cold loads: a fresh context (empty cache) each time.
const loads = [];
const paints = [];
for (let i = 0; i < 7; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId("summary-hosts").waitFor();
  loads.push(await page.evaluate(() => performance.now()));
  paints.push(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN));
  await context.close();
}
const runs = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
console.log(`cold load to the plan painted (prerendered): median ${median(paints).toFixed(0)} ms (runs: ${runs(paints)})`);
console.log(`cold load to the whole app drawn: median ${median(loads).toFixed(0)} ms (runs: ${runs(loads)})`);

const page = await browser.newPage();
await page.setViewportSize({ width: 1440, height: 1000 });
await page.goto(server.url);
await page.getByTestId("summary-hosts").waitFor();
for (const hosts of [10_000, 100_000]) {
  // The sample has 298 planned hosts, 80 of them in group 2.
  const base = hosts - 218;
  await page.getByTestId("fleet-groups-2--hosts").fill(String(base));
  await page.waitForFunction((n) => document.querySelector('[data-testid="summary-hosts"]').textContent === n.toLocaleString("en-US"), hosts);
  const times = await page.evaluate(async (base) => {
    const input = document.querySelector('[data-testid="fleet-groups-2--hosts"]');
    const summary = document.querySelector('[data-testid="summary-hosts"]');
    const out = [];
    for (let k = 1; k <= 15; k++) {
      const want = (base + 218 + k).toLocaleString("en-US");
      const done = new Promise((ok) => {
        const seen = new MutationObserver(() => {
          if (summary.textContent === want) {
            seen.disconnect();
            ok(performance.now());
          }
        });
        seen.observe(summary, { childList: true, subtree: true, characterData: true });
      });
      const t0 = performance.now();
      input.value = String(base + k);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      out.push((await done) - t0);
      // Let the frame finish before the next keystroke.
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    }
    return out;
  }, base);
  console.log(`keystroke to updated summary and tables at ${hosts} hosts: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (in order: ${runs(times)})`);
}

// The capacity solver at 10,000 hosts: a target the plan with one console misses (all
// hosts within the finish with two consoles, rounded up to the hour), solved by the page
// 250 ms after the last edit; it reports its own time in data-solve-ms.
{
  await page.getByTestId("fleet-groups-2--hosts").fill(String(10_000 - 218));
  await page.getByTestId("capacity-consoles").fill("1");
  await page.getByTestId("add-target-custom").click();
  const solveTimes = [];
  for (const deadline of ["8d20h", "8d19h", "8d18h", "8d17h", "8d16h"]) {
    await page.getByTestId("targets-0--within").fill(deadline);
    // Answered for this deadline: the table's heading names it, and the answer is current.
    const words = deadline.replace("d", " d ").replace("h", " h");
    await page.waitForFunction(
      (w) => document.querySelector('[data-testid="solver"]:not(.stale) thead')?.textContent.includes(w),
      words,
    );
    solveTimes.push(Number(await page.getByTestId("solver").getAttribute("data-solve-ms")));
  }
  const answer = await page.getByTestId("solver-answer").textContent();
  console.log(`capacity solver at 10000 hosts: median ${median(solveTimes).toFixed(0)} ms, max ${Math.max(...solveTimes).toFixed(0)} ms (${answer.trim()})`);
}
await browser.close();
await server.close();
