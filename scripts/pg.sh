#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: its own cluster in .pg/, on 127.0.0.1.
#   scripts/pg.sh        start it (if it is not running) and print the DATABASE_URL to use
#   scripts/pg.sh stop   stop it
#   scripts/pg.sh status exit 0 if it is running
# The port is ${LUOSHI_PG_PORT:-54329} when it starts; a running server keeps the port it has.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${LUOSHI_PG_PORT:-54329}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
DIR="$PWD/.pg"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
running() { [ -f "$DIR/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }
if [ "${1:-start}" = status ]; then running; exit; fi
if [ "${1:-start}" = stop ]; then
  if running; then as_pg "$PGBIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; fi
  exit 0
fi
if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  as_pg "$PGBIN/initdb" -D "$DIR" -U luoshi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if running; then
  PORT="$(sed -n 4p "$DIR/postmaster.pid")"
else
  as_pg "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U luoshi luoshi 2>/dev/null || true
echo "postgres://luoshi@127.0.0.1:$PORT/luoshi"
