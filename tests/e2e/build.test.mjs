// The release build's own steps on the wasm (scripts/order-functions.mjs,
// scripts/shorten-imports.mjs): the page runs on what they write (the other end-to-end
// tests), and they refuse what they cannot do safely.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generic, orderFunctions } from "../../scripts/order-functions.mjs";
import { readLeb, sections } from "../../scripts/wasm.mjs";

const leb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const name = (text) => [...leb(text.length), ...Buffer.from(text)];
const section = (id, body) => [id, ...leb(body.length), ...body];

/** A module importing one glue function and a memory, exporting two functions, with a
 * data segment at `offset`. */
function module(offset) {
  const imports = [
    ...leb(2),
    ...name("./app_bg.js"), ...name("__wbg_log_0123456789abcdef"), 0x00, ...leb(0),
    ...name("./app_bg.js"), ...name("memory"), 0x02, 0x00, ...leb(1),
  ];
  const types = [...leb(1), 0x60, 0, 0];
  const functions = [...leb(1), ...leb(0)];
  const exports = [...leb(2), ...name("__wbindgen_malloc"), 0x00, ...leb(1), ...name("__wbindgen_quoted"), 0x00, ...leb(1)];
  const code = [...leb(1), ...leb(2), 0, 0x0b];
  const data = [...leb(1), 0x00, 0x41, ...leb(offset), 0x0b, ...name("abc")];
  return Buffer.from([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, types), ...section(2, imports), ...section(3, functions), ...section(7, exports),
    ...section(10, code), ...section(11, data),
  ]);
}

const GLUE = `export const imports = {"./app_bg.js": {__wbg_log_0123456789abcdef: () => {}, memory: null}};
export const call = (wasm) => [wasm.__wbindgen_malloc(), wasm.__wbindgen_quoted, wasm["__wbindgen_quoted"]];`;

function dist(offset) {
  const dir = mkdtempSync(join(tmpdir(), "shorten-"));
  writeFileSync(join(dir, "app-0123456789abcdef_bg.wasm"), module(offset));
  writeFileSync(join(dir, "app-0123456789abcdef.js"), GLUE);
  return dir;
}

const shorten = (dir) => execFileSync("node", ["scripts/shorten-imports.mjs", dir], { stdio: "pipe" }).toString();

test("the wasm's imports and exports get short names, in the module and in its glue alike", () => {
  const dir = dist(1 << 20);
  shorten(dir);
  const wasm = readFileSync(join(dir, "app-0123456789abcdef_bg.wasm"));
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
  assert.deepEqual(imports.map((i) => [i.module, i.name]), [["a", "a"], ["a", "b"]]);
  // An export the glue reads as `wasm.name` is renamed in both; one it names in quotes is not.
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
  assert.deepEqual(exports, ["a", "__wbindgen_quoted"]);
  const glue = readFileSync(join(dir, "app-0123456789abcdef.js"), "utf8");
  assert.equal(
    glue,
    `export const imports = {"a": {a: () => {}, b: null}};
export const call = (wasm) => [wasm.a(), wasm.__wbindgen_quoted, wasm["__wbindgen_quoted"]];`,
  );
  // Run again, it finds nothing of the glue's to rename, and says so rather than guess.
  assert.throws(() => shorten(dir));
});

test("a module with data in the lowest KiB of memory stops the build", () => {
  // index.html tells wasm-opt that memory there is unused (--low-memory-unused).
  const dir = dist(8);
  assert.throws(() => shorten(dir), /in the lowest KiB of memory/);
});

test("the built page's wasm imports its glue's functions by their short names", () => {
  const wasmName = readdirSync("dist").find((f) => f.endsWith("_bg.wasm"));
  const wasm = readFileSync(join("dist", wasmName));
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
  assert.ok(imports.length > 100, `${imports.length} imports`);
  assert.ok(imports.every((i) => i.module === "a" && i.name.length <= 2), "imports renamed");
});

/** A module of named functions of type () -> i32 (`code`: each body's instructions), each
 * exported as `f0`, `f1`, …, with a table whose one slot holds the function `slot`. */
