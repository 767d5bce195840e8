"""Results cache: a small manifest read on every run, the heavy per-file data read on demand.

Layout under the cache folder, one sub-folder per (tool version, key); the key hashes the
analysing code (engine.code_fingerprint), the configuration and the enabled rules:

    <version>-<key>/manifest.pickle    relpath -> (mtime_ns, size, sha256, full, facts key,
                                        has pending, findings, suppressions, skipped)
    <version>-<key>/project.pickle     the project pass's decided findings per file that has
                                        pending findings, valid for one project key (the sorted
                                        (relpath, facts key) pairs)
    <version>-<key>/objects/ab/<sha256>.<full|facts>.pickle   facts of one content
    <version>-<key>/objects/ab/<sha256>.pending.pickle        its pending findings (if any)

Why split: a warm run with nothing changed needs, per file, only its stat, its final findings and
its suppressions — not the facts (call lists of every function) nor the thousands of pending
findings the project pass decided last time. It reads the manifest and the project decisions
(both small) and never builds the project index. When something changed, the heavy objects are
loaded: a file's pending findings when they must be decided again, every module's facts only when
the project index must be rebuilt.

An entry is reused when the file's (mtime, size) are unchanged, or else when its content hash is
unchanged. Every file is written to a temporary name and renamed, so concurrent runs are safe;
objects are content-addressed, so two runs never write different data under the same name.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from .discovery import SourceFile
from .model import FileResult

_LOAD_ERRORS = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError,
                ValueError, IndexError, KeyError)
PRUNE_SLACK = 256  # unreferenced objects tolerated before a save prunes them
KEEP_FOLDERS = 4  # cache folders (version, key) kept side by side: a few configurations in turn


# ------------------------------------------------------------------------ facts key
_FIELDS: dict[type, tuple[str, ...]] = {}
_ATOMS = (str, int, float, bool, bytes, type(None))


def _canon(obj: object) -> object:
    """A deterministic, hashable, repr-stable form of a facts value (sets sorted)."""
    if isinstance(obj, _ATOMS):
        return obj
    if isinstance(obj, (list, tuple)):
        if all(isinstance(x, _ATOMS) for x in obj):
            return tuple(obj)
        return tuple(_canon(x) for x in obj)
    if isinstance(obj, dict):
        return tuple((k, _canon(v)) for k, v in obj.items())
    if isinstance(obj, (set, frozenset)):
        return ("<set>",) + tuple(sorted((_canon(x) for x in obj), key=repr))
    kind = type(obj)
    names = _FIELDS.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(obj):
            return (kind.__name__, repr(obj))
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(obj))
    return (kind.__name__,) + tuple(_canon(getattr(obj, n)) for n in names)


def facts_key(facts: object | None) -> str:
    """Content key of a module's facts: equal facts give equal keys in every process."""
    if facts is None:
        return ""
    return hashlib.blake2b(repr(_canon(facts)).encode("utf-8"), digest_size=16).hexdigest()


