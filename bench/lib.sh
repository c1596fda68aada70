#!/usr/bin/env bash
# Shared by the benchmark commands: a throwaway PostgreSQL cluster tuned like a deployment, and a database
# filled with generated honorees. Sourced, never run.

# The developer script's functions (cluster management, packages, helpers); it only dispatches
# subcommands when executed, not when sourced. It also cds to the repository root.
# shellcheck source=../laurel
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/laurel"

DLL="$ROOT/src/Laurel.Web/bin/Release/net10.0/Laurel.Web.dll"

# start_bench_cluster: like start_test_cluster, with the memory settings of a real deployment on a
# 24 GB machine. Durability is off (throwaway data; it only speeds up loading, not the reads measured).
start_bench_cluster() {
  if is_root; then
    mkdir -p /var/lib/laurel
    chmod 755 /var/lib/laurel
    TEST_PGDATA=$(mktemp -d /var/lib/laurel/bench.XXXXXX)
    chown postgres:postgres "$TEST_PGDATA"
  else
    TEST_PGDATA=$(mktemp -d "${TMPDIR:-/tmp}/laurel-bench.XXXXXX")
  fi
  TEST_PGDATA=$(cd "$TEST_PGDATA" && pwd -P)
  init_cluster "$TEST_PGDATA"
  local tuning=(
    "shared_buffers = 1GB" "effective_cache_size = 16GB" "work_mem = 16MB" "maintenance_work_mem = 1GB"
    "random_page_cost = 1.1" "max_connections = 200"
    "fsync = off" "synchronous_commit = off" "full_page_writes = off"
  )
  for _ in 1 2 3 4 5; do
    start_cluster "$TEST_PGDATA" "$(free_port)" "${tuning[@]}" && return 0
    log "retrying with another port"
  done
  die "could not start the benchmark PostgreSQL cluster"
}

# bench_database N [generate args]: starts the benchmark cluster, creates the database, builds Release and generates N honorees
# (the generator applies the migrations and loads the demo tree first). Exports the app's settings
# (ConnectionStrings__Laurel, ConnectionStrings__LaurelOwner, Laurel__EncryptionKey) and sets GENERATE_SECONDS.
# The caller traps EXIT with cleanup_test (or its own cleanup calling it).
bench_database() {
  start_bench_cluster
  local pg_port owner_pw app_pw
  pg_port=$(cluster_port "$TEST_PGDATA")
  owner_pw=$(random_hex 16)
  app_pw=$(random_hex 16)
  ensure_roles "$TEST_PGDATA" "$owner_pw" "$app_pw"
  admin_psql "$TEST_PGDATA" <<<'CREATE DATABASE laurel OWNER laurel'
  log "benchmark PostgreSQL on 127.0.0.1:$pg_port (data: $TEST_PGDATA)"

  export ConnectionStrings__Laurel="Host=127.0.0.1;Port=$pg_port;Database=laurel;Username=laurel_app;Password=$app_pw"
  export ConnectionStrings__LaurelOwner="Host=127.0.0.1;Port=$pg_port;Database=laurel;Username=laurel;Password=$owner_pw"
  Laurel__EncryptionKey=$(head -c 32 /dev/urandom | base64 -w0)
  export Laurel__EncryptionKey
  export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning DOTNET_NOLOGO=1
  # The benchmark's generated accounts sign in with a password only.
  export Laurel__RequireTwoFactor=false

  log "building Release"
  dotnet build src/Laurel.Web -c Release -nologo -v q >/dev/null

  log "generating $1 honorees ${*:2}"
  local t0 t1
  t0=$(date +%s)
  dotnet "$DLL" generate --honorees "$1" "${@:2}"
  t1=$(date +%s)
  # shellcheck disable=SC2034  # read by the run.sh that sources this file
  GENERATE_SECONDS=$((t1 - t0))
  # The load wrote gigabytes of WAL: finish its checkpoint now, so that no measurement shares the cores with it.
  admin_psql "$TEST_PGDATA" <<<'CHECKPOINT'

}

APP_PID=""
APP_LOG=""
cleanup_bench() {
  if [ -n "$APP_PID" ]; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  [ -z "$APP_LOG" ] || rm -f "$APP_LOG"
  cleanup_test   # stops the cluster and removes its directory
}

# api METHOD PATH [JSON]: curl against the app with the bearer token; prints the body, fails on >= 400.
api() {
  curl -sS --fail-with-body -X "$1" "http://127.0.0.1:$APP_PORT$2" \
    -H "Authorization: Bearer ${BENCH_TOKEN:-}" -H 'Content-Type: application/json' ${3:+--data "$3"}
}

# start_bench_app [app args]: the Release app on a free port (APP_PORT), with the settings bench_database exported.
start_bench_app() {
  APP_PORT=$(free_port)
  APP_LOG=$(mktemp "${TMPDIR:-/tmp}/laurel-bench-app.XXXXXX")
  setsid dotnet "$DLL" --urls "http://127.0.0.1:$APP_PORT" "$@" >"$APP_LOG" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/" && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$APP_LOG" >&2; die "the app exited"; }
    sleep 0.5
  done
  log "app on 127.0.0.1:$APP_PORT"
}

# bench_token USER: a bearer token for a demo account (password Laurel@2026).
bench_token() {
  BENCH_TOKEN="" api POST /api/v1/tokens "{\"username\":\"$1\",\"password\":\"Laurel@2026\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# bench_sql: psql on the benchmark database as the cluster's superuser, SQL on stdin, unaligned rows out.
bench_sql() {
  as_pg "$(pg_bin "$TEST_PGDATA")/psql" -X -q -At -v ON_ERROR_STOP=1 \
    -h "$(cluster_socket "$TEST_PGDATA")" -p "$(cluster_port "$TEST_PGDATA")" -U postgres -d laurel
}

# resident_id REGION YYYYMMDD SEQ: a valid 18-character ID (GB 11643 check character).
resident_id() {
  local first17="$1$2$3" weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) checks=10X98765432 sum=0 i
  for i in $(seq 0 16); do sum=$((sum + ${first17:i:1} * weights[i])); done
  echo "$first17${checks:sum % 11:1}"
}
