"""The ``luoshi`` command: Django's management commands under one name, in demo mode by default.

``luoshi demo`` sets up and serves the demo; ``luoshi serve`` runs the production WSGI server;
``luoshi load FILE``, ``luoshi generate`` and every Django command (``migrate``, ``check``...) work too.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        os.environ.setdefault("LUOSHI_DEMO", "1")
    if command == "ingest":
        # The ingest core is pure Python: it runs without Django settings.
        from luoshi.ingest.cli import main as ingest_main

        sys.exit(ingest_main(argv[2:]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
