"""Upload endpoint for the CollectionAgents (clean) and a support action that imports inline (deviation)."""
from __future__ import annotations

import hashlib
import hmac
import os

from django.db import transaction
from django.http import HttpRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.collection.models import CollectionAgent
from apps.imports.importer import import_row
from apps.imports.models import ImportBatch, ImportRow
from apps.imports.tasks import import_batch

UPLOAD_TOKEN_VAR = "LOGOSW_UPLOAD_TOKEN"  # ok: the name of an env var


@csrf_exempt
@require_POST
def agent_upload(request: HttpRequest) -> JsonResponse | HttpResponseForbidden:
    expected = os.environ.get(UPLOAD_TOKEN_VAR, "")
    if not expected or not hmac.compare_digest(request.headers.get("X-Agent-Token", ""), expected):
        return HttpResponseForbidden()
    agent = get_object_or_404(CollectionAgent, pk=request.POST["agent"])
    upload = request.FILES["file"]
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    batch, created = ImportBatch.objects.get_or_create(sha256=digest, defaults={"agent": agent, "source_file": upload})
    if created:
        transaction.on_commit(lambda: import_batch.delay(batch.pk))  # ok: queued after commit
    return JsonResponse({"batch": batch.pk, "duplicate": not created}, status=202 if created else 200)


@require_POST
def retry_row(request: HttpRequest, pk: int) -> JsonResponse:
    row = get_object_or_404(ImportRow, pk=pk, status="failed")
    # Deviation: view -> importer.import_row -> annuaire.client.lookup_company -> requests, across three modules.
    import_row(row)  # expect: IL401
    return JsonResponse({"row": row.pk, "status": row.status})
