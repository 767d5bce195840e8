"""docs/runtime.md: every public name has an example, and every example runs (against the
loopback demo API the doc describes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rt_support import LoopbackAPI, Reply, cursor_pages
from test_runtime_package import CONTRACT

DOC = Path(__file__).resolve().parents[2] / "docs" / "runtime.md"
BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.S | re.M)


def examples() -> list[tuple[str, str]]:
    text = DOC.read_text()
    found = []
    for match in BLOCK.finditer(text):
        if "no-run" in match.group(1):
            continue
        heading = re.findall(r"^#+ (.+)$", text[: match.start()], re.M)[-1]
        found.append((heading, match.group(2)))
    return found


def demo_api(server: LoopbackAPI) -> None:
    patients = [[{"id": 1}, {"id": 2}], [{"id": 3}, {"id": 4}], [{"id": 5}, {"id": 6}]]
    server.route("/v1/patients", cursor_pages(patients))
    server.route("/v1/visits", lambda q: Reply(200, {"results": [f"v{q['page']}"] if int(q["page"]) <= 2 else []}))
    invoices = [{"n": n} for n in range(1, 6)]
    server.route(
        "/v1/invoices",
        lambda q: Reply(200, {"results": invoices[int(q["offset"]) : int(q["offset"]) + int(q["limit"])]}),
    )
    repos = {1: [{"name": "api"}, {"name": "web"}], 2: [{"name": "docs"}]}
    server.route(
        "/v1/repos",
        lambda q: Reply(200, repos[int(q.get("page", 1))],
                        headers={"Link": f'<{server.url("/v1/repos")}?page=2>; rel="next"'} if int(q.get("page", 1)) == 1 else {}),
    )
    busy = [Reply(429, headers={"Retry-After": "1"})]
    server.route("/v1/busy", lambda q: busy.pop() if busy else Reply(200, {"ok": True}))
    server.route("/v1/down", Reply(503))
    server.route("/v1/forbidden", Reply(403, {"error": "forbidden"}))
    server.route("/v1/slow", Reply(200, {"ok": True}, delay=1.0))
    server.route("/v1/report", Reply(200, {"total": 3}))


def test_every_public_name_has_a_section_with_an_example():
    text = DOC.read_text()
    headings = re.findall(r"^#+ .*$", text, re.M)
    for name in CONTRACT:
        section = [h for h in headings if f"`{name}" in h]
        assert section, f"docs/runtime.md has no section for {name}"
    assert len(examples()) >= len(CONTRACT)


@pytest.mark.parametrize(("heading", "code"), examples(), ids=[h for h, _ in examples()])
def test_example_runs(heading, code, monkeypatch, tmp_path):
    from celery import _state

    monkeypatch.setenv("INTEGRATION_LINT_STATE_DIR", str(tmp_path / "state"))
    current_celery_app = _state.get_current_app()
    try:
        with LoopbackAPI() as server:
            demo_api(server)
            monkeypatch.setenv("DEMO_API", server.base_url)
            exec(compile(code, f"docs/runtime.md: {heading}", "exec"), {"__name__": "docs_example"})
    finally:
        current_celery_app.set_current()  # an example may create (and make current) its own app
