from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.organisations.models import Organisation, default_organisation_id


class Role(models.TextChoices):
    OFFICE = "office", _("Supervision office")
    LEADER = "leader", _("Leader")
    REPORTER = "reporter", _("Unit reporter")
    PUBLIC = "public", _("Public")


class User(AbstractUser):
    """A person who signs in, acting in one organisation at a time.

    ``organisation``, ``role``, ``unit`` and ``leader`` are the role the user acts in now; every role
    they hold is a :class:`Membership`, and switching organisation copies one into these fields.
    What they may see and change follows from these fields only.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PUBLIC)
    unit = models.ForeignKey(
        "plans.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("The unit a reporter reports for."),
    )
    leader = models.ForeignKey(
        "plans.Leader",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("For a leader's account: the leader whose items they answer for."),
    )
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    # Every change of role, unit, rights or password is kept with who made it (never the hash).
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.organisation_id is None:
            self.organisation_id = default_organisation_id()
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            # A sign-in is not a change of the account.
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)
        if self.role != Role.PUBLIC:
            self._hold_current_role()

    def _hold_current_role(self) -> None:
        """The role acted in is always one of the roles held; it is saved (and kept in history) only
        when it differs from the one held."""
        values = {"role": self.role, "unit_id": self.unit_id, "leader_id": self.leader_id}
        held = Membership.objects.filter(user=self, organisation_id=self.organisation_id).first()
        if held is not None and all(getattr(held, k) == v for k, v in values.items()):
            return
        if held is None:
            held = Membership(user=self, organisation_id=self.organisation_id)
        for key, value in values.items():
            setattr(held, key, value)
        who = getattr(self, "_history_user", None)
        if who is not None:
            held._history_user = who  # type: ignore[attr-defined]
        held.save()

    @property
    def is_office(self) -> bool:
        return self.role == Role.OFFICE or self.is_superuser

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_reporter(self) -> bool:
        return self.role == Role.REPORTER


class Membership(models.Model):
    """A role a user holds in an organisation; a user may hold roles in several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "plans.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    leader = models.ForeignKey(
        "plans.Leader",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role held")
        verbose_name_plural = _("roles held")
        ordering = ["organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
