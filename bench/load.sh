#!/usr/bin/env bash
# Load benchmark: `rosterwire serve` against the bare limit (mock-server/examples/bare_limit.rs),
# per vendor mutating endpoint, in one run.
#
# 1. Pinned: every server on core 0, `wrk -t1` on core 1, static wrk scripts (bench/<vendor>.lua:
#    one fixed request, no Lua per request or response; the count is bounded by -d). The servers
#    take turns, run after run, after a warm-up. Prints req/s, p50/p99 latency, the server's CPU
#    µs per request (utime + stime over the run / requests answered) and the ratio of that CPU
#    cost to the bare limit's; medians of --runs runs.
# 2. Unpinned: req/s of the bare limit and of rosterwire with both cores free for the server
#    (multi-core scaling; wrk unpinned too).
# 3. Journal reads: `GET /__admin/requests` on the full 1000-entry journal each vendor's load left.
# 4. Start-up: exec to the first answered request (so, the first accepted connection), median.
# 5. Soak: bench/soak.sh, RSS growth per request with the default journal.
# Traffic goes to 127.0.0.1 only. Installs wrk and curl (Debian packages) when missing.
#
# Usage: bench/load.sh [--duration SECS] [--runs N] [--connections N] [--soak N] [--reads N]
#                      [--startups N] [--vendors "rocketchat chatwoot chatdash"] [--no-soak]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

duration=5 runs=3 connections=64 soak=600000 reads=20 startups=11
vendors="rocketchat chatwoot chatdash"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --soak) soak=$2; shift 2 ;;
    --no-soak) soak=0; shift ;;
    --reads) reads=$2; shift 2 ;;
    --startups) startups=$2; shift 2 ;;
    --vendors) vendors=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

need wrk wrk
need curl curl
need taskset util-linux
cargo build --release --quiet -p rosterwire --bin rosterwire
cargo build --release --quiet -p rosterwire-mock --example bare_limit
ticks=$(getconf CLK_TCK)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# The servers, by name: the command after `taskset`.
server_cmd() { # server_cmd NAME PORT
  case "$1" in
    bare) echo "$bare 127.0.0.1:$2" ;;
    bare+state) echo "$bare 127.0.0.1:$2 --state" ;;
    rosterwire) echo "$bin serve --port $2" ;;
    rosterwire-j0) echo "$bin serve --port $2 --journal-size 0" ;;
  esac
}

start_server() { # start_server NAME PORT CPUS -> sets server_pid
  local cmd
  cmd=$(server_cmd "$1" "$2")
  # shellcheck disable=SC2086
  RUST_LOG=warn taskset -c "$3" $cmd >/dev/null 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  wait_port "$2"
}

# cpu_ticks PID: utime + stime of the process (all threads), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run_wrk PID PORT VENDOR SECS WRK_CPUS -> prints "req/s p50_us p99_us cpu_us_per_req"
run_wrk() {
  local pid=$1 port=$2 vendor=$3 secs=$4 cpus=$5 before after out
  before=$(cpu_ticks "$pid")
  out=$(taskset -c "$cpus" wrk -t1 -c"$connections" -d"${secs}s" --latency -s "bench/$vendor.lua" \
    "http://127.0.0.1:$port" 2>&1)
  after=$(cpu_ticks "$pid")
  if grep -q 'Non-2xx' <<<"$out"; then echo "warning: non-2xx answers ($vendor, port $port)" >&2; fi
  awk -v t=$((after - before)) -v hz="$ticks" '
    function us(v) { if (v ~ /ms$/) return v * 1000; if (v ~ /us$/) return v + 0; if (v ~ /s$/) return v * 1e6; return v }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = us($2) }
    $1 == "99%" { p99 = us($2) }
    END { printf "%.0f %.0f %.0f %.2f\n", rps, p50, p99, t / hz * 1e6 / n }' <<<"$out"
}

col() { printf '%s\n' "${@:2}" | awk -v c="$1" '{print $c}' | median; }

# journal_read PORT PID -> the first read of the journal the load left (every entry redacted
# and rendered then; curl's time_total and the server's CPU time over it), and the median of
# --reads reads after it (curl's time_total, ms)
journal_read() {
  local url="http://127.0.0.1:$1/__admin/requests" first times=() size entries before after
  before=$(server_cpu_ns "$2")
  first=$(curl -s -o /dev/null -w '%{time_total}' "$url")
  after=$(server_cpu_ns "$2")
  for _ in $(seq "$reads"); do times+=("$(curl -s -o /dev/null -w '%{time_total}' "$url")"); done
  size=$(curl -s "$url" | wc -c)
  entries=$(curl -s "$url" | grep -o '"seq":' | wc -l)
  printf '%s\n' "${times[@]}" | median | awk -v f="$first" -v s="$size" -v n="$entries" \
    -v c="$(( (after - before) / 1000 ))" \
    '{printf "first %.2f ms (server CPU %.2f ms), then median %.2f ms (%d entries, %d bytes)\n", f * 1000, c / 1000, $1 * 1000, n, s}'
}

