"""Local type inference the rules rely on: attribute types set from a method's locals."""

from __future__ import annotations

from lintutil import lint_json, write_project

CLIENT = """
import requests


class PartnerClient:
    SESSION_TIMEOUT = 30

    def __init__(self, config):
        self.config = config
        self.session = None

    def _create_session(self):
        if self.session is None:
            session = requests.Session()
            session.headers["Authorization"] = "Bearer " + self.config.token
            self.session = session

    def push(self, payload):
        self._create_session()
        return self.session.post(self.config.url, json=payload)
"""


def _found(root, *args):
    _, report = lint_json(root, *args)
    return [(f["code"], f["path"], f["line"]) for f in report["findings"]]


def test_a_session_built_in_a_local_then_stored_on_self_is_known(tmp_path):
    write_project(tmp_path, {"partners/client.py": CLIENT}, config={})
    assert _found(tmp_path, "--select", "IL402") == [("IL402", "partners/client.py", 19)]


def test_the_chain_through_that_session_reaches_a_celery_task(tmp_path):
    task = """
    from celery import shared_task

    from partners.client import PartnerClient


    @shared_task
    def push_partner(config, payload):
        PartnerClient(config).push(payload)
    """
    write_project(tmp_path, {"partners/client.py": CLIENT, "partners/tasks.py": task}, config={})
    assert ("IL203", "partners/tasks.py", 7) in _found(tmp_path, "--select", "IL203")


def test_a_local_of_unknown_type_hides_a_module_level_session(tmp_path):
    source = """
    import requests

    session = requests.Session()


    class Client:
        def connect(self, factory):
            session = factory()
            self.session = session

        def fetch(self, url):
            return self.session.get(url)
    """
    write_project(tmp_path, {"partners/other.py": source}, config={})
    assert _found(tmp_path, "--select", "IL402") == []


def test_super_calls_lead_to_the_base_class_method(tmp_path):
    clients = """
    import requests


    class BaseClient:
        def fetch(self, url):
            return requests.get(url, timeout=5)


    class PartnerClient(BaseClient):
        def fetch(self, url):
            response = super().fetch(url)
            return response.json()
    """
    task = """
    from celery import shared_task

    from partners.clients import PartnerClient


    @shared_task
    def refresh(url):
        return PartnerClient().fetch(url)
    """
    write_project(tmp_path, {"partners/clients.py": clients, "partners/tasks.py": task}, config={})
    assert ("IL203", "partners/tasks.py", 7) in _found(tmp_path, "--select", "IL203")


def test_a_session_defaulted_with_or_is_known(tmp_path):
    source = """
    import requests


    class Client:
        def __init__(self, session=None):
            self.session = session or requests.Session()

        def fetch(self, url):
            return self.session.get(url)
    """
    write_project(tmp_path, {"partners/client.py": source}, config={})
    assert _found(tmp_path, "--select", "IL402") == [("IL402", "partners/client.py", 9)]


def test_module_level_aliases_are_read_in_source_order():
    import ast
    from pathlib import Path

    from integration_lint.analysis import FileContext
    from integration_lint.config import load_config

    source = "import requests\n\nsession = requests.Session()\napi = session\nsession = None\n"
    ctx = FileContext("proj/http.py", source, ast.parse(source), load_config(Path(".")))
    assert ctx.facts.variables == {"session": "requests.Session", "api": "requests.Session"}


def test_a_nested_function_handed_to_a_helper_is_followed(tmp_path):
    services = """
    import requests


    def call_with_error_handling(request_function):
        try:
            return request_function()
        except requests.RequestException as exc:
            raise RuntimeError("partner search failed") from exc


    def search_partner(query):
        def api_request():
            return requests.post("https://partner.example.com/search", json=query, timeout=5)

        return call_with_error_handling(api_request)
    """
    views = """
    from rest_framework.views import APIView

    from partners.services import search_partner


    class PartnerSearchView(APIView):
        def post(self, request):
            return search_partner(request.data)
    """
    write_project(tmp_path, {"partners/services.py": services, "partners/views.py": views}, config={})
    assert _found(tmp_path, "--select", "IL401") == [("IL401", "partners/views.py", 8)]


