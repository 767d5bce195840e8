from __future__ import annotations

import time

import pytest
import requests
from rt_support import Reply

from integration_lint.runtime import (
    ConnectorSession,
    PermanentError,
    RateLimitedError,
    RateLimiter,
    RawResponseStore,
    TransientError,
)
from integration_lint.runtime.errors import http_date


def test_joins_relative_urls_to_the_base_url(api):
    api.route("/v2/patients", Reply(200, {"items": [1]}))
    session = ConnectorSession("doctolib", api.url("/v2"))
    assert session.get("patients").json() == {"items": [1]}
    assert session.get("/patients").json() == {"items": [1]}
    assert session.get(api.url("/v2/patients")).status_code == 200


def test_slow_response_past_the_default_read_timeout_is_transient(api):
    api.route("/slow", Reply(200, {"ok": True}, delay=1.0))
    session = ConnectorSession("acme", api.base_url, timeout=(1, 0.2))
    started = time.monotonic()
    with pytest.raises(TransientError) as info:
        session.get("/slow")
    assert time.monotonic() - started < 0.9
    assert isinstance(info.value.__cause__, requests.Timeout)


def test_per_call_timeout_overrides_the_default(api):
    api.route("/slow", Reply(200, {"ok": True}, delay=0.3))
    session = ConnectorSession("acme", api.base_url, timeout=(1, 0.1))
    assert session.get("/slow", timeout=2).json() == {"ok": True}


def test_timeout_none_is_refused(api):
    with pytest.raises(ValueError):
        ConnectorSession("acme", api.base_url, timeout=None)
    session = ConnectorSession("acme", api.base_url)
    with pytest.raises(ValueError):
        session.get("/x", timeout=None)


def test_connection_refused_is_transient():
    from rt_support import free_port

    session = ConnectorSession("acme", f"http://127.0.0.1:{free_port()}", timeout=(0.5, 0.5))
    with pytest.raises(TransientError) as info:
        session.get("/x")
    assert isinstance(info.value.__cause__, requests.ConnectionError)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_transient(api, status):
    api.route("/err", Reply(status, {"error": "x"}))
    with pytest.raises(TransientError) as info:
        ConnectorSession("acme", api.base_url).get("/err")
    assert info.value.status_code == status and not isinstance(info.value, RateLimitedError)
    assert info.value.response.json() == {"error": "x"}


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_4xx_is_permanent(api, status):
    api.route("/err", Reply(status))
    with pytest.raises(PermanentError) as info:
        ConnectorSession("acme", api.base_url).get("/err")
    assert info.value.status_code == status


def test_429_parses_retry_after_seconds(api):
    api.route("/limited", Reply(429, headers={"Retry-After": "17"}))
    with pytest.raises(RateLimitedError) as info:
        ConnectorSession("acme", api.base_url).get("/limited")
    assert info.value.retry_after == 17.0


def test_429_parses_retry_after_http_date(api):
    api.route("/limited", Reply(429, headers={"Retry-After": http_date(120)}))
    with pytest.raises(RateLimitedError) as info:
        ConnectorSession("acme", api.base_url).get("/limited")
    assert 118.0 <= info.value.retry_after <= 120.0


def test_429_without_retry_after_has_no_wait(api):
    api.route("/limited", Reply(429))
    with pytest.raises(RateLimitedError) as info:
        ConnectorSession("acme", api.base_url).get("/limited")
    assert info.value.retry_after is None


def test_raw_store_captures_bodies_and_detects_refetch(api, tmp_path):
    api.route("/report", Reply(200, {"rows": [1, 2]}))
    store = RawResponseStore(tmp_path / "raw.sqlite3")
    session = ConnectorSession("acme", api.base_url, raw_store=store)
    first = session.get("/report", params={"day": "2026-01-01"})
    second = session.get("/report", params={"day": "2026-01-01"})
    assert first.is_new is True and second.is_new is False
    assert first.sha256 == second.sha256
    stored = store.get(first.sha256)
    assert stored.body == first.content and stored.status == 200
    assert stored.request_key == f"GET {api.base_url}/report?day=2026-01-01"


def test_rate_limiter_spaces_out_requests(api, tmp_path):
    api.route("/ok", Reply(200, {}))
    limiter = RateLimiter("acme-session", (2, 0.5), backend=tmp_path / "limits.sqlite3")
    session = ConnectorSession("acme", api.base_url, rate_limiter=limiter)
    started = time.monotonic()
    try:
        for _ in range(5):
            session.get("/ok")
    finally:
        limiter.close()
    # permits at t, t, t+0.5, t+0.5, t+1.0: the fifth request cannot arrive before t+1.0
    # (the never-exceeds property itself is asserted on the permits in test_runtime_ratelimit.py)
    last_arrival = api.requests_to("/ok")[-1].at
    assert 1.0 <= last_arrival - started < 3.0
