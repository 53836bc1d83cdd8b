from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BulletinForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
