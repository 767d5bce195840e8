"""Newer grammar under an older interpreter: the libcst bridge rewrites PEP 758 except clauses,
PEP 695 type parameters and aliases, and PEP 701 f-strings into the running grammar, keeping the
lines and the columns a rule can report."""

from __future__ import annotations

import ast
import json
import sys

import pytest
from lintutil import run_cli, write_project

from integration_lint.compat import downgrade, may_be_newer_grammar, parse_source

NEWER = {
    "type_parameters_on_a_function": "def first[T](items: list[T]) -> T:\n    return requests.get(items[0])\n",
    "type_parameters_on_a_class": "class Box[T](Base):\n    x = requests.get(u)\n",
    "type_parameters_over_lines": "def f[\n    T: (A,\n        B),\n](x): return requests.get(x)\n",
    "class_type_parameters_over_lines": "class Pool[\n    T: A | B\n]:\n    x = requests.get(u)\n",
    "type_alias": "type Rows[T] = list[dict[str, T]]; q = requests.get(u)\n",
    "type_alias_over_lines": "type Rows[\n    T\n] = list[T]; q = requests.get(u)\n",
    "f_string_reusing_its_quote": 'x = f"{row["id"]}" + requests.get(u).text\n',
    "f_string_with_a_backslash": 'w = f"{"\\n".join(a)}"; q = requests.get(u)\n',
    "f_string_in_a_concatenation": 'v = (f"{x!r}" f"{d["k"]}"); q = requests.get(u)\n',
    "unparenthesised_except": "try:\n    pass\nexcept ValueError, TypeError:\n    q = requests.get(u)\n",
}
needs_older_python = pytest.mark.skipif(sys.version_info >= (3, 12), reason="the grammar is native here")


@needs_older_python
@pytest.mark.parametrize("source", NEWER.values(), ids=NEWER.keys())
def test_newer_grammar_is_rewritten_keeping_lines_and_call_columns(source):
    with pytest.raises(SyntaxError) as info:
        ast.parse(source)
    assert may_be_newer_grammar(info.value)
    rewritten = downgrade(source)
    assert rewritten is not None
    assert rewritten.count("\n") == source.count("\n")
    tree = parse_source(source, "x.py")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert calls, "the call after the newer construct is in the tree"
    lines = source.split("\n")
    for call in calls:
        line = lines[call.func.end_lineno - 1]
        assert line[: call.func.end_col_offset].endswith(call.func.attr)
        assert line[call.col_offset :].startswith(ast.unparse(call.func).split(".")[0])


def test_a_genuine_syntax_error_is_not_rewritten():
    assert downgrade("def broken(:\n    pass\n") is None
    assert downgrade('print "python 2"\n') is None


def test_valid_source_needs_no_rewrite():
    assert downgrade('x = f"{a}"\nclass A:\n    pass\n') is None


@needs_older_python
def test_a_python_312_module_is_linted_not_reported_as_a_syntax_error(tmp_path):
    source = (
        "import requests\n"
        "\n"
        "type Payload = dict[str, str]\n"
        "\n"
        "def fetch[T](url: str, parse: T) -> T:\n"
        '    label = f"{parse["name"]}"\n'
        "    return requests.get(url)\n"
    )
    write_project(tmp_path, {"app/client.py": source}, config={})
    proc = run_cli("check", str(tmp_path), "--no-cache", "--format", "json")
    report = json.loads(proc.stdout)
    found = [(f["code"], f["line"], f["column"]) for f in report["findings"]]
    assert found == [("IL402", 7, 12)]
    fixed = run_cli("fix", str(tmp_path), "--unsafe-fixes", "--no-cache")
    assert fixed.returncode in (0, 1)
    text = (tmp_path / "app/client.py").read_text()
    assert "return requests.get(url, timeout=" in text
    assert text.startswith("import requests\n\ntype Payload = dict[str, str]\n")


def _positions(tree: ast.AST) -> list[tuple]:
    return [
        (type(n).__name__, n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Call, ast.Name, ast.Constant))
    ]


TEXT_BRIDGED = [
    "type_parameters_on_a_function",
    "type_parameters_on_a_class",
    "type_parameters_over_lines",
    "class_type_parameters_over_lines",
    "type_alias",
    "type_alias_over_lines",
    "unparenthesised_except",
]


@needs_older_python
@pytest.mark.parametrize("name", TEXT_BRIDGED)
def test_the_cheap_text_bridge_gives_the_libcst_bridges_positions(name):
    from integration_lint.compat import _text_downgrade

    source = NEWER[name]
    with pytest.raises(SyntaxError) as info:
        ast.parse(source)
    tree = _text_downgrade(source, info.value, "x.py")
    assert tree is not None, "PEP 695/758 constructs are rewritten as text, without libcst"
    assert _positions(tree) == _positions(ast.parse(downgrade(source)))


@needs_older_python
def test_f_strings_are_left_to_libcst():
    from integration_lint.compat import _text_downgrade

    source = NEWER["f_string_reusing_its_quote"]
    with pytest.raises(SyntaxError) as info:
        ast.parse(source)
    assert _text_downgrade(source, info.value, "x.py") is None
    assert parse_source(source, "x.py") is not None
