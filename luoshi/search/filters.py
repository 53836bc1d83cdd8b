"""The filter of a plan's items: parsed from a query string, applied to an Item queryset, shown as a
form. The tree page, the ledger export and the API item list read the same query parameters, so a
filtered tree's address, its export and an API call name the same items.

Parameters: ``unit`` (lead unit id), ``leader`` (leader id), ``status`` and ``kind`` (repeatable),
``overdue`` (1), ``due_within`` (days from the plan's date, 0–366), ``changed_since`` (a date: items
with a history record from that day on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.lib.widgets import FastCheckboxSelectMultiple, FastSelect
from luoshi.plans.models import Item, Leader, Plan, Status, Unit

FILTER_KEYS = ("unit", "leader", "status", "kind", "overdue", "due_within", "changed_since")
MAX_DUE_WITHIN = 366


class ItemFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Lead unit"),
        empty_label=_("All units"),
        widget=FastSelect,
    )
    leader = forms.ModelChoiceField(
        queryset=Leader.objects.none(),
        required=False,
        label=_("Leader"),
        empty_label=_("All leaders"),
        widget=FastSelect,
    )
    status = forms.MultipleChoiceField(
        choices=Status.choices, required=False, label=_("Status"), widget=FastCheckboxSelectMultiple
    )
    kind = forms.MultipleChoiceField(
        choices=Item.Kind.choices, required=False, label=_("Kind"), widget=FastCheckboxSelectMultiple
    )
    overdue = forms.BooleanField(required=False, label=_("Overdue"))
    due_within = forms.IntegerField(
        min_value=0,
        max_value=MAX_DUE_WITHIN,
        required=False,
        label=_("Due within (days)"),
        widget=forms.NumberInput(attrs={"size": 4}),
    )
    changed_since = forms.DateField(
        required=False, label=_("Changed since"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: Any = None, *, plan: Plan) -> None:
        super().__init__(data)
        org = plan.organisation_id
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = Unit.objects.filter(organisation_id=org).only("id", "name").order_by("name")
        leader_field: Any = self.fields["leader"]
        leader_field.queryset = (
            Leader.objects.filter(organisation_id=org).only("id", "name", "position").order_by("name")
        )


@dataclass(frozen=True)
class ItemFilter:
    """A validated filter; the empty filter keeps every item."""

    unit_id: int | None = None
    leader_id: int | None = None
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    overdue: bool = False
    due_within: int | None = None
    changed_since: dt.date | None = None

    @property
    def active(self) -> bool:
        return self != ItemFilter()

    def query_string(self) -> str:
        """The canonical query string of this filter (what a saved view stores)."""
        pairs: list[tuple[str, str]] = []
        if self.unit_id is not None:
            pairs.append(("unit", str(self.unit_id)))
        if self.leader_id is not None:
            pairs.append(("leader", str(self.leader_id)))
        pairs += [("status", s) for s in self.statuses]
        pairs += [("kind", k) for k in self.kinds]
        if self.overdue:
            pairs.append(("overdue", "1"))
        if self.due_within is not None:
            pairs.append(("due_within", str(self.due_within)))
        if self.changed_since is not None:
            pairs.append(("changed_since", self.changed_since.isoformat()))
        return urlencode(pairs)


def filter_data(data: QueryDict) -> QueryDict:
    """Only the filter's parameters of ``data`` (a query string may carry others: ``after``, ``q``)."""
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        values = [v for v in data.getlist(key) if v != ""]
        if values:
            kept.setlist(key, values)
    return kept


def item_filter_parse(data: QueryDict, *, plan: Plan) -> tuple[ItemFilter | None, ItemFilterForm]:
    """The filter given by ``data``, and its form; ``None`` with the form's errors if it is invalid.
    Units and leaders must be of the plan's organisation (another's id is an invalid choice)."""
    kept = filter_data(data)
    if not kept:
        return ItemFilter(), ItemFilterForm(plan=plan)
    form = ItemFilterForm(kept, plan=plan)
    if not form.is_valid():
        return None, form
    c = form.cleaned_data
    return (
        ItemFilter(
            unit_id=c["unit"].pk if c["unit"] else None,
            leader_id=c["leader"].pk if c["leader"] else None,
            statuses=tuple(c["status"]),
            kinds=tuple(c["kind"]),
            overdue=bool(c["overdue"]),
            due_within=c["due_within"],
            changed_since=c["changed_since"],
        ),
        form,
    )


def filter_errors(form: ItemFilterForm) -> str:
    """The form's errors as one line, each after its parameter's name (for the API)."""
    return "; ".join(f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items())


def item_filter_apply(items: QuerySet[Item], item_filter: ItemFilter, *, plan: Plan) -> QuerySet[Item]:
    """``items`` (of ``plan``) narrowed by ``item_filter``; dates are counted from the plan's date."""
    f = item_filter
    if f.unit_id is not None:
        items = items.filter(lead_unit_id=f.unit_id)
    if f.leader_id is not None:
        items = items.filter(leader_id=f.leader_id)
    if f.statuses:
        items = items.filter(status__in=f.statuses)
    if f.kinds:
        items = items.filter(kind__in=f.kinds)
    today = plan.today()
    if f.overdue:
        items = items.filter(Q(due_date__lt=today) & ~Q(status=Status.DONE))
    if f.due_within is not None:
        end = today + dt.timedelta(days=f.due_within)
        items = items.filter(due_date__gte=today, due_date__lte=end).exclude(status=Status.DONE)
    if f.changed_since is not None:
        since = timezone.make_aware(dt.datetime.combine(f.changed_since, dt.time.min))
        history: Any = Item.history.model  # type: ignore[attr-defined]
        changed = history.objects.filter(plan_id=plan.pk, history_date__gte=since).values("id")
        items = items.filter(pk__in=changed)
    return items
