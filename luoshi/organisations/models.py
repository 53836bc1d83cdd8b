"""Organisations: the levels of government (省 → 市 → 县 → 乡镇) and departments that own plans.

Every plan, unit, leader and role belongs to one organisation. The tree is a materialised path
(treebeard), so "this organisation and everything below it" is one prefix range of ``path``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

DEFAULT_CODE = "main"


class Organisation(MP_Node):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township")
        DEPARTMENT = "department", _("Department")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    steplen = 4
    node_order_by: list[str] = []

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)
    short_name = models.CharField(
        _("short name"),
        max_length=16,
        blank=True,
        help_text=_("Heads its document numbers, e.g. 古 for 古督〔2020〕1号."),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.COUNTY)
    parent_manages = models.BooleanField(
        _("managed from above"),
        default=False,
        help_text=_(
            "The office of the organisation directly above may change this organisation's plans "
            "(e.g. a county office keeping its townships' plans); otherwise it only reads them."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(excluded_fields=["numchild"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def head(self) -> str:
        """What heads its document numbers (古 in 古督〔2020〕1号); empty if no short name is set."""
        return self.short_name

    def subtree(self) -> models.QuerySet[Organisation]:
        """This organisation and every organisation below it."""
        return Organisation.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[Organisation]:
        """The organisations above this one, from the top down."""
        paths = [self.path[: i * self.steplen] for i in range(1, self.depth)]
        return Organisation.objects.filter(path__in=paths).order_by("path")

    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    def is_ancestor_of(self, other: Organisation) -> bool:
        return other.path.startswith(self.path) and other.path != self.path


def default_organisation() -> Organisation:
    """The organisation an install starts with; objects made without one belong to it."""
    org = Organisation.objects.filter(code=DEFAULT_CODE).first()
    if org is None:
        org = Organisation.objects.filter(depth=1).order_by("path").first()
    if org is None:
        blank = Organisation(
            code=DEFAULT_CODE, name=str(_("This organisation")), level=Organisation.Level.COUNTY
        )
        org = Organisation.objects.add_root(instance=blank)  # type: ignore[attr-defined]
    return org


def default_organisation_id() -> int:
    return int(default_organisation().pk)


class OrganisationOwned:
    """Mixin for models with an ``organisation`` field: saved without one, they belong to the
    install's default organisation (what a single-county install, and its old data, needs)."""

    organisation_id: int | None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.organisation_id is None:
            self.organisation_id = default_organisation_id()
        super().save(*args, **kwargs)  # type: ignore[misc]
