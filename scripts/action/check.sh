#!/usr/bin/env bash
# The action's check step: one JSON report decides the exit status; SARIF and the Markdown job summary come from the same check run's twins.
set -uo pipefail
cli="$(cat "$RUNNER_TEMP/gohealth-cli-path")"
fail_on="${GOHEALTH_FAIL_ON:-error}"
sarif="${GOHEALTH_SARIF_FILE:-gohealth.sarif}"
redact=()
if [ "${GOHEALTH_REDACT:-true}" = "true" ]; then redact=(--redact); fi
# Word splitting of the extra options is intended: they are flags such as `--skip a,b --timeout-ms 20000`.
# shellcheck disable=SC2206
extra=(${GOHEALTH_ARGS:-})

node "$cli" check --format sarif --fail-on never --no-history "${redact[@]}" "${extra[@]}" > "$sarif" || {
  echo "::error::gohealth check could not write SARIF (see the log above)"
  exit 2
}
summary_file="${GITHUB_STEP_SUMMARY:-/dev/null}"
node "$cli" check --format markdown --fail-on "$fail_on" "${redact[@]}" "${extra[@]}" >> "$summary_file"
status=$?
findings=$(node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(s.runs[0].results.length)' "$sarif")
{
  echo "sarif-file=$sarif"
  echo "findings=$findings"
} >> "${GITHUB_OUTPUT:-/dev/null}"
case "$status" in
  0) echo "gohealth: $findings finding(s), none at or above --fail-on $fail_on" ;;
  1) echo "::error::gohealth: findings at or above --fail-on $fail_on (see the job summary)" ;;
  *) echo "::error::gohealth check failed (exit $status)" ;;
esac
exit "$status"
