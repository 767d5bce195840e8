"""Suppression comments are found by tokenizing only the statements that hold a marker; that
must give exactly what tokenizing the whole file gives."""

from __future__ import annotations

import ast

import pytest

from integration_lint.suppressions import parse_suppressions

CASES = {
    "import_noqa": "import os  # noqa: F401\nimport sys\n",
    "marker_in_a_docstring_is_not_a_comment": 'def f():\n    """\n    x = 1  # noqa: IL402\n    """\n    return 1\n',
    "marker_in_a_string_on_a_code_line": 's = "# noqa: IL101"\nt = 1  # noqa: IL101\n',
    "decorated_def": "@app.task(  # integration-lint: ignore[IL203] reason\n    bind=True)\ndef f(self):\n    pass\n",
    "standalone_between_statements": "x = 1\n\n# integration-lint: ignore[IL402] slow server\ny = get(u)\n",
    "inside_brackets": "x = call(\n    a,  # noqa: IL402\n    b,\n)\n",
    "form_feed_line": "x = 1\n\x0c\ny = 2  # noqa\n",
    "crlf": "x = 1\r\ny = 2  # noqa: IL101\r\n",
    "multiline_string_then_comment": 'x = """\n# noqa\n"""  # noqa: IL101\n',
    "nested_in_class": "class A:\n    def f(self):\n        return g()  # noqa: IL401\n    z = 1  # NOQA\n",
    "before_first_statement": "# noqa: IL101\nimport os\n",
}


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_windowed_tokenizing_finds_the_same_suppressions_as_the_whole_file(source):
    data = source.encode()
    whole = parse_suppressions(source, data)
    windowed = parse_suppressions(source, data, ast.parse(source))
    assert windowed == whole


def test_a_marker_only_inside_a_string_gives_no_suppression():
    source = 'def f():\n    """\n    x = 1  # noqa: IL402\n    """\n'
    assert parse_suppressions(source, source.encode(), ast.parse(source)) == []


def test_every_real_comment_case_yields_its_suppression():
    found = {
        name: [s.comment_line for s in parse_suppressions(src, src.encode(), ast.parse(src))]
        for name, src in CASES.items()
    }
    assert found["import_noqa"] == [1]
    assert found["marker_in_a_string_on_a_code_line"] == [2]
    assert found["decorated_def"] == [1]
    assert found["standalone_between_statements"] == [3]
    assert found["inside_brackets"] == [2]
    assert found["multiline_string_then_comment"] == [3]
    assert found["nested_in_class"] == [3, 4]


@pytest.mark.parametrize(
    "comment, codes",
    [
        ("# noqa", ()),
        ("# NOQA", ()),
        ("# noqa because the API is internal", ()),
        ("# noqa: IL301", ("IL301",)),
        ("# noqa:IL301,IL402", ("IL301", "IL402")),
        ("# noqa: E722 legacy", ("E722",)),
    ],
)
def test_noqa_forms_that_suppress(comment, codes):
    source = f"x = 1  {comment}\n"
    found = parse_suppressions(source, source.encode(), ast.parse(source))
    assert [s.codes for s in found] == [codes]


@pytest.mark.parametrize("comment", ["# noqa: broad-except", "# noqa E722", "# noqa:", "# noqa: bare-except, broad-except"])
def test_invalid_noqa_directives_suppress_nothing(comment):
    """As in ruff: codes written in a form no tool reads are not a blanket `# noqa`."""
    source = f"x = 1  {comment}\n"
    assert parse_suppressions(source, source.encode(), ast.parse(source)) == []
