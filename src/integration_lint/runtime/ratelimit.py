"""``RateLimiter``: one shared limit per key across threads, processes (SQLite) or hosts (Redis),
on pyrate-limiter."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any

from pyrate_limiter import Duration, Limiter, Rate, RateItem, RedisBucket, SQLiteBucket
from pyrate_limiter.buckets.redis_bucket import LuaScript

from .errors import RateLimitedError
from .state import default_state_dir


def _to_rate(spec: Any) -> Rate:
    if isinstance(spec, Rate):
        return spec
    limit, seconds = spec
    return Rate(int(limit), int(Duration.SECOND * seconds))


_WINDOW_COUNT = "redis.call('ZCOUNT', bucket, window_start, now)"
_WINDOW_COUNT_ALL = "redis.call('ZCOUNT', bucket, window_start, '+inf')"


class _SharedRedisBucket(RedisBucket):
    """pyrate-limiter's RedisBucket, counting every entry since the window start.

    Each client stamps its request with its own clock before the Lua script runs, so a request
    stamped a millisecond earlier can reach Redis after one stamped later. The stock script
    counts ``[window_start, now]`` and misses that later-stamped entry, admitting one request
    too many under contention (measured: 7 permits for a limit of 6 with 4 processes). Counting
    up to ``+inf`` closes the gap; everything else is the library's script.
    """

    SCRIPT = LuaScript.PUT_ITEM.replace(_WINDOW_COUNT, _WINDOW_COUNT_ALL)

    @classmethod
    def init(cls, rates: Any, redis: Any, bucket_key: str, algorithm: Any = None) -> _SharedRedisBucket:
        if _WINDOW_COUNT not in LuaScript.PUT_ITEM:  # the library changed its script: re-check the fix
            raise RuntimeError("pyrate-limiter's RedisBucket script changed; review _SharedRedisBucket")
        return cls(rates, redis, bucket_key, redis.script_load(cls.SCRIPT), algorithm)


class _ShortFileLock:
    """Adapts filelock's ``FileLock`` to the ``acquire(blocking, timeout)`` shape pyrate-limiter's
    Limiter calls (it passes ``blocking`` positionally, which filelock >= 4 reads as a timeout).

    The lock only guards one count-and-insert, so even a non-blocking *permit* request may wait
    for it: "non-blocking" is about the rate limit, not about this microseconds-long section.
    """

    def __init__(self, file_lock: Any, max_wait: float = 30.0) -> None:
        self._file_lock = file_lock
        self._max_wait = max_wait

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Take the file lock, waiting at most ``timeout`` (or ``max_wait``) seconds; past that,
        filelock's ``Timeout`` (a ``TimeoutError``) propagates, as the Limiter expects."""
        wait = self._max_wait if timeout is None or timeout < 0 else min(timeout, self._max_wait)
        self._file_lock.acquire(timeout=wait)
        return True

    def release(self) -> None:
        self._file_lock.release()

    def __enter__(self) -> _ShortFileLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


class RateLimiter:
    """A named rate limit shared by every process that uses the same key and backend.

    ``rates``: a ``pyrate_limiter.Rate``, a list of them, or ``(limit, seconds)`` tuples, e.g.
    ``[(10, 1), (500, 60)]`` for 10/s and 500/min.

    ``backend``: ``None`` (a SQLite file in the runtime state dir, shared by the processes of one
    host), a path to a SQLite file, a ``redis://`` URL (shared across hosts), or a ``redis.Redis``
    client.
    """

    def __init__(self, key: str, rates: Any, *, backend: Any = None) -> None:
        self.key = key
        self.rates = [_to_rate(spec) for spec in (rates if isinstance(rates, list) else [rates])]
        self.backend = backend
        self._pid: int | None = None
        self._state_lock = threading.Lock()
        self._ensure_limiter()  # fail fast on a bad backend

    def _ensure_limiter(self) -> Limiter:
        """The pyrate-limiter objects of *this* process.

        They are built on first use in each process: a limiter created at import time in a
        Celery master would otherwise hand its SQLite connection, file lock and cleanup thread
        to the forked pool processes, which neither SQLite nor threads survive.
        """
        if self._pid == os.getpid():
            return self._limiter
        with self._state_lock:
            if self._pid == os.getpid():
                return self._limiter
            backend, key, rates = self.backend, self.key, self.rates
            if backend is not None and not isinstance(backend, (str, os.PathLike)):
                bucket = _SharedRedisBucket.init(rates, backend, bucket_key=f"integration-lint:rate:{key}")
            elif isinstance(backend, str) and backend.startswith(("redis://", "rediss://", "unix://")):
                import redis

                bucket = _SharedRedisBucket.init(rates, redis.Redis.from_url(backend), bucket_key=f"integration-lint:rate:{key}")
            else:
                db_path = Path(backend) if backend is not None else default_state_dir() / "rate-limits.sqlite3"
                table = "rate_" + re.sub(r"[^0-9A-Za-z_]", "_", key)
                # the file lock makes check-and-insert atomic across the processes of this host
                bucket = SQLiteBucket.init_from_file(rates, table=table, db_path=str(db_path), use_file_lock=True)
                bucket.lock = _ShortFileLock(bucket.lock)
            self._bucket = bucket
            self._limiter = Limiter(bucket)
            self._pid = os.getpid()
            return self._limiter

    def acquire(self, blocking: bool = True, *, weight: int = 1, timeout: float | None = None) -> None:
        """Take ``weight`` permits. Blocking waits for them (up to ``timeout`` seconds if given);
        non-blocking raises ``RateLimitedError`` with ``retry_after`` = seconds until one frees up.
        A blocking acquire that times out raises ``RateLimitedError`` too."""
        limiter = self._ensure_limiter()
        if blocking:
            try:
                acquired = limiter.try_acquire(self.key, weight=weight, blocking=True, timeout=-1 if timeout is None else timeout)
            except TimeoutError:
                acquired = False
            if not acquired:
                raise RateLimitedError(f"rate limit {self.key!r} not acquired within {timeout}s", retry_after=self._wait_seconds(weight))
            return
        if not limiter.try_acquire(self.key, weight=weight, blocking=False):
            wait = self._wait_seconds(weight)
            raise RateLimitedError(f"rate limit {self.key!r} reached; retry in {wait:.3f}s", retry_after=wait)

    def _wait_seconds(self, weight: int) -> float:
        probe = RateItem(self.key, self._bucket.now(), weight=weight)
        wait_ms = self._bucket.waiting(probe)
        if wait_ms < 0:  # the weight can never fit under these rates
            raise ValueError(f"weight {weight} exceeds rate limit {self.rates} of {self.key!r}")
        return (wait_ms + self._limiter.buffer_ms) / 1000

    def close(self) -> None:
        """Stop this process's cleanup thread and close its connections (idempotent)."""
        with self._state_lock:
            if self._pid != os.getpid():
                return
            # The Redis client is left to the garbage collector: pyrate-limiter's cleanup thread
            # may be mid-call when close() returns, and closing the client under it would crash it.
            self._limiter.close()
            self._pid = None

    def __enter__(self) -> RateLimiter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RateLimiter({self.key!r}, {self.rates!r})"
