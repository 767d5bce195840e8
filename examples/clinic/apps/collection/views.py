"""Agent enrollment (clean) and an agent status page that pings the agent inline (deviation)."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from apps.collection.agent import agent_is_alive
from apps.collection.forms import AgentEnrollmentForm
from apps.collection.models import CollectionAgent


def enroll_agent(request: HttpRequest) -> HttpResponse:
    form = AgentEnrollmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agent = CollectionAgent(
            name=form.cleaned_data["name"],
            clinic=form.cleaned_data["clinic"],
            base_url=form.cleaned_data["base_url"],
        )
        agent.set_secret(form.cleaned_data["password"])  # ok: the submitted value, hashed
        agent.save()
        return JsonResponse({"id": agent.pk}, status=201)
    return render(request, "collection/enroll.html", {"form": form})


def agent_status(request: HttpRequest, pk: int) -> JsonResponse:
    agent = get_object_or_404(CollectionAgent, pk=pk)
    # Deviation: view -> apps/collection/agent.agent_is_alive -> urlopen, inside the request.
    alive = agent_is_alive(agent)  # expect: IL401
    return JsonResponse({"agent": agent.pk, "alive": alive, "last_seen_at": agent.last_seen_at})
