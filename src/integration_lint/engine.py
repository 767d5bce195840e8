"""The pipeline: discover → prefilter → parse → batched rules + facts → project pass → filters.

Workers receive paths and return small picklable `FileResult`s; the main process runs the project
pass over every module's facts, so cross-file rules see the whole project even when only a few
files are linted (pre-commit). Results are cached per file (content hash + config + version + a hash of the analysing code), and
the project pass's decisions per project state (cache.py), so a warm run reads no facts at all.

Two environment switches, for measurement and verification (never needed in normal use):

* ``INTEGRATION_LINT_METRICS=1`` prints per-phase and per-rule timings to stderr at the end of
  a run (``=path.json`` writes them as JSON); off, the hot path only tests one global.
* ``INTEGRATION_LINT_NO_PREFILTER=1`` runs every enabled rule on every file (the rules'
  byte prefilters are skipped), to check that the prefilters never hide a finding.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import io
import os
import re
import sys
import time
import tokenize
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pathspec
from pathspec.util import normalize_file

from . import __version__
from .analysis import BatchedWalker, FileContext
from .cache import ResultCache, facts_key, project_key
from .compat import may_be_newer_grammar, newer_python_hint, parse_source
from .config import Config, is_enabled
from .discovery import SourceFile, discover, is_generated
from .model import FileResult, Finding
from .project import ProjectIndex
from .rules.base import Rule, all_rules
from .suppressions import apply_suppressions, parse_suppressions

MAX_FILE_BYTES = 20 * 1024 * 1024
PARALLEL_THRESHOLD = 64  # below this many files to parse, a process pool costs more than it saves
CHUNKS_PER_WORKER = 6  # enough chunks to balance the load, few enough to keep IPC cheap
MAX_CHUNK = 64
METRICS_ENV = "INTEGRATION_LINT_METRICS"
# Part of the cache key with the source of the analysis itself (`code_fingerprint`): bump it only
# to invalidate caches for a reason the source text does not show.
ANALYSIS_SCHEMA = 3
_ANALYSIS_SOURCES = ("", "rules", "fixes")  # package folders whose code decides a file's results


def code_fingerprint(package: Path | None = None) -> str:
    """A hash of the analysing code (the package's modules, its rules and fixes, not the runtime,
    the LSP server or the reporters), so a cache written by other code of the same version — a
    git checkout between releases, an edited rule — is never reused. About 2 ms per run."""
    package = package or Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for folder in _ANALYSIS_SOURCES:
        directory = package / folder if folder else package
        try:
            names = sorted(p.name for p in directory.iterdir() if p.suffix == ".py")
        except OSError:
            continue
        for name in names:
            digest.update(f"{folder}/{name}\0".encode())
            try:
                digest.update((directory / name).read_bytes())
            except OSError:
                digest.update(b"\0unreadable")
    return digest.hexdigest()[:16]


NO_PREFILTER_ENV = "INTEGRATION_LINT_NO_PREFILTER"


@dataclass
class RunResult:
    findings: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    files: int = 0  # files linted
    indexed: int = 0  # extra project files read for cross-file facts
    parsed: int = 0  # files analysed this run (not from cache)
    from_cache: int = 0


# A file the linter could not analyse (syntax error; undecodable, binary, huge or unreadable) is
# reported whatever --select names, as ruff reports syntax errors: a run narrowed to a few rules
# must not pass over such a file in silence. Ignoring the code itself (`--ignore IL000`, a
# per-file ignore) still hides it.
ALWAYS_REPORTED = ("IL000", "IL002")


def enabled_codes(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        code
        for code in all_rules()
        if is_enabled(code, select, ignore)
        or (code in ALWAYS_REPORTED and is_enabled(code, ("IL", *select), ignore))
    )


# ---------------------------------------------------------------------------- metrics
class Metrics:
    """Opt-in timings (seconds) and counters, summed over files and processes."""

    def __init__(self) -> None:
        self.values: dict[str, float] = {}

    def add(self, name: str, value: float) -> None:
        self.values[name] = self.values.get(name, 0.0) + value

    def merge(self, other: dict[str, float]) -> None:
        for name, value in other.items():
            self.add(name, value)

    def report(self, target: str) -> None:
        import json

        if target.endswith(".json"):
            Path(target).write_text(json.dumps(self.values, indent=2, sort_keys=True) + "\n")
            return
        lines = [
            (
                "integration-lint metrics (seconds; `phase`/`rule`: CPU time summed over worker "
                "processes; `main`: wall time of the main process):"
            )
        ]
        for name, value in sorted(self.values.items(), key=lambda kv: (kv[0].split(" ")[0], -kv[1])):
            shown = f"{value:10.3f}" if not name.startswith("count ") else f"{int(value):10d}"
            lines.append(f"{shown}  {name}")
        print("\n".join(lines), file=sys.stderr)


def _metrics_target() -> str:
    return os.environ.get(METRICS_ENV, "")


_TIMED_CLASSES: dict[type, type] = {}


def _timed_class(cls: type[Rule]) -> type[Rule]:
    """A subclass of `cls` whose visitor methods add their CPU time to `rule <code>`.

    A subclass (made once per rule class), not wrappers stored on each instance: those would tie
    every instance in a reference cycle, which the disabled cyclic collector never frees."""
    timed_cls = _TIMED_CLASSES.get(cls)
    if timed_cls is not None:
        return timed_cls
    key = f"rule {cls.code}"
    clock = time.process_time
    methods = {}
    for attr in dir(cls):
        if not attr.startswith(("visit_", "leave_")):
            continue

        def timed(self: Rule, node: ast.AST, function=getattr(cls, attr)) -> None:
            start = clock()
            try:
                function(self, node)
            finally:
                values = _WORKER.get("metrics")
                if values is not None:
                    values[key] = values.get(key, 0.0) + clock() - start

        methods[attr] = timed
    timed_cls = _TIMED_CLASSES[cls] = type(cls.__name__, (cls,), methods)
    return timed_cls


# ---------------------------------------------------------------------------- worker side
_WORKER: dict = {}


def _init_worker(config: Config, codes: tuple[str, ...], keyed: bool = True) -> None:
    rules = all_rules()
    # Facts keys feed the project-decision cache only: a run without a cache skips them.
    _WORKER["keyed"] = keyed
    _WORKER["config"] = config
    _WORKER["codes"] = set(codes)
    _WORKER["rules"] = [rules[c] for c in codes if not rules[c].engine_rule]
    _WORKER["prefilter"] = not os.environ.get(NO_PREFILTER_ENV)
    _WORKER["metrics"] = {} if _metrics_target() else None
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
    metrics: dict[str, float] | None = _WORKER.get("metrics")
    clock = time.process_time  # CPU time: comparable on a loaded machine
    rules = all_rules()
    result = FileResult(path=src.relpath)

    def engine_error(code: str, line: int, col: int, message: str) -> FileResult:
        if metrics is not None:  # the phase that failed (e.g. a parse error) still took time
            name = "phase files not analysed (read/decode/parse errors)"
            metrics[name] = metrics.get(name, 0.0) + clock() - t0
        if code in codes and not facts_only:
            result.findings.append(_engine_finding(rules[code], src.relpath, line, col, message))
        return result

    t0 = clock() if metrics is not None else 0.0
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
    if metrics is not None:
        t1 = clock()
        metrics["phase read+hash+decode"] = metrics.get("phase read+hash+decode", 0.0) + t1 - t0
        t0 = t1
    try:
        try:
            with warnings.catch_warnings():  # warnings about the linted code are not ours
                warnings.simplefilter("ignore")
                tree = ast.parse(source, filename=src.relpath)
        except SyntaxError as first:
            # compat.parse_source bridges newer grammar (PEP 758 except clauses, PEP 695 type
            # parameters and aliases, PEP 701 f-strings) through a libcst rewrite; that costs
            # ~0.1 s per file, so only try it where the error line looks like one of those.
            if not may_be_newer_grammar(first):
                raise
            tree = parse_source(source, src.relpath)
    except SyntaxError as exc:
        return engine_error(
            "IL000", exc.lineno or 1, exc.offset or 1, f"syntax error: {newer_python_hint(exc.msg)}"
        )
    except (RecursionError, MemoryError, ValueError) as exc:
        return engine_error("IL002", 1, 1, f"file not analysed: {type(exc).__name__} while parsing")
    if metrics is not None:
        t1 = clock()
        metrics["phase parse (ast)"] = metrics.get("phase parse (ast)", 0.0) + t1 - t0
        t0 = t1
    candidates = _WORKER["rules"]
    if facts_only:  # only rules that record facts for the project pass; their findings dropped
        candidates = [r for r in candidates if r.records_facts]
    if not _WORKER["prefilter"]:
        active_classes = list(candidates)
    else:
        active_classes = []
        matched: dict[tuple[bytes, int, bool], bool] = {}  # rules sharing a regex scan once
        folded: bytes | None = None
        for r in candidates:
            pattern = r.prefilter
            if pattern is not None:
                key = (pattern.pattern, pattern.flags, r.prefilter_folded)
                hit = matched.get(key)
                if hit is None:
                    if r.prefilter_folded:
                        if folded is None:
                            folded = data.lower()
                        hit = pattern.search(folded) is not None
                    else:
                        hit = pattern.search(data) is not None
                    matched[key] = hit
                if not hit:
                    continue
            active_classes.append(r)
    if metrics is not None:
        t1 = clock()
        metrics["phase prefilter"] = metrics.get("phase prefilter", 0.0) + t1 - t0
        metrics["count files parsed"] = metrics.get("count files parsed", 0) + 1
        if not active_classes:
            metrics["count files facts-only"] = metrics.get("count files facts-only", 0) + 1
        for cls in active_classes:
            name = f"count files rule {cls.code}"
            metrics[name] = metrics.get(name, 0) + 1
        t0 = t1
    if metrics is not None:
        active_classes = [_timed_class(cls) for cls in active_classes]
    failures: list[str] = []
    while True:
        ctx = FileContext(
            src.relpath, source, tree, config, is_package=src.relpath.endswith("__init__.py")
        )
        active = [cls(ctx) for cls in active_classes]
        try:
            BatchedWalker(ctx, active).run()
            break
        except RecursionError:
            return engine_error("IL002", 1, 1, "file not analysed: nesting too deep to traverse")
        except Exception as exc:  # a bug of ours must not cost the user the other rules' findings
            culprit, where = _failure_site(exc, active_classes)
            if culprit is None:  # the traversal itself (facts): nothing of this file is usable
                return engine_error(
                    "IL002", where, 1,
                    f"file not analysed: internal error ({type(exc).__name__}: {exc}); please report this bug",
                )
            failures.append(
                f"{culprit.code} did not analyse this file: internal error ({type(exc).__name__}: {exc}) "
                f"at line {where}; the other rules ran; please report this bug"
            )
            active_classes = [cls for cls in active_classes if cls is not culprit]
    if metrics is not None:
        t1 = clock()
        metrics["phase walk (facts + rules)"] = metrics.get("phase walk (facts + rules)", 0.0) + t1 - t0
        t0 = t1
    result.facts = ctx.facts
    if failures and "IL002" in codes and not facts_only:
        result.findings.extend(_engine_finding(rules["IL002"], src.relpath, 1, 1, m) for m in failures)
    if not facts_only:
        result.findings.extend(ctx.findings)
        result.pending.extend(ctx.pending)
        result.suppressions = parse_suppressions(source, data, tree)
        if metrics is not None:
            metrics["phase suppressions"] = metrics.get("phase suppressions", 0.0) + clock() - t0
    return result


def _failure_site(exc: BaseException, classes: list[type[Rule]]) -> tuple[type[Rule] | None, int]:
    """Where `exc` was raised: the rule whose visitor raised it (the innermost frame whose
    `self` is one of `classes`, or None for the traversal itself) and the linted file's line
    being visited (the innermost frame's `node`, or 1)."""
    culprit = None
    line = 1
    tb = exc.__traceback__
    while tb is not None:
        frame_locals = tb.tb_frame.f_locals
        owner = type(frame_locals.get("self"))
        for cls in classes:
            if issubclass(owner, cls):
                culprit = cls
        node = frame_locals.get("node")
        if isinstance(node, ast.AST) and isinstance(getattr(node, "lineno", None), int):
            line = node.lineno
        tb = tb.tb_next
    return culprit, line


def _analyse_chunk(
    chunk: list[tuple[SourceFile, bool]],
) -> tuple[list[tuple[FileResult, str]], dict[str, float] | None]:
    """Worker entry point: results with their facts keys, and this chunk's metrics (if on)."""
    out = []
    for src, facts_only in chunk:
        res = analyse_file(src, facts_only)
        out.append((res, _facts_key(res.facts)))
    metrics = _WORKER.get("metrics")
    if metrics is not None:
        delta = dict(metrics)
        metrics.clear()
        return out, delta
    return out, None


def _facts_key(facts: object | None) -> str:
    if facts is None:
        return ""
    return facts_key(facts) if _WORKER.get("keyed", True) else "-"


def _pool_initializer(config: Config, codes: tuple[str, ...], keyed: bool) -> None:
    _init_worker(config, codes, keyed)
    # The workers only allocate acyclic trees that die with each file: the cyclic collector
    # would rescan them thousands of times for nothing.
    gc.disable()


def _chunks(todo: list[tuple[SourceFile, bool]], jobs: int) -> list[list[tuple[SourceFile, bool]]]:
    """Largest files first (so the last chunks are small and the workers finish together)."""

    def size(item: tuple[SourceFile, bool]) -> int:
        try:
            return os.path.getsize(item[0].abspath)
        except OSError:
            return 0

    ordered = sorted(todo, key=size, reverse=True)
    n = max(1, min(MAX_CHUNK, len(ordered) // (jobs * CHUNKS_PER_WORKER)))
    return [ordered[i : i + n] for i in range(0, len(ordered), n)]


# ---------------------------------------------------------------------------- main side

def _any_pattern(specs: list[pathspec.PathSpec]) -> re.Pattern[str] | None:
    """One regex that matches a path when ANY including pattern of `specs` does: a quick reject
    before the per-entry matching of per-file-ignores (28 default entries, thousands of files).
    Conservative: a spec with an excluding (`!`) pattern, or a pattern this cannot combine,
    gives None, which means "always check every entry"."""
    parts: list[str] = []
    for spec in specs:
        for pattern in spec.patterns:
            regex = getattr(pattern, "regex", None)
            if pattern.include is None:
                continue  # a blank or comment line
            if pattern.include is False or regex is None:
                return None
            # named groups repeat across patterns; they are not needed for a yes/no answer
            parts.append("(?:" + re.sub(r"\(\?P<[^>]+>", "(?:", regex.pattern) + ")")
    if not parts:
        return None
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None

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
        self._metrics_target = _metrics_target()
        self.metrics = Metrics() if self._metrics_target else None
        start = time.perf_counter()
        self.cache = ResultCache(cache_root, __version__, self._cache_key()) if use_cache else None
        self._mark("main cache manifest load", start)
        self.progress = progress
        self.project_index = project_index
        self._pfi = [
            (pathspec.PathSpec.from_lines("gitignore", [pattern]), codes)
            for pattern, codes in config.per_file_ignores
        ]
        self._pfi_any = _any_pattern([spec for spec, _codes in self._pfi])
        # relpath -> facts key of every result of the current run; relpaths of cached results
        # whose facts and pending findings are not loaded yet.
        self._facts_keys: dict[str, str] = {}
        self._light: set[str] = set()  # facts not loaded
        self._light_pending: set[str] = set()  # pending findings not loaded
        self._full: dict[str, bool] = {}
        self._sources: dict[str, SourceFile] = {}
        self._reanalysed = 0

    def _mark(self, name: str, start: float) -> float:
        now = time.perf_counter()
        if self.metrics is not None:
            self.metrics.add(name, now - start)
        return now

    def _cache_key(self) -> str:
        raw = f"{ANALYSIS_SCHEMA}|{code_fingerprint()}|{self.config.fingerprint()}|{','.join(self.codes)}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def run(self, paths: list[Path], force_exclude: bool = False) -> RunResult:
        t = time.perf_counter()
        for state in (self._facts_keys, self._light, self._light_pending, self._full, self._sources):
            state.clear()
        self._reanalysed = 0
        targets = discover(paths, self.config, force_exclude=force_exclude)
        target_set = {t.relpath for t in targets}
        extra: list[SourceFile] = []
        if self.project_index and self._needs_project_index(paths):
            extra = [f for f in discover([self.config.root], self.config) if f.relpath not in target_set]
        t = self._mark("main discovery", t)
        results, parsed, cached = self._analyse(targets, extra, load_facts=False)
        t = time.perf_counter()
        pkey = project_key([(p, k) for p, k in self._facts_keys.items() if k])
        stored = self.cache.decided(pkey) if self.cache else {}
        t = self._mark("main project decisions load", t)
        index: ProjectIndex | None = None
        decided_now: dict[str, tuple[str, list[Finding]]] = {}
        findings: list[Finding] = []
        suppressed: list[Finding] = []
        reused = 0
        for src in targets:
            result = results.get(src.relpath)
            if result is None:
                continue
            has_pending = bool(result.pending) or src.relpath in self._light_pending
            hit = stored.get(src.relpath) if has_pending else None
            if not has_pending:
                decided = list(result.findings)
            elif hit is not None and result.digest and hit[0] == result.digest:
                decided = list(hit[1])
                reused += 1
            else:
                if src.relpath in self._light_pending:
                    self._load_pending(results, src.relpath)
                    result = results[src.relpath]
                if result.pending and index is None:
                    t = time.perf_counter()
                    index = self._index(results)
                    t = self._mark("main project index build", t)
                t = time.perf_counter()
                decided = self._decide(result, index)
                t = self._mark("main project decide", t)
                if result.digest and result.pending:
                    decided_now[src.relpath] = (result.digest, decided)
            kept, hidden = self._filter(result, decided)
            findings.extend(kept)
            suppressed.extend(hidden)
        t = time.perf_counter()
        findings.sort(key=lambda f: f.sort_key)
        suppressed.sort(key=lambda f: f.sort_key)
        if self.cache:
            self.cache.store_decided(pkey, decided_now)
            self.cache.save()
        t = self._mark("main finalise + cache save", t)
        if self.metrics is not None:
            self.metrics.add("count files with pending findings decided from the cache", reused)
            self.metrics.add("count files parsed this run", parsed)
            self.metrics.add("count files from the cache", cached)
            self.metrics.report(self._metrics_target)
        parsed += self._reanalysed
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

    # ------------------------------------------------------------- analysis
    def _analyse(
        self, targets: list[SourceFile], extra: list[SourceFile], load_facts: bool = True
    ) -> tuple[dict[str, FileResult], int, int]:
        """Results for every file, from the cache or analysed now.

        With `load_facts` (the fixer and the LSP), every result carries its facts and pending
        findings; without it, cached results stay light until `_load_pending` / `_load_facts`."""
        t = time.perf_counter()
        results: dict[str, FileResult] = {}
        todo: list[tuple[SourceFile, bool]] = []
        for src, facts_only in [(t, False) for t in targets] + [(e, True) for e in extra]:
            self._sources[src.relpath] = src
            hit = self.cache.get(src, need_full=not facts_only) if self.cache else None
            if hit is not None:
                results[src.relpath] = hit
                self._facts_keys[src.relpath] = self.cache.facts_key(src.relpath)  # type: ignore[union-attr]
                self._full[src.relpath] = self.cache.is_full(src.relpath)  # type: ignore[union-attr]
                self._light.add(src.relpath)
                if self.cache.has_pending(src.relpath):  # type: ignore[union-attr]
                    self._light_pending.add(src.relpath)
            else:
                todo.append((src, facts_only))
        cached = len(results)
        t = self._mark("main cache lookups", t)
        fresh = self._run_todo(todo)
        for (src, facts_only), (res, key) in fresh:
            self._store(src, res, key, full=not facts_only)
            results[src.relpath] = res
        t = self._mark("main analysis (wall)", t)
        if load_facts:
            for relpath in sorted(self._light_pending & set(results)):
                self._load_pending(results, relpath)
            self._load_facts(results, sorted(self._light & set(results)))
        if self.cache:
            self.cache.save()
        self._mark("main cache save (objects + manifest)", t)
        return results, len(todo), cached

    def _store(self, src: SourceFile, res: FileResult, key: str, full: bool) -> None:
        self._facts_keys[src.relpath] = key
        self._full[src.relpath] = full
        self._light.discard(src.relpath)
        self._light_pending.discard(src.relpath)
        if self.cache:
            self.cache.put(src, res, full=full, key=key)

    def _run_todo(
        self, todo: list[tuple[SourceFile, bool]]
    ) -> list[tuple[tuple[SourceFile, bool], tuple[FileResult, str]]]:
        total = len(todo)
        out: list[tuple[tuple[SourceFile, bool], tuple[FileResult, str]]] = []
        if not total:
            return out
        done = 0
        if self.jobs > 1 and total >= PARALLEL_THRESHOLD:
            chunks = _chunks(todo, self.jobs)
            import multiprocessing

            ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
            # Children forked from a frozen heap do not copy pages just to touch refcounts'
            # neighbours in gc headers.
            gc.freeze()
            enabled = gc.isenabled()
            gc.disable()  # the main process only unpickles acyclic results meanwhile
            try:
                with ProcessPoolExecutor(
                    max_workers=min(self.jobs, len(chunks)),
                    mp_context=ctx,
                    initializer=_pool_initializer,
                    initargs=(self.config, self.codes, self.cache is not None),
                ) as pool:
                    for chunk, (res, metrics) in zip(chunks, pool.map(_analyse_chunk, chunks)):
                        out.extend(zip(chunk, res))
                        if metrics and self.metrics is not None:
                            self.metrics.merge(metrics)
                        done += len(chunk)
                        if self.progress:
                            self.progress(done, total)
            finally:
                gc.unfreeze()
                if enabled:
                    gc.enable()
        else:
            _init_worker(self.config, self.codes, self.cache is not None)
            enabled = gc.isenabled()
            gc.disable()  # see _pool_initializer; measured 12-20% of the serial CPU time
            try:
                for item in todo:
                    res = analyse_file(*item)
                    out.append((item, (res, _facts_key(res.facts))))
                    done += 1
                    if self.progress and done % 32 == 0:
                        self.progress(done, total)
            finally:
                if enabled:
                    gc.enable()
            metrics = _WORKER.get("metrics")
            if metrics and self.metrics is not None:
                self.metrics.merge(metrics)
                metrics.clear()
        return out

    def _reanalyse(self, results: dict[str, FileResult], relpaths: list[str]) -> None:
        """Analyse again files whose cached objects are gone (pruned by a concurrent run, or
        unreadable)."""
        todo = [(self._sources[p], not self._full.get(p, True)) for p in relpaths]
        self._reanalysed += len(todo)
        for (src, facts_only), (res, key) in self._run_todo(todo):
            self._store(src, res, key, full=not facts_only)
            results[src.relpath] = res

    def _load_pending(self, results: dict[str, FileResult], relpath: str) -> None:
        pending = self.cache.load_pending(relpath) if self.cache else None
        if pending is None:
            self._reanalyse(results, [relpath])
            return
        results[relpath].pending = pending
        self._light_pending.discard(relpath)

    def _load_facts(self, results: dict[str, FileResult], relpaths: list[str]) -> None:
        missing: list[str] = []
        for relpath in relpaths:
            if relpath not in self._light:
                continue
            found, facts = self.cache.load_facts(relpath) if self.cache else (False, None)
            if not found:
                missing.append(relpath)
                continue
            results[relpath].facts = facts
            self._light.discard(relpath)
        if missing:
            self._reanalyse(results, missing)

    def _index(self, results: dict[str, FileResult]) -> ProjectIndex:
        """The project index over every module's facts (in path order, so it is the same however
        the results were obtained)."""
        self._load_facts(results, [p for p in sorted(self._light) if self._facts_keys.get(p)])
        return ProjectIndex(
            (results[p].facts for p in sorted(results) if results[p].facts is not None),  # type: ignore[misc]
            extra_clients=tuple(self.config.http_clients) + tuple(self.config.sdk_clients),
        )

    # ------------------------------------------------------------- decisions and filters
    @staticmethod
    def _decide(result: FileResult, index: ProjectIndex | None) -> list[Finding]:
        findings = list(result.findings)
        if result.pending:
            assert index is not None
            for pending in result.pending:
                try:
                    decided = index.decide(pending)
                except Exception as exc:  # a bug of ours: lose this one finding, not the run
                    f = pending.finding
                    decided = _engine_finding(
                        all_rules()["IL002"], f.path, f.line, f.column,
                        f"the project pass could not decide a possible {f.code} finding here: internal "
                        f"error ({type(exc).__name__}: {exc}); please report this bug",
                    )
                if decided is not None:
                    findings.append(decided)
        return findings

    def _finalise(self, result: FileResult, index: ProjectIndex) -> tuple[list[Finding], list[Finding]]:
        """Decide a result's pending findings, then filter (the fixer and the LSP use this)."""
        return self._filter(result, self._decide(result, index))

    def _filter(self, result: FileResult, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
        ignored = self._ignored_codes(result.path)
        if ignored:
            findings = [f for f in findings if not any(f.code.startswith(c) for c in ignored)]
        kept, hidden, used = apply_suppressions(findings, result.suppressions)
        if "IL001" in self.codes and not any("IL001".startswith(c) for c in ignored):
            kept.extend(self._unused_suppressions(result, used, ignored))
        return kept, hidden

    def _ignored_codes(self, relpath: str) -> tuple[str, ...]:
        if self._pfi_any is not None and not self._pfi_any.search(normalize_file(relpath)):
            return ()  # no per-file-ignores pattern can match: one regex instead of one per entry
        out: list[str] = []
        for spec, codes in self._pfi:
            if spec.match_file(relpath):
                out.extend(codes)
        return tuple(out)

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
