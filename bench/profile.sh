#!/usr/bin/env bash
# Profiles `rosterwire serve` (or the bare limit) under the load of bench/load.sh: the server
# pinned to core 0, `wrk -t1 -c64` with a static script on core 1, `perf record --call-graph dwarf` on the
# server for the run. Prints the top symbols (self time) and leaves perf.data in
# target/profile-<vendor>-<server>.data. Installs wrk and linux-perf when missing.
#
# Usage: bench/profile.sh [VENDOR] [SECS] [rosterwire|bare] [-- extra serve flags]
#   VENDOR: rocketchat (default), chatwoot, chatdash
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

vendor=${1:-rocketchat} secs=${2:-8} server=${3:-rosterwire}
shift $(( $# < 3 ? $# : 3 ))
[ "${1:-}" = "--" ] && shift
need wrk wrk
need perf linux-perf
cargo build --release --quiet -p rosterwire --bin rosterwire
cargo build --release --quiet -p rosterwire-mock --example bare_limit
port=4040
if [ "$server" = bare ]; then
  taskset -c 0 "$bare" "127.0.0.1:$port" >/dev/null 2>&1 &
else
  RUST_LOG=warn taskset -c 0 "$bin" serve --port "$port" "$@" >/dev/null 2>&1 &
fi
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
wait_port "$port"
taskset -c 1 wrk -t1 -c64 -d2s -s "bench/$vendor.lua" "http://127.0.0.1:$port" >/dev/null # warm-up
data="$target_dir/profile-$vendor-$server.data"
perf record -q --call-graph dwarf,32768 -o "$data" -p "$pid" -- sleep "$secs" 2>/dev/null &
perf_pid=$!
taskset -c 1 wrk -t1 -c64 -d"${secs}s" -s "bench/$vendor.lua" "http://127.0.0.1:$port" | grep -E 'Requests/sec|Non-2xx' || true
wait "$perf_pid" || true
perf report -i "$data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -v '^#' | grep '%' | head -60
