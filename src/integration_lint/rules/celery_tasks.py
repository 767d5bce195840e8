"""IL203 celery-task-without-retry-policy."""

from __future__ import annotations

import ast
import re

from ..facts import APP_DEFAULT_TASK
from ..model import DISPLAY_ONLY, Condition, Edit, Fix
from ..outbound import is_sdk_call
from ..project import TASK_DECORATORS
from .base import Rule, example, register
from .retry import iter_calls

CELERY_DECORATOR_NAMES = frozenset({"task", "shared_task", "periodic_task"})


def is_celery_decorator(name: str | None) -> bool:
    """`celery.shared_task` and the other spellings of Celery's decorators, including old-API
    module paths (`celery.task.base.periodic_task`)."""
    return bool(name) and (
        name in TASK_DECORATORS
        or (name.startswith("celery.") and name.rpartition(".")[2] in CELERY_DECORATOR_NAMES)  # type: ignore[union-attr]
    )
# A task decorator *called* outside decorator position (`return shared_task(**kw)(f)`): the
# files where a project decorator may wrap Celery's. Checked once per file, on the source.
TASK_CALL_LINE = re.compile(r"(?m)^[ \t]*[^@# \t].*(?:task|Task|job|Job)\s*\(")
RETRY_CALL = re.compile(r"\.retry\s*\(")
# A project decorator used on a task is recognised when its own spelling says what it makes
# (`@cron_task(...)`, `@locked_task`, `@periodic(...)`, `@cron`, `@background_job`): what keeps
# the byte prefilter (the same words) provably conservative.
WRAPPER_WORDS = "task|Task|job|Job|cron|Cron|periodic|Periodic"
WRAPPER_NAME = re.compile(WRAPPER_WORDS)
# Options that only matter once something retries (Celery ignores them otherwise).
INERT_RETRY_OPTIONS = frozenset({"max_retries", "default_retry_delay", "retry_jitter", "retry_backoff_max"})
# Other task frameworks whose `@x.task` is not Celery: no autoretry_for there.
# Builtins that read an object rather than keep it, and logger methods: handing the task object
# to them is not handing it to something that may retry it.
_READS_OBJECT = frozenset({"isinstance", "getattr", "hasattr", "print", "str", "repr", "id", "type", "vars", "len"})
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
NOT_CELERY = ("invoke.", "fabric.", "prefect.", "airflow.", "dramatiq.", "huey.", "rq.", "luigi.", "taskiq.", "arq.",
              "multitasking.", "procrastinate.", "django_q.")
CELERY_TASK_BASES = frozenset({"celery.Task", "celery.app.task.Task", "celery.task.Task", "celery.task.base.Task"})
RETRY_OPTIONS = frozenset({"autoretry_for", "retry_backoff"})
# Decorators that wrap the task body in a retry policy (tenacity, backoff, the runtime preset).
RETRY_DECORATORS = re.compile(
    r"^(tenacity\.|backoff\.on_|retrying\.|integration_lint\.runtime\.(retry|sync_task|retries\.retry|tasks\.sync_task)$)"
)
RUNTIME_TASK_DECORATORS = frozenset(
    {"integration_lint.runtime.sync_task", "integration_lint.runtime.tasks.sync_task"}
)


def _may_apply_task_decorator(ref: str) -> bool:
    """A call that may apply Celery's task decorator, in a project decorator factory: Celery's
    own (`shared_task`, `<app>.task`) or another project factory spelt like one (`task(...)`,
    `job(...)`; the project pass follows it to Celery's)."""
    if ref.startswith(NOT_CELERY):
        return False
    return ref in TASK_DECORATORS or ref.endswith(".task") or WRAPPER_NAME.search(ref.rpartition(".")[2]) is not None


def _callee(dec: ast.expr) -> ast.expr:
    return dec.func if isinstance(dec, ast.Call) else dec


