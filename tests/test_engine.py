"""Engine determinism and cache correctness: whatever path a run takes (serial or process pool,
cold, warm, after edits, with cache objects missing, one file passed as pre-commit does), the report
is the same as a cold serial run's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lintutil import REPO, run_cli

from integration_lint import engine as engine_module
from integration_lint.config import Config, load_config
from integration_lint.engine import Engine


def project_roots() -> list[Path]:
    roots = [REPO / "examples" / "clinic"]
    fixtures = REPO / "tests" / "fixtures"
    roots.extend(sorted(p.parent for p in fixtures.glob("*/.integration-lint.yaml")))
    roots.extend(sorted(p.parent for p in fixtures.glob("*/*/.integration-lint.yaml")))
    return [r for r in roots if r.is_dir()]


ROOTS = project_roots()
IDS = [r.relative_to(REPO).as_posix() for r in ROOTS]


def copy_project(root: Path, dest: Path) -> Path:
    target = dest / root.name
    shutil.copytree(
        root, target, ignore=shutil.ignore_patterns("__pycache__", ".integration-lint-cache")
    )
    return target


def report(root: Path, paths: list[Path] | None = None, **kwargs) -> tuple[list[dict], object]:
    config = load_config(root)
    result = Engine(config, **kwargs).run(paths or [root])
    return [f.to_json() for f in result.findings], result


@pytest.mark.parametrize("root", ROOTS, ids=IDS)
def test_process_pool_and_serial_runs_give_identical_findings(root, monkeypatch):
    serial, _ = report(root, jobs=1, use_cache=False)
    monkeypatch.setattr(engine_module, "PARALLEL_THRESHOLD", 1)  # use the pool even for few files
    parallel, _ = report(root, jobs=2, use_cache=False)
    assert serial, "every project root carries expected findings"
    assert json.dumps(parallel, sort_keys=True) == json.dumps(serial, sort_keys=True)


def test_cli_json_is_identical_with_one_and_two_jobs_on_the_clinic():
    root = REPO / "examples" / "clinic"
    one = run_cli("check", str(root), "--format", "json", "--no-cache", "--jobs", "1")
    two = run_cli("check", str(root), "--format", "json", "--no-cache", "--jobs", "2")
    assert one.returncode == two.returncode == 1, one.stderr + two.stderr
    assert json.loads(one.stdout) == json.loads(two.stdout)


@pytest.mark.parametrize("root", ROOTS, ids=IDS)
def test_warm_run_reads_nothing_and_equals_the_cold_run(root, tmp_path):
    project = copy_project(root, tmp_path)
    cold, _ = report(project, jobs=1, use_cache=False)
    first, r1 = report(project, jobs=1)
    warm, r2 = report(project, jobs=1)
    assert first == cold
    assert warm == cold
    assert r1.parsed == r1.files and r2.parsed == 0 and r2.from_cache == r2.files


def _python_files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*.py") if ".integration-lint-cache" not in p.parts)


@pytest.mark.parametrize("root", ROOTS, ids=IDS)
def test_cached_run_after_edits_equals_a_cold_run(root, tmp_path):
    """Edits that shift every line of a module (its facts change) and edits that change nothing
    the analysis sees (a trailing comment): the cached run must still equal a cold one."""
    project = copy_project(root, tmp_path)
    report(project, jobs=1)  # fill the cache
    files = _python_files(project)
    shifted, commented = files[0], files[len(files) // 2]
    shifted.write_text("# a new first line\n" + shifted.read_text(encoding="utf-8"), encoding="utf-8")
    with commented.open("a", encoding="utf-8") as fh:
        fh.write("\n# trailing comment\n")
    cold, _ = report(project, jobs=1, use_cache=False)
    warm, result = report(project, jobs=1)
    assert warm == cold
    assert result.parsed == 2


@pytest.mark.parametrize("root", ROOTS, ids=IDS)
def test_one_file_passed_with_a_warm_cache_equals_a_cold_run(root, tmp_path):
    """The pre-commit case: one path on the command line, the rest of the project's facts from the
    cache; the file's cross-file findings are the same as without any cache."""
    project = copy_project(root, tmp_path)
    report(project, jobs=1)
    files = _python_files(project)
    for target in files[:: max(1, len(files) // 6)]:
        cold, _ = report(project, [target], jobs=1, use_cache=False)
        warm, result = report(project, [target], jobs=1)
        assert warm == cold, target
        assert result.parsed == 0


def test_missing_cache_objects_are_rebuilt_not_trusted(tmp_path):
    """A concurrent run may prune objects this run's manifest still names: the engine analyses
    those files again instead of failing or dropping cross-file findings."""
    project = copy_project(REPO / "examples" / "clinic", tmp_path)
    cold, _ = report(project, jobs=1, use_cache=False)
    report(project, jobs=1)
    cache_root = project / ".integration-lint-cache"
    for obj in cache_root.rglob("objects/*/*.pickle"):
        obj.unlink()
    for project_file in cache_root.rglob("project.pickle"):
        project_file.unlink()
    files = _python_files(project)
    with files[0].open("a", encoding="utf-8") as fh:  # force the project pass to run again
        fh.write("\n# changed\n")
    again, result = report(project, jobs=1)
    assert again == cold
    assert result.parsed > 1  # the pruned objects were re-analysed


def test_corrupt_cache_files_are_ignored(tmp_path):
    project = copy_project(REPO / "examples" / "clinic", tmp_path)
    cold, _ = report(project, jobs=1, use_cache=False)
    report(project, jobs=1)
    for name in ("manifest.pickle", "project.pickle"):
        for path in (project / ".integration-lint-cache").rglob(name):
            path.write_bytes(b"not a pickle")
    again, result = report(project, jobs=1)
    assert again == cold
    assert result.parsed == result.files


TRICKY_SOURCES = {
    "crlf": 'import requests\r\n\r\ndef f():\r\n    return requests.get(\r\n        "https://x",\r\n    )\r\n',
    "lone-cr": 'x = 1\rdef f(a,\r      b):\r    return (a\r            + b)\r',
    "unicode": 'NAME = "café ☕"\ndef g():\n    return {"ключ": "значение",\n            "k": NAME}\n',
    "form-feed": 'a = 1\n\x0c\ndef h():\n    return [a,\n            a]\n',
    "no-final-newline": 'def k():\n    return (1,\n            2)',
}


def _segment_cases():
    for name, source in TRICKY_SOURCES.items():
        yield pytest.param(source, id=name)
    for root in ROOTS:
        for path in _python_files(root)[:40]:
            yield pytest.param(path.read_text(encoding="utf-8"), id=path.relative_to(REPO).as_posix())


@pytest.mark.parametrize("source", list(_segment_cases()))
def test_file_context_segment_matches_ast_get_source_segment(source):
    """The engine's per-node source segment (used for every finding's snippet and fingerprint)
    equals the stdlib's, for every node of the file, whatever the line endings."""
    import ast

    from integration_lint.analysis import FileContext
    from integration_lint.config import load_config

    tree = ast.parse(source)
    ctx = FileContext("m.py", source, tree, load_config(REPO / "examples" / "clinic"))
    for node in ast.walk(tree):
        assert ctx.segment(node) == (ast.get_source_segment(source, node) or ""), ast.dump(node)[:200]


def test_libcst_bridge_is_tried_only_for_errors_that_look_like_newer_grammar(tmp_path, monkeypatch):
    """compat.parse_source's libcst rewrite (newer grammar: PEP 758 `except A, B:`, PEP 695, PEP
    701) costs ~0.1 s a file: a syntax error elsewhere is reported as IL000 without it, an
    unparenthesised except clause still goes through it and is analysed."""
    from integration_lint import compat
    from lintutil import write_project

    calls: list[str] = []
    real = compat._text_downgrade

    def counting(source: str, first: SyntaxError, filename: str):
        calls.append(source)
        return real(source, first, filename)

    monkeypatch.setattr(compat, "_text_downgrade", counting)
    broken = "try:\n    x = 1\nexcept ValueError:\n    pass\nvalue = (1,\n"
    pep758 = (
        "import requests\n\ndef fetch():\n    try:\n        return requests.get('https://x')\n"
        "    except ValueError, TypeError:\n        raise\n"
    )
    write_project(tmp_path, {"broken.py": broken, "pep758.py": pep758}, config={})
    found, _ = report(tmp_path, jobs=1, use_cache=False)
    assert [(f["path"], f["code"]) for f in found] == [("broken.py", "IL000"), ("pep758.py", "IL402")]
    import sys

    assert calls == ([] if sys.version_info >= (3, 14) else [pep758])  # 3.14 parses PEP 758 itself


@pytest.mark.parametrize("root", ROOTS, ids=IDS)
def test_linting_one_file_finds_what_the_whole_project_run_finds_there(root):
    """The pre-commit case: a file passed alone (the rest of the project read for facts only)
    gets exactly the findings the whole-project run reports in it, cross-file rules included
    (IL203's project task decorators are facts recorded by the rule in files it does not lint)."""
    whole, _ = report(root, jobs=1, use_cache=False)
    by_file: dict[str, list[dict]] = {}
    for finding in whole:
        by_file.setdefault(finding["path"], []).append(finding)
    assert by_file, "the project has findings to compare"
    for path, expected in sorted(by_file.items()):
        alone, _ = report(root, [root / path], jobs=1, use_cache=False)
        assert alone == expected, path


def test_code_fingerprint_follows_the_analysing_code_not_the_runtime(tmp_path):
    package = tmp_path / "integration_lint"
    shutil.copytree(
        Path(engine_module.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    before = engine_module.code_fingerprint(package)
    assert engine_module.code_fingerprint(package) == before  # deterministic
    runtime_file = next((package / "runtime").glob("*.py"))
    runtime_file.write_text(runtime_file.read_text() + "\n# edited\n")
    assert engine_module.code_fingerprint(package) == before  # the runtime does not analyse
    rule = package / "rules" / "retry.py"
    rule.write_text(rule.read_text() + "\n# edited\n")
    after_rule = engine_module.code_fingerprint(package)
    assert after_rule != before
    (package / "analysis.py").write_text((package / "analysis.py").read_text() + "\n")
    assert engine_module.code_fingerprint(package) not in (before, after_rule)


def _one_client_project(tmp_path):
    """A project of one module with one IL402 finding, and its configuration."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / ".integration-lint.yaml").write_text("{}\n")
    (root / "client.py").write_text("import requests\n\ndef fetch(url):\n    return requests.get(url)\n")
    return root, load_config(root)


def test_a_cache_written_by_other_analysing_code_is_not_reused(tmp_path, monkeypatch):
    root, config = _one_client_project(tmp_path)
    first = Engine(config).run([root])
    assert [f.code for f in first.findings] == ["IL402"]
    # The same version and configuration, but other rule code: its cached findings must not be read.
    monkeypatch.setattr(engine_module, "code_fingerprint", lambda package=None: "another-build")
    second = Engine(config)
    second.run([root])
    folders = sorted(p.name for p in (root / ".integration-lint-cache").iterdir() if p.is_dir())
    assert len(folders) == 2, folders


def test_old_cache_folders_are_pruned_but_recent_configurations_kept(tmp_path, monkeypatch):
    root, config = _one_client_project(tmp_path)
    cache_root = root / ".integration-lint-cache"
    for build in range(7):
        monkeypatch.setattr(engine_module, "code_fingerprint", lambda package=None, b=build: f"build-{b}")
        result = Engine(config).run([root])
        assert [f.code for f in result.findings] == ["IL402"]
    folders = [p for p in cache_root.iterdir() if p.is_dir()]
    assert len(folders) == 4
    # The newest build's folder is among them and still serves a warm run.
    result = Engine(config).run([root])
    assert [f.code for f in result.findings] == ["IL402"]
    assert len([p for p in cache_root.iterdir() if p.is_dir()]) == 4


def test_a_rule_that_fails_on_a_file_costs_only_its_own_findings(tmp_path, monkeypatch):
    from integration_lint.rules.timeouts import HttpCallWithoutTimeout

    root = tmp_path / "proj"
    root.mkdir()
    (root / ".integration-lint.yaml").write_text("{}\n")
    (root / "broken.py").write_text(
        "import requests\n"
        'API_TOKEN = "tok_live_9f8e7d6c5b4a39281706"\n'
        "\n"
        "def fetch(url):\n"
        "    return requests.get(url)\n"
    )
    (root / "fine.py").write_text("import requests\n\ndef fetch(url):\n    return requests.get(url)\n")
    original = HttpCallWithoutTimeout.visit_Call

    def failing(self, node):
        if self.ctx.relpath == "broken.py":
            raise ZeroDivisionError("simulated bug")
        return original(self, node)

    monkeypatch.setattr(HttpCallWithoutTimeout, "visit_Call", failing)
    result = Engine(load_config(root), use_cache=False, jobs=1).run([root])
    got = sorted((f.path, f.code, f.line) for f in result.findings)
    assert got == [("broken.py", "IL002", 1), ("broken.py", "IL101", 2), ("fine.py", "IL402", 4)]
    engine_error = next(f for f in result.findings if f.code == "IL002")
    assert "IL402 did not analyse this file" in engine_error.message
    assert "ZeroDivisionError: simulated bug" in engine_error.message
    assert "line 5" in engine_error.message


def test_a_project_pass_failure_loses_one_decision_not_the_run(tmp_path, monkeypatch):
    from integration_lint.project import ProjectIndex

    root = tmp_path / "proj"
    (root / "apps").mkdir(parents=True)
    (root / ".integration-lint.yaml").write_text("{}\n")
    (root / "apps" / "services.py").write_text(
        "import requests\n\ndef sync(url):\n    return requests.post(url, timeout=5)\n"
    )
    (root / "apps" / "views.py").write_text(
        "import requests\nfrom apps import services\n\ndef book(request):\n"
        "    services.sync(request.GET['u'])\n    return requests.get('https://x.test')\n"
    )

    def failing(self, pending):
        raise KeyError("simulated bug")

    result = Engine(load_config(root), use_cache=False, jobs=1).run([root])
    assert sorted((f.code, f.line) for f in result.findings) == [("IL401", 5), ("IL401", 6), ("IL402", 6)]
    monkeypatch.setattr(ProjectIndex, "decide", failing)
    result = Engine(load_config(root), use_cache=False, jobs=1).run([root])
    got = sorted((f.code, f.line) for f in result.findings)
    # The pending decision (line 5) is lost and said so; the findings decided in the file stay.
    assert ("IL002", 5) in got and ("IL402", 6) in got and ("IL401", 5) not in got
    assert any("could not decide a possible IL401 finding" in f.message for f in result.findings)


_PFI_PATHS = [
    "apps/billing/tests/test_sync.py", "apps/billing/test_sync.py", "apps/billing/sync_test.py",
    "apps/billing/sync.py", "apps/billing/factories.py", "apps/billing/factories/user.py",
    "test_utils/client.py", "src/testing/fakes.py", "conftest.py", "apps/conftest.py",
    "apps/fixtures/data.py", "features/steps/login.py", "settings/pytest_ci.py",
    "apps/billing/mocks/api.py", "apps/testapp/views.py", "docs/conf.py", "apps/contest/views.py",
    "apps/latest/tests.py", "apps/attestation/services.py", "./apps/billing/tests.py",
]


def test_per_file_ignores_quick_reject_agrees_with_matching_every_entry():
    import pathspec

    config = Config(Path("."))
    specs = [pathspec.PathSpec.from_lines("gitignore", [p]) for p, _codes in config.per_file_ignores]
    quick = engine_module._any_pattern(specs)
    assert quick is not None, "the default per-file-ignores should combine into one regex"
    matched = 0
    for path in _PFI_PATHS:
        slow = any(spec.match_file(path) for spec in specs)
        matched += slow
        assert bool(quick.search(engine_module.normalize_file(path))) == slow, path
    assert 0 < matched < len(_PFI_PATHS)  # the sample holds both kinds


def test_per_file_ignores_with_an_excluding_pattern_are_checked_entry_by_entry():
    import pathspec

    specs = [pathspec.PathSpec.from_lines("gitignore", ["tests/"]), pathspec.PathSpec.from_lines("gitignore", ["!tests/keep.py"])]
    assert engine_module._any_pattern(specs) is None
