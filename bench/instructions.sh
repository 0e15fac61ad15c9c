#!/usr/bin/env bash
# User-space instructions per request (valgrind callgrind) of `rosterwire serve` and of the bare
# limit, per vendor mutating endpoint: a count, not a time, so it holds on a busy machine and
# shows what one change to the request path buys (the load benchmark, bench/load.sh, needs a
# quiet machine). Kernel work (the socket reads and writes, the same for both servers) is not
# counted.
#
# Each server runs under callgrind; wrk (1 thread, 8 connections, the static bench/<vendor>.lua)
# warms it up for 2 s, the counters are zeroed, wrk runs SECS more seconds, the counters are
# dumped, and the instructions of that window are divided by the requests wrk counted.
# Traffic goes to 127.0.0.1 only. Installs valgrind and wrk (Debian packages) when missing.
#
# Usage: bench/instructions.sh [SECS] [VENDOR...]      (default: 4 s, all three vendors)
#   ROSTERWIRE=path/to/rosterwire bench/instructions.sh   (another build, e.g. before a change)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

secs=${1:-4}
shift $(( $# > 0 ? 1 : 0 ))
vendors=("$@")
[ ${#vendors[@]} -gt 0 ] || vendors=(rocketchat chatwoot chatdash)
need valgrind valgrind
need callgrind_control valgrind
need wrk wrk
cargo build --release --quiet -p rosterwire --bin rosterwire
cargo build --release --quiet -p rosterwire-mock --example bare_limit
rosterwire=${ROSTERWIRE:-$bin}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# count NAME PORT VENDOR COMMAND... -> prints "instructions requests"
count() {
  local name=$1 port=$2 vendor=$3
  shift 3
  RUST_LOG=warn valgrind --tool=callgrind --dump-instr=no \
    --callgrind-out-file="$out/$name.%p" "$@" >/dev/null 2>"$out/$name.log" &
  local pid=$!
  wait_port "$port"
  wrk -t1 -c8 -d2s -s "bench/$vendor.lua" "http://127.0.0.1:$port" >/dev/null
  callgrind_control -z "$pid" >/dev/null 2>&1
  local requests
  requests=$(wrk -t1 -c8 -d"${secs}s" -s "bench/$vendor.lua" "http://127.0.0.1:$port" |
    awk '/requests in/ {print $1}')
  callgrind_control -d "$pid" >/dev/null 2>&1
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  local instructions
  instructions=$(callgrind_annotate "$out/$name.$pid.1" 2>/dev/null |
    awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo "$instructions $requests"
}

printf '%-11s %-11s %10s %9s %7s\n' vendor server requests "Ir/req" ratio
port=4090
for vendor in "${vendors[@]}"; do
  read -r bare_ir bare_n < <(count bare $port "$vendor" "$bare" "127.0.0.1:$port")
  port=$((port + 1))
  read -r rw_ir rw_n < <(count rosterwire $port "$vendor" "$rosterwire" serve --port "$port")
  port=$((port + 1))
  awk -v v="$vendor" -v bi="$bare_ir" -v bn="$bare_n" -v ri="$rw_ir" -v rn="$rw_n" 'BEGIN {
    printf "%-11s %-11s %10d %9.0f %7s\n", v, "bare limit", bn, bi / bn, "1.00"
    printf "%-11s %-11s %10d %9.0f %7.2f\n", v, "rosterwire", rn, ri / rn, (ri / rn) / (bi / bn)
  }'
done
