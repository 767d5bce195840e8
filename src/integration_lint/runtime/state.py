"""Where host-local runtime state (rate-limit buckets, raw responses, checkpoints, task locks)
lives by default."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from pathlib import Path


def default_state_dir() -> Path:
    """``$INTEGRATION_LINT_STATE_DIR`` or ``<tmp>/integration-lint``, created if missing."""
    configured = os.environ.get("INTEGRATION_LINT_STATE_DIR")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "integration-lint"
    path.mkdir(parents=True, exist_ok=True)
    return path


class ProcessLocalSQLite:
    """One autocommit SQLite connection per thread and per process for a database file.

    SQLite connections must not cross a fork (Celery prefork, multiprocessing) and are best kept
    per thread; WAL lets readers proceed while one process writes, and the 30 s busy timeout
    makes concurrent writers queue instead of failing.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn
