#!/usr/bin/env bash
# Honoree search benchmark: throwaway PostgreSQL cluster, N generated honorees (1,000,000 by default),
# the Release app, then wrk over GET /api/v1/honorees with a mix of name-prefix, exact-ID, level,
# title and combined searches. See bench/README.md.
#
#   bench/search/run.sh            (or ./laurel bench)
#
# Environment: BENCH_HONOREES (1000000), BENCH_DURATION (30s), BENCH_KIND_DURATION (10s, 0 skips the
# per-kind passes), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_HOLD=1 keeps app and cluster up
# after the run until Ctrl-C (for EXPLAIN ANALYZE by hand).

# The benchmark functions (and through them the developer script's); cds to the repository root.
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/lib.sh"

HONOREES=${BENCH_HONOREES:-1000000}
DURATION=${BENCH_DURATION:-30s}
KIND_DURATION=${BENCH_KIND_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
LUA="$ROOT/bench/search/search.lua"

# resident_id REGION YYYYMMDD SEQ: a valid 18-character ID (GB 11643 check character).
resident_id() {
  local first17="$1$2$3" weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) checks=10X98765432 sum=0 i
  for i in $(seq 0 16); do sum=$((sum + ${first17:i:1} * weights[i])); done
  echo "$first17${checks:sum % 11:1}"
}

# run_wrk KIND DURATION: one wrk pass; search.lua prints its one-line summary last.
run_wrk() {
  BENCH_KIND=$1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$LUA" "http://127.0.0.1:$APP_PORT"
}

main() {
  ensure_packages postgresql wrk curl
  trap cleanup_bench EXIT

  bench_database "$HONOREES"

  start_bench_app

  BENCH_TOKEN=$(bench_token acftu)
  [ -n "$BENCH_TOKEN" ] || die "no token for acftu"
  export BENCH_TOKEN

  # Known resident IDs for the exact-ID searches: the database only holds their hash and ciphertext,
  # so 50 honorees are added through the API (region 110108, which the generator never uses).
  local unit ids=() id
  unit=$(api GET /api/v1/org-units | grep -o '{[^{}]*"name":"朝阳区总工会"[^{}]*}' | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  [ -n "$unit" ] || die "no unit 朝阳区总工会"
  for i in $(seq 1 50); do
    id=$(resident_id 110108 "$(date -d "1960-01-01 +$((i * 97)) days" +%Y%m%d)" "$(printf '%03d' $((900 + i)))")
    api POST /api/v1/honorees "{\"name\":\"基准$i\",\"residentId\":\"$id\",\"orgUnitId\":$unit,\"phone\":\"13800138000\",
      \"hukouRegionCode\":\"110105\",\"employment\":{\"status\":\"employed\",\"employerName\":\"朝阳区某公司\",
      \"employerType\":\"enterprise\",\"since\":\"2000-03-01\"},\"pension\":{\"scheme\":\"enterprise\",\"monthlyAmount\":0,\"since\":\"2000-03-01\"}}" >/dev/null
    ids+=("$id")
  done
  BENCH_IDS=$(IFS=,; echo "${ids[*]}")
  export BENCH_IDS

  # A fresh .NET process reaches steady speed only after about a minute of tiered compilation (and PostgreSQL fills
  # its buffers): measure the server as it runs, not as it starts.
  log "warming up (${BENCH_WARMUP:-60s})"
  run_wrk mix "${BENCH_WARMUP:-60s}" >/dev/null

  local cmd="BENCH_KIND=mix wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/search/search.lua http://127.0.0.1:$APP_PORT"
  echo
  echo "== $cmd"
  local out
  out=$(run_wrk mix "$DURATION")
  echo "$out"
  local summary=${out##*$'\n'}

  local kinds=()
  if [ "$KIND_DURATION" != 0 ]; then
    local kind
    for kind in name id level title combined; do
      echo
      echo "== per kind: $kind ($KIND_DURATION)"
      kinds+=("$(run_wrk "$kind" "$KIND_DURATION" | tail -n1)")
      echo "${kinds[-1]}"
    done
  fi

  echo
  echo "== summary ($HONOREES honorees, generated in ${GENERATE_SECONDS}s; $(nproc) CPUs)"
  echo "$summary"
  [ "${#kinds[@]}" -eq 0 ] || printf '%s\n' "${kinds[@]}"

  if [ "${BENCH_HOLD:-0}" = 1 ]; then
    log "holding: app http://127.0.0.1:$APP_PORT, psql: ${ConnectionStrings__LaurelOwner}; Ctrl-C to stop"
    while :; do sleep 1; done
  fi
  case "$summary" in *" non2xx=0 "*) ;; *) die "non-2xx responses during the run" ;; esac
}

main "$@"
