#!/bin/sh
# Lints openapi.yaml with Redocly CLI (rules in redocly.yaml, accepted findings
# in .redocly.lint-ignore.yaml). Redocly is no dependency of the project: the
# script uses $REDOCLY or a `redocly` on PATH, and skips, saying so, when there
# is neither — unless OPENAPI_LINT_REQUIRED is set, when it fails.
#   npm i --prefix /tmp/redoc @redocly/cli && REDOCLY=/tmp/redoc/node_modules/.bin/redocly server/openapi_lint.sh
set -eu
cd "$(dirname "$0")"
cmd=${REDOCLY:-}
if [ -z "$cmd" ] && command -v redocly >/dev/null 2>&1; then
	cmd=redocly
fi
if [ -z "$cmd" ]; then
	echo "openapi_lint: Redocly CLI not found (set REDOCLY or put redocly on PATH)"
	if [ -n "${OPENAPI_LINT_REQUIRED:-}" ]; then
		exit 1
	fi
	echo "openapi_lint: skipped"
	exit 0
fi
# No telemetry and no update check: the linter needs no network.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec $cmd lint --config redocly.yaml openapi.yaml
