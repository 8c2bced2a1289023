// Writes the page's Content Security Policy into the built index.html (as a
// <meta http-equiv>) and checks that the page keeps it: no inline script, no style
// attribute.
//   node scripts/csp.mjs [DIST]   (default: dist; scripts/build.sh runs it)
//
// The page is written for the policy (Trunk.toml starts the app from static/start.js,
// not an inline script), so nothing of Trunk's output is rewritten here. Directives a
// meta tag cannot carry (frame-ancestors) belong in the web server's headers: see the
// README. The development server (`trunk serve`) runs without it: its live reload is an
// inline script.
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

export function applyPolicy(dist) {
  const indexPath = join(dist, "index.html");
  let html = readFileSync(indexPath, "utf8");
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error("index.html has an inline script");
  if (/\sstyle="/.test(html)) throw new Error("index.html has a style attribute");
  if (!html.includes('http-equiv="Content-Security-Policy"')) {
    const charset = /<meta charset="utf-8"\s*\/?>/;
    if (!charset.test(html)) throw new Error("index.html has no <meta charset> to put the policy after");
    html = html.replace(charset, (m) => `${m}\n  <meta http-equiv="Content-Security-Policy" content="${POLICY}" />`);
  }
  writeFileSync(indexPath, html);
  return html;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  applyPolicy(process.argv[2] ?? "dist");
  console.log(`${process.argv[2] ?? "dist"}/index.html: the policy is set`);
}
