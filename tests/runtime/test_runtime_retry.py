from __future__ import annotations

import logging
import time

import pytest
from rt_support import Reply

from integration_lint.runtime import (
    ConnectorSession,
    PermanentError,
    RateLimitedError,
    RetryLater,
    TransientError,
    retry,
)
from integration_lint.runtime.errors import http_date


def failing_then_ok(failures: list[Reply]):
    """A handler answering each failure in turn, then 200."""
    remaining = list(failures)

    def handler(query):
        return remaining.pop(0) if remaining else Reply(200, {"ok": True})

    return handler


def test_retries_transient_503_with_exponential_backoff(api):
    api.route("/flaky", failing_then_ok([Reply(503), Reply(503)]))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=4, initial=0.5, jitter=0.0)
    def fetch():
        return session.get("/flaky").json()

    with retry.testing() as waits:
        assert fetch() == {"ok": True}
    assert len(api.requests_to("/flaky")) == 3
    assert waits == [0.5, 1.0]  # initial * 2**n


def test_jitter_only_adds_to_the_backoff(api):
    api.route("/flaky", failing_then_ok([Reply(503)] * 3))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=4, initial=0.5, jitter=0.25)
    def fetch():
        return session.get("/flaky")

    with retry.testing() as waits:
        fetch()
    for base, wait in zip([0.5, 1.0, 2.0], waits, strict=True):
        assert base <= wait <= base + 0.25


def test_honours_retry_after_seconds_even_above_max_backoff(api):
    api.route("/limited", failing_then_ok([Reply(429, headers={"Retry-After": "20"})]))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=3, max_backoff=1.0, max_inline_wait=60)
    def fetch():
        return session.get("/limited").json()

    with retry.testing() as waits:
        assert fetch() == {"ok": True}
    assert waits == [20.0]  # the server's wait, not capped at max_backoff


def test_honours_retry_after_http_date(api):
    api.route("/limited", failing_then_ok([Reply(429, headers={"Retry-After": http_date(45)})]))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=3, max_inline_wait=60)
    def fetch():
        return session.get("/limited").json()

    with retry.testing() as waits:
        assert fetch() == {"ok": True}
    assert len(waits) == 1 and 43.0 <= waits[0] <= 45.0


def test_long_server_wait_raises_retry_later_instead_of_sleeping(api):
    api.route("/limited", Reply(429, headers={"Retry-After": "600"}))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=5, max_inline_wait=30)
    def fetch():
        return session.get("/limited")

    with retry.testing() as waits, pytest.raises(RetryLater) as info:
        fetch()
    assert info.value.countdown == 600.0
    assert isinstance(info.value.__cause__, RateLimitedError)
    assert waits == []  # never slept
    assert len(api.requests_to("/limited")) == 1


def test_permanent_errors_are_not_retried(api):
    api.route("/missing", Reply(404, {"error": "nope"}))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=5)
    def fetch():
        return session.get("/missing")

    with retry.testing() as waits, pytest.raises(PermanentError):
        fetch()
    assert waits == [] and len(api.requests_to("/missing")) == 1


def test_gives_up_after_attempts_reraising_the_last_error_and_logging(api, caplog):
    api.route("/down", Reply(503))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=3, initial=0.1, jitter=0)
    def fetch():
        return session.get("/down")

    with caplog.at_level(logging.WARNING, logger="integration_lint.runtime.retry"):
        with retry.testing(), pytest.raises(TransientError) as info:
            fetch()
    assert info.value.status_code == 503
    assert len(api.requests_to("/down")) == 3
    messages = [r.getMessage() for r in caplog.records]
    assert sum("retrying in" in m for m in messages) == 2
    assert "giving up" in messages[-1]


def test_real_sleep_happens_outside_testing(api):
    api.route("/flaky", failing_then_ok([Reply(503)]))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=2, initial=0.3, jitter=0)
    def fetch():
        return session.get("/flaky")

    started = time.monotonic()
    fetch()
    gap = api.requests_to("/flaky")[1].at - api.requests_to("/flaky")[0].at
    assert gap >= 0.3 and time.monotonic() - started < 3


def test_bare_decorator_form_uses_the_preset():
    calls = []

    @retry
    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise TransientError("blip")
        return "done"

    with retry.testing() as waits:
        assert flaky() == "done"
    assert len(waits) == 2 and flaky.__name__ == "flaky"


def test_other_exceptions_pass_through_untouched():
    @retry
    def broken():
        raise KeyError("x")

    with retry.testing() as waits, pytest.raises(KeyError):
        broken()
    assert waits == []


def test_coroutine_functions_are_refused_rather_than_silently_not_retried():
    with pytest.raises(TypeError, match="coroutine"):

        @retry
        async def fetch():
            return None
