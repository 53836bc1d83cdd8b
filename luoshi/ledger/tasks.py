"""Background work for imports: large ledgers take seconds, so the page polls while these run."""

from __future__ import annotations

import logging

from django.utils.translation import gettext
from django_tasks import task

from luoshi.accounts.models import User
from luoshi.ledger import services
from luoshi.ledger.models import LedgerImport
from luoshi.plans.models import Plan

logger = logging.getLogger(__name__)


def ledger_import_upload(*, plan: Plan, user: User, filename: str, content: bytes) -> LedgerImport:
    """Store an upload and queue its preview (the page follows it)."""
    ledger_import = services.ledger_import_create(plan=plan, user=user, filename=filename, content=content)
    ledger_import_preview_task.enqueue(ledger_import.pk)
    return ledger_import


@task()
def ledger_import_preview_task(import_id: int) -> None:
    ledger_import = LedgerImport.objects.select_related("plan").filter(pk=import_id).first()
    if ledger_import is None:
        return
    try:
        services.ledger_import_preview(ledger_import=ledger_import)
    except Exception:
        logger.exception("ledger import %s: preview failed", import_id)
        LedgerImport.objects.filter(pk=import_id).update(
            state=LedgerImport.State.FAILED, error=gettext("The file could not be read.")
        )


@task()
def ledger_import_apply_task(import_id: int, user_id: int | None) -> None:
    ledger_import = LedgerImport.objects.select_related("plan").filter(pk=import_id).first()
    if ledger_import is not None:
        user = User.objects.filter(pk=user_id).first() if user_id else None
        try:
            services.ledger_import_run_apply(ledger_import=ledger_import, user=user)
        except Exception:
            logger.exception("ledger import %s: apply failed", import_id)
            LedgerImport.objects.filter(pk=import_id).update(
                state=LedgerImport.State.PREVIEWED, error=gettext("Applying failed; nothing was written.")
            )
