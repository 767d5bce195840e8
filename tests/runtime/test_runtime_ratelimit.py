"""RateLimiter shared by several OS processes: the total rate never exceeds the limit."""

from __future__ import annotations

import multiprocessing
import uuid

import pytest
from rt_support import limiter_worker

from integration_lint.runtime import RateLimitedError, RateLimiter

PROCESSES = 4
TOLERANCE = 0.1  # seconds between a permit being granted and its process timestamping it (under load)


def run_processes(key, rates, backend, acquisitions, blocking):
    context = multiprocessing.get_context("spawn")  # fresh interpreters, like separate workers
    start = context.Event()
    results = context.Queue()
    processes = [
        context.Process(target=limiter_worker, args=(key, rates, backend, acquisitions, blocking, start, results))
        for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    start.set()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=10)
        assert process.exitcode == 0
    granted = sorted(t for g, _ in outcomes for t in g)
    refused = [r for _, rs in outcomes for r in rs]
    return granted, refused


def assert_never_exceeds(granted, limit, interval):
    for first, later in zip(granted, granted[limit:]):
        # limit+1 permits inside one interval would mean the shared limit leaked
        assert later - first >= interval - TOLERANCE, (later - first, granted)


@pytest.fixture(params=["sqlite", "redis"])
def backend(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "limits.sqlite3")
    return request.getfixturevalue("redis_server").url


def test_blocking_acquire_across_processes_never_exceeds_the_rate(backend):
    limit, interval = 5, 0.5
    granted, refused = run_processes(f"k-{uuid.uuid4().hex}", (limit, interval), backend, 5, True)
    assert refused == [] and len(granted) == PROCESSES * 5
    assert_never_exceeds(granted, limit, interval)
    # 20 permits at 5 per 0.5 s need at least three further windows after the first burst
    assert granted[-1] - granted[0] >= 3 * interval - TOLERANCE


def test_non_blocking_acquire_across_processes_grants_exactly_the_limit(backend):
    limit, interval = 6, 10.0
    granted, refused = run_processes(f"k-{uuid.uuid4().hex}", (limit, interval), backend, 5, False)
    assert len(granted) == limit
    assert len(refused) == PROCESSES * 5 - limit
    assert all(0 < wait <= interval + 0.1 for wait in refused)


def test_several_rates_apply_together(tmp_path):
    limiter = RateLimiter("multi", [(2, 0.2), (3, 10)], backend=tmp_path / "l.sqlite3")
    try:
        limiter.acquire(blocking=False)
        limiter.acquire(blocking=False)
        with pytest.raises(RateLimitedError) as per_window:
            limiter.acquire(blocking=False)
        assert per_window.value.retry_after <= 0.3
        limiter.acquire(blocking=True, timeout=2)
        with pytest.raises(RateLimitedError) as per_ten_seconds:
            limiter.acquire(blocking=True, timeout=0.3)
        assert per_ten_seconds.value.retry_after > 5
    finally:
        limiter.close()


def test_default_backend_is_a_sqlite_file_in_the_state_dir(state_dir):
    with RateLimiter("default-backend", (1, 5)) as limiter:
        limiter.acquire(blocking=False)
    assert (state_dir / "rate-limits.sqlite3").exists()
    with RateLimiter("default-backend", (1, 5)) as again, pytest.raises(RateLimitedError):
        again.acquire(blocking=False)  # a second instance (another process, in real life) sees the permit


def forked_acquirer(limiter, results):
    granted = 0
    for _ in range(3):
        try:
            limiter.acquire(blocking=False)
            granted += 1
        except RateLimitedError:  # the test counts refusals on purpose
            pass
    limiter.close()
    results.put(granted)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_limiter_created_before_a_fork_is_shared_by_the_forked_children(kind, request, tmp_path):
    """Like a module-level limiter in a Celery app: created in the master, used in the pool."""
    backend = str(tmp_path / "l.sqlite3") if kind == "sqlite" else request.getfixturevalue("redis_server").url
    limiter = RateLimiter(f"forked-{uuid.uuid4().hex}", (5, 30), backend=backend)
    limiter.acquire(blocking=False)  # the parent uses it too
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    children = [context.Process(target=forked_acquirer, args=(limiter, results)) for _ in range(3)]
    for child in children:
        child.start()
    granted = sum(results.get(timeout=30) for _ in children)
    for child in children:
        child.join(timeout=10)
        assert child.exitcode == 0
    assert granted == 4  # 5 permits in the window, one taken by the parent before forking
    with pytest.raises(RateLimitedError):
        limiter.acquire(blocking=False)
    limiter.close()
