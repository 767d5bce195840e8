"""The language server end to end: a real LSP client (pytest-lsp) talking to
`integration-lint lsp` over stdio, on a real project directory."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fixes"
# The server with the fix-test rules installed (they give a *safe* fix for source.fixAll).
SERVER_WITH_TEST_RULES = (
    f"import sys; sys.path.insert(0, {str(FIXTURES)!r}); import fix_test_rules; "
    "fix_test_rules.install(); from integration_lint.cli import main; main(['lsp'])"
)

CLIENT_SOURCE = textwrap.dedent(
    '''\
    import requests


    def patients(base_url):
        return requests.get(f"{base_url}/patients")
    '''
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def offset_of(text: str, position: types.Position) -> int:
    """Client-side reading of an LSP position (UTF-16 columns), independent of the server's code."""
    lines = text.split("\n")
    offset = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character:
            return offset + i
        units += utf16_len(ch)
    return offset + len(line)


def apply_workspace_edit(text: str, edit: types.WorkspaceEdit, uri: str) -> str:
    edits: list[types.TextEdit] = []
    if edit.document_changes:
        for change in edit.document_changes:
            assert change.text_document.uri == uri
            edits.extend(change.edits)
    else:
        edits.extend(edit.changes[uri])
    spans = sorted(
        ((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


class Session:
    """One open project: writes files, opens them in the client, waits for diagnostics."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.versions: dict[str, int] = {}

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    async def diagnostics_for(self, uri: str, version: int, timeout: float = 90) -> list[types.Diagnostic]:
        """The diagnostics the server published for this version of the document."""
        async def wait() -> list[types.Diagnostic]:
            while True:
                for params in reversed(self.client.published):  # type: ignore[attr-defined]
                    if params.uri == uri and params.version == version:
                        return list(params.diagnostics)
                await asyncio.sleep(0.02)

        return await asyncio.wait_for(wait(), timeout)

    async def open(self, rel: str, text: str) -> list[types.Diagnostic]:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        uri = self.uri(rel)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
            )
        )
        return await self.diagnostics_for(uri, 1)

    async def change(self, rel: str, text: str) -> list[types.Diagnostic]:
        uri = self.uri(rel)
        self.versions[uri] += 1
        version = self.versions[uri]
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return await self.diagnostics_for(uri, version)

    async def actions(self, rel: str, diagnostic: types.Diagnostic | None = None, only=None):
        uri = self.uri(rel)
        rng = diagnostic.range if diagnostic else types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
        )
        return await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(
                    diagnostics=[diagnostic] if diagnostic else [], only=only
                ),
            )
        ) or []


def make_client() -> LanguageClient:
    """pytest-lsp's test client, also recording every publishDiagnostics with its version."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    register_lsp_features(
        client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish}
    )
    return client


async def start(client: LanguageClient, root: Path, editor: str = "visual-studio-code") -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(editor),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="project")],
            initialization_options={"debounce": 0.05},
        )
    )


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "integration_lint", "lsp"], client_factory=make_client
    )
)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / ".integration-lint.yaml").write_text("{}\n")
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-c", SERVER_WITH_TEST_RULES], client_factory=make_client
    )
)
async def client_with_safe_rule(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / ".integration-lint.yaml").write_text("{}\n")
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "integration_lint", "lsp"], client_factory=make_client
    )
)
async def neovim_client(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / ".integration-lint.yaml").write_text("{}\n")
    await start(lsp_client, tmp_path, editor="neovim")  # prefers utf-8 positions
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def lsp(client: LanguageClient, tmp_path: Path) -> Session:
    return Session(client, tmp_path)


@pytest.fixture
def lsp_with_safe_rule(client_with_safe_rule: LanguageClient, tmp_path: Path) -> Session:
    return Session(client_with_safe_rule, tmp_path)


