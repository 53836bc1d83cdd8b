"""Forms of the people pages. They only parse; the rules are in ``services`` and ``people``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.accounts.models import Role
from luoshi.accounts.people import LeaderData, UnitData
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Leader, Unit


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=128)
    short_name = forms.CharField(label=_("Short name"), max_length=32, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices, initial=Unit.Kind.DEPARTMENT)
    contact_person = forms.CharField(label=_("Contact person"), max_length=64, required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_of(cls, unit: Unit, version: int) -> dict[str, Any]:
        fields = ("name", "short_name", "kind", "contact_person", "contact_phone")
        return {**{f: getattr(unit, f) for f in fields}, "version": version}

    def to_data(self) -> UnitData:
        c = self.cleaned_data
        return UnitData(
            name=c["name"],
            short_name=c["short_name"],
            kind=c["kind"],
            contact_person=c["contact_person"],
            contact_phone=c["contact_phone"],
        )


class LeaderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    position = forms.CharField(label=_("Position"), max_length=128, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_of(cls, leader: Leader, version: int) -> dict[str, Any]:
        return {"name": leader.name, "position": leader.position, "version": version}

    def to_data(self) -> LeaderData:
        return LeaderData(name=self.cleaned_data["name"], position=self.cleaned_data["position"])


class RoleForm(forms.Form):
    """The role a user holds in the office's organisation, with its unit or leader record."""

    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("Unit (for a unit reporter)"), queryset=Unit.objects.none(), required=False
    )
    leader = forms.ModelChoiceField(
        label=_("Leader record (for a leader)"),
        queryset=Leader.objects.none(),
        required=False,
        help_text=_("The leader whose items the account answers for."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, roles: tuple[Role, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]  # type: ignore[attr-defined]
        # Only this organisation's: another's id is refused like a missing one.
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["leader"].queryset = Leader.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class UserCreateForm(RoleForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=64, required=False)
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Initial password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "display_name", "password1", "password2", "role", "unit", "leader"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].required = False
        self.fields["role"].choices = [("", _("No role yet")), *self.fields["role"].choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data
