#!/usr/bin/env bash
# Installs what is missing, builds Patchcast and serves it at http://127.0.0.1:8080.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec trunk serve "$@"
