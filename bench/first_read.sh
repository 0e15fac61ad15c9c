#!/usr/bin/env bash
# The first `GET /__admin/requests` after a burst, against what sending the same bytes costs on
# this machine whatever the server.
#
# For each vendor: a fresh `rosterwire serve` (core 0) takes `wrk -t1 -c64` with the vendor's
# static script for 2 s (core 1; the 1000-entry journal is full), sits idle IDLE seconds, and
# curl (core 1) reads the whole journal once; READS rounds. Then a 20-line Python server
# answers one `sendall` of as many bytes as that listing, held in memory, read by curl after
# the same idle, READS times. Each read prints curl's time_total and the server's CPU time over
# it (the sum of /proc/PID/task/*/schedstat: user and kernel, so it includes writing the bytes
# into the socket), in ms. Traffic to 127.0.0.1 only; installs wrk, curl and python3 (Debian
# packages) when missing.
#
# Usage: bench/first_read.sh [--idle S] [--reads N] [VENDOR...]   (default: 1 s, 5, all three)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

idle=1 reads=5
while [ $# -gt 0 ]; do
  case $1 in
    --idle) idle=$2; shift 2 ;;
    --reads) reads=$2; shift 2 ;;
    *) break ;;
  esac
done
vendors=("$@")
[ ${#vendors[@]} -gt 0 ] || vendors=(rocketchat chatwoot chatdash)
need wrk wrk
need curl curl
need python3 python3
cargo build --release --quiet -p rosterwire --bin rosterwire

serve_bytes='
import socket, sys
data = b"x" * int(sys.argv[2])
head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(data)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
while True:
    c, _ = s.accept()
    try:
        if c.recv(65536):
            c.sendall(head + data)
    except OSError:
        pass
    c.close()
'

# read PID URL -> "ms (server CPU ms)" of one curl read
read_once() {
  local before after took
  before=$(server_cpu_ns "$1")
  took=$(taskset -c 1 curl -s -o /dev/null -w '%{time_total}' "$2")
  after=$(server_cpu_ns "$1")
  awk -v t="$took" -v c="$(( after - before ))" 'BEGIN {printf "%.2f (%.2f)", t * 1000, c / 1e6}'
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ): first read after ${idle} s idle, $reads rounds: ms (server CPU ms)"
port=4070
for vendor in "${vendors[@]}"; do
  RUST_LOG=warn taskset -c 0 "$bin" serve --port "$port" >/dev/null 2>&1 &
  pid=$!
  wait_port "$port"
  url="http://127.0.0.1:$port/__admin/requests"
  row=()
  for _ in $(seq "$reads"); do
    taskset -c 1 wrk -t1 -c64 -d2s -s "bench/$vendor.lua" "http://127.0.0.1:$port" >/dev/null
    sleep "$idle"
    row+=("$(read_once "$pid" "$url")")
  done
  bytes=$(curl -s "$url" | wc -c)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%-11s rosterwire  %8s B  %s\n' "$vendor" "$bytes" "${row[*]}"
  port=$((port + 1))

  taskset -c 0 python3 -c "$serve_bytes" "$port" "$bytes" &
  pid=$!
  wait_port "$port"
  curl -s -o /dev/null "http://127.0.0.1:$port/" # warm: the data is built, the code loaded
  row=()
  for _ in $(seq "$reads"); do
    sleep "$idle"
    row+=("$(read_once "$pid" "http://127.0.0.1:$port/")")
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%-11s one sendall %8s B  %s\n' "$vendor" "$bytes" "${row[*]}"
  port=$((port + 1))
done
