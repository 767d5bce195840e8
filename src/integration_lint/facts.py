"""Per-file facts for the project pass: small, picklable, no AST nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

# What `apps.get_model("billing", "Invoice")` is recorded as (+ ".billing.Invoice"): the project
# pass finds the model class from the app label and the class name.
MODEL_LOOKUP = "django.apps.apps.get_model.<model>"
# The app label of a MODEL_LOOKUP that names its model by lowercased name only (a reverse
# relation manager `alert.alertrecipient_set`): the project's one model of that name.
ANY_APP = "<any>"
# What a class or object named by configuration is recorded as (`import_string(settings.BACKEND)`,
# `import_string(name)(options)`): `DYNAMIC_IMPORT.method` is a call of `method` on one of the
# project's implementations (the project pass picks the family that defines it).
DYNAMIC_IMPORT = "django.utils.module_loading.import_string.<dynamic>"
# What a Celery task without `base=` names as its base in `not_retry_base`: the task class its app
# gives it (`app.Task = RetryingTask`, `Celery(task_cls=...)`, recorded in `default_task_classes`).
APP_DEFAULT_TASK = "celery.Celery.Task.<app-default>"


@dataclass
class FunctionFacts:
    qualname: str  # module.Class.func or module.func
    line: int
    first_param: str = ""
    calls: list[tuple[str, int]] = field(default_factory=list)  # (reference, line)
    outbound: tuple[str, int] | None = None  # first direct external outbound call
    decorators: tuple[str, ...] = ()
    is_method: bool = False
    # Type reference of the value it returns (first `return` whose type is known), e.g.
    # `requests_oauthlib.OAuth2Session` for a helper that builds a session. Plain defaults (not
    # factories) so facts pickled by an older version still load.
    returns: str | None = None
    # Recorded by IL203 in files that call a task decorator outside decorator position, so the
    # project pass can recognise a project decorator wrapping Celery's (`def cron_task(**kw):
    # return shared_task(**kw)(f)`): each task-decorator call as (reference, passes a retry
    # policy or options it cannot see), and whether the body retries by itself (`task.retry(…)`,
    # a tenacity/backoff/runtime retry decorator). Defaults keep older cached facts loadable.
    task_decorator_calls: tuple[tuple[str, bool], ...] = ()
    retries: bool = False
    # The task classes those calls pass as `base=` (`return task(name=name, base=JobTask, **kw)`):
    # the project pass reads their retry policy (a base that retries makes the wrapper retrying).
    task_decorator_bases: tuple[str, ...] = ()
    # The session this function builds gets a default timeout bound into its request method
    # (`session.request = functools.partial(session.request, timeout=…)`): calls on the session
    # it returns have a timeout (IL402).
    session_timeout: bool = False
    # Item types of the first returned tuple whose items' types are partly known (`return session,
    # expires_at` -> ("requests.Session", "")), for `a, b = helper()` (read as `helper.__item0__`).
    returns_items: tuple[str, ...] | None = None
    # What the function does with its own untyped parameters, for the project pass to bind the
    # arguments of each call site (`fetch(session, url)` with `session = aiohttp.ClientSession()`;
    # `_send(requests.post, url)`): (position among the non-self positional parameters, or -1 for a
    # keyword-only one; name; member path called on it, "" when the parameter itself is called;
    # line; type references of the positional arguments of that call, when it is called itself).
    param_uses: list[tuple[int, str, str, int, tuple[str, ...]]] | None = None
    # Call sites handing a resolvable name to a callee: (callee reference, line, arguments as
    # (position or keyword name, reference, the reference is a typed value rather than a function,
    # class or module)). Read only for callees with `param_uses`.
    call_args: list[tuple[str, int, tuple[tuple[int | str, str, bool], ...]]] | None = None
    # `task.si(...)`/`fn.delay(...)` on one of its parameters, here or in a nested function: a
    # decorator (`@queued_task`) or helper that enqueues what it is given instead of running it.
    defers_param: bool = False
    # A decorator (or decorator factory) whose nested wrapper hands the function it wraps to these
    # project functions without calling it (`enqueue_postcommit_task(func, args, kwargs)`): when
    # one of them enqueues what it is given (`defers_param`), so does the decorator.
    defers_via: tuple[str, ...] = ()
    # The body raises (not NotImplementedError), logs at warning or above, or reports to Sentry:
    # a handler calling it surfaces the error (IL301, decided by the project pass, transitively).
    surfaces: bool = False
    # `returns` names the function object returned (`return connect_to_jira`), not its result.
    returns_function: bool = False
    # An `except` handler of the body answers None/False (`except Timeout: log; return None`)
    # without raising: a caller's `if not resp: retry` retries a failed call (IL201).
    answers_none_on_failure: bool = False
    # In an `__init__`: its untyped parameters stored on the instance (`self.integration =
    # integration`: (position after self, or -1 for keyword-only; name; "integration")) or handed
    # to the base class's `__init__` (`super().__init__(integration)`: target "^0", or "^<keyword>").
    # The project pass types those attributes per instantiation, from the arguments passed.
    init_binds: tuple[tuple[int, str, str], ...] = ()
    # Methods called on an instance built here with arguments (`Syncer(integration).run()`, or
    # `syncer = Syncer(integration); syncer.run()`): (method reference, line, the constructor's
    # arguments as in call_args).
    bound_calls: list[tuple[str, int, tuple[tuple[int | str, str, bool], ...]]] | None = None
    # A method with nothing to run: `@abstractmethod`, or a body that only raises
    # NotImplementedError. Calling it runs a subclass's override (the project pass: outbound when
    # every concrete override in the project is).
    abstract: bool = False
    # Further classes of the instances it returns (`returns` is the first): a factory answering
    # `SlackManager(...)` or `TeamsManager(...)` by a switch. A member `returns` does not define is
    # looked up on these.
    returns_alts: tuple[str, ...] = ()
    # Builds a requests `HTTPAdapter` with retries (`HTTPAdapter(max_retries=Retry(...))`, to be
    # mounted on a session): the session's requests are retried at the transport level (IL203 says
    # so in its message; it is not a task retry policy).
    retrying_adapter: bool = False
    # Calls `.retry(...)` on one of its parameters or on an attribute of its instance
    # (`task.retry(exc=e)`, `self.celery_task.retry()`): handed a bound task, it may retry it.
    retries_handed: bool = False

    def __getstate__(self) -> dict:
        # Fields still at their plain default are left out of the pickle (the cache and the
        # worker-to-parent transfer): on loading, the class attribute of the same name (the
        # dataclass default) stands in for them.
        state = self.__dict__
        return {k: v for k, v in state.items() if k not in _PLAIN_DEFAULTS or v != _PLAIN_DEFAULTS[k]}


# FunctionFacts fields with a plain (non-factory) default, which is also a class attribute.
_PLAIN_DEFAULTS = {
    name: getattr(FunctionFacts, name)
    for name in FunctionFacts.__dataclass_fields__
    if hasattr(FunctionFacts, name)
}


@dataclass
class ClassFacts:
    qualname: str
    line: int
    bases: tuple[str, ...] = ()
    methods: frozenset[str] = frozenset()
    retry_policy: bool = False  # sets autoretry_for / retry_backoff, or calls self.retry
    sets_timeout: bool = False  # overrides request/send/__init__ mentioning a timeout
    # Attribute types: class-body assignments and `self.x = ...` in any method (name -> type ref).
    attrs: dict[str, str] | None = None


@dataclass
class ModuleFacts:
    module: str
    path: str
    imports: dict[str, str] = field(default_factory=dict)  # module-level alias -> qualified
    functions: dict[str, FunctionFacts] = field(default_factory=dict)
    classes: dict[str, ClassFacts] = field(default_factory=dict)
    url_refs: list[str] = field(default_factory=list)  # callables routed from urls.py
    # Module-level variable types (`session = requests.Session()`), for `from m import session`.
    variables: dict[str, str] | None = None
    # Module-level names bound to one of two classes by a conditional expression (`MailClient =
    # legacy.LegacyClient if not settings.USE_JMAP else jmap.JmapClient`): name -> the branches'
    # references. A call through the name may run either (ProjectIndex.alternatives).
    variable_alts: dict[str, tuple[str, ...]] | None = None
    # Modules whose names a module-level `from pkg.common import *` brings in, in source order. A
    # name the file uses without binding it (not a builtin) is recorded as this module's member
    # (`mymodule.send_slack_message`), which the project pass looks up in these modules.
    star_imports: tuple[str, ...] = ()
    # Recorded by IL203: module-level names bound to a task decorator itself, not to a call of
    # it (`nautobot_task = shared_task`, `task = app.task`), as (name, reference).
    task_aliases: tuple[tuple[str, str], ...] = ()
    # Recorded by IL203: the task class a Celery app gives its tasks (`app.Task = X`, `task_cls=`).
    default_task_classes: tuple[str, ...] = ()
    # Module-level instantiations of classes with resolvable arguments (`api = PartnersAPI(
    # session=session)` with `session = Session()` above), as FunctionFacts.call_args: the
    # project pass types the attributes the constructor stores them in (`_site_attrs`).
    call_args: list[tuple[str, int, tuple[tuple[int | str, str, bool], ...]]] | None = None
    # A module-level `HTTPAdapter(max_retries=...)` (a module-level session mounting it).
    retrying_adapter: bool = False
    # Classes (as the file names them) instantiated here with a server URL or a secret among the
    # arguments (`KeycloakAdmin(server_url=..., client_secret_key=...)`, `Rehive(token)`): the
    # project pass takes one outside the project for an API client (ProjectIndex._credentialed).
    credentialed: list[str] | None = None
