// Prints the raw and gzip -9 size of the bundle's wasm, JS and CSS, and fails above the budget.
// Usage: node scripts/size-check.mjs DIST_DIR
import { readdirSync, readFileSync } from "node:fs";
import { join, extname } from "node:path";
import { brotli, gzip as gzip9 } from "./precompress.mjs";

// A guard against accidental growth, not a goal (issue 23 retired the 250 KiB target): the
// budget sits a few KiB above what the bundle measures, so that real growth fails here;
// raise it only with a line in BENCHMARKS.md ("Bundle size") saying what grew and why.
// 2026-12-07: 389.3 KiB, after well-kept libraries replaced the hand-written copies of
// serde_json, the standard library and the build's wasm rewriting (BENCHMARKS.md has the
// breakdown); the size race's history, down to 279.4 KiB, is there too. Later that day,
// 433.4 KiB with issue 24 (the printed change summary, the solver's bound and its worker's
// page side, BENCHMARKS.md "Twelfth round"). 2026-12-07 again: 496.7 KiB with issue 25
// (following a rollout: its record, checking it, replanning from it, the Progress section
// and marks, the CSV import; BENCHMARKS.md "Thirteenth round"). 2026-12-07, issue 26:
// 543.4 KiB (the forecast: its panel and charts, its words in two languages, and its
// trials on the page's own thread for the single file, which has no worker; BENCHMARKS.md
// "Fourteenth round"); 545.7 KiB with issue 27's back-out reserve (the window's field,
// its check and words, the editor, the Gantt's shading); 573.2 KiB with its availability
// sets (checking and resolving them, the scheduler keeping them, held by and the solver
// naming them, the trials keeping them, the editor, the inventory's column, the exports;
// BENCHMARKS.md "Fifteenth round").
const BUDGET_GZIP_BYTES = 576 * 1024;
// The worker (src/compute.rs, fetched when the page first solves): the planning core and
// the solver, no UI. 2026-12-07: 181.4 KiB; 216.1 KiB with issue 25 (a scenario it is sent
// may carry a rollout's record: reading, checking and replanning it); 245.3 KiB with
// issue 26 (the forecast's trials, rand's generator and distributions, the consoles under
// uncertainty); 245.9 KiB with the back-out reserve; 263.3 KiB with availability sets.
const WORKER_BUDGET_GZIP_BYTES = 266 * 1024;
const dist = process.argv[2] ?? "dist";

const all = readdirSync(dist).filter((f) => [".wasm", ".js", ".css"].includes(extname(f)));
if (all.length === 0) {
  console.error(`size-check: no wasm, JS or CSS in ${dist}`);
  process.exit(1);
}
const kib = (n) => (n / 1024).toFixed(1);

/** Prints each of `files` and their total; fails when the gzip total is over `budget`. */
function check(what, files, budget) {
  let raw = 0;
  let gzip = 0;
  let br = 0;
  for (const name of files.sort()) {
    const bytes = readFileSync(join(dist, name));
    const gz = gzip9(bytes).length;
    const b = brotli(bytes).length;
    raw += bytes.length;
    gzip += gz;
    br += b;
    console.log(`${name.padEnd(44)} ${String(bytes.length).padStart(9)} raw ${String(gz).padStart(8)} gzip ${String(b).padStart(8)} brotli`);
  }
  console.log(`${what}: ${raw} bytes raw (${kib(raw)} KiB), ${gzip} bytes gzip -9 (${kib(gzip)} KiB), ${br} bytes brotli -11 (${kib(br)} KiB); budget ${kib(budget)} KiB gzip`);
  if (gzip > budget) {
    console.error(`size-check: ${what} over budget by ${kib(gzip - budget)} KiB`);
    process.exitCode = 1;
  }
}

// The page (what every planner downloads) and its worker (fetched the first time the page
// solves for a target, then cached) are budgeted apart.
const worker = (f) => f.startsWith("patchcast-worker");
check("page", all.filter((f) => !worker(f)), BUDGET_GZIP_BYTES);
check("worker", all.filter(worker), WORKER_BUDGET_GZIP_BYTES);
