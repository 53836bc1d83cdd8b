"""Reads for notices and instructions. Every list is narrowed through luoshi.accounts.access."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from luoshi.notices import access as notice_access
from luoshi.notices.models import Instruction, Notice, NoticeEvent, NoticeExtension, NoticeTarget
from luoshi.plans.models import Item, Plan

OPEN_LIMIT = 20


def _annotated(queryset: Any) -> Any:
    return queryset.select_related("item", "item__lead_unit").annotate(
        units=Count("targets", distinct=True),
        owing=Count("targets", filter=Q(targets__state__in=NoticeTarget.OWING), distinct=True),
        to_review=Count("targets", filter=Q(targets__state=NoticeTarget.State.REPLIED), distinct=True),
    )


def notices_for(user: Any, plan: Plan, *, state: str | None = None) -> list[Notice]:
    notices = notice_access.notices_visible(user, Notice.objects.filter(plan=plan))
    if state in Notice.State.values:
        notices = notices.filter(state=state)
    return list(_annotated(notices).order_by("state", "-year", "-sequence"))


def open_notices(user: Any, plan: Plan, *, limit: int = OPEN_LIMIT) -> list[Notice]:
    """Open notices for the dashboard, the oldest deadline first."""
    notices = notice_access.notices_visible(user, Notice.objects.filter(plan=plan, state=Notice.State.OPEN))
    return list(_annotated(notices).order_by("deadline", "sequence")[:limit])


def open_notices_on_item(user: Any, item: Item) -> list[Notice]:
    notices = notice_access.notices_visible(user, Notice.objects.filter(item=item, state=Notice.State.OPEN))
    return list(_annotated(notices).order_by("deadline", "sequence"))


def notice_history(user: Any, notice: Notice) -> list[NoticeEvent]:
    """The notice's events; a unit sees the notice-wide ones and its own."""
    events = NoticeEvent.objects.filter(notice=notice).select_related("actor", "target__unit")
    targets = notice_access.notice_targets_visible(user, notice)
    if not (user.is_office or user.is_leader):
        events = events.filter(Q(target__isnull=True) | Q(target__in=targets))
    return list(events.order_by("created_at", "id"))


def notice_extensions(user: Any, notice: Notice) -> list[NoticeExtension]:
    targets = notice_access.notice_targets_visible(user, notice)
    return list(
        NoticeExtension.objects.filter(target__in=targets)
        .select_related("target__unit", "requested_by", "decided_by")
        .order_by("requested_at", "id")
    )


def item_instructions(item: Item, *, limit: int = 20) -> list[Instruction]:
    return list(Instruction.objects.filter(item=item).select_related("author")[:limit])


def open_notice_count(plan: Plan) -> int:
    return Notice.objects.filter(plan=plan, state=Notice.State.OPEN).count()
