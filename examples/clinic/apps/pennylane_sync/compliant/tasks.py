"""Pennylane tasks, compliant twin of apps/pennylane_sync/tasks.py and services.py."""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.core.connectors import checkpoint
from apps.pennylane_sync.compliant.client import CONNECTOR, PennylaneClient
from apps.pennylane_sync.models import Company, Invoice
from integration_lint.runtime import RetryLater, sync_task

FEC_POLL_SECONDS = 10


def invoice_record(invoice_id: int) -> Invoice:
    return Invoice.objects.get(pk=invoice_id)


# A PermanentError (a refused invoice) is not retried; like the last transient failure, it is
# surfaced by sync_task: log + Sentry + invoice.status = "failed" (failure_record).
@sync_task("pennylane", "invoice", failure_record=invoice_record)
def push_invoice(self, invoice_id: int) -> None:
    invoice = Invoice.objects.select_related("company").get(pk=invoice_id)
    if invoice.status == "pushed":
        return  # idempotent: a duplicate delivery of this task does nothing
    client = PennylaneClient(invoice.company)
    if client.find_customer(invoice.customer_reference) is None:
        client.upsert_customer(invoice.customer_reference, {"name": invoice.customer_name})
    created = client.create_customer_invoice(
        {
            "invoice_number": invoice.number,
            "date": invoice.issued_on.isoformat(),
            "customer_reference": invoice.customer_reference,
            "amount": str(invoice.amount),
            "external_reference": f"clinic-{invoice.pk}",
        }
    )
    invoice.pennylane_id = str(created["id"])
    invoice.status = "pushed"
    invoice.save(update_fields=["pennylane_id", "status"])


@sync_task("pennylane", "company_invoices")
def push_company_invoices(self, company_id: int) -> int:
    # Fan out: one task per invoice, each with its own retries, instead of a loop that catches.
    pending = list(Invoice.objects.filter(company_id=company_id, status="pending").values_list("pk", flat=True))
    for invoice_id in pending:
        push_invoice.delay(invoice_id)
    return len(pending)


@sync_task("pennylane", "fec_export")
def export_fec(self, company_id: int, year: int) -> str:
    company = Company.objects.get(pk=company_id)
    client = PennylaneClient(company)
    started = checkpoint(CONNECTOR, "fec", company.slug, year)
    export_id = started.load()
    if export_id is None:  # first run: start the export once, remember its id across re-queues
        export_id = client.create_fec_export(year)["id"]
        started.save(export_id)
    job = client.get_fec_export(export_id)
    if job["status"] != "ready":
        # Not ready: re-queue in 10 s instead of holding a worker in a sleep loop.
        raise RetryLater(countdown=FEC_POLL_SECONDS)
    path = default_storage.save(f"fec/{company.slug}-{year}.txt", ContentFile(client.download(job["file_url"])))
    started.clear()
    return path
