"""IL202 hand-rolled-rate-limit."""

from __future__ import annotations

import ast
import re

from ..model import DISPLAY_ONLY, Fix
from .base import Rule, example, register
from .retry import (
    COUNTER_ITERATORS, RATE_LIMIT_TEXT, code_literal, module_literal, enum_member, iter_calls, iter_stmts, is_sleep,
    leaves,
)

RATE_HEADER = re.compile(r"^(retry-after|x-ratelimit-[\w-]+|x-rate-limit-[\w-]+|ratelimit-[\w-]+)$", re.I)
# `ResourceExhausted`: google-api-core's 429 (gRPC RESOURCE_EXHAUSTED).
RATE_EXCEPTION = re.compile(r"rate_?limit|throttl|toomanyrequests|too_many_requests|resourceexhausted", re.I)
# Error codes/messages compared as strings: botocore "ThrottlingException", "SlowDown", "rate limit"
# (the words IL201 reads in an answer too).
RATE_TEXT = RATE_LIMIT_TEXT
RATE_STATUS_NAMES = re.compile(r"^(TOO_MANY_REQUESTS|too_many_requests|HTTP_429\w*)$")
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _is_429(node: ast.AST, lookup=None) -> bool:
    node = enum_member(node)  # `HTTPStatus.TOO_MANY_REQUESTS.value`
    if lookup is not None and isinstance(node, ast.Name) and node.id.isupper():
        value = lookup(node.id)
        if isinstance(value, ast.Constant):
            return _is_429(value)  # `RATE_LIMITED_STATUS = 429`
        # `in RETRY_STATUSES` where the module sets `RETRY_STATUSES = frozenset({429, 503})`
        literal = code_literal(node, lookup)
        return literal is not None and _is_429(literal)
    if isinstance(node, ast.Constant):
        return node.value == 429 and not isinstance(node.value, bool) or node.value == "429"
    if isinstance(node, ast.Attribute):
        return bool(RATE_STATUS_NAMES.match(node.attr))
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_429(e) for e in node.elts)
    return False


def _case_values(pattern: ast.AST) -> list[ast.AST]:
    """The values of `case 429:` / `case 429 | 503:` (nothing for captures and wildcards)."""
    kind = type(pattern).__name__
    if kind == "MatchValue":
        return [pattern.value]  # type: ignore[attr-defined]
    if kind == "MatchOr":
        return [v for sub in pattern.patterns for v in _case_values(sub)]  # type: ignore[attr-defined]
    return []


def _rate_header(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(RATE_HEADER.match(node.value))


def _header_read(node: ast.AST) -> bool:
    """A read of a rate-limit header: `h["Retry-After"]`, `h.get("Retry-After")`,
    `resp.getheader("X-RateLimit-Reset")`, `h.__getitem__("Retry-After")`."""
    if isinstance(node, ast.Subscript):
        return isinstance(node.ctx, ast.Load) and _rate_header(node.slice)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("get", "getheader", "__getitem__")
        and bool(node.args)
        and _rate_header(node.args[0])
    )


def _exception_is_rate_limit(node: ast.AST | None) -> bool:
    if node is None:
        return False
    elts = node.elts if isinstance(node, ast.Tuple) else [node]
    for elt in elts:
        name = elt.attr if isinstance(elt, ast.Attribute) else elt.id if isinstance(elt, ast.Name) else ""
        if name and RATE_EXCEPTION.search(name):
            return True
    return False


def _body_checks_rate_limit(func: ast.AST, lookup=None) -> bool:
    """A small local predicate (`def can_retry(e): return str(e).startswith("429")`,
    `def _is_retryable_status(code): return code == RATE_LIMITED_STATUS or code >= 500`)."""
    for sub in ast.walk(func):
        if isinstance(sub, ast.Compare) and any(_is_429(o, lookup) for o in (sub.left, *sub.comparators)):
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "startswith":
            if sub.args and _is_429(sub.args[0]):
                return True
        if isinstance(sub, ast.ExceptHandler) and _exception_is_rate_limit(sub.type):
            return True
    return False


