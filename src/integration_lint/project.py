"""The project pass: resolve references across modules and decide pending findings.

Input is every module's `ModuleFacts` (fresh or from the cache); output answers three questions
cheaply: does this callable reach an outbound call (and through which chain), is this a request
handler, does this task base set a retry policy. Depth is bounded and cycles are handled.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from typing import Iterable

from .facts import ClassFacts, FunctionFacts, ModuleFacts
from .model import Condition, Finding, PendingFinding
from .outbound import (
    REQUESTS_SESSION_CLASSES,
    REQUESTS_SESSION_METHODS,
    canonical_external,
    external_outbound,
    is_requests_call,
)

MAX_CHAIN = 12
_ITEM = re.compile(r"__item(\d+)__")  # `helper.__item0__`: the first item of the tuple it returns
# Celery's task decorators (`from celery import shared_task`, the old `celery.task` API) by
# module path, as one file sees them (IL203 reads these); and with the app-method spellings
# (`app = Celery(...)` then `app.task`) the project pass resolves to.
TASK_DECORATORS = frozenset(
    {
        "celery.shared_task",
        "celery.task",
        "celery.decorators.task",
        "celery.decorators.periodic_task",
        "celery.task.task",
        "celery.task.periodic_task",
        "celery.app.shared_task",
        "celery.app.task",
    }
)
CELERY_TASK_DECORATORS = TASK_DECORATORS | {
    "celery.Celery.task",
    "celery.app.base.Celery.task",
    "celery.current_app.task",
}


def is_celery_task_decorator(name: str) -> bool:
    """A resolved name of Celery's task decorator, old-API module paths included."""
    return name in CELERY_TASK_DECORATORS or (
        name.startswith("celery.") and name.rpartition(".")[2] in ("task", "shared_task", "periodic_task")
    )
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))
MAX_RESOLVE_DEPTH = 10
# Attributes of a function object that are not its return value (Celery task API, functools).
FUNCTION_OBJECT_ATTRS = frozenset(
    {"delay", "apply_async", "apply", "s", "si", "signature", "map", "starmap", "chunks",
     "delay_on_commit", "apply_async_on_commit", "__name__", "__wrapped__", "__doc__",
     "cache_clear", "cache_info", "func", "name", "run"}
)
VIEW_BASE_PREFIXES = (
    "django.views.",
    "django.contrib.auth.views.",
    "django.contrib.admin.views.",
    "rest_framework.views.",
    "rest_framework.generics.",
    "rest_framework.viewsets.",
    "rest_framework.mixins.",
    "flask.views.",
    "flask_restful.",
    "flask_restx.",
    "flask_smorest.",
)
VIEW_BASE_EXACT = frozenset({"django.views.View", "flask_restful.Resource"})
# Methods Django/DRF/Flask call to handle a request on a view class.
HANDLER_METHODS = frozenset(
    {
        "get", "post", "put", "patch", "delete", "head", "options", "dispatch", "form_valid",
        "list", "create", "retrieve", "update", "partial_update", "destroy",
        "perform_create", "perform_update", "perform_destroy",
    }
)
VIEW_DECORATOR_SUFFIXES = ("api_view", ".route")
ROUTE_DECORATORS = VIEW_DECORATOR_SUFFIXES
# DRF `@action` and its predecessors (also vendored copies: `taiga.base.decorators.list_route`).
ACTION_SUFFIXES = (".action", "list_route", "detail_route")
ACTION_DECORATORS = ("rest_framework.decorators.action", "rest_framework.decorators.detail_route",
                     "rest_framework.decorators.list_route")
OAUTH_STEP = re.compile(r"(?i)token|oauth|exchange_code|complete_login")
OAUTH_NOTE = (
    ". This looks like an OAuth code-for-token exchange in a callback view, which must happen "
    "during the request: if so, keep it and suppress this finding with a reason "
    "(`# integration-lint: ignore[IL401] oauth token exchange`)"
)


def is_views_path(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1]
    return name == "views.py" or name.endswith("_views.py") or "views" in parts[:-1]