echo "# rosterwire load benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr), $(rustc --version)"
echo "# wrk -t1 -c$connections -d${duration}s, static scripts; median of $runs runs"
echo
echo "## Pinned: server on core 0, wrk on core 1"
printf "%-11s %-14s %9s %9s %9s %11s %6s\n" vendor server "req/s" "p50 us" "p99 us" "CPU us/req" ratio
servers=(bare bare+state rosterwire-j0 rosterwire)
declare -A port server_pids
p=4020
for s in "${servers[@]}"; do
  port[$s]=$p
  start_server "$s" "$p" 0
  server_pids[$s]=$server_pid
  p=$((p + 1))
done
declare -A journal
for vendor in $vendors; do
  for s in "${servers[@]}"; do run_wrk "${server_pids[$s]}" "${port[$s]}" "$vendor" 2 1 >/dev/null; done
  declare -A results=()
  for _ in $(seq "$runs"); do
    for s in "${servers[@]}"; do
      results[$s]+="$(run_wrk "${server_pids[$s]}" "${port[$s]}" "$vendor" "$duration" 1);"
    done
  done
  base_cpu=""
  for s in "${servers[@]}"; do
    IFS=';' read -r -a rows <<<"${results[$s]}"
    cpu=$(col 4 "${rows[@]}")
    [ -n "$base_cpu" ] || base_cpu=$cpu
    printf "%-11s %-14s %9s %9s %9s %11s %6s\n" "$vendor" "$s" "$(col 1 "${rows[@]}")" \
      "$(col 2 "${rows[@]}")" "$(col 3 "${rows[@]}")" "$cpu" \
      "$(awk -v a="$cpu" -v b="$base_cpu" 'BEGIN {printf "%.2f", a / b}')"
  done
  sleep 1 # let the last run's connections close
  journal[$vendor]=$(journal_read "${port[rosterwire]}" "${server_pids[rosterwire]}")
  unset results
done
for s in "${servers[@]}"; do kill "${server_pids[$s]}" 2>/dev/null || true; wait "${server_pids[$s]}" 2>/dev/null || true; done

echo
echo "## Unpinned: server and wrk free on both cores (req/s, median of $runs)"
printf "%-11s %-14s %9s\n" vendor server "req/s"
for s in bare rosterwire; do
  start_server "$s" "${port[$s]}" 0-1
  server_pids[$s]=$server_pid
done
for vendor in $vendors; do
  for s in bare rosterwire; do
    run_wrk "${server_pids[$s]}" "${port[$s]}" "$vendor" 2 0-1 >/dev/null
    rows=()
    for _ in $(seq "$runs"); do rows+=("$(run_wrk "${server_pids[$s]}" "${port[$s]}" "$vendor" "$duration" 0-1)"); done
    printf "%-11s %-14s %9s\n" "$vendor" "$s" "$(col 1 "${rows[@]}")"
  done
done
for s in bare rosterwire; do kill "${server_pids[$s]}" 2>/dev/null || true; wait "${server_pids[$s]}" 2>/dev/null || true; done

echo
echo "## Journal reads: GET /__admin/requests on the full journal each vendor's load left (curl time_total)"
for vendor in $vendors; do printf "%-11s %s\n" "$vendor" "${journal[$vendor]}"; done

echo
echo "## Start-up: exec of \`rosterwire serve\` (core 0) to its first answered request (median of $startups)"
startup_once() { # prints microseconds
  local t0 t1 line
  t0=$EPOCHREALTIME
  RUST_LOG=warn taskset -c 0 "$bin" serve --port 4030 >/dev/null 2>&1 &
  local pid=$!
  until { exec 3<>/dev/tcp/127.0.0.1/4030; } 2>/dev/null; do :; done
  printf 'GET /__admin/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
  read -r line <&3
  t1=$EPOCHREALTIME
  exec 3>&-
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [[ $line == "HTTP/1.1 200"* ]] || { echo "start-up probe got: $line" >&2; exit 3; }
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f\n", (b - a) * 1e6}'
}
times=()
for _ in $(seq "$startups"); do times+=("$(startup_once)"); done
echo "start-up: $(printf '%s\n' "${times[@]}" | median) us (min $(printf '%s\n' "${times[@]}" | sort -g | head -1), max $(printf '%s\n' "${times[@]}" | sort -g | tail -1))"

if [ "$soak" -gt 0 ]; then
  echo
  echo "## Soak (bench/soak.sh): RSS growth over $soak requests after a warm-up, default journal"
  bench/soak.sh "$soak" 1
fi
