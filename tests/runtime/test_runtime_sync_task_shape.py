"""sync_task's task shape and in-process behaviour (no worker: task.apply runs it here)."""

from __future__ import annotations

import pytest
from celery import Celery
from rt_support import Reply

from integration_lint.runtime import ConnectorSession, PermanentError, RateLimitedError, TransientError, sync_task


@pytest.fixture
def app(state_dir):
    from celery import _state

    previous = _state.get_current_app()
    app = Celery("shape", set_as_current=False)
    app.conf.task_always_eager = True
    yield app
    previous.set_current()


def test_defaults_follow_the_guideline(app):
    @sync_task("doctolib", "patients", app_label="shape")
    def sync_patients(task, clinic_id):
        return clinic_id

    task = app.tasks["shape.sync.doctolib.patients"]
    assert task.autoretry_for == (TransientError, RateLimitedError)
    assert task.dont_autoretry_for == (PermanentError,)
    assert task.retry_backoff is True and task.retry_jitter is True and task.retry_backoff_max == 600
    assert task.acks_late and task.reject_on_worker_lost and task.soft_time_limit == 900
    assert task.lock_ttl == 960.0


def test_options_override_defaults_and_no_soft_limit_still_bounds_the_lock(app):
    @sync_task("pennylane", "ledger", app_label="books", max_retries=2, soft_time_limit=None, rate_limit="10/m")
    def sync_ledger(task):
        return "ok"

    task = app.tasks["books.sync.pennylane.ledger"]
    assert task.max_retries == 2 and task.soft_time_limit is None and task.rate_limit == "10/m"
    assert task.lock_ttl == 960.0
    assert task.apply().get() == "ok"


def test_wrong_arguments_are_refused_when_sending(app):
    @sync_task("doctolib", "visits", app_label="clinic")
    def sync_visits(task, clinic_id):
        return clinic_id

    with pytest.raises(TypeError):
        app.tasks["clinic.sync.doctolib.visits"].delay(1, 2, 3)


def test_app_label_defaults_to_the_top_package_of_the_function(app):
    def sync_things(task):
        return None

    sync_things.__module__ = "billing.connectors.tasks"
    sync_task("stripe", "charges")(sync_things)
    assert "billing.sync.stripe.charges" in app.tasks


def test_permanent_failure_in_process_marks_the_record_failed(app, api, caplog):
    api.route("/gone", Reply(410))
    rows = {}

    class Row:
        def __init__(self):
            self.status, self.error = "running", ""

        def save(self):
            rows["saved"] = (self.status, self.error)

    @sync_task("acme", "gone", app_label="t", failure_record=lambda: Row())
    def sync_gone(task):
        ConnectorSession("acme", api.base_url).get("/gone")

    result = app.tasks["t.sync.acme.gone"].apply()
    assert isinstance(result.result, PermanentError)
    assert rows["saved"][0] == "failed" and "410" in rows["saved"][1]
    assert "acme integration error" in caplog.text
