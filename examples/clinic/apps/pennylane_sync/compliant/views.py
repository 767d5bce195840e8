"""Pennylane views, compliant twin of apps/pennylane_sync/views.py (which was already clean:
the only change is that it queues the compliant task)."""
from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from apps.pennylane_sync.compliant.tasks import push_invoice
from apps.pennylane_sync.models import Invoice


@require_POST
def mark_invoice_ready(request: HttpRequest, pk: int) -> JsonResponse:
    invoice = get_object_or_404(Invoice, pk=pk)
    with transaction.atomic():
        invoice.status = "pending"
        invoice.save(update_fields=["status"])
        transaction.on_commit(lambda: push_invoice.delay(invoice.pk))
    return JsonResponse({"queued": True}, status=202)
