"""Checkpoint and raw-response stores on the Django models (same interfaces as the SQLite ones)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..raw_store import StoredResponse, as_bytes, as_seconds
from .models import RawResponse, SyncCheckpoint


class DjangoCheckpointStore:
    """A ``CheckpointStore`` on ``SyncCheckpoint``: ``Checkpoint(DjangoCheckpointStore(), key)``."""

    def get(self, key: str) -> str | None:
        return SyncCheckpoint.objects.filter(key=key).values_list("value", flat=True).first()

    def set(self, key: str, value: str) -> None:
        SyncCheckpoint.objects.update_or_create(key=key, defaults={"value": value})

    def delete(self, key: str) -> None:
        SyncCheckpoint.objects.filter(key=key).delete()


def _stored(row: RawResponse) -> StoredResponse:
    return StoredResponse(
        row.connector, row.request_key, row.sha256, row.status, dict(row.headers), bytes(row.body),
        row.fetched_at.timestamp(), row.last_seen_at.timestamp(),
    )


class DjangoRawResponseStore:
    """``RawResponseStore``'s interface (``put``, ``get``, ``latest``, ``count``, ``purge``) on the
    ``RawResponse`` model, so raw responses live in the project's database."""

    def put(
        self,
        connector: str,
        request_key: str,
        body: bytes | str,
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[str, bool]:
        data = as_bytes(body)
        digest = hashlib.sha256(data).hexdigest()
        now = timezone.now()
        with transaction.atomic():
            # get_or_create retries the lookup when a concurrent writer wins the unique constraint
            row, created = RawResponse.objects.get_or_create(
                connector=connector,
                request_key_hash=hashlib.sha256(request_key.encode()).hexdigest(),
                sha256=digest,
                defaults={
                    "request_key": request_key,
                    "status": status,
                    "headers": dict(headers or {}),
                    "body": data,
                    "fetched_at": now,
                    "last_seen_at": now,
                },
            )
            if not created:
                RawResponse.objects.filter(pk=row.pk).update(last_seen_at=now)
        return digest, created

    def get(self, sha256: str) -> StoredResponse | None:
        row = RawResponse.objects.filter(sha256=sha256).order_by("-last_seen_at").first()
        return None if row is None else _stored(row)

    def latest(self, connector: str, request_key: str) -> StoredResponse | None:
        row = (
            RawResponse.objects.filter(connector=connector, request_key_hash=hashlib.sha256(request_key.encode()).hexdigest())
            .order_by("-last_seen_at", "-pk")
            .first()
        )
        return None if row is None else _stored(row)

    def count(self, connector: str | None = None) -> int:
        rows = RawResponse.objects.all()
        return (rows if connector is None else rows.filter(connector=connector)).count()

    def purge(self, older_than: timedelta | float, *, connector: str | None = None) -> int:
        rows = RawResponse.objects.filter(last_seen_at__lt=timezone.now() - timedelta(seconds=as_seconds(older_than)))
        if connector is not None:
            rows = rows.filter(connector=connector)
        deleted, _ = rows.delete()
        return deleted
