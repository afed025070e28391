#!/usr/bin/env bash
# The editor integrations' tests: offline checks, then the real editors against the real server.
#
#   tests/editors/run.sh            everything (installs what is missing first)
#   tests/editors/run.sh --no-install
#
# 1. install.sh (cached tools are reused)
# 2. nianbao, release build: the binary the .vsix ships and both editors talk to
# 3. the Neovim parser (`tree-sitter build -o editors/neovim/parser/nianbao.so`); the editors'
#    query copies equal grammar/queries (Helix's renamed) and every one compiles against it
# 4. VS Code extension: typecheck, snippets = `nianbao new`, TextMate grammar tests
#    (vscode-tmgrammar-test), esbuild bundle, `vsce package --target linux-x64` with the binary
# 5. Neovim 0.11, headless: the parser and its highlight captures, LSP
#    diagnostics, hover, code action, fix-all, formatting, commands — with vim.lsp.enable and
#    with setup(); then in a real terminal (tmux), read back and photographed
# 6. code-server + Chromium: the .vsix installed, Problems panel, hover, quick fix, fix-all
# 7. nianbao render: every example and a skeleton at A4 text width in Chromium (print styles),
#    measured (value headers at most two lines, numbers on one), photographed, printed to PDF
# 8. Helix: languages.toml parses; a real Helix is used if one is installed (Debian bookworm has
#    none, so this is normally reported as not run)
# Artifacts (the .vsix, screenshots, logs): tests/artifacts/ (git-ignored).
# Ends with "editors: N passed, N failed"; exits non-zero if any step failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
TOOLS=${NIANBAO_TEST_TOOLS:-$HOME/.cache/nianbao-test-tools}
ART=$ROOT/tests/artifacts
mkdir -p "$ART"

passed=0
failed=0
failures=()
timings=()
T0=$(date +%s)

# step NAME COMMAND…: runs it, records pass/fail and its time; the run goes on after a failure.
step() {
  local name=$1
  shift
  local t
  t=$(date +%s)
  printf '\n--- editors: %s\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
    timings+=("$(printf '%4ss  %s' "$(( $(date +%s) - t ))" "$name")")
  else
    failed=$((failed + 1))
    failures+=("$name")
    timings+=("$(printf '%4ss  %s (FAILED)' "$(( $(date +%s) - t ))" "$name")")
  fi
}

if [ "${1:-}" != "--no-install" ]; then
  t=$(date +%s)
  printf -- '--- editors: install test tools\n'
  bash tests/editors/install.sh || { echo "editors: installing the test tools failed"; echo "editors: 0 passed, 1 failed"; exit 1; }
  timings+=("$(printf '%4ss  %s' "$(( $(date +%s) - t ))" "install test tools")")
fi
# shellcheck disable=SC1091
source "$TOOLS/env.sh"

# NIANBAO_EDITORS_PROFILE=debug reuses the debug build `cargo test` made (saves the release
# build's minutes; the .vsix then carries a debug binary). Default: release, as shipped.
PROFILE=${NIANBAO_EDITORS_PROFILE:-release}
if [ "$PROFILE" = release ]; then
  NIANBAO=${CARGO_TARGET_DIR:-$ROOT/target}/release/nianbao
  build_server() { cargo build --release --locked -p nianbao --quiet && "$NIANBAO" --version; }
else
  NIANBAO=${CARGO_TARGET_DIR:-$ROOT/target}/debug/nianbao
  build_server() { cargo build --locked -p nianbao --quiet && "$NIANBAO" --version; }
fi
step "nianbao ($PROFILE build)" build_server
if [ ! -x "$NIANBAO" ]; then
  echo "editors: no nianbao binary, nothing else can run"
  echo "editors: $passed passed, $((failed + 1)) failed"
  exit 1
fi

parser() {
  mkdir -p editors/neovim/parser
  (cd grammar && tree-sitter build -o ../editors/neovim/parser/nianbao.so .) && ls -l editors/neovim/parser/nianbao.so
}
step "parser for Neovim (tree-sitter build)" parser

