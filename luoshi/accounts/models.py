from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Supervision office")
    LEADER = "leader", _("Leader")
    REPORTER = "reporter", _("Unit reporter")
    PUBLIC = "public", _("Public")


class User(AbstractUser):
    """A person who signs in. What they may see and change follows from role and unit only."""

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
    display_name = models.CharField(_("display name"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_office(self) -> bool:
        return self.role == Role.OFFICE or self.is_superuser

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_reporter(self) -> bool:
        return self.role == Role.REPORTER
