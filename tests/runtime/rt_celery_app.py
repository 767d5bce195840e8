"""The Celery app the worker started by test_runtime_tasks.py runs.

Configured from the environment the test gives the worker: ``RT_BROKER_URL`` (the test's
redis-server), ``RT_API_URL`` (the test's loopback API), ``RT_DIR`` (where this app writes what
the test observes: imported items, import records, log lines and Sentry events).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path

import sentry_sdk
from celery import Celery
from rt_support import sentry_events_transport

from integration_lint.runtime import (
    ConnectorSession,
    CursorPaginator,
    paginate,
    retry,
    sync_task,
)

OUT = Path(os.environ["RT_DIR"])
API_URL = os.environ["RT_API_URL"]

app = Celery("rt", broker=os.environ["RT_BROKER_URL"], backend=os.environ["RT_RESULT_URL"])
app.conf.update(
    task_default_queue=os.environ.get("RT_QUEUE", "rt"),
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    task_track_started=True,
)


def _append_json(name: str, payload: dict) -> None:
    with open(OUT / name, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(payload, default=str) + "\n")


class JsonLinesHandler(logging.Handler):
    """The structured log sink: one JSON object per record, with the fields surface_error sets."""

    def emit(self, record: logging.LogRecord) -> None:
        _append_json(
            "log.jsonl",
            {
                "logger": record.name,
                "level": record.levelname,
                "message": record.getMessage(),
                "connector": getattr(record, "connector", None),
                "error_type": getattr(record, "error_type", None),
                "context": getattr(record, "integration_context", None),
                "has_traceback": record.exc_info is not None,
            },
        )


if os.environ.get("RT_IN_WORKER"):  # the worker observes; the test process only sends tasks
    runtime_logger = logging.getLogger("integration_lint.runtime")
    runtime_logger.addHandler(JsonLinesHandler())
    runtime_logger.setLevel(logging.INFO)
    sentry_sdk.init(  # default integrations on, Celery's included, as in production
        dsn="http://public@127.0.0.1:9/1",
        transport=sentry_events_transport(lambda event: _append_json("sentry.jsonl", event)),
    )


def db() -> sqlite3.Connection:
    conn = sqlite3.connect(OUT / "app.sqlite3", timeout=30, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS imported (run TEXT, item TEXT, page TEXT, pid INTEGER)")
    conn.execute("CREATE TABLE IF NOT EXISTS import_rows (run TEXT PRIMARY KEY, status TEXT, error TEXT)")
    return conn


class ImportRow:
    """An import record persisted in SQLite: what surface_error marks failed."""

    def __init__(self, run: str, status: str, error: str) -> None:
        self.run, self.status, self.error = run, status, error

    @classmethod
    def create(cls, run: str) -> ImportRow:
        db().execute("INSERT OR REPLACE INTO import_rows VALUES (?, 'running', '')", (run,))
        return cls.load(run)

    @classmethod
    def load(cls, run: str) -> ImportRow:
        status, error = db().execute("SELECT status, error FROM import_rows WHERE run = ?", (run,)).fetchone()
        return cls(run, status, error)

    def save(self) -> None:
        db().execute("UPDATE import_rows SET status = ?, error = ? WHERE run = ?", (self.status, self.error, self.run))


@sync_task("loopback", "patients", app_label="rt", failure_record=lambda run, path="/patients": ImportRow.load(run),
           checkpoint_store=str(OUT / "checkpoints.sqlite3"), retry_backoff_max=1)
def import_patients(task, run: str, path: str = "/patients") -> dict:
    session = ConnectorSession("loopback", API_URL, timeout=(1, 15))
    pages = 0
    for page in paginate(session.page_fetcher(path, params={"run": run}), CursorPaginator(), checkpoint=task.checkpoint()):
        conn = db()
        conn.executemany(
            "INSERT INTO imported VALUES (?, ?, ?, ?)",
            [(run, item, page.position or "c1", os.getpid()) for item in page.items],
        )
        pages += 1
    return {"pages": pages, "retries": task.request.retries}


@sync_task("loopback", "invoices", app_label="rt", retry_backoff_max=1)
def import_invoices(task, run: str, path: str) -> dict:
    """Retries inline (shared retry preset) while the wait is short; a long wait re-queues."""
    session = ConnectorSession("loopback", API_URL, timeout=(1, 5))

    @retry(attempts=3, max_inline_wait=1.0)
    def fetch() -> dict:
        return session.get(path, params={"run": run}).json()

    return {"body": fetch(), "retries": task.request.retries}


@sync_task("loopback", "visits", app_label="rt", soft_time_limit=1.5,
           checkpoint_store=str(OUT / "checkpoints.sqlite3"))
def import_visits(task, run: str, path: str) -> dict:
    """A sync longer than its soft time limit: each run gets as far as it can."""
    session = ConnectorSession("loopback", API_URL, timeout=(1, 5))
    for page in paginate(session.page_fetcher(path), CursorPaginator(), checkpoint=task.checkpoint()):
        db().executemany(
            "INSERT INTO imported VALUES (?, ?, ?, ?)", [(run, item, page.position or "c1", os.getpid()) for item in page.items]
        )
    return {"retries": task.request.retries}