@pytest.mark.asyncio
async def test_open_publishes_diagnostic_with_code_doc_link_and_fix_payload(lsp):
    diagnostics = await lsp.open("apps/sync/client.py", CLIENT_SOURCE)
    assert [d.code for d in diagnostics] == ["IL402"]
    d = diagnostics[0]
    assert d.source == "integration-lint"
    assert d.code_description.href.endswith("/IL402-http-call-without-timeout.md")
    assert d.range.start == types.Position(line=4, character=11)
    assert d.data["fix"]["applicability"] == "unsafe"
    assert d.data["fix"]["edits"][0]["content"] == ", timeout=(3.05, 30)"


@pytest.mark.asyncio
async def test_quick_fix_edit_applied_by_the_client_clears_the_diagnostic(lsp):
    rel = "apps/sync/client.py"
    (diagnostic,) = await lsp.open(rel, CLIENT_SOURCE)
    actions = await lsp.actions(rel, diagnostic)
    titles = [a.title for a in actions]
    assert titles == [
        "Fix: Add `timeout=(3.05, 30)` (unsafe)",
        "Suppress IL402 on this line",
    ]
    fix = actions[0]
    assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix
    fixed = apply_workspace_edit(CLIENT_SOURCE, fix.edit, lsp.uri(rel))
    assert 'requests.get(f"{base_url}/patients", timeout=(3.05, 30))' in fixed
    assert await lsp.change(rel, fixed) == []


@pytest.mark.asyncio
async def test_suppress_action_inserts_ignore_comment_that_silences_the_finding(lsp):
    rel = "apps/sync/client.py"
    (diagnostic,) = await lsp.open(rel, CLIENT_SOURCE)
    actions = await lsp.actions(rel, diagnostic)
    suppress = next(a for a in actions if a.title == "Suppress IL402 on this line")
    text = apply_workspace_edit(CLIENT_SOURCE, suppress.edit, lsp.uri(rel))
    assert text.splitlines()[4].endswith("  # integration-lint: ignore[IL402] <reason>")
    assert await lsp.change(rel, text) == []


@pytest.mark.asyncio
async def test_columns_are_utf16_after_non_ascii_text_on_the_line(lsp):
    rel = "apps/sync/client.py"
    line = 'note = "réservé 🏥"; r = requests.get("https://api.example.com/slots")'
    source = f"import requests\n{line}\n"
    (diagnostic,) = await lsp.open(rel, source)
    start = line.index("requests.get")
    assert diagnostic.range.start == types.Position(line=1, character=utf16_len(line[:start]))
    assert diagnostic.range.end == types.Position(line=1, character=utf16_len(line))
    # the code-point column would be 2 less: é, é count 1 each in both; 🏥 counts 2 in UTF-16
    assert diagnostic.range.start.character == start + 1
    (fix, _suppress) = await lsp.actions(rel, diagnostic)
    fixed = apply_workspace_edit(source, fix.edit, lsp.uri(rel))
    assert fixed.splitlines()[1].endswith('"https://api.example.com/slots", timeout=(3.05, 30))')
    assert await lsp.change(rel, fixed) == []


@pytest.mark.asyncio
async def test_changes_are_linted_from_the_unsaved_buffer(lsp):
    rel = "apps/sync/client.py"
    assert await lsp.open(rel, "import requests\n") == []
    diagnostics = await lsp.change(rel, "import requests\nrequests.post('https://x.example')\n")
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("IL402", 1)]


@pytest.mark.asyncio
async def test_project_config_is_respected(lsp):
    (lsp.root / ".integration-lint.yaml").write_text("ignore: [IL402]\n")
    assert await lsp.open("apps/sync/client.py", CLIENT_SOURCE) == []


@pytest.mark.asyncio
async def test_cross_module_findings_use_project_facts(lsp):
    # IL402 on a project session subclass is decided by the project pass (another module).
    (lsp.root / "apps/core").mkdir(parents=True)
    (lsp.root / "apps/core/http.py").write_text(
        "import requests\n\n\nclass ApiSession(requests.Session):\n    pass\n"
    )
    source = (
        "from apps.core.http import ApiSession\n\n\ndef fetch():\n"
        "    with ApiSession() as session:\n        return session.post('https://api.example.com')\n"
    )
    diagnostics = await lsp.open("apps/sync/client.py", source)
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("IL402", 5)]


