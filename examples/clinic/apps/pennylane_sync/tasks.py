"""Pennylane Celery tasks."""
from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.pennylane_sync import services
from apps.pennylane_sync.client import PennylaneError
from apps.pennylane_sync.models import Company, Invoice
from clinic.celery import app


# Deviation: the outbound calls happen two modules away (services -> client), but they happen,
# and this task has no retry policy.
@app.task(name="pennylane.push_company_invoices")
def push_company_invoices(company_id: int) -> int:  # expect: IL203
    return services.push_pending_invoices(company_id)


@shared_task(autoretry_for=(PennylaneError,), retry_backoff=True, retry_jitter=True, max_retries=6)
def push_invoice_task(invoice_id: int) -> None:
    services.push_invoice(Invoice.objects.select_related("company").get(pk=invoice_id))


@shared_task(autoretry_for=(PennylaneError,), retry_backoff=True, max_retries=3)
def export_fec_task(company_id: int, year: int) -> str:
    company = Company.objects.get(pk=company_id)
    return default_storage.save(f"fec/{company.slug}-{year}.txt", ContentFile(services.export_fec(company, year)))
