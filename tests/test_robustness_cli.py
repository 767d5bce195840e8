"""Bad input through the CLI: every case gives a clear message or a clean result, exit 0/1/2 as
appropriate, and never a traceback. Known bugs are strict xfails naming the owning module.

Most cases run the click app in-process (fast); cases that can block (FIFOs), need real
concurrency, or must see the interpreter's own stderr run the installed CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from integration_lint.cli import main

CALL = 'import requests\nrequests.get("https://api.example/x")\n'


def cli(*args: str, env: dict | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tb = "".join(traceback.format_exception(*result.exc_info))
        pytest.fail(f"integration-lint {' '.join(map(str, args))} crashed:\n{tb}")
    return result


def subprocess_cli(
    *args: str, cwd: Path | None = None, timeout: float = 120, env: dict | None = None
) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "integration_lint", *map(str, args)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def project(tmp_path: Path, files: dict[str, bytes | str] | None = None, config: str = "{}\n") -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    if config is not None:
        (root / ".integration-lint.yaml").write_text(config)
    for rel, content in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def findings(root: Path, *paths, extra: tuple[str, ...] = ()) -> list[dict]:
    result = cli("check", *(paths or (root,)), "--format", "json", "--no-cache", *extra)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def codes_by_path(items: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in items:
        out.setdefault(f["path"], []).append(f"{f['code']}@{f['line']}")
    return out


# ---------------------------------------------------------------------------- odd files
def test_directory_named_py_dangling_symlink_and_fifo_are_skipped_in_a_walk(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    (root / "pkg.py").mkdir()
    (root / "pkg.py" / "inner.py").write_text(CALL)
    (root / "dangling.py").symlink_to(root / "nowhere.py")
    os.mkfifo(root / "fifo.py")
    proc = subprocess_cli("check", root, "--format", "json", "--no-cache", timeout=60)
    assert proc.returncode == 1
    got = codes_by_path(json.loads(proc.stdout)["findings"])
    assert got == {"ok.py": ["IL402@2"], "pkg.py/inner.py": ["IL402@2"]}


def test_explicit_fifo_does_not_block(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    os.mkfifo(root / "fifo.py")
    proc = subprocess_cli("check", root / "fifo.py", "--no-cache", timeout=60)
    assert proc.returncode in (0, 2)


def test_explicit_dangling_symlink_is_a_usage_error_naming_it(tmp_path):
    root = project(tmp_path)
    (root / "dangling.py").symlink_to(root / "nowhere.py")
    result = cli("check", root / "dangling.py", "--no-cache")
    assert result.exit_code == 2
    assert "dangling.py" in result.stderr


def test_explicit_symlink_loop_is_a_usage_error(tmp_path):
    root = project(tmp_path)
    (root / "a.py").symlink_to(root / "b.py")
    (root / "b.py").symlink_to(root / "a.py")
    result = cli("check", root / "a.py", "--no-cache")
    assert result.exit_code == 2
    assert "a.py" in result.stderr


def test_symlink_loop_inside_a_linted_folder_is_skipped(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    (root / "loop1.py").symlink_to(root / "loop2.py")
    (root / "loop2.py").symlink_to(root / "loop1.py")
    assert codes_by_path(findings(root)) == {"ok.py": ["IL402@2"]}


NON_UTF8_NAME = b"caf\xe9.py"


def _non_utf8_project(tmp_path: Path) -> Path:
    root = project(tmp_path)
    os.makedirs(os.path.join(os.fsencode(root), b"d"))
    with open(os.path.join(os.fsencode(root), b"d", NON_UTF8_NAME), "wb") as fh:
        fh.write(CALL.encode())
    return root


def test_non_utf8_file_name_in_text_format(tmp_path):
    root = _non_utf8_project(tmp_path)
    proc = subprocess_cli("check", root, "--no-cache", env={"PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 1
    assert "IL402" in proc.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_non_utf8_file_name_in_machine_formats(tmp_path, fmt):
    root = _non_utf8_project(tmp_path)
    result = cli("check", root, "--no-cache", "--format", fmt)
    assert result.exit_code == 1


@pytest.mark.parametrize("command", ["baseline", "drift", "fix"])
def test_non_utf8_file_name_in_baseline_drift_and_fix(tmp_path, command):
    root = _non_utf8_project(tmp_path)
    extra = {"fix": ["--diff", "--unsafe-fixes"], "drift": ["--month", "2026-11"]}.get(command, [])
    result = cli(command, root, "--no-cache", *extra)
    assert result.exit_code in (0, 1)


def test_file_over_the_size_limit_is_reported_not_parsed(tmp_path):
    root = project(tmp_path)
    with open(root / "huge.py", "wb") as fh:
        line = b"x = 1\n"
        fh.write(line * (30 * 1024 * 1024 // len(line) + 1))
    got = findings(root)
    assert [(f["code"], f["path"]) for f in got] == [("IL002", "huge.py")]
    assert "byte limit" in got[0]["message"]


@pytest.mark.parametrize(
    "name,data,line",
    [
        ("crlf.py", b'import requests\r\n\r\nrequests.get("u")\r\n', 3),
        ("cr_only.py", b'import requests\r\rrequests.get("u")\r', 3),
        ("bom.py", b'\xef\xbb\xbfimport requests\n\nrequests.get("u")\n', 3),
        ("formfeed.py", b'\x0cimport requests\n\x0c\nrequests.get("u")\n', 3),
        ("tabs.py", b'import requests\nif True:\n\trequests.get("u")\n', 3),
        ("latin1_cookie.py", b'# -*- coding: latin-1 -*-\nx = "caf\xe9"\nimport requests; requests.get("u")\n', 3),
        ("no_trailing_newline.py", b'import requests\n\nrequests.get("u")', 3),
    ],
)
def test_unusual_but_valid_encodings_and_line_endings_are_linted(tmp_path, name, data, line):
    root = project(tmp_path, {name: data})
    assert codes_by_path(findings(root)) == {name: [f"IL402@{line}"]}


@pytest.mark.parametrize(
    "name,data,needle",
    [
        ("nul.py", b'import requests\x00\nrequests.get("u")\n', "NUL"),
        ("binary.py", bytes(range(256)) * 8, "NUL"),
        ("latin1_no_cookie.py", b'import requests\nx = "caf\xe9"\n', "0xe9"),
        ("bad_cookie.py", b"# -*- coding: klingon -*-\nx = 1\n", "klingon"),
    ],
)
def test_binary_or_undecodable_file_is_one_il002_naming_the_problem(tmp_path, name, data, needle):
    root = project(tmp_path, {name: data, "ok.py": CALL})
    got = findings(root)
    assert codes_by_path(got)["ok.py"] == ["IL402@2"]  # the run goes on
    (bad,) = [f for f in got if f["path"] == name]
    assert bad["code"] == "IL002" and needle in bad["message"]


def test_syntax_error_is_one_il000_and_the_run_goes_on(tmp_path):
    root = project(tmp_path, {"broken.py": "def f(:\n    pass\n", "ok.py": CALL})
    got = codes_by_path(findings(root))
    assert got == {"broken.py": ["IL000@1"], "ok.py": ["IL402@2"]}


# ---------------------------------------------------------------------------- paths and jobs
@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_a_usage_error(tmp_path, jobs):
    root = project(tmp_path, {"ok.py": CALL})
    result = cli("check", root, "--jobs", jobs)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_path_given_twice_and_overlapping_paths_report_each_finding_once(tmp_path):
    root = project(tmp_path, {"apps/sync/client.py": CALL, "apps/other.py": CALL})
    once = findings(root, root / "apps")
    twice = findings(
        root, root / "apps", root / "apps", root / "apps" / "sync", root / "apps" / "sync" / "client.py"
    )
    assert twice == once
    assert len(once) == 2


def test_missing_path_is_a_usage_error(tmp_path):
    root = project(tmp_path)
    result = cli("check", root / "nope.py")
    assert result.exit_code == 2 and "nope.py" in result.stderr


# ---------------------------------------------------------------------------- configuration
def test_empty_yaml_config_means_defaults(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config="")
    assert codes_by_path(findings(root)) == {"ok.py": ["IL402@2"]}


def test_empty_pyproject_means_defaults(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config=None)
    (root / "pyproject.toml").write_text("")
    (root / ".git").mkdir()
    assert codes_by_path(findings(root)) == {"ok.py": ["IL402@2"]}


@pytest.mark.parametrize(
    "config,needle",
    [
        ("- select\n- IL\n", "mapping"),
        ("just a string\n", "mapping"),
        ("select: [IL\n", "cannot read configuration"),
        ("select: [1]\n", "select"),
        ("connectors:\n  doctolib:\n    paths: {a: 1}\n", "connectors.doctolib.paths"),
        ("connectors:\n  doctolib: 5\n", "connectors.doctolib"),
        ("connectors: [1, 2]\n", "connectors"),
        ("connectors:\n  doctolib:\n    env-prefix: [1]\n", "connectors.doctolib.env-prefix"),
        ("connectors:\n  doctolib:\n    pathz: [a]\n", "pathz"),
        ("per-file-ignores: [a]\n", "per-file-ignores"),
        ("default-timeout: [1, 2, 3]\n", "default-timeout"),
        ("surprise: 1\n", "surprise"),
    ],
)
def test_broken_yaml_config_exits_two_naming_the_problem(tmp_path, config, needle):
    root = project(tmp_path, {"ok.py": CALL}, config=config)
    result = cli("check", root, "--no-cache")
    assert result.exit_code == 2, result.stdout
    assert ".integration-lint.yaml" in result.stderr and needle in result.stderr


def test_non_utf8_yaml_config_exits_two(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config=None)
    (root / ".integration-lint.yaml").write_bytes(b'select: ["\xff"]\n')
    result = cli("check", root, "--no-cache")
    assert result.exit_code == 2 and "utf-8" in result.stderr


@pytest.mark.parametrize(
    "toml,needle",
    [
        ("[tool.integration-lint.connectors.doctolib]\npaths = 3\n", "connectors.doctolib.paths"),
        ("[tool.integration-lint.connectors.doctolib]\nenv-prefix = [1]\n", "connectors.doctolib.env-prefix"),
        ("[tool.integration-lint.connectors]\ndoctolib = 5\n", "connectors.doctolib"),
        ("[tool.integration-lint]\nconnectors = [1, 2]\n", "connectors"),
        ("[tool.integration-lint.connectors.doctolib]\npaths = [\"a\", 1]\n", "connectors.doctolib.paths"),
        ("[tool.integration-lint\n", "cannot read configuration"),
    ],
)
def test_toml_with_wrong_types_exits_two_naming_the_key(tmp_path, toml, needle):
    root = project(tmp_path, {"ok.py": CALL}, config=None)
    (root / "pyproject.toml").write_text(toml)
    result = cli("check", root, "--no-cache")
    assert result.exit_code == 2, result.stdout
    assert "pyproject.toml" in result.stderr and needle in result.stderr


def test_tool_section_that_is_not_a_table_exits_two(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config=None)
    (root / "pyproject.toml").write_text('[tool]\nintegration-lint = "x"\n')
    result = cli("check", root, "--no-cache")
    assert result.exit_code == 2
    assert "integration-lint" in result.stderr


def test_tool_key_that_is_not_a_table_gets_a_clear_message(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config=None)
    (root / "pyproject.toml").write_text('tool = "x"\n')
    result = cli("check", root, "--no-cache")
    assert result.exit_code == 2
    assert "has no attribute" not in result.stderr and "`tool`" in result.stderr


def test_config_select_matching_no_rule_is_an_error(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config="select: [XX9]\n")
    result = cli("check", root, "--no-cache")
    assert result.exit_code == 2
    assert "XX9" in result.stderr


def test_config_select_all_enables_every_rule(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config="select: [ALL]\n")
    assert codes_by_path(findings(root)) == {"ok.py": ["IL402@2"]}


@pytest.mark.parametrize("value", [".nan", ".inf", "-1", "[1, -5]"])
def test_non_finite_or_negative_default_timeout_is_a_config_error(tmp_path, value):
    root = project(tmp_path, {"ok.py": CALL}, config=f"default-timeout: {value}\n")
    result = cli("check", root, "--no-cache")
    assert result.exit_code == 2 and "default-timeout" in result.stderr


def test_default_timeout_that_does_not_parse_is_a_config_error(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config='default-timeout: "(("\n')
    result = cli("fix", root, "--unsafe-fixes", "--no-cache")
    assert result.exit_code == 2
    assert "default-timeout" in result.stderr
    assert (root / "ok.py").read_text() == CALL


def test_config_file_option_pointing_at_a_folder_exits_two(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    result = cli("check", root, "--config", root)
    assert result.exit_code == 2 and "configuration file not found" in result.stderr


# ---------------------------------------------------------------------------- cache
def _many_files(n: int = 80) -> dict[str, str]:
    files = {f"apps/a{i}/client.py": CALL + f"\n\ndef f{i}():\n    return requests.post('x')\n" for i in range(n)}
    files["apps/views.py"] = (
        "from django.views import View\nfrom apps.a1.client import f1\n\n\n"
        "class V(View):\n    def get(self, request):\n        return f1()\n"
    )
    return files


def test_concurrent_runs_sharing_the_cache_both_succeed_with_identical_output(tmp_path):
    root = project(tmp_path, _many_files())
    expected = subprocess_cli("check", root, "--format", "json", "--no-cache").stdout
    for _round in range(2):
        with ThreadPoolExecutor(2) as pool:
            procs = list(
                pool.map(lambda _: subprocess_cli("check", root, "--format", "json", "--jobs", "2"), range(2))
            )
        for proc in procs:
            assert proc.returncode == 1, proc.stderr
            assert proc.stdout == expected
    assert any((root / ".integration-lint-cache").rglob("*")), "the runs wrote a cache"


def test_truncated_cache_files_are_ignored(tmp_path):
    root = project(tmp_path, _many_files(20))
    first = cli("check", root, "--format", "json").stdout
    cache_files = [p for p in (root / ".integration-lint-cache").rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert cache_files
    for p in cache_files:
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 2])
    again = cli("check", root, "--format", "json")
    assert again.exit_code == 1 and again.stdout == first
    for p in cache_files:
        p.write_bytes(b"garbage, not a pickle")
    assert cli("check", root, "--format", "json").stdout == first


def test_cache_dir_that_is_a_file_still_lints(tmp_path):
    root = project(tmp_path, {"ok.py": CALL}, config="cache-dir: ok.py\n")
    result = cli("check", root)
    assert result.exit_code == 1 and "IL402" in result.stdout
    assert (root / "ok.py").read_text() == CALL


# ---------------------------------------------------------------------------- outputs
@pytest.mark.parametrize("target", ["folder", "missing/dir/report.txt"])
def test_unwritable_output_file_exits_two_with_a_message(tmp_path, target):
    root = project(tmp_path, {"ok.py": CALL})
    (root / "folder").mkdir()
    result = cli("check", root, "--output", root / target)
    assert result.exit_code == 2 and target.split("/")[0] in result.stderr


def test_unwritable_github_step_summary_does_not_crash(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    (tmp_path / "summary").mkdir()
    result = cli("check", root, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "summary")})
    assert result.exit_code in (1, 2)


@pytest.mark.parametrize(
    "content,needle",
    [
        ("[1]", "not an integration-lint baseline"),
        ("{not json", "cannot read baseline"),
        ('{"findings": [1]}', "malformed entry"),
        ('{"findings": [{"fingerprint": "x", "count": "many"}]}', "malformed entry"),
    ],
)
def test_broken_baseline_exits_two(tmp_path, content, needle):
    root = project(tmp_path, {"ok.py": CALL})
    (root / "b.json").write_text(content)
    result = cli("check", root, "--baseline", root / "b.json", "--no-cache")
    assert result.exit_code == 2 and needle in result.stderr


def test_baseline_with_infinite_count_exits_two(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    (root / "b.json").write_text('{"version": 1, "findings": [{"fingerprint": "x", "count": 1e400}]}')
    result = cli("check", root, "--baseline", root / "b.json", "--no-cache")
    assert result.exit_code == 2


PREVIOUS_REPORTS = {
    "invalid-json": "<!-- integration-lint-data {not json} -->\n",
    "json-list": "<!-- integration-lint-data [1, 2] -->\n",
    "entry-without-fingerprint": '<!-- integration-lint-data {"findings": [{"code": "IL402"}]} -->\n',
}


@pytest.mark.parametrize("kind", sorted(PREVIOUS_REPORTS))
def test_corrupted_previous_drift_report_does_not_crash(tmp_path, kind):
    root = project(tmp_path, {"ok.py": CALL})
    backlog = root / "roadmap" / "backlog"
    backlog.mkdir(parents=True)
    (backlog / "integrations-overview-drift-2026-01.md").write_text(PREVIOUS_REPORTS[kind])
    result = cli("drift", root, "--month", "2026-02", "--no-cache")
    assert result.exit_code in (0, 2)


def test_non_utf8_previous_drift_report_does_not_crash(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    backlog = root / "roadmap" / "backlog"
    backlog.mkdir(parents=True)
    (backlog / "integrations-overview-drift-2026-01.md").write_bytes(b"\xff\xfe report")
    result = cli("drift", root, "--month", "2026-02", "--no-cache")
    assert result.exit_code in (0, 2)


@pytest.mark.parametrize("template", ["{% if %}\n", "{{ foo.bar }}\n"])
def test_broken_drift_template_exits_two(tmp_path, template):
    root = project(tmp_path, {"ok.py": CALL})
    (tmp_path / "t.md.j2").write_text(template)
    result = cli("drift", root, "--month", "2026-02", "--template", tmp_path / "t.md.j2", "--no-cache")
    assert result.exit_code == 2 and "t.md.j2" in result.stderr


def test_invalid_month_exits_two(tmp_path):
    root = project(tmp_path, {"ok.py": CALL})
    result = cli("drift", root, "--month", "2026-13")
    assert result.exit_code == 2 and "--month" in result.stderr


# ---------------------------------------------------------------------------- fix never breaks files
def test_fix_leaves_cr_only_files_alone_with_a_warning(tmp_path):
    data = b'import requests\rrequests.get("u")\r'
    root = project(tmp_path, {"cr.py": data})
    result = cli("fix", root, "--unsafe-fixes", "--no-cache")
    assert result.exit_code == 1
    assert "cr.py" in result.stderr and "CR" in result.stderr
    assert (root / "cr.py").read_bytes() == data


@pytest.mark.parametrize(
    "name,data",
    [
        ("crlf.py", b'import requests\r\n\r\nrequests.get("u")\r\n'),
        ("bom.py", b'\xef\xbb\xbfimport requests\nrequests.get("u")\n'),
        ("latin1.py", b'# -*- coding: latin-1 -*-\nimport requests\nx = "caf\xe9"\nrequests.get("u")\n'),
        ("formfeed.py", b'\x0cimport requests\n\x0c\nrequests.get("u")\n'),
        ("tabs.py", b'import requests\nif True:\n\trequests.get("u")\n'),
        ("secret.py", b'import requests\nAPI_KEY = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr"\nrequests.get("u", headers={"k": API_KEY})\n'),
    ],
)
def test_fix_keeps_encoding_and_line_endings_and_the_result_parses(tmp_path, name, data):
    import ast

    root = project(tmp_path, {name: data})
    result = cli("fix", root, "--unsafe-fixes", "--no-cache")
    assert result.exit_code in (0, 1)
    fixed = (root / name).read_bytes()
    assert fixed != data, "an unsafe fix was available"
    ast.parse(fixed)
    assert fixed.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    assert (b"\r\n" in fixed) == (b"\r\n" in data)
    if name == "latin1.py":
        assert b'"caf\xe9"' in fixed


def test_parser_warnings_about_linted_code_do_not_reach_stderr(tmp_path):
    root = project(tmp_path, {"w.py": 'import re\nPATTERN = re.compile("\\d+")\n'})
    proc = subprocess_cli("check", root, "--no-cache", env={"PYTHONWARNINGS": "default"})
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_fixes_apply_to_files_check_can_lint_through_compat(tmp_path):
    source = (
        "import requests\n\n\ndef fetch():\n    try:\n        return requests.get('u')\n"
        "    except ValueError, TypeError:\n        raise\n"
    )
    root = project(tmp_path, {"pep758.py": source})
    assert codes_by_path(findings(root)) == {"pep758.py": ["IL402@6"]}
    result = cli("fix", root, "--unsafe-fixes", "--no-cache")
    assert "would not parse" not in result.stderr
    assert "timeout=" in (root / "pep758.py").read_text()


@pytest.mark.parametrize("target", ["folder", "ok.py/baseline.json"])
def test_unwritable_baseline_target_exits_two(tmp_path, target):
    root = project(tmp_path, {"ok.py": CALL})
    (root / "folder").mkdir()
    result = cli("baseline", root, "--baseline", root / target, "--no-cache")
    assert result.exit_code == 2 and target.split("/")[0] in result.stderr


def test_a_file_not_analysed_is_reported_even_when_select_names_other_rules(tmp_path):
    # ruff reports syntax errors whatever --select says; so do we, for IL000 and IL002.
    root = project(tmp_path, {"broken.py": "def f(:\n    pass\n", "blob.py": b"x = 1\x00\n", "ok.py": CALL})
    got = codes_by_path(findings(root, extra=("--select", "IL401")))
    assert got == {"blob.py": ["IL002@1"], "broken.py": ["IL000@1"]}


def test_ignoring_il000_by_code_still_hides_syntax_errors(tmp_path):
    root = project(tmp_path, {"broken.py": "def f(:\n    pass\n", "ok.py": CALL})
    got = codes_by_path(findings(root, extra=("--select", "IL402", "--ignore", "IL000")))
    assert got == {"ok.py": ["IL402@2"]}


def test_python2_print_statement_is_named_as_python2_not_newer_grammar(tmp_path):
    root = project(tmp_path, {"old.py": 'print "hello"\n'})
    (finding,) = findings(root)
    assert finding["code"] == "IL000"
    assert "Python 2 syntax" in finding["message"]
    assert "newer Python" not in finding["message"]
