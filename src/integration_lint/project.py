"""The project pass: resolve references across modules and decide pending findings.

Input is every module's `ModuleFacts` (fresh or from the cache); output answers three questions
cheaply: does this callable reach an outbound call (and through which chain), is this a request
handler, does this task base set a retry policy. Depth is bounded and cycles are handled.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from dataclasses import dataclass
from typing import Iterable

from .facts import ANY_APP, APP_DEFAULT_TASK, DYNAMIC_IMPORT, MODEL_LOOKUP, ClassFacts, FunctionFacts, ModuleFacts
from .model import Condition, Finding, PendingFinding
from .outbound import (
    REQUESTS_SESSION_CLASSES,
    REQUESTS_SESSION_METHODS,
    api_client_call,
    canonical_external,
    credentialed_client_call,
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
        # Celery's decorator re-exported by wrapper packages (djcelery-transactions: a Celery
        # task sent once the surrounding transaction commits)
        "djcelery_transactions.task",
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
VALUE_CALL = "()"  # what a call of a value of unknown kind resolves to: nothing outbound
# Attributes of a function object that are not its return value (Celery task API, functools).
FUNCTION_OBJECT_ATTRS = frozenset(
    {"delay", "apply_async", "apply", "s", "si", "signature", "map", "starmap", "chunks",
     "delay_on_commit", "apply_async_on_commit", "__name__", "__wrapped__", "__doc__",
     "cache_clear", "cache_info", "func", "name", "run"}
)
# Members of a (Celery) task object that run its body in the caller: `task.run(x)`, `task.apply()`.
TASK_RUN_ATTRS = frozenset({"run", "apply"})
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
        "dispatch_request",  # Flask's `View` / `MethodView`
        "list", "create", "retrieve", "update", "partial_update", "destroy",
        "perform_create", "perform_update", "perform_destroy",
        # hooks Django's generic views call while answering the request
        "get_context_data", "get_redirect_url", "get_queryset", "get_success_url",
        "get_initial", "get_form_kwargs",
    }
)
# Methods frameworks define on their base classes (views, forms, serializers, models, admin):
# a call of one on a value of unknown type says nothing of which project class it is.
FRAMEWORK_HOOKS = HANDLER_METHODS | frozenset(
    {"get_object", "get_serializer", "get_serializer_class", "get_form", "get_form_class",
     "to_representation", "to_internal_value", "is_valid", "full_clean", "clean_fields",
     "save_model", "delete_model", "get_absolute_url", "refresh_from_db", "get_or_create",
     "update_or_create", "as_view", "get_context", "get_template_names", "render_to_response",
     "has_permission", "has_object_permission", "get_permissions", "get_queryset", "get_value",
     "get_data", "get_config", "get_settings", "get_client", "get_session",
     # Django's app registry (`apps.get_app_config(label).get_model(name)`)
     "get_model", "get_models", "get_app_config", "get_user_model"}
)
VIEW_DECORATOR_SUFFIXES = ("api_view", ".route")
# Routers whose HTTP-verb decorators register a request handler (Flask 2, Django Ninja).
VERB_ROUTERS = ("flask.", "ninja.")
ROUTER_VERBS = HANDLER_METHODS | {"api_operation"}
ROUTE_DECORATORS = VIEW_DECORATOR_SUFFIXES
# DRF `@action` and its predecessors (also vendored copies: `taiga.base.decorators.list_route`).
ACTION_SUFFIXES = (".action", "list_route", "detail_route")
ACTION_DECORATORS = ("rest_framework.decorators.action", "rest_framework.decorators.detail_route",
                     "rest_framework.decorators.list_route")
# A step of the chain named for getting a token in exchange for a code or a grant
# (`fetch_token`, `get_access_token`, `authorize_access_token`, `exchange_code`, `complete_login`,
# `oauth_callback`): not for checking, renewing, revoking or minting one (`check_token`,
# `verify_token`, `refresh_token`, `revoke_token`, `reset_api_token`, `create_session_token`), nor a
# step that only mentions tokens (`save_integration_from_tokens`, `get_address_from_token`).
OAUTH_STEP = re.compile(
    r"(?i)^(?!_*(?:check|validate|verify|is|has|refresh|revoke|reset|create|save|configure|delete)_)"
    r".*(?:access_token|request_token|oauth|exchange_code|complete_login|token_request"
    r"|(?:^|_)(?:fetch|get|obtain|exchange|request|acquire)_(?:(?!from_)[a-z0-9]+_){0,2}token$)"
)
TRANSPORT_NOTE = (
    "; its requests session mounts `HTTPAdapter(max_retries=...)`, which retries connection "
    "errors at the transport level only: a failure it gives up on, or an error status, still "
    "fails the task"
)
BELOW_CELERY_NOTE = (
    "; `{step}` retries below Celery (`@{decorator}`): once it gives up, the task still fails for good"
)
# Retry decorators of the common libraries (`tenacity.retry`, `backoff.on_exception`).
RETRY_LIBRARIES = ("tenacity.retry", "backoff.on_exception", "backoff.on_predicate", "retrying.retry", "retry.retry")
OAUTH_NOTE = (
    ". This looks like an OAuth code-for-token exchange in a callback view, which must happen "
    "during the request: if so, keep it and suppress this finding with a reason "
    "(`# integration-lint: ignore[IL401] oauth token exchange`)"
)


# Django model managers, the queryset methods that keep a queryset, and those returning one object:
# `Order.objects.filter(...).first()` is an `Order`.
MANAGER_NAMES = frozenset({"objects", "_default_manager", "_base_manager"})
QUERYSET_METHODS = frozenset(
    {"all", "filter", "exclude", "select_related", "prefetch_related", "order_by", "annotate",
     "only", "defer", "distinct", "using", "select_for_update", "alias", "reverse", "none"}
)
INSTANCE_METHODS = frozenset({"get", "first", "last", "latest", "earliest", "create", "in_bulk_one"})
PAIR_METHODS = frozenset({"get_or_create", "update_or_create"})  # (object, created)
# Django relation fields: the attribute holds an instance of the model named by the first argument.
RELATION_FIELDS = frozenset({"ForeignKey", "OneToOneField", "ParentalKey"})
# View classes whose `get_object()` returns an instance of the view's `queryset` model (or
# `model`): Django's single-object generic views, DRF's generic views and viewsets.
SINGLE_OBJECT_VIEWS = frozenset(
    {"DetailView", "UpdateView", "DeleteView", "BaseDetailView", "BaseUpdateView",
     "BaseDeleteView", "SingleObjectMixin", "SingleObjectTemplateResponseMixin",
     "GenericAPIView", "RetrieveAPIView", "UpdateAPIView", "DestroyAPIView",
     "RetrieveUpdateAPIView", "RetrieveDestroyAPIView", "RetrieveUpdateDestroyAPIView",
     "GenericViewSet", "ModelViewSet", "ReadOnlyModelViewSet"}
)
FORM_VIEW_PACKAGES = ("django.views.generic", "django.contrib.auth.views")
SINGLE_OBJECT_PACKAGES = ("django.views.generic", "rest_framework.generics", "rest_framework.viewsets")


@dataclass(frozen=True)
class SurfacingCondition(Condition):
    """A Condition that also needs ``none_surfaces``: none of these callable references (project
    functions an `except` handler calls, defined in other modules) surfaces the error — raises,
    logs at warning or above or reports to Sentry, itself or through the project functions it
    calls, a few levels deep (IL301)."""

    none_surfaces: tuple[str, ...] = ()
    # called without the exception: only their own body counts, not what they call
    none_surfaces_directly: tuple[str, ...] = ()


@dataclass(frozen=True)
class FalsyFailureCondition(Condition):
    """A Condition that also needs ``answers_none_all``: each of these callable references is a
    project function that catches its own failure and answers None/False (IL201: a loop that
    retries when the answer is falsy retries a failed call)."""

    answers_none_all: tuple[str, ...] = ()


# Top-level packages that are not a third party's service, for `Condition.external_any`: the
# frameworks, and libraries that compute locally or talk to the project's own data stores,
# caches, queues and logs (a call into them is not integration work). Prefixes end with "_".
LOCAL_PACKAGES = frozenset(
    {"django", "rest_framework", "celery", "kombu", "amqp", "billiard", "vine", "flask",
     "werkzeug", "jinja2", "markupsafe", "itsdangerous", "click", "typing_extensions", "pydantic",
     "attr", "attrs", "dataclasses_json", "marshmallow", "dateutil", "pytz", "zoneinfo", "arrow",
     "pendulum", "babel", "numpy", "pandas", "scipy", "yaml", "toml", "tomli", "lxml", "bs4",
     "html5lib", "markdown", "bleach", "PIL", "six", "simplejson", "ujson", "orjson", "msgpack",
     "structlog", "sentry_sdk", "raven", "factory", "faker", "pytest", "mock", "freezegun",
     "responses", "model_utils", "mptt", "treebeard", "taggit", "guardian", "waffle",
     "import_export", "crispy_forms", "widget_tweaks", "drf_spectacular", "drf_yasg",
     "jwt", "cryptography", "Crypto", "nacl", "passlib", "bcrypt", "argon2", "tenacity",
     "backoff", "retrying", "tqdm", "psycopg2", "psycopg", "pymysql", "MySQLdb", "sqlalchemy",
     "redis", "django_redis", "pymongo", "channels", "asgiref", "graphene", "strawberry",
     "wagtail", "modelcluster", "phonenumbers", "regex", "chardet", "charset_normalizer",
     "magic", "filetype", "openpyxl", "xlrd", "xlsxwriter", "reportlab", "weasyprint",
     "integration_lint"}
)
LOCAL_PACKAGE_PREFIXES = ("django_", "rest_framework_", "drf_", "dj_", "celery_", "flask_", "pytest_")
MAX_SURFACING_DEPTH = 3
# How many callers up a parameter handed on (`helper(client)` with `client` a parameter) is followed.
MAX_FORWARD_DEPTH = 3
# Huey's task decorators: calling the decorated function enqueues it (djhuey's `on_commit_task`
# once the transaction commits).
HUEY_TASK_DECORATORS = frozenset({"task", "db_task", "periodic_task", "db_periodic_task", "on_commit_task"})


def _is_huey_task_decorator(name: str) -> bool:
    return name.startswith("huey.") and name.rpartition(".")[2] in HUEY_TASK_DECORATORS


def call_site_ref(callee: str, caller: str, line: int) -> str:
    """A reference to one call site (`callee` called from `caller` at `line`), for a Condition's
    `outbound_any`: outbound when the arguments passed there make it so (an outbound function or
    a client handed to a helper that calls it)."""
    return f"{callee}@{caller}:{line}"


PARAMETER_REF = "@param:"


def parameter_ref(function: str, index: int, name: str, path: str, within: str = "") -> str:
    """A reference to `path` (`api_session.post`) called on an untyped parameter of `function`
    (position `index` after `self`, or -1 keyword-only): the project pass reads it as each value
    the callers pass there (`ProjectIndex.parameter_values`). With `within` (a module or class
    prefix, `jobserver.github.`), only a value whose member resolves there counts (IL301: the
    caught exception is defined next to the client). With an empty `path`, the parameter itself
    handed on to another function (FunctionFacts.call_args)."""
    head = f"{within}|" if within else ""
    return f"{PARAMETER_REF}{head}{function}:{index}:{name}:{path}"


def _client_calls_first(uses) -> list:
    """A function's param_uses, a client method called on a parameter first (by dotted depth,
    then line): `jira.createmeta(...)` explains a chain better than `jira.deploymentType.lower()`."""
    return sorted(uses or (), key=lambda use: (use[2].count("."), use[3]))


def parse_parameter_ref(ref: str) -> tuple[str, str, int, str, str]:
    """(within, function, index, name, path) of a `parameter_ref`."""
    rest = ref[len(PARAMETER_REF):]
    within, bar, tail = rest.partition("|")
    if not bar:
        within, tail = "", rest
    function, index, name, path = tail.rsplit(":", 3)
    return within, function, int(index) if index.lstrip("-").isdigit() else -1, name, path


def _instance_tail(rest: list[str]) -> list[str] | None:
    """`filter.first.sync` (after a manager): the members after the call returning one object."""
    for i, name in enumerate(rest):
        if name in INSTANCE_METHODS:
            return rest[i + 1:]
        if name in PAIR_METHODS:
            # `obj, created = Order.objects.get_or_create(...)`: the first item is the object
            return rest[i + 2:] if rest[i + 1:i + 2] == ["__item0__"] else None
        if name not in QUERYSET_METHODS:
            return None
    return None


def _is_test_module(module: str) -> bool:
    """A test module's dotted name (`tests` package, `test_*`/`*_tests` modules, conftest)."""
    parts = module.split(".")
    return any(p in ("tests", "test", "testing", "conftest") or p.startswith("test_") or p.endswith("_tests") for p in parts)


