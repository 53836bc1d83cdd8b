from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.history.services import NAME_MAX


class AsOfForm(forms.Form):
    on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CompareForm(forms.Form):
    # ``from`` is a Python keyword: the form's field names are the query string's.
    start = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    baseline = forms.IntegerField(
        label=pgettext_lazy("plan snapshot", "Baseline"), required=False, widget=forms.HiddenInput
    )


class BaselineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX, help_text=_("e.g. 年初计划"))
