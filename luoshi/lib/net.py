"""The client's address behind a known number of proxies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def client_address(meta: Mapping[str, Any], *, trusted_proxies: int) -> str:
    """The address the request came from, as seen by the first of ``trusted_proxies`` proxies.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the client is the entry
    ``trusted_proxies`` from the right; anything left of it was written by the client and is not
    believed. With no trusted proxy the socket's address (REMOTE_ADDR) is the answer.
    """
    remote = str(meta.get("REMOTE_ADDR") or "")
    if trusted_proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()
    ]
    if len(forwarded) < trusted_proxies:
        return forwarded[0] if forwarded else remote
    return forwarded[-trusted_proxies]
