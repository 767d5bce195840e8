"""Robustness of the engine and every rule on odd-but-valid Python: the linter never crashes on a
Python file, reports no engine error (IL000/IL002) for code CPython compiles, and stays fast on
files with many findings.

Programs come from three sources: `hypothesmith` (arbitrary grammar-valid Python), a composite
strategy of integration-flavoured statements in awkward shapes, and a hand-written battery of
constructs that trip AST visitors (walrus, match, async comprehensions, `global`/`nonlocal`,
classes in functions, recursion in call graphs, self-imports, relative imports beyond the top).
Every program gets a trailing comment naming every rule's prefilter keywords, so every rule's
visitor runs on it (a prefilter is a byte regex; the comment changes no finding position).
"""

from __future__ import annotations

import ast
import sys
import time
import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from integration_lint.config import load_config
from integration_lint.fixes.inmemory import InMemoryLinter
from integration_lint.rules.base import all_rules

try:  # in the `test` extra; without it only the grammar-generated property is skipped
    import hypothesmith
except ImportError:  # pragma: no cover
    hypothesmith = None

ENGINE_ERRORS = {"IL000", "IL002"}
# Words that satisfy every rule's prefilter (see each rule's `prefilter`): a comment, so the
# program's meaning and positions do not change.
PREFILTER_BAIT = (
    "\n# bait: task Task password token key auth :// env config except 429 retry-after rate limit"
    " throttle for while status .ok urlopen httpx get post request req api_view route action flask\n"
)
RELPATHS = ("apps/sync/views.py", "apps/sync/tasks.py", "apps/sync/__init__.py", "settings.py")


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    root = tmp_path_factory.mktemp("robust")
    (root / ".integration-lint.yaml").write_text("{}\n")
    with InMemoryLinter(load_config(root), use_cache=False) as linter:
        linter.load_facts()
        yield linter


