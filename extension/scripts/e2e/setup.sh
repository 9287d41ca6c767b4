#!/usr/bin/env bash
# Installs what the end-to-end test needs: Debian's chromium and ripgrep, and code-server 4.99.4 in a cache
# folder of its own (never in the project's node_modules). Idempotent: a second run only checks. Prints the
# code-server executable path on its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.99.4
CACHE_ROOT="${MEMHP_E2E_CACHE:-/var/tmp/memhp-review/e2e}"
INSTALL_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
BIN="$INSTALL_DIR/node_modules/code-server/out/node/entry.js"

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
if [ ! -f "$BIN" ]; then
  # code-server's native modules (kerberos, keytar, native-keymap) build against these headers.
  for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
  done
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${need_apt[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >&2
fi

if [ ! -f "$BIN" ]; then
  # @vscode/ripgrep 1.15.11 (nested in code-server) downloads ripgrep in its postinstall, which cannot
  # reach the network here; it looks in this cache first, so hand it Debian's rg under the expected name.
  tmp="$(node -p 'require("os").tmpdir()')"
  rg_cache="$tmp/vscode-ripgrep-cache-1.15.11"
  rg_tar="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$rg_tar" ]; then
    mkdir -p "$rg_cache"
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -C "$stage" -czf "$rg_tar" rg
    rm -rf "$stage"
  fi
  echo "e2e setup: npm install code-server@$CODE_SERVER_VERSION into $INSTALL_DIR (a few minutes)" >&2
  rm -rf "$INSTALL_DIR.partial"
  mkdir -p "$INSTALL_DIR.partial"
  (
    cd "$INSTALL_DIR.partial"
    echo '{"name":"memhp-e2e-code-server","private":true}' > package.json
    npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" >&2
  )
  test -f "$INSTALL_DIR.partial/node_modules/code-server/out/node/entry.js"
  rm -rf "$INSTALL_DIR"
  mv "$INSTALL_DIR.partial" "$INSTALL_DIR"
fi
echo "$BIN"
