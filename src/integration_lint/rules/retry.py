"""IL201 hand-rolled-retry-loop, and the loop/sleep/status helpers IL202 shares.

A retry loop is recognised structurally, on the loop alone (no data flow beyond the loop body):

* the loop can repeat the same work: `for … in range()/count()/repeat()` or a literal delay
  schedule, or any `while` loop;
* it makes an *attempt*: a call guarded by `try:` (a handler that does not always leave the
  loop) or whose response's status is checked (`status_code`, `ok`, `status`);
* success leaves the loop unconditionally (`return`, `break`, `done = True`) or on a success
  status; a failure goes round again (`continue`, fall-through);
* the attempted call is the same every time: no name in its arguments is the loop variable or
  is re-assigned on the success path of the body (that is pagination or a loop over items);
* the call is outbound: a known client/SDK call (final finding), a project function (pending
  on `Condition(outbound_any=…)`), or an unresolved call whose caught exception comes from an
  HTTP/SDK library.
"""

from __future__ import annotations

import ast
import re
import sys
from http import HTTPStatus
from typing import Iterable, Iterator

from ..model import DISPLAY_ONLY, Condition, Fix
from ..analysis import BUILTIN_NAMES, handler_answer, names_class, parameter_defaults
from ..outbound import SDK_CALL_PREFIXES
from ..project import LOCAL_PACKAGES, FalsyFailureCondition, call_site_ref
from .base import Rule, example, register

RUNTIME_RETRY = "integration_lint.runtime.retry"

SLEEP_FUNCTIONS = frozenset(
    {
        "time.sleep",
        "asyncio.sleep",
        "gevent.sleep",
        "eventlet.sleep",
        "trio.sleep",
        "anyio.sleep",
        "asyncio.tasks.sleep",
    }
)
COUNTER_ITERATORS = frozenset({"range", "itertools.count", "itertools.repeat", "builtins.range"})
# A counter, bound or function named for re-attempts (not `delay`/`wait`/`interval`: pacing words
# that polling loops use too).
DECLARED_RETRY = re.compile(r"(?i)retr(y|ies)|attempt|(^|_)tries($|_)")
# A local whose truthy value says the call failed (`down_for_me = is_down(url)`).
FAILURE_FLAG = re.compile(r"(?i)(^|_)(down|failed|failure|errored|unavailable|unreachable|broken)(_|$)")
# A key of an answer carrying an error code (not `status`/`state`: a polled job's progress).
ERROR_CODE_KEY = re.compile(r"(?i)^(err(or)?_?)?code$|^err(or)?_?(no|num|type)?$")
RETRY_WORDS = re.compile(r"retr|attempt|tries|tried|delay|backoff|back_off|wait|sleep|interval|schedule", re.I)
# Exceptions raised by HTTP clients and SDKs: catching one proves the guarded call goes out.
NETWORK_EXCEPTION_MODULES = (
    "requests.",
    "httpx.",
    "urllib3.",
    "urllib.error.",
    "urllib2.",
    "http.client.",
    "httplib.",
    "aiohttp.",
    "pycurl.",
    "botocore.",
    "boto3.",
    "google.api_core.",
    "google.genai.",
    "google.auth.exceptions.",
    "googleapiclient.",
    "openai.",
    "anthropic.",
    "stripe.",
    "slack_sdk.",
    "slack.",
    "twilio.",
    "github.",
    "jira.",
    "vonage.",
    "sendgrid.",
    "hubspot.",
    "requests_oauthlib.",
    "oauthlib.",
    "zeep.",
    "tweepy.",
    "dropbox.",
    "azure.core.exceptions.",
    "msal.",
    "gitlab.",
    "facebook_business.",
    "minio.",  # S3-compatible object storage client (`S3Error`, `InvalidResponseError`)
    "httplib2.",
)
ANNOTATION_MODULES = ("typing.", "typing_extensions.", "collections.abc.")
LOCAL_PREFIXES = ("logging.", "time.", "builtins.", "random.", "math.", "json.", "datetime.")
# Names that say a result is a success or a failure (`if payment.success(): break`,
# `if not validation_error: break`): semantic status tests.
SUCCESS_WORDS = re.compile(r"^(is_)?(success|successful|succeeded|ok|valid)$", re.I)
FAILURE_WORDS = re.compile(r"^(is_)?(error|errors|failed|failure|fail|\w+_error|\w+_errors)$", re.I)
# A `while not <flag>` loop whose flag is (re)assigned from the attempted call says "until it
# succeeded": `success, reply = _post(...)`. Words of polling ("done", "ready", "finished") are
# not here: `while not done: done = job_finished(...)` waits for a remote state.
SUCCESS_FLAG = re.compile(
    r"^_*(\w+_)?(success|successful|succeeded|ok|sent|delivered|uploaded|posted|submitted)$", re.I
)
# A predicate applied to the attempted call's result (`if not self._response_missing_x(resp):
# break`, `if is_valid(answer): return answer`): the words of its name say which outcome it tests.
PREDICATE_FAILURE = frozenset(
    {"missing", "invalid", "malformed", "incomplete", "unusable", "truncated", "failed", "failure",
     "error", "errors", "broken", "corrupt", "corrupted"}
)
# "missing"/"incomplete" also describe a resource not ready yet: after a read (`fetch`, `get_*`,
# `poll`) they are what a poll waits out, and only count after a call that sends something.
WEAK_FAILURE = frozenset({"missing", "incomplete"})
READ_WORDS = frozenset(
    {"get", "fetch", "read", "load", "poll", "retrieve", "list", "describe", "status", "check", "find",
     "lookup", "query", "search", "download", "head"}
)
PREDICATE_SUCCESS = frozenset({"valid", "usable", "success", "successful", "succeeded", "ok"})
# A local holding an HTTP status, unpacked from the attempted call (`status_code, body = _post()`).
# `status_code` only, as for attributes: a bare `status` is also Playwright's and many local objects'.
STATUS_LOCAL = re.compile(r"^_*(\w+_)?(status_code|http_status)$", re.I)
STATUS_ITEM = re.compile(r"^_*((\w+_)?(status_code|http_status)|status|code|http_code|response_code)$", re.I)
# LLM API calls on a client the file cannot type (`self.client.chat.completions.create(...)`):
# OpenAI-compatible chat/responses APIs, Anthropic's messages API (with `model=`: a Django
# related manager's `thread.messages.create(...)` has none), Gemini's `generate_content`.
LLM_CALL_TAILS = (("chat", "completions", "create"), ("chat", "completions", "parse"))
# `survey.responses.create(...)` / `thread.messages.create(...)` are also related managers
LLM_MODEL_CALL_TAILS = (("messages", "create"), ("responses", "create"), ("models", "generate_content"))
# `model.generate_content(prompt)` (Gemini) — not `page.generate_content()` of a CMS
LLM_CONTENT_RECEIVER = re.compile(r"model|gemini|genai|llm|client", re.I)
# Anthropic's streaming call; Django's related managers have no `stream`.
LLM_ANY_CALL_TAILS = (("messages", "stream"),)
# A third-party wrapper module of requests (`aplus_auth.requests.post`, `x.requests.get`): the
# same verbs, signed or instrumented.
REQUESTS_WRAPPER = re.compile(r"^[\w.]+\.requests\.(get|post|put|patch|delete|head|options|request)$")


# --------------------------------------------------------------------------- generic AST helpers
def iter_calls(node: ast.AST) -> Iterator[ast.Call]:
    """Calls under `node`, not descending into nested functions, classes or lambdas."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Call):
            yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                stack.append(child)


def iter_stmts(stmts: Iterable[ast.stmt], *, handlers: bool = True) -> Iterator[ast.stmt]:
    """Statements of a loop body, recursively, not descending into nested loops or scopes."""
    stack = list(stmts)[::-1]
    while stack:
        st = stack.pop()
        yield st
        if isinstance(st, (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        children: list[ast.stmt] = []
        for field in ("body", "orelse", "finalbody"):
            children.extend(getattr(st, field, None) or ())
        if handlers:
            for handler in getattr(st, "handlers", None) or ():
                children.extend(handler.body)
        if isinstance(st, ast.Match):
            for case in st.cases:
                children.extend(case.body)
        stack.extend(reversed(children))


def leaves(stmts: list[ast.stmt]) -> bool:
    """True when running `stmts` always leaves the enclosing loop (raise/return/break)."""
    for st in stmts:
        if isinstance(st, (ast.Raise, ast.Return, ast.Break)):
            return True
        if isinstance(st, ast.If) and st.orelse and leaves(st.body) and leaves(st.orelse):
            return True
        if isinstance(st, (ast.With, ast.AsyncWith)) and leaves(st.body):
            return True
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
            func = st.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("exit", "_exit", "abort"):
                return True
    return False


PROCESS_EXITS = frozenset({"exit", "quit", "sys.exit", "os._exit", "builtins.exit", "builtins.quit"})


def exits_process_ok(st: ast.stmt) -> bool:
    """`sys.exit()`, `exit(0)`, `os._exit(0)`, `raise SystemExit`: a script ends, successfully,
    once the attempt has worked (`while True: try: setup(); sys.exit() except Exception:
    sleep(1)`). With a failure code or a message (`sys.exit(1)`, `exit("no server")`) it gives up."""
    if isinstance(st, ast.Raise):
        exc = st.exc
        if isinstance(exc, ast.Call):
            args, exc = exc.args, exc.func
        else:
            args = []
        if not (isinstance(exc, ast.Name) and exc.id == "SystemExit"):
            return False
    elif isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
        call = st.value
        func = call.func
        name = (
            func.id if isinstance(func, ast.Name)
            else f"{func.value.id}.{func.attr}" if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            else ""
        )
        if name not in PROCESS_EXITS or call.keywords:
            return False
        args = call.args
    else:
        return False
    return not args or (
        len(args) == 1 and isinstance(args[0], ast.Constant) and args[0].value in (0, None) and args[0].value is not False
    )


def raises_only(stmts: list[ast.stmt]) -> bool:
    """True when `stmts` always leaves by raising (a failure surfaced, not a success exit)."""
    for st in stmts:
        if isinstance(st, ast.Raise):
            return True
        if isinstance(st, (ast.Return, ast.Break, ast.Continue)):
            return False
        if isinstance(st, ast.If) and st.orelse and raises_only(st.body) and raises_only(st.orelse):
            return True
    return False


def names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def target_names(target: ast.AST) -> set[str]:
    """Names bound by an assignment target: `x`, `ok, data`, `(status, (body, _))`, `*rest`."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        out: set[str] = set()
        for elt in target.elts:
            out |= target_names(elt)
        return out
    if isinstance(target, ast.Starred):
        return target_names(target.value)
    return set()


