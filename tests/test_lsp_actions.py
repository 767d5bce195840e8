"""The language server's text work without the protocol: suppression comments, position
encodings, and the text edits it sends (checked by applying them independently)."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from integration_lint.lsp.actions import apply_single_fix, suppress_on_line
from integration_lint.lsp.positions import DocumentPositions, text_edits
from integration_lint.model import DISPLAY_ONLY, UNSAFE, Edit, Finding, Fix
from integration_lint.suppressions import parse_suppressions


def finding(line: int, code: str = "IL101", fix: Fix | None = None) -> Finding:
    return Finding(code, "x", "m.py", line, 1, line, 2, "message", fix=fix)


def suppressed_lines(text: str, code: str) -> set[int]:
    return {s.line for s in parse_suppressions(text, text.encode()) if code in s.codes}


def test_suppression_goes_at_the_end_of_the_line():
    text = 'TOKEN = "abc"\nx = 1\n'
    out = suppress_on_line(text, finding(1))
    assert out == 'TOKEN = "abc"  # integration-lint: ignore[IL101] <reason>\nx = 1\n'


def test_suppression_joins_an_existing_ignore_list_on_the_line():
    text = 'TOKEN = "abc"  # integration-lint: ignore[IL402] legacy client\n'
    out = suppress_on_line(text, finding(1, "IL101"))
    assert out == 'TOKEN = "abc"  # integration-lint: ignore[IL402, IL101] legacy client\n'
    assert suppressed_lines(out, "IL101") == {1}


def test_suppression_goes_above_when_the_line_ends_inside_a_string():
    text = 'KEY = """-----BEGIN PRIVATE KEY-----\nMIIE\n"""\n'
    out = suppress_on_line(text, finding(1))
    assert out == '# integration-lint: ignore[IL101] <reason>\n' + text
    assert suppressed_lines(out, "IL101") == {2}  # the finding's line, shifted by the new line
    assert ast.literal_eval(out.split("=", 1)[1].strip()) == ast.literal_eval(text.split("=", 1)[1].strip())


def test_suppression_goes_above_a_backslash_continued_line_keeping_indentation():
    text = 'def f():\n    token = "abc" + \\\n        "def"\n'
    out = suppress_on_line(text, finding(2))
    assert out == 'def f():\n    # integration-lint: ignore[IL101] <reason>\n    token = "abc" + \\\n        "def"\n'
    ast.parse(out)


def test_suppression_keeps_crlf_line_endings():
    text = 'TOKEN = "abc"\r\nx = 1\r\n'
    out = suppress_on_line(text, finding(1))
    assert out == 'TOKEN = "abc"  # integration-lint: ignore[IL101] <reason>\r\nx = 1\r\n'


def test_single_fix_is_applied_and_display_only_is_not():
    text = "import requests\nrequests.get(url)\n"
    edit = Edit(2, 17, 2, 17, ", timeout=5")
    assert apply_single_fix(text, finding(2, "IL402", Fix(UNSAFE, "t", (edit,)))) == (
        "import requests\nrequests.get(url, timeout=5)\n"
    )
    assert apply_single_fix(text, finding(2, "IL402", Fix(DISPLAY_ONLY, "t", (edit,)))) is None


def test_single_fix_that_breaks_the_code_is_not_offered():
    text = "x = f(a)\n"
    assert apply_single_fix(text, finding(1, "IL990", Fix(UNSAFE, "t", (Edit(1, 6, 1, 7, "(("),)))) is None


def test_positions_in_each_encoding_after_astral_and_accented_text():
    text = 'a = "é🏥"; call()\n'
    column = text.index("call") + 1  # 1-based code points
    for encoding, expected in (
        (types.PositionEncodingKind.Utf16, 11),  # é = 1 unit, 🏥 = 2 units
        (types.PositionEncodingKind.Utf8, 14),  # é = 2 bytes, 🏥 = 4 bytes
        (types.PositionEncodingKind.Utf32, 10),
    ):
        positions = DocumentPositions(text, encoding)
        assert positions.position(1, column) == types.Position(line=0, character=expected)
        assert positions.to_column(types.Position(line=0, character=expected)) == (1, column)


def test_form_feed_does_not_count_as_a_line_break():
    # str.splitlines() would split here and shift every later line by one.
    text = "x = 1\n\x0c\ny = 2\n"
    assert DocumentPositions(text).position(3, 1) == types.Position(line=2, character=0)


def apply_lsp_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Independent client-side application (UTF-16 positions, LF/CRLF/CR line breaks)."""
    import re

    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(p: types.Position) -> int:
        if p.line >= len(starts):
            return len(text)
        start = starts[p.line]
        units = 0
        i = start
        while i < len(text) and units < p.character and text[i] not in "\r\n":
            units += 2 if ord(text[i]) > 0xFFFF else 1
            i += 1
        return i

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


LINES = st.lists(
    st.sampled_from(["import os", "x = 1", 'name = "🏥é"', "", "def f():", "    return 2", "\x0c"]),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(old=LINES, new=LINES, newline=st.sampled_from(["\n", "\r\n"]), final=st.booleans())
def test_text_edits_turn_old_into_new_when_a_client_applies_them(old, new, newline, final):
    a = newline.join(old) + (newline if final and old else "")
    b = newline.join(new) + (newline if new else "")
    assert apply_lsp_edits(a, text_edits(a, b)) == b


def test_single_fix_in_a_crlf_document_keeps_crlf_including_added_imports():
    text = "import requests\r\n\r\nTOKEN = 'x'\r\n"
    fix = Fix(UNSAFE, "t", (Edit(3, 9, 3, 12, 'os.environ["TOKEN"]'),), imports=(("os", None),))
    out = apply_single_fix(text, finding(3, "IL101", fix))
    assert out == 'import requests\r\nimport os\r\n\r\nTOKEN = os.environ["TOKEN"]\r\n'
