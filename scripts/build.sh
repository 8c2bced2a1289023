#!/usr/bin/env bash
# Builds the release bundle planners get: dist/ (for a web server or wiki, ready for a
# strict Content Security Policy) and dist-single/patchcast.html (one file for disk).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
rm -rf dist dist-single
trunk build --release
node scripts/order-functions.mjs dist
node scripts/shorten-imports.mjs dist
node scripts/minify.mjs dist
node scripts/prerender.mjs dist
node scripts/csp.mjs dist
node scripts/single-file.mjs dist dist-single
node scripts/precompress.mjs dist
