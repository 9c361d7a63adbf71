#!/usr/bin/env bash
# Builds the OpenTelemetry Collector of the integration tests (test/otelcol) once per source: the binary is cached under a hash of go.mod, go.sum and main.go, and its path printed.
# Exit 3: its modules cannot be downloaded (no module proxy reachable); any other failure: 1.
set -euo pipefail
src="$(cd "$(dirname "$0")/../test/otelcol" && pwd)"
cache="${GOHEALTH_OTELCOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gohealth-otelcol}"
key="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"
bin="$cache/$key/gohealth-otelcol"

if [ -x "$bin" ]; then
  printf '%s\n' "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "build-otelcol: go is not on PATH" >&2; exit 3; }

# The developer's go env must not change the build: no toolchain switch, go.mod and go.sum as committed, no VCS
# stamping, no workspace file from a parent directory. The module cache is the user's (downloads are shared).
export GOTOOLCHAIN=local GOFLAGS='-mod=readonly -buildvcs=false' GOWORK=off CGO_ENABLED=0
cd "$src"
started=$(date +%s)
if ! log="$(go mod download 2>&1)"; then
  printf 'build-otelcol: cannot download the collector modules (GOPROXY=%s):\n%s\n' "$(go env GOPROXY)" "$log" >&2
  exit 3
fi
downloaded=$(date +%s)
mkdir -p "$cache/$key"
tmp="$(mktemp "$cache/$key/.build-XXXXXX")"
trap 'rm -f "$tmp"' EXIT
go build -trimpath -o "$tmp" . || exit 1
mv -f "$tmp" "$bin"
echo "build-otelcol: built $bin (download $((downloaded - started)) s, build $(($(date +%s) - downloaded)) s)" >&2
printf '%s\n' "$bin"
