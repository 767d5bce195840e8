"""The project pass: cross-module resolution, outbound chains, views — on facts built from real
source by the same traversal the engine uses."""

from __future__ import annotations

import ast
import pickle
import textwrap
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------- arguments, model instances


LEDGER = """
import requests

class Ledger:
    def __init__(self):
        self.session = requests.Session()

    def fetch(self, pk):
        return self.session.get(f"https://ledger.example.com/{pk}", timeout=5)

def make_ledger():
    return Ledger()
"""


def test_a_closure_handed_to_a_helper_is_outbound_with_the_client_the_helper_gives_it():
    idx = index(
        {
            "svc/ledger.py": LEDGER,
            "svc/ops.py": """
                from svc.ledger import make_ledger

                def with_ledger(operation):
                    ledger = make_ledger()
                    return operation(ledger)

                def lookup(pk):
                    def op(ledger):
                        return ledger.fetch(pk)
                    return with_ledger(op)

                def label(pk):
                    def op(text):
                        return text.upper()
                    return with_ledger(op)
                """,
        }
    )
    assert idx.outbound_chain("svc.ops.lookup") == [
        "svc.ops.lookup", "svc.ops.with_ledger", "svc.ops.lookup.<locals>.op",
        "svc.ledger.Ledger.fetch", "requests.Session.get",
    ]
    assert idx.outbound_chain("svc.ops.label") is None  # `text.upper()`: str has no `upper` client
    assert idx.outbound_chain("svc.ops.with_ledger") is None  # on its own it calls what it is given


def test_an_outbound_function_passed_to_a_helper_that_calls_it_makes_that_call_site_outbound():
    idx = index(
        {
            "svc/send.py": """
                import requests

                def send(sender, url):
                    return sender(url, timeout=5)

                def queue(fn, url):
                    PENDING.append((fn, url))  # stored, not called

                def notify(url):
                    return send(requests.post, url)

                def remember(url):
                    queue(requests.post, url)

                def shout(url):
                    return send(str.upper, url)

                def post_json(url, timeout):
                    return requests.post(url, json={}, timeout=timeout)

                def relay(url):
                    return send(sender=post_json, url=url)
                """,
        }
    )
    assert idx.outbound_chain("svc.send.notify") == ["svc.send.notify", "svc.send.send", "requests.post"]
    assert idx.outbound_chain("svc.send.relay") == [
        "svc.send.relay", "svc.send.send", "svc.send.post_json", "requests.post",
    ]  # a project function, passed by keyword
    assert idx.outbound_chain("svc.send.remember") is None
    assert idx.outbound_chain("svc.send.shout") is None


def test_a_parameter_that_is_called_and_also_passed_on_is_not_taken_as_called():
    idx = index(
        {
            "svc/later.py": """
                import functools
                import requests

                def run_or_defer(fn, url, testing=False):
                    if testing:
                        fn(url)
                    else:
                        LATER.append(functools.partial(fn, url))

                def hook(url):
                    run_or_defer(requests.post, url)
                """,
        }
    )
    assert idx.outbound_chain("svc.later.hook") is None


def test_a_parameter_handed_back_to_its_own_function_by_a_recursive_retry_is_still_called():
    idx = index(
        {
            "svc/retrying.py": """
                import stripe

                def retry_on_error(error, func, *args, **kwargs):
                    times = kwargs.pop("times", 0) + 1
                    try:
                        return func(*args, **kwargs)
                    except error:
                        if times > 5:
                            raise
                        return retry_on_error(error, func, times=times, *args, **kwargs)

                def vendor_retry(func, *args, **kwargs):
                    return retry_on_error(stripe.error.APIConnectionError, func, *args, **kwargs)

                def defer_or_run(func, *args, later=False):
                    if later:
                        PENDING.append(func)  # kept: not only called
                        return None
                    return func(*args)
                """,
            "svc/tasks.py": """
                import stripe
                from svc.retrying import defer_or_run, retry_on_error, vendor_retry

                def receipt(charge_id):
                    return vendor_retry(stripe.Charge.retrieve, charge_id)

                def cancel(charge_id):
                    return retry_on_error(ValueError, stripe.Refund.create, charge_id)

                def maybe(charge_id):
                    return defer_or_run(stripe.Charge.retrieve, charge_id)
                """,
        }
    )
    assert idx.outbound_chain("svc.tasks.receipt") == [
        "svc.tasks.receipt", "svc.retrying.vendor_retry", "svc.retrying.retry_on_error", "stripe.Charge.retrieve",
    ]
    assert idx.outbound_chain("svc.tasks.cancel") == [
        "svc.tasks.cancel", "svc.retrying.retry_on_error", "stripe.Refund.create",
    ]
    assert idx.outbound_chain("svc.tasks.maybe") is None


def test_a_parameter_compared_with_the_functions_it_may_be_is_still_taken_as_called():
    idx = index(
        {
            "svc/rap.py": """
                import requests

                ALLOWED = {requests.get, requests.post}

                def api_call(method, path, json=None):
                    if method not in ALLOWED:
                        raise ValueError(method.__qualname__)
                    if method == requests.get and json is not None:
                        raise ValueError(path)
                    return method("https://rap.example/" + path, json=json, timeout=10)

                def cancel(job_id):
                    return api_call(requests.post, "cancel/", {"id": job_id})

                def keep(method, path):
                    if method is None:
                        return None
                    PENDING.append(method)

                def later(path):
                    return keep(requests.post, path)
                """,
        }
    )
    assert idx.outbound_chain("svc.rap.cancel") == ["svc.rap.cancel", "svc.rap.api_call", "requests.post"]
    assert idx.outbound_chain("svc.rap.later") is None  # compared, then stored: not called


