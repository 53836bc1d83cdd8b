from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DatesForm(forms.Form):
    """A bar dragged on the chart: the item's new start and due dates, and the version it was read at."""

    start = forms.DateField(label=_("start date"), required=False)
    due = forms.DateField(label=_("due date"), required=False)
    version = forms.IntegerField(min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("start")
        due: dt.date | None = data.get("due")
        if start is not None and due is not None and due < start:
            raise forms.ValidationError(_("The due date cannot be before the start date."))
        return data
