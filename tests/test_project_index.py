"""The project pass: cross-module resolution, outbound chains, views — on facts built from real
source by the same traversal the engine uses."""

from __future__ import annotations

import ast
import pickle
import textwrap
from pathlib import Path

from integration_lint.analysis import BatchedWalker, FileContext
from integration_lint.config import Config
from integration_lint.facts import ClassFacts, FunctionFacts, ModuleFacts
from integration_lint.project import MAX_CHAIN, ProjectIndex


def index(files: dict[str, str], **config) -> ProjectIndex:
    cfg = Config(root=Path("/nonexistent"), **config)
    facts = []
    for path, source in files.items():
        source = textwrap.dedent(source).lstrip("\n")
        ctx = FileContext(path, source, ast.parse(source), cfg, is_package=path.endswith("__init__.py"))
        BatchedWalker(ctx, []).run()
        facts.append(ctx.facts)
    return ProjectIndex(facts, extra_clients=tuple(cfg.http_clients) + tuple(cfg.sdk_clients))


CLIENT = """
import requests

class Client:
    def __init__(self):
        self.session = requests.Session()

    def patient(self, pk):
        return self.session.get(f"https://api.example.com/{pk}", timeout=5)
"""


def test_chain_crosses_modules_through_aliases_relative_imports_and_reexports():
    idx = index(
        {
            "apps/__init__.py": "",
            "apps/sync/__init__.py": "from .client import Client as DoctolibClient\n",
            "apps/sync/client.py": CLIENT,
            "apps/sync/services.py": """
                from . import DoctolibClient

                def sync_patient(pk):
                    return DoctolibClient().patient(pk)
                """,
            "apps/web/views.py": """
                import apps.sync.services as svc

                def book(request, pk):
                    svc.sync_patient(pk)
                """,
        }
    )
    chain = idx.outbound_chain("apps.web.views.book")
    assert chain == [
        "apps.web.views.book",
        "apps.sync.services.sync_patient",
        "apps.sync.client.Client.patient",
        "requests.Session.get",
    ]
    assert " → ".join(idx.display(c) for c in chain) == (
        "views.book → services.sync_patient → client.Client.patient → requests.Session.get"
    )


def test_session_returned_by_helper_property_and_module_variable_resolves_to_its_class():
    idx = index(
        {
            "lib/clients.py": """
                from requests_oauthlib import OAuth2Session
                from requests import Session

                def get_client(token):
                    if token is None:
                        return None
                    session = OAuth2Session("id", token=token)
                    return session

                SHARED = Session()
                """,
            "lib/services.py": """
                from functools import cached_property
                from lib.clients import get_client, SHARED

                class Service:
                    @cached_property
                    def session(self):
                        return get_client(self.token)

                    def repos(self):
                        return self.session.get("https://api.example.com/repos")

                def shared():
                    return SHARED.post("https://api.example.com/x")
                """,
        }
    )
    assert idx.value_type("lib.clients.get_client") == "requests_oauthlib.OAuth2Session"
    assert idx.session_method_without_timeout("lib.services.Service.session.get")
    assert idx.session_method_without_timeout("lib.clients.SHARED.post")
    assert idx.outbound_chain("lib.services.Service.repos")[-1] == "requests_oauthlib.OAuth2Session.get"
    assert idx.outbound_chain("lib.services.shared")[-1] == "requests.Session.post"
    # a dict-like `.get` on something that is not a session is not a requests call
    assert not idx.session_method_without_timeout("lib.services.Service.token.get")


def test_attribute_set_in_a_base_class_in_another_module_is_found_through_the_subclass():
    idx = index(
        {
            "core/base.py": """
                import httpx

                class BaseConnector:
                    def __init__(self):
                        self.http = httpx.Client(timeout=10)
                """,
            "core/pennylane.py": """
                from core.base import BaseConnector

                class Pennylane(BaseConnector):
                    def invoices(self):
                        return self.http.get("/invoices")
                """,
        }
    )
    assert idx.outbound_chain("core.pennylane.Pennylane.invoices")[-1] == "httpx.Client.get"


def test_project_session_subclass_with_default_timeout_is_trusted():
    idx = index(
        {
            "net.py": """
                import requests

                class TimeoutSession(requests.Session):
                    def request(self, method, url, **kwargs):
                        kwargs.setdefault("timeout", 10)
                        return super().request(method, url, **kwargs)

                class PlainSession(requests.Session):
                    pass
                """,
        }
    )
    assert not idx.session_method_without_timeout("net.TimeoutSession.get")
    assert idx.session_method_without_timeout("net.PlainSession.get")
    assert idx.outbound_chain("net.PlainSession.get") == ["requests.Session.get"]


