#!/usr/bin/env bash
# Installs whatever Patchcast's build needs and is missing, each at its pinned version.
# A second run checks versions and returns quickly.
#
#   scripts/setup.sh             tools to build and serve the app
#   scripts/setup.sh --browsers  also Chromium and ChromeDriver, for the tests
#
# Sourced by scripts/serve.sh and scripts/test.sh; puts node_modules/.bin on PATH.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$repo/node_modules/.bin:$PATH"

if ! grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml; then
  say "Trunk.toml names a different wasm-bindgen than Cargo.lock ($WASM_BINDGEN_VERSION)" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 13 minutes on two cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Not --locked: that lock file names a crate the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm tools (wasm-opt from binaryen, esbuild, playwright-core, axe-core, lighthouse, pdfjs-dist), exactly as locked.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.patchcast-lock 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm tools from package-lock.json"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.patchcast-lock
fi

if [ "${1:-}" = "--browsers" ]; then
  # Chromium and its driver for the browser tests; a CJK font so Japanese text renders
  # in the screenshots instead of empty boxes.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || [ ! -d /usr/share/fonts/opentype/noto ]; then
    say "installing Debian's chromium, chromium-driver and fonts-noto-cjk"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-noto-cjk
  fi
fi

# Trunk builds offline (so it never downloads tools of its own); fetch crates first.
cargo fetch --target wasm32-unknown-unknown --quiet
