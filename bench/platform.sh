#!/usr/bin/env bash
# Platform benchmark: start-up time and API latency/throughput, with targets.
#
#   bench/platform.sh [--duration SECONDS] [--connections N] [--warmup SECONDS]
#
# Prints
#   - seconds from JVM start to the first GET /api/health = 200 (target <= 5 s on 2 cores), best of 3 starts;
#   - GET /api/projects latency p50/p99 and throughput at 64 concurrent connections with wrk
#     (target p99 <= 20 ms), next to GET /api/health measured the same way in the same run as the
#     baseline (no token check, no catalog): the ratio is what auth + catalog + JSON cost.
# Needs wrk (Debian package "wrk"). Only loopback is used; every load is bounded in time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration=10 connections=64 warmup=30
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -f "$root/launcher/target/analyst.jar" ] || "$root/analyst" build

work="$(mktemp -d)"; pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $(( 20000 + RANDOM % 20000 )); }

# starts the server; sets $pid and $port, and $seconds = JVM start to the first healthy answer
start_server() {
  port="$(free_port)"
  local t0 t1
  t0=$(date +%s.%N)
  ANALYST_NO_BUILD=1 "$root/analyst" start --no-shell --port "$port" --data "$work/data" >>"$work/server.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s.%N)
  seconds=$(echo "$t1 - $t0" | bc -l)
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# best of three starts on the same data folder (the first one also creates the catalog and the token)
best=""
for i in 1 2 3; do
  start_server
  [ "$i" -lt 3 ] && stop_server
  if [ -z "$best" ] || (( $(echo "$seconds < $best" | bc -l) )); then best=$seconds; fi
done
token="$(grep -o 'da_[A-Za-z0-9_-]\{20,\}' "$work/server.log" | head -1)"
[ -n "$token" ] || { echo "bench: no admin token in the server output" >&2; exit 1; }
for i in $(seq 1 20); do
  curl -fs -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$i\",\"description\":\"benchmark project $i\"}" "http://127.0.0.1:$port/api/projects"
done

measure() { # url [token] -> "p50_ms p99_ms rps"
  local url="$1" auth=()
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  wrk -t2 -c"$connections" -d"${duration}s" --latency "${auth[@]}" "$url" > "$work/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.2f %.2f %.0f %d\n", p50, p99, rps, bad }' "$work/wrk.txt"
}
# warm-up of both paths first: the JIT needs tens of seconds of load before the server is at its
# steady state, and both measurements below should see the same, warmed-up server
wrk -t2 -c"$connections" -d"${warmup}s" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/projects" >/dev/null 2>&1 || true
wrk -t2 -c"$connections" -d"$(( warmup / 2 ))s" "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 || true
read -r h50 h99 hrps hbad < <(measure "http://127.0.0.1:$port/api/health")
read -r p50 p99 prps pbad < <(measure "http://127.0.0.1:$port/api/projects" "$token")

verdict() { if (( $(echo "$1" | bc -l) )); then echo "ok"; else echo "MISSED"; fi; }
echo "== data-analyst platform benchmark ($(nproc) cores, $connections connections, ${duration}s per load) =="
printf 'start-up: JVM start to GET /api/health = 200   %6.2f s    target <= 5 s    %s\n' "$best" "$(verdict "$best <= 5")"
printf 'GET /api/health   (baseline)  p50 %6.2f ms  p99 %6.2f ms  %8s req/s  non-2xx %s\n' "$h50" "$h99" "$hrps" "${hbad:-0}"
printf 'GET /api/projects             p50 %6.2f ms  p99 %6.2f ms  %8s req/s  non-2xx %s\n' "$p50" "$p99" "$prps" "${pbad:-0}"
printf 'GET /api/projects p99 target <= 20 ms: %s;  p99 ratio to baseline %.2f;  throughput ratio %.2f\n' \
  "$(verdict "$p99 <= 20")" "$(echo "$p99 / $h99" | bc -l)" "$(echo "$prps / $hrps" | bc -l)"