def test_a_nested_function_not_handed_over_is_not_a_call(tmp_path):
    services = """
    import requests


    def search_partner(query):
        def api_request():
            return requests.post("https://partner.example.com/search", json=query, timeout=5)

        return {"query": query, "handler": "api_request"}
    """
    views = """
    from rest_framework.views import APIView

    from partners.services import search_partner


    class PartnerSearchView(APIView):
        def post(self, request):
            return search_partner(request.data)
    """
    write_project(tmp_path, {"partners/services.py": services, "partners/views.py": views}, config={})
    assert _found(tmp_path, "--select", "IL401") == []


def test_sessions_unpacked_from_a_helpers_tuple_are_known(tmp_path):
    utils = """
    import requests


    def refresh_session_if_expired(get_token, session=None, expires_at=None):
        if session is None or expires_at is None:
            token, expires_at = get_token()
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {token}"
        return session, expires_at
    """
    client = """
    from channels.utils import refresh_session_if_expired


    class ChannelClient:
        def __init__(self):
            self.session = None
            self.expires_at = None

        def _create_session(self):
            self.session, self.expires_at = refresh_session_if_expired(self._token)

        def push(self, url, payload):
            self._create_session()
            return self.session.post(url, json=payload)

        def pull(self, url):
            session, _ = refresh_session_if_expired(self._token)
            return session.get(url)
    """
    write_project(tmp_path, {"channels/utils.py": utils, "channels/client.py": client}, config={})
    assert _found(tmp_path, "--select", "IL402") == [
        ("IL402", "channels/client.py", 14),
        ("IL402", "channels/client.py", 18),
    ]


def test_the_other_items_of_the_tuple_are_not_sessions(tmp_path):
    utils = """
    import requests


    def refresh_session_if_expired(get_token):
        return requests.Session(), get_token()
    """
    client = """
    from channels.utils import refresh_session_if_expired


    def pull(url, token_source):
        session, token = refresh_session_if_expired(token_source)
        return token.get(url)
    """
    write_project(tmp_path, {"channels/utils.py": utils, "channels/client.py": client}, config={})
    assert _found(tmp_path, "--select", "IL402") == []


def test_names_bound_inside_a_with_block_see_its_session(tmp_path):
    source = """
    import requests


    def fetch(url):
        with requests.Session() as session:
            client = session
            return client.get(url)
    """
    write_project(tmp_path, {"partners/feed.py": source}, config={})
    assert _found(tmp_path, "--select", "IL402") == [("IL402", "partners/feed.py", 7)]


def test_a_session_timeout_attribute_is_named_as_ignored(tmp_path):
    source = """
    import requests


    class Channel:
        def _create_session(self):
            session = requests.Session()
            session.timeout = 30
            self.session = session

        def push(self, url, payload):
            self._create_session()
            return self.session.post(url, json=payload)

        def ping(self, url):
            return requests.get(url)
    """
    write_project(tmp_path, {"channels/client.py": source}, config={})
    _, report = lint_json(tmp_path, "--select", "IL402")
    messages = {f["line"]: f["message"] for f in report["findings"]}
    assert sorted(messages) == [12, 15]
    assert "`session.timeout = …` is not read by requests" in messages[12]
    assert "session.timeout" not in messages[15]  # a module function has no session


def test_a_parameter_default_is_read_where_the_function_is_defined(tmp_path):
    # `session=session`: the default names the module-level session the parameter hides
    source = """
    import requests

    session = requests.Session()


    def head(url, session=session):
        return session.head(url)


    def head_with(url, session):
        return session.head(url)
    """
    write_project(tmp_path, {"mirror/etags.py": source}, config={})
    assert _found(tmp_path, "--select", "IL402") == [("IL402", "mirror/etags.py", 7)]


def test_an_attribute_set_from_a_parameter_takes_its_annotation_not_a_module_name(tmp_path):
    source = """
    import requests

    client = requests.Session()


    class Pusher:
        def __init__(self, client, session: requests.Session):
            self.client = client
            self.session = session

        def push(self, url):
            self.client.post(url)
            return self.session.post(url)
    """
    # `self.client = client`: the parameter, not the module-level session it hides
    write_project(tmp_path, {"mirror/push.py": source}, config={})
    assert _found(tmp_path, "--select", "IL402") == [("IL402", "mirror/push.py", 13)]


