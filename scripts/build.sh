#!/usr/bin/env bash
# Builds the release bundle planners get: dist/ (for a web server or wiki, ready for a
# strict Content Security Policy) and dist-single/patchcast.html (one file for disk).
# Each step after Trunk reads what the one before wrote; none of them rewrites Trunk's or
# wasm-bindgen's output by pattern.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
rm -rf dist dist-single
# 1. Trunk compiles the wasm, runs wasm-bindgen and wasm-opt -Oz, and writes the page with
#    hashed asset names (Trunk.toml starts the app from static/start.js).
trunk build --release
# 2. esbuild minifies the scripts and the stylesheet (and updates Trunk's integrity
#    attributes), before anything copies them elsewhere.
node scripts/minify.mjs dist
# 3. Yew's server renderer writes the opening view into index.html, so it paints before
#    the wasm arrives.
node scripts/prerender.mjs dist
# 4. The policy goes into index.html last of the page's edits, and checks them all.
node scripts/csp.mjs dist
# 5. The single file inlines the finished page, its scripts and the wasm.
node scripts/single-file.mjs dist dist-single
# 6. Compressed copies are made of the final files, so they go last.
node scripts/precompress.mjs dist
