"""``Checkpoint``: where a paginated sync stands, saved after each processed page so it resumes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, Protocol

from .state import ProcessLocalSQLite


class CheckpointStore(Protocol):
    """What a checkpoint store provides; values are JSON text."""

    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def delete(self, key: str) -> None: ...


class MemoryCheckpointStore:
    """A dict-backed store, for tests and one-off scripts (does not survive the process)."""

    def __init__(self, mapping: MutableMapping[str, str] | None = None) -> None:
        self.mapping: MutableMapping[str, str] = {} if mapping is None else mapping

    def get(self, key: str) -> str | None:
        return self.mapping.get(key)

    def set(self, key: str, value: str) -> None:
        self.mapping[key] = value

    def delete(self, key: str) -> None:
        self.mapping.pop(key, None)


class SQLiteCheckpointStore:
    """Checkpoints in a SQLite file, safe for several processes of one host."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._db = ProcessLocalSQLite(self.path)
        self._db.connection().execute(
            "CREATE TABLE IF NOT EXISTS checkpoints (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at REAL NOT NULL)"
        )

    def get(self, key: str) -> str | None:
        row = self._db.connection().execute("SELECT value FROM checkpoints WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set(self, key: str, value: str) -> None:
        self._db.connection().execute(
            "INSERT INTO checkpoints (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, time.time()),
        )

    def delete(self, key: str) -> None:
        self._db.connection().execute("DELETE FROM checkpoints WHERE key = ?", (key,))


def as_checkpoint_store(store: Any) -> CheckpointStore:
    """A path means a SQLite file, a mutable mapping is wrapped, anything else is used as is."""
    if isinstance(store, (str, os.PathLike)):
        return SQLiteCheckpointStore(store)
    if isinstance(store, MutableMapping):
        return MemoryCheckpointStore(store)
    return store


class Checkpoint:
    """The saved position of one sync, under ``key`` in ``store``.

    ``store`` is a ``CheckpointStore`` (``SQLiteCheckpointStore``, the Django adapter's
    ``DjangoCheckpointStore``), a path to a SQLite file, or a dict. Positions are JSON values.
    """

    def __init__(self, store: Any, key: str) -> None:
        self.store = as_checkpoint_store(store)
        self.key = key

    def load(self) -> Any:
        """The saved position, or ``None`` when the sync has not started (or finished)."""
        raw = self.store.get(self.key)
        return None if raw is None else json.loads(raw)

    def save(self, position: Any) -> None:
        self.store.set(self.key, json.dumps(position, sort_keys=True))

    def clear(self) -> None:
        self.store.delete(self.key)

    def __repr__(self) -> str:
        return f"Checkpoint({self.key!r})"
