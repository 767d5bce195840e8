"""sync_task run by a real Celery worker (prefork pool, Redis broker on loopback) against the
loopback API: retries with the server's wait, resume after the worker process is killed,
one run per idempotency key, and a permanent failure surfaced on log, Sentry and the record."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rt_support import LoopbackAPI, Reply, cursor_pages, stop_process

HERE = Path(__file__).parent
PAGES = [[f"patient-{page}-{i}" for i in range(2)] for page in range(1, 6)]  # 5 pages of 2


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Worker:
    def __init__(self, out: Path, process: subprocess.Popen, module) -> None:
        self.out, self.process, self.module = out, process, module

    def task(self, name: str):
        """The task bound to the worker's app (not whichever Celery app is current here)."""
        return self.module.app.tasks[f"rt.sync.loopback.{name}"]

    def imported(self, run: str) -> list[tuple[str, str, int]]:
        with sqlite3.connect(self.out / "app.sqlite3", timeout=30) as conn:
            return conn.execute("SELECT item, page, pid FROM imported WHERE run = ? ORDER BY rowid", (run,)).fetchall()

    def import_row(self, run: str):
        with sqlite3.connect(self.out / "app.sqlite3", timeout=30) as conn:
            return conn.execute("SELECT status, error FROM import_rows WHERE run = ?", (run,)).fetchone()

    def jsonl(self, name: str) -> list[dict]:
        path = self.out / name
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture(scope="module")
def task_api() -> Iterator[LoopbackAPI]:
    with LoopbackAPI() as server:
        yield server


@pytest.fixture(scope="module")
def worker(redis_server, task_api, tmp_path_factory) -> Iterator[Worker]:
    out = tmp_path_factory.mktemp("celery")
    env = {
        **os.environ,
        "RT_BROKER_URL": redis_server.url.replace("/0", "/2"),
        "RT_RESULT_URL": redis_server.url.replace("/0", "/3"),
        "RT_API_URL": task_api.base_url,
        "RT_DIR": str(out),
        "RT_IN_WORKER": "1",
        "INTEGRATION_LINT_STATE_DIR": str(out / "state"),
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    patch = pytest.MonkeyPatch()
    for name in ("RT_BROKER_URL", "RT_RESULT_URL", "RT_API_URL", "RT_DIR"):  # to import the app here too
        patch.setenv(name, env[name])
    log = open(out / "worker.log", "w")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "rt_celery_app", "worker", "--pool=prefork", "--concurrency=2",
         "--loglevel=INFO", "-Q", "rt", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"rt-{os.getpid()}@%h"],
        cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    import rt_celery_app

    try:
        wait_for(lambda: "ready." in (out / "worker.log").read_text() or process.poll() is not None, 30, "worker ready")
        assert process.poll() is None, (out / "worker.log").read_text()
        yield Worker(out, process, rt_celery_app)
    finally:
        stop_process(process)
        log.close()
        patch.undo()


def test_task_is_named_after_app_connector_and_resource(worker):
    task = worker.task("patients")
    assert task.name == "rt.sync.loopback.patients"
    assert task.acks_late and task.reject_on_worker_lost
    assert task.max_retries == 8 and task.soft_time_limit == 900


def test_retries_transient_failures_and_waits_what_the_server_asked(worker, task_api):
    path = "/patients-flaky"
    failures = [Reply(503), Reply(429, headers={"Retry-After": "2"})]
    pages = cursor_pages(PAGES, fail=lambda n: failures.pop(0) if n == 2 and failures else None)
    task_api.route(path, pages)

    result = worker.task("patients").delay("flaky", path)
    outcome = result.get(timeout=30)
    assert outcome == {"pages": 4, "retries": 2}  # the first page was checkpointed before the failures

    cursors = [r.query.get("cursor", "c1") for r in task_api.requests_to(path)]
    assert cursors == ["c1", "c2", "c2", "c2", "c3", "c4", "c5"]
    arrivals = [r.at for r in task_api.requests_to(path)]
    wait_after_429 = arrivals[3] - arrivals[2]
    assert 2.0 <= wait_after_429 < 5.0  # Retry-After: 2, not the backoff formula (<= 1 s here)
    items = [item for item, _, _ in worker.imported("flaky")]
    assert items == [i for p in PAGES for i in p]


def test_long_inline_wait_escalates_to_a_requeue_with_the_servers_countdown(worker, task_api):
    path = "/invoices"
    replies = [Reply(429, headers={"Retry-After": "0.5"}), Reply(429, headers={"Retry-After": "2"})]
    task_api.route(path, lambda q: replies.pop(0) if replies else Reply(200, {"total": 3}))
    outcome = worker.task("invoices").delay("inv", path).get(timeout=30)
    assert outcome == {"body": {"total": 3}, "retries": 1}  # one re-queue, the short wait was slept inline
    arrivals = [r.at for r in task_api.requests_to(path)]
    assert len(arrivals) == 3
    assert 0.5 <= arrivals[1] - arrivals[0] < 1.5  # slept in the worker: 0.5 s <= max_inline_wait
    assert 2.0 <= arrivals[2] - arrivals[1] < 5.0  # 2 s > max_inline_wait: RetryLater -> self.retry(countdown=2)


