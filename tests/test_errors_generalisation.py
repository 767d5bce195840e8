"""IL301 shapes that the fixture projects do not pin down line by line: word-level retry-loop
detection, the failure-flag vocabulary, helper cycles, and that a result is the same whether the
producing project call is analysed or not (the response-only signal)."""

from __future__ import annotations

import ast
import textwrap

import pytest
from lintutil import lint_json, write_project

from integration_lint.rules.errors import (
    ERROR_BODY_READER,
    INTEGRATION_EXC_NAMES,
    NOT_CLIENT_NAME,
    _announces_retries,
    _describes_error,
    _disables,
    _exit_status,
    _expects_failure,
    _infra_exception,
)


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


# --------------------------------------------------------------------------- session 6 (IL301 recall)
from integration_lint.rules.errors import (  # noqa: E402
    DECODE_EXC,
    _claims_success,
    _failure_value,
    _urlish,
)


@pytest.mark.parametrize(
    ("expr", "urlish"),
    [
        ('"https://api.example.com/v1"', True),
        ("link", True),
        ("leaksiteUrl", True),
        ("self.api_endpoint", True),
        ('f"https://whois.example.net/{domain}"', True),
        ('f"{self.base_url}/v2/{x}"', True),
        ('"https://x.example.com/" + path', True),
        ('"https://x.example.com/{}".format(pk)', True),
        ("key", False),
        ('"/tmp/cache.json"', False),
        ("self.path", False),
        ("urlencode(params)", False),
    ],
)
def test_url_like_arguments(expr, urlish):
    assert _urlish(ast.parse(expr, mode="eval").body) is urlish


@pytest.mark.parametrize(
    ("value", "failure"),
    [
        ('"ERROR"', True),
        ('"failed"', True),
        ('"offline"', True),
        ("Status.FAILED", True),
        ("False", True),
        ('"READY"', False),
        ('"ok"', False),
        ("Status.OK", False),
        ("True", False),
        ("str(exc)", False),
    ],
)
def test_failure_values_of_a_status_key(value, failure):
    assert _failure_value(ast.parse(value, mode="eval").body) is failure


@pytest.mark.parametrize(
    ("name", "value", "claims"),
    [("is_valid", True, True), ("available", True, True), ("disabled", False, True),
     ("is_valid", False, False), ("failed", True, False), ("found", False, False)],
)
def test_bool_locals_that_claim_success(name, value, claims):
    assert _claims_success(name, value) is claims


@pytest.mark.parametrize(
    ("name", "decoder"),
    [("JSONDecodeError", True), ("ParseError", True), ("XMLSyntaxError", True), ("ExpatError", True),
     ("ParsingException", True), ("MalformedResponseError", True),
     ("UnicodeDecodeError", False), ("DecodeError", False), ("ValueError", False), ("KeyError", False)],
)
def test_exceptions_only_a_payload_decoder_raises(name, decoder):
    assert bool(DECODE_EXC.match(name)) is decoder


def _lint_one(tmp_path, files: dict[str, str], path: str) -> list[int]:
    root = write_project(tmp_path, files, config={})
    _, report = lint_json(root, "--select", "IL301")
    return _il301_lines(report, path)


def test_a_decode_error_around_a_project_call_is_reported_only_when_the_callee_calls_out(tmp_path):
    files = {
        "feeds/sources.py": """
            from urllib.request import urlopen
            from xml.etree import ElementTree

            def remote_list():
                with urlopen("https://lists.example.org/a.xml", timeout=10) as answer:
                    return ElementTree.fromstring(answer.read())

            def local_list(path):
                with open(path, "rb") as handle:
                    return ElementTree.fromstring(handle.read())
            """,
        "feeds/jobs.py": """
            from xml.etree.ElementTree import ParseError

            from feeds.sources import local_list, remote_list

            def refresh():
                try:
                    return remote_list()
                except ParseError:
                    return None

            def refresh_local(path):
                try:
                    return local_list(path)
                except ParseError:
                    return None

            def refresh_and_decode(text):
                import json
                try:
                    return remote_list(), json.loads(text)
                except json.JSONDecodeError:
                    return None
            """,
    }
    # only the first: the local file's parse error is not an integration failure, and the third
    # `try` decodes `text` itself, so its decode error may be about that
    assert _lint_one(tmp_path, files, "feeds/jobs.py") == [8]


def test_the_fetch_name_alone_is_not_enough_without_a_url(tmp_path):
    files = {
        "plugins/lookup.py": """
            class Lookup:
                def setup(self, host):
                    self.host = host

                def by_key(self, key):
                    try:
                        return self.host.fetch(key)
                    except Exception:
                        return None

                def by_url(self, url):
                    try:
                        return self.host.fetch(url)
                    except Exception:
                        return None
            """,
    }
    assert _lint_one(tmp_path, files, "plugins/lookup.py") == [14]


