"""Findings never print a secret in full: every output format, the GitHub step summary, the
baseline, the drift report, and (not an output, but a file on disk) the results cache."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from integration_lint.cli import main
from integration_lint.reporting import FORMATS

# Realistic shapes, none of them a placeholder the linter is told to accept.
SECRETS = {
    "aws_key_id": "AKIAZ3MSJV4WQLJ5YX7Q",
    "aws_secret": "q8Zt1vW3xY5bN7mK9pL2rS4uV6wX8yZ0aB1cD3eF",
    "stripe_live": "sk_live_51H8xYzAbCdEfGhIjKlMnOpQrStUvWx",
    "github_token": "ghp_R7tK2mX9pQ4vL8nB3wY6cZ1sD5fH0jG2aE7u",
    "dsn_password": "S3cr3t-Pg-Pass-2024",
    "pem_body": "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0",
    "bearer": "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2",
    "env_default": "tok_live_Zq8Xw2Lp9Rt4Vn6Bm3Kc",
    "header_in_call": "xk_4f8a2c9e7b1d3f5a6c8e0b2d4f6a8c0e",
    "auth_tuple": "Pw-Inline-Auth-9xQ2",
}

CLIENT = f'''\
import os

import requests

AWS_ACCESS_KEY_ID = "{SECRETS["aws_key_id"]}"
AWS_SECRET_ACCESS_KEY = "{SECRETS["aws_secret"]}"
STRIPE_SECRET_KEY = "{SECRETS["stripe_live"]}"
GITHUB_TOKEN = "{SECRETS["github_token"]}"
DATABASE_URL = "postgres://clinic:{SECRETS["dsn_password"]}@db.internal:5432/clinic"
PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
{SECRETS["pem_body"]}
-----END RSA PRIVATE KEY-----"""
HEADERS = {{"Authorization": "Bearer {SECRETS["bearer"]}"}}


def fetch_invoices():
    token = os.getenv("BILLING_API_TOKEN", "{SECRETS["env_default"]}")
    for attempt in range(3):
        try:
            return requests.get("https://api.billing.example/invoices", headers={{"X-Api-Key": "{SECRETS["header_in_call"]}"}})
        except requests.RequestException:
            pass
    requests.post("https://api.billing.example/charge", auth=("billing", "{SECRETS["auth_tuple"]}"))
'''

VIEWS = """\
from django.views import View

from apps.billing.client import fetch_invoices


class InvoiceView(View):
    def get(self, request):
        return fetch_invoices()
"""

# Secrets whose line also carries a non-credential finding (IL402/IL201): those rules' snippets
# are the normalised source of the flagged node.
IN_OTHER_FINDINGS = ("header_in_call", "auth_tuple")


@pytest.fixture
def billing(tmp_path):
    root = tmp_path / "proj"
    (root / "apps" / "billing").mkdir(parents=True)
    (root / ".integration-lint.yaml").write_text("{}\n")
    (root / "apps" / "billing" / "client.py").write_text(CLIENT)
    (root / "apps" / "billing" / "views.py").write_text(VIEWS)
    return root


def invoke(*args, env=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def leaked(text: str) -> list[str]:
    return [name for name, secret in SECRETS.items() if secret in text]


def test_every_secret_shape_is_flagged(billing):
    """The harness is meaningful: each secret produces a credential finding on its line."""
    result = invoke("check", billing, "--format", "json", "--no-cache")
    findings = json.loads(result.stdout)["findings"]
    lines = CLIENT.splitlines()
    flagged = {f["line"] for f in findings if f["code"] in ("IL101", "IL102")}
    for name, secret in SECRETS.items():
        line = next(i for i, text in enumerate(lines, 1) if secret in text)
        assert line in flagged or (name == "pem_body" and line - 1 in flagged), name
    assert {"IL201", "IL402", "IL401"} <= {f["code"] for f in findings}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_output_format_prints_a_secret(billing, tmp_path, fmt):
    summary = tmp_path / "step-summary.md"
    result = invoke(
        "check", billing, "--format", fmt, "--no-cache", "--statistics",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    assert leaked(result.stdout) == [] and leaked(result.stderr) == []
    if summary.exists():
        assert leaked(summary.read_text()) == []


def test_report_written_with_output_option_has_no_secret(billing, tmp_path):
    out = tmp_path / "report.sarif"
    invoke("check", billing, "--format", "sarif", "--output", out, "--no-cache")
    sarif = out.read_text()
    assert json.loads(sarif)["runs"][0]["results"]
    assert leaked(sarif) == []


def test_baseline_and_drift_report_have_no_secret(billing):
    invoke("baseline", billing, "--no-cache")
    baseline = (billing / ".integration-lint-baseline.json").read_text()
    assert json.loads(baseline)["findings"]
    assert leaked(baseline) == []
    invoke("drift", billing, "--month", "2026-10", "--no-cache")
    (billing / "apps" / "billing" / "client.py").write_text(CLIENT.replace("STRIPE_SECRET_KEY = ", "STRIPE_KEY = "))
    invoke("drift", billing, "--month", "2026-11", "--no-cache")
    for report in sorted((billing / "roadmap" / "backlog").glob("*.md")):
        text = report.read_text()
        assert "IL101" in text
        assert leaked(text) == [], report.name


def test_diff_commands_keep_secrets_off_stderr(billing):
    """`fix --diff` shows source lines (as any diff does), but its warnings/summary on stderr
    must not, and `check --diff` likewise."""
    for args in (("fix", "--diff", "--unsafe-fixes"), ("check", "--diff", "--unsafe-fixes")):
        result = invoke(args[0], billing, *args[1:], "--no-cache")
        assert leaked(result.stderr) == []


def test_cache_holds_no_credential_finding_secret(billing):
    invoke("check", billing)
    blobs = b"".join(p.read_bytes() for p in (billing / ".integration-lint-cache").rglob("*") if p.is_file())
    assert blobs
    credential_only = [n for n in SECRETS if n not in IN_OTHER_FINDINGS]
    assert [n for n in credential_only if SECRETS[n].encode() in blobs] == []


# At ef0bf6d…7350ae5 this failed: FileContext.report stored IL402/IL201/IL301 snippets (the
# normalised source of the flagged call) verbatim, so a secret inside a flagged call was pickled
# in full into .integration-lint-cache. The engine now hashes snippets (analysis.snippet_digest).
def test_cache_holds_no_secret_from_other_rules_snippets(billing):
    invoke("check", billing)
    blobs = b"".join(p.read_bytes() for p in (billing / ".integration-lint-cache").rglob("*") if p.is_file())
    assert [n for n in IN_OTHER_FINDINGS if SECRETS[n].encode() in blobs] == []