def test_a_session_passed_to_a_helper_reaches_the_helpers_call_on_it():
    idx = index(
        {
            "svc/feed.py": """
                import aiohttp

                async def read(session, url):
                    async with session.get(url) as response:
                        return await response.text()

                async def read_all(urls):
                    async with aiohttp.ClientSession() as session:
                        return [await read(session, url) for url in urls]

                async def read_cache(cache, urls):
                    return [await read(cache, url) for url in urls]
                """,
        }
    )
    assert idx.outbound_chain("svc.feed.read_all") == [
        "svc.feed.read_all", "svc.feed.read", "aiohttp.ClientSession.get",
    ]
    assert idx.outbound_chain("svc.feed.read_cache") is None  # an untyped argument


def test_a_call_site_ref_is_outbound_only_through_its_own_arguments():
    idx = index(
        {
            "svc/send.py": """
                import requests

                def send(sender, url):
                    return sender(url, timeout=5)

                def view(request):
                    send(requests.get, "a")
                    send(len, "b")
                """,
        }
    )
    assert idx.outbound_chain("svc.send.send@svc.send.view:7") == ["svc.send.send", "requests.get"]
    assert idx.outbound_chain("svc.send.send@svc.send.view:8") is None


MODELS = """
from django.db import models
from svc.ledger import make_ledger

class Account(models.Model):
    def refresh(self):
        return make_ledger().fetch(self.pk)

    def label(self):
        return str(self.pk)

class Plain:
    def refresh(self):
        return None
"""


def test_model_instances_from_managers_get_object_or_404_and_single_object_views():
    idx = index(
        {
            "svc/ledger.py": LEDGER,
            "svc/models.py": MODELS,
            "svc/views.py": """
                from django.shortcuts import get_object_or_404
                from django.views.generic import UpdateView, View
                from rest_framework.viewsets import ModelViewSet
                from svc.models import Account, Plain

                def one(request, pk):
                    Account.objects.get(pk=pk).refresh()

                def first(request):
                    Account.objects.filter(active=True).order_by("pk").first().refresh()

                def many(request):
                    Account.objects.filter(active=True).refresh()  # not an instance

                def found(request, pk):
                    get_object_or_404(Account, pk=pk).refresh()

                class Edit(UpdateView):
                    model = Account
                    def post(self, request, *a, **kw):
                        self.get_object().refresh()
                        self.object.refresh()

                class Api(ModelViewSet):
                    queryset = Account.objects.filter(active=True)
                    def retrieve(self, request, *a, **kw):
                        self.get_object().refresh()

                class Custom(ModelViewSet):
                    queryset = Account.objects.all()
                    def get_object(self):
                        return Plain()
                    def retrieve(self, request, *a, **kw):
                        self.get_object().refresh()

                class NotSingle(View):
                    model = Account
                    def get(self, request):
                        self.get_object().refresh()
                """,
        }
    )
    refresh = "svc.models.Account.refresh"
    assert idx.resolve("svc.models.Account.objects.get.refresh") == refresh
    assert idx.resolve("svc.models.Account.objects.filter.order_by.first.refresh") == refresh
    assert idx.resolve("svc.models.Account.objects.filter.refresh") != refresh
    assert idx.resolve("svc.models.Account.label") == "svc.models.Account.label"
    assert idx.resolve("svc.views.Edit.get_object.refresh") == refresh
    assert idx.resolve("svc.views.Edit.object.refresh") == refresh
    assert idx.resolve("svc.views.Api.get_object.refresh") == refresh
    assert idx.resolve("svc.views.Custom.get_object.refresh") == "svc.models.Plain.refresh"
    assert idx.resolve("svc.views.NotSingle.get_object.refresh") != refresh
    for view in ("one", "first", "found", "Edit.post", "Api.retrieve"):
        assert idx.outbound_chain(f"svc.views.{view}"), view
    for view in ("many", "Custom.retrieve", "NotSingle.get"):
        assert idx.outbound_chain(f"svc.views.{view}") is None, view


def test_calling_a_huey_task_or_a_function_wrapped_by_an_enqueuing_decorator_is_not_a_call():
    idx = index(
        {
            "svc/ledger.py": LEDGER,
            "svc/deco.py": """
                import functools

                def queued(task):
                    @functools.wraps(task)
                    def wrapped(*args, **kwargs):
                        QUEUE.append(task.si(*args, **kwargs))
                    return wrapped

                def logged(func):
                    @functools.wraps(func)
                    def wrapped(*args, **kwargs):
                        return func(*args, **kwargs)
                    return wrapped
                """,
            "svc/jobs.py": """
                from celery import shared_task
                from huey.contrib.djhuey import db_task
                from svc.deco import logged, queued
                from svc.ledger import make_ledger

                @queued
                @shared_task
                def push(pk):
                    make_ledger().fetch(pk)

                @db_task()
                def push_huey(pk):
                    make_ledger().fetch(pk)

                @logged
                def push_now(pk):
                    make_ledger().fetch(pk)

                def caller(pk):
                    push(pk)
                    push_huey(pk)

                def direct(pk):
                    push_now(pk)
                """,
        }
    )
    assert idx.is_deferred("svc.jobs.push") and idx.is_deferred("svc.jobs.push_huey")
    assert not idx.is_deferred("svc.jobs.push_now")
    assert idx.outbound_chain("svc.jobs.push")  # the task body itself still calls out (IL203)
    assert idx.outbound_chain("svc.jobs.caller") is None
    assert idx.outbound_chain("svc.jobs.direct")
    assert idx.outbound_chain("svc.jobs.push@svc.jobs.caller:20") is None
    assert idx.outbound_chain("svc.jobs.push_huey@svc.jobs.caller:21") is None
    assert idx.outbound_chain("svc.jobs.push_now@svc.jobs.direct:24")


