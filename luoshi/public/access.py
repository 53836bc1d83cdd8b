"""Fetch-and-authorise for the public page: anyone reads a published plan; only its office sets it."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import plan_for_office
from luoshi.plans.models import Plan
from luoshi.public.models import Publication


def publication_for_office(user: Any, code: str) -> tuple[Plan, Publication]:
    """The plan the office manages and its publication settings (unsaved defaults if none yet)."""
    plan = plan_for_office(user, code)
    publication = Publication.objects.filter(plan=plan).first() or Publication(plan=plan)
    return plan, publication


def published_or_404(publication: Publication | None) -> Publication:
    """An unpublished plan looks exactly like a missing one."""
    if publication is None or not publication.enabled:
        raise Http404(_("No such plan."))
    return publication
