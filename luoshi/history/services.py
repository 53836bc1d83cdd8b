"""Writes of the history room: baselines (基线) taken and deleted by the office."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.history.models import Baseline, BaselineItem
from luoshi.plans.models import Item, Plan

NAME_MAX = 100


@transaction.atomic
def baseline_save(*, plan: Plan, name: str, user: User | None) -> Baseline:
    """Keep the plan's current dates, weights, progress and targets under ``name``, in one bulk
    insert. A name already used in the plan is refused."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the baseline a name, e.g. 年初计划."))
    if len(name) > NAME_MAX:
        raise ValidationError(_("A baseline's name is at most %(n)d characters.") % {"n": NAME_MAX})
    if Baseline.objects.filter(plan=plan, name=name).exists():
        raise ValidationError(_("This plan already has a baseline of that name."))
    baseline = Baseline.objects.create(plan=plan, name=name, created_at=timezone.now(), created_by=user)
    rows = Item.objects.filter(plan=plan).values_list(
        "id", "number", "title", "path", "start_date", "due_date", "weight", "progress", "planned_investment"
    )
    BaselineItem.objects.bulk_create(
        [
            BaselineItem(
                baseline=baseline,
                item_id=pk,
                number=number,
                title=title,
                path=path,
                start_date=start,
                due_date=due,
                weight=weight,
                progress=progress,
                planned_investment=investment,
            )
            for pk, number, title, path, start, due, weight, progress, investment in rows
        ],
        batch_size=5000,
    )
    return baseline


@transaction.atomic
def baseline_delete(*, baseline: Baseline) -> None:
    baseline.delete()
