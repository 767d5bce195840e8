"""The project's error-surfacing function (configured in `surfacing-functions`).

It predates `integration_lint.runtime.surface_error` and does the same three things: a
structured log record, a Sentry event, and a failure status on the import record.
"""
from __future__ import annotations

import logging
from typing import Any

import sentry_sdk

logger = logging.getLogger("clinic.integrations")


def report_error(exc: BaseException, *, connector: str, record: Any = None, **context: Any) -> None:
    logger.error(
        "integration failure in %s: %s",
        connector,
        exc,
        exc_info=exc,
        extra={"connector": connector, **context},
    )
    sentry_sdk.capture_exception(exc)
    if record is not None:
        record.status = "failed"
        record.error = str(exc)[:1000]
        record.save(update_fields=["status", "error"])
