"""The rules' byte prefilters are conservative: turning them off (INTEGRATION_LINT_NO_PREFILTER)
never adds a finding — on the fixture projects, the bundled example and every rule example — and
a prefilter that rejects a file means the rule alone reports nothing there, pending or final."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lintutil import run_cli, write_project
from test_engine import IDS, ROOTS

from integration_lint import engine as engine_module
from integration_lint.config import load_config
from integration_lint.discovery import discover
from integration_lint.engine import NO_PREFILTER_ENV, Engine
from integration_lint.rules.base import all_rules, prefilter_hit


def findings(root: Path, **kwargs) -> list[dict]:
    result = Engine(load_config(root), jobs=1, use_cache=False, **kwargs).run([root])
    return [f.to_json() for f in result.findings]


@pytest.mark.parametrize("root", ROOTS, ids=IDS)
def test_turning_the_prefilter_off_adds_no_finding(root, monkeypatch):
    with_prefilter = findings(root)
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    without = findings(root)
    assert without == with_prefilter


@pytest.mark.parametrize("root", ROOTS, ids=IDS)
def test_a_rejecting_prefilter_hides_nothing_the_rule_would_report(root, monkeypatch):
    """Rule by rule and file by file: where a rule's regex does not match the bytes, the rule run
    alone without prefilter produces neither findings nor pending findings."""
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    config = load_config(root)
    rules = [r for r in all_rules().values() if r.prefilter is not None]
    files = discover([root], config)
    checked = 0
    for rule in rules:
        rejected = [f for f in files if not prefilter_hit(rule, Path(f.abspath).read_bytes())]
        if not rejected:
            continue
        engine_module._init_worker(config, (rule.code,))
        for src in rejected:
            result = engine_module.analyse_file(src)
            leaks = [f.code for f in result.findings if f.code == rule.code]
            leaks += [p.finding.code for p in result.pending if p.finding.code == rule.code]
            assert not leaks, f"{rule.code} prefilter rejects {src.relpath} but the rule reports {leaks}"
            checked += 1
    assert checked, "no prefilter rejected any file: the test checked nothing"


def _example_projects():
    for rule in all_rules().values():
        if rule.prefilter is None:
            continue
        for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid)):
            for ex in examples:
                yield pytest.param(rule.code, ex, id=f"{rule.code}-{kind}-{ex.name}")


@pytest.mark.parametrize("code, example", list(_example_projects()))
def test_rule_examples_report_the_same_with_and_without_prefilter(code, example, tmp_path, monkeypatch):
    write_project(tmp_path, example.all_files, config=example.config_table)
    with_prefilter = findings(tmp_path)
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert findings(tmp_path) == with_prefilter


def test_the_switch_reaches_worker_processes(tmp_path):
    """The environment switch is read where rules run, in pool workers too: a file no prefilter
    admits for IL402 still gets IL402 decided the same way (here: no finding either way), and
    the run with the switch analyses the same files."""
    files = {f"pkg/m{i}.py": "def f(x):\n    return x\n" for i in range(80)}
    write_project(tmp_path, files, config={})
    plain = run_cli("check", str(tmp_path), "--format", "json", "--no-cache", "--jobs", "2")
    import os

    env = {**os.environ, NO_PREFILTER_ENV: "1", "INTEGRATION_LINT_METRICS": str(tmp_path / "m.json")}
    switched = run_cli("check", str(tmp_path), "--format", "json", "--no-cache", "--jobs", "2", env=env)
    assert json.loads(plain.stdout)["findings"] == json.loads(switched.stdout)["findings"] == []
    metrics = json.loads((tmp_path / "m.json").read_text())
    # Without the prefilter every enabled rule ran on every parsed file, in the workers.
    assert metrics["count files parsed"] == 80
    assert metrics["count files rule IL402"] == 80
