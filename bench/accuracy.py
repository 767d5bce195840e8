#!/usr/bin/env python3
"""Score integration-lint against the labelled real-project corpus (docs/accuracy/labels).

    .venv/bin/python bench/accuracy.py --corpus /work/corpus [--write-docs docs/accuracy.md]

Each labels file `docs/accuracy/labels/<family>/<owner>__<name>.jsonl` refers to a tree
`<corpus>/<owner>__<name>` checked out at the commit named in docs/accuracy/corpus-*.md (the
trees are public code and stay out of this repository). The linter runs once per tree; the
official scorer (`../shared/tools/score.py`) scores every labels file against that output; counts
are summed per rule over all repositories.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "docs" / "accuracy" / "labels"
ROW = re.compile(r"^(IL\d{3})\s+(\d+)\s+(\d+)\s+(\d+)\s")


def find_scorer() -> Path:
    for candidate in (REPO.parent / "shared" / "tools" / "score.py", REPO / "bench" / "score.py"):
        if candidate.is_file():
            return candidate
    raise SystemExit("score.py not found (expected ../shared/tools/score.py)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--write-docs", type=Path, default=None)
    ap.add_argument("--marker", default="accuracy", help="which <!-- marker:start/end --> block to replace")
    ap.add_argument("--linter", default=str(Path(sys.executable).with_name("integration-lint")))
    args = ap.parse_args()
    scorer = find_scorer()
    files = sorted([*args.labels.glob("*/*.jsonl"), *args.labels.glob("*.jsonl")])
    by_repo: dict[str, list[Path]] = collections.defaultdict(list)
    for f in files:
        by_repo[f.stem].append(f)
    totals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    per_repo: dict[str, dict[str, collections.Counter]] = {}
    missing = []
    for repo, label_files in sorted(by_repo.items()):
        tree = args.corpus / repo
        if not tree.is_dir():
            missing.append(repo)
            continue
        out = subprocess.run(
            [args.linter, "check", "--format", "json", "--no-cache", "--exit-zero", "."],
            cwd=tree, capture_output=True, text=True,
        )
        if out.returncode != 0:
            print(f"{repo}: linter failed: {out.stderr[-500:]}", file=sys.stderr)
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            fh.write(out.stdout)
            report = fh.name
        per_repo[repo] = collections.defaultdict(collections.Counter)
        for labels in label_files:
            proc = subprocess.run(
                [sys.executable, str(scorer), "--labels", str(labels), "--root", str(tree),
                 "--lint", f"sh -c {shlex.quote('cat ' + shlex.quote(report))} --"],
                capture_output=True, text=True,
            )
            for line in proc.stdout.splitlines():
                m = ROW.match(line)
                if m:
                    code, tp, fp, fn = m.group(1), *map(int, m.groups()[1:])
                    for key, n in (("tp", tp), ("fp", fp), ("fn", fn)):
                        totals[code][key] += n
                        per_repo[repo][code][key] += n
        print(f"{repo}: scored {len(label_files)} label file(s)", file=sys.stderr, flush=True)

    def pr(c: collections.Counter) -> tuple[str, str]:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        return f"{p:.2f}", f"{r:.2f}"

    lines = ["| rule | tp | fp | fn | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    for code in sorted(totals):
        p, r = pr(totals[code])
        c = totals[code]
        lines.append(f"| {code} | {c['tp']} | {c['fp']} | {c['fn']} | {p} | {r} |")
    repo_lines = ["| repository | " + " | ".join(sorted(totals)) + " |", "|---|" + "---|" * len(totals)]
    for repo in sorted(per_repo):
        cells = []
        for code in sorted(totals):
            c = per_repo[repo].get(code)
            cells.append(f"{c['tp']}/{c['fp']}/{c['fn']}" if c else "")
        repo_lines.append(f"| {repo} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    if missing:
        print(f"trees missing (not scored): {', '.join(missing)}", file=sys.stderr)
    if args.write_docs:
        start, end = f"<!-- {args.marker}:start -->", f"<!-- {args.marker}:end -->"
        block = (
            f"{start}\nMeasured {time.strftime('%Y-%m-%d')} with `bench/accuracy.py` over "
            f"{len(per_repo)} repositories ({sum(len(v) for k, v in by_repo.items() if k in per_repo)} labels files).\n\n"
            f"{table}\n\nPer repository (tp/fp/fn):\n\n" + "\n".join(repo_lines) + f"\n{end}"
        )
        text = args.write_docs.read_text() if args.write_docs.exists() else ""
        if start in text and end in text:
            text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
        else:
            text += ("\n" if text else "") + block + "\n"
        args.write_docs.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
