"""E-mails go through an outbox: written with their notification, sent by the worker once per message,
retried with a growing pause, every attempt logged."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from luoshi.notifications import services
from luoshi.notifications.models import Notification, OutboxAttempt, OutboxMessage
from luoshi.notifications.services import Message, notifications_send, outbox_send
from luoshi.reports.tests.test_concurrency import postgres_only, race
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def _mailed(world: World, key: str = "due:1") -> World:
    world.reporter_a.email = "a@example.org"
    world.reporter_a.save(update_fields=["email"])
    return world


def _send(world: World, key: str = "due:1") -> list[Notification]:
    return notifications_send(
        plan=world.plan, messages=[Message(user=world.reporter_a, kind="due", key=key, title="请报送月报")]
    )


def test_the_message_is_written_with_its_notification_and_sent_once(world: World) -> None:
    _send(_mailed(world))
    assert mail.outbox == []  # nothing leaves inside the writing transaction
    message = OutboxMessage.objects.get()
    assert message.notification.key == "due:1" and message.state == "pending"
    assert outbox_send() == 1 and outbox_send() == 0
    _send(world)  # the same key again: no second notification, no second e-mail
    assert outbox_send() == 0
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id
    message.refresh_from_db()
    assert message.state == "sent" and message.notification.emailed_at is not None
    assert list(OutboxAttempt.objects.values_list("ok", flat=True)) == [True]


def test_a_rolled_back_notification_leaves_no_e_mail(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _send(_mailed(world))
        raise RuntimeError("the run failed after writing")
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()
    assert outbox_send() == 0 and mail.outbox == []


def test_a_failed_attempt_is_logged_and_retried_with_back_off(world: World) -> None:
    _send(_mailed(world))
    now = timezone.now() + dt.timedelta(seconds=1)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("connection refused")):
        assert outbox_send(now=now) == 0
        assert outbox_send(now=now) == 0  # not due again yet
        assert outbox_send(now=now + dt.timedelta(minutes=1)) == 0
    message = OutboxMessage.objects.get()
    assert message.attempts == 2 and message.state == "pending"
    assert message.next_attempt_at == now + dt.timedelta(minutes=1) + dt.timedelta(minutes=2)
    assert outbox_send(now=now + dt.timedelta(minutes=2)) == 0
    assert outbox_send(now=now + dt.timedelta(minutes=3)) == 1
    attempts = list(OutboxAttempt.objects.order_by("id").values_list("ok", "error"))
    assert attempts == [(False, "OSError: connection refused")] * 2 + [(True, "")]
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_last_attempt(world: World) -> None:
    _send(_mailed(world))
    now = timezone.now() + dt.timedelta(seconds=1)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("no route")):
        for n in range(services.OUTBOX_MAX_ATTEMPTS + 2):
            outbox_send(now=now + dt.timedelta(days=n))
    message = OutboxMessage.objects.get()
    assert message.state == "failed" and message.attempts == services.OUTBOX_MAX_ATTEMPTS
    assert OutboxAttempt.objects.count() == services.OUTBOX_MAX_ATTEMPTS


def test_users_without_an_address_get_the_notification_only(world: World) -> None:
    _send(world)
    assert Notification.objects.count() == 1 and not OutboxMessage.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_write_and_send_each_e_mail_once(world: World) -> None:
    _mailed(world)
    keys = [f"due:{n}" for n in range(30)]
    messages = [Message(user=world.reporter_a, kind="due", key=key, title=key) for key in keys]
    race([lambda: notifications_send(plan=world.plan, messages=messages)] * 4)
    assert OutboxMessage.objects.count() == 30 and Notification.objects.count() == 30
    answers = race([outbox_send] * 4)
    assert sum(answers) == 30, answers
    assert sorted(m.subject for m in mail.outbox) == sorted(keys)
    assert OutboxAttempt.objects.count() == 30
