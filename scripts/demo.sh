#!/usr/bin/env bash
# Install luoshi into .venv and start the demo: SQLite in ./data, Gu County's 2020 "1234" plan,
# served by gunicorn at http://127.0.0.1:8000 with a task worker. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_python.sh
ensure_venv
# Bulletins as PDF need Pango and a CJK font; without them luoshi offers the docx instead.
apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk || echo "PDF export disabled: could not install Pango and fonts-noto-cjk (docx still works)." >&2
.venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -e .
export LUOSHI_DEMO=1
exec .venv/bin/luoshi demo "$@"
