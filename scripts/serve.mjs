// Serves the release bundle in dist/ at http://127.0.0.1:8080, compressed (its brotli or
// gzip copies, else gzip on the fly), with the security
// headers of the README:  node scripts/serve.mjs [DIST] [PORT]
import { securityHeaders, serve } from "./static-server.mjs";

const dist = process.argv[2] ?? "dist";
const port = Number(process.argv[3] ?? 8080);
const server = await serve(dist, { port, headers: securityHeaders(), precompressed: true });
console.log(`Patchcast (release build, compressed) at ${server.url} — Ctrl+C to stop`);