def rate_limit_check(test: ast.AST, local_def=None, lookup=None) -> tuple[ast.AST, bool, str] | None:
    """(node to report, positive?, what) when `test` checks for a rate limit.

    `positive` is False for negated checks (`!= 429`, `not in`), whose else-branch handles it.
    """
    negate = False
    if isinstance(test, ast.NamedExpr):
        # `if wait := resp.headers.get("Retry-After") is not None:`
        return rate_limit_check(test.value, local_def, lookup)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = rate_limit_check(test.operand, local_def, lookup)
        return (inner[0], not inner[1], inner[2]) if inner else None
    if isinstance(test, ast.BoolOp):
        for value in test.values:
            inner = rate_limit_check(value, local_def, lookup)
            if inner:
                if isinstance(test.op, ast.And) and not inner[1]:
                    return None
                return inner
        return None
    if isinstance(test, ast.Compare):
        operands = [test.left, *test.comparators]
        for op, right in zip(test.ops, test.comparators):
            left = operands[operands.index(right) - 1]
            if _is_429(right, lookup) or _is_429(left, lookup):
                negate = isinstance(op, (ast.NotEq, ast.NotIn, ast.IsNot))
                if isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)):
                    return test, not negate, "a 429 status check"
            if _rate_header(left) and isinstance(op, (ast.In, ast.NotIn)):
                return test, isinstance(op, ast.In), f"a `{left.value}` header check"  # type: ignore[attr-defined]
            for side in (left, right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str) and RATE_TEXT.search(side.value):
                    if isinstance(op, (ast.Eq, ast.In, ast.NotEq, ast.NotIn)):
                        negated = isinstance(op, (ast.NotEq, ast.NotIn))
                        return test, not negated, "a rate-limit error check"
        for sub in ast.walk(test):
            if _rate_header(sub):
                return test, True, f"a `{sub.value}` header read"  # type: ignore[attr-defined]
        return None
    if isinstance(test, ast.Call):
        func = test.func
        if isinstance(func, ast.Name) and func.id == "isinstance" and len(test.args) == 2:
            if _exception_is_rate_limit(test.args[1]):
                return test, True, "a rate-limit error check"
        if isinstance(func, ast.Attribute) and func.attr == "startswith" and test.args and _is_429(test.args[0]):
            return test, True, "a 429 status check"
        if isinstance(func, ast.Name) and local_def is not None:
            target = local_def(func.id)
            if target is not None and _body_checks_rate_limit(target, lookup):
                return test, True, f"a rate-limit check (`{func.id}()`)"
        for sub in ast.walk(test):
            if _rate_header(sub):
                return test, True, f"a `{sub.value}` header read"  # type: ignore[attr-defined]
    if isinstance(test, (ast.Subscript, ast.Attribute, ast.Name)):
        for sub in ast.walk(test):
            if _rate_header(sub):
                return test, True, f"a `{sub.value}` header read"  # type: ignore[attr-defined]
    return None


