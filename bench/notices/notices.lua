-- wrk script of bench/notices/run.sh. BENCH_KIND=page reads the public notice page GET /public/notices/{id};
-- BENCH_KIND=objection posts objections to POST /api/public/v1/notices/{id}/objections as JSON {candidateId,text},
-- a candidate of the notice at random (BENCH_CANDIDATES, comma-separated). The 429s of the rate limiter are counted
-- apart from the other non-2xx answers: they are intended.
local kind = os.getenv("BENCH_KIND") or "page"
local notice = os.getenv("BENCH_NOTICE") or error("BENCH_NOTICE is not set")
local candidates = {}
for id in string.gmatch(os.getenv("BENCH_CANDIDATES") or "", "[^,]+") do candidates[#candidates + 1] = id end

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  if kind ~= "page" and kind ~= "objection" then error("unknown kind " .. kind) end
  if kind == "objection" and #candidates == 0 then error("BENCH_CANDIDATES is empty") end
  limited, other = 0, 0
  math.randomseed(os.time() + id * 7919)
end

function request()
  if kind == "page" then
    return wrk.format("GET", "/public/notices/" .. notice)
  end
  local body = string.format('{"candidateId":%s,"text":"基准测试：反映该人选事迹材料与实际不符，请核查（%d）。"}',
    candidates[math.random(#candidates)], math.random(1000000))
  return wrk.format("POST", "/api/public/v1/notices/" .. notice .. "/objections", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 429 then
    limited = limited + 1
  elseif status < 200 or status > 299 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  local n429, nother = 0, 0
  for _, t in ipairs(threads) do
    n429 = n429 + (t:get("limited") or 0)
    nother = nother + (t:get("other") or 0)
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  -- One line, last in the output: run.sh collects it.
  io.write(string.format(
    "kind=%s requests=%d rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f status429=%d non2xx_other=%d socket_errors=%d \n",
    kind, summary.requests, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, n429, nother, e.connect + e.read + e.write + e.timeout))
end
