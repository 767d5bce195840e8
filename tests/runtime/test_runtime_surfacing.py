from __future__ import annotations

import logging

import pytest
import sentry_sdk
from rt_support import Reply, sentry_events_transport

from integration_lint.runtime import (
    ConnectorSession,
    PermanentError,
    TransientError,
    retry,
    surface_error,
)


class ImportRow:
    """The shape of an import record: a status, an error text, save()."""

    def __init__(self) -> None:
        self.status = "running"
        self.error = ""
        self.saved = 0

    def save(self) -> None:
        self.saved += 1


@pytest.fixture
def sentry_events():
    events: list[dict] = []
    sentry_sdk.init(dsn="http://public@127.0.0.1:9/1", transport=sentry_events_transport(events.append))
    try:
        yield events
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


def raised(exc):
    try:
        raise exc
    except Exception as caught:  # give it a traceback, as a real failure has
        return caught


def test_one_call_surfaces_on_log_sentry_and_record(caplog, sentry_events):
    row = ImportRow()
    exc = raised(PermanentError("doctolib: GET /patients -> 403"))
    with caplog.at_level(logging.ERROR, logger="integration_lint.runtime.errors"):
        event_id = surface_error(exc, connector="doctolib", record=row, resource="patients", page=7)

    [log] = caplog.records
    assert log.levelno == logging.ERROR and log.exc_info[1] is exc
    assert log.connector == "doctolib" and log.error_type == "PermanentError"
    assert log.integration_context == {"resource": "patients", "page": 7}

    [event] = sentry_events  # one event: the log line does not make a second one
    assert event["event_id"] == event_id and log.sentry_event_id == event_id
    assert event["tags"]["connector"] == "doctolib"
    assert event["contexts"]["integration"]["page"] == 7
    assert event["exception"]["values"][-1]["type"] == "PermanentError"

    assert row.status == "failed" and row.saved == 1
    assert row.error == "PermanentError: doctolib: GET /patients -> 403"


def test_sentry_is_a_no_op_when_not_initialised(caplog):
    assert not sentry_sdk.get_client().is_active()
    row = ImportRow()
    with caplog.at_level(logging.ERROR):
        assert surface_error(raised(TransientError("x")), connector="acme", record=row) is None
    assert row.status == "failed" and len(caplog.records) == 1


def test_without_a_record_only_log_and_sentry(caplog, sentry_events):
    surface_error(raised(ValueError("bad payload")), connector="acme")
    assert len(sentry_events) == 1
    assert "acme integration error: ValueError: bad payload" in caplog.text


def test_record_with_error_message_field_and_no_save():
    class Row:
        status = "new"
        error_message = None

    row = Row()
    surface_error(raised(KeyError("id")), connector="acme", record=row)
    assert row.status == "failed" and row.error_message == "KeyError: 'id'"


def test_retry_reports_to_sentry_only_on_the_final_failure(api, sentry_events):
    api.route("/down", Reply(503))
    session = ConnectorSession("acme", api.base_url)

    @retry(attempts=3)
    def fetch():
        return session.get("/down")

    with retry.testing() as waits, pytest.raises(TransientError):
        fetch()
    assert len(waits) == 2 and len(api.requests_to("/down")) == 3
    assert len(sentry_events) == 1  # not one per attempt


def test_retry_does_not_report_a_success_after_retries(api, sentry_events):
    remaining = [Reply(503)]
    api.route("/flaky", lambda q: remaining.pop() if remaining else Reply(200, {}))
    session = ConnectorSession("acme", api.base_url)

    @retry
    def fetch():
        return session.get("/flaky")

    with retry.testing():
        fetch()
    assert sentry_events == []


def test_task_tags_go_on_the_scope_only_when_the_integration_scopes_each_task(sentry_events):
    from integration_lint.runtime.surfacing import tag_sentry_scope

    tag_sentry_scope(per_unit_of_work="no-such-integration", connector="leaky")
    sentry_sdk.capture_message("unrelated")
    with sentry_sdk.isolation_scope():  # what Sentry's Celery integration opens around each task
        tag_sentry_scope(per_unit_of_work="celery", connector="doctolib")
        sentry_sdk.capture_message("inside the task")
    assert "connector" not in sentry_events[0].get("tags", {})
    assert sentry_events[1]["tags"]["connector"] == "doctolib"
