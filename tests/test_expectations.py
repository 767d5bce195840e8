"""Fixture projects and the bundled example carry `# expect: IL…` on every line that must be
flagged; the linter's findings must match them exactly (no misses, no extra findings).

Annotations for codes that no registered rule implements yet are ignored, so a rule family can
land its fixtures together with its rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from integration_lint.config import load_config
from integration_lint.engine import Engine
from integration_lint.rules.base import all_rules

REPO = Path(__file__).resolve().parents[1]
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>IL\d{3}(?:\s*,\s*IL\d{3})*)")


def project_roots() -> list[Path]:
    roots = []
    example = REPO / "examples" / "clinic"
    if example.is_dir():
        roots.append(example)
    fixtures = REPO / "tests" / "fixtures"
    if fixtures.is_dir():
        roots.extend(sorted(p.parent for p in fixtures.glob("*/.integration-lint.yaml")))
        roots.extend(sorted(p.parent for p in fixtures.glob("*/*/.integration-lint.yaml")))
    return roots


def expected_findings(root: Path, codes: set[str]) -> set[tuple[str, int, str]]:
    out = set()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = EXPECT.search(line)
            if m:
                for code in re.split(r"\s*,\s*", m.group("codes")):
                    if code in codes:
                        out.add((rel, lineno, code))
    return out


@pytest.mark.parametrize("root", project_roots(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_findings_match_expect_annotations(root):
    codes = set(all_rules())
    config = load_config(root)
    assert config.root == root, f"{root} needs its own configuration file"
    result = Engine(config, jobs=1, use_cache=False).run([root])
    found = {(f.path, f.line, f.code) for f in result.findings}
    expected = expected_findings(root, codes)
    missing = sorted(expected - found)
    extra = sorted(
        (f.path, f.line, f.code, f.message)
        for f in result.findings
        if (f.path, f.line, f.code) not in expected
    )
    assert not missing and not extra, f"missing: {missing}\nunexpected: {extra}"