def compiles(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<generated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    return True


def lint_all_rules(linter: InMemoryLinter, source: str, relpath: str):
    """Lint with every rule's visitor active; fail on any engine error for valid code."""
    result = linter.lint_text(relpath, source + PREFILTER_BAIT, "utf-8")
    errors = [f"{f.code} {f.line}:{f.column} {f.message}" for f in result.findings if f.code in ENGINE_ERRORS]
    assert not errors, f"engine error on valid Python in {relpath}: {errors}"
    for f in result.findings:
        assert f.code in all_rules(), f.code
        assert f.line >= 1 and f.column >= 1 and f.end_line >= f.line, f
    return result.findings


# ---------------------------------------------------------------------------- hypothesmith
@pytest.mark.skipif(hypothesmith is None, reason="hypothesmith is not installed")
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(source=hypothesmith.from_grammar() if hypothesmith else st.just(""), relpath=st.sampled_from(RELPATHS))
def test_grammar_generated_programs_never_crash_any_rule(linter, source, relpath):
    assume(compiles(source))
    lint_all_rules(linter, source, relpath)


# ---------------------------------------------------------------------------- integration-flavoured
CALLS = st.sampled_from(
    [
        "requests.get(url)",
        "requests.post(url, json=payload, timeout=None)",
        "session.get(url, *args, **kwargs)",
        "httpx.get(url, timeout=None)",
        "urllib.request.urlopen(url)",
        "client.fetch(url)",
        "helper(url)",
        "(lambda u: requests.get(u))(url)",
        "getattr(requests, 'get')(url)",
        "os.getenv('DOCTOLIB_API_TOKEN', 'tok_4f8a2c9e7b1d3f5a6c8e0b2d')",
        "self.retry(exc=exc)",
        "sync_patient.delay(pk)",
    ]
)
STATEMENTS = st.sampled_from(
    [
        "r = {call}",
        "if (r := {call}) and r.status_code == 429:\n    time.sleep(int(r.headers['Retry-After']))",
        "for attempt in range(3):\n    try:\n        return {call}\n    except Exception as exc:\n        time.sleep(2 ** attempt)",
        "while True:\n    try:\n        r = {call}\n        break\n    except requests.RequestException:\n        continue",
        "try:\n    {call}\nexcept* ValueError:\n    pass",
        "try:\n    {call}\nexcept:\n    pass",
        "match payload:\n    case {{'url': str(u), **rest}}:\n        {call}\n    case [first, *others] if first:\n        pass\n    case _:\n        pass",
        "items = [{call} for url in urls if url]",
        "data = {{k: {call} for k in keys}}",
        "handler = lambda *a, **k: {call}",
        "global session\nsession = requests.Session()\n{call}",
        "async def go():\n    return [await x async for x in agen() if {call}]",
        "class Local(View):\n    def get(self, request, *args, **kwargs):\n        return {call}",
        "def inner():\n    nonlocal_holder = 1\n    def deeper():\n        nonlocal nonlocal_holder\n        return {call}\n    return deeper()",
        "text = f\"{{{call}!r:>{{width}}}}\"",
        "PASSWORD = 'Cl1n1c-db-2024!'; HEADERS = {{'Authorization': 'Bearer 9f2c4e7a1b3d5f60718293a4b5c6d7e8'}}",
        "x: 'requests.Session' = {call}",
        "del url\n{call}",
    ]
)
WRAPPERS = st.sampled_from(
    [
        "def view(request, url=None, payload=None, *args, **kwargs):\n{body}",
        "@shared_task(bind=True)\ndef sync(self, url=None, payload=None, *args, **kwargs):\n{body}",
        "@app.task(**{{'autoretry_for': (Exception,)}})\ndef sync2(url=None, *args, **kwargs):\n{body}",
        "class Api(APIView):\n    @action(detail=True)\n    def post(self, request, url=None, *args, **kwargs):\n{body8}",
        "def factory():\n    class Inner:\n        def get(self, url=None, *args, **kwargs):\n{body12}\n    return Inner",
        "async def handler(request, url=None, *args, **kwargs):\n{body}",
        "def helper(url):\n    return helper(url)\ndef recurse(url=None, *args, **kwargs):\n{body}",
    ]
)
HEADER = """\
from __future__ import annotations
import os, time, urllib.request
import requests, httpx
from celery import shared_task
from rest_framework.views import APIView
from rest_framework.decorators import action
from django.views import View
from . import *
from .. import views
from .views import view as view
from apps.sync import tasks as me
session = requests.Session()
urls = keys = []
"""


def _indent(text: str, n: int) -> str:
    return "\n".join(" " * n + line if line else line for line in text.splitlines())


@st.composite
def integration_module(draw) -> str:
    parts = [HEADER]
    for _ in range(draw(st.integers(1, 3))):
        body = "\n".join(draw(STATEMENTS).format(call=draw(CALLS)) for _ in range(draw(st.integers(1, 3))))
        wrapper = draw(WRAPPERS)
        parts.append(
            wrapper.format(body=_indent(body, 4), body8=_indent(body, 8), body12=_indent(body, 12))
        )
    return "\n\n".join(parts) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=integration_module(), relpath=st.sampled_from(RELPATHS))
def test_integration_flavoured_programs_in_awkward_shapes_never_crash(linter, source, relpath):
    assume(compiles(source))
    lint_all_rules(linter, source, relpath)


