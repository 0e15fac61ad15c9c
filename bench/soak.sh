#!/usr/bin/env bash
# Soak test of `rosterwire serve`: RSS before and after N requests with the default journal
# (1000 entries). Needs `wrk` (apt-get install wrk).
# Usage: bench/soak.sh [REQUESTS] [ROUNDS]   (RSS is printed after each round of REQUESTS)
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS="${1:-200000}"
ROUNDS="${2:-1}"
WARMUP="${SOAK_WARMUP:-20000}"
THREADS=2
CONNECTIONS=8
PORT="${SOAK_PORT:-4099}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
cargo build --release --quiet --bin rosterwire
./target/release/rosterwire serve --port "$PORT" >/dev/null 2>&1 &
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
# Sends exactly $1 requests: each wrk thread stops after its share (soak.lua); wrk itself only
# exits at its -d deadline, so it is interrupted once the journal has seen the last request.
run() {
  local target=$(( $(last_seq || echo 0) + $1 ))
  SOAK_REQUESTS="$1" SOAK_THREADS=$THREADS \
    wrk -t$THREADS -c$CONNECTIONS -d600s --latency -s bench/soak.lua "http://127.0.0.1:$PORT" \
    > /tmp/rosterwire-soak-wrk.txt &
  local wrk=$!
  until [ "$(last_seq || echo 0)" -ge "$target" ] 2>/dev/null; do sleep 0.2; done
  kill -INT "$wrk" 2>/dev/null || true
  wait "$wrk" || true
  grep -E "50%|99%" /tmp/rosterwire-soak-wrk.txt || true
}

START=$(rss_kib)
echo "RSS at start:             ${START} KiB"
echo "warm-up: $WARMUP requests (fills the 1000-entry journal)"
run "$WARMUP"
BEFORE=$(rss_kib)
echo "RSS after warm-up:        ${BEFORE} KiB"
for round in $(seq "$ROUNDS"); do
  began=$(date +%s.%N)
  run "$REQUESTS"
  ended=$(date +%s.%N)
  AFTER=$(rss_kib)
  awk -v r="$round" -v n="$REQUESTS" -v a="$AFTER" -v b="$BEFORE" -v t0="$began" -v t1="$ended" \
    'BEGIN { printf "round %d: %d requests in %.1f s (%.0f req/s), RSS %d KiB, growth since warm-up %d KiB (%.2f bytes/request)\n", r, n, t1 - t0, n / (t1 - t0), a, a - b, (a - b) * 1024 / (n * r) }'
done
JOURNAL=$(curl -sf "http://127.0.0.1:$PORT/__admin/requests" | grep -o '"seq":' | wc -l)
echo "journal entries kept:     $JOURNAL (newest seq $(last_seq))"
