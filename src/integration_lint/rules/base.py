"""The rule contract: metadata + documentation + examples + visitor methods.

A rule is one class. Its docstring is its documentation (sections `## What it does`,
`## Why is this bad?`, `## Example`, `## Use instead`, `## Fix safety`, `## Options`), its
`valid`/`invalid` examples are its tests (tests/test_rule_examples.py), and whether it can fix is
derived from its examples (an invalid example with `fixed=` text), as in Fixit.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..model import Condition, Fix

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis import FileContext

DOC_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "Options",
)
DOCS_BASE_URL = "https://github.com/integration-lint/integration-lint/blob/main/docs/rules"


@dataclass(frozen=True)
class Example:
    """A snippet the rule must (invalid) or must not (valid) flag.

    `name` becomes the test id. `path` is where the snippet lives in the temporary project
    (`apps/sync/views.py` makes it a Django views module); `files` adds more modules for
    cross-file cases; `config` is a `[tool.integration-lint]` table; `lines` pins the reported
    lines; `fixed` is the expected file after applying the rule's fix (with `unsafe` fixes allowed
    when `unsafe=True`).
    """

    code: str
    name: str
    path: str = "example.py"
    files: tuple[tuple[str, str], ...] = ()
    config: tuple[tuple[str, object], ...] = ()
    lines: tuple[int, ...] = ()
    fixed: str | None = None
    unsafe: bool = False

    @property
    def source(self) -> str:
        return textwrap.dedent(self.code).lstrip("\n")

    @property
    def all_files(self) -> dict[str, str]:
        files = {p: textwrap.dedent(c).lstrip("\n") for p, c in self.files}
        files[self.path] = self.source
        return files

    @property
    def config_table(self) -> dict:
        return dict(self.config)


def example(code: str, name: str, **kwargs) -> Example:
    files = kwargs.pop("files", None)
    config = kwargs.pop("config", None)
    return Example(
        code=code,
        name=name,
        files=tuple(files.items()) if files else (),
        config=tuple(config.items()) if config else (),
        **kwargs,
    )


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    severity: ClassVar[str] = "error"
    guideline: ClassVar[str] = ""  # anchor in docs/guidelines/integrations.md
    # Bytes a file must contain for this rule to possibly report (checked before parsing).
    prefilter: ClassVar[re.Pattern[bytes] | None] = None
    # With `prefilter_folded`, the prefilter is written in lower case and searched in the file's
    # bytes ASCII-lower-cased (once per file, shared by every such rule): the same matches as
    # `(?i)` (which is ASCII-only on bytes too), without `(?i)`'s loss of the fast literal scan.
    prefilter_folded: ClassVar[bool] = False
    valid: ClassVar[tuple[Example, ...]] = ()
    invalid: ClassVar[tuple[Example, ...]] = ()
    # Engine-emitted rules (IL000–IL002) have no visitor methods.
    engine_rule: ClassVar[bool] = False
    # The rule records per-file facts the project pass needs (e.g. IL203's project task
    # decorators): it also runs on files read only for the project's facts, its findings dropped.
    records_facts: ClassVar[bool] = False

    def __init__(self, ctx: "FileContext") -> None:
        self.ctx = ctx

    def report(
        self,
        node: ast.AST,
        message: str,
        *,
        fix: Fix | None = None,
        condition: Condition | None = None,
        snippet: str | None = None,
        position: tuple[int, int, int, int] | None = None,
    ) -> None:
        self.ctx.report(
            self, node, message, fix=fix, condition=condition, snippet=snippet, position=position
        )

    # ----------------------------------------------------------- metadata helpers
    @classmethod
    def fixable(cls) -> bool:
        return any(ex.fixed is not None for ex in cls.invalid)

    @classmethod
    def fix_summary(cls) -> str:
        """`available` (edits `fix` can apply), `suggestion only` (display-only: shown in the
        finding and the editor, never applied) or `none`."""
        if cls.fixable():
            return "available"
        if cls.docs().get("Fix safety", "").lstrip().lower().startswith("display-only"):
            return "suggestion only (shown with the finding, never applied)"
        return "none"

    @classmethod
    def doc_url(cls) -> str:
        return f"{DOCS_BASE_URL}/{cls.code}-{cls.name}.md"

    @classmethod
    def docs(cls) -> dict[str, str]:
        """The docstring's sections, keyed by heading, in order."""
        text = inspect.cleandoc(cls.__doc__ or "")
        sections: dict[str, str] = {}
        current = None
        buf: list[str] = []
        for line in text.splitlines():
            m = re.match(r"^##\s+(.*?)\s*$", line)
            if m:
                if current is not None:
                    sections[current] = "\n".join(buf).strip()
                current, buf = m.group(1), []
            elif current is not None:
                buf.append(line)
        if current is not None:
            sections[current] = "\n".join(buf).strip()
        return sections

    @classmethod
    def to_json(cls) -> dict:
        return {
            "code": cls.code,
            "name": cls.name,
            "family": cls.family,
            "summary": cls.summary,
            "severity": cls.severity,
            "fixable": cls.fixable(),
            "url": cls.doc_url(),
            "docs": cls.docs(),
        }


_REGISTRY: dict[str, type[Rule]] = {}
_LOADED = False


def register(cls: type[Rule]) -> type[Rule]:
    if not re.fullmatch(r"IL\d{3}", cls.code):
        raise ValueError(f"bad rule code {cls.code!r}")
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise ValueError(f"duplicate rule code {cls.code}")
    _REGISTRY[cls.code] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule, importing each module of this package once."""
    global _LOADED
    if not _LOADED:
        from .. import rules as package

        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if info.name != "base" and not info.name.startswith("_"):
                importlib.import_module(f"{package.__name__}.{info.name}")
        _LOADED = True
    return dict(sorted(_REGISTRY.items()))


def prefilter_hit(rule: type[Rule], data: bytes, folded: bytes | None = None) -> bool:
    """Can `rule` report anything in a file with these bytes? (`folded`: `data.lower()`.)"""
    pattern = rule.prefilter
    if pattern is None:
        return True
    if rule.prefilter_folded:
        return pattern.search(data.lower() if folded is None else folded) is not None
    return pattern.search(data) is not None
