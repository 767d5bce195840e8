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
