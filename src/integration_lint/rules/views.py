"""IL401 api-call-in-view."""

from __future__ import annotations

import ast
import re

from ..model import Condition
from ..project import (
    ACTION_DECORATORS,
    ACTION_SUFFIXES,
    HANDLER_METHODS,
    ROUTE_DECORATORS,
    call_site_ref,
    is_views_path,
)
from .base import Rule, example, register

# Calls that enqueue work instead of doing it (Celery, Django's on_commit).
ENQUEUE_METHODS = frozenset(
    {"delay", "apply_async", "delay_on_commit", "apply_async_on_commit", "on_commit",
     "send_task", "s", "si", "signature", "enqueue", "defer"}
)
DEFERRING_CALLS = frozenset({"on_commit", "delay_on_commit", "apply_async_on_commit"})
# The request parameter; a leading underscore only says the view does not read it
# (`def word_audio(_request, word_id)`).
REQUEST_PARAMS = frozenset({"request", "req", "_request", "_req"})
# Frameworks whose views read the request from a global (`flask.request`): any module-level
# function of a file importing one may be a view routed by call (`app.add_url_rule`).
FLASK_PACKAGES = frozenset({"flask", "quart"})


def _last_attr(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


@register
class ApiCallInView(Rule):
    """
    ## What it does
    Flags a synchronous outbound call (HTTP client, SDK client, or a project function that
    reaches one, across modules) made inside a request handler: a function view (in `views.py`,
    a `views/` package, or routed from `urls.py`), a DRF `@api_view` function, a Flask
    `@app.route`/`@bp.route`/`@app.get` function, a Django Ninja `@router.post(...)` operation,
    or a handler method of a class-based view (Django `View`
    and generic views, DRF `APIView`/`GenericAPIView`/`ViewSet`/`ModelViewSet`, resolved through
    the project's own base classes): `get`, `post`, `put`, `patch`, `delete`, `dispatch`,
    `form_valid`, `list`, `create`, `retrieve`, `update`, `destroy`, `perform_create`, `@action`
    methods, and the hooks Django's generic views call while answering (`get_context_data`,
    `get_redirect_url`, `get_queryset`, `get_success_url`, `get_initial`, `get_form_kwargs`).
    Reported at the call site in the handler; the message shows the chain
    (`views.book → services.sync_patient → requests.post`). A hook that calls its parent's
    (`super().get_context_data()`) is not reported for the parent's calls: the parent reports
    them, once. Objects read from a manager's queryset (`Order.objects.get(...)`,
    `for order in Order.objects.filter(...)`, `get_object_or_404(Order, ...)`) are typed as the
    model, so their methods' outbound calls are followed; so are the attributes a project class
    stores from its constructor's arguments (`SyncUsers(integration).run()` with `self.integration
    = integration` and `self.integration.run_request(...)` in its methods), per instantiation,
    relation fields (`customer = models.ForeignKey(Customer, …)`: `order.customer.sync()`), and
    an abstract method (`raise NotImplementedError`, `@abstractmethod`) called on a value typed as
    its base class, when every override the project defines calls out.
    A function the handler defines and calls by name (`def _pick(): …` then `_pick()`) runs while
    answering: its outbound calls are reported inside it, and at the handler's `_pick()` call
    (the line of the handler that waits); one handed to `on_commit` or never called is not.
    A plain function kept on a class and routed directly (`path("start/", Oauth.start)` with
    `def start(request)`) is a handler like a function view. So is a Flask (or Quart) view
    routed by call, which takes no request: `app.add_url_rule("/p", view_func=f)`,
    `bp.add_url_rule("/p", "name", View.as_view("n"))` (a `MethodView`'s verbs, a `View`'s
    `dispatch_request`), also in a routes function handed the app.

    ## Why is this bad?
    A third-party API that answers in seconds (or never) holds a web worker for as long; a
    handful of slow calls exhausts the pool and the whole site stalls. A sync that can take
    more than about a second belongs in a Celery task
    ([guideline](../guidelines/integrations.md#sync-placement)).

    ## Example
    ```python
    from apps.sync.services import sync_patient

    def book(request, pk):
        sync_patient(pk)  # → requests.post to the booking API
        return redirect("agenda")
    ```

    ## Use instead
    ```python
    from django.db import transaction
    from apps.sync.tasks import sync_patient_task

    def book(request, pk):
        transaction.on_commit(lambda: sync_patient_task.delay(pk))
        return redirect("agenda")
    ```

    ## Fix safety
    No automatic fix: moving a call into a task changes what the response can show.

    ## Options
    - `http-clients`: extra modules/functions that count as outbound calls.
    - Enqueuing is clean: `.delay()`, `.apply_async()`, `transaction.on_commit(...)`,
      `delay_on_commit`. An OAuth code-for-token exchange in a callback view is still reported
      (it is a blocking call), with a message saying so, so a team can suppress it with a reason.
    """

    code = "IL401"
    name = "api-call-in-view"
    family = "sync-placement"
    summary = "A synchronous outbound call inside a request handler"
    guideline = "sync-placement"
    # Conservative: a handler is a function taking `req…`, a decorated route/api_view/action,
    # or a method with a handler name; the regex admits every file that can contain one.
    prefilter = re.compile(
        rb"req|api_view|route|action|flask|quart|def\s+(?:get|post|put|patch|delete|head|options|dispatch"
        rb"|form_valid|list|create|retrieve|update|partial_update|destroy|perform_\w+"
        rb"|get_context_data|get_redirect_url|get_queryset|get_success_url|get_initial|get_form_kwargs)\b"
    )

    valid = (
        example(
            """
            from apps.sync.tasks import sync_patient

            def book(request, pk):
                sync_patient.delay(pk)
            """,
            "task_enqueued_with_delay",
            path="apps/sync/views.py",
            files={
                "apps/sync/tasks.py": """
                    import requests
                    from celery import shared_task

                    @shared_task
                    def sync_patient(pk):
                        requests.post("https://api.example.com", json={"pk": pk}, timeout=5)
                    """,
            },
        ),
        example(
            """
            from django.db import transaction
            from apps.sync.tasks import sync_patient

            def book(request, pk):
                transaction.on_commit(lambda: sync_patient.apply_async(args=(pk,)))
            """,
            "task_enqueued_on_commit",
            path="apps/sync/views.py",
            files={
                "apps/sync/tasks.py": """
                    import requests
                    from celery import shared_task

                    @shared_task
                    def sync_patient(pk):
                        requests.post("https://api.example.com", json={"pk": pk}, timeout=5)
                    """,
            },
        ),
        example(
            """
            import requests

            def refresh(pk):
                return requests.get(f"https://api.example.com/{pk}", timeout=5)
            """,
            "outbound_call_outside_a_view",
            path="apps/sync/services.py",
        ),
        example(
            """
            from django.views import View
            from django.shortcuts import render

            class AgendaView(View):
                def get(self, request):
                    return render(request, "agenda.html")
            """,
            "view_without_outbound_call",
            path="apps/sync/views.py",
        ),
    )
    invalid = (
        example(
            """
            import requests

            def slots(request, pk):
                return requests.get(f"https://api.example.com/{pk}/slots", timeout=5).json()
            """,
            "direct_call_in_function_view",
            path="apps/sync/views.py",
            lines=(4,),
        ),
        example(
            """
            from rest_framework.views import APIView
            from rest_framework.response import Response
            from apps.sync import services

            class BookView(APIView):
                def post(self, request, pk):
                    services.sync_patient(pk)
                    return Response(status=202)
            """,
            "transitive_call_in_drf_view_method",
            path="apps/sync/api.py",
            files={
                "apps/sync/services.py": """
                    from apps.sync.client import push

                    def sync_patient(pk):
                        return push({"pk": pk})
                    """,
                "apps/sync/client.py": """
                    import requests

                    def push(payload):
                        return requests.post("https://api.example.com", json=payload, timeout=5)
                    """,
            },
            lines=(7,),
        ),
        example(
            """
            from requests_oauthlib import OAuth2Session

            def oauth_callback(request):
                oauth = OAuth2Session("client-id", state=request.session["state"])
                oauth.fetch_token("https://auth.example.com/token", authorization_response=request.build_absolute_uri())
            """,
            "oauth_token_exchange_in_callback",
            path="apps/pennylane/views.py",
            lines=(5,),
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._handlers: dict[str, str | None] = {}
        # handler qualname -> names of the functions it defines and calls by name (`def
        # _pick(): …` then `erp = _pick()`): their bodies run while answering the request.
        self._inlined: dict[str, frozenset[str]] = {}
        self._flask: bool | None = None  # the file imports Flask or Quart (`_flask_module`)

    def _handler(self) -> tuple[str, str, str] | None:
        """(handler qualname, caller qualname, display) of the request-handler candidate we are
        directly inside: the handler itself, or a function it defines and calls by name."""
        ctx = self.ctx
        func = ctx.function_scope
        if func is None or func is not ctx.scopes[-1]:
            return None
        key = func.qualname
        if key not in self._handlers:
            self._handlers[key] = self._classify(func)
        ref = self._handlers[key]
        if ref is None:
            return None
        module = ctx.module
        short = module.rpartition(".")[2]
        display = short + key[len(module):] if module and key.startswith(module + ".") else key
        return ref, key, display

    def _inlined_by(self, func) -> frozenset[str]:
        """Names of the functions defined directly in `func` that its body calls by name (not
        handed to `on_commit`, a thread or an executor: called)."""
        found = self._inlined.get(func.qualname)
        if found is None:
            local = {
                st.name for st in func.node.body if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef))
            } if func.node is not None else set()
            called: set[str] = set()
            stack = list(func.node.body) if local else []
            while stack:
                node = stack.pop()
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                    continue  # runs when (and if) something else calls it
                if isinstance(node, ast.Call):
                    if isinstance(node.func, ast.Name) and node.func.id in local:
                        called.add(node.func.id)
                    elif _last_attr(node.func) in ENQUEUE_METHODS or _last_attr(node.func) in DEFERRING_CALLS:
                        continue  # `on_commit(partial(_push, …))`: later, not here
                stack.extend(ast.iter_child_nodes(node))
            found = self._inlined[func.qualname] = frozenset(called)
        return found

    def _classify(self, func) -> str | None:
        ctx = self.ctx
        facts = func.facts
        if facts is None:
            return None
        decorators = facts.decorators
        if any(d.endswith(ROUTE_DECORATORS) for d in decorators):
            return func.qualname  # also a route registered inside an app/blueprint factory
        parent = ctx.scopes[ctx.scopes.index(func) - 1]
        if "<locals>" in func.qualname:
            # a helper the handler defines and calls (`def _pick(): …; erp = _pick()`): part of
            # the handler, reported inside (where the outbound call is), not at `_pick()`
            if parent.kind != "function" or "<locals>" in parent.qualname:
                return None
            if parent.qualname not in self._handlers:
                self._handlers[parent.qualname] = self._classify(parent)
            outer = self._handlers[parent.qualname]
            if outer is not None and outer == parent.qualname and func.name in self._inlined_by(parent):
                return outer
            if self._flask_module():
                # a view defined in a routes function and routed there (`def partners(): …`
                # then `app.add_url_rule("/partners", view_func=partners)`)
                return func.qualname
            return None
        if parent.kind == "class":
            if func.name in HANDLER_METHODS or any(
                d in ACTION_DECORATORS or d.endswith(ACTION_SUFFIXES) for d in decorators
            ):
                return func.qualname
            if self._takes_request(func.node):
                # `def start(request)` on a class, routed as `path("x/", OAuthViews.start)`: a
                # handler when urls.py routes it (the project pass decides, `view_any`)
                return func.qualname
            return None
        if parent.kind == "module":
            if facts.first_param in REQUEST_PARAMS or any(d.startswith("flask.") for d in decorators):
                return func.qualname
            if self._flask_module() or is_views_path(ctx.relpath):
                # a Flask view routed by call (`app.add_url_rule("/p", view_func=f)`) takes no
                # request; a function of a views module may name its request anything
                # (`def export(r, pk)`): a handler when something routes it (the project pass
                # decides)
                return func.qualname
        return None

    def _flask_module(self) -> bool:
        """The file imports Flask or Quart (where a view takes the request from a global)."""
        found = self._flask
        if found is None:
            found = self._flask = any(
                target.partition(".")[0] in FLASK_PACKAGES for target in self.ctx.scopes[0].imports.values()
            )
        return found

    @staticmethod
    def _takes_request(node) -> bool:
        """A method whose first or second positional parameter is `request`/`req` (a static or
        plain function kept on a class and routed directly)."""
        args = getattr(node, "args", None)
        if args is None:
            return False
        positional = [*args.posonlyargs, *args.args][:2]
        return any(a.arg in REQUEST_PARAMS for a in positional)

    def visit_Call(self, node: ast.Call) -> None:
        handler = self._handler()
        if handler is None:
            return
        if _last_attr(node.func) in ENQUEUE_METHODS:
            return
        for parent in self.ctx.parents:
            if isinstance(parent, ast.Call) and _last_attr(parent.func) in DEFERRING_CALLS:
                return
        dispatched = self.ctx.dispatch_calls(node)
        if dispatched:
            # `HANDLERS[kind](x)`: any of the dict's functions may run
            self._report_call(node, handler[2], dispatched, handler[0])
            return
        name = self.ctx.resolve_call(node)
        if not name:
            # `for notifier in Events.notifiers: notifier.send(t)`: each element's method is called
            items = self.ctx.loop_item_calls(node)
            if items:
                ref, _caller, display = handler
                self._report_call(node, display, items, ref)
            return
        ref, caller, display = handler
        # A function the handler defines and calls by name is reported both inside (at its own
        # outbound calls) and at the handler's call of it: the line of the handler that waits
        # for the remote API. Its calls of itself or of a sibling are not (reported inside them).
        if caller != ref and ".<locals>." in name and name.rpartition(".<locals>.")[0] == ref:
            return
        # The call site, not only the callee: `_send(requests.post, url)` and `fetch(session,
        # url)` are outbound through what they pass; calling a Huey task enqueues it.
        self._report_call(node, display, (call_site_ref(name, caller, node.lineno),), ref)

    def _report_call(self, node: ast.Call, display: str, refs: tuple[str, ...], handler: str) -> None:
        self.report(
            node,
            f"`{display} → {{chain}}`: a synchronous outbound call inside a request handler holds "
            f"the web worker while the remote API answers; enqueue it as a Celery task "
            f"(`task.delay(...)`, or `transaction.on_commit(lambda: task.delay(...))`){{oauth_note}}",
            condition=Condition(outbound_any=refs, view_any=(handler,)),
        )
