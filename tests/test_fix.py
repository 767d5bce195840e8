"""`integration-lint fix`, `fix --diff`, `check --diff` and the fix engine, on real files."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst
import pytest
import yaml

from integration_lint.config import load_config
from integration_lint.fixes.apply import fix_source
from integration_lint.fixes.inmemory import InMemoryLinter
from integration_lint.fixes.source import ChangedOnDisk, read_source, write_atomic
from integration_lint.model import SAFE, UNSAFE
from integration_lint.rules.base import all_rules

from lintutil import REPO, lint_json, run_cli, write_project

FIXTURES = REPO / "tests" / "fixtures" / "fixes"
CASES = sorted(p for p in FIXTURES.iterdir() if (p / "before.py").is_file())
WITH_TEST_RULES = (
    f"import sys; sys.path.insert(0, {str(FIXTURES)!r}); import fix_test_rules; "
    "fix_test_rules.install(); from integration_lint.cli import main; main(sys.argv[1:])"
)


def run_with_test_rules(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, with the fix-test rules (IL990–IL993) registered."""
    return subprocess.run(
        [sys.executable, "-c", WITH_TEST_RULES, *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.fixture
def test_rules():
    sys.path.insert(0, str(FIXTURES))
    try:
        import fix_test_rules

        fix_test_rules.install()
        yield
        fix_test_rules.uninstall()
    finally:
        sys.path.remove(str(FIXTURES))


def assert_parses(text: str) -> None:
    ast.parse(text)
    libcst.parse_module(text)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.py"))}


# ---------------------------------------------------------------------------- before/after fixtures
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_fix_turns_before_fixture_into_after_fixture_and_is_idempotent(tmp_path, case, request):
    spec = yaml.safe_load((case / "case.yaml").read_text()) if (case / "case.yaml").exists() else {}
    spec = spec or {}
    if spec.get("xfail"):
        request.applymarker(pytest.mark.xfail(reason=spec["xfail"], strict=True))
    rel = spec.get("path", "apps/connector/client.py")
    write_project(tmp_path, {}, spec.get("config", {}))
    target = tmp_path / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(case / "before.py", target)
    flags = ["--unsafe-fixes"] if spec.get("unsafe") else []
    first = run_cli("fix", str(tmp_path), "--no-cache", *flags)
    assert first.returncode in (0, 1), first.stderr
    fixed = target.read_text(encoding="utf-8")
    assert_parses(fixed)
    assert fixed == (case / "after.py").read_text(encoding="utf-8")
    second = run_cli("fix", str(tmp_path), "--no-cache", *flags)
    assert second.stdout.startswith("Fixed 0 findings in 0 files."), second.stdout
    assert target.read_text(encoding="utf-8") == fixed


def test_every_fixable_rule_has_a_before_after_fixture():
    fixable = [code for code, rule in all_rules().items() if rule.fixable()]
    assert fixable, "no rule declares a fix"
    covered = {case.name.split("-", 1)[0] for case in CASES}
    assert [code for code in fixable if code not in covered] == []


RULE_FIX_EXAMPLES = [
    pytest.param(rule, ex, id=f"{code}-{ex.name}")
    for code, rule in all_rules().items()
    for ex in rule.invalid
    if ex.fixed is not None
]


@pytest.mark.parametrize("rule, ex", RULE_FIX_EXAMPLES)
def test_fix_engine_reproduces_each_rules_fixed_example(tmp_path, rule, ex):
    write_project(tmp_path, ex.all_files, ex.config_table or {})
    config = load_config(tmp_path)
    with InMemoryLinter(config, use_cache=False) as linter:
        linter.load_facts()
        outcome = fix_source(
            ex.source,
            lambda text: [f for f in linter.lint_text(ex.path, text).findings if f.code == rule.code],
            (SAFE, UNSAFE) if ex.unsafe else (SAFE,),
        )
    assert outcome.text == textwrap.dedent(ex.fixed).lstrip("\n")
    assert_parses(outcome.text)
    assert not outcome.refused


# ---------------------------------------------------------------------------- CLI behaviour
IL402_SOURCE = 'import requests\n\n\ndef fetch(url):\n    return requests.get(url)\n'


def test_fix_without_unsafe_fixes_leaves_unsafe_fix_and_exits_1(tmp_path):
    write_project(tmp_path, {"client.py": IL402_SOURCE}, {})
    proc = run_cli("fix", str(tmp_path), "--no-cache")
    assert proc.returncode == 1
    assert (tmp_path / "client.py").read_text() == IL402_SOURCE
    assert "Fixed 0 findings in 0 files." in proc.stdout
    assert "IL402" in proc.stdout and "fixable with `integration-lint fix --unsafe-fixes`" in proc.stdout


def test_fix_with_unsafe_fixes_exits_0_when_nothing_remains(tmp_path):
    write_project(tmp_path, {"client.py": IL402_SOURCE}, {})
    proc = run_cli("fix", str(tmp_path), "--unsafe-fixes", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "requests.get(url, timeout=(3.05, 30))" in (tmp_path / "client.py").read_text()
    assert proc.stdout.startswith("Fixed 1 finding in 1 file.")


def test_safe_fixes_apply_by_default_and_unsafe_only_with_the_flag(tmp_path):
    source = "import requests\n\ns = requests.session()\nr = requests.get('https://x.example')\n"
    write_project(tmp_path, {"client.py": source}, {})
    proc = run_with_test_rules("fix", str(tmp_path), "--no-cache")
    assert proc.returncode == 1, proc.stderr
    assert (tmp_path / "client.py").read_text() == (
        "import requests\nfrom requests import Session\n\n"
        "s = Session()\nr = requests.get('https://x.example')\n"
    )
    proc = run_with_test_rules("fix", str(tmp_path), "--no-cache", "--unsafe-fixes")
    assert proc.returncode == 0, proc.stdout
    assert "requests.get('https://x.example', timeout=(3.05, 30))" in (tmp_path / "client.py").read_text()


def test_select_limits_which_rules_are_fixed(tmp_path):
    source = 'import requests\n\nTOKEN = "tok_4f8a2c9e7b1d3f5a6c8e0b2d4f6a"\nr = requests.get(url)\n'
    write_project(tmp_path, {"apps/x/client.py": source}, {})
    proc = run_cli("fix", str(tmp_path), "--unsafe-fixes", "--select", "IL402", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "apps/x/client.py").read_text() == source.replace(
        "requests.get(url)", "requests.get(url, timeout=(3.05, 30))"
    )


def test_display_only_fixes_are_never_applied(tmp_path):
    source = "import time\n\ntime.sleep(1)\n"
    write_project(tmp_path, {"worker.py": source}, {})
    proc = run_with_test_rules("fix", str(tmp_path), "--no-cache", "--unsafe-fixes")
    assert proc.returncode == 1
    assert (tmp_path / "worker.py").read_text() == source
    assert "IL993" in proc.stdout


def test_fix_that_would_not_parse_is_dropped_with_a_message_and_others_still_apply(tmp_path):
    source = "import requests\n\nexec('1')\ns = requests.session()\n"
    write_project(tmp_path, {"tool.py": source}, {})
    proc = run_with_test_rules("fix", str(tmp_path), "--no-cache")
    assert proc.returncode == 1
    assert "tool.py:3:1: IL992 fix not applied (Double the parenthesis): the result would not parse" in proc.stderr
    fixed = (tmp_path / "tool.py").read_text()
    assert "exec('1')" in fixed and "s = Session()" in fixed
    assert_parses(fixed)


def test_real_rule_fix_that_would_break_a_generator_argument_is_refused_and_file_stays_valid(tmp_path):
    # IL402 appends `, timeout=…` after the last argument; after a bare generator argument that
    # is a SyntaxError ("Generator expression must be parenthesized"), so the engine refuses it.
    source = "import requests\n\nr = requests.post(chunk for chunk in payload)\nq = requests.get(url)\n"
    write_project(tmp_path, {"upload.py": source}, {})
    proc = run_cli("fix", str(tmp_path), "--unsafe-fixes", "--no-cache")
    fixed = (tmp_path / "upload.py").read_text()
    assert_parses(fixed)
    assert "q = requests.get(url, timeout=(3.05, 30))" in fixed
    if "requests.post(chunk for chunk in payload)\n" in fixed:  # refused, and said so
        assert proc.returncode == 1
        assert "upload.py:3:5: IL402 fix not applied" in proc.stderr
        assert "the result would not parse" in proc.stderr


def test_overlapping_fixes_are_deferred_and_reapplied_until_nothing_changes(tmp_path, test_rules):
    write_project(tmp_path, {"m.py": "y = list(list(list(x)))\nz = list(a) + list(b)\n"}, {})
    with InMemoryLinter(load_config(tmp_path), use_cache=False) as linter:
        linter.load_facts()
        outcome = fix_source(
            (tmp_path / "m.py").read_text(), lambda text: linter.lint_text("m.py", text).findings
        )
    assert outcome.text == "y = [*[*[*x]]]\nz = [*a] + [*b]\n"
    assert outcome.rounds == 3  # one nesting level per round: each inner fix overlaps its parent
    assert outcome.converged and not outcome.remaining
    assert len(outcome.applied) == 5


def test_fix_diff_prints_an_applicable_diff_and_writes_nothing(tmp_path):
    project = tmp_path / "project"
    write_project(project, {"client.py": IL402_SOURCE}, {})
    before = snapshot(project)
    proc = run_cli("fix", str(project), "--unsafe-fixes", "--diff", "--no-cache")
    assert proc.returncode == 0  # nothing would remain
    assert snapshot(project) == before
    assert proc.stdout.startswith("--- a/client.py\n+++ b/client.py\n")
    assert "+    return requests.get(url, timeout=(3.05, 30))\n" in proc.stdout
    assert "Would fix 1 finding in 1 file; 0 would remain." in proc.stderr
    # the diff is exactly what `fix` writes
    applied = subprocess.run(["patch", "-p1"], input=proc.stdout, text=True, cwd=project,
                             capture_output=True)
    assert applied.returncode == 0, applied.stderr
    patched = (project / "client.py").read_text()
    (project / "client.py").write_text(IL402_SOURCE)
    run_cli("fix", str(project), "--unsafe-fixes", "--no-cache")
    assert (project / "client.py").read_text() == patched


def test_check_diff_exits_1_with_a_diff_and_0_when_there_is_nothing_to_fix(tmp_path):
    write_project(tmp_path, {"client.py": IL402_SOURCE}, {})
    safe_only = run_cli("check", str(tmp_path), "--diff", "--no-cache")
    assert (safe_only.returncode, safe_only.stdout) == (0, "")
    with_unsafe = run_cli("check", str(tmp_path), "--diff", "--unsafe-fixes", "--no-cache")
    assert with_unsafe.returncode == 1
    assert "+    return requests.get(url, timeout=(3.05, 30))" in with_unsafe.stdout
    assert (tmp_path / "client.py").read_text() == IL402_SOURCE


# ---------------------------------------------------------------------------- file fidelity
def test_crlf_bom_and_latin1_cookie_are_preserved(tmp_path):
    crlf = IL402_SOURCE.replace("\n", "\r\n").encode()
    bom = b"\xef\xbb\xbf" + "# café\n".encode() + IL402_SOURCE.encode()
    latin1 = ("# -*- coding: latin-1 -*-\n# Société Générale\n" + IL402_SOURCE).encode("latin-1")
    for name, data in (("crlf.py", crlf), ("bom.py", bom), ("latin1.py", latin1)):
        (tmp_path / name).write_bytes(data)
    (tmp_path / ".integration-lint.yaml").write_text("{}\n")
    proc = run_cli("fix", str(tmp_path), "--unsafe-fixes", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fixed_line = b"requests.get(url, timeout=(3.05, 30))"
    out = (tmp_path / "crlf.py").read_bytes()
    assert out == crlf.replace(b"requests.get(url)", fixed_line)
    assert out.count(b"\r\n") == out.count(b"\n")
    assert (tmp_path / "bom.py").read_bytes() == bom.replace(b"requests.get(url)", fixed_line)
    assert (tmp_path / "latin1.py").read_bytes() == latin1.replace(b"requests.get(url)", fixed_line)


def test_crlf_file_gets_crlf_in_lines_a_fix_adds(tmp_path, test_rules):
    source = "import requests\r\n\r\ns = requests.session()\r\n"
    path = tmp_path / "crlf_imports.py"
    path.write_bytes(source.encode())
    (tmp_path / ".integration-lint.yaml").write_text("{}\n")
    src = read_source(str(path))
    assert src.newline == "\r\n"
    with InMemoryLinter(load_config(tmp_path), use_cache=False) as linter:
        linter.load_facts()
        outcome = fix_source(
            src.text, lambda text: linter.lint_bytes("crlf_imports.py", src.encode(text)).findings,
            newline=src.newline,
        )
    write_atomic(src, outcome.text)
    data = path.read_bytes()
    assert data == b"import requests\r\nfrom requests import Session\r\n\r\ns = Session()\r\n"


def test_permissions_and_symlinks_survive_a_fix(tmp_path):
    write_project(tmp_path, {"real/client.py": IL402_SOURCE}, {})
    real = tmp_path / "real" / "client.py"
    os.chmod(real, 0o751)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    proc = run_cli("fix", str(link), "--unsafe-fixes", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert link.is_symlink()
    assert "timeout=(3.05, 30)" in real.read_text()
    assert (real.stat().st_mode & 0o777) == 0o751
    assert [p.name for p in real.parent.iterdir()] == ["client.py"]  # no temporary file left


def test_file_changed_on_disk_after_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "client.py"
    path.write_text(IL402_SOURCE)
    src = read_source(str(path))
    edited_meanwhile = IL402_SOURCE + "# edited in the editor meanwhile\n"
    path.write_text(edited_meanwhile)
    with pytest.raises(ChangedOnDisk):
        write_atomic(src, src.text.replace("get(url)", "get(url, timeout=5)"))
    assert path.read_text() == edited_meanwhile
    assert [p.name for p in tmp_path.iterdir()] == ["client.py"]


# ---------------------------------------------------------------------------- done-when
def test_clinic_fix_unsafe_leaves_everything_parseable_fewer_findings_and_second_run_is_no_op(tmp_path):
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "examples" / "clinic", clinic, ignore=shutil.ignore_patterns(".integration-lint-cache"))
    _, before = lint_json(clinic)
    proc = run_cli("fix", str(clinic), "--unsafe-fixes", "--no-cache")
    assert proc.returncode in (0, 1), proc.stderr
    assert "fix not applied" not in proc.stderr
    for path in clinic.rglob("*.py"):
        assert_parses(path.read_text(encoding="utf-8"))
    _, after = lint_json(clinic)
    assert len(after["findings"]) < len(before["findings"])
    fixable = [f for f in before["findings"] if f["fix"] and f["fix"]["applicability"] in ("safe", "unsafe")]
    assert len(before["findings"]) - len(after["findings"]) >= len(fixable) > 0
    state = snapshot(clinic)
    again = run_cli("fix", str(clinic), "--unsafe-fixes", "--no-cache")
    assert again.stdout.startswith("Fixed 0 findings in 0 files.")
    assert snapshot(clinic) == state


# ---------------------------------------------------------------------------- imports
def test_imports_are_added_after_docstring_and_future_import_and_never_duplicated():
    from integration_lint.fixes.imports import add_imports

    source = '"""Doc."""\nfrom __future__ import annotations\n\nimport requests\n\nx = 1\n'
    out = add_imports(source, [("os", None), ("requests", "Session"), ("os", None)])
    assert out == (
        '"""Doc."""\nfrom __future__ import annotations\n\nimport requests\nimport os\n'
        "from requests import Session\n\nx = 1\n"
    )
    assert add_imports(out, [("os", None), ("requests", "Session")]) == out
    aliased = "import os as operating_system\n"
    assert add_imports(aliased, [("os", None)]) == "import os as operating_system\nimport os\n"


def test_import_edits_reproduce_add_imports_when_applied_to_the_original():
    from integration_lint.fixes.edits import apply_edits
    from integration_lint.fixes.imports import add_imports, import_edits

    source = '"""Doc."""\n\x0c\nimport requests\n\nTOKEN = "x"\n'
    wanted = [("os", None), ("requests", "Session")]
    edits = import_edits(source, wanted)
    assert edits and all(e.column == 1 and e.end_column == 1 for e in edits)
    assert apply_edits(source, edits) == add_imports(source, wanted)
    assert import_edits(add_imports(source, wanted), wanted) == []


def test_fix_that_changes_nothing_is_reported_once_and_the_loop_stops():
    # A buggy rule: its finding stays, and its fix replaces `y` with `y`. The loop must not spin.
    from integration_lint.model import Edit, Finding, Fix

    stuck = Finding("IL991", "n", "m.py", 1, 1, 1, 2, "msg", fix=Fix(SAFE, "noop", (Edit(1, 1, 1, 2, "y"),)))
    calls = []

    def lint(text):
        calls.append(text)
        return [stuck]

    outcome = fix_source("y = 1\n", lint)
    assert outcome.text == "y = 1\n" and not outcome.applied
    assert [r.reason for r in outcome.refused] == ["the fix changes nothing, yet the finding stays"]
    assert len(calls) == 1


def test_fix_after_a_form_feed_line_lands_on_the_right_column(tmp_path):
    source = 'import requests\n\x0c\nx = "ééé"; requests.get(u)\n'
    write_project(tmp_path, {"a.py": source}, {})
    proc = run_cli("fix", str(tmp_path), "--unsafe-fixes", "--no-cache")
    assert (tmp_path / "a.py").read_text() == source.replace("get(u)", "get(u, timeout=(3.05, 30))")
    assert proc.returncode == 0


# ---------------------------------------------------------------------------- in-memory lint
def test_in_memory_lint_matches_check_and_reuses_the_project_pass_while_only_lines_move(tmp_path):
    files = {
        "apps/core/http.py": "import requests\n\n\nclass ApiSession(requests.Session):\n    pass\n",
        "apps/sync/client.py": (
            "from apps.core.http import ApiSession\n\n\ndef fetch():\n"
            "    with ApiSession() as session:\n        return session.post('https://api.example.com')\n"
        ),
    }
    write_project(tmp_path, files, {})
    _, report = lint_json(tmp_path)
    expected = [(f["code"], f["line"], f["message"]) for f in report["findings"] if f["path"] == "apps/sync/client.py"]
    assert expected and expected[0][0] == "IL402"  # decided by the project pass (another module)
    rel, text = "apps/sync/client.py", files["apps/sync/client.py"]
    with InMemoryLinter(load_config(tmp_path), use_cache=False) as linter:
        linter.load_facts()
        first = linter.lint_text(rel, text).findings
        assert [(f.code, f.line, f.message) for f in first] == expected
        index = linter._index
        shifted = linter.lint_text(rel, "# moved\n\n" + text).findings
        assert [(f.code, f.line, f.message) for f in shifted] == [(c, line + 2, m) for c, line, m in expected]
        assert linter._index is index  # same call graph: the project pass was not redone
        plain = linter.lint_text(rel, text.replace("ApiSession()", "object()")).findings
        assert linter._index is not index and not [f for f in plain if f.code == "IL402"]
