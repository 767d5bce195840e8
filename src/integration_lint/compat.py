"""Parse source with the running interpreter's `ast`, falling back to libcst for newer grammar.

`ast` only knows the running Python's grammar. PEP 758 (Python 3.14) allows
`except ValueError, TypeError:` without parentheses, and real projects already use it. When `ast`
rejects a file that libcst (which parses Python 3.0–3.15) accepts, we parenthesise those except
clauses with a libcst transform — a semantic no-op that only shifts columns after the inserted
parenthesis on those lines — and parse again. Anything else still raises the original error.
"""

from __future__ import annotations

import ast


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


def parse_source(source: str, filename: str) -> ast.Module:
    try:
        return ast.parse(source, filename=filename)
    except SyntaxError as first:
        if "except" not in source:
            raise
        rewritten = _parenthesise_except_tuples(source)
        if rewritten is None:
            raise first
        try:
            return ast.parse(rewritten, filename=filename)
        except SyntaxError:
            raise first from None
