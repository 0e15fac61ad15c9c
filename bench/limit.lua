-- Stops the (single) wrk thread after BENCH_REQUESTS responses when that variable is set, so a
-- soak sends an exact, bounded number of requests. Non-2xx answers are counted and reported.
local limit = tonumber(os.getenv("BENCH_REQUESTS") or "0")
local seen = 0
local bad = 0
response = function(status, headers, body)
  seen = seen + 1
  if status >= 300 then bad = bad + 1 end
  if limit > 0 and seen >= limit then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", bad))
end
