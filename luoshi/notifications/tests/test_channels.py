"""Outgoing channels: every format checked against what its platform documents, sent to a real HTTP
server on 127.0.0.1 that records what it gets; retries with back-off, quiet hours, digests, SMS, and the
office's pages."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from luoshi.notifications import channels as formats
from luoshi.notifications.channels import SmsResult
from luoshi.notifications.deliveries import MAX_ATTEMPTS, deliveries_send
from luoshi.notifications.models import Channel, ChannelEntry, Delivery, DeliveryAttempt
from luoshi.notifications.services import Message, notifications_send
from luoshi.notifications.tests.recorder import Recorder
from luoshi.testing import World, make_organisation, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_hosts(settings: Any) -> None:
    settings.LUOSHI_CHANNEL_PRIVATE_HOSTS = True  # the recording server is on 127.0.0.1


def _channel(world: World, kind: str, url: str, **fields: Any) -> Channel:
    return Channel.objects.create(
        organisation=world.plan.organisation, kind=kind, name=kind, url=url, **fields
    )


def _notify(
    world: World, key: str = "due:1", title: str = "3 项报送将于 2020-10-05 截止", user: Any = None
) -> None:
    notifications_send(
        plan=world.plan,
        messages=[Message(user or world.reporter_a, "due", key, title, "请按时报送", "/reports/mine/")],
    )


def _local(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


# --- formats --------------------------------------------------------------------------------------


def test_dingtalk_markdown_signed_as_documented(world: World, server: Recorder) -> None:
    secret = "SEC0123456789abcdef"
    _channel(world, "dingtalk", f"{server.url}/robot/send?access_token=tok123", secret=secret)
    _notify(world)
    now = timezone.now() + dt.timedelta(seconds=1)
    assert deliveries_send(now=now) == 1
    (request,) = server.requests
    query = parse_qs(urlsplit(request["path"]).query)
    assert query["access_token"] == ["tok123"]
    stamp = query["timestamp"][0]
    assert stamp == str(int(now.timestamp() * 1000))
    # computed independently: HMAC-SHA256 keyed by the secret over "timestamp\nsecret", base64
    expected = base64.b64encode(hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), "sha256").digest())
    assert query["sign"] == [expected.decode()]  # parse_qs undoes the URL-encoding
    assert "+" not in request["path"].split("sign=")[1]  # '+' '/' '=' travel percent-encoded
    body = json.loads(request["body"])
    assert set(body) == {"msgtype", "markdown"} and body["msgtype"] == "markdown"
    assert set(body["markdown"]) == {"title", "text"}
    assert "单位甲" in body["markdown"]["title"] and "截止" in body["markdown"]["text"]
    assert request["headers"]["Content-Type"].startswith("application/json")
    delivery = Delivery.objects.get()
    assert delivery.state == "sent" and delivery.attempts == 1


def test_dingtalk_sign_for_a_known_timestamp() -> None:
    secret, stamp = "SECabc", 1577836800000
    digest = hmac.new(b"SECabc", b"1577836800000\nSECabc", hashlib.sha256).digest()
    quoted = base64.b64encode(digest).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    assert formats.dingtalk_sign(secret, stamp) == quoted
    assert formats.dingtalk_url("https://x/robot/send?access_token=t", secret, stamp).endswith(
        f"&timestamp={stamp}&sign={quoted}"
    )
    assert (
        formats.dingtalk_url("https://x/robot/send?access_token=t", "", stamp)
        == "https://x/robot/send?access_token=t"
    )


def test_wecom_markdown_and_its_4096_byte_limit(world: World, server: Recorder) -> None:
    _channel(world, "wecom", f"{server.url}/cgi-bin/webhook/send?key=k-1")
    notifications_send(  # 18,000 bytes of UTF-8
        plan=world.plan, messages=[Message(world.reporter_a, "notice", "n:1", "督办单", "督办" * 3000)]
    )
    assert deliveries_send() == 1
    (request,) = server.requests
    assert urlsplit(request["path"]).path == "/cgi-bin/webhook/send"
    assert parse_qs(urlsplit(request["path"]).query) == {"key": ["k-1"]}
    body = json.loads(request["body"])
    assert set(body) == {"msgtype", "markdown"} and set(body["markdown"]) == {"content"}
    content = body["markdown"]["content"]
    assert len(content.encode("utf-8")) <= 4096 and content.endswith("…") and "督办" in content
    assert formats.truncate_utf8("落实" * 10, 10) == "落实…"  # 6 bytes of whole characters + the mark
    assert formats.truncate_utf8("落实", 6) == "落实"


def test_mentions_of_the_units_contact(world: World, server: Recorder) -> None:
    world.unit_a.contact_phone = "13800000001"
    world.unit_a.save()
    _channel(world, "dingtalk", f"{server.url}/robot/send?access_token=t", mention=True)
    _channel(world, "wecom", f"{server.url}/cgi-bin/webhook/send?key=k", mention=True)
    _channel(world, "json", f"{server.url}/hook", mention=True)
    notifications_send(
        plan=world.plan, messages=[Message(world.reporter_a, "notice", "n:1", "督办单", "督办" * 1000)]
    )
    assert deliveries_send() == 3
    kinds = {"markdown": "dingtalk", "text": "wecom", None: "json"}
    bodies = {kinds[b.get("msgtype")]: b for b in server.bodies()}
    assert bodies["dingtalk"]["at"] == {"atMobiles": ["13800000001"], "isAtAll": False}
    assert bodies["dingtalk"]["markdown"]["text"].endswith("@13800000001")
    text = bodies["wecom"]["text"]
    assert bodies["wecom"]["msgtype"] == "text" and text["mentioned_mobile_list"] == ["13800000001"]
    assert len(text["content"].encode("utf-8")) <= 2048
    assert "phone" not in bodies["json"]["unit"]  # webhooks get no phone numbers


def test_json_webhook_body_and_signature(world: World, server: Recorder) -> None:
    _channel(world, "json", f"{server.url}/hook", secret="s3cret")
    _notify(world)
    assert deliveries_send() == 1
    (request,) = server.requests
    body = json.loads(request["body"])
    assert {"event", "organisation", "plan", "item", "unit", "text", "url", "created_at"} <= set(body)
    assert body["event"] == "due" and body["unit"]["name"] == world.unit_a.name
    assert body["plan"]["code"] == world.plan.code and body["url"] == "/reports/mine/"
    dt.datetime.fromisoformat(body["created_at"])
    signature = "sha256=" + hmac.new(b"s3cret", request["body"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-Luoshi-Signature"] == signature


def test_the_item_and_unit_a_sender_names_travel_with_the_event(world: World, server: Recorder) -> None:
    _channel(world, "json", f"{server.url}/hook")
    notifications_send(
        plan=world.plan,
        messages=[Message(world.office, "notice", "n:5", "督办单回复", item=world.item_b, unit=world.unit_b)],
    )
    deliveries_send()
    body = server.bodies()[0]
    assert body["item"] == {"id": world.item_b.pk, "number": world.item_b.number, "title": world.item_b.title}
    assert body["unit"]["name"] == world.unit_b.name and body["text"].startswith(f"【{world.unit_b.name}】")


def test_unsigned_json_webhook_has_no_signature(world: World, server: Recorder) -> None:
    _channel(world, "json", f"{server.url}/hook")
    _notify(world)
    deliveries_send()
    assert "X-Luoshi-Signature" not in server.requests[0]["headers"]


# --- once per event, with its notification ---------------------------------------------------------


def test_one_message_per_event_and_none_after_a_rollback(world: World, server: Recorder) -> None:
    _channel(world, "json", f"{server.url}/hook")
    _notify(world)
    _notify(world)  # the same event again
    assert Delivery.objects.count() == 1 and ChannelEntry.objects.count() == 1
    _channel(world, "json", f"{server.url}/off", enabled=False)
    _notify(world, key="due:2")
    assert Delivery.objects.count() == 2  # not for the disabled channel
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(world, key="due:3")
        raise RuntimeError
    assert Delivery.objects.count() == 2


def test_another_organisations_notifications_stay_out(world: World, server: Recorder) -> None:
    other = make_world(make_organisation("乙县"), key="b", marker="乙县")
    _channel(world, "json", f"{server.url}/hook")
    _notify(other)
    assert not Delivery.objects.exists()


# --- retries --------------------------------------------------------------------------------------


def test_two_server_errors_then_delivered_with_back_off(world: World, server: Recorder) -> None:
    _channel(world, "dingtalk", f"{server.url}/robot/send?access_token=t")
    server.script = [(500, {"error": "busy"}), (502, {"error": "bad gateway"})]
    _notify(world)
    t0 = timezone.now() + dt.timedelta(seconds=1)
    assert deliveries_send(now=t0) == 0
    delivery = Delivery.objects.get()
    assert delivery.state == "pending" and delivery.next_attempt_at == t0 + dt.timedelta(minutes=1)
    assert deliveries_send(now=t0 + dt.timedelta(seconds=59)) == 0 and len(server.requests) == 1
    t1 = t0 + dt.timedelta(minutes=1)
    assert deliveries_send(now=t1) == 0
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == t1 + dt.timedelta(minutes=5)
    assert deliveries_send(now=t1 + dt.timedelta(minutes=4)) == 0
    assert deliveries_send(now=t1 + dt.timedelta(minutes=5)) == 1
    delivery.refresh_from_db()
    assert delivery.state == "sent" and delivery.attempts == 3 and delivery.last_error == ""
    attempts = list(DeliveryAttempt.objects.order_by("id").values_list("ok", "status_code"))
    assert attempts == [(False, 500), (False, 502), (True, 200)]
    assert len(server.requests) == 3


def test_a_platform_error_code_is_a_failure_and_it_gives_up(world: World, server: Recorder) -> None:
    _channel(world, "wecom", f"{server.url}/cgi-bin/webhook/send?key=bad")
    server.script = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"})] * MAX_ATTEMPTS
    _notify(world)
    moment = timezone.now() + dt.timedelta(seconds=1)
    for _n in range(MAX_ATTEMPTS + 2):
        deliveries_send(now=moment)
        moment += dt.timedelta(hours=3)
    delivery = Delivery.objects.get()
    assert delivery.state == "failed" and delivery.attempts == MAX_ATTEMPTS
    assert "errcode 93000" in delivery.last_error and len(server.requests) == MAX_ATTEMPTS
    gaps = [
        b.at - a.at
        for a, b in zip(delivery.attempt_log.all(), list(delivery.attempt_log.all())[1:], strict=False)
    ]
    assert all(g >= dt.timedelta(minutes=1) for g in gaps)
    client = Client()
    client.force_login(world.office)
    page = client.get("/notifications/deliveries/").content.decode()
    assert "已放弃" in page and "errcode 93000" in page and f"{MAX_ATTEMPTS}/{MAX_ATTEMPTS}" in page


def test_a_refused_connection_is_retried(world: World) -> None:
    _channel(world, "json", "http://127.0.0.1:9/hook")  # the discard port: nothing listens
    _notify(world)
    assert deliveries_send() == 0
    delivery = Delivery.objects.get()
    assert delivery.state == "pending" and delivery.attempts == 1 and delivery.last_error


def test_private_addresses_are_refused_unless_allowed(world: World, server: Recorder, settings: Any) -> None:
    settings.LUOSHI_CHANNEL_PRIVATE_HOSTS = False
    _channel(world, "json", f"{server.url}/hook")
    _notify(world)
    assert deliveries_send() == 0 and not server.requests
    delivery = Delivery.objects.get()
    assert delivery.state == "failed" and "127.0.0.1 is a private or local address" in delivery.last_error


def test_a_redirect_is_not_followed(world: World, server: Recorder) -> None:
    _channel(world, "json", f"{server.url}/hook")
    server.script = [(302, {})]
    _notify(world)
    assert deliveries_send() == 0 and len(server.requests) == 1
    delivery = Delivery.objects.get()
    assert delivery.state == "failed" and "HTTP 302" in delivery.last_error


def test_a_retry_waits_for_the_end_of_the_quiet_hours(world: World, server: Recorder) -> None:
    _channel(world, "json", f"{server.url}/hook", quiet_start=dt.time(22), quiet_end=dt.time(7))
    server.script = [(503, {})]
    with time_machine.travel(_local(2020, 10, 1, 21, 58), tick=False):
        _notify(world)
    assert deliveries_send(now=_local(2020, 10, 1, 21, 59)) == 0
    assert Delivery.objects.get().next_attempt_at == _local(2020, 10, 2, 7, 0)


# --- quiet hours and digests ----------------------------------------------------------------------


def test_quiet_hours_hold_messages_until_they_end(world: World, server: Recorder) -> None:
    _channel(world, "wecom", f"{server.url}/w?key=k", quiet_start=dt.time(22), quiet_end=dt.time(7, 30))
    with time_machine.travel(_local(2020, 10, 1, 23, 10), tick=False):
        _notify(world)
    delivery = Delivery.objects.get()
    assert delivery.next_attempt_at == _local(2020, 10, 2, 7, 30)
    assert deliveries_send(now=_local(2020, 10, 2, 3, 0)) == 0 and not server.requests
    assert deliveries_send(now=_local(2020, 10, 2, 7, 30)) == 1 and len(server.requests) == 1
    with time_machine.travel(_local(2020, 10, 2, 12, 0), tick=False):
        _notify(world, key="due:2")  # outside the quiet hours: at once
    assert Delivery.objects.order_by("-id").first().next_attempt_at == _local(2020, 10, 2, 12, 0)  # type: ignore[union-attr]


def test_a_digest_combines_the_days_notifications_into_one_message(world: World, server: Recorder) -> None:
    _channel(world, "json", f"{server.url}/digest", digest=True, digest_hour=8)
    _channel(
        world,
        "dingtalk",
        f"{server.url}/robot/send?access_token=d",
        digest=True,
        digest_hour=8,
        quiet_start=dt.time(22),
        quiet_end=dt.time(8, 30),
    )
    with time_machine.travel(_local(2020, 10, 1, 10, 0), tick=False):
        _notify(world, key="due:1", title="3 项报送将于 10-05 截止")
        _notify(world, key="due:2", title="2 项报送已逾期", user=world.reporter_b)
        notifications_send(
            plan=world.plan,
            messages=[Message(world.office, "notice", "notice:7", "督办单逾期：道路整治", "", "/notices/7/")],
        )
    assert Delivery.objects.filter(state="collecting").count() == 2
    assert deliveries_send(now=_local(2020, 10, 2, 7, 59)) == 0
    assert deliveries_send(now=_local(2020, 10, 2, 8, 0)) == 1  # the JSON one; DingTalk waits for 08:30
    (request,) = server.requests
    body = json.loads(request["body"])
    assert body["event"] == "digest" and len(body["events"]) == 3
    assert "报送提醒 2 项" in body["text"] and "督办单 1 项" in body["text"]
    assert deliveries_send(now=_local(2020, 10, 2, 8, 30)) == 1
    text = server.bodies()[1]["markdown"]["text"]
    assert text.count("\n- ") == 3 and "今日待办提醒" in server.bodies()[1]["markdown"]["title"]
    with time_machine.travel(_local(2020, 10, 2, 9, 0), tick=False):
        _notify(world, key="due:3")  # a new digest for the next day
    collecting = dict(
        Delivery.objects.filter(state="collecting").values_list("channel__kind", "next_attempt_at")
    )
    assert collecting == {"json": _local(2020, 10, 3, 8, 0), "dingtalk": _local(2020, 10, 3, 8, 30)}


# --- SMS ------------------------------------------------------------------------------------------

SENT_SMS: list[tuple[str, str]] = []


class RecordingGateway:
    def send(self, phone: str, text: str) -> SmsResult:
        SENT_SMS.append((phone, text))
        return SmsResult(ok=phone != "000")


@override_settings(LUOSHI_SMS_GATEWAY="luoshi.notifications.tests.test_channels.RecordingGateway")
def test_sms_goes_to_the_units_contact_phone(world: World) -> None:
    SENT_SMS.clear()
    world.unit_a.contact_phone = "13800000001"
    world.unit_a.save()
    Channel.objects.create(organisation=world.plan.organisation, kind="sms", name="短信")
    _notify(world)
    notifications_send(plan=world.plan, messages=[Message(world.office, "submitted", "s:1", "待审核")])
    _notify(world, key="due:9", user=world.reporter_b)  # unit B has no phone: no SMS
    assert deliveries_send() == 1
    assert SENT_SMS == [
        ("13800000001", f"【{world.plan.organisation.name}】单位甲：3 项报送将于 2020-10-05 截止")
    ]


def test_the_console_gateway_is_the_default() -> None:
    assert formats.sms_send("13800000001", "测试").ok


# --- the office's pages ---------------------------------------------------------------------------


def test_channel_pages_are_the_offices_own_and_keep_secrets(
    world: World, server: Recorder, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(world.office)
    url = f"{server.url}/robot/send?access_token=verysecrettoken42"
    answer = client.post(
        "/notifications/channels/",
        {
            "name": "督查群",
            "kind": "dingtalk",
            "url": url,
            "secret": "SECtopsecretvalue99",
            "enabled": "on",
            "quiet_start": "22:00",
            "quiet_end": "07:30",
            "digest_hour": "8",
        },
    )
    assert answer.status_code == 302
    channel = Channel.objects.get()
    assert channel.url == url and channel.quiet_end == dt.time(7, 30)
    for page in ("/notifications/channels/", f"/notifications/channels/{channel.pk}/"):
        content = client.get(page).content.decode()
        assert "verysecrettoken42" not in content and "SECtopsecretvalue99" not in content
        assert "••••" in content
    # saving without retyping keeps the credentials
    answer = client.post(
        f"/notifications/channels/{channel.pk}/",
        {"name": "督查群2", "kind": "dingtalk", "url": "", "secret": "", "digest_hour": "8"},
    )
    assert answer.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "督查群2" and channel.url == url and channel.secret == "SECtopsecretvalue99"
    assert not channel.enabled
    # bad input: a form error, nothing changed
    answer = client.post(
        "/notifications/channels/", {"name": "x", "kind": "wecom", "url": "ftp://x", "digest_hour": "8"}
    )
    assert answer.status_code == 400 and "https://" in answer.content.decode()
    assert Channel.objects.count() == 1
    # the test button queues and the worker's task sends at once (on commit), whatever the state
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/notifications/channels/{channel.pk}/test/")
    assert answer.status_code == 302
    assert len(server.requests) == 1 and "测试" in server.bodies()[0]["markdown"]["title"]
    assert Delivery.objects.get(test=True).state == "sent"
    assert "已发送" in client.get(answer["Location"]).content.decode()
    # another organisation's channel is a 404 everywhere; a reporter sees none of it
    other = Channel.objects.create(
        organisation=make_organisation("丙县"), kind="json", name="他人", url="http://x/"
    )
    for path in (f"/notifications/channels/{other.pk}/", f"/notifications/deliveries/?channel={other.pk}"):
        assert client.get(path).status_code == 404
    assert client.post(f"/notifications/channels/{other.pk}/test/").status_code == 404
    assert client.post(f"/notifications/channels/{other.pk}/", {"delete": "1"}).status_code == 404
    assert Channel.objects.filter(pk=other.pk).exists()
    reporter = Client()
    reporter.force_login(world.reporter_a)
    for path in (
        "/notifications/channels/",
        f"/notifications/channels/{channel.pk}/",
        "/notifications/deliveries/",
    ):
        assert reporter.get(path).status_code == 404
