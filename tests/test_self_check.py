"""The project eats its own cooking: its source (linter and runtime) reports nothing."""

from __future__ import annotations

from lintutil import REPO, run_cli


def test_integration_lint_check_src_reports_nothing():
    proc = run_cli("check", str(REPO / "src"), str(REPO / "tests" / "runtime"), "--no-cache", cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
