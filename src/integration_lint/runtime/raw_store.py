"""``RawResponseStore``: raw API responses kept with their sha256, for audit, re-fetch detection
and retention."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from .state import ProcessLocalSQLite, default_state_dir

_SCHEMA = """
CREATE TABLE IF NOT EXISTS raw_responses (
    id INTEGER PRIMARY KEY,
    connector TEXT NOT NULL,
    request_key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status INTEGER,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    fetched_at REAL NOT NULL,
    last_seen_at REAL NOT NULL,
    UNIQUE (connector, request_key, sha256)
);
CREATE INDEX IF NOT EXISTS raw_responses_last_seen ON raw_responses (last_seen_at);
"""


@dataclasses.dataclass(frozen=True)
class StoredResponse:
    connector: str
    request_key: str
    sha256: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    fetched_at: float
    last_seen_at: float


def as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def as_seconds(older_than: timedelta | float) -> float:
    return older_than.total_seconds() if isinstance(older_than, timedelta) else float(older_than)


class RawResponseStore:
    """Raw responses in a SQLite file (default: ``raw-responses.sqlite3`` in the runtime state
    dir; pass ``location`` to keep an audit trail somewhere durable).

    One row per distinct content of a request: storing the same bytes again for the same
    ``(connector, request_key)`` only refreshes ``last_seen_at`` and reports ``is_new=False``.
    Writers in several threads or processes serialise on SQLite's write lock (WAL mode, 30 s
    busy timeout), so no write is lost.
    """

    def __init__(self, location: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(location) if location is not None else default_state_dir() / "raw-responses.sqlite3"
        self._db = ProcessLocalSQLite(self.path)
        self._db.connection().executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return self._db.connection()

    def put(
        self,
        connector: str,
        request_key: str,
        body: bytes | str,
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[str, bool]:
        """Store ``body``; returns ``(sha256 hex, is_new)`` — ``is_new`` is ``False`` when this
        exact content was already stored for this request (a re-fetch)."""
        data = as_bytes(body)
        digest = hashlib.sha256(data).hexdigest()
        now = time.time()
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            inserted = conn.execute(
                "INSERT INTO raw_responses (connector, request_key, sha256, status, headers, body, fetched_at, last_seen_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connector, request_key, sha256) DO NOTHING",
                (connector, request_key, digest, status, json.dumps(dict(headers or {}), sort_keys=True), data, now, now),
            ).rowcount
            if not inserted:
                conn.execute(
                    "UPDATE raw_responses SET last_seen_at = ? WHERE connector = ? AND request_key = ? AND sha256 = ?",
                    (now, connector, request_key, digest),
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return digest, bool(inserted)

    def get(self, sha256: str) -> StoredResponse | None:
        """The stored response with this content hash (the most recently seen one)."""
        return self._one("WHERE sha256 = ? ORDER BY last_seen_at DESC", (sha256,))

    def latest(self, connector: str, request_key: str) -> StoredResponse | None:
        """The content most recently seen for this request."""
        return self._one(
            "WHERE connector = ? AND request_key = ? ORDER BY last_seen_at DESC, id DESC", (connector, request_key)
        )

    def _one(self, where: str, args: tuple[Any, ...]) -> StoredResponse | None:
        row = self._connect().execute(
            "SELECT connector, request_key, sha256, status, headers, body, fetched_at, last_seen_at "
            f"FROM raw_responses {where} LIMIT 1",
            args,
        ).fetchone()
        if row is None:
            return None
        return StoredResponse(row[0], row[1], row[2], row[3], json.loads(row[4]), bytes(row[5]), row[6], row[7])

    def count(self, connector: str | None = None) -> int:
        if connector is None:
            return self._connect().execute("SELECT COUNT(*) FROM raw_responses").fetchone()[0]
        return self._connect().execute("SELECT COUNT(*) FROM raw_responses WHERE connector = ?", (connector,)).fetchone()[0]

    def purge(self, older_than: timedelta | float, *, connector: str | None = None) -> int:
        """Retention: delete responses not seen for ``older_than`` (a ``timedelta`` or seconds);
        returns how many were deleted."""
        cutoff = time.time() - as_seconds(older_than)
        conn = self._connect()
        if connector is None:
            cursor = conn.execute("DELETE FROM raw_responses WHERE last_seen_at < ?", (cutoff,))
        else:
            cursor = conn.execute(
                "DELETE FROM raw_responses WHERE last_seen_at < ? AND connector = ?", (cutoff, connector)
            )
        return cursor.rowcount
