"""Counters of the rate limits, shared by every app server through the database."""

from __future__ import annotations

from django.db import models


class RateCount(models.Model):
    """Requests counted in one window: the key names the scope, the client and the window."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True)  # seconds since the epoch when the window ends

    class Meta:
        verbose_name = "rate count"
        verbose_name_plural = "rate counts"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
