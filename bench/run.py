#!/usr/bin/env python3
"""Benchmark integration-lint against ruff and bandit on real Django codebases from PyPI.

    .venv/bin/python bench/run.py [--reps 5] [--write-docs docs/benchmarks.md]

The corpus is built from pinned wheels downloaded from PyPI into bench/.corpus (cached after the
first run; the folder is git-ignored). Every tool runs on the same tree in the same run; times are
wall-clock medians with min–max over --reps repetitions; peak memory is the largest resident set
of the process tree (wait4 rusage), CPU the user+system time of the process tree (it moves less
than wall time when other work loads the machine, so the load average is recorded with the table).

    The "floor" row (bench/parse_floor.py) only reads and `ast.parse`s every file on all cores: the
    part of a cold run that no Python-level optimisation of the engine can remove.

    --check-prefilter   also lint the corpus with INTEGRATION_LINT_NO_PREFILTER=1 and require the
                        same findings (the prefilters are conservative on real code)

Not a test: a script that prints and records numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = HERE / ".corpus"
PACKAGES = [
    # Large Django codebases with many third-party integrations; pinned for reproducibility.
    "django==5.2.8",
    "django-allauth==65.21.1",
    "pretix==2026.8.0",
    "weblate==2026.10.1",
]
RUFF_RULES = "S105,S106,S107,S110,S112,S113,BLE001,TRY"
BANDIT_TESTS = "B105,B106,B107,B110,B112,B113"
VENV_BIN = Path(sys.executable).parent


@dataclass
class Measure:
    name: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    peak_kb: int = 0
    exit_codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def build_corpus() -> Path:
    tree = CORPUS / "tree"
    stamp = CORPUS / ("tree-" + "-".join(p.replace("==", "_") for p in PACKAGES) + ".ok")
    if stamp.exists():
        return tree
    if tree.exists():
        shutil.rmtree(tree)
    downloads = CORPUS / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.12", "-q", "-d", str(downloads), *PACKAGES],
        check=True,
    )
    for spec in PACKAGES:
        name, version = spec.split("==")
        norm = name.replace("-", "_").lower()
        wheel = next(
            p for p in downloads.iterdir()
            if p.name.lower().startswith(f"{norm}-{version}") and p.suffix == ".whl"
        )
        target = tree / f"{name}-{version}"
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.namelist():
                if member.endswith(".py") and ".dist-info/" not in member:
                    zf.extract(member, target)
    # Make the tree a project root with default settings, and its own git top (the corpus sits
    # inside this repository, whose .gitignore would otherwise hide it from discovery).
    (tree / ".integration-lint.yaml").write_text("exclude: []  # lint what ruff lints, migrations included\n")
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    for old in CORPUS.glob("tree-*.ok"):
        old.unlink()
    stamp.write_text("ok\n")
    return tree


def byte_compile_linter() -> None:
    """Write the linter's bytecode caches, as `pip install` of a wheel does. An editable install
    writes them on first import, unless PYTHONDONTWRITEBYTECODE is set (it is on some CI images
    and on this machine); then every run recompiles ~30 modules (~0.09 s), which a user's install
    never does. ruff is a native binary, so this keeps the comparison fair, not flattering."""
    import integration_lint

    package = Path(integration_lint.__file__).parent
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, env=env)


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, int, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return elapsed, proc.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def measure(name: str, cmd: list[str], cwd: Path, reps: int, before=None) -> Measure:
    m = Measure(name)
    for _ in range(reps):
        if before:
            before()
        m.loads.append(os.getloadavg()[0])
        elapsed, code, peak, cpu = run(cmd, cwd)
        m.times.append(elapsed)
        m.cpu.append(cpu)
        m.peak_kb = max(m.peak_kb, peak)
        m.exit_codes.add(code)
    print(f"  {name}: median {m.median:.2f} s wall, {statistics.median(m.cpu):.2f} s CPU, "
          f"load {statistics.median(m.loads):.1f}", flush=True)
    return m


def count_files(tree: Path) -> tuple[int, int]:
    files = [p for p in tree.rglob("*.py")]
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    return len(files), lines


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--write-docs", type=Path, default=None)
    ap.add_argument("--skip-bandit", action="store_true")
    ap.add_argument("--check-prefilter", action="store_true")
    args = ap.parse_args()

    tree = build_corpus()
    n_files, n_lines = count_files(tree)
    byte_compile_linter()
    il = str(VENV_BIN / "integration-lint")
    ruff = str(VENV_BIN / "ruff")
    bandit = str(VENV_BIN / "bandit")
    cores = os.cpu_count() or 1
    cache = tree / ".integration-lint-cache"
    touched = sorted(tree.rglob("views.py"))[0]
    original = touched.read_bytes()
    counter = {"n": 0}

    def touch_one() -> None:
        # A realistic edit: a line inserted at the top shifts every line of the module, so its
        # facts change and the project pass must run again (a trailing comment would not).
        counter["n"] += 1
        touched.write_bytes(f"# bench edit {counter['n']}\n".encode() + original)

    base = [il, "check", ".", "--exit-zero", "--format", "json"]
    results: list[Measure] = []
    print(f"corpus: {n_files} files, {n_lines} lines ({', '.join(PACKAGES)}); {cores} cores", flush=True)
    sanity = subprocess.run(base + ["--no-cache"], cwd=tree, capture_output=True, text=True)
    summary = json.loads(sanity.stdout)["summary"]
    if summary["files"] < n_files * 0.9:
        raise SystemExit(f"integration-lint linted only {summary['files']} of {n_files} files")
    print(f"integration-lint: {summary['files']} files linted, {summary['findings']} findings {summary['by_code']}", flush=True)
    if args.check_prefilter:
        env = {**os.environ, "INTEGRATION_LINT_NO_PREFILTER": "1"}
        unfiltered = subprocess.run(base + ["--no-cache"], cwd=tree, capture_output=True, text=True, env=env)
        same = json.loads(unfiltered.stdout)["findings"] == json.loads(sanity.stdout)["findings"]
        print(f"prefilter off: {'same findings' if same else 'DIFFERENT findings'}", flush=True)
        if not same:
            raise SystemExit("turning the prefilter off changed the findings")
    try:
        results.append(measure("ruff cold", [ruff, "check", "--no-cache", "--select", RUFF_RULES, "--exit-zero", "-q", "."], tree, args.reps))
        run([ruff, "check", "--select", RUFF_RULES, "--exit-zero", "-q", "."], tree)
        results.append(measure("ruff warm", [ruff, "check", "--select", RUFF_RULES, "--exit-zero", "-q", "."], tree, args.reps))
        results.append(measure("integration-lint cold, --jobs 1", base + ["--no-cache", "--jobs", "1"], tree, max(1, args.reps // 2)))
        results.append(measure(f"integration-lint cold, --jobs {cores}", base + ["--no-cache"], tree, args.reps))
        # The floor of any CPython-`ast` design: read and parse every file on all cores, nothing else.
        floor = [sys.executable, str(HERE / "parse_floor.py"), ".", "--jobs", str(cores)]
        results.append(measure(f"floor: read + ast.parse only, --jobs {cores} (no analysis)", floor, tree, args.reps))
        shutil.rmtree(cache, ignore_errors=True)
        run(base, tree)
        results.append(measure("integration-lint warm (nothing changed)", base, tree, args.reps))
        results.append(measure("integration-lint incremental (one file edited, lines shifted)", base, tree, args.reps, before=touch_one))
        results.append(
            measure(
                "integration-lint pre-commit (that file passed, project warm)",
                [il, "check", str(touched.relative_to(tree)), "--exit-zero", "--format", "json"],
                tree,
                args.reps,
                before=touch_one,
            )
        )
        results.append(measure("integration-lint --version", [il, "--version"], tree, args.reps))
        if not args.skip_bandit and Path(bandit).exists():
            results.append(measure("bandit", [bandit, "-q", "-r", ".", "-t", BANDIT_TESTS, "-f", "json", "-o", os.devnull, "--exit-zero"], tree, max(1, args.reps // 2)))
    finally:
        touched.write_bytes(original)

    ruff_cold = results[0].median
    ruff_warm = results[1].median
    rows = []
    for m in results:
        ref = ruff_warm if ("warm" in m.name or "incremental" in m.name or "pre-commit" in m.name) else ruff_cold
        ratio = m.median / ref if not m.name.startswith("ruff") and "--version" not in m.name else None
        rows.append(
            (
                m.name,
                f"{m.median:.2f}",
                f"{min(m.times):.2f}–{max(m.times):.2f}",
                f"{statistics.median(m.cpu):.2f}",
                f"{statistics.median(m.loads):.1f}",
                str(len(m.times)),
                f"{m.peak_kb / 1024:.0f}",
                f"{ratio:.1f}×" if ratio is not None else "",
            )
        )
    header = ("run", "median s", "min–max s", "CPU s", "load", "reps", "peak MB", "vs ruff (cold or warm)")
    table = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * 7) + "|"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join(table)
    print(text)
    if args.write_docs:
        write_docs(args.write_docs, text, n_files, n_lines, cores)
    return 0


def write_docs(path: Path, table: str, n_files: int, n_lines: int, cores: int) -> None:
    import importlib.metadata as md

    versions = ", ".join(
        f"{pkg} {md.version(pkg)}" for pkg in ("integration-lint", "ruff", "bandit", "libcst")
    )
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    block = (
        f"{start}\nMeasured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} at commit {commit} "
        f"on {platform.machine()}, {cores} cores, Python {platform.python_version()} ({versions}).\n"
        f"Corpus: {n_files} files, {n_lines} lines ({', '.join(PACKAGES)}).\n"
        "CPU s: user+system time of the process tree (median); load: 1-minute load average before "
        "each repetition (median) — with a load above the core count, wall times are inflated "
        "and CPU times are the better guide.\n\n"
        f"{table}\n{end}"
    )
    text = path.read_text() if path.exists() else ""
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
