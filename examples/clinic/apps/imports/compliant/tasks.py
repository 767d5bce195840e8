"""Logosw import tasks, compliant twin of apps/imports/tasks.py."""
from __future__ import annotations

from apps.imports.compliant.importer import import_or_fail, import_pending_rows
from apps.imports.importer import load_rows  # parsing the CSV was never the problem
from apps.imports.models import ImportBatch, ImportRow
from integration_lint.runtime import sync_task


@sync_task("logosw", "batch")
def import_batch(self, batch_id: int) -> dict:
    batch = ImportBatch.objects.get(pk=batch_id)
    load_rows(batch)  # bulk_create(ignore_conflicts=True): loading twice adds nothing
    imported, failed = import_pending_rows(batch)
    return {"imported": imported, "failed": failed}


@sync_task("logosw", "row")
def retry_import_row(self, row_id: int) -> str:
    row = ImportRow.objects.get(pk=row_id)
    import_or_fail(row)
    return row.status
