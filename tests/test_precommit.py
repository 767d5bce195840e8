"""The real `pre-commit` runs this repository's hooks (`pre-commit try-repo`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lintutil import REPO

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    if not PRE_COMMIT.exists() and shutil.which("pre-commit") is None:
        pytest.fail("pre-commit is not installed (it is in the `test` extra)")
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(target: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    exe = str(PRE_COMMIT) if PRE_COMMIT.exists() else "pre-commit"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        [exe, "try-repo", str(REPO), hook, "--files", *files],
        cwd=target,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_check_hook_fails_on_a_violation_and_passes_on_clean_code(tmp_path, pre_commit_home):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "ci@example.com")
    git(tmp_path, "config", "user.name", "ci")
    (tmp_path / "pyproject.toml").write_text("[tool.integration-lint]\n")
    (tmp_path / "bad.py").write_text('import requests\nrequests.get("https://api.example.com")\n')
    (tmp_path / "good.py").write_text('import requests\nrequests.get("https://api.example.com", timeout=5)\n')
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "init")
    bad = try_repo(tmp_path, pre_commit_home, "integration-lint", "bad.py")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "IL402" in bad.stdout
    good = try_repo(tmp_path, pre_commit_home, "integration-lint", "good.py")
    assert good.returncode == 0, good.stdout + good.stderr