def test_a_conditional_expression_takes_the_type_of_a_known_branch(tmp_path):
    source = """
    import requests


    def fetch(url, session=None):
        http = session if session is not None else requests.Session()
        return http.get(url)


    def fetch_plain(url, getter=None):
        http = getter if getter is not None else None
        return http.get(url)
    """
    write_project(tmp_path, {"mirror/pick.py": source}, config={})
    assert _found(tmp_path, "--select", "IL402") == [("IL402", "mirror/pick.py", 6)]


NOTIFY = """
import logging

import requests

log = logging.getLogger(__name__)


class Quiet:
    def send(self, pk):
        log.info("order %s", pk)


class Webhook:
    def send(self, pk):
        requests.post("https://hooks.example.com", json={"pk": pk}, timeout=5)


class Events:
    senders = (Quiet(), Webhook())


QUIET = [Quiet(), Quiet()]
MIXED = (Quiet(), "webhook")


def every(request, pk):
    for sender in Events.senders:
        sender.send(pk)


def quiet(request, pk):
    for sender in QUIET:
        sender.send(pk)


def mixed(request, pk):
    for sender in MIXED:
        sender.send(pk)


def rebound(request, pk):
    for sender in Events.senders:
        sender = Quiet()
        sender.send(pk)
"""


def test_a_loop_over_a_literal_tuple_of_instances_calls_each_element(tmp_path):
    """Every element's method runs: the loop is outbound when one element's is. A list of
    quiet senders, a literal mixing instances with other values, and a loop variable the body
    rebinds are not read as the tuple's elements."""
    write_project(tmp_path, {"shop/views.py": NOTIFY}, config={})
    assert _found(tmp_path, "--select", "IL401") == [("IL401", "shop/views.py", 28)]


def test_a_local_rebound_to_another_class_takes_the_type_of_the_assignment_before_each_use(tmp_path):
    source = """
    import requests


    class Offline:
        def check(self):
            return True


    class Remote:
        def check(self):
            return requests.post("https://idp.example/introspect", timeout=5).ok


    def check(kind):
        if kind == "remote":
            checker = Remote()
            checker.check()
        else:
            checker = Offline()
            checker.check()
    """
    task = """
    from celery import shared_task

    from auth.checks import check


    @shared_task
    def check_later(kind):
        check(kind)
    """
    write_project(tmp_path, {"auth/checks.py": source, "auth/tasks.py": task}, config={})
    assert ("IL203", "auth/tasks.py", 7) in _found(tmp_path, "--select", "IL203")


def test_a_parameter_annotated_with_a_protocol_is_typed_by_what_callers_pass(tmp_path):
    source = """
    import logging
    import typing

    import requests
    from celery import shared_task


    class Verb(typing.Protocol):
        def __call__(self, url: str) -> requests.Response: ...


    def call(url, verb: Verb):
        logging.info("calling %s", verb.__name__)
        return verb(url, timeout=5)


    @shared_task
    def ping(url):
        return call(url, requests.head)


    @shared_task
    def shout(text):
        return call(text, str.upper)
    """
    write_project(tmp_path, {"fleet/tasks.py": source}, config={})
    found = _found(tmp_path, "--select", "IL203")
    assert ("IL203", "fleet/tasks.py", 18) in found
    assert ("IL203", "fleet/tasks.py", 23) not in found


