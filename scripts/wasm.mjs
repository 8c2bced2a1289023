// Reading and writing the parts of a wasm module the build's own steps touch
// (scripts/shorten-imports.mjs, scripts/order-functions.mjs).

/** An unsigned LEB128 number at `at`: [value, the offset after it]. */
export function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** `value` as unsigned LEB128 bytes. */
export function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** A name as the module writes it: its length, then its UTF-8. */
export const bytes = (text) => [...leb(Buffer.byteLength(text)), ...Buffer.from(text)];

/** The name at `at` in `body`: [text, the offset after it]. */
export function text(body, at) {
  const [length, start] = readLeb(body, at);
  return [body.subarray(start, start + length).toString(), start + length];
}

/** The module's sections in order: `{ id, at, start, end }`, the section from `at` (its id
 * byte) and its contents from `start`, both to `end`. */
export function* sections(wasm) {
  for (let at = 8; at < wasm.length; ) {
    const id = wasm[at];
    const [size, start] = readLeb(wasm, at + 1);
    yield { id, at, start, end: start + size };
    at = start + size;
  }
}

/** The entries of an import section's `body`: `{ module, name, kind, described, end }`,
 * `kind` 0 for a function, 1 a table, 2 a memory, 3 a global; what it imports described
 * from `described` (its kind byte) to `end`. */
export function* imports(body) {
  let [count, at] = readLeb(body, 0);
  while (count--) {
    let module, name;
    [module, at] = text(body, at);
    [name, at] = text(body, at);
    const described = at;
    const kind = body[at++];
    if (kind === 0x00) [, at] = readLeb(body, at); // a function: its type
    else if (kind === 0x01 || kind === 0x02) {
      if (kind === 0x01) at++; // a table: its element type, then limits as a memory's
      const flags = body[at++];
      [, at] = readLeb(body, at);
      if (flags & 1) [, at] = readLeb(body, at);
    } else if (kind === 0x03) at += 2; // a global: its type and mutability
    else throw new Error(`an import of kind ${kind}`);
    yield { module, name, kind, described, end: at };
  }
}

/** A section `id` holding `body`, ready to write. */
export const section = (id, body) => Buffer.concat([Buffer.from([id, ...leb(body.length)]), body]);
