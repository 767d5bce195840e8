"""Parse source with the running interpreter's `ast`, falling back to libcst for newer grammar.

`ast` only knows the running Python's grammar, and real projects already use newer syntax:

* PEP 758 (3.14): `except ValueError, TypeError:` without parentheses;
* PEP 695 (3.12): type parameters (`def first[T](items: list[T]) -> T`, `class Box[T]:`) and
  `type` aliases (`type Rows = list[dict[str, str]]`);
* PEP 701 (3.12) and PEP 750 (3.14): f-strings that reuse their quote or hold a backslash inside
  a replacement field (`f"{row["id"]}"`), and t-strings.

When `ast` rejects a file that libcst (which parses Python 3.0–3.15) accepts, a libcst transform
rewrites those constructs into the running grammar and `ast` parses the result. The rewrite keeps
every line, and every column that a rule can report: except clauses are parenthesised (the
columns after the inserted parentheses shift, on those lines only); type parameters become
spaces of the same width; a `type X = …` alias becomes `X = …` padded to the same width; a newer
f-string or t-string becomes a plain string literal of the same shape (same lines, same width,
blank content: the analysis does not look inside it). Anything else still raises the original
error.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings

# Error lines that may hold grammar newer than the running interpreter's (see the docstring).
_NEWER_GRAMMAR_LINE = re.compile(
    r"\bexcept\b|^\s*type\s+\w|^\s*(?:async\s+)?def\s+\w+\s*\[|^\s*class\s+\w+\s*\[|"
    r"(?i:\b[rbtf]{0,2}[ft][rb]?)[\"']"
)


def may_be_newer_grammar(error: SyntaxError) -> bool:
    """Is `error` possibly newer grammar that `downgrade` can bridge? (libcst costs ~0.1 s a
    file, so it is only tried where the error line looks like one of the bridged constructs.)"""
    if error.msg == "multiple exception types must be parenthesized" or "f-string" in error.msg:
        return True
    if error.text is None:
        return True  # nothing to go by: let the bridge decide
    return _NEWER_GRAMMAR_LINE.search(error.text) is not None


def _blank_literal(code: str) -> str | None:
    """A plain string literal with `code`'s lines and widths and blank content, or None."""
    lines = code.split("\n")
    if len(lines) == 1:
        return '"' + " " * (len(code) - 2) + '"' if len(code) >= 2 else None
    if len(lines[0]) < 3 or len(lines[-1]) < 3:
        return None
    blank = "\n".join(" " * len(line) for line in lines)
    return '"""' + blank[3:-3] + '"""'


def _blank_joined(code: str) -> str:
    """Whitespace with `code`'s lines and widths: lines joined with backslashes (type parameters
    may span lines; outside brackets only explicit joining keeps them one logical line)."""
    lines = code.split("\n")
    joined = [(" " * (len(line) - 1) + "\\") if line else "\\" for line in lines[:-1]]
    return "\n".join([*joined, " " * len(lines[-1])])


