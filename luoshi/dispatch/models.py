"""任务下发: tasks and supervision notices an organisation sends to the organisations below it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item


class Dispatch(models.Model):
    """One task (or a section of a plan, or a notice) sent down to chosen organisations."""

    class Kind(models.TextChoices):
        TASK = "task", _("Task")
        NOTICE = "notice", _("Supervision notice")

    sender = models.ForeignKey(
        Organisation, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="dispatches_sent"
    )
    source_item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dispatches",
        help_text=_("The item of the sender's plan the task carries out (its subtree is sent with it)."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TASK)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("requirements"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    with_subtree = models.BooleanField(_("with its sub-items"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    closed_at = models.DateTimeField(pgettext_lazy("dispatch", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return self.title

    @property
    def is_notice(self) -> bool:
        return self.kind == self.Kind.NOTICE

    @property
    def is_open(self) -> bool:
        """A notice stays open for replies until its sender closes it; a task is never closed."""
        return self.closed_at is None


class DispatchTarget(models.Model):
    """What one receiving organisation did with a dispatch."""

    class State(models.TextChoices):
        SENT = "sent", pgettext_lazy("dispatch", "Awaiting acceptance")
        ACCEPTED = "accepted", pgettext_lazy("dispatch", "Accepted")
        RETURNED = "returned", pgettext_lazy("dispatch", "Returned")
        REPLIED = "replied", pgettext_lazy("dispatch", "Replied")

    dispatch = models.ForeignKey(
        Dispatch, verbose_name=_("dispatch"), on_delete=models.CASCADE, related_name="targets"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="dispatches_received",
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.SENT)
    reason = models.TextField(_("reason or reply"), blank=True)
    item = models.ForeignKey(
        Item,
        verbose_name=_("accepted as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dispatch_targets",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every save; stale writes are refused."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["dispatch", "organisation__path"]
        verbose_name = _("dispatch recipient")
        verbose_name_plural = _("dispatch recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "organisation"], name="dispatch_target_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispatch} → {self.organisation}"

    @property
    def awaits_decision(self) -> bool:
        """The receiving office has still to accept, return or reply."""
        return self.state == self.State.SENT and self.dispatch.is_open
