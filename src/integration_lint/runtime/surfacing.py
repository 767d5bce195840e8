"""``surface_error``: one call, three channels — structured log, Sentry, failure status on the record."""

from __future__ import annotations

import logging
import sys
from typing import Any

logger = logging.getLogger("integration_lint.runtime.errors")

FAILED = "failed"
"""The status written on an import record; the value ``ImportRow.status`` uses for a failure."""

ERROR_TEXT_FIELDS = ("error", "error_message", "failure_reason", "last_error")
"""Attributes that receive the error text, first one the record has wins."""


def report_to_sentry(exc: BaseException, **context: Any) -> str | None:
    """``sentry_sdk.capture_exception`` with ``context`` attached, when the SDK is initialised.

    A no-op (returns ``None``) when sentry_sdk was never imported or has no active client, so
    the runtime never imports the SDK itself. Returns the event id otherwise.
    """
    sentry_sdk = sys.modules.get("sentry_sdk")
    if sentry_sdk is None or not sentry_sdk.get_client().is_active():
        return None
    with sentry_sdk.new_scope() as scope:
        connector = context.get("connector")
        if connector:
            scope.set_tag("connector", str(connector))
        scope.set_context("integration", {key: _loggable(value) for key, value in context.items()})
        return sentry_sdk.capture_exception(exc)


def _loggable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def _error_text(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def mark_record_failed(record: Any, exc: BaseException) -> None:
    """Set ``record.status = "failed"`` and its error text, then save it.

    Django models save only those fields (``update_fields``), other objects call ``save()`` if
    they have one.
    """
    record.status = FAILED
    fields = ["status"]
    text = _error_text(exc)
    for attribute in ERROR_TEXT_FIELDS:
        if hasattr(record, attribute):
            setattr(record, attribute, text)
            fields.append(attribute)
            break
    save = getattr(record, "save", None)
    if save is None:
        return
    if hasattr(record, "_meta") and hasattr(record, "pk"):  # a Django model instance
        save(update_fields=fields)
    else:
        save()


def surface_error(exc: BaseException, *, connector: str, record: Any = None, **context: Any) -> str | None:
    """Make an integration failure visible on all three channels:

    1. a structured log record on ``integration_lint.runtime.errors`` at ERROR with the traceback
       and ``connector``, ``error_type`` and ``integration_context`` as record attributes;
    2. Sentry (``capture_exception`` with a ``connector`` tag and the context), when initialised;
    3. when ``record`` is given: ``record.status = "failed"`` plus the error text, saved.

    Returns the Sentry event id, or ``None``. Saving the record happens last and its own
    failure propagates (after the log and Sentry already have the original error).
    """
    # Sentry first: its logging integration would otherwise turn the log line below into a
    # second, context-less event (its dedupe step drops a re-capture of the same exception).
    event_id = report_to_sentry(exc, connector=connector, **context)
    safe_context = {key: _loggable(value) for key, value in context.items()}
    logger.error(
        "%s integration error: %s",
        connector,
        _error_text(exc),
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={
            "connector": connector,
            "error_type": type(exc).__name__,
            "integration_context": safe_context,
            "sentry_event_id": event_id,
        },
    )
    if record is not None:
        mark_record_failed(record, exc)
    return event_id


def tag_sentry_scope(*, per_unit_of_work: str, **tags: Any) -> None:
    """Tag the Sentry isolation scope, so events another integration sends from this unit of work
    (e.g. Sentry's Celery integration reporting a task failure) carry the tags too.

    Only when the integration named ``per_unit_of_work`` is active: it opens a fresh isolation
    scope per unit of work, so the tags cannot leak into unrelated later events. Otherwise (or
    without an active SDK) a no-op: ``surface_error`` tags its own event anyway.
    """
    sentry_sdk = sys.modules.get("sentry_sdk")
    if sentry_sdk is None:
        return
    client = sentry_sdk.get_client()
    if not client.is_active() or client.get_integration(per_unit_of_work) is None:
        return
    scope = sentry_sdk.get_isolation_scope()
    for key, value in tags.items():
        scope.set_tag(key, str(value))