def assigned_names(stmts: Iterable[ast.stmt]) -> set[str]:
    """Names (re)bound by assignments, including the base name of `x[...] = …`."""
    out: set[str] = set()

    def base(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            out.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                base(elt)
        elif isinstance(target, ast.Subscript):
            # `params["page"] += 1` changes the request; `stats.count += 1` (an attribute of a
            # shared object) is bookkeeping and would make every `self.…` call look different
            inner = target.value
            while isinstance(inner, (ast.Subscript, ast.Attribute)):
                inner = inner.value
            if isinstance(inner, ast.Name):
                out.add(inner.id)
        elif isinstance(target, ast.Starred):
            base(target.value)

    for st in stmts:
        if isinstance(st, ast.Assign):
            for t in st.targets:
                base(t)
        elif isinstance(st, (ast.AugAssign, ast.AnnAssign)):
            base(st.target)
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                if item.optional_vars is not None:
                    base(item.optional_vars)
        elif isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
            func = st.value.func
            # `params.update(...)`, `params["page"] += 1` style mutation of an argument
            if isinstance(func, ast.Attribute) and func.attr in ("update", "append", "pop", "setdefault", "extend") and isinstance(func.value, ast.Name):
                out.add(func.value.id)
    return out


GROWING_METHODS = frozenset({"append", "extend", "insert", "update"})
# Calls that hand out another value each time they are called: an assignment from one of them
# makes the next attempt's request another one.
CONSUMING_CALLS = frozenset(
    {"next", "pop", "popleft", "popitem", "get_nowait", "readline", "readlines", "read", "fetchone",
     "fetchmany", "recv", "receive", "dequeue", "choice", "choices", "sample", "shuffle", "randint",
     "random", "__next__"}
)


# `healthy(url)`, `self.is_ready()`, `ping(host)`, `job_finished(id)`: a probe of a remote state,
# what a readiness wait or a poll repeats until it says yes
PROBE_WORDS = frozenset(
    {"health", "healthy", "ping", "ready", "alive", "available", "exists", "up", "reachable", "online",
     "check", "status", "state", "done", "finished", "complete", "completed", "running"}
)


STR_METHODS = frozenset(name for name in dir(str) if not name.startswith("_"))

# A URL path of a health/readiness endpoint (`/healthcheck/`, `/healthz`, `/ready`, `/ping`)
READINESS_PATH = re.compile(r"(?i)health|/readyz?\b|/livez?\b|/ping\b|/alive\b|/heartbeat\b")


def _readiness_url(ctx, call: ast.Call) -> bool:
    """The call's URL argument (a literal, f-string or `%`/`+`-built string, or a local of the
    function assigned one) names a health or readiness endpoint."""
    if not _http_verb_call(call):
        return False  # a log line saying "health check failed" is not the request
    for arg in (*call.args[:2], *(k.value for k in call.keywords if k.arg in ("url", "path", "endpoint"))):
        values = [arg]
        if isinstance(arg, ast.Name):
            values.extend(_local_values(ctx, arg.id))
        for sub in (n for v in values for n in ast.walk(v)):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and READINESS_PATH.search(sub.value):
                return True
    return False


def _probes(value: ast.AST) -> bool:
    for call in iter_calls(value):
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if set(name.lower().strip("_").split("_")) & PROBE_WORDS:
            return True
    return False


# `pick_server()`, `next_proxy()`, `rotate_host()`: a helper handing out another target each time
CONSUMING_WORDS = frozenset({"next", "pick", "choose", "rotate", "cycle", "shift", "pop", "dequeue", "random", "shuffle"})


def _consumes(value: ast.AST) -> bool:
    for call in iter_calls(value):
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name == "next_chunk":
            continue  # googleapiclient's resumable upload sends the pending chunk (again)
        if name in CONSUMING_CALLS or set(name.lower().strip("_").split("_")) & CONSUMING_WORDS:
            return True
        if name == "get" and not call.args and not call.keywords:
            return True  # `queue.get()` (a dict's `.get` needs a key)
    return False


# Attributes of a result that say it succeeded (`if result.saved: return result`)
ANSWER_ATTR = re.compile(
    r"^_*(is_)?(success|successful|succeeded|ok|sent|delivered|uploaded|posted|submitted|saved|accepted)$", re.I
)
# Predicates of local state that a loop may test first in a try without it being the answer of
# a call (`if stop_event.is_set(): break`, `if path.exists(): …`)
LOCAL_PREDICATES = frozenset(
    {"is_set", "isSet", "exists", "is_file", "is_dir", "isdigit", "startswith", "endswith", "empty", "full",
     "locked", "done", "cancelled", "is_alive", "poll", "get", "has_key", "__contains__"}
)


def _constructs(call: ast.Call) -> bool:
    """`OAuth2ConfigSLSx()`: an object built (CapWords callee), not a request made."""
    return names_class(call.func)


def _awaited_names(test: ast.AST) -> set[str]:
    """`while not session_id [and …]:`, `while token is None:`: the names the loop waits to see
    set — not words of a remote state a poll waits for (`done`, `ready`, `finished`)."""
    values = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
    out: set[str] = set()
    for v in values:
        name = _negated_flag(v)
        if (
            name is None
            and isinstance(v, ast.Compare)
            and isinstance(v.left, ast.Name)
            and len(v.ops) == 1
            and isinstance(v.ops[0], (ast.Is, ast.Eq))
            and isinstance(v.comparators[0], ast.Constant)
            and v.comparators[0].value is None
        ):
            name = v.left.id
        if name and not set(name.lower().strip("_").split("_")) & PROBE_WORDS:
            out.add(name)
    return out


def _read_from_answer(value: ast.AST) -> bool:
    """A value read out of a response (`r.headers["X-Session"]`, `r.json()["id"]`,
    `data.get("token")`), not another call made (`job = api.get_job(id)`) nor a state test
    (`r.json()["state"] == "done"`)."""
    if isinstance(value, (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Constant)):
        return False
    if not names_in(value):
        return False
    for call in iter_calls(value):
        func = call.func
        # `.get("id")` of a parsed answer, `.json()`: reads; `requests.get(url)` is a request
        if not (isinstance(func, ast.Attribute) and (func.attr == "get" or PARSE_CALL.search(func.attr))):
            return False
        if not all(isinstance(a, ast.Constant) for a in call.args) or call.keywords:
            return False
    return True


def _terminal_statements(stmts: list[ast.stmt]) -> set[int]:
    """ids of the simple statements of a loop body that run only on the way out: those of a
    block (not an `except` body) that ends by `break`/`return` at its own level, before it
    (`obj["city"] = answer["city"]; break`). What they set cannot reach another iteration."""
    out: set[int] = set()
    stack = [list(stmts)]
    while stack:
        block = stack.pop()
        exit_at = next((i for i, st in enumerate(block) if isinstance(st, (ast.Break, ast.Return))), None)
        # from the last `continue` before the exit on, every statement runs only on the way out
        first = 0
        for i, st in enumerate(block[:exit_at] if exit_at is not None else ()):
            if any(isinstance(s, ast.Continue) for s in iter_stmts([st])):
                first = i + 1
        for i, st in enumerate(block):
            if isinstance(st, (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if (
                exit_at is not None
                and first <= i < exit_at
                and isinstance(st, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr))
            ):
                out.add(id(st))
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(st, field, None)
                if inner:
                    stack.append(inner)
            if isinstance(st, ast.Match):
                stack.extend(case.body for case in st.cases)
    return out


IDEMPOTENT_WRAPPERS = frozenset({"dict", "sorted", "list", "tuple", "str", "OrderedDict", "collections.OrderedDict"})
IDEMPOTENT_METHODS = frozenset({"items", "copy", "keys", "values", "strip", "lower", "upper"})


def _idempotent(name: str, value: ast.expr) -> bool:
    """`options = dict(sorted(options.items()))`, `headers = dict(headers)`: the value re-wrapped
    from itself alone, the same every round (not `url = url + "/"`, not `n = n + 1`)."""
    node: ast.AST = value
    while True:
        if isinstance(node, ast.Name):
            return node.id == name
        if not isinstance(node, ast.Call) or node.keywords or len(node.args) > 1:
            return False
        func = node.func
        if isinstance(func, ast.Name) and func.id in IDEMPOTENT_WRAPPERS and len(node.args) == 1:
            node = node.args[0]
        elif isinstance(func, ast.Attribute) and func.attr in IDEMPOTENT_METHODS and not node.args:
            node = func.value
        else:
            return False


def _grown_containers(stmts: list[ast.stmt]) -> set[str]:
    """`messages.append(...)`, `payload.update(...)` as statements of a block (not nested loops)."""
    out: set[str] = set()
    for st in iter_stmts(stmts):
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
            func = st.value.func
            if isinstance(func, ast.Attribute) and func.attr in GROWING_METHODS and isinstance(func.value, ast.Name):
                out.add(func.value.id)
    return out


SLEEP_NAME = re.compile(r"^_*sleep(_\w+)?$|_sleep$")


# A function named for a pause (`_log_and_backoff`, `wait_before_retry`, `pause`): a sleep when
# this file defines it and its body sleeps.
PAUSE_HELPER_NAME = re.compile(r"(?i)back_?off|wait|pause|delay|throttle|cool_?down")


def _plain_sleep(ctx, call: ast.Call) -> bool:
    func = call.func
    last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if not SLEEP_NAME.search(last):
        return False
    name = ctx.resolve_call(call)
    return name is None or name in SLEEP_FUNCTIONS or not name.startswith(("threading.", "multiprocessing."))


def sleep_helper(ctx, call: ast.Call) -> tuple[ast.AST, ast.Call] | None:
    """(def, its sleep) for a call of a function or method of this file named for a pause whose
    own body sleeps (`self._log_and_backoff(exc, attempt, desc)` → `time.sleep(BACKOFF * attempt)`):
    a project backoff helper."""
    func = call.func
    last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if not last or not PAUSE_HELPER_NAME.search(last) or SLEEP_NAME.search(last):
        return None
    found = _local_def(ctx, ctx.resolve_call(call))
    if found is None:
        return None
    node = found[1]
    for inner in iter_calls(node):
        if _plain_sleep(ctx, inner):
            return node, inner
    return None


def is_sleep(ctx, call: ast.Call) -> bool:
    """`time.sleep(…)`, `asyncio.sleep(…)`, a helper named like one (`self._sleep(…)`), or a
    backoff helper of this file that sleeps (`self._log_and_backoff(exc, attempt)`)."""
    return _plain_sleep(ctx, call) or sleep_helper(ctx, call) is not None


HTTP_CODE_NAME = re.compile(r"^HTTP_(\d{3})(_\w+)?$")


def constant_int(node: ast.AST) -> int | None:
    """An int literal, or a named HTTP status: `HTTPStatus.BAD_REQUEST(.value)`,
    `status.HTTP_400_BAD_REQUEST`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    node = enum_member(node)
    if isinstance(node, ast.Attribute) and node.attr.isupper():
        base = node.value
        base_name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
        if base_name == "HTTPStatus" and node.attr in HTTPStatus.__members__:
            return int(HTTPStatus[node.attr])
        match = HTTP_CODE_NAME.match(node.attr)
        if match:
            return int(match.group(1))
    return None


# --------------------------------------------------------------------------- status tests
STATUS_ATTRS = frozenset({"status_code", "status", "status_int", "code"})
# Keys of an answer dict holding the HTTP status (`res["code"]` of a fetch wrapper); compared
# with an HTTP code only (`== "200"`, `== 429`), never with a state word.
STATUS_KEYS = frozenset({"code", "status", "status_code", "statusCode", "http_code", "http_status", "httpStatus"})
HTTP_CODE_TEXT = re.compile(r"^[1-5]\d\d$")
SUCCESS_STATUS_NAMES = re.compile(r"^(OK|ok|CREATED|created|ACCEPTED|accepted|NO_CONTENT|no_content|HTTP_2\d\d\w*)$")
FAILURE_STATUS_NAMES = re.compile(
    r"^(TOO_MANY_REQUESTS|too_many_requests|SERVICE_UNAVAILABLE|service_unavailable|"
    r"BAD_GATEWAY|bad_gateway|GATEWAY_TIMEOUT|gateway_timeout|INTERNAL_SERVER_ERROR|"
    r"internal_server_error|HTTP_[45]\d\d\w*)$"
)


def _is_call_value(value: ast.AST | None) -> bool:
    """A call's result: `call(…)`, `await call(…)`, or `a(…) if cond else b(…)` (the same request
    written two ways, e.g. with and without a body)."""
    if isinstance(value, ast.IfExp):
        return _is_call_value(value.body) and _is_call_value(value.orelse)
    return isinstance(value, (ast.Call, ast.Await))


def _status_subject(node: ast.AST, status_names: frozenset[str] | set[str] = frozenset()) -> str | None:
    """`resp` for `resp.status_code` / `resp.ok` / `resp.status`, or a local holding one
    (`status = resp.status_code`); None otherwise."""
    if isinstance(node, ast.Name) and node.id in status_names:
        return node.id
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
        and node.slice.value in STATUS_KEYS
    ):
        # `res["code"] == "200"`: a status carried in the dict a fetch wrapper answers
        return node.value.id
    if isinstance(node, ast.Attribute) and node.attr in STATUS_ATTRS | {"ok"}:
        value = node.value
        while (
            isinstance(value, ast.Attribute)
            and value.attr in ("response",)
            and not (isinstance(value.value, ast.Name) and value.value.id in ("self", "cls"))
        ):
            value = value.value  # `exc.response.status_code`, not `self.response.status_code`
        if isinstance(value, ast.Name):
            return value.id
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
            return f"{value.value.id}.{value.attr}"
    return None


def code_literal(node: ast.AST, lookup=None) -> ast.AST | None:
    """The literal behind a module constant (`RETRY_ON = frozenset({429, 503})`), if any."""
    if lookup is None or not isinstance(node, ast.Name):
        return None
    value = lookup(node.id)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in (
        "frozenset", "set", "tuple", "list"
    ) and len(value.args) == 1:
        value = value.args[0]
    return value if isinstance(value, (ast.Tuple, ast.List, ast.Set)) else None


def enum_member(node: ast.AST) -> ast.AST:
    """`HTTPStatus.TOO_MANY_REQUESTS.value` → `HTTPStatus.TOO_MANY_REQUESTS` (an IntEnum's value)."""
    if isinstance(node, ast.Attribute) and node.attr == "value" and isinstance(node.value, ast.Attribute):
        return node.value
    return node


def _code_kind(node: ast.AST, lookup=None) -> str | None:
    """'success' / 'failure' for a status code literal or named constant."""
    node = enum_member(node)
    literal = code_literal(node, lookup)
    if literal is not None:
        kind = _code_kind(literal)
        if kind:
            return kind
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and HTTP_CODE_TEXT.match(node.value):
        node = ast.Constant(int(node.value))  # `res["code"] == "200"`: the status as text
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        if 200 <= node.value < 300:
            return "success"  # 3xx is neither: redirects and "ready" answers of polled jobs
        if 400 <= node.value < 600:
            return "failure"
        return None
    if isinstance(node, ast.Attribute):
        named = constant_int(node)  # `HTTPStatus.FORBIDDEN`, `status.HTTP_403_FORBIDDEN`
        if named is not None:
            return _code_kind(ast.Constant(named))
        if SUCCESS_STATUS_NAMES.match(node.attr):
            return "success"
        if FAILURE_STATUS_NAMES.match(node.attr):
            return "failure"
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts:
        kinds = {_code_kind(e) for e in node.elts}
        if len(kinds) == 1:
            return kinds.pop()
        codes = {constant_int(enum_member(e)) for e in node.elts}
        if (
            kinds <= {"success", "failure", None}
            and "success" in kinds
            and None not in codes  # HTTP codes as numbers; `["200", "400"]` is a remote job's state text
            and not codes & RETRYABLE_CODES
            and not any(c >= 500 for c in codes)
        ):
            # `(200, 201, 400, 404)`, `DONT_RETRY = [200, 204, 302, 400, 404]`: the answers that
            # end the loop, successes and final refusals alike (a 429/5xx is not among them)
            return "success"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and node.args:
        return _code_kind(node.args[0])  # `in range(500, 600)`
    if isinstance(node, (ast.Name, ast.Attribute)):
        # `in RETRY_STATUSES` / `in TRANSIENT_CODES` / `in SUCCESS_CODES`
        ident = node.id if isinstance(node, ast.Name) else node.attr
        if re.search(r"retr|transient|temporar|error|fail|throttl|rate_?limit", ident, re.I):
            return "failure"
        if re.search(r"success|^ok", ident, re.I):
            return "success"
    return None


def _terminal_set(node: ast.AST, lookup=None) -> bool:
    """A literal set of codes holding both a success and a failure (`(200, 201, 400, 404)`)."""
    if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return False
    kinds = {_code_kind(e, lookup) for e in node.elts}
    return "success" in kinds and "failure" in kinds


def status_test(
    test: ast.AST,
    status_names: frozenset[str] | set[str] = frozenset(),
    lookup=None,
    parsed: frozenset[str] | set[str] = frozenset(),
) -> tuple[str, str] | None:
    """(subject, 'success'|'failure') when `test` checks an HTTP response status.

    `status_names`: locals holding a status (`status = resp.status_code`); `lookup`: name →
    module-level value, for code sets kept in constants; `parsed`: locals holding a parsed
    answer, whose `isinstance` check is a success test."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = status_test(test.operand, status_names, lookup, parsed)
        if inner:
            return inner[0], "failure" if inner[1] == "success" else "success"
        return None
    if isinstance(test, ast.BoolOp):
        tests = [status_test(value, status_names, lookup, parsed) for value in test.values]
        first = next((t for t in tests if t), None)
        if (
            first is not None
            and isinstance(test.op, ast.And)
            and first[1] == "success"
            and not all(tests)
        ):
            # `resp.status_code == 200 and job["state"] == "done"`: success *and* a remote state
            # is what polling waits for; `status >= 500 and attempt < 3` still reads as a failure
            return None
        return first
    if isinstance(test, ast.Attribute) and test.attr == "ok":
        subject = _status_subject(test)
        return (subject, "success") if subject else None
    semantic = _semantic_test(test, parsed)
    if semantic:
        return semantic
    if not isinstance(test, ast.Compare) or len(test.ops) > 2:
        return None
    operands = [test.left, *test.comparators]
    subject = None
    for i, operand in enumerate(operands):
        s = _status_subject(operand, status_names)
        if s and (
            isinstance(operand, (ast.Name, ast.Subscript)) or (isinstance(operand, ast.Attribute) and operand.attr != "ok")
        ):
            subject = s
            others = operands[:i] + operands[i + 1:]
            break
    else:
        return None
    if len(test.ops) == 2:  # 200 <= resp.status_code < 300
        return subject, "success"
    op = test.ops[0]
    other = others[0]
    value = constant_int(other)
    subject_left = _status_subject(test.left, status_names) == subject
    if not isinstance(operands[i], (ast.Name, ast.Attribute)) and _terminal_set(other, lookup):
        # `op["status"] in [200, 400]`: a decoded body's field leaving the loop on success and on
        # failure alike is a remote operation's final state (polling), not the answer's status
        return None
    if isinstance(op, (ast.Eq, ast.In, ast.Is)):
        kind = _code_kind(other, lookup)
        return (subject, kind) if kind else None
    if isinstance(op, (ast.NotEq, ast.NotIn, ast.IsNot)):
        kind = _code_kind(other, lookup)
        if kind:
            return subject, "failure" if kind == "success" else "success"
        return None
    if value is None:
        return None
    if not 200 < value <= 600:
        return None
    upper = isinstance(op, (ast.GtE, ast.Gt)) == subject_left
    # resp.status_code >= 400 / 500 → failure; resp.status_code < 300 / 500 → success
    return subject, "failure" if upper else "success"


# A remote rate limit told in the answer's text (`json_ret.get("Message") == RATE_LIMIT_MSG`,
# `"rate limit" in resp.text`): the same words IL202 reads.
RATE_LIMIT_TEXT = re.compile(
    r"rate[ _-]?limit|throttl|too ?many ?requests|requestlimitexceeded|^slowdown$|quota ?exceeded|"
    r"abuse[ _-]?detection", re.I
)


def _answer_root(node: ast.AST) -> str | None:
    """`reply` for `reply.get("Message")`, `reply["error"]`, `reply.text`."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        else:
            return None


def rate_text_test(test: ast.AST, lookup=None) -> tuple[str, str] | None:
    """(answer, 'failure'|'success') for a comparison of the answer with a rate-limit message:
    `json_ret.get("Message") == RATE_LIMIT_MSG`, `"rate limit" in resp.text` (failure), `!=` /
    `not in` (success)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = rate_text_test(test.operand, lookup)
        return (inner[0], "success" if inner[1] == "failure" else "failure") if inner else None
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    op = test.ops[0]
    if not isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
        return None

    def text(node: ast.AST) -> bool:
        if isinstance(node, ast.Name) and lookup is not None and node.id.isupper():
            node = lookup(node.id) or node
        return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(RATE_LIMIT_TEXT.search(node.value))

    left, right = test.left, test.comparators[0]
    if text(right):
        other = left
    elif text(left):
        other = right
    else:
        return None
    root = _answer_root(other)
    if root is None:
        return None
    return root, "success" if isinstance(op, (ast.NotEq, ast.NotIn)) else "failure"


def _semantic_test(test: ast.AST, parsed: frozenset[str] | set[str] = frozenset()) -> tuple[str, str] | None:
    """`payment.success()`, `result.ok`, `validation_error`, `resp.get("error")`."""
    if isinstance(test, ast.Call):
        if (
            isinstance(test.func, ast.Name)
            and test.func.id == "isinstance"
            and len(test.args) == 2
            and isinstance(test.args[0], ast.Name)
            and test.args[0].id in parsed
        ):
            # `if isinstance(parsed, dict): return parsed` where `parsed = json.loads(answer)`:
            # the answer has the expected shape (not `isinstance(result, dict)` of a poll)
            return test.args[0].id, "success"
        predicate = _predicate_test(test)
        if predicate:
            return predicate
    node = test.func if isinstance(test, ast.Call) else test
    subject = ""
    word = ""
    if isinstance(node, ast.Attribute):
        word = node.attr
        base = node.value
        if isinstance(base, ast.Name):
            subject = base.id
        if word == "get" and isinstance(test, ast.Call) and test.args and isinstance(test.args[0], ast.Constant):
            word = str(test.args[0].value)
    elif isinstance(node, ast.Name):
        word = subject = node.id
    elif (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        # `if reply["success"]: break`, `if answer["ok"]:` (Slack), `if data["error"]:`
        subject, word = node.value.id, node.slice.value
    elif (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], (ast.In, ast.NotIn))
        and isinstance(node.left, ast.Constant)
        and isinstance(node.left.value, str)
        and BODY_FAILURE_TEXT.search(node.left.value)
        and (root := _answer_root(node.comparators[0])) is not None
    ):
        # `if "errors" in reply:` (a GraphQL answer), `if "validation_errors" in r.json():`,
        # `if "<Error>" not in body:`: the answer's body says whether the call failed
        return root, "failure" if isinstance(node.ops[0], ast.In) else "success"
    if not word or not subject:
        return None
    if SUCCESS_WORDS.match(word):
        return subject, "success"
    if FAILURE_WORDS.match(word):
        return subject, "failure"
    return None


PARSE_CALL = re.compile(r"loads|parse|json|decode|deserializ|validate", re.I)
# Text whose presence in an answer's body says the call failed (`"validation_errors" in r.json()`,
# `"<Error>" not in body`, `"Quota exceeded" in resp.text`)
BODY_FAILURE_TEXT = re.compile(r"error|fail|exceed|denied|invalid", re.I)
STATUS_KEY = re.compile(r"^(http_?)?status_?code$", re.I)


def _status_key(value: ast.AST) -> bool:
    """`reply["ResponseMetadata"]["HTTPStatusCode"]`, `data["status_code"]`: a status read by key."""
    return (
        isinstance(value, ast.Subscript)
        and isinstance(value.slice, ast.Constant)
        and isinstance(value.slice.value, str)
        and bool(STATUS_KEY.match(value.slice.value))
    )


def _words(call: ast.Call) -> set[str]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return set(name.lower().strip("_").split("_"))


def _reads(call: ast.Call) -> bool:
    """`fetch(url)`, `client.get_report(id)`, `requests.get(...)`: a read of a resource."""
    return bool(_words(call) & READ_WORDS)


def _weak_predicate(test: ast.AST) -> bool:
    """`not report_incomplete(r)` / `self._data_missing(resp)`: named only with words that also
    mean "not ready yet"."""
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if not isinstance(test, ast.Call):
        return False
    words = _words(test)
    return bool(words & WEAK_FAILURE) and not (words & (PREDICATE_FAILURE - WEAK_FAILURE))


def _is_http_status_test(test: ast.AST, status_names: frozenset[str] | set[str]) -> bool:
    """The test reads an HTTP status (`status_code`, `.ok`, `.status`, a status local), not a
    flag or a predicate named for an outcome."""
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and node.attr in STATUS_ATTRS | {"ok"}:
            return True
        if isinstance(node, ast.Name) and node.id in status_names:
            return True
    return False


def _predicate_test(call: ast.Call) -> tuple[str, str] | None:
    """`self._response_missing_container(resp, …)` / `is_valid(answer)`: a predicate named for
    an outcome, applied to a local (the attempted call's result when the caller checks that)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    words = set(name.lower().strip("_").split("_"))
    failure = bool(words & PREDICATE_FAILURE)
    success = bool(words & PREDICATE_SUCCESS)
    if failure == success:
        return None
    subject = next((a.id for a in call.args if isinstance(a, ast.Name)), None)
    if subject is None:
        return None
    return subject, "failure" if failure else "success"


def _pattern_values(pattern: ast.AST) -> list[ast.AST] | None:
    """The values a `case` pattern matches (`case 200:`, `case 502 | 503:`), None for a capture
    or wildcard."""
    kind = type(pattern).__name__
    if kind == "MatchValue":
        return [pattern.value]  # type: ignore[attr-defined]
    if kind == "MatchOr":
        out: list[ast.AST] = []
        for sub in pattern.patterns:  # type: ignore[attr-defined]
            values = _pattern_values(sub)
            if values is None:
                return None
            out.extend(values)
        return out
    return None


def pattern_codes_kind(pattern: ast.AST) -> str | None:
    values = _pattern_values(pattern)
    if not values:
        return None
    kinds = {_code_kind(v) for v in values}
    return kinds.pop() if len(kinds) == 1 else None


def pattern_retryable(pattern: ast.AST) -> bool:
    return any(_retryable_codes(v) for v in _pattern_values(pattern) or ())


RETRYABLE_CODES = frozenset({408, 425, 429, 500, 502, 503, 504})
RETRYABLE_NAMES = re.compile(
    r"^(TOO_MANY_REQUESTS|too_many_requests|SERVICE_UNAVAILABLE|service_unavailable|BAD_GATEWAY|"
    r"bad_gateway|GATEWAY_TIMEOUT|gateway_timeout|REQUEST_TIMEOUT|request_timeout|"
    r"INTERNAL_SERVER_ERROR|internal_server_error|HTTP_(408|429|5\d\d)\w*)$"
)
# Locals that only say how long to wait for an answer, not what is asked.
TIMING_NAME = re.compile(r"(?i)timeout|^delay$|^wait$|backoff")
# A function whose name says it waits for a service to come up (`wait_for_keycloak`,
# `ensure_search_ready`, `_await_service`): a probe it repeats is a readiness wait
READINESS_FUNCTION = re.compile(r"(?i)(?:^|_)(?:wait|await|ready|readiness|startup|boot|warm_?up)(?:_|$)")
# Functions whose loops wait for a remote answer: `poll`, `_poll_status_and_result`,
# `wait_for_scan`, `wait_until_ready`, `await_job`.
POLLING_FUNCTION = re.compile(r"(?i)(?:^|_)poll|wait_(?:for|until)|await_")
RETRYABLE_IDENT = re.compile(r"retr|transient|temporar|throttl|rate_?limit", re.I)


def retryable_status_test(test: ast.AST, status_names: frozenset[str] | set[str] = frozenset(), lookup=None) -> bool:
    """The test compares an HTTP status (`status_code`, the requests/httpx spelling; `status` is
    also Playwright's and many local objects') with codes a client retries:
    408, 425, 429, 5xx (literals, `>= 500`, `in range(500, 600)`, `HTTPStatus.SERVICE_UNAVAILABLE`,
    a module constant holding them, or a constant named like `RETRY_STATUSES`). What a retry on a
    failure status looks like, as opposed to polling (`== 404` until it exists, `== 202`)."""
    for node in ast.walk(test):
        if not isinstance(node, ast.Compare) or len(node.ops) != 1:
            continue
        operands = [node.left, *node.comparators]
        subject = next(
            (
                o
                for o in operands
                if (isinstance(o, ast.Attribute) and o.attr == "status_code")
                or (isinstance(o, ast.Name) and o.id in status_names)
            ),
            None,
        )
        if subject is None:
            continue
        other = operands[1] if operands[0] is subject else operands[0]
        if isinstance(node.ops[0], (ast.Gt, ast.GtE, ast.Lt, ast.LtE)):
            value = constant_int(other)
            if value is not None and 499 <= value <= 500:
                return True
            continue
        if _retryable_codes(other, lookup):
            return True
    return False


def _awaits_existence(test: ast.AST) -> bool:
    """`resp.status_code == 404` / `status in (404,)` / `== HTTPStatus.NOT_FOUND`: the only code
    tested says the resource is not there (yet)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.In))):
        return False
    other = test.comparators[0]
    elts = other.elts if isinstance(other, (ast.Tuple, ast.List, ast.Set)) else [other]
    if not elts:
        return False
    for elt in elts:
        if isinstance(elt, ast.Constant):
            if elt.value != 404:
                return False
        elif not (isinstance(elt, ast.Attribute) and re.search(r"NOT_FOUND|not_found|HTTP_404", elt.attr)):
            return False
    return True


ASSERTION_WAIT_ERRORS = frozenset({"AssertionError", "IndexError", "KeyError", "LookupError", "StopIteration"})


def _awaits_assertion(st: ast.Try, retrying: list[ast.ExceptHandler]) -> bool:
    """The try asserts on what it fetched and only an `AssertionError` (with the lookup errors of
    reading a not-yet-there answer: IndexError, KeyError) goes round again."""
    if not any(isinstance(x, ast.Assert) for x in iter_stmts(st.body)):
        return False
    names: set[str] = set()
    for handler in retrying:
        node = handler.type
        if node is None:
            return False
        for e in node.elts if isinstance(node, ast.Tuple) else [node]:
            names.add(e.id if isinstance(e, ast.Name) else e.attr if isinstance(e, ast.Attribute) else "")
    return "AssertionError" in names and names <= ASSERTION_WAIT_ERRORS


# Builtin errors of local work (decoding, files, lookups, arithmetic, assertions)
LOCAL_BUILTIN_ERRORS = frozenset(
    {"UnicodeDecodeError", "UnicodeError", "ValueError", "KeyError", "IndexError", "LookupError", "TypeError",
     "AttributeError", "AssertionError", "FileNotFoundError", "IOError", "OSError", "PermissionError",
     "ZeroDivisionError", "StopIteration", "NotImplementedError", "RuntimeError", "ImportError"}
)
# Members that fetch or send what a URL names (`self.load(url)`, `client.download(url)`)
FETCH_VERBS = frozenset(
    {"load", "download", "fetch", "get", "post", "put", "request", "upload", "send", "submit", "retrieve", "call",
     "open", "urlopen", "query", "invoke"}
)


def _fetch_verb_call(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    words = name.lower().strip("_").split("_")
    return bool(words) and (words[0] in FETCH_VERBS or words[-1] in FETCH_VERBS)


def _strong_url_argument(ctx, call: ast.Call) -> bool:
    """The first argument is a URL for sure: an `http(s)://` literal or f-string, a module constant
    named for one (`API_URL`, `TOKEN_ENDPOINT`) holding such a literal, or a local of the function
    assigned one of those or `<constant>.format(…)` / f"{BASE_URL}/…"."""
    if not call.args:
        return False

    def strong(node: ast.AST, depth: int = 0) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str) and node.value.startswith(("http://", "https://"))
        if isinstance(node, ast.JoinedStr):
            return any(
                (isinstance(v, ast.Constant) and isinstance(v.value, str) and "://" in v.value)
                or (isinstance(v, ast.FormattedValue) and strong(v.value, depth + 1))
                for v in node.values
            )
        if isinstance(node, ast.BinOp):
            return strong(node.left, depth + 1)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return strong(node.func.value, depth + 1)
        if isinstance(node, ast.Name) and depth < 3:
            if node.id.isupper() and URL_NAME.search(node.id.lower()):
                value = module_literal(ctx, node.id)
                return value is None or strong(value, depth + 1)
            if URL_NAME.search(node.id):
                return any(strong(v, depth + 1) for v in _local_values(ctx, node.id))
        return False

    return strong(call.args[0])


def _pending_status_goes_round(body: list[ast.stmt], counted: bool = False) -> bool:
    """An `if` of the loop body testing only for 400 (`== 400`, `in (400,)`, `== HTTPStatus.BAD_REQUEST`)
    whose branch goes round again (`continue`, or falling through) without raising, breaking or returning."""
    for st in iter_stmts(body, handlers=False):
        if not (isinstance(st, ast.If) and isinstance(st.test, ast.Compare) and len(st.test.ops) == 1):
            continue
        if not isinstance(st.test.ops[0], (ast.Eq, ast.In)) or _status_subject(st.test.left) is None:
            continue
        other = st.test.comparators[0]
        elts = other.elts if isinstance(other, (ast.Tuple, ast.List, ast.Set)) else [other]
        if (
            elts
            and all(constant_int(enum_member(e)) == 400 for e in elts)
            and not any(isinstance(x, (ast.Raise, ast.Return, ast.Break)) for x in iter_stmts(st.body))
            and (not counted or any(isinstance(x, ast.Continue) for x in iter_stmts(st.body)))
        ):
            # `continue`, or — in a `while` bounded by a deadline, not an attempt counter — a
            # message and falling through to the next round (`console("waiting")`); a counted
            # `for i in range(5)` logging a 400 and going round is a retry (re-authenticating)
            return True
    return False


def _retryable_codes(node: ast.AST, lookup=None) -> bool:
    node = enum_member(node)
    literal = code_literal(node, lookup)
    if literal is not None:
        node = literal
    if isinstance(node, ast.Constant):
        return node.value in RETRYABLE_CODES and not isinstance(node.value, bool)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_retryable_codes(e) for e in node.elts)
    if isinstance(node, ast.Attribute):
        return bool(RETRYABLE_NAMES.match(node.attr))
    if isinstance(node, ast.Name):
        return bool(RETRYABLE_IDENT.search(node.id))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and node.args:
        first = constant_int(node.args[0])
        return first is not None and 500 <= first < 600
    return False


# --------------------------------------------------------------------------- backoff
def _schedule_kind(values: list[float]) -> str:
    if len(values) < 2 or all(v == values[0] for v in values):
        return "constant"
    diffs = {round(b - a, 6) for a, b in zip(values, values[1:])}
    if len(diffs) == 1:
        return "linear"
    if all(a > 0 for a in values) and len({round(b / a, 6) for a, b in zip(values, values[1:])}) == 1:
        return "exponential"
    return "stepped"


def _literal_numbers(node: ast.AST | None) -> list[float] | None:
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        out = []
        for e in node.elts:
            if isinstance(e, ast.Constant) and isinstance(e.value, (int, float)) and not isinstance(e.value, bool):
                out.append(float(e.value))
            else:
                return None
        return out
    return None


def module_literal(ctx, name: str) -> ast.AST | None:
    for scope in reversed(ctx.scopes):
        node = scope.node
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for st in body:
            if isinstance(st, ast.Assign) and len(st.targets) == 1:
                t = st.targets[0]
                if (isinstance(t, ast.Name) and t.id == name) or (isinstance(t, ast.Attribute) and t.attr == name):
                    return st.value
            elif isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name) and st.target.id == name:
                return st.value
    return None


def _local_values(ctx, name: str) -> Iterator[ast.expr]:
    """The values assigned to `name = …` in the enclosing function (`ast.walk` order)."""
    scope = ctx.function_scope
    if scope is None or scope.node is None:
        return
    for st in ast.walk(scope.node):
        if (
            isinstance(st, ast.Assign)
            and len(st.targets) == 1
            and isinstance(st.targets[0], ast.Name)
            and st.targets[0].id == name
        ):
            yield st.value


def _local_source(ctx, name: str) -> ast.AST | None:
    """The literal a local schedule was copied from: `backoffs = self.BACKOFFS.copy()`,
    `list(BACKOFFS)`, `BACKOFFS[:]`, `[1, 3, 5]`."""
    value = next(_local_values(ctx, name), None)  # the first assignment decides
    if isinstance(value, ast.Call):
        if isinstance(value.func, ast.Attribute) and value.func.attr == "copy":
            value = value.func.value
        elif isinstance(value.func, ast.Name) and value.func.id in ("list", "tuple") and value.args:
            value = value.args[0]
    elif isinstance(value, ast.Subscript):
        value = value.value
    if isinstance(value, (ast.List, ast.Tuple)):
        return value
    if isinstance(value, ast.Name):
        return module_literal(ctx, value.id)
    if isinstance(value, ast.Attribute):
        return module_literal(ctx, value.attr)
    return None

RANK = {"none": 0, "constant": 1, "stepped": 2, "linear": 3, "exponential": 4}


def classify_backoff(ctx, loop: ast.AST, body: list[ast.stmt], counters: set[str], schedule_var: str | None = None,
                     schedule: list[float] | None = None) -> str:
    """none / constant / linear / exponential (or 'stepped': an irregular schedule) from the
    sleeps in a loop."""
    growth: dict[str, str] = {}
    for st in iter_stmts(body):
        if isinstance(st, ast.AugAssign) and isinstance(st.target, ast.Name):
            if isinstance(st.op, (ast.Mult, ast.Pow, ast.LShift)):
                growth[st.target.id] = "exponential"
            elif isinstance(st.op, ast.Add):
                growth.setdefault(st.target.id, "linear")
        elif isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            target = st.targets[0].id
            if target in names_in(st.value):
                ops = {type(n.op) for n in ast.walk(st.value) if isinstance(n, ast.BinOp)}
                if ops & {ast.Mult, ast.Pow, ast.LShift}:
                    growth[target] = "exponential"
                elif ast.Add in ops:
                    growth.setdefault(target, "linear")
    # `wait = 30 * (attempt + 1)` then `sleep(wait)`: the delay's own expression tells the growth
    assigned: dict[str, ast.expr] = {}
    for st in iter_stmts(body):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            name = st.targets[0].id
            if name not in growth and name not in names_in(st.value):
                assigned[name] = st.value
    best = "none"
    for st in iter_stmts(body):
        for call in iter_calls(st) if isinstance(st, (ast.Expr, ast.Assign, ast.Return)) else ():
            helper = sleep_helper(ctx, call)
            if helper is None and not _plain_sleep(ctx, call):
                continue  # not a pause (is_sleep, without resolving the helper twice)
            if helper is not None:
                # `self._log_and_backoff(exc, attempt)` sleeping `BACKOFF * attempt`: the helper's
                # delay, with its parameters read as the arguments this loop hands it
                kind = _helper_delay_kind(ctx, call, *helper, counters, growth)
                if RANK[kind] > RANK[best]:
                    best = kind
                continue
            arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("seconds", "secs", "delay")), None)
            if isinstance(arg, ast.Name) and arg.id in assigned:
                arg = assigned[arg.id]
            kind = _classify_expr(ctx, arg, counters, growth, schedule_var, schedule)
            if RANK[kind] > RANK[best]:
                best = kind
    return best


def _helper_delay_kind(ctx, call: ast.Call, node: ast.AST, sleep: ast.Call, counters: set[str],
                       growth: dict[str, str]) -> str:
    """The backoff of a pause helper: exponential when its delay raises to a power, linear when
    it grows with a parameter this loop passes a counter (or a growing value) to, else constant."""
    arg = sleep.args[0] if sleep.args else next(
        (k.value for k in sleep.keywords if k.arg in ("seconds", "secs", "delay")), None
    )
    if arg is None:
        return "constant"
    nodes = list(ast.walk(arg))
    if any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Pow, ast.LShift)) for n in nodes):
        return "exponential"
    args = node.args  # type: ignore[attr-defined]
    params = [a.arg for a in (*args.posonlyargs, *args.args)]
    if params and params[0] in ("self", "cls") and isinstance(call.func, ast.Attribute):
        params = params[1:]
    passed: dict[str, ast.expr] = dict(zip(params, call.args))
    passed.update({k.arg: k.value for k in call.keywords if k.arg})
    used = {n.id for n in nodes if isinstance(n, ast.Name)}
    # every argument the delay reads, exponential before linear (as _classify_expr decides): not
    # the first parameter a set happens to yield, whose order depends on the hash seed
    names: set[str] = set()
    for param in used & set(passed):
        names |= names_in(passed[param])
    if any(growth.get(n) == "exponential" for n in names):
        return "exponential"
    if names & counters or any(growth.get(n) == "linear" for n in names):
        return "linear"
    return "constant"


def _exponential_helper(ctx, call: ast.Call) -> bool:
    """A function or method of this file whose return value raises something to a power."""
    found = _local_def(ctx, ctx.resolve_call(call))
    return found is not None and any(
        isinstance(r, ast.Return)
        and r.value is not None
        and any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Pow, ast.LShift)) for n in ast.walk(r.value))
        for r in ast.walk(found[1])
    )


def _classify_expr(ctx, arg: ast.AST | None, counters: set[str], growth: dict[str, str],
                   schedule_var: str | None, schedule: list[float] | None) -> str:
    if arg is None:
        return "constant"
    nodes = list(ast.walk(arg))
    if any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Pow, ast.LShift)) for n in nodes):
        return "exponential"
    if any(isinstance(n, ast.Call) and _exponential_helper(ctx, n) for n in nodes):
        return "exponential"  # `sleep(self._calculate_backoff(attempts))`, a helper of this file
    names = {n.id for n in nodes if isinstance(n, ast.Name)}
    for name in names:
        if growth.get(name) == "exponential":
            return "exponential"
    if schedule_var and schedule_var in names and schedule:
        return _schedule_kind(schedule)
    for n in nodes:
        if isinstance(n, ast.Subscript):
            base = n.value
            literal = None
            if isinstance(base, (ast.List, ast.Tuple)):
                literal = base
            elif isinstance(base, ast.Name):
                literal = module_literal(ctx, base.id) or _local_source(ctx, base.id)
            elif isinstance(base, ast.Attribute):
                literal = module_literal(ctx, base.attr)
            values = _literal_numbers(literal)
            if values:
                return _schedule_kind(values)
            if isinstance(base, (ast.Name, ast.Attribute)):
                return "stepped"
    if names & counters or any(growth.get(n) == "linear" for n in names):
        return "linear"
    return "constant"


# --------------------------------------------------------------------------- the rule
def _loop_header_position(ctx, loop: ast.AST) -> tuple[int, int, int, int]:
    line, col, _, _ = ctx.position(loop)
    text = ctx.line_text(line)
    end = len(text.rstrip())
    # stop at the header's colon when the body starts on the same line is rare; keep the line
    return line, col, line, max(end + 1, col + 1)


def _exception_refs(ctx, handler: ast.ExceptHandler) -> list[str]:
    node = handler.type
    if node is None:
        return []
    elts: list[ast.AST] = list(node.elts) if isinstance(node, ast.Tuple) else [node]
    out = []
    for elt in elts:
        if isinstance(elt, ast.Name):
            local = _function_local_tuple(ctx, elt.id)
            if local is not None:
                out.extend(r for r in (ctx.qualify(e) for e in local) if r)
                continue
        ref = ctx.qualify(elt)
        if ref:
            out.append(ref)
    return out


def _function_local_tuple(ctx, name: str) -> list[ast.AST] | None:
    """`errors = (A, B)` assigned in the enclosing function: `except errors:` catches A and B."""
    for value in _local_values(ctx, name):
        if isinstance(value, ast.Tuple):
            return list(value.elts)
    return None


LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print", "write"})


def _is_log_call(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in LOG_METHODS


# A completion asked of a language model, by the arguments only a model takes.
LLM_INPUT_KEYWORDS = frozenset({"messages", "prompt", "system_prompt", "contents"})
LLM_SAMPLING_KEYWORDS = frozenset({"max_tokens", "max_output_tokens", "max_completion_tokens", "temperature", "top_p"})
# LiteLLM's module-level requests to whichever provider the model names
LITELLM_CALLS = tuple(
    f"litellm.{verb}"
    for verb in ("completion", "acompletion", "text_completion", "atext_completion", "embedding", "aembedding",
                 "responses", "aresponses", "image_generation", "aimage_generation", "transcription", "atranscription")
)
# a receiver named for a language model (`llm`, `self._llm_model`, `chat_llm`, `chat_model`)
LLM_RECEIVER = re.compile(r"(?i)^_*(?:\w+_)?llm(?:_\w+)?$|^_*(?:\w+_)?chat_?model$")
LLM_RECEIVER_VERB = re.compile(r"(?i)^(?:async_|a)?(?:chat|complete|completion|generate|invoke|ask|predict)\w*$")
LLM_VERB = re.compile(r"(?i)^a?(complete|completion|chat|generate|create|invoke|ask|stream)\w*$")


def llm_api_call(call: ast.Call) -> bool:
    """`x.chat.completions.create(...)`, `x.messages.create(model=...)`, `model.generate_content(...)`."""
    parts: list[str] = []
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False  # a bare `generate_content(...)` is a function of the project
    while isinstance(func, ast.Attribute) and len(parts) < 4:
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    parts.reverse()
    if not parts:
        return False
    if parts[-1] == "generate_content" and len(parts) >= 2 and LLM_CONTENT_RECEIVER.search(parts[-2]):
        return True
    if any(tuple(parts[-len(tail):]) == tail for tail in LLM_CALL_TAILS if len(parts) >= len(tail)):
        return True
    if any(tuple(parts[-len(tail):]) == tail for tail in LLM_ANY_CALL_TAILS if len(parts) >= len(tail)):
        return True
    if len(parts) >= 2 and LLM_RECEIVER.search(parts[-2]) and LLM_RECEIVER_VERB.match(parts[-1]):
        # `self._llm_model.async_chat(system, history, conf)`, `llm.invoke(prompt)`: a chat or
        # completion asked of an object named for a language model, whatever its wrapper
        return True
    keywords = {k.arg for k in call.keywords}
    if keywords & LLM_INPUT_KEYWORDS and keywords & LLM_SAMPLING_KEYWORDS and LLM_VERB.match(parts[-1]):
        # `provider.complete(messages=[…], max_tokens=…)`: a completion asked of a model through
        # whatever wrapper the project puts around its provider
        return True
    if (
        tuple(parts[-2:]) == ("embeddings", "create")
        and {"model"} <= keywords
        and keywords & {"input", "inputs"}
    ):
        # `client.embeddings.create(input=…, model=…)` (OpenAI, Mistral `inputs=`); a related
        # manager's `doc.embeddings.create(model=…, vector=…)` passes no input
        return True
    # `model=` spelt out, or `**kwargs` handed to a receiver named for an API client
    receiver = parts[-3] if len(parts) >= 3 else ""
    has_model = any(k.arg == "model" for k in call.keywords) or (
        any(k.arg is None for k in call.keywords) and bool(re.search(r"client|anthropic|llm", receiver, re.I))
    )
    return has_model and any(
        tuple(parts[-len(tail):]) == tail for tail in LLM_MODEL_CALL_TAILS if len(parts) >= len(tail)
    )


def _truthiness(test: ast.AST, name: str) -> str | None:
    """'success' for `if name:` / `if name is not None:`, 'failure' for `if not name:` /
    `if name is None:` (also with attempts left: `if name is None and tries >= 1:`); None for
    any other test."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and len(test.values) == 2:
        # `if response is None and tries >= 1:` — the failure, while attempts are left
        first, second = test.values
        if (
            _truthiness(first, name) == "failure"
            and isinstance(second, ast.Compare)
            and len(second.ops) == 1
            and isinstance(second.ops[0], (ast.Gt, ast.GtE, ast.Lt, ast.LtE))
            and isinstance(second.left, ast.Name)
            and second.left.id != name
            and not any(isinstance(n, ast.Call) for n in ast.walk(second))
        ):
            return "failure"
        return None
    if isinstance(test, ast.Name) and test.id == name:
        return "success"
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(test.operand, ast.Name) and test.operand.id == name:
        return "failure"
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == name
        and len(test.ops) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        if isinstance(test.ops[0], ast.Is):
            return "failure"
        if isinstance(test.ops[0], ast.IsNot):
            return "success"
    return None


# A key or field that names a remote state: comparing or reading it is what a poll waits on.
STATE_WORD = re.compile(r"(?i)state|status|done|ready|complete|finish|progress|pending|running|process|queue|wait")


def _state_test(test: ast.AST) -> bool:
    """The test reads a remote state (`job["state"] == "done"`, `"published" in r.json()["status"]`,
    `result.ready()`): what a poll waits for."""
    for node in ast.walk(test):
        word = (
            node.id if isinstance(node, ast.Name)
            else node.attr if isinstance(node, ast.Attribute)
            else node.value if isinstance(node, ast.Constant) and isinstance(node.value, str)
            else ""
        )
        if word and STATE_WORD.search(word):
            return True
    return False


def _answer_presence(test: ast.AST) -> bool:
    """`"id" in reply`, `reply`, `reply.get("id")`, `data["items"]`, `len(body) > 0`, `reply is
    not None`: the answer carries something, without comparing a value (`state == "done"`) or
    naming a state (`data.get("ready")`)."""
    for node in ast.walk(test):
        word = (
            node.value if isinstance(node, ast.Constant) and isinstance(node.value, str)
            else node.attr if isinstance(node, ast.Attribute)
            else node.id if isinstance(node, ast.Name)
            else None
        )
        if word and STATE_WORD.search(word):
            return False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return False
    if isinstance(test, ast.Compare):
        if len(test.ops) != 1:
            return False
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, (ast.In, ast.NotIn)):
            # a key looked for in the answer, not the answer looked for in a set of values
            return isinstance(test.left, ast.Constant) and isinstance(test.left.value, str) and not isinstance(
                right, (ast.Constant, ast.Tuple, ast.List, ast.Set)
            )
        if isinstance(op, ast.IsNot):
            return isinstance(right, ast.Constant) and right.value is None
        if isinstance(op, (ast.Gt, ast.NotEq)):
            # `len(body) > 0`, `len(items) != 0`
            return (
                isinstance(test.left, ast.Call)
                and isinstance(test.left.func, ast.Name)
                and test.left.func.id == "len"
                and isinstance(right, ast.Constant)
                and right.value == 0
            )
        return False
    if isinstance(test, ast.Call):
        func = test.func
        # `reply.get("id")`; not a predicate of another object (`is_done(job)`)
        return isinstance(func, ast.Attribute) and func.attr == "get"
    return isinstance(test, (ast.Name, ast.Attribute, ast.Subscript))


def _empty_answer_name(test: ast.AST) -> str | None:
    """`x == []`, `x == ""`, `x == {}`, `len(x) == 0`, `len(x) < 1`, `not x`: the name whose
    empty answer the test checks."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(test.operand, ast.Name):
        return test.operand.id
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(left, ast.Name) and isinstance(op, ast.Eq):
        empty = (
            isinstance(right, (ast.List, ast.Tuple)) and not right.elts
            or isinstance(right, ast.Dict) and not right.keys
            or isinstance(right, ast.Constant) and right.value in ("", b"")
        )
        return left.id if empty else None
    if (
        isinstance(left, ast.Call)
        and isinstance(left.func, ast.Name)
        and left.func.id == "len"
        and len(left.args) == 1
        and isinstance(left.args[0], ast.Name)
        and isinstance(right, ast.Constant)
        and (isinstance(op, ast.Eq) and right.value == 0 or isinstance(op, ast.Lt) and right.value == 1)
    ):
        return left.args[0].id
    return None


def _complete_answer(test: ast.AST, subjects: set[str]) -> bool:
    """`len(papers) == 100`, `len(rows) >= batch`, `len(items) > 0` on an answer of the attempt:
    it holds (at least) what was asked for, so leaving on it is a success exit (a loop whose
    try handler goes round again re-attempts a short or failed answer). Not `len(page) < size`
    or `== 0` (the last page of a walk), nor a length of something the attempt did not return."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if not (
        isinstance(left, ast.Call)
        and isinstance(left.func, ast.Name)
        and left.func.id == "len"
        and len(left.args) == 1
        and isinstance(left.args[0], ast.Name)
        and left.args[0].id in subjects
        and not STATE_WORD.search(left.args[0].id)
    ):
        return False
    if isinstance(right, ast.Constant):
        if not isinstance(right.value, int) or isinstance(right.value, bool):
            return False
        return isinstance(op, ast.Gt) or (isinstance(op, (ast.Eq, ast.GtE)) and right.value > 0)
    # `len(rows) >= batch_size`, `len(chunk) == self.limit`
    return isinstance(op, (ast.Eq, ast.GtE)) and isinstance(right, (ast.Name, ast.Attribute))


def _error_answer_test(test: ast.AST, name: str) -> bool:
    """`isinstance(name, str)` / `isinstance(name, Exception)` / `isinstance(name, (ApiError,
    …))`: the answer is an error message or an error object, not the expected data."""
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "isinstance"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Name)
        and test.args[0].id == name
    ):
        return False
    kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    return bool(kinds) and all(
        isinstance(k, (ast.Name, ast.Attribute))
        and re.search(r"^str$|^(Base)?Exception$|Error$", k.id if isinstance(k, ast.Name) else k.attr)
        for k in kinds
    )


