"""Test helpers: write temporary projects, run the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def write_project(root: Path, files: dict[str, str], config: dict | None = None) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    if config is not None:
        import yaml

        (root / ".integration-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "integration_lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


def lint_json(path: Path, *args: str) -> tuple[int, dict]:
    proc = run_cli("check", str(path), "--format", "json", "--no-cache", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


