"""Writes for the organisations' outgoing channels: a notification's event becomes a delivery for each
enabled channel of its plan's organisation (in the transaction that creates the notification), the worker
sends what is due and tries again with a growing pause, and every attempt is logged.

Quiet hours move a delivery to their end; a digest channel collects its events in one delivery that goes
out at the channel's digest hour (or at the end of its quiet hours, if the hour falls in them)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Membership, Role
from luoshi.lib.translation import in_site_language
from luoshi.notifications import channels
from luoshi.notifications.models import Channel, ChannelEntry, Delivery, DeliveryAttempt, Notification
from luoshi.plans.models import Plan, Unit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Sent once a transaction that queued deliveries commits; the task worker's room listens and enqueues the
# sending task, so no web request waits for a channel.
deliveries_queued = Signal()


def backoff(attempts: int) -> dt.timedelta:
    """1, 5, 25, 125 minutes after the 1st, 2nd, 3rd, 4th failure."""
    return dt.timedelta(minutes=5 ** (attempts - 1))


# --- when -----------------------------------------------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def _at(day: dt.date, clock: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, clock))


def quiet_until(channel: Channel, now: dt.datetime) -> dt.datetime | None:
    """The end of the channel's quiet hours if ``now`` falls in them (site time), else None. Quiet hours
    may run past midnight (22:00–07:30)."""
    start, end = channel.quiet_start, channel.quiet_end
    if start is None or end is None or start == end:
        return None
    local = _local(now)
    clock, day = local.time(), local.date()
    if start < end:
        return _at(day, end) if start <= clock < end else None
    if clock >= start:
        return _at(day + dt.timedelta(days=1), end)
    if clock < end:
        return _at(day, end)
    return None


def send_at(channel: Channel, now: dt.datetime) -> dt.datetime:
    """When a message queued ``now`` may go: now, or the end of the quiet hours."""
    return quiet_until(channel, now) or now


def next_digest_at(channel: Channel, now: dt.datetime) -> dt.datetime:
    """The next digest hour after ``now`` (site time), moved to the end of the quiet hours if in them."""
    local = _local(now)
    hour = dt.time(min(int(channel.digest_hour), 23))
    moment = _at(local.date(), hour)
    if moment <= now:
        moment = _at(local.date() + dt.timedelta(days=1), hour)
    return quiet_until(channel, moment) or moment


# --- what a message says --------------------------------------------------------------------------


def _absolute(url: str) -> str:
    base = str(getattr(settings, "LUOSHI_SITE_URL", "") or "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def _event(note: Notification, plan: Plan, unit: Unit | None) -> dict[str, Any]:
    text = f"【{unit.name}】{note.title}" if unit else note.title
    return {
        "event": note.kind,
        "organisation": plan.organisation.name,
        "plan": {"code": plan.code, "name": plan.name},
        "item": (
            {"id": note.item.pk, "number": note.item.number, "title": note.item.title} if note.item else None
        ),
        "unit": {"id": unit.pk, "name": unit.name, "phone": unit.contact_phone} if unit else None,
        "title": note.title,
        "text": f"{text}\n{note.body}".strip() if note.body and note.body != plan.name else text,
        "url": _absolute(note.url),
        "created_at": timezone.localtime(note.created_at).isoformat(),
    }


def _mobiles(channel: Channel, events: Sequence[dict[str, Any]]) -> list[str]:
    """The units' contact phones to mention, if the channel mentions them."""
    if not channel.mention or channel.kind not in (Channel.Kind.DINGTALK, Channel.Kind.WECOM):
        return []
    phones = [e["unit"].get("phone", "") for e in events if e.get("unit")]
    return list(dict.fromkeys(p for p in phones if p))


def _single(channel: Channel, event: dict[str, Any]) -> dict[str, Any]:
    lines = [event["text"]]
    if event["item"]:
        lines.append(
            _("Item: %(item)s") % {"item": f"{event['item']['number']} {event['item']['title']}".strip()}
        )
    if event["plan"]:
        lines.append(_("Plan: %(plan)s") % {"plan": event["plan"]["name"]})
    if event["url"]:
        lines.append(f"[{_('Open')}]({event['url']})" if channel.kind != Channel.Kind.JSON else event["url"])
    return {
        "title": event["unit"]["name"] + "：" + event["title"] if event["unit"] else event["title"],
        "mobiles": _mobiles(channel, [event]),
        "text": "\n\n".join(lines),
        "organisation": event["organisation"],
        "created_at": event["created_at"],
        "events": [event],
    }


