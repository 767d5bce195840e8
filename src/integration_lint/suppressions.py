"""`# noqa: IL402` and `# integration-lint: ignore[IL402] reason` comments."""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize

from .model import Finding, Suppression

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?", re.I)
# What may follow a blanket `noqa` marker: nothing, or prose that is not a code list. As in
# ruff, a directive naming codes in a form no tool reads (`noqa` then `: broad-except`, or a code
# with no colon such as `E722`) is invalid and suppresses nothing; flake8 would read both as a
# blanket one.
_INVALID_AFTER_NOQA = re.compile(r"\s*(?::|[A-Za-z]+[0-9]+\b)")
IGNORE = re.compile(r"#\s*integration-lint:\s*ignore\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*)$")
MARKERS = (b"noqa", b"NOQA", b"integration-lint:")


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(c.upper() for c in re.split(r"[\s,]+", raw.strip()) if c)


# Physical lines as the tokenizer sees them (\r\n, \r or \n; str.splitlines would also split at
# form feeds and other separators), ends kept.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _windows(tree: ast.Module, candidates: list[int]) -> dict[int, int]:
    """First line -> last line of the stretches to tokenize so that every candidate line is
    tokenized from a fresh state: from the start of the top-level statement holding it (its first
    decorator included), or from the line itself between statements."""
    spans = []
    for node in tree.body:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        spans.append((start, node.end_lineno or node.lineno))
    starts = [start for start, _ in spans]
    windows: dict[int, int] = {}
    for line in candidates:
        i = bisect.bisect_right(starts, line) - 1
        first = spans[i][0] if i >= 0 and line <= spans[i][1] else line
        windows[first] = max(windows.get(first, line), line)
    return windows


def _comments(text: str) -> list[tuple[str, int, int]]:
    """(comment, line, col) of `text`, up to where tokenizing stops (a window may end inside a
    bracket or a string: the tokens before that point stand)."""
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out.append((tok.string, tok.start[0], tok.start[1]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return out


def parse_suppressions(source: str, data: bytes, tree: ast.Module | None = None) -> list[Suppression]:
    """The suppression comments of a file. With its parsed `tree`, only the top-level statements
    holding a marker are tokenized (most files with a marker have one or two `# noqa` lines)."""
    if not any(m in data for m in MARKERS):
        return []
    lines = _LINES.findall(source)
    if tree is None:
        comments = _comments(source)
    else:
        candidates = [
            i
            for i, text in enumerate(lines, 1)
            if "#" in text and ("noqa" in text.lower() or "integration-lint:" in text)
        ]
        comments = []
        for first, last in sorted(_windows(tree, candidates).items()):
            offset = first - 1
            comments.extend(
                (text, line + offset, col) for text, line, col in _comments("".join(lines[offset:last]))
            )
    out: list[Suppression] = []
    for text, line, col in comments:
        standalone = lines[line - 1][:col].strip() == "" if line - 1 < len(lines) else False
        m = IGNORE.search(text)
        if m:
            codes, kind, reason = _codes(m.group("codes")), "ignore", m.group("reason").strip()
        else:
            m = NOQA.search(text)
            if not m:
                continue
            if m.group("codes") is None and _INVALID_AFTER_NOQA.match(text, m.end()):
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
