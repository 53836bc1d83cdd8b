from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.notices.models import Instruction
from luoshi.plans.models import Plan, Unit


class InstructionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Instruction.Kind.choices)
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))


class NoticeForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("To units"), queryset=Unit.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    requirement = forms.CharField(label=_("What must be done"), widget=forms.Textarea(attrs={"rows": 5}))
    deadline = forms.DateField(
        label=_("Reply by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the units of the plan's own organisation.
        self.fields["units"].queryset = Unit.objects.filter(organisation_id=plan.organisation_id)  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExtensionForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SeriesForm(forms.Form):
    series_prefix = forms.CharField(label=_("Prefix"), max_length=16)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    last_number = forms.IntegerField(label=_("Last number issued"), min_value=0)
