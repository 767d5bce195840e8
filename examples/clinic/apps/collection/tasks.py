"""Periodic reachability check of the collection agents."""
from __future__ import annotations

import logging
from urllib.error import URLError

from celery import shared_task
from django.utils import timezone

from apps.collection.agent import agent_is_alive
from apps.collection.models import CollectionAgent

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def poll_agents() -> int:
    reachable = 0
    for agent in CollectionAgent.objects.all():  # ok: one agent after the other, failures logged
        try:
            alive = agent_is_alive(agent)
        except (URLError, OSError, ValueError) as exc:
            logger.warning("collection agent %s unreachable: %s", agent, exc)
            agent.is_reachable = False
            agent.save(update_fields=["is_reachable"])
            continue
        agent.is_reachable = alive
        agent.last_seen_at = timezone.now() if alive else agent.last_seen_at
        agent.save(update_fields=["is_reachable", "last_seen_at"])
        reachable += alive
    return reachable
