#!/usr/bin/env bash
# Payment cycle benchmark: N generated honorees (1,000,000 by default), all managed under 内蒙古自治区总工会,
# then through the Release app's API, after a warm-up compute of the next month's cycle, one cycle of that unit is
# created, computed (as nmg-finance), approved (as nmg-checker) and exported (csv and xlsx). Then PostgreSQL COPYs the same item rows into the same table
# (in a transaction rolled back), so the compute can be compared with the bare write. See bench/README.md.
#
#   bench/payments/run.sh          (or ./laurel bench payments)
#
# Environment: BENCH_HONOREES (1000000), BENCH_MONTH (2026-07), BENCH_HOLD=1 keeps app and cluster up afterwards.

# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/lib.sh"

HONOREES=${BENCH_HONOREES:-1000000}
MONTH=${BENCH_MONTH:-2026-07}
UNIT_NAME=内蒙古自治区总工会

# timed METHOD PATH [JSON]: runs the API call, prints "seconds http_code" and keeps the body in $BODY_FILE.
BODY_FILE=""
timed() {
  curl -sS -o "$BODY_FILE" -w '%{time_total} %{http_code}' -X "$1" "http://127.0.0.1:$APP_PORT$2" \
    -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' ${3:+--data "$3"}
}

# owner_psql: psql as the schema owner over TCP, as the app connects.
owner_psql() {
  local cs=$ConnectionStrings__LaurelOwner password port
  password=${cs#*Password=} && password=${password%%;*}
  port=${cs#*Port=} && port=${port%%;*}
  PGPASSWORD=$password psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U laurel -d laurel "$@"
}

main() {
  ensure_packages postgresql curl
  BODY_FILE=$(mktemp)
  trap 'rm -f "$BODY_FILE" /tmp/laurel-bench-items.bin; cleanup_bench' EXIT

  bench_database "$HONOREES" --under "$UNIT_NAME"
  # The compute logs its phases (read, evaluated, written) at Information.
  start_bench_app --Logging:LogLevel:Laurel.Web.Features.Payments=Information
  # The app warms the compute's hot path up at start, in the background (ComputeWarmUp, ADR 9). A server computes its
  # first cycle long after its start; wait for the warm-up (at most two minutes) so the first compute below is that one.
  local waited
  for waited in $(seq 1 240); do
    grep -q "Compute warm-up" "$APP_LOG" && break
    sleep 0.5
  done
  log "$(grep -o "Compute warm-up.*" "$APP_LOG" || echo "no warm-up logged after $((waited / 2)) s")"
  BENCH_TOKEN=$(bench_token nmg-finance)
  local unit
  unit=$(api GET /api/v1/org-units | grep -o "{[^{}]*\"name\":\"$UNIT_NAME\"[^{}]*}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  [ -n "$unit" ] || die "no unit $UNIT_NAME"
  api PUT "/api/v1/org-units/$unit/budgets/${MONTH%-*}" '{"amount":100000000000}' >/dev/null
  # Warm-up: the next month's cycle of the same unit, computed first (and left computed). A fresh process compiles its
  # hot paths during its first compute; the month's compute below is measured in a warm process, as a server runs.
  local warmup first
  warmup=$(api POST /api/v1/payment-cycles "{\"payingOrgUnitId\":$unit,\"month\":\"$(date -d "$MONTH-01 +1 month" +%Y-%m)\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  local load_first load_compute
  load_first=$(cut -d' ' -f1-3 /proc/loadavg)
  first=$(timed POST "/api/v1/payment-cycles/$warmup/compute")
  [ "${first#* }" = 200 ] || { cat "$BODY_FILE" >&2; die "warm-up compute failed"; }
  log "warm-up (first compute after start) in ${first% *} s"

  local cycle
  cycle=$(api POST /api/v1/payment-cycles "{\"payingOrgUnitId\":$unit,\"month\":\"$MONTH\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')

  local compute approve csv xlsx
  load_compute=$(cut -d' ' -f1-3 /proc/loadavg)
  compute=$(timed POST "/api/v1/payment-cycles/$cycle/compute")
  [ "${compute#* }" = 200 ] || { cat "$BODY_FILE" >&2; die "compute failed"; }
  log "computed in ${compute% *} s"
  BENCH_TOKEN=$(bench_token nmg-checker)
  approve=$(timed POST "/api/v1/payment-cycles/$cycle/approve")
  [ "${approve#* }" = 200 ] || { cat "$BODY_FILE" >&2; die "approve failed"; }
  BENCH_TOKEN=$(bench_token nmg-finance)
  csv=$(timed GET "/api/v1/payment-cycles/$cycle/bank-file?format=csv")
  [ "${csv#* }" = 200 ] || die "csv export failed"
  local csv_bytes
  csv_bytes=$(stat -c %s "$BODY_FILE")
  xlsx=$(timed GET "/api/v1/payment-cycles/$cycle/bank-file?format=xlsx")
  [ "${xlsx#* }" = 200 ] || die "xlsx export failed"
  local xlsx_bytes
  xlsx_bytes=$(stat -c %s "$BODY_FILE")

  local items paid_lines
  items=$(owner_psql -tA -c "SELECT item_count FROM payment_cycles WHERE id = $cycle")
  paid_lines=$(owner_psql -tA -c "SELECT count(*) FROM payment_items WHERE cycle_id = $cycle AND paid_amount > 0")

  # The same rows (another cycle, another period, other instruction IDs, so that no unique index objects), written by
  # binary COPY from a client as the app writes them, into the same table with the same indexes; rolled back.
  local columns="cycle_id, honoree_id, org_unit_id, pack_code, benefit_code, period, type, amount, paid_amount, instruction_id, status, explanation, original_item_id, basis"
  local scratch
  scratch=$(owner_psql -tA -c "INSERT INTO payment_cycles (paying_org_unit_id, month) VALUES ($unit, '2099-01-01') RETURNING id" | head -n1)
  owner_psql -c "\\copy (SELECT $scratch::bigint, honoree_id, org_unit_id, pack_code, benefit_code, date '2099-01-01', type, amount, paid_amount, instruction_id || 'B', status, explanation, original_item_id, basis FROM payment_items WHERE cycle_id = $cycle ORDER BY id) TO '/tmp/laurel-bench-items.bin' WITH (FORMAT binary)"
  local t0 t1 copy
  local load_copy
  load_copy=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(date +%s.%N)
  owner_psql <<SQL
BEGIN;
\\copy payment_items ($columns) FROM '/tmp/laurel-bench-items.bin' WITH (FORMAT binary)
ROLLBACK;
SQL
  t1=$(date +%s.%N)
  copy=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  owner_psql -c "DELETE FROM payment_cycles WHERE id = $scratch"

  local compute_s=${compute% *}
  echo
  echo "== payment cycle benchmark ($HONOREES honorees under $UNIT_NAME, generated in ${GENERATE_SECONDS}s; $(nproc) CPUs)"
  printf 'items=%s bank_lines=%s\n' "$items" "$paid_lines"
  printf 'compute_and_persist_seconds=%.2f\n' "$compute_s"
  printf 'copy_same_rows_seconds=%.2f\n' "$copy"
  printf 'ratio=%.2f\n' "$(awk -v a="$compute_s" -v b="$copy" 'BEGIN { print a / b }')"
  printf 'first_compute_after_start_seconds=%.2f (warm-up, next month) ratio=%.2f\n' "${first% *}" "$(awk -v a="${first% *}" -v b="$copy" 'BEGIN { print a / b }')"
  printf 'approve_seconds=%.2f\n' "${approve% *}"
  printf 'export_csv_seconds=%.2f bytes=%s\n' "${csv% *}" "$csv_bytes"
  printf 'export_xlsx_seconds=%.2f bytes=%s\n' "${xlsx% *}" "$xlsx_bytes"
  echo "compute phases (app log): $(grep -o "Cycle $cycle computed.*" "$APP_LOG" | tail -n1)"
  echo "first compute phases (app log): $(grep -o "Cycle $warmup computed.*" "$APP_LOG" | tail -n1)"
  echo "load average (1, 5, 15 min) before: first compute $load_first; compute $load_compute; COPY $load_copy; at the end $(cut -d' ' -f1-3 /proc/loadavg)"

  if [ "${BENCH_HOLD:-0}" = 1 ]; then
    log "holding: app http://127.0.0.1:$APP_PORT (token: $BENCH_TOKEN), cycle $cycle; Ctrl-C to stop"
    while :; do sleep 1; done
  fi
}

main "$@"
