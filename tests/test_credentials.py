"""Credential rules (IL101-IL103) end to end: secrets never leak into any output, fixes, prefilters,
redaction, and the shapes the examples do not cover."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from integration_lint.config import load_config
from integration_lint.engine import Engine
from integration_lint.reporting import FORMATS
from integration_lint.rules.base import all_rules, prefilter_hit
from integration_lint.rules.credentials_shapes import is_secret_name, looks_like_secret_value, redact

from lintutil import REPO, lint_json, run_cli, write_project

FIXTURE = REPO / "tests" / "fixtures" / "credentials" / "acme"
CODES = ("IL101", "IL102", "IL103")

# Unique, long secrets, one per shape; none of them may appear in any output.
SECRETS = {
    "django": "Vq7#mZ2!pL9$kX4@wN8^rT1&yB6*cF3(hJ5)dG0",
    "db": "Pg-Clinic-Prod-7Y2kQ9mX4vR8",
    "env_default": "Rne#Registry-2024-9kTq3Lm",
    "dsn": "Redis-Cache-Pass-5nW2xV8q",
    "bearer": "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2",
    "slack": "xoxb-2847159306-4829173650184-Zq8rT3vLm9XpW2sKd7Yb",
    "basic": "Acme-Basic-Pass-3vX8qW2m",
    "default": "dk_live_4f8a2c9e7b1d3f5a6c8e0b2d4f6a8c1e",
    "bytes": "jwt-signing-secret-7Kq2Xm9Vt4Lp",
}
LEAKY_PROJECT = {
    "proj/settings.py": f"""
        import os

        SECRET_KEY = "{SECRETS['django']}"
        DATABASES = {{"default": {{"PASSWORD": "{SECRETS['db']}"}}}}
        EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "{SECRETS['env_default']}")
        CELERY_BROKER_URL = "redis://:{SECRETS['dsn']}@cache.internal:6379/0"
        JWT_SECRET = b"{SECRETS['bytes']}"
        """,
    "apps/acme/client.py": f"""
        import requests

        HEADERS = {{"Authorization": "Bearer {SECRETS['bearer']}"}}
        NOTIFY = ["{SECRETS['slack']}"]

        def fetch(url, api_key="{SECRETS['default']}"):
            return requests.get(url, auth=("acme", "{SECRETS['basic']}"), headers=HEADERS, timeout=5)
        """,
}
LEAKY_CONFIG = {"connectors": {"acme": {"paths": ["apps/acme"], "env-prefix": "ACME_"}}}


def _assert_no_secret(text: str, where: str) -> None:
    for name, secret in SECRETS.items():
        assert secret not in text, f"the {name} secret appears in full in {where}"
        # Nor a long piece of it: at most a few leading characters may be shown.
        for i in range(0, len(secret) - 8):
            assert secret[i : i + 9] not in text, f"9+ characters of the {name} secret appear in {where}"


@pytest.fixture
def leaky(tmp_path):
    return write_project(tmp_path, LEAKY_PROJECT, LEAKY_CONFIG)


def test_every_secret_shape_is_flagged_in_the_leak_project(leaky):
    _, report = lint_json(leaky, "--select", "IL1")
    flagged = {(f["path"], f["line"]) for f in report["findings"] if f["code"] in ("IL101", "IL102")}
    for rel, content in LEAKY_PROJECT.items():
        for lineno, line in enumerate((leaky / rel).read_text().splitlines(), 1):
            if any(secret in line for secret in SECRETS.values()):
                assert (rel, lineno) in flagged, f"{rel}:{lineno} holds a secret and is not flagged"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_output_format_prints_a_secret(leaky, fmt):
    proc = run_cli("check", str(leaky), "--format", fmt, "--no-cache", "--statistics", "--select", "IL1")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.strip(), f"{fmt} printed nothing"
    _assert_no_secret(proc.stdout + proc.stderr, f"--format {fmt}")
    out = leaky / f"report.{fmt}"
    proc = run_cli("check", str(leaky), "--format", fmt, "--no-cache", "--select", "IL1", "--output", str(out))
    _assert_no_secret(out.read_text(encoding="utf-8"), f"--format {fmt} --output")


def test_fix_titles_and_json_fix_payloads_name_the_variable_not_the_secret(leaky):
    _, report = lint_json(leaky, "--select", "IL1")
    fixes = [f["fix"] for f in report["findings"] if f["fix"]]
    assert fixes
    for fix in fixes:
        assert "`" in fix["message"] and ("os.environ[" in fix["message"] or "Read `" in fix["message"])
    _assert_no_secret(json.dumps(report), "the JSON report")


def test_cache_baseline_and_drift_files_hold_no_secret(leaky):
    assert run_cli("check", str(leaky), "--select", "IL1", "--exit-zero").returncode == 0
    baseline = leaky / "baseline.json"
    assert run_cli("baseline", str(leaky), "--select", "IL1", "--baseline", str(baseline)).returncode == 0
    proc = run_cli("drift", str(leaky), "--select", "IL1", "--no-cache")
    assert proc.returncode in (0, 1), proc.stderr
    written = [p for p in leaky.rglob("*") if p.is_file() and p.suffix != ".py" and p.name != ".integration-lint.yaml"]
    assert any(".integration-lint-cache" in p.parts for p in written), "no cache was written"
    assert baseline in written
    for path in written:
        _assert_no_secret(path.read_bytes().decode("latin-1"), str(path.relative_to(leaky)))


def test_unsafe_fixes_replace_every_fixable_literal_and_keep_the_files_valid(tmp_path):
    root = tmp_path / "acme"
    shutil.copytree(FIXTURE, root)
    before = Engine(load_config(root), jobs=1, use_cache=False, select=CODES).run([root])
    fixable = [f for f in before.findings if f.fix is not None]
    assert fixable
    proc = run_cli("fix", str(root), "--unsafe-fixes", "--no-cache", "--select", "IL101,IL102", cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    for path in root.rglob("*.py"):
        ast.parse(path.read_text(encoding="utf-8"))  # still valid Python
    after = Engine(load_config(root), jobs=1, use_cache=False, select=CODES).run([root])
    remaining = [f for f in after.findings if f.fix is not None and f.code in ("IL101", "IL102")]
    assert not remaining, [(f.path, f.line, f.message) for f in remaining]
    settings = (root / "proj/settings/base.py").read_text()
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in settings
    assert '"PASSWORD": os.environ["DATABASE_PASSWORD"]' in settings
    client = (root / "apps/acme_sync/client.py").read_text()
    assert 'self.token = os.environ["ACME_TOKEN"]' in client  # named after the connector prefix
    assert '"Bearer " + os.environ["ACME_API_TOKEN"]' in client
    assert "import os" in (root / "apps/billing/management/commands/seed_demo.py").read_text()


def test_fixture_files_with_findings_pass_each_rules_prefilter():
    rules = all_rules()
    result = Engine(load_config(FIXTURE), jobs=1, use_cache=False, select=CODES).run([FIXTURE])
    assert {f.code for f in result.findings} == set(CODES)
    for finding in result.findings:
        data = (FIXTURE / finding.path).read_bytes()
        assert prefilter_hit(rules[finding.code], data), f"{finding.code} prefilter rejects {finding.path}"


TOKEN_SAMPLES = [
    "AKIA" + "4Q7RZ2MX8JTN5KWB",
    "sk_live_" + "51HxQb2KZ8vT4mN7pR3sW9yF",
    "ghp_" + "R7nK2pX9vQ4mL8sT1wZ6yB3cF5hJ0dGa2Ek9",
    "github_pat_" + "11ABCDEFG0" + "Zq8rT3vLm9XpW2sKd7YbN4cF1aE5gH0jR7nK2pX9vQ4mL8sT",
    "glpat-" + "Zq8rT3vLm9XpW2sKd7Yb",
    "xoxb-" + "2847159306-4829173650184-Zq8rT3vLm9XpW2sK",
    "hooks.slack.com/services/" + "T01ABCDEF/B02GHIJKL/Zq8rT3vLm9XpW2sKd7YbN4cF",
    "discord.com/api/webhooks/" + "123456789012/Zq8rT3vLm9XpW2sKd7YbN4cF1aE5gH0jR7nK",
    "1234567890:AA" + "Fq8rT3vLm9XpW2sKd7YbN4cF1aE5gH0jR",
    "AIza" + "SyD31CT9P9KxvNUJOwDq2kcFEIG8ADg7Qm4",
    "SG." + "ngeVfQFYQlKU0ufo8x5d1A.TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr",
    "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiJhY21lLXN5bmMifQ.Zq8rT3vLm9XpW2sKd7YbN4cF",
]


@pytest.mark.parametrize("token", TOKEN_SAMPLES, ids=lambda t: t[:6])
def test_a_token_format_alone_passes_the_prefilter_and_is_flagged(project, token):
    root = project({"apps/notify/hooks.py": f'TARGETS = ["{token}"]\n'}, {})
    assert prefilter_hit(all_rules()["IL101"], (root / "apps/notify/hooks.py").read_bytes())
    _, report = lint_json(root, "--select", "IL101")
    assert [f["line"] for f in report["findings"]] == [1]
    assert token not in json.dumps(report)


def test_prefilters_reject_a_file_without_credentials(tmp_path):
    plain = b"import requests\n\ndef fetch(url):\n    return requests.get(url, timeout=5).json()\n"
    for code in CODES:
        assert not prefilter_hit(all_rules()[code], plain), code


def test_test_files_are_skipped_by_the_default_per_file_ignores(project):
    root = project(
        {
            "apps/sync/tests/test_client.py": 'API_KEY = "ak_live_4f8a2c9e7b1d3f5a6c8e"\n',
            "apps/sync/client.py": 'API_KEY = "ak_live_4f8a2c9e7b1d3f5a6c8e"\n',
        },
        {},
    )
    _, report = lint_json(root, "--select", "IL101")
    assert [f["path"] for f in report["findings"]] == ["apps/sync/client.py"]


def test_test_runner_settings_are_skipped_but_look_alike_names_are_not(project):
    key = 'MAPS_API_KEY = "mk_live_4f8a2c9e7b1d3f5a6c8e"\n'
    root = project(
        {
            "site/settings/run_tests.py": key,
            "site/settings/test.py": key,
            "site/settings/latest.py": key,  # "test" inside a word is not a test settings file
            "site/settings/base.py": key,
        },
        {},
    )
    _, report = lint_json(root, "--select", "IL101")
    assert sorted(f["path"] for f in report["findings"]) == ["site/settings/base.py", "site/settings/latest.py"]


@pytest.mark.parametrize(
    "value, shown",
    [
        ("sk_live_51HxQb2KZ8vT4mN7pR3sW9yF", '"sk_l…" (32 chars)'),
        ("temba", '"t…" (5 chars)'),
        ("shh", '"…" (3 chars)'),
        ("111111", '"1…" (6 chars)'),
        ("🔐hedgehog🔐", '"🔐h…" (10 chars)'),  # code points, not bytes
        ('a"b\ncdefghij', '"a\\"…" (12 chars)'),
    ],
)
def test_redaction_shows_at_most_four_leading_characters(value, shown):
    assert redact(value) == shown


@pytest.mark.parametrize(
    "name",
    ["SECRET_KEY", "api_key", "apiKey", "X-Api-Key", "DB_PASSWORD", "ACME_DBPASS", "DB_PWD", "client_secret",
     "self_token", "PRIVATE_KEY", "signing_key", "credentials", "EMAIL_HOST_PASSWORD", "passphrase"],
)
def test_secret_like_names(name):
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    ["PASSWORD_FIELD", "TOKEN_URL", "token_type", "PASSWORD_HASHERS", "PASSWORD_RESET_TIMEOUT", "csrf_token",
     "STRIPE_PUBLISHABLE_KEY", "client_id", "cache_key", "KMS_TOKEN_CACHE_KEY", "TOKEN_KEY", "bypass",
     "HAS_PASSWORD", "API_KEY_RATE_LIMIT", "SECRET_KEY_CHARSET", "signing_salt", "tokenizer"],
)
def test_names_about_a_credential_are_not_secret_like(name):
    assert not is_secret_name(name)


@pytest.mark.parametrize(
    "value",
    ["temba", "111111", "shh", "lms-secret", "ILiekTrianglesALot", "Qwerty123", "docs_pwd9", "q8#v2m!x%s7k$e1"],
)
def test_weak_and_random_values_are_secrets(value):
    assert looks_like_secret_value(value, ["secret", "key"])


@pytest.mark.parametrize(
    "value",
    ["", "changeme", "CHANGE-ME", "SET-ME-PLEASE", "<your token>", "xxxxxxxx", "dummy-key", "password",
     "{token}", "Token %s", "%(password)s", "${API_TOKEN}", "$API_TOKEN", "Invalid password",
     "DOCTOLIB_API_KEY", "access_token", "X-Api-Key", "django.contrib.auth.hashers.MD5PasswordHasher",
     "secrets.json", "/run/secrets/token", "https://auth.example.org/token", "5/m/user", "****",
     "$encrypted$", "permission-denied", "acme:wiki:rebuild", "x", "true"],
)
def test_placeholders_templates_and_names_are_not_secrets(value):
    assert not looks_like_secret_value(value, ["secret", "key"])


def test_env_default_identifiers_count_as_secrets_but_not_the_settings_own_name():
    assert looks_like_secret_value("docs_pwd", ["db", "pwd"], names_are_values=True)
    assert not looks_like_secret_value("docs_pwd", ["db", "pwd"])
    assert not looks_like_secret_value("aws_secret_access_key", ["aws", "secret", "access", "key"], names_are_values=True)


def test_fingerprint_snippet_is_a_hash_of_the_literal_not_the_literal(leaky):
    config = load_config(leaky)
    result = Engine(config, jobs=1, use_cache=False, select=("IL101", "IL102")).run([leaky])
    assert result.findings
    for finding in result.findings:
        _assert_no_secret(finding.snippet + finding.message + json.dumps(finding.to_json()), "a Finding")
        assert finding.snippet.startswith(finding.code + ":")


def test_fingerprints_survive_moving_the_line_and_change_with_the_secret(tmp_path):
    first = write_project(tmp_path / "a", {"settings.py": 'SECRET_KEY = "Vq7#mZ2!pL9$kX4@wN8^"\n'}, {})
    moved = write_project(tmp_path / "b", {"settings.py": '\n\nSECRET_KEY = "Vq7#mZ2!pL9$kX4@wN8^"\n'}, {})
    other = write_project(tmp_path / "c", {"settings.py": 'SECRET_KEY = "Zz9#mZ2!pL9$kX4@wN8^"\n'}, {})
    prints = [lint_json(root, "--select", "IL101")[1]["findings"][0]["fingerprint"] for root in (first, moved, other)]
    assert prints[0] == prints[1] != prints[2]


def test_connector_prefix_names_the_expected_variable(project):
    root = project(
        {"apps/ledger/sync.py": 'import os\nTOKEN = os.environ["ACCOUNTING_API_TOKEN"]\n'},
        {"connectors": {"ledgerly": {"paths": ["apps/ledger"], "env-prefix": "LEDGERLY_"}}},
    )
    _, report = lint_json(root, "--select", "IL103")
    (finding,) = report["findings"]
    assert "`LEDGERLY_ACCOUNTING_API_TOKEN`" in finding["message"]
    assert (finding["line"], finding["column"]) == (2, 20)
