"""In-app notifications. Each carries a key so that a scheduled run never repeats one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Plan, Unit


class Notification(models.Model):
    class Kind(models.TextChoices):
        DUE = "due", _("Report due")
        OVERDUE = "overdue", _("Report overdue")
        RETURNED = "returned", _("Report returned")
        SUBMITTED = "submitted", _("Report submitted")
        ESCALATION = "escalation", _("Escalation")
        TALK = "talk", _("Talk (约谈)")
        NOTICE = "notice", _("Supervision notice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(
        max_length=120, help_text="Identifies the event; one notification per user and key."
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    item = models.ForeignKey(Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The unit the event concerns, if the sender named it (else a reporter's own unit).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.title


class OutboxMessage(models.Model):
    """An e-mail waiting to go out: written in the transaction that creates its notification, so that a
    crash loses neither, and sent by the worker once (the row is locked while it is sent, and its id is
    the Message-ID). A failed attempt is tried again later, with a growing pause."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="outbox")
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def message_id(self) -> str:
        return f"<outbox-{self.pk}@luoshi>"


class OutboxAttempt(models.Model):
    """One try at sending an outbox message, whatever came of it."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"outbox-{self.message_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error[:60]}"


class Channel(models.Model):
    """An organisation's outgoing channel: a DingTalk or WeCom group robot, a JSON webhook, or SMS to the
    units' contact phones. Messages falling in its quiet hours wait for their end; a digest channel gets
    one combined message a day (at ``digest_hour``, or when its quiet hours end) instead of one each."""

    class Kind(models.TextChoices):
        DINGTALK = "dingtalk", _("DingTalk group robot")
        WECOM = "wecom", _("WeCom group robot")
        JSON = "json", _("JSON webhook")
        SMS = "sms", _("SMS to the units' contact phones")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    url = models.CharField(_("webhook address"), max_length=500, blank=True)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    digest = models.BooleanField(_("one digest a day"), default=False)
    digest_hour = models.PositiveSmallIntegerField(_("digest hour"), default=8)
    mention = models.BooleanField(
        _("@ the unit's contact"),
        default=False,
        help_text=_(
            "DingTalk and WeCom: mention the unit's contact phone in the group (WeCom then sends plain text)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "name", "id"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One message to a channel (one notification, or a digest of several), sent by the worker and tried
    again with a growing pause; ``payload`` holds what it says (title, text, events, phone)."""

    class State(models.TextChoices):
        COLLECTING = "collecting", _("Collecting for the digest")
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    phone = models.CharField(max_length=32, blank=True, help_text="The recipient of an SMS delivery.")
    payload = models.JSONField(default=dict)
    test = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.payload.get('title', '')}"


class ChannelEntry(models.Model):
    """A notification's event as it goes to one channel, once per channel, event key and unit."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=160)
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="entries")
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="+")
    event = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["channel", "key"], name="channel_entry_once")]

    def __str__(self) -> str:
        return self.key


class DeliveryAttempt(models.Model):
    """One try at a delivery: the HTTP status (if any), the error and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"delivery-{self.delivery_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error[:60]}"
