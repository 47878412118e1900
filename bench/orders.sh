#!/usr/bin/env bash
# Order-list read path under HTTP load (issue 11), side by side with a bare
# Fiber app answering a tiny JSON object (the ceiling). Builds both, seeds a
# fresh database with `gendan seed --orders`, starts both servers, runs wrk
# against each target in alternating rounds and prints a Markdown table.
# Usage: bench/orders.sh            (SQLite in a temp data dir)
#        DB=mysql bench/orders.sh   (MariaDB/MySQL, database gendan_bench)
# Knobs: TARGETS="bare list detail" ROUNDS=3 DURATION=10s CONNS=32
#        ORDERS=10000 SEED=demo (skip the seed; bench the demo data instead)
#        DATA=dir SEED=reuse (SQLite: bench a data dir seeded by an earlier run with DATA=dir)
#        LOG_LEVEL=info (gendan's; the access log goes to a file)
#        GENDAN_BIN=path (bench that gendan binary instead of building one, e.g. an older commit's)
#        KEEP_DB=1 (DB=mysql: keep gendan_bench afterwards; it is dropped by default)
# See bench/README.md for what each column means.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
ORDERS=${ORDERS:-10000}
DB=${DB:-sqlite}
SEED=${SEED:-bench}
all_targets="bare list list_supplier list_status list_q list_factory detail milestones list_gzip dashboard dashboard_late dashboard_supplier today status status_gzip"
read -r -a targets <<<"${TARGETS:-$all_targets}"
for t in "${targets[@]}"; do
  [[ " $all_targets " == *" $t "* ]] || { echo "unknown target $t (have: $all_targets)" >&2; exit 2; }
done
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done

bare_port=18480
port=18481
base="http://127.0.0.1:$port"
tmp=$(mktemp -d)
log=$tmp/gendan.log
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if ((rc != 0)) && [[ -s $log ]]; then
    echo "--- last lines of the gendan log ($log) ---" >&2
    tail -n 20 "$log" >&2
  fi
  rm -rf "$tmp"
  [[ -z ${drop_db:-} || -n ${KEEP_DB:-} ]] || "${drop_db[@]}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building ..." >&2
if [[ -n ${GENDAN_BIN:-} ]]; then # an older build, to measure before and after
  cp "$GENDAN_BIN" "$tmp/gendan"
else
  CGO_ENABLED=0 go build -trimpath -o "$tmp/gendan" ./cmd/gendan
fi
CGO_ENABLED=0 go build -trimpath -o "$tmp/bare" ./bench/bare

