"""IL402 http-call-without-timeout."""

from __future__ import annotations

import ast
import dataclasses
import re

from ..model import UNSAFE, Condition, Edit, Fix, PendingFinding
from ..outbound import REQUESTS_FUNCTIONS, REQUESTS_SESSION_METHODS, is_requests_call
from ..project import parameter_ref
from .base import Rule, example, register

HTTPX_TIMEOUT_NONE = frozenset(
    {
        "httpx.Client",
        "httpx.AsyncClient",
        *(f"httpx.{v}" for v in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")),
        *(f"httpx.Client.{v}" for v in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send")),
        *(f"httpx.AsyncClient.{v}" for v in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send")),
    }
)
URLOPEN = "urllib.request.urlopen"


def _keyword(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _timeout_state(call: ast.Call) -> str:
    """'set', 'none' (explicit None), 'unknown' (**kwargs may carry it) or 'missing'."""
    kw = _keyword(call, "timeout")
    if kw is not None:
        return "none" if _is_none(kw.value) else "set"
    for kw in call.keywords:
        if kw.arg is None:
            if isinstance(kw.value, ast.Dict):
                keys = [k.value for k in kw.value.keys if isinstance(k, ast.Constant)]
                if "timeout" in keys or any(k is None for k in kw.value.keys):
                    return "unknown" if "timeout" not in keys else "set"
                continue
            return "unknown"
    return "missing"


def _may_be_url_call(call: ast.Call) -> bool:
    """A session verb's first argument is a URL: `options.get("name")` on a dict parameter, or a
    call without a URL, is not one."""
    url = call.args[0] if call.args else next((kw.value for kw in call.keywords if kw.arg == "url"), None)
    if url is None:
        return False
    if isinstance(url, ast.Constant):
        return isinstance(url.value, str) and ("/" in url.value or ":" in url.value)
    return True


def _literal_keys(node: ast.AST) -> set[str] | None:
    """The keys of a dict literal whose keys are all string constants (no `**` inside), else None."""
    if not isinstance(node, ast.Dict):
        return None
    keys = set()
    for key in node.keys:
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        keys.add(key.value)
    return keys


def local_kwargs_without_timeout(function: ast.AST, name: str) -> bool:
    """In `function`, is the local `name` a dict built only from literals that never gets a
    `timeout` key? One `name = {...}` of constant keys, then only `name["k"] = v`,
    `name.update({...})`, `name.setdefault("k", v)` with other constant keys, and reads
    (`**name`, `name["k"]`, `name.get(...)`). Any other use (a parameter, passing it on, another
    method, a nested function, `global`) may add a timeout: False."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    args = function.args
    if any(a.arg == name for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a):
        return False
    allowed: set[int] = set()  # ids of Name nodes whose use is accounted for
    binds = 0
    for node in ast.walk(function):
        if node is not function and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)):
                return False  # a closure could change it
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return False
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    keys = _literal_keys(node.value) if node.value is not None else None
                    if keys is None or "timeout" in keys or len(targets) != 1:
                        return False
                    binds += 1
                    allowed.add(id(target))
                elif (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == name
                ):
                    key = target.slice
                    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or key.value == "timeout":
                        return False
                    allowed.add(id(target.value))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == name:
                method = node.func.attr
                if method == "get":
                    allowed.add(id(owner))
                elif method == "update" and len(node.args) == 1 and not node.keywords:
                    keys = _literal_keys(node.args[0])
                    if keys is None or "timeout" in keys:
                        return False
                    allowed.add(id(owner))
                elif method == "setdefault" and node.args:
                    key = node.args[0]
                    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or key.value == "timeout":
                        return False
                    allowed.add(id(owner))
                else:
                    return False
        elif isinstance(node, ast.keyword) and node.arg is None and isinstance(node.value, ast.Name):
            if node.value.id == name:
                allowed.add(id(node.value))
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == name:
            if isinstance(node.ctx, ast.Load):
                allowed.add(id(node.value))
    if binds != 1:
        return False
    return all(
        id(node) in allowed for node in ast.walk(function) if isinstance(node, ast.Name) and node.id == name
    )


def read_timeout(value: str) -> str:
    """The read part of a `(connect, read)` literal; a single number is returned unchanged."""
    text = value.strip()
    if text.startswith("(") and text.endswith(")") and "," in text:
        return text[1:-1].rsplit(",", 1)[1].strip() or text
    return text



# `x.timeout = …` (an attribute assignment; requests' sessions have no such setting)
_TIMEOUT_ATTRIBUTE = re.compile(r"\.timeout\s*=(?!=)")

@register
class HttpCallWithoutTimeout(Rule):
    """
    ## What it does
    Flags `requests` calls — module functions (`requests.get`, `requests.post`, …) and `Session`
    methods, including subclasses such as `OAuth2Session` and the project's own session classes —
    and `urllib.request.urlopen` calls made without a `timeout`, or with `timeout=None`. For
    `httpx`, which has a default timeout, only an explicit `timeout=None` is flagged.
    The session is found wherever the project keeps it: `self.session` set in any method or a
    base class, a class attribute, a module variable imported elsewhere, a helper's or
    `@cached_property`'s return value, `with Session() as s`, through import aliases and
    package re-exports, or a parameter's default (`def head(url, session=session)` with a
    module-level session), or an untyped parameter a caller in the project passes a session
    in (`self._push(client, data)` with `client = self._client(site)`, then `client.http.post(…)`)
    (ruff's S113 and bandit's B113 see module functions only). The same
    call twice on one line (`s.delete(url, json=d) if d else s.delete(url)`) is one finding.

    ## Why is this bad?
    Without a timeout a slow or silent third-party server blocks the calling worker forever:
    a Celery worker stops consuming its queue, a web worker stops serving requests. The
    integrations guideline requires every outbound call to have a bounded wait
    ([guideline](../guidelines/integrations.md#timeouts)).

    ## Example
    ```python
    import requests

    response = requests.get("https://api.doctolib.example/patients")
    ```

    ## Use instead
    ```python
    import requests

    response = requests.get("https://api.doctolib.example/patients", timeout=(3.05, 30))
    ```
    or `integration_lint.runtime.ConnectorSession`, which applies a default timeout to every call.

    ## Fix safety
    The fix adds `timeout=(3.05, 30)` (the `default-timeout` setting; `urlopen`, which takes one
    number, gets its read part). It is unsafe: calls that used to wait indefinitely now raise
    `requests.Timeout` after the read timeout, which the caller may not handle. A finding for
    two calls on one line edits both.

    ## Options
    - `default-timeout`: the value the fix inserts (a number or `[connect, read]`).
    - A call passing `**kwargs` is not flagged (the timeout may be in them) unless the kwargs are
      a local dict built only from literals that never gets a `timeout` key (`kwargs = {...}`,
      `kwargs["verify"] = False`, `kwargs.update({...})`), or a literal dict without `timeout`. A session class that sets a timeout in its own
      `request`/`send`/`__init__` is trusted, and so is a helper that binds one into the
      session it returns (`session.request = functools.partial(session.request, timeout=10)`).
    - `session.timeout = 30` does nothing in requests: where a file sets it, the message of a
      session call says so.
    """

    code = "IL402"
    name = "http-call-without-timeout"
    family = "timeouts"
    summary = "An HTTP call with no timeout"
    guideline = "timeouts"
    # Conservative: every flagged call is an `urlopen`/`httpx` call or an HTTP-verb call
    # (`requests.get`, `session.post`, `client.request`, or a verb imported by name).
    prefilter = re.compile(
        rb"urlopen|httpx|\b(?:get|post|put|patch|delete|head|options|request|send)\b"
    )

    valid = (
        example(
            """
            import requests
            requests.get("https://api.example.com/patients", timeout=10)
            """,
            "module_function_with_timeout",
        ),
        example(
            """
            import requests
            def fetch(url, **kwargs):
                return requests.get(url, **kwargs)

            def push(url, data, options):
                kwargs = {"json": data}
                kwargs.update(options)  # may carry a timeout
                return requests.post(url, **kwargs)

            def pull(url, timeout):
                kwargs = {"params": {"page": 1}}
                kwargs["timeout"] = timeout
                return requests.get(url, **kwargs)

            def send(url, data):
                kwargs = {"json": data}
                configure(kwargs)  # handed on: may be given a timeout
                return requests.post(url, **kwargs)
            """,
            "kwargs_may_carry_timeout",
        ),
        example(
            """
            import httpx
            httpx.get("https://api.example.com")
            """,
            "httpx_has_a_default_timeout",
        ),
        example(
            """
            import requests

            class TimeoutSession(requests.Session):
                def request(self, method, url, **kwargs):
                    kwargs.setdefault("timeout", 10)
                    return super().request(method, url, **kwargs)

            def fetch():
                return TimeoutSession().get("https://api.example.com")
            """,
            "session_subclass_setting_a_default_timeout",
        ),
        example(
            """
            from urllib.request import urlopen
            urlopen("https://api.example.com", None, 10)
            """,
            "urlopen_positional_timeout",
        ),
        example(
            """
            def get(url):
                return url
            get("https://api.example.com")
            """,
            "unrelated_function_named_get",
        ),
        example(
            """
            from apps.core.http import build_session

            def fetch_profile(token):
                with build_session() as session:
                    return session.get("https://api.example.com/me", headers={"Authorization": token})
            """,
            "factory_binds_a_default_timeout_with_partial",
            path="apps/sync/client.py",
            files={
                "apps/core/http.py": """
                    import functools

                    import requests

                    def build_session():
                        session = requests.Session()
                        session.request = functools.partial(session.request, timeout=10)
                        return session
                    """,
            },
        ),
    )

    invalid = (
        example(
            """
            import requests
            requests.get("https://api.example.com/patients")
            """,
            "module_function_without_timeout",
            lines=(2,),
            fixed="""
            import requests
            requests.get("https://api.example.com/patients", timeout=(3.05, 30))
            """,
            unsafe=True,
        ),
        example(
            """
            import requests

            class Client:
                def __init__(self):
                    self.session = requests.Session()

                def patients(self):
                    return self.session.get("https://api.example.com/patients")
            """,
            "session_method_on_self",
            lines=(8,),
        ),
        example(
            """
            from requests_oauthlib import OAuth2Session

            def invoices(token):
                oauth = OAuth2Session("client-id", token=token)
                return oauth.get("https://app.pennylane.example/api/invoices")
            """,
            "oauth2_session_method",
            lines=(5,),
        ),
        example(
            """
            import urllib.request
            body = urllib.request.urlopen("https://data.inpi.example/companies").read()
            """,
            "urlopen_without_timeout",
            lines=(2,),
        ),
        example(
            """
            import requests
            requests.post("https://api.example.com", json={}, timeout=None)
            """,
            "explicit_timeout_none",
            lines=(2,),
        ),
        example(
            """
            import httpx
            client = httpx.Client(timeout=None)
            """,
            "httpx_client_with_timeout_none",
            lines=(2,),
        ),
        example(
            """
            import requests
            requests.get("https://api.example.com", **{"params": {"page": 1}})
            """,
            "literal_kwargs_without_timeout",
            lines=(2,),
        ),
        example(
            """
            import requests

            def push(url, data, insecure):
                kwargs = {"auth": ("svc", "x"), "json": data}
                kwargs.update({"headers": {"Content-Type": "application/json"}})
                if insecure:
                    kwargs["verify"] = False
                return requests.post(url, **kwargs)
            """,
            "local_literal_kwargs_without_timeout",
            lines=(8,),
        ),
        example(
            """
            from apps.core.http import ApiSession

            def fetch():
                with ApiSession() as session:
                    return session.post("https://api.example.com/sync")
            """,
            "project_session_subclass_in_another_module",
            path="apps/sync/client.py",
            files={
                "apps/core/http.py": """
                    import requests

                    class ApiSession(requests.Session):
                        pass
                    """,
            },
            lines=(5,),
        ),
        example(
            """
            from apps.core.http import build_session

            def fetch_profile(token):
                with build_session() as session:
                    return session.get("https://api.example.com/me", headers={"Authorization": token})
            """,
            "factory_binds_headers_not_a_timeout",
            path="apps/sync/client.py",
            files={
                "apps/core/http.py": """
                    import functools

                    import requests

                    def build_session():
                        session = requests.Session()
                        session.request = functools.partial(session.request, headers={"X-Client": "sync"})
                        return session
                    """,
            },
            lines=(5,),
        ),
    )

    def visit_Call(self, node: ast.Call) -> None:
        name = self.ctx.resolve_call(node)
        if not name:
            self._parameter_session_call(node)
            return
        if name in HTTPX_TIMEOUT_NONE:
            kw = _keyword(node, "timeout")
            if kw is not None and _is_none(kw.value):
                self.report(node, f"`{name}` with `timeout=None` waits forever on a silent server; set a finite timeout")
            return
        if name == URLOPEN:
            if len(node.args) >= 3:
                return
            state = _timeout_state(node)
            if state in ("missing", "none"):
                self._report_missing(node, name, state, single_number=True)
            return
        if is_requests_call(name):
            state = self._state(node)
            if state in ("missing", "none"):
                self._report_missing(node, name, state)
            return
        owner, _, method = name.rpartition(".")
        if method in REQUESTS_SESSION_METHODS and owner and "." in owner:
            state = self._state(node)
            if state in ("missing", "none"):
                self._report_missing(
                    node, name, state, Condition(session_method_without_timeout=name)
                )

    def _parameter_session_call(self, node: ast.Call) -> None:
        """`api_client.api_session.post(url)` on an untyped parameter: decided by the project pass
        from the arguments the callers pass (`self._create(self._get_api_client(p), …)`), reported
        when one of them makes it a requests session method."""
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in REQUESTS_SESSION_METHODS:
            return
        if not _may_be_url_call(node):
            return
        member = self.ctx.untyped_parameter_member(func)
        if member is None:
            return
        state = self._state(node)
        if state not in ("missing", "none"):
            return
        function = self.ctx.function_scope.qualname  # type: ignore[union-attr]
        ref = parameter_ref(function, *member)
        self._report_missing(node, ref, state, Condition(session_method_without_timeout=ref))

    def _state(self, node: ast.Call) -> str:
        """`_timeout_state`, with `**kwargs` read when they are a local dict built from literals
        without a `timeout` key (`kwargs = {"auth": a}; kwargs["verify"] = False;
        requests.post(url, **kwargs)`)."""
        state = _timeout_state(node)
        if state != "unknown":
            return state
        stars = [kw.value for kw in node.keywords if kw.arg is None]
        if not all(isinstance(v, (ast.Name, ast.Dict)) for v in stars):
            return state
        scope = self.ctx.function_scope
        function = scope.node if scope is not None else None
        for value in stars:
            if isinstance(value, ast.Dict):
                keys = _literal_keys(value)
                if keys is None or "timeout" in keys:
                    return state
            elif function is None or not local_kwargs_without_timeout(function, value.id):
                return state
        return "missing"

    def _report_missing(
        self,
        node: ast.Call,
        name: str,
        state: str,
        condition: Condition | None = None,
        single_number: bool = False,
    ) -> None:
        # With a condition the project pass names the session class it resolved (`{target}`).
        shown = name if condition is None else "{target}"
        what = "with `timeout=None`" if state == "none" else "without a timeout"
        note = ""
        session_call = condition is not None or (
            not single_number and name not in REQUESTS_FUNCTIONS and is_requests_call(name)
        )
        if session_call and self._sets_session_timeout_attribute():
            note = " (`session.timeout = …` is not read by requests: it needs `timeout=` on each call)"
        fix = self._fix(node, state, single_number)
        # The same call twice on one line (`s.delete(url, json=d) if d else s.delete(url)`) is
        # one finding, whose fix edits both calls.
        key = (node.lineno, name, state)
        seen = self.__dict__.setdefault("_same_line", {})
        earlier = seen.get(key)
        if earlier is not None:
            self._merge_fix(earlier, fix)
            return
        self.report(
            node,
            f"`{shown}` called {what}: a silent server blocks the worker forever; "
            f"pass `timeout=` or use `integration_lint.runtime.ConnectorSession`{note}",
            fix=fix,
            condition=condition,
        )
        seen[key] = (self.ctx.pending if condition is not None else self.ctx.findings, -1)
        seen[key] = (seen[key][0], len(seen[key][0]) - 1)

    @staticmethod
    def _merge_fix(earlier: tuple[list, int], fix: Fix | None) -> None:
        holder, index = earlier
        item = holder[index]
        finding = item.finding if isinstance(item, PendingFinding) else item
        if fix is None or finding.fix is None:
            return
        merged = dataclasses.replace(
            finding.fix, edits=finding.fix.edits + fix.edits, imports=tuple(dict.fromkeys(finding.fix.imports + fix.imports))
        )
        finding = dataclasses.replace(finding, fix=merged)
        holder[index] = dataclasses.replace(item, finding=finding) if isinstance(item, PendingFinding) else finding

    def _sets_session_timeout_attribute(self) -> bool:
        """Does the file assign a `timeout` attribute to a requests session (`session.timeout = 30`,
        `self.session.timeout = …`)? requests ignores it; the message says so."""
        known = getattr(self, "_session_timeout_attr", None)
        if known is None:
            known = False
            if _TIMEOUT_ATTRIBUTE.search(self.ctx.source):
                for sub in ast.walk(self.ctx.tree):
                    if isinstance(sub, ast.Assign) and any(
                        isinstance(t, ast.Attribute) and t.attr == "timeout" for t in sub.targets
                    ):
                        known = True
                        break
            self._session_timeout_attr = known
        return known

    def _fix(self, node: ast.Call, state: str, single_number: bool = False) -> Fix | None:
        value = self.ctx.config.default_timeout
        if single_number:
            value = read_timeout(value)  # urlopen takes one number of seconds, not (connect, read)
        if (
            state != "none"
            and len(node.args) == 1
            and not node.keywords
            and isinstance(node.args[0], ast.GeneratorExp)
            and self._bare_generator(node)
        ):
            # `f(x for x in y)` → `f((x for x in y), timeout=…)`: a bare generator argument must
            # be parenthesised once another argument follows; its span is the call's `(...)`.
            gen = node.args[0]
            line, col, end_line, end_col = self.ctx.position(gen)
            edit = Edit(line, col, end_line, end_col, f"({self.ctx.segment(gen)}, timeout={value})")
            return Fix(UNSAFE, f"Add `timeout={value}`", (edit,))
        if state == "none":
            kw = _keyword(node, "timeout")
            assert kw is not None
            line, col, end_line, end_col = self.ctx.position(kw.value)
            edit = Edit(line, col, end_line, end_col, value)
        else:
            args = [*node.args, *node.keywords]
            if args:
                last = max(args, key=lambda a: (a.end_lineno or 0, a.end_col_offset or 0))
                _, _, end_line, end_col = self.ctx.position(last)
                edit = Edit(end_line, end_col, end_line, end_col, f", timeout={value}")
            else:
                _, _, end_line, end_col = self.ctx.position(node)
                edit = Edit(end_line, end_col - 1, end_line, end_col - 1, f"timeout={value}")
        return Fix(UNSAFE, f"Add `timeout={value}`", (edit,))

    @staticmethod
    def _bare_generator(node: ast.Call) -> bool:
        """The only argument is a generator sharing the call's parentheses: `f(x for x in y)`
        (ast gives such a generator the span of the call's parentheses)."""
        gen = node.args[0]
        return (gen.end_lineno, gen.end_col_offset) == (node.end_lineno, node.end_col_offset)
