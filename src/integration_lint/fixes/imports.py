"""Add the imports a fix needs, with libcst's AddImportsVisitor (keeps existing imports intact)."""

from __future__ import annotations

from typing import Iterable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor


def add_imports(source: str, imports: Iterable[tuple[str, str | None]]) -> str:
    wanted = list(dict.fromkeys(imports))
    if not wanted:
        return source
    module = cst.parse_module(source)
    context = CodemodContext()
    for mod, name in wanted:
        AddImportsVisitor.add_needed_import(context, mod, name)
    return AddImportsVisitor(context).transform_module(module).code


def import_edits(source: str, imports: Iterable[tuple[str, str | None]]) -> list:
    """The insertions `add_imports` makes, as `Edit`s against the original source."""
    import difflib

    from ..model import Edit

    new = add_imports(source, imports)
    if new == source:
        return []
    old_lines = source.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    edits = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        end_line = i2 + 1
        edits.append(Edit(i1 + 1, 1, end_line, 1, "".join(new_lines[j1:j2])))
    return edits