queries() {
  python3 tests/editors/sync-queries.py || return 1
  local q ok=0
  for q in editors/neovim/queries/nianbao/*.scm editors/helix/runtime/queries/nianbao/*.scm; do
    if (cd grammar && tree-sitter query --quiet --lib-path ../editors/neovim/parser/nianbao.so --lang-name nianbao "../$q" ../examples/clean-2024.nianbao >/dev/null 2>"$ART/query.err"); then
      echo "  compiles: $q"
    else
      echo "  does not compile against the grammar: $q"; head -5 "$ART/query.err"; ok=1
    fi
  done
  return $ok
}
step "tree-sitter queries of the editors" queries

VSIX=$ART/nianbao-linux-x64.vsix
vscode_build() {
  cd editors/vscode || return 1
  npx --no-install tsc --noEmit -p . &&
    node scripts/snippets.mjs "$NIANBAO" --check &&
    npx --no-install vscode-tmgrammar-test -g syntaxes/nianbao.tmLanguage.json 'test/grammar/*.nianbao' &&
    node esbuild.mjs &&
    mkdir -p server && cp "$NIANBAO" server/nianbao && strip server/nianbao &&
    rm -f "$VSIX" &&
    npx --no-install vsce package --target linux-x64 --no-dependencies --out "$VSIX" &&
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).getinfo("extension/server/nianbao")' "$VSIX"
  local rc=$?
  cd "$ROOT" || return 1
  return $rc
}
step "VS Code extension: typecheck, snippets, TextMate grammar tests, .vsix" vscode_build

nvim_test() {
  local mode=$1
  NIANBAO_REPO=$ROOT NIANBAO_BIN=$NIANBAO NIANBAO_MODE=$mode timeout 300 \
    "$NVIM" --headless --clean -u tests/editors/neovim/e2e.lua 2>&1 | tee "$ART/neovim-$mode.log"
  return "${PIPESTATUS[0]}"
}
step "Neovim 0.11 (vim.lsp.enable): tree-sitter, diagnostics, hover, code actions, commands" nvim_test enable
step "Neovim 0.11 (require('nianbao').setup())" nvim_test setup

nvim_screen() {
  node tests/editors/neovim-screen.mjs --nvim "$NVIM" --nianbao "$NIANBAO" --chromium "$CHROMIUM" --artifacts "$ART/neovim"
}
step "Neovim 0.11 in a terminal (tmux): diagnostics and hover on screen, screenshot" nvim_screen

render_screens() {
  node tests/editors/render-screens.mjs --nianbao "$NIANBAO" --chromium "$CHROMIUM" --artifacts "$ART/render"
}
step "nianbao render in Chromium at A4: headers, numbers, empty sections, 落款; screenshots and PDFs" render_screens

vscode_test() {
  [ -s "$VSIX" ] || { echo "no .vsix to install"; return 1; }
  timeout 900 node tests/editors/vscode-e2e.mjs --code-server "$CODE_SERVER" --vsix "$VSIX" \
    --nianbao "$NIANBAO" --chromium "$CHROMIUM" --artifacts "$ART/vscode" 2>&1 | tee "$ART/vscode.log"
  return "${PIPESTATUS[0]}"
}
step "VS Code (code-server in Chromium): grammar, Problems, hover, quick fix, fix-all, explain, no-server message" vscode_test

helix() {
  python3 - <<'EOF' || return 1
import tomllib
d = tomllib.load(open("editors/helix/languages.toml", "rb"))
lang = d["language"][0]
assert lang["name"] == "nianbao" and lang["file-types"] == ["nianbao"], lang
assert d["language-server"]["nianbao"]["args"] == ["lsp"]
assert d["grammar"][0]["name"] == "nianbao"
print("  editors/helix/languages.toml: the nianbao language, its server and grammar entries parse")
EOF
  if command -v hx >/dev/null; then
    local cfg
    cfg=$(mktemp -d)
    mkdir -p "$cfg/helix/runtime/queries"
    sed "s|/path/to/nianbao/grammar|$ROOT/grammar|" editors/helix/languages.toml > "$cfg/helix/languages.toml"
    cp -r editors/helix/runtime/queries/nianbao "$cfg/helix/runtime/queries/"
    PATH=$(dirname "$NIANBAO"):$PATH XDG_CONFIG_HOME=$cfg hx --health nianbao
    local rc=$?
    rm -rf "$cfg"
    return $rc
  fi
  echo "  helix: NOT RUN in a real editor — no 'hx' on this machine (Debian bookworm has no helix"
  echo "         package, and crates.io only has a placeholder helix-term); documented only."
}
step "Helix: languages.toml (real editor only if hx is installed)" helix

echo
echo "editor test timings:"
printf '  %s\n' "${timings[@]}"
echo "  total $(( $(date +%s) - T0 ))s"
echo "artifacts: $ART (nianbao-linux-x64.vsix, vscode/*.png, *.log)"
for f in "${failures[@]}"; do echo "  FAILED: $f"; done
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
