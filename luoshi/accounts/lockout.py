"""Sign-in lockout (django-axes): per account and, with a higher limit, per address.

An account is locked after ``AXES_FAILURE_LIMIT`` wrong passwords within ``AXES_COOLOFF_TIME``;
an address after ``LUOSHI_LOCKOUT_ADDRESS_LIMIT`` (a whole office may sit behind one address, so
that limit is the higher one). A locked sign-in is refused with the login page and its reason, even
with the right password, until the cool-off ends or the office unlocks it in the admin.
"""

from __future__ import annotations

import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from luoshi.lib.net import client_address

# The order of AXES_LOCKOUT_PARAMETERS in settings: the account first, then the address.
LOCKOUT_PARAMETERS = ["username", "ip_address"]


def request_address(request: HttpRequest) -> str:
    """The client's address, trusting as many proxies as LUOSHI_TRUSTED_PROXIES says."""
    return client_address(request.META, trusted_proxies=settings.LUOSHI_TRUSTED_PROXIES)


class LockoutBackend(AxesStandaloneBackend):
    """Refuses locked sign-ins. Code that authenticates without a request (tests, commands) is not a
    sign-in from anywhere, so it is left to the model backend instead of failing."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)  # type: ignore[no-any-return]


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LUOSHI_LOCKOUT_ADDRESS_LIMIT:
            return max(by_account, int(settings.AXES_FAILURE_LIMIT))
        return int(by_account)


def lockout_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, with the reason and when to try again (429, Retry-After)."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    message = _(
        "Too many wrong passwords: sign-in for this account or from this address is locked for "
        "%(minutes)d minutes. Try again later, or ask the supervision office to unlock it."
    ) % {"minutes": lockout_minutes()}
    response = render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request, initial={"username": username}), "locked_message": message},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
