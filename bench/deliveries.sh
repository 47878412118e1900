#!/usr/bin/env bash
# Delivery bookings against one hot warehouse day (issue 13): every
# booking takes its share of the same warehouse_days row, so this measures
# the contended write path (order row lock, quantity check, conditional
# UPDATE of the day, the delivery row, its activity event) end to end over
# HTTP. Builds gendan, seeds bench orders into a fresh database, adds one
# warehouse, then runs wrk with CONNS clients posting 1-piece staff bookings
# (round-robin over the orders in production) at the same day, and checks
# afterwards that the day's counter equals the bookings made.
# Usage: bench/deliveries.sh              (MariaDB/MySQL, database gendan_bench)
#        DB=sqlite bench/deliveries.sh    (SQLite in a temp data dir)
# Knobs: CONNS=50 DURATION=10s ROUNDS=3 ORDERS=2000
#        CAP=10000000 (the day's booking capacity; a small CAP measures refusals too)
#        KEEP_DB=1 (DB=mysql: keep gendan_bench afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."

CONNS=${CONNS:-50}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
ORDERS=${ORDERS:-2000}
CAP=${CAP:-10000000}
DB=${DB:-mysql}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done

port=18491
base="http://127.0.0.1:$port"
tmp=$(mktemp -d)
log=$tmp/gendan.log
gpid=""
cleanup() {
  local rc=$?
  [[ -z $gpid ]] || { kill -TERM "$gpid" 2>/dev/null || true; wait "$gpid" 2>/dev/null || true; }
  if ((rc != 0)) && [[ -s $log ]]; then
    echo "--- last lines of the gendan log ---" >&2
    tail -n 20 "$log" >&2
  fi
  rm -rf "$tmp"
  [[ -z ${drop_db:-} || -n ${KEEP_DB:-} ]] || "${drop_db[@]}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building ..." >&2
CGO_ENABLED=0 go build -trimpath -o "$tmp/gendan" ./cmd/gendan

genv=(GENDAN_DATA_DIR="$tmp/data" GENDAN_ADDR="127.0.0.1:$port" GENDAN_LOG_LEVEL=info GENDAN_SEED_DEMO=false)
case $DB in
mysql)
  url=${BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306/gendan_bench}
  read -r my_host my_port my_user my_pass my_db < <(python3 -c '
import sys, urllib.parse as p
u = p.urlparse(sys.argv[1])
print(u.hostname or "127.0.0.1", u.port or 3306, p.unquote(u.username or "root"),
      p.unquote(u.password or "") or "-", u.path.lstrip("/") or "-")' "$url")
  [[ $my_db == gendan_bench* ]] || {
    echo "refusing to drop database '$my_db': its name must start with gendan_bench" >&2; exit 2; }
  [[ $my_pass == - ]] && my_pass=""
  client=$(command -v mariadb || command -v mysql) || { echo "mariadb or mysql client is required" >&2; exit 2; }
  sql=(env MYSQL_PWD="$my_pass" "$client" -h "$my_host" -P "$my_port" -u "$my_user" --protocol=tcp -N -B)
  "${sql[@]}" -e "DROP DATABASE IF EXISTS \`$my_db\`; CREATE DATABASE \`$my_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  drop_db=("${sql[@]}" -e "DROP DATABASE IF EXISTS \`$my_db\`")
  genv+=(GENDAN_DB="$url" GENDAN_JWT_SECRET=gendan-bench-jwt-secret-0123456789abcdef)
  q() { "${sql[@]}" "$my_db" -e "$1"; }
  ;;
sqlite)
  command -v sqlite3 >/dev/null || { echo "sqlite3 is required for DB=sqlite" >&2; exit 2; }
  q() { sqlite3 -separator $'\t' "$tmp/data/gendan.db" "$1"; }
  ;;
*) echo "DB must be mysql or sqlite" >&2; exit 2 ;;
esac

echo "seeding $ORDERS orders ($DB) ..." >&2
env "${genv[@]}" "$tmp/gendan" seed --orders "$ORDERS" >"$tmp/seed.log" 2>&1 || { cat "$tmp/seed.log" >&2; exit 1; }

env "${genv[@]}" "$tmp/gendan" serve >"$log" 2>&1 &
gpid=$!
for _ in $(seq 600); do
  curl -fs -o /dev/null "$base/readyz" && break
  kill -0 "$gpid" 2>/dev/null || { echo "gendan serve exited" >&2; exit 1; }
  sleep 0.05
done

# One warehouse, open every day; the hot day is tomorrow in Shanghai.
day=$(TZ=Asia/Shanghai date -d tomorrow +%F)
now=$(date -u '+%F %T')
q "INSERT INTO warehouses (code, name, address, time_zone, cap_bookings, cap_cartons, cap_cbm_milli, closed_weekdays, active, created_at, updated_at)
   VALUES ('BENCH-HOT', 'Bench hot dock', '', 'Asia/Shanghai', $CAP, $CAP, NULL, '[]', 1, '$now', '$now')"
wid=$(q "SELECT id FROM warehouses WHERE code = 'BENCH-HOT'")

# The orders in production and one line of each, as a Lua table.
q "SELECT o.id, l.colour, l.size FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.position = 1
   WHERE o.status IN ('confirmed', 'in_production') ORDER BY o.id" >"$tmp/orders.tsv"
norders=$(wc -l <"$tmp/orders.tsv")
((norders > 0)) || { echo "no orders in production to book" >&2; exit 1; }

login() {
  curl -fsS -X POST -H 'Content-Type: application/json' --data "{\"login\":\"$1\",\"password\":\"$2\"}" \
    "$base/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

python3 - "$tmp/orders.tsv" "$wid" "$day" >"$tmp/book.lua" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
wid, day = int(sys.argv[2]), sys.argv[3]
print("local bodies = {")
for oid, colour, size in rows:
    body = json.dumps({"warehouse_id": wid, "date": day, "cartons": 1,
                       "lines": [{"colour": colour, "size": size, "quantity": 1}]}, ensure_ascii=False)
    print("  {%d, %s}," % (int(oid), json.dumps(body, ensure_ascii=False)))
print("}")
print('''
local n = 0
function setup(thread) thread:set("offset", math.random(1, #bodies)) end
function request()
  n = n + 1
  local b = bodies[((offset + n) % #bodies) + 1]
  return wrk.format("POST", "/api/v1/orders/" .. b[1] .. "/deliveries", nil, b[2])
end''')
PY

echo "bench: $CONNS clients, one hot day ($day) at warehouse $wid (capacity $CAP), $norders orders, $DB" >&2
printf '| round | bookings/s | p50 ms | p99 ms | non-201 |\n|---|---|---|---|---|\n'
for r in $(seq "$ROUNDS"); do
  tok=$(login bench.merch@gendan.test gendan-bench-2026)
  out=$(wrk "-t$(( CONNS < 2 ? 1 : 2 ))" "-c$CONNS" "-d$DURATION" --latency -s "$tmp/book.lua" \
    -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' "$base")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$r" "$rps" "$p50" "$p99" "${bad:-0}"
done

# The counter must equal the bookings on the day, whatever the interleaving:
# read both in one statement (one snapshot) once the last requests are in.
sleep 1
read -r counter booked < <(q "SELECT (SELECT bookings FROM warehouse_days WHERE warehouse_id = $wid AND date = '$day'),
  (SELECT COUNT(*) FROM deliveries WHERE warehouse_id = $wid AND date = '$day' AND status IN ('requested', 'confirmed'))")
echo "day counter $counter, bookings on the day $booked" >&2
[[ $counter == "$booked" ]] || { echo "MISMATCH: the day's counter is not the bookings" >&2; exit 1; }
