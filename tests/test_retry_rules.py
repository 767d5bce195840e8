"""IL201 hand-rolled-retry-loop and IL202 hand-rolled-rate-limit on their fixture projects.

Every shape and every look-alike in tests/fixtures/retry and tests/fixtures/ratelimit is one
test here, named after the shape; the `# expect:` annotations are checked line-exactly by
test_expectations.py, these tests check what each finding says.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from integration_lint.config import load_config
from integration_lint.engine import Engine
from integration_lint.model import DISPLAY_ONLY
from integration_lint.rules.base import all_rules, prefilter_hit

from lintutil import REPO, run_cli

RETRY = REPO / "tests" / "fixtures" / "retry"
RATELIMIT = REPO / "tests" / "fixtures" / "ratelimit"


def _lint(root: Path):
    return Engine(load_config(root), jobs=1, use_cache=False).run([root]).findings


@pytest.fixture(scope="module")
def retry_findings():
    return _lint(RETRY)


@pytest.fixture(scope="module")
def ratelimit_findings():
    return _lint(RATELIMIT)


def _functions(path: Path) -> dict[str, tuple[int, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: (node.lineno, node.end_lineno or node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def _in_function(findings, root: Path, rel: str, func: str, code: str):
    start, end = _functions(root / rel)[func]
    return [f for f in findings if f.path == rel and f.code == code and start <= f.line <= end]


# ------------------------------------------------------------------------------------ IL201
RETRY_SHAPES = [
    # (function, backoff named in the message, what the loop retries)
    ("fetch_booking", "exponential", "requests.get"),
    ("fetch_no_backoff", "none", "requests.get"),
    ("fetch_counted_from_one", "linear", "requests.get"),
    ("push_while_counter", "constant", "requests.post"),
    ("send_while_true", "none", "httpx.post"),
    ("notify_until_done", "none", "requests.post"),
    ("upsert_on_failed_status", "exponential", "requests.put"),
    ("retry_on_5xx_then_continue", "constant", "requests.get"),
    ("with_delay_schedule", "exponential", "requests.get"),
    ("with_module_schedule", "exponential", "func"),
    ("create_payment", "none", "paypalrestsdk.Payment"),
    ("embed_remote", "exponential", "client.embed"),
    ("fetch_with_growing_timeout", "none", "fetch_with_growing_timeout._get"),
    ("request", "none", "requests.Session.request"),  # send = getattr(self.session, method)
    ("bookings", "none", "requests.Session.get"),
    ("fetch_async", "exponential", "httpx.AsyncClient.get"),
    ("fetch_retrying_named_statuses", "constant", "requests.get"),
    ("fetch_until_not_server_error", "linear", "httpx.get"),
    ("dns_operation", "exponential", "callback"),
    ("retry_request", "exponential", "requests.request"),
    ("wrapper", "linear", "f"),
    ("wait_while_unavailable", "constant", "requests.get"),
]


@pytest.mark.parametrize("func, backoff, target", RETRY_SHAPES, ids=[s[0] for s in RETRY_SHAPES])
def test_il201_flags_retry_shape_and_names_its_backoff(retry_findings, func, backoff, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/client.py", func, "IL201")
    assert len(found) == 1, found
    message = found[0].message
    assert f"backoff: {backoff};" in message
    assert f"`{target}`" in message
    assert "integration_lint.runtime.retry" in message and "autoretry_for" in message


def test_il201_retry_around_project_helper_names_the_chain(retry_findings):
    found = _in_function(retry_findings, RETRY, "apps/acme/services.py", "push_invoice_reliably", "IL201")
    assert len(found) == 1
    assert "gateway.push_invoice → requests.post" in found[0].message
    assert "backoff: linear;" in found[0].message


def test_il201_retry_through_cls_method_of_a_transport_hierarchy(retry_findings):
    found = _in_function(retry_findings, RETRY, "apps/acme/transport.py", "request", "IL201")
    assert len(found) == 1
    assert "transport.HttpTransport._request → pycurl.Curl.perform" in found[0].message
    assert "backoff: none;" in found[0].message


def test_il201_retry_around_local_project_helper_is_not_flagged(retry_findings):
    assert not _in_function(retry_findings, RETRY, "apps/acme/services.py", "render_until_it_works", "IL201")


STATUS_RETRIES = [
    # (method, backoff, what the message names)
    ("stock", "exponential", "self.client.fetch"),
    ("stock_with_status_local", "constant", "self.remote.fetch"),  # `status = resp.status_code`
    ("prices", "linear", "self.remote.fetch"),  # `>= 500`, while + counter
    ("reservations", "constant", "self.remote.fetch"),  # codes kept in a module frozenset
]


@pytest.mark.parametrize("func, backoff, target", STATUS_RETRIES, ids=[s[0] for s in STATUS_RETRIES])
def test_il201_flags_status_code_retry_around_a_client_method_without_try(retry_findings, func, backoff, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/status_retry.py", func, "IL201")
    assert len(found) == 1, found
    assert f"`{target}`" in found[0].message
    assert "retried on a 408/429/5xx status" in found[0].message
    assert f"backoff: {backoff};" in found[0].message


@pytest.mark.parametrize("func", ["wait_for_export", "all_pages", "push_each", "wait_until_enrolled", "redirected"])
def test_il201_ignores_status_loops_that_poll_paginate_or_walk_items(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/status_retry.py", func, "IL201")


RETRY_LOOKALIKES = [
    "push_rows",
    "wait_for_export",
    "wait_for_export_tolerating_errors",
    "all_pages",
    "numbered_pages",
    "reraise_first_failure",
    "first_mirror",
    "first_mirror_by_index",
    "send_status",
    "follow_redirects",
    "bump_counters",
    "unique_slug",
    "acquire",
    "consume",
    "send_pings",
    "call_until_true",
    "with_tenacity",
    "with_redo",
    "wait_for_broker",
    "wait_until_report_exists",
    "retry_on_db_errors",
]


@pytest.mark.parametrize("func", RETRY_LOOKALIKES)
def test_il201_ignores_lookalike(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/lookalikes.py", func, "IL201")


# Failure reported as a helper's value, third-party wrappers of requests, parsed answers.
VALUE_RETRIES = [
    # (file, function, backoff, what the message names)
    ("helper_results.py", "record_entry", "linear", "helper_results._post_entry → requests.post"),
    ("helper_results.py", "record_entry_until_ok", "none", "helper_results._post_entry → requests.post"),
    ("helper_results.py", "push", "exponential", "helper_results.LedgerSync._send → requests.post"),
    ("helper_results.py", "replace", "linear", "`_put_entry` (its response is retried on a 408/429/5xx status)"),
    ("helper_results.py", "fetch_statement", "none", "`requests.get`"),
    ("courier.py", "ship", "linear", "courier_api.deliver_parcel → requests.post"),
    ("wrapped_clients.py", "submit_signed", "constant", "`partner_sso.requests.post`"),
    ("wrapped_clients.py", "rubric", "linear", "wrapped_clients._fetch_rubric → requests.get"),
    ("wrapped_clients.py", "send", "none", "wrapped_clients.Feedback._deliver → requests.post"),
    ("wrapped_clients.py", "store_upload", "none", "`minio.Minio.put_object`"),
    # headers and body rebuilt before the call, the same every attempt; the message names the request
    ("wrapped_clients.py", "submit_with_fresh_headers", "constant", "`requests.post`"),
    # a helper of the same file calls the wrapper / an untyped LLM client: named through it
    ("wrapped_clients.py", "update_grade", "exponential", "`_signed_put` → `partner_sso.requests.put`"),
    ("parsed_answers.py", "review", "none", "`Grader._stream_review` → `self.client.messages.stream`"),
    # GET or POST in either branch of one try, headers filled in before the call, a delay schedule
    ("remote_pages.py", "load_page", "stepped", "`partner_sso.requests.get`"),
    # `match status: case 200: break / case 429: … / case _: …` then a growing sleep
    ("mail_batches.py", "mail_everyone", "linear", "`_send`"),
    ("parsed_answers.py", "classify", "none", "`openai.OpenAI.chat.completions.create`"),
    ("parsed_answers.py", "summarise", "none", "parsed_answers._ask → requests.post"),
    ("parsed_answers.py", "draft", "none", "parsed_answers.Drafts._stream → requests.post"),
    ("parsed_answers.py", "grade", "linear", "`self.client.chat.completions.create`"),
    ("parsed_answers.py", "critique", "none", "`self.client.messages.create`"),
    # the answer reaches json.loads through a local taken from the reply before the try
    ("parsed_answers.py", "label", "none", "`self.client.chat.completions.create`"),
    # `while result is None and tries < 3`, the answer parsed in a try
    ("parsed_answers.py", "extract", "none", "`self.client.chat.completions.create`"),
    ("helper_results.py", "notify_owner", "none", "helper_results._notify → requests.post"),
    ("helper_results.py", "notify_until_accepted", "constant", "`requests.post`"),  # ok = resp.status_code == 202
    # `wait = self._backoff(attempts)`: the helper of this file returns FACTOR * 2 ** (n - 1)
    ("helper_results.py", "upload", "exponential", "`_put_entry` (its response is retried on a 408/429/5xx status)"),
    ("helper_results.py", "balance", "linear", "`_put_entry` (its response is retried on a 408/429/5xx status)"),
]


@pytest.mark.parametrize(
    "rel, func, backoff, target", VALUE_RETRIES, ids=[f"{r[0][:-3]}.{r[1]}" for r in VALUE_RETRIES]
)
def test_il201_flags_retry_whose_failure_is_a_value_a_wrapper_or_an_unparsable_answer(
    retry_findings, rel, func, backoff, target
):
    found = _in_function(retry_findings, RETRY, f"apps/acme/{rel}", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message
    assert f"backoff: {backoff};" in found[0].message


VALUE_LOOKALIKES = [
    ("helper_results.py", "wait_for_reconciliation"),  # `while not done:` polls a job
    ("helper_results.py", "all_entries"),  # `ok, batch = _get_page(page)`: pagination
    ("helper_results.py", "push_all"),  # `ok, _ = _post_entry(...)` over different entries
    ("helper_results.py", "reserve"),  # `while not ok:` around a local helper
    ("helper_results.py", "newest_statement_id"),  # a failed status raises at once
    ("courier.py", "ship_later"),  # the flag is set by the loop itself
    ("wrapped_clients.py", "render_rubric"),  # project function that stays local
    ("wrapped_clients.py", "submit_each"),  # wrapper of requests over different payloads
    ("wrapped_clients.py", "submit_to_mirrors"),  # the attempt counter indexes another URL
    ("wrapped_clients.py", "next_page_each_time"),  # URL re-bound after the call: pagination
    ("mail_batches.py", "wait_for_export"),  # `match job["Status"]`: polling a job
    ("remote_pages.py", "every_page"),  # params["page"] = params["page"] + 1: grows from itself
    ("remote_pages.py", "resend_with_cursor"),  # query.update(cursor) with the previous answer's cursor
    ("wrapped_clients.py", "sign_until_valid"),  # same-file helper that only builds a string
    ("wrapped_clients.py", "drain"),  # `pending.pop()` before the call: another payload each time
    ("wrapped_clients.py", "random_mirror"),  # `random.choice(mirrors)`: another URL each time
    ("parsed_answers.py", "parse_lines"),  # JSON of different lines
    ("parsed_answers.py", "load_config"),  # local files, one per attempt
    ("parsed_answers.py", "wait_for_batch"),  # `_batch_complete(job)` polls, no failure word
    ("parsed_answers.py", "first_valid"),  # `isinstance` check of a local parse
    ("parsed_answers.py", "grade_each"),  # LLM call over different essays
    ("parsed_answers.py", "grade_with_reminder"),  # the conversation grows: another request
    ("parsed_answers.py", "open_response"),  # `survey.responses.create(...)`: ORM, no model=
    ("parsed_answers.py", "render_page"),  # `page.generate_content()`: not an LLM client
    ("wrapped_clients.py", "pending"),  # `self.requests.get(key)`: a dict, not a requests module
    ("wrapped_clients.py", "fetch_anywhere"),  # `server = self._pick_server()`: failover
    ("parsed_answers.py", "wait_for_result"),  # `isinstance(result, dict)` of a poll, not of a parse
    ("parsed_answers.py", "wait_for_usage"),  # `_usage_incomplete(usage)` after a read: polling
    ("parsed_answers.py", "wait_until_listed"),  # `while batch is None:` polling for existence
    ("parsed_answers.py", "settings_when_written"),  # `while settings is None:` local file parse
    ("parsed_answers.py", "page_for"),  # a bare `generate_content(...)` is the project's function
    ("parsed_answers.py", "post_to_thread"),  # `thread.messages.create(body=...)`: ORM, no model=
    ("helper_results.py", "wait_for_batch"),  # `if ok and state == "done"`: polling
    ("helper_results.py", "wait_for_statement"),  # `== 200 and json()["status"] == "complete"`
    ("helper_results.py", "wait_for_ledger"),  # `ok = _ledger_healthy()`: readiness wait
    ("helper_results.py", "wait_until_published"),  # `while status == 404 and n < tries`: polling
    ("helper_results.py", "wait_for_export"),  # `ok, export = _check_export(id)`: a probe, polling
    ("helper_results.py", "take_lock"),  # `while not acquired_ok:` around a local lock
    ("helper_results.py", "run_until_clean"),  # `code, out = _run(...)`: a local exit code
]


@pytest.mark.parametrize("rel, func", VALUE_LOOKALIKES, ids=[f"{r[0][:-3]}.{r[1]}" for r in VALUE_LOOKALIKES])
def test_il201_ignores_value_wrapper_and_answer_lookalikes(retry_findings, rel, func):
    assert not _in_function(retry_findings, RETRY, f"apps/acme/{rel}", func, "IL201")


SDK_RETRIES = [
    # (function, what the message names) in remote_sdks.py
    ("locate", "geo.geocode → requests.get"),  # values set on the way out do not vary the request
    ("page_count", "Pages.head → remote_sdks._get_or_none → httpx.Client.head"),  # a delegating method
    ("submit", "`SampleSubmission.session.post`"),  # `self.response.status_code` of an untyped session
    ("resumable_upload", "`request.next_chunk`"),  # `while response is None` + HttpError
    ("_send", "`bot_method`"),  # a callable parameter retried on ConnectionError
    ("notify_chat", "telebot.TeleBot.send_message"),  # through `_send(bot.send_message, …)`
    ("things", "`Inventory.api.list_things`"),  # an SDK's ApiException, the client handed in
    ("open_orders", "`self.api_client.list_orders`"),  # an API client handed in, `except Exception`
    ("send_receipt", "`OrderSync.api_client.send_receipt`"),  # ConnectionError around it
]


@pytest.mark.parametrize("func, target", SDK_RETRIES, ids=[s[0] for s in SDK_RETRIES])
def test_il201_flags_retry_of_an_sdk_or_session_the_file_cannot_type(retry_findings, func, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/remote_sdks.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message


SDK_LOOKALIKES = [
    "module_versions",  # a failure trims the path: another URL each time
    "_poll_result",  # a status polled in a function named for polling
    "wait_for_booking",  # `while booking is None:` waiting for a database row
    "wait_for_cache",  # ConnectionError around a Redis ping
    "pull_repository",  # ConnectionError around a subprocess
    "save_booking",  # a database write retried on OperationalError
    "remember",  # `self.redis_client.set(...)`: a cache, not an API client
    "place",  # `self.order_service.place(...)`: the project's service layer
    "reach",  # `self.api_client.ping()` until it answers: readiness
]


@pytest.mark.parametrize("func", SDK_LOOKALIKES)
def test_il201_ignores_database_cache_process_and_fallback_lookalikes(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/remote_sdks.py", func, "IL201")


ANSWER_EXITS = [
    # (function, what the message names): the success exit tests the attempted call's answer
    ("partner_login", "PartnerConfig.service_health_check"),  # `if client.health_check(): break`, requests error
    ("save_member_with_retry", "PartnerConfig.save_member"),  # `if getattr(result, "saved", True): return`
    ("next_action", "chat.completions.create"),  # the success exit is in a second `try` (the parse)
    ("open_proxy_session", "requests.post"),  # `while not session_id:` set from the 200 answer
    ("partner_login_answer", "PartnerConfig.service_health_check"),  # the probe's answer in a name
]


@pytest.mark.parametrize("func, target", ANSWER_EXITS, ids=[s[0] for s in ANSWER_EXITS])
def test_il201_flags_retry_whose_success_exit_tests_the_answer(retry_findings, func, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/answer_exits.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message


ANSWER_EXIT_LOOKALIKES = [
    "wait_for_cache",  # `if conn.ping(): break` under redis.ConnectionError: local readiness
    "wait_until_up",  # a ping under the builtin ConnectionError: readiness
    "consume",  # `if stop.is_set(): break` first in the try: a worker loop, not an answer
    "book_slot",  # a second try that saves a row: no outbound call
    "export_result",  # `while not done:` is a remote state a poll waits for
    "first_reachable",  # another mirror each time: failover
    "sync_all",  # another member each time
    "warm_up",  # a health probe under `except Exception:`: waiting for the service
    "wait_for_partner",  # a probe under an HTTP error in a function named for waiting
    "wait_for_partner_answer",  # the same, the probe's answer kept in a name
    "cache_up",  # a Redis ping's answer tested after the try
    "job_output",  # `while not output:` set on a 200 with no failure branch: a poll
    "job_output_tolerant",  # `while not output:` assigned the request itself: a poll
]


@pytest.mark.parametrize("func", ANSWER_EXIT_LOOKALIKES)
def test_il201_ignores_answer_exit_lookalikes(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/answer_exits.py", func, "IL201")


THROTTLED_READS = [
    # (method, what the message names)
    ("items", "requests.Session.get"),  # `if status == 429: sleep; continue / elif … raise` then return
    ("search", "requests.Session.post"),  # `for _ in iter(range(tries))`
    ("with_retries", "`call` (a callable parameter)"),  # `except exc:` with `exc=Exception`
]


@pytest.mark.parametrize("func, target", THROTTLED_READS, ids=[s[0] for s in THROTTLED_READS])
def test_il201_flags_throttled_status_fallthrough_iter_counter_and_exception_parameter(retry_findings, func, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/throttled_reads.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message


@pytest.mark.parametrize("func", ["all_pages", "when_published", "with_db_retry"])
def test_il201_ignores_pagination_404_wait_and_database_exception_parameter(retry_findings, func):
    # another page each time; a 404 waited out; `exc=OperationalError` retries a database call
    assert not _in_function(retry_findings, RETRY, "apps/acme/throttled_reads.py", func, "IL201")


ANSWER_FIELDS = [
    ("send_text", "requests.post"),  # `if reply["success"]: break`
    ("run_query", "requests.Session.post"),  # `if "errors" in answer:` goes round, else returns
    ("price_of", "requests.get"),  # `if price is not None: break` after the try
    ("fresh_session_read", "requests.Session.get"),  # `with requests.Session() as session:` each attempt
]


@pytest.mark.parametrize("func, target", ANSWER_FIELDS, ids=[s[0] for s in ANSWER_FIELDS])
def test_il201_flags_retry_decided_by_an_answer_field_or_a_fresh_session(retry_findings, func, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/answer_fields.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message


@pytest.mark.parametrize("func", ["export_state", "job_finished", "upload_parts"])
def test_il201_ignores_job_state_polls_and_another_file_each_time(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/answer_fields.py", func, "IL201")


HANDED_SESSIONS = [
    ("fetch_listing", "`session.get`"),  # a session parameter, `except Exception:` + sleep
    ("deliver", "`self.http.post`"),  # an attribute set from a parameter, URL in `self.endpoint`
    ("deliver_to", "`self.http.post`"),  # the URL is an f-string with a path
    ("orders", "`self.api_client.list_orders`"),  # counted attempts, no pause
    ("push", "`self.session.post`"),  # `while tries < 3`, no pause
]


@pytest.mark.parametrize("func, target", HANDED_SESSIONS, ids=[s[0] for s in HANDED_SESSIONS])
def test_il201_flags_retry_of_a_request_on_a_session_handed_in(retry_findings, func, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/handed_sessions.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message


@pytest.mark.parametrize("func", ["load_row", "cached_page", "fetch_once", "listen"])
def test_il201_ignores_database_session_cache_and_reraise_lookalikes(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/handed_sessions.py", func, "IL201")


def test_il201_prefilter_accepts_a_success_flag_loop_without_handler_or_status():
    # courier.py has neither `except` nor `status`: the flag word must let it through
    data = (RETRY / "apps/acme/courier.py").read_bytes()
    assert b"except" not in data and b"status" not in data
    assert prefilter_hit(all_rules()["IL201"], data)


def test_il201_is_reported_on_the_loop_header_only(retry_findings):
    for f in retry_findings:
        assert f.line == f.end_line
        text = (RETRY / f.path).read_text().splitlines()[f.line - 1]
        assert text.lstrip().startswith(("for ", "while ", "async for ")), text


def test_il201_suggestion_is_display_only_decorator_form(retry_findings):
    found = _in_function(retry_findings, RETRY, "apps/acme/client.py", "fetch_booking", "IL201")[0]
    assert found.fix is not None and found.fix.applicability == DISPLAY_ONLY
    assert "@retry(attempts=5)" in found.fix.message
    assert "autoretry_for" in found.fix.message and "retry_backoff=True" in found.fix.message


def test_explain_il201_prints_every_doc_section():
    proc = run_cli("explain", "IL201")
    assert proc.returncode == 0, proc.stderr
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Options"):
        assert f"## {heading}" in proc.stdout
    assert "hand-rolled-retry-loop" in proc.stdout
    assert "../guidelines/integrations.md#retry" in proc.stdout


# ------------------------------------------------------------------------------------ IL202
RATE_SHAPES = [
    ("contacts", "a 429 status check", "sleeps inline"),
    ("deals", "a 429 status check", "sleeps inline"),
    ("notes", "a 429 status check", "goes round the loop again"),
    ("companies", "`X-RateLimit-Remaining` header read", "sleeps inline"),
    ("owners", "`Retry-After` header check", "sleeps inline"),
    ("push", "a caught rate-limit error", "sleeps inline"),
    ("sync", "a caught rate-limit error", "calls itself again"),
    ("archive", "a caught rate-limit error", "goes round the loop again"),
    ("bulk", "a 429 status check", "sleeps inline"),
    ("request", "a 429 status check", "sleeps inline"),
    ("with_retry", "a rate-limit check (`can_retry()`)", "sleeps inline"),
    ("embed", "a 429 status check", "sleeps inline"),
    ("update_seats", "a 429 status check", "sleeps inline"),
    ("upload_part", "a rate-limit error check", "sleeps inline"),
    ("wait_out_the_limit", "a 429 status check", "sleeps inline"),
    ("ask_llm", "a rate-limit error check", "sleeps inline"),
    ("notify_chats", "a 429 status check", "sleeps inline"),
    ("fetch_repo", "`Retry-After` header check", "sleeps inline"),
]


@pytest.mark.parametrize("func, what, action", RATE_SHAPES, ids=[s[0] for s in RATE_SHAPES])
def test_il202_flags_inline_rate_limit_handling_at_the_check(ratelimit_findings, func, what, action):
    found = _in_function(ratelimit_findings, RATELIMIT, "apps/crm/client.py", func, "IL202")
    assert len(found) == 1, found
    assert what in found[0].message and action in found[0].message
    assert "RateLimitedError" in found[0].message and "RateLimiter" in found[0].message
    assert found[0].fix is not None and found[0].fix.applicability == DISPLAY_ONLY


RATE_LOOKALIKES = [
    "fetch_typed",
    "sync_contacts",
    "defer_endpoint",
    "skip_item",
    "reraise_sdk_limit",
    "passthrough",
    "ratelimited_view",
    "get",
    "llm_answer",
    "check_quota",
    "wait",
    "count_refusals",
    "wait_for_operation",
]


PACING = [
    ("repo_data", "a `Retry-After` header read", "sleeps inline"),  # `if wait := …get("Retry-After") is not None`
    ("classify", "a rate-limit error check", "sleeps inline"),  # GitHub's abuse-detection message
]


@pytest.mark.parametrize("func, what, action", PACING, ids=[p[0] for p in PACING])
def test_il202_flags_walrus_header_reads_and_abuse_detection_messages(ratelimit_findings, func, what, action):
    found = _in_function(ratelimit_findings, RATELIMIT, "apps/crm/pacing.py", func, "IL202")
    assert len(found) == 1, found
    assert what in found[0].message and action in found[0].message


def test_il202_ignores_abuse_detection_answered_with_a_typed_error(ratelimit_findings):
    assert not _in_function(ratelimit_findings, RATELIMIT, "apps/crm/pacing.py", "classify_strictly", "IL202")


@pytest.mark.parametrize("func", RATE_LOOKALIKES)
def test_il202_ignores_lookalike(ratelimit_findings, func):
    assert not _in_function(ratelimit_findings, RATELIMIT, "apps/crm/lookalikes.py", func, "IL202")


@pytest.mark.parametrize(
    "func, what, action",
    [
        ("publish_course", "a 429 status check", "sleeps inline"),
        ("transcribe", "a caught rate-limit error", "sleeps inline"),
        ("catalogue", "a 429 status check", "sleeps inline"),  # `in RETRY_ON`, a module frozenset holding 429
        ("push_all", "a 429 status check", "goes round the loop again"),  # `case 429:` in a retry loop
    ],
)
def test_il202_flags_enum_value_status_constant_set_match_case_and_resource_exhausted(
    ratelimit_findings, func, what, action
):
    # `status_code == HTTPStatus.TOO_MANY_REQUESTS.value` from a helper's tuple; google-api-core's 429
    found = _in_function(ratelimit_findings, RATELIMIT, "apps/crm/quotas.py", func, "IL202")
    assert len(found) == 1, found
    assert what in found[0].message and action in found[0].message


@pytest.mark.parametrize(
    "func", ["transcribe_or_defer", "publish_once", "catalogue_on_server_errors", "push_or_give_up"]
)
def test_il202_ignores_typed_errors_and_constant_sets_without_429(ratelimit_findings, func):
    assert not _in_function(ratelimit_findings, RATELIMIT, "apps/crm/quotas.py", func, "IL202")


def test_il202_reports_one_site_per_handling(ratelimit_findings):
    # the Retry-After read inside a flagged 429 branch is part of the same finding
    lines = [f.line for f in ratelimit_findings if f.path == "apps/crm/client.py"]
    assert len(lines) == len(set(lines)) == len(RATE_SHAPES)


# ------------------------------------------------------------------------------------ session 6
LIBRARY_ERRORS = [
    # (function, what the message names, backoff)
    ("refresh_captions", "`captions_for` → `mediagrab.Clip`", "constant"),  # library error via a helper, sleep in finally
    ("stream_title", "`mediagrab.Clip`", "constant"),  # while True around the library call itself
    ("search", "`self.engines[key].search`", "constant"),  # a caught rate-limit error, untyped receiver
    ("wait_started", "`kubernetes.watch.Watch.stream`", "linear"),  # stream until the event; backoff helper
    ("read_pod", "read_namespaced_pod", "linear"),  # the project backoff helper names the growth
]


@pytest.mark.parametrize("func, target, backoff", LIBRARY_ERRORS, ids=[s[0] for s in LIBRARY_ERRORS])
def test_il201_flags_sdk_retried_on_its_own_error_rate_limit_error_stream_and_backoff_helper(
    retry_findings, func, target, backoff
):
    found = _in_function(retry_findings, RETRY, "apps/acme/library_errors.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message
    assert f"backoff: {backoff}" in found[0].message


@pytest.mark.parametrize(
    "func",
    ["parse_feed", "checkpoint", "validate_document", "rebuild_index", "captions_for_all", "first_title", "watch_until"],
)
def test_il201_ignores_parse_database_validation_errors_other_packages_items_and_unpaced_fallbacks(
    retry_findings, func
):
    assert not _in_function(retry_findings, RETRY, "apps/acme/library_errors.py", func, "IL201")


ANSWER_CODES = [
    ("breaches", "`BreachLookup.fetcher.fetch_url`"),  # `res["code"] == "200"` of a fetch wrapper
    ("query", "`requests.Session.get`"),  # a rate-limit message in the JSON answer
    ("private", "`requests.Session.get`"),  # signed each round, parameters re-sorted from themselves
    ("fills", "`requests.Session.get`"),  # `in (HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS)`
    ("balance", "`LedgerClient._request`"),  # `self._request("GET", path)` whose status_code decides
]


@pytest.mark.parametrize("func, target", ANSWER_CODES, ids=[s[0] for s in ANSWER_CODES])
def test_il201_flags_retry_decided_by_a_text_status_a_rate_limit_message_or_a_resigned_request(
    retry_findings, func, target
):
    found = _in_function(retry_findings, RETRY, "apps/acme/answer_codes.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message


@pytest.mark.parametrize("func", ["job_state", "lookup_code", "hosts", "trades", "statement", "archive"])
def test_il201_ignores_job_state_application_codes_items_and_grown_cursor(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/answer_codes.py", func, "IL201")


def test_il201_flags_a_model_asked_again_through_a_provider_wrapper(retry_findings):
    found = _in_function(retry_findings, RETRY, "apps/acme/model_wrappers.py", "verdict", "IL201")
    assert len(found) == 1, found
    assert "`Verdicts._ask` → `provider.complete`" in found[0].message


@pytest.mark.parametrize("func", ["archive", "verdicts"])
def test_il201_ignores_a_message_store_and_one_prompt_per_round(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/model_wrappers.py", func, "IL201")


def test_il202_flags_a_predicate_comparing_with_a_module_constant_429_only(ratelimit_findings):
    # PacedTransport's `_is_retryable_status()` (== RATE_LIMITED_STATUS) is flagged; the 503
    # predicate of MaintenanceTransport and StrictTransport's typed error are not
    found = [f for f in ratelimit_findings if f.path == "apps/crm/transport_status.py" and f.line < 50]
    assert [f.line for f in found] == [25], found
    assert "a rate-limit check (`_is_retryable_status()`)" in found[0].message


def test_il202_flags_a_429_waited_out_through_a_pause_helper_of_the_file(ratelimit_findings):
    # `_cool_down(response)` sleeps; `_cool_down_report` (same name family) only computes
    found = _in_function(ratelimit_findings, RATELIMIT, "apps/crm/transport_status.py", "fetch_report", "IL202")
    assert len(found) == 1 and "sleeps inline" in found[0].message, found
    assert not _in_function(ratelimit_findings, RATELIMIT, "apps/crm/transport_status.py", "fetch_report_once", "IL202")


# ------------------------------------------------------------------------------------ prefilters
@pytest.mark.parametrize("code, root", [("IL201", RETRY), ("IL202", RATELIMIT)])
def test_prefilter_accepts_every_file_with_a_finding(code, root, retry_findings, ratelimit_findings):
    rule = all_rules()[code]
    findings = retry_findings if code == "IL201" else ratelimit_findings
    for path in {f.path for f in findings if f.code == code}:
        assert prefilter_hit(rule, (root / path).read_bytes())


@pytest.mark.parametrize("code", ["IL201", "IL202"])
def test_prefilter_skips_files_without_the_needed_bytes(code):
    rule = all_rules()[code]
    assert not prefilter_hit(rule, b"import os\n\nVALUE = os.environ['X']\n")


DECLARED_RETRIES = [
    # (function, backoff named, what the message names) in apps/acme/declared_retries.py
    ("member_with_retry", "linear", "directory.DirectoryClient.find_member → requests.get"),  # empty answer
    ("refresh_mirrors", "exponential", "`aiohttp.ClientSession.get`"),  # session opened in the same header
    ("setup_mailbox", "linear", "`requests.post`"),  # an error code carried in the answer
    ("check_mirror", "none", "directory.mirror_down_for_us → requests.Session.get"),  # a failure flag
    ("query", "constant", "declared_retries.Ledger._query → requests.post"),  # an error text for data
]


@pytest.mark.parametrize("func, backoff, target", DECLARED_RETRIES, ids=[s[0] for s in DECLARED_RETRIES])
def test_il201_flags_loop_declared_as_retry_that_reads_failure_from_the_answer(retry_findings, func, backoff, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/declared_retries.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message
    assert f"backoff: {backoff};" in found[0].message


@pytest.mark.parametrize("func", ["first_member", "wait_for_jobs", "mirror_pages", "export_when_done", "first_reachable", "rows"])
def test_il201_ignores_answer_loops_that_do_not_say_they_retry_poll_a_state_or_walk_items(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/declared_retries.py", func, "IL201")


def test_il202_reports_at_the_header_read_after_a_check_of_several_retryable_codes(ratelimit_findings):
    rel = "apps/crm/header_after_check.py"
    found = _in_function(ratelimit_findings, RATELIMIT, rel, "call_remote", "IL202")
    assert [(f.line, "`Retry-After` header read" in f.message) for f in found] == [(28, True)]
    # 429 alone is the rate-limit test itself: reported at the check, once
    found = _in_function(ratelimit_findings, RATELIMIT, rel, "call_once_limited", "IL202")
    assert [(f.line, "a 429 status check" in f.message) for f in found] == [(37, True)]
    assert not _in_function(ratelimit_findings, RATELIMIT, rel, "call_strict", "IL202")


def test_il201_flags_an_embeddings_request_retried_on_an_untyped_client(retry_findings):
    found = _in_function(retry_findings, RETRY, "apps/acme/embeddings.py", "embed", "IL201")
    assert len(found) == 1, found
    assert "`self.client.embeddings.create`" in found[0].message
    assert not _in_function(retry_findings, RETRY, "apps/acme/embeddings.py", "save", "IL201")


# ------------------------------------------------------------------------------------ session 8
NESTED_EXITS = [
    # (function, backoff named, what the message names) in apps/acme/nested_exits.py
    ("upload_picture", "constant", "`requests.post`"),  # exit two ifs deep, under a guard on the answer
    ("register_device", "exponential", "`requests.put`"),  # success status AND the answer carries an id
]


@pytest.mark.parametrize("func, backoff, target", NESTED_EXITS, ids=[s[0] for s in NESTED_EXITS])
def test_il201_flags_success_exit_nested_under_an_answer_guard_or_tested_with_what_the_answer_carries(
    retry_findings, func, backoff, target
):
    found = _in_function(retry_findings, RETRY, "apps/acme/nested_exits.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message
    assert f"backoff: {backoff};" in found[0].message


@pytest.mark.parametrize("func", ["export_report", "wait_for_thumbnail", "fetch_when_ready", "first_mirror_with_file"])
def test_il201_ignores_state_polls_waiting_functions_and_items_with_a_nested_exit(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/nested_exits.py", func, "IL201")


def test_il201_flags_a_module_level_retry_left_by_exiting_the_process(retry_findings):
    found = [f for f in retry_findings if f.path == "scripts/provision_store.py" and f.code == "IL201"]
    assert [f.line for f in found] == [20]
    assert "provision_store.provision → provision_store.create_account → requests.put" in found[0].message
    assert "backoff: constant;" in found[0].message
    assert not [f for f in retry_findings if f.path == "scripts/migrate_until_up.py"]


def test_il202_reports_at_the_header_read_handed_to_a_backoff_helper_under_a_retryable_set(ratelimit_findings):
    rel = "apps/crm/header_after_check.py"
    for func, line in (("list_contacts", 63), ("list_deals", 81)):
        found = _in_function(ratelimit_findings, RATELIMIT, rel, func, "IL202")
        assert [(f.line, "`Retry-After` header read" in f.message) for f in found] == [(line, True)]
    assert not _in_function(ratelimit_findings, RATELIMIT, rel, "list_notes", "IL202")


def test_il201_flags_a_third_party_call_retried_with_a_pause_under_a_broad_catch(retry_findings):
    rel = "apps/acme/third_party.py"
    found = _in_function(retry_findings, RETRY, rel, "newest_references", "IL201")
    assert len(found) == 1, found
    assert "`citeshelf.Shelf.top`" in found[0].message
    assert "backoff: linear;" in found[0].message


@pytest.mark.parametrize("func", ["connect_vectors", "close_books", "newest_without_pause", "load_settings"])
def test_il201_ignores_a_client_built_a_sibling_package_no_pause_and_a_local_library(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/third_party.py", func, "IL201")


def test_il201_flags_a_retried_request_whose_verb_is_dispatched_by_getattr(retry_findings):
    rel = "apps/acme/dispatched_verbs.py"
    found = _in_function(retry_findings, RETRY, rel, "call_plugin", "IL201")
    assert len(found) == 1, found
    assert "`requests.request`" in found[0].message
    assert "backoff: none;" in found[0].message
    assert not _in_function(retry_findings, RETRY, rel, "export", "IL201")


def test_il201_flags_a_call_made_again_while_its_answer_is_empty_in_a_counted_paced_loop(retry_findings):
    rel = "apps/acme/empty_answers.py"
    for func, backoff in (("titles", "constant"), ("titles_by_length", "linear")):
        found = _in_function(retry_findings, RETRY, rel, func, "IL201")
        assert len(found) == 1, (func, found)
        assert "empty_answers.Finder.run_query → requests.get" in found[0].message
        assert f"backoff: {backoff};" in found[0].message


@pytest.mark.parametrize(
    "func", ["titles_without_pause", "titles_next_page", "wait_for_titles", "fallback_titles", "pending_titles"]
)
def test_il201_ignores_empty_answer_loops_without_pause_counter_or_the_same_call(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/empty_answers.py", func, "IL201")


def test_il201_flags_a_batch_fetched_again_until_its_length_is_complete(retry_findings):
    found = [f for f in retry_findings if f.path == "scripts/harvest_catalogue.py" and f.code == "IL201"]
    assert [f.line for f in found] == [22]
    assert "catalogue.fetch_batch → urllib.request.urlopen" in found[0].message


# ------------------------------------------------------------------- session 9 families
def test_il201_flags_a_third_party_call_retried_beside_helpers_of_its_own_class(retry_findings):
    rel = "apps/acme/search_tools.py"
    for func, target in (("run", "`encyclopedia.set_language`"), ("quotes", "`quotebook.Quotes.latest`")):
        found = _in_function(retry_findings, RETRY, rel, func, "IL201")
        assert len(found) == 1, (func, found)
        assert target in found[0].message
        assert "backoff: constant;" in found[0].message


@pytest.mark.parametrize("func", ["tabulate", "again", "once_more", "wait_until_published"])
def test_il201_ignores_a_local_library_an_own_helper_a_giving_up_decorator_and_a_404_poll(retry_findings, func):
    assert not _in_function(retry_findings, RETRY, "apps/acme/search_tools.py", func, "IL201")


@pytest.mark.parametrize(
    ("func", "backoff"), [("retry_on_failure", "constant"), ("with_backoff", "exponential")]
)
def test_il201_flags_a_typevar_callable_and_a_reraising_first_handler_in_retry_decorators(retry_findings, func, backoff):
    found = _in_function(retry_findings, RETRY, "apps/acme/search_tools.py", func, "IL201")
    assert len(found) == 1, found
    assert "`func` (a callable parameter)" in found[0].message
    assert f"backoff: {backoff};" in found[0].message


@pytest.mark.parametrize(
    ("func", "target"),
    [("read_channel", "`teamgraph.GraphClient.execute_request_direct`"), ("embed", "`vectorsdk.Embeddings.call`")],
)
def test_il201_flags_a_typed_third_party_client_retried_on_its_answers_status(retry_findings, func, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/search_tools.py", func, "IL201")
    assert len(found) == 1, found
    assert target in found[0].message


def test_il201_ignores_a_counted_loop_that_runs_its_call_once(retry_findings):
    assert not _in_function(retry_findings, RETRY, "apps/acme/search_tools.py", "fetch_once", "IL201")


def test_il201_flags_a_chat_asked_of_an_object_named_for_a_language_model(retry_findings):
    rel = "apps/acme/search_tools.py"
    found = _in_function(retry_findings, RETRY, rel, "summarise", "IL201")
    assert len(found) == 1, found
    assert "`self._llm_model.async_chat`" in found[0].message
    assert "backoff: linear;" in found[0].message
    assert not _in_function(retry_findings, RETRY, rel, "count", "IL201")


def test_il201_flags_a_request_picked_by_an_option_that_leaves_on_success_in_both_branches(retry_findings):
    rel = "apps/acme/search_tools.py"
    found = _in_function(retry_findings, RETRY, rel, "headlines", "IL201")
    assert len(found) == 1, found
    assert "`quotebook.Quotes." in found[0].message
    assert not _in_function(retry_findings, RETRY, rel, "headline_per_source", "IL201")


def test_il201_flags_litellm_requests_and_ignores_its_local_pricing(retry_findings):
    rel = "apps/acme/search_tools.py"
    found = _in_function(retry_findings, RETRY, rel, "complete", "IL201")
    assert len(found) == 1, found
    assert "`litellm.acompletion`" in found[0].message
    assert not _in_function(retry_findings, RETRY, rel, "cost_of", "IL201")


# ------------------------------------------------------------------ session 10 (general families)
@pytest.mark.parametrize(
    ("func", "target", "backoff"),
    [
        ("submit_sample", "`requests.post`", "constant"),  # `"validation_errors" in r.json()` under `while failed:`
        ("store_object", "`requests.put`", "constant"),  # `"<Error>" not in body` leaves
        ("fetch_with_else", "`session.get`", "linear"),  # the status read in the try's `else:`
        ("push_until_final", "`requests.post`", "exponential"),  # `not in (200, 201, 400, 404)` goes round
        ("create_remote_item", "`api.create_item`", "constant"),  # an untyped API client's answer says "error"
    ],
)
def test_il201_flags_failures_told_by_the_answers_body_an_else_status_and_a_final_status_set(
    retry_findings, func, target, backoff
):
    found = _in_function(retry_findings, RETRY, "apps/acme/answer_bodies.py", func, "IL201")
    assert len(found) == 1, (func, found)
    assert target in found[0].message
    assert f"backoff: {backoff};" in found[0].message


@pytest.mark.parametrize("func", ["read_job_state", "report_errors", "wait_for_export", "wait_remote_export"])
def test_il201_ignores_a_state_poll_and_an_error_answer_that_raises(retry_findings, func):
    assert _in_function(retry_findings, RETRY, "apps/acme/answer_bodies.py", func, "IL201") == []


@pytest.mark.parametrize("func", ["start", "start_quietly"])
def test_il201_flags_a_sign_in_retried_as_the_loops_own_if_test(retry_findings, func):
    found = _in_function(retry_findings, RETRY, "apps/acme/login_attempts.py", func, "IL201")
    assert len(found) == 1, (func, found)
    assert "QueueWorker._sign_in → requests.Session.post" in found[0].message
    assert "backoff: constant;" in found[0].message


@pytest.mark.parametrize("func", ["serve", "wait_export"])
def test_il201_ignores_a_worker_loop_and_a_state_probe_as_the_if_test(retry_findings, func):
    assert _in_function(retry_findings, RETRY, "apps/acme/login_attempts.py", func, "IL201") == []


def test_il201_ignores_readiness_waits_and_asserted_conditions_but_not_a_health_record(retry_findings):
    rel = "apps/acme/readiness.py"
    assert _in_function(retry_findings, RETRY, rel, "wait_until_up", "IL201") == []
    assert _in_function(retry_findings, RETRY, rel, "wait_ready", "IL201") == []
    assert _in_function(retry_findings, RETRY, rel, "wait_job_failed", "IL201") == []  # an asserted condition
    assert len(_in_function(retry_findings, RETRY, rel, "fetch_health_record", "IL201")) == 1


@pytest.mark.parametrize(
    ("func", "target"),
    [
        ("load_item", "`tracker.session.get`"),  # URL from `ITEM_URL.format(id)`
        ("load_item_built", "`tracker.session.get`"),  # URL from a project helper `build_url(id)`
        ("fetch_file", "`Item._fetch_file` → `tracker_client.download_item`"),  # the client call one hop down
        ("download_file", "`requests.get`"),  # a content check raising into the retrying handler
        ("announce_patiently", "`requests.post`"),  # a timeout grown in the handler: the same request
    ],
)
def test_il201_flags_untyped_tracker_clients_and_checks_raising_into_the_handler(retry_findings, func, target):
    found = _in_function(retry_findings, RETRY, "apps/acme/tracker_clients.py", func, "IL201")
    assert len(found) == 1, (func, found)
    assert target in found[0].message


@pytest.mark.parametrize("func", ["describe", "wait_published", "announce", "wait_for_cache", "join"])
def test_il201_ignores_a_giving_up_hop_a_state_poll_raising_and_a_request_cut_down_before_resending(
    retry_findings, func
):
    assert _in_function(retry_findings, RETRY, "apps/acme/tracker_clients.py", func, "IL201") == []


def test_il201_ignores_a_device_code_grant_polled_while_pending_but_not_a_5xx_retry(retry_findings):
    rel = "apps/acme/device_flow.py"
    assert _in_function(retry_findings, RETRY, rel, "sign_in_on_tv", "IL201") == []
    assert _in_function(retry_findings, RETRY, rel, "sign_in_on_console", "IL201") == []
    found = _in_function(retry_findings, RETRY, rel, "exchange_code", "IL201")
    assert len(found) == 1 and "backoff: exponential;" in found[0].message


@pytest.mark.parametrize("func", ["upload", "fetch_book"])
def test_il201_flags_a_request_to_a_url_through_a_layer_the_file_cannot_follow(retry_findings, func):
    found = _in_function(retry_findings, RETRY, "apps/acme/url_requests.py", func, "IL201")
    assert len(found) == 1, (func, found)
    assert "`self.load`" in found[0].message and "backoff: constant;" in found[0].message


@pytest.mark.parametrize("func", ["decode_page", "load_cached"])
def test_il201_ignores_a_local_decode_and_a_file_error_beside_a_url_constant(retry_findings, func):
    assert _in_function(retry_findings, RETRY, "apps/acme/url_requests.py", func, "IL201") == []


def test_il201_flags_a_counted_loop_that_logs_a_400_and_goes_round(retry_findings):
    found = _in_function(retry_findings, RETRY, "apps/acme/device_flow.py", "fetch_page", "IL201")
    assert len(found) == 1 and "backoff: none;" in found[0].message
