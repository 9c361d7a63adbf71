#!/usr/bin/env bash
# Sets up a fresh Debian machine for Go Health: npm dependencies, the build, Delve, an OpenTelemetry Collector, a second Go release, the real-VS-Code harness and the Windows tier under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."

# Delve release the debugging tests run against (supports Go 1.24 to 1.27).
DLV_VERSION="${GOHEALTH_DLV_VERSION:-v1.27.2}"
# A second real Go release for the "two toolchains" tests; fetched through the module proxy.
SECOND_GO="${GOHEALTH_SECOND_GO:-go1.25.4}"

log() { printf 'setup: %s\n' "$*"; }

command -v go >/dev/null || { log "go is not on PATH: install Go first (https://go.dev/dl/)"; exit 1; }
command -v node >/dev/null || { log "node is not on PATH: install Node.js 20 or newer"; exit 1; }

log "npm ci"
npm ci --no-audit --no-fund

gobin="$(go env GOBIN)"; [ -n "$gobin" ] || gobin="$(go env GOPATH | cut -d: -f1)/bin"
if ! "$gobin/dlv" version 2>/dev/null | grep -q "Version: ${DLV_VERSION#v}"; then
  log "installing dlv $DLV_VERSION into $gobin"
  GOFLAGS= GOTOOLCHAIN=local go install "github.com/go-delve/delve/cmd/dlv@$DLV_VERSION"
fi

log "building the OpenTelemetry Collector the export tests send to (cached by its source)"
bash scripts/build-otelcol.sh >/dev/null

log "fetching $SECOND_GO through the module proxy (no-op when cached)"
GOTOOLCHAIN="$SECOND_GO" GOFLAGS= go version

if [ "${1:-}" != "--no-e2e" ]; then
  bash scripts/install-e2e-deps.sh
fi

# Wine, Windows Node and Windows Go for the Windows tier (npm run test:windows); it is skipped with a reason without them.
case " $* " in *" --no-windows "*) ;; *) bash scripts/install-windows-deps.sh ;; esac

log "build"
npm run build
log "done"
