#!/usr/bin/env bash
# Installs what is missing and runs every test: lint, native, browser, end-to-end, size.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --browsers

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --check

step "clippy (native, with the UI as the prerenderer compiles it)"
cargo clippy --all-targets --all-features --locked -- -D warnings

step "clippy (wasm32: the page, and its worker)"
cargo clippy --target wasm32-unknown-unknown --all-targets --features ui --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown --bin patchcast-worker --features worker --locked -- -D warnings

step "native tests"
cargo test --locked

step "browser unit tests (headless Chromium)"
web_tests=()
for f in tests/web_*.rs; do web_tests+=(--test "$(basename "$f" .rs)"); done
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked --target wasm32-unknown-unknown --features ui "${web_tests[@]}"

step "release bundle"
./scripts/build.sh

step "bundle size"
node scripts/size-check.mjs dist

step "end-to-end (playwright-core, headless Chromium)"
node --test --test-concurrency=1 --test-timeout=180000 tests/e2e/

step "fuzz smoke (20 s per target; the long runs are in RELIABILITY.md)"
./scripts/fuzz.sh 20