def test_a_client_a_same_file_helper_is_annotated_to_return_is_known(tmp_path):
    source = """
import httpx


def make() -> httpx.Client:
    return httpx.Client()


def unannotated():
    return httpx.Client()


def fetch():
    make().post("/x", timeout=None)
    unannotated().post("/x", timeout=None)


class Wallet:
    def __init__(self):
        self.client = self._create_client()

    def _create_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url="http://wallet.example.com")

    async def pay(self):
        return await self.client.post("/v1/pay", json={}, timeout=None)

    def status(self) -> dict:
        return {}

    def summary(self):
        return self.status().get("x")
"""
    write_project(tmp_path, {"wallets/rest.py": source}, config={})
    # `-> httpx.Client` / `-> httpx.AsyncClient` type the call's value in the file itself; an
    # unannotated helper is left to the project pass, and `-> dict` is not a client
    assert _found(tmp_path, "--select", "IL402") == [
        ("IL402", "wallets/rest.py", 13),
        ("IL402", "wallets/rest.py", 25),
    ]


# ---------------------------------------------------------------- session 8 (held-out 7 families)
def _calls(source: str) -> dict[str, list[str]]:
    import ast
    import textwrap
    from pathlib import Path

    from integration_lint.analysis import BatchedWalker, FileContext
    from integration_lint.config import Config

    source = textwrap.dedent(source).lstrip("\n")
    ctx = FileContext("apps/api/client.py", source, ast.parse(source), Config(root=Path("/nonexistent")))
    BatchedWalker(ctx, []).run()
    return {q.rpartition(".")[2]: [ref for ref, _line in f.calls] for q, f in ctx.facts.functions.items()}


def test_a_getattr_dispatched_http_verb_is_the_clients_request_method():
    calls = _calls(
        """
        import boto3
        import requests


        class Api:
            def __init__(self):
                self.session = requests.Session()
                self.s3 = boto3.client("s3")

            def call(self, verb, url):
                return getattr(self.session, verb.lower())(url, timeout=3)

            def operate(self, method, **kw):
                return getattr(self.s3, method)(**kw)

            def handle(self, request):
                return getattr(self, request.method.lower())(request)

            def named(self, obj, attribute):
                return getattr(obj, attribute)()


        def send(method, url, **kwargs):
            return getattr(requests, method)(url, **kwargs)


        def post(url):
            return getattr(requests, "post")(url, timeout=5)
        """
    )
    assert calls["call"] == ["requests.Session.request"]
    assert calls["operate"] == ["boto3.client.request"]
    assert calls["send"] == ["requests.request"]
    assert calls["post"] == ["requests.post"]
    # `getattr(self, request.method.lower())` is a handler of the class; an untyped object's
    # member chosen by a name that does not say "method" is unknown
    assert calls["handle"] == []
    assert calls["named"] == []


def test_a_class_level_protocol_annotation_yields_to_the_concrete_instance_a_method_builds(tmp_path):
    write_project(
        tmp_path,
        {
            "docs/convert.py": """
                import typing

                import requests


                class RendererProtocol(typing.Protocol):
                    def render(self, data): ...


                class RemoteRenderer:
                    def render(self, data):
                        return requests.post("https://render.example.com", json=data, timeout=10).content


                class Pipeline:
                    renderer: RendererProtocol

                    def __init__(self):
                        self.renderer = RemoteRenderer()

                    def run(self, data):
                        return self.renderer.render(data)
                """,
            "docs/views.py": """
                from docs.convert import Pipeline


                def preview(request):
                    return Pipeline().run(request.body)
                """,
        },
        config={},
    )
    assert _found(tmp_path, "--select", "IL401") == [("IL401", "docs/views.py", 5)]


def test_an_injected_session_is_typed_by_module_level_and_forwarded_construction_sites(tmp_path):
    write_project(
        tmp_path,
        {
            "shop/api.py": """
                class ContractsAPI:
                    def __init__(self, session, token):
                        self.session = session
                        self.token = token

                    def contracts(self):
                        return self.session.get("https://contracts.example.com/v1")


                class PartnersAPI:
                    def __init__(self, session):
                        self.session = session

                    def partners(self):
                        return self.session.get("https://partners.example.com/v1")


                class LedgerAPI:
                    def __init__(self, session):
                        self.session = session

                    def entries(self):
                        return self.session.get("https://ledger.example.com/v1")
                """,
            "shop/wiring.py": """
                from requests import Session

                from shop.api import ContractsAPI, LedgerAPI, PartnersAPI

                session = Session()
                partners = PartnersAPI(session=session)


                def make_contracts(token, session):
                    return ContractsAPI(session=session, token=token)


                def build(token):
                    local = Session()
                    return make_contracts(token, local)


                def ledger(session):
                    # nobody passes this one a typed session: LedgerAPI.session stays unknown
                    return LedgerAPI(session)
                """,
        },
        config={},
    )
    assert _found(tmp_path, "--select", "IL402") == [
        ("IL402", "shop/api.py", 7),
        ("IL402", "shop/api.py", 15),
    ]


