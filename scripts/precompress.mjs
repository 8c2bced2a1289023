// Writes a gzip -9 (.gz) and a brotli -11 (.br) copy beside each text, wasm and SVG file
// of the bundle, for web servers that serve precompressed files (nginx `gzip_static` /
// `brotli_static`, Caddy `precompressed`, IIS with static compression); the others
// compress on the fly or not at all, and ignore them.
//   node scripts/precompress.mjs [DIST]   (default: dist; scripts/build.sh runs it)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export const COMPRESSED = new Set([".html", ".js", ".css", ".wasm", ".svg"]);

export const gzip = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
export const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? "dist";
  let files = 0;
  for (const name of readdirSync(dist).filter((f) => COMPRESSED.has(extname(f)))) {
    const bytes = readFileSync(join(dist, name));
    writeFileSync(join(dist, `${name}.gz`), gzip(bytes));
    writeFileSync(join(dist, `${name}.br`), brotli(bytes));
    files += 1;
  }
  console.log(`${dist}: .gz and .br beside ${files} files`);
}
