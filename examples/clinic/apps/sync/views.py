"""Doctolib views: two deviations (a call in the request cycle) and the queued alternative."""
from __future__ import annotations

import requests
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from apps.sync import services
from apps.sync.models import Practitioner
from apps.sync.tasks import refresh_practitioner_task


def practitioner_slots(request: HttpRequest, pk: int) -> JsonResponse:
    practitioner = get_object_or_404(Practitioner, pk=pk)
    # Deviation: the page waits on Doctolib, with no timeout at all.
    resp = requests.get(f"{settings.DOCTOLIB_BASE_URL}/practitioners/{practitioner.external_id}/slots", params={"date": request.GET.get("date")})  # expect: IL401, IL402
    return JsonResponse(resp.json())


@require_POST
def refresh_practitioner_now(request: HttpRequest, pk: int) -> JsonResponse:
    # Deviation: view -> services.refresh_practitioner -> DoctolibClient.get_practitioner -> requests.get
    practitioner = services.refresh_practitioner(pk)  # expect: IL401
    return JsonResponse({"id": practitioner.pk, "name": practitioner.full_name})


@require_POST
def refresh_practitioner(request: HttpRequest, pk: int) -> JsonResponse:
    refresh_practitioner_task.delay(pk)  # ok: queued, the request returns at once
    return JsonResponse({"queued": True}, status=202)