@pytest.mark.asyncio
async def test_fix_all_applies_only_safe_fixes(lsp_with_safe_rule):
    lsp = lsp_with_safe_rule
    rel = "apps/sync/client.py"
    source = "import requests\n\ns = requests.session()\nr = requests.get('https://x.example')\n"
    diagnostics = await lsp.open(rel, source)
    assert sorted(d.code for d in diagnostics) == ["IL402", "IL990"]
    actions = await lsp.actions(rel, only=["source.fixAll"])
    assert [a.kind for a in actions] == ["source.fixAll.integration-lint"]
    fixed = apply_workspace_edit(source, actions[0].edit, lsp.uri(rel))
    assert fixed == (
        "import requests\nfrom requests import Session\n\n"
        "s = Session()\nr = requests.get('https://x.example')\n"
    )
    remaining = await lsp.change(rel, fixed)
    assert [d.code for d in remaining] == ["IL402"]  # unsafe: never applied by fix-all


@pytest.mark.asyncio
async def test_rapid_changes_are_debounced_into_one_lint_of_the_latest_text(lsp):
    rel = "apps/sync/client.py"
    assert await lsp.open(rel, "import requests\n") == []
    uri = lsp.uri(rel)
    for version, text in ((2, "import requests\nrequests.get('https://a.example')\n"),
                          (3, "import requests\nrequests.get('https://a.example', timeout=5)\n")):
        lsp.versions[uri] = version
        lsp.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    assert await lsp.diagnostics_for(uri, 3) == []
    published = [p.version for p in lsp.client.published if p.uri == uri]
    assert published == [1, 3]  # version 2 was superseded before its debounce delay ended


@pytest.mark.asyncio
async def test_closing_a_document_clears_its_diagnostics(lsp):
    rel = "apps/sync/client.py"
    assert len(await lsp.open(rel, CLIENT_SOURCE)) == 1
    lsp.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=lsp.uri(rel)))
    )

    async def cleared() -> None:
        while lsp.client.diagnostics.get(lsp.uri(rel)):
            await asyncio.sleep(0.02)

    await asyncio.wait_for(cleared(), 10)


@pytest.mark.asyncio
async def test_files_excluded_by_the_project_config_get_no_diagnostics(lsp):
    (lsp.root / ".integration-lint.yaml").write_text("exclude: ['apps/legacy/**']\n")
    assert await lsp.open("apps/legacy/client.py", CLIENT_SOURCE) == []
    assert [d.code for d in await lsp.open("apps/sync/client.py", CLIENT_SOURCE)] == ["IL402"]


@pytest.mark.asyncio
async def test_saving_a_changed_config_relints_open_documents(lsp):
    rel = "apps/sync/client.py"
    assert [d.code for d in await lsp.open(rel, CLIENT_SOURCE)] == ["IL402"]
    config = lsp.root / ".integration-lint.yaml"
    config.write_text("ignore: [IL402]\n")
    before = len(lsp.client.published)
    lsp.client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
    )

    async def relinted() -> list[types.Diagnostic]:
        while True:
            fresh = [p for p in lsp.client.published[before:] if p.uri == lsp.uri(rel)]
            if fresh:
                return list(fresh[-1].diagnostics)
            await asyncio.sleep(0.02)

    assert await asyncio.wait_for(relinted(), 90) == []


@pytest.mark.asyncio
async def test_columns_follow_a_negotiated_utf8_encoding(neovim_client, tmp_path):
    lsp = Session(neovim_client, tmp_path)
    rel = "apps/sync/client.py"
    line = 'note = "réservé 🏥"; r = requests.get("https://api.example.com/slots")'
    source = f"import requests\n{line}\n"
    (diagnostic,) = await lsp.open(rel, source)
    start = line.index("requests.get")
    assert diagnostic.range.start == types.Position(line=1, character=len(line[:start].encode("utf-8")))
