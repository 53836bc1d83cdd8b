from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.public.models import MAX_LEVELS


class PublicationForm(forms.Form):
    enabled = forms.BooleanField(label=_("Show this plan on the public page"), required=False)
    levels = forms.TypedChoiceField(
        label=_("Levels shown"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_LEVELS + 1)],
        help_text=_("Items below this level are neither shown nor reachable."),
    )
