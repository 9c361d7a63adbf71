#!/usr/bin/env bash
# The action's first step: builds gohealth from the action's own checkout into $GITHUB_ACTION_PATH/dist, once per job.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
if [ -x dist/cli.js ] && [ -f dist/cliMain.js ]; then
  echo "gohealth: already built in $GITHUB_ACTION_PATH/dist"
else
  node -e 'const [major] = process.versions.node.split(".").map(Number); if (major < 20) { console.error(`gohealth needs Node 20 or newer (found ${process.version}); add actions/setup-node before this step`); process.exit(1); }'
  npm ci --no-audit --no-fund --ignore-scripts
  # esbuild's binary comes from its platform package; the install script only checks it, so build straight away.
  node scripts/build.mjs --production
fi
echo "$GITHUB_ACTION_PATH/dist/cli.js" > "$RUNNER_TEMP/gohealth-cli-path"
