#!/usr/bin/env bash
# Fuzzes every input Patchcast takes from other people, each target for a bounded time:
#   ./scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     (default 60 s, every target)
# Uses cargo-fuzz (libFuzzer) with the machine's nightly toolchain; installs cargo-fuzz
# only when missing. Corpora grow in fuzz/corpus/ (not committed), seeded from
# fuzz/seeds/. A crash, a broken invariant or an input slower than 1 s stops the run and
# leaves the input in fuzz/artifacts/<target>/: make it a regression test in
# tests/fuzz_regressions.rs (fuzz/regressions/<target>/). Prints executions and rates.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario_file scenario_structured share_link inventory form_edits progress)

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: no nightly toolchain on this machine; cargo-fuzz needs one" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd fuzz
cargo +nightly fuzz build
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  log="$(mktemp)"
  echo "fuzz: $t for ${seconds}s"
  if ! cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 >"$log" 2>&1; then
    grep -E "panicked at|^[a-z ]+: " "$log" | head -5 || true
    tail -25 "$log"
    echo "fuzz: $t found a failure; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
  rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
  summary+=("$t: $runs executions, $rate per second")
  echo "fuzz: $t done: $runs executions, $rate per second"
  rm -f "$log"
done
printf 'fuzz: %s\n' "${summary[@]}"
