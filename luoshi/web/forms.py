from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.accounts.access import OFFICE_ITEM_FIELDS
from luoshi.plans.models import Indicator, Item, Leader, Milestone, Plan, Unit
from luoshi.status.changes import MOVE_POSITIONS

ITEM_FORM_FIELDS = [
    "kind",
    "number",
    "title",
    "description",
    "lead_unit",
    "cooperating_units",
    "leader",
    "start_date",
    "due_date",
    "weight",
    "progress",
    "planned_investment",
    "completed_investment",
    "location",
    "aligned_to",
]
assert set(ITEM_FORM_FIELDS) == OFFICE_ITEM_FIELDS

# The items an item may carry out are offered to this depth (pillars, tasks, measures).
ALIGN_CHOICE_DEPTH = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ItemForm(forms.ModelForm):  # type: ignore[type-arg]
    """The item's own fields; those the user may not change are shown disabled."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Item
        fields = ITEM_FORM_FIELDS
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "cooperating_units": forms.SelectMultiple(attrs={"size": 6}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args: Any, editable: frozenset[str], plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = plan.organisation
        self.fields["lead_unit"].queryset = Unit.objects.filter(organisation=org)  # type: ignore[attr-defined]
        self.fields["cooperating_units"].queryset = Unit.objects.filter(organisation=org)  # type: ignore[attr-defined]
        self.fields["leader"].queryset = Leader.objects.filter(organisation=org)  # type: ignore[attr-defined]
        # Only items of the plans of the organisations above this one.
        above = [o.pk for o in org.ancestors()]
        aligned = self.fields["aligned_to"]
        aligned.queryset = (  # type: ignore[attr-defined]
            Item.objects.filter(
                Q(plan__organisation_id__in=above, depth__lte=ALIGN_CHOICE_DEPTH)
                | Q(pk=self.instance.aligned_to_id or 0)
            )
            .select_related("plan")
            .order_by("plan_id", "path")
        )
        aligned.label_from_instance = lambda i: f"{i.plan.name} · {i.number} {i.title}"  # type: ignore[attr-defined]
        if not above:
            del self.fields["aligned_to"]
        for name, field in self.fields.items():
            if name != "version" and name not in editable:
                field.disabled = True
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if self.instance.pk and self.instance.numchild:
            # A parent's progress is its sub-items' weighted roll-up, never typed in.
            self.fields["progress"].disabled = True
            self.fields["progress"].label = _("progress (%), rolled up from sub-items")


class VersionedRowForm(forms.ModelForm):  # type: ignore[type-arg]
    """A milestone or indicator row carrying the version read, so a save over a newer one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def expected_version(self) -> int:
        return int(self.cleaned_data.get("version") or 0)

    def has_changed(self) -> bool:
        return bool(set(self.changed_data) - {"version"})

    def save(self, commit: bool = True) -> Any:
        if self.instance.pk:  # checked under lock by item_rows_lock before the formset saves
            self.instance.version = self.expected_version() + 1
        return super().save(commit)


class MilestoneForm(VersionedRowForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "completed_on"]
        widgets = {"due_date": DateInput(), "completed_on": DateInput()}


class IndicatorForm(VersionedRowForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "actual"]


MilestoneFormSet = forms.inlineformset_factory(Item, Milestone, form=MilestoneForm, extra=1, can_delete=True)
IndicatorFormSet = forms.inlineformset_factory(Item, Indicator, form=IndicatorForm, extra=1, can_delete=True)


def formset_versions(formset: forms.BaseInlineFormSet) -> dict[int, int]:  # type: ignore[type-arg]
    """Row id -> version read, for the existing rows a valid formset's save changes or deletes."""
    deleted = formset.deleted_forms if formset.can_delete else []
    return {
        form.instance.pk: form.expected_version()
        for form in formset.initial_forms
        if form.instance.pk and (form.has_changed() or form in deleted)
    }


def formset_versions_refresh(formset: forms.BaseInlineFormSet, rows: list[Any]) -> None:  # type: ignore[type-arg]
    """After a conflict: keep the user's input, but carry the current versions of the rows saved
    meanwhile, so that a second save, after comparing, goes through."""
    current = {row.pk: row.version for row in rows if isinstance(row, formset.model)}
    data = QueryDict(mutable=True)
    data.update(formset.data)
    for form in formset.initial_forms:
        if form.instance.pk in current:
            data[form.add_prefix("version")] = str(current[form.instance.pk])
    formset.data = data
    for form in formset.forms:
        form.data = data


def restrict_formset(formset: forms.BaseInlineFormSet, editable: set[str]) -> None:  # type: ignore[type-arg]
    """Reporters update actuals and completion dates only: no new rows, no deletions."""
    formset.extra = 0
    formset.can_delete = False
    for form in formset.forms:
        for name, field in form.fields.items():
            if name not in editable and name not in {"id", "item", "version"}:
                field.disabled = True


class MoveForm(forms.Form):
    """Where to move an item. Any item of the plan outside the item's own subtree is accepted, but the
    list offers a few dozen: the item's ancestors, its nearest siblings and the plan's top level, or
    what a search finds (a plan can have tens of thousands of items, too many for one list)."""

    target = forms.ModelChoiceField(queryset=Item.objects.none(), label=_("Relative to"))
    position = forms.ChoiceField(
        label=pgettext_lazy("place in the tree", "Position"),
        choices=[
            ("last-child", _("as its last child")),
            ("first-child", _("as its first child")),
            ("left", _("before it")),
            ("right", _("after it")),
        ],
    )

    def __init__(self, *args: Any, item: Item, candidates: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = Item.objects.filter(plan_id=item.plan_id).exclude(path__startswith=item.path)
        field = self.fields["target"]
        field.queryset = allowed  # type: ignore[attr-defined]
        posted = str(self.data.get("target", ""))
        if posted.isdigit() and all(str(c.pk) != posted for c in candidates):
            candidates = [*allowed.filter(pk=int(posted)), *candidates]
        field.widget.choices = [("", "---------")] + [  # type: ignore[attr-defined]
            (c.pk, "— " * (c.depth - 1) + str(c)) for c in candidates
        ]


assert {c for c, _label in MoveForm.base_fields["position"].choices} <= MOVE_POSITIONS  # type: ignore[attr-defined]
