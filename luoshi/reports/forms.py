from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Indicator
from luoshi.reports.models import Report
from luoshi.reports.services import ReportData


class ReportForm(forms.ModelForm):  # type: ignore[type-arg]
    """The report's text and figures, plus one field per indicator of the item."""

    # The draft's revision as read (0: no draft yet); a save over a newer one is refused.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Report
        fields = ["work_done", "progress", "completed_investment", "problems", "next_steps"]
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 5}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(
        self, *args: Any, indicators: list[Indicator], values: dict[int, Decimal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision if self.instance.pk else 0
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name}（{indicator.unit}）" if indicator.unit else indicator.name,
                required=False,
                max_digits=16,
                decimal_places=2,
                initial=values.get(indicator.pk, indicator.actual),
                help_text=_("Target: %(target)s")
                % {"target": indicator.target if indicator.target is not None else "—"},
            )

    def report_data(self) -> ReportData:
        d = self.cleaned_data
        return ReportData(
            work_done=d["work_done"],
            progress=d["progress"],
            completed_investment=d.get("completed_investment"),
            problems=d.get("problems", ""),
            next_steps=d.get("next_steps", ""),
        )

    def expected_revision(self) -> int:
        return int(self.cleaned_data.get("revision") or 0)

    def revision_refresh(self, current: Report) -> None:
        """After a conflict: keep the user's input, but carry the current revision so a second save,
        after comparing, goes through."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["revision"] = str(current.revision)
        self.data = data

    def indicator_values(self) -> dict[int, Decimal | None]:
        return {i.pk: self.cleaned_data.get(f"indicator_{i.pk}") for i in self.indicators}

    def report_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{i.pk}"] for i in self.indicators]


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    note = forms.CharField(
        label=_("Note or reason for returning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContributionForm(forms.Form):
    text = forms.CharField(label=_("Your unit's part"), widget=forms.Textarea(attrs={"rows": 4}))
