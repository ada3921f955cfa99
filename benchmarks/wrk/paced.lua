-- Paces each wrk connection: after every response it waits DELAY_MS (env) before its next request, so that
-- connections x 1000 / (DELAY_MS + latency) requests a second arrive: a steady rate rather than wrk's flat-out load.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

function delay()
  return delay_ms
end
