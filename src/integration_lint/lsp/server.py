"""The language server (pygls 2, stdio): diagnostics, quick fixes, suppressions, fix-all.

Documents are linted from the editor's text (saved or not) with the project's configuration and
the project pass over every other module's facts, through `fixes.inmemory.InMemoryLinter` — the
same code path as `check` and `fix`. Linting runs in a worker thread; changes are debounced.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..config import ConfigError, find_config_file, load_config
from ..discovery import relpath_for
from ..fixes.apply import fix_source
from ..fixes.inmemory import InMemoryLinter
from ..fixes.source import dominant_newline
from ..model import DISPLAY_ONLY, SAFE, UNSAFE, Finding
from ..rules.base import all_rules
from .actions import apply_single_fix, suppress_on_line
from .positions import DocumentPositions, text_edits

FIX_ALL_KIND = "source.fixAll.integration-lint"
SOURCE = "integration-lint"
DEFAULT_DEBOUNCE = 0.3  # seconds of quiet typing before a changed document is re-linted
CONFIG_NAMES = (".integration-lint.yaml", ".integration-lint.yml", "pyproject.toml")

log = logging.getLogger("integration_lint.lsp")


@dataclass
class Project:
    linter: InMemoryLinter | None
    stamp: tuple  # (config path, mtime) the linter was built from
    error: str = ""
    facts_loaded: bool = False


class Projects:
    """One `InMemoryLinter` per configuration file, rebuilt when the file changes."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self._by_key: dict[str, Project] = {}
        self._lock = threading.Lock()

    def for_path(self, path: Path) -> Project:
        found = find_config_file(path)
        try:
            mtime = found.stat().st_mtime_ns if found else 0
        except OSError:
            mtime = 0
        stamp = (str(found), mtime)
        with self._lock:
            key = str(found) if found else str(path.parent)
            project = self._by_key.get(key)
            if project is not None and project.stamp == stamp:
                return project
            if project is not None and project.linter is not None:
                project.linter.close()
            try:
                config = load_config(path)
                project = Project(InMemoryLinter(config, jobs=self.jobs), stamp)
            except ConfigError as exc:
                project = Project(None, stamp, error=str(exc))
            self._by_key[key] = project
            return project

    def forget(self) -> None:
        with self._lock:
            for project in self._by_key.values():
                if project.linter is not None:
                    project.linter.close()
            self._by_key.clear()


@dataclass
class LintedDocument:
    version: int | None
    text: str
    findings: list[Finding] = field(default_factory=list)
    relpath: str = ""
    linter: InMemoryLinter | None = None


class IntegrationLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "integration-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.debounce = DEFAULT_DEBOUNCE
        self.projects = Projects()
        self.documents: dict[str, LintedDocument] = {}
        self._pending: dict[str, asyncio.Task] = {}
        self._reported_errors: set[str] = set()

    # ------------------------------------------------------------------ linting
    def _path(self, uri: str) -> Path | None:
        doc = self.workspace.get_text_document(uri)
        if uri.startswith("file:") and doc.path:
            return Path(doc.path)
        return None

    def lint(self, uri: str, remember: bool = False) -> LintedDocument:
        """Lint the document's current text (runs in a worker thread)."""
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source, doc.version
        path = self._path(uri)
        if doc.language_id not in (None, "python") and not (path and path.suffix in (".py", ".pyi")):
            return LintedDocument(version, text)  # a YAML/TOML file opened in the same editor
        anchor = path or Path(self.workspace.root_path or ".").resolve() / "untitled.py"
        project = self.projects.for_path(anchor)
        if project.linter is None:
            if project.error not in self._reported_errors:
                self._reported_errors.add(project.error)
                self.window_show_message(
                    types.ShowMessageParams(
                        type=types.MessageType.Error, message=f"integration-lint: {project.error}"
                    )
                )
            return LintedDocument(version, text)
        linter = project.linter
        if path is not None and not linter.is_linted(path):
            return LintedDocument(version, text, [], linter=linter)
        if not project.facts_loaded:
            linter.load_facts(None)
            project.facts_loaded = True
        relpath = relpath_for(anchor, linter.config.root)
        # A saved file's facts replace the ones read at start-up, for the other documents' sake.
        findings = linter.lint_text(relpath, text, remember=remember).findings
        return LintedDocument(version, text, findings, relpath, linter)

    async def lint_and_publish(self, uri: str, remember: bool = False) -> None:
        loop = asyncio.get_running_loop()
        try:
            linted = await loop.run_in_executor(None, self.lint, uri, remember)
        except Exception as exc:  # never let one document take the server down
            log.exception("linting %s failed", uri)
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=f"integration-lint: {exc}")
            )
            return
        try:
            current = self.workspace.get_text_document(uri).version
        except KeyError:
            return
        if uri not in self.documents and not self._is_open(uri):
            return
        if linted.version != current:
            return  # the text changed while we linted; a newer lint is scheduled
        self.documents[uri] = linted
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=linted.version, diagnostics=self.diagnostics(linted)
            )
        )

    def _is_open(self, uri: str) -> bool:
        return uri in self.workspace.text_documents

    def schedule(self, uri: str) -> None:
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(self.debounce)
            self._pending.pop(uri, None)
            await self.lint_and_publish(uri)

        self._pending[uri] = asyncio.ensure_future(later())

    def cancel(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()

    # ------------------------------------------------------------------ protocol objects
    @property
    def encoding(self) -> str:
        return self.workspace.position_encoding or types.PositionEncodingKind.Utf16

    def diagnostics(self, linted: LintedDocument) -> list[types.Diagnostic]:
        positions = DocumentPositions(linted.text, self.encoding)
        rules = all_rules()
        out = []
        for f in linted.findings:
            rule = rules.get(f.code)
            out.append(
                types.Diagnostic(
                    range=positions.range(f.line, f.column, f.end_line, f.end_column),
                    message=f.message,
                    severity=types.DiagnosticSeverity.Warning
                    if f.severity == "warning"
                    else types.DiagnosticSeverity.Error,
                    code=f.code,
                    code_description=types.CodeDescription(href=rule.doc_url()) if rule else None,
                    source=SOURCE,
                    data={
                        "name": f.name,
                        "fingerprint": f.fingerprint,
                        "fix": f.fix.to_json() if f.fix else None,
                    },
                )
            )
        return out

    def workspace_edit(self, uri: str, version: int | None, old: str, new: str) -> types.WorkspaceEdit:
        edits = text_edits(old, new, self.encoding)
        caps = self.client_capabilities.workspace
        versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
        if versioned:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                        edits=edits,
                    )
                ]
            )
        return types.WorkspaceEdit(changes={uri: edits})

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        doc = self.workspace.get_text_document(uri)
        linted = self.documents.get(uri)
        if linted is None or linted.version != doc.version:
            linted = self.lint(uri)
            self.documents[uri] = linted
        only = params.context.only
        wanted: Callable[[str], bool] = (
            (lambda kind: True)
            if not only
            else (lambda kind: any(kind == k or kind.startswith(f"{k}.") for k in only))
        )
        actions: list[types.CodeAction] = []
        diagnostics = {(d.code, d.range.start.line): d for d in params.context.diagnostics}
        if wanted(types.CodeActionKind.QuickFix):
            first, last = params.range.start.line + 1, params.range.end.line + 1
            for f in linted.findings:
                if f.end_line < first or f.line > last:
                    continue
                diagnostic = diagnostics.get((f.code, f.line - 1)) or self.diagnostics(
                    LintedDocument(linted.version, linted.text, [f])
                )[0]
                if f.fix is not None and f.fix.applicability != DISPLAY_ONLY:
                    fixed = apply_single_fix(linted.text, f)
                    if fixed is not None:
                        title = f"Fix: {f.fix.message}"
                        if f.fix.applicability == UNSAFE:
                            title += " (unsafe)"
                        actions.append(
                            types.CodeAction(
                                title=title,
                                kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diagnostic],
                                is_preferred=True,
                                edit=self.workspace_edit(uri, linted.version, linted.text, fixed),
                            )
                        )
                if f.code not in ("IL000", "IL001", "IL002"):
                    suppressed = suppress_on_line(linted.text, f)
                    if suppressed is not None:
                        actions.append(
                            types.CodeAction(
                                title=f"Suppress {f.code} on this line",
                                kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diagnostic],
                                edit=self.workspace_edit(uri, linted.version, linted.text, suppressed),
                            )
                        )
        if wanted(FIX_ALL_KIND) and linted.linter is not None and linted.findings:
            fixed = self.fix_all(linted)
            if fixed is not None:
                actions.append(
                    types.CodeAction(
                        title="integration-lint: fix all safe fixes",
                        kind=FIX_ALL_KIND,
                        edit=self.workspace_edit(uri, linted.version, linted.text, fixed),
                    )
                )
        return actions

    def fix_all(self, linted: LintedDocument) -> str | None:
        if not any(f.fix and f.fix.applicability == SAFE for f in linted.findings):
            return None
        if "\r" in linted.text.replace("\r\n", ""):
            return None
        linter = linted.linter
        assert linter is not None
        outcome = fix_source(
            linted.text,
            lambda text: linter.lint_text(linted.relpath, text).findings,
            (SAFE,),
            newline=dominant_newline(linted.text),
        )
        return outcome.text if outcome.changed else None


def create_server() -> IntegrationLintServer:
    server = IntegrationLintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: IntegrationLintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        if isinstance(options, dict):
            if "debounce" in options:
                ls.debounce = max(0.0, float(options["debounce"]))
            if "jobs" in options:
                ls.projects.jobs = max(1, int(options["jobs"]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: IntegrationLintServer, params: types.DidOpenTextDocumentParams) -> None:
        await ls.lint_and_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: IntegrationLintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    async def did_save(ls: IntegrationLintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        if uri.rsplit("/", 1)[-1] in CONFIG_NAMES:
            ls.projects.forget()  # settings changed: rebuild and re-lint every open document
            for open_uri in list(ls.documents):
                await ls.lint_and_publish(open_uri)
            return
        await ls.lint_and_publish(uri, remember=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: IntegrationLintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        ls.documents.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    async def code_action(
        ls: IntegrationLintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, ls.code_actions, params) or None

    return server


def serve() -> None:
    logging.basicConfig(level=logging.WARNING, format="integration-lint lsp: %(levelname)s %(message)s")
    create_server().start_io()