def test_argument_facts_survive_pickling():
    idx_facts = []
    cfg = Config(root=Path("/nonexistent"))
    source = "import requests\n\ndef send(fn, url):\n    return fn(url)\n\ndef hook():\n    send(requests.post, 'u')\n"
    ctx = FileContext("svc/a.py", source, ast.parse(source), cfg)
    BatchedWalker(ctx, []).run()
    idx_facts.append(pickle.loads(pickle.dumps(ctx.facts)))
    facts = idx_facts[0].functions
    assert facts["svc.a.send"].param_uses == [(0, "fn", "", 4, ("",))]
    assert facts["svc.a.hook"].call_args == [("svc.a.send", 7, ((0, "requests.post", False),))]
    assert ProjectIndex(idx_facts).outbound_chain("svc.a.hook") == ["svc.a.hook", "svc.a.send", "requests.post"]


def test_a_mixin_method_reads_self_members_on_the_view_class_that_inherits_it():
    idx = index(
        {
            "svc/ledger.py": LEDGER,
            "svc/mixins.py": """
                class PlaceOrderMixin:
                    def handle_payment(self, response):
                        return self.processor.settle(response)
                """,
            "svc/processors.py": """
                from svc.ledger import make_ledger

                class Processor:
                    def settle(self, response):
                        return make_ledger().fetch(response)

                class Offline:
                    def settle(self, response):
                        return response
                """,
            "svc/views.py": """
                from django.views import View
                from svc.mixins import PlaceOrderMixin
                from svc.processors import Offline, Processor

                class Execute(PlaceOrderMixin, View):
                    @property
                    def processor(self):
                        return Processor()

                class ExecuteOffline(PlaceOrderMixin, View):
                    @property
                    def processor(self):
                        return Offline()
                """,
        }
    )
    assert idx.outbound_chain("svc.views.Execute.handle_payment") == [
        "svc.mixins.PlaceOrderMixin.handle_payment", "svc.processors.Processor.settle",
        "svc.ledger.Ledger.fetch", "requests.Session.get",
    ]
    assert idx.outbound_chain("svc.views.ExecuteOffline.handle_payment") is None
    assert idx.outbound_chain("svc.mixins.PlaceOrderMixin.handle_payment") is None


def test_self_object_is_typed_on_django_single_object_views_only():
    idx = index(
        {
            "svc/ledger.py": LEDGER,
            "svc/models.py": MODELS,
            "svc/views.py": """
                from django.views.generic import DetailView
                from rest_framework.generics import RetrieveAPIView
                from svc.models import Account

                class Page(DetailView):
                    model = Account

                class Api(RetrieveAPIView):
                    queryset = Account.objects.all()
                """,
        }
    )
    assert idx.resolve("svc.views.Page.object.refresh") == "svc.models.Account.refresh"
    assert idx.resolve("svc.views.Api.get_object.refresh") == "svc.models.Account.refresh"
    assert idx.resolve("svc.views.Api.object.refresh") != "svc.models.Account.refresh"


def test_a_call_of_a_function_a_helper_returned_reaches_that_function():
    idx = index(
        {
            "svc/ledger.py": LEDGER,
            "svc/connect.py": """
                from svc.ledger import make_ledger

                def open_ledger(pk):
                    return make_ledger().fetch(pk)

                def offline(pk):
                    return pk

                def pick_opener():
                    return open_ledger

                def pick_result():
                    return offline(1)

                def fetch(pk):
                    opener = pick_opener()
                    return opener(pk)

                def local(pk):
                    value = pick_result()
                    return value(pk)
                """,
        }
    )
    assert idx.outbound_chain("svc.connect.fetch") == [
        "svc.connect.fetch", "svc.connect.open_ledger", "svc.ledger.Ledger.fetch", "requests.Session.get",
    ]
    assert idx.outbound_chain("svc.connect.local") is None  # calls what offline() returned
    assert idx.outbound_chain("svc.connect.pick_opener") is None  # returns it, does not call it


SERVICE_OBJECTS = {
    "apps/__init__.py": "",
    "apps/directory/__init__.py": "",
    "apps/directory/models.py": """
        import requests
        from django.db import models

        class Directory(models.Model):
            def run_request(self, path):
                return requests.get(path, timeout=5)

            def label(self):
                return "directory"
        """,
    "apps/directory/paging.py": """
        class Paged:
            def __init__(self, source, limit=10):
                self.source = source
                self.limit = limit

            def pages(self):
                return [self.source.run_request("p1")]

            def title(self):
                return self.source.label()
        """,
    "apps/directory/importer.py": """
        from apps.directory.paging import Paged

        class Importer(Paged):
            def __init__(self, source):
                super().__init__(source)
                self.rows = self.pages()

        class Lazy(Paged):
            pass
        """,
    "apps/directory/views.py": """
        from apps.directory.importer import Importer, Lazy
        from apps.directory.models import Directory

        def eager(request, pk):
            directory = Directory.objects.get(pk=pk)
            return Importer(directory)

        def lazy(request, pk):
            directory = Directory.objects.get(pk=pk)
            return Lazy(directory).pages()

        def lazy_local(request, pk):
            directory = Directory.objects.get(pk=pk)
            paged = Lazy(directory)
            return paged.pages()

        def titled(request, pk):
            directory = Directory.objects.get(pk=pk)
            return Lazy(directory).title()

        def counted(request, pk):
            return Lazy(pk).pages()
        """,
}


