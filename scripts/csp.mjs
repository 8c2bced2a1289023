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

/**
 * The app's loader, in place of Trunk's: the same steps (import the glue, instantiate the
 * wasm, announce the start), begun only after the page's first paint. The page paints its
 * prerendered plan from the HTML and stylesheet alone; fetching 350 KiB of wasm (a
 * megabyte where the server does not compress) alongside would share the network with
 * them, and Lighthouse's simulation counts every request begun before the paint as
 * holding it up, whatever its priority (measured: a low-priority fetch begun at parse
 * time put the uncompressed page's LCP at 6.2 s against 1.1 s). The wasm is fetched with
 * its integrity checked, as Trunk's preload link did.
 */
function loader(glue, wasm, integrity) {
  return `// Starts the app once the page has painted (see scripts/csp.mjs); the wasm and the glue
// then load side by side. A page that cannot paint yet (a background tab) starts anyway
// after a second.
await new Promise((painted) => {
  const seen = new PerformanceObserver(() => {
    seen.disconnect();
    painted();
  });
  seen.observe({ type: "paint", buffered: true });
  setTimeout(painted, 1000);
});
const module = fetch("./${wasm}", { integrity: "${integrity}", credentials: "same-origin" });
const bindings = await import("./${glue}");
const wasm = await bindings.default({ module_or_path: module });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
`;
}

export function applyPolicy(dist) {
  const indexPath = join(dist, "index.html");
  let html = readFileSync(indexPath, "utf8");
  const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (inline) {
    const glue = inline[1].match(/from '\.\/(patchcast-web-[0-9a-f]+\.js)'/)?.[1];
    const wasm = inline[1].match(/module_or_path: '\.\/(patchcast-web-[0-9a-f]+_bg\.wasm)'/)?.[1];
    if (!glue || !wasm) throw new Error("Trunk's loader has changed shape: update scripts/csp.mjs");
    const wasmIntegrity = `sha384-${digest("sha384", readFileSync(join(dist, wasm))).toString("base64")}`;
    const code = loader(glue, wasm, wasmIntegrity);
    // Nothing is fetched ahead of the first paint but the page, its stylesheet and the
    // two small scripts.
    html = html.replace(/\s*<link rel="(?:modulepreload|preload)"[^>]*>/g, "");
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
