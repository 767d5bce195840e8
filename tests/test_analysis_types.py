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
