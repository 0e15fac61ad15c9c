#!/usr/bin/env bash
# Soak test of `rosterwire serve`: RSS before and after N requests with the default journal
# (1000 entries). Installs `wrk` (Debian package) when it is missing.
# Usage: bench/soak.sh [REQUESTS] [ROUNDS]   (RSS is printed after each round of REQUESTS)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

REQUESTS="${1:-200000}"
ROUNDS="${2:-1}"
WARMUP="${SOAK_WARMUP:-20000}"
THREADS=2
CONNECTIONS=8
PORT="${SOAK_PORT:-4099}"

need wrk wrk
need curl curl
cargo build --release --quiet -p rosterwire --bin rosterwire
RUST_LOG=warn "$bin" serve --port "$PORT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$PORT/__admin/health" >/dev/null && break
  sleep 0.1
done

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER/status"; }
# The newest journal sequence number (the journal numbers every request since start).
last_seq() {
  curl -sf "http://127.0.0.1:$PORT/__admin/requests" | grep -o '"seq":[0-9]*' | tail -1 | cut -d: -f2
}
# Sends at least $1 requests (wrk is stopped once the journal has numbered them; the few in
# flight then are counted too) and sets `sent` to the number the server answered.
run() {
  local from target
  from=$(last_seq || echo 0); from=${from:-0}
  target=$((from + $1))
  wrk -t$THREADS -c$CONNECTIONS -d600s --latency -s bench/soak.lua "http://127.0.0.1:$PORT" \
    > /tmp/rosterwire-soak-wrk.txt &
  local wrk=$!
  until [ "$(last_seq || echo 0)" -ge "$target" ] 2>/dev/null; do sleep 0.2; done
  kill -INT "$wrk" 2>/dev/null || true
  wait "$wrk" || true
  sent=$(( $(last_seq) - from ))
  grep -E "50%|99%" /tmp/rosterwire-soak-wrk.txt || true
}

START=$(rss_kib)
echo "RSS at start:             ${START} KiB"
echo "warm-up: $WARMUP requests (fills the 1000-entry journal)"
run "$WARMUP"
BEFORE=$(rss_kib)
echo "RSS after warm-up:        ${BEFORE} KiB"
total=0
for round in $(seq "$ROUNDS"); do
  began=$(date +%s.%N)
  run "$REQUESTS"
  ended=$(date +%s.%N)
  total=$((total + sent))
  AFTER=$(rss_kib)
  awk -v r="$round" -v n="$sent" -v total="$total" -v a="$AFTER" -v b="$BEFORE" -v t0="$began" -v t1="$ended" \
    'BEGIN { printf "round %d: %d requests in %.1f s (%.0f req/s), RSS %d KiB, growth since warm-up %d KiB (%.2f bytes/request)\n", r, n, t1 - t0, n / (t1 - t0), a, a - b, (a - b) * 1024 / total }'
done
JOURNAL=$(curl -sf "http://127.0.0.1:$PORT/__admin/requests" | grep -o '"seq":' | wc -l)
echo "journal entries kept:     $JOURNAL (newest seq $(last_seq))"
