"""Fetch-and-authorise for bulletins: the one way in to its objects, built on ``luoshi.accounts.access``.
A missing object and one that is not yours give the same 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import ensure_plan_visible, require_viewer
from luoshi.bulletins.models import Bulletin


def bulletin_for_view(user: Any, bulletin_id: int) -> Any:
    require_viewer(user)
    try:
        bulletin = Bulletin.objects.select_related("plan", "plan__organisation").get(pk=bulletin_id)
    except (Bulletin.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such bulletin.")) from exc
    ensure_plan_visible(user, bulletin.plan, _("No such bulletin."))
    return bulletin