def _leaves_somewhere(stmts: list[ast.stmt]) -> bool:
    """A `break` or `return` anywhere in `stmts` (not in a nested loop, function or class)."""
    stack = list(stmts)
    while stack:
        st = stack.pop()
        if isinstance(st, (ast.Break, ast.Return)):
            return True
        if isinstance(st, (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            stack.extend(getattr(st, field, None) or ())
        for handler in getattr(st, "handlers", None) or ():
            stack.extend(handler.body)
    return False


def _none_on_failure(ctx, call: ast.Call, depth: int = 0, failed_status: bool = False) -> bool:
    """Is `call` a call of a function of this file that catches its own failure and answers
    None/False: a handler returning None/False/nothing, or a handler that neither raises nor
    returns in a function whose answer is a name first set to None (`response = None; try:
    response = client.post(…) except TimeoutError: log … return response`)? A method that only
    hands the call on (`def hit_api(self, url): return hit_api(self.key, url)`) answers what its
    callee answers."""
    found = _local_def(ctx, ctx.resolve_call(call))
    if found is None:
        return False
    node = found[1]
    delegate = _delegated_call(node)
    if delegate is not None:
        return depth < 2 and _none_on_failure(ctx, delegate, depth + 1, failed_status)
    nones = {
        t.id
        for st in node.body  # type: ignore[attr-defined]
        if isinstance(st, ast.Assign) and isinstance(st.value, ast.Constant) and st.value.value is None
        for t in st.targets
        if isinstance(t, ast.Name)
    }
    returned = {
        st.value.id for st in ast.walk(node) if isinstance(st, ast.Return) and isinstance(st.value, ast.Name)
    }
    for handler in (h for h in ast.walk(node) if isinstance(h, ast.ExceptHandler)):
        answer = handler_answer(handler)
        if answer == "none" or (answer == "silent" and nones & returned):
            return True
    # `if response.status_code == 504: return None`: a retryable HTTP status answered as None
    for st in ast.walk(node):
        if (
            isinstance(st, ast.If)
            and st.body
            and _returns_nothing(st.body[-1])
            and retryable_status_test(st.test)
        ):
            return True
        if (
            failed_status
            and isinstance(st, ast.If)
            and st.body
            and _returns_nothing(st.body[-1])
            and (found_status := status_test(st.test)) is not None
            and found_status[1] == "failure"
            and _is_http_status_test(st.test, frozenset())
        ):
            # `if response.status_code != 200: log; return False`: the call's failed status
            # answered as False (asked only for a call that is itself a loop's `if` test)
            return True
    return False


def _returns_nothing(st: ast.stmt) -> bool:
    """`return`, `return None`, `return False`."""
    return isinstance(st, ast.Return) and (
        st.value is None or (isinstance(st.value, ast.Constant) and st.value.value in (None, False))
    )


def _delegated_call(node: ast.AST) -> ast.Call | None:
    """The call a function only hands on: a body of (a docstring and) `return call(...)`."""
    body = [
        st
        for st in node.body  # type: ignore[attr-defined]
        if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and isinstance(st.value.value, str))
    ]
    if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Call):
        return body[0].value
    return None


