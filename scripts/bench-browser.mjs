// Measures the planner in headless Chromium (a benchmark, not a test: it asserts nothing).
//   node scripts/bench-browser.mjs [DIST]
// Prints, for cold loads (a fresh browser context, so an empty cache, at 1440×1000): when
// the plan is painted (the prerendered view), when the app is shown ready for input (the
// frame after it takes the prerendered view's place), and when it is whole (the frame after
// its last part, the host schedule, is drawn); each timed in the page, from the start of
// the navigation to the end of that frame's paint (a frame, then a message). The release
// bundle is served as `./scripts/serve.sh` serves it (its precompressed copies), and
// compressed on every request (gzip -9, as the test server does). Then the time from a
// keystroke in a fleet field to the updated summary and tables at 10,000 and 100,000
// hosts (and at 10,000 with a rollout in progress), and the capacity solver's time.
import { serve, launch } from "../tests/e2e/harness.mjs";
import { resolve } from "node:path";

const dist = resolve(process.argv[2] ?? "dist");
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = (xs) => xs.map((x) => x.toFixed(0)).join(", ");

/** In the page, before its scripts: note the end of the first paint after each of `marks` (a
 * selector) is in the page and not hidden. */
function watchFor(marks) {
  window.__painted = {};
  const afterPaint = (name) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (window.__painted[name] = performance.now());
      channel.port2.postMessage(null);
    });
  const seen = new Set();
  new MutationObserver(() => {
    for (const [name, selector] of Object.entries(marks)) {
      if (seen.has(name)) continue;
      const element = document.querySelector(selector);
      if (element && !element.closest("[hidden]")) {
        seen.add(name);
        afterPaint(name);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["hidden"] });
}
const marks = { shown: '#app [data-testid="summary-hosts"]', whole: '#app [data-testid="hosts"] tbody tr:not(.spacer)' };

for (const [how, options] of [["precompressed", { gzip: false, precompressed: true }], ["gzip -9 per request", {}]]) {
  const server = await serve(dist, "/", options);
  const paints = [];
  const shown = [];
  const whole = [];
  for (let i = 0; i < 9; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addInitScript(watchFor, marks);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__painted.whole !== undefined);
    const t = await page.evaluate(() => window.__painted);
    paints.push(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN));
    shown.push(t.shown);
    whole.push(t.whole);
    await context.close();
  }
  await server.close();
  console.log(`cold load (${how}), medians of 9: plan painted (prerendered) ${median(paints).toFixed(0)} ms; ` +
    `app shown, ready for input ${median(shown).toFixed(0)} ms; whole app drawn ${median(whole).toFixed(0)} ms`);
  console.log(`  runs: painted ${runs(paints)}; shown ${runs(shown)}; whole ${runs(whole)}`);
}

const server = await serve(dist);
const page = await browser.newPage();
await page.setViewportSize({ width: 1440, height: 1000 });
await page.goto(server.url);
await page.getByTestId("summary-hosts").waitFor();
// The forecast of the sample in the page's worker: 10,000 trials (no target, no failure
// rate: nothing to stop early on), five seeds; it reports its own time in data-forecast-ms.
{
  await page.getByTestId("forecast-settings").locator("summary").click();
  const times = [];
  for (const seed of ["2", "3", "4", "5", "6"]) {
    await page.getByTestId("forecast-seed").fill(seed);
    await page.locator('[data-testid="forecast"][data-current="true"] [data-testid="forecast-answer"]').waitFor();
    times.push(Number(await page.getByTestId("forecast").getAttribute("data-forecast-ms")));
  }
  const trials = (await page.getByTestId("forecast-assumptions").textContent()).match(/^([\d,]+) trials/)[1];
  console.log(`forecast of the sample in the worker, ${trials} trials: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (from the request, sent 300 ms after the last edit, to the answer on the page)`);
}

/** Times 15 keystrokes in group 2's host count (from `base`), each to the updated summary. */
async function keystrokes(base) {
  return page.evaluate(async (base) => {
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
}

async function hostsTo(hosts) {
  // The sample has 298 planned hosts, 80 of them in group 2.
  await page.getByTestId("fleet-groups-2--hosts").fill(String(hosts - 218));
  await page.waitForFunction((n) => document.querySelector('[data-testid="summary-hosts"]').textContent === n.toLocaleString("en-US"), hosts);
}

for (const hosts of [10_000, 100_000]) {
  await hostsTo(hosts);
  const times = await keystrokes(hosts - 218);
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
// Keystrokes at 10,000 hosts while a forecast of 100,000 trials (and its search for the
// consoles under uncertainty) runs in the worker, its progress reports arriving on the
// page's thread as they are typed.
{
  // No target: nothing to stop early on, every trial runs; 20 hosts a site an opening: a
  // plan of hundreds of batches, some seconds of trials.
  await page.getByRole("button", { name: "Remove target 1" }).click();
  await page.getByTestId("site-limit").fill("20");
  await page.locator('[data-testid="forecast"][data-current="true"] [data-testid="forecast-answer"]').waitFor();
  const quiet = await keystrokes(10_000 - 218);
  console.log(`keystroke at 10000 hosts, 20 a site an opening, no forecast running: median ${median(quiet).toFixed(1)} ms, max ${Math.max(...quiet).toFixed(1)} ms (in order: ${runs(quiet)})`);
  await page.getByTestId("forecast-trials").fill("100000");
  await page.getByTestId("forecast-progress").locator("label").getByText(/Running trials: [1-9]/).waitFor();
  const times = await keystrokes(10_000 - 218);
  const still = await page.getByTestId("forecast-progress").count();
  console.log(`keystroke to updated summary and tables at 10000 hosts, 20 a site an opening, a forecast running: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (in order: ${runs(times)}; forecast still running after: ${still > 0})`);
  await page.getByTestId("forecast-trials").fill("10000");
  await page.getByTestId("site-limit").fill("50%");
}
// A rollout in progress at 10,000 hosts: approved, its first three batches marked done
// (one late, through the mark form's defaults), then the same keystrokes replan it.
await hostsTo(10_000);
await page.getByTestId("approve").click();
await page.getByTestId("progress-status").waitFor();
for (const n of [1, 2, 3]) {
  await page.getByTestId(`mark-done-${n}`).click();
  await page.getByTestId("progress-events").getByText(`${n} record`).waitFor();
}
{
  const times = await keystrokes(10_000 - 218);
  console.log(`keystroke to updated summary and tables at 10000 hosts, a rollout in progress: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (in order: ${runs(times)})`);
}

await browser.close();
await server.close();
