from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Plan

MAX_UPLOAD = 10 * 1024 * 1024


class SourceForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the text"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    file = forms.FileField(
        label=_(
            "Or upload a file (.txt in any Chinese encoding, .docx, PDF with a text layer or OFD; up to 10 MB)"
        ),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a text or choose a file."))
        return data


class AcceptForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Plan.objects.all(),
        required=False,
        label=_("Add to an existing plan"),
        empty_label=_("— no: create a new plan —"),
    )
    code = forms.SlugField(label=_("Plan code"), max_length=64, required=False)
    name = forms.CharField(label=_("Plan name"), max_length=200, required=False)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    end_date = forms.DateField(
        label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the plans of the office's own organisation.
        self.fields["into"].queryset = Plan.objects.filter(organisation_id=user.organisation_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("into") is not None:
            return data
        for name in ("code", "name", "start_date", "end_date"):
            if not data.get(name):
                self.add_error(name, _("Needed for a new plan."))
        code = data.get("code")
        if code and Plan.objects.filter(code=code).exists():
            self.add_error("code", _("A plan with this code already exists."))
        start, end = data.get("start_date"), data.get("end_date")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data
