"""``sync_task``: the shape of a connector sync as a Celery task.

Naming ``<app>.sync.<connector>.<resource>``, autoretry on transient errors with exponential
backoff + jitter, the server's wait when it gave one, late acks so a killed worker's sync is
redelivered (and resumes from its checkpoint), one run at a time per idempotency key, and the
final failure surfaced on log, Sentry and the import record.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .checkpoints import Checkpoint, SQLiteCheckpointStore
from .errors import PermanentError, RateLimitedError, RetryLater, TransientError
from .locks import run_lock_for
from .state import default_state_dir
from .surfacing import surface_error, tag_sentry_scope

logger = logging.getLogger("integration_lint.runtime.tasks")

DEFAULT_SOFT_TIME_LIMIT = 15 * 60


def idempotency_key(connector: str, resource: str, args: Any, kwargs: Any) -> str:
    """A stable hash of what a sync run is about: connector, resource and its arguments."""
    payload = json.dumps([connector, resource, list(args or ()), dict(kwargs or {})], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


class SyncTask(Task):
    """Base class of the tasks ``sync_task`` creates; its attributes come from the decorator."""

    abstract = True
    connector: str = ""
    resource: str = ""
    failure_record: Callable[..., Any] | None = None
    checkpoint_store: Any = None
    run_lock: Any = None  # redis URL / client, SQLite path, or lock object; default: the broker if Redis
    lock_ttl: float | None = None

    def idempotency_key(self, args: Any = None, kwargs: Any = None) -> str:
        if args is None and kwargs is None:
            args, kwargs = self.request.args, self.request.kwargs
        return idempotency_key(self.connector, self.resource, args, kwargs)

    def checkpoint(self) -> Checkpoint:
        """The checkpoint of the current run (same connector, resource and arguments)."""
        store = self.checkpoint_store
        if store is None:
            store = SQLiteCheckpointStore(default_state_dir() / "checkpoints.sqlite3")
        return Checkpoint(store, f"{self.name}:{self.idempotency_key()}")

    def _lock(self) -> Any:
        cached = self.__dict__.get("_run_lock_instance")
        if cached is None:
            target = self.run_lock
            if target is None:
                broker = str(self.app.conf.broker_url or "")
                target = broker if broker.startswith(("redis://", "rediss://")) else None
            cached = self._run_lock_instance = run_lock_for(target)
        return cached

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        error = exc.__cause__ if isinstance(exc, RetryLater) and exc.__cause__ is not None else exc
        record = None
        if self.failure_record is not None:
            try:
                record = self.failure_record(*args, **kwargs)
            except Exception as lookup_error:  # the original failure must still surface
                logger.warning("%s: could not load the import record to mark it failed: %r", self.name, lookup_error)
        surface_error(
            error,
            connector=self.connector,
            record=record,
            resource=self.resource,
            task=self.name,
            task_id=task_id,
            retries=self.request.retries,
        )


def sync_task(connector: str, resource: str, **celery_options: Any) -> Callable[[Callable[..., Any]], SyncTask]:
    """Turn ``func(task, *args, **kwargs)`` into a Celery shared task for one connector resource.

    Defaults (each overridable through ``celery_options``): ``name="<app>.sync.<connector>.<resource>"``
    (``<app>``: ``app_label=`` or the first part of the function's module), ``bind=True``,
    ``autoretry_for=(TransientError, RateLimitedError)``, ``dont_autoretry_for=(PermanentError,)``,
    ``retry_backoff=True``, ``retry_jitter=True``, ``retry_backoff_max=600``, ``max_retries=8``,
    ``acks_late=True``, ``reject_on_worker_lost=True``, ``soft_time_limit=900``.

    Extra options: ``failure_record(*args, **kwargs)`` returns the import record to mark failed;
    ``checkpoint_store`` for ``task.checkpoint()``; ``run_lock`` and ``lock_ttl`` for the
    idempotency lock. Inside the task, ``task.checkpoint()`` is the checkpoint of this run.

    A ``RetryLater`` or a ``RateLimitedError`` with ``retry_after`` re-queues with
    ``countdown`` = that wait; other transient errors use the backoff; reaching the soft time
    limit re-queues at once, so a long sync continues from its checkpoint (counts as a retry).
    A second run with the same arguments while one is in progress returns
    ``{"skipped": "already running", ...}`` at once.
    """

    def decorate(func: Callable[..., Any]) -> SyncTask:
        options = dict(celery_options)
        app_label = options.pop("app_label", None) or func.__module__.split(".")[0]
        soft_time_limit = options.get("soft_time_limit", DEFAULT_SOFT_TIME_LIMIT)
        lock_ttl = float((soft_time_limit or DEFAULT_SOFT_TIME_LIMIT) + 60)  # outlives a run, not a crash
        defaults: dict[str, Any] = {
            "name": f"{app_label}.sync.{connector}.{resource}",
            "base": SyncTask,
            "bind": True,
            "autoretry_for": (TransientError, RateLimitedError),
            "dont_autoretry_for": (PermanentError,),
            "retry_backoff": True,
            "retry_jitter": True,
            "retry_backoff_max": 600,
            "max_retries": 8,
            "acks_late": True,
            "reject_on_worker_lost": True,
            "soft_time_limit": soft_time_limit,
            "connector": connector,
            "resource": resource,
            "lock_ttl": lock_ttl,
        }
        defaults.update(options)
        if "failure_record" in defaults:  # stored as a plain function, not bound as a method
            defaults["failure_record"] = staticmethod(defaults["failure_record"])
        # "name" and "base" are arguments of shared_task; the rest become task class attributes

        def run(self: SyncTask, *args: Any, **kwargs: Any) -> Any:
            key = self.idempotency_key(args, kwargs)
            owner = self.request.id or f"direct-{uuid.uuid4()}"
            lock_key = f"integration-lint:sync-lock:{self.name}:{key}"
            holder = self._lock().acquire(lock_key, owner, float(self.lock_ttl or lock_ttl))
            if holder is not None:
                logger.warning("%s: skipped, the same sync (%s) is already running as %s", self.name, key, holder)
                return {"skipped": "already running", "key": key, "running": holder}
            tag_sentry_scope(per_unit_of_work="celery", connector=self.connector, resource=self.resource, task=self.name)
            try:
                return func(self, *args, **kwargs)
            except RetryLater as exc:
                raise self.retry(exc=exc, countdown=exc.countdown) from exc
            except SoftTimeLimitExceeded as exc:
                # out of time, not failed: continue from the checkpoint in a fresh run
                logger.warning("%s: soft time limit reached; re-queued to resume from its checkpoint", self.name)
                raise self.retry(exc=exc, countdown=0) from exc
            except RateLimitedError as exc:
                if exc.retry_after is None:
                    raise  # no wait given: the autoretry backoff applies
                raise self.retry(exc=exc, countdown=exc.retry_after) from exc
            finally:
                self._lock().release(lock_key, owner)

        run.__name__ = func.__name__
        run.__qualname__ = func.__qualname__
        run.__doc__ = func.__doc__
        run.__module__ = func.__module__
        run.__wrapped__ = func  # type: ignore[attr-defined]
        # Celery checks call arguments against run's signature when sending: make it func's
        run.__signature__ = inspect.signature(func)  # type: ignore[attr-defined]
        return shared_task(**defaults)(run)

    return decorate
