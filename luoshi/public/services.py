"""Writes of the public page's settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.plans.models import Plan
from luoshi.public.models import MAX_LEVELS, Publication


@transaction.atomic
def publication_save(*, plan: Plan, enabled: bool, levels: int) -> Publication:
    """Turn the plan's public page on or off and set its depth; the first time it goes public (and
    every time it is turned on again) ``published_at`` is set."""
    if not 1 <= levels <= MAX_LEVELS:
        raise ValidationError({"levels": _("Choose between 1 and %(max)d levels.") % {"max": MAX_LEVELS}})
    publication, _created = Publication.objects.select_for_update().get_or_create(plan=plan)
    turned_on = enabled and not publication.enabled
    publication.enabled, publication.levels = enabled, levels
    fields = ["enabled", "levels", "updated_at"]
    if turned_on:
        publication.published_at = timezone.now()
        fields.append("published_at")
    publication.save(update_fields=fields)
    return publication
