"""The outgoing channels' formats and their one HTTP request: DingTalk and WeCom group robots, a signed
JSON webhook, and SMS through a pluggable gateway. Nothing here writes to the database.

DingTalk custom robot: POST ``{"msgtype": "markdown", "markdown": {"title", "text"}}`` to its
``https://oapi.dingtalk.com/robot/send?access_token=…`` address; with a signing secret, ``timestamp``
(milliseconds) and ``sign`` = URL-encoded base64 of HMAC-SHA256 over ``timestamp + "\\n" + secret``, keyed
by the secret, are added to the query. WeCom group robot: POST ``{"msgtype": "markdown", "markdown":
{"content"}}`` (at most 4096 bytes) to ``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``. Both
answer ``{"errcode": 0, "errmsg": "ok"}``; any other errcode is a failure even with HTTP 200.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
WECOM_MARKDOWN_BYTES = 4096
WECOM_TEXT_BYTES = 2048
DINGTALK_TEXT_CHARS = 4000
SIGNATURE_HEADER = "X-Luoshi-Signature"


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to. ``retry``: worth trying again (network, 5xx, a platform error code)."""

    ok: bool
    status_code: int | None = None
    error: str = ""
    retry: bool = True
    duration_ms: int = 0


# --- formats --------------------------------------------------------------------------------------


