"""Agent status page, compliant twin of apps/collection/views.py: reads what the last health check
recorded and asks for a fresh one."""
from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404

from apps.collection.compliant.tasks import poll_agent
from apps.collection.models import CollectionAgent


def agent_status(request: HttpRequest, pk: int) -> JsonResponse:
    agent = get_object_or_404(CollectionAgent, pk=pk)
    poll_agent.delay(agent.pk)
    return JsonResponse({"agent": agent.pk, "reachable": agent.is_reachable, "last_seen_at": agent.last_seen_at})
