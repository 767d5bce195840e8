"""The error classes every runtime primitive speaks.

``TransientError`` means "try again later", ``PermanentError`` means "retrying will not help",
``RateLimitedError`` is a transient error that knows how long the server asked us to wait, and
``RetryLater`` asks the caller (typically a Celery task) to re-queue instead of sleeping.
"""

from __future__ import annotations

import email.utils
import time
from datetime import datetime, timezone
from typing import Any


class IntegrationError(Exception):
    """Base class of the errors raised by connector code.

    ``response`` is the HTTP response that caused it, when there is one; ``status_code`` its status.
    """

    def __init__(self, message: str = "", *, response: Any = None, status_code: int | None = None) -> None:
        super().__init__(message)
        self.response = response
        if status_code is None and response is not None:
            status_code = getattr(response, "status_code", None)
        self.status_code = status_code


class TransientError(IntegrationError):
    """A failure that may go away on its own: 5xx, connection errors, timeouts."""


class PermanentError(IntegrationError):
    """A failure that retrying cannot fix: 4xx other than 429, bad configuration, bad data."""


class RateLimitedError(TransientError):
    """The server (or our own limiter) asked us to slow down.

    ``retry_after`` is the wait in seconds the server asked for (``None`` when it gave none).
    """

    def __init__(
        self,
        message: str = "rate limited",
        *,
        retry_after: float | None = None,
        response: Any = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message, response=response, status_code=status_code)
        self.retry_after = retry_after


class RetryLater(Exception):
    """Raised instead of sleeping when a wait is too long to spend blocking a worker.

    ``countdown`` is the number of seconds after which the work should be re-attempted; a
    ``sync_task`` turns it into ``self.retry(countdown=countdown)``.
    """

    def __init__(self, countdown: float, message: str = "") -> None:
        super().__init__(message or f"retry in {countdown:.1f}s")
        self.countdown = countdown

    def __reduce__(self):  # keep countdown through pickling (Celery result backends, multiprocessing)
        return (type(self), (self.countdown, str(self)), self.__dict__)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date.

    Returns ``None`` when the header is missing or unreadable; never a negative number.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; obsolete formats may come without a zone
        when = when.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def http_date(seconds_from_now: float, *, now: float | None = None) -> str:
    """An IMF-fixdate ``seconds_from_now`` in the future (for servers and tests)."""
    current = time.time() if now is None else now
    return email.utils.format_datetime(
        datetime.fromtimestamp(current + seconds_from_now, tz=timezone.utc), usegmt=True
    )
