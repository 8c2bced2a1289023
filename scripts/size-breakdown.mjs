// Where the optimised wasm goes, by part of the page (BENCHMARKS.md, "Bundle size").
//   node scripts/size-breakdown.mjs
// Builds the page's wasm with v0 symbol names (generic code named by the type it was made
// for: CompStateInner<FleetEditor>, not CompStateInner<COMP>) into target/size-breakdown,
// runs wasm-bindgen and wasm-opt -Oz keeping names, and groups `twiggy top` by part. Needs
// twiggy (`cargo install twiggy`); the rest is what scripts/setup.sh installs. Code inlined
// into another function counts where it was inlined.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

const target = "target/size-breakdown";
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
run("cargo", ["build", "--quiet", "--release", "--offline", "--target", "wasm32-unknown-unknown", "--features", "ui", "--bin", "patchcast-web"], {
  RUSTFLAGS: "-C symbol-mangling-version=v0",
  CARGO_TARGET_DIR: target,
});
mkdirSync(`${target}/bindgen`, { recursive: true });
run("wasm-bindgen", ["--target", "web", "--no-typescript", "--keep-debug", "--out-dir", `${target}/bindgen`,
  `${target}/wasm32-unknown-unknown/release/patchcast-web.wasm`]);
const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "multivalue", "reference-types"];
run("wasm-opt", ["-Oz", "-g", ...features.map((f) => `--enable-${f}`), `${target}/bindgen/patchcast-web_bg.wasm`,
  "-o", `${target}/named.wasm`]);
const csv = run("twiggy", ["top", "-n", "1000000", "-f", "csv", `${target}/named.wasm`]).toString();

const PAGE = "the page's views, hooks and callbacks (in Yew's generics)";
const READ = "reading scenarios: serde's derived Deserialize, the document tree (scenario/document.rs)";
const WRITE = "writing JSON: serde's derived Serialize";
const GLUE = "wasm-bindgen glue, imports, tables";
const engine = [
  [/^(scenario|form|fleet|maintenance_window|advisory|target|timing|time_zone|civil|i18n)/, "the scenario: checking, the form, windows, zones, advisories"],
  [/^(plan|scheduler|bottleneck|solve|phase|risk)/, "planning: schedule, phases, risk, what holds each phase back, the solver"],
  [/^(export|chart|share)/, "exports, charts, links"],
  [/^(ui::|workspace)/, PAGE],
];
// Libraries by crate; the standard library by the parts that libraries and our code call.
const crates = [
  [/^(yew|implicit_clone|indexmap|slab|wasm_bindgen_futures|futures\w*|pin_project\w*)$/, "Yew and its runtime (diffing, scheduler, listeners, hooks)"],
  [/^(wasm_bindgen|js_sys|web_sys)$/, GLUE],
  [/^serde_json$/, "serde_json (parsing and writing JSON)"],
  [/^serde_path_to_error$/, "serde_path_to_error (the path of a field a file got wrong)"],
  [/^(serde_core|serde)$/, READ],
  [/^(csv|csv_core|memchr)$/, "csv (reading inventories, writing the CSV exports)"],
  [/^miniz_oxide$/, "miniz_oxide (deflating and inflating links)"],
  [/^base64$/, "base64 (links)"],
  [/^(gloo\w*)$/, "gloo (storage, picked files, listeners)"],
  [/^(talc)$/, "talc (the allocator)"],
  [/^(ryu|itoa)$/, "ryu and itoa (serde_json's number writers)"],
];
const std = [
  [/(flt2dec|dec2flt|fmt::float|float::)/, "standard library: float formatting and parsing"],
  [/slice::sort|sort::/, "standard library: sorting"],
  [/str::pattern|StrSearcher|TwoWay/, "standard library: substring search"],
  [/unicode/, "standard library: Unicode tables"],
];

function part(name) {
  if (name.startsWith("data segment")) return "data: strings of both languages, the time-zone table (27 KB), constants";
  if (/^(import|elem|table|code)\b/.test(name)) return GLUE;
  const plain = name.replace(/\[[0-9a-f]+\]/g, "");
  const ours = plain.match(/patchcast::([\w:]+)/)?.[1] ?? "";
  if (ours.startsWith("ui::") || plain.includes("patchcast_web")) return PAGE;
  if (/Serialize/.test(plain) && !/Deserializ/.test(plain) && !/serde_json/.test(plain)) return WRITE;
  if (/Deserializ|Visitor|from_json|document::/.test(plain) && !/serde_json|serde_path_to_error/.test(plain)) return READ;
  for (const [pattern, label] of engine) if (pattern.test(ours)) return label;
  if (ours) return "other engine code";
  const crate = plain.match(/^<*(\w+)/)?.[1] ?? "";
  for (const [pattern, label] of crates) if (pattern.test(crate)) return label;
  for (const [pattern, label] of std) if (pattern.test(plain)) return label;
  return "standard library: the rest (formatting, collections)";
}

const sizes = new Map();
let total = 0;
for (const line of csv.trim().split("\n").slice(1)) {
  // Name,ShallowSize,ShallowSizePercent,...: the name is quoted when it holds commas.
  const m = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
  if (!m) continue;
  const name = m[1].replace(/^"|"$/g, "").replace(/""/g, '"');
  if (name.startsWith("custom section") || name.includes("subsection")) continue;
  const bytes = Number(m[2]);
  sizes.set(part(name), (sizes.get(part(name)) ?? 0) + bytes);
  total += bytes;
}
console.log("| part | raw KiB | share |\n|---|---:|---:|");
for (const [label, bytes] of [...sizes].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${label} | ${(bytes / 1024).toFixed(1)} | ${((100 * bytes) / total).toFixed(1)} % |`);
}
console.log(`| total (without the names section) | ${(total / 1024).toFixed(1)} | 100 % |`);