# --- database and seed -------------------------------------------------------
# The access log stays on (info, as in production), written to a file.
genv=(GENDAN_DATA_DIR="${DATA:-$tmp/data}" GENDAN_ADDR="127.0.0.1:$port" GENDAN_LOG_LEVEL="${LOG_LEVEL:-info}")
# The status page's limit of 120 requests a minute per link would answer a
# load test with 429s: the bench raises it (STATUS_LIMIT) and says so.
genv+=(GENDAN_STATUS_LINK_PER_MINUTE="${STATUS_LIMIT:-100000000}")
dbpid=""
case $DB in
sqlite) ;;
mysql)
  url=${BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306/gendan_bench}
  # host port user password database, from the same URL gendan reads.
  read -r my_host my_port my_user my_pass my_db < <(python3 -c '
import sys, urllib.parse as p
u = p.urlparse(sys.argv[1])
print(u.hostname or "127.0.0.1", u.port or 3306, p.unquote(u.username or "root"),
      p.unquote(u.password or "") or "-", u.path.lstrip("/") or "-")' "$url")
  # The database is dropped: only ever one made for this bench.
  [[ $my_db == gendan_bench* ]] || {
    echo "refusing to drop database '$my_db': its name must start with gendan_bench" >&2; exit 2; }
  [[ $my_pass == - ]] && my_pass=""
  client=$(command -v mariadb || command -v mysql) || { echo "mariadb or mysql client is required" >&2; exit 2; }
  sql=(env MYSQL_PWD="$my_pass" "$client" -h "$my_host" -P "$my_port" -u "$my_user" --protocol=tcp)
  "${sql[@]}" -e "DROP DATABASE IF EXISTS \`$my_db\`; CREATE DATABASE \`$my_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  drop_db=("${sql[@]}" -e "DROP DATABASE IF EXISTS \`$my_db\`") # on exit, unless KEEP_DB=1
  genv+=(GENDAN_DB="$url" GENDAN_JWT_SECRET=gendan-bench-jwt-secret-0123456789abcdef)
  dbpid=$(pgrep -x mariadbd || pgrep -x mysqld || true)
  dbpid=${dbpid%%$'\n'*}
  [[ -n $dbpid ]] || echo "warning: no local mariadbd/mysqld process; database CPU is not counted" >&2
  ;;
*) echo "DB must be sqlite or mysql" >&2; exit 2 ;;
esac

case $SEED in
demo)
  genv+=(GENDAN_SEED_DEMO=true)
  merch=li.wang@gendan.demo factory=chen@jinling.demo password=gendan-demo-2026 search=${SEARCH:-ST-1}
  ;;
bench)
  genv+=(GENDAN_SEED_DEMO=false)
  merch=bench.merch@gendan.test factory=bench.f01@gendan.test password=gendan-bench-2026 search=${SEARCH:-ST-1}
  echo "seeding $ORDERS orders ($DB) ..." >&2
  s0=$(date +%s%N)
  env "${genv[@]}" "$tmp/gendan" seed --orders "$ORDERS" >"$tmp/seed.log" 2>&1 || {
    cat "$tmp/seed.log" >&2; exit 1; }
  echo "seeded in $(( ($(date +%s%N) - s0) / 1000000 )) ms" >&2
  ;;
reuse)
  [[ -n ${DATA:-} && -f $DATA/gendan.db ]] || { echo "SEED=reuse needs DATA=a data dir seeded before" >&2; exit 2; }
  genv+=(GENDAN_SEED_DEMO=false)
  merch=bench.merch@gendan.test factory=bench.f01@gendan.test password=gendan-bench-2026 search=${SEARCH:-ST-1}
  ;;
*) echo "SEED must be bench, demo or reuse" >&2; exit 2 ;;
esac

# --- servers -------------------------------------------------------------------
env "${genv[@]}" "$tmp/gendan" serve >"$log" 2>&1 &
gpid=$!
pids+=("$gpid")
"$tmp/bare" -addr "127.0.0.1:$bare_port" >"$tmp/bare.log" 2>&1 &
bpid=$!
pids+=("$bpid")
for _ in $(seq 600); do
  curl -fs -o /dev/null "$base/readyz" && curl -fs -o /dev/null "http://127.0.0.1:$bare_port/" && break
  kill -0 "$gpid" 2>/dev/null || { echo "gendan serve exited" >&2; exit 1; }
  sleep 0.05
done
curl -fs -o /dev/null "$base/readyz" || { echo "gendan is not ready after 30 s" >&2; exit 1; }

# json PATH reads one value from the JSON on stdin: PATH like user.supplier.id or items.0.id.
json() {
  python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$1"
}
login() { # login password -> access token
  curl -fsS -X POST -H 'Content-Type: application/json' \
    --data "{\"login\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/auth/login" | json access_token
}
# Access tokens live 15 minutes; sign in again before every pass.
signin() {
  merch_tok=$(login "$merch" "$password")
  factory_tok=$(login "$factory" "$password")
}
signin
supplier=$(curl -fsS -H "Authorization: Bearer $factory_tok" "$base/api/v1/me" | json supplier.id)
order=$(curl -fsS -H "Authorization: Bearer $merch_tok" "$base/api/v1/orders?limit=50" | json items.0.id)
echo "merchandiser $merch, factory $factory (supplier $supplier), order $order" >&2

# target NAME -> url, who (merch|factory|none), extra header
declare -A t_url t_who t_hdr
def() { t_url[$1]=$2; t_who[$1]=$3; t_hdr[$1]=${4:-}; }
def bare "http://127.0.0.1:$bare_port/" none
def list "$base/api/v1/orders?limit=50" merch
def list_supplier "$base/api/v1/orders?limit=50&supplier_id=$supplier" merch
def list_status "$base/api/v1/orders?limit=50&status=in_production" merch
def list_q "$base/api/v1/orders?limit=50&q=$search" merch
def list_factory "$base/api/v1/orders?limit=50" factory
def detail "$base/api/v1/orders/$order" merch
def milestones "$base/api/v1/orders/$order/milestones" merch
def list_gzip "$base/api/v1/orders?limit=50" factory "Accept-Encoding: gzip"
# The risk dashboard (issue 14): the merchandiser's own (every bench order),
# the late tab of everyone's, one supplier's; and the Today list.
def dashboard "$base/api/v1/dashboard?limit=50" merch
def dashboard_late "$base/api/v1/dashboard?limit=50&level=late&merchandiser_id=all" merch
def dashboard_supplier "$base/api/v1/dashboard?limit=50&supplier_id=$supplier" merch
def today "$base/api/v1/today" merch
# The customer's status page (issue 15): no sign-in, a link made for the order.
if [[ " ${targets[*]} " == *" status"* ]]; then
  status_token=$(curl -fsS -X POST -H "Authorization: Bearer $merch_tok" -H 'Content-Type: application/json' \
    --data '{"recipient_name":"bench"}' "$base/api/v1/orders/$order/links" | json token)
fi
def status "$base/api/v1/public/status/${status_token:-none}" none
def status_gzip "$base/api/v1/public/status/${status_token:-none}" none "Accept-Encoding: gzip"

hdrs() { # NAME -> header arguments, one per line (for mapfile)
  case ${t_who[$1]} in
  merch) printf '%s\n' -H "Authorization: Bearer $merch_tok" ;;
  factory) printf '%s\n' -H "Authorization: Bearer $factory_tok" ;;
  esac
  [[ -z ${t_hdr[$1]} ]] || printf '%s\n' -H "${t_hdr[$1]}"
}

# Preflight: every target must answer 200, else the numbers measure an error page.
declare -A bytes items
for t in "${targets[@]}"; do
  mapfile -t h < <(hdrs "$t")
  read -r code size < <(curl -s -o "$tmp/body" -w '%{http_code} %{size_download}\n' ${h[@]+"${h[@]}"} "${t_url[$t]}")
  if [[ $code != 200 ]]; then
    echo "target $t (${t_url[$t]}) answered $code: $(head -c 300 "$tmp/body")" >&2
    exit 1
  fi
  bytes[$t]=$size
  items[$t]=$(python3 -c '
import json, sys
try: v = json.load(open(sys.argv[1]))
except Exception: print("-"); sys.exit()
print(len(v["items"]) if isinstance(v, dict) and "items" in v else "-")' "$tmp/body")
done

ticks=$(getconf CLK_TCK)
cpu() { # pid -> utime+stime in clock ticks (fields 14 and 15 of /proc/PID/stat)
  [[ -n $1 ]] || { echo 0; return; }
  local s
  s=$(<"/proc/$1/stat")
  s=${s##*) } # drop "pid (comm) ": what is left starts at field 3
  awk '{print $12 + $13}' <<<"$s"
}
to_ms() { # wrk latency like 812.00us, 1.23ms, 2.01s -> milliseconds
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /m$/) { sub(/m$/, "", v); print v * 60000 }
    else { sub(/s$/, "", v); print v * 1000 } }'
}
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# run NAME CONNS -> sets rps p50 p99 reqs bad cpu_g cpu_d (ms of CPU per request)
run() {
  local t=$1 c=$2 out g0 g1 d0 d1 h spid=$gpid dpid=$dbpid
  [[ $t != bare ]] || spid=$bpid dpid="" # the ceiling's own process, no database
  mapfile -t h < <(hdrs "$t")
  g0=$(cpu "$spid"); d0=$(cpu "$dpid")
  out=$(wrk -t1 "-c$c" "-d$DURATION" --latency ${h[@]+"${h[@]}"} "${t_url[$t]}")
  g1=$(cpu "$spid"); d1=$(cpu "$dpid")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  bad=$(awk -F': *' '/Non-2xx or 3xx responses/ {n += $2} /Socket errors/ {split($2, a, /[ ,]+/); n += a[2] + a[4] + a[6] + a[8]} END {print n + 0}' <<<"$out")
  cpu_g=$(awk -v d="$((g1 - g0))" -v n="$reqs" -v hz="$ticks" 'BEGIN {printf "%.4f", n ? d * 1000 / hz / n : 0}')
  cpu_d=$(awk -v d="$((g1 - g0 + d1 - d0))" -v n="$reqs" -v hz="$ticks" 'BEGIN {printf "%.4f", n ? d * 1000 / hz / n : 0}')
  [[ $t != bare ]] || cpu_d=nan
  if ((bad > 0)); then
    echo "!!! $t: $bad non-2xx/3xx responses or socket errors in this run" >&2
    grep -E 'Non-2xx|Socket errors' <<<"$out" >&2 || true
  fi
}

declare -A r_rps r_p50 r_p99 r_cpug r_cpud r_bad c1_p50 c1_p99
hdr="round target conns req/s p50_ms p99_ms requests bad cpu_ms/req"
[[ -z $dbpid ]] || hdr+=" cpu+db_ms/req"
echo "raw ($DB, seed $SEED, ${DURATION} per run, wrk -t1, server CPU from /proc at ${ticks} ticks/s):"
echo "$hdr"
for r in $(seq "$ROUNDS"); do
  signin
  # Each round starts one target later, so no target always runs in the
  # same place (right after the heaviest one, say).
  n=${#targets[@]} order=()
  for ((k = 0; k < n; k++)); do order+=("${targets[(k + r - 1) % n]}"); done
  for t in "${order[@]}"; do
    run "$t" "$CONNS"
    r_rps[$t]+="$rps " r_p50[$t]+="$p50 " r_p99[$t]+="$p99 "
    r_cpug[$t]+="$cpu_g " r_cpud[$t]+="$cpu_d " r_bad[$t]=$(( ${r_bad[$t]:-0} + bad ))
    line="$r $t $CONNS $rps $p50 $p99 $reqs $bad $cpu_g"
    [[ -z $dbpid ]] || line+=" $cpu_d"
    echo "$line"
  done
done
signin
for t in "${targets[@]}"; do
  run "$t" 1
  c1_p50[$t]=$p50 c1_p99[$t]=$p99
  r_bad[$t]=$(( ${r_bad[$t]:-0} + bad ))
  echo "c1 $t 1 $rps $p50 $p99 $reqs $bad"
done

# --- table -------------------------------------------------------------------------
ms() { awk -v v="$1" 'BEGIN { if (v == "nan") print "–"; else if (v < 1) printf "%.3f ms", v; else printf "%.2f ms", v }'; }
bare_rps=""
[[ -z ${r_rps[bare]:-} ]] || bare_rps=$(median ${r_rps[bare]})
echo
echo "### ${TITLE:-Orders read path}: $DB, $([[ $SEED == bench ]] && echo "$ORDERS seeded orders" || echo "demo data"), $CONNS connections, $ROUNDS × $DURATION, $(nproc) CPUs"
echo
if [[ -n $dbpid ]]; then
  echo "| target | req/s | p50 | p99 | gendan CPU ms/req | gendan+db CPU ms/req | body bytes | items | % of bare | c1 p50 | c1 p99 |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
else
  echo "| target | req/s | p50 | p99 | server CPU ms/req | body bytes | items | % of bare | c1 p50 | c1 p99 |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
fi
warned=0
for t in "${targets[@]}"; do
  rps=$(median ${r_rps[$t]})
  pct="–"
  [[ -z $bare_rps ]] || pct=$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN {printf "%.1f%%", b ? a * 100 / b : 0}')
  cg=$(median ${r_cpug[$t]}) cd=$(median ${r_cpud[$t]})
  cg=$(awk -v v="$cg" 'BEGIN { if (v == "nan") print "–"; else printf "%.3f", v }')
  cd=$(awk -v v="$cd" 'BEGIN { if (v == "nan") print "–"; else printf "%.3f", v }')
  name=$t
  if (( ${r_bad[$t]} > 0 )); then name="$t **!! ${r_bad[$t]} NON-2XX/ERRORS: NOT VALID**"; warned=1; fi
  row="| $name | $(printf '%.0f' "$rps") | $(ms "$(median ${r_p50[$t]})") | $(ms "$(median ${r_p99[$t]})") | $cg"
  [[ -z $dbpid ]] || row+=" | $cd"
  row+=" | ${bytes[$t]} | ${items[$t]} | $pct | $(ms "${c1_p50[$t]}") | $(ms "${c1_p99[$t]}") |"
  echo "$row"
done
if ((warned)); then
  echo
  echo "**WARNING: some runs got non-2xx/3xx answers or socket errors; those rows measure errors, not the read path.**"
  exit 1
fi
