"""What the editor's code actions do to a document's text (pure functions, no protocol)."""

from __future__ import annotations

import ast
import re

from ..fixes.apply import Verifier, fix_once
from ..fixes.source import dominant_newline
from ..model import DISPLAY_ONLY, Finding
from ..suppressions import parse_suppressions

REASON_PLACEHOLDER = "<reason>"
_IGNORE_LIST = re.compile(r"(#\s*integration-lint:\s*ignore\[)([^\]]*)(\])")


def apply_single_fix(text: str, finding: Finding) -> str | None:
    """The text with this finding's fix applied (verified to parse), or None."""
    if finding.fix is None or finding.fix.applicability == DISPLAY_ONLY:
        return None
    if "\r" in text.replace("\r\n", ""):
        return None  # bare-CR line endings: edit positions would not line up
    new, applied, _refused = fix_once(text, [finding], Verifier(text), dominant_newline(text))
    return new if applied and new != text else None


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _suppresses(text: str, line: int, code: str, must_parse: bool) -> bool:
    if must_parse and not _parses(text):
        return False
    return any(
        s.line == line and s.kind == "ignore" and code in s.codes
        for s in parse_suppressions(text, text.encode("utf-8", "surrogatepass"))
    )


def suppress_on_line(text: str, finding: Finding, reason: str = REASON_PLACEHOLDER) -> str | None:
    """The text with `# integration-lint: ignore[CODE] reason` covering the finding's line.

    At the end of the line when a comment can go there (joined to an existing ignore list);
    otherwise (the line ends inside a string, or with a backslash) on its own line above.
    The result is checked with the engine's own suppression parser.
    """
    code = finding.code
    lines = text.split("\n")
    index = finding.line - 1
    if not 0 <= index < len(lines):
        return None
    raw = lines[index]
    cr = "\r" if raw.endswith("\r") else ""
    body = raw[: len(raw) - len(cr)]
    must_parse = _parses(text)
    candidates: list[tuple[str, int]] = []
    existing = _IGNORE_LIST.search(body)
    if existing:
        codes = [c.strip() for c in existing.group(2).split(",") if c.strip()]
        joined = body[: existing.end(2)] + (", " if codes else "") + code + body[existing.end(2) :]
        candidates.append((joined, finding.line))
    candidates.append((f"{body.rstrip()}  # integration-lint: ignore[{code}] {reason}", finding.line))
    indent = body[: len(body) - len(body.lstrip())]
    above = f"{indent}# integration-lint: ignore[{code}] {reason}"
    for new_line, target in candidates:
        attempt = lines[:index] + [new_line + cr] + lines[index + 1 :]
        new_text = "\n".join(attempt)
        if _suppresses(new_text, target, code, must_parse):
            return new_text
    attempt = lines[:index] + [above + cr, raw] + lines[index + 1 :]
    new_text = "\n".join(attempt)
    return new_text if _suppresses(new_text, finding.line + 1, code, must_parse) else None