def test_a_typed_client_attribute_is_left_to_the_project_pass(tmp_path):
    """`self.ranker_client` built here from a quiet class: the name heuristic must not override
    what the project pass knows."""
    files = {
        "rank/service.py": """
            class LocalRanker:
                def rank(self, text):
                    return len(text)

            class Screener:
                def __init__(self):
                    self.ranker_client = LocalRanker()

                def score(self, text):
                    try:
                        return self.ranker_client.rank(text)
                    except Exception:
                        return 0
            """,
    }
    assert _lint_one(tmp_path, files, "rank/service.py") == []


@pytest.mark.parametrize(
    ("name", "excluded"),
    [
        ("redis_client", True),
        ("esClient", True),
        ("myRedisClient", True),
        ("cache", True),
        ("test_client", True),
        # letters inside another word are not the word (`es` in `session`/`sales`, `mail` in `gmail`)
        ("session", False),
        ("sales_client", False),
        ("gmail_api", False),
        ("messages_api", False),
    ],
)
def test_datastore_client_names_are_matched_as_whole_words(name, excluded):
    assert bool(NOT_CLIENT_NAME.search(name)) is excluded


@pytest.mark.parametrize(
    ("name", "integration"),
    [
        ("ExternalRequestError", True),
        ("RemoteError", True),
        ("UpstreamServiceException", True),
        ("ExternalServiceError", True),
        # a request of the project's own domain, not a call out
        ("GradeRequestError", False),
        ("SubsidyRequestError", False),
        ("InvalidRequestError", False),
    ],
)
def test_project_exceptions_named_for_the_remote_side(name, integration):
    assert bool(INTEGRATION_EXC_NAMES.match(name)) is integration


@pytest.mark.parametrize(
    ("name", "reads"),
    [
        ("BlackboardErrorResponseSchema", True),
        ("_get_error_message", True),
        ("extract_error_detail", True),
        ("process_error_response", True),
        ("send_message", False),
        ("handle_error", False),
        ("sync_errors", False),
    ],
)
def test_error_body_readers_by_name(name, reads):
    assert bool(ERROR_BODY_READER.search(name)) is reads


def test_a_handler_that_asserts_on_the_exception_is_a_test_expectation(tmp_path):
    files = {
        "checks/probe.py": """
            import requests

            def expect_refused(url):
                try:
                    requests.get(url, timeout=1)
                except requests.ConnectionError as exc:
                    assert "refused" in str(exc)

            def ignore_refused(url):
                try:
                    requests.get(url, timeout=1)
                except requests.ConnectionError as exc:
                    message = str(exc)
            """,
    }
    assert _lint_one(tmp_path, files, "checks/probe.py") == [12]


@pytest.mark.parametrize(
    ("name", "infra"),
    [
        ("fastapi.HTTPException", True),
        ("starlette.exceptions.HTTPException", True),
        ("werkzeug.exceptions.HTTPException", True),
        ("libs.werkzeug.exceptions.HTTPException", True),  # a vendored copy
        ("aiohttp.web.HTTPNotFound", True),
        ("redis.exceptions.ConnectionError", True),
        ("elasticsearch.ConnectionError", True),
        ("docker.errors.APIError", True),
        ("sqlalchemy.exc.DBAPIError", True),
        ("libs.sqlalchemy.exc.DBAPIError", True),
        ("requests.exceptions.ConnectionError", False),
        ("http.client.HTTPException", False),
        ("aiohttp.ClientError", False),
        ("slack_sdk.errors.SlackApiError", False),
        # an API client's package that merely lives under a `django` namespace
        ("itoutils.django.nexus.api.NexusAPIException", False),
        ("apps.crm.client.CrmApiError", False),
    ],
)
def test_framework_datastore_and_daemon_exceptions(name, infra):
    assert _infra_exception(name) is infra


def _handler(code: str) -> ast.ExceptHandler:
    tree = ast.parse(textwrap.dedent(code))
    return next(n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler))


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('print(f"network error: {e}", file=sys.stderr)\nreturn 1', True),
        ('sys.stderr.write("failed")\nreturn 2', True),
        ('click.echo("failed", err=True)\nreturn 1', True),
        ('print(f"network error: {e}")\nreturn 1', False),  # stdout
        ('print("failed", file=sys.stderr)\nreturn 0', False),  # success status
        ('print("failed", file=sys.stderr)\nreturn False', False),  # a bool answer, not a status
        ('print("failed", file=sys.stderr)\nreturn None', False),
    ],
)
def test_command_line_exit_status(body, status):
    code = "try:\n    run()\nexcept OSError as e:\n" + textwrap.indent(body, "    ") + "\n"
    assert _exit_status(_handler(code)) is status