def _local_def(ctx, name: str | None) -> tuple[str, ast.AST] | None:
    """(`C.m`, its def) when `name` (a resolved call) is a module-level function or a method of
    this file; None for another module's names and for nested functions."""
    prefix = f"{ctx.module}." if ctx.module else ""
    if not name or not prefix or not name.startswith(prefix) or "<locals>" in name:
        return None
    local = name[len(prefix):]
    node = _find_def(ctx.tree, local.split("."))
    return (local, node) if node is not None else None


def _find_def(tree: ast.AST, path: list[str]) -> ast.AST | None:
    """The module-level function `f` or method `C.m` of a module, by name."""
    body = getattr(tree, "body", [])
    for i, part in enumerate(path):
        node = next(
            (
                st
                for st in body
                if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and st.name == part
            ),
            None,
        )
        if node is None:
            return None
        if i == len(path) - 1:
            return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if not isinstance(node, ast.ClassDef):
            return None
        body = node.body
    return None


# Builtin exceptions of a connection that failed (not `OSError`: files fail too; not
# `TimeoutError`: locks, futures and `asyncio.wait_for` time out too).
BUILTIN_NETWORK_ERRORS = frozenset(
    {"ConnectionError", "ConnectionResetError", "ConnectionRefusedError", "ConnectionAbortedError"}
)
HTTP_VERB_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})


# What an HTTP response says about its status (requests/httpx `status_code`/`ok`/`is_success`,
# aiohttp/urllib3 `status`): on the result of an HTTP verb called with a URL.
RESPONSE_STATUS_ATTRS = frozenset({"status_code", "ok", "status", "is_success", "is_error", "is_server_error"})


# A receiver named for a remote API's client (`api_client`, `self._api`, `sdk`, `bot`,
# `payment_gateway`), not a local store's (`redis_client`, `cache_client`, `db_api`).
CLIENT_RECEIVER = re.compile(r"(?i)^_*(?:\w+_)?(?:client|api|sdk|bot|gateway)$")
LOCAL_RECEIVER = re.compile(
    r"(?i)redis|cache|memcache|db|database|sql|mongo|elastic|search|kafka|mq|queue|celery|lock|mail|smtp|ldap|docker|k8s"
)


def _reads_response_status(test: ast.AST) -> bool:
    """The test reads a response's status (`resp.status_code`, `resp.ok`, `resp.status`)."""
    return any(
        (isinstance(n, ast.Attribute) and n.attr in RESPONSE_STATUS_ATTRS)
        or (isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and n.slice.value in STATUS_KEYS)
        for n in ast.walk(test)
    )


def _client_receiver(call: ast.Call) -> bool:
    """`self.api_client.list_orders(...)`, `bot.send_message(...)`: a method of a receiver named
    for a remote API's client."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    recv = func.value
    while isinstance(recv, ast.Call):
        recv = recv.func
    name = recv.attr if isinstance(recv, ast.Attribute) else recv.id if isinstance(recv, ast.Name) else ""
    return bool(CLIENT_RECEIVER.match(name)) and not LOCAL_RECEIVER.search(name)


def _http_verb_call(call: ast.Call) -> bool:
    """`x.post(url, …)`, `self.session.get(url)`: an HTTP verb called on a receiver, with a URL
    (or `url=`) to send to; or any call handed an HTTP method by name with a target after it
    (`self._request("GET", path)`, `api_call(method="POST", url=…)`)."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in HTTP_VERB_METHODS
        and (bool(call.args) or any(k.arg in ("url", "path", "endpoint") for k in call.keywords))
    ):
        return True
    method = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "method"), None)
    has_target = len(call.args) >= 2 or any(k.arg in ("url", "path", "endpoint", "uri") for k in call.keywords)
    return (
        has_target
        and isinstance(method, ast.Constant)
        and isinstance(method.value, str)
        and method.value.upper() in HTTP_METHOD_NAMES
    )


HTTP_METHOD_NAMES = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"})


URL_NAME = re.compile(r"(?i)(?:^|_)(?:url|uri|endpoint|href|link)s?(?:_|$)|^(?:\w+_)?(?:url|uri|endpoint)$")


