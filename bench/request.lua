-- Picks a random row of ids for every request and fills the path (and body) template:
-- {o} organization, {a} its audit, {m} its municipality, {r} its region, {y} the year, {Y} a
-- random year.
local rows = {}
for line in io.lines(os.getenv("BENCH_IDS")) do rows[#rows + 1] = line end
local template = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
local year = os.getenv("BENCH_YEAR")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
-- Entity tags by region («region etag» lines), sent back as a portal would.
local etags = nil
local etag_file = os.getenv("BENCH_ETAGS")
if etag_file ~= nil and etag_file ~= "" then
  etags = {}
  for line in io.lines(etag_file) do
    local region, tag = line:match("(%S+) (%S+)")
    etags[region] = tag
  end
end
-- A portal's hard refresh: the view is computed afresh, not served from memory.
if os.getenv("BENCH_FRESH") == "1" then wrk.headers["Cache-Control"] = "no-cache" end
if body ~= nil and body ~= "" then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local function fill(text, o, a, m, r)
  local random_year = tostring(math.random(1991, 2099))
  return (text:gsub("{o}", o):gsub("{a}", a):gsub("{m}", m):gsub("{r}", r):gsub("{y}", year):gsub("{Y}", random_year))
end

request = function()
  local o, a, m, r = rows[math.random(#rows)]:match("(%S+) (%S+) (%S+) (%S+)")
  local b = nil
  if body ~= nil and body ~= "" then b = fill(body, o, a, m, r) end
  local headers = nil
  if etags ~= nil then
    -- wrk.format uses the table given instead of wrk.headers: copy them.
    headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    headers["If-None-Match"] = etags[r]
  end
  return wrk.format(nil, fill(template, o, a, m, r), headers, b)
end

-- Non-2xx answers would make the figures meaningless: count them.
local failures = 0
response = function(status)
  if status >= 300 and status ~= 304 then failures = failures + 1 end
end

done = function(summary, latency)
  io.write(string.format("BENCH rps=%.1f p50=%.3f p99=%.3f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    failures))
end
