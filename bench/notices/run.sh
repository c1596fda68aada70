#!/usr/bin/env bash
# Public notice benchmark (issue 12 §9): a throwaway cluster with the demo tree, the Release app, a 朝阳区 campaign with
# BENCH_CANDIDATES candidates (500) recommended by 建外 and published on one unit notice (公示一); then, at the same time,
# wrk reads the public page GET /public/notices/{id} with BENCH_CONNECTIONS clients (64) for BENCH_DURATION (30s) while a
# second wrk posts objections {candidateId,text} to POST /api/public/v1/notices/{id}/objections. Reports p95 and the
# non-2xx answers other than the intended 429s (and fails when there are any). See bench/README.md.
#
#   bench/notices/run.sh           (or ./laurel bench notices)
#
# Environment: BENCH_CANDIDATES (500), BENCH_DURATION (30s), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
# BENCH_OBJECTION_CONNECTIONS (4), BENCH_WARMUP (30s), BENCH_HONOREES (1000: the registry's size does not matter here),
# BENCH_PUBLIC_LIMIT (the per-address limit of the public routes for the run, 100000000 requests a minute: every wrk client
# comes from 127.0.0.1, so the default 120 would measure only 429s; the objection endpoint keeps its own limit),
# BENCH_HOLD=1 keeps app and cluster up after the run until Ctrl-C.

# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/lib.sh"

CANDIDATES=${BENCH_CANDIDATES:-500}
DURATION=${BENCH_DURATION:-30s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
OBJECTION_CONNECTIONS=${BENCH_OBJECTION_CONNECTIONS:-4}
WARMUP=${BENCH_WARMUP:-30s}
HONOREES=${BENCH_HONOREES:-1000}
LUA="$ROOT/bench/notices/notices.lua"

# first_id: the first "id" of the JSON on stdin.
first_id() {
  grep -o '"id":[0-9]*' | head -n1 | cut -d: -f2
}

# unit_id NAME: the id of the org unit the current token sees by that name.
unit_id() {
  api GET /api/v1/org-units | grep -o "{[^{}]*\"name\":\"$1\"[^{}]*}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}

main() {
  ensure_packages postgresql wrk curl
  trap cleanup_bench EXIT

  bench_database "$HONOREES"
  export Laurel__RateLimits__Public__PermitLimit=${BENCH_PUBLIC_LIMIT:-100000000}
  start_bench_app

  local today campaign chaoyang jianwai
  today=$(TZ=Asia/Shanghai date +%F)
  BENCH_TOKEN=$(bench_token chaoyang-selection)
  [ -n "$BENCH_TOKEN" ] || die "no token for chaoyang-selection"
  chaoyang=$(unit_id 朝阳区总工会)
  jianwai=$(unit_id 建外街道总工会)
  if [ -z "$chaoyang" ] || [ -z "$jianwai" ]; then
    die "chaoyang-selection sees no 朝阳区总工会 or 建外街道总工会"
  fi
  campaign=$(api POST /api/v1/campaigns "{\"orgUnitId\":$chaoyang,\"titleCode\":\"county_model_worker\",\"awardingRegionCode\":\"110105\",
    \"year\":${today%%-*},\"basisDocument\":\"朝工发〔${today%%-*}〕99号\",\"seatTotal\":$CANDIDATES,\"nominationsOpenOn\":\"$today\",
    \"nominationsCloseOn\":\"$(date -d "$today +60 days" +%F)\"}" | first_id)
  [ -n "$campaign" ] || die "the campaign was not created"
  api PUT "/api/v1/campaigns/$campaign/report" "{\"reportOn\":\"$today\",\"reportDocument\":\"朝工报〔${today%%-*}〕99号\"}" >/dev/null
  api POST "/api/v1/campaigns/$campaign/open" >/dev/null
  api POST "/api/v1/campaigns/$campaign/quotas" "{\"orgUnitId\":$jianwai,\"seats\":$CANDIDATES}" >/dev/null

  log "recommending $CANDIDATES candidates as jianwai"
  BENCH_TOKEN=$(bench_token jianwai)
  [ -n "$BENCH_TOKEN" ] || die "no token for jianwai"
  local ids=() i id resident deeds
  deeds="扎根生产一线二十余年，先后完成技术革新三十余项，带出徒弟四十余名，所在班组连续五年被评为先进班组。"
  for i in $(seq 1 "$CANDIDATES"); do
    resident=$(resident_id 110108 "$(date -d "1960-01-01 +$((i * 13)) days" +%Y%m%d)" "$(printf '%03d' $((i % 1000)))")
    id=$(api POST /api/v1/candidates "{\"campaignId\":$campaign,\"orgUnitId\":$jianwai,\"name\":\"基准人选$i\",\"residentId\":\"$resident\",
      \"workplace\":\"建外某机械有限公司\",\"post\":\"高级技师\",\"category\":\"technician\",\"deeds\":\"$deeds\",
      \"vote\":{\"meetingKind\":\"workers_congress\",\"heldOn\":\"$today\",\"present\":50,\"for\":45,\"against\":3,\"abstaining\":2}}" | first_id)
    [ -n "$id" ] || die "candidate $i was not recommended"
    ids+=("$id")
  done
  local list notice
  list=$(IFS=,; echo "${ids[*]}")
  notice=$(api POST "/api/v1/campaigns/$campaign/notices" "{\"level\":\"unit\",\"candidateIds\":[$list],\"opensOn\":\"$today\",
    \"contactPhone\":\"010-65001234\",\"contactAddress\":\"北京市朝阳区建外大街 1 号\"}" | first_id)
  [ -n "$notice" ] || die "the notice was not published"
  log "notice $notice published with $CANDIDATES candidates"
  export BENCH_NOTICE=$notice BENCH_CANDIDATES=$list
  local url="http://127.0.0.1:$APP_PORT"

  # Tiered compilation and PostgreSQL's buffers: measure the server as it runs, not as it starts.
  log "warming up ($WARMUP)"
  BENCH_KIND=page wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$LUA" "$url" >/dev/null

  local objections_out page_out objections_pid
  objections_out=$(mktemp)
  echo
  echo "== BENCH_KIND=page wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/notices/notices.lua $url  (notice $notice, $CANDIDATES candidates)"
  echo "== at the same time: BENCH_KIND=objection wrk -t1 -c$OBJECTION_CONNECTIONS -d$DURATION -s bench/notices/notices.lua $url"
  BENCH_KIND=objection wrk -t1 -c"$OBJECTION_CONNECTIONS" -d"$DURATION" -s "$LUA" "$url" >"$objections_out" &
  objections_pid=$!
  page_out=$(BENCH_KIND=page wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "$url")
  wait "$objections_pid" || true
  echo "$page_out"
  echo
  cat "$objections_out"

  local page_line objections_line
  page_line=${page_out##*$'\n'}
  objections_line=$(tail -n1 "$objections_out")
  rm -f "$objections_out"
  echo
  echo "== summary ($(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "$page_line"
  echo "$objections_line"

  if [ "${BENCH_HOLD:-0}" = 1 ]; then
    log "holding: app $url, psql: ${ConnectionStrings__LaurelOwner}; Ctrl-C to stop"
    while :; do sleep 1; done
  fi
  local line
  for line in "$page_line" "$objections_line"; do
    case "$line" in *" non2xx_other=0 "*) ;; *) die "non-2xx responses other than 429 during the run: $line" ;; esac
  done
}

main "$@"