@register
class CeleryTaskWithoutRetryPolicy(Rule):
    """
    ## What it does
    Flags a Celery task — a function decorated with `@shared_task`, `@app.task`,
    `@<name>.task` or `@celery.task` (with or without arguments), or the `run` method of a
    task class — whose body makes an outbound call, directly or through project functions in
    any module, while the task has no retry policy: none of `autoretry_for=`,
    `retry_backoff=`, a `self.retry(...)` call, or a base task class (resolved in the project)
    that sets them — given with `base=`, or, for a task without `base=`, the app's default task
    class (`app.Task = RetryingTask`, `Celery(..., task_cls=...)`). The finding is reported at
    the `def` and names the chain to the outbound call. `max_retries=` or `default_retry_delay=` alone do not count: Celery only uses them
    when something retries, and the message says so; `retry_backoff=False` or
    `autoretry_for=()` switch the policy off.

    Tasks declared through a *project* decorator that wraps Celery's are tasks too:
    `def cron_task(**opts): def deco(f): return shared_task(**opts)(f); return deco` (or
    `app.task(...)(f)`, or a decorator class whose `__call__` does it) used as
    `@cron_task(lock_timeout=300)` in another module. Such a task is flagged when the project
    pass confirms that the decorator applies a Celery task decorator, passes it no retry policy
    (`autoretry_for=`/`retry_backoff=`, a `base=` task class that sets one, a `base=` it cannot
    name, or `**options` it cannot see count as one), and does not retry by itself
    (`task.retry(...)`, a tenacity/backoff/runtime decorator); the options at the use site are
    read as for `@shared_task`. A factory over another project factory is one too (`def job(name,
    **kw): return task(name=name, base=JobTask, bind=True, **kw)` over `def task(*a, **kw):
    return celery.task(*a, **kw)`, used as `@job("sync")`). A module-level alias of Celery's
    own decorator (`nautobot_task = shared_task`, not `shared_task(...)` with options) is such
    a decorator too. The decorator is recognised when
    its name says what it makes: `task`, `job`, `cron` or `periodic` (`cron_task`,
    `locked_task`, `periodic`, `background_job`).

    ## Why is this bad?
    A task that talks to a third-party API will meet timeouts, 5xx responses and rate limits.
    Without a retry policy the first transient error fails the task for good: the sync is
    silently incomplete until someone re-runs it by hand. The integrations guideline makes
    Celery the owner of retries for tasks ([guideline](../guidelines/integrations.md#retry)).

    ## Example
    ```python
    import requests
    from celery import shared_task

    @shared_task
    def sync_patients(practice_id):
        return requests.get(f"https://api.example.com/practices/{practice_id}", timeout=10).json()
    ```

    ## Use instead
    ```python
    import requests
    from celery import shared_task

    @shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True, max_retries=5)
    def sync_patients(practice_id):
        return requests.get(f"https://api.example.com/practices/{practice_id}", timeout=10).json()
    ```
    or `@integration_lint.runtime.sync_task(...)`, which sets autoretry, backoff and jitter, or
    `raise self.retry(exc=exc)` in a bound task.

    ## Fix safety
    Display-only: the suggestion adds `autoretry_for=(Exception,), retry_backoff=True` to the
    decorator. Choosing which exceptions are transient, and checking that the task is
    idempotent before it is retried, needs a person.

    ## Options
    - `http-clients` / `sdk-clients`: your own wrappers and SDKs count as outbound calls.
    - A decorator passing `**options` is not flagged (the options may carry a retry policy).
    - A task function also decorated with a retry decorator (`integration_lint.runtime.retry`,
      tenacity, backoff) is not flagged.

    Limitations (what is not resolved statically, and never guessed):
    - Dynamic dispatch cannot be resolved statically and is not guessed: a task that reaches
      its outbound call only through a registry or a name (`SERVICES[name].sync()`,
      `getattr(service, method)()`, a class picked by string) is not flagged. Declare the
      connector's client in `http-clients`/`sdk-clients` or call it directly to have it checked.
    - `super().method()` calls and values the file cannot type (a queryset's items, a parameter
      without annotation) end the chain.
    - A project decorator is only recognised when the file that defines it is linted with this
      rule (not when only the task's file is linted and the decorator's file is read for facts).
    """

    code = "IL203"
    name = "celery-task-without-retry-policy"
    family = "retry"
    summary = "A Celery task making outbound calls without a retry policy"
    guideline = "retry"
    # Every flagged task is a decorated `…task` function, a function decorated with a project
    # decorator spelt with one of WRAPPER_WORDS, or a class with a `run` method whose base ends
    # in `Task`.
    prefilter = re.compile(WRAPPER_WORDS.encode())
    records_facts = True  # task_decorator_calls / retries / task_aliases (project decorators)

    valid = (
        example(
            """
            import multitasking
            import requests

            @multitasking.task
            def prefetch(url):
                return requests.get(url, timeout=10).content
            """,
            "multitasking_thread_decorator_is_not_celery",
        ),
        example(
            """
            import requests
            from celery import shared_task

            @shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True)
            def sync(pk):
                return requests.get("https://api.example.com", timeout=10).json()
            """,
            "autoretry_for_and_retry_backoff",
        ),
        example(
            """
            import requests
            from celery import shared_task

            @shared_task(bind=True, max_retries=5)
            def sync(self, pk):
                try:
                    return requests.get("https://api.example.com", timeout=10).json()
                except requests.RequestException as exc:
                    raise self.retry(exc=exc, countdown=60)
            """,
            "bound_task_calling_self_retry",
        ),
        example(
            """
            from celery import shared_task
            from apps.core.models import Patient

            @shared_task
            def purge(pk):
                Patient.objects.filter(pk=pk).delete()
            """,
            "task_without_outbound_calls",
        ),
        example(
            """
            import requests
            from apps.core.tasks import RetryingTask
            from apps.core.celery import app

            @app.task(base=RetryingTask)
            def sync(pk):
                return requests.get("https://api.example.com", timeout=10).json()
            """,
            "retrying_base_class_in_another_module",
            path="apps/sync/tasks.py",
            files={
                "apps/core/tasks.py": """
                    from celery import Task

                    class RetryingTask(Task):
                        autoretry_for = (Exception,)
                        retry_backoff = True
                    """,
                "apps/core/celery.py": """
                    from celery import Celery

                    app = Celery("clinic")
                    """,
            },
        ),
        example(
            """
            import requests
            from invoke import task

            @task
            def docs(ctx):
                requests.get("https://example.com", timeout=10)
            """,
            "invoke_task_is_not_celery",
        ),
        example(
            """
            import requests
            from celery import shared_task

            @shared_task
            def notify(pk):
                send_later.delay(pk)

            @shared_task(autoretry_for=(Exception,))
            def send_later(pk):
                requests.post("https://hooks.example.com", json={"pk": pk}, timeout=10)
            """,
            "task_that_only_enqueues_another_task",
        ),
        example(
            """
            import requests
            from apps.core.decorators import cron_task

            @cron_task(lock_timeout=300)
            def sync(pk):
                return requests.get("https://api.example.com", timeout=10).json()
            """,
            "project_decorator_passing_a_retry_policy",
            path="apps/sync/tasks.py",
            files={
                "apps/core/decorators.py": """
                    from celery import shared_task

                    def cron_task(lock_timeout=None, **options):
                        def decorate(func):
                            return shared_task(autoretry_for=(Exception,), retry_backoff=True, **options)(func)
                        return decorate
                    """,
            },
        ),
    )
    invalid = (
        example(
            """
            import requests
            from celery import shared_task

            @shared_task
            def sync(pk):
                return requests.get("https://api.example.com", timeout=10).json()
            """,
            "shared_task_calling_requests",
            lines=(5,),
        ),
        example(
            """
            import requests
            from celery import shared_task

            @shared_task(bind=True, max_retries=3, default_retry_delay=60)
            def sync(self, pk):
                return requests.get("https://api.example.com", timeout=10).json()
            """,
            "max_retries_without_autoretry_is_inert",
            lines=(5,),
        ),
        example(
            """
            from apps.core.celery import app
            from apps.billing.services import push_invoice

            @app.task
            def push(pk):
                push_invoice(pk)
            """,
            "app_task_reaching_outbound_two_modules_away",
            lines=(5,),
            path="apps/billing/tasks.py",
            files={
                "apps/core/celery.py": """
                    from celery import Celery

                    app = Celery("clinic")
                    """,
                "apps/billing/services.py": """
                    from apps.billing.client import BillingClient

                    def push_invoice(pk):
                        return BillingClient().send(pk)
                    """,
                "apps/billing/client.py": """
                    import requests

                    class BillingClient:
                        def send(self, pk):
                            return requests.post("https://api.example.com/invoices", json={"pk": pk}, timeout=10)
                    """,
            },
        ),
        example(
            """
            import requests
            from celery import Task

            class SyncTask(Task):
                name = "sync"

                def run(self, pk):
                    return requests.get("https://api.example.com", timeout=10).json()
            """,
            "task_class_with_run",
            lines=(7,),
        ),
        example(
            """
            import requests
            from apps.core.tasks import LoggedTask
            from celery import shared_task

            @shared_task(base=LoggedTask)
            def sync(pk):
                return requests.get("https://api.example.com", timeout=10).json()
            """,
            "base_class_without_retry_policy",
            path="apps/sync/tasks.py",
            lines=(6,),
            files={
                "apps/core/tasks.py": """
                    from celery import Task

                    class LoggedTask(Task):
                        max_retries = 3
                    """,
            },
        ),
        example(
            """
            import requests
            from apps.core.decorators import cron_task

            @cron_task(lock_timeout=300)
            def sync(pk):
                return requests.get("https://api.example.com", timeout=10).json()
            """,
            "project_decorator_wrapping_shared_task",
            path="apps/sync/tasks.py",
            lines=(5,),
            files={
                "apps/core/decorators.py": """
                    from celery import shared_task

                    def cron_task(lock_timeout=None, **options):
                        def decorate(func):
                            return shared_task(**options)(func)
                        return decorate
                    """,
            },
        ),
    )

    def visit_Module(self, node: ast.Module) -> None:
        source = self.ctx.source
        self._wrapper_file = TASK_CALL_LINE.search(source) is not None
        self._retry_calls = self._wrapper_file and RETRY_CALL.search(source) is not None
        aliases: list[tuple[str, str]] = []
        for st in node.body:  # `nautobot_task = shared_task`: Celery's decorator re-exported
            if (
                isinstance(st, ast.Assign)
                and len(st.targets) == 1
                and isinstance(st.targets[0], ast.Name)
                and isinstance(st.value, (ast.Name, ast.Attribute))
            ):
                ref = self.ctx.qualify(st.value)
                if ref and (ref in TASK_DECORATORS or ref.endswith(".task")) and not ref.startswith(NOT_CELERY):
                    aliases.append((st.targets[0].id, ref))
        if aliases:
            self.ctx.facts.task_aliases = tuple(aliases)
        defaults = [ref for st in node.body for ref in self._default_task_classes(st)]
        if defaults:
            self.ctx.facts.default_task_classes = tuple(defaults)

    def _default_task_classes(self, st: ast.stmt) -> list[str]:
        """The task class a Celery app gives every `@app.task`/`@shared_task` without `base=`:
        `app.Task = RetryingTask`, `Celery("proj", task_cls=RetryingTask)` or
        `task_cls="proj.tasks:RetryingTask"`."""
        found: list[str] = []
        if not isinstance(st, (ast.Assign, ast.AnnAssign)) or st.value is None:
            return found
        targets = st.targets if isinstance(st, ast.Assign) else [st.target]
        value = st.value
        if any(isinstance(t, ast.Attribute) and t.attr == "Task" for t in targets) and isinstance(
            value, (ast.Name, ast.Attribute)
        ):
            ref = self.ctx.qualify(value)
            if ref:
                found.append(ref)
        if isinstance(value, ast.Call) and (self.ctx.resolve_call(value) or "").endswith("Celery"):
            for kw in value.keywords:
                if kw.arg != "task_cls":
                    continue
                if isinstance(kw.value, (ast.Name, ast.Attribute)):
                    ref = self.ctx.qualify(kw.value)
                elif isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    ref = kw.value.value.replace(":", ".")
                else:
                    ref = None
                if ref:
                    found.append(ref)
        return found

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.decorator_list:
            self._check_function(node)
        elif node.name == "run":
            self._check_task_class_run(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.visit_FunctionDef(node)

    def leave_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if getattr(self, "_wrapper_file", False):
            self._record_task_wrapper_facts(node)

    def leave_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.leave_FunctionDef(node)

    # ------------------------------------------------------------------ project decorators
    def _record_task_wrapper_facts(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Facts for the project pass (only in files that call a task decorator outside decorator
        position): the Celery task-decorator calls this function makes, whether each passes a
        retry policy, and whether the function retries by itself."""
        ctx = self.ctx
        scope = ctx.function_scope
        facts = scope.facts if scope is not None else None
        if facts is None or not hasattr(facts, "task_decorator_calls"):
            return
        lines = {
            line
            for ref, line in facts.calls
            if _may_apply_task_decorator(ref)
        }
        retries = any(RETRY_DECORATORS.match(d) for d in facts.decorators) or any(
            RETRY_DECORATORS.match(ref) for ref, _line in facts.calls
        )
        if self._retry_calls and not retries:
            retries = any(
                isinstance(c.func, ast.Attribute) and c.func.attr == "retry" for c in iter_calls(node)
            )
        facts.retries = retries
        if not lines:
            return
        found: list[tuple[str, bool]] = []
        bases: list[str] = []
        for call in iter_calls(node):
            if call.lineno not in lines or isinstance(call.func, ast.Call):
                continue
            ref = ctx.qualify(call.func)
            if not ref or not _may_apply_task_decorator(ref):
                continue
            found.append((ref, self._passes_policy(call, bases)))
        facts.task_decorator_calls = tuple(found)
        if bases:
            facts.task_decorator_bases = tuple(dict.fromkeys(bases))

    def _passes_policy(self, call: ast.Call, bases: list[str]) -> bool:
        """The wrapper's own task-decorator call sets a retry policy, or options it cannot see
        (`**DEFAULTS` from elsewhere, a `base=` it cannot name); forwarding its own `**kwargs` is
        not a policy. A `base=` it names is added to `bases` (the project pass reads its policy)."""
        forwarded = self._enclosing_parameters()
        for kw in call.keywords:
            if kw.arg is None:
                value = kw.value
                if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
                    value = value.value  # `**self.options` of a decorator class: its own kwargs
                if isinstance(value, ast.Name) and value.id in forwarded:
                    continue
                options = self._literal_options(kw.value)
                if options is None or options & RETRY_OPTIONS:
                    return True
            elif kw.arg in RETRY_OPTIONS and self._enables(kw.value):
                return True
            elif kw.arg == "base":
                ref = self.ctx.qualify(kw.value)
                if not ref:
                    return True  # a base it cannot name may retry
                bases.append(ref)
        return False

    def _enclosing_parameters(self) -> set[str]:
        names: set[str] = set()
        for scope in self.ctx.scopes:
            node = scope.node
            if scope.kind == "function" and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                    if arg is not None:
                        names.add(arg.arg)
        return names

    @staticmethod
    def _enables(value: ast.expr) -> bool:
        """`retry_backoff=False`, `autoretry_for=()` / `None` switch the policy off."""
        if isinstance(value, ast.Constant) and value.value in (False, None, 0):
            return False
        if isinstance(value, (ast.Tuple, ast.List)) and not value.elts:
            return False
        return True

    # ------------------------------------------------------------------ function tasks
    def _task_decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.expr, list[ast.keyword]]]:
        """The Celery task decorators and the options they pass (following a module-level
        `retrying_task = shared_task(...)` alias)."""
        ctx = self.ctx
        found: list[tuple[ast.expr, list[ast.keyword]]] = []
        for dec in node.decorator_list:
            callee = _callee(dec)
            name = ctx.qualify(callee)
            keywords = list(dec.keywords) if isinstance(dec, ast.Call) else []
            if name and name.startswith(NOT_CELERY):
                continue
            if isinstance(callee, ast.Name) and name and not name.startswith("celery.") and name not in TASK_DECORATORS:
                continue  # (`from djcelery_transactions import task`: Celery's decorator re-exported)
            alias = self._module_alias_call(callee.id) if isinstance(callee, ast.Name) else None
            if alias is not None and is_celery_decorator(ctx.qualify(alias.func)):
                # `task_with_retry = shared_task(autoretry_for=...)` at module level
                found.append((dec, list(alias.keywords) + keywords))
            elif is_celery_decorator(name):
                found.append((dec, keywords))
            elif isinstance(callee, ast.Attribute) and callee.attr in ("task", "periodic_task"):
                if isinstance(callee.value, (ast.Name, ast.Attribute)) and self._may_be_celery_app(callee.value):
                    found.append((dec, keywords))
        return found

    def _may_be_celery_app(self, receiver: ast.expr) -> bool:
        """`app` in `@app.task`: a Celery instance or an imported name; not an instance of some
        other library's class (`scheduler = APScheduler()` → `@scheduler.task(...)`)."""
        ref = self.ctx.qualify(receiver)
        if not ref:
            return True
        if ref.startswith(NOT_CELERY):
            return False
        last = ref.rsplit(".", 1)[-1]
        return ref.startswith("celery") or not last[:1].isupper() or last == "Celery"

    def _module_alias_call(self, name: str) -> ast.Call | None:
        for st in self.ctx.tree.body:
            if (
                isinstance(st, ast.Assign)
                and len(st.targets) == 1
                and isinstance(st.targets[0], ast.Name)
                and st.targets[0].id == name
                and isinstance(st.value, ast.Call)
            ):
                return st.value
        return None

    def _check_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        ctx = self.ctx
        if len(ctx.scopes) >= 2 and ctx.scopes[-2].kind == "class":
            return  # methods decorated with `.task` are not module-level Celery tasks
        for dec in node.decorator_list:
            dname = ctx.qualify(_callee(dec)) or ""
            if RETRY_DECORATORS.match(dname) or dname in RUNTIME_TASK_DECORATORS:
                return
        found = self._task_decorators(node)
        wrappers: list[str] = []
        if not found:
            found, wrappers = self._wrapper_decorators(node)
            if not found:
                return
        dec = found[0][0]
        bases: list[str] = []
        inert: list[str] = []
        for _dec, keywords in found:  # stacked task decorators: any of them may set the policy
            for kw in keywords:
                if kw.arg is None:
                    options = self._literal_options(kw.value)
                    if options is None or options & RETRY_OPTIONS:
                        return  # `**options` may carry the policy
                    continue
                if kw.arg in RETRY_OPTIONS and self._enables(kw.value):
                    return
                if kw.arg in INERT_RETRY_OPTIONS:
                    inert.append(kw.arg)
                if kw.arg == "base":
                    ref = ctx.qualify(kw.value)
                    if ref is None:
                        return  # an unknown base may retry
                    bases.append(ref)
        if self._calls_retry(node, node.name):
            return
        handed = self._task_object_handed_to(node, found)
        if handed is None:
            return  # handed to something the project pass cannot read: it may retry the task
        if wrappers and self._hands_over_first_parameter(node):
            return  # a wrapper may bind the task: a helper given `self` may call `self.retry`
        if not bases:
            bases.append(APP_DEFAULT_TASK)  # the app's own task class (`app.Task = RetryingTask`)
        self._report_task(node, ctx.scope_qualname, bases, dec, inert=inert, wrappers=wrappers, handed=handed)

    def _wrapper_decorators(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> tuple[list[tuple[ast.expr, list[ast.keyword]]], list[str]]:
        """Project decorators that may wrap Celery's (`@cron_task(lock_timeout=300)`): spelt
        with `task`, resolved to something outside Celery and the known non-Celery frameworks.
        Whether one really applies `shared_task`/`<app>.task` is decided by the project pass."""
        ctx = self.ctx
        found: list[tuple[ast.expr, list[ast.keyword]]] = []
        refs: list[str] = []
        for dec in node.decorator_list:
            callee = _callee(dec)
            if not isinstance(callee, (ast.Name, ast.Attribute)):
                continue
            text = callee.id if isinstance(callee, ast.Name) else callee.attr
            if not WRAPPER_NAME.search(text):
                continue
            ref = ctx.qualify(callee)
            if not ref or ref.startswith(("celery.", "builtins.", *NOT_CELERY)) or "." not in ref:
                continue
            found.append((dec, list(dec.keywords) if isinstance(dec, ast.Call) else []))
            refs.append(ref)
        return found, refs

    @staticmethod
    def _hands_over_first_parameter(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        if not node.args.args or node.args.args[0].arg not in ("self", "task"):
            return False
        me = node.args.args[0].arg
        return any(
            isinstance(arg, ast.Name) and arg.id == me
            for sub in ast.walk(node)
            if isinstance(sub, ast.Call)
            for arg in (*sub.args, *(k.value for k in sub.keywords))
        )

    def _literal_options(self, value: ast.expr) -> set[str] | None:
        """Keys of a `**{...}` / `**MODULE_DICT` literal, or None when unknown."""
        if isinstance(value, ast.Name):
            for st in self.ctx.tree.body:
                if (
                    isinstance(st, ast.Assign)
                    and len(st.targets) == 1
                    and isinstance(st.targets[0], ast.Name)
                    and st.targets[0].id == value.id
                ):
                    value = st.value
                    break
        if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) for k in value.keys):
            return {k.value for k in value.keys}  # type: ignore[union-attr]
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
            if all(kw.arg for kw in value.keywords) and not value.args:
                return {kw.arg for kw in value.keywords}  # type: ignore[misc]
        return None

    def _task_object_handed_to(self, node: ast.FunctionDef | ast.AsyncFunctionDef, found) -> list[str] | None:
        """What a bound task hands `self` to (`retry_on_bad_response(self, resp)`,
        `TranscodeJob(tid, self)`): the project functions/classes, for the project pass to check
        that none calls `.retry` on it (Condition.none_retry_handed); None when one of them is not
        a name it can read (it may retry the task). Reading it (`isinstance`, a log line) is not
        handing it on."""
        bound = any(
            kw.arg == "bind" and isinstance(kw.value, ast.Constant) and kw.value.value is True
            for _dec, keywords in found
            for kw in keywords
        )
        if not bound or not node.args.args:
            return []
        me = node.args.args[0].arg
        handed: list[str] = []
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and any(
                isinstance(arg, ast.Name) and arg.id == me for arg in (*sub.args, *(k.value for k in sub.keywords))
            ):
                func = sub.func
                if isinstance(func, ast.Name) and func.id in _READS_OBJECT:
                    continue
                if isinstance(func, ast.Attribute) and func.attr in _LOG_METHODS:
                    continue
                ref = self.ctx.resolve_call(sub)
                if not ref or "." not in ref:
                    return None
                if ref not in handed:
                    handed.append(ref)
        return handed

    def _calls_retry(self, node: ast.AST, task_name: str = "") -> bool:
        """`self.retry(...)`, `<task>.retry(...)` or `current_task.retry(...)` in the body."""
        owners = {"self", "task", "current_task", task_name}
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.args.args:
            owners.add(node.args.args[0].arg)
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Call)
                and isinstance(sub.func, ast.Attribute)
                and sub.func.attr == "retry"
                and isinstance(sub.func.value, ast.Name)
                and sub.func.value.id in owners
            ):
                return True
        return False

    # ------------------------------------------------------------------ task classes
    def _check_task_class_run(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        ctx = self.ctx
        if len(ctx.scopes) < 3 or ctx.scopes[-2].kind != "class":
            return
        cls_scope = ctx.scopes[-2]
        cls_node = cls_scope.node
        assert isinstance(cls_node, ast.ClassDef)
        base_refs: list[str] = []
        celery_base = False
        for base in cls_node.bases:
            ref = ctx.qualify(base)
            tail = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
            if ref in CELERY_TASK_BASES or (ref and ref.endswith(".Task") and not ref.startswith(NOT_CELERY)):
                celery_base = True
            elif tail.endswith("Task") and ref and not ref.startswith(NOT_CELERY):
                celery_base = True
                base_refs.append(ref)
        if not celery_base:
            return
        inert: list[str] = []
        for st in cls_node.body:
            if isinstance(st, ast.Assign):
                if any(
                    isinstance(t, ast.Name) and t.id in RETRY_OPTIONS and self._enables(st.value)
                    for t in st.targets
                ):
                    return
                inert.extend(
                    t.id for t in st.targets if isinstance(t, ast.Name) and t.id in INERT_RETRY_OPTIONS
                )
        if self._calls_retry(cls_node):
            return
        self._report_task(node, ctx.scope_qualname, base_refs, None, label=cls_scope.name, inert=inert)

    # ------------------------------------------------------------------ reporting
    def _report_task(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        qualname: str,
        bases: list[str],
        dec: ast.expr | None,
        label: str | None = None,
        inert: list[str] | tuple[str, ...] = (),
        wrappers: list[str] | tuple[str, ...] = (),
        handed: list[str] | tuple[str, ...] = (),
    ) -> None:
        ctx = self.ctx
        line, col, _, _ = ctx.position(node)
        text = ctx.line_text(line)
        start = text.find("def ")
        if start >= 0:
            col = start + 1
        position = (line, col, line, col + len(text.rstrip()) - start if start >= 0 else col + 3)
        shown = label or node.name
        sdk = self._direct_sdk_call(node)
        declared = ""
        if wrappers and dec is not None:
            declared = (
                f" (declared with the project decorator `{ctx.segment(_callee(dec))}`, which "
                f"applies a Celery task decorator without a retry policy)"
            )
        why = "a transient failure fails it for good"
        if inert:
            names = list(dict.fromkeys(inert))
            options = " and ".join(f"`{o}=`" for o in names)
            verb, it = ("retries", "it") if len(names) == 1 else ("retry", "them")
            why = (
                f"{options} alone {verb} nothing (Celery only uses {it} when `autoretry_for` or "
                f"`self.retry` retries), so a transient failure fails it for good"
            )
        message = (
            f"Celery task `{shown}`{declared} makes an outbound call ({sdk or '{chain}'}) with no "
            f"retry policy: {why}; add `autoretry_for=(...)` and "
            f"`retry_backoff=True` to the task options (or use `integration_lint.runtime.sync_task`)"
            f"{'' if sdk else '{transport_note}'}"
        )
        if sdk:
            # a SaaS SDK call right in the task body; only the base class is left to decide
            condition = (
                Condition(
                    not_retry_base=tuple(bases), celery_wrapper_any=tuple(wrappers), none_retry_handed=tuple(handed)
                )
                if bases or wrappers or handed
                else None
            )
        else:
            condition = Condition(
                outbound_any=(qualname,), not_retry_base=tuple(bases), celery_wrapper_any=tuple(wrappers),
                none_retry_handed=tuple(handed),
            )
        self.report(
            node,
            message,
            fix=self._suggestion(dec),
            condition=condition,
            position=position,
            snippet=" ".join(text.split()),
        )

    def _direct_sdk_call(self, node: ast.AST) -> str | None:
        """A call to a known SaaS SDK (analytics, social, CRM clients) in the task's own body:
        the shared outbound model may not list it (see docs/accuracy/retry.md)."""
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                name = self.ctx.resolve_call(sub)
                if name and is_sdk_call(name):
                    return name
        return None

    def _suggestion(self, dec: ast.expr | None) -> Fix:
        message = (
            "Give the task a retry policy, e.g. "
            "`@shared_task(autoretry_for=(TransientError,), retry_backoff=True, max_retries=5)` "
            "(`from integration_lint.runtime import TransientError`), and make sure it is idempotent"
        )
        if dec is None:
            return Fix(DISPLAY_ONLY, message + "; on a task class set `autoretry_for` and `retry_backoff` class attributes")
        ctx = self.ctx
        options = "autoretry_for=(Exception,), retry_backoff=True"
        if isinstance(dec, ast.Call):
            _, _, end_line, end_col = ctx.position(dec)
            sep = ", " if (dec.args or dec.keywords) else ""
            before = ctx.segment(dec)[:-1].rstrip()
            if before.endswith(","):  # `@shared_task(\n    bind=True,\n)`
                sep = " "
            edit = Edit(end_line, end_col - 1, end_line, end_col - 1, f"{sep}{options}")
        else:
            _, _, end_line, end_col = ctx.position(dec)
            edit = Edit(end_line, end_col, end_line, end_col, f"({options})")
        return Fix(DISPLAY_ONLY, message, (edit,))
