"""Comments on items and reports, and 批注: a comment the office or a leader marks as an annotation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Unit
from luoshi.reports.models import Report


class Comment(models.Model):
    """One comment, on an item or on a report (exactly one of them). Deleting keeps the row (its
    place in the thread and what it mentioned) and hides the text."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    is_annotation = models.BooleanField(_("annotation (批注)"), default=False)
    mentions = models.ManyToManyField(Unit, verbose_name=_("mentioned units"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False, report__isnull=True)
                | models.Q(item__isnull=True, report__isnull=False),
                name="comment_on_item_or_report",
            )
        ]
        indexes = [
            models.Index(fields=["item", "created_at"], name="comment_item_created"),
            models.Index(fields=["report", "created_at"], name="comment_report_created"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
