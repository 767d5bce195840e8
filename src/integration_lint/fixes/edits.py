"""Apply `Edit`s (1-based line/character columns, end exclusive) to a source string."""

from __future__ import annotations

from typing import Iterable

from ..model import Edit


class OverlappingEdits(ValueError):
    pass


class EditOutOfRange(ValueError):
    pass


def line_starts(source: str) -> list[int]:
    """Offsets where each line starts; lines end at LF (CRLF keeps its CR at the line's end)."""
    starts = [0]
    find = source.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


class Positions:
    """1-based (line, character column) → offset in one source string."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = line_starts(source)

    def line_length(self, line: int) -> int:
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.source)
        if end > start and self.source[end - 1] == "\r" and line < len(self.starts):
            end -= 1
        return end - start

    def offset(self, line: int, column: int, strict: bool = False) -> int:
        if line - 1 >= len(self.starts) or line < 1:
            if strict and not (line == len(self.starts) + 1 and column == 1):
                raise EditOutOfRange(f"line {line} is beyond the end of the file")
            return len(self.source)
        if strict and not 1 <= column <= self.line_length(line) + 1:
            raise EditOutOfRange(f"column {column} is outside line {line}")
        return min(self.starts[line - 1] + column - 1, len(self.source))

    def span(self, edit: Edit, strict: bool = False) -> tuple[int, int]:
        start = self.offset(edit.line, edit.column, strict)
        end = self.offset(edit.end_line, edit.end_column, strict)
        if strict and end < start:
            raise EditOutOfRange("the edit ends before it starts")
        return start, end


def apply_edits(source: str, edits: Iterable[Edit], newline: str = "\n", strict: bool = False) -> str:
    """Apply non-overlapping edits; raises OverlappingEdits when two edits touch the same text.

    `newline` is written for every line break in the inserted text (a CRLF file stays CRLF);
    `strict` raises EditOutOfRange for a position outside the text instead of clamping it.
    """
    positions = Positions(source)
    spans = sorted(
        ((*positions.span(e, strict), e.content) for e in edits),
        key=lambda s: (s[0], s[1]),
    )
    for (a_start, a_end, _), (b_start, _b_end, _) in zip(spans, spans[1:]):
        if b_start < a_end:
            raise OverlappingEdits(f"edits overlap at offset {b_start}")
    out = []
    last = 0
    for start, end, content in spans:
        out.append(source[last:start])
        if newline != "\n":
            content = content.replace("\r\n", "\n").replace("\n", newline)
        out.append(content)
        last = end
    out.append(source[last:])
    return "".join(out)
