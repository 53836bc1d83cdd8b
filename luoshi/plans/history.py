"""History records written in bulk, completed with their many-to-many snapshot.

django-simple-history copies a row's many-to-many links into the history record when the row is
saved one at a time; a record inserted in bulk has none, so the next change would show every
cooperating unit as newly added.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.deletion import Collector
from django.db.models.signals import post_delete
from django.utils import timezone
from simple_history.models import HistoricalRecords


def history_m2m_snapshot(model: type[models.Model], records: Iterable[tuple[int, int]]) -> None:
    """Copy the current links of each row into its history record; ``records`` are (history_id, row id)."""
    history_model: Any = getattr(model, "history").model  # noqa: B009 - added by simple_history
    pairs = list(records)
    if not pairs:
        return
    for field in getattr(history_model, "_history_m2m_fields", []):
        through: Any = getattr(model, field.name).through
        # simple_history names the snapshot table after the history model and the field.
        snapshot: Any = apps.get_model(
            history_model._meta.app_label, f"{history_model.__name__}_{field.name}"
        )
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


_deleting = threading.Lock()


def delete_with_history(queryset: models.QuerySet[Any]) -> int:
    """Delete the rows of ``queryset`` and everything that cascades from them, as ``.delete()`` does,
    with the deletion records ("-") of every model that keeps history written in bulk.

    django-simple-history writes one record (and its many-to-many snapshot) per deleted row from the
    post_delete signal, a few statements a row: replacing a plan of 50,000 items took minutes. Here
    the records are written first, a few statements per model, and the signal's handler is held back
    for these models while the rows go. Returns how many rows were deleted."""
    collector = Collector(using=queryset.db, origin=queryset)
    collector.collect(queryset.order_by())  # type: ignore[arg-type]  # as QuerySet.delete() does
    held: list[tuple[type[models.Model], Any]] = []
    now = timezone.now()
    for model, instances in collector.data.items():
        for receiver in post_delete._live_receivers(model)[0]:
            records = getattr(receiver, "__self__", None)
            if isinstance(records, HistoricalRecords) and not records.cascade_delete_history:
                _records_of_deletion(model, records, list(instances), now)
                held.append((model, receiver))
    with _deleting:
        for model, receiver in held:
            post_delete.disconnect(receiver, sender=model)
        try:
            deleted, _per_model = collector.delete()
        finally:
            for model, receiver in held:
                post_delete.connect(receiver, sender=model, weak=False)
    return deleted


def _records_of_deletion(
    model: type[models.Model], records: HistoricalRecords, instances: list[Any], now: dt.datetime
) -> None:
    if not instances:
        return
    history_model: Any = getattr(model, records.manager_name).model
    fields = records.fields_included(instances[0])
    user = records.get_history_user(instances[0])
    made = history_model.objects.bulk_create(
        [
            history_model(
                history_date=now,
                history_type="-",
                history_user=user,
                history_change_reason=None,
                **{f.attname: getattr(obj, f.attname) for f in fields},
            )
            for obj in instances
        ],
        batch_size=2000,
    )
    if getattr(history_model, "_history_m2m_fields", None):
        history_m2m_snapshot(model, [(h.history_id, h.id) for h in made])
