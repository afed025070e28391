#!/usr/bin/env bash
# Installs what the tests need (idempotently) and runs every test of the project.
# README's second command and .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "tree-sitter CLI"
TS_VERSION=0.27.1
if ! tree-sitter --version 2>/dev/null | grep -q "$TS_VERSION"; then
  # From crates.io: the npm package downloads a binary from the internet, which fails here.
  cargo install tree-sitter-cli --locked --version "$TS_VERSION"
fi
tree-sitter --version

step "grammar: generated parser is up to date"
(cd grammar && tree-sitter generate)
git diff --exit-code -- grammar/src || { echo "grammar/src is stale: run 'tree-sitter generate' in grammar/ and commit"; exit 1; }

step "grammar: corpus and highlight tests"
# The CLI caches compiled grammars by name per user; this checkout's own folder, so another
# checkout's grammar (a worktree) is never the one tested.
export TREE_SITTER_LIBDIR="$PWD/grammar/build/tree-sitter-lib"
(cd grammar && tree-sitter test)

step "poppler-utils (pdftotext: \`nianbao import FILE.pdf\` and its tests)"
if ! command -v pdftotext >/dev/null; then
  root=(); [ "$(id -u)" = 0 ] || root=(sudo)
  "${root[@]}" apt-get update -qq
  "${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
fi
pdftotext -v 2>&1 | head -1 || true

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (unit, CLI and language-server end-to-end tests)"
cargo test --workspace --locked

# --- editor integrations (tests/editors/run.sh) -------------------------------------------------
# VS Code (code-server in headless Chromium) and Neovim 0.11 against the real language server;
# installs its tools idempotently (cached in ~/.cache/nianbao-test-tools) and builds the .vsix
# into tests/artifacts/. See docs/editors.md. It reuses the debug build `cargo test` just made
# (a release build from scratch would add minutes on 2 cores); NIANBAO_EDITORS_PROFILE=release
# packages the .vsix with a release binary instead.
step "editors: VS Code extension and Neovim plugin in the real editors"
NIANBAO_EDITORS_PROFILE=${NIANBAO_EDITORS_PROFILE:-debug} bash tests/editors/run.sh
# --- end of editor integrations -------------------------------------------------------------

# --- fuzzing (tests/fuzz.sh) --------------------------------------------------------------------
# The property tests (tests/tests/properties.rs) and fault tests (tests/tests/faults.rs) ran in
# `cargo test` above. Here every cargo-fuzz target in fuzz/ (parse+check, fmt, fix, and the text,
# HTML and .docx importers) runs for a bounded time — FUZZ_SECONDS each, default 40, one per core at a
# time: six targets, 2 minutes on 2 cores, after the instrumented build — seeded from examples/. The script installs
# cargo-fuzz if missing and builds with RUSTC_BOOTSTRAP=1 (libFuzzer needs -Z flags; the machine
# has one stable toolchain). A crash, a hang (>10 s for one input) or runaway memory fails it.
step "fuzz: parse+check, fmt, fix, importers (bounded time)"
bash tests/fuzz.sh
# --- end of fuzzing -----------------------------------------------------------------------------

echo
echo "all tests passed"
