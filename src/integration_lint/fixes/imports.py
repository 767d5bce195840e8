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


def _lines(text: str) -> list[str]:
    # Edit lines count LF only (str.splitlines would also break at form feeds).
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def import_edits(source: str, imports: Iterable[tuple[str, str | None]]) -> list:
    """The insertions `add_imports` makes, as `Edit`s against the original source (for reports
    that carry a fix as edits, such as SARIF)."""
    import difflib

    from ..model import Edit

    new = add_imports(source, imports)
    if new == source:
        return []
    old_lines, new_lines = _lines(source), _lines(new)
    edits = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(Edit(i1 + 1, 1, i2 + 1, 1, "".join(new_lines[j1:j2])))
    return edits
