"""Add the imports a fix needs, with libcst's AddImportsVisitor (keeps existing imports intact).

AddImportsVisitor resolves scope metadata, which costs about a second on a large module, and
libcst.codemod is slow to import; most fixes need an import the module already has (`import
os`), so a cheap `ast` check runs first and libcst is only started for imports really missing.
"""

from __future__ import annotations

import ast
from typing import Iterable


def present_imports(source: str) -> set[tuple[str, str | None]]:
    """Module-level `import m` and `from m import n` (without `as`), as (module, name) pairs."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    found: set[tuple[str, str | None]] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update((a.name, None) for a in node.names if a.asname is None)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.update((node.module, a.name) for a in node.names if a.asname is None)
    return found


def add_imports(source: str, imports: Iterable[tuple[str, str | None]]) -> str:
    wanted = list(dict.fromkeys(imports))
    if not wanted:
        return source
    present = present_imports(source)
    missing = [i for i in wanted if i not in present]
    if not missing:
        return source
    import libcst as cst
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor

    module = cst.parse_module(source)
    context = CodemodContext()
    for mod, name in missing:
        AddImportsVisitor.add_needed_import(context, mod, name)
    return AddImportsVisitor(context).transform_module(module).code
