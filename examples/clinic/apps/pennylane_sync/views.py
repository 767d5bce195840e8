"""Pennylane views: both hand the work to Celery (clean)."""
from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from apps.pennylane_sync.models import Company, Invoice
from apps.pennylane_sync.tasks import export_fec_task, push_invoice_task


@require_POST
def mark_invoice_ready(request: HttpRequest, pk: int) -> JsonResponse:
    invoice = get_object_or_404(Invoice, pk=pk)
    with transaction.atomic():
        invoice.status = "pending"
        invoice.save(update_fields=["status"])
        # ok: queued once the row is committed, so the worker sees status "pending"
        transaction.on_commit(lambda: push_invoice_task.delay(invoice.pk))
    return JsonResponse({"queued": True}, status=202)


@require_POST
def request_fec_export(request: HttpRequest, company_id: int) -> JsonResponse:
    company = get_object_or_404(Company, pk=company_id)
    year = int(request.POST["year"])
    result = export_fec_task.apply_async(args=(company.pk, year))  # ok: queued
    return JsonResponse({"task_id": result.id}, status=202)
