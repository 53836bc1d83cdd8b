from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Plan

MAX_UPLOAD = 10 * 1024 * 1024


class SourceForm(forms.Form):
    text = forms.CharField(label=_("Paste the text"), widget=forms.Textarea(attrs={"rows": 12}), required=False)
    file = forms.FileField(label=_("Or upload a text file (.txt, any Chinese encoding, up to 10 MB)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a text or choose a file."))
        return data


class AcceptForm(forms.Form):
    code = forms.SlugField(label=_("Plan code"), max_length=64)
    name = forms.CharField(label=_("Plan name"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if Plan.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A plan with this code already exists."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data
