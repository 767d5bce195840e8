"""Pushes invoices to each company's Pennylane account."""
from __future__ import annotations

import logging
import os
import time

from apps.pennylane_sync.client import PennylaneClient, PennylaneError
from apps.pennylane_sync.models import Company, Invoice

logger = logging.getLogger(__name__)


def _token_for(company: Company) -> str:
    token = os.environ.get(f"PENNYLANE_TOKEN_{company.slug.upper()}")  # ok: prefixed, one per company
    if not token:
        # Deviation: a shared fallback token whose name does not say which connector it belongs to.
        token = os.environ["ACCOUNTING_API_TOKEN"]  # expect: IL103
    return token


def push_invoice(invoice: Invoice) -> dict:
    company = invoice.company
    if company.slug == "siege":
        # Deviation: the head office predates per-company tokens; its token was pasted "for now".
        client = PennylaneClient(token="pl_9c4f1a7e3b5d2c8f6a0e4b9d1c7f3a5e")  # expect: IL101
    else:
        client = PennylaneClient(token=_token_for(company))
    if client.find_customer(invoice.customer_reference) is None:
        client.upsert_customer(invoice.customer_reference, {"name": invoice.customer_name})
    created = client.create_customer_invoice(
        {
            "invoice_number": invoice.number,
            "date": invoice.issued_on.isoformat(),
            "customer_reference": invoice.customer_reference,
            "amount": str(invoice.amount),
        }
    )
    invoice.pennylane_id = str(created["id"])
    invoice.status = "pushed"
    invoice.save(update_fields=["pennylane_id", "status"])
    return created


def push_invoice_reliably(invoice: Invoice) -> dict:
    # Deviation: a retry loop around a project helper, waiting 30 s, 60 s, 90 s (linear).
    for attempt in range(1, 4):  # expect: IL201
        try:
            return push_invoice(invoice)
        except PennylaneError as exc:
            logger.warning("pennylane: invoice %s attempt %d failed: %s", invoice.number, attempt, exc)
            time.sleep(30 * attempt)
    raise PennylaneError(f"invoice {invoice.number} not pushed after 3 attempts")


def push_pending_invoices(company_id: int) -> int:
    pushed = 0
    for invoice in Invoice.objects.filter(company_id=company_id, status="pending"):  # ok: different rows, failures logged
        try:
            push_invoice_reliably(invoice)
        except PennylaneError as exc:
            logger.warning("pennylane: invoice %s skipped: %s", invoice.number, exc)
            continue
        pushed += 1
    return pushed


def export_fec(company: Company, year: int) -> bytes:
    client = PennylaneClient(token=_token_for(company))
    export = client.create_fec_export(year)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:  # ok: polls a remote job's state; no failed call is repeated
        job = client.get_fec_export(export["id"])
        if job["status"] == "ready":
            return client.download(job["file_url"])
        time.sleep(10)
    raise PennylaneError(f"FEC export {export['id']} still not ready after 10 minutes")
