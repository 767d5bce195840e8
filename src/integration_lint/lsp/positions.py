"""Positions between the linter (1-based lines, 1-based code-point columns) and LSP clients
(0-based lines, columns in the negotiated encoding's code units: UTF-16 unless agreed otherwise).

Lines are split the way Python and the LSP specification split them (LF, CRLF, CR) — not with
`str.splitlines`, which also breaks at form feeds and other separators common in old sources.
"""

from __future__ import annotations

import bisect
import difflib
import re

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The document's lines without their line breaks (a final empty line after a last break)."""
    return _BREAK.split(text)


def units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)  # UTF-16 surrogate pairs


class DocumentPositions:
    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.lines = split_lines(text)
        self.starts: list[int] = [0]
        for m in _BREAK.finditer(text):
            self.starts.append(m.end())

    def position(self, line: int, column: int) -> types.Position:
        """Linter (1-based line, 1-based code-point column) → LSP position."""
        if line < 1:
            return types.Position(line=0, character=0)
        if line > len(self.lines):
            last = len(self.lines) - 1
            return types.Position(line=last, character=units(self.lines[last], self.encoding))
        text = self.lines[line - 1]
        return types.Position(line=line - 1, character=units(text[: max(column - 1, 0)], self.encoding))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(start=self.position(line, column), end=self.position(end_line, end_column))

    def offset_position(self, offset: int) -> types.Position:
        """Offset into the text (code points) → LSP position."""
        index = bisect.bisect_right(self.starts, offset) - 1
        column = offset - self.starts[index]
        line_text = self.lines[index] if index < len(self.lines) else ""
        return types.Position(line=index, character=units(line_text[:column], self.encoding))

    def to_column(self, position: types.Position) -> tuple[int, int]:
        """LSP position → linter (1-based line, 1-based code-point column)."""
        if position.line >= len(self.lines):
            return len(self.lines), len(self.lines[-1]) + 1
        text = self.lines[position.line]
        count = 0
        for i, ch in enumerate(text):
            if count >= position.character:
                return position.line + 1, i + 1
            count += units(ch, self.encoding)
        return position.line + 1, len(text) + 1


def text_edits(old: str, new: str, encoding: str = types.PositionEncodingKind.Utf16) -> list[types.TextEdit]:
    """Minimal whole-line `TextEdit`s turning `old` into `new` (positions refer to `old`)."""
    if old == new:
        return []
    a = _keep_lines(old)
    b = _keep_lines(new)
    positions = DocumentPositions(old, encoding)
    offsets = [0]
    for line in a:
        offsets.append(offsets[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        edits.append(
            types.TextEdit(
                range=types.Range(
                    start=positions.offset_position(offsets[i1]),
                    end=positions.offset_position(offsets[i2]),
                ),
                new_text="".join(b[j1:j2]),
            )
        )
    return edits


def _keep_lines(text: str) -> list[str]:
    out = []
    last = 0
    for m in _BREAK.finditer(text):
        out.append(text[last : m.end()])
        last = m.end()
    if last < len(text):
        out.append(text[last:])
    return out