def test_attributes_stored_by_a_constructor_take_the_arguments_of_each_instantiation():
    idx = index(SERVICE_OBJECTS)
    views = "apps.directory.views"
    # `Importer(directory)`: its __init__ hands `source` to the base's, which stores it, then
    # fetches through it
    assert idx.outbound_chain(f"{views}.eager") == [
        f"{views}.eager",
        "apps.directory.importer.Importer.__init__",
        "apps.directory.paging.Paged.pages",
        "apps.directory.models.Directory.run_request",
        "requests.get",
    ]
    # a method called on the built instance, directly or through a local
    assert idx.outbound_chain(f"{views}.lazy")[-2:] == ["apps.directory.models.Directory.run_request", "requests.get"]
    assert idx.outbound_chain(f"{views}.lazy_local")[-1] == "requests.get"
    # the same class, a method that does not reach the API; an argument that is not a directory
    assert idx.outbound_chain(f"{views}.titled") is None
    assert idx.outbound_chain(f"{views}.counted") is None
    # the class itself, without an instantiation that binds it, reaches nothing
    assert idx.outbound_chain("apps.directory.paging.Paged.pages") is None


def test_a_property_of_a_mixin_in_another_module_types_self_attribute_calls():
    idx = index(
        {
            "apps/__init__.py": "",
            "apps/scan/__init__.py": "",
            "apps/scan/base.py": """
                import requests

                class Analyzer:
                    def read(self):
                        return b""

                class SessionMixin:
                    @property
                    def session(self):
                        if not hasattr(self, "_session"):
                            session = requests.Session()
                            session.headers = {"User-Agent": "scan"}
                            self._session = session
                        return self._session
                """,
            "apps/scan/file_scan.py": """
                from apps.scan.base import Analyzer, SessionMixin

                class FileScan(Analyzer, SessionMixin):
                    def run(self):
                        return self.session.post("https://scan.example.com", data=self.read())
                """,
        }
    )
    ref = "apps.scan.file_scan.FileScan.session.post"
    assert idx.resolve(ref) == "requests.Session.post"
    assert idx.outbound_chain(ref) == ["requests.Session.post"]
    assert idx.outbound_chain("apps.scan.file_scan.FileScan.run") == [
        "apps.scan.file_scan.FileScan.run",
        "requests.Session.post",
    ]
    assert idx.session_method_without_timeout(ref)


def test_an_abstract_method_is_outbound_when_every_override_in_the_project_is():
    idx = index(
        {
            "apps/__init__.py": "",
            "apps/notify/__init__.py": "",
            "apps/notify/base.py": """
                import abc

                class Sender:
                    def send(self, text):
                        raise NotImplementedError("subclasses send")

                    def send_all(self, texts):
                        for text in texts:
                            self.send(text)

                class Pinger(abc.ABC):
                    @abc.abstractmethod
                    def ping(self): ...
                """,
            "apps/notify/impl.py": """
                import requests
                from apps.notify.base import Pinger, Sender

                class ChatSender(Sender):
                    def send(self, text):
                        requests.post("https://chat.example.com", json={"t": text}, timeout=5)

                class HookSender(ChatSender):
                    def send(self, text):
                        requests.post("https://hooks.example.com", json={"t": text}, timeout=5)

                class HttpPinger(Pinger):
                    def ping(self):
                        return requests.head("https://example.com", timeout=5)

                class NullPinger(Pinger):
                    def ping(self):
                        return True
                """,
            "apps/notify/use.py": """
                from apps.notify.base import Pinger, Sender

                def announce(sender: Sender, texts):
                    sender.send_all(texts)

                def check(pinger: Pinger):
                    return pinger.ping()
                """,
        }
    )
    chain = idx.outbound_chain("apps.notify.use.announce")
    assert chain[:3] == ["apps.notify.use.announce", "apps.notify.base.Sender.send_all", "apps.notify.base.Sender.send"]
    assert chain[-1] == "requests.post"
    # one override answers without calling out: the abstract call is not known to be outbound
    assert idx.outbound_chain("apps.notify.use.check") is None


FORWARDING = {
    "apps/__init__.py": "",
    "apps/desk/__init__.py": "",
    "apps/desk/client.py": CLIENT + """

class Offline:
    def patient(self, pk):
        return {"pk": pk}
""",
    "apps/desk/helpers.py": """
        def read(pk, api):
            return api.patient(pk)

        def relay(pk, api):
            return read(pk, api)

        def ping(pk, api):
            # hands its parameter to pong, which hands it back: a cycle
            return pong(pk, api)

        def pong(pk, api):
            return ping(pk, api)
        """,
    "apps/desk/views.py": """
        from apps.desk.client import Client, Offline
        from apps.desk.helpers import ping, relay

        def live(request, pk):
            return relay(pk, Client())

        def offline(request, pk):
            api = Offline()
            return relay(pk, api)

        def loop(request, pk):
            return ping(pk, Client())
        """,
}


