#!/usr/bin/env bash
# Policy evaluation benchmark (issue 3 §7), two parts:
#   1. in memory: every pack for N generated honorees for one month, on one thread (honoree-months per second);
#   2. from PostgreSQL: a throwaway cluster with N generated honorees; one process loads every honoree's facts and
#      honours and evaluates them all (seconds in all, peak memory).
#
#   bench/evaluate/run.sh          (or ./laurel bench evaluate)
#
# Environment: BENCH_HONOREES (1000000), BENCH_MONTH (2026-07).

# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/lib.sh"

HONOREES=${BENCH_HONOREES:-1000000}
MONTH=${BENCH_MONTH:-2026-07}
BENCH_DLL="$ROOT/bench/evaluate/bin/Release/net10.0/Laurel.Bench.Evaluate.dll"

main() {
  ensure_packages postgresql
  trap cleanup_test EXIT
  dotnet build bench/evaluate -c Release -nologo -v q >/dev/null
  echo "== in memory: dotnet $BENCH_DLL $HONOREES $MONTH"
  dotnet "$BENCH_DLL" "$HONOREES" "$MONTH"
  bench_database "$HONOREES"
  echo
  echo "== from PostgreSQL: dotnet $BENCH_DLL --database $MONTH"
  dotnet "$BENCH_DLL" --database "$MONTH"
}

main "$@"
