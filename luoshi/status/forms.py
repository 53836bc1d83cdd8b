from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Status


class OverrideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Colour"),
        choices=[
            (Status.GREEN, Status.GREEN.label),
            (Status.YELLOW, Status.YELLOW.label),
            (Status.RED, Status.RED.label),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    expires_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
