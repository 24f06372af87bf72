-- wrk script for bench/xmlcurl-load.ts: POSTs the bodies of a file (one per
-- line) in turn to /freeswitch/xml and prints one JSON line at the end.
-- Arguments after --: <bodies file> [<delay ms per request per connection>] [close].
-- "close" asks for a new connection per request, as mod_xml_curl makes one.
local requests = {}
local n = 0
local pause = 0

function init(args)
  local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  if args[3] == "close" then headers["Connection"] = "close" end
  for line in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format("POST", "/freeswitch/xml", headers, line)
  end
  pause = tonumber(args[2] or "0")
end

function request()
  n = n % #requests + 1
  return requests[n]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
