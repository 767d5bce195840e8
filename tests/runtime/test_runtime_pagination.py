from __future__ import annotations

import pytest
from rt_support import Reply, cursor_pages

from integration_lint.runtime import (
    Checkpoint,
    ConnectorSession,
    CursorPaginator,
    LinkHeaderPaginator,
    OffsetPaginator,
    PagePaginator,
    TransientError,
    paginate,
)

PAGES = [[f"p{page}-{i}" for i in range(3)] for page in range(1, 8)]  # 7 pages of 3 items


def cursors_requested(api, path="/items"):
    return [r.query.get("cursor", "c1") for r in api.requests_to(path)]


def test_cursor_paginator_follows_next_cursor_to_the_end(api):
    api.route("/items", cursor_pages(PAGES))
    session = ConnectorSession("acme", api.base_url)
    pages = list(paginate(session.page_fetcher("/items", params={"kind": "patient"}), CursorPaginator(page_size=3)))
    assert [item for page in pages for item in page.items] == [i for p in PAGES for i in p]
    assert [page.position for page in pages] == [None, "c2", "c3", "c4", "c5", "c6", "c7"]
    assert pages[-1].next_position is None
    first = api.requests_to("/items")[0].query
    assert first == {"kind": "patient", "limit": "3"}


def test_failure_on_page_7_resumes_at_page_7_without_refetching_earlier_pages(api, tmp_path):
    broken = {"on": True}
    api.route("/items", cursor_pages(PAGES, fail=lambda n: Reply(503) if n == 7 and broken["on"] else None))
    session = ConnectorSession("acme", api.base_url)
    checkpoint = Checkpoint(tmp_path / "checkpoints.sqlite3", "acme.items")
    imported: list[str] = []

    with pytest.raises(TransientError):
        for page in paginate(session.page_fetcher("/items"), CursorPaginator(), checkpoint=checkpoint):
            imported.extend(page.items)
    assert checkpoint.load() == "c7"
    assert cursors_requested(api) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]

    broken["on"] = False
    # a new process would build a new Checkpoint on the same file: do the same
    resumed = Checkpoint(tmp_path / "checkpoints.sqlite3", "acme.items")
    for page in paginate(session.page_fetcher("/items"), CursorPaginator(), checkpoint=resumed):
        imported.extend(page.items)
    assert cursors_requested(api) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c7"]
    assert imported == [i for p in PAGES for i in p]  # every item exactly once
    assert resumed.load() is None  # finished: the next sync starts from the beginning


def test_crash_while_processing_a_page_refetches_only_that_page(api):
    api.route("/items", cursor_pages(PAGES[:4]))
    session = ConnectorSession("acme", api.base_url)
    checkpoint = Checkpoint({}, "acme.items")
    imported: list[str] = []

    def process(page):
        if page.position == "c3" and not imported.count("crashed"):
            imported.append("crashed")
            raise RuntimeError("database went away while importing page 3")
        imported.extend(page.items)

    with pytest.raises(RuntimeError):
        for page in paginate(session.page_fetcher("/items"), CursorPaginator(), checkpoint=checkpoint):
            process(page)
    for page in paginate(session.page_fetcher("/items"), CursorPaginator(), checkpoint=checkpoint):
        process(page)
    imported.remove("crashed")
    assert imported == [i for p in PAGES[:4] for i in p]
    assert cursors_requested(api) == ["c1", "c2", "c3", "c3", "c4"]


def test_max_pages_bounds_a_run_and_the_checkpoint_continues_it(api):
    api.route("/items", cursor_pages(PAGES))
    session = ConnectorSession("acme", api.base_url)
    checkpoint = Checkpoint({}, "k")
    first = list(paginate(session.page_fetcher("/items"), CursorPaginator(), checkpoint=checkpoint, max_pages=2))
    # list() asked past page 2, so page 2 counts as processed: continue at page 3
    assert len(first) == 2 and checkpoint.load() == "c3"
    rest = list(paginate(session.page_fetcher("/items"), CursorPaginator(), checkpoint=checkpoint))
    assert [p.position for p in rest] == ["c3", "c4", "c5", "c6", "c7"]
    assert cursors_requested(api) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]


ROWS = list(range(1, 12))  # 11 rows


def offset_handler(query):
    offset, limit = int(query["offset"]), int(query["limit"])
    return Reply(200, {"count": len(ROWS), "results": ROWS[offset : offset + limit]})


def test_offset_paginator_stops_on_a_short_page(api):
    api.route("/rows", offset_handler)
    session = ConnectorSession("acme", api.base_url)
    pages = list(paginate(session.page_fetcher("/rows"), OffsetPaginator(limit=4)))
    assert [p.items for p in pages] == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11]]
    assert [r.query["offset"] for r in api.requests_to("/rows")] == ["0", "4", "8"]


def test_offset_paginator_stops_at_total_without_an_empty_request(api):
    api.route("/rows", offset_handler)
    session = ConnectorSession("acme", api.base_url)
    pages = list(paginate(session.page_fetcher("/rows"), OffsetPaginator(limit=11, total="count")))
    assert len(pages) == 1 and len(api.requests_to("/rows")) == 1


def test_page_paginator_with_total_pages(api):
    def handler(query):
        page = int(query["page"])
        return Reply(200, {"total_pages": 3, "results": [f"{page}a", f"{page}b"]})

    api.route("/visits", handler)
    session = ConnectorSession("acme", api.base_url)
    pages = list(paginate(session.page_fetcher("/visits"), PagePaginator(total_pages="total_pages")))
    assert [p.position for p in pages] == [None, 2, 3]
    assert [r.query["page"] for r in api.requests_to("/visits")] == ["1", "2", "3"]


def test_page_paginator_stops_on_an_empty_page(api):
    api.route("/visits", lambda q: Reply(200, {"results": ["x"] if int(q["page"]) < 3 else []}))
    session = ConnectorSession("acme", api.base_url)
    assert len(list(paginate(session.page_fetcher("/visits"), PagePaginator()))) == 3


def test_link_header_paginator_follows_rel_next(api):
    def handler(query):
        page = int(query.get("page", 1))
        headers = {"Link": f'<{api.url("/repos")}?page={page + 1}>; rel="next", <{api.url("/repos")}?page=1>; rel="first"'} if page < 3 else {}
        return Reply(200, [{"id": page}], headers=headers)

    api.route("/repos", handler)
    session = ConnectorSession("acme", api.base_url)
    checkpoint = Checkpoint({}, "repos")
    pages = list(paginate(session.page_fetcher("/repos"), LinkHeaderPaginator(), checkpoint=checkpoint))
    assert [p.items for p in pages] == [[{"id": 1}], [{"id": 2}], [{"id": 3}]]
    assert pages[1].position == api.url("/repos") + "?page=2"


def test_fetch_page_may_return_decoded_json():
    bodies = {None: {"data": [1], "next_cursor": "b"}, "b": {"data": [2], "next_cursor": None}}
    pages = list(paginate(lambda request: bodies[request.params.get("cursor")], CursorPaginator()))
    assert [p.items for p in pages] == [[1], [2]]