@pytest.mark.parametrize(
    ("last", "expects"),
    [
        ('raise AssertionError("expected HTTPStatusError")', True),
        ('pytest.fail("expected HTTPStatusError")', True),
        ('self.fail("HTTP Error 403 expected.")', True),
        ("assert False", True),
        ('raise ValueError("bad answer")', False),
        ("assert resp.ok", False),
        ("return resp", False),
    ],
)
def test_expected_failure_idiom(last, expects):
    body = ast.parse(f"def f(self):\n    client.call()\n    {last}\n").body[0].body
    assert _expects_failure(body) is expects


@pytest.mark.parametrize(
    ("value", "describes"),
    [
        ('"download_error"', True),
        ('f"search failed: {exc}"', True),
        ("str(exc)", True),
        ("Errors.UPSTREAM_FAILED", True),
        ("None", False),
        ('""', False),
        ("False", False),
        ("[]", False),
        ("message", False),
    ],
)
def test_values_that_describe_an_error(value, describes):
    assert _describes_error(ast.parse(value, mode="eval").body) is describes


@pytest.mark.parametrize(
    ("field", "value", "records"),
    [
        ("scrape_successful", "False", True),
        ("success", "False", True),
        ("fetch_succeeded", "False", True),
        ("scrape_successful", "True", False),
        ("successor", "False", False),
    ],
)
def test_success_flags_set_to_false(field, value, records):
    assert _disables(field, ast.parse(value, mode="eval").body) is records


# --------------------------------------------------------------------------- session 9
from integration_lint.rules.errors import PROBE_FUNCTION, _failure_answer, _without_tries  # noqa: E402


@pytest.mark.parametrize(
    ("call", "fails"),
    [
        ("HttpResponse(status=500, content='x')", True),
        ("Response(data, status.HTTP_500_INTERNAL_SERVER_ERROR)", True),
        ("form.add_error(None, 'retry later')", True),
        ("JsonResponse({'events': []})", False),
        ("render(request, 'page.html', context)", False),
    ],
)
def test_answers_that_say_something_failed(call, fails):
    assert _failure_answer(ast.parse(call, mode="eval").body) is fails


@pytest.mark.parametrize(
    "name",
    ["check_network_connection", "test_ldap_connection", "verify_api_connectivity", "testconnection", "health"],
)
def test_probe_names(name):
    assert PROBE_FUNCTION.search(name)


@pytest.mark.parametrize("name", ["sync_connections_list", "push_contacts", "fetch_profile"])
def test_not_probe_names(name):
    assert not PROBE_FUNCTION.search(name)


def test_without_tries_keeps_what_runs_outside_the_nested_try():
    source = textwrap.dedent(
        """
        url = settings.URLS[name]
        if url:
            try:
                requests.get(url)
            except RequestException:
                note(url)
            else:
                done(url)
        """
    )
    body = ast.parse(source).body
    inner = next(n for n in ast.walk(body[1]) if isinstance(n, ast.Try))
    kept = _without_tries(body, {id(inner)})
    calls = sorted(ast.unparse(n.func) for s in kept for n in ast.walk(s) if isinstance(n, ast.Call))
    assert calls == ["done", "note"]
    # the tree itself is untouched
    assert any(isinstance(n, ast.Try) for n in ast.walk(body[1]))


# --------------------------------------------------------------------------- session 10 (known issue)
_HELPER_CHAIN = """
    import requests


    def level3(exc):
        raise RuntimeError("sync failed") from exc


    def level2(exc):
        level3(exc)


    def level1(exc):
        level2(exc)


    def level0(exc):
        level1(exc)
    """
_DEEP = """

    def deep(url):
        try:
            requests.get(url, timeout=5)
        except requests.RequestException as exc:
            level0(exc)
    """
_SHALLOW = """

    def shallow(url):
        try:
            requests.get(url, timeout=5)
        except requests.RequestException as exc:
            level2(exc)
    """


def _reported_functions(report, path, source):
    """Names of the functions of `source` whose handler IL301 reports in `path`."""
    tree = ast.parse(source)
    by_line = {
        h.lineno: f.name
        for f in tree.body if isinstance(f, ast.FunctionDef)
        for h in ast.walk(f) if isinstance(h, ast.ExceptHandler)
    }
    return sorted(by_line[line] for line in _il301_lines(report, path))


def test_a_same_file_helpers_answer_does_not_depend_on_which_handler_reached_it_first(tmp_path):
    # `level3` raises: two helpers down (`shallow`) is within MAX_HELPER_DEPTH, four down (`deep`) is not.
    deep_first = textwrap.dedent(_HELPER_CHAIN + _DEEP + _SHALLOW).lstrip("\n")
    shallow_first = textwrap.dedent(_HELPER_CHAIN + _SHALLOW + _DEEP).lstrip("\n")
    root = write_project(
        tmp_path, {"app/__init__.py": "", "app/a.py": deep_first, "app/b.py": shallow_first}, config={}
    )
    _, report = lint_json(root, "--select", "IL301")
    assert _reported_functions(report, "app/a.py", deep_first) == ["deep"]
    assert _reported_functions(report, "app/b.py", shallow_first) == ["deep"]
