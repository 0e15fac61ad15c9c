#!/usr/bin/env bash
# CPU µs per request of several servers under the same load, taking turns (for before/after
# comparisons of one change; bench/load.sh is the full benchmark). Each server is pinned to
# core 0 and `wrk -t1 -c64` with the vendor's static wrk script (bench/) to core 1; prints each server's runs.
#
# Usage: bench/compare.sh VENDOR SECS RUNS NAME=COMMAND...   (PORT in COMMAND is replaced)
#   bench/compare.sh chatwoot 3 3 "bare=target/release/examples/bare_limit 127.0.0.1:PORT" \
#     "old=/tmp/rosterwire-old serve --port PORT" "new=target/release/rosterwire serve --port PORT"
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
need wrk wrk
need taskset util-linux

vendor=$1 secs=$2 runs=$3
shift 3
names=() pids=() ports=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
port=4060
for spec in "$@"; do
  cmd=${spec#*=}
  # shellcheck disable=SC2086
  RUST_LOG=warn taskset -c 0 ${cmd//PORT/$port} >/dev/null 2>&1 &
  pids+=("$!") names+=("${spec%%=*}") ports+=("$port")
  wait_port "$port"
  port=$((port + 1))
done
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A results
for i in "${!pids[@]}"; do
  taskset -c 1 wrk -t1 -c64 -d1s -s "bench/$vendor.lua" "http://127.0.0.1:${ports[$i]}" >/dev/null
done
for _ in $(seq "$runs"); do
  for i in "${!pids[@]}"; do
    before=$(cpu "${pids[$i]}")
    out=$(taskset -c 1 wrk -t1 -c64 -d"${secs}s" -s "bench/$vendor.lua" "http://127.0.0.1:${ports[$i]}")
    after=$(cpu "${pids[$i]}")
    if grep -q 'Non-2xx' <<<"$out"; then echo "warning: non-2xx answers from ${names[$i]}" >&2; fi
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    results[${names[$i]}]+=" $(awk -v t=$((after - before)) -v hz="$ticks" -v n="$n" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}')"
  done
done
for name in "${names[@]}"; do
  printf '%-10s %-14s CPU us/req:%s (median %s)\n' "$vendor" "$name" "${results[$name]}" \
    "$(tr ' ' '\n' <<<"${results[$name]}" | grep . | median)"
done
