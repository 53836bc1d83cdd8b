"""Response headers that limit what a page may load, and a rate limit on the API and on sign-in.

The counters live in the cache named by LUOSHI_RATE_LIMIT_CACHE: the database cache by default, so
several app servers share them (a fixed one-minute window per token, user or address).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts.lockout import request_address

RATE_WINDOW_SECONDS = 60


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
    now = time.time() if now is None else now
    slot = int(now // RATE_WINDOW_SECONDS)
    cache = caches[settings.LUOSHI_RATE_LIMIT_CACHE]
    cache_key = f"rate:{scope}:{key}:{slot}"
    cache.add(cache_key, 0, timeout=RATE_WINDOW_SECONDS + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=RATE_WINDOW_SECONDS + 5)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil((slot + 1) * RATE_WINDOW_SECONDS - now))


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
        self.login_paths = {reverse("login"), reverse("admin:login")}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            wait = rate_limit_hit(
                scope="api", key=_api_client_key(request), limit=settings.LUOSHI_API_RATE_LIMIT
            )
            if wait is not None:
                return self.refuse(request, wait, api=True)
        elif request.method == "POST" and request.path in self.login_paths:
            key = request_address(request)
            wait = rate_limit_hit(scope="login", key=key, limit=settings.LUOSHI_LOGIN_RATE_LIMIT)
            if wait is not None:
                return self.refuse(request, wait, api=False)
        return self.get_response(request)

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
