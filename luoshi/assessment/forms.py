from __future__ import annotations

from django import forms

from luoshi.assessment.models import AssessmentRules


class AssessmentRulesForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AssessmentRules
        fields = [
            "base_score",
            "late_report",
            "missing_report",
            "returned_reply",
            "red_light",
            "leader_praise",
            "completed_on_time",
            "completion",
        ]
