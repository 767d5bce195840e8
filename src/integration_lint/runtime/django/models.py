from __future__ import annotations

from django.db import models

from ..surfacing import FAILED


class ImportStatus(models.TextChoices):
    """Statuses of an import record; ``FAILED`` is the value ``surface_error`` writes."""

    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = FAILED, "Failed"


class ImportRecordMixin(models.Model):
    """Fields that make a project's import record (``ImportRow``) work with ``surface_error``:
    it sets ``status = "failed"`` and ``error``, and saves only those two fields."""

    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        abstract = True


class SyncCheckpoint(models.Model):
    """Where a paginated sync stands (``Checkpoint`` key → JSON position)."""

    key = models.CharField(max_length=255, unique=True)
    value = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class RawResponse(models.Model):
    """One distinct content of one request, kept for audit, re-fetch detection and retention."""

    connector = models.CharField(max_length=100)
    request_key = models.TextField()
    request_key_hash = models.CharField(max_length=64, help_text="sha256 of request_key (indexable)")
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    headers = models.JSONField(default=dict)
    body = models.BinaryField()
    fetched_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connector", "request_key_hash", "sha256"], name="integration_runtime_raw_unique_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.connector} {self.request_key} {self.sha256[:12]}"
