"""Turns the lines of a Logosw CSV export into ImportRows and imports them one by one."""
from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

import requests

from apps.annuaire.client import lookup_company
from apps.core.errors import report_error
from apps.imports.models import ImportBatch, ImportRow


def load_rows(batch: ImportBatch) -> int:
    with batch.source_file.open("rb") as fh:
        text = fh.read().decode("cp1252")  # Logosw exports Windows-1252, ';'-separated
    rows = [
        ImportRow(batch=batch, line_number=number, raw=record)
        for number, record in enumerate(csv.DictReader(io.StringIO(text), delimiter=";"), start=2)
    ]
    ImportRow.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def import_row(row: ImportRow) -> None:
    amount = Decimal(row.raw["montant_ttc"].replace(",", "."))
    if amount <= 0:
        raise ValueError(f"non-positive amount {amount}")
    payer = lookup_company(row.raw["siren_payeur"].strip())
    row.payer_name = payer["formality"]["content"]["personneMorale"]["identite"]["entreprise"]["denomination"] if payer else ""
    row.status = "imported"
    row.save(update_fields=["payer_name", "status"])


def import_pending_rows(batch: ImportBatch) -> tuple[int, int]:
    imported = failed = 0
    for row in batch.rows.filter(status="pending").order_by("line_number"):  # ok: different rows; each failure recorded
        try:
            import_row(row)
        except (KeyError, ValueError, InvalidOperation) as exc:  # ok: failure status on the row, saved
            row.status = "failed"
            row.error = f"line {row.line_number}: {exc!r}"
            row.save(update_fields=["status", "error"])
            failed += 1
            continue
        except requests.RequestException as exc:  # ok: the configured surfacing function
            report_error(exc, connector="logosw", record=row, line=row.line_number)
            failed += 1
            continue
        imported += 1
    return imported, failed
