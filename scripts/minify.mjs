// Minifies the release bundle's scripts and stylesheet with esbuild (whitespace, comments,
// local names; no syntax lowered, nothing bundled):
//   node scripts/minify.mjs [DIST]   (default: dist; run right after `trunk build --release`)
//
// Trunk copies the wasm-bindgen glue, static/first-paint.js and the stylesheet as written;
// every planner downloads them, and Lighthouse flags unminified ones. An integrity
// attribute Trunk wrote for a file is brought up to date with its new content.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";

const dist = process.argv[2] ?? "dist";
const indexPath = join(dist, "index.html");
let html = readFileSync(indexPath, "utf8");
let saved = 0;
for (const name of readdirSync(dist)) {
  const loader = name.endsWith(".js") ? "js" : name.endsWith(".css") ? "css" : null;
  if (!loader) continue;
  const path = join(dist, name);
  const source = readFileSync(path, "utf8");
  // "esnext": the code keeps the syntax it was written in; only its spelling gets shorter.
  const { code } = transformSync(source, { loader, minify: true, target: "esnext", legalComments: "none" });
  writeFileSync(path, code);
  saved += source.length - code.length;
  const integrity = `sha384-${createHash("sha384").update(code).digest("base64")}`;
  const attribute = new RegExp(`((?:href|src)="\\./${name.replace(/[.]/g, "\\.")}"[^>]*?integrity=")[^"]*"`, "g");
  html = html.replace(attribute, (_, before) => `${before}${integrity}"`);
}
writeFileSync(indexPath, html);
console.log(`${dist}: scripts and stylesheet minified (${saved} bytes fewer)`);
