"""The credential rules side by side with ruff (S105-S107) and bandit (B105-B107).

Ground truth is the fixture project's annotations: a line with `# expect: IL101`/`IL102` holds a
true secret, a line with `# ok: …` is a clean look-alike. The real ruff and bandit binaries from
the virtualenv lint the same files (tests/ excluded: test code is out of scope for every tool).

Run `python tests/test_credentials_tools.py` to print the comparison table that
docs/accuracy/credentials.md carries between its `comparison-table` markers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "credentials" / "acme"
DOC = REPO / "docs" / "accuracy" / "credentials.md"
BIN = Path(sys.executable).parent
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>IL\d{3}(?:\s*,\s*IL\d{3})*)\s*(?:\((?P<shape>[^)]*)\))?")
OK = re.compile(r"#\s*ok:\s*(?P<why>.*)$")
SECRET_CODES = {"IL101", "IL102"}


@lru_cache(maxsize=None)
def ground_truth() -> dict[tuple[str, int], tuple[str, str]]:
    """(path, line) → ("secret" | "clean", shape description), tests/ excluded."""
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for path in sorted(FIXTURE.rglob("*.py")):
        rel = path.relative_to(FIXTURE).as_posix()
        if rel.startswith("tests/"):
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = EXPECT.search(line)
            if m:
                codes = set(re.split(r"\s*,\s*", m.group("codes")))
                if codes & SECRET_CODES:
                    out[(rel, lineno)] = ("secret", m.group("shape") or "")
                continue
            m = OK.search(line)
            if m:
                out[(rel, lineno)] = ("clean", m.group("why").strip())
    return out


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed in the test environment (it is in the `test` extra)")
    return found


@lru_cache(maxsize=None)
def ruff_lines() -> frozenset[tuple[str, int]]:
    proc = subprocess.run(
        [_tool("ruff"), "check", "--isolated", "--no-cache", "--select", "S105,S106,S107",
         "--output-format", "json", "--exclude", "tests", "."],
        cwd=FIXTURE, capture_output=True, text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return frozenset(
        (Path(item["filename"]).resolve().relative_to(FIXTURE.resolve()).as_posix(), item["location"]["row"])
        for item in json.loads(proc.stdout)
    )


@lru_cache(maxsize=None)
def bandit_lines() -> frozenset[tuple[str, int]]:
    proc = subprocess.run(
        [_tool("bandit"), "-q", "-r", ".", "-t", "B105,B106,B107", "-f", "json", "-x", "./tests"],
        cwd=FIXTURE, capture_output=True, text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return frozenset(
        (Path(item["filename"]).as_posix().removeprefix("./"), item["line_number"])
        for item in json.loads(proc.stdout)["results"]
    )


@lru_cache(maxsize=None)
def our_lines() -> frozenset[tuple[str, int]]:
    from integration_lint.config import load_config
    from integration_lint.engine import Engine

    result = Engine(load_config(FIXTURE), jobs=1, use_cache=False).run([FIXTURE])
    return frozenset((f.path, f.line) for f in result.findings if f.code in SECRET_CODES)


def _split(lines: frozenset[tuple[str, int]]) -> tuple[set, set]:
    truth = ground_truth()
    secrets = {k for k in lines if truth.get(k, ("",))[0] == "secret"}
    false_positives = {k for k in lines if truth.get(k, ("",))[0] == "clean"}
    return secrets, false_positives


@pytest.mark.parametrize("tool", [ruff_lines, bandit_lines], ids=["ruff", "bandit"])
def test_every_true_secret_the_other_tool_flags_is_flagged_by_integration_lint(tool):
    theirs, _ = _split(tool())
    assert theirs, "the comparison is vacuous: the tool flagged no true secret"
    missed = sorted(theirs - our_lines())
    assert not missed, f"secrets {tool.__name__} flags and integration-lint misses: {missed}"


@pytest.mark.parametrize("tool", [ruff_lines, bandit_lines], ids=["ruff", "bandit"])
def test_integration_lint_reports_fewer_false_positives_than_the_other_tool(tool):
    _, ours = _split(our_lines())
    _, theirs = _split(tool())
    assert len(ours) < len(theirs), f"ours: {sorted(ours)}\n{tool.__name__}: {sorted(theirs)}"
    assert not ours, f"integration-lint flags clean look-alikes: {sorted(ours)}"


def test_integration_lint_flags_every_annotated_secret_and_nothing_else():
    truth = ground_truth()
    secrets = {k for k, (kind, _) in truth.items() if kind == "secret"}
    assert secrets <= our_lines(), sorted(secrets - our_lines())
    assert not {k for k in our_lines() if k not in secrets}


def render_table() -> str:
    """The markdown table: one row per annotated shape, which tool flags it."""
    truth = ground_truth()
    tools = (("ruff S105-S107", ruff_lines()), ("bandit B105-B107", bandit_lines()), ("integration-lint", our_lines()))
    rows = ["| line | kind | shape | " + " | ".join(name for name, _ in tools) + " |", "|---|---|---|---|---|---|"]
    totals = {name: [0, 0] for name, _ in tools}
    for (path, line), (kind, shape) in sorted(truth.items()):
        marks = []
        for name, lines in tools:
            hit = (path, line) in lines
            marks.append(("✔" if hit else "–") if kind == "secret" else ("FP" if hit else "·"))
            if hit:
                totals[name][0 if kind == "secret" else 1] += 1
        label = "secret" if kind == "secret" else "clean"
        rows.append(f"| `{path}:{line}` | {label} | {shape.replace('|', '/')} | " + " | ".join(marks) + " |")
    n_secret = sum(1 for kind, _ in truth.values() if kind == "secret")
    n_clean = len(truth) - n_secret
    rows.append(
        f"| **total** | {n_secret} secrets / {n_clean} clean | | "
        + " | ".join(f"**{tp}/{n_secret} caught, {fp} FP**" for tp, fp in totals.values())
        + " |"
    )
    return "\n".join(rows)


def test_accuracy_doc_carries_the_current_comparison_table():
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- comparison-table:start -->\n(.*?)\n<!-- comparison-table:end -->", text, re.S)
    assert m, "docs/accuracy/credentials.md lacks the comparison-table markers"
    assert m.group(1).strip() == render_table().strip(), (
        "stale table: run `python tests/test_credentials_tools.py` and paste its output"
    )


if __name__ == "__main__":  # pragma: no cover
    print(render_table())
