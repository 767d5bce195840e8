"""Doctolib views, compliant twin of apps/sync/views.py: the request never waits on Doctolib."""
from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.sync.compliant.tasks import fetch_slots, refresh_practitioner as refresh_practitioner_task, slots_cache_key
from apps.sync.models import Practitioner


def practitioner_slots(request: HttpRequest, pk: int) -> JsonResponse:
    practitioner = get_object_or_404(Practitioner, pk=pk)
    day = request.GET.get("date") or timezone.localdate().isoformat()
    slots = cache.get(slots_cache_key(practitioner.pk, day))
    if slots is None:
        fetch_slots.delay(practitioner.pk, day)
        return JsonResponse({"status": "refreshing", "retry_in": 2}, status=202)
    return JsonResponse({"slots": slots})


@require_POST
def refresh_practitioner(request: HttpRequest, pk: int) -> JsonResponse:
    practitioner = get_object_or_404(Practitioner, pk=pk)
    refresh_practitioner_task.delay(practitioner.pk)
    return JsonResponse({"queued": True}, status=202)
