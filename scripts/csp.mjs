// Makes the release bundle run under a strict Content Security Policy:
//   node scripts/csp.mjs [DIST]   (default: dist; run after `trunk build --release`)
//
// Trunk starts the app with an inline module script, which `script-src 'self'` refuses.
// This moves that script into its own file (named by its hash, with an integrity
// attribute like Trunk's other assets) and writes the policy into index.html as a
// <meta http-equiv>. Directives a meta tag cannot carry (frame-ancestors) belong in the
// web server's headers: see the README.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The policy the page is built and tested to run under. */
export const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");

const digest = (algorithm, text) => createHash(algorithm).update(text).digest();

export function applyPolicy(dist) {
  const indexPath = join(dist, "index.html");
  let html = readFileSync(indexPath, "utf8");
  const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (inline) {
    const code = inline[1].trim() + "\n";
    const name = `loader-${digest("sha256", code).toString("hex").slice(0, 16)}.js`;
    writeFileSync(join(dist, name), code);
    const integrity = `sha384-${digest("sha384", code).toString("base64")}`;
    html = html.replace(inline[0], () => `<script type="module" src="./${name}" integrity="${integrity}"></script>`);
  }
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error("index.html still has an inline script");
  if (/\sstyle="/.test(html)) throw new Error("index.html has a style attribute");
  if (!html.includes('http-equiv="Content-Security-Policy"')) {
    html = html.replace(
      /<meta charset="utf-8" \/>/,
      (m) => `${m}\n  <meta http-equiv="Content-Security-Policy" content="${POLICY}" />`,
    );
  }
  writeFileSync(indexPath, html);
  return html;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  applyPolicy(process.argv[2] ?? "dist");
  console.log(`${process.argv[2] ?? "dist"}/index.html: the loader is a file and the policy is set`);
}
