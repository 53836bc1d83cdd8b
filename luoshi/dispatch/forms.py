from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.dispatch import selectors
from luoshi.dispatch.models import Dispatch
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Leader, Plan, Unit


class OrganisationChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        # Indented by level, so a township sits under its county.
        return "　" * max(0, obj.depth - 2) + obj.name


class SendForm(forms.Form):
    organisations = OrganisationChoices(
        label=_("Send to"), queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Dispatch.Kind.choices, initial=Dispatch.Kind.TASK)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Requirements"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    with_subtree = forms.BooleanField(label=_("With its sub-items"), required=False)

    def __init__(self, *args: Any, sender: Organisation, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = selectors.receivers_below(sender)  # type: ignore[attr-defined]
        if not item.numchild:
            del self.fields["with_subtree"]


class PlanTaggedSelect(forms.Select):
    """Each item option says its plan (``data-plan``), so the page can offer only the chosen plan's."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-plan"] = str(instance.plan_id)
        return option


class ItemChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    widget = PlanTaggedSelect

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.name} · {'　' * (obj.depth - 1)}{obj}"


class AcceptForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Into the plan"), queryset=Plan.objects.none())
    parent = ItemChoice(
        label=_("Under the item"),
        queryset=Item.objects.none(),
        required=False,
        empty_label=_("(at the top of the plan)"),
    )
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=Leader.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the receiving organisation's own plans, items, units and leaders.
        # An archived plan (a closed year) takes no task: it is not offered.
        self.fields["plan"].queryset = Plan.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id, archived_at__isnull=True
        )
        self.fields["parent"].queryset = selectors.parent_choices(organisation_id)  # type: ignore[attr-defined]
        self.fields["lead_unit"].queryset = Unit.objects.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]
        self.fields["leader"].queryset = Leader.objects.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)