# The request parameter of a view function (a leading underscore: the view does not read it).
VIEW_REQUEST_PARAMS = frozenset({"request", "_request"})


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
        # functions with facts only a few have, gathered while indexing
        self._abstract: list[str] = []
        self._with_bound_calls: list[str] = []
        for m in modules:
            self.modules[m.module] = m
            for q, f in m.functions.items():
                self.functions[q] = f
                self.owner_module[q] = m.module
                if f.abstract:
                    self._abstract.append(q)
                if f.bound_calls:
                    self._with_bound_calls.append(q)
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
        # (caller, line, callee ref) -> chain of the call sites made outbound by their arguments.
        self._site_chains: dict[tuple[str, int, str], tuple[tuple[str, int], ...]] = {}
        self._deferred: dict[str, bool] = {}
        self._surfacing: dict[str, bool] = {}
        self._typing_views: set[tuple[str, str]] = set()  # (view class, member) being typed
        self._subclass_memo: dict[tuple[str, str], list[str] | None] = {}
        self._slots_memo: dict[str, dict[int | str, tuple[str, ...]]] = {}
        self._passed: dict[str, list[tuple]] | None = None  # callee -> arguments of its call sites
        self._arg_sites: list[tuple[str, int, str, str, str, tuple]] | None = None
        self._forwarded: dict[str, list[tuple[int, str, tuple]]] | None = None
        # Memos: the index does not change once built.
        self._mro: dict[str, tuple[str, ...]] = {}
        self._view_classes: dict[str, bool] = {}
        self._view_functions: set[str] | None = None
        self._task_wrappers: dict[str, bool] | None = None
        self._app_task_retries: bool | None = None  # has_retry_base(APP_DEFAULT_TASK), built once
        self._nested: dict[str, list[str]] | None = None  # function -> functions nested in it
        self._huey_appliers: dict[str, bool] = {}  # project decorator -> hands its function to Huey
        self._attrs_from_sites: dict[str, dict[str, str]] | None = None
        self._models_by_name: dict[str, list[str]] | None = None
        self._models_by_lower: dict[str, list[str]] | None = None
        self._attrs_building = False
        # (class, attribute) lookups made in the table while it was being built, and the answers
        # given then that made some: (answer, lookups), kept when the built table has none of them
        self._attrs_asked: list[tuple[str, str]] = []
        self._building_memo: dict[str, tuple[str, frozenset[tuple[str, str]]]] = {}
        self._dynamic_memo: dict[str, list[str]] = {}
        self._definers_memo: dict[str, list[str]] | None = None
        self._heads: frozenset[str] | None = None
        self._first: frozenset[str] | None = None
        self._prefix_set: frozenset[str] | None = None
        self._bases_memo: dict[str, list[str]] = {}
        self._credentialed_memo: dict[str, frozenset[str]] | None = None
        self._star_visiting: set[tuple[str, str]] = set()
        self._alt_memo: dict[str, list[str]] = {}
        self._alt_names: frozenset[str] | None = None

    # ------------------------------------------------------------- resolution
    def _module(self, name: str) -> ModuleFacts | None:
        m = self.modules.get(name)
        if m is None and name.startswith("src."):
            # a `src/` layout is named without `src.` (analysis.module_name_for); a tree whose
            # `src/` is a package imports it as `from src.app import X`
            name = name[4:]
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
        if self._attrs_building:
            # while the attribute table is built it is empty: an answer that asked it for an
            # attribute is kept aside with the lookups it made, and kept for good once the table
            # is built if none of them has an entry (the same answer with the table)
            asked = self._attrs_asked
            held = self._building_memo.get(ref)
            if held is not None:
                asked.extend(held[1])
                return held[0]
            before = len(asked)
            result = self._resolve(ref, depth)
            if depth == 0:
                if len(asked) == before:
                    self._resolved[ref] = result
                else:
                    self._building_memo[ref] = (result, frozenset(asked[before:]))
            return result
        result = self._resolve(ref, depth)
        if depth == 0:
            self._resolved[ref] = result
        return result

    def _resolve(self, ref: str, depth: int) -> str:
        if ref in self.functions or ref in self.classes:
            return ref
        if depth > MAX_RESOLVE_DEPTH:
            return ref
        if ref.endswith(".()"):
            # a call of the value `ref[:-3]` stands for: the function a project function returned
            # (`return connect_to_jira`), else nothing known
            function = self.resolve(ref[:-3], depth + 1)
            facts = self.functions.get(function)
            if facts is not None and getattr(facts, "returns_function", False) and facts.returns:
                return self.resolve(facts.returns, depth + 1)
            if function in self.classes:
                # `push = EndpointRequest(...)` then `push(...)`: the instance's `__call__`
                member = self._class_member(function, ["__call__"], depth + 1)
                if member in self.functions:
                    return member
            return VALUE_CALL
        if ref.startswith(MODEL_LOOKUP):
            # `apps.get_model("billing", "Invoice").objects.get(...)`: the project model
            parts = ref[len(MODEL_LOOKUP) + 1:].split(".")
            model = self._model_named(parts[0], parts[1]) if len(parts) > 1 else None
            if model is None:
                return ref
            return self._class_member(model, parts[2:], depth + 1)
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
        stars = getattr(module, "star_imports", ())
        if stars:
            found = self._star_member(module.module, stars, rest, depth)
            if found is not None:
                return found
        return ".".join([head, *rest[1:]])

    def _star_member(self, owner: str, stars: tuple[str, ...], rest: list[str], depth: int) -> str | None:
        """`rest[0]` brought into `owner` by `from X import *`: its resolution in the last
        star-imported project module that binds it (a def, a class, an import, a typed variable,
        or a star import of its own), else in the last star-imported package outside the project."""
        key = (owner, rest[0])
        visiting = self._star_visiting
        if key in visiting or depth > MAX_RESOLVE_DEPTH:
            return None
        visiting.add(key)
        try:
            outside = None
            for star in reversed(stars):
                module = self._module(star)
                if module is None:
                    if outside is None and star.split(".", 1)[0] not in ("builtins",):
                        outside = star
                    continue
                head = f"{module.module}.{rest[0]}"
                if (
                    head in self.classes
                    or head in self.functions
                    or rest[0] in module.imports
                    or rest[0] in (module.variables or {})
                ):
                    return self.resolve(".".join([module.module, *rest]), depth + 1)
                inner = getattr(module, "star_imports", ())
                if inner:
                    found = self._star_member(module.module, inner, rest, depth + 1)
                    if found is not None:
                        return found
            if outside is not None:
                return canonical_external(".".join([outside, *rest]))
            return None
        finally:
            visiting.discard(key)

    def _member(self, head: str, rest: list[str], depth: int) -> str:
        """`head` is a project class or function; follow `rest` through members/return types."""
        if not rest:
            return head
        if head in self.classes:
            return self._class_member(head, rest, depth)
        facts = self.functions.get(head)
        if len(rest) == 1 and rest[0] in TASK_RUN_ATTRS and facts is not None and facts.decorators:
            # `pull_attachment.run(item_id)` / `.apply(args=...)`: the task body, run here
            return head
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
                found = self.resolve(".".join([facts.returns, *rest]), depth + 1)
                alts = getattr(facts, "returns_alts", ())
                if alts and found not in self.functions:
                    # a factory building one of several classes: the one defining the member
                    for alt in alts:
                        other = self.resolve(".".join([alt, *rest]), depth + 1)
                        if other in self.functions:
                            return other
                return found
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
        if depth <= MAX_RESOLVE_DEPTH:
            if member in MANAGER_NAMES and len(rest) > 2:
                tail = _instance_tail(rest[1:])
                if tail and self._is_model(cls):
                    return self._class_member(cls, tail, depth + 1)
            elif member in ("get_form", "get_object", "object") and len(rest) > 1:
                key = (cls, member)
                if key not in self._typing_views:  # `self.queryset = self.get_object().items`
                    self._typing_views.add(key)
                    try:
                        if member == "get_form":
                            typed = self._view_form(cls)
                        else:
                            # `self.object`: what Django's single-object views' get()/post() set
                            typed = self._view_model(cls, member == "object")
                    finally:
                        self._typing_views.discard(key)
                    if typed is not None:
                        return self._class_member(typed, rest[1:], depth + 1)
        external = None
        for klass in self.mro(cls):
            facts = self.classes.get(klass)
            if facts is not None:
                if member in facts.methods:
                    return self._member(f"{klass}.{member}", rest[1:], depth + 1)
                typ = (facts.attrs or {}).get(member)
                if not typ:
                    sites = self._attrs_from_sites
                    if sites is None or self._attrs_building or klass in sites:
                        typ = self._site_attr(klass, member)
                if typ and depth <= MAX_RESOLVE_DEPTH:
                    if klass != cls and typ.startswith(klass + ".") and "." not in typ[len(klass) + 1:]:
                        # `self.client = self._get_client()` in a base class, read on a subclass
                        # that overrides `_get_client` (`-> HubspotClient`): the override's product
                        override = self._class_member(cls, [typ[len(klass) + 1:]], depth + 1)
                        if override != typ and override in self.functions:
                            return self.resolve(".".join([override, *rest[1:]]), depth + 1)
                    return self.resolve(".".join([typ, *rest[1:]]), depth + 1)
            elif klass != cls and external is None:
                # an external base (`TemplateView`) met breadth-first before a project mixin of a
                # project base (`class Dashboard(MatomoMixin, FormMixin)`; `class Page(Dashboard,
                # TemplateView)`): the member is the external class's only when no project class
                # of the lineage defines it (Python's C3 order puts Dashboard's mixins first)
                external = klass
        if external is not None:
            return canonical_external(".".join([external, *rest]))
        return ".".join([cls, *rest])

    def _dynamic_implementations(self, ref: str) -> list[str]:
        """For `DYNAMIC_IMPORT.<method>` (a class or object named by the configuration): the
        `<method>` of every project class that defines it, when they form one family: two or more
        definers deriving from one project class (`BasePaymentBackend.charge` with
        `StripeBackend.charge`, `DummyBackend.charge`; or `Brevo.has_unsubscribed` and
        `Sarbacane.has_unsubscribed` under `NewsletterClient`). A method name defined in
        unrelated classes, or by a single class, gives nothing."""
        member = ref[len(DYNAMIC_IMPORT) + 1:]
        if not member or "." in member or member.startswith("__"):
            return []
        memo = self._dynamic_memo
        if member in memo:
            return memo[member]
        memo[member] = []
        definers = self._definers().get(member, [])
        if len(definers) < 2 or len(definers) > 64:
            return []
        common = None
        for k in definers:
            lineage = {c for c in self.mro(k) if c in self.classes}
            common = lineage if common is None else common & lineage
            if not common:
                break
        if not common:
            # unrelated classes define it too (a view's `search` action beside an indexer's):
            # the family under the one abstract declaration of it (`@abstractmethod def
            # search(...)` on BaseIndexer), when there is one
            bases = [k for k in definers if getattr(self.functions.get(f"{k}.{member}"), "abstract", False)]
            if len(bases) != 1:
                return []
            definers = [k for k in definers if bases[0] in self.mro(k)]
            if len(definers) < 2:
                return []
            common = {bases[0]}
        # overrides first, then a definer every other derives from (the base's own body last)
        memo[member] = sorted(f"{k}.{member}" for k in definers if k not in common) + sorted(
            f"{k}.{member}" for k in definers if k in common
        )
        return memo[member]

    def _dynamic_targets(self, target: str) -> list[str] | None:
        """For a call of a method on a class or object named by the configuration (or on what a
        project function returns when its type is unknown, `_unknown_receiver`): the project
        implementations that may run, those that enqueue instead of running left out; None when
        `target` is not such a call. One answer for the chains, call sites and `outbound_chain`."""
        dynamic = target if target.startswith(DYNAMIC_IMPORT) else self._unknown_receiver(target)
        if not dynamic:
            return None
        return [m for m in self._dynamic_implementations(dynamic) if not self.is_deferred(m)]

    def _unknown_receiver(self, target: str) -> str | None:
        """`plugins.get_plugin(name).get_versions(project)`: a method called on what a project
        function returns when its return type is unknown (a registry lookup, a loop over loaded
        plugins). With a distinctive method name (`get_versions`, not `save`/`send`/a framework
        hook), it stands for the `DYNAMIC_IMPORT` call of that method; None otherwise."""
        head, _, member = target.rpartition(".")
        if "_" not in member or not head or member.startswith("_") or member.endswith("_") or member in FRAMEWORK_HOOKS:
            return None
        facts = self.functions.get(head)
        if facts is None or facts.returns or facts.abstract:
            return None
        return f"{DYNAMIC_IMPORT}.{member}"

    def _definers(self) -> dict[str, list[str]]:
        """method name -> the project classes (outside test modules) that define it."""
        found = self._definers_memo
        if found is None:
            found = self._definers_memo = {}
            for module in self.modules.values():
                if not module.classes or _is_test_module(module.module):
                    continue
                for qualname, facts in module.classes.items():
                    for method in facts.methods:
                        if method in found:
                            found[method].append(qualname)
                        else:
                            found[method] = [qualname]
        return found

    def _model_named(self, label: str, name: str) -> str | None:
        """The project model class `name` of the app labelled `label` (a package of that name
        holding it: `billing/models.py`, `apps/billing/models/invoice.py`); else the only project
        model of that name."""
        by_name = self._models_by_name
        if by_name is None:
            by_name = self._models_by_name = {}
            for qualname in self.classes:
                by_name.setdefault(qualname.rpartition(".")[2], []).append(qualname)
        if label == ANY_APP:
            lowered = self._models_by_lower
            if lowered is None:
                lowered = self._models_by_lower = {}
                for qualname in self.classes:
                    lowered.setdefault(qualname.rpartition(".")[2].lower(), []).append(qualname)
            found = [c for c in lowered.get(name, ()) if self._is_model(c)]
            return found[0] if len(found) == 1 else None
        candidates = [c for c in by_name.get(name, ()) if self._is_model(c)]
        labelled = [c for c in candidates if f".{label}." in f".{c}"]
        if len(labelled) == 1:
            return labelled[0]
        return candidates[0] if len(candidates) == 1 else None

    def _is_model(self, cls: str) -> bool:
        """A project class deriving from a Django model class."""
        return cls in self.classes and any(
            k not in self.classes
            and (
                (k.startswith("django.") and ".models" in k)
                # an abstract model of a Django add-on (`model_utils.models.TimeStampedModel`)
                or (".models." in k and k.endswith("Model"))
            )
            for k in self.mro(cls)
        )

    def _model_of(self, ref: str) -> str | None:
        """The project model a `queryset`/`model` value names: `Order`, `Order.objects.filter`."""
        target = self.resolve(ref)
        if target in self.classes:
            return target if self._is_model(target) else None
        parts = ref.split(".")
        for i, part in enumerate(parts):
            if part in MANAGER_NAMES and i:
                model = self.resolve(".".join(parts[:i]))
                return model if self._is_model(model) else None
        return None

    def _view_form(self, cls: str) -> str | None:
        """The project form class whose instance `get_form()` returns on a Django form view that
        overrides neither `get_form` nor `get_form_class`: its `form_class`."""
        lineage = self.mro(cls)
        project = [k for k in lineage if k in self.classes]
        if not project or any(
            {"get_form", "get_form_class"} & self.classes[k].methods for k in project
        ):
            return None
        if not any(k not in self.classes and k.startswith(FORM_VIEW_PACKAGES) for k in lineage):
            return None
        for k in project:
            form = (self.classes[k].attrs or {}).get("form_class")
            if form:
                target = self.resolve(form)
                return target if target in self.classes else None
        return None

    def _view_model(self, cls: str, attribute: bool = False) -> str | None:
        """The model whose instance `get_object()` returns on a single-object view class that does
        not override it: the `get_queryset()` override's model, else `queryset`, else `model`.
        With `attribute`, for `self.object`, which the project must not set or define itself."""
        lineage = self.mro(cls)
        project = [k for k in lineage if k in self.classes]
        if not project or any("get_object" in self.classes[k].methods for k in project):
            return None
        if attribute and any(
            "object" in self.classes[k].methods or "object" in (self.classes[k].attrs or {})
            for k in project
        ):
            return None
        if not any(
            k not in self.classes
            and k.rpartition(".")[2] in SINGLE_OBJECT_VIEWS
            # `self.object` is set by Django's views only (DRF's have none)
            and k.startswith("django.views.generic" if attribute else SINGLE_OBJECT_PACKAGES)
            for k in lineage
        ):
            return None
        for k in project:
            if "get_queryset" in self.classes[k].methods:
                returned = self.functions.get(f"{k}.get_queryset")
                if returned is not None and returned.returns:
                    model = self._model_of(returned.returns)
                    if model:
                        return model
                break
        for k in project:
            attrs = self.classes[k].attrs or {}
            for name in ("queryset", "model"):
                if attrs.get(name):
                    return self._model_of(attrs[name])
        return None

    # ------------------------------------------------------------- outbound
    def _is_external_outbound(self, name: str) -> bool:
        if external_outbound(name, self.extra_clients):
            return True
        # a third-party API client library named like one (`dmapiclient.SearchAPIClient.index`),
        # never a project package's class of that name
        if api_client_call(name):
            return not self._project_owns(name)
        table = self._credentialed_memo
        if table is None:
            table = self._credentialed()
        if not table:
            return False
        classes = table.get(name.partition(".")[0])
        return bool(classes) and self._credentialed_call(name, classes)

    def _credentialed(self) -> dict[str, frozenset[str]]:
        """Third-party classes the project instantiates with a server URL or a secret
        (ModuleFacts.credentialed), canonical names by their first component."""
        found = self._credentialed_memo
        if found is None:
            by_head: dict[str, set[str]] = {}
            for module in self.modules.values():
                for ref in getattr(module, "credentialed", None) or ():
                    name = self.resolve(ref) if "." in ref else ref
                    if name in self.classes or name in self.functions or name in self.modules:
                        continue
                    by_head.setdefault(name.split(".", 1)[0], set()).add(name)
            found = self._credentialed_memo = {h: frozenset(v) for h, v in by_head.items()}
        return found

    def _credentialed_call(self, name: str, classes: frozenset[str]) -> bool:
        """`name` is a request of a third-party class the project builds with a server URL or a
        secret (`KeycloakAdmin(server_url=..., client_secret_key=...)` then `admin.get_users()`,
        `Rehive(token)` then `rehive.admin.users.documents.get(pk)`): such an object is an API
        client whatever its name. A request is a CRUD/transfer verb member or the end of a resource
        chain in one (`outbound.credentialed_client_call`)."""
        for cls in classes:
            if name.startswith(cls + ".") and credentialed_client_call(cls, name[len(cls) + 1:]):
                return not self._project_owns(name) and self.is_external(name)
        return False

    def _compute_chains(self) -> dict[str, tuple[tuple[str, int], ...]]:
        callers: dict[str, set[tuple[str, int]]] = {}
        chains: dict[str, tuple[tuple[str, int], ...]] = {}
        frontier: list[str] = []
        alternating = self._has_alternatives()
        for qualname, facts in self.functions.items():
            direct = facts.outbound
            for ref, line in facts.calls:
                target = self.resolve(ref)
                if alternating:
                    # `MailClient().get_account()` with `MailClient = A if flag else B`; a method
                    # of what a factory returns on one of its branches: each may run
                    for alt in self.alternatives(ref):
                        if alt in self.functions and alt != qualname and not self.is_deferred(alt):
                            callers.setdefault(alt, set()).add((qualname, line))
                if direct is None and self.extra_clients and self._is_external_outbound(target):
                    direct = (target, line)  # a configured `http-clients` wrapper
                    continue
                if target in self.functions:
                    if target != qualname and not self.is_deferred(target):
                        callers.setdefault(target, set()).add((qualname, line))
                    continue
                dynamic = self._dynamic_targets(target)
                if dynamic is not None:
                    # `import_string(settings.BACKEND)().charge(...)`: any implementation of the
                    # project's backend family that defines `charge` may run
                    for method in dynamic:
                        callers.setdefault(method, set()).add((qualname, line))
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
        self._propagate(chains, callers, frontier)
        # Call sites whose arguments make the callee outbound (a function or client handed to a
        # helper that calls it), decided once the plain chains are known; what they make
        # outbound propagates to its callers in turn, a few rounds at most.
        sites = self._argument_sites()
        built = self._built_sites()
        abstract = self._abstract_overrides()
        for _round in range(4):
            fresh: list[str] = []
            for method in list(abstract):
                overrides = abstract[method]
                if all(o in chains for o in overrides):
                    del abstract[method]
                    first = overrides[0]
                    chains[method] = ((first, self.functions[first].line), *chains[first])
                    fresh.append(method)
            for key in list(sites):
                caller, line, _ref = key
                chain = self._site_chain(*sites[key], line, chains)
                if chain is None:
                    continue
                del sites[key]
                self._site_chains[key] = chain
                if caller not in chains:
                    chains[caller] = chain
                    fresh.append(caller)
            for key in list(built):
                caller, line, _ref = key
                cls, method, bindings = built[key]
                steps = self._bound_steps(cls, method, bindings, 0, chains, set())
                if steps is None:
                    continue
                del built[key]
                chain = ((method, line), *steps)
                self._site_chains[key] = chain
                if caller not in chains:
                    chains[caller] = chain
                    fresh.append(caller)
            if not fresh:
                break
            self._propagate(chains, callers, fresh)
        return chains

    def _alternative_names(self) -> frozenset[str]:
        """The names an alternative can be reached through: a module-level variable bound by a
        conditional expression to one of two classes, or a factory returning instances of several
        classes (what `alternatives` reads). Empty when the project has neither."""
        names = self._alt_names
        if names is None:
            names = self._alt_names = frozenset(
                name for m in self.modules.values() for name in (getattr(m, "variable_alts", None) or {})
            ) | frozenset(
                q.rpartition(".")[2] for q, f in self.functions.items() if getattr(f, "returns_alts", ())
            )
        return names

    def _has_alternatives(self) -> bool:
        return bool(self._alternative_names())

    def alternatives(self, ref: str) -> list[str]:
        """The other callables a call of `ref` may run, resolved: through a module-level name bound
        by a conditional expression to one of two classes (ModuleFacts.variable_alts), or a
        member of what a project factory returns when it builds one of several classes
        (FunctionFacts.returns_alts, the first is what `resolve` follows)."""
        memo = self._alt_memo
        if ref in memo:
            return memo[ref]
        memo[ref] = []
        parts = ref.split(".")
        if self._alternative_names().isdisjoint(parts[:-1]):
            # a ref naming none of them has no alternative: no prefix is resolved (pre-commit)
            return []
        found: list[str] = []
        for i in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:i])
            module = self._module(".".join(parts[: i - 1])) if i > 1 else None
            alts: tuple[str, ...] = ()
            if module is not None and module.variable_alts:
                alts = module.variable_alts.get(parts[i - 1], ())
            if not alts:
                target = self.resolve(head)
                facts = self.functions.get(target)
                alts = getattr(facts, "returns_alts", ()) if facts is not None else ()
            if alts:
                rest = parts[i:]
                for alt in alts:
                    member = self.resolve(".".join([alt, *rest]))
                    if member in self.functions:
                        found.append(member)
                break
        memo[ref] = found
        return found

    def _abstract_overrides(self) -> dict[str, list[str]]:
        """Abstract project methods (FunctionFacts.abstract) -> the concrete overrides the
        project's subclasses define: calling the abstract method on a value typed as the base
        (`backend: BaseBackend`, a helper annotated `-> BaseBackend`) runs one of them."""
        abstract = {q for q in self._abstract if self.functions[q].is_method}
        if not abstract:
            return {}
        names = {q.rpartition(".")[2] for q in abstract}
        found: dict[str, list[str]] = {}
        for cls, facts in self.classes.items():
            defined = names & facts.methods
            if not defined:
                continue
            lineage = self.mro(cls)[1:]
            for name in sorted(defined):  # a set: sorted, so chains do not depend on hash seeds
                override = f"{cls}.{name}"
                if override in abstract or override not in self.functions:
                    continue
                for base in lineage:
                    if f"{base}.{name}" in abstract:
                        found.setdefault(f"{base}.{name}", []).append(override)
        return {method: sorted(overrides) for method, overrides in found.items()}

    # ------------------------------------------------------------- instances built with arguments
    def _init_slots(self, cls: str, depth: int = 0) -> dict[int | str, tuple[str, ...]]:
        """The attributes `cls`'s constructor stores its arguments in, by position (after `self`)
        and by keyword: `SyncUsers(integration)` → {0: ("integration",), "integration": (…)} when
        its `__init__`, or a base's reached through `super().__init__(integration)`, does
        `self.integration = integration`."""
        memo = self._slots_memo
        if cls in memo:
            return memo[cls]
        memo[cls] = {}
        lineage = self.mro(cls)
        owner = next((k for k in lineage if k in self.classes and "__init__" in self.classes[k].methods), None)
        facts = self.functions.get(f"{owner}.__init__") if owner else None
        slots: dict[int | str, tuple[str, ...]] = {}
        for index, name, target in getattr(facts, "init_binds", ()) if facts is not None else ():
            if target.startswith("^"):
                if depth >= 4 or owner is None:
                    continue
                base = next(
                    (k for k in self.mro(owner)[1:] if k in self.classes and "__init__" in self.classes[k].methods),
                    None,
                )
                if base is None:
                    continue
                slot = target[1:]
                attrs = self._init_slots(base, depth + 1).get(int(slot) if slot.isdigit() else slot, ())
            else:
                attrs = (target,)
            for key in (index, name) if index >= 0 else (name,):
                slots[key] = tuple(dict.fromkeys((*slots.get(key, ()), *attrs)))
        memo[cls] = slots
        return slots

    def _site_attr(self, cls: str, member: str) -> str | None:
        """`_site_attrs()[cls][member]`; while the table is being built, notes the classes asked
        about (their answers were given without it)."""
        table = self._site_attrs()
        if self._attrs_building:
            self._attrs_asked.append((cls, member))
        found = table.get(cls)
        return found.get(member) if found else None

    def _site_attrs(self) -> dict[str, dict[str, str]]:
        """class -> attribute -> the value every instantiation in the project stores there, for
        attributes the class itself leaves untyped (`def __init__(self, client): self.client =
        client`, built as `CloudflareService(build_dns_client())`): typed when the call sites that
        pass a typed value there all pass values of one type (test modules record none). Built
        once, on the first attribute the class facts do not type."""
        found = self._attrs_from_sites
        if found is not None:
            return found
        self._attrs_from_sites = {}  # while building: resolutions see no inferred attribute
        self._attrs_building = True
        if self._resolved:
            self._resolved.clear()  # the few answers given before may have needed the table
        seen: dict[tuple[str, str], dict[str, str]] = {}
        classes = self.classes
        sites = [args for facts in self.functions.values() for args in facts.call_args or ()]
        for module in self.modules.values():
            # module-level instantiations (`api = PartnersAPI(session=session)`)
            sites.extend(getattr(module, "call_args", None) or ())
        for callee, _line, args in sites:
            # only callees spelled like a class (`ZoneVendor(http)`), resolved here
            if not callee.rpartition(".")[2][:1].isupper():
                continue
            values = {ref for _slot, ref, is_value in args if is_value}
            if not values:
                continue
            cls = self.resolve(callee)
            if cls not in classes:
                continue
            for attr, ref in self._bindings(cls, args, forwarded=True).items():
                if ref.startswith(PARAMETER_REF):
                    # the caller's own parameter (`def make_api(session): return API(session=
                    # session)`): each value its callers pass, a few levels up
                    # (instances only: a value whose class is unknown, a helper's result of no
                    # known type, is no evidence either way)
                    _within, outer, position, name, _path = parse_parameter_ref(ref)
                    for value in self.parameter_values(outer, position, name):
                        typ = self.value_type(value)
                        if typ in classes or (typ not in self.functions and typ.rpartition(".")[2][:1].isupper()):
                            seen.setdefault((cls, attr), {})[typ] = value
                elif ref in values:
                    seen.setdefault((cls, attr), {})[self.value_type(ref)] = ref
        result: dict[str, dict[str, str]] = {}
        for (cls, attr), types in seen.items():
            if len(types) != 1:
                continue  # instances built with different kinds of value: not one type
            own = self.classes[cls].attrs or {}
            if own.get(attr):
                continue
            result.setdefault(cls, {})[attr] = next(iter(types.values()))
        self._attrs_from_sites = result
        self._attrs_building = False
        resolved = self._resolved
        for ref, (answer, lookups) in self._building_memo.items():
            if not any(member in result.get(cls, ()) for cls, member in lookups):
                resolved.setdefault(ref, answer)
        self._building_memo.clear()
        self._attrs_asked.clear()
        return result

    def _bindings(self, cls: str, args: tuple, forwarded: bool = False) -> dict[str, str]:
        """attribute -> reference of the argument stored in it, for `cls(*args)`; with
        `forwarded`, also the caller's own parameters handed on (`parameter_ref`s)."""
        slots = self._init_slots(cls)
        if not slots:
            return {}
        bound: dict[str, str] = {}
        for slot, ref, _is_value in args:
            if ref.startswith(PARAMETER_REF) and not forwarded:
                continue  # the caller's own parameter, not one value
            for attr in slots.get(slot, ()):
                bound.setdefault(attr, ref)
        return bound

    def _built_sites(self) -> dict[tuple[str, int, str], tuple[str, str, dict[str, str]]]:
        """(caller, line, callee ref) -> (class, method run, attribute bindings) for each project
        class instantiated with arguments its constructor stores (`SyncUsers(integration)`: its
        `__init__` runs with `self.integration` an `Integration`), and each method called on such
        an instance (`SyncUsers(integration).get_candidates()`)."""
        sites: dict = {}
        for qualname, line, ref, cls, init, args in self._call_arg_sites():
            if cls:
                bindings = self._bindings(cls, args)
                if bindings:
                    sites[(qualname, line, ref)] = (cls, init, bindings)
        for qualname in self._with_bound_calls:
            for ref, line, args in self.functions[qualname].bound_calls or ():
                owner, _, member = ref.rpartition(".")
                cls = self.resolve(owner)
                if cls not in self.classes or not member:
                    continue
                method = self._class_member(cls, [member])
                if method not in self.functions:
                    continue
                bindings = self._bindings(cls, args)
                if bindings:
                    sites[(qualname, line, ref)] = (cls, method, bindings)
        return sites

    def _bound_steps(
        self,
        cls: str,
        method: str,
        bindings: dict[str, str],
        depth: int,
        chains: dict[str, tuple[tuple[str, int], ...]],
        seen: set[str],
    ) -> tuple[tuple[str, int], ...] | None:
        """The chain of `method` run on a `cls` instance whose attributes hold `bindings`: a call
        through a bound attribute (`self.integration.run_request(...)`) that is outbound, or
        another method of the instance (`self.fetch_pages()`, up to 3 deep) that reaches one."""
        if method in seen:
            return None
        seen.add(method)
        facts = self.functions.get(method)
        owner = method.rpartition(".")[0]
        prefix = owner + "."
        for ref, line in facts.calls if facts is not None else ():
            if not ref.startswith(prefix):
                continue
            rest = ref[len(prefix):]
            head, dot, tail = rest.partition(".")
            if head in bindings:
                target = self.resolve(f"{bindings[head]}{dot}{tail}")
                reached = self._reach(target, line, chains)
                if reached is not None:
                    return reached
                continue
            if depth >= 3 or dot:
                continue
            target = self._class_member(cls, [head])
            if target in self.functions and target.rpartition(".")[0] in self.mro(cls):
                inner = self._bound_steps(cls, target, bindings, depth + 1, chains, seen)
                if inner is not None:
                    return ((target, line), *inner)
        return None

    @staticmethod
    def _propagate(
        chains: dict[str, tuple[tuple[str, int], ...]],
        callers: dict[str, set[tuple[str, int]]],
        frontier: list[str],
    ) -> None:
        """Breadth-first from `frontier` (functions with a chain) to their callers."""
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

    def surfaces(self, ref: str, depth: int = 0) -> bool:
        """Calling `ref` surfaces an error: the project function (or a project function it calls,
        up to MAX_SURFACING_DEPTH levels) raises, logs at warning or above or reports to Sentry."""
        target = self.resolve(ref)
        memo = self._surfacing
        if target in memo:
            return memo[target]
        facts = self.functions.get(target)
        if facts is None:
            return False
        memo[target] = False  # a cycle surfaces nothing
        result = bool(getattr(facts, "surfaces", False))
        if not result and depth < MAX_SURFACING_DEPTH:
            result = any(
                callee != target and self.surfaces(callee, depth + 1)
                for callee in dict.fromkeys(self.resolve(r) for r, _line in facts.calls)
                if callee in self.functions
            )
        if result or depth == 0:
            memo[target] = result  # a deeper "no" may be a depth cut-off: not remembered
        else:
            del memo[target]
        return result

    def is_deferred(self, function: str) -> bool:
        """Calling `function` enqueues it instead of running it: a Huey task (`@db_task()`), or a
        function wrapped by a project decorator that hands it to `.si()`/`.delay()`
        (`@queued_task`)."""
        memo = self._deferred
        if function not in memo:
            memo[function] = False
            facts = self.functions.get(function)
            for ref in facts.decorators if facts is not None else ():
                target = self.resolve(ref)
                if _is_huey_task_decorator(ref) or _is_huey_task_decorator(target):
                    memo[function] = True
                    break
                decorator = self.functions.get(target)
                if decorator is not None and self._applies_huey_task(target):
                    # a project decorator (factory) that hands a wrapper of the function to
                    # Huey's own decorator (`def task(retries=5): def deco(fn): ... return
                    # huey.task(retries=retries)(inner)`): calling it enqueues, like `@db_task()`
                    memo[function] = True
                    break
                if decorator is not None and (
                    getattr(decorator, "defers_param", False)
                    or any(
                        getattr(self.functions.get(self.resolve(ref)), "defers_param", False)
                        for ref in getattr(decorator, "defers_via", ())
                    )
                ):
                    # hands the function to `.si()`/`.delay()`, or to a project helper that does
                    # (`@run_postcommit(celery=True)` → `enqueue_postcommit_task(func, …)`)
                    memo[function] = True
                    break
        return memo[function]

    def _applies_huey_task(self, decorator: str) -> bool:
        """`decorator` (a project function) or a function nested in it calls one of Huey's task
        decorators (`huey.task(...)(inner)`, `HUEY.db_task()(fn)`). Memoised per decorator: one
        decorator serves many functions."""
        known = self._huey_appliers.get(decorator)
        if known is None:
            known = self._huey_appliers[decorator] = self._calls_huey_task(decorator)
        return known

    def _calls_huey_task(self, decorator: str) -> bool:
        nested = self._nested
        if nested is None:
            nested = self._nested = {}
            for qualname in self.functions:
                root, sep, _rest = qualname.partition(".<locals>.")
                if sep:
                    nested.setdefault(root, []).append(qualname)
        for qualname in (decorator, *nested.get(decorator, ())):
            for ref, _line in self.functions[qualname].calls:
                if ref.startswith("huey.") or ".HUEY." in ref or ".huey." in ref:
                    if _is_huey_task_decorator(self.resolve(ref)):
                        return True
        return False

    def _call_arg_sites(self) -> list[tuple[str, int, str, str, str, tuple]]:
        """Every recorded call site with resolvable arguments (FunctionFacts.call_args), resolved
        once: (caller, line, callee ref, the project class it instantiates or "", the project
        function it runs (a class's `__init__`) or "", arguments)."""
        if self._arg_sites is None:
            found: list[tuple[str, int, str, str, str, tuple]] = []
            functions, classes = self.functions, self.classes
            for qualname, facts in functions.items():
                for ref, line, args in getattr(facts, "call_args", None) or ():
                    callee = self.resolve(ref)
                    cls = ""
                    if callee in classes:
                        cls = callee
                        callee = self._class_member(callee, ["__init__"])
                    if callee in functions:
                        found.append((qualname, line, ref, cls, callee, args))
            self._arg_sites = found
        return self._arg_sites

    def _argument_sites(self) -> dict[tuple[str, str, int] | tuple[str, int, str], tuple]:
        """(caller, line, callee ref) -> (callee, its param_uses, the arguments) for every call
        site handing a resolvable name to a project function that uses its parameters."""
        sites: dict = {}
        forwards = self._forwards()
        for qualname, line, ref, _cls, callee, args in self._call_arg_sites():
            target = self.functions[callee]
            uses = target.param_uses
            if (uses or callee in forwards) and not target.defers_param:
                sites[(qualname, line, ref)] = (callee, _client_calls_first(uses), args)
        return sites

    def _forwards(self) -> dict[str, list[tuple[int, str, tuple]]]:
        """function -> the call sites where it hands one of its own untyped parameters on to a
        project function (`filter_labels(org, repo, github_api)`): (line, callee, arguments)."""
        if self._forwarded is None:
            found: dict[str, list[tuple[int, str, tuple]]] = {}
            for qualname, line, _ref, _cls, callee, args in self._call_arg_sites():
                if any(ref.startswith(PARAMETER_REF) for _slot, ref, _v in args):
                    found.setdefault(qualname, []).append((line, callee, args))
            self._forwarded = found
        return self._forwarded

    def _forward_chain(
        self,
        callee: str,
        args: tuple,
        line: int,
        chains: dict[str, tuple[tuple[str, int], ...]],
        depth: int,
    ) -> tuple[tuple[str, int], ...] | None:
        """`callee` called with `args` hands some of them on (its own parameters passed to another
        project function): the chain of that inner call with the arguments substituted, when it
        is outbound (`view → create_issue → filter_labels → GitHubAPI.get_labels`)."""
        entries = self._forwards().get(callee)
        if not entries or depth >= MAX_FORWARD_DEPTH:
            return None
        for inner_line, inner, inner_args in entries:
            bound: list[tuple[int | str, str, bool]] = []
            handed = False
            for slot, ref, is_value in inner_args:
                if not ref.startswith(PARAMETER_REF):
                    bound.append((slot, ref, is_value))
                    continue
                _within, function, index, name, _path = parse_parameter_ref(ref)
                if function != callee:
                    continue
                for outer_slot, outer_ref, outer_value in args:
                    if (outer_slot == index or outer_slot == name) and not outer_ref.startswith(PARAMETER_REF):
                        bound.append((slot, outer_ref, outer_value))
                        handed = True
                        break
            target = self.functions.get(inner)
            if not handed or target is None or target.defers_param:
                continue
            uses = _client_calls_first(target.param_uses)
            reached = self._site_chain(inner, uses, tuple(bound), inner_line, chains, depth + 1)
            if reached is not None:
                return ((callee, line), *reached)
        return None

    def _reach(
        self, target: str, line: int, chains: dict[str, tuple[tuple[str, int], ...]]
    ) -> tuple[tuple[str, int], ...] | None:
        """`target` called at `line`, with the chain it starts, when it is outbound."""
        if self._is_external_outbound(target):
            return ((target, line),)
        if target in self.classes:
            target = self._class_member(target, ["__init__"])
        chain = chains.get(target)
        if chain is None and target not in self.functions:
            # `indexer.search(...)` with `indexer` a configured class's instance handed in
            for method in self._dynamic_targets(target) or ():
                chain = chains.get(method)
                if chain is not None:
                    return ((method, line), *chain)
        return ((target, line), *chain) if chain is not None else None

    def _site_chain(
        self,
        callee: str,
        uses: list,
        args: tuple,
        line: int,
        chains: dict[str, tuple[tuple[str, int], ...]],
        depth: int = 0,
    ) -> tuple[tuple[str, int], ...] | None:
        """The chain of a call to `callee` with these arguments, when an argument makes it
        outbound: `callee` calls a client method on it (`session.get`), or calls it and it is an
        outbound function, or a function that calls a client method on what `callee` passes it,
        or hands it on to a function that does (`_forward_chain`)."""
        for index, name, path, use_line, types in uses:
            for slot, ref, is_value in args:
                if slot != index and slot != name:
                    continue
                if ref.startswith(PARAMETER_REF):
                    continue  # the caller's own parameter: its callers' values, not one value
                if path:
                    reached = self._reach(self.resolve(f"{ref}.{path}"), use_line, chains)
                elif is_value:
                    reached = None  # a value called (`client(...)`): not a function reference
                else:
                    function = self.resolve(ref)
                    reached = self._reach(function, use_line, chains)
                    if reached is None and types:
                        reached = self._bound_member_chain(function, types, use_line, chains)
                if reached is not None:
                    return ((callee, line), *reached)
        return self._forward_chain(callee, args, line, chains, depth)

    def _bound_member_chain(
        self,
        function: str,
        types: tuple[str, ...],
        line: int,
        chains: dict[str, tuple[tuple[str, int], ...]],
    ) -> tuple[tuple[str, int], ...] | None:
        """`function` called with arguments of these types: outbound when it calls a client
        method on one of them (`def api_request(api_client): return api_client.request(...)`
        handed to a helper that calls it with an `APIClient`)."""
        facts = self.functions.get(function)
        for index, _name, path, use_line, _types in getattr(facts, "param_uses", None) or ():
            if path and 0 <= index < len(types) and types[index]:
                reached = self._reach(self.resolve(f"{types[index]}.{path}"), use_line, chains)
                if reached is not None:
                    return ((function, line), *reached)
        return None

    def _is_parent_handler(self, callee: str, handlers: tuple[str, ...]) -> bool:
        """`callee` is the same handler method of a base class of a handler in `handlers` (the
        `super().m()` of an override), outbound on its own and a request handler itself."""
        owner, _, method = callee.rpartition(".")
        if self._chains is None or callee not in self._chains or owner not in self.classes:
            return False
        for ref in handlers:
            handler = self.resolve(ref)
            cls, _, name = handler.rpartition(".")
            if name == method and cls != owner and cls in self.classes and owner in self.mro(cls):
                return self.is_view(callee)
        return False

    def outbound_chain(self, ref: str) -> list[str] | None:
        """[ref, callee, …, external call] when calling `ref` performs an outbound call; for a
        `call_site_ref`, when that call does with its arguments; for a `parameter_ref`, when a
        value the callers pass does."""
        if ref.startswith(PARAMETER_REF):
            return self._parameter_chain(ref)
        if "@" in ref:
            callee, _, site = ref.partition("@")
            caller, _, line = site.rpartition(":")
            if self.is_deferred(self.resolve(callee)):
                return None  # calling it enqueues it
            direct = self.outbound_chain(callee)
            if direct:
                return direct
            chain = self._site_chains.get((caller, int(line) if line.isdigit() else -1, callee))
            return [step for step, _line in chain] if chain else None
        target = self.resolve(ref)
        if self._is_external_outbound(target):
            return [target]
        if target in self.classes:
            target = self._class_member(target, ["__init__"])
        if self._chains is None:
            self._chains = self._compute_chains()
        dynamic = self._dynamic_targets(target)
        if dynamic is not None:
            for method in dynamic:
                chain = self._chains.get(method)
                if chain is not None:
                    return [method, *(step for step, _line in chain)]
            return None
        chain = self._chains.get(target)
        if chain is None:
            steps = self._on_subclass(ref, target)
            if steps:
                return [target, *steps]
            if self._has_alternatives():
                for alt in self.alternatives(ref):
                    chain = self._chains.get(alt)
                    if chain is not None:
                        return [alt, *(step for step, _line in chain)]
            return None
        return [target, *(step for step, _line in chain)]

    def _on_subclass(self, ref: str, method: str) -> list[str] | None:
        """`self.handle_payment(...)` in a view class V, defined by a mixin X: the method runs with
        `self` a V, so its `self.payment_processor` is V's property, not X's (which X may not
        even define). The chain of `method` with X's `self.` references read on V, when that is
        outbound and the plain chain is not."""
        owner = method.rpartition(".")[0]
        if owner not in self.classes or method not in self.functions:
            return None
        parts = ref.split(".")
        cls = next(
            (h for h in (".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)) if h in self.classes),
            None,
        )
        if cls is None or cls == owner or owner not in self.mro(cls):
            return None
        return self._subclass_steps(cls, method, 0)

    def _subclass_steps(self, cls: str, method: str, depth: int) -> list[str] | None:
        key = (cls, method)
        memo = self._subclass_memo
        if key in memo:
            return memo[key]
        memo[key] = None  # a cycle reaches nothing
        assert self._chains is not None
        owner = method.rpartition(".")[0]
        facts = self.functions.get(method)
        found: list[str] | None = None
        for ref, line in facts.calls if facts is not None else ():
            if not ref.startswith(owner + "."):
                continue
            target = self.resolve(f"{cls}.{ref[len(owner) + 1:]}")
            if target != self.resolve(ref):
                reached = self._reach(target, line, self._chains)
                if reached is not None:
                    found = [step for step, _line in reached]
                    break
            if depth < 3 and target in self.functions and target.rpartition(".")[0] in self.mro(cls):
                inner = self._subclass_steps(cls, target, depth + 1)
                if inner:
                    found = [target, *inner]
                    break
        memo[key] = found
        return found

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
        if any(d.startswith(VERB_ROUTERS) and d.rpartition(".")[2] in ROUTER_VERBS for d in decorators):
            return True  # Flask 2 `@app.get`, Django Ninja `@router.post(...)`
        if not facts.is_method:
            # a private helper of a views module (`def _get_token(request, code)`) is not a view
            # unless routed (above): the view calling it is reported, with it in the chain
            return (in_views and facts.first_param in VIEW_REQUEST_PARAMS and "<locals>" not in target
                    and not target.rpartition(".")[2].startswith("_"))
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
        return in_views and facts.first_param in VIEW_REQUEST_PARAMS

    def has_retry_base(self, ref: str) -> bool:
        if ref == APP_DEFAULT_TASK:
            # a task without `base=` gets its app's task class: a retrying one retries it
            if self._app_task_retries is None:
                self._app_task_retries = any(
                    self.has_retry_base(r)
                    for module in self.modules.values()
                    for r in getattr(module, "default_task_classes", ()) or ()
                )
            return self._app_task_retries
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
        # wrapper key -> project decorator factories it calls (`def job(name, **kw): return
        # task(name=name, base=JobTask, **kw)` over `def task(*a, **kw): return celery.task(*a,
        # **kw)`): a wrapper when one of them is, a few levels deep
        inner: dict[str, set[str]] = {}
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
            factories: set[str] = set()
            for ref, policy in calls:
                target = self.resolve(ref)
                if policy:
                    retrying = True
                elif is_celery_task_decorator(target):
                    plain = True
                elif target in self.functions and target.split(".<locals>.", 1)[0] != root:
                    factories.add(target.split(".<locals>.", 1)[0])
            if any(self.has_retry_base(base) for base in getattr(facts, "task_decorator_bases", ())):
                retrying = True  # `base=RetryingTask` passed by the factory itself
            for key in keys:
                if retrying:
                    retries.add(key)
                if plain:
                    wraps[key] = True
                if factories:
                    inner.setdefault(key, set()).update(factories)
        for _round in range(4):
            grown = [
                key for key, called in inner.items()
                if key not in wraps and any(wraps.get(f) and f not in retries for f in called)
            ]
            if not grown:
                break
            for key in grown:
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

    def parameter_values(self, function: str, index: int, name: str, depth: int = 0) -> list[str]:
        """The references of the values the project's call sites pass `function`'s parameter
        (`self._create(api_client, …)` with `api_client = self._get_client(p)`): typed values
        only, in caller order. A caller handing on its own untyped parameter
        (`filter_labels(org, github_api)`) stands for what its callers pass, a few levels up."""
        if self._passed is None:
            passed: dict[str, list[tuple]] = {}
            for _caller, _line, _ref, _cls, callee, args in self._call_arg_sites():
                passed.setdefault(callee, []).append(args)
            self._passed = passed
        values: list[str] = []
        for args in self._passed.get(self.resolve(function), ()):
            for slot, ref, is_value in args:
                if not is_value or (slot != index and slot != name) or ref in values:
                    continue
                if ref.startswith(PARAMETER_REF):
                    if depth < MAX_FORWARD_DEPTH:
                        _within, outer, position, outer_name, _path = parse_parameter_ref(ref)
                        for value in self.parameter_values(outer, position, outer_name, depth + 1):
                            if value not in values:
                                values.append(value)
                    continue
                values.append(ref)
        return values

    def _parameter_chain(self, ref: str) -> list[str] | None:
        """The chain of a `parameter_ref` (`path` called on an untyped parameter): through the
        first value a caller passes whose member is outbound (within its `within` prefix)."""
        within, function, index, name, path = parse_parameter_ref(ref)
        if not path:
            return None
        for value in self.parameter_values(function, index, name):
            target = self.resolve(f"{value}.{path}")
            if within and not target.startswith(within):
                continue
            chain = self.outbound_chain(target)
            if chain:
                return [function, *chain]
        return None

    def _bound_parameter_call(self, ref: str) -> str | None:
        """For a `parameter_ref`, the first reference `value.path` built from a value the callers
        pass that is a requests session method without a default timeout."""
        _within, function, position, name, path = parse_parameter_ref(ref)
        for value in self.parameter_values(function, position, name):
            bound = f"{value}.{path}"
            if self.session_method_without_timeout(bound):
                return bound
        return None

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

    def _project_heads(self) -> frozenset[str]:
        """Every dotted component of the project's module names: an import can start at any of
        them (`core.services` in a `src/backend/core/` tree). Broad on purpose: a name counted
        as the project's is never called external."""
        heads = self._heads
        if heads is None:
            heads = self._heads = frozenset(p for name in self.modules for p in name.split(".") if p)
        return heads

    def _may_retry_handed(self, ref: str, depth: int = 0) -> bool:
        """A bound task handed to `ref` (a function, or a class built with it) may be retried
        there: the function, or a method of the class, calls `.retry(...)` on a parameter or an
        attribute; anything outside the project may."""
        target = self.resolve(ref)
        facts = self.functions.get(target)
        if facts is not None:
            if facts.retries_handed:
                return True
            # handed on again (`def sync(task, tid): return push_or_retry(task, tid)`)
            return depth < MAX_FORWARD_DEPTH and any(
                self._may_retry_handed(callee, depth + 1) for _line, callee, _args in self._forwards().get(target, ())
            )
        if target in self.classes:
            return any(
                getattr(self.functions.get(f"{k}.{m}"), "retries_handed", False)
                for k in self.mro(target) if k in self.classes
                for m in self.classes[k].methods
            ) or any(k not in self.classes and not k.startswith("builtins.") and k != "object" for k in self.mro(target))
        return True

    def _retries_below_note(self, chain: list[str]) -> str:
        """What retries the chain's call below Celery, for IL203's message: a step decorated with
        a retry library (`@retry(wait=wait_exponential())` of tenacity, `@backoff.on_exception`),
        or a requests session mounting a retrying adapter; "" when nothing does."""
        for step in chain[1:-1]:
            facts = self.functions.get(step)
            for decorator in getattr(facts, "decorators", ()) or ():
                if decorator.startswith(RETRY_LIBRARIES):
                    return BELOW_CELERY_NOTE.format(step=self.display(step), decorator=decorator)
        return TRANSPORT_NOTE if self._transport_retries(chain) else ""

    def _transport_retries(self, chain: list[str]) -> bool:
        """The chain ends in a requests call made on a session that mounts a retrying
        `HTTPAdapter`: built by the calling function, a method of its class, the helper or
        property the session comes from, or at its module's level."""
        if len(chain) < 2 or not is_requests_call(chain[-1]):
            return False
        caller = chain[-2]
        facts = self.functions.get(caller)
        if facts is None:
            return False
        if self._builds_retrying_adapter(caller):
            return True
        for raw, _line in facts.calls:
            if self.resolve(raw) != chain[-1]:
                continue
            owner = raw.rpartition(".")[0]
            while owner:
                if self._builds_retrying_adapter(self.resolve(owner)):
                    return True
                owner = owner.rpartition(".")[0]
        return False

    def _builds_retrying_adapter(self, ref: str) -> bool:
        """`ref` (a project function, method or class) builds a retrying adapter, or its class
        or module does; helpers returning the value are followed."""
        for _ in range(MAX_RESOLVE_DEPTH):
            facts = self.functions.get(ref)
            cls = ref if ref in self.classes else None
            if facts is not None:
                if facts.retrying_adapter:
                    return True
                owner = ref.rpartition(".")[0]
                if owner in self.classes:
                    cls = owner
            if cls is not None and any(
                getattr(self.functions.get(f"{k}.{m}"), "retrying_adapter", False)
                for k in self.mro(cls) if k in self.classes
                for m in self.classes[k].methods
            ):
                return True
            module = self.modules.get(self.owner_module.get(ref, ""))
            if module is not None and getattr(module, "retrying_adapter", False):
                return True
            if facts is None or not facts.returns or facts.returns == ref:
                return False
            ref = self.resolve(facts.returns)
        return False

    def _project_owns(self, name: str) -> bool:
        """`name` (not resolved into a project definition) may still be the project's: its
        top-level package is a component of a project module name (an import root the file
        layout does not show: `core.x` in a `src/backend/core/` tree). A component that is
        never the first of a module name (`manifest/services/emanifest.py`, `tools/arxiv.py`)
        owns the name only when what follows it is there in the project (a module, package,
        definition or import of that module): `arxiv.Client` with no `Client` in the project's
        `arxiv.py` is the third-party `arxiv` package that module shares its name with."""
        parts = name.split(".")
        head = parts[0]
        if head not in self._project_heads():
            return False
        if head in self._first_heads() or len(parts) == 1:
            return True
        member = parts[1]
        for base in self._bases_named(head):
            inner = f"{base}.{member}"
            if inner in self._prefixes() or inner in self.functions or inner in self.classes:
                return True
            module = self.modules.get(base)
            if module is None:
                continue
            target = module.imports.get(member)
            if target is not None:
                parts_t = target.split(".")
                if parts_t[0] != head:
                    return True
                # `from criminalip_client.api_client import Client` in the project's package of
                # that name is its own module; `from arxiv import Client` in the project's own
                # `arxiv.py` is the package's
                inner = f"{base}.{parts_t[1]}" if len(parts_t) > 1 else ""
                if inner and (inner in self._prefixes() or inner in self.functions or inner in self.classes):
                    return True
            if member in (module.variables or {}):
                return True
            if getattr(module, "star_imports", ()):
                return True  # what a star import brings is not listed: the project's, as before
        return False

    def _first_heads(self) -> frozenset[str]:
        heads = self._first
        if heads is None:
            heads = self._first = frozenset(name.split(".", 1)[0] for name in self.modules if name)
        return heads

    def _prefixes(self) -> frozenset[str]:
        prefixes = self._prefix_set
        if prefixes is None:
            found: set[str] = set()
            for name in self.modules:
                parts = name.split(".")
                for i in range(1, len(parts) + 1):
                    found.add(".".join(parts[:i]))
            prefixes = self._prefix_set = frozenset(found)
        return prefixes

    def _bases_named(self, head: str) -> list[str]:
        """The dotted prefixes of project module names that end in the component `head`."""
        bases = self._bases_memo.get(head)
        if bases is None:
            bases = self._bases_memo[head] = sorted(
                p for p in self._prefixes() if p.rpartition(".")[2] == head
            )
        return bases

    def is_external(self, ref: str) -> bool:
        """`ref` (a reference as a file names it) lies outside the project, in a package that is
        neither the standard library nor a framework or local library (LOCAL_PACKAGES):
        `pyzotero.zotero.Zotero.top`, `geopy.Nominatim.geocode`. False for anything resolving
        into a project module, and for a name whose top-level package matches any component of
        a project module name (a sibling package, a `src/` layout)."""
        heads = self._project_heads()
        for name in (ref, self.resolve(ref)):
            if not name or name in self.functions or name in self.classes:
                return False
            head = name.split(".", 1)[0]
            if (
                not head
                or not head.isidentifier()
                or (head in heads and self._project_owns(name))
                or head in _STDLIB
                or head in LOCAL_PACKAGES
                or head.startswith(LOCAL_PACKAGE_PREFIXES)
                or head == "builtins"
                or head.startswith("_")
            ):
                return False
        return "." in ref  # a bare name is a local or a builtin, never a package's member

    # ------------------------------------------------------------- pending findings
    def decide(self, pending: PendingFinding) -> Finding | None:
        cond: Condition = pending.condition
        finding = pending.finding
        message = finding.message
        external = getattr(cond, "external_any", ())
        if external and not any(self.is_external(r) for r in external):
            return None
        if (
            external
            and finding.code == "IL201"
            and not cond.outbound_any
            and any(self._is_external_outbound(self.resolve(r)) for r in external)
        ):
            # IL201 reports a third party's call twice, on `external_any` and on `outbound_any`
            # (rules/retry.py): when the project pass knows the call as outbound (a client library
            # named like one, `api_client_call`), the `outbound_any` finding, with its chain, is it
            return None
        wrappers = getattr(cond, "celery_wrapper_any", ())
        if wrappers and not any(self.wraps_celery_task(r) for r in wrappers):
            return None
        chain: list[str] | None = None
        falsy = getattr(cond, "answers_none_all", ())
        if falsy and not all(
            getattr(self.functions.get(self.resolve(r)), "answers_none_on_failure", False) for r in falsy
        ):
            return None
        quiet = getattr(cond, "none_surfaces", ())
        if quiet and any(self.surfaces(r) for r in quiet):
            return None
        quiet = getattr(cond, "none_surfaces_directly", ())
        if quiet and any(
            getattr(self.functions.get(self.resolve(r)), "surfaces", False) for r in quiet
        ):
            return None
        if cond.outbound_any:
            for ref in cond.outbound_any:
                chain = self.outbound_chain(ref)
                if chain:
                    break
            if not chain:
                return None
            message = message.replace("{chain}", " → ".join(self.display(c) for c in chain))
            message = message.replace("{target}", chain[-1])
            if "{transport_note}" in message:
                message = message.replace("{transport_note}", self._retries_below_note(chain))
            if "{oauth_note}" in message:
                oauth = any(OAUTH_STEP.search(c.rpartition(".")[2]) for c in chain)
                message = message.replace("{oauth_note}", OAUTH_NOTE if oauth else "")
        if cond.view_any and not any(self.is_view(r) for r in cond.view_any):
            return None
        if cond.view_any and chain and len(chain) > 1 and self._is_parent_handler(chain[0], cond.view_any):
            # `super().get_context_data()` in an override: the parent's handler reports the
            # outbound call inside it, once, instead of once per subclass.
            return None
        if cond.not_retry_base and any(self.has_retry_base(r) for r in cond.not_retry_base):
            return None
        handed = getattr(cond, "none_retry_handed", ())
        if handed and any(self._may_retry_handed(r) for r in handed):
            return None
        if cond.session_method_without_timeout:
            ref = cond.session_method_without_timeout
            if ref.startswith(PARAMETER_REF):
                bound = self._bound_parameter_call(ref)
                if bound is None:
                    return None
                ref = bound
            elif not self.session_method_without_timeout(ref):
                return None
            if "{target}" in message:
                owner, _, method = ref.rpartition(".")
                message = message.replace("{target}", f"{self.display(self.value_type(owner))}.{method}")
        return finding if message == finding.message else finding.with_message(message)
