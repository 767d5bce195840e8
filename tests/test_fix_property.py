"""Property: fixing never produces code that does not parse, and fixing is idempotent —
on generated snippets full of fixable findings in awkward shapes, and on real files (the stdlib)."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import libcst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from integration_lint.config import load_config
from integration_lint.fixes.apply import fix_source
from integration_lint.fixes.inmemory import InMemoryLinter
from integration_lint.fixes.source import UnsupportedSource, decode
from integration_lint.model import SAFE, UNSAFE

ALLOWED = (SAFE, UNSAFE)
RELPATH = "apps/connector/client.py"


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / ".integration-lint.yaml").write_text("{}\n")
    with InMemoryLinter(load_config(root), use_cache=False) as linter:
        linter.load_facts()
        yield linter


def fix(linter: InMemoryLinter, text: str, relpath: str = RELPATH):
    return fix_source(text, lambda t: linter.lint_text(relpath, t, "utf-8").findings, ALLOWED)


def assert_parses(text: str) -> None:
    ast.parse(text)
    libcst.parse_module(text)


# ---------------------------------------------------------------------------- generated snippets
URLS = st.sampled_from(
    ['"https://api.doctolib.example/slots"', "url", 'f"{BASE}/x/{pk}"', "BASE + '/y'", "(url)", "(\n    url\n)"]
)
EXTRA_ARGS = st.lists(
    st.sampled_from(
        [
            "params={'page': 1}",
            "json=payload",
            "timeout=None",
            "headers=HEADERS",
            "*extra",
            "**{'params': {}}",
            "data=b'x'",
        ]
    ),
    max_size=3,
    unique=True,
)
CALLEES = st.sampled_from(
    [
        "requests.get",
        "requests.post",
        "requests.request",
        "requests.Session().get",
        "session.put",
        "urllib.request.urlopen",
        "httpx.get",
        "os.getenv",
        "os.environ.get",
    ]
)
SECRETS = st.sampled_from(
    ['"sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0"', '"Pa55-w0rd-Prod!"', '"ghp_1234567890abcdefghij1234567890abcdef"']
)


@st.composite
def call_expression(draw) -> str:
    callee = draw(CALLEES)
    if draw(st.integers(0, 9)) == 0:
        return f"{callee}(chunk for chunk in payload)"  # a bare generator argument
    if callee.startswith("os."):
        args = ['"DOCTOLIB_API_TOKEN"', draw(SECRETS)]
    else:
        args = [draw(URLS), *draw(EXTRA_ARGS)]
        if args.count("timeout=None") and any(a.startswith("**") for a in args):
            args.remove("timeout=None")
        # keyword arguments may not precede *args in a call; keep the source valid
        args = [a for a in args if not a.startswith("*")] + [a for a in args if a.startswith("*")]
        args = [a for a in args if not a.startswith("**")] + [a for a in args if a.startswith("**")]
        star = [a for a in args if a.startswith("*") and not a.startswith("**")]
        if star:
            args = [a for a in args if a not in star]
            args.insert(1, star[0])
    layout = draw(st.sampled_from(["flat", "multiline", "multiline_comments", "trailing_comma"]))
    if layout == "flat":
        inner = ", ".join(args)
    elif layout == "trailing_comma":
        inner = ", ".join(args) + ","
    else:
        comment = "  # why" if layout == "multiline_comments" else ""
        inner = "\n" + "".join(f"    {a},{comment}\n" for a in args)
    return f"{callee}({inner})"


WRAPPERS = st.sampled_from(
    [
        "r = {call}",
        "r = {call}.json()",
        "def fetch(url=None, payload=None, extra=()):\n    return {call}",
        "class Client:\n    def fetch(self):\n        return {call}",
        "handler = lambda: {call}",
        "with {call} as resp:\n    pass",
        "items = [{call} for _ in range(2)]",
        "label = 'créneau réservé 🏥'; r = {call}",
        "if {call}:\n    pass",
        'text = f"""{{{call}}}"""',
        "try:\n    r = {call}\nexcept Exception:\n    raise",
    ]
)
HEADERS = st.sampled_from(
    [
        "",
        "from __future__ import annotations\n",
        '"""Module docstring."""\n',
        "# -*- coding: utf-8 -*-\n",
        '"""Doc."""\nfrom __future__ import annotations\n',
    ]
)
ASSIGNMENTS = st.sampled_from(
    [
        "",
        'API_TOKEN = "tok_4f8a2c9e7b1d3f5a6c8e0b2d"\n',
        'HEADERS = {"Authorization": "Bearer 9f2c4e7a1b3d5f60718293a4b5c6d7e8"}\n',
        'PASSWORD = "Cl1n1c-db-2024!"; USER = "clinic"\n',
    ]
)


@st.composite
def module_source(draw) -> str:
    header = draw(HEADERS)
    imports = "import os\nimport urllib.request\n\nimport httpx\nimport requests\n"
    if draw(st.booleans()):
        imports = imports.replace("import os\n", "")
    setup = "BASE = 'https://api.example'\npayload = {}\nHEADERS = {}\nurl = BASE\npk = 1\nsession = requests.Session()\n"
    body = []
    for _ in range(draw(st.integers(1, 4))):
        wrapper = draw(WRAPPERS)
        call = draw(call_expression())
        if "\n" in call and wrapper.startswith("text = f"):
            wrapper = "r = {call}"  # a multi-line call inside a single-quoted f-string is not valid
        body.append(wrapper.format(call=call))
    return header + imports + draw(ASSIGNMENTS) + setup + "\n\n".join(body) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=module_source())
def test_fixing_generated_snippets_never_breaks_them_and_is_idempotent(linter, source):
    try:
        compile(source, "<snippet>", "exec")
    except SyntaxError:
        assume(False)  # the generator made invalid Python (rare); draw another
    outcome = fix(linter, source)
    assert_parses(outcome.text)
    compile(outcome.text, "<fixed>", "exec")
    again = fix(linter, outcome.text)
    assert again.text == outcome.text, "a second fix run changed the text again"
    assert outcome.converged


# ---------------------------------------------------------------------------- real files
STDLIB = Path(sysconfig.get_paths()["stdlib"])
STDLIB_FILES = sorted(
    p
    for p in STDLIB.rglob("*.py")
    if "site-packages" not in p.parts and "test" not in p.parts and "lib2to3" not in p.parts
)


def _fix_real_file(linter: InMemoryLinter, path: Path):
    try:
        source = decode(str(path), path.read_bytes())
    except UnsupportedSource:
        return None
    try:
        ast.parse(source.text)
    except SyntaxError:
        return None
    relpath = "stdlib/" + path.relative_to(STDLIB).as_posix()
    outcome = fix_source(
        source.text,
        lambda t: linter.lint_bytes(relpath, source.encode(t)).findings,
        ALLOWED,
        newline=source.newline,
    )
    return outcome, relpath


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(STDLIB_FILES))
def test_fixing_stdlib_files_never_breaks_them(linter, path):
    result = _fix_real_file(linter, path)
    if result is None:
        return
    outcome, _relpath = result
    assert_parses(outcome.text)
    assert outcome.converged


# The stdlib modules that talk to the network (where IL402 and the credential rules can fire):
# every one is fixed and checked. `test_fixing_stdlib_files_never_breaks_them` samples the rest.
NETWORK_MODULES = (
    "urllib", "http", "xmlrpc", "logging", "wsgiref", "ensurepip", "ftplib.py", "smtplib.py",
    "imaplib.py", "poplib.py", "nntplib.py", "webbrowser.py", "netrc.py", "getpass.py",
)


def test_every_network_stdlib_module_still_parses_after_fixing_and_refixing_is_a_no_op(linter):
    fixed = []
    for name in NETWORK_MODULES:
        top = STDLIB / name
        for path in sorted(top.rglob("*.py")) if top.is_dir() else [top]:
            result = _fix_real_file(linter, path)
            if result is None or not result[0].changed:
                continue
            outcome, relpath = result
            fixed.append(relpath)
            assert_parses(outcome.text)
            assert not outcome.refused, [r.describe() for r in outcome.refused]
            again = fix_source(outcome.text, lambda t: linter.lint_text(relpath, t).findings, ALLOWED)
            assert again.text == outcome.text, f"{relpath}: a second fix run changed it again"
    assert "stdlib/urllib/robotparser.py" in fixed  # urlopen() without a timeout
