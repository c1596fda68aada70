-- wrk script for the honoree search API (GET /api/v1/honorees); used by bench/search/run.sh.
--
--   BENCH_KIND=mix wrk -t2 -c32 -d30s --latency -s bench/search/search.lua http://127.0.0.1:PORT
--
-- Environment: BENCH_TOKEN (bearer token), BENCH_IDS (comma-separated resident IDs that exist),
-- BENCH_KIND: mix (default: rotates over name, id, level and title), name, id, level, title, combined, and the
-- searches of issue 11: given, tail, employer, pinyin;
-- BENCH_ACCOUNT (optional): the account's name, printed in the summary line.
-- (An environment variable rather than a script argument: wrk runs done() in a Lua state where
-- init() was never called.)

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

local surnames = { "王", "李", "张", "刘", "陈" }
local levels = { "national", "provincial", "municipal", "county" }
local givens = { "伟", "芳", "建", "国", "志", "华", "明", "丽", "海", "军" }
local employers = { "钢铁公司", "人民医院", "电力集团", "供电公司", "第一中学" }
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do ids[#ids + 1] = id end

local function encode(s)
  return (string.gsub(s, "[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function pick(t) return t[math.random(#t)] end

local makers = {
  -- name prefix, deep paging
  name = function() return "q=" .. encode(pick(surnames)) .. "&page=" .. math.random(50) .. "&pageSize=20" end,
  -- exact resident ID (hash lookup)
  id = function() return "q=" .. pick(ids) end,
  -- honour level filter
  level = function() return "level=" .. pick(levels) .. "&page=" .. math.random(20) .. "&pageSize=20" end,
  -- one title
  title = function() return "titleCode=national_model_worker&page=" .. math.random(20) .. "&pageSize=20" end,
  -- name prefix and level
  combined = function() return "q=" .. encode("王") .. "&level=municipal&page=" .. math.random(10) .. "&pageSize=20" end,
  -- issue 11: a given name without the surname (two of the generator's given-name characters)
  given = function() return "q=" .. encode(pick(givens) .. pick(givens)) .. "&pageSize=20" end,
  -- issue 11: the last four characters of a resident ID (keyed hash)
  tail = function() return "q=" .. string.format("%04d", math.random(0, 9999)) .. "&pageSize=20" end,
  -- issue 11: part of the employer's name, pages 1..5
  employer = function() return "employer=" .. encode(pick(employers)) .. "&page=" .. math.random(5) .. "&pageSize=20" end,
  -- issue 11: name prefix in pinyin order, pages 1..50
  pinyin = function() return "q=" .. encode(pick(surnames)) .. "&sort=pinyin&page=" .. math.random(50) .. "&pageSize=20" end,
}
-- The mix is what the issues measure: name prefix, exact ID, level and title filter, each with paging. The combined
-- search runs as an extra per-kind pass.
local order = { "name", "id", "level", "title" }
local kind = os.getenv("BENCH_KIND") or "mix"
local counter = 0

function init(args)
  if kind ~= "mix" and not makers[kind] then error("unknown kind " .. kind) end
  if (kind == "mix" or kind == "id") and #ids == 0 then error("BENCH_IDS is empty") end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local k = kind
  if k == "mix" then
    counter = counter + 1
    k = order[(counter % #order) + 1]
  end
  return wrk.format("GET", "/api/v1/honorees?" .. makers[k]())
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  -- One line, last in the output: run.sh collects it.
  io.write(string.format(
    "account=%s kind=%s requests=%d rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d socket_errors=%d \n",
    os.getenv("BENCH_ACCOUNT") or "-", kind, summary.requests, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