def _valid_here(code: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(f"({code})", mode="eval")
    except SyntaxError:
        return False
    return True


def downgrade(source: str) -> str | None:
    """`source` rewritten into the running interpreter's grammar (see the module docstring), or
    None when libcst rejects it too or nothing needed rewriting."""
    import libcst as cst

    try:
        module = cst.parse_module(source)
    except Exception:  # libcst rejects it too: a genuine syntax error
        return None

    def text(node: object) -> str:
        """Code of an optional node (`MaybeSentinel.DEFAULT` and None are empty)."""
        return module.code_for_node(node) if isinstance(node, cst.CSTNode) else ""

    class Downgrade(cst.CSTTransformer):
        changed = False

        def _parenthesise(self, node):
            if isinstance(node.type, cst.Tuple) and not node.type.lpar:
                self.changed = True
                return node.with_changes(
                    type=node.type.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
                )
            return node

        def leave_ExceptHandler(self, original, updated):
            return self._parenthesise(updated)

        def leave_ExceptStarHandler(self, original, updated):
            return self._parenthesise(updated)

        def _drop_type_parameters(self, original, updated):
            if original.type_parameters is None:
                return updated
            self.changed = True
            region = (
                text(original.whitespace_after_name)
                + text(original.type_parameters)
                + text(original.whitespace_after_type_parameters)
            )
            return updated.with_changes(
                type_parameters=None,
                whitespace_after_name=cst.SimpleWhitespace(_blank_joined(region)),
                whitespace_after_type_parameters=cst.SimpleWhitespace(""),
            )

        def leave_FunctionDef(self, original, updated):
            return self._drop_type_parameters(original, updated)

        def leave_ClassDef(self, original, updated):
            return self._drop_type_parameters(original, updated)

        def leave_TypeAlias(self, original, updated):
            self.changed = True
            # `type X[T] = v` -> `X        = v`: the value keeps its line and columns.
            before = (
                " " * len("type" + text(original.whitespace_after_type))
                + text(original.whitespace_after_name)
                + text(original.type_parameters)
                + text(original.whitespace_after_type_parameters)
            )
            return cst.Assign(
                targets=[
                    cst.AssignTarget(
                        target=updated.name,
                        whitespace_before_equal=cst.SimpleWhitespace(_blank_joined(before)),
                        whitespace_after_equal=cst.SimpleWhitespace(text(original.whitespace_after_equals)),
                    )
                ],
                value=updated.value,
                semicolon=updated.semicolon,
            )

        def _blank_if_newer(self, original, updated):
            code = module.code_for_node(original)
            if _valid_here(code):
                return updated
            blank = _blank_literal(code)
            if blank is None:
                return updated
            self.changed = True
            return cst.SimpleString(blank, lpar=updated.lpar, rpar=updated.rpar)

        def leave_FormattedString(self, original, updated):
            return self._blank_if_newer(original, updated)

        if hasattr(cst, "TemplatedString"):

            def leave_TemplatedString(self, original, updated):
                return self._blank_if_newer(original, updated)

    transformer = Downgrade()
    new = module.visit(transformer)
    return new.code if transformer.changed else None


_GENERIC_HEADER = re.compile(r"[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+\w+([ \t]*)\[")
_TYPE_ALIAS = re.compile(r"([ \t]*)type([ \t]+)(\w+)")
MAX_TEXT_REWRITES = 64


def _closing_bracket(text: str, start: int) -> int | None:
    """Index of the `]` matching the `[` at `start` (brackets only: type parameters hold no
    strings that would confuse the count; a wrong guess fails the parse and libcst takes over)."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i if ch == "]" else None
    return None


def _rewrite_at(text: str, lineno: int) -> str | None:
    """`text` with the PEP 695 construct that starts on line `lineno` rewritten, or None."""
    start = 0
    for _ in range(lineno - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    return _rewrite_from(text, start)


_CONSTRUCT_LINE = re.compile(
    r"^[ \t]*(?:(?:async[ \t]+)?(?:def|class)[ \t]+\w+[ \t]*\[|type[ \t]+\w+[ \t]*[\[=]"
    r"|except\*?[ \t]+[^\n:(]*,)",
    re.M,
)
_EXCEPT = re.compile(r"[ \t]*except\*?[ \t]+")


def _parenthesise_except_at(text: str, start: int) -> str | None:
    """`except A, B:` / `except A, B as e:` (PEP 758) starting at `start` -> `except (A, B)…`, as
    libcst's transform writes it; None when the clause is not one."""
    m = _EXCEPT.match(text, start)
    if not m:
        return None
    depth, comma, i = 0, False, m.end()
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and ch == ",":
            comma = True
        elif depth == 0 and (ch in ":\n" or text.startswith(" as ", i)):
            break
        i += 1
    end = i
    while end > m.end() and text[end - 1] in " \t":
        end -= 1
    if not comma or depth != 0:
        return None
    return text[: m.end()] + "(" + text[m.end() : end] + ")" + text[end:]


def _rewrite_all(text: str) -> str:
    """Every line that starts a PEP 695 construct rewritten, last first (each rewrite keeps the
    text before it in place). A match inside a string literal only blanks part of its content."""
    for m in reversed(list(_CONSTRUCT_LINE.finditer(text))):
        rewritten = _rewrite_from(text, m.start())
        if rewritten is not None and rewritten.count("\n") == text.count("\n"):
            text = rewritten
    return text


def _rewrite_from(text: str, start: int) -> str | None:
    if _EXCEPT.match(text, start):
        return _parenthesise_except_at(text, start)
    m = _GENERIC_HEADER.match(text, start)
    if m:  # `def f[T](…)` / `class A[T]:` -> the brackets become blank
        close = _closing_bracket(text, m.end() - 1)
        if close is None:
            return None
        region = text[m.start(1) : close + 1]
        return text[: m.start(1)] + _blank_joined(region) + text[close + 1 :]
    m = _TYPE_ALIAS.match(text, start)
    if m:  # `type X[T] = v` -> `X        = v`
        i = m.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == "[":
            close = _closing_bracket(text, i)
            if close is None:
                return None
            i = close + 1
        equals = text.find("=", i)
        if equals < 0 or text[i:equals].strip():
            return None
        gap = " " * len("type" + m.group(2)) + text[m.end() : equals]
        return text[: m.start(2) - len("type")] + m.group(3) + _blank_joined(gap) + text[equals:]
    return None


def _text_downgrade(source: str, first: SyntaxError, filename: str) -> ast.Module | None:
    """The cheap bridge for PEP 695 and PEP 758 (most newer-grammar files only use type
    parameters, aliases and unparenthesised except clauses): rewrite every line that starts one
    as text, then, while `ast` still fails, the construct on the reported line, up to
    MAX_TEXT_REWRITES times; None when an error is not one of them (libcst then takes over, for
    f-strings and anything else). libcst costs ~0.15 s a file where `ast.parse` costs a few
    milliseconds. Same lines and columns as the libcst transform (tested on the corpora)."""
    text = _rewrite_all(source)
    try:
        return _quiet_parse(text, filename)
    except SyntaxError as again:
        error = again
    for _ in range(MAX_TEXT_REWRITES):
        if error.lineno is None:
            return None
        rewritten = _rewrite_at(text, error.lineno)
        if rewritten is None or rewritten.count("\n") != text.count("\n"):
            return None
        text = rewritten
        try:
            return _quiet_parse(text, filename)
        except SyntaxError as again:
            error = again
    return None


def _quiet_parse(source: str, filename: str) -> ast.Module:
    # Warnings about the linted code (invalid escape sequences, …) are not ours to print.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=filename)


def parse_source(source: str, filename: str) -> ast.Module:
    try:
        return _quiet_parse(source, filename)
    except SyntaxError as first:
        tree = _text_downgrade(source, first, filename)
        if tree is not None:
            return tree
        rewritten = downgrade(source)
        if rewritten is not None:
            try:
                return _quiet_parse(rewritten, filename)
            except SyntaxError:
                pass
        raise first from None


def newer_python_hint(message: str) -> str:
    """The parser is the running interpreter's: say so, since the code may target a newer one.
    Python 2 code (`print x`, `exec code`) is named as such: no Python 3 can read it."""
    if message.startswith("Missing parentheses in call to "):
        return f"{message} (Python 2 syntax: integration-lint reads Python 3; exclude the file or port it)"
    if sys.version_info >= (3, 14):
        return message
    version = ".".join(map(str, sys.version_info[:2]))
    return (
        f"{message} (parsed with Python {version}, which runs integration-lint; if this file "
        "targets a newer Python, run integration-lint with that Python)"
    )
