"""The pipeline: discover → prefilter → parse → batched rules + facts → project pass → filters.

Workers receive paths and return small picklable `FileResult`s; the main process runs the project
pass over every module's facts, so cross-file rules see the whole project even when only a few
files are linted (pre-commit). Results are cached per file (content hash + config + version).
"""

from __future__ import annotations

import ast
import hashlib
import io
import os
import sys
import tokenize
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pathspec

from . import __version__
from .analysis import BatchedWalker, FileContext
from .cache import ResultCache
from .compat import parse_source
from .config import Config, is_enabled
from .discovery import SourceFile, discover, is_generated
from .model import FileResult, Finding, Suppression
from .project import ProjectIndex
from .rules.base import Rule, all_rules
from .suppressions import apply_suppressions, parse_suppressions

MAX_FILE_BYTES = 20 * 1024 * 1024
PARALLEL_THRESHOLD = 64  # below this many files to parse, a process pool costs more than it saves
CHUNK = 16


@dataclass
class RunResult:
    findings: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    files: int = 0  # files linted
    indexed: int = 0  # extra project files read for cross-file facts
    parsed: int = 0  # files analysed this run (not from cache)
    from_cache: int = 0


def enabled_codes(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code for code in all_rules() if is_enabled(code, select, ignore))


# ---------------------------------------------------------------------------- worker side
_WORKER: dict = {}


def _init_worker(config: Config, codes: tuple[str, ...]) -> None:
    rules = all_rules()
    _WORKER["config"] = config
    _WORKER["codes"] = set(codes)
    _WORKER["rules"] = [rules[c] for c in codes if not rules[c].engine_rule]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))


def _engine_finding(rule: type[Rule], path: str, line: int, col: int, message: str) -> Finding:
    return Finding(
        code=rule.code,
        name=rule.name,
        path=path,
        line=max(line, 1),
        column=max(col, 1),
        end_line=max(line, 1),
        end_column=max(col, 1),
        message=message,
        severity=rule.severity,
        scope="",
        snippet=message,
    )


