"""Paginators (cursor, offset, page number, Link header) and ``paginate``, which resumes from a
``Checkpoint``.

A paginator turns a *position* (a JSON value: a cursor string, an offset, a page number, a URL;
``None`` for the first page) into a ``PageRequest``, and reads a fetched page into its items and
the next position (``None`` on the last page). ``paginate`` drives it and saves the next position
after the caller has processed each page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from .checkpoints import Checkpoint


@dataclasses.dataclass(frozen=True)
class PageRequest:
    """What to fetch: query ``params`` for the collection URL, or a full ``url`` (Link header)."""

    params: dict[str, Any]
    url: str | None = None


@dataclasses.dataclass(frozen=True)
class Page:
    """One fetched page: its ``items``, the ``position`` it was fetched at, the ``next_position``
    (``None`` on the last page), its 0-based ``index`` in this run and the raw ``response``."""

    items: list[Any]
    position: Any
    next_position: Any
    index: int
    response: Any


def _body(response: Any) -> Any:
    return response.json() if hasattr(response, "json") and callable(response.json) else response


def _dig(body: Any, path: str | None) -> Any:
    """``"data.items"`` → ``body["data"]["items"]``; ``None`` means the body itself."""
    if path is None:
        return body
    value = body
    for part in path.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else None
    return value


class CursorPaginator:
    """APIs returning an opaque cursor for the next page (``{"data": [...], "next_cursor": "…"}``).

    ``items``/``next_cursor`` are dotted paths into the JSON body; ``cursor_param`` is the query
    parameter carrying the cursor; ``page_size``/``size_param`` set the page size when given.
    """

    def __init__(
        self,
        *,
        items: str | None = "data",
        next_cursor: str = "next_cursor",
        cursor_param: str = "cursor",
        page_size: int | None = None,
        size_param: str = "limit",
    ) -> None:
        self.items, self.next_cursor, self.cursor_param = items, next_cursor, cursor_param
        self.page_size, self.size_param = page_size, size_param

    def request(self, position: Any) -> PageRequest:
        params: dict[str, Any] = {}
        if self.page_size is not None:
            params[self.size_param] = self.page_size
        if position is not None:
            params[self.cursor_param] = position
        return PageRequest(params)

    def parse(self, response: Any, position: Any) -> tuple[list[Any], Any]:
        body = _body(response)
        items = list(_dig(body, self.items) or [])
        cursor = _dig(body, self.next_cursor)
        return items, (cursor or None)


class OffsetPaginator:
    """``?offset=N&limit=M`` APIs. Stops on a short or empty page, or at ``total`` when the body
    says how many there are."""

    def __init__(
        self,
        *,
        limit: int = 100,
        items: str | None = "results",
        offset_param: str = "offset",
        limit_param: str = "limit",
        total: str | None = None,
    ) -> None:
        self.limit, self.items, self.offset_param, self.limit_param, self.total = limit, items, offset_param, limit_param, total

    def request(self, position: Any) -> PageRequest:
        return PageRequest({self.offset_param: position or 0, self.limit_param: self.limit})

    def parse(self, response: Any, position: Any) -> tuple[list[Any], Any]:
        body = _body(response)
        items = list(_dig(body, self.items) or [])
        next_offset = (position or 0) + len(items)
        total = _dig(body, self.total) if self.total else None
        if len(items) < self.limit or (total is not None and next_offset >= int(total)):
            return items, None
        return items, next_offset


class PagePaginator:
    """``?page=N`` APIs. Stops on an empty or short page (when ``page_size`` is known) or at
    ``total_pages`` when the body says how many there are."""

    def __init__(
        self,
        *,
        items: str | None = "results",
        page_param: str = "page",
        start: int = 1,
        page_size: int | None = None,
        size_param: str = "page_size",
        total_pages: str | None = None,
    ) -> None:
        self.items, self.page_param, self.start = items, page_param, start
        self.page_size, self.size_param, self.total_pages = page_size, size_param, total_pages

    def request(self, position: Any) -> PageRequest:
        params: dict[str, Any] = {self.page_param: self.start if position is None else position}
        if self.page_size is not None:
            params[self.size_param] = self.page_size
        return PageRequest(params)

    def parse(self, response: Any, position: Any) -> tuple[list[Any], Any]:
        body = _body(response)
        items = list(_dig(body, self.items) or [])
        page = self.start if position is None else position
        total = _dig(body, self.total_pages) if self.total_pages else None
        if not items or (self.page_size is not None and len(items) < self.page_size):
            return items, None
        if total is not None and page >= int(total) + self.start - 1:
            return items, None
        return items, page + 1


class LinkHeaderPaginator:
    """RFC 8288 ``Link: <…>; rel="next"`` APIs (GitHub style). The position is the next URL.
    Needs a ``requests.Response`` (or anything with ``.links`` and ``.json()``)."""

    def __init__(self, *, items: str | None = None, rel: str = "next") -> None:
        self.items, self.rel = items, rel

    def request(self, position: Any) -> PageRequest:
        return PageRequest({}, url=position)

    def parse(self, response: Any, position: Any) -> tuple[list[Any], Any]:
        items = list(_dig(_body(response), self.items) or [])
        link = (getattr(response, "links", None) or {}).get(self.rel)
        return items, (link or {}).get("url")


def paginate(
    fetch_page: Callable[[PageRequest], Any],
    paginator: Any,
    *,
    checkpoint: Checkpoint | None = None,
    max_pages: int | None = None,
) -> Iterator[Page]:
    """Yield each ``Page`` from ``fetch_page`` (a function taking a ``PageRequest``; returning a
    ``requests.Response`` or the decoded JSON body), following ``paginator``.

    With ``checkpoint``, starts from the saved position and saves the next position when the
    caller asks for the next page — i.e. after it has processed this one — so a sync that
    crashes on page 7 restarts at page 7 and never re-fetches pages 1–6. The checkpoint is
    cleared when the last page has been processed. ``max_pages`` bounds one run (the checkpoint
    then holds where to continue).
    """
    position = checkpoint.load() if checkpoint is not None else None
    index = 0
    while max_pages is None or index < max_pages:
        request = paginator.request(position)
        response = fetch_page(request)
        items, next_position = paginator.parse(response, position)
        yield Page(items, position, next_position, index, response)
        index += 1
        if next_position is None:
            if checkpoint is not None:
                checkpoint.clear()
            return
        if checkpoint is not None:
            checkpoint.save(next_position)
        position = next_position
