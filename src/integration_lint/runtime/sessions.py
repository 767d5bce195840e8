"""``ConnectorSession``: a ``requests.Session`` that never waits forever and speaks our error classes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import requests

from .errors import PermanentError, RateLimitedError, TransientError, parse_retry_after

if TYPE_CHECKING:
    from .pagination import PageRequest
    from .ratelimit import RateLimiter
    from .raw_store import RawResponseStore

logger = logging.getLogger("integration_lint.runtime.http")

DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 30)
"""(connect, read) seconds; 3.05 s is just above a multiple of TCP's 3 s retransmission window."""

_UNSET: Any = object()


class ConnectorSession(requests.Session):
    """A session for one connector's API.

    - relative URLs are joined to ``base_url``;
    - every request gets ``timeout`` unless it passes its own (``timeout=None`` is refused);
    - connection errors, timeouts and 5xx raise ``TransientError``; 429 raises
      ``RateLimitedError`` with ``retry_after`` parsed from ``Retry-After`` (seconds or HTTP-date);
      other 4xx raise ``PermanentError``. Each carries ``.response`` when there is one;
    - with ``rate_limiter``, each request first waits for a permit;
    - with ``raw_store``, each successful body is stored and the response gains ``.sha256`` and
      ``.is_new`` (``False`` when identical content was already stored for that request).
    """

    def __init__(
        self,
        connector: str,
        base_url: str,
        *,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | None = None,
        raw_store: RawResponseStore | None = None,
    ) -> None:
        super().__init__()
        if timeout is None:
            raise ValueError("ConnectorSession needs a timeout; None would let a call hang forever")
        self.connector = connector
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.rate_limiter = rate_limiter
        self.raw_store = raw_store

    def url_for(self, url: str) -> str:
        return urljoin(self.base_url, url.lstrip("/")) if "://" not in url else url

    def request(self, method: str, url: str, *args: Any, timeout: Any = _UNSET, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if timeout is _UNSET:
            timeout = self.timeout
        if timeout is None:
            raise ValueError("timeout=None is not allowed on a ConnectorSession")
        full_url = self.url_for(url)
        if self.rate_limiter is not None:
            self.rate_limiter.acquire(blocking=True)
        try:
            response = super().request(method, full_url, *args, timeout=timeout, **kwargs)
        except requests.Timeout as exc:
            raise TransientError(f"{self.connector}: {method} {full_url} timed out ({exc})") from exc
        except requests.ConnectionError as exc:
            raise TransientError(f"{self.connector}: {method} {full_url} connection failed ({exc})") from exc
        self._raise_for_status(method, response)
        if self.raw_store is not None:
            request_key = f"{method.upper()} {response.url}"
            response.sha256, response.is_new = self.raw_store.put(  # type: ignore[attr-defined]
                self.connector,
                request_key,
                response.content,
                status=response.status_code,
                headers=dict(response.headers),
            )
        return response

    def _raise_for_status(self, method: str, response: requests.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        where = f"{self.connector}: {method.upper()} {response.url} -> {status}"
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise RateLimitedError(f"{where} (Retry-After: {retry_after})", retry_after=retry_after, response=response)
        if status >= 500:
            raise TransientError(where, response=response)
        raise PermanentError(where, response=response)

    def page_fetcher(self, path: str, *, params: dict[str, Any] | None = None, method: str = "GET", **kwargs: Any):
        """A ``fetch_page`` for ``paginate``: requests ``path`` (or the paginator's next URL) with
        ``params`` merged with the paginator's query parameters."""

        def fetch_page(request: PageRequest) -> requests.Response:
            merged = {**(params or {}), **request.params}
            return self.request(method, request.url or path, params=merged or None, **kwargs)

        return fetch_page
