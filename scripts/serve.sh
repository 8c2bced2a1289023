#!/usr/bin/env bash
# Installs what is missing, builds the release bundle and serves it, as planners get it,
# at http://127.0.0.1:8080 (gzip, the README's security headers).
#   ./scripts/serve.sh         the release bundle
#   ./scripts/serve.sh --dev   Trunk's debug dev server with live reload, for developers
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${1:-}" = "--dev" ]; then
  shift
  source scripts/setup.sh
  exec trunk serve "$@"
fi
./scripts/build.sh
exec node scripts/serve.mjs dist 8080