def decode_source(data: bytes) -> str:
    """Decode per PEP 263 (coding cookie, BOM, UTF-8 default); raises UnicodeDecodeError/SyntaxError."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def analyse_file(src: SourceFile, facts_only: bool = False) -> FileResult:
    config: Config = _WORKER["config"]
    codes: set[str] = _WORKER["codes"]
    rules = all_rules()
    result = FileResult(path=src.relpath)

    def engine_error(code: str, line: int, col: int, message: str) -> FileResult:
        if code in codes and not facts_only:
            result.findings.append(_engine_finding(rules[code], src.relpath, line, col, message))
        return result

    try:
        size = os.path.getsize(src.abspath)
        if size > MAX_FILE_BYTES:
            return engine_error(
                "IL002", 1, 1, f"file not analysed: {size} bytes is over the {MAX_FILE_BYTES} byte limit"
            )
        with open(src.abspath, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
        result.stat = (st.st_mtime_ns, st.st_size)
        result.digest = hashlib.sha256(data).hexdigest()
    except OSError as exc:
        return engine_error("IL002", 1, 1, f"file not analysed: cannot read it ({exc.strerror or exc})")
    if not data.strip():
        return result
    if is_generated(data[:4096]):
        result.skipped = "generated"
        return result
    if b"\x00" in data:
        return engine_error("IL002", 1, 1, "file not analysed: it contains NUL bytes (binary?)")
    try:
        source = decode_source(data)
    except (UnicodeDecodeError, SyntaxError, LookupError) as exc:
        detail = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
        if isinstance(exc, UnicodeDecodeError):
            line = data[: exc.start].count(b"\n") + 1
            detail = f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {exc.encoding}"
            return engine_error("IL002", line, 1, f"file not analysed: {detail}")
        return engine_error("IL002", 1, 1, f"file not analysed: {detail}")
    try:
        tree = parse_source(source, src.relpath)
    except SyntaxError as exc:
        return engine_error(
            "IL000", exc.lineno or 1, exc.offset or 1, f"syntax error: {exc.msg}"
        )
    except (RecursionError, MemoryError, ValueError) as exc:
        return engine_error("IL002", 1, 1, f"file not analysed: {type(exc).__name__} while parsing")
    if facts_only:
        active: list[Rule] = []
    else:
        active_classes = [
            r for r in _WORKER["rules"] if r.prefilter is None or r.prefilter.search(data)
        ]
        active = []
    ctx = FileContext(
        src.relpath, source, tree, config, is_package=src.relpath.endswith("__init__.py")
    )
    if not facts_only:
        active = [cls(ctx) for cls in active_classes]
    try:
        BatchedWalker(ctx, active).run()
    except RecursionError:
        return engine_error("IL002", 1, 1, "file not analysed: nesting too deep to traverse")
    result.facts = ctx.facts
    if not facts_only:
        result.findings.extend(ctx.findings)
        result.pending.extend(ctx.pending)
        result.suppressions = parse_suppressions(source, data)
    return result


def _analyse_chunk(chunk: list[tuple[SourceFile, bool]]) -> list[FileResult]:
    return [analyse_file(src, facts_only) for src, facts_only in chunk]


# ---------------------------------------------------------------------------- main side
class Engine:
    def __init__(
        self,
        config: Config,
        *,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] | None = None,
        jobs: int | None = None,
        use_cache: bool = True,
        cache_dir: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        project_index: bool = True,
    ) -> None:
        self.config = config
        self.select = tuple(select) if select else config.select
        self.ignore = tuple(config.ignore) + tuple(ignore or ())
        self.codes = enabled_codes(self.select, self.ignore)
        self.jobs = jobs or os.cpu_count() or 1
        self.use_cache = use_cache
        cache_root = Path(cache_dir or config.cache_dir)
        if not cache_root.is_absolute():
            cache_root = config.root / cache_root
        self.cache = ResultCache(cache_root, __version__, self._cache_key()) if use_cache else None
        self.progress = progress
        self.project_index = project_index
        self._pfi = [
            (pathspec.PathSpec.from_lines("gitignore", [pattern]), codes)
            for pattern, codes in config.per_file_ignores
        ]

    def _cache_key(self) -> str:
        import hashlib

        raw = f"{self.config.fingerprint()}|{','.join(self.codes)}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def run(self, paths: list[Path], force_exclude: bool = False) -> RunResult:
        targets = discover(paths, self.config, force_exclude=force_exclude)
        target_set = {t.relpath for t in targets}
        extra: list[SourceFile] = []
        if self.project_index and self._needs_project_index(paths):
            extra = [f for f in discover([self.config.root], self.config) if f.relpath not in target_set]
        results, parsed, cached = self._analyse(targets, extra)
        index = ProjectIndex(
            (r.facts for r in results.values() if r.facts is not None),  # type: ignore[misc]
            extra_clients=tuple(self.config.http_clients) + tuple(self.config.sdk_clients),
        )
        findings: list[Finding] = []
        suppressed: list[Finding] = []
        for src in targets:
            result = results.get(src.relpath)
            if result is None:
                continue
            kept, hidden = self._finalise(result, index)
            findings.extend(kept)
            suppressed.extend(hidden)
        findings.sort(key=lambda f: f.sort_key)
        suppressed.sort(key=lambda f: f.sort_key)
        return RunResult(findings, suppressed, len(targets), len(extra), parsed, cached)

    def _needs_project_index(self, paths: list[Path]) -> bool:
        root = self.config.root
        for p in paths:
            resolved = p.resolve()
            if resolved == root:
                return False  # the whole project is linted anyway
        return all(root in p.resolve().parents or p.resolve() == root for p in paths) and (
            root != Path(root.anchor)
        )

    def _analyse(
        self, targets: list[SourceFile], extra: list[SourceFile]
    ) -> tuple[dict[str, FileResult], int, int]:
        results: dict[str, FileResult] = {}
        todo: list[tuple[SourceFile, bool]] = []
        for src, facts_only in [(t, False) for t in targets] + [(e, True) for e in extra]:
            hit = self.cache.get(src, need_full=not facts_only) if self.cache else None
            if hit is not None:
                results[src.relpath] = hit
            else:
                todo.append((src, facts_only))
        cached = len(results)
        total = len(todo)
        done = 0
        if total:
            if self.jobs > 1 and total >= PARALLEL_THRESHOLD:
                chunks = [todo[i : i + CHUNK] for i in range(0, total, CHUNK)]
                import multiprocessing

                ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
                with ProcessPoolExecutor(
                    max_workers=min(self.jobs, len(chunks)),
                    mp_context=ctx,
                    initializer=_init_worker,
                    initargs=(self.config, self.codes),
                ) as pool:
                    for chunk, out in zip(chunks, pool.map(_analyse_chunk, chunks)):
                        for (src, facts_only), res in zip(chunk, out):
                            results[src.relpath] = res
                            if self.cache:
                                self.cache.put(src, res, full=not facts_only)
                        done += len(chunk)
                        if self.progress:
                            self.progress(done, total)
            else:
                _init_worker(self.config, self.codes)
                for src, facts_only in todo:
                    res = analyse_file(src, facts_only)
                    results[src.relpath] = res
                    if self.cache:
                        self.cache.put(src, res, full=not facts_only)
                    done += 1
                    if self.progress and done % 32 == 0:
                        self.progress(done, total)
        if self.cache:
            self.cache.save()
        return results, total, cached

    def _ignored_codes(self, relpath: str) -> tuple[str, ...]:
        out: list[str] = []
        for spec, codes in self._pfi:
            if spec.match_file(relpath):
                out.extend(codes)
        return tuple(out)

    def _finalise(self, result: FileResult, index: ProjectIndex) -> tuple[list[Finding], list[Finding]]:
        findings = list(result.findings)
        for pending in result.pending:
            decided = index.decide(pending)
            if decided is not None:
                findings.append(decided)
        ignored = self._ignored_codes(result.path)
        if ignored:
            findings = [f for f in findings if not any(f.code.startswith(c) for c in ignored)]
        kept, hidden, used = apply_suppressions(findings, result.suppressions)
        if "IL001" in self.codes and not any("IL001".startswith(c) for c in ignored):
            kept.extend(self._unused_suppressions(result, used, ignored))
        return kept, hidden

    def _unused_suppressions(
        self, result: FileResult, used: set[tuple[int, str]], ignored: tuple[str, ...]
    ) -> list[Finding]:
        rule = all_rules()["IL001"]
        out = []
        for s in result.suppressions:
            if not s.codes:
                continue
            for code in s.codes:
                if not code.startswith("IL") or (s.comment_line, code) in used:
                    continue
                if not any(c.startswith(code) for c in self.codes) or any(
                    code.startswith(c) for c in ignored
                ):
                    continue  # not checked in this run, so we cannot know it is unused
                if code == "IL001":
                    continue
                out.append(
                    Finding(
                        code=rule.code,
                        name=rule.name,
                        path=result.path,
                        line=s.comment_line,
                        column=s.column,
                        end_line=s.comment_line,
                        end_column=s.column,
                        message=f"unused suppression: no {code} finding on line {s.line}",
                        severity=rule.severity,
                        scope="",
                        snippet=f"{s.kind}:{code}",
                    )
                )
        return out
