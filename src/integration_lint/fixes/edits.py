"""Apply `Edit`s (1-based line/character columns, end exclusive) to a source string."""

from __future__ import annotations

from typing import Iterable

from ..model import Edit


class OverlappingEdits(ValueError):
    pass


def _offsets(source: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(source):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; raises OverlappingEdits when two edits touch the same text."""
    starts = _offsets(source)

    def offset(line: int, column: int) -> int:
        if line - 1 >= len(starts):
            return len(source)
        return min(starts[line - 1] + column - 1, len(source))

    spans = sorted(
        ((offset(e.line, e.column), offset(e.end_line, e.end_column), e.content) for e in edits),
        key=lambda s: (s[0], s[1]),
    )
    for (a_start, a_end, _), (b_start, _b_end, _) in zip(spans, spans[1:]):
        if b_start < a_end:
            raise OverlappingEdits(f"edits overlap at offset {b_start}")
    out = []
    last = 0
    for start, end, content in spans:
        out.append(source[last:start])
        out.append(content)
        last = end
    out.append(source[last:])
    return "".join(out)