def test_an_attribute_a_base_class_builds_with_a_factory_method_takes_the_subclass_override(tmp_path):
    write_project(
        tmp_path,
        {
            "leads/base.py": """
                import typing


                class LeadTracker:
                    def __init__(self, client=None):
                        self.client = client or self._get_client()

                    def _get_client(self) -> typing.Any:
                        pass
                """,
            "leads/crm.py": """
                import requests


                class CrmClient:
                    def get_contact(self, email):
                        return requests.get(f"https://crm.example.com/contacts/{email}", timeout=5).json()
                """,
            "leads/tracker.py": """
                from leads.base import LeadTracker
                from leads.crm import CrmClient


                class CrmLeadTracker(LeadTracker):
                    def _get_client(self) -> CrmClient:
                        return CrmClient()


                class NullLeadTracker(LeadTracker):
                    pass
                """,
            "leads/views.py": """
                from leads.tracker import CrmLeadTracker, NullLeadTracker


                def sync_lead(request):
                    return CrmLeadTracker().client.get_contact(request.user.email)


                def skip_lead(request):
                    return NullLeadTracker().client.get_contact(request.user.email)
                """,
        },
        config={},
    )
    assert _found(tmp_path, "--select", "IL401") == [("IL401", "leads/views.py", 5)]


def test_a_name_bound_to_one_of_two_classes_by_a_conditional_runs_either(tmp_path):
    write_project(
        tmp_path,
        {
            "apps/mail/__init__.py": "",
            "apps/mail/clients/__init__.py": """
                from django.conf import settings

                from . import jmap, legacy

                MailClient = legacy.LegacyClient if not settings.USE_JMAP else jmap.JmapClient
                Archive = legacy.LocalArchive if settings.DEBUG else jmap.LocalStore
                """,
            "apps/mail/clients/legacy.py": """
                import requests


                class LegacyClient:
                    def get_account(self, pk):
                        return requests.get(f"https://mail.example.com/{pk}", timeout=5).json()


                class LocalArchive:
                    def get_account(self, pk):
                        return {"pk": pk}
                """,
            "apps/mail/clients/jmap.py": """
                class JmapClient:
                    def get_account(self, pk):
                        return {"pk": pk}


                class LocalStore:
                    def get_account(self, pk):
                        return {"pk": pk}
                """,
            "apps/mail/views.py": """
                from apps.mail.clients import Archive, MailClient


                def quota(request, pk):
                    return MailClient().get_account(pk)


                def archived(request, pk):
                    return Archive().get_account(pk)
                """,
        },
        config={},
    )
    assert _found(tmp_path, "--select", "IL401") == [("IL401", "apps/mail/views.py", 5)]


def test_a_member_of_what_a_factory_returns_on_any_branch_is_followed(tmp_path):
    write_project(
        tmp_path,
        {
            "crm/factory.py": """
                from django.conf import settings
                import requests


                class DummyManager:
                    def add_user(self, email):
                        return None


                class RemoteManager:
                    def add_user(self, email):
                        return requests.post("https://crm.example.com/users", json={"email": email}, timeout=5)


                class CrmFactory:
                    def get_manager(self):
                        if settings.CRM in ("", "none"):
                            return DummyManager()
                        return RemoteManager()

                    def get_offline_manager(self):
                        if settings.DEBUG:
                            return DummyManager()
                        return DummyManager()
                """,
            "crm/views.py": """
                from crm.factory import CrmFactory


                def subscribe(request):
                    return CrmFactory().get_manager().add_user(request.POST["email"])


                def subscribe_offline(request):
                    return CrmFactory().get_offline_manager().add_user(request.POST["email"])
                """,
        },
        config={},
    )
    assert _found(tmp_path, "--select", "IL401") == [("IL401", "crm/views.py", 5)]


