"""Collection-agent tasks: health checks and pulling Logosw exports, one sync_task per agent."""
from __future__ import annotations

import hashlib

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.collection.compliant.agent import agent_is_alive, download_export, list_pending_exports
from apps.collection.models import CollectionAgent
from apps.imports.compliant.tasks import import_batch
from apps.imports.models import ImportBatch
from integration_lint.runtime import sync_task


@shared_task
def poll_agents() -> int:
    """Fan-out only (no outbound call here): one health check task per agent."""
    agent_ids = list(CollectionAgent.objects.values_list("pk", flat=True))
    for agent_id in agent_ids:
        poll_agent.delay(agent_id)
    return len(agent_ids)


@sync_task("logosw", "agent_health")
def poll_agent(self, agent_id: int) -> bool:
    agent = CollectionAgent.objects.get(pk=agent_id)
    alive = agent_is_alive(agent)
    agent.is_reachable = alive
    if alive:
        agent.last_seen_at = timezone.now()
    agent.save(update_fields=["is_reachable", "last_seen_at"])
    if alive:
        pull_exports.delay(agent.pk)
    return alive


@sync_task("logosw", "exports")
def pull_exports(self, agent_id: int) -> int:
    agent = CollectionAgent.objects.get(pk=agent_id)
    created_batches = 0
    for export in list_pending_exports(agent):
        body = download_export(agent, export)
        digest = hashlib.sha256(body).hexdigest()
        with transaction.atomic():
            batch, created = ImportBatch.objects.get_or_create(
                sha256=digest,  # the same file pulled twice is one batch (idempotent fetch)
                defaults={"agent": agent, "source_file": ContentFile(body, name=f"{agent.clinic}-{export['id']}.csv")},
            )
            if created:
                transaction.on_commit(lambda batch_id=batch.pk: import_batch.delay(batch_id))
                created_batches += 1
    return created_batches
