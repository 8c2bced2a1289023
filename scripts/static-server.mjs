// A small static file server for the release bundle: the README's serve command and the
// end-to-end tests use it. It sends the security headers a web server should send with
// Patchcast (see the README) and gzip-compresses text, wasm and SVG when the browser
// accepts it, as a web server would.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { POLICY } from "./csp.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".wasm", ".json", ".svg"]);

/**
 * The headers to serve Patchcast with. `frameAncestors` lists who may embed the page in
 * an iframe: `'self'` by default; add the wiki's origin (e.g. "https://wiki.example.com").
 */
export function securityHeaders(frameAncestors = "'self'") {
  return {
    "content-security-policy": `${POLICY}; frame-ancestors ${frameAncestors}`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
}

/**
 * Serves `root` under `prefix` (e.g. "/wiki/tools/patchcast/") on `host:port` (port 0: a
 * free one). Options: `headers` sent with every file, `gzip` (default true), and
 * `precompressed` (default false): serve the build's .br or .gz copy of a file when the
 * browser takes it, as a server with precompressed files configured would.
 */
export async function serve(
  root,
  { prefix = "/", host = "127.0.0.1", port = 0, headers = {}, gzip = true, precompressed = false } = {},
) {
  root = resolve(root);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      let body = await readFile(file);
      const head = { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream" };
      const accepts = req.headers["accept-encoding"] ?? "";
      const copy = async (suffix) => readFile(file + suffix).catch(() => null);
      let encoded;
      if (precompressed && /\bbr\b/.test(accepts) && (encoded = await copy(".br"))) {
        [body, head["content-encoding"]] = [encoded, "br"];
      } else if (precompressed && /\bgzip\b/.test(accepts) && (encoded = await copy(".gz"))) {
        [body, head["content-encoding"]] = [encoded, "gzip"];
      } else if (gzip && COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(accepts)) {
        [body, head["content-encoding"]] = [gzipSync(body, { level: 9 }), "gzip"];
      }
      if (head["content-encoding"]) head["vary"] = "accept-encoding";
      res.writeHead(200, head);
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(port, host, ok));
  const origin = `http://${host}:${server.address().port}`;
  // Closing also drops the browser's kept-alive connections, which would otherwise hold
  // the server open until they time out.
  const close = () =>
    new Promise((ok) => {
      server.close(ok);
      server.closeAllConnections();
    });
  return { origin, url: origin + prefix, close };
}