# ---------------------------------------------------------------------------- hand-written battery
ODD = {
    "walrus": "import requests\nif (r := requests.get('u')) and (n := len(r.text)):\n    pass\n[y := requests.post('x') for _ in range(2)]\n",
    "match": """\
import requests
def f(cmd):
    match cmd:
        case {"url": url, **rest}:
            return requests.get(url)
        case [first, *others] if first:
            pass
        case Point(x=0, y=requests):
            pass
        case str() | bytes() as s:
            pass
        case _:
            for i in range(3):
                try:
                    return requests.get(cmd)
                except Exception:
                    continue
""",
    "lambdas": "import requests\nf = lambda url, *a, timeout=None, **k: requests.get(url, *a, **k)\ng = (lambda: (lambda: requests.get)())()('x')\n",
    "decorators_with_calls": """\
import functools, requests
from celery import shared_task
def deco(*a, **k):
    return lambda f: f
@deco(requests.get('x'))
@shared_task(bind=True, **{'autoretry_for': (Exception,)})
@functools.lru_cache(maxsize=None)
@(lambda f: f)
@[deco][0](1)
def task(self, url=requests.get):
    return requests.post(url)
""",
    "nested_fstrings": "import requests\ntoken = 'abc'\nx = f\"{f'{requests.get(1)!r:>{10}}'}\"\ny = f\"{'Bearer ' + token=}\"\nz = f'{ {\"Authorization\": f\"Bearer {token}\"}[\"Authorization\"] }'\n",
    "star_args": """\
import requests
args = ('u',); kw = {'timeout': 3}
requests.get(*args, **kw)
requests.get(*args)
requests.get(**kw)
a, *b = [1, 2, 3]
print(*[requests.post(u) for u in b], sep='')
def f(*, url, **kw): return requests.get(url, **kw)
def g(a, /, b, *c, d=1, **e): pass
""",
    "global_nonlocal": """\
import requests
session = None
def outer():
    global session
    session = requests.Session()
    count = 0
    def inner():
        nonlocal count
        count += 1
        return session.get('u')
    return inner
def other():
    global requests
    import requests
    requests = None
""",
    "async_comprehensions": """\
import httpx, aiohttp, asyncio
async def main(urls):
    async with httpx.AsyncClient(timeout=None) as client:
        rs = [await client.get(u) async for u in agen(urls)]
        xs = {u: await client.get(u) for u in urls}
        async for chunk in (await client.get('x')).aiter_bytes():
            pass
    async with aiohttp.ClientSession() as s, s.get('u') as r:
        await r.text()
    for i in range(3):
        try:
            return await client.get('u')
        except httpx.HTTPError:
            await asyncio.sleep(2 ** i)
async def agen(urls):
    for u in urls:
        yield u
""",
    "very_long_line": "import requests\nx = [" + ", ".join(f"requests.get('u{i}', timeout=3)" for i in range(400)) + "]\n",
    "very_long_string": "PASSWORD = '" + "a1B2" * 50000 + "'\n",
    "deep_if_nesting": "import requests\n" + "".join("    " * i + f"if x{i}:\n" for i in range(90)) + "    " * 90 + "requests.get('u')\n",
    "deep_parentheses": "import requests\nx = " + "(" * 180 + "requests.get('u')" + ")" * 180 + "\n",
    "deep_unary": "x = " + "-" * 5000 + "1\n",
    "deep_attribute_chain": "import requests\nx = requests" + ".a" * 3000 + ".get('u')\n",
    "long_boolop": "import requests\nx = requests.get('u')" + " or a" * 5000 + "\n",
    "nested_functions": "".join("    " * i + f"def f{i}():\n" for i in range(99)) + "    " * 99 + "pass\n",
    "string_annotations": """\
from __future__ import annotations
import requests
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from requests import Session
class C:
    s: "requests.Session"
    t: 'Session | None' = None
    def m(self, s: "Session") -> "requests.Response":
        return s.get('u')
    def n(self):
        return self.s.get('u')
x: "list[requests.Session]" = []
y: "(" = 1
z: "requests.Session()" = None
""",
    "exec_style": """\
import requests
exec("requests.get('u')")
eval(compile("requests.get('x')", "<s>", "eval"))
__import__('requests').get('u')
getattr(requests, 'get')('u')
globals()['requests'].get('u')
""",
    "classes_inside_functions": """\
import requests
from django.views import View
def factory():
    class Inner(View):
        session = requests.Session()
        def get(self, request):
            class Deeper:
                def get(self):
                    return requests.get('u')
            return Deeper().get()
    return Inner
""",
    "recursive_call_graph": """\
import requests
def a(n): return b(n) if n else requests.get('u')
def b(n): return a(n - 1)
def c(): return c()
class K:
    def m(self): return self.m()
    def n(self): return K.n(self)
def view(request): return a(3)
""",
    "long_call_chain_in_view": "import requests\nfrom django.views import View\n"
    + "".join(f"def f{i}(): return f{i + 1}()\n" for i in range(1500))
    + "def f1500(): return requests.get('u')\nclass V(View):\n    def get(self, request):\n        return f0()\n",
    "self_referencing_imports": """\
from apps.sync import views
from apps.sync.views import *
from . import *
from .views import view as view
from .. import something
from ...beyond.top import x
from .......x import y
import apps.sync.views as me
def view(request):
    return me.view(request)
""",
    "shadowed_names": "import requests as get\nget.get('u')\nrequests = get\nrequests.get('x')\nclass requests: pass\nrequests.get()\ndef requests(): pass\n",
    "inheritance_cycles": "class A(B): pass\nclass B(A): pass\nclass C(C): pass\nimport requests\nclass S(requests.Session): pass\nclass S2(S2, requests.Session): pass\nS2().get('u')\nS().get('u')\n",
    "celery_odd": """\
from celery import shared_task, Task, Celery
import requests
app = Celery()
class Base(Task):
    autoretry_for = (Exception,)
class Base3(Base3 if False else Task): pass
@app.task(base=Base3)
def t2(): requests.get('u')
@app.task(**{})
def t4(): requests.get('u')
@app.task()
class NotATask: pass
t5 = app.task(lambda: requests.get('u'))
class T9(T9): pass
""",
    "try_star": "import requests\ndef f():\n    for i in range(3):\n        try:\n            return requests.get('u')\n        except* Exception:\n            pass\n",
    "odd_except_targets": """\
import requests
def f():
    try:
        requests.get('u')
    except (lambda: Exception)():
        pass
    except [ValueError][0]:
        pass
    except ():
        pass
    except requests.get('x').exc:
        pass
""",
    "credential_shapes": """\
import os
PASSWORD = b'hunter2hunter2!'
TOKEN = 'abc' 'def' 'ghi123456789'
DSN2 = 'redis://:p@ssw0rd@localhost:6379/0'
URL3 = "http://[::1:bad/"
URL4 = "http://user:pass@[::1]:99999/"
x = os.getenv('API_TOKEN', b'secretvalue123')
z = os.getenv(*('API_TOKEN', 'secretvalue123'))
w = os.getenv(**{'key': 'API_TOKEN', 'default': 'secretvalue123'})
HEADERS = {"Authorization": "Bearer " "9f2c4e7a1b3d5f60718293a4b5c6d7e8", **{}, None: 1, (1, 2): 'x'}
def f(password='hunter2hunter2!', /, *, token=b'tok_4f8a2c9e7b1d3f5a6c8e0b2d', **kw): pass
class C:
    token = secret = key = 'tok_4f8a2c9e7b1d3f5a6c8e0b2d'
    (a, b), c = ('x', 'tok_4f8a2c9e7b1d3f5a6c8e0b2d'), 'y'
obj.password = obj['password'] = obj[1:2] = 'hunter2hunter2!'
password = None
password += 'hunter2hunter2!'
SURROGATE = '\\ud800\\udfff' * 10
BIG = 0x""" + "f" * 4000 + "\n",
    "unicode_identifiers": "import requests\nπ = requests.Session()\nπ.get('ü')\n密码 = 'hunter2hunter2!'\nclass Ünïcode:\n    def gét(self): return requests.get('x')\n",
    "flask_and_urls": """\
from django.urls import path, re_path, include
from flask import Flask
import requests
app = Flask(__name__)
urlpatterns = [path('a/', lambda r: requests.get('u')), path('b/', include([path('c', (lambda: v)())])), re_path(*('x', v)), path()]
def v(request, *a, **k): return [requests.get(x) for x in a]
@app.route('/')
@app.get('/x')
def index(): return requests.get('u').text
app.add_url_rule('/y', view_func=lambda: requests.get('u'))
""",
    "suppression_comments": "import requests\nrequests.get('u')  # noqa:IL402,,IL401 ,\nrequests.get('u')  # NOQA : IL4\nrequests.get('u')  # integration-lint: ignore[IL402,  IL402]\nx = '# noqa: IL402'\n# integration-lint: ignore[]\n# noqa: IL999\n",
    "timeouts_odd": "import requests, httpx\nrequests.get('u', **{'timeout': None})\nrequests.get('u', timeout=...)\nrequests.get(timeout=1, url='x')\nrequests.request()\nrequests.get()\nrequests.get(x for x in 'ab')\nhttpx.Client(timeout=None).get('u')\n",
    "builtins_shadowed": "__builtins__ = None\n__name__ = 1\nimport requests\nrequests.get('u')\n",
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_but_valid_construct_survives_every_rule(linter, name):
    source = ODD[name]
    assert compiles(source), "the battery must hold valid Python"
    for relpath in RELPATHS:
        lint_all_rules(linter, source, relpath)


def test_odd_battery_still_reports_real_findings(linter):
    """The battery is linted for real (not short-circuited): known findings come out."""
    assert "IL402" in {f.code for f in lint_all_rules(linter, ODD["walrus"], "apps/sync/client.py")}
    chain = ODD["long_call_chain_in_view"].replace("return f0()", "return f1495()")
    assert "IL401" in {f.code for f in lint_all_rules(linter, chain, "apps/sync/views.py")}
    assert "IL101" in {f.code for f in lint_all_rules(linter, ODD["credential_shapes"], "apps/sync/client.py")}


# ---------------------------------------------------------------------------- limits
@pytest.mark.parametrize(
    "source",
    [
        "x = " + "(" * 300 + ")" * 300 + "\n",  # CPython: too many nested parentheses
        "x = " + "-" * 200000 + "1\n",  # parser recursion limit
        "def f(:\n",
        "x = 'unterminated\n",
        "\tif x:\n  pass\n",  # inconsistent indentation
    ],
    ids=["parens-300", "unary-200000", "syntax", "string", "indent"],
)
def test_code_cpython_rejects_gets_one_engine_finding_not_a_crash(linter, source):
    findings = linter.lint_text("apps/sync/client.py", source, "utf-8").findings
    codes = [f.code for f in findings if f.code in ENGINE_ERRORS]
    assert len(codes) == 1, findings
    (error,) = [f for f in findings if f.code in ENGINE_ERRORS]
    assert error.message and "Traceback" not in error.message


def test_a_file_with_many_findings_lints_in_linear_time(linter):
    # 1500 one-line calls without a timeout (~42 KB). At ef0bf6d this took 5-6 s CPU (and 3000
    # calls on one line ~50 s): FileContext.segment called ast.get_source_segment, which splits
    # the whole source again for every finding. A linear engine needs well under a second.
    source = "import requests\n\n\ndef sync(urls):\n" + "".join(
        f"    requests.get(urls[{i}])\n" for i in range(1500)
    )
    started = time.process_time()
    findings = linter.lint_text("apps/x/client.py", source, "utf-8").findings
    elapsed = time.process_time() - started
    assert sum(f.code == "IL402" for f in findings) == 1500
    assert elapsed < 2.5, f"{elapsed:.1f} s CPU for 1500 findings in a 42 KB file"


def test_analysis_does_not_depend_on_the_bait_comment(linter):
    """Sanity for the harness: the prefilter bait adds no finding and moves none."""
    source = "import requests\nrequests.get('u')\n"
    plain = linter.lint_text("apps/x/client.py", source, "utf-8").findings
    baited = linter.lint_text("apps/x/client.py", source + PREFILTER_BAIT, "utf-8").findings
    assert [(f.code, f.line, f.column) for f in plain] == [(f.code, f.line, f.column) for f in baited]


NEWER_SYNTAX = {
    "pep695-type-alias": "import requests\ntype Handler = Callable | None\nrequests.get('u')\n",
    "pep695-generic-def": "import requests\ndef first[T](items: list[T]) -> T:\n    return requests.get('u')\n",
    "pep701-fstring-quotes": "import requests\nx = f'{', '.join(['a'])}'\nrequests.get('u')\n",
}


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the running Python parses this syntax")
@pytest.mark.parametrize("name", sorted(NEWER_SYNTAX))
def test_newer_python_syntax_is_analysed_or_named_as_such(linter, name):
    findings = linter.lint_text("apps/sync/client.py", NEWER_SYNTAX[name], "utf-8").findings
    errors = [f for f in findings if f.code == "IL000"]
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert not errors or all(version in f.message for f in errors), [f.message for f in errors]