def test_killed_worker_process_resumes_from_checkpoint_without_reimporting(worker, task_api):
    path = "/patients-kill"
    release = threading.Event()

    def fail(number):
        if number == 3 and not release.is_set():
            release.wait(timeout=20)  # hold page 3 open while the test kills the worker process
            return Reply(503)
        return None

    task_api.route(path, cursor_pages(PAGES, fail=fail))
    result = worker.task("patients").delay("kill", path)
    wait_for(lambda: any(r.query.get("cursor") == "c3" for r in task_api.requests_to(path)), 20, "page 3 requested")
    victim = wait_for(lambda: {pid for _, _, pid in worker.imported("kill")}, 5, "pages 1-2 imported")
    assert len(victim) == 1
    os.kill(victim.pop(), signal.SIGKILL)
    release.set()

    outcome = result.get(timeout=30)
    assert outcome["pages"] == 3  # pages 3, 4, 5 in the redelivered run
    cursors = [r.query.get("cursor", "c1") for r in task_api.requests_to(path)]
    assert cursors == ["c1", "c2", "c3", "c3", "c4", "c5"]  # nothing before the checkpoint fetched twice
    rows = worker.imported("kill")
    assert [item for item, _, _ in rows] == [i for p in PAGES for i in p]  # every item imported once
    assert len({pid for _, _, pid in rows}) == 2  # by two different worker processes


def test_sync_longer_than_its_soft_time_limit_continues_from_its_checkpoint(worker, task_api):
    path = "/visits-slow"
    pages = [[f"visit-{n}"] for n in range(1, 7)]
    slow_pages = cursor_pages(pages)
    task_api.route(path, lambda q: dataclasses.replace(slow_pages(q), delay=0.4))  # 6 x 0.4 s > 1.5 s

    outcome = worker.task("visits").delay("slow", path).get(timeout=30)
    assert outcome["retries"] >= 1  # the soft limit re-queued it at least once instead of failing
    cursors = [r.query.get("cursor", "c1") for r in task_api.requests_to(path)]
    # each run re-fetches at most the page it was interrupted on, never one before its checkpoint
    assert sorted(set(cursors)) == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert len(cursors) - 6 <= outcome["retries"]
    assert {item for item, _, _ in worker.imported("slow")} == {f"visit-{n}" for n in range(1, 7)}


def test_same_sync_does_not_run_twice_at_once(worker, task_api):
    path = "/patients-slow"
    task_api.route(path, lambda q: Reply(200, {"data": ["only"], "next_cursor": None}, delay=1.5))
    first = worker.task("patients").delay("once", path)
    wait_for(lambda: task_api.requests_to(path), 10, "first run started")
    second = worker.task("patients").delay("once", path)
    skipped = second.get(timeout=10)
    assert skipped["skipped"] == "already running" and skipped["running"] == first.id
    assert first.get(timeout=10) == {"pages": 1, "retries": 0}
    assert len(task_api.requests_to(path)) == 1
    assert worker.imported("once") == [("only", "c1", worker.imported("once")[0][2])]


def test_permanent_failure_surfaces_on_log_sentry_and_record(worker, task_api):
    path = "/patients-forbidden"
    task_api.route(path, Reply(403, {"error": "token revoked"}))
    worker.module.ImportRow.create("denied")
    result = worker.task("patients").delay("denied", path)
    with pytest.raises(Exception) as info:
        result.get(timeout=20)
    assert type(info.value).__name__ == "PermanentError"
    assert len(task_api.requests_to(path)) == 1  # not retried

    status, error = wait_for(lambda: worker.import_row("denied")[0] == "failed" and worker.import_row("denied"), 10, "import row failed")
    assert "PermanentError" in error and "403" in error

    logged = wait_for(
        lambda: [r for r in worker.jsonl("log.jsonl") if r["error_type"] == "PermanentError" and "403" in r["message"]],
        10, "the structured log line",
    )
    assert logged[0]["connector"] == "loopback" and logged[0]["level"] == "ERROR" and logged[0]["has_traceback"]
    assert logged[0]["context"]["resource"] == "patients" and logged[0]["context"]["task_id"] == result.id

    events = wait_for(
        lambda: [e for e in worker.jsonl("sentry.jsonl") if "403" in json.dumps(e.get("exception", {}))],
        10, "the Sentry event",
    )
    assert len(events) == 1  # one event, not one per channel or per integration
    assert events[0]["tags"]["connector"] == "loopback"
    assert events[0]["exception"]["values"][-1]["type"] == "PermanentError"
