#!/usr/bin/env bash
# Load benchmark: `rosterwire serve` against a minimal hyper + serde_json baseline, per vendor.
#
# Each server is pinned to core 0 and wrk to core 1; both servers run in the same invocation,
# alternating, after a warm-up. Prints req/s, p50/p99 latency, server CPU µs per request and the
# ratio to the baseline; then start-up time and an RSS soak (bench/soak.sh: 200,000 requests,
# default journal).
# Traffic goes to 127.0.0.1 only and every run is bounded in time and count.
#
# Usage: bench/load.sh [--duration SECS] [--runs N] [--connections N] [--soak N]
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_DIR="$PWD/bench"

duration=10 runs=3 connections=64 soak=200000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --soak) soak=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)..." >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --quiet -p rosterwire --bin rosterwire
cargo build --release --quiet -p rosterwire-mock --example baseline
bin=target/release/rosterwire
baseline=target/release/examples/baseline
ticks=$(getconf CLK_TCK)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# cpu_ticks PID: utime + stime of the process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_server() { # start_server NAME PORT -> sets server_pid
  local name=$1 port=$2
  if [ "$name" = rosterwire ]; then
    RUST_LOG=warn taskset -c 0 "$bin" serve --port "$port" >/dev/null 2>&1 &
  else
    taskset -c 0 "$baseline" "127.0.0.1:$port" >/dev/null 2>&1 &
  fi
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "$name did not start on port $port" >&2; exit 3
}

# run_wrk PID PORT SCRIPT SECS -> prints "req/s p50 p99 cpu_us_per_req"
run_wrk() {
  local pid=$1 port=$2 script=$3 secs=$4 before after out requests rps p50 p99
  before=$(cpu_ticks "$pid")
  out=$(taskset -c 1 wrk -t1 -c"$connections" -d"${secs}s" --latency -s "$script" "http://127.0.0.1:$port" 2>&1)
  after=$(cpu_ticks "$pid")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  if grep -q 'non-2xx: [1-9]' <<<"$out"; then echo "warning: non-2xx answers in $script" >&2; fi
  awk -v t=$((after - before)) -v hz="$ticks" -v n="$requests" -v rps="$rps" -v p50="$p50" -v p99="$p99" \
    'BEGIN { printf "%s %s %s %.1f\n", rps, p50, p99, t / hz * 1e6 / n }'
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "# rosterwire load benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
echo "# wrk -t1 -c$connections -d${duration}s, $runs runs each (median), servers on core 0, wrk on core 1"
printf "%-11s %-11s %10s %9s %9s %12s %7s\n" vendor server "req/s" "p50" "p99" "CPU us/req" ratio
start_server baseline 4020; base_pid=$server_pid
start_server rosterwire 4021; mock_pid=$server_pid
for vendor in rocketchat chatwoot chatdash; do
  script="bench/$vendor.lua"
  run_wrk "$base_pid" 4020 "$script" 2 >/dev/null   # warm-up
  run_wrk "$mock_pid" 4021 "$script" 2 >/dev/null
  base_runs=() mock_runs=()
  for _ in $(seq "$runs"); do
    base_runs+=("$(run_wrk "$base_pid" 4020 "$script" "$duration")")
    mock_runs+=("$(run_wrk "$mock_pid" 4021 "$script" "$duration")")
  done
  col() { printf '%s\n' "${@:2}" | awk -v c="$1" '{print $c}' | median; }
  base_cpu=$(col 4 "${base_runs[@]}"); mock_cpu=$(col 4 "${mock_runs[@]}")
  printf "%-11s %-11s %10s %9s %9s %12s %7s\n" "$vendor" baseline "$(col 1 "${base_runs[@]}")" \
    "$(col 2 "${base_runs[@]}")" "$(col 3 "${base_runs[@]}")" "$base_cpu" "1.00"
  printf "%-11s %-11s %10s %9s %9s %12s %7s\n" "$vendor" rosterwire "$(col 1 "${mock_runs[@]}")" \
    "$(col 2 "${mock_runs[@]}")" "$(col 3 "${mock_runs[@]}")" "$mock_cpu" \
    "$(awk -v a="$mock_cpu" -v b="$base_cpu" 'BEGIN {printf "%.2f", a / b}')"
done
kill "$base_pid" "$mock_pid" 2>/dev/null || true; wait "$base_pid" "$mock_pid" 2>/dev/null || true

echo
echo "# start-up: time from exec to the first accepted connection (median of 11)"
startups=()
for _ in $(seq 11); do
  t0=$(date +%s%N)
  RUST_LOG=warn "$bin" serve --port 4022 >/dev/null 2>&1 &
  pid=$!
  until (exec 3<>/dev/tcp/127.0.0.1/4022) 2>/dev/null; do sleep 0.001; done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  startups+=("$(( (t1 - t0) / 1000 ))")
done
echo "start-up: $(printf '%s\n' "${startups[@]}" | median) us"

echo
echo "# memory soak (bench/soak.sh): $soak requests over the three vendors after a warm-up, default journal"
bench/soak.sh "$soak" 1
