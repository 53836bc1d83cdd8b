#!/usr/bin/env bash
# Install everything the tests need (Python dev extras; Debian's PostgreSQL, Chromium, gettext,
# CJK fonts, poppler) and run the whole suite: lint, types, migrations and catalogues checks,
# then pytest on SQLite and on a real PostgreSQL server started here.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_python.sh
started=$(date +%s)
apt_install postgresql chromium gettext fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0
ensure_venv
.venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
echo "== install: $(( $(date +%s) - started )) s"
export LUOSHI_TESTING=1 PATH="$PWD/.venv/bin:$PATH"
echo "== ruff";            ruff check luoshi scripts benchmarks
echo "== mypy";            mypy luoshi
echo "== import layers";   lint-imports
echo "== migrations";      python -m luoshi makemigrations --check --dry-run
echo "== catalogues";      python scripts/i18n.py --check
# The two databases' runs go side by side (one core each): SQLite in the background into a log,
# PostgreSQL in the foreground; each has its own data folder (attachments, media).
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT
echo "== pytest (SQLite), in the background"
( unset DATABASE_URL; LUOSHI_DATA_DIR="$runs/sqlite" python -m pytest -q "$@" >"$runs/sqlite.log" 2>&1; echo $? >"$runs/sqlite.rc" ) &
sqlite_run=$!
# A PostgreSQL server started here is stopped when the tests end, however they end; it listens
# on a port that is free now, so two checkouts on one machine do not meet.
if ! scripts/pg.sh status; then
  trap 'scripts/pg.sh stop; kill $sqlite_run 2>/dev/null || true; rm -rf "$runs"' EXIT
  LUOSHI_PG_PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export LUOSHI_PG_PORT
fi
DATABASE_URL="$(scripts/pg.sh)"
export DATABASE_URL
echo "== pytest (PostgreSQL at $DATABASE_URL)"
pg_rc=0
LUOSHI_DATA_DIR="$runs/postgresql" python -m pytest -q "$@" || pg_rc=$?
wait "$sqlite_run" || true
echo "== pytest (SQLite), its log"
cat "$runs/sqlite.log"
sqlite_rc="$(cat "$runs/sqlite.rc" 2>/dev/null || echo 1)"
echo "== SQLite: exit $sqlite_rc; PostgreSQL: exit $pg_rc"
if [ "$sqlite_rc" != 0 ] || [ "$pg_rc" != 0 ]; then exit 1; fi
echo "== all green in $(( $(date +%s) - started )) s"
