"""Per-file results cache: one pickle per (tool version, configuration), written atomically.

An entry is reused when the file's (mtime, size) are unchanged, or else when its content hash is
unchanged. Concurrent runs are safe: each writes a complete file to a temporary name and renames it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .discovery import SourceFile
from .model import FileResult


class ResultCache:
    def __init__(self, directory: Path, version: str, key: str) -> None:
        self.directory = directory
        self.path = directory / f"results-{version}-{key}.pickle"
        self.entries: dict[str, tuple[int, int, str, bool, FileResult]] = {}
        self.dirty = False
        try:
            with open(self.path, "rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            self.entries = {}

    @staticmethod
    def _stat(src: SourceFile) -> tuple[int, int] | None:
        try:
            st = os.stat(src.abspath)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    @staticmethod
    def _digest(src: SourceFile) -> str | None:
        try:
            with open(src.abspath, "rb") as fh:
                return hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            return None

    def get(self, src: SourceFile, need_full: bool = True) -> FileResult | None:
        entry = self.entries.get(src.relpath)
        if entry is None:
            return None
        mtime, size, digest, full, result = entry
        if need_full and not full:
            return None
        stat = self._stat(src)
        if stat is None:
            return None
        if stat == (mtime, size):
            return result
        current = self._digest(src)
        if current == digest:
            self.entries[src.relpath] = (stat[0], stat[1], digest, full, result)
            self.dirty = True
            return result
        return None

    def put(self, src: SourceFile, result: FileResult, full: bool) -> None:
        if result.stat is None or not result.digest:
            return  # unreadable: try again next run
        mtime, size = result.stat
        self.entries[src.relpath] = (mtime, size, result.digest, full, result)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# created by integration-lint\n*\n")
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(self.entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            pass  # a read-only checkout still lints; it only loses the cache