def _url_argument(call: ast.Call) -> bool:
    """The request's target is a URL: `"https://…"`, `f"{base}/items"`, a name or attribute
    spelt for one (`url`, `self.endpoint`, `callback_url`), or `base_url + path` — not a model
    class or a cache key (`session.get(User, pk)`, `cache.get(key)`)."""
    if call.args:
        target: ast.AST | None = call.args[0]
    else:
        target = next((k.value for k in call.keywords if k.arg in ("url", "endpoint")), None)
    if target is None:
        return False

    def urlish(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str) and node.value.startswith(("http://", "https://", "/"))
        if isinstance(node, ast.JoinedStr):
            # f"https://{host}/x", f"{base}/hooks", f"{self.api_url}/items"
            return any(
                urlish(v.value)
                if isinstance(v, ast.FormattedValue)
                else isinstance(v, ast.Constant) and isinstance(v.value, str) and ("://" in v.value or v.value.startswith("/"))
                for v in node.values
            )
        if isinstance(node, ast.Name):
            return bool(URL_NAME.search(node.id))
        if isinstance(node, ast.Attribute):
            return bool(URL_NAME.search(node.attr))
        if isinstance(node, ast.BinOp):
            return urlish(node.left) or urlish(node.right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("urljoin", "urlunsplit"):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "format":
                return urlish(func.value)  # `GET_ITEM_URL.format(item_id)`, `"https://…/{}".format(x)`
            # `build_url(item_id)`, `self._api_url("items")`: a helper named for the URL it builds
            last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            return bool(URL_NAME.search(last))
        return False

    return urlish(target)


def _bounded(shape) -> bool:
    """The loop counts its attempts (`for attempt in range(3)`, `for delay in (1, 2, 4)`,
    `while tries < 3`): a re-attempt without a pause is still a retry. (`while True:` around a
    client call, with no pause, is as often a worker loop restarted after a crash.)"""
    if shape.kind in ("counter", "schedule"):
        return True
    test = getattr(shape.loop, "test", None)
    return any(isinstance(n, ast.Compare) and not _awaits_none(n) for n in ast.walk(test)) if test is not None else False


def _awaits_none(node: ast.Compare) -> bool:
    return len(node.ops) == 1 and isinstance(node.comparators[0], ast.Constant) and node.comparators[0].value is None


def _local_receiver(call: ast.Call) -> bool:
    recv = call.func.value if isinstance(call.func, ast.Attribute) else None
    while isinstance(recv, (ast.Call, ast.Attribute)) and not isinstance(recv, ast.Name):
        if isinstance(recv, ast.Attribute):
            if LOCAL_RECEIVER.search(recv.attr):
                return True
            recv = recv.value
        else:
            recv = recv.func
    return isinstance(recv, ast.Name) and bool(LOCAL_RECEIVER.search(recv.id))


# Exception classes named for a failed HTTP/API call, whatever package defines them (an SDK the
# outbound model does not list, the project's own `CrmAPIError`): `ApiException`, `APIError`,
# `HttpError`, `HTTPStatusError`, `RequestException`, `ServiceRequestError`.
API_ERROR_NAME = re.compile(r"(?:Http|HTTP|Api|API)(?:Status|Response|Request|Client|Server)?(?:Error|Exception)$|Request(?:Error|Exception)$")
# Named for a connection that failed or timed out: evidence only for a call the file cannot
# name otherwise (a database driver's or a broker's call resolves to its own module).
CONNECTION_ERROR_NAME = re.compile(
    r"^(?:\w*(?:Network|Transport|Connect|Connection|Proxy)\w*(?:Error|Exception)"
    r"|\w*(?:Read|Connect|Request|Http|HTTP|Network|Gateway)Timeout(?:Error|Exception)?"
    r"|TimedOut|ServiceUnavailable\w*)$"
)
# Packages whose errors are not an outbound integration call's: databases, caches, brokers,
# processes, browsers, locks, mail, and web frameworks (an `HTTPException` raised to answer).
LOCAL_ERROR_MODULES = (
    "django.", "sqlalchemy.", "psycopg", "pymysql.", "MySQLdb.", "sqlite3.", "redis.", "kombu.", "amqp.",
    "pika.", "celery.", "billiard.", "pymongo.", "mongoengine.", "elasticsearch", "opensearch", "socket.",
    "ssl.", "paramiko.", "ldap", "smtplib.", "imaplib.", "poplib.", "ftplib.", "subprocess.", "asyncio.",
    "concurrent.", "multiprocessing.", "threading.", "queue.", "selenium.", "playwright.", "filelock.",
    "portalocker.", "os.", "git.", "pexpect.", "docker.", "kazoo.", "zmq.", "kafka.", "confluent_kafka.",
    "paho.", "cassandra.", "neo4j.", "werkzeug.", "flask.", "fastapi.", "starlette.", "rest_framework.",
    "ninja.", "channels.", "websockets.", "builtins.", "aiosmtplib.", "sentry_sdk.",
)


STDLIB_ROOTS = frozenset(getattr(sys, "stdlib_module_names", ())) | {"builtins"}


def handler_evidence(ctx, handler: ast.ExceptHandler) -> str | None:
    """'network' when the handler catches an HTTP client's or SDK's error (by module, or by an
    API-named class: `ApiException`, `CrmAPIError`); 'connection' when it catches a failed
    connection or a timeout by name only (`ConnectionError`, `TimeoutError`, `NetworkError`);
    None otherwise."""
    node = handler.type
    if node is None:
        return None
    elts: list[ast.AST] = list(node.elts) if isinstance(node, ast.Tuple) else [node]
    if len(elts) == 1 and isinstance(elts[0], ast.Name):
        local = _function_local_tuple(ctx, elts[0].id)
        if local is None:
            value = module_literal(ctx, elts[0].id)
            local = list(value.elts) if isinstance(value, ast.Tuple) else None
        if local is not None:
            elts = local
    best: str | None = None
    for elt in elts:
        ref = ctx.qualify(elt) or (elt.id if isinstance(elt, ast.Name) else None)
        if not ref:
            continue
        if network_exception(ref):
            return "network"
        if ref.startswith(LOCAL_ERROR_MODULES):
            continue
        last = ref.rpartition(".")[2]
        if API_ERROR_NAME.search(last) or RATE_LIMIT_ERROR.search(last):
            # a rate-limit error (`CensysRateLimitExceededException`, `TooManyRequests`) is only
            # ever raised by a remote service's client
            return "network"
        if last in BUILTIN_NETWORK_ERRORS or CONNECTION_ERROR_NAME.match(last):
            best = "connection"
    return best


# A caught error named for a remote rate limit or quota (not the web frameworks' inbound
# `Throttled`, whose modules are in LOCAL_ERROR_MODULES).
RATE_LIMIT_ERROR = re.compile(r"rate_?limit|throttl|toomanyrequests|too_many_requests|quota_?exceeded", re.I)


# Error classes of a local failure, whatever package raises them: a database's, a lock's, a
# parser's or a validator's (`OperationalError`, `XMLSyntaxError`, `ValidationError`).
LOCAL_ERROR_WORDS = re.compile(
    r"(?i)operational|database|integrity|interface|programming|deadlock|lock|pars|syntax|yaml|scanner|"
    r"decod|encod|validat|sql|cursor|schema|config|import|file|disk|permission"
)


def library_roots(ctx, handler: ast.ExceptHandler) -> set[str]:
    """The third-party packages whose own errors the handler catches (`pytube.exceptions.
    PytubeError` → {"pytube"}): not the standard library's, not a database/cache/broker/process
    library's (LOCAL_ERROR_MODULES), not this project's (same top-level package)."""
    node = handler.type
    if node is None:
        return set()
    elts: list[ast.AST] = list(node.elts) if isinstance(node, ast.Tuple) else [node]
    # every folder of this file's path may be a package root of the project (`src/app/x.py`
    # imports `app.errors`)
    own = set((ctx.module or "").split("."))
    roots: set[str] = set()
    for elt in elts:
        ref = ctx.qualify(elt)
        if not ref or "." not in ref or ref.startswith(LOCAL_ERROR_MODULES):
            continue
        if LOCAL_ERROR_WORDS.search(ref.rpartition(".")[2]):
            continue  # a database, lock, parse or validation error of any package
        root = ref.split(".", 1)[0]
        if root in STDLIB_ROOTS or root in own or root.startswith("_"):
            continue
        roots.add(root)
    return roots


def network_exception(ref: str) -> bool:
    # not `socket.*`: raw sockets are how "wait for the database/broker port" loops look
    return ref.startswith(NETWORK_EXCEPTION_MODULES)


def _negated_flag(test: ast.AST) -> str | None:
    """`not sent`, `sent is False`, `sent == False` → "sent"."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(test.operand, ast.Name):
        return test.operand.id
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Is, ast.Eq))
        and isinstance(test.left, ast.Name)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is False
    ):
        return test.left.id
    return None


class Attempt:
    """One attempted call site inside a loop, with how its failure is retried."""

    __slots__ = ("calls", "handlers", "exit_found", "retried", "http_status", "answers_none", "status_code")

    def __init__(self) -> None:
        self.calls: list[ast.Call] = []
        self.handlers: list[ast.ExceptHandler] = []
        self.exit_found = False
        self.retried = False
        # the failure that goes round again is an HTTP status a client retries (429, 503, …)
        self.http_status = False
        # the failure is a falsy answer of this project function of another module, which the
        # project pass must confirm catches its own failure (FunctionFacts.answers_none_on_failure)
        self.answers_none: str | None = None
        # the retried failure is read from the response's `status_code` (requests/httpx)
        self.status_code = False


class LoopShape:
    """What a loop looks like as a potential retry loop."""

    def __init__(self, ctx, loop: ast.For | ast.AsyncFor | ast.While) -> None:
        self.ctx = ctx
        self.loop = loop
        self.body: list[ast.stmt] = loop.body
        self.kind: str | None = None
        self.targets: set[str] = set()
        self.counters: set[str] = set()
        self.attempts_n: int | None = None
        self.schedule_var: str | None = None
        self.schedule: list[float] | None = None
        self.flags: set[str] = set()
        # `while not session_id:` / `while token is None:`: names the loop waits to see set
        self.awaited: set[str] = set()
        self._status_names: frozenset[str] | None = None
        self._parsed_names: frozenset[str] | None = None
        self._status_only = False
        self._reading = False
        self._always: set[str] = set()
        self._rebinds: dict[str, list[tuple[int, ast.expr]]] | None = None
        self._sleeps: bool | None = None
        self._classify_loop()

    @property
    def sleeps(self) -> bool:
        """A pause in the body (`time.sleep`, a pause helper of this file); computed once, since
        telling a pause helper resolves and walks its body."""
        if self._sleeps is None:
            self._sleeps = any(
                is_sleep(self.ctx, c) for st in iter_stmts(self.body) if isinstance(st, ast.Expr) for c in iter_calls(st)
            )
        return self._sleeps

    @property
    def status_names(self) -> frozenset[str]:
        """Locals of the loop body holding a response status (`status = resp.status_code`)."""
        if self._status_names is None:
            names: set[str] = set()
            for st in iter_stmts(self.body, handlers=False):
                if not isinstance(st, ast.Assign):
                    continue
                if (isinstance(st.value, ast.Attribute) and st.value.attr == "status_code") or _status_key(st.value):
                    # `status = resp.status_code`, `status = reply["ResponseMetadata"]["HTTPStatusCode"]`
                    names.update(t.id for t in st.targets if isinstance(t, ast.Name))
                elif _is_call_value(st.value):
                    # `status_code, body = self._post(...)`: a status returned by a helper; unpacked
                    # from a tuple, a bare `status`/`code` beside the body is one too
                    for t in st.targets:
                        pattern = STATUS_ITEM if isinstance(t, (ast.Tuple, ast.List)) else STATUS_LOCAL
                        names.update(n for n in target_names(t) if pattern.match(n))
            self._status_names = frozenset(names)
        return self._status_names

    def lookup(self, name: str) -> ast.AST | None:
        return module_literal(self.ctx, name)

    def status(self, test: ast.AST) -> tuple[str, str] | None:
        found = status_test(test, self.status_names, self.lookup, self.parsed_names)
        if found and self._status_only and not _is_http_status_test(test, self.status_names):
            return None
        if found and self._reading and _weak_predicate(test):
            return None
        return found or rate_text_test(test, self.lookup)

    @property
    def parsed_names(self) -> frozenset[str]:
        """Locals of the loop body holding a parsed answer (`parsed = json.loads(text)`,
        `data = resp.json()`, `verdict = Schema.parse_text(answer)`)."""
        if self._parsed_names is None:
            names: set[str] = set()
            for st in iter_stmts(self.body):
                if isinstance(st, ast.Assign) and isinstance(st.value, ast.Call):
                    func = st.value.func
                    last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                    if PARSE_CALL.search(last):
                        names.update(n for t in st.targets for n in target_names(t))
            self._parsed_names = frozenset(names)
        return self._parsed_names

    def retryable(self, test: ast.AST) -> bool:
        return retryable_status_test(test, self.status_names, self.lookup) or rate_text_test(test, self.lookup) is not None

    def _classify_loop(self) -> None:
        loop = self.loop
        if isinstance(loop, ast.While):
            self.kind = "while"
            self.flags = names_in(loop.test)
            self.awaited = _awaited_names(loop.test)
            return
        self.targets = names_in(loop.target)
        it = loop.iter
        if (
            isinstance(it, ast.Call)
            and isinstance(it.func, ast.Name)
            and it.func.id in ("reversed", "iter")
            and len(it.args) == 1
            and isinstance(it.args[0], ast.Call)
        ):
            # `for i in reversed(range(retries))`: counting down the tries left;
            # `for i in iter(range(tries))`: the same counter
            it = it.args[0]
        if isinstance(it, ast.Call):
            name = self.ctx.resolve_call(it)
            if name is None and isinstance(it.func, ast.Name):
                name = it.func.id
            if name in COUNTER_ITERATORS:
                self.kind = "counter"
                self.counters = set(self.targets)
                if name in ("range", "builtins.range") and it.args:
                    stop = it.args[0] if len(it.args) == 1 else it.args[1]
                    start = 0 if len(it.args) == 1 else constant_int(it.args[0])
                    stop_v = constant_int(stop)
                    if stop_v is not None and start is not None:
                        self.attempts_n = stop_v - start
                return
            return
        values = _literal_numbers(it)
        if values is not None:
            self.kind = "schedule"
            self.schedule = values
            self.schedule_var = next(iter(self.targets), None) if len(self.targets) == 1 else None
            self.attempts_n = len(values) + 1
            return
        last = it.attr if isinstance(it, ast.Attribute) else it.id if isinstance(it, ast.Name) else ""
        if last and RETRY_WORDS.search(last):
            self.kind = "schedule"
            self.schedule_var = next(iter(self.targets), None) if len(self.targets) == 1 else None
            literal = module_literal(self.ctx, last)
            self.schedule = _literal_numbers(literal)

    # ---------------------------------------------------------------- success / failure paths
    def _is_flag_exit(self, st: ast.stmt, explicit_failure: bool = False) -> bool:
        if not (
            isinstance(st, ast.Assign)
            and len(st.targets) == 1
            and isinstance(st.targets[0], ast.Name)
            and st.targets[0].id in self.flags
        ):
            return False
        if isinstance(st.value, ast.Constant):
            return True
        # `while not session_id: … if r.status_code == 200: session_id = r.headers["X-Session"]
        # else: sleep(1)`: the awaited value is taken from the answer in the success branch of
        # a status test whose failure branch goes round again (without that `else`, a 200 that
        # carries no value yet is what a poll waits out)
        return st.targets[0].id in self.awaited and explicit_failure and _read_from_answer(st.value)

    def success_exit(self, stmts: list[ast.stmt], attempt: Attempt, subjects: set[str]) -> bool:
        """Scan a statement list on the success path; record status-failure retries."""
        for st in stmts:
            if isinstance(st, (ast.Return, ast.Break)) or self._is_flag_exit(st) or exits_process_ok(st):
                return True
            if isinstance(st, (ast.Raise, ast.Continue)):
                return False
            if isinstance(st, (ast.With, ast.AsyncWith)):
                if self.success_exit(st.body, attempt, subjects):
                    return True
                continue
            if isinstance(st, ast.If):
                status = self.status(st.test)
                if status is None and attempt.handlers:
                    status = self._checked_success(st.test)
                if status and (not subjects or status[0] in subjects or status[0].split(".")[0] in subjects):
                    subject_kind = status[1]
                    success_branch, failure_branch = (
                        (st.body, st.orelse) if subject_kind == "success" else (st.orelse, st.body)
                    )
                    success_leaves = self._exits_ok(
                        success_branch, explicit_failure=bool(failure_branch) and not leaves(failure_branch)
                    )
                    retried = False
                    if success_leaves and not failure_branch:
                        # failure falls through to the rest of the body: retried unless it raises
                        rest = stmts[stmts.index(st) + 1:]
                        retried = not raises_only(rest) and not leaves(rest)
                        if not retried and self._error_code_retried(rest, subjects):
                            # `if resp.ok and result.get("success"): return …` then `if
                            # result.get("code") == NOT_READY_CODE and attempt < MAX: sleep(…);
                            # continue` and `break`: one error the answer carries goes round again
                            retried = True
                    elif success_leaves or not success_branch:
                        # `if failed: …` then the success path continues after the if
                        retried = not leaves(failure_branch) or self._continues(failure_branch)
                    elif (
                        subject_kind == "failure"
                        and self._continues(failure_branch)
                        and self.retryable(st.test)
                        and not self._continues(success_branch)
                        and _leaves_somewhere(success_branch + stmts[stmts.index(st) + 1:])
                    ):
                        # `if resp.status_code == 429: sleep(5); continue / elif 401: raise /
                        # else: raise_for_status()` then `return resp.json()`: a retryable
                        # status goes round again, every other answer leaves further down
                        attempt.retried = True
                        attempt.http_status = True
                        attempt.status_code = attempt.status_code or _reads_response_status(st.test)
                        return True
                    if retried and _awaits_existence(st.test):
                        # `if resp.status_code == 404: sleep(2); continue`: not there yet — a
                        # poll waiting for the resource to exist, not a failed request
                        retried = False
                    if retried:
                        attempt.retried = True
                        if self.retryable(st.test):
                            attempt.http_status = True
                        if _reads_response_status(st.test) or names_in(st.test) & self.status_names:
                            # `resp.ok`, or `status_code = resp.status_code` then `== 200`
                            attempt.status_code = True
                    if success_leaves:
                        if not attempt.retried:
                            # `if status == 200: return …`, then `if status == 408: sleep;
                            # continue` and a final `return None`: the failures checked below
                            # are the ones that go round again
                            self.success_exit(stmts[stmts.index(st) + 1:], attempt, subjects)
                        return True
                    if not success_branch and failure_branch:
                        continue
                elif (
                    not status
                    and attempt.handlers
                    and not _state_test(st.test)
                    and (
                        (self._exits_ok(st.body) and self._raises_into(st.orelse, attempt))
                        or (self._raises_into(st.body, attempt) and self._exits_ok(st.orelse))
                    )
                ):
                    # `if "application/pdf" in r.headers["content-type"]: return r.content else:
                    # raise Exception("wrong content")` under `except Exception: sleep(3)`: the
                    # failed check raises into the handler that goes round again (a remote
                    # state compared is a poll's, and stays clean)
                    return True
                elif (
                    not status
                    and attempt.handlers
                    and self._answer_test(st.test, subjects, attempt, stmts[: stmts.index(st)])
                    and self._exits_ok(st.body)
                ):
                    # `if client.service_health_check(request): break`, `if getattr(result,
                    # "saved", True): return result`: the answer of the attempted call leaves
                    return True
                elif (
                    not status
                    and attempt.handlers
                    and st.orelse
                    and self.success_exit(st.body, attempt, subjects)
                    and self.success_exit(st.orelse, attempt, subjects)
                ):
                    # `if kind == "news": … return news(q) else: … return text(q)`: the request
                    # picked by an option leaves on success either way, in a try whose handler
                    # goes round again
                    return True
                elif (
                    not status
                    and attempt.handlers
                    and not st.orelse
                    and names_in(st.test) & subjects
                    and not leaves(st.body)
                    and self.success_exit(st.body + stmts[stmts.index(st) + 1:], attempt, subjects)
                ):
                    # `if body not in ("", "None"): reply = resp.json(); if resp.status_code ==
                    # 200 and "id" in reply: break` then `sleep(2)`: a success exit nested under
                    # a guard on the answer, in a try whose handler goes round again
                    return True
            if (
                isinstance(st, ast.Try)
                and st.handlers
                and attempt.handlers
                and any(not leaves(h.body) for h in st.handlers)
                and self.success_exit(st.body, attempt, subjects | self._try_subjects(st))
            ):
                # `try: parsed = parse(reply); break except ValueError: tries -= 1`: a second
                # try, after the attempt's, whose body leaves the loop (its failure stays in it)
                return True
            if type(st).__name__ == "Match" and self._match_exit(st, stmts, attempt, subjects):
                return True
            if (
                isinstance(st, ast.Try)
                and st.handlers
                and all(raises_only(h.body) for h in st.handlers)
                and not st.finalbody
                and self.success_exit(st.body + st.orelse, attempt, subjects | self._try_subjects(st))
            ):
                # `try: … if answer["Message"] == RATE_LIMIT_MSG: sleep; continue … return data
                # except KeyError as e: raise RemoteError(…) from e`: a try that only translates
                # errors reads like its body
                return True
            if isinstance(st, (ast.For, ast.AsyncFor)) and self._stream_exit(st, attempt):
                return True
        return False

    @staticmethod
    def _raises_into(stmts: list[ast.stmt], attempt: Attempt) -> bool:
        """The statements end in a `raise` of a class one of the attempt's retrying handlers
        catches (`raise Exception(…)` under `except Exception:`, `raise ValueError` under
        `except (ValueError, KeyError):`)."""
        if not stmts or not isinstance(stmts[-1], ast.Raise) or stmts[-1].exc is None:
            return False
        exc = stmts[-1].exc
        raised = exc.func if isinstance(exc, ast.Call) else exc
        raised_name = raised.id if isinstance(raised, ast.Name) else raised.attr if isinstance(raised, ast.Attribute) else ""
        if not raised_name:
            return False
        for handler in attempt.handlers:
            node = handler.type
            if node is None:
                return True
            for e in node.elts if isinstance(node, ast.Tuple) else [node]:
                name = e.id if isinstance(e, ast.Name) else e.attr if isinstance(e, ast.Attribute) else ""
                if name in ("Exception", "BaseException", raised_name):
                    return True
        return False

    def _checked_success(self, test: ast.AST) -> tuple[str, str] | None:
        """(subject, 'success') for `resp.status_code == 200 and "id" in reply` / `resp.ok and
        data.get("id")`: a success status AND a check that the answer carries what was asked
        for. Read only for an attempt whose handler already goes round again, in a function not
        named for waiting; a state compared (`data["state"] == "done"`) is what a poll waits
        for and keeps the test unread."""
        if not (isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)):
            return None
        function = self.ctx.function_scope
        if function is not None and (POLLING_FUNCTION.search(function.name) or READINESS_FUNCTION.search(function.name)):
            return None
        found = None
        for value in test.values:
            status = self.status(value)
            if status:
                if status[1] != "success" or (found and found[0] != status[0]):
                    return None
                found = status
            elif not _answer_presence(value):
                return None
        return found

    def _error_code_retried(self, rest: list[ast.stmt], subjects: set[str]) -> bool:
        """After a success exit, a top-level `if` comparing an error code the answer carries
        (`result.get("code") == X`, `data["error_code"] in (…)`) whose branch pauses and
        `continue`s, in a loop that says it retries: that error is re-attempted. A state word
        (`status`, `state`) is what a poll waits on, so only error/code keys count."""
        if not subjects or not self._declared_retry():
            return False
        for st in rest:
            if isinstance(st, (ast.Return, ast.Break, ast.Raise)):
                return False
            if not isinstance(st, ast.If) or not self._continues(st.body):
                continue
            if not any(is_sleep(self.ctx, c) for s in st.body for c in iter_calls(s)):
                continue
            test = st.test
            values = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
            if any(self._error_code_compare(v, subjects) for v in values):
                return True
        return False

    @staticmethod
    def _error_code_compare(test: ast.AST, subjects: set[str]) -> bool:
        """`answer.get("code") == X`, `answer["error_code"] in CODES` on an answer in `subjects`."""
        if not (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], (ast.Eq, ast.In))
        ):
            return False
        node = test.left
        key = None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            key, root = node.args[0].value, node.func.value
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            key, root = node.slice.value, node.value
        else:
            return False
        return (
            isinstance(key, str)
            and bool(ERROR_CODE_KEY.match(key))
            and isinstance(root, ast.Name)
            and root.id in subjects
        )

    def _stream_exit(self, st: ast.For | ast.AsyncFor, attempt: Attempt) -> bool:
        """`for event in watcher.stream(api.list_pods, …): if started(event): return` inside a
        try whose handler catches an HTTP/SDK error and stays in the loop: the call's stream is
        read until the awaited answer returns; a failed call is made again."""
        if not isinstance(st.iter, (ast.Call, ast.Await)) or not attempt.handlers:
            return False
        if not any(handler_evidence(self.ctx, h) == "network" for h in attempt.handlers):
            return False
        targets = names_in(st.target)
        for inner in iter_stmts(st.body):
            if (
                isinstance(inner, ast.If)
                and names_in(inner.test) & targets
                and any(isinstance(x, ast.Return) for x in inner.body)
            ):
                # the streamed call is the attempted request, not the test of its events
                streamed = list(iter_calls(st.iter))
                attempt.calls[:] = streamed + [c for c in attempt.calls if all(c is not x for x in streamed)]
                return True
        return False

    @staticmethod
    def _try_subjects(st: ast.Try) -> set[str]:
        """The names a try's body assigns (its results), at any depth but not in handlers."""
        return {
            n
            for s in iter_stmts(st.body, handlers=False)
            if isinstance(s, (ast.Assign, ast.AnnAssign))
            for t in (s.targets if isinstance(s, ast.Assign) else [s.target])
            for n in target_names(t)
        }

    def _answer_test(self, test: ast.AST, subjects: set[str], attempt: Attempt, before: list[ast.stmt]) -> bool:
        """A test of the attempted call's answer itself, in a try whose handler stays in the
        loop: `if result:`, `if result.ok:`, `if getattr(result, "saved", True):`, or the call
        (`if client.service_health_check(request):`) when it is the try's first call or is
        made on a value the try produced. A probe (health/ping/ready) counts only when the
        handler catches an HTTP/SDK error: around a database ping or a socket it is a readiness
        wait."""
        if isinstance(test, ast.Await):
            test = test.value
        answer = None
        if isinstance(test, ast.Name) and test.id in subjects:
            answer = test.id
        elif isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id in subjects:
            if _truthiness(test, test.left.id) == "success":  # `if result is not None: break`
                answer = test.left.id
        elif isinstance(test, ast.Attribute):
            if isinstance(test.value, ast.Name) and test.value.id in subjects and ANSWER_ATTR.match(test.attr):
                answer = test.value.id
        elif _complete_answer(test, subjects):
            # `if len(papers) == 100: break  # otherwise try again`: the answer has all it asked for
            return True
        if answer is not None:
            # `healthy = client.health_check(); if healthy: break`: the answer of a probe
            probe = any(
                isinstance(s, (ast.Assign, ast.AnnAssign))
                and any(answer in target_names(t) for t in (s.targets if isinstance(s, ast.Assign) else [s.target]))
                and s.value is not None
                and _probes(s.value)
                for s in iter_stmts(before)
            )
            return not probe or self._probe_retried(attempt)
        if not isinstance(test, ast.Call):
            return False
        func = test.func
        if isinstance(func, ast.Name) and func.id == "getattr":
            return (
                len(test.args) >= 2
                and isinstance(test.args[0], ast.Name)
                and test.args[0].id in subjects
                and isinstance(test.args[1], ast.Constant)
                and isinstance(test.args[1].value, str)
                and bool(ANSWER_ATTR.match(test.args[1].value))
            )
        if isinstance(func, ast.Name):
            if func.id in BUILTIN_NAMES or func.id in subjects:
                return False
            made_on_answer = False
        elif isinstance(func, ast.Attribute):
            if func.attr in LOCAL_PREDICATES:
                return False
            made_on_answer = bool(names_in(func.value) & subjects)
        else:
            return False
        first = not any(
            not isinstance(c.func, ast.Name) or c.func.id not in BUILTIN_NAMES
            for s in before
            for c in iter_calls(s)
            if not (isinstance(s, ast.Assign) and _constructs(c))
        )
        if not (first or made_on_answer):
            return False
        return not _probes(test) or self._probe_retried(attempt)

    def _probe_retried(self, attempt: Attempt) -> bool:
        """A probe (health/ping/ready) re-attempted is a retried request only when its handler
        catches an HTTP/SDK error and the function is not named for waiting: `def
        wait_for_search(): … if client.health(): return` is a start-up readiness wait."""
        if not any(handler_evidence(self.ctx, h) == "network" for h in attempt.handlers):
            return False
        function = self.ctx.function_scope
        return not (function is not None and READINESS_FUNCTION.search(function.name))

    def _match_exit(self, st: ast.AST, stmts: list[ast.stmt], attempt: Attempt, subjects: set[str]) -> bool:
        """`match status: case 200: …; break / case 429: … / case _: …` then a sleep: the success
        case leaves, the others go round again."""
        subject = _status_subject(st.subject, self.status_names)  # type: ignore[attr-defined]
        if not subject or (subjects and subject not in subjects and subject.split(".")[0] not in subjects):
            return False
        cases = st.cases  # type: ignore[attr-defined]
        success = [c for c in cases if c.guard is None and pattern_codes_kind(c.pattern) == "success"]
        if not any(self._exits_ok(c.body) for c in success):
            return False
        rest = stmts[stmts.index(st) + 1:]  # type: ignore[arg-type]
        falls_through = not raises_only(rest) and not leaves(rest)
        retrying = [
            c for c in cases if c not in success and (self._continues(c.body) or (not leaves(c.body) and falls_through))
        ]
        if retrying:
            attempt.retried = True
            if any(pattern_retryable(c.pattern) for c in retrying):
                attempt.http_status = True
        return True

    def _exits_ok(self, stmts: list[ast.stmt], explicit_failure: bool = False) -> bool:
        """The statements leave the loop; `explicit_failure`: they are the success branch of a
        status test whose failure branch stays in the loop (an awaited value set there leaves)."""
        for st in stmts:
            if isinstance(st, (ast.Return, ast.Break)) or self._is_flag_exit(st, explicit_failure) or exits_process_ok(st):
                return True
            if isinstance(st, (ast.Raise, ast.Continue)):
                return False
            if (
                isinstance(st, ast.If)
                and st.orelse
                and self._exits_ok(st.body, explicit_failure)
                and self._exits_ok(st.orelse, explicit_failure)
            ):
                # `elif status >= 400: log; break` / `else: break`: every branch leaves the loop
                return True
            if (
                isinstance(st, ast.Try)
                and st.handlers
                and self._exits_ok(st.body, explicit_failure)
                and all(self._exits_ok(h.body, explicit_failure) for h in st.handlers)
            ):
                # `if resp.ok: try: return decode(resp) except ValueError: return fallback`: the
                # answer is used one way or another, and the loop is left either way
                return True
        return False

    @staticmethod
    def _continues(stmts: list[ast.stmt]) -> bool:
        return any(isinstance(s, ast.Continue) for s in iter_stmts(stmts))

    def find_attempts(self) -> list[Attempt]:
        attempts: list[Attempt] = []
        self._scan_block(self.body, attempts)
        if isinstance(self.loop, ast.While):
            self._scan_while_status(attempts)
            self._scan_while_flag(attempts)
            self._scan_while_unparsed(attempts)
            if not attempts:
                self._scan_while_result(attempts)
            if not attempts:
                self._scan_while_empty(attempts)
        return attempts

    def _statements_before(self) -> list[ast.stmt]:
        """The statements of the loop's own block that come before it."""
        parent = self.ctx.parents[-1] if self.ctx.parents else None
        if parent is None:
            return []
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and any(s is self.loop for s in block):
                return block[: next(i for i, s in enumerate(block) if s is self.loop)]
        return []

    def _scan_while_empty(self, attempts: list[Attempt]) -> None:
        """`items, code = self.search(q)` then `while items == [] and attempts < 2: attempts +=
        1; sleep(3); items, code = self.search(q)`: the loop condition is the empty answer of
        the call made just before the loop, and the paced body, counted as attempts, makes the
        same call again. A loop that does not say it retries, has no pause, waits in a function
        named for waiting/polling, or re-reads a probe or a named state is left alone."""
        if not self.sleeps or not self._declared_retry():
            return
        function = self.ctx.function_scope
        if function is not None and (POLLING_FUNCTION.search(function.name) or READINESS_FUNCTION.search(function.name)):
            return
        test = self.loop.test  # type: ignore[union-attr]
        values = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
        names = {n for n in map(_empty_answer_name, values) if n}
        if len(names) != 1:
            return
        (name,) = names
        if STATE_WORD.search(name):
            return

        def producer(st: ast.stmt) -> ast.Call | None:
            if (
                isinstance(st, ast.Assign)
                and len(st.targets) == 1
                and name in target_names(st.targets[0])
                and isinstance(st.value, (ast.Call, ast.Await))
            ):
                call = st.value.value if isinstance(st.value, ast.Await) else st.value
                return call if isinstance(call, ast.Call) else None
            return None

        inside = [c for c in map(producer, self.body) if c is not None]
        if len(inside) != 1 or _probes(inside[0]) or _constructs(inside[0]):
            return
        before = self._statements_before()
        earlier = next(
            (producer(s) for s in reversed(before) if name in assigned_names([s])), None
        )
        if earlier is None or ast.dump(earlier.func) != ast.dump(inside[0].func):
            return
        attempt = Attempt()
        attempt.calls = list(iter_calls(inside[0]))
        attempt.retried = True
        attempts.append(attempt)

    def _waited_for_none(self) -> set[str]:
        """The names a `while x is None [and …]:` loop waits on."""
        test = self.loop.test  # type: ignore[union-attr]
        values = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
        return {
            v.left.id
            for v in values
            if isinstance(v, ast.Compare)
            and isinstance(v.left, ast.Name)
            and len(v.ops) == 1
            and isinstance(v.ops[0], ast.Is)
            and isinstance(v.comparators[0], ast.Constant)
            and v.comparators[0].value is None
        }

    def _scan_while_result(self, attempts: list[Attempt]) -> None:
        """`while response is None: try: _, response = request.next_chunk() except HttpError:
        retry += 1; sleep(2 ** retry)`: the loop is left by the answer itself and a failure of
        the call, caught as an HTTP/SDK error, goes round again. (Without such a handler the
        same loop polls: `while job is None: job = find_job(id)`.)"""
        waiting = self._waited_for_none()
        if not waiting:
            return
        for st in self.body:
            if not isinstance(st, ast.Try) or not st.handlers:
                continue
            staying = [
                h
                for h in st.handlers
                if not leaves(h.body) and handler_evidence(self.ctx, h)
            ]
            if not staying:
                continue
            calls = [
                call
                for s in st.body
                if isinstance(s, ast.Assign)
                and any(target_names(t) & waiting for t in s.targets)
                and _is_call_value(s.value)
                for call in iter_calls(s.value)
            ]
            if calls:
                attempt = Attempt()
                attempt.handlers = staying
                attempt.calls = calls
                attempt.retried = True
                attempts.append(attempt)
                return

    def _scan_while_unparsed(self, attempts: list[Attempt]) -> None:
        """`while result is None and tries < 3: reply = client.create(…); try: result =
        json.loads(reply…) except ValueError: …`: the loop goes round while the answer does not
        parse; the calls the parse reads from are re-attempted."""
        waiting = self._waited_for_none()
        if not waiting:
            return
        for st in self.body:
            if not isinstance(st, ast.Try) or not st.handlers or all(leaves(h.body) for h in st.handlers):
                continue
            parse = next(
                (
                    s
                    for s in iter_stmts(st.body, handlers=False)
                    if isinstance(s, ast.Assign)
                    and any(target_names(t) & waiting for t in s.targets)
                    and isinstance(s.value, ast.Call)
                    and PARSE_CALL.search(
                        s.value.func.attr if isinstance(s.value.func, ast.Attribute) else getattr(s.value.func, "id", "")
                    )
                ),
                None,
            )
            if parse is None:
                continue
            attempt = Attempt()
            attempt.handlers = [h for h in st.handlers if not leaves(h.body)]
            attempt.calls = [c for s in st.body for c in iter_calls(s)] + self._producers(names_in(parse.value), st)
            attempt.retried = True
            attempts.append(attempt)
            return

    def _scan_while_flag(self, attempts: list[Attempt]) -> None:
        """`while not success and tries < 5: success, reply = _post(...)`: the loop condition
        is the success check and the flag comes from the attempted call itself."""
        test = self.loop.test  # type: ignore[union-attr]
        values = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
        flags = {name for name in map(_negated_flag, values) if name and SUCCESS_FLAG.match(name)}
        if not flags:
            return
        attempt = Attempt()
        produced: dict[str, list[ast.Call]] = {}  # `response = post(...)` earlier in the body
        for st in iter_stmts(self.body):
            if not isinstance(st, ast.Assign):
                continue
            if any(target_names(t) & flags for t in st.targets):
                if any(isinstance(t, ast.Name) and t.id in flags for t in st.targets) and isinstance(
                    st.value, ast.Constant
                ):
                    continue  # `success = False` resets, `sent = True` is the flag exit
                # `success, reply = _post(...)`, or from a result: `ok = response.status_code == 200`
                calls = list(iter_calls(st.value))
                for name in names_in(st.value):
                    calls.extend(produced.get(name, ()))
                if any(_probes(c) for c in calls):
                    return  # `ok = healthy(url)` / `ok = self.is_ready()`: waiting for readiness
                attempt.calls.extend(calls)
            elif _is_call_value(st.value):
                for t in st.targets:
                    for name in target_names(t):
                        produced[name] = list(iter_calls(st.value))
        if attempt.calls:
            attempt.retried = True
            attempts.append(attempt)

    def _scan_while_status(self, attempts: list[Attempt]) -> None:
        """`while resp.status_code == 503: sleep(…); resp = call(…)`: the loop condition is the
        failure check and the body repeats the call."""
        test = self.loop.test  # type: ignore[union-attr]
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            # `while resp.status_code == 504 and tries < retries:` — the status part decides
            test = next((v for v in test.values if self.status(v)), test)
        status = self.status(test)
        if not status or status[1] != "failure":
            return
        # only an explicit failure code (`== 503`, `in (500, 502)`, `>= 500`); `!= 200` and
        # `not resp.ok` are how polling "until it exists / is ready" reads
        if not (isinstance(test, ast.Compare) and isinstance(test.ops[0], (ast.Eq, ast.In, ast.GtE, ast.Gt))):
            return
        if not self.retryable(test):
            return  # `while resp.status_code == 404:` waits until the resource exists (polling)
        subject = status[0].split(".")[0]
        attempt = Attempt()
        for st in iter_stmts(self.body, handlers=False):
            if isinstance(st, ast.Assign) and any(isinstance(t, ast.Name) and t.id == subject for t in st.targets):
                attempt.calls.extend(iter_calls(st.value))
        if attempt.calls:
            attempt.retried = True
            attempt.http_status = True
            attempts.append(attempt)

    def _scan_block(self, stmts: list[ast.stmt], attempts: list[Attempt], depth: int = 0) -> None:
        for i, st in enumerate(stmts):
            if isinstance(st, ast.If) and depth < 3 and self._scan_inline_attempt(st, stmts[i + 1:], attempts):
                continue
            if isinstance(st, ast.If) and depth < 3 and not self.status(st.test):
                # an attempt inside a branch (`if verify: try: …`), followed by the rest of the body
                self._scan_block(st.body + stmts[i + 1:], attempts, depth + 1)
                if st.orelse:
                    self._scan_block(st.orelse + stmts[i + 1:], attempts, depth + 1)
                continue
            if isinstance(st, ast.Try) or type(st).__name__ == "TryStar":
                self._scan_try(st, stmts[i + 1:], attempts)  # type: ignore[arg-type]
            elif isinstance(st, (ast.With, ast.AsyncWith)):
                # `with session.get(url) as resp:` is an attempt whose result is `resp`
                for item in st.items:
                    if isinstance(item.optional_vars, ast.Name) and isinstance(item.context_expr, (ast.Call, ast.Await)):
                        self._scan_status_attempt(
                            {item.optional_vars.id}, item.context_expr, st.body + stmts[i + 1:], attempts
                        )
                self._scan_block(st.body + stmts[i + 1:], attempts, depth)
                return
            elif isinstance(st, (ast.Assign, ast.AnnAssign)) and _is_call_value(getattr(st, "value", None)):
                targets = st.targets if isinstance(st, ast.Assign) else [st.target]
                # `ok, data = self._call(...)`: every unpacked name is part of the result;
                # `self.response = self.session.post(...)`: an attribute of self holds it
                subjects = set().union(*(target_names(t) for t in targets)) | {
                    f"{t.value.id}.{t.attr}"
                    for t in targets
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in ("self", "cls")
                }
                if subjects:
                    before = len(attempts)
                    self._scan_status_attempt(subjects, st.value, stmts[i + 1:], attempts)  # type: ignore[arg-type]
                    if len(attempts) == before:
                        self._scan_falsy_attempt(subjects, st.value, stmts[i + 1:], attempts)  # type: ignore[arg-type]

    def _declared_retry(self) -> bool:
        """The loop says it retries: a counting loop whose counter (or the bound it counts to),
        or the enclosing function, is named for attempts (`for retry in range(max_retries + 1)`,
        `for attempt in range(1, MAX_ATTEMPTS + 1)`, `def _get_contact_with_retry`)."""
        if self.kind == "counter":
            names = set(self.counters) | names_in(self.loop.iter)  # type: ignore[union-attr]
        elif self.kind == "while":
            names = set(self.flags)  # `while tries > 0:`, `while try_number <= max_tries:`
        else:
            return False
        function = self.ctx.function_scope
        if function is not None:
            names.add(function.name)
        return any(DECLARED_RETRY.search(n) for n in names)

    def _scan_falsy_attempt(self, subjects: set[str], value: ast.expr, rest: list[ast.stmt], attempts: list[Attempt]) -> None:
        """`result = helper(...)` where `helper`, a function of this file, swallows its failure
        and returns None/False (`except TimeoutError: log; return None`, or `response = None`
        … `return response`), then `if not result: attempts += 1; continue` (or `if result:
        break`): a falsy answer is the failure, and the loop goes round again."""
        if len(subjects) != 1 or not isinstance(value, ast.Call):
            return
        answers_none = None
        (subject,) = subjects
        # `down = is_down(url)`: an answer that says the call failed when it is truthy
        failure_flag = bool(FAILURE_FLAG.search(subject))
        declared = self._declared_retry()
        if declared and (self.sleeps or failure_flag):
            # `for retry in range(max_retries + 1): contact = client.get_contact(user); if
            # contact: return contact; sleep(0.5 * retry)`: a loop named and paced as a retry
            # treats an empty answer as the failure it re-attempts, whatever the callee does on
            # an error (whether the call goes out is still the outbound model's/project's word)
            pass
        elif not _none_on_failure(self.ctx, value):
            # a function of another module: the project pass reads whether it answers None
            name = self.ctx.resolve_call(value) or ""
            module = self.ctx.module
            if (
                not name
                or "." not in name
                or (module and name.startswith(module + "."))
                or self.ctx.is_external_outbound(name)
                or name.startswith(LOCAL_PREFIXES)
            ):
                return
            answers_none = name
        for i, st in enumerate(rest):
            if not isinstance(st, ast.If):
                continue
            kind = _truthiness(st.test, subject)
            if declared and answers_none is None:
                if kind is not None and failure_flag:
                    kind = "success" if kind == "failure" else "failure"  # `if not down: break`
                elif kind is None and _error_answer_test(st.test, subject):
                    kind = "failure"  # `if isinstance(result, str): sleep(…); continue`
            if kind is None:
                continue
            failure, success = (st.body, st.orelse) if kind == "failure" else (st.orelse, st.body)
            after = rest[i + 1:]
            if kind == "failure":
                retried = bool(failure) and (not leaves(failure) or self._continues(failure))
                exits = _leaves_somewhere(success + after)
            else:
                exits = self._exits_ok(success)
                retried = exits and not failure and not raises_only(after) and not leaves(after)
            if retried and exits:
                attempt = Attempt()
                attempt.calls = list(iter_calls(value))
                attempt.retried = True
                attempt.answers_none = answers_none
                attempts.append(attempt)
            return

    def _scan_inline_attempt(self, st: ast.If, after: list[ast.stmt], attempts: list[Attempt]) -> bool:
        """`if not self._login(): log(…)` / `else: break`, `if self.connect(): break` then
        `sleep(5)`: the attempted call is the test itself, and a falsy answer is its failure.
        Counted only when the callee says so — a function of this file that answers None/False
        on a caught failure or on a failed status (`if resp.status_code != 200: return False`)
        — or, for another module's function, when the project pass confirms it
        (FunctionFacts.answers_none_on_failure); a readiness/state probe (`is_ready()`,
        `job_done()`) is what a poll repeats, and stays clean."""
        test = st.test
        negated = False
        while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            negated = not negated
            test = test.operand
        if isinstance(test, ast.Await):
            test = test.value
        if not isinstance(test, ast.Call) or _probes(test) or _consumes(test) or is_sleep(self.ctx, test):
            return False
        func = test.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if not last or STATE_WORD.search(last) or last in BUILTIN_NAMES or _predicate_test(test):
            return False
        ctx = self.ctx
        answers_none: str | None = None
        if not _none_on_failure(ctx, test, failed_status=True):
            name = ctx.resolve_call(test) or ""
            module = ctx.module
            if (
                not name
                or "." not in name
                or (module and name.startswith(module + "."))
                or ctx.is_external_outbound(name)
                or name.startswith(LOCAL_PREFIXES)
                or not self.sleeps
            ):
                return False
            answers_none = name
        failure, success = (st.body, st.orelse) if negated else (st.orelse, st.body)
        if not _leaves_somewhere(success) or not self._exits_ok(success):
            return False
        if self._continues(failure):
            retried = True
        else:
            retried = not leaves(failure) and not raises_only(after) and not leaves(after)
        if not retried:
            return False
        attempt = Attempt()
        attempt.calls = list(iter_calls(test))
        attempt.retried = True
        attempt.answers_none = answers_none
        attempts.append(attempt)
        return True

    def _scan_status_attempt(self, subjects: set[str], value: ast.expr, rest: list[ast.stmt], attempts: list[Attempt]) -> None:
        """`resp = call(...)` followed by a status check: success leaves, failure loops."""
        attempt = Attempt()
        attempt.calls = list(iter_calls(value))
        for later in rest:  # `error = resp.get("error")` derives a status from the result
            if isinstance(later, ast.Assign) and names_in(later.value) & subjects:
                subjects = subjects | {t.id for t in later.targets if isinstance(t, ast.Name)}
        # `ok, state = self.check_export(job)` then `if ok:`: a flag returned by a probe of a
        # remote state is what a poll waits for; only an HTTP status says the call failed
        self._status_only = any(_probes(c) for c in attempt.calls)
        self._reading = any(_reads(c) for c in attempt.calls)
        try:
            if self._status_checked(rest, subjects) and self.success_exit(rest, attempt, subjects) and attempt.retried:
                attempts.append(attempt)
        finally:
            self._status_only = self._reading = False

    def _status_checked(self, stmts: list[ast.stmt], subjects: set[str]) -> bool:
        for st in stmts:
            if isinstance(st, ast.If):
                status = self.status(st.test)
                if status and (status[0] in subjects or status[0].split(".")[0] in subjects):
                    return True
        return False

    def _scan_try(self, st: ast.Try, after: list[ast.stmt], attempts: list[Attempt]) -> None:
        if self._asserts_state(st):
            return  # `try: assert job["state"] == "done"; return` … `except AssertionError:` polls
        retrying = [h for h in st.handlers if not leaves(h.body) or self._continues(h.body)]
        if retrying and _awaits_assertion(st, retrying):
            # `try: history = get_result(…); assert history[0]["status"] == "Failed"; break
            # except (IndexError, AssertionError): sleep(0.1)`: a condition asserted on the answer is
            # waited for (a test's poll); nothing failed
            return
        attempt = Attempt()
        attempt.handlers = retrying
        calls = [c for s in st.body for c in iter_calls(s)]
        self._reading = any(_reads(c) for c in calls)
        # a response assigned just before the try and checked inside it (`raise_for_status`)
        used = set().union(*(names_in(s) for s in st.body)) if st.body else set()
        attempt.calls = calls
        # results assigned anywhere in the try (`if post: response = post(…) else: response = get(…)`)
        subjects = self._try_subjects(st)
        if subjects:
            # `json_ret = loads(response.text)` further down, even in a try of its own: the answer
            # (`else: code = response.status_code` of the try itself too)
            for later in iter_stmts(st.orelse + after, handlers=False):
                if isinstance(later, ast.Assign) and names_in(later.value) & subjects:
                    subjects = subjects | {t.id for t in later.targets if isinstance(t, ast.Name)}
        exits = self.success_exit(st.body, attempt, subjects)
        if not exits:
            exits = self.success_exit(st.orelse + after, attempt, subjects)
        self._reading = False
        if retrying and exits:
            attempt.retried = True
        if attempt.retried and exits:
            attempt.calls = calls + self._producers(used, st)
            attempts.append(attempt)
        else:
            # `try: result = helper(…) except TimeoutError: …` then `if not result: continue`
            for inner in st.body:
                if isinstance(inner, ast.Assign) and _is_call_value(inner.value):
                    names = set().union(*(target_names(t) for t in inner.targets))
                    if names:
                        self._scan_falsy_attempt(names, inner.value, st.orelse + after, attempts)
        # nested tries inside the try body are attempts of their own
        for inner in st.body:
            if isinstance(inner, (ast.With, ast.AsyncWith)):
                self._scan_block(inner.body, attempts)

    @staticmethod
    def _asserts_state(st: ast.Try) -> bool:
        """The try only asserts on a result fetched before it and catches `AssertionError`:
        nothing failed, the loop waits for a remote state (polling, clean)."""
        if not st.handlers or any(
            not (isinstance(h.type, ast.Name) and h.type.id == "AssertionError") for h in st.handlers
        ):
            return False
        return not any(True for s in st.body for _ in iter_calls(s)) and any(
            isinstance(s, ast.Assert) for s in st.body
        )

    def _producers(self, used: set[str], st: ast.Try) -> list[ast.Call]:
        """Calls whose results the try uses, through locals assigned before it in the loop body
        (`response = client.create(…)`, `content = response.choices[0].message.content`,
        `try: json.loads(content)`)."""
        before: list[ast.stmt] = []
        for s in self.body:
            if s is st:
                break
            before.append(s)
        out: list[ast.Call] = []
        needed = set(used)
        for s in reversed(before):
            if isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id in needed for t in s.targets):
                out.extend(iter_calls(s.value))
                needed |= names_in(s.value)
        return out

    def _index_rebinds(self) -> None:
        """Split what the loop body (re)binds into names that always vary (loop targets,
        `x += 1`, `items.append(…)`, with-targets, containers grown in an `except` body, a value
        computed from the name itself: `url = url + "/"`) and assignments that set a value —
        `name = value`, `headers["X"] = value`, `params.update(value)` — kept with where they end."""
        always: set[str] = set(self.targets)
        rebinds: dict[str, list[tuple[int, ast.expr]]] = {}
        # names the body builds afresh at its top level every round (`url = f"{base}/{path}"`),
        # with the line where: extending one later in the round (`url = f"{url}?{query}"`,
        # `message += query`, a signature rebuilt from a new timestamp) is not cumulative
        fresh: dict[str, int] = {}
        for st in iter_stmts(self.body, handlers=False):
            if isinstance(st, ast.Assign):
                for t in st.targets:
                    if isinstance(t, ast.Name) and t.id not in names_in(st.value):
                        fresh.setdefault(t.id, st.lineno)

        def note(name: str, end: int, value: ast.expr, line: int = 0) -> None:
            if name in names_in(value):
                if _idempotent(name, value):
                    return  # `options = dict(sorted(options.items()))`: the same value re-wrapped
                if fresh.get(name, line) < line:
                    rebinds.setdefault(name, []).append((end, value))  # rebuilt this round
                    return
                always.add(name)  # cumulative: another value every iteration
            else:
                rebinds.setdefault(name, []).append((end, value))

        terminal = _terminal_statements(self.body)
        for st in iter_stmts(self.body, handlers=False):
            if id(st) in terminal:
                continue  # set on the way out (`obj["city"] = answer["city"]; break`)
            end = st.end_lineno or st.lineno
            if isinstance(st, (ast.With, ast.AsyncWith)) and all(
                isinstance(item.optional_vars, ast.Name) and isinstance(item.context_expr, ast.Call)
                for item in st.items
                if item.optional_vars is not None
            ):
                # `with requests.Session() as s:` binds s from its value where the with starts
                # (a new session each attempt, built the same way), like an assignment there;
                # bound before any call of the header's later items (`async with ClientSession()
                # as s, s.get(url) as r:` makes the same request every round)
                for item in st.items:
                    if item.optional_vars is not None:
                        note(item.optional_vars.id, st.lineno - 1, item.context_expr)  # type: ignore[attr-defined]
                continue
            if isinstance(st, (ast.Assign, ast.AnnAssign)) and st.value is not None:
                targets = st.targets if isinstance(st, ast.Assign) else [st.target]
                for t in targets:
                    plain = target_names(t)
                    for name in plain:
                        note(name, end, st.value, st.lineno)
                    if plain:
                        continue
                    base = t
                    while isinstance(base, ast.Subscript):
                        base = base.value
                    # `params["page"] = …` sets an entry of the name; `user.prefs["sent"] = True`
                    # (through an attribute) is bookkeeping on a shared object, like `stats.n += 1`
                    if isinstance(t, ast.Subscript) and isinstance(base, ast.Name):
                        # `headers["If-Modified-Since"] = stamp`: sets an entry, like a re-binding
                        note(base.id, end, ast.Tuple(elts=[t.slice, st.value], ctx=ast.Load()))
            elif (
                isinstance(st, ast.Expr)
                and isinstance(st.value, ast.Call)
                and isinstance(st.value.func, ast.Attribute)
                and st.value.func.attr in ("update", "setdefault")
                and isinstance(st.value.func.value, ast.Name)
            ):
                call = st.value
                note(
                    call.func.value.id,  # type: ignore[attr-defined]
                    end,
                    ast.Tuple(elts=[*call.args, *(k.value for k in call.keywords)], ctx=ast.Load()),
                )
            elif (
                isinstance(st, ast.AugAssign)
                and isinstance(st.target, ast.Name)
                and fresh.get(st.target.id, st.lineno) < st.lineno
            ):
                # `param_str += f"&{key}={value}"` after `param_str = ""` in the same round
                rebinds.setdefault(st.target.id, []).append((end, st.value))
            else:
                always |= assigned_names([st])
        for st in iter_stmts(self.body):
            for handler in getattr(st, "handlers", None) or ():
                always |= _grown_containers(handler.body)
                for inner in iter_stmts(handler.body):
                    # `except TooLong: text = text[:-10]`: the request itself is cut down before
                    # it is sent again (another request, not the same one retried)
                    if isinstance(inner, ast.Assign):
                        for t in inner.targets:
                            if isinstance(t, ast.Name) and t.id in names_in(inner.value) and not _idempotent(t.id, inner.value):
                                always.add(t.id)
        self._always = always
        self._rebinds = rebinds

    def varying_for(self, call: ast.Call) -> set[str]:
        """Names whose value can differ between two attempts of `call`: arguments built from them
        change. On the failure path (an `except` body) re-binding a name keeps the request (a
        refreshed token, a longer timeout), but growing a container changes what is sent:
        `messages.append(...)` (a reminder added to an LLM conversation) makes the next attempt
        another request. A name assigned in the body *before* the call from values that do not
        change (`headers = {"Authorization": token()}`, `body = json.dumps(payload)`) is the same
        every time; one assigned at or after the call carries the previous answer
        (`url = payload["next"]`), one built from the loop variable, a counter or a consuming call
        (`next(it)`, `queue.pop()`, `random.choice(urls)`) is another request."""
        if self._rebinds is None:
            self._index_rebinds()
        line = call.lineno
        out = set(self._always)
        for name, entries in self._rebinds.items():  # type: ignore[union-attr]
            if any(end >= line or _consumes(value) for end, value in entries):
                out.add(name)
        sources = out | self.counters | self.targets
        changed = True
        while changed:
            changed = False
            for name, entries in self._rebinds.items():  # type: ignore[union-attr]
                if name not in out and any(names_in(value) & sources for _, value in entries):
                    out.add(name)
                    sources.add(name)
                    changed = True
        return out - self.counters if self.kind != "counter" else out


