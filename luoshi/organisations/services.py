"""Writes to the organisation tree."""

from __future__ import annotations

from django.db import transaction

from luoshi.organisations.models import Organisation


@transaction.atomic
def organisation_ensure(
    *,
    code: str,
    name: str,
    level: str = Organisation.Level.COUNTY,
    parent: Organisation | None = None,
    short_name: str = "",
    is_demo: bool = False,
) -> tuple[Organisation, bool]:
    """The organisation of ``code``, made below ``parent`` (or at the top) if there is none yet; and
    whether it was made. One that exists is returned as it is, wherever it stands in the tree."""
    found = Organisation.objects.filter(code=code).first()
    if found is not None:
        return found, False
    org = Organisation(code=code, name=name, level=level, short_name=short_name, is_demo=is_demo)
    if parent is None:
        return Organisation.objects.add_root(instance=org), True
    # The parent as stored now: adding a child changes its row (numchild), so a stale copy won't do.
    return Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), instance=org), True
