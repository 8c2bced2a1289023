// Orders the wasm's functions so that gzip finds their likenesses:
//   node scripts/order-functions.mjs [DIST]   (default: dist; run right after `trunk build`)
//
// Rust makes a copy of a generic function for every type it is used with (a
// `drop_in_place` per type, a view per component, a hook per state), and the linker
// leaves the copies scattered over 700 KB of code, where gzip, which only looks back
// 32 KB for a repeat, cannot see one copy from the next. Sorted by the generic each comes
// from (its name with the type arguments and hashes taken out), then by size, the copies
// lie side by side: the page's wasm is 5.3 KiB smaller gzipped, brotli's 2.0 KiB. Only the
// order changes: wasm-opt moves the functions and renumbers every call to them; the
// function table keeps its slots, which are what Rust's function pointers hold.
//
// The order is not free: Chromium compiles a module's functions in the background in
// the order they come, and one it has not reached when the page calls it is compiled
// there and then. Chaining the generics by likeness instead of by name (each next the
// one that deflated best after the last 2 KB) saved 2.1 KiB more but showed the app
// 40–100 ms later on a cold load (BENCHMARKS.md); by name it is within the machine's
// spread of the linker's order.
//
// Trunk's wasm-opt keeps the functions' names for this (`-g`, in index.html); they are
// dropped here, and the build stops if the module has none.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytes, imports, leb, readLeb, section, sections, text } from "./wasm.mjs";

/** What a function's name says it is a copy of: `core::ptr::drop_in_place<patchcast::plan::
 * Plan>::h1234…` and `…<yew::html::NodeRef>::h5678…` are both `core::ptr::drop_in_placeT`. */
export function generic(name) {
  let plain = name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]+\]/g, "");
  for (let before; before !== plain; ) {
    before = plain;
    plain = plain.replace(/<[^<>]*>/g, "T");
  }
  return plain;
}

/** The module's defined functions in the order to write them: by generic, then size,
 * then name. Returns each one's index with its place in that order. */
export function order(wasm) {
  let imported = 0;
  const names = new Map();
  const sizes = [];
  for (const { id, start, end } of sections(wasm)) {
    const body = wasm.subarray(start, end);
    if (id === 2) {
      imported = [...imports(body)].filter((i) => i.kind === 0x00).length;
    } else if (id === 10) {
      let [count, at] = readLeb(body, 0);
      while (count--) {
        const [size, next] = readLeb(body, at);
        sizes.push(size);
        at = next + size;
      }
    } else if (id === 0 && text(body, 0)[0] === "name") {
      for (let at = text(body, 0)[1]; at < body.length; ) {
        const kind = body[at];
        const [size, start] = readLeb(body, at + 1);
        if (kind === 1) {
          // Function names: (index, name) pairs.
          let [count, p] = readLeb(body, start);
          while (count--) {
            let index, name;
            [index, p] = readLeb(body, p);
            [name, p] = text(body, p);
            names.set(index, name);
          }
        }
        at = start + size;
      }
    }
  }
  if (names.size === 0) throw new Error("order-functions: the wasm has no function names (index.html passes -g to wasm-opt)");
  const functions = sizes.map((size, i) => {
    const index = imported + i;
    const name = names.get(index) ?? "";
    return { index, key: [generic(name), String(size).padStart(8, "0"), name] };
  });
  const compare = (a, b) => {
    for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k] < b.key[k] ? -1 : 1;
    return a.index - b.index;
  };
  return functions.sort(compare).map((f, place) => ({ index: f.index, place }));
}

/** `wasm` with its function names replaced by their places in `places` (`f00000`, …), the
 * names wasm-opt's `--reorder-functions-by-name` then sorts by. */
function named(wasm, places) {
  const entries = [...places].sort((a, b) => a.index - b.index);
  const pairs = entries.flatMap(({ index, place }) => [...leb(index), ...bytes(`f${String(place).padStart(6, "0")}`)]);
  const functionNames = Buffer.from([1, ...leb(leb(entries.length).length + pairs.length), ...leb(entries.length), ...pairs]);
  const parts = [wasm.subarray(0, 8)];
  for (const { id, at, start, end } of sections(wasm)) {
    if (id === 0 && text(wasm.subarray(start, end), 0)[0] === "name") continue;
    parts.push(wasm.subarray(at, end));
  }
  parts.push(section(0, Buffer.concat([Buffer.from(bytes("name")), functionNames])));
  return Buffer.concat(parts);
}

/** Writes the wasm at `path` with its functions in `order`'s order and no names. */
export function orderFunctions(path) {
  const wasm = readFileSync(path);
  const dir = mkdtempSync(join(tmpdir(), "order-functions-"));
  try {
    const input = join(dir, "named.wasm");
    writeFileSync(input, named(wasm, order(wasm)));
    // Optimising levels as Trunk's -Oz run had them, for the stack-level clean-up of each
    // function that the first run did and a rewrite would otherwise undo (0.8 KB).
    execFileSync("wasm-opt", [
      "--optimize-level=2", "--shrink-level=2", "--reorder-functions-by-name",
      "--generate-stack-ir", "--optimize-stack-ir", "--strip-debug", input, "-o", path,
    ], { stdio: ["ignore", "inherit", "inherit"] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? "dist";
  const wasmName = readdirSync(dist).find((f) => f.endsWith("_bg.wasm"));
  if (!wasmName) throw new Error(`order-functions: no wasm in ${dist}`);
  const before = readFileSync(join(dist, wasmName)).length;
  orderFunctions(join(dist, wasmName));
  console.log(`${dist}/${wasmName}: functions ordered by generic and size (${before} → ${readFileSync(join(dist, wasmName)).length} bytes, names dropped)`);
}
