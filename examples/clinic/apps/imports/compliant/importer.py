"""Imports Logosw rows, compliant twin of apps/imports/importer.py.

- the payer's name comes from the local RegistryCompany copy; a missing one is refreshed by a
  task, so importing a row makes no call to INPI;
- a failed row goes through `surface_error`: structured log, Sentry, and
  row.status = "failed" with the error text, saved.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from apps.annuaire.compliant.tasks import refresh_company
from apps.annuaire.models import RegistryCompany
from apps.imports.models import ImportBatch, ImportRow
from integration_lint.runtime import surface_error

CONNECTOR = "logosw"


def import_row(row: ImportRow) -> None:
    amount = Decimal(row.raw["montant_ttc"].replace(",", "."))
    if amount <= 0:
        raise ValueError(f"non-positive amount {amount}")
    siren = row.raw["siren_payeur"].strip()
    payer = RegistryCompany.objects.filter(siren=siren).first()
    if payer is None:
        refresh_company.delay(siren)
    row.payer_name = payer.name if payer else ""
    row.status = "imported"
    row.error = ""
    row.save(update_fields=["payer_name", "status", "error"])


def import_or_fail(row: ImportRow) -> bool:
    """Import one row; a failure is surfaced on all three channels and the row marked "failed"."""
    try:
        import_row(row)
    except (KeyError, ValueError, InvalidOperation) as exc:
        surface_error(exc, connector=CONNECTOR, record=row, batch=row.batch_id, line=row.line_number)
        return False
    return True


def import_pending_rows(batch: ImportBatch) -> tuple[int, int]:
    """Rows still "pending" are the checkpoint: a re-run after a crash continues where it stopped."""
    imported = failed = 0
    for row in batch.rows.filter(status="pending").order_by("line_number"):
        if import_or_fail(row):
            imported += 1
        else:
            failed += 1
    return imported, failed
