"""Parse source with the running interpreter's `ast`, falling back to libcst for newer grammar.

`ast` only knows the running Python's grammar. PEP 758 (Python 3.14) allows
`except ValueError, TypeError:` without parentheses, and real projects already use it. When `ast`
rejects a file that libcst (which parses Python 3.0–3.15) accepts, we parenthesise those except
clauses with a libcst transform — a semantic no-op that only shifts columns after the inserted
parenthesis on those lines — and parse again. Anything else still raises the original error.
"""

from __future__ import annotations

import ast
import sys
import warnings


def _parenthesise_except_tuples(source: str) -> str | None:
    import libcst as cst

    try:
        module = cst.parse_module(source)
    except Exception:  # libcst rejects it too: a genuine syntax error
        return None

    class Parenthesise(cst.CSTTransformer):
        changed = False

        def _fix(self, node):
            if isinstance(node.type, cst.Tuple) and not node.type.lpar:
                self.changed = True
                return node.with_changes(
                    type=node.type.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
                )
            return node

        def leave_ExceptHandler(self, original, updated):
            return self._fix(updated)

        def leave_ExceptStarHandler(self, original, updated):
            return self._fix(updated)

    transformer = Parenthesise()
    new = module.visit(transformer)
    return new.code if transformer.changed else None


def _quiet_parse(source: str, filename: str) -> ast.Module:
    # Warnings about the linted code (invalid escape sequences, …) are not ours to print.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=filename)


def parse_source(source: str, filename: str) -> ast.Module:
    try:
        return _quiet_parse(source, filename)
    except SyntaxError as first:
        rewritten = _parenthesise_except_tuples(source) if "except" in source else None
        if rewritten is not None:
            try:
                return _quiet_parse(rewritten, filename)
            except SyntaxError:
                pass
        raise first from None


def newer_python_hint(message: str) -> str:
    """The parser is the running interpreter's: say so, since the code may target a newer one."""
    if sys.version_info >= (3, 14):
        return message
    version = ".".join(map(str, sys.version_info[:2]))
    return (
        f"{message} (parsed with Python {version}, which runs integration-lint; if this file "
        "targets a newer Python, run integration-lint with that Python)"
    )
