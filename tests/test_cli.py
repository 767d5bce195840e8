"""The CLI end to end through a real subprocess: exit codes, config errors, formats, bad input."""

from __future__ import annotations

import json
import time

import pytest

from lintutil import run_cli, write_project

VIOLATION = """
import requests

def fetch():
    return requests.get("https://api.example.com/patients")
"""
CLEAN = """
import requests

def fetch():
    return requests.get("https://api.example.com/patients", timeout=10)
"""


def test_clean_directory_exits_zero(tmp_path):
    write_project(tmp_path, {"app/client.py": CLEAN}, config={})
    proc = run_cli("check", str(tmp_path), "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed" in proc.stdout


def test_findings_exit_one_and_text_format(tmp_path):
    write_project(tmp_path, {"app/client.py": VIOLATION}, config={})
    proc = run_cli("check", str(tmp_path), "--no-cache")
    assert proc.returncode == 1
    assert "app/client.py:4:12: IL402 " in proc.stdout
    assert "Found 1 finding" in proc.stdout


def test_exit_zero_flag(tmp_path):
    write_project(tmp_path, {"app/client.py": VIOLATION}, config={})
    assert run_cli("check", str(tmp_path), "--exit-zero", "--no-cache").returncode == 0


def test_json_report_matches_contract(tmp_path):
    write_project(tmp_path, {"app/client.py": VIOLATION}, config={})
    proc = run_cli("check", str(tmp_path), "--format", "json", "--no-cache")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert set(report) == {"version", "findings", "summary"}
    (finding,) = report["findings"]
    assert set(finding) == {
        "code", "name", "path", "line", "column", "end_line", "end_column",
        "message", "severity", "fingerprint", "fix",
    }
    assert finding["path"] == "app/client.py"
    assert (finding["line"], finding["column"], finding["end_line"]) == (4, 12, 4)
    assert finding["fix"]["applicability"] == "unsafe"
    assert finding["fix"]["edits"][0]["content"] == ", timeout=(3.05, 30)"
    assert report["summary"]["findings"] == 1


def test_output_file_and_statistics(tmp_path):
    write_project(tmp_path, {"app/client.py": VIOLATION}, config={})
    out = tmp_path / "report.txt"
    proc = run_cli("check", str(tmp_path), "--statistics", "--output", str(out), "--no-cache")
    assert proc.returncode == 1 and proc.stdout == ""
    text = out.read_text()
    assert "1\tIL402\thttp-call-without-timeout" in text


def test_unknown_config_key_in_pyproject_exits_two_naming_key_and_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.integration-lint]\nselec = ["IL"]\n')
    (tmp_path / "a.py").write_text("x = 1\n")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2
    assert "selec" in proc.stderr and "pyproject.toml" in proc.stderr


