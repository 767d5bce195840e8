"""Housekeeping: the raw-response retention policy, applied nightly (CELERY_BEAT_SCHEDULE)."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings

from apps.core.connectors import raw_store


@shared_task
def purge_raw_responses() -> dict[str, int]:
    store = raw_store()
    return {
        connector: store.purge(older_than=retention, connector=connector)
        for connector, retention in settings.RAW_RESPONSE_RETENTION.items()
    }