def project_key(pairs: list[tuple[str, str]]) -> str:
    """Key of the project pass's input: every indexed module's (relpath, facts key)."""
    h = hashlib.blake2b(digest_size=16)
    for relpath, key in sorted(pairs):
        h.update(f"{relpath}\x00{key}\x01".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# ------------------------------------------------------------------------ the cache
class ResultCache:
    def __init__(self, directory: Path, version: str, key: str) -> None:
        self.directory = directory
        self.folder = directory / f"{version}-{key}"
        self.manifest_path = self.folder / "manifest.pickle"
        self.project_path = self.folder / "project.pickle"
        self.objects = self.folder / "objects"
        # relpath -> (mtime_ns, size, digest, full, facts_key, has_pending, findings, suppressions, skipped)
        self.entries: dict[str, tuple] = {}
        self.dirty = False
        self._new_facts: dict[str, object] = {}  # "<digest>.<full|facts>" -> facts
        self._new_pending: dict[str, tuple] = {}  # digest -> pending findings
        self._project: tuple[str, dict[str, tuple[str, list]]] | None = None
        self._project_dirty = False
        loaded = self._load(self.manifest_path)
        if isinstance(loaded, dict):
            self.entries = loaded

    @staticmethod
    def _load(path: Path) -> object:
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except _LOAD_ERRORS:
            return None

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

    def _object_path(self, digest: str, kind: str) -> Path:
        return self.objects / digest[:2] / f"{digest}.{kind}.pickle"

    # ------------------------------------------------------------- per-file entries
    def get(self, src: SourceFile, need_full: bool = True) -> FileResult | None:
        """A *light* result (no facts, no pending) when the cached entry is still valid.

        Use `facts_key()` / `has_pending()` to know what the light result leaves out, and
        `load_facts()` / `load_pending()` to read it."""
        entry = self.entries.get(src.relpath)
        if entry is None:
            return None
        mtime, size, digest, full = entry[:4]
        if need_full and not full:
            return None
        stat = self._stat(src)
        if stat is None:
            return None
        if stat != (mtime, size):
            if self._digest(src) != digest:
                return None
            entry = (stat[0], stat[1], *entry[2:])
            self.entries[src.relpath] = entry
            self.dirty = True
        findings, suppressions, skipped = entry[6], entry[7], entry[8]
        return FileResult(
            path=src.relpath,
            findings=list(findings),
            suppressions=list(suppressions),
            skipped=skipped,
            digest=digest,
            stat=(entry[0], entry[1]),
        )

    def facts_key(self, relpath: str) -> str:
        entry = self.entries.get(relpath)
        return entry[4] if entry else ""

    def has_pending(self, relpath: str) -> bool:
        entry = self.entries.get(relpath)
        return bool(entry and entry[5])

    def is_full(self, relpath: str) -> bool:
        entry = self.entries.get(relpath)
        return bool(entry and entry[3])

    def load_facts(self, relpath: str) -> tuple[bool, object]:
        """(found, facts) of the cached entry; not found when the object is gone or unreadable."""
        entry = self.entries.get(relpath)
        if entry is None:
            return False, None
        if not entry[4]:
            return True, None  # the file had no facts (empty, skipped, not parseable)
        kind = "full" if entry[3] else "facts"
        name = f"{entry[2]}.{kind}"
        if name in self._new_facts:
            return True, self._new_facts[name]
        loaded = self._load(self._object_path(entry[2], kind))
        if loaded is None:
            return False, None
        return True, loaded

    def load_pending(self, relpath: str) -> list | None:
        """The cached entry's pending findings, or None when the object is gone or unreadable."""
        entry = self.entries.get(relpath)
        if entry is None:
            return None
        if not entry[5]:
            return []
        if entry[2] in self._new_pending:
            return list(self._new_pending[entry[2]])
        loaded = self._load(self._object_path(entry[2], "pending"))
        return list(loaded) if isinstance(loaded, (list, tuple)) else None

    def put(self, src: SourceFile, result: FileResult, full: bool, key: str | None = None) -> None:
        if result.stat is None or not result.digest:
            return  # unreadable: try again next run
        mtime, size = result.stat
        if key is None:
            key = facts_key(result.facts)
        self.entries[src.relpath] = (
            mtime, size, result.digest, full, key, bool(result.pending),
            tuple(result.findings), tuple(result.suppressions), result.skipped,
        )
        if key:
            self._new_facts[f"{result.digest}.{'full' if full else 'facts'}"] = result.facts
        if result.pending:
            self._new_pending[result.digest] = tuple(result.pending)
        self.dirty = True

    # ------------------------------------------------------------- project decisions
    def decided(self, key: str) -> dict[str, tuple[str, list]]:
        """relpath -> (digest, decided findings) stored for this project key (else empty)."""
        if self._project is None:
            loaded = self._load(self.project_path)
            ok = isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], dict)
            self._project = loaded if ok else ("", {})  # type: ignore[assignment]
        stored_key, decided = self._project  # type: ignore[misc]
        return decided if stored_key == key else {}

    def store_decided(self, key: str, decided: dict[str, tuple[str, list]]) -> None:
        if not decided:
            return
        previous = self.decided(key)
        merged = {**previous, **decided} if previous else dict(decided)
        if merged != previous:
            self._project = (key, merged)
            self._project_dirty = True

    # ------------------------------------------------------------- writing
    def _write(self, path: Path, obj: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def save(self) -> None:
        if not (self.dirty or self._project_dirty or self._new_facts or self._new_pending):
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# created by integration-lint\n*\n")
            for name, facts in self._new_facts.items():
                digest, kind = name.rsplit(".", 1)
                path = self._object_path(digest, kind)
                if not path.exists():
                    self._write(path, facts)
            for digest, pending in self._new_pending.items():
                path = self._object_path(digest, "pending")
                if not path.exists():
                    self._write(path, pending)
            self._new_facts.clear()
            self._new_pending.clear()
            if self.dirty:
                created = not self.manifest_path.exists()
                self._write(self.manifest_path, self.entries)
                if created:
                    self._prune_folders()
                self.dirty = False
                self._prune()
            if self._project_dirty and self._project is not None:
                self._write(self.project_path, self._project)
                self._project_dirty = False
        except OSError:
            pass  # a read-only checkout still lints; it only loses the cache

    def _prune_folders(self) -> None:
        """Keep the KEEP_FOLDERS most recently written cache folders, this one included: each
        tool version, build or configuration gets its own folder, and the ones nobody uses any
        more would otherwise pile up (a pre-commit hook and a CI job with other options still
        keep theirs)."""
        folders = []
        try:
            for entry in os.scandir(self.directory):
                manifest = os.path.join(entry.path, "manifest.pickle")
                if entry.is_dir() and os.path.exists(manifest):
                    folders.append((os.stat(manifest).st_mtime_ns, entry.path))
        except OSError:
            return
        folders.sort(reverse=True)
        for _mtime, path in folders[KEEP_FOLDERS:]:
            if os.path.samefile(path, self.folder):
                continue
            shutil.rmtree(path, ignore_errors=True)

    def _prune(self) -> None:
        """Remove objects no manifest entry refers to, once there are enough of them."""
        try:
            folders = list(os.scandir(self.objects))
        except OSError:
            return
        names = [(f.path, e.name) for f in folders if f.is_dir() for e in os.scandir(f.path)]
        if len(names) <= len(self.entries) + PRUNE_SLACK:
            return
        live = {f"{e[2]}.{'full' if e[3] else 'facts'}.pickle" for e in self.entries.values()}
        live |= {f"{e[2]}.pending.pickle" for e in self.entries.values() if e[5]}
        for folder, name in names:
            if name not in live and not name.startswith(".tmp-"):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass
