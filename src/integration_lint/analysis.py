"""One batched traversal over a file's stdlib `ast`: scopes, name resolution, facts, rule dispatch.

Why `ast` and not libcst on the hot path: on 2 cores over Django's tree, `ast.parse` of every
file takes ~4 s against ~35 s for `libcst.parse_module` (docs/architecture.md). libcst is used where
its lossless tree earns its cost: building and verifying fixes (`integration_lint.fixes`).

Name resolution is a cheap per-module alias map plus flow-insensitive local types
(`s = requests.Session()` → `s` is a `requests.Session`; `self.client = Client()` in any method →
`self.client` is a `Client`). Anything not resolvable locally is left as a dotted reference for
the project pass (`project.ProjectIndex`), which sees every module's facts.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
from bisect import bisect_left, bisect_right
import re
import sys
from collections import deque
from typing import TYPE_CHECKING, Callable, Iterable

from .facts import ANY_APP, DYNAMIC_IMPORT, MODEL_LOOKUP, ClassFacts, FunctionFacts, ModuleFacts
from .model import Condition, Finding, Fix, PendingFinding
from .outbound import CLIENT_CLASS_METHODS, canonical_external, external_outbound
from .project import MANAGER_NAMES, QUERYSET_METHODS, RELATION_FIELDS, is_views_path, parameter_ref

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .rules.base import Rule

# Lines as `ast.get_source_segment` splits them: at \r\n, \r or \n only, ends kept.
_SEGMENT_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)
SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
URL_FUNCTIONS = frozenset(
    {
        "django.urls.path",
        "django.urls.re_path",
        "django.conf.urls.url",
        "django.urls.conf.path",
        "django.urls.conf.re_path",
    }
)
TIMEOUT_METHODS = frozenset({"request", "send", "__init__", "merge_environment_settings"})


def _is_test_path(relpath: str) -> bool:
    """`tests/…`, `…/test/…`, `test_*.py`, `*_test.py`, `*_tests.py`, `conftest.py`."""
    parts = relpath.split("/")
    name = parts[-1]
    return (
        name.startswith("test_")
        or name.endswith(("_test.py", "_tests.py"))
        or name in ("conftest.py", "tests.py")
        or any(p in ("tests", "test", "testing") for p in parts[:-1])
    )


# Names of Python's builtins (`len`, `dict`, `print`): never the project's or an SDK's call.
BUILTIN_NAMES = frozenset(dir(builtins))


def module_name_for(relpath: str) -> str:
    """The dotted module name of a file: its path from the project root, without a leading
    `src/` (the import root of a src layout: `src/research_ai/services/x.py` is imported as
    `research_ai.services.x`; a tree whose `src/` is a package, importing `src.app`, is met by
    the project pass reading `src.app` as `app`)."""
    name = relpath[:-3] if relpath.endswith(".py") else relpath
    if name.endswith("/__init__"):
        name = name[: -len("/__init__")]
    elif name == "__init__":
        name = ""
    name = name.strip("/").replace("/", ".")
    return name[4:] if name.startswith("src.") else name


class Scope:
    __slots__ = (
        "kind", "name", "qualname", "types", "imports", "defs", "node", "facts", "self_name", "params",
        "rebound", "built", "retyped",
    )

    def __init__(self, kind: str, name: str, qualname: str, node: ast.AST | None) -> None:
        self.kind = kind  # "module" | "class" | "function"
        self.name = name
        self.qualname = qualname
        self.node = node
        self.types: dict[str, str] = {}  # local name (or class attribute) -> type reference
        self.imports: dict[str, str] = {}
        self.defs: dict[str, str] = {}  # nested def/class name -> qualname
        self.facts: FunctionFacts | ClassFacts | None = None
        self.self_name = ""  # first parameter of a method ("self"/"cls")
        # A function's parameters (not `self`): name -> position among the positional ones, -1 for
        # keyword-only ones. Built on first need (FileContext._params).
        self.params: dict[str, int] | None = None
        # Names of unknown type assigned again in the body (parameters among them): no longer
        # the caller's argument.
        self.rebound: set[str] | None = None
        # Locals assigned once, from a call with arguments (`syncer = Syncer(integration)`): name ->
        # that call (None once assigned again), so `syncer.run()` can hand the constructor's
        # arguments to the project pass (FunctionFacts.bound_calls).
        self.built: dict[str, ast.Call | None] | None = None
        # Locals assigned values of different known types (`obj = HMACAuth(...)` in one branch,
        # `obj = OAuth2Auth(...)` in the next): name -> ((end of the assignment), type) in source
        # order; a use takes the type of the last assignment before it.
        self.retyped: dict[str, list[tuple[tuple[int, int], str]]] | None = None


def _from_module(node: ast.ImportFrom, package: str) -> str:
    """The absolute name of the module a `from … import …` (a star import included) reads."""
    base = node.module or ""
    if node.level:
        parts = package.split(".") if package else []
        keep = len(parts) - (node.level - 1)
        prefix = ".".join(parts[: max(keep, 0)])
        base = ".".join(p for p in (prefix, base) if p)
    return base


def _import_bindings(node: ast.Import | ast.ImportFrom, package: str) -> Iterable[tuple[str, str]]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, alias.name
            else:
                head = alias.name.split(".", 1)[0]
                yield head, head
        return
    base = _from_module(node, package)  # the absolute module name, relative levels resolved
    for alias in node.names:
        if alias.name == "*":
            continue
        yield alias.asname or alias.name, f"{base}.{alias.name}" if base else alias.name


class FileContext:
    """What rules see of the file being analysed; also collects facts and findings."""

    def __init__(
        self,
        relpath: str,
        source: str,
        tree: ast.Module,
        config: "Config",
        is_package: bool = False,
    ) -> None:
        self.relpath = relpath
        self.source = source
        self.tree = tree
        self.config = config
        self.module = module_name_for(relpath)
        self.package = self.module if is_package else self.module.rpartition(".")[0]
        self._lines: list[str] | None = None
        self._segment_lines: list[str] | None = None
        self.findings: list[Finding] = []
        self.pending: list[PendingFinding] = []
        self.facts = ModuleFacts(module=self.module, path=relpath)
        self.extra_clients = tuple(config.http_clients) + tuple(config.sdk_clients)
        module_scope = Scope("module", self.module, self.module, tree)
        self.scopes: list[Scope] = [module_scope]
        # Per scope on the stack: (function_scope, class_scope, class of the method directly in).
        self._derived: list[tuple[Scope | None, Scope | None, Scope | None]] = [(None, None, None)]
        self.parents: list[ast.AST] = []
        # id(call) -> (innermost scope, resolved name) of the calls walked so far (the tree, and so
        # every id, lives as long as this context).
        self._calls: dict[int, tuple[Scope, str | None]] = {}
        self._escapes: dict[tuple[int, str], bool] = {}
        self._protocol_names: frozenset[str] | None = None
        self._walrus = ":=" in source  # assignment expressions are typed only in files using them
        self._named_exprs: list[tuple[int, int, ast.NamedExpr]] | None = None
        self._named_lines: list[int] = []
        self._client_returns: dict[str, str] | None = None  # _declared_client
        self._called_names: dict[int, frozenset[str]] = {}  # id(scope) -> names it calls (_note_handoff)
        # Tuples/lists written as literals of instances (`actions = (CreateContainer(), Notify())`
        # in a class body or at module level): qualified name -> the element types; and the loop
        # variables iterating one in a function ((id(scope), name) -> those types).
        self._literal_items: dict[str, tuple[str, ...]] = {}
        self._loop_items: dict[tuple[int, str], tuple[str, ...]] = {}
        # Module-level dict literals of functions/classes by reference (`HANDLERS = {"ban":
        # ban.geocode, "ods": Opendatasoft}`): name -> the value references; and the locals a
        # function binds to one of its values (`handler = HANDLERS.get(kind)`), by (id(scope), name).
        self._dict_items: dict[str, tuple[str, ...]] = {}
        self._dispatch_locals: dict[tuple[int, str], tuple[str, ...]] = {}
        # Module-level tables of records (`CHECKS = [{"func": ping_orcid, "args": {...}}, ...]`):
        # name -> key -> the functions/classes the records name under that key; and the loop
        # variables iterating one in a function ((id(scope), name) -> that mapping).
        self._record_items: dict[str, dict[str, tuple[str, ...]]] = {}
        # The same dict literals bound in a function (`table = {"paid": self.on_paid, ...}`), by
        # (id(scope), name).
        self._local_dicts: dict[tuple[int, str], tuple[str, ...]] = {}
        self._loop_records: dict[tuple[int, str], dict[str, tuple[str, ...]]] = {}
        # Argument binding facts (param_uses, call_args) are not recorded in test modules: no
        # request handler or task calls into them, and their fixtures (`api_client.post(...)`)
        # would be most of the volume.
        self._binds = not _is_test_path(relpath)
        self._callee = False  # qualifying a call's callee (the star-import fallback of _lookup)
        # > 0 while the walker is inside the arguments of `on_commit(...)` (FileContext.record_call)
        self.deferring = 0
        # `__init__` qualname -> FunctionFacts.init_binds, found by the class prescan
        self._init_binds: dict[str, tuple[tuple[int, str, str], ...]] = {}
        self._prescan_module(tree, module_scope)
        self.facts.imports = dict(module_scope.imports)
        variables = {k: v for k, v in module_scope.types.items() if v}
        if variables:
            self.facts.variables = variables

    # ------------------------------------------------------------------ source helpers
    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            # Only \n, \r\n and \r end a line for the parser; str.splitlines() would also
            # split at form feeds and other separators and shift every later line.
            self._lines = _LINE_BREAK.split(self.source)
            if self._lines and self._lines[-1] == "" and self.source.endswith(("\n", "\r")):
                self._lines.pop()
        return self._lines

    def line_text(self, lineno: int) -> str:
        lines = self.lines
        return lines[lineno - 1] if 0 < lineno <= len(lines) else ""

    def char_column(self, lineno: int, byte_col: int) -> int:
        """1-based character column from ast's 0-based UTF-8 byte offset."""
        text = self.line_text(lineno)
        if text.isascii():
            return byte_col + 1
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    def position(self, node: ast.AST) -> tuple[int, int, int, int]:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        if end_col is None:
            end_col = col
        return (
            line,
            self.char_column(line, col),
            end_line,
            self.char_column(end_line, end_col),
        )

    def segment(self, node: ast.AST) -> str:
        """`ast.get_source_segment(self.source, node) or ""`, with the source split once per file
        (the stdlib splits the whole source again, in Python, on every call)."""
        try:
            lineno, end_lineno = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
            col, end_col = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        except (AttributeError, TypeError):
            return ""
        if end_col is None:
            return ""
        lines = self._segment_lines
        if lines is None:
            lines = self._segment_lines = _SEGMENT_LINES.findall(self.source)
        if end_lineno == lineno:
            return lines[lineno].encode()[col:end_col].decode()
        first = lines[lineno].encode()[col:].decode()
        last = lines[end_lineno].encode()[:end_col].decode()
        return "".join([first, *lines[lineno + 1 : end_lineno], last])

    # ------------------------------------------------------------------ scopes
    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    @property
    def function_scope(self) -> Scope | None:
        """The innermost function scope."""
        return self._derived[-1][0]

    @property
    def class_scope(self) -> Scope | None:
        """The class whose method we are in (the innermost function's direct parent class), or the
        class whose body we are in."""
        return self._derived[-1][1]

    def _enter(self, scope: Scope) -> None:
        """Push `scope`, with its derived answers (function_scope, class_scope, and the class of
        the method we are directly in) computed once rather than on every lookup."""
        outer = self.scopes[-1]
        if scope.kind == "function":
            cls = outer if outer.kind == "class" else None
            self._derived.append((scope, cls, cls))
        else:  # a class body
            self._derived.append((self._derived[-1][0], scope, None))
        self.scopes.append(scope)

    @property
    def scope_qualname(self) -> str:
        return self.scopes[-1].qualname

    def _qualname_for(self, name: str) -> str:
        parent = self.scopes[-1]
        if parent.kind == "function":
            return f"{parent.qualname}.<locals>.{name}"
        return f"{parent.qualname}.{name}" if parent.qualname else name

    def _prescan_module(self, tree: ast.Module, scope: Scope) -> None:
        stack: list[ast.stmt] = list(tree.body)
        assignments: list[ast.stmt] = []
        stars: list[tuple[int, str]] = []
        while stack:
            st = stack.pop()
            if isinstance(st, (ast.Import, ast.ImportFrom)):
                for local, target in _import_bindings(st, self.package):
                    scope.imports[local] = target
                if st.__class__ is ast.ImportFrom and any(a.name == "*" for a in st.names) and self.module:
                    star = _from_module(st, self.package)  # type: ignore[arg-type]
                    if star:
                        stars.append((st.lineno, star))
            elif isinstance(st, SCOPE_NODES):
                scope.defs[st.name] = f"{self.module}.{st.name}" if self.module else st.name
            elif isinstance(st, (ast.Assign, ast.AnnAssign)):
                assignments.append(st)
            elif isinstance(st, (ast.If, ast.Try, ast.With)) or type(st).__name__ == "TryStar":
                stack.extend(getattr(st, "body", []))
                stack.extend(getattr(st, "orelse", []))
                stack.extend(getattr(st, "finalbody", []))
                for handler in getattr(st, "handlers", []):
                    stack.extend(handler.body)
        if stars:
            self.facts.star_imports = tuple(dict.fromkeys(star for _line, star in sorted(stars)))
        # In source order, the first typed assignment of a name winning: `app = Celery(…)` is
        # known when `celery_app = app` below it is read.
        assignments.sort(key=lambda st: (st.lineno, st.col_offset))
        for st in assignments:
            self._record_assignment(st, scope, first_wins=True)
            if (
                st.__class__ is ast.Assign
                and st.value.__class__ is ast.IfExp  # type: ignore[attr-defined]
                and len(st.targets) == 1  # type: ignore[attr-defined]
                and st.targets[0].__class__ is ast.Name  # type: ignore[attr-defined]
                and not scope.types.get(st.targets[0].id)  # type: ignore[attr-defined]
            ):
                self._note_variable_alts(st.targets[0].id, st.value)  # type: ignore[attr-defined]
            if st.__class__ is ast.Assign and st.value.__class__ in (ast.Tuple, ast.List):  # type: ignore[attr-defined]
                self._note_literal_items(st, self.module)  # type: ignore[arg-type]
                self._note_record_items(st)  # type: ignore[arg-type]
            elif st.__class__ is ast.Assign and st.value.__class__ is ast.Dict:  # type: ignore[attr-defined]
                self._note_dict_items(st)  # type: ignore[arg-type]
        if "global " in self.source:
            self._prescan_globals(tree, scope)

    def _note_variable_alts(self, name: str, value: ast.IfExp) -> None:
        """ModuleFacts.variable_alts: `Client = A if flag else B` with A and B classes (or modules'
        members) named by reference, of different types."""
        branches = []
        for branch in (value.body, value.orelse):
            if branch.__class__ not in (ast.Name, ast.Attribute):
                return
            ref = self.qualify(branch)
            if not ref or ref.rpartition(".")[2][:1].islower():
                return  # only class names (`legacy.LegacyClient`), not values
            branches.append(canonical_external(ref))
        if len(set(branches)) == 2:
            if self.facts.variable_alts is None:
                self.facts.variable_alts = {}
            self.facts.variable_alts[name] = tuple(branches)

    def _prescan_globals(self, tree: ast.Module, scope: Scope) -> None:
        """A module variable set lazily by a function (`_client = None` …
        `def get_client(): global _client; _client = boto3.client("s3")`): the module's name
        takes the type the function assigns, when the module level gives it none."""
        for st in tree.body:
            if not isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            stack: list[ast.stmt] = list(st.body)
            declared: set[str] = set()
            assigned: list[ast.Assign] = []
            while stack:
                sub = stack.pop()
                if isinstance(sub, ast.Global):
                    declared.update(sub.names)
                elif isinstance(sub, ast.Assign):
                    assigned.append(sub)
                elif not isinstance(sub, SCOPE_NODES):
                    for field in ("body", "orelse", "finalbody"):
                        stack.extend(getattr(sub, field, ()))
                    for handler in getattr(sub, "handlers", ()):
                        stack.extend(handler.body)
            if not declared:
                continue
            for sub in sorted(assigned, key=lambda a: (a.lineno, a.col_offset)):
                if len(sub.targets) != 1 or not isinstance(sub.targets[0], ast.Name):
                    continue
                name = sub.targets[0].id
                if name in declared and not scope.types.get(name):
                    typ = self.value_type(sub.value)
                    if typ:
                        scope.types[name] = typ

    def _record_assignment(
        self, st: ast.stmt, scope: Scope, shadow: bool = False, first_wins: bool = False
    ) -> None:
        """Record a name's type; with `shadow`, an untyped local still hides outer bindings; with
        `first_wins`, a name already typed keeps its type."""
        if isinstance(st, ast.Assign):
            for target in st.targets:
                if isinstance(target, ast.Name):
                    if first_wins and scope.types.get(target.id):
                        continue
                    typ = self.value_type(st.value) if len(st.targets) == 1 else None
                    if typ:
                        scope.types[target.id] = typ
                    elif shadow and target.id not in scope.types:
                        scope.types[target.id] = ""
                elif isinstance(target, (ast.Tuple, ast.List)):
                    items = dict(self.unpacked_types(target, st.value)) if len(st.targets) == 1 else {}
                    for elt in target.elts:
                        if not isinstance(elt, ast.Name):
                            continue
                        if first_wins and scope.types.get(elt.id):
                            continue
                        typ = items.get(elt)
                        if typ:
                            scope.types[elt.id] = typ
                        elif shadow and elt.id not in scope.types:
                            scope.types[elt.id] = ""
        elif isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
            if first_wins and scope.types.get(st.target.id):
                return
            typ = self.annotation_type(st.annotation)
            if not typ and st.value is not None:
                typ = self.value_type(st.value)
            if typ:
                scope.types[st.target.id] = typ
            elif shadow and st.target.id not in scope.types:
                scope.types[st.target.id] = ""

    def _named_exprs_in(self, node: ast.AST) -> list[ast.NamedExpr]:
        """The assignment expressions within `node`'s lines (the file is scanned once)."""
        found = self._named_exprs
        if found is None:
            found = self._named_exprs = sorted(
                ((sub.lineno, sub.col_offset, sub) for sub in ast.walk(self.tree) if sub.__class__ is ast.NamedExpr),  # type: ignore[misc]
                key=lambda item: item[:2],
            )
            self._named_lines = [line for line, _col, _sub in found]
        first, last = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        lines = self._named_lines
        # sorted by line: the function's slice, found by bisection instead of a scan per function
        return [sub for _line, _col, sub in found[bisect_left(lines, first):bisect_right(lines, last)]]

    def _protocols(self) -> frozenset[str]:
        """Qualified names of the module-level classes of this file deriving from
        `typing.Protocol` (built on first need, only in files that say `Protocol`)."""
        found = self._protocol_names
        if found is None:
            names: set[str] = set()
            if "Protocol" in self.source:
                for st in self.tree.body:
                    if st.__class__ is ast.ClassDef and any(
                        (self.qualify(base) or "").rpartition(".")[2] == "Protocol"
                        and (self.qualify(base) or "").startswith(("typing", "typing_extensions"))
                        for base in (b.value if b.__class__ is ast.Subscript else b for b in st.bases)  # type: ignore[attr-defined]
                    ):
                        names.add(f"{self.module}.{st.name}")  # type: ignore[attr-defined]
            found = self._protocol_names = frozenset(names)
        return found

    def _prescan_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> None:
        args = node.args
        defaults: list[tuple[ast.arg, str]] = []
        if args.defaults or args.kw_defaults:
            # `def fetch(url, session=requests)`, `def push(data, client=AcmeClient())`,
            # `def head(self, url, session=session)` with a module-level session: an unannotated
            # parameter whose default is a client module or object has its type. Defaults are
            # evaluated where the function is defined: read before the parameters hide the
            # enclosing names they may share (`session=session`).
            for arg, default in parameter_defaults(args):
                if isinstance(default, (ast.Name, ast.Attribute, ast.Call)):
                    typ = self.value_type(default)
                    # not a default *function* (`getter=requests.get`): callers pass their own
                    if typ and not (isinstance(default, ast.Attribute) and self.is_external_outbound(typ)):
                        defaults.append((arg, typ))
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is None or arg.arg == scope.self_name:
                continue
            typ = self.annotation_type(arg.annotation) if arg.annotation is not None else None
            if typ and (typ in _CALLABLE_TYPES or typ in self._protocols()):
                # `http_method: HttpMethod` (a typing.Protocol of this file), `fn: Callable`: a
                # structural type says nothing of the value; what the callers pass does
                typ = None
            # An unannotated parameter hides a module-level name of the same spelling.
            scope.types[arg.arg] = typ or ""
        if scope.self_name and node.name in _FORM_HANDLERS and len(args.args) > 1:
            # `def form_valid(self, form)` on a view class: the form its `get_form()` builds (the
            # project pass reads the view's `form_class`)
            form = args.args[1].arg
            cls = self._derived[-1][2]
            if cls is not None and scope.types.get(form) == "":
                scope.types[form] = f"{cls.qualname}.get_form"
        for arg, typ in defaults:
            if scope.types.get(arg.arg) == "":
                scope.types[arg.arg] = typ
        stack: list[ast.AST] = list(node.body)
        deferred: list[ast.AST] = []
        while stack:
            st = stack.pop()
            if isinstance(st, SCOPE_NODES):
                scope.defs[st.name] = f"{scope.qualname}.<locals>.{st.name}"
                continue
            if isinstance(st, (ast.Import, ast.ImportFrom)):
                for local, target in _import_bindings(st, self.package):
                    scope.imports[local] = target
                continue
            if isinstance(st, (ast.Assign, ast.AnnAssign, ast.With, ast.AsyncWith)):
                deferred.append(st)
            elif isinstance(st, (ast.For, ast.AsyncFor)) and isinstance(st.target, (ast.Name, ast.Tuple)):
                deferred.append(st)
            for field in ("body", "orelse", "finalbody"):
                stack.extend(getattr(st, field, None) or ())
            for handler in getattr(st, "handlers", None) or ():
                stack.extend(handler.body)
            if isinstance(st, ast.Match):
                for case in st.cases:
                    stack.extend(case.body)
        # In source order (a `with … as s:` before the `resp = s.get(…)` inside it); the last
        # typed assignment of a name wins, as when the function runs to its end.
        deferred.sort(key=lambda st: (st.lineno, st.col_offset))  # type: ignore[attr-defined]
        types = scope.types
        history: dict[str, list[tuple[tuple[int, int], str]]] | None = None
        if self._walrus:
            # `if not (client := get_client()):` — an assignment expression types its name like a
            # plain assignment when nothing else in the function does
            for sub in self._named_exprs_in(node):
                if sub.target.__class__ is ast.Name:  # type: ignore[attr-defined]
                    name = sub.target.id  # type: ignore[attr-defined]
                    if not types.get(name):
                        typ = self.value_type(sub.value)  # type: ignore[attr-defined]
                        if typ:
                            types[name] = typ
        for st in deferred:
            if st.__class__ is ast.Assign:
                if st.value.__class__ is ast.Dict and len(st.targets) == 1 and st.targets[0].__class__ is ast.Name:  # type: ignore[attr-defined]
                    refs = self._dict_refs(st.value)  # type: ignore[attr-defined]
                    if refs:
                        # `table = {"paid": self.on_paid, "refunded": self.on_refunded}`
                        self._local_dicts[(id(node), st.targets[0].id)] = refs  # type: ignore[attr-defined]
                if (self._dict_items or self._local_dicts) and len(st.targets) == 1 and st.targets[0].__class__ is ast.Name:  # type: ignore[attr-defined]
                    items = self._dispatched(st.value)  # type: ignore[attr-defined]
                    if items:
                        # `handler = HANDLERS.get(kind)`: calling `handler` calls one of the values
                        self._dispatch_locals[(id(node), st.targets[0].id)] = items  # type: ignore[attr-defined]
                for target in st.targets:  # type: ignore[attr-defined]
                    if target.__class__ is ast.Name and types.get(target.id) == "":  # type: ignore[attr-defined]
                        if scope.rebound is None:
                            scope.rebound = set()
                        scope.rebound.add(target.id)  # type: ignore[attr-defined]
                value = st.value  # type: ignore[attr-defined]
                if self._binds and (
                    scope.built is not None or (value.__class__ is ast.Call and names_class(value.func))
                ):
                    self._note_built(st, scope)  # type: ignore[arg-type]
            if isinstance(st, (ast.For, ast.AsyncFor)):
                # `for order in Order.objects.filter(...)`: each element is an `Order`;
                # `for url, connector in items` with `items: list[tuple[str, Connector]]` a
                # parameter: the annotation's element types. Other loops leave their target as
                # it was.
                target = st.target  # type: ignore[attr-defined]
                if (
                    self._literal_items
                    and target.__class__ is ast.Name
                    and st.iter.__class__ in (ast.Name, ast.Attribute)  # type: ignore[attr-defined]
                ):
                    items = self._literal_items.get(self.qualify(st.iter) or "")  # type: ignore[attr-defined]
                    if items:
                        # `for action in Service.actions: action(signal)`: every element is called
                        self._loop_items[(id(scope.node), target.id)] = items  # type: ignore[attr-defined]
                if (
                    self._record_items
                    and target.__class__ is ast.Name
                    and st.iter.__class__ is ast.Name  # type: ignore[attr-defined]
                    and st.iter.id in self._record_items  # type: ignore[attr-defined]
                    and st.iter.id not in types  # type: ignore[attr-defined]
                ):
                    # `for check in CHECKS: check["func"](**check["args"])`: any record's function
                    self._loop_records[(id(scope.node), target.id)] = self._record_items[st.iter.id]  # type: ignore[attr-defined]
                if target.__class__ is ast.Name:
                    typ = self.queryset_element_type(st.iter)  # type: ignore[attr-defined]
                    if typ:
                        types[target.id] = typ
                        continue
                iterated = st.iter  # type: ignore[attr-defined]
                if iterated.__class__ is ast.Name and types.get(iterated.id) == "":
                    annotation = _param_annotation(node, iterated.id)
                    if annotation is not None and not (scope.rebound and iterated.id in scope.rebound):
                        for name, typ in self._element_types(annotation, target):
                            if typ and not types.get(name):
                                types[name] = typ
            elif isinstance(st, (ast.With, ast.AsyncWith)):
                for item in st.items:
                    if isinstance(item.optional_vars, ast.Name):
                        if types.get(item.optional_vars.id) == "":
                            if scope.rebound is None:
                                scope.rebound = set()
                            scope.rebound.add(item.optional_vars.id)
                        typ = self.value_type(item.context_expr)
                        if typ:
                            scope.types[item.optional_vars.id] = typ
                        elif item.optional_vars.id not in scope.types:
                            scope.types[item.optional_vars.id] = ""
            else:
                self._record_assignment(st, scope, shadow=True)
                if st.__class__ is ast.Assign and len(st.targets) == 1:  # type: ignore[attr-defined]
                    target = st.targets[0]  # type: ignore[attr-defined]
                    if target.__class__ is ast.Name:
                        typ = types.get(target.id)
                        if typ:
                            if history is None:
                                history = {}
                            value = st.value  # type: ignore[attr-defined]
                            built = value.__class__ is ast.Call and names_class(value.func)
                            history.setdefault(target.id, []).append(
                                # ("", …) marks a value that is not an instance built here
                                ((st.end_lineno or st.lineno, st.end_col_offset or 0), typ if built else "")  # type: ignore[attr-defined]
                            )
        if history:
            for name, seen in history.items():
                # only instances of different classes built here (`checker = Remote(...)` in one
                # branch, `checker = Local(...)` in the next): a value read from elsewhere
                # (`f = self.files.get(...)`) may be of the same class under a name not resolved
                if any(not typ for _pos, typ in seen):
                    continue
                if len({typ for _pos, typ in seen}) > 1 and types.get(name) == seen[-1][1]:
                    if scope.retyped is None:
                        scope.retyped = {}
                    scope.retyped[name] = seen

    def _record_relation(self, st: ast.Assign, value: ast.Call, scope: Scope) -> None:
        """`customer = models.ForeignKey(Customer, …)` (or `OneToOneField`, `"Customer"` in this
        module): the attribute holds a `Customer`, whose methods the project pass follows."""
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in RELATION_FIELDS or len(st.targets) != 1 or not isinstance(st.targets[0], ast.Name):
            return
        callee = self.qualify(func) or ""
        if not callee.startswith(("django.", "modelcluster.")):
            return
        target = value.args[0]
        model: str | None = None
        if isinstance(target, (ast.Name, ast.Attribute)):
            model = self.qualify(target)
        elif isinstance(target, ast.Constant) and isinstance(target.value, str) and target.value.isidentifier():
            module_scope = self.scopes[0]
            model = module_scope.defs.get(target.value) or module_scope.imports.get(target.value)
        if model:
            scope.types[st.targets[0].id] = model

    @staticmethod
    def _note_built(st: ast.Assign, scope: Scope) -> None:
        """Scope.built: `syncer = Syncer(integration)`, a local assigned once from a call with
        arguments."""
        built = scope.built
        for target in st.targets:
            if target.__class__ is not ast.Name:
                continue
            name = target.id  # type: ignore[attr-defined]
            if built is not None and name in built:
                built[name] = None  # assigned again: which instance is unknown
                continue
            value = st.value
            if (
                value.__class__ is ast.Call
                and (value.args or value.keywords)  # type: ignore[attr-defined]
                and len(st.targets) == 1
                and names_class(value.func)  # type: ignore[attr-defined]
            ):
                if built is None:
                    built = scope.built = {}
                built[name] = value  # type: ignore[assignment]
            elif built is not None:
                built[name] = None

    def _prescan_class(self, node: ast.ClassDef, scope: Scope) -> None:
        # Attributes only declared in the class body (`docspec: ConverterProtocol`, no value): a
        # method's `self.docspec = DocSpecConverter()` names the concrete class, which wins.
        declared: set[str] | None = None
        for st in node.body:
            if isinstance(st, (ast.Assign, ast.AnnAssign)):
                self._record_assignment(st, scope)
                if st.__class__ is ast.AnnAssign and st.value is None and st.target.__class__ is ast.Name:  # type: ignore[attr-defined]
                    if declared is None:
                        declared = set()
                    declared.add(st.target.id)  # type: ignore[attr-defined]
                if isinstance(st, ast.Assign) and isinstance(st.value, ast.Call) and st.value.args:
                    self._record_relation(st, st.value, scope)
                elif isinstance(st, ast.Assign) and isinstance(st.value, (ast.Tuple, ast.List)):
                    self._note_literal_items(st, scope.qualname)
            elif isinstance(st, SCOPE_NODES):
                scope.defs[st.name] = f"{scope.qualname}.{st.name}"
        for st in node.body:
            if isinstance(st, FUNCTION_NODES) and st.args.args:
                self_name = st.args.args[0].arg
                attrs: list[ast.Assign] = []
                local_values: dict[str, list[ast.expr]] = {}  # the method's `name = value`s
                for sub in _walk_statements(st):
                    if isinstance(sub, ast.Assign) and len(sub.targets) == 1:
                        target = sub.targets[0]
                        if isinstance(target, (ast.Tuple, ast.List)):
                            # `self.session, self.expires_at = refresh_session(...)`
                            for elt, typ in self.unpacked_types(target, sub.value):
                                if (
                                    isinstance(elt, ast.Attribute)
                                    and isinstance(elt.value, ast.Name)
                                    and elt.value.id == self_name
                                    and elt.attr not in scope.types
                                ):
                                    scope.types[elt.attr] = typ
                        if isinstance(target, ast.Name):
                            local_values.setdefault(target.id, []).append(sub.value)
                        elif (
                            isinstance(target, ast.Attribute)
                            and isinstance(target.value, ast.Name)
                            and target.value.id == self_name
                        ):
                            attrs.append(sub)
                is_init = st.name == "__init__" and self._binds
                # a method's parameters, read only when it stores a plain name or is an __init__
                params = (
                    _param_annotations(st)
                    if is_init or any(sub.value.__class__ is ast.Name for sub in attrs)
                    else _NO_PARAMS
                )
                binds: list[tuple[int, str, str]] | None = [] if is_init else None
                for sub in attrs:
                    target = sub.targets[0]
                    assert isinstance(target, ast.Attribute)
                    value = sub.value
                    if binds is not None and isinstance(value, ast.Name) and value.id in params:
                        index, annotation, _default = params[value.id]
                        if value.id not in local_values and annotation is None:
                            # `self.integration = integration`: typed per instantiation by the
                            # project pass (FunctionFacts.init_binds)
                            binds.append((index, value.id, target.attr))
                    if target.attr in scope.types:
                        if not (
                            declared
                            and target.attr in declared
                            and value.__class__ is ast.Call
                            and names_class(value.func)  # type: ignore[attr-defined]
                        ):
                            continue
                        typ = self.value_type(value)
                        if typ:
                            scope.types[target.attr] = typ
                            declared.discard(target.attr)
                        continue
                    if isinstance(value, ast.Name) and value.id in params and value.id not in local_values:
                        # a parameter: its annotation or default (`session=session`: the
                        # module-level one), never a module-level name it merely hides
                        _index, annotation, default = params[value.id]
                        typ = self.annotation_type(annotation) if annotation is not None else None
                        if not typ and isinstance(default, (ast.Name, ast.Attribute, ast.Call)):
                            typ = self.value_type(default)
                            if typ and isinstance(default, ast.Attribute) and self.is_external_outbound(typ):
                                typ = None  # a default function, not a client
                        if typ:
                            scope.types[target.attr] = typ
                        continue
                    if value.__class__ is ast.BoolOp and value.op.__class__ is ast.Or and not self.value_type(value):  # type: ignore[attr-defined]
                        # `self.client = client or self._get_client()`: what the factory method
                        # (or a subclass's override of it) returns, when the argument is unknown
                        value = next(
                            (
                                v for v in value.values  # type: ignore[attr-defined]
                                if v.__class__ is ast.Call
                                and v.func.__class__ is ast.Attribute  # type: ignore[attr-defined]
                                and v.func.value.__class__ is ast.Name  # type: ignore[attr-defined]
                                and v.func.value.id == self_name  # type: ignore[attr-defined]
                            ),
                            value,
                        )
                    if isinstance(value, ast.Name) and value.id in local_values:
                        # `session = requests.Session(); …; self.session = session`: the local's
                        # first assignment of a known type (a local hides module-level names).
                        typ = next(
                            (t for t in map(self.value_type, local_values[value.id]) if t), None
                        )
                    elif (
                        value.__class__ is ast.Call
                        and value.func.__class__ is ast.Attribute  # type: ignore[attr-defined]
                        and value.func.value.__class__ is ast.Name  # type: ignore[attr-defined]
                        and value.func.value.id == self_name  # type: ignore[attr-defined]
                    ):
                        # `self.llm = self.get_llm()`: what the class's (or a base's) factory
                        # method returns, followed by the project pass (FunctionFacts.returns);
                        # a client class it is annotated to return, known here
                        typ = f"{scope.qualname}.{value.func.attr}"  # type: ignore[attr-defined]
                        typ = self._declared_client(typ) or typ
                    elif value.__class__ is ast.Call and (path := _self_path(value.func, self_name)):  # type: ignore[attr-defined]
                        # `self.s3 = self.aws_session.client("s3")`: a method of another attribute,
                        # read through the class's attribute types by the project pass
                        typ = f"{scope.qualname}.{path}"
                    else:
                        typ = self.value_type(value)
                    if typ:
                        scope.types[target.attr] = typ
                if binds is not None:
                    binds.extend(_super_init_binds(st, self_name, params, local_values))
                    if binds:
                        self._init_binds[f"{scope.qualname}.{st.name}"] = tuple(binds)
        # `@cached_property def session(self): return get_client()` is read as `self.session`:
        # the project pass follows the method's return type (FunctionFacts.returns).

    def push_scope(self, node: ast.AST) -> None:
        parent = self.scopes[-1]
        qualname = self._qualname_for(node.name)  # type: ignore[attr-defined]
        if isinstance(node, ast.ClassDef):
            bases = tuple(
                canonical_external(b) for b in (self.qualify(base) for base in node.bases) if b
            )
            scope = Scope("class", node.name, qualname, node)
            self._enter(scope)
            self._prescan_class(node, scope)
            facts = ClassFacts(
                qualname=qualname,
                line=node.lineno,
                bases=bases,
                methods=frozenset(
                    st.name for st in node.body if isinstance(st, FUNCTION_NODES)
                ),
                attrs={k: v for k, v in scope.types.items() if v} or None,
            )
            scope.facts = facts
            self.facts.classes[qualname] = facts
            return
        decorators = tuple(
            d
            for d in (self.qualify(_decorator_callee(dec)) for dec in node.decorator_list)  # type: ignore[attr-defined]
            if d
        )
        returns_annotation = node.returns  # type: ignore[attr-defined]
        declared = self.annotation_type(returns_annotation) if returns_annotation is not None else None
        scope = Scope("function", node.name, qualname, node)  # type: ignore[attr-defined]
        args = node.args  # type: ignore[attr-defined]
        positional = [*args.posonlyargs, *args.args]
        is_method = parent.kind == "class"
        static = any(d in ("staticmethod", "builtins.staticmethod") or d.endswith(".staticmethod") for d in decorators) or any(
            isinstance(dec, ast.Name) and dec.id == "staticmethod" for dec in node.decorator_list  # type: ignore[attr-defined]
        )
        if is_method and positional and not static:
            scope.self_name = positional[0].arg
        self._enter(scope)
        self._prescan_function(node, scope)  # type: ignore[arg-type]
        first = ""
        if is_method and len(positional) > 1:
            first = positional[1].arg
        elif not is_method and positional:
            first = positional[0].arg
        elif is_method and static and positional:
            first = positional[0].arg
        facts = FunctionFacts(
            qualname=qualname,
            line=node.lineno,  # type: ignore[attr-defined]
            first_param=first,
            decorators=decorators,
            is_method=is_method,
            returns=declared,
        )
        if is_method and qualname in self._init_binds:
            facts.init_binds = self._init_binds[qualname]
        if is_method and _is_abstract(node, decorators):  # type: ignore[arg-type]
            facts.abstract = True
        scope.facts = facts
        self.facts.functions[qualname] = facts

    def pop_scope(self) -> None:
        self.scopes.pop()
        self._derived.pop()

    # ------------------------------------------------------------------ resolution
    def _lookup(self, name: str, node: ast.AST | None = None) -> str | None:
        for scope in reversed(self.scopes):
            if scope.kind == "class" and scope is not self.scopes[-1]:
                continue  # class bodies do not enclose their methods' names
            if name in scope.types:
                if scope.retyped is not None and node is not None and name in scope.retyped:
                    return _type_at(scope.retyped[name], node) or scope.types[name] or None
                return scope.types[name] or None  # "" = a local of unknown type
            if name in scope.defs:
                return scope.defs[name]
            if name in scope.imports:
                return scope.imports[name]
        if self._callee and self.facts.star_imports and name not in BUILTIN_NAMES:
            # a callee brought in by `from pkg.common import *`: this module's member, looked up
            # in the star-imported modules by the project pass (only for what a call names: an
            # `except` clause's or an `isinstance` test's names stay unknown)
            return f"{self.module}.{name}"
        return None

    def qualify(self, expr: ast.AST | None) -> str | None:
        """Dotted reference for a name/attribute chain (`requests.Session.get`), or None."""
        if expr is None:
            return None
        if isinstance(expr, ast.Name):
            found = self._lookup(expr.id, expr)
            if found is None:
                own = self._own_class(expr.id)
                if own is not None:
                    return own.qualname  # `cls()` in a classmethod, `self` passed along
            return found
        if isinstance(expr, ast.Attribute):
            value = expr.value
            if isinstance(value, ast.Name):
                func, _, cls = self._derived[-1]
                if cls is not None and func.self_name and value.id == func.self_name:  # type: ignore[union-attr]
                    if expr.attr in cls.types:
                        return cls.types[expr.attr]
                    return f"{cls.qualname}.{expr.attr}"
                if cls is None and value.id in ("self", "cls"):
                    # a function nested in a method (`def fetch(repo): self.api.get(...)`, handed
                    # to a thread pool): `self` is the method's
                    outer = self._closure_class(value.id)
                    if outer is not None:
                        if expr.attr in outer.types:
                            return outer.types[expr.attr]
                        return f"{outer.qualname}.{expr.attr}"
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "super"
            ):
                # `super().get_token(…)` in a method: the member of the class's first base.
                cls = self._derived[-1][2]
                facts = cls.facts if cls is not None else None
                if isinstance(facts, ClassFacts) and facts.bases:
                    return f"{facts.bases[0]}.{expr.attr}"
                return None
            base = self.qualify(value)
            return f"{base}.{expr.attr}" if base else None
        if isinstance(expr, ast.Call):
            return self.value_type(expr)
        return None

    def _closure_class(self, name: str) -> Scope | None:
        """In a function nested in a method, the method's class when `name` is the method's
        `self`/`cls` and no function in between binds `name` again."""
        scopes = self.scopes
        for i in range(len(scopes) - 1, 0, -1):
            scope = scopes[i]
            if scope.kind != "function":
                return None
            if scope.self_name:
                parent = scopes[i - 1]
                return parent if scope.self_name == name and parent.kind == "class" else None
            args = getattr(scope.node, "args", None)
            if args is not None and any(
                a.arg == name for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)
            ):
                return None
            if name in scope.types:
                return None
        return None

    def _own_class(self, name: str) -> Scope | None:
        """The class whose method binds `name` as its first parameter (`self`/`cls`)."""
        func, _, cls = self._derived[-1]
        if cls is not None and func.self_name and name == func.self_name:  # type: ignore[union-attr]
            return cls
        return None

    def value_type(self, expr: ast.AST) -> str | None:
        """The type (class or factory reference) of an expression's value, when known."""
        if isinstance(expr, ast.Call):
            func = expr.func
            if (
                func.__class__ is ast.Name
                and func.id == "staticmethod"  # type: ignore[attr-defined]
                and len(expr.args) == 1
                and isinstance(expr.args[0], (ast.Name, ast.Attribute))
                and self._lookup("staticmethod") is None
            ):
                # `get_api = staticmethod(make_api_client)` in a class body: `self.get_api()`
                # calls `make_api_client`
                return self.qualify(expr.args[0])
            if func.__class__ is ast.Name and func.id == "getattr" and len(expr.args) >= 2:  # type: ignore[attr-defined]
                return self._getattr_member(expr)
            if func.__class__ is ast.Attribute and func.attr in _SA_ONE:  # type: ignore[attr-defined]
                model = _sqlalchemy_model(expr)
                if model is not None:
                    return self.qualify(model)
            callee = self.qualify(func)
            if not callee and self.facts.star_imports and not self._callee and names_class(func):
                # `gen = Generator(logger)` with `Generator` brought in by `from pkg.llm import *`:
                # an instance of this module's member of that name, as for a call of it
                self._callee = True
                try:
                    callee = self.qualify(func)
                finally:
                    self._callee = False
            if not callee:
                return None
            callee = canonical_external(callee)
            declared = self._declared_client(callee)
            if declared:
                # `def _create_client(self) -> httpx.AsyncClient` in this file: that client
                return declared
            if callee in _IMPORT_STRING_CALLS:
                # `import_string("apps.pay.backends.Stripe")`: that class; a name from the
                # configuration (`import_string(settings.PAYMENT_BACKEND)`): one of the project's
                # implementations, decided by the project pass from the methods called on it
                if len(expr.args) == 1 and not expr.keywords:
                    arg = expr.args[0]
                    if arg.__class__ is ast.Constant and isinstance(arg.value, str):  # type: ignore[attr-defined]
                        path = arg.value  # type: ignore[attr-defined]
                        return path if all(p.isidentifier() for p in path.split(".")) and "." in path else None
                    return DYNAMIC_IMPORT
                return None
            if callee in _GET_MODEL_CALLS:
                # `apps.get_model("billing", "Invoice")` / `("billing.Invoice")`: the project model
                # class (found by the project pass from the app label and the class name)
                return _model_lookup_ref(expr)
            if callee in _UNWRAPPING_CALLS and expr.args:
                # `async_to_sync(fetch)(url)` calls `fetch`; `get_object_or_404(Order, pk=pk)` is
                # an `Order` (a queryset argument: what its `.get()` returns).
                inner = expr.args[0]
                if isinstance(inner, (ast.Name, ast.Attribute)):
                    return self.qualify(inner)
                if isinstance(inner, ast.Call) and _UNWRAPPING_CALLS[callee]:
                    typ = self.value_type(inner)
                    if not typ:
                        return None
                    # a queryset argument, however built (`Order.objects.for_user(u)`, a custom
                    # manager method): get_object_or_404 answers one of its model's instances
                    parts = typ.split(".")
                    i = _manager_position(parts)
                    if i is not None:
                        return ".".join(parts[: i + 1]) + ".get"
                    return f"{typ}.get"
                return None
            return callee
        if isinstance(expr, (ast.Name, ast.Attribute)):
            return self.qualify(expr)
        if isinstance(expr, ast.Await):
            return self.value_type(expr.value)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            # `self.session = session or requests.Session()`: the first operand of a known type
            for value in expr.values:
                typ = self.value_type(value)
                if typ:
                    return typ
        if isinstance(expr, ast.IfExp):
            # `client = session if session else requests.Session()`: the branch of a known type,
            # when the other is unknown or agrees (`text.decode() if … else text` is neither)
            body, orelse = self.value_type(expr.body), self.value_type(expr.orelse)
            return body if not orelse or body == orelse else orelse if not body else None
        return None

    def _getattr_member(self, expr: ast.Call) -> str | None:
        """The member `getattr(obj, name)` reads: `getattr(client, "users_info")` is
        `<client>.users_info`; a verb chosen at run time (`getattr(requests, method)`,
        `getattr(self.session, verb.lower())`) is the client's generic `request` when `obj` is a
        known HTTP/SDK client, or any other object but `self` when the name says it holds an
        HTTP method (the project pass resolves the attribute's type)."""
        if self._lookup("getattr") is not None:
            return None  # a project function of that name
        target, name = expr.args[0], expr.args[1]
        if target.__class__ is ast.Call:
            # a client built or handed out by a call (`getattr(self.session(), method)`,
            # `getattr(requests.Session(), verb)`): the type of that call's value
            owner = self.value_type(target)
        elif target.__class__ in (ast.Name, ast.Attribute):
            owner = self.qualify(target)
        else:
            return None
        if not owner:
            return None
        owner = canonical_external(owner)
        if name.__class__ is ast.Constant:
            value = name.value  # type: ignore[attr-defined]
            return f"{owner}.{value}" if isinstance(value, str) and value.isidentifier() else None
        if owner in ("requests", "httpx") or "request" in CLIENT_CLASS_METHODS.get(owner, ()):
            return f"{owner}.request"
        if target.__class__ is ast.Name and (target.id in ("self", "cls") or self._own_class(target.id)):  # type: ignore[attr-defined]
            return None  # `getattr(self, request.method.lower())`: a handler of this class
        spelled = name
        while spelled.__class__ is ast.Call and spelled.func.__class__ is ast.Attribute:  # type: ignore[attr-defined]
            spelled = spelled.func.value  # type: ignore[attr-defined]  # `method.lower()`
        word = spelled.id if spelled.__class__ is ast.Name else spelled.attr if spelled.__class__ is ast.Attribute else ""  # type: ignore[attr-defined]
        if _HTTP_METHOD_NAME.search(word):
            return f"{owner}.request"
        return None

    def _declared_client(self, callee: str) -> str | None:
        """The HTTP/SDK client class a function or method of this file (module level, or in a
        module-level class) is annotated to return (`-> httpx.AsyncClient`), when the outbound
        model knows that class; None otherwise. Built once per file, on first need."""
        found = self._client_returns
        if found is None:
            found = self._client_returns = {}
            if "->" in self.source:
                module = self.module
                for st in self.tree.body:
                    members = [(f"{module}.{st.name}", st)] if st.__class__ in FUNCTION_NODES else []  # type: ignore[attr-defined]
                    if st.__class__ is ast.ClassDef:
                        members = [
                            (f"{module}.{st.name}.{sub.name}", sub)  # type: ignore[attr-defined]
                            for sub in st.body  # type: ignore[attr-defined]
                            if sub.__class__ in FUNCTION_NODES
                        ]
                    for qualname, node in members:
                        if node.returns is None:  # type: ignore[attr-defined]
                            continue
                        typ = self.annotation_type(node.returns)  # type: ignore[attr-defined]
                        if typ and typ in CLIENT_CLASS_METHODS:
                            found[qualname] = typ
        return found.get(callee) if found else None

    def queryset_element_type(self, expr: ast.AST) -> str | None:
        """The type of the elements of a Django queryset built on a manager
        (`Order.objects.filter(...)`, `Order.objects.all()`): what its `.get()` returns, which the
        project pass types as the model (when `Order` is a project model). None for anything
        else, `values()`/`values_list()` (dicts and tuples) included."""
        if not isinstance(expr, ast.Call):
            return None
        related = _related_set_model(expr)
        if related:
            # `for r in alert.alertrecipient_set.all()`: instances of the project model whose
            # lowercased name is `alertrecipient` (found by the project pass)
            return f"{MODEL_LOOKUP}.{ANY_APP}.{related}.objects.get"
        typ = self.value_type(expr)
        if not typ:
            return None
        parts = typ.split(".")
        i = _manager_position(parts)
        if i is None:
            return None
        rest = parts[i + 1:]
        return f"{typ}.get" if rest and all(name in QUERYSET_METHODS for name in rest) else None

    def _element_types(self, annotation: ast.expr, target: ast.expr) -> list[tuple[str, str]]:
        """(name, type) for a loop target over a value annotated as a container of elements
        (`list[Connector]`, `Iterable[tuple[str, Connector]]`, `dict[str, Connector].values()` is
        not read)."""
        if annotation.__class__ is ast.Constant and isinstance(annotation.value, str):  # type: ignore[attr-defined]
            try:
                annotation = ast.parse(annotation.value, mode="eval").body  # type: ignore[attr-defined]
            except SyntaxError:
                return []
        if annotation.__class__ is not ast.Subscript:
            return []
        outer = self._generic_name(annotation.value)  # type: ignore[attr-defined]
        if outer not in _ELEMENT_CONTAINERS:
            return []
        element = annotation.slice  # type: ignore[attr-defined]
        if element.__class__ is ast.Tuple:
            return []  # `tuple[A, B]` itself, `dict[K, V]`: not one element type
        if target.__class__ is ast.Name:
            typ = self.annotation_type(element)
            return [(target.id, typ)] if typ else []  # type: ignore[attr-defined]
        if target.__class__ is not ast.Tuple or element.__class__ is not ast.Subscript:
            return []
        inner = self._generic_name(element.value)  # type: ignore[attr-defined]
        items = element.slice  # type: ignore[attr-defined]
        if inner not in ("tuple", "Tuple") or items.__class__ is not ast.Tuple:
            return []
        if len(items.elts) != len(target.elts):  # type: ignore[attr-defined]
            return []
        found = []
        for elt, item in zip(target.elts, items.elts):  # type: ignore[attr-defined]
            if elt.__class__ is ast.Name:
                typ = self.annotation_type(item)
                if typ:
                    found.append((elt.id, typ))  # type: ignore[attr-defined]
        return found

    def _generic_name(self, expr: ast.expr) -> str:
        """`list` / `typing.List` / `t.Sequence` → its last name (builtins are not imported)."""
        name = self.qualify(expr)
        if name:
            return name.rpartition(".")[2]
        return expr.id if expr.__class__ is ast.Name else ""  # type: ignore[attr-defined]

    def unpacked_types(self, target: ast.Tuple | ast.List, value: ast.expr) -> list[tuple[ast.expr, str]]:
        """`a, b = helper()`: each target element with its type `helper.__item<i>__` (the project
        pass reads the helper's FunctionFacts.returns_items); nothing for starred targets or other
        values."""
        if not isinstance(value, ast.Call) or any(isinstance(e, ast.Starred) for e in target.elts):
            return []
        callee = self.value_type(value)
        if not callee:
            return []
        return [(elt, f"{callee}.__item{i}__") for i, elt in enumerate(target.elts)]

    def annotation_type(self, annotation: ast.AST) -> str | None:
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            name = self.qualify(annotation)
            if not name or name in _UNINFORMATIVE_ANNOTATIONS or (
                annotation.__class__ is ast.Name and annotation.id in ("Any", "object") and "." not in name  # type: ignore[attr-defined]
            ):
                # `-> Any`, `-> object`, googleapiclient's untyped `Resource`: says nothing the
                # body's value does not (`return build("drive", "v3")`), which then types it
                return None
            return canonical_external(name)
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                parsed = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
            return self.annotation_type(parsed)
        if isinstance(annotation, ast.BinOp):  # `X | None`
            return self.annotation_type(annotation.left) or self.annotation_type(annotation.right)
        if isinstance(annotation, ast.Subscript):  # `Optional[X]`, `Union[X, None]`
            outer = self.qualify(annotation.value)
            if outer and outer.rpartition(".")[2] in ("Optional", "Union"):
                inner = annotation.slice
                for elt in inner.elts if isinstance(inner, ast.Tuple) else (inner,):
                    typ = self.annotation_type(elt)
                    if typ:
                        return typ
        return None

    def resolve_call(self, call: ast.Call) -> str | None:
        # The walker resolves every call once for the facts (record_call), before any rule visits
        # it; rules asking again from the same innermost scope get that answer.
        hit = self._calls.get(id(call))
        if hit is not None and hit[0] is self.scopes[-1]:
            return hit[1]
        if self.facts.star_imports:
            self._callee = True
            try:
                name = self.qualify(call.func)
            finally:
                self._callee = False
        else:
            name = self.qualify(call.func)
        return canonical_external(name) if name else None

    def is_external_outbound(self, name: str | None) -> bool:
        return bool(name) and external_outbound(name, self.extra_clients)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ facts
    def record_call(self, call: ast.Call) -> bool:
        """Record a call's facts; True when it defers what its arguments call (`on_commit(lambda:
        notify(pk))`): those calls run after the transaction commits, not as part of this
        function (the walker does not record them while it walks the arguments)."""
        name = self.resolve_call(call)
        self._calls[id(call)] = (self.scopes[-1], name)
        func = call.func
        cls = func.__class__
        defers = (cls is ast.Attribute and func.attr in _DEFERRING_CALLS) or (  # type: ignore[attr-defined]
            cls is ast.Name and func.id in _DEFERRING_CALLS  # type: ignore[attr-defined]
        )
        if self.deferring:
            return defers
        scope = self.function_scope
        if scope is not None and scope.defs and (call.args or call.keywords):
            self._note_local_callbacks(call, scope)
        if scope is not None and func.__class__ is ast.Attribute and func.attr in _SURFACING_CALLS:  # type: ignore[attr-defined]
            self._note_surfacing(func, name, scope)  # type: ignore[arg-type]
        if self._loop_items and scope is not None:
            self._note_loop_item_call(call, scope)
        if (self._dict_items or self._loop_records or self._local_dicts) and scope is not None and isinstance(scope.facts, FunctionFacts):
            for ref in self.dispatch_calls(call):
                scope.facts.calls.append((ref, call.lineno))
        if func.__class__ is ast.Attribute and func.attr == "add_url_rule":  # type: ignore[attr-defined]
            self._note_url_rule(call)
        if scope is not None and func.__class__ is ast.Attribute and func.attr == "retry":  # type: ignore[attr-defined]
            self._note_handed_retry(func, scope)  # type: ignore[arg-type]
        if name is not None and name.endswith("HTTPAdapter") and name in _REQUESTS_ADAPTERS:
            self._note_retrying_adapter(call, scope)
        if name is not None and (call.args or call.keywords) and names_class(func) and _credential_args(call):
            found = self.facts.credentialed
            if found is None:
                found = self.facts.credentialed = []
            if name not in found:
                found.append(name)
        if name is None:
            if scope is not None and self._binds:
                self._note_param_use(call, scope)
            return defers
        if scope is None and self._binds and (call.args or call.keywords) and names_class(func):
            # `api = PartnersAPI(session=session)` at module level: what the instance stores
            found = self._arg_refs(call)
            if found:
                if self.facts.call_args is None:
                    self.facts.call_args = []
                self.facts.call_args.append((name, call.lineno, found))
        if scope is not None:
            facts = scope.facts
            assert isinstance(facts, FunctionFacts)
            if (call.args or call.keywords) and self._binds and name.partition(".")[0] not in _NO_ARG_FACTS:
                self._note_call_args(call, name, facts)
                if call.args and "<locals>" in scope.qualname:
                    self._note_handoff(call, name, scope)
            if func.__class__ is ast.Attribute and self._binds:
                receiver = func.value  # type: ignore[attr-defined]
                if (receiver.__class__ is ast.Call and names_class(receiver.func)) or (  # type: ignore[attr-defined]
                    receiver.__class__ is ast.Name and scope.built
                ):
                    self._note_bound_call(call, name, scope, facts)
            if facts.outbound is None and self.is_external_outbound(name):
                facts.outbound = (name, call.lineno)
            facts.calls.append((name, call.lineno))
            func = call.func
            if func.__class__ is ast.Name and scope.types.get(func.id):  # type: ignore[attr-defined]
                # `connect = get_connect_method(); connect(...)`: a call of the value a local holds
                # (FunctionFacts.returns_function), read by the project pass as `<value>.()`
                facts.calls.append((f"{name}.()", call.lineno))
            cls = self.class_scope
            if cls is not None and isinstance(cls.facts, ClassFacts):
                func = call.func
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr == "retry"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == scope.self_name
                ):
                    cls.facts.retry_policy = True
        if name in URL_FUNCTIONS or (name.endswith(".register") and len(call.args) >= 2):
            view = call.args[1] if len(call.args) >= 2 else None
            if view is None:
                for kw in call.keywords:
                    if kw.arg in ("view", "viewset"):
                        view = kw.value
            if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) and view.func.attr == "as_view":
                view = view.func.value
            ref = self.qualify(view) if view is not None else None
            if ref:
                self.facts.url_refs.append(ref)
        return defers

    def _note_url_rule(self, call: ast.Call) -> None:
        """Flask/Quart routing by call (an app, a blueprint, a project subclass of either, or an
        `app` handed to a routes function): `app.add_url_rule("/p", view_func=f)`,
        `bp.add_url_rule("/p", "name", View.as_view("n"))` route `f` / `View` (ModuleFacts.url_refs)."""
        view = call.args[2] if len(call.args) >= 3 else None
        for kw in call.keywords:
            if kw.arg == "view_func":
                view = kw.value
        if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) and view.func.attr == "as_view":
            view = view.func.value
        ref = self.qualify(view) if isinstance(view, (ast.Name, ast.Attribute)) else None
        if ref:
            self.facts.url_refs.append(ref)

    def _names_function(self, ident: str) -> bool:
        """`ident` is bound by a `def` (or an import) rather than a typed assignment."""
        for scope in reversed(self.scopes):
            if scope.kind == "class" and scope is not self.scopes[-1]:
                continue
            if ident in scope.types:
                return False
            if ident in scope.defs or ident in scope.imports:
                return True
        return False

    def _note_handed_retry(self, func: ast.Attribute, scope: Scope) -> None:
        """`task.retry(...)` on a parameter, `self.celery_task.retry(...)` on an attribute of the
        instance: FunctionFacts.retries_handed (a bound task handed here may be retried)."""
        root = func.value
        depth = 0
        while root.__class__ is ast.Attribute:
            root = root.value  # type: ignore[attr-defined]
            depth += 1
        if root.__class__ is not ast.Name or not isinstance(scope.facts, FunctionFacts):
            return
        ident = root.id  # type: ignore[attr-defined]
        if (depth and ident == scope.self_name) or (not depth and ident in (self._params(scope) or {})):
            scope.facts.retries_handed = True

    def _note_retrying_adapter(self, call: ast.Call, scope: Scope | None) -> None:
        """`HTTPAdapter(max_retries=Retry(total=3))` (or a third positional argument): the function
        (or module) builds a retrying transport adapter (FunctionFacts.retrying_adapter)."""
        retries = call.args[2] if len(call.args) > 2 else None
        for kw in call.keywords:
            if kw.arg == "max_retries":
                retries = kw.value
        if retries is None or (retries.__class__ is ast.Constant and not retries.value):  # type: ignore[attr-defined]
            return  # no retries, `max_retries=0`/`None`
        facts = scope.facts if scope is not None else self.facts
        if isinstance(facts, (FunctionFacts, ModuleFacts)):
            facts.retrying_adapter = True

    def _note_param_use(self, call: ast.Call, scope: Scope) -> None:
        """`fn(x)` / `client.post(...)` where `fn`/`client` is an untyped parameter of the function:
        FunctionFacts.param_uses, bound to each call site's arguments by the project pass."""
        func = root = call.func
        while root.__class__ is ast.Attribute:
            root = root.value  # type: ignore[attr-defined]
        if root.__class__ is not ast.Name:
            return
        name = root.id  # type: ignore[attr-defined]
        defers = func.__class__ is ast.Attribute and func.value is root and func.attr in _DEFER_ATTRS  # type: ignore[attr-defined]
        if not defers and scope.types.get(name) != "":
            return  # the common case: a typed local, or not a name of this function
        params = self._params(scope)
        if not defers and name not in params:
            return  # an untyped local, not a parameter
        path: list[str] = []
        while func.__class__ is ast.Attribute:
            path.append(func.attr)  # type: ignore[attr-defined]
            func = func.value  # type: ignore[attr-defined]
        if defers:
            # `task.si(...)` / `fn.delay(...)` on a parameter of this or an enclosing function
            # (`def queued(task): def wrapped(*a): enqueue(task.si(*a))`): it defers what it is given.
            for outer in reversed(self.scopes):
                if outer.kind == "function" and name in self._params(outer):
                    if isinstance(outer.facts, FunctionFacts):
                        outer.facts.defers_param = True
                    break
            return
        index = params.get(name) if params else None
        if index is None or scope.types.get(name) != "" or scope is not self.scopes[-1]:
            return
        if scope.rebound and name in scope.rebound:
            return  # rebound in the body: no longer the caller's argument
        facts = scope.facts
        if not isinstance(facts, FunctionFacts):
            return
        types: tuple[str, ...] = ()
        if not path:
            if self._param_escapes(scope, name):
                return
            items = []
            for arg in call.args:
                if arg.__class__ is ast.Starred:
                    break
                items.append(self.value_type(arg) or "")
            types = tuple(items)
        if facts.param_uses is None:
            facts.param_uses = []
        facts.param_uses.append((index, name, ".".join(reversed(path)), call.lineno, types))

    def _note_literal_items(self, st: ast.Assign, owner: str) -> None:
        """`actions = (CreateContainer(), Notify())`: the element types of a literal tuple/list of
        instances of classes (every element a `CapWords(...)` call of a known type)."""
        if len(st.targets) != 1 or st.targets[0].__class__ is not ast.Name or not owner:
            return
        elts = st.value.elts  # type: ignore[attr-defined]
        if not elts or len(elts) > 16:
            return
        types: list[str] = []
        for elt in elts:
            if elt.__class__ is not ast.Call or not names_class(elt.func):  # type: ignore[attr-defined]
                return
            typ = self.value_type(elt)
            if not typ:
                return
            types.append(typ)
        self._literal_items[f"{owner}.{st.targets[0].id}"] = tuple(types)  # type: ignore[attr-defined]

    def _note_dict_items(self, st: ast.Assign) -> None:
        """`HANDLERS = {"ban": ban.geocode, "ods": Opendatasoft}` at module level: every value a
        function or class named by reference (not a call, not a literal), 2 to 32 of them."""
        if len(st.targets) != 1 or st.targets[0].__class__ is not ast.Name:
            return
        refs = self._dict_refs(st.value)  # type: ignore[arg-type]
        if refs:
            self._dict_items[st.targets[0].id] = refs  # type: ignore[attr-defined]

    def _dict_refs(self, literal: ast.Dict) -> tuple[str, ...]:
        """The values of a dict literal of 2 to 32 functions/classes/bound methods named by
        reference (not a call, not a literal); empty when any value is something else."""
        values = literal.values
        if not 2 <= len(values) <= 32 or None in literal.keys:
            return ()
        refs: list[str] = []
        for value in values:
            if value.__class__ not in (ast.Name, ast.Attribute):
                return ()
            ref = self.qualify(value)
            if not ref or ref.partition(".")[0] in BUILTIN_NAMES:
                return ()
            refs.append(ref)
        return tuple(dict.fromkeys(refs))

    def _note_record_items(self, st: ast.Assign) -> None:
        """`CHECKS = [{"func": ping_orcid, "args": {...}}, {"func": ping_ror, ...}]` at module level:
        a literal list/tuple of 2 to 64 dict literals with string keys; a key whose every value is
        a function or class named by reference (never a call or a literal) names the callables."""
        if len(st.targets) != 1 or st.targets[0].__class__ is not ast.Name:
            return
        elts = st.value.elts  # type: ignore[attr-defined]
        if not 2 <= len(elts) <= 64 or any(e.__class__ is not ast.Dict for e in elts):
            return
        found: dict[str, list[str]] = {}
        spoilt: set[str] = set()
        for record in elts:
            for key, value in zip(record.keys, record.values):  # type: ignore[attr-defined]
                if key is None or key.__class__ is not ast.Constant or not isinstance(key.value, str):
                    return
                word = key.value  # type: ignore[attr-defined]
                ref = self.qualify(value) if value.__class__ in (ast.Name, ast.Attribute) else None
                if not ref or ref.partition(".")[0] in BUILTIN_NAMES:
                    spoilt.add(word)
                    continue
                found.setdefault(word, []).append(ref)
        table = {word: tuple(dict.fromkeys(refs)) for word, refs in found.items() if word not in spoilt}
        if table:
            self._record_items[st.targets[0].id] = table  # type: ignore[attr-defined]

    def _record_dispatch(self, func: ast.expr) -> tuple[str, ...]:
        """`check["func"]` / `check.get("func")` with `check` iterating a table of records."""
        if func.__class__ is ast.Subscript:
            holder, key = func.value, func.slice  # type: ignore[attr-defined]
        elif (
            func.__class__ is ast.Call
            and func.func.__class__ is ast.Attribute  # type: ignore[attr-defined]
            and func.func.attr == "get"  # type: ignore[attr-defined]
            and func.args  # type: ignore[attr-defined]
        ):
            holder, key = func.func.value, func.args[0]  # type: ignore[attr-defined]
        else:
            return ()
        scope = self.function_scope
        if scope is None or holder.__class__ is not ast.Name or key.__class__ is not ast.Constant:
            return ()
        table = self._loop_records.get((id(scope.node), holder.id))  # type: ignore[attr-defined]
        if not table or not isinstance(key.value, str):  # type: ignore[attr-defined]
            return ()
        return table.get(key.value, ())  # type: ignore[attr-defined]

    def _dispatched(self, expr: ast.expr) -> tuple[str, ...]:
        """The values of a module-level dict of functions/classes that `expr` picks one of:
        `HANDLERS[kind]`, `HANDLERS.get(kind)` (also with a default)."""
        if expr.__class__ is ast.Subscript:
            holder = expr.value  # type: ignore[attr-defined]
        elif (
            expr.__class__ is ast.Call
            and expr.func.__class__ is ast.Attribute  # type: ignore[attr-defined]
            and expr.func.attr == "get"  # type: ignore[attr-defined]
            and expr.args  # type: ignore[attr-defined]
        ):
            holder = expr.func.value  # type: ignore[attr-defined]
        else:
            return ()
        if holder.__class__ is not ast.Name:
            return ()
        if self._local_dicts:
            scope = self.function_scope
            local = self._local_dicts.get((id(scope.node), holder.id)) if scope is not None else None  # type: ignore[attr-defined]
            if local:
                return local
        if holder.id not in self._dict_items:  # type: ignore[attr-defined]
            return ()
        for scope in reversed(self.scopes[1:]):
            if holder.id in scope.types or holder.id in scope.imports:  # type: ignore[attr-defined]
                return ()  # a local or an import of that name hides the module's dict
        return self._dict_items[holder.id]  # type: ignore[attr-defined]

    def dispatch_calls(self, call: ast.Call) -> tuple[str, ...]:
        """`HANDLERS[kind](x)`, `HANDLERS.get(kind)(x)`, or `handler(x)` with `handler =
        HANDLERS.get(kind)`, `HANDLERS` a module-level dict of functions/classes by reference:
        the references of the values, any of which the call may run. Empty otherwise."""
        func = call.func
        if self._loop_records:
            found = self._record_dispatch(func)
            if found:
                return found
        if not self._dict_items and not self._local_dicts:
            return ()
        if func.__class__ is ast.Name:
            scope = self.function_scope
            if scope is None:
                return ()
            return self._dispatch_locals.get((id(scope.node), func.id), ())  # type: ignore[attr-defined]
        return self._dispatched(func)  # type: ignore[arg-type]

    def loop_item_calls(self, call: ast.Call) -> tuple[str, ...]:
        """`action(signal)` / `action.run(signal)` where `action` iterates a literal tuple of
        instances (`for action in Service.actions`): the references of each element's
        `__call__` / method, every one of which the loop calls. Empty otherwise."""
        scope = self.function_scope
        if not self._loop_items or scope is None:
            return ()
        func = call.func
        member = "__call__"
        if func.__class__ is ast.Attribute and func.value.__class__ is ast.Name:  # type: ignore[attr-defined]
            member = func.attr  # type: ignore[attr-defined]
            func = func.value  # type: ignore[attr-defined]
        if func.__class__ is not ast.Name:
            return ()
        items = self._loop_items.get((id(scope.node), func.id))  # type: ignore[attr-defined]
        if not items or scope.types.get(func.id):  # type: ignore[attr-defined]
            return ()
        return tuple(f"{typ}.{member}" for typ in dict.fromkeys(items))

    def _note_loop_item_call(self, call: ast.Call, scope: Scope) -> None:
        """FunctionFacts.calls: each element's method a loop over a literal tuple calls."""
        facts = scope.facts
        if isinstance(facts, FunctionFacts):
            for ref in self.loop_item_calls(call):
                facts.calls.append((ref, call.lineno))

    def _note_handoff(self, call: ast.Call, name: str, scope: Scope) -> None:
        """FunctionFacts.defers_via: in a function nested in a decorator, the decorated function
        (a parameter of an enclosing function) handed to a call (`def wrapper(func): def
        wrapped(*a, **kw): enqueue_postcommit_task(func, a, kw)`), recorded on every enclosing
        function up to the decorator factory."""
        names = {arg.id for arg in call.args if arg.__class__ is ast.Name}  # type: ignore[attr-defined]
        if not names:
            return
        outers = [s for s in self.scopes if s.kind == "function" and s is not scope]
        if not any(names & self._params(outer).keys() for outer in outers):
            return
        called = self._called_names.get(id(scope))
        if called is None:
            # the names the wrapper calls, scanned once per wrapper (not once per handing call)
            called = self._called_names[id(scope)] = frozenset(
                sub.func.id  # type: ignore[attr-defined]
                for sub in ast.walk(scope.node)  # type: ignore[arg-type]
                if sub.__class__ is ast.Call and sub.func.__class__ is ast.Name  # type: ignore[attr-defined]
            )
        if names & called:
            return  # the wrapper also calls it itself
        for outer in outers:
            if isinstance(outer.facts, FunctionFacts) and name not in outer.facts.defers_via:
                outer.facts.defers_via = (*outer.facts.defers_via, name)

    def untyped_parameter_member(self, func: ast.expr) -> tuple[int, str, str] | None:
        """`api.session.post` where `api` is an untyped parameter (`untyped_parameter`): (its
        position, its name, the dotted member called on it: `session.post`)."""
        path: list[str] = []
        root = func
        while isinstance(root, ast.Attribute):
            path.append(root.attr)
            root = root.value
        if not path or not isinstance(root, ast.Name):
            return None
        index = self.untyped_parameter(root.id)
        if index is None:
            return None
        return index, root.id, ".".join(reversed(path))

    def untyped_parameter(self, name: str) -> int | None:
        """The position (after `self`; -1 keyword-only) of `name` when it is an untyped parameter
        of the function we are directly in that its body never rebinds: what it holds is what the
        callers pass (the project pass binds their arguments)."""
        scope = self.function_scope
        if scope is None or scope is not self.scopes[-1] or scope.types.get(name) != "":
            return None
        if scope.rebound and name in scope.rebound:
            return None
        return self._params(scope).get(name)

    def _params(self, scope: Scope) -> dict[str, int]:
        """Scope.params, built on first need: the parameters, not `self`/`cls` (whether the body
        rebinds one is checked when a use of it is recorded, `_rebound`)."""
        params = scope.params
        if params is None:
            params = {}
            node = scope.node
            args = getattr(node, "args", None)
            if args is not None:
                positional = [*args.posonlyargs, *args.args]
                if scope.self_name and positional and positional[0].arg == scope.self_name:
                    positional = positional[1:]
                params = {a.arg: i for i, a in enumerate(positional)}
                for a in args.kwonlyargs:
                    params[a.arg] = -1
            scope.params = params
        return params

    def _param_escapes(self, scope: Scope, name: str) -> bool:
        """The parameter is used otherwise than by calling it (stored, passed on, `fn.si(...)`; reading
        its `__name__`/`__qualname__`/`__module__` for a log line, or comparing it with the functions
        it may be, is not such a use):
        the function may defer or skip calling it (`def enqueue(fn, args): queue.append(partial(fn,
        *args))`), so calling it is not taken as what the function does. Scanned once per
        parameter, only for parameters that are called."""
        key = (id(scope), name)
        memo = self._escapes
        if key not in memo:
            called: set[int] = set()
            loads: list[ast.Name] = []
            own = scope.name
            for node in ast.walk(scope.node):  # type: ignore[arg-type]
                if node.__class__ is ast.Call:
                    func = node.func  # type: ignore[attr-defined]
                    if func.__class__ is ast.Name and func.id == name:
                        called.add(id(func))
                    elif (func.id if func.__class__ is ast.Name else getattr(func, "attr", None)) == own:
                        # handed to the function itself (`return retry_on_error(error, func, *args)`
                        # after a failed `func(*args)`): a recursive retry calls it again, not keeps it
                        for arg in (*node.args, *(kw.value for kw in node.keywords)):  # type: ignore[attr-defined]
                            if arg.__class__ is ast.Name and arg.id == name:
                                called.add(id(arg))
                elif node.__class__ is ast.Attribute:
                    value = node.value  # type: ignore[attr-defined]
                    if value.__class__ is ast.Name and value.id == name and node.attr in _NAME_ATTRS:  # type: ignore[attr-defined]
                        called.add(id(value))  # `fn.__name__` in a log line: read, not kept
                elif node.__class__ is ast.Compare:
                    # `fn not in ALLOWED`, `fn == requests.get`: checked, not kept
                    for operand in (node.left, *node.comparators):  # type: ignore[attr-defined]
                        if operand.__class__ is ast.Name and operand.id == name:  # type: ignore[attr-defined]
                            called.add(id(operand))
                elif node.__class__ is ast.Name and node.id == name:  # type: ignore[attr-defined]
                    loads.append(node)  # type: ignore[arg-type]
            memo[key] = any(id(n) not in called for n in loads)
        return memo[key]

    def _note_bound_call(self, call: ast.Call, name: str, scope: Scope, facts: FunctionFacts) -> None:
        """FunctionFacts.bound_calls: a method called on an instance built here with arguments
        that are resolvable names (`Syncer(integration).run()`; `syncer = Syncer(integration)`
        then `syncer.run()`)."""
        receiver = call.func.value  # type: ignore[attr-defined]
        if receiver.__class__ is ast.Name:
            built = scope.built
            if built is None:
                return
            receiver = built.get(receiver.id)  # type: ignore[attr-defined]
            if receiver is None or scope.types.get(call.func.value.id) is None:  # type: ignore[attr-defined]
                return
        elif receiver.__class__ is not ast.Call or not (receiver.args or receiver.keywords):  # type: ignore[attr-defined]
            return
        if name.partition(".")[0] in _NO_ARG_FACTS:
            return
        found = self._arg_refs(receiver)  # type: ignore[arg-type]
        if found:
            if facts.bound_calls is None:
                facts.bound_calls = []
            facts.bound_calls.append((name, call.lineno, found))

    def _note_call_args(self, call: ast.Call, name: str, facts: FunctionFacts) -> None:
        """FunctionFacts.call_args: the call's arguments that are resolvable names (a function or
        client passed on: `_send(requests.post, url)`, `fetch(session, url)`)."""
        found = self._arg_refs(call)
        if found:
            if facts.call_args is None:
                facts.call_args = []
            facts.call_args.append((name, call.lineno, found))

    def _arg_refs(self, call: ast.Call) -> tuple[tuple[int | str, str, bool], ...]:
        """The call's arguments that are resolvable names, as (position or keyword, reference, is
        a typed value)."""
        found: list[tuple[int | str, str, bool]] = []
        for i, arg in enumerate(call.args):
            if arg.__class__ is ast.Starred:
                break
            if arg.__class__ is ast.Name or arg.__class__ is ast.Attribute:
                ref = self._arg_ref(arg)
                if ref is not None:
                    found.append((i, *ref))
            elif arg.__class__ is ast.Call:
                # `annotate(ticket, desk_api())`: the value it builds, as for a local assigned it
                typ = self.value_type(arg)
                if typ:
                    found.append((i, typ, True))
        for kw in call.keywords:
            value = kw.value
            if kw.arg and (value.__class__ is ast.Name or value.__class__ is ast.Attribute):
                ref = self._arg_ref(value)
                if ref is not None:
                    found.append((kw.arg, *ref))
            elif kw.arg and value.__class__ is ast.Call:
                typ = self.value_type(value)
                if typ:
                    found.append((kw.arg, typ, True))
        return tuple(found)

    def _arg_ref(self, arg: ast.expr) -> tuple[str, bool] | None:
        """(reference, is a typed value) of a name or dotted-name argument, or None."""
        if arg.__class__ is ast.Name:
            ident = arg.id  # type: ignore[attr-defined]
            for scope in reversed(self.scopes):
                if scope.kind == "class" and scope is not self.scopes[-1]:
                    continue
                if ident in scope.types:
                    typ = scope.types[ident]
                    if typ:
                        return typ, True
                    # an untyped parameter handed on (`helper(org, github_api)`): the project pass
                    # reads it as each value this function's own callers pass (`parameter_values`)
                    index = self.untyped_parameter(ident) if scope is self.scopes[-1] else None
                    if index is None:
                        return None
                    return parameter_ref(scope.qualname, index, ident, ""), True
                if ident in scope.defs:
                    return scope.defs[ident], False
                if ident in scope.imports:
                    return scope.imports[ident], False
            return None
        root = arg
        while root.__class__ is ast.Attribute:
            root = root.value  # type: ignore[attr-defined]
        attr = arg.attr  # type: ignore[attr-defined]
        if root.__class__ is not ast.Name or attr.isupper():
            return None
        ref = self.qualify(arg)
        if not ref:
            return None
        func, _, cls = self._derived[-1]
        is_value = (
            cls is not None
            and func is not None
            and arg.value.__class__ is ast.Name  # type: ignore[attr-defined]
            and arg.value.id == func.self_name  # type: ignore[attr-defined]
            and attr in cls.types
        )
        return canonical_external(ref), is_value

    def _note_local_callbacks(self, call: ast.Call, scope: Scope) -> None:
        """A function defined in this one and handed to a call (`with_retries(fetch_page)`,
        `run_request(api_request)`) counts as called here, as the body of a lambda passed the same
        way already does: the chain `view → search → search.<locals>.api_request → client` is
        followed."""
        facts = scope.facts
        if not isinstance(facts, FunctionFacts):
            return
        for arg in (*call.args, *(kw.value for kw in call.keywords)):
            if isinstance(arg, ast.Name):
                local = scope.defs.get(arg.id)
                if local is not None and self._lookup(arg.id) == local:
                    facts.calls.append((local, call.lineno))

    def note_handler(self, node: ast.ExceptHandler) -> None:
        """An `except` clause of a function that answers None/False and raises nothing
        (FunctionFacts.answers_none_on_failure)."""
        scope = self._derived[-1][0]
        if scope is None or not isinstance(scope.facts, FunctionFacts) or scope.facts.answers_none_on_failure:
            return
        if handler_answer(node) == "none":
            scope.facts.answers_none_on_failure = True

    def note_raise(self, node: ast.Raise) -> None:
        """A `raise` in a function (not `raise NotImplementedError`): it surfaces errors."""
        scope = self._derived[-1][0]
        if scope is None or not isinstance(scope.facts, FunctionFacts):
            return
        exc = node.exc
        if isinstance(exc, ast.Call):
            exc = exc.func
        if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
            return
        scope.facts.surfaces = True

    def _note_surfacing(self, func: ast.Attribute, name: str | None, scope: Scope) -> None:
        """`logger.error(...)`/`log.warning(...)`/`logging.exception(...)`, `capture_exception(...)`:
        the function surfaces errors (FunctionFacts.surfaces)."""
        facts = scope.facts
        if not isinstance(facts, FunctionFacts) or facts.surfaces:
            return
        if func.attr in _SENTRY_CALLS:
            facts.surfaces = True
            return
        receiver = func.value
        while receiver.__class__ is ast.Attribute:
            if _LOGGER_NAME.search(receiver.attr):  # type: ignore[attr-defined]
                facts.surfaces = True
                return
            receiver = receiver.value  # type: ignore[attr-defined]
        if (receiver.__class__ is ast.Name and _LOGGER_NAME.search(receiver.id)) or (  # type: ignore[attr-defined]
            name is not None and name.startswith(("logging.", "structlog.", "loguru."))
        ):
            facts.surfaces = True

    def note_class_setting(self, target: str) -> None:
        """A class-body assignment: Celery retry options mark a retrying task base."""
        scope = self.scope
        if scope.kind == "class" and isinstance(scope.facts, ClassFacts):
            if target in ("autoretry_for", "retry_backoff"):
                scope.facts.retry_policy = True

    def note_package_key(self, target: ast.Attribute) -> None:
        """`shippo.config.api_key = ...`, `easypost.api_key = ...`: a package configured with a
        credential at module level is an API's SDK; the package is recorded like a class built
        with a secret (ModuleFacts.credentialed), for its resource classes' calls."""
        root = target.value
        while root.__class__ is ast.Attribute:
            root = root.value  # type: ignore[attr-defined]
        if root.__class__ is not ast.Name:
            return
        package = self.scopes[0].imports.get(root.id)  # type: ignore[attr-defined]
        if not package or "." in package:
            return  # a top-level package imported as such, not a local or a module's member
        found = self.facts.credentialed
        if found is None:
            found = self.facts.credentialed = []
        if package not in found:
            found.append(package)

    def note_bound_timeout(self, node: ast.Assign) -> None:
        """`session.request = functools.partial(session.request, timeout=…)` (also `send`) in a
        function: the session it builds has a default timeout."""
        scope = self._derived[-1][0]
        if scope is None or len(node.targets) != 1:
            return
        target, value = node.targets[0], node.value
        if not (
            isinstance(target, ast.Attribute)
            and target.attr in ("request", "send")
            and isinstance(value, ast.Call)
            and any(kw.arg == "timeout" for kw in value.keywords)
        ):
            return
        callee = self.qualify(value.func) or ""
        if callee in ("functools.partial", "functools.partialmethod") and isinstance(
            scope.facts, FunctionFacts
        ):
            scope.facts.session_timeout = True

    def note_return(self, node: ast.Return) -> None:
        """The first `return` whose value has a known type gives the function's return type."""
        scope = self.function_scope
        if scope is None or node.value is None or scope is not self.scopes[-1]:
            return
        facts = scope.facts
        if not isinstance(facts, FunctionFacts):
            return
        if isinstance(node.value, ast.Tuple) and facts.returns_items is None:
            items = tuple(self.value_type(elt) or "" for elt in node.value.elts)
            if any(items):
                facts.returns_items = items
        if facts.returns is None:
            typ = self.value_type(node.value)
            if typ:
                facts.returns = typ
                value = node.value
                if value.__class__ is ast.Name and self._names_function(value.id):  # type: ignore[attr-defined]
                    # `return connect_to_jira`: the function object itself, not what it returns
                    facts.returns_function = True
        elif node.value.__class__ is ast.Call and names_class(node.value.func):  # type: ignore[attr-defined]
            # `if kind == "slack": return SlackManager(...)` … `return TeamsManager(...)`: the
            # other classes it may build (the project pass picks the one defining the member used)
            typ = self.value_type(node.value)
            if typ and typ != facts.returns and typ not in facts.returns_alts:
                facts.returns_alts = (*facts.returns_alts, typ)

    @property
    def in_views_module(self) -> bool:
        """`views.py`, `*_views.py`, or any module under a `views/` package."""
        return is_views_path(self.relpath)

    def note_timeout_mention(self) -> None:
        func = self.function_scope
        cls = self.class_scope
        if func is not None and cls is not None and func.name in TIMEOUT_METHODS:
            if isinstance(cls.facts, ClassFacts):
                cls.facts.sets_timeout = True

    # ------------------------------------------------------------------ reporting
    def report(
        self,
        rule: "Rule",
        node: ast.AST,
        message: str,
        *,
        fix: Fix | None = None,
        condition: Condition | None = None,
        snippet: str | None = None,
        position: tuple[int, int, int, int] | None = None,
    ) -> None:
        line, col, end_line, end_col = position or self.position(node)
        if snippet is None:
            snippet = snippet_digest(self.segment(node))
        finding = Finding(
            code=rule.code,
            name=rule.name,
            path=self.relpath,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            message=message,
            severity=rule.severity,
            fix=fix,
            scope=self.scope_qualname,
            snippet=snippet,
        )
        if condition is None:
            self.findings.append(finding)
        else:
            self.pending.append(PendingFinding(finding, condition))