def truncate_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: max(limit - 3, 0)].decode("utf-8", errors="ignore") + "…"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` query value: URL-encoded base64 of HMAC-SHA256(secret, "timestamp\\nsecret")."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def dingtalk_url(url: str, secret: str, timestamp_ms: int) -> str:
    if not secret:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def dingtalk_body(payload: dict[str, Any]) -> dict[str, Any]:
    """Markdown; with ``mobiles``, ``at.atMobiles`` and the ``@mobile`` the text must carry to show it."""
    text = str(payload.get("text", ""))
    if len(text) > DINGTALK_TEXT_CHARS:
        text = text[: DINGTALK_TEXT_CHARS - 1] + "…"
    body: dict[str, Any] = {
        "msgtype": "markdown",
        "markdown": {"title": str(payload.get("title", ""))[:100], "text": text},
    }
    mobiles = [str(m) for m in payload.get("mobiles", [])]
    if mobiles:
        body["markdown"]["text"] = text + "\n\n" + " ".join(f"@{m}" for m in mobiles)
        body["at"] = {"atMobiles": mobiles, "isAtAll": False}
    return body


def wecom_body(payload: dict[str, Any]) -> dict[str, Any]:
    """Markdown (at most 4096 bytes); with ``mobiles``, text (at most 2048 bytes) with
    ``mentioned_mobile_list``, since WeCom's markdown cannot mention by phone."""
    mobiles = [str(m) for m in payload.get("mobiles", [])]
    if mobiles:
        plain = f"{payload.get('title', '')}\n{payload.get('text', '')}"
        return {
            "msgtype": "text",
            "text": {"content": truncate_utf8(plain, WECOM_TEXT_BYTES), "mentioned_mobile_list": mobiles},
        }
    content = f"**{payload.get('title', '')}**\n{payload.get('text', '')}"
    return {"msgtype": "markdown", "markdown": {"content": truncate_utf8(content, WECOM_MARKDOWN_BYTES)}}


def json_body(payload: dict[str, Any]) -> dict[str, Any]:
    """One event: ``{event, organisation, plan, item, unit, text, url, created_at}``; a digest:
    ``{event: "digest", organisation, text, created_at, events: [one event's fields, …]}``."""
    events = [_public(e) for e in payload.get("events", [])]
    if payload.get("digest") or len(events) != 1:
        return {
            "event": "digest",
            "organisation": payload.get("organisation", ""),
            "text": payload.get("text", ""),
            "created_at": payload.get("created_at", ""),
            "events": events,
        }
    return dict(events[0])


def _public(event: dict[str, Any]) -> dict[str, Any]:
    """An event without the unit's contact phone (kept for mentions, not given to webhooks)."""
    out = dict(event)
    if isinstance(out.get("unit"), dict):
        out["unit"] = {k: v for k, v in out["unit"].items() if k != "phone"}
    return out


def json_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --- the request ----------------------------------------------------------------------------------

ERROR_TEXT_CHARS = 300  # of an answer, kept in the attempt's error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the error it is for a webhook (and cannot lead past the address check)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def private_address(url: str) -> str:
    """The first loopback, private, link-local or reserved address ``url``'s host resolves to, or ""
    (channels may reach such hosts only with ``LUOSHI_CHANNEL_PRIVATE_HOSTS``, e.g. on an intranet)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return ""  # the request itself reports a name that does not resolve
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        ):
            return str(address)
    return ""


def _elapsed(start: float) -> int:
    return int((time.monotonic() - start) * 1000)


def post_json(
    url: str,
    body: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
    secret: str = "",
    errcode: bool = False,
) -> Outcome:
    """POST ``body`` as JSON (signed with ``secret`` in :data:`SIGNATURE_HEADER` if given); with
    ``errcode`` the answer must be JSON with ``errcode`` 0 (the robots' convention)."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    all_headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "luoshi"}
    if secret:
        all_headers[SIGNATURE_HEADER] = json_signature(secret, data)
    all_headers.update(headers or {})
    if not url.lower().startswith(("http://", "https://")):
        return Outcome(False, error="not an http(s) address", retry=False)
    if not settings.LUOSHI_CHANNEL_PRIVATE_HOSTS and (inside := private_address(url)):
        return Outcome(False, error=f"{inside} is a private or local address", retry=False)
    request = urllib.request.Request(url, data=data, headers=all_headers, method="POST")  # noqa: S310
    start = time.monotonic()
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            status, answer = response.status, response.read(65536)
    except urllib.error.HTTPError as exc:
        text = exc.read(ERROR_TEXT_CHARS).decode("utf-8", errors="replace")
        return Outcome(
            False,
            exc.code,
            f"HTTP {exc.code}: {text}"[:ERROR_TEXT_CHARS],
            exc.code >= 500 or exc.code == 429,
            _elapsed(start),
        )
    except (OSError, http.client.HTTPException) as exc:  # refused, timed out, cut off
        reason = getattr(exc, "reason", exc)
        return Outcome(False, None, f"{type(exc).__name__}: {reason}"[:2000], True, _elapsed(start))
    duration = _elapsed(start)
    if not errcode:
        return Outcome(True, status, duration_ms=duration)
    try:
        parsed = json.loads(answer.decode("utf-8"))
        code = int(parsed.get("errcode", -1))
    except (ValueError, AttributeError, TypeError):
        return Outcome(False, status, f"not a JSON answer: {answer[:200]!r}", True, duration)
    if code != 0:
        return Outcome(False, status, f"errcode {code}: {parsed.get('errmsg', '')}"[:2000], True, duration)
    return Outcome(True, status, duration_ms=duration)


# --- SMS ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    error: str = ""
    message_id: str = ""


class SmsGateway(Protocol):
    """What an SMS provider's adapter offers; named by its dotted path in ``LUOSHI_SMS_GATEWAY``."""

    def send(self, phone: str, text: str) -> SmsResult: ...


class ConsoleSmsGateway:
    """For development: writes the message to the log and reports success. No provider is built in."""

    def send(self, phone: str, text: str) -> SmsResult:
        logger.warning("SMS to %s: %s", phone, text)
        return SmsResult(ok=True, message_id=f"console-{int(time.time() * 1000)}")


def sms_gateway() -> SmsGateway:
    gateway: SmsGateway = import_string(settings.LUOSHI_SMS_GATEWAY)()
    return gateway


def sms_send(phone: str, text: str) -> Outcome:
    start = time.monotonic()
    try:
        result = sms_gateway().send(phone, text)
    except Exception as exc:  # noqa: BLE001 - a provider's failure is logged and retried
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:2000], duration_ms=_elapsed(start))
    return Outcome(result.ok, error=result.error[:2000], duration_ms=_elapsed(start))


def sms_text(payload: dict[str, Any]) -> str:
    return f"【{payload.get('organisation', '')}】{payload.get('title', '')}"[:300]


# --- one attempt ----------------------------------------------------------------------------------


def send(
    *,
    kind: str,
    url: str,
    secret: str,
    payload: dict[str, Any],
    phone: str = "",
    now: dt.datetime | None = None,
) -> Outcome:
    """Send ``payload`` once through a channel of ``kind``."""
    if kind == "dingtalk":
        stamp = int((now.timestamp() if now else time.time()) * 1000)
        return post_json(dingtalk_url(url, secret, stamp), dingtalk_body(payload), errcode=True)
    if kind == "wecom":
        return post_json(url, wecom_body(payload), errcode=True)
    if kind == "json":
        return post_json(url, json_body(payload), secret=secret)
    if kind == "sms":
        if not phone:
            return Outcome(False, error="no phone number", retry=False)
        return sms_send(phone, sms_text(payload))
    return Outcome(False, error=f"unknown channel kind {kind!r}", retry=False)
