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
// breakdown); the size race's history, down to 279.4 KiB, is there too.
const BUDGET_GZIP_BYTES = 392 * 1024;
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
