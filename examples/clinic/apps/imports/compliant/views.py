"""Support action, compliant twin of apps/imports/views.py's retry_row: queue it, answer at once."""
from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from apps.imports.compliant.tasks import retry_import_row
from apps.imports.models import ImportRow


@require_POST
def retry_row(request: HttpRequest, pk: int) -> JsonResponse:
    row = get_object_or_404(ImportRow, pk=pk, status="failed")
    with transaction.atomic():
        row.status = "pending"
        row.save(update_fields=["status"])
        transaction.on_commit(lambda: retry_import_row.delay(row.pk))
    return JsonResponse({"row": row.pk, "status": "queued"}, status=202)
