"""Writes: saved views. The query kept is the filter's canonical form, never the raw input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from luoshi.accounts.access import manages_plan, plan_visible
from luoshi.plans.models import Plan
from luoshi.search.filters import item_filter_parse
from luoshi.search.models import SavedView


@transaction.atomic
def saved_view_save(*, user: Any, plan: Plan, name: str, query: str, shared: bool = False) -> SavedView:
    """Save the filter ``query`` (a query string) of ``plan``'s tree under ``name`` for ``user``; a view
    of the same name of theirs is replaced. Only the office that manages the plan shares a view."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    if len(name) > SavedView._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError({"name": _("The name is too long.")})
    if not plan_visible(user, plan):
        raise ValidationError(_("No such plan."))
    item_filter, form = item_filter_parse(QueryDict(query), plan=plan)
    if item_filter is None:
        raise ValidationError({"query": [str(e) for errors in form.errors.values() for e in errors]})
    if not item_filter.active:
        raise ValidationError({"query": _("Choose a filter before saving it as a view.")})
    if shared and not manages_plan(user, plan):
        raise ValidationError({"shared": _("Only the supervision office shares views.")})
    view, _created = SavedView.objects.update_or_create(
        owner=user,
        plan=plan,
        name=name,
        defaults={
            "organisation_id": user.organisation_id,
            "query": item_filter.query_string(),
            "shared": shared,
        },
    )
    return view


def can_change_view(user: Any, view: SavedView) -> bool:
    """Its owner, or the office managing the plan for a view shared with the office's organisation."""
    if view.owner_id == user.pk:
        return True
    return bool(
        view.shared and view.organisation_id == user.organisation_id and manages_plan(user, view.plan)
    )


@transaction.atomic
def saved_view_delete(*, user: Any, view: SavedView) -> None:
    if not can_change_view(user, view):
        raise ValidationError(_("You cannot remove this view."))
    view.delete()


@transaction.atomic
def saved_view_share(*, user: Any, view: SavedView, shared: bool) -> SavedView:
    if not (can_change_view(user, view) and manages_plan(user, view.plan)):
        raise ValidationError({"shared": _("Only the supervision office shares views.")})
    view.shared = shared
    view.save(update_fields=["shared"])
    return view
