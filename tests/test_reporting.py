"""SARIF (validated against the official schema), GitHub, GitLab, baseline and drift outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from lintutil import REPO, run_cli, write_project

SCHEMA_CANDIDATES = [
    REPO.parent / "shared" / "sarif-schema-2.1.0.json",
    REPO / "tests" / "data" / "sarif-schema-2.1.0.json",
]

SOURCE = """
import requests

def fetch(url):
    first = requests.get(url)
    second = requests.get(url)
    return first, second

class Client:
    def patients(self):
        # comma, colon: and 100% in a message must be escaped
        return requests.post("https://api.example.com/a,b:c")
"""


def sarif_schema() -> dict:
    for candidate in SCHEMA_CANDIDATES:
        if candidate.is_file():
            return json.loads(candidate.read_text())
    pytest.fail("SARIF schema not found (../shared/sarif-schema-2.1.0.json or tests/data/)")


@pytest.fixture
def proj(tmp_path):
    write_project(tmp_path, {"app/client.py": SOURCE}, config={})
    return tmp_path


def test_sarif_validates_against_the_official_schema(proj):
    proc = run_cli("check", str(proj), "--format", "sarif", "--no-cache")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    jsonschema.validate(report, sarif_schema())
    run = report["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["IL402"]["helpUri"].startswith("https://")
    assert "Why is this bad?" in rules["IL402"]["help"]["markdown"]
    result = run["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/client.py"
    assert result["partialFingerprints"]["integrationLint/v1"]
    assert result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == ", timeout=(3.05, 30)"


def test_sarif_for_the_example_project_validates():
    proc = run_cli("check", str(REPO / "examples" / "clinic"), "--format", "sarif", "--no-cache")
    jsonschema.validate(json.loads(proc.stdout), sarif_schema())


def test_github_annotations_are_escaped_and_summary_written(proj, tmp_path_factory):
    summary = tmp_path_factory.mktemp("gh") / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    proc = run_cli("check", ".", "--no-cache", cwd=proj, env=env)  # format auto-selected
    assert proc.returncode == 1
    lines = [l for l in proc.stdout.splitlines() if l.startswith("::")]
    assert len(lines) == 3
    first = lines[0]
    assert first.startswith("::error file=app/client.py,line=4,col=13,endLine=4,endColumn=30,title=IL402 http-call-without-timeout::")
    post = lines[2]
    assert "a,b:c" not in post.split("::", 2)[1]  # properties escaped
    assert "## integration-lint" in summary.read_text()
    assert "| IL402 | http-call-without-timeout | 3 |" in summary.read_text()


def test_gitlab_code_quality_fields(proj):
    proc = run_cli("check", ".", "--format", "gitlab", "--no-cache", cwd=proj)
    issues = json.loads(proc.stdout)
    assert len(issues) == 3
    assert len({i["fingerprint"] for i in issues}) == 3
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == "app/client.py"
        assert issue["location"]["lines"]["begin"] >= 1


def test_baseline_survives_line_drift_and_reports_only_new(proj):
    assert run_cli("baseline", str(proj), "--no-cache").returncode == 0
    baseline_file = proj / ".integration-lint-baseline.json"
    first = baseline_file.read_text()
    assert run_cli("baseline", str(proj), "--no-cache").returncode == 0
    assert baseline_file.read_text() == first  # deterministic
    assert run_cli("check", str(proj), "--baseline", str(baseline_file), "--no-cache").returncode == 0
    # Lines added above move every finding; nothing becomes new.
    code = (proj / "app/client.py").read_text()
    (proj / "app/client.py").write_text("import os\n\n\n" + code)
    proc = run_cli("check", str(proj), "--baseline", str(baseline_file), "--no-cache")
    assert proc.returncode == 0, proc.stdout
    assert "3 baselined" in proc.stdout
    # A third identical call in the same function is new: matching is count-aware.
    code = (proj / "app/client.py").read_text().replace(
        "    return first, second", "    third = requests.get(url)\n    return first, second"
    )
    (proj / "app/client.py").write_text(code)
    proc = run_cli("check", str(proj), "--baseline", str(baseline_file), "--no-cache", "--format", "json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert len(report["findings"]) == 1 and report["summary"]["baselined"] == 3


def test_update_baseline_prunes_fixed_entries(proj):
    run_cli("baseline", str(proj), "--no-cache")
    baseline_file = proj / ".integration-lint-baseline.json"
    code = (proj / "app/client.py").read_text().replace('requests.post("https://api.example.com/a,b:c")', 'requests.post("https://api.example.com/a,b:c", timeout=5)')
    (proj / "app/client.py").write_text(code)
    proc = run_cli("check", str(proj), "--baseline", str(baseline_file), "--update-baseline", "--no-cache")
    assert proc.returncode == 0
    entries = json.loads(baseline_file.read_text())["findings"]
    assert sum(e["count"] for e in entries) == 2


def test_missing_baseline_file_is_a_usage_error(proj):
    proc = run_cli("check", str(proj), "--baseline", str(proj / "nope.json"))
    assert proc.returncode == 2 and "baseline file not found" in proc.stderr


def test_drift_report_new_and_resolved_across_months(tmp_path):
    write_project(
        tmp_path,
        {
            "apps/sync/apps.py": "",
            "apps/sync/client.py": SOURCE,
            "apps/billing/apps.py": "",
            "apps/billing/client.py": "import requests\nrequests.get('https://x.example', timeout=3)\n",
        },
        config={"connectors": {"doctolib": {"paths": ["apps/sync"], "env-prefix": "DOCTOLIB_"}}},
    )
    out = tmp_path / "roadmap" / "backlog"
    assert run_cli("drift", str(tmp_path), "--month", "2026-10", "--no-cache").returncode == 0
    october = (out / "integrations-overview-drift-2026-10.md").read_text()
    assert "| doctolib | ✅ | ✅ | ✅ | ✅ | ❌ 3 |" in october
    assert "previous report | none in this folder" in october
    # November: one call fixed, one new module call added elsewhere.
    code = (tmp_path / "apps/sync/client.py").read_text().replace(
        'requests.post("https://api.example.com/a,b:c")', 'requests.post("https://api.example.com/a,b:c", timeout=5)'
    )
    (tmp_path / "apps/sync/client.py").write_text(code)
    (tmp_path / "apps/billing/client.py").write_text("import requests\nrequests.get('https://x.example')\n")
    assert run_cli("drift", str(tmp_path), "--month", "2026-11", "--no-cache").returncode == 0
    november_path = out / "integrations-overview-drift-2026-11.md"
    november = november_path.read_text()
    assert "| new since 2026-10 | 1 |" in november
    assert "| resolved since 2026-10 | 1 |" in november
    assert "| apps/billing | ✅ | ✅ | ✅ | ✅ | ❌ 1 |" in november
    assert "(new)" in november and "## Resolved since 2026-10" in november
    # Re-running in the same month rewrites the file identically.
    assert run_cli("drift", str(tmp_path), "--month", "2026-11", "--no-cache").returncode == 0
    assert november_path.read_text() == november