def test_a_parameter_handed_on_binds_to_what_the_callers_pass():
    """`relay(pk, api)` hands its parameter to `read`, which calls a client method on it: the
    view's call site is outbound with `Client()` (a call argument, typed like a local), not with
    the offline stand-in; a forwarding cycle reaches nothing and terminates."""
    from integration_lint.project import call_site_ref, parameter_ref

    idx = index(FORWARDING)
    live = idx.outbound_chain(call_site_ref("apps.desk.helpers.relay", "apps.desk.views.live", 5))
    assert live == [
        "apps.desk.helpers.relay", "apps.desk.helpers.read", "apps.desk.client.Client.patient",
        "requests.Session.get",
    ]
    assert idx.outbound_chain(call_site_ref("apps.desk.helpers.relay", "apps.desk.views.offline", 9)) is None
    assert idx.outbound_chain(call_site_ref("apps.desk.helpers.ping", "apps.desk.views.loop", 12)) is None
    # `read`'s own parameter, seen from inside it (IL301's try around `api.patient(pk)`): the
    # values `relay`'s callers pass, one level up
    ref = parameter_ref("apps.desk.helpers.read", 1, "api", "patient")
    assert idx.parameter_values("apps.desk.helpers.read", 1, "api") == [
        "apps.desk.client.Client", "apps.desk.client.Offline"
    ]
    assert idx.outbound_chain(ref)[-1] == "requests.Session.get"
    # restricted to a module prefix: only a value whose member resolves there counts
    assert idx.outbound_chain(parameter_ref("apps.desk.helpers.read", 1, "api", "patient", "apps.other.")) is None
    assert idx.outbound_chain(parameter_ref("apps.desk.helpers.read", 1, "api", "patient", "apps.desk.client.")) is not None


