#!/usr/bin/env bash
# Cold start of the embedded default: time from exec to the first 200 from
# /healthz, on a fresh data dir (migrate + seed) and on an existing one.
# Usage: bench/coldstart.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=$(mktemp -d)/gendan
CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/gendan
port=18391
measure() { # $1 data dir
  local start end pid
  start=$(date +%s%N)
  GENDAN_DATA_DIR="$1" GENDAN_ADDR="127.0.0.1:$port" "$bin" serve >/dev/null 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.005; done
  end=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}
first=(); warm=()
for _ in $(seq "$runs"); do
  d=$(mktemp -d)
  first+=("$(measure "$d")")
  warm+=("$(measure "$d")")
  rm -rf "$d"
done
echo "first start (migrate + seed), ms: ${first[*]}"
echo "later start, ms:                  ${warm[*]}"
