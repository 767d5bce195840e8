"""Unified diffs of fixed files (`--diff`)."""

from __future__ import annotations

import difflib


def _lines(text: str) -> list[str]:
    # Only LF ends a line (str.splitlines would also split at form feeds and other separators).
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def unified_diff(relpath: str, before: str, after: str) -> str:
    """A `git apply`-able unified diff (a/ and b/ prefixes); empty when nothing changed."""
    if before == after:
        return ""
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=f"a/{relpath}",
        tofile=f"b/{relpath}",
    )
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