def test_chains_through_abstract_overrides_do_not_depend_on_the_hash_seed(tmp_path):
    """Several abstract methods of one interface, each overridden by a client calling out, all
    called by one service method: the chain a view's finding names is the same whatever
    PYTHONHASHSEED the run gets (the overrides were gathered from a set)."""
    import json
    import os

    from lintutil import run_cli, write_project

    names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    interface = "import abc\n\n\nclass Gateway(abc.ABC):\n" + "".join(
        f"    @abc.abstractmethod\n    def {n}(self):\n        raise NotImplementedError\n\n" for n in names
    )
    client = "import requests\n\nfrom apps.pay.interface import Gateway\n\n\nclass HttpGateway(Gateway):\n" + "".join(
        f"    def {n}(self):\n        return requests.get('https://pay.example/{n}', timeout=5)\n\n" for n in names
    )
    service = (
        "from apps.pay.interface import Gateway\n\n\nclass PayService:\n"
        "    def __init__(self, gateway: Gateway):\n        self.gateway = gateway\n\n"
        "    def settle(self):\n" + "".join(f"        self.gateway.{n}()\n" for n in names)
    )
    views = (
        "from django.http import JsonResponse\n\nfrom apps.pay.client import HttpGateway\n"
        "from apps.pay.service import PayService\n\n\n"
        "def settle(request):\n    PayService(HttpGateway()).settle()\n    return JsonResponse({})\n"
    )
    write_project(
        tmp_path,
        {
            "apps/__init__.py": "",
            "apps/pay/__init__.py": "",
            "apps/pay/interface.py": interface,
            "apps/pay/client.py": client,
            "apps/pay/service.py": service,
            "apps/pay/views.py": views,
        },
        config={},
    )
    messages = set()
    for seed in ("1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = run_cli("check", str(tmp_path), "--no-cache", "--format", "json", "--select", "IL401", "--jobs", "1", env=env)
        findings = json.loads(proc.stdout)["findings"]
        assert findings, proc.stdout + proc.stderr
        messages.add(tuple(f["message"] for f in findings))
    assert len(messages) == 1, messages


def test_attribute_stored_from_the_constructor_takes_the_type_every_instantiation_passes():
    idx = index(
        {
            "dns/vendor.py": """
                import httpx

                def build_http():
                    return httpx.Client(timeout=5)

                class Vendor:
                    def __init__(self, http):
                        self.http = http

                    def add(self, zone):
                        return self.http.post(f"/zones/{zone}")

                class Service:
                    def __init__(self):
                        self.vendor = Vendor(build_http())

                    def add(self, zone):
                        return self.vendor.add(zone)
                """,
        }
    )
    assert idx.outbound_chain("dns.vendor.Service.add") == [
        "dns.vendor.Service.add", "dns.vendor.Vendor.add", "httpx.Client.post"
    ]


def test_attribute_passed_values_of_different_types_stays_untyped():
    idx = index(
        {
            "dns/vendor.py": """
                import httpx

                class Memory:
                    def post(self, path):
                        return path

                class Vendor:
                    def __init__(self, http):
                        self.http = http

                    def add(self, zone):
                        return self.http.post(f"/zones/{zone}")

                def live():
                    return Vendor(httpx.Client(timeout=5))

                def offline():
                    return Vendor(Memory())
                """,
        }
    )
    assert idx.outbound_chain("dns.vendor.Vendor.add") is None


def test_get_model_with_literal_labels_names_the_project_model_of_that_app():
    idx = index(
        {
            "shop/__init__.py": "",
            "shop/models.py": """
                import requests
                from django.db import models

                class Order(models.Model):
                    def push(self):
                        requests.post("https://erp.example/orders", timeout=5)
                """,
            "archive/models.py": """
                from django.db import models

                class Order(models.Model):
                    def push(self):
                        return None
                """,
            "shop/jobs.py": """
                from django.apps import apps

                def push_order(pk):
                    apps.get_model("shop", "Order").objects.get(pk=pk).push()

                def push_archived(pk):
                    apps.get_model("archive.Order").objects.get(pk=pk).push()
                """,
        }
    )
    assert idx.outbound_chain("shop.jobs.push_order") == [
        "shop.jobs.push_order", "shop.models.Order.push", "requests.post"
    ]
    assert idx.outbound_chain("shop.jobs.push_archived") is None


def test_a_project_decorator_handing_a_wrapper_to_huey_makes_calls_enqueue():
    idx = index(
        {
            "jobs.py": """
                import functools
                import requests
                from huey.contrib.djhuey import HUEY as huey

                def queued(retries=3):
                    def deco(fn):
                        @functools.wraps(fn)
                        def inner(*args, **kwargs):
                            return fn(*args, **kwargs)
                        return huey.task(retries=retries)(inner)
                    return deco

                @queued()
                def fetch(pk):
                    requests.get(f"https://x.example/{pk}", timeout=5)

                def view_helper(pk):
                    fetch(pk)
                """,
        }
    )
    assert idx.is_deferred("jobs.fetch")
    assert idx.outbound_chain("jobs.view_helper") is None


DYNAMIC_BACKENDS = """
import requests
from django.conf import settings
from django.utils.module_loading import import_string

class Base:
    def send(self, text):
        raise NotImplementedError

class Live(Base):
    def send(self, text):
        requests.post("https://sms.example/send", data={"text": text}, timeout=5)

class Console(Base):
    def send(self, text):
        print(text)

class Sheet:
    def render(self):
        return ""

class Remote:
    def render(self):
        return requests.get("https://render.example", timeout=5).text

def backend():
    return import_string(settings.SMS_BACKEND)()

def notify(text):
    if (sender := backend()) is not None:
        sender.send(text)

def show():
    return import_string(settings.RENDERER)().render()

def literal():
    return import_string("sms.backends.Console")().send("x")
"""


def test_a_backend_named_by_settings_runs_any_implementation_of_its_family():
    idx = index({"sms/backends.py": DYNAMIC_BACKENDS})
    assert idx.outbound_chain("sms.backends.notify") == [
        "sms.backends.notify", "sms.backends.Live.send", "requests.post"
    ]


def test_a_method_of_unrelated_classes_or_a_literal_offline_class_is_not_guessed():
    idx = index({"sms/backends.py": DYNAMIC_BACKENDS})
    assert idx.outbound_chain("sms.backends.show") is None
    assert idx.outbound_chain("sms.backends.literal") is None


def test_a_distinctive_method_on_a_registry_lookup_of_unknown_type_runs_its_family():
    idx = index(
        {
            "feeds.py": """
                import requests

                class Base:
                    def fetch_releases(self, name):
                        raise NotImplementedError

                    def refresh(self):
                        raise NotImplementedError

                class Remote(Base):
                    def fetch_releases(self, name):
                        return requests.get(f"https://x.example/{name}", timeout=5).json()

                    def refresh(self):
                        return requests.get("https://x.example/", timeout=5).json()

                class Local(Base):
                    def fetch_releases(self, name):
                        return [name]

                    def refresh(self):
                        return None

                class Registry:
                    def get(self, name):
                        for feed in self.loaded:
                            if feed.name == name:
                                return feed

                REGISTRY = Registry()

                def releases(name):
                    return REGISTRY.get(name).fetch_releases(name)

                def refreshed(name):
                    return REGISTRY.get(name).refresh()
                """,
        }
    )
    assert idx.outbound_chain("feeds.releases") == ["feeds.releases", "feeds.Remote.fetch_releases", "requests.get"]
    assert idx.outbound_chain("feeds.refreshed") is None


def test_an_attribute_built_from_another_attributes_client_factory_is_that_client():
    idx = index(
        {
            "apps/store.py": """
                import boto3

                class Uploader:
                    def __init__(self):
                        self.s3 = self.aws.client("s3")
                        self.account = self.api.account.fetch()
                        self.aws = boto3.Session()

                    def upload(self, path):
                        self.s3.upload_file(path, "bucket", "key")

                    def kind(self):
                        return self.account.type.lower()
                """,
        }
    )
    # the session is assigned after the client in source order: read through the class's types
    assert idx.outbound_chain("apps.store.Uploader.upload") == [
        "apps.store.Uploader.upload", "boto3.Session.client.upload_file"
    ]
    # `fetch()` answers data, not a client
    assert idx.outbound_chain("apps.store.Uploader.kind") is None


PLUGINS = """
    from abc import ABC, abstractmethod

    import requests
    from django.conf import settings
    from django.utils.module_loading import import_string

    class BaseIndexer(ABC):
        @abstractmethod
        def search(self, text):
            ...

    class RemoteIndexer(BaseIndexer):
        def search(self, text):
            return requests.post("https://find.example.com", json={"q": text}, timeout=5)

    class LocalIndexer(BaseIndexer):
        def search(self, text):
            return [text]

    def get_indexer():
        return import_string(settings.INDEXER)()
"""


def test_a_configured_plugin_handed_to_a_helper_runs_the_abstract_family_beside_unrelated_definers():
    idx = index(
        {
            "apps/indexers.py": PLUGINS,
            "apps/views.py": """
                from apps.indexers import get_indexer

                class ItemViews:
                    def search(self, request):
                        return self._indexed(request, get_indexer())

                    def _indexed(self, request, indexer):
                        return indexer.search(request.GET["q"])
                """,
        }
    )
    # `search` is also defined by the unrelated ItemViews: the family under the abstract
    # declaration is the one that runs, through the argument handed to `_indexed`
    chain = idx.outbound_chain("apps.views.ItemViews._indexed@apps.views.ItemViews.search:5")
    assert chain == [
        "apps.views.ItemViews._indexed", "apps.indexers.RemoteIndexer.search", "requests.post"
    ]


def test_two_abstract_declarations_of_a_method_name_give_no_family():
    idx = index(
        {
            "apps/indexers.py": PLUGINS,
            "apps/other.py": """
                from abc import ABC, abstractmethod

                class Finder(ABC):
                    @abstractmethod
                    def search(self, text):
                        ...

                class LocalFinder(Finder):
                    def search(self, text):
                        return []
                """,
            "apps/views.py": """
                from apps.indexers import get_indexer

                def search(request):
                    return get_indexer().search(request.GET["q"])
                """,
        }
    )
    assert idx.outbound_chain("apps.views.search") is None


def test_a_src_layout_is_named_from_its_import_root():
    from integration_lint.analysis import module_name_for

    assert module_name_for("src/research_ai/services/agent.py") == "research_ai.services.agent"
    assert module_name_for("src/research_ai/__init__.py") == "research_ai"
    assert module_name_for("apps/src/thing.py") == "apps.src.thing"  # only a leading src/
    idx = index(
        {
            "src/research_ai/__init__.py": "",
            "src/research_ai/client.py": CLIENT,
            "src/research_ai/judge.py": """
                from research_ai.client import Client

                def verdict(pk):
                    return Client().patient(pk)
                """,
            # the same module name in a test tree: without the src. prefix dropped, the
            # suffix `research_ai.client` was ambiguous and resolved nowhere
            "tests/research_ai/client.py": "def patient(pk):\n    return pk\n",
        }
    )
    assert idx.outbound_chain("research_ai.judge.verdict") == [
        "research_ai.judge.verdict", "research_ai.client.Client.patient", "requests.Session.get"
    ]


def test_a_package_named_src_is_imported_with_its_prefix():
    idx = index(
        {
            "src/__init__.py": "",
            "src/app.py": CLIENT,
            "api/worker.py": """
                from src.app import Client

                def run(pk):
                    return Client().patient(pk)
                """,
        }
    )
    assert idx.outbound_chain("api.worker.run") == ["api.worker.run", "app.Client.patient", "requests.Session.get"]


def test_external_names_a_package_outside_the_project_and_its_local_libraries():
    idx = index(
        {
            "src/library/__init__.py": "",
            "src/library/sync.py": "from pyzotero import zotero\n",
            "billing/__init__.py": "",
            "billing/tasks.py": "from core.utils import total\n",
            "core/__init__.py": "",
            "core/utils.py": "def total(x):\n    return x\n",
        }
    )
    assert idx.is_external("pyzotero.zotero.Zotero.top")
    assert idx.is_external("geopy.Nominatim.geocode")
    assert not idx.is_external("core.utils.total")  # a sibling top-level package
    assert not idx.is_external("library.sync.zotero")  # the project's own module (src layout)
    assert not idx.is_external("src.library.sync")
    for local in ("json.loads", "django.db.models.Model.save", "rest_framework.response.Response",
                  "celery.shared_task", "dateutil.parser.parse", "django_filters.FilterSet",
                  "redis.Redis.get", "print", "helper"):
        assert not idx.is_external(local), local


def test_a_project_module_named_like_a_third_party_package_does_not_hide_it():
    # `server/shipping/vendors/parcelhub.py` shares its name with the `parcelhub` SDK; the SDK's
    # `ParcelhubClient` is not in it, so `parcelhub.ParcelhubClient` is the package's
    idx = index(
        {
            "server/shipping/__init__.py": "",
            "server/shipping/vendors/__init__.py": "",
            "server/shipping/vendors/parcelhub.py": """
                from parcelhub import Rate

                def describe():
                    return "local rates"
                """,
            "server/shipping/tasks.py": """
                import parcelhub

                def pull(ref):
                    return parcelhub.ParcelhubClient(token="t").get_shipment(ref)
                """,
            "server/core/__init__.py": "def helper():\n    return 1\n",
            "server/core/services/__init__.py": "",
            "server/core/services/client.py": "def total(x):\n    return x\n",
        }
    )
    assert idx.is_external("parcelhub.ParcelhubClient.get_shipment")
    # an import of the package inside its namesake is the package's too
    assert idx.is_external("parcelhub.Rate.quote")
    assert idx.outbound_chain("server.shipping.tasks.pull") == [
        "server.shipping.tasks.pull", "parcelhub.ParcelhubClient.get_shipment"
    ]
    # what the project's namesake does define, and packages above an unseen import root, stay its
    assert not idx.is_external("parcelhub.describe")
    assert not idx.is_external("vendors.parcelhub.describe")
    assert not idx.is_external("core.helper")
    assert not idx.is_external("core.services.client.total")
    assert not idx.is_external("shipping.tasks.pull")


def test_an_external_any_condition_keeps_a_finding_only_for_an_outside_package():
    from integration_lint.model import Condition, Finding, PendingFinding

    idx = index({"core/__init__.py": "", "core/utils.py": "def total(x):\n    return x\n"})
    finding = Finding("IL301", "swallowed-integration-error", "a.py", 1, 1, 1, 2, "m")
    assert idx.decide(PendingFinding(finding, Condition(external_any=("pyzotero.zotero.Zotero.top",)))) == finding
    assert idx.decide(PendingFinding(finding, Condition(external_any=("core.utils.total", "json.loads")))) is None


def test_a_module_dict_of_functions_dispatches_to_each_value():
    idx = index(
        {
            "apps/geo/providers.py": """
                import requests

                def ban(address):
                    return requests.get("https://api-adresse.example.com", params={"q": address}, timeout=5)

                def offline(address):
                    return None
                """,
            "apps/geo/lookup.py": """
                from apps.geo import providers

                GEOCODERS = {"ban": providers.ban, "offline": providers.offline}
                OFFLINE = {"a": providers.offline, "b": providers.offline}

                def by_index(name, address):
                    return GEOCODERS[name](address)

                def by_get(name, address):
                    geocoder = GEOCODERS.get(name, providers.offline)
                    return geocoder(address)

                def offline_only(name, address):
                    return OFFLINE[name](address)

                def shadowed(name, address):
                    GEOCODERS = {"offline": providers.offline}
                    return GEOCODERS[name](address)
                """,
        }
    )
    assert idx.outbound_chain("apps.geo.lookup.by_index") == [
        "apps.geo.lookup.by_index", "apps.geo.providers.ban", "requests.get"
    ]
    assert idx.outbound_chain("apps.geo.lookup.by_get") == [
        "apps.geo.lookup.by_get", "apps.geo.providers.ban", "requests.get"
    ]
    assert idx.outbound_chain("apps.geo.lookup.offline_only") is None
    assert idx.outbound_chain("apps.geo.lookup.shadowed") is None


@pytest.mark.parametrize(
    "step, oauth",
    [
        ("fetch_token", True), ("get_access_token", True), ("authorize_access_token", True),
        ("exchange_code_for_token", True), ("complete_login", True), ("oauth_callback", True),
        ("_token_request", True), ("fetch_request_token", True), ("_get_token", True),
        ("refresh_token", False), ("revoke_token", False), ("reset_api_token", False),
        ("create_session_token", False), ("check_token", False), ("verify_token", False),
        ("save_integration_from_tokens", False), ("get_address_from_token", False),
        ("send_token_email", False), ("token_is_valid", False), ("refresh_account_oauth_token", False),
    ],
)
def test_the_oauth_note_names_code_for_token_exchanges_not_every_step_mentioning_a_token(step, oauth):
    from integration_lint.project import OAUTH_STEP

    assert bool(OAUTH_STEP.search(step)) is oauth


def test_a_third_party_object_built_with_a_server_url_or_a_secret_is_an_api_client():
    idx = index(
        {
            "accounts/idp.py": """
                import os
                from django.conf import settings
                from realmkit import RealmAdmin, RealmConnection
                from otpkit import TOTP
                from reportkit import Renderer
                from accounts.local import Directory

                def users(email):
                    conn = RealmConnection(server_url=settings.IDP_URL, client_secret_key=os.environ["IDP_SECRET"])
                    admin = RealmAdmin(connection=conn)
                    return admin.get_users(query={"email": email})

                def otp_ok(user, code):
                    return TOTP(user.otp_secret).verify(code)

                def page(template):
                    return Renderer(template).get_page(1)

                def local(token):
                    return Directory(token).get_users()
                """,
            "accounts/local.py": """
                class Directory:
                    def __init__(self, token):
                        self.token = token

                    def get_users(self):
                        return [self.token]
                """,
        }
    )
    assert idx.outbound_chain("accounts.idp.users") == ["accounts.idp.users", "realmkit.RealmAdmin.get_users"]
    assert idx.outbound_chain("accounts.idp.otp_ok") is None  # `verify` is no CRUD/transfer verb
    assert idx.outbound_chain("accounts.idp.page") is None  # built without a URL or a secret
    assert idx.outbound_chain("accounts.idp.local") is None  # the project's own class


def test_calling_an_instance_of_a_project_class_runs_its_dunder_call():
    idx = index(
        {
            "station/endpoints.py": """
                import requests

                class EndpointRequest:
                    def __init__(self, url):
                        self.url = url

                    def __call__(self, **params):
                        return requests.get(self.url, params=params, timeout=30).json()

                class Formatter:
                    def __init__(self, pattern):
                        self.pattern = pattern

                    def __call__(self, value):
                        return self.pattern.format(value)
                """,
            "station/worker.py": """
                from station.endpoints import EndpointRequest, Formatter

                def push(url):
                    request = EndpointRequest(url)
                    return request(listeners=3)

                def show(value):
                    fmt = Formatter("{0}")
                    return fmt(value)
                """,
        }
    )
    assert idx.outbound_chain("station.worker.push") == [
        "station.worker.push", "station.endpoints.EndpointRequest.__call__", "requests.get",
    ]
    assert idx.outbound_chain("station.worker.show") is None
