#!/usr/bin/env bash
# Honoree search benchmark: throwaway PostgreSQL cluster, N generated honorees (1,000,000 by default),
# the Release app, then wrk over GET /api/v1/honorees with a mix of name-prefix, exact-ID, level,
# title and combined searches. See bench/README.md.
#
#   bench/search/run.sh            (or ./laurel bench)
#
# Environment: BENCH_HONOREES (1000000), BENCH_DURATION (30s), BENCH_KIND_DURATION (10s, 0 skips the
# per-kind passes), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_WARMUP (60s), BENCH_ACCOUNTS (the
# accounts measured, one after the other, as user=unit: the unit is where that account's 50 probe
# honorees go; default: root, provincial, municipal and street), BENCH_KINDS (the per-kind passes, default
# name id level title combined given tail employer pinyin), BENCH_HOLD=1 keeps app and cluster up
# after the run until Ctrl-C (for EXPLAIN ANALYZE by hand).

# The benchmark functions (and through them the developer script's); cds to the repository root.
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/lib.sh"

HONOREES=${BENCH_HONOREES:-1000000}
DURATION=${BENCH_DURATION:-30s}
KIND_DURATION=${BENCH_KIND_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-60s}
# The root account's probes go to a county unit as before (the generator places nobody at the root); every other
# account's go to its own unit.
ACCOUNTS=${BENCH_ACCOUNTS:-acftu=朝阳区总工会 nmg=内蒙古自治区总工会 hohhot=呼和浩特市总工会 jianwai=建外街道总工会}
LUA="$ROOT/bench/search/search.lua"

# run_wrk KIND DURATION: one wrk pass; search.lua prints its one-line summary last.
run_wrk() {
  BENCH_KIND=$1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$LUA" "http://127.0.0.1:$APP_PORT"
}

main() {
  ensure_packages postgresql wrk curl
  trap cleanup_bench EXIT

  bench_database "$HONOREES"

  start_bench_app

  # Known resident IDs for the exact-ID searches: the database only holds their hash and ciphertext, so 50 honorees
  # per account are added through the API, by that account, under its probe unit (region 110108, which the
  # generator never uses; a birth date per account and probe keeps the IDs apart).
  local entry user unit n=0 ids id i
  local -A tokens=() probes=()
  for entry in $ACCOUNTS; do
    user=${entry%%=*}
    unit=${entry#*=}
    BENCH_TOKEN=$(bench_token "$user")
    [ -n "$BENCH_TOKEN" ] || die "no token for $user"
    tokens[$user]=$BENCH_TOKEN
    local unit_id
    unit_id=$(api GET /api/v1/org-units | grep -o "{[^{}]*\"name\":\"$unit\"[^{}]*}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
    [ -n "$unit_id" ] || die "$user sees no unit $unit"
    ids=()
    for i in $(seq 1 50); do
      id=$(resident_id 110108 "$(date -d "1950-01-01 +$(((n * 50 + i) * 37)) days" +%Y%m%d)" "$(printf '%03d' $((900 + i)))")
      api POST /api/v1/honorees "{\"name\":\"基准$user$i\",\"residentId\":\"$id\",\"orgUnitId\":$unit_id,\"phone\":\"13800138000\",
        \"hukouRegionCode\":\"110105\",\"employment\":{\"status\":\"employed\",\"employerName\":\"朝阳区某公司\",
        \"employerType\":\"enterprise\",\"since\":\"2000-03-01\"},\"pension\":{\"scheme\":\"enterprise\",\"monthlyAmount\":0,\"since\":\"2000-03-01\"}}" >/dev/null
      ids+=("$id")
    done
    probes[$user]=$(IFS=,; echo "${ids[*]}")
    n=$((n + 1))
  done
  # How many honorees each account sees (the scope filter's size), for the summary.
  local -A visible=()
  for entry in $ACCOUNTS; do
    user=${entry%%=*}
    visible[$user]=$(bench_sql <<SQL
SELECT count(*) FROM honorees h JOIN org_units u ON u.id = h.org_unit_id
WHERE EXISTS (SELECT 1 FROM role_grants g JOIN users s ON s.id = g.user_id JOIN org_units r ON r.id = g.org_unit_id
              WHERE s.user_name = '$user' AND g.role = 'manager' AND u.path LIKE r.path || '%')
SQL
)
  done

  # A fresh .NET process reaches steady speed only after about a minute of tiered compilation (and PostgreSQL fills
  # its buffers): measure the server as it runs, not as it starts. Later accounts warm up for 5 s.
  local summaries=() warmup=$WARMUP
  for entry in $ACCOUNTS; do
    user=${entry%%=*}
    export BENCH_TOKEN=${tokens[$user]} BENCH_IDS=${probes[$user]} BENCH_ACCOUNT=$user
    log "$user: warming up ($warmup)"
    run_wrk mix "$warmup" >/dev/null
    warmup=5s

    echo
    echo "== $user (${visible[$user]} honorees in scope): BENCH_KIND=mix wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/search/search.lua http://127.0.0.1:$APP_PORT"
    local out
    out=$(run_wrk mix "$DURATION")
    echo "$out"
    summaries+=("${out##*$'\n'}")

    if [ "$KIND_DURATION" != 0 ]; then
      local kind
      for kind in ${BENCH_KINDS:-name id level title combined given tail employer pinyin}; do
        echo
        echo "== $user, per kind: $kind ($KIND_DURATION)"
        summaries+=("$(run_wrk "$kind" "$KIND_DURATION" | tail -n1)")
        echo "${summaries[-1]}"
      done
    fi
  done

  echo
  echo "== summary ($HONOREES honorees, generated in ${GENERATE_SECONDS}s; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for entry in $ACCOUNTS; do
    user=${entry%%=*}
    echo "$user: ${visible[$user]} honorees in scope"
  done
  printf '%s\n' "${summaries[@]}"

  if [ "${BENCH_HOLD:-0}" = 1 ]; then
    log "holding: app http://127.0.0.1:$APP_PORT, psql: ${ConnectionStrings__LaurelOwner}; Ctrl-C to stop"
    while :; do sleep 1; done
  fi
  local line
  for line in "${summaries[@]}"; do
    case "$line" in *" non2xx=0 "*) ;; *) die "non-2xx responses during the run: $line" ;; esac
  done
}

main "$@"