@register
class HandRolledRetryLoop(Rule):
    """
    ## What it does
    Flags a `for`/`while` loop written to re-attempt the same outbound call after it fails:
    the failure is caught (`try`/`except`) or detected from the response status
    (`status_code`, `ok`, `raise_for_status()`), success leaves the loop (`return`, `break`,
    `done = True`) and failure goes round again (`continue`, falling through, `attempts += 1`).
    Recognised shapes include `for _ in range(N)`, `for attempt in range(1, N)`,
    `for delay in (1, 2, 4)`, `while attempts < N`, `while True` with a counter and
    `while not done`; the retried call may be an HTTP/SDK call or a project function that
    performs one (in any module). The message names the backoff the loop uses: none,
    constant, linear or exponential (or stepped, for an irregular list of delays).

    Not flagged: loops over different items that log and skip failures
    (`for row in rows: try: … except: log; continue`), polling a remote job's state until it
    is done, pagination (the request changes every iteration), and loops that re-raise on the
    first failure.

    ## Why is this bad?
    Hand-rolled retries drift apart: one retries without any pause and hammers a struggling
    API, another sleeps a fixed 30 s inside a web worker, most ignore `Retry-After`, none adds
    jitter, and each logs failures differently. The integrations guideline requires retries to
    go through one decorator — Celery's `autoretry_for`/`retry_backoff`, or the shared
    `integration_lint.runtime.retry` preset (exponential backoff with jitter, honours
    `Retry-After`, re-queues long waits) ([guideline](../guidelines/integrations.md#retry)).

    ## Example
    ```python
    import time
    import requests

    def fetch_patient(url):
        for attempt in range(5):
            try:
                resp = requests.get(url, timeout=10)
                resp.raise_for_status()
                return resp.json()
            except requests.RequestException:
                time.sleep(2 ** attempt)
        raise RuntimeError("unreachable")
    ```

    ## Use instead
    ```python
    import requests
    from integration_lint.runtime import TransientError, retry

    @retry(attempts=5)
    def fetch_patient(url):
        try:
            resp = requests.get(url, timeout=10)
            resp.raise_for_status()
        except requests.RequestException as exc:
            raise TransientError(str(exc)) from exc
        return resp.json()
    ```
    In a Celery task, let Celery retry the whole task instead:
    `@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True, max_retries=5)`.

    ## Fix safety
    Display-only: the suggestion shows the decorator form. Replacing a loop with a decorator
    changes which exceptions are retried, the waits and the logging, so it is never applied
    automatically.

    ## Options
    - `http-clients`: your own HTTP wrapper modules/functions count as outbound calls, so a
      retry loop around them is flagged.
    - A loop around an unresolved call (a parameter, an untyped attribute) is flagged only when
      it catches an exception class from an HTTP client or SDK (`requests`, `httpx`,
      `botocore`, `google.api_core`, …), or when it retries the call's response on an HTTP
      status a client retries (`resp.status_code in (408, 429, 503)`, `>= 500`, a module
      constant holding such codes): `for attempt in range(3): resp = self.client.fetch(...);
      if resp.status_code in RETRY_STATUSES: time.sleep(...); continue; return resp`.
      Polling (`== 404` until it exists, a job's `state`), pagination and loops over different
      items stay clean, and so does a loop that only checks a status inside a function named
      for polling (`_poll_result`, `wait_for_scan`): there 202 or 404 mean "not ready yet".
    - A loop around a call the file cannot type also counts when its handler catches an
      API-named error class of any package (`ApiException`, `APIError`, `HTTPStatusError`,
      the project's `CrmAPIError`), or a failed connection by name (`ConnectionError`,
      `NetworkError`, `ReadTimeout`) around a call that is neither the standard library's nor a
      database/cache/broker library's (`redis`, `psycopg`, `kombu`, … stay clean), or when it
      tests the `status_code` of an HTTP verb called on a session or client
      (`self.response = self.session.post(url, …)`; `if self.response.status_code == 200:
      break`). `while response is None: _, response = request.next_chunk()` with such a
      handler (a resumable upload) is a retry too. A method of an attribute named for an API
      client that the file cannot type (`self.api_client.list_orders()`, `bot`, `sdk`,
      `payment_gateway`; not `redis_client`, `cache_api`, nor the project's `order_service`)
      retried under any handler with a sleep is one as well; a probe (`client.ping()`,
      `health()`) retried until it answers is a readiness wait and stays clean.
    - A failure answered as None: `resp = call_api(url); if resp is None: attempts += 1;
      continue` (or `if not resp`), where `call_api`, a project function, catches its own
      failure and returns None/False (in the same file, also a name it set to None first; in
      another module, decided by the project pass; a method that only hands the call on,
      `return _get_or_none(url)`, answers what its callee answers). A helper that catches
      nothing makes a falsy answer "not there yet" (polling, clean).
    - A success exit may test the answer itself inside a `try` whose handler stays in the loop:
      `if client.service_health_check(request): break`, `if getattr(result, "saved", True):
      return result`, `if result is not None: break`, `if reply["success"]:`; a second `try`
      whose body leaves (the parse of an LLM answer); `while not session_id:` set from the
      200 answer (`session_id = r.headers["X-Session"]`). A probe (health/ping/ready) retried
      this way counts only under an HTTP/SDK error and outside a function named for waiting
      (`wait_for_*`, `*_ready`, start-up): otherwise it is a readiness wait. `if
      resp.status_code == 429: sleep; continue` followed, further down, by a `return` is a
      retry; `== 404` then `continue` waits for the resource to exist (clean).

    Limitations (what is not resolved statically, and never guessed):
    - Dynamic dispatch is not resolved: a loop retrying `registry[name].sync()` or
      `getattr(client, method)()` is flagged only when its handler catches an HTTP/SDK
      exception or it retries on an HTTP failure status.
    - An attempted call whose receiver is a property defined only by subclasses
      (`self.validator.validate(...)`) is not resolved.
    """

    code = "IL201"
    name = "hand-rolled-retry-loop"
    family = "retry"
    summary = "A loop that re-attempts a failed outbound call by hand"
    guideline = "retry"
    # A retry loop needs a loop and either an exception handler, a status check, a test named
    # for an outcome (`if ok:`, `payment.success()`, `is_valid(answer)`, `isinstance(parsed, …)`,
    # `has_errors(resp)`) or a success flag (`while not success:`, `while not sent:`).
    prefilter = re.compile(
        rb"(?s)\A(?=.*?\b(?:for|while)\b)(?=.*?(?:except|status|ok\b|succe|valid|error|fail|exceed|denied|missing|"
        rb"malformed|incomplete|usable|truncated|broken|corrupt|isinstance|sent\b|delivered|uploaded|"
        rb"posted|submitted|retr|attempt|tries))"
    )
    prefilter_folded = True

    valid = (
        example(
            """
            import logging
            import requests

            log = logging.getLogger(__name__)

            def push_rows(rows):
                for row in rows:
                    try:
                        requests.post("https://api.example.com/rows", json=row, timeout=10)
                    except requests.RequestException:
                        log.warning("row %s skipped", row["id"])
                        continue
            """,
            "loop_over_items_that_logs_and_skips",
        ),
        example(
            """
            import time
            import requests

            def wait_for_export(url):
                while True:
                    job = requests.get(url, timeout=10).json()
                    if job["state"] == "done":
                        return job
                    time.sleep(5)
            """,
            "polling_a_remote_job_state",
        ),
        example(
            """
            import requests

            def all_pages(url):
                items = []
                while url:
                    resp = requests.get(url, timeout=10)
                    if resp.status_code != 200:
                        break
                    payload = resp.json()
                    items.extend(payload["results"])
                    url = payload["next"]
                return items
            """,
            "pagination_loop",
        ),
        example(
            """
            import requests

            def fetch(url):
                for attempt in range(3):
                    try:
                        return requests.get(url, timeout=10).json()
                    except requests.RequestException:
                        raise
            """,
            "reraises_on_first_failure",
        ),
        example(
            """
            from integration_lint.runtime import retry
            import requests

            @retry(attempts=5)
            def fetch(url):
                return requests.get(url, timeout=10).json()
            """,
            "runtime_retry_decorator",
        ),
        example(
            """
            import time

            def wait_for_lock(lock):
                for attempt in range(10):
                    try:
                        lock.acquire()
                        return True
                    except TimeoutError:
                        time.sleep(1)
                return False
            """,
            "retry_of_a_local_operation",
        ),
        example(
            """
            import requests

            def first_mirror(mirrors):
                for mirror in mirrors:
                    try:
                        return requests.get(mirror, timeout=5).content
                    except requests.RequestException:
                        continue
            """,
            "fallback_over_different_urls",
        ),
    )
    invalid = (
        example(
            """
            import time
            import requests

            def fetch(url):
                for attempt in range(5):
                    try:
                        resp = requests.get(url, timeout=10)
                        resp.raise_for_status()
                        return resp.json()
                    except requests.RequestException:
                        time.sleep(2 ** attempt)
            """,
            "for_range_with_exponential_backoff",
            lines=(5,),
        ),
        example(
            """
            import requests

            def fetch(url):
                for _ in range(3):
                    try:
                        return requests.get(url, timeout=10).json()
                    except requests.Timeout:
                        pass
            """,
            "for_range_without_backoff",
            lines=(4,),
        ),
        example(
            """
            import time
            import requests

            def push(url, payload):
                attempts = 0
                while attempts < 4:
                    resp = requests.post(url, json=payload, timeout=10)
                    if resp.status_code < 500:
                        return resp
                    attempts += 1
                    time.sleep(attempts * 10)
            """,
            "while_counter_on_failed_status_linear",
            lines=(6,),
        ),
        example(
            """
            import time
            import httpx

            def send(url):
                tries = 0
                while True:
                    try:
                        return httpx.post(url)
                    except httpx.HTTPError:
                        tries += 1
                        if tries >= 3:
                            raise
                        time.sleep(5)
            """,
            "while_true_with_counter_constant",
            lines=(6,),
        ),
        example(
            """
            import requests

            def notify(url):
                done = False
                while not done:
                    try:
                        requests.post(url, timeout=5)
                        done = True
                    except requests.ConnectionError:
                        continue
            """,
            "while_not_done_flag",
            lines=(5,),
        ),
        example(
            """
            import time
            from apps.billing.services import push_invoice

            def push_reliably(invoice):
                for attempt in range(1, 4):
                    try:
                        return push_invoice(invoice)
                    except ValueError:
                        time.sleep(30 * attempt)
            """,
            "retry_around_a_project_helper_in_another_module",
            path="apps/billing/jobs.py",
            files={
                "apps/billing/services.py": """
                    import requests

                    def push_invoice(invoice):
                        return requests.post("https://api.example.com/invoices", json=invoice, timeout=10).json()
                    """,
            },
            lines=(5,),
        ),
        example(
            """
            import time

            class InventorySync:
                def __init__(self, client):
                    self.client = client

                def stock(self, sku):
                    for attempt in range(3):
                        resp = self.client.fetch(f"/stock/{sku}")
                        if resp.status_code in (408, 429, 503):
                            time.sleep(2 ** attempt)
                            continue
                        return resp
            """,
            "status_code_retry_around_a_client_method",
            lines=(8,),
        ),
    )

    def visit_For(self, node: ast.For) -> None:
        self._check(node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        self._check(node)

    def visit_While(self, node: ast.While) -> None:
        self._check(node)

    def _check(self, loop: ast.For | ast.AsyncFor | ast.While) -> None:
        # cheapest rejection first: a for loop must count attempts or walk a delay schedule
        if not isinstance(loop, ast.While):
            it = loop.iter
            if not isinstance(it, (ast.Call, ast.List, ast.Tuple, ast.Name, ast.Attribute)):
                return
        shape = LoopShape(self.ctx, loop)
        if shape.kind is None:
            return
        if shape.kind == "counter" and shape.attempts_n is not None and shape.attempts_n <= 1:
            return  # `for _ in range(1):` runs the call once: nothing is attempted again
        attempts = shape.find_attempts()
        if not attempts:
            return
        if _pending_status_goes_round(shape.body, counted=shape.kind != "while"):
            # `if resp.status_code == 400: continue  # authorization_pending`: a client error
            # answered by asking again is a state polled (the OAuth device flow), not a failure
            # retried — the same request would be refused the same way
            return
        if any(_readiness_url(self.ctx, c) for a in attempts for c in a.calls):
            # `requests.get(f"{host}/healthcheck/")` until it answers 200: waiting for a service
            # to come up (a readiness wait), not a failed integration call retried
            return
        # attempts that count only if a function of another module answers None on failure
        solid = [a for a in attempts if a.answers_none is None]
        falsy_refs = () if solid else tuple(dict.fromkeys(a.answers_none for a in attempts))
        attempts = solid or attempts
        ctx = self.ctx
        function = ctx.function_scope
        if (
            function is not None
            and POLLING_FUNCTION.search(function.name)
            and not any(a.handlers for a in attempts)
        ):
            # a status checked over and over in a function named for polling (`_poll_result`,
            # `wait_for_report`): 202/404 mean "not ready yet", not a failed call
            return
        external: str | None = None
        via_helper: str | None = None
        via_parameter = False
        via_status = False
        refs: list[str] = []
        # the same, as call sites when arguments are passed (`self._send(bot.send_photo, …)` is
        # outbound through what it hands on)
        site_refs: list[str] = []
        # calls into packages outside the project that the outbound model does not list
        # (`zotero.Zotero.top`, `ia.get_item`), retried with a pause under a broad catch
        third_party: list[str] = []
        # third parties' objects built for the call (`book = Quotes(symbol)` then `book.latest()`)
        third_built: set[str] = set()
        # the message names the outbound call itself when one is known, not whatever other
        # call the same `try` makes first (`token()`, `resp.json()`)
        external = self._known_outbound(attempts, shape)
        for attempt in attempts:
            evidence = {handler_evidence(ctx, h) for h in attempt.handlers}
            caught_network = "network" in evidence
            # a connection error caught by name: evidence for a call nothing else names
            caught_connection = "connection" in evidence
            # third-party packages whose own errors the handlers catch (`pytube`, `censys`)
            roots = set().union(*(library_roots(ctx, h) for h in attempt.handlers)) if attempt.handlers else set()
            if any(self._varies(c, shape) and self._outbound_name(c) for c in attempt.calls):
                # the request the attempt makes is known and changes between attempts
                # (`payload["recipients"] = …` after the post): not the same call retried, and
                # the other calls its handler guards are not the request
                continue
            # an object built for the call (`client = OAuth2Config()`) is not the call to name
            for call in sorted(attempt.calls, key=_constructs):
                if is_sleep(ctx, call) or _is_log_call(call):
                    continue
                if self._varies(call, shape):
                    continue  # a different request every time: pagination / items / fallbacks
                name = ctx.resolve_call(call)
                if name is None and isinstance(call.func, ast.Name) and call.func.id in BUILTIN_NAMES:
                    continue  # `list()`, `len(x)`, `dict(...)`: never the attempted request
                if name and name.startswith(ANNOTATION_MODULES) and self._is_callable_parameter(call):
                    # `def retry(func: F)` / `func: Callable`: the parameter's annotation names
                    # the type, not what the callers hand in
                    name = None
                if name and self._is_outbound_name(name):
                    external = external or name
                elif caught_network and not _consumes(call) and not (name or "").startswith(LOCAL_PREFIXES):
                    # the handler catches an HTTP/SDK error: the guarded call goes out (not the
                    # `queue.pop()`/`random.choice()` that picked what to send, nor `json.loads`)
                    external = external or name or self._describe_unresolved(call)
                elif (
                    caught_connection
                    and (
                        name is None
                        or self._untyped_self_attribute(call)
                        or not (self._external_module(name) or self._project_name(name))
                    )
                    and not _probes(call)  # `client.ping()` until it answers: a readiness wait
                    and not _consumes(call)
                    and not (name or "").startswith(LOCAL_PREFIXES)
                ):
                    # `except ConnectionError:` around `bot.send_message(...)` of an SDK the
                    # outbound model does not know (a database driver's call names its module)
                    external = external or name or self._describe_unresolved(call)
                elif (
                    (name is None or self._untyped_self_attribute(call))
                    and attempt.handlers
                    and _client_receiver(call)
                    and not _probes(call)
                    and (shape.sleeps or _bounded(shape))
                ):
                    # `self.api_client.list_orders(...)` under `except Exception:` with a sleep:
                    # an API client handed in, which the file cannot type
                    external = external or self._describe_unresolved(call)
                elif (
                    (name is None or self._untyped_self_attribute(call))
                    and attempt.handlers
                    and _http_verb_call(call)
                    and _url_argument(call)
                    and not _local_receiver(call)
                    and (shape.sleeps or _bounded(shape))
                ):
                    # `session.get(url, timeout=10)` on a session/client handed in as a
                    # parameter, under any handler with a sleep: an HTTP request retried
                    external = external or self._describe_unresolved(call)
                elif (
                    (name is None or self._untyped_self_attribute(call))
                    and not attempt.handlers
                    and attempt.retried
                    and shape.sleeps
                    and _client_receiver(call)
                    and not _probes(call)
                    and not _consumes(call)
                ):
                    # `response = api.create_item(item)` then `if response.get("error"): sleep(2);
                    # continue`: an API client handed in, retried on what its answer says
                    external = external or self._describe_unresolved(call)
                elif (
                    attempt.handlers
                    and (shape.sleeps or _bounded(shape))
                    and _fetch_verb_call(call)
                    and _strong_url_argument(ctx, call)
                    and not _local_receiver(call)
                    and not (name or "").startswith(LOCAL_PREFIXES)
                    and not (name and self._external_module(name))
                    and self._catches_remote(attempt)
                ):
                    # `self.load(API_URL, post=…)` / `self.download(url)` with `url =
                    # mirror.format(…)`, under a handler that pauses: a request to a URL through
                    # an HTTP layer the file cannot follow (a framework's request factory)
                    external = external or self._describe_unresolved(call)
                elif llm_api_call(call) or (name in LITELLM_CALLS):
                    # an LLM API call on a client the file cannot type
                    external = external or self._describe_unresolved(call)
                elif attempt.http_status and not (name or "").startswith(LOCAL_PREFIXES):
                    # its response's status is retried on 429/5xx: an HTTP call, whatever the
                    # receiver (`self.client.fetch(...)` with a client the file cannot type)
                    if external is None:
                        external = self._describe_unresolved(call)
                        via_status = True
                elif (
                    attempt.status_code
                    and (_http_verb_call(call) or (
                        (name is None or self._untyped_self_attribute(call))
                        and _url_argument(call)
                        and not _local_receiver(call)
                    ))
                    and not (name or "").startswith(LOCAL_PREFIXES)
                ):
                    # `self.session.post(url, …)` whose `status_code` says it failed: an HTTP
                    # request through a session/client the file cannot type
                    external = external or name or self._describe_unresolved(call)
                elif roots and shape.sleeps and (library := self._library_call(call, name, roots)):
                    # `except pytube.exceptions.PytubeError: continue` around a call into pytube
                    # (directly, or through a function of this file that calls it): an SDK call
                    # the outbound model does not list, retried on its own error
                    if external is None:
                        external, helper = library
                        via_helper = via_helper or helper
                elif name and name not in refs and not name.startswith(LOCAL_PREFIXES):
                    refs.append(name)
                    if (
                        shape.sleeps
                        and (self._catches_anything(attempt) or attempt.status_code or attempt.http_status)
                        and self._third_party(name)
                        and not _probes(call)
                        and not _consumes(call)
                        and not _constructs(call)  # `Client(uri=…)` retried: a connection made
                    ):
                        third_party.append(name)
                    elif _constructs(call) and self._third_party(name):
                        third_built.add(name)
                    if function is not None and (call.args or call.keywords):
                        site_refs.append(call_site_ref(name, function.qualname, call.lineno))
                    else:
                        site_refs.append(name)
                elif (
                    name is None
                    and self._is_callable_parameter(call)
                    and shape.sleeps
                    and self._catches_anything(attempt)
                ):
                    # a home-made retry utility (`def with_retries(fn): for …: try: return fn()`)
                    if external is None:
                        external = self._describe_unresolved(call)
                        via_parameter = True
        if external is None and refs:
            # a helper of this file whose own call the outbound model cannot type: a requests
            # wrapper module, an LLM client handed in (`self._client.messages.stream(**kw)`)
            found = self._same_file_evidence(
                # broad or network/SDK handlers only: a loop catching a datastore's or a raw socket's
                # errors retries local work, whatever its helper's parameters are called
                refs, clients=any(self._catches_anything(a) for a in attempts) and (shape.sleeps or _bounded(shape))
            )
            if found:
                via_helper, external = found
        if external is None and not refs:
            return
        if self._prompts_user(attempts, refs):
            return  # `while True: try: configure(); break` where configure() asks at a prompt
        backoff = classify_backoff(ctx, loop, shape.body, shape.counters, shape.schedule_var, shape.schedule)
        if external and ctx.module and external.startswith(ctx.module + "."):
            external = external[len(ctx.module) + 1:].replace(".<locals>", "")
        target = f"`{external}`" if external else "`{target}` (via {chain})"
        if via_helper:
            target = f"`{via_helper}` → {target}"
        if via_parameter and external:
            target += " (a callable parameter)"
        elif via_status:
            target += " (its response is retried on a 408/429/5xx status)"
        message = (
            f"hand-rolled retry loop around {target}, backoff: {backoff}; "
            f"retry with the `{RUNTIME_RETRY}` decorator (exponential backoff + jitter, honours "
            f"Retry-After) or, in a Celery task, `autoretry_for=`/`retry_backoff=`"
        )
        fix = self._suggestion(shape)
        position = _loop_header_position(ctx, loop)
        snippet = " ".join(ctx.line_text(loop.lineno).split())
        condition: Condition | None = None
        if falsy_refs:
            if not refs:
                return
            condition = FalsyFailureCondition(outbound_any=tuple(site_refs[:12]), answers_none_all=falsy_refs)
        elif external is None:
            condition = Condition(outbound_any=tuple(site_refs[:12]))
            packages = {name.split(".", 1)[0] for name in third_party}
            if third_party and all(
                r in third_built or r.split(".", 1)[0] in packages or self._own_or_stdlib(r) for r in refs
            ):
                # every call the attempt makes is of another package (besides helpers of this
                # module and the standard library: `self.cancelled()`, `itertools.islice`),
                # retried with a pause under a broad catch or on its answer's status: also kept
                # if the project pass finds one outside the project (not a project, standard or
                # local-only library). Both can hold only when one call is a sibling package's
                # outbound function and another a third party's.
                # name a service's call, not the local data library it is read with
                named = min(third_party, key=lambda n: n.split(".", 1)[0] in LOCAL_PACKAGES)
                self.report(
                    loop,
                    message.replace("`{target}` (via {chain})", f"`{named}`"),
                    fix=fix,
                    position=position,
                    snippet=snippet,
                    condition=Condition(external_any=tuple(third_party[:12])),
                )
        self.report(loop, message, fix=fix, position=position, snippet=snippet, condition=condition)

    def _prompts_user(self, attempts, refs: list[str]) -> bool:
        """The attempt asks a person at the terminal (`input()`, `getpass()`), itself or through
        a function of this file it calls: a failed answer is asked again — an interactive
        re-prompt, not a retried request."""
        ctx = self.ctx

        def asks(calls: Iterable[ast.Call]) -> bool:
            for call in calls:
                func = call.func
                name = ctx.qualify(func)
                if name is None and isinstance(func, ast.Name) and func.id == "input":
                    return True  # the builtin, not a name bound in the module
                if name in ("getpass.getpass", "click.prompt", "typer.prompt"):
                    return True
            return False

        if any(asks(attempt.calls) for attempt in attempts):
            return True
        prefix = f"{ctx.module}." if ctx.module else ""
        wanted = {
            ref[len(prefix):].rpartition(".")[2]
            for ref in refs
            if prefix and ref.startswith(prefix)
        }
        if not wanted:
            return False
        for node in ast.walk(ctx.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in wanted:
                if asks(iter_calls(node)):
                    return True
        return False

    def _same_file_evidence(self, refs: list[str], clients: bool = False) -> tuple[str, str] | None:
        """(helper, call) when a function or method of this file that the loop calls makes a
        call IL201 recognises by shape (`x.requests.post`, an LLM API call; with `clients`, for
        an attempt under a handler that goes round with a pause or a bound, a member of an API
        client the file cannot type, `tracker_client.download_torrent(id)`) — one level deep,
        only for loops that are already retry-shaped."""
        ctx = self.ctx
        for ref in refs:
            found = _local_def(ctx, ref)
            if found is None:
                continue
            local, node = found
            for call in iter_calls(node):
                name = ctx.qualify(call.func)
                if name and self._requests_wrapper(name):
                    return local, name
                if llm_api_call(call):
                    return local, self._describe_unresolved(call)
                if (
                    clients
                    and name is None
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr not in STR_METHODS  # `bot.lower()` of a nickname
                    and _client_receiver(call)
                    and not _probes(call)
                    and not _consumes(call)
                    and not _constructs(call)
                ):
                    return local, self._describe_unresolved(call)
        return None

    def _library_call(self, call: ast.Call, name: str | None, roots: set[str]) -> tuple[str, str | None] | None:
        """(call, helper) when `call` goes into one of the third-party packages `roots` whose
        errors the attempt's handler catches: its resolved name or its receiver's type is the
        package's (`pytube.YouTube(url)`, `yt.streams.first()` with `yt = pytube.YouTube(…)`),
        or it is a function or method of this file that calls into the package (one level)."""
        ctx = self.ctx
        if name and name.split(".", 1)[0] in roots:
            return name, None
        func = call.func
        if isinstance(func, ast.Attribute):
            typ = ctx.value_type(func.value)
            if typ and typ.split(".", 1)[0] in roots:
                return f"{typ}.{func.attr}", None
        found = _local_def(ctx, name)
        if found is None:
            return None
        local, node = found
        for inner in iter_calls(node):
            inner_name = ctx.qualify(inner.func)
            if (
                inner_name
                and inner_name.split(".", 1)[0] in roots
                and inner_name.rpartition(".")[2] not in BUILTIN_NAMES  # `future.builtins.dict`
            ):
                return inner_name, local
        return None

    def _untyped_self_attribute(self, call: ast.Call) -> bool:
        """`self.api.list_things(...)` where `api` is an attribute of this class the file cannot
        type (handed in, or set by a base class): not a method of the project to follow."""
        func = call.func
        if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Attribute):
            return False
        base = func.value
        if not (isinstance(base.value, ast.Name) and base.value.id == "self"):
            return False
        cls = self.ctx.class_scope
        if cls is None or cls.node is None:
            return False
        if any(
            isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and st.name == base.attr
            for st in cls.node.body  # type: ignore[attr-defined]
        ):
            return False  # a property or method of this class: the project pass follows it
        typ = self.ctx.value_type(base)
        return not typ or typ == f"{cls.qualname}.{base.attr}"

    def _own_or_stdlib(self, name: str) -> bool:
        """A function or method of this module (`agent.tools.wiki.Wiki.cancelled`) or of the
        standard library: neither turns a third party's call retried beside it into local work
        (the helpers of another project module might, and are left to the project pass)."""
        module = self.ctx.module
        return bool(module and name.startswith(module + ".")) or name.split(".", 1)[0] in STDLIB_ROOTS

    def _third_party(self, name: str) -> bool:
        """A call of another package, named through an import (`pyzotero.zotero.Zotero.top`):
        not this module's or this project's, not the standard library, nor a database, cache,
        broker or process library. The project pass decides whether the package is outside the
        project (Condition.external_any)."""
        module = self.ctx.module
        return (
            "." in name
            and not (module and name.startswith(module + "."))
            and not self._project_name(name)
            and not self._external_module(name)
        )

    def _project_name(self, name: str) -> bool:
        """A name of this project's package (left to the project pass, which can follow it)."""
        root = (self.ctx.module or "").split(".", 1)[0]
        return bool(root) and name.split(".", 1)[0] == root

    @staticmethod
    def _external_module(name: str) -> bool:
        """A call of the standard library or of a database/cache/broker/process library, which a
        caught connection error does not make an outbound integration call."""
        return name.split(".", 1)[0] in STDLIB_ROOTS or name.startswith(LOCAL_ERROR_MODULES)

    def _requests_wrapper(self, name: str) -> bool:
        """`aplus_auth.requests.post`: a module named `requests` of another package. Not an
        attribute of this module's objects (`self.requests.get(key)` on a dict of pending ones)."""
        module = self.ctx.module
        return bool(REQUESTS_WRAPPER.match(name)) and not (module and name.startswith(module + "."))

    def _is_outbound_name(self, name: str) -> bool:
        """An outbound call IL201 names itself: the shared model, an SDK prefix, a requests wrapper."""
        return self.ctx.is_external_outbound(name) or name.startswith(SDK_CALL_PREFIXES) or self._requests_wrapper(name)

    def _outbound_name(self, call: ast.Call) -> str | None:
        name = self.ctx.resolve_call(call)
        return name if name and self._is_outbound_name(name) else None

    def _known_outbound(self, attempts: list[Attempt], shape: LoopShape) -> str | None:
        for attempt in attempts:
            for call in attempt.calls:
                name = self._outbound_name(call)
                if name and not self._varies(call, shape):
                    return name
        return None

    @staticmethod
    def _varies(call: ast.Call, shape: LoopShape) -> bool:
        """Whether the call's arguments (or receiver) change between iterations."""
        varying = shape.varying_for(call)
        names: set[str] = set()
        indexes: set[str] = set()
        for arg in (*call.args, *(k.value for k in call.keywords)):
            for sub in ast.walk(arg):
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
                elif isinstance(sub, ast.Subscript):
                    indexes |= names_in(sub.slice)
        func = call.func
        if isinstance(func, ast.Attribute):
            for sub in ast.walk(func.value):
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
                elif isinstance(sub, ast.Subscript):
                    indexes |= names_in(sub.slice)
        elif isinstance(func, ast.Name) and func.id in shape.targets:
            names.add(func.id)
        # an attempt counter passed along (a growing timeout) is still the same request;
        # a counter used as an index picks a different item (`urls[i]`)
        if shape.counters:
            names -= shape.counters - indexes
        # a timeout grown between attempts (`timeout = timeout * 1.2`) asks for the same thing
        names = {n for n in names if not TIMING_NAME.search(n)}
        return bool(names & varying)

    def _is_callable_parameter(self, call: ast.Call) -> bool:
        """`fn(...)` where `fn` is a parameter of the enclosing function or, in a hand-rolled
        retry decorator, of a function enclosing it (`def retry(f): def wrapper(): … f()`)."""
        if not isinstance(call.func, ast.Name):
            return False
        for scope in reversed(self.ctx.scopes):
            if scope.kind != "function" or scope.node is None:
                continue
            args = scope.node.args  # type: ignore[attr-defined]
            params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
            if call.func.id in params:
                return True
            if call.func.id in scope.types or call.func.id in scope.defs:
                return False
        return False

    def _catches_remote(self, attempt: Attempt) -> bool:
        """No retrying handler catches a datastore's, a file's or a decoding error: what it
        catches may be the remote call's (`except BadHeader:`, `except Exception:`)."""
        for handler in attempt.handlers:
            if handler.type is None:
                continue
            for e in handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]:
                if (self.ctx.qualify(e) or "").startswith(LOCAL_ERROR_MODULES):
                    return False  # `except redis.ConnectionError:`
                text = e.id if isinstance(e, ast.Name) else e.attr if isinstance(e, ast.Attribute) else ""
                if not text or LOCAL_ERROR_WORDS.search(text) or text in LOCAL_BUILTIN_ERRORS:
                    return False
        return True

    def _catches_anything(self, attempt: Attempt) -> bool:
        """Retry utilities catch everything (`except Exception:`) or a network failure
        (`except ConnectionError:`, an HTTP/SDK error); one catching a database or assertion
        error (`except OperationalError:`) retries something local."""
        if not attempt.handlers:
            return False
        # a handler that only re-raises (`except PermissionError: raise` before `except
        # Exception:`) gives up on that error; it does not say what the retry catches
        handlers = [h for h in attempt.handlers if not raises_only(h.body)] or attempt.handlers
        for handler in handlers:
            node = handler.type
            if node is None:
                continue
            elts = node.elts if isinstance(node, ast.Tuple) else [node]
            if len(elts) == 1 and isinstance(elts[0], ast.Name):
                # `def retry(self, f, exc=Exception): … except exc:`: a parameter defaulting to it
                elts = self._parameter_default(elts[0].id) or elts
            if not (
                all(isinstance(e, ast.Name) and e.id in ("Exception", "BaseException") for e in elts)
                or handler_evidence(self.ctx, handler)
            ):
                return False
        return True

    def _parameter_default(self, name: str) -> list[ast.expr] | None:
        """The default of a parameter `name` of the enclosing function (`exc=Exception` →
        [Exception]; `exc=(A, B)` → [A, B])."""
        for scope in reversed(self.ctx.scopes):
            # the enclosing function first, then (in a decorator factory's wrapper,
            # `def with_backoff(exceptions=(Exception,)): … def wrapper(): … except exceptions:`)
            # the functions enclosing it
            if scope.kind != "function" or scope.node is None:
                continue
            args = scope.node.args  # type: ignore[attr-defined]
            for arg, default in parameter_defaults(args):
                if arg.arg == name:
                    return list(default.elts) if isinstance(default, ast.Tuple) else [default]
            if any(a.arg == name for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)):
                return None  # a parameter without a default: what the callers pass
        return None

    def _describe_unresolved(self, call: ast.Call) -> str:
        text = " ".join(self.ctx.segment(call.func).split())
        return text[:60] or "call"

    def _suggestion(self, shape: LoopShape) -> Fix:
        attempts = shape.attempts_n if shape.attempts_n and shape.attempts_n > 0 else 5
        func = self.ctx.function_scope
        name = func.name if func is not None else "call_api"
        return Fix(
            DISPLAY_ONLY,
            (
                f"Move the attempted call into a function and decorate it: "
                f"`from integration_lint.runtime import retry` then `@retry(attempts={attempts})` "
                f"on `def {name}(...)`, raising `TransientError` for a failed status; in a Celery "
                f"task use `@shared_task(autoretry_for=(TransientError,), retry_backoff=True, "
                f"max_retries={attempts})` instead of the loop."
            ),
        )
