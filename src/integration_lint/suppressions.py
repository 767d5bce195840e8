"""`# noqa: IL402` and `# integration-lint: ignore[IL402] reason` comments."""

from __future__ import annotations

import io
import re
import tokenize

from .model import Finding, Suppression

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?", re.I)
IGNORE = re.compile(r"#\s*integration-lint:\s*ignore\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*)$")
MARKERS = (b"noqa", b"NOQA", b"integration-lint:")


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(c.upper() for c in re.split(r"[\s,]+", raw.strip()) if c)


def parse_suppressions(source: str, data: bytes) -> list[Suppression]:
    if not any(m in data for m in MARKERS):
        return []
    out: list[Suppression] = []
    lines = source.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return out
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        text = tok.string
        line, col = tok.start
        standalone = lines[line - 1][:col].strip() == "" if line - 1 < len(lines) else False
        m = IGNORE.search(text)
        if m:
            codes, kind, reason = _codes(m.group("codes")), "ignore", m.group("reason").strip()
        else:
            m = NOQA.search(text)
            if not m:
                continue
            codes, kind, reason = _codes(m.group("codes")), "noqa", ""
        target = line + 1 if standalone else line
        out.append(Suppression(target, line, col + 1, codes, kind, reason))
    return out


def apply_suppressions(
    findings: list[Finding], suppressions: list[Suppression]
) -> tuple[list[Finding], list[Finding], set[tuple[int, str]]]:
    """Split findings into kept and suppressed; return which (comment_line, code) were used."""
    by_line: dict[int, list[Suppression]] = {}
    for s in suppressions:
        by_line.setdefault(s.line, []).append(s)
        if s.line != s.comment_line:
            by_line.setdefault(s.comment_line, []).append(s)
    kept, suppressed = [], []
    used: set[tuple[int, str]] = set()
    for f in findings:
        hit = None
        for s in by_line.get(f.line, ()):
            if not s.codes or any(f.code.startswith(c) for c in s.codes):
                hit = s
                break
        if hit is None:
            kept.append(f)
        else:
            suppressed.append(f)
            for c in hit.codes or ("*",):
                if f.code.startswith(c):
                    used.add((hit.comment_line, c))
            if not hit.codes:
                used.add((hit.comment_line, "*"))
    return kept, suppressed, used