def test_a_rate_limited_requests_session_and_a_bound_method_alias_are_outbound(tmp_path):
    write_project(
        tmp_path,
        {
            "media/providers.py": """
                from requests_ratelimiter import LimiterSession

                session = LimiterSession(per_second=5)


                def api_request(method, url, params=None):
                    if method == "GET":
                        request_func = session.get
                    else:
                        request_func = session.post
                    return request_func(url, params=params, timeout=10).json()


                def local_lookup(items, key):
                    find = items.get
                    return find(key)
                """,
            "media/tasks.py": """
                from celery import shared_task

                from media.providers import api_request, local_lookup


                @shared_task
                def refresh(pk):
                    return api_request("GET", f"https://api.media.example.com/{pk}")


                @shared_task
                def relabel(items):
                    return local_lookup(items, "label")
                """,
            "media/sync.py": """
                from media.providers import session


                def ping():
                    return session.get("https://api.media.example.com/ping")
                """,
        },
        config={},
    )
    assert _found(tmp_path, "--select", "IL203,IL402") == [
        ("IL402", "media/sync.py", 5),
        ("IL203", "media/tasks.py", 7),
    ]


def test_names_brought_in_by_star_imports_of_project_modules_are_followed(tmp_path):
    write_project(
        tmp_path,
        {
            "scans/__init__.py": "",
            "scans/models.py": """
                class Scan:
                    def label(self):
                        return "scan"
                """,
            "scans/common.py": """
                import requests

                from scans.models import *


                def notify_slack(text):
                    return requests.post("https://hooks.example.com/x", json={"text": text}, timeout=5)


                def render(text):
                    return text.upper()
                """,
            "scans/helpers.py": """
                from scans.common import *
                """,
            "scans/tasks.py": """
                from celery import shared_task

                from scans.helpers import *


                @shared_task
                def announce(pk):
                    notify_slack(f"scan {pk} done")


                @shared_task
                def fetch(url):
                    return requests.get(url)


                @shared_task
                def relabel(pk):
                    return render(Scan().label())
                """,
        },
        config={},
    )
    assert _found(tmp_path, "--select", "IL203,IL402") == [
        ("IL203", "scans/tasks.py", 7),
        ("IL203", "scans/tasks.py", 12),
        ("IL402", "scans/tasks.py", 13),
    ]


def test_sqlalchemy_queries_answering_one_instance_are_typed_by_their_model():
    import ast
    import textwrap
    from pathlib import Path

    from integration_lint.analysis import BatchedWalker, FileContext
    from integration_lint.config import Config

    source = textwrap.dedent(
        """
        from sqlalchemy import select
        from mirror import orm
        from mirror.models import Channel
        import requests

        a = db.query(orm.Channel).filter(orm.Channel.name == n).order_by(orm.Channel.id).first()
        b = session.scalars(select(Channel).where(Channel.id == 1)).one()
        c = db.session.get(Channel, 3)
        d = Channel.query.filter_by(name=n).first_or_404()
        e = session.execute(select(orm.Channel)).scalar_one()
        f = requests.get(BaseUrl, params)
        g = cache.get(Channel, None)
        """
    )
    ctx = FileContext("app/x.py", source, ast.parse(source), Config(root=Path("/nonexistent")))
    BatchedWalker(ctx, []).run()
    values = {st.targets[0].id: st.value for st in ctx.tree.body if isinstance(st, ast.Assign)}
    assert ctx.value_type(values["a"]) == "mirror.orm.Channel"
    assert ctx.value_type(values["b"]) == "mirror.models.Channel"
    assert ctx.value_type(values["c"]) == "mirror.models.Channel"
    assert ctx.value_type(values["d"]) == "mirror.models.Channel"
    assert ctx.value_type(values["e"]) == "mirror.orm.Channel"
    assert ctx.value_type(values["f"]) == "requests.get"  # an HTTP call's answer, not a model
    assert ctx.value_type(values["g"]) != "mirror.models.Channel"  # a cache's get is no query
