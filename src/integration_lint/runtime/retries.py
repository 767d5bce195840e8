"""``retry``: the shared retry preset, on tenacity.

Exponential backoff with jitter for transient failures; the server's ``Retry-After`` wins when it
gave one (never capped below what it asked); a wait longer than ``max_inline_wait`` raises
``RetryLater`` so a Celery task re-queues instead of blocking a worker; every retry is logged;
Sentry hears only about the final failure.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, overload

import tenacity

from .errors import RateLimitedError, RetryLater, TransientError

logger = logging.getLogger("integration_lint.runtime.retry")

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_RETRY_ON: tuple[type[BaseException], ...] = (TransientError, RateLimitedError)

_testing_lock = threading.Lock()
_testing_recorders: list[list[float]] = []


def _sleep(seconds: float) -> None:
    """tenacity's sleep, switched off (and recorded) inside ``retry.testing()``."""
    with _testing_lock:
        recorder = _testing_recorders[-1] if _testing_recorders else None
    if recorder is not None:
        recorder.append(seconds)
        return
    time.sleep(seconds)


@contextlib.contextmanager
def testing() -> Iterator[list[float]]:
    """Turn sleeping off for code retried with ``@retry``; yields the list of waits that would
    have been slept, in order, so a test can assert on them (e.g. the server's Retry-After)."""
    waits: list[float] = []
    with _testing_lock:
        _testing_recorders.append(waits)
    try:
        yield waits
    finally:
        with _testing_lock:
            _testing_recorders.remove(waits)


class _ServerOrBackoffWait(tenacity.wait.wait_base):
    """The server's ``Retry-After`` when the failure carried one, else exponential + jitter."""

    def __init__(self, backoff: tenacity.wait.wait_base) -> None:
        self.backoff = backoff

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
            return max(0.0, float(exc.retry_after))
        return self.backoff(retry_state)


def _report_final_failure(retry_state: tenacity.RetryCallState) -> Any:
    from .surfacing import report_to_sentry

    exc = retry_state.outcome.exception()
    # WARNING, not ERROR: Sentry's logging integration would report an ERROR line as a second event
    logger.warning(
        "giving up on %s after %d attempts: %r",
        _describe(retry_state),
        retry_state.attempt_number,
        exc,
    )
    report_to_sentry(exc, function=_describe(retry_state), attempts=retry_state.attempt_number)
    return retry_state.outcome.result()  # re-raises the original exception with its traceback


def _describe(retry_state: tenacity.RetryCallState) -> str:
    fn = retry_state.fn
    return getattr(fn, "__qualname__", None) or repr(fn)


@overload
def retry(func: F) -> F: ...
@overload
def retry(
    *,
    attempts: int = ...,
    retry_on: tuple[type[BaseException], ...] = ...,
    initial: float = ...,
    max_backoff: float = ...,
    jitter: float = ...,
    max_inline_wait: float | None = ...,
) -> Callable[[F], F]: ...


def retry(
    func: Callable[..., Any] | None = None,
    *,
    attempts: int = 5,
    retry_on: tuple[type[BaseException], ...] = DEFAULT_RETRY_ON,
    initial: float = 0.5,
    max_backoff: float = 30.0,
    jitter: float = 0.5,
    max_inline_wait: float | None = 30.0,
) -> Any:
    """Retry ``func`` on ``retry_on`` errors (default: ``TransientError``, ``RateLimitedError``).

    - ``attempts``: total calls, first one included.
    - backoff: ``initial * 2**n`` seconds capped at ``max_backoff``, plus ``uniform(0, jitter)``.
    - a ``RateLimitedError`` with ``retry_after`` waits exactly what the server asked.
    - a wait above ``max_inline_wait`` seconds raises ``RetryLater(countdown=wait)`` chained to the
      error (``None`` disables this and always sleeps).
    - the last error is re-raised unchanged; it is logged and reported to Sentry once.

    Use bare (``@retry``) or configured (``@retry(attempts=3)``).
    """

    def before_sleep(retry_state: tenacity.RetryCallState) -> None:
        exc = retry_state.outcome.exception()
        wait = retry_state.upcoming_sleep
        if max_inline_wait is not None and wait > max_inline_wait:
            logger.warning(
                "%s failed (%r); wait %.1fs exceeds max_inline_wait=%.1fs: re-queue",
                _describe(retry_state), exc, wait, max_inline_wait,
            )
            raise RetryLater(countdown=wait) from exc
        logger.warning(
            "%s failed (%r), attempt %d/%d; retrying in %.2fs",
            _describe(retry_state), exc, retry_state.attempt_number, attempts, wait,
        )

    def decorate(fn: F) -> F:
        if inspect.iscoroutinefunction(fn):
            raise TypeError(f"retry does not wrap coroutine functions ({fn.__qualname__}); use tenacity's AsyncRetrying")
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(attempts),
            retry=tenacity.retry_if_exception_type(retry_on),
            wait=_ServerOrBackoffWait(
                tenacity.wait_exponential(multiplier=initial, max=max_backoff) + tenacity.wait_random(0, jitter)
            ),
            before_sleep=before_sleep,
            retry_error_callback=_report_final_failure,
            sleep=_sleep,
            reraise=True,
        )

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # a copy per call: tenacity keeps per-run state on the Retrying object
            return retrying.copy()(fn, *args, **kwargs)

        wrapper.retrying = retrying  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    if func is not None:
        return decorate(func)
    return decorate


retry.testing = testing  # type: ignore[attr-defined]
