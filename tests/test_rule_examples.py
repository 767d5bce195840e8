"""Every rule's `valid` and `invalid` examples are tests, named after the rule and the example."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from integration_lint.config import load_config
from integration_lint.engine import Engine
from integration_lint.fixes.edits import apply_edits
from integration_lint.fixes.imports import add_imports
from integration_lint.model import SAFE, UNSAFE
from integration_lint.rules.base import Example, Rule, all_rules

from lintutil import write_project

CASES = [
    pytest.param(rule, ex, kind, id=f"{code}-{kind}-{ex.name}")
    for code, rule in all_rules().items()
    for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
    for ex in examples
]


def lint_example(tmp_path: Path, rule: type[Rule], ex: Example):
    write_project(tmp_path, ex.all_files, ex.config_table)
    if not ex.config_table:
        (tmp_path / ".integration-lint.yaml").write_text("{}\n")
    config = load_config(tmp_path)
    engine = Engine(config, jobs=1, use_cache=False)
    result = engine.run([tmp_path])
    return [f for f in result.findings if f.code == rule.code and f.path == ex.path]


@pytest.mark.parametrize("rule, ex, kind", CASES)
def test_rule_example(tmp_path, rule, ex, kind):
    findings = lint_example(tmp_path, rule, ex)
    if kind == "valid":
        assert findings == [], f"{rule.code} must not flag {ex.name}: {findings}"
        return
    assert findings, f"{rule.code} must flag {ex.name}"
    if ex.lines:
        assert sorted({f.line for f in findings}) == sorted(set(ex.lines))
    if ex.fixed is not None:
        allowed = (SAFE, UNSAFE) if ex.unsafe else (SAFE,)
        fixes = [f.fix for f in findings if f.fix and f.fix.applicability in allowed]
        assert fixes, f"{rule.code} offers no {'/'.join(allowed)} fix for {ex.name}"
        fixed = apply_edits(ex.source, [e for fix in fixes for e in fix.edits])
        fixed = add_imports(fixed, [i for fix in fixes for i in fix.imports])
        assert fixed == textwrap.dedent(ex.fixed).lstrip("\n")


def test_every_rule_has_valid_and_invalid_examples():
    for code, rule in all_rules().items():
        assert rule.invalid, f"{code} has no invalid example"
        if code != "IL002":
            assert rule.valid, f"{code} has no valid example"


def test_every_rule_documents_every_section_in_order():
    from integration_lint.rules.base import DOC_SECTIONS

    for code, rule in all_rules().items():
        assert tuple(rule.docs()) == DOC_SECTIONS, f"{code} doc sections: {tuple(rule.docs())}"
        assert rule.name == rule.name.lower() and " " not in rule.name and not rule.name.startswith("no-")
