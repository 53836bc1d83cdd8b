from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.utils import translation

from luoshi.accounts.models import User
from luoshi.ledger import services
from luoshi.ledger.export import ledger_csv_bytes, ledger_write_xlsx
from luoshi.ledger.models import LedgerImport
from luoshi.ledger.tasks import ledger_import_upload
from luoshi.plans.loader import read_plan_file
from luoshi.plans.models import Plan
from luoshi.status.changes import plan_load

DEMO_FILE = Path(__file__).resolve().parents[2] / "plans" / "demo" / "gu-county-2020.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def demo_plan() -> Plan:
    return plan_load(read_plan_file(DEMO_FILE)).plan


def xlsx_of(plan: Plan) -> bytes:
    buf = io.BytesIO()
    ledger_write_xlsx(plan=plan, out=buf)
    return buf.getvalue()


def csv_of(plan: Plan) -> bytes:
    return ledger_csv_bytes(plan)


def preview(plan: Plan, user: User, content: bytes, filename: str = "ledger.xlsx") -> LedgerImport:
    with translation.override("en"):
        imp = ledger_import_upload(plan=plan, user=user, filename=filename, content=content)
    imp.refresh_from_db()
    return imp


def apply(imp: LedgerImport, user: User) -> LedgerImport:
    with translation.override("en"):
        services.ledger_import_run_apply(ledger_import=imp, user=user)
    imp.refresh_from_db()
    return imp


def fates(imp: LedgerImport) -> dict[str, Any]:
    return {k: v for k, v in imp.counts.items() if k in ("new", "update", "unchanged", "error")}