def test_unknown_config_key_in_yaml_exits_two(tmp_path):
    (tmp_path / ".integration-lint.yaml").write_text("surfacing_functions: [x]\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2
    assert "surfacing_functions" in proc.stderr and ".integration-lint.yaml" in proc.stderr


def test_wrong_type_in_config_exits_two(tmp_path):
    (tmp_path / ".integration-lint.yaml").write_text("select: IL4\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2 and "select" in proc.stderr


def test_broken_toml_exits_two_with_message(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.integration-lint\nselect = 1\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2 and "cannot read configuration" in proc.stderr


def test_missing_path_exits_two(tmp_path):
    proc = run_cli("check", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_select_and_ignore_prefixes(tmp_path):
    write_project(tmp_path, {"app/client.py": VIOLATION, "app/bad.py": "def f(:\n"}, config={})
    _, ignored = run_json(tmp_path, "--ignore", "IL4")
    assert [f["code"] for f in ignored["findings"]] == ["IL000"]
    _, selected = run_json(tmp_path, "--select", "IL402")  # the file that does not parse is still shown
    assert [f["code"] for f in selected["findings"]] == ["IL000", "IL402"]
    _, quiet = run_json(tmp_path, "--select", "IL402", "--ignore", "IL000")
    assert [f["code"] for f in quiet["findings"]] == ["IL402"]
    proc = run_cli("check", str(tmp_path), "--select", "XX9")
    assert proc.returncode == 2 and "XX9" in proc.stderr


def run_json(path, *args):
    proc = run_cli("check", str(path), "--format", "json", "--no-cache", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_bad_input_never_crashes_and_is_reported(tmp_path):
    files = {
        "ok.py": VIOLATION,
        "syntax.py": "def broken(:\n    pass\n",
        "empty.py": "",
    }
    write_project(tmp_path, files, config={})
    (tmp_path / "binary.py").write_bytes(b"\x00\x01\x02 not python")
    (tmp_path / "latin1.py").write_bytes(b"NAME = '\xe9'\n")
    (tmp_path / "declared.py").write_bytes(b"# -*- coding: latin-1 -*-\nNAME = '\xe9'\n")
    (tmp_path / "deep.py").write_text("x = " + "(" * 300 + "1" + ")" * 300 + "\n")
    rc, report = run_json(tmp_path)
    by_path = {(f["path"], f["code"]) for f in report["findings"]}
    assert ("ok.py", "IL402") in by_path
    assert ("syntax.py", "IL000") in by_path
    assert ("binary.py", "IL002") in by_path
    assert ("latin1.py", "IL002") in by_path
    assert not any(p in ("empty.py", "declared.py") for p, _ in by_path)
    syntax = next(f for f in report["findings"] if f["code"] == "IL000")
    assert syntax["line"] == 1


def test_generated_files_gitignore_and_exclude_are_skipped(tmp_path):
    write_project(
        tmp_path,
        {
            "app/generated.py": "# @" + "generated by protoc\n" + VIOLATION,
            "app/ignored_by_git.py": VIOLATION,
            "app/migrations/0001_initial.py": VIOLATION,
            "vendor_copy/client.py": VIOLATION,
            "app/kept.py": VIOLATION,
        },
        config={"extend-exclude": ["vendor_copy/"]},
    )
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("app/ignored_by_git.py\n")
    _, report = run_json(tmp_path)
    assert {f["path"] for f in report["findings"]} == {"app/kept.py"}


def test_build_and_dist_outputs_are_skipped_but_packages_of_that_name_are_linted(tmp_path):
    write_project(
        tmp_path,
        {
            "build/lib/app/client.py": VIOLATION,
            "dist/app/client.py": VIOLATION,
            "app/helpers/build/__init__.py": "",
            "app/helpers/build/poll.py": VIOLATION,
            "app/dist/__init__.py": VIOLATION,
        },
        config={},
    )
    _, report = run_json(tmp_path)
    assert {f["path"] for f in report["findings"]} == {"app/helpers/build/poll.py", "app/dist/__init__.py"}


def test_explicit_file_is_linted_even_if_excluded_unless_force_exclude(tmp_path):
    write_project(tmp_path, {"app/migrations/0002.py": VIOLATION}, config={})
    target = tmp_path / "app/migrations/0002.py"
    assert run_cli("check", str(target), "--no-cache").returncode == 1
    assert run_cli("check", str(target), "--no-cache", "--force-exclude").returncode == 0


def test_suppressions_and_unused_suppression(tmp_path):
    source = """
    import requests
    requests.get("https://a.example")  # noqa: IL402
    # integration-lint: ignore[IL402] legacy endpoint, tracked in OPS-12
    requests.get("https://b.example")
    requests.get("https://c.example", timeout=3)  # noqa: IL402
    requests.get("https://d.example")  # noqa: E501
    requests.get("https://e.example")  # noqa
    """
    write_project(tmp_path, {"app/x.py": source}, config={})
    _, report = run_json(tmp_path)
    got = sorted((f["line"], f["code"]) for f in report["findings"])
    assert got == [(5, "IL001"), (6, "IL402")]
    assert report["summary"]["suppressed"] == 3


def test_per_file_ignores(tmp_path):
    write_project(
        tmp_path,
        {"app/x.py": VIOLATION, "scripts/y.py": VIOLATION},
        config={"per-file-ignores": {"scripts/**": ["IL4"]}},
    )
    _, report = run_json(tmp_path)
    assert {f["path"] for f in report["findings"]} == {"app/x.py"}


def test_cache_reuses_results_and_sees_changes(tmp_path):
    write_project(tmp_path, {"app/x.py": VIOLATION, "app/y.py": CLEAN}, config={})
    first = run_cli("check", str(tmp_path), "--format", "json")
    assert any((tmp_path / ".integration-lint-cache").iterdir())
    second = run_cli("check", str(tmp_path), "--format", "json")
    assert json.loads(first.stdout)["findings"] == json.loads(second.stdout)["findings"]
    time.sleep(0.01)
    (tmp_path / "app/y.py").write_text(VIOLATION.lstrip())
    third = json.loads(run_cli("check", str(tmp_path), "--format", "json").stdout)
    assert {f["path"] for f in third["findings"]} == {"app/x.py", "app/y.py"}


def test_parallel_and_serial_runs_agree(tmp_path):
    files = {f"pkg/m{i}.py": (VIOLATION if i % 3 else CLEAN) for i in range(90)}
    write_project(tmp_path, files, config={})
    _, serial = run_json(tmp_path, "--jobs", "1")
    _, parallel = run_json(tmp_path, "--jobs", "2")
    assert serial["findings"] == parallel["findings"]
    assert len(serial["findings"]) == 60


def test_linting_one_file_still_sees_the_rest_of_the_project(tmp_path):
    """pre-commit passes only changed files; cross-file facts come from the whole project."""
    write_project(
        tmp_path,
        {
            "apps/core/http.py": "import requests\n\nclass ApiSession(requests.Session):\n    pass\n",
            "apps/sync/client.py": (
                "from apps.core.http import ApiSession\n\n"
                "def fetch():\n    return ApiSession().get('https://api.example.com')\n"
            ),
        },
        config={},
    )
    proc = run_cli("check", str(tmp_path / "apps/sync/client.py"), "--format", "json", "--no-cache")
    report = json.loads(proc.stdout)
    assert [(f["path"], f["line"]) for f in report["findings"]] == [("apps/sync/client.py", 4)]


def test_rules_and_explain(tmp_path):
    proc = run_cli("rules", "--format", "json")
    rules = json.loads(proc.stdout)
    assert any(r["code"] == "IL402" and r["fixable"] for r in rules)
    explain = run_cli("explain", "IL402")
    assert explain.returncode == 0
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Options"):
        assert f"## {heading}" in explain.stdout
    assert run_cli("explain", "IL999").returncode == 2


@pytest.mark.parametrize(
    "code, fix",
    [
        ("IL402", "Fix: available."),
        ("IL201", "Fix: suggestion only (shown with the finding, never applied)."),
        ("IL000", "Fix: none."),
    ],
)
def test_explain_says_whether_a_fix_is_applied_shown_or_absent(code, fix):
    assert fix in run_cli("explain", code).stdout


def test_python_314_unparenthesised_except_is_analysed_not_a_syntax_error(tmp_path):
    source = """
    import requests

    def fetch():
        try:
            return requests.get("https://api.example.com")
        except ValueError, TypeError:
            raise
    """
    write_project(tmp_path, {"app/x.py": source}, config={})
    _, report = run_json(tmp_path)
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("IL402", 5)]


def test_select_and_ignore_all_on_the_command_line(tmp_path):
    write_project(tmp_path, {"app/client.py": VIOLATION}, config={})
    assert run_cli("check", str(tmp_path), "--no-cache", "--ignore", "ALL").returncode == 0
    _, report = run_json(tmp_path, "--select", "ALL")
    assert [f["code"] for f in report["findings"]] == ["IL402"]
