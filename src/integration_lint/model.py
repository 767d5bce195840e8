"""Small frozen value types that flow from rules to reporters (picklable, no AST nodes)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

SAFE = "safe"
UNSAFE = "unsafe"
DISPLAY_ONLY = "display-only"
APPLICABILITIES = (SAFE, UNSAFE, DISPLAY_ONLY)


@dataclass(frozen=True)
class Edit:
    """Replace the text between two 1-based (line, column) positions (end exclusive) with `content`.

    Columns count characters (code points) of the line, not bytes.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(frozen=True)
class Fix:
    applicability: str
    message: str
    edits: tuple[Edit, ...] = ()
    # Imports the fix needs, as (module, name) — name None means `import module`.
    imports: tuple[tuple[str, str | None], ...] = ()

    def to_json(self) -> dict:
        return {
            "applicability": self.applicability,
            "message": self.message,
            "edits": [e.to_json() for e in self.edits],
            "imports": [
                {"module": m, "name": n} for m, n in self.imports
            ],
        }


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    path: str  # posix, relative to the project root
    line: int  # 1-based
    column: int  # 1-based, characters
    end_line: int
    end_column: int
    message: str
    severity: str = "error"
    fix: Fix | None = None
    scope: str = ""  # enclosing scope qualname, used by fingerprints
    snippet: str = ""  # normalised source of the flagged node, used by fingerprints

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: rule, path, enclosing scope and the normalised snippet."""
        raw = "\x1f".join((self.code, self.path, self.scope, self.snippet or self.message))
        # surrogateescape: a file name that is not UTF-8 still has a stable fingerprint
        return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]

    def with_message(self, message: str) -> "Finding":
        return replace(self, message=message)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "severity": self.severity,
            "fingerprint": self.fingerprint,
            "fix": self.fix.to_json() if self.fix else None,
        }


@dataclass(frozen=True)
class Condition:
    """What the project pass must confirm before a pending finding becomes a finding.

    * ``outbound_any``: at least one of these callable references performs an outbound call
      (directly or transitively); its chain fills ``{chain}`` / ``{target}`` in the message.
    * ``view_any``: at least one of these function/class references is a request handler
      (referenced from urls.py, or a class deriving from a Django/DRF view base).
    * ``not_retry_base``: none of these class references (task base classes) sets a retry policy.
    * ``session_method_without_timeout``: the reference is a method of a project class that
      derives from a requests session class and does not set a default timeout.
    * ``celery_wrapper_any``: at least one of these decorator references is a project function
      (or class) that applies a Celery task decorator (`shared_task`, `<app>.task`) itself,
      passes it no retry policy and does not retry by itself.
    * ``external_any``: at least one of these references (as `FileContext.resolve_call` names
      them: `pyzotero.zotero.Zotero.top`) lies outside the project: its top-level package is no
      project module, nor the standard library, Django, DRF, Celery or a library known not to
      call other services (`project.LOCAL_PACKAGES`: parsing, dates, data stores, logging…).
      Weak evidence on its own (an unlisted package may compute locally): combine it with other
      evidence of integration work (ProjectIndex.is_external).
    * ``none_retry_handed``: a bound task hands its own task object to these project functions or
      classes (`TranscodeJob(tid, self)`, `sync_with_progress(self, tid)`); none of them calls
      `.retry(...)` on what it is handed (only progress reports), so the task does not retry.
    """

    outbound_any: tuple[str, ...] = ()
    view_any: tuple[str, ...] = ()
    not_retry_base: tuple[str, ...] = ()
    session_method_without_timeout: str = ""
    celery_wrapper_any: tuple[str, ...] = ()
    external_any: tuple[str, ...] = ()
    none_retry_handed: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingFinding:
    finding: Finding
    condition: Condition


@dataclass(frozen=True)
class Suppression:
    line: int  # the line the suppression applies to
    comment_line: int
    column: int
    codes: tuple[str, ...]  # empty = every code (bare `# noqa`)
    kind: str  # "noqa" | "ignore"
    reason: str = ""


@dataclass
class FileResult:
    """Everything one worker learns about one file; cached on content hash."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    pending: list[PendingFinding] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    facts: object | None = None  # ModuleFacts, or None when the file was not parsed
    skipped: str = ""  # reason the file was skipped (generated), if any
    digest: str = ""  # sha256 of the bytes analysed
    stat: tuple[int, int] | None = None  # (mtime_ns, size) when read
