"""Response headers that limit what a page may load, and a rate limit on the API and on sign-in.

The counters live in a table of their own (:class:`luoshi.web.models.RateCount`), so several app
servers share them: a fixed one-minute window per token, user or address, counted by one statement
(an insert that adds one to the row if it is there) that no two requests can interleave.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts.lockout import request_address

RATE_WINDOW_SECONDS = 60
# One request in this many also deletes the counters of windows that have ended.
PURGE_SHARE = 0.01


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.LUOSHI_CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.LUOSHI_PERMISSIONS_POLICY)
        return response


def rate_limit_hit(*, scope: str, key: str, limit: int, now: float | None = None) -> int | None:
    """Count one request against ``key``; the seconds until the window ends if it is over ``limit``."""
    from luoshi.web.models import RateCount

    now = time.time() if now is None else now
    slot = int(now // RATE_WINDOW_SECONDS)
    ends = (slot + 1) * RATE_WINDOW_SECONDS
    table = connection.ops.quote_name(RateCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires) VALUES (%s, 1, %s) "  # noqa: S608 - the table's own name
            f"ON CONFLICT (key) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [f"{scope}:{key}:{slot}"[:200], ends],
        )
        count = int(cursor.fetchone()[0])
        if random.random() < PURGE_SHARE:  # noqa: S311 - spreads the clean-up, not a secret
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [int(now)])  # noqa: S608
    if count <= limit:
        return None
    return max(1, math.ceil(ends - now))


def _api_client_key(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "address:" + request_address(request)


class RateLimitMiddleware:
    """429 with Retry-After: API calls per token (or signed-in user, or address); sign-in posts per address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.login_path = reverse("login")
        self.admin_login_path = ""  # reversed on the first POST that could be to it: that loads the admin

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            wait = rate_limit_hit(
                scope="api", key=_api_client_key(request), limit=settings.LUOSHI_API_RATE_LIMIT
            )
            if wait is not None:
                return self.refuse(request, wait, api=True)
        elif request.method == "POST" and self.is_login(request.path):
            key = request_address(request)
            wait = rate_limit_hit(scope="login", key=key, limit=settings.LUOSHI_LOGIN_RATE_LIMIT)
            if wait is not None:
                return self.refuse(request, wait, api=False)
        return self.get_response(request)

    def is_login(self, path: str) -> bool:
        if path == self.login_path:
            return True
        if not path.endswith("/login/"):  # the admin's is always its prefix and login/
            return False
        if not self.admin_login_path:
            self.admin_login_path = reverse("admin:login")
        return path == self.admin_login_path

    @staticmethod
    def refuse(request: HttpRequest, wait: int, *, api: bool) -> HttpResponse:
        message = _("Too many requests. Please wait %(seconds)d seconds and try again.") % {"seconds": wait}
        response: HttpResponse
        if api:
            response = JsonResponse({"detail": message}, status=429)
        else:
            body = render_to_string("web/error_simple.html", {"message": message}, request=None)
            response = HttpResponse(body, status=429)
        response["Retry-After"] = str(wait)
        return response
