"""Fixtures for the runtime tests: loopback HTTP API, redis-server on a free port, isolated state
dir. The Celery worker fixture lives in test_runtime_tasks.py (only those tests need it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rt_support import LoopbackAPI, RedisServer, start_redis, stop_process


@pytest.fixture
def api() -> Iterator[LoopbackAPI]:
    with LoopbackAPI() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    process, server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        stop_process(process, grace=5)


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Isolate the runtime's default state dir (rate-limit and raw-response files) per test."""
    monkeypatch.setenv("INTEGRATION_LINT_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"
