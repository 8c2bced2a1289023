// Builds one self-contained HTML file from the release bundle: the stylesheet, the icon,
// the JS glue and the wasm (base64) all inlined. Browsers refuse to fetch a .wasm file
// from file://, so this is the form that works opened from disk, attached to a wiki page
// or sent by e-mail.
//   node scripts/single-file.mjs [DIST] [OUT_DIR]   (default: dist dist-single)
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dist = process.argv[2] ?? "dist";
const out = process.argv[3] ?? "dist-single";
const files = readdirSync(dist);
const one = (pattern) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) throw new Error(`expected one file matching ${pattern} in ${dist}, found ${found.length}`);
  return found[0];
};
const read = (f) => readFileSync(join(dist, f));

const css = read(one(/^style-.*\.css$/)).toString("utf8");
const icon = read(one(/^favicon-.*\.svg$/)).toString("base64");
const glue = read(one(/^patchcast-web-[0-9a-f]+\.js$/)).toString("utf8");
const firstPaint = read(one(/^first-paint-[0-9a-f]+\.js$/)).toString("utf8");
const wasm = read(one(/^patchcast-web-[0-9a-f]+_bg\.wasm$/)).toString("base64");

// The glue (an ES module, as wasm-bindgen's `web` target writes it) ends by exporting
// `initSync` among others, under whatever name minifying gave it: inlined, the export
// statement goes and the wasm is instantiated by calling it.
const exportStatement = /export\s*\{([^}]*)\};?/;
const exported = Object.fromEntries(
  (glue.match(exportStatement)?.[1] ?? "").split(",").map((s) => {
    const [local, name = local] = s.trim().split(/\s+as\s+/);
    return [name, local];
  }),
);
if (!exported.initSync) throw new Error("the wasm-bindgen glue has changed shape: update scripts/single-file.mjs");
const inlineGlue = glue.replace(exportStatement, "");

let html = read("index.html").toString("utf8");
const replaceOnce = (pattern, by, what) => {
  if (!pattern.test(html)) throw new Error(`index.html: no ${what}`);
  html = html.replace(pattern, () => by);
};
const style = `\n${css}\n`;
replaceOnce(/<link rel="stylesheet"[^>]*>/, `<style>${style}</style>`, "stylesheet link");
replaceOnce(/<link rel="icon"[^>]*>/, `<link rel="icon" href="data:image/svg+xml;base64,${icon}" />`, "icon link");
const script = [
  "",
  inlineGlue,
  `const bytes = Uint8Array.from(atob("${wasm}"), (c) => c.charCodeAt(0));`,
  `${exported.initSync}({ module: bytes });`,
  "",
].join("\n");
replaceOnce(/<script type="module" src="[^"]*start\.js"[^>]*><\/script>/, `<script type="module">${script}</script>`, "start script");
replaceOnce(/<script src="\.\/first-paint-[^>]*><\/script>/, `<script>${firstPaint}</script>`, "first-paint script");
// The bundle's policy allows only files from its own origin; one file has none, so its
// policy allows exactly its own inline script and style, by their hashes, and nothing else.
const hash = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const policy = [
  "default-src 'none'",
  `script-src ${hash(script)} ${hash(firstPaint)} 'wasm-unsafe-eval'`,
  `style-src ${hash(style)}`,
  "img-src data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
replaceOnce(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${policy}" />`, "policy");
html = html.replace(/<base [^>]*>/, "");
// A worker needs a file of its own: the single file has none, and solves on its own thread.
replaceOnce(/\s*<meta name="patchcast-worker"[^>]*>/, "", "worker");
if (/\bsrc="\.\/|href="\.\/(?!#)/.test(html)) throw new Error("single file still refers to other files");

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "patchcast.html"), html);
console.log(`${join(out, "patchcast.html")}: ${html.length} bytes`);
