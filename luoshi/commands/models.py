"""The workers' heartbeats: how a task left RUNNING by a worker that died is found and run again."""

from __future__ import annotations

from django.db import models


class WorkerBeat(models.Model):
    """The last sign of life of one ``luoshi worker`` process."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField()

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return self.worker_id