def test_cycles_terminate_and_still_find_the_outbound_call():
    idx = index(
        {
            "loop.py": """
                import requests

                def ping(n):
                    return pong(n - 1) if n else None

                def pong(n):
                    return ping(n - 1) if n else None

                def a(n):
                    return b(n) if n else requests.get("https://x.example", timeout=1)

                def b(n):
                    return a(n - 1)
                """,
        }
    )
    assert idx.outbound_chain("loop.ping") is None
    assert idx.outbound_chain("loop.b") == ["loop.b", "loop.a", "requests.get"]


def test_chains_are_bounded_in_depth():
    n = MAX_CHAIN + 3
    lines = ["import requests", "def f0():", "    return requests.get('https://x.example', timeout=1)"]
    for i in range(1, n):
        lines += [f"def f{i}():", f"    return f{i - 1}()"]
    idx = index({"deep.py": "\n".join(lines) + "\n"})
    assert idx.outbound_chain(f"deep.f{MAX_CHAIN}") is not None
    assert idx.outbound_chain(f"deep.f{n - 1}") is None


def test_http_clients_config_makes_a_project_wrapper_outbound():
    files = {
        "lib/bridge.py": """
            import subprocess

            def fetch(url):
                return subprocess.run(["curl", url], capture_output=True).stdout
            """,
        "lib/use.py": """
            from lib.bridge import fetch

            def feed():
                return fetch("https://x.example")
            """,
    }
    assert index(files).outbound_chain("lib.use.feed") is None
    assert index(files, http_clients=("lib.bridge",)).outbound_chain("lib.use.feed") == [
        "lib.use.feed",
        "lib.bridge.fetch",
    ]


def test_enqueued_task_is_not_an_outbound_call():
    idx = index(
        {
            "app/tasks.py": """
                import requests
                from celery import shared_task

                @shared_task
                def push(pk):
                    return requests.post("https://x.example", json={"pk": pk}, timeout=1)
                """,
            "app/views.py": """
                from app.tasks import push

                def later(request, pk):
                    push.delay(pk)

                def now(request, pk):
                    push(pk)
                """,
        }
    )
    assert idx.outbound_chain("app.views.later") is None
    assert idx.outbound_chain("app.views.now") == ["app.views.now", "app.tasks.push", "requests.post"]


def test_request_handlers_are_recognised_and_look_alikes_are_not():
    idx = index(
        {
            "shop/base.py": """
                from rest_framework import viewsets

                class ShopViewSet(viewsets.ModelViewSet):
                    pass
                """,
            "shop/api.py": """
                from rest_framework.decorators import action, api_view
                from shop.base import ShopViewSet

                class OrderViewSet(ShopViewSet):
                    def create(self, request):
                        pass

                    @action(detail=True)
                    def refund(self, request, pk=None):
                        pass

                    def helper(self):
                        pass

                @api_view(["POST"])
                def hook(req):
                    pass

                def plain(request):
                    pass
                """,
            "shop/views.py": """
                def page(request):
                    pass

                def helper(order):
                    pass

                class Callback:
                    def dispatch(self, request):
                        pass
                """,
            "shop/urls.py": """
                from django.urls import path
                from shop import api

                urlpatterns = [path("plain/", api.plain)]
                """,
            "shop/web.py": """
                from flask import Flask

                app = Flask(__name__)

                @app.route("/")
                def index():
                    pass
                """,
        }
    )
    for ref in (
        "shop.api.OrderViewSet",
        "shop.api.OrderViewSet.create",
        "shop.api.OrderViewSet.refund",
        "shop.api.hook",
        "shop.api.plain",  # routed from urls.py
        "shop.views.page",
        "shop.views.Callback.dispatch",
        "shop.web.index",
    ):
        assert idx.is_view(ref), ref
    for ref in ("shop.api.OrderViewSet.helper", "shop.views.helper", "shop.base.ShopViewSet.missing"):
        assert not idx.is_view(ref), ref