_STATEMENT_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)


def _walk_statements(node: ast.AST) -> Iterable[ast.AST]:
    """`ast.walk(node)` restricted to statements (and the handler/case nodes holding them), in the
    same breadth-first order: no expression contains a statement, so pruning them changes nothing
    else."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                todo.extend(v for v in value if isinstance(v, _STATEMENT_HOLDERS))
        yield node


# Generic containers whose subscript is the element type a `for` loop binds.
_ELEMENT_CONTAINERS = frozenset(
    {"list", "List", "set", "Set", "frozenset", "FrozenSet", "Sequence", "MutableSequence",
     "Iterable", "Iterator", "Collection", "AbstractSet", "AsyncIterable", "AsyncIterator"}
)


_NO_PARAMS: dict = {}


# Methods that build a client from a session or another client (`aws_session.client("s3")`,
# `self.session.resource("s3")`): what they return is another client, so the attribute it is
# stored in is typed by it. A method answering data (`client.api.account.fetch()`) is not one:
# calls on its result are not API calls.
CLIENT_FACTORY_METHODS = frozenset(
    {"client", "resource", "session", "get_client", "create_client", "get_session", "Session", "Client"}
)


def _self_path(func: ast.expr, self_name: str) -> str | None:
    """`attr.method` for `self.attr.method` with a client-building method
    (CLIENT_FACTORY_METHODS), else None."""
    if func.__class__ is not ast.Attribute or func.attr not in CLIENT_FACTORY_METHODS:  # type: ignore[attr-defined]
        return None
    owner = func.value  # type: ignore[attr-defined]
    if owner.__class__ is not ast.Attribute:
        return None
    root = owner.value  # type: ignore[attr-defined]
    if root.__class__ is not ast.Name or root.id != self_name:  # type: ignore[attr-defined]
        return None
    return f"{owner.attr}.{func.attr}"  # type: ignore[attr-defined]


def parameter_defaults(args: ast.arguments) -> list[tuple[ast.arg, ast.expr]]:
    """(parameter, default) for every parameter that has a default, positional then keyword-only."""
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
    return pairs


# An argument naming a server address or a secret: a keyword (`server_url=`, `api_key=`,
# `client_secret_key=`, `connection=`), or a value read from such a name (`token`,
# `settings.IDP_SERVER_URL`, `os.environ["VENDOR_API_TOKEN"]`).
_CREDENTIAL_WORD = re.compile(
    r"(?i)(?:^|_)(?:url|uri|endpoint|token|secret|password|passwd|api_?key|apikey|access_key|"
    r"credentials?|connection)(?:_|$)"
)


def _credential_args(call: ast.Call) -> bool:
    for kw in call.keywords:
        if kw.arg is not None and _CREDENTIAL_WORD.search(kw.arg):
            return True
    for value in (*call.args, *(kw.value for kw in call.keywords)):
        if value.__class__ is ast.Call and value.args:  # os.getenv("X_TOKEN"), env("X_URL")
            value = value.args[0]  # type: ignore[attr-defined]
        elif value.__class__ is ast.Subscript:  # os.environ["X_TOKEN"]
            value = value.slice  # type: ignore[attr-defined]
        if value.__class__ is ast.Name:
            word = value.id  # type: ignore[attr-defined]
        elif value.__class__ is ast.Attribute:
            word = value.attr  # type: ignore[attr-defined]
        elif value.__class__ is ast.Constant and isinstance(value.value, str) and value.value.isidentifier():  # type: ignore[attr-defined]
            word = value.value  # type: ignore[attr-defined]
        else:
            continue
        if _CREDENTIAL_WORD.search(word):
            return True
    return False


def names_class(func: ast.expr) -> bool:
    """`Syncer(...)`, `importers.Syncer(...)`: a callee spelled like a class (CapWords), whose
    instance may hold its arguments (FunctionFacts.bound_calls)."""
    name = func.attr if func.__class__ is ast.Attribute else func.id if func.__class__ is ast.Name else ""  # type: ignore[attr-defined]
    return name[:1].isupper()


def _is_abstract(node: ast.FunctionDef | ast.AsyncFunctionDef, decorators: tuple[str, ...]) -> bool:
    """`@abstractmethod`, or a body (after its docstring) that only raises NotImplementedError."""
    if decorators and any(d.rpartition(".")[2] in ("abstractmethod", "abstractproperty") for d in decorators):
        return True
    body = node.body
    if len(body) > 2:
        return False
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise):
        return False
    exc = body[0].exc
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _type_at(seen: list[tuple[tuple[int, int], str]], node: ast.AST) -> str | None:
    """The type of the last assignment (`Scope.retyped`) ending before `node`; None when the use
    comes before every one of them (a loop going round: the last one's, as without history)."""
    pos = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    found = None
    for end, typ in seen:
        if end > pos:
            break
        found = typ
    return found


def _param_annotation(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.expr | None:
    args = node.args
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        if arg.arg == name:
            return arg.annotation
    return None


def _param_annotations(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
) -> dict[str, tuple[int, ast.expr | None, ast.expr | None]]:
    """A method's parameters but the first (`self`): name -> (position among the positional ones
    after `self`, -1 for keyword-only ones; annotation; default)."""
    args = node.args
    positional = [*args.posonlyargs, *args.args][1:]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = {a.arg: (i, a.annotation, defaults[i]) for i, a in enumerate(positional)}
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        params[a.arg] = (-1, a.annotation, d)
    return params


def _super_init_binds(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    self_name: str,
    params: dict[str, tuple[int, ast.expr | None, ast.expr | None]],
    local_values: dict[str, list[ast.expr]],
) -> list[tuple[int, str, str]]:
    """`super().__init__(integration)` / `Base.__init__(self, integration)` in an `__init__`
    statement of its own: each untouched parameter handed on, as (own position, name, "^<slot>")
    where the slot is the base `__init__`'s position (after `self`) or keyword."""
    found: list[tuple[int, str, str]] = []
    for st in node.body:
        call = st.value if isinstance(st, ast.Expr) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "__init__"
        ):
            continue
        receiver = call.func.value
        positional = list(call.args)
        if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "super":
            pass
        elif positional and isinstance(positional[0], ast.Name) and positional[0].id == self_name:
            positional = positional[1:]  # `Base.__init__(self, …)`
        else:
            continue
        for i, arg in enumerate(positional):
            if isinstance(arg, ast.Starred):
                break
            if isinstance(arg, ast.Name) and arg.id in params and arg.id not in local_values:
                found.append((params[arg.id][0], arg.id, f"^{i}"))
        for kw in call.keywords:
            value = kw.value
            if kw.arg and isinstance(value, ast.Name) and value.id in params and value.id not in local_values:
                found.append((params[value.id][0], value.id, f"^{kw.arg}"))
    return found


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Django form-view methods called with the form `get_form()` built.
_FORM_HANDLERS = frozenset({"form_valid", "form_invalid"})
# Logger methods at warning or above, and Sentry's reporting functions (FunctionFacts.surfaces).
_SENTRY_CALLS = frozenset({"capture_exception", "capture_message", "captureException", "captureMessage"})
_LOGGER_NAME = re.compile(r"(?i)^(?:\w*_)?(?:log|logger|logging)$|logger")
_SURFACING_CALLS = frozenset({"warning", "warn", "error", "exception", "critical", "fatal"}) | _SENTRY_CALLS
# Calls whose arguments run after the transaction commits (their calls are not the caller's).
_DEFERRING_CALLS = frozenset({"on_commit"})
# Annotations that name no class of their own: what the annotated value holds is read elsewhere.
_UNINFORMATIVE_ANNOTATIONS = frozenset(
    {"typing.Any", "typing_extensions.Any", "builtins.object", "object", "Any",
     "googleapiclient.discovery.Resource", "googleapiclient._apis.Resource"}
)
# requests' transport adapter, which retries connection errors when given `max_retries`.
_REQUESTS_ADAPTERS = frozenset({"requests.adapters.HTTPAdapter", "requests.HTTPAdapter"})
# Methods of a Celery task (or Huey/RQ job) that enqueue it instead of running it.
# Annotations that say only "something callable": the value is what the callers pass.
# A variable holding an HTTP method chosen at run time (`getattr(session, method)`).
_HTTP_METHOD_NAME = re.compile(r"(?i)(?:^|_)(?:http_?)?(?:method|verb)s?$")
_CALLABLE_TYPES = frozenset({"typing.Callable", "collections.abc.Callable", "callable"})
# Attributes of a function read for its name (logging, cache keys), not a sign it is kept.
_NAME_ATTRS = frozenset({"__name__", "__qualname__", "__module__"})
_DEFER_ATTRS = frozenset(
    {"si", "s", "delay", "apply_async", "signature", "delay_on_commit", "apply_async_on_commit"}
)
def _manager_position(parts: list[str]) -> int | None:
    """Where a model's manager (`objects`) stands in a dotted type (`app.models.Order.objects.
    filter`), never the first component; None when there is none."""
    return next((i for i, part in enumerate(parts) if i and part in MANAGER_NAMES), None)


# Calls whose value is (what stands for) their first argument; True: a queryset argument stands
# for the object its `.get()` returns.
# Importing a dotted path named by a string (Django's and its copies in common packages).
_IMPORT_STRING_CALLS = frozenset(
    {"django.utils.module_loading.import_string", "pydoc.locate", "werkzeug.utils.import_string",
     "celery.utils.imports.symbol_by_name", "kombu.utils.imports.symbol_by_name"}
)
# Django's model registry lookups: `apps.get_model(app_label, model_name)` names a project model.
_GET_MODEL_CALLS = frozenset(
    {"django.apps.apps.get_model", "django.apps.registry.apps.get_model", "django.apps.registry.Apps.get_model"}
)


# SQLAlchemy queries answering one instance of the model they select: `db.query(M).filter(...)
# .first()`, `session.scalars(select(M).where(...)).one()`, `session.get(M, pk)`, Flask-SQLAlchemy's
# `M.query.filter_by(...).first_or_404()`.
_SA_ONE = frozenset(
    {"first", "one", "one_or_none", "scalar", "scalar_one", "scalar_one_or_none", "get", "first_or_404",
     "one_or_404", "get_or_404"}
)
_SA_KEEP = frozenset(
    {"filter", "filter_by", "where", "order_by", "join", "outerjoin", "options", "limit", "offset",
     "with_for_update", "distinct", "execution_options", "populate_existing", "select_from",
     "group_by", "having", "params", "unique"}
)


def _names_model(node: ast.AST) -> bool:
    name = node.attr if node.__class__ is ast.Attribute else node.id if node.__class__ is ast.Name else ""  # type: ignore[attr-defined]
    return name[:1].isupper() and not name.isupper()


def _sqlalchemy_model(call: ast.Call) -> ast.expr | None:
    """The model class node a SQLAlchemy query answering one instance selects, or None."""
    func = call.func
    if func.attr == "get" and len(call.args) == 2 and _names_model(call.args[0]):  # type: ignore[attr-defined]
        receiver = func.value  # type: ignore[attr-defined]
        word = receiver.attr if receiver.__class__ is ast.Attribute else receiver.id if receiver.__class__ is ast.Name else ""
        # `session.get(M, pk)`, `db.get(M, pk)` (not an HTTP client's `get(url, params)`)
        return call.args[0] if "session" in word.lower() or "db" in word.lower() else None
    node = func.value  # type: ignore[attr-defined]
    while node.__class__ is ast.Call and node.func.__class__ is ast.Attribute and node.func.attr in _SA_KEEP:  # type: ignore[attr-defined]
        node = node.func.value  # type: ignore[attr-defined]
    if node.__class__ is ast.Attribute and node.attr == "query" and _names_model(node.value):  # type: ignore[attr-defined]
        return node.value  # type: ignore[attr-defined]
    if node.__class__ is not ast.Call or node.func.__class__ is not ast.Attribute or len(node.args) != 1:  # type: ignore[attr-defined]
        return None
    method, arg = node.func.attr, node.args[0]  # type: ignore[attr-defined]
    if method == "query":
        return arg if _names_model(arg) else None
    if method not in ("scalars", "execute") or func.attr == "get":  # type: ignore[attr-defined]
        return None
    while arg.__class__ is ast.Call and arg.func.__class__ is ast.Attribute and arg.func.attr in _SA_KEEP:  # type: ignore[attr-defined]
        arg = arg.func.value  # type: ignore[attr-defined]
    if arg.__class__ is not ast.Call or len(arg.args) != 1 or not _names_model(arg.args[0]):  # type: ignore[attr-defined]
        return None
    select = arg.func  # type: ignore[attr-defined]
    name = select.attr if select.__class__ is ast.Attribute else select.id if select.__class__ is ast.Name else ""
    return arg.args[0] if name == "select" else None  # type: ignore[attr-defined]


def _related_set_model(call: ast.Call) -> str | None:
    """`x.alertrecipient_set.all()` / `.filter(...).order_by(...)`: `alertrecipient`, the
    lowercased model name of a Django reverse relation manager queried for a queryset."""
    node: ast.AST = call
    while node.__class__ is ast.Call:
        func = node.func  # type: ignore[attr-defined]
        if func.__class__ is not ast.Attribute or func.attr not in QUERYSET_METHODS:  # type: ignore[attr-defined]
            return None
        node = func.value  # type: ignore[attr-defined]
    if node.__class__ is not ast.Attribute:
        return None
    attr = node.attr  # type: ignore[attr-defined]
    if len(attr) > 4 and attr.endswith("_set") and not attr.startswith("_") and attr[:-4].isidentifier():
        name = attr[:-4]
        return name if name.islower() and "__" not in name else None
    return None


def _model_lookup_ref(call: ast.Call) -> str | None:
    """`MODEL_LOOKUP.billing.Invoice` for `get_model("billing", "Invoice")` or
    `get_model("billing.Invoice")` with literal strings; None otherwise."""
    args = call.args
    if call.keywords or not args or len(args) > 2:
        return None
    if not all(a.__class__ is ast.Constant and isinstance(a.value, str) for a in args):  # type: ignore[attr-defined]
        return None
    words = [a.value for a in args]  # type: ignore[attr-defined]
    label, _, name = (words[0].partition(".") if len(words) == 1 else (words[0], ".", words[1]))
    if not label.isidentifier() or not name.isidentifier():
        return None
    return f"{MODEL_LOOKUP}.{label}.{name}"


_UNWRAPPING_CALLS = {
    "asgiref.sync.async_to_sync": False,
    "asgiref.sync.sync_to_async": False,
    "django.shortcuts.get_object_or_404": True,
    "rest_framework.generics.get_object_or_404": True,
}
# Callees whose call sites' arguments are not recorded (FunctionFacts.call_args): the standard
# library and frameworks, which never call a project's parameter the way a project helper does.
_NO_ARG_FACTS = frozenset(getattr(sys, "stdlib_module_names", ())) | {
    "django", "rest_framework", "celery", "requests", "httpx", "pytest", "mock", "factory",
    "sqlalchemy", "numpy", "pandas", "jinja2", "click", "structlog", "sentry_sdk", "six",
}


def handler_answer(handler: ast.ExceptHandler) -> str:
    """What an `except` clause does with the failure, from its statements (nested blocks
    included, nested functions and classes not): "raises"; "none" when every `return` in it
    answers None/False (and there is one); "other" when one returns anything else; "silent"
    when it neither raises nor returns."""
    answer = "silent"
    stack: list[ast.AST] = list(handler.body)
    while stack:
        st = stack.pop()
        cls = st.__class__
        if cls is ast.Raise:
            return "raises"
        if cls is ast.Return:
            value = st.value  # type: ignore[attr-defined]
            if value is not None and not (value.__class__ is ast.Constant and value.value in (None, False)):  # type: ignore[attr-defined]
                answer = "other"
            elif answer == "silent":
                answer = "none"
            continue
        if cls in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            stack.extend(getattr(st, field, None) or ())
        for inner in getattr(st, "handlers", None) or ():
            stack.extend(inner.body)
        for case in getattr(st, "cases", None) or ():
            stack.extend(case.body)
    return answer


def snippet_digest(text: str) -> str:
    """The fingerprint snippet of a flagged node: a digest of its whitespace-normalised source.

    Stable across line moves and re-indentation like the text itself, but a secret inside a
    flagged call (`headers={"X-Api-Key": "…"}`) never reaches the results cache or a baseline.
    """
    normalised = " ".join(text.split())
    return "src:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def _decorator_callee(dec: ast.AST) -> ast.AST:
    return dec.func if isinstance(dec, ast.Call) else dec


Visitor = Callable[[ast.AST], None]
AST = ast.AST


# Node classes without children: the expression contexts (a third of all nodes) and operators.
_CHILDLESS: frozenset[type] = frozenset(
    cls
    for base in (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
    for cls in base.__subclasses__()
)
# Leaves the walker handles inline, without a call per node: `Name` and `Constant` (a quarter of
# all nodes; their only children are contexts).
_LEAVES: frozenset[type] = frozenset({ast.Name, ast.Constant})
# Fields that never hold a node, per class (the walker never reads them).
_PRIMITIVE_FIELDS = {
    "Attribute": {"attr", "ctx"},
    "Subscript": {"ctx"},
    "Starred": {"ctx"},
    "List": {"ctx"},
    "Tuple": {"ctx"},
    "keyword": {"arg"},
    "arg": {"arg", "type_comment"},
    "alias": {"name", "asname"},
    "FunctionDef": {"name", "type_comment"},
    "AsyncFunctionDef": {"name", "type_comment"},
    "ClassDef": {"name"},
    "ImportFrom": {"module", "level"},
    "ExceptHandler": {"name"},
    "FormattedValue": {"conversion"},
    "Global": {"names"},
    "Nonlocal": {"names"},
    "Assign": {"type_comment"},
    "For": {"type_comment"},
    "AsyncFor": {"type_comment"},
    "With": {"type_comment"},
    "AsyncWith": {"type_comment"},
}
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_SCOPE_CLASSES = frozenset(SCOPE_NODES)
_K_SCOPE, _K_CALL, _K_KEYWORD, _K_RETURN, _K_ASSIGN, _K_RAISE, _K_HANDLER = 1, 2, 3, 4, 5, 6, 7
_KIND: dict[type, int] = {
    ast.FunctionDef: _K_SCOPE,
    ast.AsyncFunctionDef: _K_SCOPE,
    ast.ClassDef: _K_SCOPE,
    ast.Call: _K_CALL,
    ast.keyword: _K_KEYWORD,
    ast.Return: _K_RETURN,
    ast.Assign: _K_ASSIGN,
    ast.Raise: _K_RAISE,
    ast.ExceptHandler: _K_HANDLER,
}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        skip = _PRIMITIVE_FIELDS.get(cls.__name__, ())
        fields = _CHILD_FIELDS[cls] = tuple(
            f for f in cls._fields if f not in skip  # type: ignore[attr-defined]
        )
    return fields


class BatchedWalker:
    """Walks the tree once, calling every enabled rule's `visit_<Node>`/`leave_<Node>` methods.

    Depth first, in field order, every node visited before its children and left after them, with
    `ctx.parents` holding the ancestors of the node being visited. The hot loop skips what no rule
    and no fact can need: childless nodes (expression contexts, operators) unless a rule visits
    them, and fields that never hold a node; `Name` and `Constant` leaves are handled inline."""

    def __init__(self, ctx: FileContext, rules: list["Rule"]) -> None:
        self.ctx = ctx
        self.enter: dict[type, list[Visitor]] = {}
        self.leave: dict[type, list[Visitor]] = {}
        for rule in rules:
            for attr in dir(type(rule)):
                if attr.startswith("visit_"):
                    table, name = self.enter, attr[6:]
                elif attr.startswith("leave_"):
                    table, name = self.leave, attr[6:]
                else:
                    continue
                cls = getattr(ast, name, None)
                if isinstance(cls, type) and issubclass(cls, ast.AST):  # e.g. no TryStar on 3.10
                    table.setdefault(cls, []).append(getattr(rule, attr))
        visited = set(self.enter) | set(self.leave)
        self._skip = _CHILDLESS - visited
        self._timeout_checked = "timeout" in ctx.source
        # Dotted names (`a.b.c`: a fifth of all nodes are `Attribute`s) are leaves too, when no
        # rule visits `Attribute` or `Name` nodes: nothing could observe their walk.
        self._leaves = _LEAVES
        if not visited & {ast.Attribute, ast.Name}:
            self._leaves = _LEAVES | {ast.Attribute}

    def run(self) -> None:
        self._walk(self.ctx.tree)

    def _leaf(self, node: ast.AST, cls: type) -> None:
        if cls is ast.Attribute:
            value = node.value  # type: ignore[attr-defined]
            while value.__class__ is ast.Attribute:
                value = value.value
            if value.__class__ is not ast.Name:
                self._walk(node)  # `f().x`, `"s".join`: not a dotted name
                return
            node, cls = value, ast.Name
        if self._timeout_checked:
            if cls is ast.Name:
                if node.id == "timeout":  # type: ignore[attr-defined]
                    self.ctx.note_timeout_mention()
            elif cls is ast.Constant and node.value == "timeout":  # type: ignore[attr-defined]
                self.ctx.note_timeout_mention()
        visitors = self.enter.get(cls)
        if visitors:
            for visit in visitors:
                visit(node)
        leavers = self.leave.get(cls)
        if leavers:
            for leave in leavers:
                leave(node)

    def _walk(self, node: ast.AST) -> None:
        ctx = self.ctx
        cls = node.__class__
        kind = _KIND.get(cls)
        deferring = False
        if kind is not None:
            if kind == _K_SCOPE:
                # Decorators, defaults and bases are evaluated in the enclosing scope.
                for expr in node.decorator_list:  # type: ignore[attr-defined]
                    self._visit_child(expr)
                ctx.push_scope(node)
            elif kind == _K_CALL:
                if ctx.record_call(node):  # type: ignore[arg-type]
                    deferring = True
                    ctx.deferring += 1
            elif kind == _K_KEYWORD:
                if node.arg == "timeout":  # type: ignore[attr-defined]
                    ctx.note_timeout_mention()
            elif kind == _K_RETURN:
                ctx.note_return(node)  # type: ignore[arg-type]
            elif kind == _K_RAISE:
                ctx.note_raise(node)  # type: ignore[arg-type]
            elif kind == _K_HANDLER:
                ctx.note_handler(node)  # type: ignore[arg-type]
            elif kind == _K_ASSIGN:
                if ctx.scopes[-1].kind == "class":
                    for target in node.targets:  # type: ignore[attr-defined]
                        if isinstance(target, ast.Name):
                            ctx.note_class_setting(target.id)
                else:
                    if self._timeout_checked:
                        ctx.note_bound_timeout(node)  # type: ignore[arg-type]
                    target = node.targets[0]  # type: ignore[attr-defined]
                    if target.__class__ is ast.Attribute and _CREDENTIAL_WORD.search(target.attr):  # type: ignore[attr-defined]
                        ctx.note_package_key(target)  # type: ignore[arg-type]
        visitors = self.enter.get(cls)
        if visitors:
            for visit in visitors:
                visit(node)
        parents = ctx.parents
        parents.append(node)
        skip = self._skip
        walk = self._walk
        leaf = self._leaf
        leaves = self._leaves
        for field in _CHILD_FIELDS.get(cls) or _child_fields(cls):
            if kind == _K_SCOPE and field == "decorator_list":
                continue  # walked above, in the enclosing scope
            value = getattr(node, field, None)
            if value is None:
                continue
            # The list and single-node branches repeat the same dispatch on purpose: a generic
            # `for item in (value,)` costs ~4 % of the walk (measured), on ~1 M nodes a run.
            if value.__class__ is list:
                for item in value:
                    icls = item.__class__
                    if icls in leaves:
                        leaf(item, icls)
                    elif icls in skip:
                        continue
                    elif isinstance(item, AST):
                        walk(item)
            else:
                vcls = value.__class__
                if vcls in leaves:
                    leaf(value, vcls)
                elif vcls in skip:
                    continue
                elif isinstance(value, AST):
                    walk(value)
        parents.pop()
        if deferring:
            ctx.deferring -= 1
        leavers = self.leave.get(cls)
        if leavers:
            for leave in leavers:
                leave(node)
        if kind == _K_SCOPE:
            ctx.pop_scope()

    def _visit_child(self, node: ast.AST) -> None:
        cls = node.__class__
        if cls in self._leaves:
            self._leaf(node, cls)
        elif cls not in self._skip:
            self._walk(node)
