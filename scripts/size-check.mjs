// Prints the raw and gzip -9 size of the bundle's wasm, JS and CSS, and fails above the budget.
// Usage: node scripts/size-check.mjs DIST_DIR
import { readdirSync, readFileSync } from "node:fs";
import { join, extname } from "node:path";
import { brotli, gzip as gzip9 } from "./precompress.mjs";

// The foundation page (one estimate panel) was 82 KiB. The whole planner (editors for every
// input, live plan, charts, comparison, exports) measured 249 KiB; reading and writing
// scenario JSON for files, links and storage (serde's derived code, serde_json, DEFLATE)
// brought it to 334 KiB, Japanese to 349, inventory import to 360. BENCHMARKS.md has the
// breakdown. The third round drew the charts as SVG directly instead of through plotters
// (395 -> 364 KiB) and added the first-paint work (368 KiB); completion targets and the
// capacity solver in the page (the Targets editor, the solver, its table and chart) took
// it to 394 KiB, and the compare deltas, host filter, focus on Add, the link toast,
// hours-and-minutes window lengths and short edition names to 399.1 KiB. The fourth round
// added the Download menu, the printable summary and what holds each phase back (404.0),
// minified the scripts and stylesheet (-3.7) and made the stateless pieces plain functions
// instead of components (-7.9): 393.8 KiB. The fifth round read and wrote JSON with our own
// reader and writer instead of serde_json (-12.6), sorted short lists with one small sort
// (-10.4), and had the browser convert decimals and our own code quote CSV, dropping the
// standard library's float tables (-17.6): 354.3 KiB; inputs, spacers and file pickers as
// plain functions, a denser time-zone table and host orders through one shared sort
// brought it to 348.8 KiB. The sixth round's allocator, talc instead of dlmalloc (-3.2),
// inventories read by our own CSV reader instead of the csv crate's (-6.0), links
// encoded by our own base64url (-2.8) and inflated by the browser's DecompressionStream
// (-4.9), and picked files read with Blob.arrayBuffer() instead of gloo's FileReader
// (-1.3) brought it to 330.8 KiB. The seventh round read and wrote scenarios by hand
// instead of through serde's derived code (-12.5), kept the fields being typed into in a
// sorted list rather than two BTreeMaps (-5.7), and gave the wasm's imports from its glue
// short names (scripts/shorten-imports.mjs, -5.8), boxed the JSON reader's error (-5.1)
// and told wasm-opt the lowest KiB of memory is unused (-1.6): 298.1 KiB. The eighth
// wrote numbers without the standard library's float formatting (src/decimal.rs, -8.4)
// and counted a share target batch by batch rather than selecting among every host's time
// (-1.1): 288.2 KiB; ordering the wasm's functions by the generic they copy, so that gzip
// sees the copies side by side (scripts/order-functions.mjs, -5.3): 282.9 KiB. The ninth
// took phases' hosts in host order, so the scheduler no longer sorts them (-1.3), and drew
// two editors that keep no state as functions, not components (-1.2), and read whole
// numbers with one reader (-0.3): 280.6 KiB (also at the end of the round, after a fix to
// the JSON reader and a simpler share target). The tenth found short phrases with a
// plain scan (-0.1), read the wiki markup from its menu (-0.4) and told workspace states
// apart by a generation count (-0.7): 279.4 KiB, and measured what 250 would take. The
// budget follows what is reached, a few KiB above it, so that real
// growth fails here; raise it only with a line in BENCHMARKS.md saying what grew. Issue
// 10's target is 250 KiB.
const BUDGET_GZIP_BYTES = 282 * 1024;
const dist = process.argv[2] ?? "dist";

const files = readdirSync(dist).filter((f) => [".wasm", ".js", ".css"].includes(extname(f)));
if (files.length === 0) {
  console.error(`size-check: no wasm, JS or CSS in ${dist}`);
  process.exit(1);
}

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
const kib = (n) => (n / 1024).toFixed(1);
console.log(`total: ${raw} bytes raw (${kib(raw)} KiB), ${gzip} bytes gzip -9 (${kib(gzip)} KiB), ${br} bytes brotli -11 (${kib(br)} KiB); budget ${kib(BUDGET_GZIP_BYTES)} KiB gzip`);
if (gzip > BUDGET_GZIP_BYTES) {
  console.error(`size-check: over budget by ${kib(gzip - BUDGET_GZIP_BYTES)} KiB`);
  process.exit(1);
}
