"""The idempotency lock behind sync_task, on both backends."""

from __future__ import annotations

import time
import uuid

import pytest

from integration_lint.runtime.locks import RedisRunLock, SQLiteRunLock, run_lock_for
from integration_lint.runtime.tasks import idempotency_key


@pytest.fixture(params=["sqlite", "redis"])
def lock(request, tmp_path):
    if request.param == "sqlite":
        return SQLiteRunLock(tmp_path / "locks.sqlite3")
    return RedisRunLock(request.getfixturevalue("redis_server").url)


def test_second_owner_is_refused_and_told_who_holds_it(lock):
    key = f"k-{uuid.uuid4()}"
    assert lock.acquire(key, "task-1", ttl=30) is None
    assert lock.acquire(key, "task-2", ttl=30) == "task-1"
    lock.release(key, "task-2")  # not the owner: no effect
    assert lock.acquire(key, "task-2", ttl=30) == "task-1"
    lock.release(key, "task-1")
    assert lock.acquire(key, "task-2", ttl=30) is None


def test_same_owner_re_enters_after_its_worker_died(lock):
    key = f"k-{uuid.uuid4()}"
    assert lock.acquire(key, "task-1", ttl=30) is None
    assert lock.acquire(key, "task-1", ttl=30) is None  # redelivered message, same task id


def test_a_crashed_holder_blocks_only_until_the_ttl(lock):
    key = f"k-{uuid.uuid4()}"
    assert lock.acquire(key, "crashed", ttl=0.2) is None
    assert lock.acquire(key, "next", ttl=30) == "crashed"
    time.sleep(0.3)
    assert lock.acquire(key, "next", ttl=30) is None


def test_backend_selection(tmp_path, redis_server):
    assert isinstance(run_lock_for(redis_server.url), RedisRunLock)
    assert isinstance(run_lock_for(tmp_path / "l.sqlite3"), SQLiteRunLock)


def test_idempotency_key_depends_on_connector_resource_and_arguments():
    base = idempotency_key("doctolib", "patients", ["acme"], {"since": "2026-01-01"})
    assert base == idempotency_key("doctolib", "patients", ("acme",), {"since": "2026-01-01"})
    assert base != idempotency_key("doctolib", "patients", ["other"], {"since": "2026-01-01"})
    assert base != idempotency_key("doctolib", "visits", ["acme"], {"since": "2026-01-01"})
    assert base != idempotency_key("pennylane", "patients", ["acme"], {"since": "2026-01-01"})
