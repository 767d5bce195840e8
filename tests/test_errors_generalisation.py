"""IL301 shapes that the fixture projects do not pin down line by line: word-level retry-loop
detection, the failure-flag vocabulary, helper cycles, and that a result is the same whether the
producing project call is analysed or not (the response-only signal)."""

from __future__ import annotations

import ast
import textwrap

import pytest
from lintutil import lint_json, write_project

from integration_lint.rules.errors import _announces_retries, _disables


@pytest.mark.parametrize(
    "header",
    ["attempt in range(3)", "retries > 0", "n in range(max_retries)", "_ in range(self.tries)", "retry_count < 5"],
)
def test_loop_headers_that_announce_retries(header):
    assert _announces_retries(header)


@pytest.mark.parametrize(
    "header",
    ["entry in entries", "item in retrieved_items", "country in countries", "registry in registries", "trial in study.trials"],
)
def test_loop_headers_that_only_contain_the_letters(header):
    assert not _announces_retries(header)


@pytest.mark.parametrize(
    ("field", "value", "records"),
    [
        ("is_active", "False", True),
        ("enabled", "False", True),
        ("available", "False", True),
        ("disabled", "True", True),
        ("revoked", "True", True),
        ("disabled_at", "timezone.now()", True),
        ("is_active", "True", False),
        ("enabled", "True", False),
        ("last_ping", "None", False),
        ("name", "False", False),
        ("disabled", "False", False),
    ],
)
def test_failure_flags(field, value, records):
    assert _disables(field, ast.parse(value, mode="eval").body) is records


def _il301_lines(report: dict, path: str) -> list[int]:
    return sorted(f["line"] for f in report["findings"] if f["code"] == "IL301" and f["path"] == path)


def test_mutually_recursive_helpers_terminate_and_do_not_count_as_surfacing(tmp_path):
    root = write_project(
        tmp_path,
        {
            "app/sync.py": """
                import requests

                def _retry_later(exc, depth=0):
                    return _schedule(exc, depth + 1)

                def _schedule(exc, depth):
                    return _retry_later(exc, depth) if depth < 3 else None

                def push(url):
                    try:
                        requests.post(url, timeout=5)
                    except requests.RequestException as exc:
                        return _retry_later(exc)
                """,
        },
        config={},
    )
    _, report = lint_json(root, "--select", "IL301")
    assert _il301_lines(report, "app/sync.py") == [12]


def test_response_parse_is_reported_with_or_without_the_producing_module(tmp_path):
    """`resp = self._request(...)`; `resp.json()` under `except ValueError`: reported both when the
    project pass sees the provider base class and when it is outside the linted paths."""
    files = {
        "lib/base.py": """
            import requests

            class Provider:
                def _request(self, path):
                    return requests.get("https://api.example.com" + path, timeout=10)
            """,
        "lib/acme.py": """
            from lib.base import Provider

            class Acme(Provider):
                def me(self):
                    resp = self._request("/me")
                    try:
                        return resp.json()
                    except ValueError:
                        return None
            """,
    }
    root = write_project(tmp_path, files, config={})
    _, whole = lint_json(root, "--select", "IL301")
    _, alone = lint_json(root / "lib" / "acme.py", "--select", "IL301")
    assert _il301_lines(whole, "lib/acme.py") == [8]
    assert [f["line"] for f in alone["findings"] if f["code"] == "IL301"] == [8]


def test_parse_of_a_local_helper_result_is_not_reported(tmp_path):
    root = write_project(
        tmp_path,
        {
            "app/cards.py": """
                def card(user):
                    return {"title": user.name}

                def title(user):
                    data = card(user)
                    try:
                        return data["title"]
                    except KeyError:
                        return ""
                """,
        },
        config={},
    )
    _, report = lint_json(root, "--select", "IL301")
    assert _il301_lines(report, "app/cards.py") == []


CROSS_MODULE_HANDLERS = {
    "app/outcomes.py": """
        import logging
        from app.deep import level_one

        catalog = logging.getLogger("catalog-not-a-logger-name")
        log = logging.getLogger(__name__)

        def shout(exc):
            log.error("failed: %s", exc)

        def via_chain(exc):
            return level_one(exc)

        def quiet(exc):
            return {"ok": False}

        def cycle_a(exc):
            return cycle_b(exc)

        def cycle_b(exc):
            return cycle_a(exc)

        def info_only(exc):
            log.info("failed: %s", exc)

        def todo(exc):
            raise NotImplementedError
        """,
    "app/deep.py": """
        def level_one(exc):
            return level_two(exc)

        def level_two(exc):
            return level_three(exc)

        def level_three(exc):
            raise RuntimeError(exc)
        """,
    "app/sync.py": """
        import requests
        from app import outcomes

        def push(url, helper):
            try:
                requests.post(url, timeout=5)
            except requests.RequestException as exc:
                return helper(exc)

        def shouted(url):
            try:
                requests.post(url, timeout=5)
            except requests.RequestException as exc:
                return outcomes.shout(exc)

        def chained(url):
            try:
                requests.post(url, timeout=5)
            except requests.RequestException as exc:
                return outcomes.via_chain(exc)

        def quiet(url):
            try:
                requests.post(url, timeout=5)
            except requests.RequestException as exc:
                return outcomes.quiet(exc)

        def cycled(url):
            try:
                requests.post(url, timeout=5)
            except requests.RequestException as exc:
                return outcomes.cycle_a(exc)

        def info(url):
            try:
                requests.post(url, timeout=5)
            except requests.RequestException as exc:
                return outcomes.info_only(exc)

        def todo(url):
            try:
                requests.post(url, timeout=5)
            except requests.RequestException as exc:
                return outcomes.todo(exc)
        """,
}


def test_a_handler_calling_a_helper_of_another_module_is_judged_by_what_the_helper_does(tmp_path):
    root = write_project(tmp_path, CROSS_MODULE_HANDLERS, config={})
    _, report = lint_json(root, "--select", "IL301")
    # reported: `helper` (a parameter), `quiet`, a helper cycle, info-level logging only,
    # `raise NotImplementedError`. Not reported: a warning+ log in the helper, a raise three
    # project calls below the helper (MAX_SURFACING_DEPTH).
    assert _il301_lines(report, "app/sync.py") == [7, 25, 31, 37, 43]


def test_the_surfacing_depth_is_bounded(tmp_path):
    files = dict(CROSS_MODULE_HANDLERS)
    files["app/deep.py"] = textwrap.dedent(files["app/deep.py"]).replace(
        "return level_three(exc)", "return level_between(exc)"
    ) + "\ndef level_between(exc):\n    return level_three(exc)\n"
    root = write_project(tmp_path, files, config={})
    _, report = lint_json(root, "--select", "IL301")
    assert not any(f["code"] == "IL002" for f in report["findings"])  # every file parsed
    assert _il301_lines(report, "app/sync.py") == [7, 19, 25, 31, 37, 43]  # the raise is too deep now
