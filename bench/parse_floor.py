#!/usr/bin/env python3
"""The floor of any analysis built on CPython's `ast`: read and `ast.parse` every `.py` file under
a directory, on all cores, and nothing else (no walk, no rules, no project pass).

    python bench/parse_floor.py DIR [--jobs N]

bench/run.py times this next to ruff in the same run, so docs/benchmarks.md can say how much of
integration-lint's cold time no Python-level optimisation can remove. Files that do not parse
under this Python are counted and skipped (integration-lint bridges some newer grammar; this
script does not, so it slightly under-counts the work).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def parse_all(paths: list[str]) -> tuple[int, int]:
    parsed = failed = 0
    warnings.simplefilter("ignore")
    for path in paths:
        with open(path, "rb") as fh:
            data = fh.read()
        try:
            ast.parse(data, filename=path)
            parsed += 1
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            failed += 1
    return parsed, failed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    files = sorted(str(p) for p in args.root.rglob("*.py") if p.is_file())
    jobs = max(1, args.jobs)
    # Balance by size (the same idea as the engine's chunks): largest first, to the lightest chunk.
    chunks: list[list[str]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for path in sorted(files, key=os.path.getsize, reverse=True):
        i = loads.index(min(loads))
        chunks[i].append(path)
        loads[i] += os.path.getsize(path)
    if jobs == 1:
        results = [parse_all(chunks[0])]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(parse_all, chunks))
    parsed = sum(r[0] for r in results)
    failed = sum(r[1] for r in results)
    print(f"{parsed} files parsed, {failed} did not parse", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
