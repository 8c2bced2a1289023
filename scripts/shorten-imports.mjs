// Gives the functions the wasm imports from its JavaScript glue, and those of its exports
// the glue calls, short names:
//   node scripts/shorten-imports.mjs [DIST]   (default: dist; run right after `trunk build`)
//
// wasm-bindgen names each of the 170 functions the page imports after what it wraps and
// a hash (`__wbg_addEventListener_f2d27251d333a631`), under the module
// `./patchcast-web_bg.js`, and writes each name twice: in the wasm's import section and
// as a key of the glue's imports object. The hashes do not compress; short names (`a`,
// `b`, … `cn`) and a one-letter module saved 5.8 KiB gzip of the 320 the page downloaded;
// the exports (`__wbindgen_malloc`, the closures' hashed invokers) 0.4 KiB more. Each
// import's name must be in the glue exactly once, or the build stops; an export is renamed
// only where the glue reads it as `wasm.name`, and not at all if the glue quotes its name.
// The script also drops the two custom sections only tools read (`producers`,
// `target_features`), and stops the build if any data lies in the lowest KiB of memory,
// which index.html tells wasm-opt is unused. Run twice, it stops: nothing is left to rename.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bytes, imports, leb, readLeb, section, sections as parts, text } from "./wasm.mjs";

const dist = process.argv[2] ?? "dist";
const wasmName = readdirSync(dist).find((f) => f.endsWith("_bg.wasm"));
const glueName = wasmName && wasmName.replace(/_bg\.wasm$/, ".js");
if (!wasmName || !readdirSync(dist).includes(glueName)) {
  throw new Error(`shorten-imports: no wasm and glue in ${dist}`);
}
const wasm = readFileSync(join(dist, wasmName));
let glue = readFileSync(join(dist, glueName), "utf8");

/** `a` … `z`, `A` … `Z`, `aa`, `ab` …: the `n`th short name. */
function shortName(n) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return name;
}

/** The import section with the glue's module and functions renamed; `renamed` gets each
 * old name and its new one. */
function renameImports(body, module, renamed) {
  const out = [...leb(readLeb(body, 0)[0])];
  for (const { module: from, name, described, end } of imports(body)) {
    if (from === module) {
      if (!renamed.has(name)) renamed.set(name, shortName(renamed.size));
      out.push(...bytes("a"), ...bytes(renamed.get(name)));
    } else {
      out.push(...bytes(from), ...bytes(name));
    }
    out.push(...body.subarray(described, end));
  }
  return Buffer.from(out);
}

/** index.html lets wasm-opt assume that nothing lives in the lowest KiB of memory
 * (`--low-memory-unused`): true while every data segment lies above it (Rust puts the
 * stack below the data, growing down from 1 MiB). Stops the build if one does not. */
function lowMemoryUnused(body) {
  let [count, at] = readLeb(body, 0);
  while (count--) {
    const [flags, next] = readLeb(body, at);
    at = next;
    if (flags === 2) [, at] = readLeb(body, at); // an active segment of a memory named by index
    if (flags !== 1) {
      // An active segment: its offset, `i32.const N end`.
      if (body[at] !== 0x41) throw new Error("shorten-imports: a data segment at a computed offset");
      let offset;
      [offset, at] = readLeb(body, at + 1);
      if (offset < 1024) throw new Error(`shorten-imports: data at ${offset}, in the lowest KiB of memory`);
      if (body[at++] !== 0x0b) throw new Error("shorten-imports: a data segment's offset is not a constant");
    }
    const [length, data] = readLeb(body, at);
    at = data + length;
  }
}

/** The export section with the functions the glue calls (`wasm.__wbindgen_malloc`, the
 * closures' `wasm_bindgen__convert__closures_____invoke__h24a661bbdf0ee996`) given short
 * names, and the glue's `wasm.…` reads of them. An export the glue names in quotes keeps
 * its name. */
const exportsRenamed = new Map();
function renameExports(body) {
  let [count, at] = readLeb(body, 0);
  const out = [...leb(count)];
  while (count--) {
    let name;
    [name, at] = text(body, at);
    const kind = body[at++];
    const start = at;
    [, at] = readLeb(body, at);
    const uses = [...glue.matchAll(new RegExp(`(?<![\\w$])${name}(?![\\w$])`, "g"))];
    // Read as a property of the exports (`wasm.name`); its other uses can only be the glue's
    // own names for its wrappers, which are not the export (a quoted name would be).
    const quoted = (m) => /["'`]/.test(glue[m.index - 1] + glue[m.index + name.length]);
    const accessed = uses.some((m) => glue[m.index - 1] === ".") && !uses.some(quoted);
    if (accessed && name.length > 2 && !["memory", "main"].includes(name)) {
      exportsRenamed.set(name, shortName(exportsRenamed.size));
    }
    out.push(...bytes(exportsRenamed.get(name) ?? name), kind, ...body.subarray(start, at));
  }
  return Buffer.from(out);
}

const module = `./${wasmName.replace(/-[0-9a-f]+_bg\.wasm$/, "_bg.js")}`;
const renamed = new Map();
const sections = [wasm.subarray(0, 8)];
for (const { id, at, start, end } of parts(wasm)) {
  if (id === 2) {
    sections.push(section(id, renameImports(wasm.subarray(start, end), module, renamed)));
  } else if (id === 7) {
    sections.push(section(id, renameExports(wasm.subarray(start, end))));
  } else if (id === 11) {
    lowMemoryUnused(wasm.subarray(start, end));
    sections.push(wasm.subarray(at, end));
  } else if (id === 0 && ["producers", "target_features"].includes(text(wasm.subarray(start, end), 0)[0])) {
    // Which compilers made it and with which features: for tools, not for the browser.
  } else {
    sections.push(wasm.subarray(at, end));
  }
}
if (renamed.size === 0) throw new Error(`shorten-imports: nothing imported from ${module}`);

const once = (needle) => glue.split(needle).length === 2;
for (const [name, short] of renamed) {
  if (!once(name)) throw new Error(`shorten-imports: ${name} is not in the glue exactly once`);
  glue = glue.replace(name, short);
}
const moduleKey = JSON.stringify(module);
if (!once(moduleKey)) throw new Error(`shorten-imports: ${moduleKey} is not in the glue exactly once`);
glue = glue.replace(moduleKey, '"a"');

for (const [name, short] of exportsRenamed) {
  glue = glue.replace(new RegExp(`(?<=\\.)${name}(?![\\w$])`, "g"), () => short);
}

writeFileSync(join(dist, wasmName), Buffer.concat(sections));
writeFileSync(join(dist, glueName), glue);
console.log(
  `${dist}: the wasm's ${renamed.size} imports renamed a to ${shortName(renamed.size - 1)}, ` +
    `${exportsRenamed.size} of its exports a to ${shortName(exportsRenamed.size - 1)}`,
);
