"""Housekeeping: the retention policy for raw responses and uploaded files, applied nightly
(CELERY_BEAT_SCHEDULE)."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from apps.core.connectors import raw_store


@shared_task
def purge_raw_responses() -> dict[str, int]:
    store = raw_store()
    return {
        connector: store.purge(older_than=retention, connector=connector)
        for connector, retention in settings.RAW_RESPONSE_RETENTION.items()
    }


@shared_task
def purge_uploaded_files() -> int:
    """Logosw uploads are their own raw responses: drop the file after the retention period but
    keep the batch and its sha256, so a re-upload of the same file is still recognised."""
    from apps.imports.models import ImportBatch

    cutoff = timezone.now() - settings.RAW_RESPONSE_RETENTION["logosw"]
    purged = 0
    for batch in ImportBatch.objects.filter(received_at__lt=cutoff).exclude(source_file=""):
        batch.source_file.delete(save=True)
        purged += 1
    return purged