@register
class HandRolledRateLimit(Rule):
    """
    ## What it does
    Flags code that detects a rate limit — a 429 status check (`== 429`, `in (429, 503)`,
    `HTTPStatus.TOO_MANY_REQUESTS`, `requests.codes.too_many_requests`), a `Retry-After` or
    `X-RateLimit-*` header read, or a caught rate-limit exception (`*RateLimit*`,
    `*Throttl*`, `TooManyRequests`) — and then waits or retries inline: sleeps, calls the API
    again, recurses, or goes round a retry loop again. Reported at the check; when the check
    compares the status with several retryable codes (`in (429, 503)`, `not in RETRYABLE`) and a
    rate-limit header is read where it is handled, at that header read.

    Not flagged: raising a typed error (`raise RateLimitedError(retry_after=…)`), handing the
    wait to Celery (`raise self.retry(countdown=…)`, `apply_async(countdown=…)`) or to a
    shared limiter, and server-side rate limiting of incoming requests (returning a 429).

    ## Why is this bad?
    A worker that sleeps through a rate limit holds a Celery slot (or a web request) doing
    nothing, every worker sleeps and wakes at once, and the next burst hits the limit again.
    The integrations guideline requires rate limits to be handled by the shared limiter and
    the retry preset, which honour `Retry-After` across workers and re-queue long waits
    ([guideline](../guidelines/integrations.md#rate-limits)).

    ## Example
    ```python
    import time
    import requests

    def list_slots(url):
        resp = requests.get(url, timeout=10)
        if resp.status_code == 429:
            time.sleep(int(resp.headers.get("Retry-After", "1")))
            resp = requests.get(url, timeout=10)
        return resp.json()
    ```

    ## Use instead
    ```python
    import requests
    from integration_lint.runtime import RateLimitedError, parse_retry_after, retry

    @retry
    def list_slots(url):
        resp = requests.get(url, timeout=10)
        if resp.status_code == 429:
            raise RateLimitedError(retry_after=parse_retry_after(resp.headers.get("Retry-After")))
        return resp.json()
    ```
    Throttle proactively with `integration_lint.runtime.RateLimiter("doctolib", "10/s")`.

    ## Fix safety
    Display-only: the suggestion shows the typed error + `@retry` form. Moving a wait out of
    the function changes its timing and callers, so it is never applied automatically.

    ## Options
    None. Exception classes are matched by name (`RateLimit`, `Throttl`, `TooManyRequests`);
    error texts by what they say (`rate limit`, `throttl`, `quota exceeded`, `SlowDown`,
    GitHub's `abuse detection` secondary limit). A header read inside an `if` with an
    assignment expression (`if wait := resp.headers.get("Retry-After"):`) is a check too.
    """

    code = "IL202"
    name = "hand-rolled-rate-limit"
    family = "rate-limits"
    summary = "A rate limit handled by sleeping or retrying inline"
    guideline = "rate-limits"
    # Every check contains one of these byte sequences.
    prefilter = re.compile(
        rb"429|retry.after|rate.?limit|throttl|too.?many.?requests|resourceexhausted|abuse.?detection|"
        rb"slowdown|quota.?exceeded|requestlimitexceeded"
    )
    prefilter_folded = True

    valid = (
        example(
            """
            import requests
            from integration_lint.runtime import RateLimitedError

            def fetch(url):
                resp = requests.get(url, timeout=10)
                if resp.status_code == 429:
                    raise RateLimitedError(retry_after=float(resp.headers.get("Retry-After", "60")))
                return resp.json()
            """,
            "raising_a_typed_error",
        ),
        example(
            """
            import requests
            from celery import shared_task

            @shared_task(bind=True, max_retries=5)
            def sync(self, url):
                resp = requests.get(url, timeout=10)
                if resp.status_code == 429:
                    raise self.retry(countdown=int(resp.headers.get("Retry-After", "60")))
                return resp.json()
            """,
            "handing_the_wait_to_celery",
        ),
        example(
            """
            from django.http import HttpResponse
            from django_ratelimit.exceptions import Ratelimited

            def handler(request, exception):
                if isinstance(exception, Ratelimited):
                    return HttpResponse("slow down", status=429)
                return HttpResponse(status=403)
            """,
            "inbound_rate_limit_response",
        ),
        example(
            """
            import logging
            import requests

            log = logging.getLogger(__name__)

            def push_all(items):
                for item in items:
                    resp = requests.post("https://api.example.com/items", json=item, timeout=10)
                    if resp.status_code == 429:
                        log.warning("rate limited, item %s deferred", item["id"])
                        continue
            """,
            "skipping_an_item_is_not_a_retry",
        ),
        example(
            """
            from integration_lint.runtime import RateLimiter
            import requests

            limiter = RateLimiter("doctolib", "10/s")

            def fetch(url):
                limiter.acquire()
                return requests.get(url, timeout=10).json()
            """,
            "shared_limiter",
        ),
    )
    invalid = (
        example(
            """
            import time
            import requests

            def fetch(url):
                resp = requests.get(url, timeout=10)
                if resp.status_code == 429:
                    time.sleep(int(resp.headers.get("Retry-After", "1")))
                    resp = requests.get(url, timeout=10)
                return resp.json()
            """,
            "status_429_then_sleep_and_call_again",
            lines=(6,),
        ),
        example(
            """
            import time
            from http import HTTPStatus
            import requests

            def fetch(url):
                while True:
                    resp = requests.get(url, timeout=10)
                    if resp.status_code != HTTPStatus.TOO_MANY_REQUESTS:
                        return resp.json()
                    time.sleep(1)
            """,
            "httpstatus_negated_check_in_a_loop",
            lines=(8,),
        ),
        example(
            """
            import requests

            def fetch(url):
                while True:
                    resp = requests.get(url, timeout=10)
                    if resp.status_code == requests.codes.too_many_requests:
                        continue
                    return resp.json()
            """,
            "codes_too_many_requests_then_reloop",
            lines=(6,),
        ),
        example(
            """
            import time
            import requests

            def fetch(url):
                resp = requests.get(url, timeout=10)
                remaining = int(resp.headers["X-RateLimit-Remaining"])
                if remaining == 0:
                    time.sleep(60)
                return resp.json()
            """,
            "ratelimit_header_read_then_sleep",
            lines=(6,),
        ),
        example(
            """
            import time
            from apps.client import ApiClient, ApiRateLimitError

            def push(payload):
                client = ApiClient()
                try:
                    return client.push(payload)
                except ApiRateLimitError as exc:
                    time.sleep(exc.retry_after)
                    return client.push(payload)
            """,
            "caught_rate_limit_exception_then_sleep",
            lines=(8,),
        ),
        example(
            """
            import time
            from slack_sdk.errors import SlackApiError

            def post(client, text):
                for attempt in range(3):
                    try:
                        return client.chat_postMessage(channel="#ops", text=text)
                    except SlackApiError as exc:
                        if exc.response.status_code in (429, 503):
                            time.sleep(float(exc.response.headers.get("Retry-After", 1)))
            """,
            "status_in_tuple_inside_retry_loop",
            lines=(10,),
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._reported: list[tuple[int, int]] = []  # (first, last) lines of flagged branches

    # ------------------------------------------------------------------ visitors
    def _lookup(self, name: str) -> ast.AST | None:
        return module_literal(self.ctx, name)

    def _local_def(self, name: str) -> ast.AST | None:
        """A function defined in the enclosing function or at module level, by name."""
        scopes = [s.node for s in reversed(self.ctx.scopes) if s.kind != "class"]
        for scope in scopes:
            for st in ast.walk(scope) if scope is not self.ctx.tree else self.ctx.tree.body:
                if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and st.name == name:
                    return st
            break  # only the innermost function, then the module
        for st in self.ctx.tree.body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and st.name == name:
                return st
        return None

    def visit_Compare(self, node: ast.Compare) -> None:
        # a 429 check outside an `if`/`while` test: `retryable = exc.code == 429 or …`
        if any(_is_429(o) for o in (node.left, *node.comparators)):
            self._check_in_statement(node, "a 429 status check")

    def visit_If(self, node: ast.If) -> None:
        found = rate_limit_check(node.test, self._local_def, self._lookup)
        if found is None:
            return
        check, positive, what = found
        branch = node.body if positive else node.orelse
        rest: list[ast.stmt] = []
        if not node.orelse:
            if positive:
                rest = self._rest_after(node)
            elif leaves(node.body):
                # `if status != 429: return …` — what follows the if handles the rate limit
                branch = self._rest_after(node)
        action = self._inline_wait(branch, node, positive, rest)
        if action is None:
            return
        header = self._header_in(branch) if self._several_codes(check) else None
        if header is not None:
            # `if status not in RETRYABLE_STATUSES: raise …` then `retry_after =
            # resp.headers.get("Retry-After")` and a sleep, or `if status in RETRYABLE_STATUSES:
            # wait = _backoff(attempt, resp.headers.get("Retry-After")); sleep(wait)`: the check
            # lets every retryable status (429 among 5xx) through the same way; the rate limit
            # is handled where its header is read
            self._flag(header, f"a `{self._header_name(header)}` header read", action, branch, at=check)
            return
        self._flag(check, what, action, branch or [node])

    def _several_codes(self, check: ast.AST) -> bool:
        """A status compared with a set of codes (`in (429, 503)`, `not in RETRYABLE`), not
        with 429 alone."""
        if not isinstance(check, ast.Compare):
            return False
        for operand in (check.left, *check.comparators):
            literal = code_literal(operand, self._lookup) if isinstance(operand, ast.Name) else operand
            if isinstance(literal, (ast.Tuple, ast.List, ast.Set)) and len(literal.elts) > 1:
                return True
        return False

    @staticmethod
    def _header_in(branch: list[ast.stmt]) -> ast.AST | None:
        """The first rate-limit header read (`h.get("Retry-After")`, `h["Retry-After"]`) in the
        branch: calls outside nested functions, then subscripts anywhere in it."""
        for st in branch:
            for sub in iter_calls(st):
                if _header_read(sub):
                    return sub
            for sub in ast.walk(st):
                if isinstance(sub, ast.Subscript) and _header_read(sub):
                    return sub
        return None

    def visit_While(self, node: ast.While) -> None:
        # `while resp.status_code == 429: sleep(…); resp = get(…)` re-loops by construction
        found = rate_limit_check(node.test, self._local_def, self._lookup)
        if found is None or not found[1]:
            return
        check, _, what = found
        calls = [c for st in node.body for c in iter_calls(st)]
        if any(is_sleep(self.ctx, c) for c in calls):
            action = "sleeps inline"
        elif calls and not self._hands_off(calls):
            action = "calls again"
        else:
            return
        self._flag(check, what, action, node.body)

    def visit_Match(self, node: ast.AST) -> None:
        # `match status: case 429: …` then the loop goes round / sleeps after the match
        for case in node.cases:  # type: ignore[attr-defined]
            values = _case_values(case.pattern)
            if not any(_is_429(v, self._lookup) for v in values):
                continue
            action = self._inline_wait(case.body, node, True, self._rest_after(node))  # type: ignore[arg-type]
            if action is not None:
                self._flag(case.pattern, "a 429 status check", action, case.body or [node])

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if not _exception_is_rate_limit(node.type):
            return
        action = self._inline_wait(node.body, node, True, [])
        if action is None:
            return
        self._flag(node.type, "a caught rate-limit error", action, node.body)  # type: ignore[arg-type]

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _header_read(node):
            self._check_header_read(node)

    def visit_Call(self, node: ast.Call) -> None:
        if _header_read(node):
            self._check_header_read(node)

    # ------------------------------------------------------------------ analysis
    def _check_header_read(self, node: ast.AST) -> None:
        header = self._header_name(node)
        if header.lower() == "retry-after" and self._long_running_operation():
            return  # Retry-After pacing the polling of a 202 + Location operation
        self._check_in_statement(node, f"a `{header}` header read")

    def _long_running_operation(self) -> bool:
        """The function follows a `Location`/`Operation-Location` header: an asynchronous
        operation being polled, where Retry-After is the server's polling interval."""
        func = self.ctx.function_scope
        if func is None or func.node is None:
            return False
        return any(
            isinstance(n, ast.Constant)
            and isinstance(n.value, str)
            and n.value.lower() in ("location", "operation-location", "azure-asyncoperation")
            for n in ast.walk(func.node)
        )

    def _check_in_statement(self, node: ast.AST, what: str) -> None:
        line = getattr(node, "lineno", 0)
        if any(a <= line <= b for a, b in self._reported):
            return
        # the statement holding the read, then what follows it in the same block
        parents = self.ctx.parents
        stmt = None
        block: list[ast.stmt] | None = None
        for i in range(len(parents) - 1, -1, -1):
            p = parents[i]
            if isinstance(p, SCOPES):
                break
            if isinstance(p, ast.stmt):
                stmt = p
                holder = parents[i - 1] if i > 0 else None
                if holder is not None:
                    for field in ("body", "orelse", "finalbody"):
                        seq = getattr(holder, field, None)
                        if isinstance(seq, list) and p in seq:
                            block = seq
                            break
                break
        if stmt is None or block is None:
            return
        if isinstance(stmt, (ast.If, ast.While)) and any(node is n for n in ast.walk(stmt.test)):
            return  # handled by visit_If as a check
        if isinstance(stmt, (ast.Return, ast.Assert)):
            return  # a predicate's result, or a test asserting our own rate limit
        following = block[block.index(stmt):]
        for st in following:
            if isinstance(st, ast.Raise):
                return
            for call in iter_calls(st):
                if is_sleep(self.ctx, call):
                    self._flag(node, what, "sleeps inline", [stmt])
                    return

    @staticmethod
    def _header_name(node: ast.AST) -> str:
        for sub in ast.walk(node):
            if _rate_header(sub):
                return sub.value  # type: ignore[attr-defined]
        return "rate-limit"

    def _rest_after(self, node: ast.stmt) -> list[ast.stmt]:
        parents = self.ctx.parents
        holder = parents[-1] if parents else None
        for field in ("body", "orelse", "finalbody"):
            seq = getattr(holder, field, None)
            if isinstance(seq, list) and node in seq:
                return seq[seq.index(node) + 1:]
        return []

    def _enclosing_loop(self) -> ast.AST | None:
        for p in reversed(self.ctx.parents):
            if isinstance(p, SCOPES):
                return None
            if isinstance(p, (ast.While, ast.For, ast.AsyncFor)):
                return p
        return None

    def _retry_loop(self, loop: ast.AST | None) -> bool:
        if isinstance(loop, ast.While):
            return True
        if isinstance(loop, (ast.For, ast.AsyncFor)) and isinstance(loop.iter, ast.Call):
            name = self.ctx.resolve_call(loop.iter)
            if name is None and isinstance(loop.iter.func, ast.Name):
                name = loop.iter.func.id
            return name in COUNTER_ITERATORS
        return False

    def _inline_wait(self, branch: list[ast.stmt], node: ast.AST, positive: bool, rest: list[ast.stmt]) -> str | None:
        """How the branch handling the rate limit waits or retries inline, or None."""
        ctx = self.ctx
        calls = [c for st in branch for c in iter_calls(st)]
        if any(is_sleep(ctx, c) for c in calls):
            return "sleeps inline"
        func = ctx.function_scope
        if func is not None:
            for c in calls:
                f = c.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                if name == func.name and (
                    isinstance(f, ast.Name) or (isinstance(f.value, ast.Name) and f.value.id in ("self", "cls"))  # type: ignore[union-attr]
                ):
                    return "calls itself again"
        loop = self._enclosing_loop()
        if self._retry_loop(loop) and self._success_leaves(loop, branch):  # type: ignore[arg-type]
            if any(isinstance(s, ast.Continue) for s in iter_stmts(branch)):
                return "goes round the loop again"
            if branch and not leaves(branch) and not self._hands_off(calls):
                if not rest or not leaves(rest):
                    return "goes round the loop again"
        return None

    @staticmethod
    def _success_leaves(loop: ast.For | ast.AsyncFor | ast.While, branch: list[ast.stmt]) -> bool:
        """A retry loop is left on success (`return`/`break` outside the rate-limit branch);
        a loop that makes N attempts on purpose (counting refusals) is not a retry."""
        inside = {id(s) for s in iter_stmts(branch)}
        return any(
            isinstance(st, (ast.Return, ast.Break)) and id(st) not in inside
            for st in iter_stmts(loop.body)
        )

    @staticmethod
    def _hands_off(calls: list[ast.Call]) -> bool:
        for c in calls:
            f = c.func
            if isinstance(f, ast.Attribute) and f.attr in ("retry", "apply_async", "acquire"):
                return True
        return False

    def _flag(self, check: ast.AST, what: str, action: str, branch: list[ast.stmt], at: ast.AST | None = None) -> None:
        first = min(getattr(s, "lineno", 0) for s in branch)
        last = max(getattr(s, "end_lineno", 0) or 0 for s in branch)
        self._reported.append((min(first, getattr(at or check, "lineno", first)), last))
        self.report(
            check,
            (
                f"rate limit handled inline: {what} that {action}; raise "
                f"`integration_lint.runtime.RateLimitedError(retry_after=...)` and let the "
                f"`integration_lint.runtime.retry` preset or Celery `retry_backoff` wait, or "
                f"throttle with `integration_lint.runtime.RateLimiter`"
            ),
            fix=Fix(
                DISPLAY_ONLY,
                (
                    "Replace the inline wait with `raise RateLimitedError(retry_after="
                    "parse_retry_after(resp.headers.get('Retry-After')))` and decorate the "
                    "function with `@retry` (`from integration_lint.runtime import "
                    "RateLimitedError, parse_retry_after, retry`)"
                ),
            ),
        )