def test_facts_pickle_and_facts_from_an_older_version_still_load():
    idx_files = {"m.py": CLIENT}
    cfg = Config(root=Path("/nonexistent"))
    source = textwrap.dedent(CLIENT).lstrip("\n")
    ctx = FileContext("m.py", source, ast.parse(source), cfg)
    BatchedWalker(ctx, []).run()
    clone = pickle.loads(pickle.dumps(ctx.facts))
    assert clone == ctx.facts
    # An entry cached before `returns`/`attrs`/`variables` existed lacks those attributes.
    for fn in clone.functions.values():
        fn.__dict__.pop("returns", None)
    for cls in clone.classes.values():
        cls.__dict__.pop("attrs", None)
    clone.__dict__.pop("variables", None)
    old = ProjectIndex([clone])
    assert old.outbound_chain("m.Client.patient") is not None
    assert index(idx_files).outbound_chain("m.Client.patient") is not None
    assert isinstance(clone, ModuleFacts) and all(
        isinstance(c, ClassFacts) for c in clone.classes.values()
    ) and all(isinstance(f, FunctionFacts) for f in clone.functions.values())


def index_with_il203(files: dict[str, str]) -> ProjectIndex:
    """Facts as the engine builds them with IL203 enabled (it records task-decorator calls)."""
    from integration_lint.rules.celery_tasks import CeleryTaskWithoutRetryPolicy

    cfg = Config(root=Path("/nonexistent"))
    facts = []
    for path, source in files.items():
        source = textwrap.dedent(source).lstrip("\n")
        ctx = FileContext(path, source, ast.parse(source), cfg, is_package=path.endswith("__init__.py"))
        BatchedWalker(ctx, [CeleryTaskWithoutRetryPolicy(ctx)]).run()
        facts.append(ctx.facts)
    return ProjectIndex(facts)


WRAPPERS = {
    "proj/celery.py": """
        from celery import Celery

        app = Celery("proj")
    """,
    "proj/deco.py": """
        from celery import shared_task
        from proj.celery import app

        def cron_task(*args, **kwargs):
            def decorate(func):
                return shared_task(*args, **kwargs)(func)
            return decorate

        def queue_task(**options):
            def decorate(func):
                return app.task(**options)(func)
            return decorate

        def retrying_task(**options):
            def decorate(func):
                return shared_task(autoretry_for=(Exception,), **options)(func)
            return decorate

        def based_task(**options):
            def decorate(func):
                return shared_task(base=Base, **options)(func)
            return decorate

        def hand_retrying_task(**options):
            def decorate(func):
                def run(task, *a):
                    try:
                        return func(*a)
                    except Exception as exc:
                        raise task.retry(exc=exc)
                return shared_task(bind=True, **options)(run)
            return decorate

        def logged(func):
            return func

        plain = shared_task
        configured = shared_task(autoretry_for=(Exception,))

        class scheduled:
            def __init__(self, **options):
                self.options = options

            def __call__(self, func):
                return shared_task(**self.options)(func)
    """,
    "other/deco.py": """
        from huey.contrib.djhuey import task

        def huey_task(**options):
            def decorate(func):
                return task(**options)(func)
            return decorate
    """,
}


def test_project_decorator_wrapping_celery_without_policy_is_recognised():
    idx = index_with_il203(WRAPPERS)
    for ref in ("proj.deco.cron_task", "proj.deco.queue_task", "proj.deco.scheduled", "proj.deco.plain"):
        assert idx.wraps_celery_task(ref), ref


def test_project_decorators_with_a_policy_or_not_wrapping_celery_are_not():
    idx = index_with_il203(WRAPPERS)
    for ref in (
        "proj.deco.retrying_task",  # passes autoretry_for itself
        "proj.deco.based_task",  # a base class it does not show may retry
        "proj.deco.hand_retrying_task",  # calls task.retry itself
        "proj.deco.logged",  # not a Celery wrapper at all
        "proj.deco.configured",  # `shared_task(...)` called with options it cannot see here
        "other.deco.huey_task",  # another framework's task decorator
        "celery.shared_task",  # Celery's own: the rule handles it directly
        "proj.deco.missing",
    ):
        assert not idx.wraps_celery_task(ref), ref


def test_wrapper_facts_missing_from_an_older_cache_mean_no_wrapper():
    """Facts recorded without IL203 (an older version, a facts-only file) decide nothing."""
    cfg = Config(root=Path("/nonexistent"))
    source = textwrap.dedent(WRAPPERS["proj/deco.py"]).lstrip("\n")
    ctx = FileContext("proj/deco.py", source, ast.parse(source), cfg)
    BatchedWalker(ctx, []).run()
    clone = pickle.loads(pickle.dumps(ctx.facts))
    for fn in clone.functions.values():
        fn.__dict__.pop("task_decorator_calls", None)
        fn.__dict__.pop("retries", None)
    assert not ProjectIndex([clone]).wraps_celery_task("proj.deco.cron_task")
