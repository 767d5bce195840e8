"""Lint a text that is not (or not yet) on disk, in the context of its project.

The fixer re-lints a file after each round of fixes, and the LSP lints the editor's unsaved
buffer. Both go through the engine's own per-file function (`engine.analyse_file`, fed a private
temporary copy of the text) and its own filters (`Engine._finalise`: pending findings decided by
the project pass, per-file-ignores, suppressions), with the project facts of every other module
— so an in-memory result is exactly what `check` reports once the text is saved.
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import tempfile
import threading
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..config import Config
from ..discovery import SourceFile, discover
from ..engine import Engine, _init_worker, analyse_file
from ..model import FileResult, Finding
from ..project import ProjectIndex


_ENGINE_LOCK = threading.Lock()


@dataclass
class LintedText:
    findings: list[Finding]
    result: FileResult


def _shape(value: object) -> object:
    """Facts as a hashable structure without line numbers (`line` fields, `(name, line)` pairs)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple(
                (f.name, _shape(getattr(value, f.name)))
                for f in dataclasses.fields(value)
                if f.name != "line"
            ),
        )
    if isinstance(value, dict):
        return tuple(sorted(((str(k), _shape(v)) for k, v in value.items()), key=lambda kv: kv[0]))
    if isinstance(value, (list, tuple)):
        if (
            len(value) == 2
            and isinstance(value[0], str)
            and isinstance(value[1], int)
            and not isinstance(value[1], bool)
        ):
            return value[0]
        return tuple(_shape(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_shape(v)) for v in value))
    return value


def encoding_for(text: str) -> str:
    """The encoding a PEP 263 cookie in `text` declares (UTF-8 without one)."""
    head = "".join(text.splitlines(keepends=True)[:2]).encode("utf-8", "surrogatepass")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(head).readline)
    except SyntaxError:
        return "utf-8"
    return "utf-8" if encoding == "utf-8-sig" else encoding


class InMemoryLinter:
    """One project (configuration + rule selection); thread-safe."""

    def __init__(
        self,
        config: Config,
        *,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        jobs: int | None = None,
        use_cache: bool = True,
    ) -> None:
        self.config = config
        self.engine = Engine(config, select=select, ignore=ignore, jobs=jobs, use_cache=use_cache)
        self.facts: dict[str, object] = {}  # relpath -> ModuleFacts
        self._lock = threading.RLock()
        self._index: ProjectIndex | None = None
        self._index_key: object = None
        self._tmpdir = tempfile.mkdtemp(prefix="integration-lint-")

    def close(self) -> None:
        shutil.rmtree(self._tmpdir, ignore_errors=True)

    def __enter__(self) -> "InMemoryLinter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ project facts
    def project_files(self, paths: Iterable[Path] | None = None) -> list[SourceFile]:
        """The files whose facts the project pass needs, as `Engine.run` chooses them."""
        targets = list(paths) if paths else [self.config.root]
        files = {f.relpath: f for f in discover(targets, self.config)}
        if paths is None or self.engine._needs_project_index(targets):
            for f in discover([self.config.root], self.config):
                files.setdefault(f.relpath, f)
        return list(files.values())

    def load_facts(self, paths: Iterable[Path] | None = None) -> int:
        """Read (or take from the cache) the facts of every project module; returns how many."""
        files = self.project_files(paths)
        with _ENGINE_LOCK, self._lock:
            results, _, _ = self.engine._analyse([], files)
            for relpath, res in results.items():
                if res.facts is not None:
                    self.facts[relpath] = res.facts
            self._index = None
            _init_worker(self.config, self.engine.codes)
        return len(self.facts)

    def index(self, replace: tuple[str, object] | None = None) -> ProjectIndex:
        """The project pass over every module's facts, `replace` standing in for one module.

        Building it and computing its call chains costs about a second on a large project, and
        the editor re-lints on every pause in typing: the last index is reused while the
        replaced module's facts keep their shape (only line numbers moved), since the project
        pass decides and words findings from names, never from lines.
        """
        key = (replace[0], _shape(replace[1])) if replace is not None else None
        if self._index is not None and self._index_key == key:
            return self._index
        facts = dict(self.facts)
        if replace is not None:
            relpath, module_facts = replace
            if module_facts is None:
                facts.pop(relpath, None)
            else:
                facts[relpath] = module_facts
        extra = tuple(self.config.http_clients) + tuple(self.config.sdk_clients)
        index = ProjectIndex(facts.values(), extra_clients=extra)  # type: ignore[arg-type]
        self._index, self._index_key = index, key
        return index

    # ------------------------------------------------------------------ linting
    def analyse_bytes(self, relpath: str, data: bytes) -> FileResult:
        # The engine keeps the worker's configuration in module globals: one analysis at a time
        # per process, whichever project it belongs to.
        with _ENGINE_LOCK, self._lock:
            _init_worker(self.config, self.engine.codes)
            tmp = os.path.join(self._tmpdir, "buffer.py")
            with open(tmp, "wb") as fh:
                fh.write(data)
            return analyse_file(SourceFile(tmp, relpath))

    def lint_bytes(self, relpath: str, data: bytes, *, remember: bool = False) -> LintedText:
        """Findings for `data` as the content of `relpath`; `remember` updates the project facts."""
        result = self.analyse_bytes(relpath, data)
        with self._lock:
            index = self.index((relpath, result.facts))
            kept, _hidden = self.engine._finalise(result, index)
            if remember and result.facts is not None:
                self.facts[relpath] = result.facts
                self._index = None
        kept.sort(key=lambda f: f.sort_key)
        return LintedText(kept, result)

    def lint_text(
        self, relpath: str, text: str, encoding: str | None = None, *, remember: bool = False
    ) -> LintedText:
        encoding = encoding or encoding_for(text)
        try:
            data = text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            data = text.encode("utf-8", "surrogatepass")
        return self.lint_bytes(relpath, data, remember=remember)

    def is_linted(self, path: Path) -> bool:
        """Would `check` lint this file (it is not excluded by the configuration)?"""
        return bool(discover([path], self.config, force_exclude=True)) if path.exists() else True