@in_site_language
def digest_payload(channel: Channel, events: Sequence[dict[str, Any]], now: dt.datetime) -> dict[str, Any]:
    """One message for ``events``: a count per kind, then a line each."""
    labels = dict(Notification.Kind.choices)
    counts = Counter(e["event"] for e in events)
    summary = _("; ").join(
        _("%(kind)s: %(count)d") % {"kind": labels.get(kind, kind), "count": n} for kind, n in counts.items()
    )
    title = _("Reminders for today: %(summary)s") % {"summary": summary}
    lines = [
        f"- {e['text'].splitlines()[0]}" + (f" [{_('Open')}]({e['url']})" if e["url"] else "") for e in events
    ]
    return {
        "digest": True,
        "title": title,
        "mobiles": _mobiles(channel, events),
        "text": "\n".join([f"#### {title}", *lines]),
        "organisation": channel.organisation.name,
        "created_at": timezone.localtime(now).isoformat(),
        "events": list(events),
    }


# --- queueing -------------------------------------------------------------------------------------


def _units_of(plan: Plan, notes: Sequence[Notification]) -> dict[int, Unit]:
    """The unit each recipient reports for in the plan's organisation (reporters only)."""
    rows = (
        Membership.objects.filter(
            user_id__in={n.user_id for n in notes},
            role=Role.REPORTER,
            organisation_id=plan.organisation_id,
            unit__isnull=False,
        )
        .select_related("unit")
        .order_by("user_id", "pk")
    )
    out: dict[int, Unit] = {}
    for membership in rows:
        out.setdefault(membership.user_id, membership.unit)  # type: ignore[arg-type]
    return out


def _queued() -> None:
    transaction.on_commit(lambda: deliveries_queued.send(sender=Delivery))


def _collecting(channel: Channel, phone: str, now: dt.datetime) -> Delivery:
    """The channel's open digest (for ``phone``), or a new one; one being sent (locked) is skipped."""
    open_digest = (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(channel=channel, state=Delivery.State.COLLECTING, phone=phone)
        .order_by("id")
        .first()
    )
    if open_digest is not None:
        return open_digest
    return Delivery.objects.create(
        channel=channel,
        state=Delivery.State.COLLECTING,
        phone=phone,
        next_attempt_at=next_digest_at(channel, now),
        payload={"digest": True, "organisation": channel.organisation.name},
    )


def deliveries_queue(*, plan: Plan | None, notifications: Sequence[Notification]) -> int:
    """Queue the events of new ``notifications`` for the enabled channels of the plan's organisation:
    once per channel, event key and unit (several users notified of one event make one message). Called
    inside the transaction that creates the notifications; returns how many events were queued."""
    if plan is None or not notifications:
        return 0
    active = list(
        Channel.objects.filter(organisation_id=plan.organisation_id, enabled=True).select_related(
            "organisation"
        )
    )
    if not active:
        return 0
    notes = list(
        Notification.objects.filter(
            key__in={n.key for n in notifications}, user_id__in={n.user_id for n in notifications}
        )
        .select_related("item", "unit")
        .order_by("pk")
    )
    wanted = {(n.user_id, n.key) for n in notifications}
    notes = [n for n in notes if (n.user_id, n.key) in wanted]
    plan = Plan.objects.select_related("organisation").get(pk=plan.pk)
    units = _units_of(plan, notes)
    events: dict[str, tuple[Notification, Unit | None]] = {}
    for note in notes:
        unit = note.unit or units.get(note.user_id)
        events.setdefault(f"{note.key}|{unit.pk if unit else ''}"[:160], (note, unit))
    now = timezone.now()
    built = {key: _event(note, plan, unit) for key, (note, unit) in events.items()}
    queued = 0
    for channel in active:
        seen = set(ChannelEntry.objects.filter(channel=channel, key__in=events).values_list("key", flat=True))
        rows: list[tuple[str, Notification, str]] = []
        for key, (note, unit) in events.items():
            phone = unit.contact_phone.strip() if unit and channel.kind == Channel.Kind.SMS else ""
            if key not in seen and (phone or channel.kind != Channel.Kind.SMS):
                rows.append((key, note, phone))
        if not rows:
            continue
        if channel.digest:
            digests = {phone: _collecting(channel, phone, now) for phone in dict.fromkeys(r[2] for r in rows)}
            targets = [digests[phone] for _key, _note, phone in rows]
        else:
            at = send_at(channel, now)
            targets = Delivery.objects.bulk_create(
                [
                    Delivery(
                        channel=channel, phone=phone, payload=_single(channel, built[key]), next_attempt_at=at
                    )
                    for key, _note, phone in rows
                ]
            )
        ChannelEntry.objects.bulk_create(
            [
                ChannelEntry(channel=channel, key=key, delivery=target, notification=note, event=built[key])
                for (key, note, _phone), target in zip(rows, targets, strict=True)
            ],
            ignore_conflicts=True,  # a run at the same moment queued it: its delivery is the one
        )
        if not channel.digest:
            mine = {t.pk for t in targets}
            kept = set(
                ChannelEntry.objects.filter(delivery_id__in=mine).values_list("delivery_id", flat=True)
            )
            if kept != mine:
                Delivery.objects.filter(pk__in=mine - kept).delete()
        queued += len(rows)
    if queued:
        _queued()
    return queued


@in_site_language
@transaction.atomic
def channel_test(*, channel: Channel) -> Delivery:
    """A test message, sent at once whatever the quiet hours."""
    now = timezone.now()
    phone = ""
    if channel.kind == Channel.Kind.SMS:
        phone = str(
            Unit.objects.filter(organisation_id=channel.organisation_id)
            .exclude(contact_phone="")
            .order_by("pk")
            .values_list("contact_phone", flat=True)
            .first()
            or ""
        )
    title = _("Test message from 落实")
    delivery = Delivery.objects.create(
        channel=channel,
        test=True,
        phone=phone,
        next_attempt_at=now,
        payload={
            "title": title,
            "text": _("If you can read this, the channel “%(name)s” works.") % {"name": channel.name},
            "organisation": channel.organisation.name,
            "created_at": timezone.localtime(now).isoformat(),
            "events": [
                {
                    "event": "test",
                    "organisation": channel.organisation.name,
                    "plan": None,
                    "item": None,
                    "unit": None,
                    "title": title,
                    "text": title,
                    "url": _absolute("/"),
                    "created_at": timezone.localtime(now).isoformat(),
                }
            ],
        },
    )
    _queued()
    return delivery


# --- sending --------------------------------------------------------------------------------------


def _attempt(delivery: Delivery, now: dt.datetime) -> None:
    if delivery.state == Delivery.State.COLLECTING:
        events = [entry.event for entry in delivery.entries.order_by("id")]
        delivery.payload = digest_payload(delivery.channel, events, now)
        delivery.state = Delivery.State.PENDING
    channel = delivery.channel
    outcome = channels.send(
        kind=channel.kind,
        url=channel.url,
        secret=channel.secret,
        payload=delivery.payload,
        phone=delivery.phone,
        now=now,
    )
    delivery.attempts += 1
    DeliveryAttempt.objects.create(
        delivery=delivery,
        at=now,
        ok=outcome.ok,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    if outcome.ok:
        delivery.state, delivery.sent_at, delivery.last_error = Delivery.State.SENT, now, ""
        logger.info("delivery %s to channel %s: sent", delivery.pk, channel.pk)
    else:
        delivery.last_error = outcome.error
        give_up = not outcome.retry or delivery.attempts >= MAX_ATTEMPTS
        delivery.state = Delivery.State.FAILED if give_up else Delivery.State.PENDING
        if not give_up:
            retry_at = now + backoff(delivery.attempts)
            delivery.next_attempt_at = retry_at if delivery.test else send_at(channel, retry_at)
        logger.warning(
            "delivery %s to channel %s: attempt %d failed: %s",
            delivery.pk,
            channel.pk,
            delivery.attempts,
            outcome.error,
        )
    delivery.save(update_fields=["payload", "state", "attempts", "next_attempt_at", "last_error", "sent_at"])


def deliveries_send(*, limit: int = 50, now: dt.datetime | None = None) -> int:
    """Send the deliveries that are due (digests whose hour has come included), each under a row lock so
    that two workers never send one twice; returns how many went out. Called by the task worker."""
    now = now or timezone.now()
    sent = 0
    for _n in range(limit):
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(
                    state__in=[Delivery.State.PENDING, Delivery.State.COLLECTING],
                    next_attempt_at__lte=now,
                )
                .filter(Q(channel__enabled=True) | Q(test=True))
                .order_by("next_attempt_at", "id")
                .first()
            )
            if delivery is None:
                break
            delivery.channel = Channel.objects.select_related("organisation").get(pk=delivery.channel_id)
            _attempt(delivery, now)
            sent += delivery.state == Delivery.State.SENT
    return sent


CHANNEL_FIELDS = (
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
)


@transaction.atomic
def channel_save(*, organisation_id: int, channel: Channel | None, data: dict[str, Any]) -> Channel:
    """Create or change an organisation's channel from a form's cleaned data."""
    channel = channel or Channel(organisation_id=organisation_id)
    for field in CHANNEL_FIELDS:
        setattr(channel, field, data[field])
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, channel: Channel) -> None:
    channel.delete()
