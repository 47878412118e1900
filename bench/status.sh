#!/usr/bin/env bash
# The customer's status page (issue 15) under HTTP load: GET
# /api/v1/public/status/:token with wrk on loopback, in the same run as the
# bare Fiber JSON handler (the ceiling), and the ratio of the two.
# The per-link limit (120 requests a minute) is raised to STATUS_LIMIT
# (default 100000000) for the run, or wrk would measure 429s.
# Usage: bench/status.sh              (SQLite, demo data)
#        DB=mysql bench/status.sh     (MariaDB, database gendan_bench)
# Knobs as bench/orders.sh: ROUNDS=3 DURATION=10s CONNS=32 LOG_LEVEL=info.
set -euo pipefail
cd "$(dirname "$0")/.."
export TARGETS=${TARGETS:-"bare status status_gzip"} SEED=${SEED:-demo} TITLE="Customer status page"
exec bench/orders.sh
