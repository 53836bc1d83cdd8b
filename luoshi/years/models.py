"""Plan years: which plan was started from which (and each carried item from which), and archives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Item, Plan


class PlanSuccession(models.Model):
    """A plan started from the previous year's one; a plan has at most one next year."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="succession"
    )
    previous = models.OneToOneField(
        Plan, verbose_name=_("previous year's plan"), on_delete=models.CASCADE, related_name="successor"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("next year's plan")
        verbose_name_plural = _("next years' plans")

    def __str__(self) -> str:
        return f"{self.previous_id} → {self.plan_id}"


class CarriedItem(models.Model):
    """An item of next year's plan and the unfinished (or structural) item it was carried from."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="carried")
    carried_from = models.ForeignKey(Item, null=True, on_delete=models.SET_NULL, related_name="carried_to")

    class Meta:
        verbose_name = _("carried item")
        verbose_name_plural = _("carried items")

    def __str__(self) -> str:
        return f"{self.carried_from_id} → {self.item_id}"


class PlanArchive(models.Model):
    """Who archived a plan (``Plan.archived_at`` is the flag every write checks), and the as-of date it
    had before archiving froze it, restored if the archive is lifted."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="archive")
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived at"), auto_now_add=True)
    status_date_before = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan archive")
        verbose_name_plural = _("plan archives")

    def __str__(self) -> str:
        return str(self.plan_id)