function namedModule(functions, slot = 0) {
  const n = functions.length;
  const types = [...leb(1), 0x60, 0, 1, 0x7f];
  const declared = [...leb(n), ...functions.map(() => 0)];
  const table = [...leb(1), 0x70, 0x00, ...leb(1)];
  const exports = [...leb(n), ...functions.flatMap((_, i) => [...name(`f${i}`), 0x00, ...leb(i)])];
  const elements = [...leb(1), 0x00, 0x41, 0, 0x0b, ...leb(1), ...leb(slot)];
  const bodies = functions.flatMap(({ code }) => [...leb(code.length + 2), 0, ...code, 0x0b]);
  const functionNames = [...leb(n), ...functions.flatMap((f, i) => [...leb(i), ...name(f.name)])];
  const names = [...name("name"), 1, ...leb(functionNames.length), ...functionNames];
  return Buffer.from([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, types), ...section(3, declared), ...section(4, table), ...section(7, exports),
    ...section(9, elements), ...section(10, [...leb(n), ...bodies]), ...section(0, names),
  ]);
}

const answers = (wasm) => {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(wasm));
  return Object.keys(exports).sort().map((name) => exports[name]());
};

/** The module at `wasm` ordered, and its functions' bodies in their new order (hex). */
function ordered(wasm) {
  const dir = mkdtempSync(join(tmpdir(), "order-"));
  const path = join(dir, "app_bg.wasm");
  writeFileSync(path, wasm);
  orderFunctions(path);
  const out = readFileSync(path);
  const code = [...sections(out)].find((s) => s.id === 10);
  let [count, at] = readLeb(out, code.start);
  const bodies = [];
  while (count--) {
    const [size, start] = readLeb(out, at);
    bodies.push(out.subarray(start, start + size).toString("hex"));
    at = start + size;
  }
  return { wasm: out, bodies };
}

test("functions are ordered by the generic they copy, then by size, and do what they did", () => {
  assert.equal(generic("core::ptr::drop_in_place<yew::Rc<app::Plan>>::h0123456789abcdef"), "core::ptr::drop_in_placeT");
  assert.equal(generic("<alloc[3ca501edff3f0c7c]::string::String as core::fmt::Write>::write_str"), "T::write_str");
  const module = namedModule([
    { name: "core::ptr::drop_in_place<app::Plan>::h0000000000000001", code: [0x41, 1, 0x41, 0, 0x6a] }, // 1 + 0
    { name: "app::view::h0000000000000002", code: [0x41, 2] },
    { name: "core::ptr::drop_in_place<u8>::h0000000000000003", code: [0x41, 3] },
    { name: "app::view::h0000000000000004", code: [0x10, 0, 0x41, 40, 0x6a] }, // f0() + 40
    { name: "main", code: [0x41, 0, 0x11, 0, 0] }, // the table's slot, which holds f2
  ], 2);
  assert.deepEqual(answers(module), [1, 2, 3, 41, 3]);
  const { wasm, bodies } = ordered(module);
  // The same answers, through the renumbered call and the table.
  assert.deepEqual(answers(wasm), [1, 2, 3, 41, 3]);
  assert.equal(WebAssembly.Module.customSections(new WebAssembly.Module(wasm), "name").length, 0, "names dropped");
  // By generic's name: the two views (the smaller first; the larger's call now names the
  // drop of app::Plan where it lies), the two drops (the smaller first), then main.
  assert.deepEqual(bodies, [
    "0041020b", // app::view: 2
    "00100341286a0b", // app::view: function 3 (the drop of app::Plan) + 40
    "0041030b", // the drop of u8: 3
    "00410141006a0b", // the drop of app::Plan: 1 + 0
    "0041001100000b", // main: the table's slot
  ]);
});

test("a module without function names stops the build", () => {
  const dir = mkdtempSync(join(tmpdir(), "order-"));
  const path = join(dir, "app_bg.wasm");
  writeFileSync(path, module(1 << 20));
  assert.throws(() => orderFunctions(path), /no function names/);
});

test("the built page's wasm has no function names left", () => {
  const wasmName = readdirSync("dist").find((f) => f.endsWith("_bg.wasm"));
  const wasm = readFileSync(join("dist", wasmName));
  assert.equal(WebAssembly.Module.customSections(new WebAssembly.Module(wasm), "name").length, 0);
});