class ProjectIndex:
    def __init__(self, modules: Iterable[ModuleFacts], extra_clients: tuple[str, ...] = ()) -> None:
        self.extra_clients = tuple(extra_clients)  # hashable: external_outbound is memoised
        self.modules: dict[str, ModuleFacts] = {}
        self.functions: dict[str, FunctionFacts] = {}
        self.classes: dict[str, ClassFacts] = {}
        self.owner_module: dict[str, str] = {}
        for m in modules:
            self.modules[m.module] = m
            for q, f in m.functions.items():
                self.functions[q] = f
                self.owner_module[q] = m.module
            for q, c in m.classes.items():
                self.classes[q] = c
                self.owner_module[q] = m.module
        # Module names by dotted suffix, for `src/` layouts and roots above the import root.
        self._suffix: dict[str, str | None] = {}
        for name in self.modules:
            parts = name.split(".")
            for i in range(1, len(parts)):
                suffix = ".".join(parts[i:])
                if suffix in self.modules:
                    continue
                self._suffix[suffix] = None if suffix in self._suffix else name
        self._resolved: dict[str, str] = {}
        self._chains: dict[str, tuple[tuple[str, int], ...]] | None = None
        # Memos: the index does not change once built.
        self._mro: dict[str, tuple[str, ...]] = {}
        self._view_classes: dict[str, bool] = {}
        self._view_functions: set[str] | None = None
        self._task_wrappers: dict[str, bool] | None = None

    # ------------------------------------------------------------- resolution
    def _module(self, name: str) -> ModuleFacts | None:
        m = self.modules.get(name)
        if m is None and "." in name and name.split(".", 1)[0] not in _STDLIB:
            # suffix matches need two components: `core.http`, never a bare `http`
            real = self._suffix.get(name)
            m = self.modules.get(real) if real else None
        return m

    def resolve(self, ref: str, depth: int = 0) -> str:
        """Canonical name: a project function/class qualname, or a canonical external name."""
        cached = self._resolved.get(ref)
        if cached is not None:
            return cached
        result = self._resolve(ref, depth)
        if depth == 0:
            self._resolved[ref] = result
        return result

    def _resolve(self, ref: str, depth: int) -> str:
        if ref in self.functions or ref in self.classes:
            return ref
        if depth > MAX_RESOLVE_DEPTH:
            return ref
        parts = ref.split(".")
        # A project callable named in full, followed by members: `pkg.mod.Client.session.get`.
        for i in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:i])
            if head in self.classes or head in self.functions:
                return self._member(head, parts[i:], depth)
        module = None
        rest: list[str] = []
        for i in range(len(parts), 0, -1):
            module = self._module(".".join(parts[:i]))
            if module is not None:
                rest = parts[i:]
                break
        if module is None:
            return canonical_external(ref)
        if not rest:
            return module.module
        head = f"{module.module}.{rest[0]}" if module.module else rest[0]
        if head in self.classes or head in self.functions:
            return self._member(head, rest[1:], depth)
        target = module.imports.get(rest[0])
        if target is not None and target != ref:
            return self.resolve(".".join([target, *rest[1:]]), depth + 1)
        variables = module.variables or {}
        typ = variables.get(rest[0])
        if typ and typ != ref:
            return self.resolve(".".join([typ, *rest[1:]]), depth + 1)
        return ".".join([head, *rest[1:]])

    def _member(self, head: str, rest: list[str], depth: int) -> str:
        """`head` is a project class or function; follow `rest` through members/return types."""
        if not rest:
            return head
        if head in self.classes:
            return self._class_member(head, rest, depth)
        facts = self.functions.get(head)
        item = _ITEM.fullmatch(rest[0])
        if item is not None:  # `a, b = helper()`: the type of the helper's returned tuple item
            items = facts.returns_items if facts is not None else None
            index = int(item.group(1))
            if items and index < len(items) and items[index] and depth <= MAX_RESOLVE_DEPTH:
                return self.resolve(".".join([items[index], *rest[1:]]), depth + 1)
            return ".".join([head, *rest])
        if facts is not None and facts.returns and rest[0] not in FUNCTION_OBJECT_ATTRS:
            # `helper().get` / `self.session.get` (a property): a member of the returned value.
            if facts.returns != head and depth <= MAX_RESOLVE_DEPTH:
                return self.resolve(".".join([facts.returns, *rest]), depth + 1)
        return ".".join([head, *rest])

    def mro(self, cls: str) -> list[str]:
        """Project classes first (breadth-first), then external base names."""
        cached = self._mro.get(cls)
        if cached is not None:
            return list(cached)
        seen = self._compute_mro(cls)
        self._mro[cls] = tuple(seen)
        return seen

    def _compute_mro(self, cls: str) -> list[str]:
        seen: list[str] = []
        queue = deque([cls])
        while queue and len(seen) < 64:
            current = queue.popleft()
            if current in seen:
                continue
            seen.append(current)
            facts = self.classes.get(current)
            if facts is None:
                continue
            for base in facts.bases:
                queue.append(self.resolve(base, 1))
        return seen

    def _class_member(self, cls: str, rest: list[str], depth: int = 0) -> str:
        if not rest:
            return cls
        member = rest[0]
        for klass in self.mro(cls):
            facts = self.classes.get(klass)
            if facts is not None:
                if member in facts.methods:
                    return self._member(f"{klass}.{member}", rest[1:], depth + 1)
                typ = (facts.attrs or {}).get(member)
                if typ and depth <= MAX_RESOLVE_DEPTH:
                    return self.resolve(".".join([typ, *rest[1:]]), depth + 1)
            elif klass != cls:
                return canonical_external(".".join([klass, *rest]))
        return ".".join([cls, *rest])

    # ------------------------------------------------------------- outbound
    def _is_external_outbound(self, name: str) -> bool:
        return external_outbound(name, self.extra_clients)

    def _compute_chains(self) -> dict[str, tuple[tuple[str, int], ...]]:
        callers: dict[str, set[tuple[str, int]]] = {}
        chains: dict[str, tuple[tuple[str, int], ...]] = {}
        frontier: list[str] = []
        for qualname, facts in self.functions.items():
            direct = facts.outbound
            for ref, line in facts.calls:
                target = self.resolve(ref)
                if direct is None and self.extra_clients and self._is_external_outbound(target):
                    direct = (target, line)  # a configured `http-clients` wrapper
                    continue
                if target in self.functions:
                    if target != qualname:
                        callers.setdefault(target, set()).add((qualname, line))
                    continue
                if target in self.classes:
                    init = self._class_member(target, ["__init__"])
                    if init in self.functions:
                        callers.setdefault(init, set()).add((qualname, line))
                    continue
                if direct is None and self._is_external_outbound(target):
                    direct = (target, line)
            if direct is not None:
                chains[qualname] = ((direct[0], direct[1]),)
                frontier.append(qualname)
        depth = 0
        while frontier and depth < MAX_CHAIN:
            depth += 1
            nxt: list[str] = []
            for callee in frontier:
                for caller, line in sorted(callers.get(callee, ())):
                    if caller not in chains:
                        chains[caller] = ((callee, line), *chains[callee])
                        nxt.append(caller)
            frontier = nxt
        return chains

    def outbound_chain(self, ref: str) -> list[str] | None:
        """[ref, callee, …, external call] when calling `ref` performs an outbound call."""
        target = self.resolve(ref)
        if self._is_external_outbound(target):
            return [target]
        if target in self.classes:
            target = self._class_member(target, ["__init__"])
        if self._chains is None:
            self._chains = self._compute_chains()
        chain = self._chains.get(target)
        if chain is None:
            return None
        return [target, *(step for step, _line in chain)]

    def display(self, name: str) -> str:
        module = self.owner_module.get(name)
        if module is None:
            # a method qualname's owner is its class
            owner = name.rpartition(".")[0]
            module = self.owner_module.get(owner)
        if module:
            short = module.rpartition(".")[2]
            return short + name[len(module):]
        return name

    # ------------------------------------------------------------- views, tasks, sessions
    def is_view_class(self, cls: str) -> bool:
        cls = self.resolve(cls)
        if cls in self._view_classes:
            return self._view_classes[cls]
        result = False
        for klass in self.mro(cls):
            if klass in self.classes:
                continue
            if klass in VIEW_BASE_EXACT or klass.startswith(VIEW_BASE_PREFIXES):
                result = True
                break
        self._view_classes[cls] = result
        return result

    def routed_functions(self) -> set[str]:
        if self._view_functions is None:
            self._view_functions = {
                self.resolve(ref) for m in self.modules.values() for ref in m.url_refs
            }
        return self._view_functions

    def is_view(self, ref: str) -> bool:
        """A request handler: a view class, or a function/method Django, DRF or Flask calls for a
        request (routed from urls.py, `@api_view`, `@app.route`, a view function in a views
        module, a handler method or `@action` of a view class)."""
        target = self.resolve(ref)
        if target in self.classes:
            return self.is_view_class(target) or target in self.routed_functions()
        if target in self.routed_functions():
            return True
        facts = self.functions.get(target)
        if facts is None:
            return False
        module = self.modules.get(self.owner_module.get(target, ""))
        in_views = module is not None and is_views_path(module.path)
        decorators = facts.decorators
        if any(d.endswith(VIEW_DECORATOR_SUFFIXES) for d in decorators):
            return True
        if any(d.startswith("flask.") and d.rpartition(".")[2] in HANDLER_METHODS for d in decorators):
            return True
        if not facts.is_method:
            return in_views and facts.first_param == "request" and "<locals>" not in target
        owner, _, method = target.rpartition(".")
        if owner not in self.classes:
            return False
        is_action = any(d in ACTION_DECORATORS or d.endswith(ACTION_SUFFIXES) for d in decorators)
        if method not in HANDLER_METHODS and not is_action:
            return False
        if self.is_view_class(owner) or owner in self.routed_functions():
            return True
        # A view class built outside Django's hierarchy (`adapter_view()`): a handler method
        # taking `request` in a views module.
        return in_views and facts.first_param == "request"

    def has_retry_base(self, ref: str) -> bool:
        target = self.resolve(ref)
        return any(
            self.classes[k].retry_policy for k in self.mro(target) if k in self.classes
        )

    def wraps_celery_task(self, ref: str) -> bool:
        """`ref` is a project decorator that applies a Celery task decorator itself (in its own
        body or a nested function: `def cron_task(**kw): def deco(f): return
        shared_task(**kw)(f)`), passes it no retry policy, and does not retry by itself. A
        decorator class counts through its methods. Built once from the facts IL203 records."""
        if self._task_wrappers is None:
            self._task_wrappers = self._compute_task_wrappers()
        if self._task_wrappers.get(self.resolve(ref), False):
            return True
        return self._is_task_alias(ref, 0)

    def _is_task_alias(self, ref: str, depth: int) -> bool:
        """`ref` names, through imports, a module-level alias of Celery's own decorator
        (`nautobot_task = shared_task`): a project decorator that passes only the use site's
        options."""
        parts = ref.split(".")
        for i in range(len(parts) - 1, 0, -1):
            module = self._module(".".join(parts[:i]))
            if module is None:
                continue
            if len(parts) - i != 1 or depth > MAX_RESOLVE_DEPTH:
                return False
            name = parts[i]
            for alias, target in getattr(module, "task_aliases", ()) or ():
                if alias == name:
                    return is_celery_task_decorator(self.resolve(target))
            imported = module.imports.get(name)
            return bool(imported) and imported != ref and self._is_task_alias(imported, depth + 1)
        return False

    def _compute_task_wrappers(self) -> dict[str, bool]:
        wraps: dict[str, bool] = {}
        retries: set[str] = set()
        for qualname, facts in self.functions.items():
            calls = getattr(facts, "task_decorator_calls", ())
            retrying = getattr(facts, "retries", False)
            if not calls and not retrying:
                continue
            root = qualname.split(".<locals>.", 1)[0]
            keys = [root]
            owner = root.rpartition(".")[0]
            if owner in self.classes:
                keys.append(owner)  # a decorator class: `__call__` applies `shared_task`
            plain = False
            for ref, policy in calls:
                if policy:
                    retrying = True
                elif is_celery_task_decorator(self.resolve(ref)):
                    plain = True
            for key in keys:
                if retrying:
                    retries.add(key)
                if plain:
                    wraps[key] = True
        return {key: True for key in wraps if key not in retries}

    def session_method_without_timeout(self, ref: str) -> bool:
        """`ref` is a requests call (module function or session method) whose session, if a
        project subclass, sets no default timeout. The owner may be reached through imports,
        helper return values, properties, class attributes or module variables."""
        owner, _, method = ref.rpartition(".")
        cls, bound = self._returned_type(owner)
        if bound:
            return False  # a helper bound a default timeout into the session it returns
        if cls in self.classes:
            if method not in REQUESTS_SESSION_METHODS:
                return False
            lineage = self.mro(cls)
            if not any(canonical_external(k) in REQUESTS_SESSION_CLASSES for k in lineage):
                return False
            return not any(self.classes[k].sets_timeout for k in lineage if k in self.classes)
        return is_requests_call(canonical_external(f"{cls}.{method}"))

    def value_type(self, ref: str) -> str:
        """What a value reference denotes: a helper's or property's reference stands for the
        value it returns (`clients.get_client` → `requests_oauthlib.OAuth2Session`)."""
        return self._returned_type(ref)[0]

    def _returned_type(self, ref: str) -> tuple[str, bool]:
        """`value_type(ref)`, and whether a helper on the way bound a default timeout into the
        session it returns (FunctionFacts.session_timeout)."""
        target = self.resolve(ref)
        bound = False
        for _ in range(MAX_RESOLVE_DEPTH):
            facts = self.functions.get(target)
            if facts is None or not facts.returns or facts.returns == target:
                break
            bound = bound or facts.session_timeout
            target = self.resolve(facts.returns)
        return target, bound

    def requests_session_type(self, ref: str) -> str | None:
        """The requests session class a value reference resolves to, if any."""
        cls = self.value_type(ref)
        if cls in self.classes:
            lineage = self.mro(cls)
            if any(canonical_external(k) in REQUESTS_SESSION_CLASSES for k in lineage):
                return cls
            return None
        cls = canonical_external(cls)
        return cls if cls in REQUESTS_SESSION_CLASSES else None

    # ------------------------------------------------------------- pending findings
    def decide(self, pending: PendingFinding) -> Finding | None:
        cond: Condition = pending.condition
        finding = pending.finding
        message = finding.message
        wrappers = getattr(cond, "celery_wrapper_any", ())
        if wrappers and not any(self.wraps_celery_task(r) for r in wrappers):
            return None
        if cond.outbound_any:
            chain = None
            for ref in cond.outbound_any:
                chain = self.outbound_chain(ref)
                if chain:
                    break
            if not chain:
                return None
            message = message.replace("{chain}", " → ".join(self.display(c) for c in chain))
            message = message.replace("{target}", chain[-1])
            if "{oauth_note}" in message:
                oauth = any(OAUTH_STEP.search(c.rpartition(".")[2]) for c in chain)
                message = message.replace("{oauth_note}", OAUTH_NOTE if oauth else "")
        if cond.view_any and not any(self.is_view(r) for r in cond.view_any):
            return None
        if cond.not_retry_base and any(self.has_retry_base(r) for r in cond.not_retry_base):
            return None
        if cond.session_method_without_timeout:
            ref = cond.session_method_without_timeout
            if not self.session_method_without_timeout(ref):
                return None
            if "{target}" in message:
                owner, _, method = ref.rpartition(".")
                message = message.replace("{target}", f"{self.display(self.value_type(owner))}.{method}")
        return finding if message == finding.message else finding.with_message(message)
