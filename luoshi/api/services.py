"""Writes for API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.api.models import ApiToken, token_digest


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns it with the secret, which is not stored and not shown again."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:10], digest=token_digest(secret)
    )
    return token, secret


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_user(*, secret: str) -> User | None:
    """The active user a secret belongs to, or None; notes when the token was last used."""
    if not secret.startswith("ls_") or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
