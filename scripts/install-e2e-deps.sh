#!/usr/bin/env bash
# Installs what the end-to-end tests need (Chromium, code-server, Neovim) on a fresh Debian machine; a fast no-op when already installed.
set -euo pipefail

CODE_SERVER_VERSION="${GOHEALTH_CODE_SERVER_VERSION:-4.100.3}"
E2E_HOME="${GOHEALTH_E2E_HOME:-$HOME/.cache/gohealth-e2e}"
CODE_SERVER_PREFIX="$E2E_HOME/code-server"
CODE_SERVER_BIN="$CODE_SERVER_PREFIX/node_modules/.bin/code-server"
# The version of the prebuilt ripgrep asset that @vscode/ripgrep 1.15.x fetches in its postinstall.
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

log() { printf 'install-e2e-deps: %s\n' "$*"; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/rg ] || need_apt+=(ripgrep)
# Neovim: a third-party LSP client for the language server's end-to-end tests.
[ -x /usr/bin/nvim ] || need_apt+=(neovim)
for pkg in libkrb5-dev fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done

if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${need_apt[*]} (run as root to install them)"
    exit 1
  fi
  log "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # Without recommends: Chromium's recommends pull in desktop services headless runs never use.
  apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

installed_version() {
  [ -x "$CODE_SERVER_BIN" ] || return 1
  node -e 'console.log(require(process.argv[1]).version)' "$CODE_SERVER_PREFIX/node_modules/code-server/package.json" 2>/dev/null
}

if [ "$(installed_version || true)" != "$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CODE_SERVER_PREFIX (takes a few minutes)"
  mkdir -p "$CODE_SERVER_PREFIX"
  # A private temp dir: @vscode/ripgrep's postinstall looks there for a cached asset before it
  # tries GitHub, which this machine cannot reach; seed it with Debian's rg for every 1.15.x.
  install_tmp="$E2E_HOME/tmp"
  rm -rf "$install_tmp"
  mkdir -p "$install_tmp"
  tar czf "$install_tmp/$RIPGREP_ASSET" -C /usr/bin rg
  for patch in $(seq 0 30); do
    mkdir -p "$install_tmp/vscode-ripgrep-cache-1.15.$patch"
    ln -f "$install_tmp/$RIPGREP_ASSET" "$install_tmp/vscode-ripgrep-cache-1.15.$patch/$RIPGREP_ASSET"
  done
  [ -f "$CODE_SERVER_PREFIX/package.json" ] || echo '{ "name": "gohealth-e2e-code-server", "private": true }' > "$CODE_SERVER_PREFIX/package.json"
  started=$(date +%s)
  TMPDIR="$install_tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --prefix "$CODE_SERVER_PREFIX" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  log "code-server installed in $(( $(date +%s) - started )) s"
  rm -rf "$install_tmp"
else
  log "code-server@$CODE_SERVER_VERSION already installed"
fi

"$CODE_SERVER_BIN" --version >/dev/null
log "code-server: $CODE_SERVER_BIN"
log "chromium:    /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
