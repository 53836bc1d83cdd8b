"""The office's form for a channel. The address and the secret are credentials: they are never put back
into the page; left empty when editing, they stay as they were."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.notifications.models import Channel


def masked(value: str) -> str:
    """A credential as the pages show it: its last four characters at most."""
    if not value:
        return ""
    return "••••" + value[-4:] if len(value) > 8 else "••••"


def masked_url(url: str) -> str:
    """The address without its query (DingTalk's access_token, WeCom's key) and path."""
    head, _sep, query = url.partition("?")
    scheme, _s, rest = head.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/…" + ("?" + masked(query) if query else "") if host else masked(url)


class ChannelForm(forms.ModelForm):  # type: ignore[type-arg]
    url = forms.CharField(
        label=_("webhook address"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "url"}),
    )
    secret = forms.CharField(
        label=_("signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = Channel
        fields = [
            "name",
            "kind",
            "url",
            "secret",
            "enabled",
            "quiet_start",
            "quiet_end",
            "digest",
            "digest_hour",
            "mention",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "quiet_start": _(
                "Messages in the quiet hours (site time) wait until they end, e.g. 22:00–07:30."
            ),
            "digest": _("Instead of one message per event, one message a day that lists them all."),
            "digest_hour": _("The hour (0–23) at which the digest is sent."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored_url = self.instance.url if self.instance.pk else ""
        self.stored_secret = self.instance.secret if self.instance.pk else ""
        self.initial["url"] = ""
        if self.stored_url:
            self.fields["url"].help_text = _("Now: %(url)s. Leave empty to keep it.") % {
                "url": masked_url(self.stored_url)
            }
        else:
            self.fields["url"].help_text = _(
                "DingTalk: https://oapi.dingtalk.com/robot/send?access_token=…; "
                "WeCom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; not needed for SMS."
            )
        if self.stored_secret:
            self.fields["secret"].help_text = _("Now: %(secret)s. Leave empty to keep it.") % {
                "secret": masked(self.stored_secret)
            }
        else:
            self.fields["secret"].help_text = _(
                "DingTalk: the robot's 加签 secret (SEC…); JSON webhook: the key of X-Luoshi-Signature."
            )

    def clean_url(self) -> str:
        url = str(self.cleaned_data.get("url") or "").strip() or self.stored_url
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter an address beginning with https:// or http://."))
        return url

    def clean_secret(self) -> str:
        return str(self.cleaned_data.get("secret") or "").strip() or self.stored_secret

    def clean_digest_hour(self) -> int:
        hour = int(self.cleaned_data["digest_hour"])
        if not 0 <= hour <= 23:
            raise forms.ValidationError(_("Enter an hour from 0 to 23."))
        return hour

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != Channel.Kind.SMS and not data.get("url"):
            self.add_error("url", _("This channel needs a webhook address."))
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            self.add_error("quiet_end", _("Give both ends of the quiet hours, or neither."))
        return data
