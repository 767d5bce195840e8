from __future__ import annotations

import time

from integration_lint.runtime import (
    PermanentError,
    RateLimitedError,
    RetryLater,
    TransientError,
    parse_retry_after,
)
from integration_lint.runtime.errors import http_date


def test_rate_limited_is_transient_and_carries_the_wait():
    exc = RateLimitedError(retry_after=7.5)
    assert isinstance(exc, TransientError)
    assert exc.retry_after == 7.5
    assert not issubclass(PermanentError, TransientError)


def test_retry_later_carries_a_countdown():
    assert RetryLater(countdown=12).countdown == 12


def test_retry_after_delta_seconds():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after("-5") == 0.0


def test_retry_after_http_date():
    now = time.time()
    header = http_date(90, now=now)
    assert header.endswith("GMT")
    assert 89.0 <= parse_retry_after(header, now=now) <= 90.0
    assert parse_retry_after(http_date(-30, now=now), now=now) == 0.0


def test_retry_after_unreadable_or_missing():
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None


def test_errors_survive_pickling_with_their_attributes():
    import pickle

    from integration_lint.runtime import MissingCredentialError

    later = pickle.loads(pickle.dumps(RetryLater(countdown=42)))
    assert later.countdown == 42 and str(later) == "retry in 42.0s"
    limited = pickle.loads(pickle.dumps(RateLimitedError("slow down", retry_after=3.0)))
    assert limited.retry_after == 3.0 and str(limited) == "slow down"
    missing = pickle.loads(pickle.dumps(MissingCredentialError("acme", "token", ["ACME_TOKEN"])))
    assert missing.tried == ["ACME_TOKEN"] and "ACME_TOKEN" in str(missing)
