"""Reads for dispatches. Every list starts from a query of ``luoshi.dispatch.access``."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from luoshi.accounts.access import plan_visible
from luoshi.dispatch import access as dispatch_access
from luoshi.dispatch.models import Dispatch, DispatchTarget
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item

AWAITING = Q(state=DispatchTarget.State.SENT, dispatch__closed_at__isnull=True)
# The parent items offered when accepting: the upper levels of a plan (a long select otherwise).
PARENT_DEPTH = 3


def _with_targets(queryset: QuerySet[Dispatch]) -> QuerySet[Dispatch]:
    rows = DispatchTarget.objects.select_related(
        "organisation", "decided_by", "item", "item__plan", "item__plan__organisation"
    )
    return (
        queryset.select_related("sender", "source_item", "source_item__plan", "created_by", "closed_by")
        .prefetch_related(Prefetch("targets", queryset=rows))
        .annotate(
            receivers=Count("targets", distinct=True),
            accepted=Count("targets", filter=Q(targets__state=DispatchTarget.State.ACCEPTED), distinct=True),
            returned=Count("targets", filter=Q(targets__state=DispatchTarget.State.RETURNED), distinct=True),
            replied=Count("targets", filter=Q(targets__state=DispatchTarget.State.REPLIED), distinct=True),
        )
    )


def mark_readable(user: Any, targets: list[DispatchTarget]) -> list[DispatchTarget]:
    """Set ``item_readable`` on each row: its accepted item is linked only if ``user`` may read it."""
    for target in targets:
        target.item_readable = bool(target.item and plan_visible(user, target.item.plan))  # type: ignore[attr-defined]
    return targets


def dispatches_sent(user: Any, *, item_id: int | None = None) -> list[Dispatch]:
    """What the user's organisation sent (from one item, if given), newest first, each with its
    receivers' rows."""
    sent = dispatch_access.dispatches_sent_by(user)
    if item_id is not None:
        sent = sent.filter(source_item_id=item_id)
    dispatches = list(_with_targets(sent).order_by("-created_at", "-pk"))
    for dispatch in dispatches:
        mark_readable(user, list(dispatch.targets.all()))
    return dispatches


def dispatch_targets(user: Any, dispatch: Dispatch) -> list[DispatchTarget]:
    """Every receiver's row of a dispatch, for its sender's office and leaders."""
    rows = dispatch.targets.select_related(
        "organisation", "decided_by", "item", "item__plan", "item__plan__organisation"
    ).order_by("organisation__path")
    return mark_readable(user, list(rows))


def inbox(user: Any) -> list[DispatchTarget]:
    """The rows addressed to the user's organisation: those awaiting its decision first."""
    rows = (
        dispatch_access.targets_received_by(user)
        .select_related("dispatch", "dispatch__sender", "item", "decided_by")
        .annotate(waiting=Case(When(AWAITING, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("waiting", "-dispatch__created_at", "-pk")
    )
    return list(rows)


def awaiting_count(user: Any) -> int:
    """How many dispatches await the decision of the user's organisation (the top bar's badge)."""
    return dispatch_access.targets_received_by(user).filter(AWAITING).count()


def receivers_below(organisation: Organisation) -> QuerySet[Organisation]:
    """The organisations a dispatch of ``organisation`` may go to: every one below it."""
    return organisation.subtree().exclude(pk=organisation.pk).order_by("path")


def parent_choices(organisation_id: int) -> QuerySet[Item]:
    return (
        Item.objects.filter(
            plan__organisation_id=organisation_id, plan__archived_at__isnull=True, depth__lte=PARENT_DEPTH
        )
        .select_related("plan")
        .order_by("plan__name", "plan_id", "path")
    )


def suggested_parent(target: DispatchTarget) -> Item | None:
    """The receiver's item that already carries out the source item's parent, if there is one (a
    county's pillar aligned to the city's pillar the task sits under)."""
    source = target.dispatch.source_item
    if source is None or source.depth <= 1:
        return None
    parent_path = source.path[: -Item.steplen]
    return (
        Item.objects.filter(
            plan__organisation_id=target.organisation_id,
            aligned_to__plan_id=source.plan_id,
            aligned_to__path=parent_path,
        )
        .order_by("plan_id", "path")
        .first()
    )


def item_dispatch_count(user: Any, item: Item) -> int:
    """How many dispatches were sent from an item, as its sender's office and leaders see them."""
    return dispatch_access.dispatches_sent_by(user).filter(source_item=item).count()
