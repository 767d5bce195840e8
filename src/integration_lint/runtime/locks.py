"""Run locks for ``sync_task``'s idempotency key: Redis (shared by every host) or a SQLite file
(one host). A lock has an owner (the Celery task id) and a TTL, so the redelivery of a task whose
worker died re-enters its own lock, and a crashed run cannot block the sync for longer than the TTL."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Protocol

from .state import ProcessLocalSQLite, default_state_dir

_RELEASE_IF_OWNER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""


class RunLock(Protocol):
    def acquire(self, key: str, owner: str, ttl: float) -> str | None:
        """Take the lock; returns ``None`` on success, else the current owner."""

    def release(self, key: str, owner: str) -> None: ...


class RedisRunLock:
    def __init__(self, url_or_client: Any) -> None:
        if isinstance(url_or_client, str):
            import redis

            url_or_client = redis.Redis.from_url(url_or_client)
        self.redis = url_or_client
        self._release = self.redis.register_script(_RELEASE_IF_OWNER)

    def acquire(self, key: str, owner: str, ttl: float) -> str | None:
        if self.redis.set(key, owner, nx=True, px=int(ttl * 1000)):
            return None
        holder = self.redis.get(key)
        holder = holder.decode() if isinstance(holder, bytes) else holder
        if holder == owner:  # our own message redelivered after a worker died: re-enter
            self.redis.pexpire(key, int(ttl * 1000))
            return None
        if holder is None:  # expired between SET and GET: try once more
            return None if self.redis.set(key, owner, nx=True, px=int(ttl * 1000)) else "unknown"
        return holder

    def release(self, key: str, owner: str) -> None:
        self._release(keys=[key], args=[owner])


class SQLiteRunLock:
    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_state_dir() / "sync-locks.sqlite3"
        self._db = ProcessLocalSQLite(self.path)
        self._connect().execute(
            "CREATE TABLE IF NOT EXISTS run_locks (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at REAL NOT NULL)"
        )

    def _connect(self) -> sqlite3.Connection:
        return self._db.connection()

    def acquire(self, key: str, owner: str, ttl: float) -> str | None:
        conn = self._connect()
        now = time.time()
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT owner, expires_at FROM run_locks WHERE key = ?", (key,)).fetchone()
            if row is not None and row[0] != owner and row[1] > now:
                holder = row[0]
            else:
                conn.execute(
                    "INSERT INTO run_locks (key, owner, expires_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at",
                    (key, owner, now + ttl),
                )
                holder = None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return holder

    def release(self, key: str, owner: str) -> None:
        self._connect().execute("DELETE FROM run_locks WHERE key = ? AND owner = ?", (key, owner))


def run_lock_for(target: Any) -> RunLock:
    """``redis://…`` URL or client → Redis; a path or ``None`` → SQLite file; a lock object as is."""
    if isinstance(target, str) and target.startswith(("redis://", "rediss://", "unix://")):
        return RedisRunLock(target)
    if target is None or isinstance(target, (str, os.PathLike)):
        return SQLiteRunLock(target)
    if hasattr(target, "acquire") and hasattr(target, "release"):
        return target
    return RedisRunLock(target)
