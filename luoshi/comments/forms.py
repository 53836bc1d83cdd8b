from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.comments.services import MAX_BODY


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "data-mention": ""}),
        help_text=_("Type @ and a unit's name to tell its reporters."),
    )
    annotation = forms.BooleanField(label=_("Mark as an annotation (批注)"), required=False)
