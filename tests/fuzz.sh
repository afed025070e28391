#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a bounded time, seeded from examples/ (and the HTML
# fixtures and fuzz/seeds/ for the importers). Called by tests/run-all.sh; also by hand:
#
#   tests/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]        (default 40 s, every target)
#
# libFuzzer needs rustc's -Z flags (sanitizer, coverage instrumentation). This machine has one
# stable toolchain and no nightly can be fetched, so RUSTC_BOOTSTRAP=1 lets the stable compiler
# accept them — for the fuzz build only, which lives in its own workspace and target folder.
#
# No panic, no hang (-timeout: one input may take at most 10 s), no unbounded memory
# (-rss_limit_mb, -malloc_limit_mb): any of them stops the run with the input saved in
# fuzz/artifacts/TARGET/, and this script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

seconds="${1:-${FUZZ_SECONDS:-40}}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(check fmt fix import_text import_html import_docx)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

cd fuzz
cargo fuzz build -O
mkdir -p artifacts

# Runs one target for $seconds; its output goes to artifacts/TARGET.log.
run_target() {
  local target=$1
  mkdir -p "corpus/$target"
  local seeds=(../examples)
  case "$target" in
    import_*) seeds+=(../tests/fixtures/html) ;;
  esac
  [ -d "seeds/$target" ] && seeds+=("seeds/$target")
  cargo fuzz run -O "$target" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_len=65536 -print_final_stats=1 >"artifacts/$target.log" 2>&1
}

# One target per core at a time: each still gets its full time, and the step takes
# ceil(targets / cores) × seconds instead of targets × seconds.
jobs=$(nproc 2>/dev/null || echo 1)
failed=()
pending=("${targets[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  batch=("${pending[@]:0:$jobs}")
  pending=("${pending[@]:$jobs}")
  pids=()
  for target in "${batch[@]}"; do
    echo "--> $target: ${seconds}s"
    run_target "$target" &
    pids+=($!)
  done
  for i in "${!batch[@]}"; do
    wait "${pids[$i]}" || failed+=("${batch[$i]}")
  done
done

summary=()
for target in "${targets[@]}"; do
  log="artifacts/$target.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || echo '?')
  summary+=("$(printf '%-12s %4ss %10s executions  %6s edges  corpus %s files' \
    "$target" "$seconds" "$runs" "$cov" "$(ls "corpus/$target" | wc -l)")")
done
printf '\nfuzzing summary\n'
printf '  %s\n' "${summary[@]}"

for target in "${failed[@]}"; do
  tail -n 60 "artifacts/$target.log"
  echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/ and the log in fuzz/artifacts/$target.log"
done
[ ${#failed[@]} -eq 0 ]
