"""History records written in bulk, completed with their many-to-many snapshot.

django-simple-history copies a row's many-to-many links into the history record when the row is
saved one at a time; a record inserted in bulk has none, so the next change would show every
cooperating unit as newly added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models


def history_m2m_snapshot(model: type[models.Model], records: Iterable[tuple[int, int]]) -> None:
    """Copy the current links of each row into its history record; ``records`` are (history_id, row id)."""
    history_model: Any = getattr(model, "history").model  # noqa: B009 - added by simple_history
    pairs = list(records)
    if not pairs:
        return
    for field in getattr(history_model, "_history_m2m_fields", []):
        through: Any = getattr(model, field.name).through
        # simple_history names the snapshot table after the history model and the field.
        snapshot: Any = apps.get_model(history_model._meta.app_label, f"{history_model.__name__}_{field.name}")
        own = field.m2m_field_name() + "_id"
        by_row: dict[int, list[Any]] = defaultdict(list)
        for link in through.objects.filter(**{f"{own}__in": {row for _h, row in pairs}}):
            by_row[getattr(link, own)].append(link)
        attnames = [f.attname for f in through._meta.concrete_fields]
        snapshot.objects.bulk_create(
            [
                snapshot(history_id=history_id, **{a: getattr(link, a) for a in attnames})
                for history_id, row in pairs
                for link in by_row[row]
            ],
            batch_size=5000,
        )
