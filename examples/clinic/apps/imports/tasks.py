"""Logosw import task: queued by the upload view once the batch is committed."""
from __future__ import annotations

from celery import shared_task

from apps.core.notify import notify_ops
from apps.imports.importer import import_pending_rows, load_rows
from apps.imports.models import ImportBatch


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def import_batch(batch_id: int) -> dict:
    batch = ImportBatch.objects.get(pk=batch_id)
    load_rows(batch)
    imported, failed = import_pending_rows(batch)
    if failed:
        notify_ops(f"Logosw batch {batch.pk}: {failed} line(s) failed, {imported} imported")
    return {"imported": imported, "failed": failed}
