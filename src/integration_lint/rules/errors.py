"""IL301 swallowed-integration-error."""

from __future__ import annotations

import ast
import copy
import re
import sys
from dataclasses import dataclass
from functools import cached_property

from ..analysis import BUILTIN_NAMES, snippet_digest
from ..model import Condition
from ..project import SurfacingCondition, call_site_ref, parameter_ref
from .base import Rule, example, register

# ------------------------------------------------ the integration work: calls out, answers read
HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
# Functions that parse a payload (`json.loads(resp.text)`).
PARSE_FUNCTIONS = frozenset(
    {"json.loads", "json.load", "simplejson.loads", "ujson.loads", "orjson.loads", "xmltodict.parse",
     "xml.etree.ElementTree.fromstring", "lxml.etree.fromstring", "defusedxml.ElementTree.fromstring",
     "yaml.safe_load", "yaml.load"}
)
# Names of values holding a document to decode (`xml_file`, `path`, `payload`, `raw_text`).
DOCUMENT_NAME = re.compile(
    r"(?i)(^|_)(file|files|fh|fp|path|filename|xml|json|yaml|csv|html|text|txt|content|body|data|payload|raw|"
    r"doc|document|stream|blob|bytes|string|source|upload)$"
)
DECODER_MODULES = frozenset(
    {"json", "simplejson", "ujson", "orjson", "xml", "lxml", "defusedxml", "xmltodict", "yaml", "untangle", "bs4"}
)
RESPONSE_USE = frozenset(
    {"json", "raise_for_status", "iter_content", "iter_lines", "read", "text", "content", "getcode"}
)
# Methods only an HTTP response has (requests, httpx, aiohttp): on a value of unknown origin
# (a `response` parameter) they show the `try` handles a provider's answer.
RESPONSE_ONLY = frozenset({"json", "raise_for_status", "iter_content", "iter_lines"})
# A project callable whose name says it performs the HTTP request (`self.request(url)`,
# `self._get(path)`, `api_call(...)`): `.json()` on its result is a provider's answer even where
# the project pass cannot follow the call (`getattr(requests, method)(url)`).
HTTPISH_CALLEE = re.compile(
    r"(?i)^_*(get|post|put|patch|delete|head|call|send|api)$|"
    r"request|fetch|response|api_call|http|urlopen|download"
)
# A method named for fetching a URL (`self.sf.fetchUrl(link, timeout=30)`, `api.download(url)`,
# `client.http_get(endpoint)`): on an object the analysis cannot type (set from an untyped
# `setup(self, sf)` parameter, a plugin host), its name and a URL argument show an outbound call.
FETCH_CALLEE = re.compile(
    r"(?i)^_*(fetch|request|download|urlopen|open_?url|get_?url|read_?url|load_?url|retrieve_?url|"
    r"http_?(get|post|put|patch|delete|head|request|call)|api_?(get|post|put|patch|delete|call|request)|"
    r"call_?api|make_?request|send_?request|do_?request|perform_?request|get_?json|post_?json|"
    r"get_?remote\w*|fetch_?\w+|download_?\w+)$"
)
# Receivers named as an HTTP session or client (`self.session`, `http`, `api_session`): an HTTP
# verb on one, handed a URL (`self.session.put("https://" + host + "/api/people", ...)`), is a
# call out even when the session's type is out of sight (built by a base class or a factory).
HTTP_RECEIVER = re.compile(r"(?i)^_*(\w+_)?(session|sess|http|https|http_?client|client|requests)$")
# ... but not a database cursor's or ORM's fetches.
NOT_FETCH_CALLEE = re.compile(r"(?i)fetch_?(one|all|many|row|rows|related|objects|from_db|from_cache|cached|local)|prefetch")
# Names of objects that are API clients (`zeroshot_client`, `api`, `github_api`, `crm_sdk`) ...
CLIENT_NAME = re.compile(r"(?i)[a-z0-9]_(client|api|sdk|gateway)$|[a-z](Client|Api|API|Sdk|SDK)$")
# ... but not of a datastore, queue, cache or test double, nor the Django test client.
# Whole words of the name (`redis_client`, `esClient`, `self.cache`), not letters inside one
# (`sales_client`, `session`).
NOT_CLIENT_NAME = re.compile(
    r"(?:^|_|(?<=[a-z0-9])(?=[A-Z]))(?i:redis|cache|memcache|db|database|sql|mongo|elastic|es|search|solr|"
    r"kafka|queue|amqp|rabbit|celery|mock|fake|dummy|stub|test|local|storage|fs|file|smtp|mail|ldap|ssh|"
    r"sftp|ftp|docker|k8s|kube|grpc|websocket|ws|socket)(?=_|$|[A-Z])"
)
# Names of values that hold a URL (`url`, `link`, `leaksiteUrl`, `self.api_endpoint`).
URLISH_NAME = re.compile(r"(?i)(^|_)(url|uri|link|href|endpoint)s?$|[a-z](Url|Uri|URL|Link)$")
# Calls that only read a decoded answer (`payload.get("error", {})`, `errors.append(...)`).
READ_ONLY_CALLS = frozenset(
    {"get", "items", "keys", "values", "append", "extend", "strip", "lower", "upper", "split", "join",
     "startswith", "endswith", "format", "str", "int", "bool", "len", "isinstance", "getattr", "dict",
     "list", "cast", "model_validate", "parse_obj"}
)
# Names of an inbound request (Starlette/aiohttp handlers also have `await request.json()`).
INBOUND_NAME = re.compile(r"(?i)^(request|req|http_request|incoming_request)$")
# A parameter named for a provider's answer (`res`, `resp`, `response`, `api_response`).
RESPONSE_PARAM = re.compile(r"(?i)^(res|resp|response|http_?resp\w*|\w+_resp|\w+_response|raw_response)$")
RESPONSE_TYPE = re.compile(r"^(requests|httpx|aiohttp|urllib3)(\.\w+)*\.(Response|ClientResponse|HTTPResponse)$")
# What decodes a response body (as opposed to checking its status).
DECODE_USE = frozenset({"json", "text", "content", "read", "iter_lines", "iter_content"})
# Roots of resolved names that are never project code (no need to ask the project pass).
NOT_PROJECT_ROOTS = frozenset(getattr(sys, "stdlib_module_names", ())) | {
    "django", "rest_framework", "celery", "flask", "sqlalchemy", "pydantic", "typing", "builtins",
    "structlog", "sentry_sdk", "pytest", "unittest", "mock", "six", "attr", "attrs", "yaml",
    "dateutil", "pytz", "redis", "kombu",
}
MAX_REFS = 32
# Calls on the `try`'s client that release it rather than act through it.
NOT_ACTIONS = frozenset(
    {"close", "disconnect", "logout", "cleanup", "clear", "reset", "rollback", "release",
     "shutdown", "quit", "stop", "cancel", "json", "text", "read", "raise_for_status",
     "echo", "secho", "write", "writelines", "print", "flush",
     "save", "delete", "refresh_from_db", "full_clean"}
)
# Attributes of `self` that are output or request state, never an integration client.
OUTPUT_ATTRS = frozenset({"stdout", "stderr", "style", "messages", "request", "response", "cache", "log", "logger"})


def _urlish(expr: ast.AST) -> bool:
    """Does `expr` look like a URL: a name for one (`url`, `link`, `self.api_endpoint`), an
    http(s) literal or template, or a concatenation/format built on one."""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str) and expr.value.startswith(("http://", "https://"))
    if isinstance(expr, (ast.Name, ast.Attribute)):
        last = expr.id if isinstance(expr, ast.Name) else expr.attr
        return bool(URLISH_NAME.search(last))
    if isinstance(expr, ast.JoinedStr):
        return any(_urlish(v) for v in expr.values[:2]) or any(
            isinstance(v, ast.FormattedValue) and _urlish(v.value) for v in expr.values[:1]
        )
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
        return _urlish(expr.left)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
        return _urlish(expr.func.value)
    return False


# ----------------------------------------------------------------------- what a handler catches
# Exceptions that cannot carry an integration failure: lookups in the local database, imports.
NON_INTEGRATION_EXC = re.compile(
    r"(^|\.)(DoesNotExist|ObjectDoesNotExist|MultipleObjectsReturned|ImportError|"
    r"ModuleNotFoundError|StopIteration|StopAsyncIteration|KeyboardInterrupt|GeneratorExit|"
    r"NoReverseMatch|Resolver404|Http404|FileNotFoundError|IsADirectoryError|NotADirectoryError)$"
)
# Exceptions only an HTTP client or SDK raises: catching one shows the `try` does integration work
# even when the call itself is out of sight (an SDK method on an untyped object).
INTEGRATION_EXC_MODULES = (
    "requests", "httpx", "urllib3", "aiohttp", "pycurl", "http.client", "urllib.error",
    "xmlrpc.client", "botocore", "boto3", "stripe", "twilio", "slack_sdk", "slack", "jira",
    "github", "gitlab", "zenpy", "vonage", "nexmo", "oauthlib", "requests_oauthlib",
    "temba_client", "paypalrestsdk", "googleapiclient", "google.api_core", "google.auth.exceptions",
    "braintree", "sendgrid", "hubspot", "mailchimp3", "dropbox", "authlib", "httpx_oauth",
    "social_core", "openai", "anthropic", "zeep", "suds", "hvac", "asana", "jwt.exceptions.PyJWKClientError",
    # chat, social and hosted-service SDKs whose exceptions are raised by their HTTP calls
    "telegram.error", "tweepy", "facebook_business", "discord.errors", "mattermostdriver", "zulip",
    "pyfcm", "firebase_admin.exceptions", "onesignal_sdk", "mailjet_rest", "postmarker", "pymisp",
    "shodan.exception", "censys.common.exceptions", "atlassian", "msal", "azure.core.exceptions",
    "google.cloud.exceptions", "pysnow", "algoliasearch", "Adyen", "razorpay",
    "paypalhttp", "simple_salesforce", "pywebpush", "apns2",
    # Python 2-era and other HTTP clients
    "urllib2", "httplib", "httplib2", "tornado.httpclient", "treq", "grequests", "requests_futures",
    "gql.transport.exceptions",
)
INTEGRATION_EXC_PREFIXES = tuple(m + "." for m in INTEGRATION_EXC_MODULES)
INTEGRATION_EXC_NAMES = re.compile(
    r"^(RequestException|HTTPError|ConnectTimeout|ReadTimeout|ConnectionError|Timeout|"
    r"TooManyRedirects|TokenExpiredError|InvalidGrantError|OAuth2Error|OAuthError|"
    r"MissingTokenError|\w*ApiError|\w*APIError|\w*ApiException|\w*APIException|\w*ClientError|"
    r"\w*HttpError|\w*HTTPException|\w*TransportError|"
    # a project's own wrapper of a failed call out (`ExternalRequestError`, `RemoteError`,
    # `UpstreamServiceError`): named for the remote side, raised by its client code
    r"(External|Remote|Upstream|ThirdParty|Outbound)\w*(Error|Exception))$"
)
# Class names of an SDK's client (`Api`, `TwitterClient`, `RestClient`, `HubSpotSDK`).
SDK_CLIENT_CLASS = re.compile(r"(^|[a-z0-9_])(Api|API|Client|Sdk|SDK)$")
# Homes of exceptions named like a client's failure that are not an integration's: a web
# framework's own HTTP errors (raised to answer the inbound request: `fastapi.HTTPException`,
# werkzeug's, `aiohttp.web.HTTPNotFound`), and the errors of datastores, brokers and local daemons
# (`redis.exceptions.ConnectionError`, `elasticsearch.ConnectionError`, `sqlalchemy.exc.DBAPIError`,
# `docker.errors.APIError`). The root of the qualified name (after a vendoring directory: `libs.werkzeug`).
INFRA_EXC_HOMES = frozenset(
    {"fastapi", "starlette", "werkzeug", "flask", "sanic", "falcon", "quart", "litestar", "django",
     "rest_framework", "ninja", "sqlalchemy", "redis", "elasticsearch",
     "elastic_transport", "opensearchpy", "pymongo", "motor", "psycopg2", "psycopg", "MySQLdb", "pymysql",
     "kombu", "celery", "amqp", "pika", "docker", "kubernetes", "ldap3", "paramiko"}
)
# Directories that hold vendored copies of libraries.
VENDOR_DIRS = frozenset({"libs", "lib", "vendor", "_vendor", "vendored", "third_party", "thirdparty", "extern"})
# ... and the DB-API's error, whatever its home.
INFRA_EXC_NAMES = frozenset({"DBAPIError", "DatabaseError", "OperationalError", "InterfaceError"})


def _infra_exception(name: str) -> bool:
    """`name` (qualified) is an exception of a web framework, datastore, broker or local daemon."""
    parts = name.split(".")
    if parts[-1] in INFRA_EXC_NAMES:
        return True
    if len(parts) < 2:
        return False
    if parts[0] == "aiohttp" and "web" in parts[1]:
        return True  # `aiohttp.web.HTTPNotFound`: the server side of aiohttp
    while len(parts) > 2 and parts[0] in VENDOR_DIRS:
        parts = parts[1:]  # `libs.werkzeug.exceptions.HTTPException`: a vendored copy
    # the library's own home only: `itoutils.django.nexus.api.NexusAPIException` is an API client's
    return parts[0] in INFRA_EXC_HOMES


# What parsing a response raises when it is not what the provider promised.
PARSE_EXC = frozenset(
    {"KeyError", "IndexError", "ValueError", "TypeError", "JSONDecodeError", "LookupError",
     "DecodeError", "ParseError", "XMLSyntaxError", "ExpatError", "UnicodeDecodeError"}
)
# Exceptions only a payload decoder raises.
DECODE_EXC = re.compile(
    r"^(JSONDecodeError|\w*(Parse|Parsing|Parser|XMLSyntax|Expat|Malformed)\w*(Error|Exception)|JSONError|InvalidJSON\w*)$"
)
# ... whose home says it parses something other than a provider's answer: inbound requests,
# dates, configuration, templates, command lines, SQL, source code.
NOT_PAYLOAD_PARSERS = (
    "rest_framework.", "django.", "dateutil.", "yaml.", "ruamel.", "toml", "tomllib.", "configparser.",
    "argparse.", "email.", "sqlparse.", "ast.", "tokenize.", "lark.", "pyparsing.", "jinja2.",
    "babel.", "markdown.", "ply.", "parsimonious.", "arrow.", "pendulum.", "ninja.", "pydantic.",
)
# A project exception that names the remote side (`SyncServiceError`, `TransportError`,
# `EnketoApiError`): raised by integration code to wrap the HTTP failure.
WRAPPED_EXC_NAME = re.compile(
    r"(?i)api|http|request|connection|connect|timeout|transport|sync|remote|service|client|"
    r"gateway|network|integration|provider|upstream|external|webhook|oauth|token|fetch|download"
)


# ------------------------------------------- not IL301's `try`; reading the detail of a failure
# Words of a loop header that announce retries (`for attempt in range(3)`, `while retries < 5`):
# the loop is IL201's business, not a swallow. Whole words, so `for entry in entries` and
# `for item in retrieved` are ordinary loops.
RETRY_WORDS = frozenset(
    {"attempt", "attempts", "retry", "retries", "retrying", "tries", "try", "tried"}
)
_WORDS = re.compile(r"[A-Za-z]+")


def _announces_retries(header: str) -> bool:
    return any(word.lower() in RETRY_WORDS for word in _WORDS.findall(header.replace("_", " ")))


def _expects_failure(body: list[ast.stmt]) -> bool:
    """A test's expected-failure idiom: the `try` ends by failing the test when the call did not
    raise (`call(); raise AssertionError("expected HTTPStatusError")`, `pytest.fail(...)`,
    `self.fail(...)`, `assert False`), so its handler is where the test passes."""
    last = body[-1] if body else None
    if isinstance(last, ast.Raise) and last.exc is not None:
        exc = last.exc.func if isinstance(last.exc, ast.Call) else last.exc
        return _dotted(exc) == "AssertionError"
    if isinstance(last, ast.Assert):
        return isinstance(last.test, ast.Constant) and not last.test.value
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        return _dotted(last.value.func) in ("pytest.fail", "self.fail")
    return False


# A function that reads an error out of a failed answer (`_get_error_message(response)`): decoding
# it is best effort, the failure is already known.
ERROR_READER = re.compile(r"(?i)error|fail|message|detail|reason|problem")
# ... a function or class that does only that (`_error_message_from(response)`, `ErrorResponseSchema`).
ERROR_BODY_READER = re.compile(
    r"(?i)error_?(response|body|message|detail|reason)s?(_|$|[A-Z]|schema)|"
    r"(response|body)_?errors?(_|$|schema)"
)
# A function named for reading what went wrong in an answer (`_rejection_detail(response)`,
# `_salesforce_token_error(response)`, `_graph_error_code(response)`).
FAILED_ANSWER_READER = re.compile(r"(?i)error|fail|reject|invalid|refus|denied|problem")


# ------------------------------ surfaced: re-raised, logged at warning or above, reported, answered


# Methods that log at warning or above (stdlib logging, structlog, loguru, Flask's app.logger).
WARN_METHODS = frozenset({"warning", "warn", "error", "exception", "critical", "fatal", "failure"})
LOW_METHODS = frozenset({"debug", "info", "trace", "msg", "success", "notice"})
WARN_LEVELS = frozenset({"WARNING", "WARN", "ERROR", "CRITICAL", "FATAL", "EXCEPTION"})
SENTRY_NAMES = re.compile(
    r"capture_exception|capture_message|captureException|captureMessage|sentry_sdk|raven|"
    r"rollbar|bugsnag|honeybadger|airbrake|newrelic\.agent\.notice_error|notice_error|"
    # a project's own reporter named for Sentry (`website.tell_sentry(exc)`, `send_to_sentry(e)`)
    r"(?i:(tell|send|notify|report|log|post|forward|push)_(to_)?sentry\b)"
)
# A helper from another module, handed the caught exception, whose name says it deals with errors
# (`error_response(request, exc)`, `api_failure(exc)`, `exception_to_response(exc)`).
ERROR_HELPER = re.compile(r"(?i)(^|_)(errors?|failures?|failed|exceptions?|exc)(_|$)")
# ... unless it is a predicate about the error (`error_message_is(exc, [...])`, `is_not_found_error(exc)`).
PREDICATE = re.compile(r"(?i)^_*(is|has|can|should|was|matches|contains|check)_|_(is|in|matches|equals|contains)$")
# ... unless it only turns the exception into text (`format_error(exc)`, `get_error_message(exc)`).
TEXT_HELPER = re.compile(r"(?i)^_*(format|get|str|to|make|build|describe|serialize|parse|extract|render_text)_")
# A project helper whose name says it surfaces the error (`log_jira_alert`, `report_error`).
SURFACING_HELPER = re.compile(
    r"(?i)^_*(log_(?!debug|info|trace|verbose)|report|alert|notify|surface|capture|sentry|mail_admins)|"
    r"(alert|report_error|report_exception|surface_error|notify_error|handle\w*(exception|error)|(exception|error)_?handler|"
    # an error registry of the project's own (`register_exception()`, `track_error(exc)`)
    r"(record|register|track|store)_(exception|error)s?$)"
)
# Calls that end a test with an outcome (they raise): a handler making one reports the failure.
TEST_OUTCOME_CALLS = frozenset(
    {"pytest.skip", "pytest.fail", "pytest.xfail", "pytest.exit", "unittest.SkipTest", "SkipTest"}
)
# How deep the rule follows same-file helpers a handler calls (`_error_response(name, exc)`).
MAX_HELPER_DEPTH = 3
# Functions whose answer is whether a remote service is up: a caught failure returned as False
# is that answer.
PROBE_FUNCTION = re.compile(
    r"(?i)health|alive|reachab|^ping$|_ping$|^ping_|(check|test|verify|validate|can)_?(\w+_)?conn|is_connected"
    r"|is_up$|is_online|is_available|(check|test|verify|validate)_(credentials|creds|api_key|key|token)s?$"
)
# Answers to the inbound request (an HTTP error response, a redirect, a re-rendered page, a form
# error): what the user of the web request sees, not one of the guideline's channels. They count
# as surfacing when the handler writes no log at all (the held-out labels call a bare error response
# `either`), but not beside a log the author chose to write below warning
# (`logger.info("case sync failed: %s", e); form.add_error(None, ...)` / `HttpResponse(status=500)`).
WEB_FRAMEWORK_ROOTS = frozenset(
    {"django", "rest_framework", "flask", "starlette", "fastapi", "werkzeug", "quart", "sanic",
     "ninja", "falcon", "aiohttp", "pyramid", "bottle", "tornado"}
)
WEB_ANSWER = re.compile(
    r"(Response|Redirect)\w*$|^(render|render_to_response|render_template|jsonify|make_response|redirect)$"
)
FORM_ANSWER = frozenset({"add_error", "form_invalid", "add_non_field_error"})


def _to_stderr(call: ast.Call) -> bool:
    """`print(..., file=sys.stderr)`, `sys.stderr.write(...)`, `click.echo(..., err=True)`."""
    text = _dotted(call.func)
    if text in ("sys.stderr.write", "self.stderr.write"):
        return True
    return any(
        (kw.arg == "file" and _dotted(kw.value) == "sys.stderr")
        or (kw.arg == "err" and isinstance(kw.value, ast.Constant) and kw.value.value is True)
        for kw in call.keywords
    )


def _exit_status(handler: ast.ExceptHandler, nodes: list[ast.AST] | None = None) -> bool:
    """A command-line entry point's handler: the error written to stderr and a non-zero exit
    status returned (`print(f"network error: {e}", file=sys.stderr); return 1`). The process's
    status is the failure status; its caller (a shell, a job runner) sees it. `nodes`: the
    handler's body walked already."""
    last = handler.body[-1] if handler.body else None
    if not (
        isinstance(last, ast.Return)
        and isinstance(last.value, ast.Constant)
        and type(last.value.value) is int
        and last.value.value != 0
    ):
        return False
    return any(isinstance(sub, ast.Call) and _to_stderr(sub) for sub in (nodes or _body_nodes(handler.body)))


def _failure_answer(call: ast.Call) -> bool:
    """An answer to the inbound request that says something failed: a status keyword
    (`HttpResponse(status=500)`), a failure constant (`Response(..., HTTP_502_BAD_GATEWAY)`), or a
    form error (`form.add_error(None, ...)`)."""
    func = call.func
    method = _callee_name(func)
    if FAILURE_CALL.search(method):
        return True
    if any(kw.arg and (FAILURE_KEYWORD.search(kw.arg) or _disables(kw.arg, kw.value)) for kw in call.keywords):
        return True
    return any(
        isinstance(a, (ast.Attribute, ast.Name)) and FAILURE_CONSTANT.search(_dotted(a).rpartition(".")[2])
        for a in _arguments(call)
    )


def _reports(stmt: ast.stmt) -> bool:
    """A statement that surfaces a failure by itself: `raise`, a log at warning or above, Sentry."""
    if isinstance(stmt, ast.Raise):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        if isinstance(func, ast.Attribute) and func.attr in WARN_METHODS:
            receiver = _dotted(func.value)
            if "log" in receiver.lower() or receiver in ("self", "cls", "logging"):
                return True
        return bool(SENTRY_NAMES.search(_dotted(func)))
    return False


def _logged_nodes(nodes: list[ast.AST]) -> frozenset[int]:
    """ids of the nodes inside a low-level log or `print` call (`log.info("x", extra={...})`)
    among a body's `nodes`: what they hold is only written out."""
    out: set[int] = set()
    for sub in nodes:
        if isinstance(sub, ast.Call):
            func = sub.func
            method = _callee_name(func)
            if method in LOW_METHODS or method == "print":
                out.update(id(n) for n in ast.walk(sub))
    return frozenset(out)


# ------------------------------------------ recorded: a failure status, kept for later, counted
FAILURE_CALL = re.compile(
    r"(?i)(^|_)(fail|failed|failure|mark_error|set_error|record_error|set_status|update_status|mark_as_failed|"
    r"add_error|add_errors|deactivate|disable|mark_inactive|mark_invalid|mark_broken|"
    r"status_to_|state_to_|to_failed|to_error|to_unknown|to_unavailable)"
)
FAILURE_ATTR = re.compile(r"(?i)status|state|error|fail")
FAILURE_KEYWORD = re.compile(r"(?i)^(status|state|\w+_status|\w+_state|error|errors|\w+_error|failed|failure\w*)$")
# An upper-case enum member that names a failure state.
FAILURE_CONSTANT = re.compile(r"^[A-Z0-9_]*(FAIL|ERROR|UNVERIFIED|INVALID|UNREACHABLE|UNAVAILABLE|REJECTED|FLAGGED)[A-Z0-9_]*$")
# A local that carries the failure to code after the handler (`error = e.message`, `has_error = True`).
FAILURE_LOCAL = re.compile(r"(?i)error|fail|problem|status")
# A mapping that collects the outcome of each call (`status[name] = False`, `errors[pk] = ...`).
FAILURE_HOLDER = re.compile(r"(?i)status|health|error|fail|problem")
# Attributes of a record that hold what went wrong.
RECORD_ATTR = re.compile(r"(?i)status|state|error|fail|message|reason")
# Helpers that persist the failure (`save_telemetry_submission(error=...)`).
PERSIST_CALL = re.compile(r"(?i)save|store|record|persist|set_message")
FAILURE_COLLECTION = re.compile(r"(?i)fail|error|problem|exception")
# Metric calls: a failure counter is a monitoring channel.
METRIC_METHODS = frozenset({"incr", "increment", "inc", "count", "mark", "gauge", "histogram", "observe"})
# A record flag that, switched off, records that the integration failed
# (`channel.is_active = False`, `.update(enabled=False)`, `health["available"] = False`) ...
DISABLED_WHEN_FALSE = re.compile(
    r"(?i)^(is_|has_)?(active|enabled|valid|verified|connected|healthy|available|reachable|"
    r"authorized|authenticated|ok|success|succeeded|synced|working|online|up)$"
)
# ... or switched on (`integration.disabled = True`, `revoked=True`).
DISABLED_WHEN_TRUE = re.compile(
    r"(?i)^(is_|has_)?(disabled|deactivated|inactive|invalid|revoked|expired|broken|unhealthy|"
    r"unreachable|unavailable|errored|failing|suspended|needs_reauth\w*|needs_reconnect\w*)$"
)
# Keys of a result mapping that describe the failure (`{"error": "download_error"}`).
ERROR_KEY = re.compile(r"(?i)^(\w+_)?(error|errors|failure|failures)(_(code|message|description|detail|reason|type))?$")
# Flags of an outcome that say it did not succeed (`WebContent(scrape_successful=False)`).
SUCCESS_FLAG = re.compile(r"(?i)^(\w+_)?(success|successful|succeeded)$")
# Timestamps of the failure (`disabled_at = now()`, `last_failure_at`).
FAILURE_STAMP = re.compile(r"(?i)^(disabled|deactivated|failed|errored|last_fail\w*|last_error\w*)_(at|on|time|date)$")
# Keys of a result mapping that hold the outcome (`{"status": "ERROR"}`, `{"state": "failed"}`).
STATUS_KEY = re.compile(r"(?i)^(\w+_)?(status|state|outcome|result)$")
# Values of such a key that say the call failed.
FAILURE_VALUE = re.compile(
    r"(?i)^(error|errored|errors|fail|failed|failure|ko|nok|down|unavailable|unreachable|timeout|timed[ _]?out|"
    r"invalid|rejected|aborted|crashed|broken|offline|unhealthy)$"
)
# Record-creating calls that, given data taken from the exception, store the failure; in a helper,
# only from a parameter named like the exception it receives (its other parameters are the
# record's ordinary fields).
RECORD_CREATE = frozenset({"create", "get_or_create", "update_or_create", "bulk_create"})
EXCEPTION_PARAM = re.compile(r"(?i)e|ex|exc|err|error|exception|failure|\w+_(?:exc|error|exception)")


def _failure_value(value: ast.AST | None) -> bool:
    """`"ERROR"`, `"failed"`, `Status.FAILED`, `False`: a value that records a failure."""
    if isinstance(value, ast.Constant):
        if isinstance(value.value, str):
            return bool(FAILURE_VALUE.match(value.value.strip()))
        return value.value is False
    if isinstance(value, (ast.Attribute, ast.Name)):
        return bool(FAILURE_CONSTANT.search(_dotted(value).rpartition(".")[2]))
    return False


def _describes_error(value: ast.AST | None) -> bool:
    """A value that says what went wrong: a non-empty text (literal, f-string, concatenation), a
    failure constant, a call building one — not `None`, `False`, `""` or an empty container."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str) and bool(value.value.strip())
    if isinstance(value, (ast.JoinedStr, ast.BinOp, ast.Call)):
        return True
    if isinstance(value, (ast.Attribute, ast.Name)):
        return bool(FAILURE_CONSTANT.search(_dotted(value).rpartition(".")[2]))
    return False


def _claims_success(name: str, value: bool) -> bool:
    """`is_valid = True`, `disabled = False`: the handler declares the answer good — the opposite
    of recording that the call failed."""
    if value:
        return bool(DISABLED_WHEN_FALSE.match(name))
    return bool(DISABLED_WHEN_TRUE.match(name))


def _disables(name: str, value: ast.AST | None) -> bool:
    """Does setting `name` to `value` record that the integration failed?"""
    if FAILURE_STAMP.match(name):
        return True
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        if value.value is False:
            return bool(DISABLED_WHEN_FALSE.match(name) or SUCCESS_FLAG.match(name))
        return bool(DISABLED_WHEN_TRUE.match(name))
    return False


def _derived_names(nodes: list[ast.AST], exc_name: str) -> frozenset[str]:
    """`exc_name` and the local names computed from it among a body's `nodes`, in source order
    (`code = exc.resp.status`, `message = str(exc)[:300]`)."""
    names = {exc_name}
    assigns = sorted(
        (n for n in nodes if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign))),
        key=lambda n: (n.lineno, n.col_offset),
    )
    for _ in range(2):  # a second pass for names used before their source-order assignment
        for node in assigns:
            value = node.value
            if value is None or not any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(value)):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


# --------------------------------------------- not an integration failure; intentional fallback
# Methods of an OAuth authorization server (oauthlib endpoints and grant types, authlib's
# `AuthorizationServer`, django-oauth-toolkit views): they validate an inbound client's request, and
# the OAuth error they raise is the answer to that client (`return headers, e.json, e.status_code`).
OAUTH_SERVER_METHOD = re.compile(
    r"^_*(validate_\w*request|verify_request|create_\w*response|get_consent_grant|"
    r"validate_consent_request|authenticate_client\w*)$"
)
# Parts of an OAuth error that only serve an authorization server's answer to its client.
OAUTH_ANSWER_PARTS = frozenset({"in_uri", "twotuples", "json", "get_body", "get_headers", "urlencoded"})
# Verbs of a remote action (`get_customer` / `create_customer`: the same resource, another action).
ACTION_VERBS = frozenset(
    {"get", "fetch", "retrieve", "find", "lookup", "load", "read", "create", "add", "insert",
     "register", "provision", "post", "put", "upsert", "update", "patch", "invite", "open",
     "make", "ensure", "new", "build", "upload", "send", "push", "sync", "refresh", "renew",
     "request", "issue", "generate", "obtain", "reconnect", "connect"}
)
# ... of which these only read: `load_invoice(pk)` after `fetch_invoice(pk)` failed may read a
# local copy, so it is not taken as another remote action.
LOOKUP_VERBS = frozenset({"get", "find", "lookup", "load", "read", "open", "make", "build", "new"})
# Calls on the `try`'s client that release or reset it (`close`, `reset_session`, `clear_cache`).
RELEASE_PREFIXES = ("close", "disconnect", "logout", "cleanup", "clear", "reset", "rollback", "release",
                    "shutdown", "quit", "stop", "cancel", "invalidate", "flush", "forget")


def _empty_value(value: ast.AST) -> bool:
    """`None`, `False`, `""`, `0`, `{}`, `[]`, `()`: a fallback that fails a truth test."""
    if isinstance(value, ast.Constant):
        return not value.value
    if isinstance(value, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
        return not (value.keys if isinstance(value, ast.Dict) else value.elts)
    return False


def _verb_noun(name: str) -> tuple[str, str]:
    """`get_customer` → ("get", "customer"); `_create_remote_folder` → ("create", "remote_folder")."""
    verb, _, noun = name.lstrip("_").partition("_")
    return verb.lower(), noun.lower()


# ------------------------------------------------------------------------------- syntax helpers
def _body_nodes(stmts: list[ast.stmt]):
    """Every node under `stmts`, not descending into nested functions, classes or lambdas."""
    stack: list[ast.AST] = list(reversed(stmts))
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            stack.append(child)


def _dotted(expr: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
    elif isinstance(expr, ast.Call):
        inner = _dotted(expr.func)
        parts.append(f"{inner}()" if inner else "")
    else:
        return ""
    return ".".join(reversed(parts))


def _callee_name(func: ast.expr) -> str:
    """The attribute or name called (`get` of `self.client.get(...)`), "" for a computed callee."""
    return func.attr if isinstance(func, ast.Attribute) else (func.id if isinstance(func, ast.Name) else "")


def _arguments(call: ast.Call) -> list[ast.expr]:
    return [*call.args, *(kw.value for kw in call.keywords)]


def _mentions(exprs: list[ast.expr], names: frozenset[str]) -> bool:
    """Does one of `exprs` read one of the local `names`?"""
    return any(isinstance(n, ast.Name) and n.id in names for e in exprs for n in ast.walk(e))


def _without_tries(stmts: list[ast.stmt], hidden: set[int]) -> list[ast.stmt]:
    """`stmts` with each `try` whose id is in `hidden` replaced by what runs outside its
    protection (its handlers' bodies, `else` and `finally`); compound statements are shallow
    copies, every other node is shared with the tree."""
    out: list[ast.stmt] = []
    for stmt in stmts:
        if id(stmt) in hidden and isinstance(stmt, ast.Try):
            for h in stmt.handlers:
                out.extend(_without_tries(h.body, hidden))
            out.extend(_without_tries(stmt.orelse, hidden))
            out.extend(_without_tries(stmt.finalbody, hidden))
            continue
        fields = [f for f in ("body", "orelse", "finalbody") if isinstance(getattr(stmt, f, None), list)]
        if not fields and not isinstance(stmt, ast.Try):
            out.append(stmt)
            continue
        clone = copy.copy(stmt)
        for f in fields:
            setattr(clone, f, _without_tries(getattr(stmt, f), hidden))
        if isinstance(stmt, ast.Try):
            handlers = []
            for h in stmt.handlers:
                hc = copy.copy(h)
                hc.body = _without_tries(h.body, hidden)
                handlers.append(hc)
            clone.handlers = handlers
        out.append(clone)
    return out


def _exc_nodes(handler: ast.ExceptHandler) -> list[ast.expr]:
    if handler.type is None:
        return []
    return list(handler.type.elts) if isinstance(handler.type, ast.Tuple) else [handler.type]


def _caught(handler: ast.ExceptHandler) -> list[str]:
    if handler.type is None:
        return []
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [_dotted(t) or "?" for t in types]


# ------------------------------------------------------------------------------------ facts
# The rule reads each `try` once. A `_TryBody` holds the walk of its body (every node, every call
# with its resolved name); the facts its handlers ask about (what it decodes, which clients it
# acts through, whether it makes a call of its own) are derived from that walk on first use and
# shared by all the handlers. A `_Handler` holds one `except` clause: the walk of its body and
# what it catches (`_Caught`); `_surfacing` answers what it does with the exception (`_Verdict`).


@dataclass(frozen=True, eq=False)
class _Call:
    """A call of a `try` body, with the names the guards ask about."""

    node: ast.Call
    text: str  # the callee as written (`_dotted`): "self.client.get", "" for a computed callee
    method: str  # the attribute or name called: "get", "" otherwise
    resolved: str | None  # `ctx.resolve_call`
    outbound: bool  # `resolved` is an HTTP client's or SDK's request (`ctx.is_external_outbound`)

    @property
    def on_attribute(self) -> bool:
        return isinstance(self.node.func, ast.Attribute)

    @property
    def has_arguments(self) -> bool:
        return bool(self.node.args or self.node.keywords)

    @property
    def project(self) -> bool:
        """A call of the project's own code (to be followed by the project pass)."""
        return bool(self.resolved) and self.resolved.split(".", 1)[0] not in NOT_PROJECT_ROOTS  # type: ignore[union-attr]


def _call_fact(ctx, call: ast.Call) -> _Call:
    func = call.func
    method = _callee_name(func)
    resolved = ctx.resolve_call(call)
    return _Call(call, _dotted(func), method, resolved, bool(resolved) and ctx.is_external_outbound(resolved))


class _TryBody:
    """What a `try` body (or what is left of it once nested `try`s are cut out) does: one walk of
    its nodes, the facts derived from it on first use."""

    def __init__(self, ctx, body: list[ast.stmt]) -> None:
        self.ctx = ctx
        self.body = body
        self.nodes: list[ast.AST] = list(_body_nodes(body))
        self.calls: list[_Call] = [_call_fact(ctx, n) for n in self.nodes if isinstance(n, ast.Call)]
        self.call_at: dict[int, _Call] = {id(c.node): c for c in self.calls}
        self.receivers_memo: dict[bool, frozenset[str]] = {}  # `_receivers`, by `untyped`
        self.params: tuple[str, ...] | None = None  # `_param_refs`, on first need

    # -- what it calls
    @cached_property
    def tried(self) -> frozenset[str]:
        """The callees handed arguments (`fetch_invoice(pk)`, `self.client.get(url)`)."""
        return frozenset(c.text for c in self.calls if c.has_arguments) - {""}

    @cached_property
    def tried_any(self) -> frozenset[str]:
        return frozenset(c.text for c in self.calls) - {""}

    @cached_property
    def nouns(self) -> frozenset[tuple[str, str]]:
        """(verb, noun) of the project functions it calls (`get_customer` → get, customer)."""
        out = set()
        for c in self.calls:
            if c.project:
                verb, noun = _verb_noun(c.resolved.rpartition(".")[2])  # type: ignore[union-attr]
                if noun and verb in ACTION_VERBS:
                    out.add((verb, noun))
        return frozenset(out)

    @cached_property
    def makes_no_outbound_call(self) -> bool:
        """No outbound call other than decoding a response (`resp.json()`): no HTTP/SDK request and
        no HTTP verb handed an argument on an untyped client (`client.get(url)`). The calls inside
        a decoded receiver (`requests.get(url).json()`) are calls of the body too."""
        return not any(
            not (c.on_attribute and c.method in RESPONSE_USE)
            and (c.outbound or (c.on_attribute and c.method in HTTP_VERBS and c.node.args))
            for c in self.calls
        )

    @cached_property
    def only_reads(self) -> bool:
        """No call but decoding and reading calls, none outbound, no HTTP verb handed a URL
        (`push_invoice(x)["items"][0]` calls the project function that fetches)."""
        return not any(
            (c.method not in READ_ONLY_CALLS and c.method not in RESPONSE_USE)
            or c.outbound
            or (c.method in HTTP_VERBS and c.node.args and _urlish(c.node.args[0]))
            for c in self.calls
        )

    @cached_property
    def decoded_only(self) -> frozenset[str]:
        """What it decodes (`response`, `exc.response`, `r` of `loads(r.content)`), when decoding
        and reading the result is all it does; else empty."""
        decoded: set[str] = set()
        for sub in self.nodes:
            if isinstance(sub, ast.Call):
                c = self.call_at[id(sub)]
                if c.outbound:
                    return frozenset()
                if c.on_attribute and c.method in RESPONSE_USE:
                    decoded.add(_dotted(sub.func.value))  # type: ignore[attr-defined]
                elif c.method not in READ_ONLY_CALLS and not (c.resolved and c.resolved in PARSE_FUNCTIONS):
                    return frozenset()  # it does something else too
            elif isinstance(sub, ast.Attribute) and sub.attr in DECODE_USE and isinstance(sub.ctx, ast.Load):
                decoded.add(_dotted(sub.value))
        return frozenset() if "" in decoded else frozenset(decoded)

    @cached_property
    def decodes_itself(self) -> bool:
        """It calls a decoder itself (`json.loads(request.body)`, `.decode()`,
        `ElementTree.fromstring(text)`): a decode error is about that input."""
        for c in self.calls:
            name = c.resolved or ""
            last = (name or c.text).rpartition(".")[2]
            if name in PARSE_FUNCTIONS or last in ("loads", "decode", "fromstring", "parseString", "XML", "literal_eval"):
                return True
            if last in ("load", "parse") and name.split(".", 1)[0] in DECODER_MODULES:
                return True  # `json.load(f)`, `ElementTree.parse(path)`
        return False

    @cached_property
    def hands_a_document(self) -> bool:
        """It hands a call a document to read (`upload_instance(xml_file)`, `import_feed(path)`,
        `load(payload)`): a decode error may be about that input."""
        for c in self.calls:
            for arg in _arguments(c.node):
                last = _dotted(arg).rpartition(".")[2]
                if last and DOCUMENT_NAME.search(last):
                    return True
        return False

    @cached_property
    def asks_an_oauth_server(self) -> bool:
        """It calls an authorization server's method (`self.validate_token_request(request)`)."""
        return any(c.on_attribute and OAUTH_SERVER_METHOD.match(c.method) for c in self.calls)

    # -- what it reads and fills
    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(n.id for n in self.nodes if isinstance(n, ast.Name))

    @cached_property
    def decoded_names(self) -> frozenset[str]:
        """Locals whose body it decodes (`resp` of `resp.json()`, `r.text`)."""
        return frozenset(
            sub.value.id for sub in self.nodes
            if isinstance(sub, ast.Attribute) and sub.attr in DECODE_USE and isinstance(sub.value, ast.Name)
        )

    @cached_property
    def filled(self) -> frozenset[str]:
        """Locals it assigns (`status = loads(r.content)["message"]`)."""
        return frozenset(
            t.id for sub in self.nodes if isinstance(sub, ast.Assign) for t in sub.targets if isinstance(t, ast.Name)
        )

    @cached_property
    def inner_tries(self) -> list[ast.Try]:
        return [sub for sub in self.nodes if isinstance(sub, ast.Try)]

    @cached_property
    def leaves(self) -> bool:
        """It leaves its loop or function on success (`return`, `break`)."""
        return any(isinstance(sub, (ast.Return, ast.Break)) for sub in self.nodes)


@dataclass(frozen=True)
class _Caught:
    """What an `except` clause catches (`_caught_facts`)."""

    names: tuple[tuple[str, str], ...]  # (qualified, else dotted, name; class name) of each exception
    bare: bool
    broad: bool  # bare, `Exception`, `BaseException`
    parse_error: bool  # `ValueError`, `KeyError`, `JSONDecodeError`, …: what parsing an answer raises
    decode_error: bool  # an exception only a payload decoder raises (narrower than `parse_error`)
    may_wrap_remote: bool  # broad, or named for the remote side (`SyncServiceError`)
    integration: str | None  # the first exception only an HTTP client or SDK raises, as written
    oauth: bool  # an exception named for OAuth
    missing_element: bool  # only `IndexError`/`KeyError`/`LookupError`
    homes: tuple[str, ...]  # project modules (or classes) outside this one defining a caught exception
    sdk_roots: frozenset[str]  # third-party packages whose own `*Error`/`*Exception` is caught


def _caught_facts(ctx, handler: ast.ExceptHandler) -> _Caught:
    """What `handler` catches: each exception qualified once, the flags the guards ask about."""
    own_root = ctx.module.split(".", 1)[0]
    names: list[tuple[str, str]] = []
    integration: str | None = None
    homes: list[str] = []
    sdk_roots: set[str] = set()
    for node in _exc_nodes(handler):
        qualified = ctx.qualify(node) or ""
        text = _dotted(node)
        name = qualified or text
        last = name.rpartition(".")[2]
        names.append((name, last))
        if (
            integration is None
            # `fastapi.HTTPException`, `docker.errors.APIError`: not a provider's failure
            and not _infra_exception(name)
            and (
                (qualified and qualified.startswith(INTEGRATION_EXC_PREFIXES))
                or qualified in INTEGRATION_EXC_MODULES
                or (
                    last
                    and INTEGRATION_EXC_NAMES.match(last)
                    # `django.http.HttpResponseServerError`, `redis.exceptions.ConnectionError`,
                    # the builtin `ConnectionError`: infrastructure, not a provider
                    and qualified.split(".", 1)[0] not in NOT_PROJECT_ROOTS
                    and not (last == "ConnectionError" and not qualified)
                )
            )
        ):
            integration = text or qualified
        home = qualified.rpartition(".")[0]
        if home and "." in home and home.split(".", 1)[0] not in NOT_PROJECT_ROOTS and home != ctx.module:
            homes.append(home + ".")
        root, _, rest = qualified.partition(".")
        qualified_last = qualified.rpartition(".")[2]
        if (
            rest
            and root != own_root
            and root not in NOT_PROJECT_ROOTS
            and not _infra_exception(qualified)
            and qualified_last.endswith(("Error", "Exception"))
            # a parser's error (`juriscraper`'s `ParsingException`): the package may parse a
            # saved page, nothing fetched
            and not DECODE_EXC.match(qualified_last)
            and qualified_last not in PARSE_EXC
        ):
            sdk_roots.add(root)
    bare = handler.type is None
    broad = bare or any(last in ("Exception", "BaseException") for _, last in names)
    return _Caught(
        names=tuple(names),
        bare=bare,
        broad=broad,
        parse_error=any(last in PARSE_EXC for _, last in names),
        decode_error=any(
            DECODE_EXC.match(last) and not name.startswith(NOT_PAYLOAD_PARSERS) for name, last in names
        ),
        may_wrap_remote=bare or any(
            last in ("Exception", "BaseException")
            # `redis.exceptions.ConnectionError` around `create_app()`: the datastore's failure
            or (WRAPPED_EXC_NAME.search(last) and not _infra_exception(name))
            for name, last in names
        ),
        integration=integration,
        oauth=any("oauth" in name.lower() for name, _ in names),
        missing_element=bool(names) and all(last in ("IndexError", "KeyError", "LookupError") for _, last in names),
        homes=tuple(dict.fromkeys(homes)),
        sdk_roots=frozenset(sdk_roots),
    )


class _Handler:
    """One `except` clause being judged: its node (`except SLACK_ERRORS:` already expanded), one
    walk of its body, and what it catches, each computed on first use."""

    def __init__(self, ctx, node: ast.ExceptHandler) -> None:
        self.ctx = ctx
        self.node = node
        self.body = node.body
        self.name = node.name or ""
        self.last: ast.stmt | None = node.body[-1] if node.body else None

    @cached_property
    def nodes(self) -> list[ast.AST]:
        return list(_body_nodes(self.node.body))

    @cached_property
    def caught(self) -> _Caught:
        return _caught_facts(self.ctx, self.node)

    @property
    def leaves(self) -> bool:
        """It ends by leaving the loop or the function (`return`, `raise`, `break`)."""
        return isinstance(self.last, (ast.Return, ast.Raise, ast.Break))


@dataclass(frozen=True)
class _Verdict:
    """What a handler does with the exception (`_surfacing`)."""

    surfaced: bool
    doing: str = ""  # what it does instead ("only logs at info", "does nothing (`pass`)")
    # project functions of other modules it calls, handed the exception or not: whether one of
    # them surfaces it is decided by the project pass (SurfacingCondition)
    foreign: tuple[str, ...] = ()
    foreign_direct: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Work:
    """The integration work a `try` does (`_integration_work`)."""

    direct: str | None  # a direct outbound call or response use, as shown in the message
    refs: list[str]  # project refs it calls (the project pass confirms they call out)
    parsed: list[str]  # project refs whose result it parses or indexes
    duck: str | None  # a value of unknown origin used as only an HTTP response can be
    parse_only: bool = False  # it only decodes or indexes an answer obtained before it


@dataclass(frozen=True)
class _Guarded:
    """The integration failure a handler can catch: what the message names and the condition the
    project pass decides."""

    refs: tuple[str, ...] = ()  # Condition(outbound_any=...)
    external: tuple[str, ...] = ()  # Condition(external_any=...)
    response: str | None = None  # a failure shown without a condition (duck-typed, fetched before, SDK)
    parse_failure: bool = False  # the refs' answer failed to parse


def _work(body: _TryBody, direct: str | None, refs: list[str], parsed: list[str], duck: str | None) -> _Work:
    # `parse_only`: every ref the `try` calls is one whose answer it parses, and it makes no
    # outbound call of its own
    parse_only = {
        ref.rpartition(".")[0] if ref.rpartition(".")[2] in RESPONSE_USE else ref for ref in refs
    } <= set(parsed) and body.makes_no_outbound_call
    return _Work(direct, refs, parsed, duck, parse_only)


@dataclass(frozen=True, eq=False)
class _HandlerCall:
    """A call of a handler (or of a same-file helper it calls), seen through a wrapper
    (`sync_to_async(report_failure)(exc)`, `partial(notify_error, channel)(exc)`)."""

    node: ast.Call
    func: ast.expr  # the callee, unwrapped
    resolved: str  # "" when unknown
    text: str
    method: str
    receiver: str

    @property
    def loggerish(self) -> bool:
        return "log" in self.receiver.lower() or self.resolved.startswith(("logging.", "structlog.", "loguru."))


def _log_level(call: _HandlerCall) -> str:
    """A log call below warning: the note for the message ("only logs at info"); "warning" for
    `log(logging.ERROR, ...)`; "" for any other call."""
    method, node = call.method, call.node
    if method == "log" and call.loggerish and node.args:
        level = _dotted(node.args[0]).rpartition(".")[2]
        if level in WARN_LEVELS or (
            isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, int)
            and node.args[0].value >= 30
        ):
            return "warning"
        return "only logs below warning"
    if method in LOW_METHODS and (call.loggerish or call.receiver in ("self", "cls")):
        return f"only logs at {method}"
    return ""


def _call_ends_or_reraises(call: _HandlerCall, helper: bool) -> bool:
    """Celery's `self.retry()` (raises `Retry`), `sys.exit`/`abort`; in the handler itself, a test's
    outcome (`pytest.skip(...)`, `self.assertEqual(str(exc), "404")`: the call raises, or the handler
    checks the expected failure) and re-enqueueing the work (`.delay()`, `.apply_async()`)."""
    method, text, resolved, receiver = call.method, call.text, call.resolved, call.receiver
    if method == "retry" or text in ("sys.exit", "os._exit", "exit", "abort", "flask.abort"):
        return True
    if not helper and (
        resolved in TEST_OUTCOME_CALLS
        or text in TEST_OUTCOME_CALLS
        or (receiver == "self" and (method in ("skipTest", "fail") or method.startswith("assert")))
    ):
        return True
    return method in ("delay", "apply_async") and not helper


def _assignment_records(sub: ast.Assign | ast.AugAssign | ast.AnnAssign, exc_name: str, helper: bool) -> bool:
    """An assignment that records the failure: a failure constant (`state = SyncState.FAILED`), a
    status/error attribute or a disabling flag on a record (`row.status = ...`,
    `channel.is_active = False`), an error/status entry of a result (`result["error"] = ...`,
    `status["calendar"] = False`); in the handler itself (not a helper, whose locals die with it)
    a local that carries the failure to code after the handler (`error = e.message`,
    `has_error = True`, `last_exc = exc`) or the exception kept on a result (`result.exc = e`)."""
    targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
    value = getattr(sub, "value", None)
    if isinstance(value, (ast.Attribute, ast.Name)) and FAILURE_CONSTANT.search(_dotted(value).rpartition(".")[2]):
        return True  # `note = Note.UNVERIFIED`, `state = SyncState.FAILED`
    if isinstance(value, ast.Call) and any(
        isinstance(arg, ast.Attribute) and FAILURE_CONSTANT.search(arg.attr) for arg in value.args
    ):
        # `result = AuthState(AuthState.STATE_INVALID_EMAIL)`: an outcome built from a failure
        # constant, carried to code after the handler
        return True
    for target in targets:
        if isinstance(target, ast.Attribute) and (RECORD_ATTR.search(target.attr) or _disables(target.attr, value)):
            return True  # `row.status = ...`, `channel.is_active = False`
        if not helper and isinstance(target, ast.Name) and (
            FAILURE_LOCAL.search(target.id)
            # `exception = ex`, `last_exc = exc`: the exception itself kept for later
            or (isinstance(value, ast.Name) and exc_name and value.id == exc_name)
            or (
                isinstance(value, ast.Constant)
                and isinstance(value.value, bool)
                and not _claims_success(target.id, value.value)
            )
        ):
            return True  # carried to code after the handler
        if (
            not helper
            and exc_name
            and isinstance(value, ast.Name)
            and value.id == exc_name
            and isinstance(target, (ast.Attribute, ast.Subscript))
        ):
            return True  # `result.exc = e`, `self._layers[url] = exc`: kept on a result for its reader
        if (
            isinstance(target, ast.Subscript)
            and isinstance(target.slice, ast.Constant)
            and isinstance(target.slice.value, str)
            and (
                FAILURE_ATTR.search(target.slice.value)
                # `response["message"] = _("Invalid URL.")`, not a log record's fields
                or (RECORD_ATTR.search(target.slice.value) and "log" not in _dotted(target.value).lower())
                or _disables(target.slice.value, value)
            )
        ):
            # `result["error"] = ...`, `health["available"] = False`,
            # `monitor["reason"] = CheckReason.TIMEOUT`
            return True
        if isinstance(target, ast.Subscript) and FAILURE_HOLDER.search(_dotted(target.value).rpartition(".")[2]):
            return True  # `status["calendar"] = False`, `self.errors[pk] = str(exc)`
    return False


@register
class SwallowedIntegrationError(Rule):
    """
    ## What it does
    Flags an `except` clause (bare, broad or specific) whose `try` body does integration work —
    an outbound HTTP/SDK call, directly or through project functions in any module, or parsing
    and using a response (`resp.json()`, `json.loads(resp.text)`, `resp["id"]`,
    `resp.raise_for_status()`) — and whose body does none of: re-raise, log at warning or above
    (`logger.warning/error/exception/critical`, `logging.*`, structlog), report to Sentry
    (`sentry_sdk.capture_exception`, `capture_message`), record a failure status
    (`row.status = "failed"`, `.mark_failed()`, `.update(status=...)`, `hook.is_active = False`,
    `.update(enabled=False)`), or call a configured surfacing function. The message says which
    channels are missing and what the handler does instead (e.g. "only logs at info").

    Which exceptions count: any, when the `try` calls an HTTP client or SDK directly; bare,
    broad, HTTP/SDK or remote-sounding ones (`*ApiError`, `SyncServiceError`), or one defined in
    the module of the project client the `try` calls (`CrmError` next to `CrmClient`), when the
    call is in a project function; a project exception named for the remote side
    (`ExternalRequestError`, `RemoteError`, `UpstreamServiceError`) around any call, even on an
    injected client of unknown type; and parse errors (`ValueError`, `JSONDecodeError`, `KeyError`, …) when
    the `try` decodes or indexes what an outbound project call returned
    (`resp = self.request(url)` … `try: return resp.json() except ValueError: return None`).
    A value of unknown origin on which the `try` calls what only an HTTP response has
    (`response.json()`, `response.raise_for_status()`) counts too, and so does an HTTP verb handed
    a URL on a session of unknown type (`self.session.put("https://" + host + "/api/people")`
    with the session built by a base class or an unmodelled OAuth library).

    Not a swallow: a handler that calls a helper of the same file whose body surfaces the error
    (`return _error_response(name, exc)` with `log.error(...)` inside, `self._fail(exc)` setting
    a status), or hands the exception to an error helper of another module
    (`error_response(request, exc)`); a handler that performs another integration action whose
    failure propagates (`stripe.Customer.create(...)` after a failed `retrieve`,
    `create_account(...)` after `fetch_account(...)`, another method of the client the `try`
    used); a decoding fallback that keeps the raw response (`except ValueError: data = resp.text`);
    decoding an error body inside a handler that already reports; re-enqueueing the work
    (`task.apply_async(..., countdown=300)`) or counting the failure in a metric
    (`statsd.incr("crm.sync.failed")`); a `try` in a retry loop (`for attempt in range(3)`, left
    to IL201); a credentials or health probe answering `False` (or `False, str(exc)`); reading
    the error detail out of a failed answer, best effort (`_get_error_message(response)`,
    `ErrorResponseSchema.parse`, or inside a handler of the same function that re-raises or
    reports the error it decodes); a test's handler that asserts on the exception, skips or
    fails the test (`pytest.skip(...)`, `self.assertEqual(...)`), or the expected-failure idiom
    (`call(); raise AssertionError("expected …")`); an error entry or a failed success flag in the
    answer handed back (`return {"error": "search unavailable"}`, `Page(url,
    fetch_successful=False)`), the exception kept on a result (`outcome.exc = exc`); decoding the
    error detail of an answer already known to have failed (`_provider_error_code(response)`,
    `exc.response.json()`, or for the warning logged right after); a command-line entry point
    writing to stderr and returning a non-zero status; the handler doing the remote action again
    (`refresh_session(); download()`); a loop that pauses and goes round (a retry, left to IL201);
    a fallback over candidates that leaves the loop on success and raises once they are all
    exhausted (`for base in MIRRORS: try: return fetch(base) except RequestException: continue`
    then `raise NotOnMirror(name)`); a connection test handing the reason back
    (`except Exception as e: description = f"…{e}"` … `return success, description`); an outer
    handler whose `try` makes its call out inside a nested `try` that handles it, and catches only
    what the rest raises (`except KeyError` around a settings lookup); an OAuth error on an
    authorization server's side (`self.validate_token_request(request)`,
    `server.get_consent_grant(...)`, or the error's `e.in_uri(...)`/`e.json` answered to the client);
    an element the answer may lack replaced by its default when the `try` only reads an answer
    fetched before it (`try: parent = rsp["parents"][0] except IndexError: parent = ""`).

    An answer to the inbound web request (`HttpResponse(status=500)`, `Response({"error": ...},
    status=502)`, `form.add_error(None, ...)`) counts as surfacing only when the handler writes no
    log below warning beside it: `logger.info("case sync failed: %s", e)` then a form error is a
    failure logged at the wrong level and only shown to the user.

    Exceptions of web frameworks, datastores and local daemons (`fastapi.HTTPException`,
    `redis.exceptions.ConnectionError`, `elasticsearch.ConnectionError`, `docker.errors.APIError`)
    are not an integration's failure. A third-party package's own exception caught around a call
    of that package's client class (`pytwitter.Api.create_tweet` under `PyTwitterError`) is, once
    the project pass confirms the package is not the project's.

    ## Why is this bad?
    A connector that swallows a failed call leaves no trace: the sync looks successful, data is
    silently missing, and nobody is alerted. The integrations guideline requires every failure to
    surface on three channels — Sentry, a structured log and a failure status on the import record
    ([guideline](../guidelines/integrations.md#error-surfacing)). `try` bodies without
    integration work are left to ruff's `BLE001`/`S110`.

    ## Example
    ```python
    import requests

    def refresh(patient):
        try:
            data = requests.get(patient.url, timeout=10).json()
        except requests.RequestException:
            return None
        patient.update_from(data)
    ```

    ## Use instead
    ```python
    import requests
    from integration_lint.runtime import surface_error

    def refresh(patient, row):
        try:
            data = requests.get(patient.url, timeout=10).json()
        except requests.RequestException as exc:
            surface_error(exc, record=row, connector="doctolib")  # Sentry + log + row.status
            return None
        patient.update_from(data)
    ```

    ## Fix safety
    No automatic fix: how to surface the error (re-raise, or report and mark the record) is a
    decision about the sync's behaviour.

    ## Options
    - `surfacing-functions`: dotted names of the project's own reporting helpers
      (`apps.core.errors.report_error`); calling one counts as surfacing the error. Helpers
      defined in the same file are read by the rule itself; a helper in another module is
      recognised by its name (`report_*`, `log_*`, `notify*`, `*_error(..., exc)`) or through
      this option.
    - `http-clients`: extra modules/functions that count as outbound calls.
    """

    code = "IL301"
    name = "swallowed-integration-error"
    family = "errors"
    summary = "An integration failure caught and neither re-raised, logged, reported nor recorded"
    guideline = "error-surfacing"
    # Conservative: the rule only reports `except` clauses.
    prefilter = re.compile(rb"except")

    valid = (
        example(
            """
            import logging
            import requests

            logger = logging.getLogger(__name__)

            def fetch(url):
                try:
                    return requests.get(url, timeout=10).json()
                except requests.RequestException:
                    logger.exception("fetch failed", extra={"url": url})
                    return None
            """,
            "logged_at_error",
        ),
        example(
            """
            import requests

            def fetch(url):
                try:
                    return requests.get(url, timeout=10)
                except requests.Timeout as exc:
                    raise RuntimeError("agent did not answer") from exc
            """,
            "re_raised",
        ),
        example(
            """
            import requests
            import sentry_sdk

            def push(row, payload):
                try:
                    requests.post(row.url, json=payload, timeout=10)
                except Exception as exc:
                    sentry_sdk.capture_exception(exc)
            """,
            "reported_to_sentry",
        ),
        example(
            """
            import requests

            def push(row, payload):
                try:
                    requests.post(row.url, json=payload, timeout=10)
                except requests.RequestException:
                    row.status = "failed"
                    row.save(update_fields=["status"])
            """,
            "failure_status_recorded",
        ),
        example(
            """
            def parse(value):
                try:
                    return int(value)
                except ValueError:
                    return None
            """,
            "no_integration_work_in_try",
        ),
        example(
            """
            import requests
            from apps.core.errors import report_error

            def push(url):
                try:
                    requests.post(url, timeout=10)
                except requests.RequestException as exc:
                    report_error(exc)
            """,
            "configured_surfacing_function",
            config={"surfacing-functions": ["apps.core.errors.report_error"]},
        ),
        example(
            """
            import logging
            import requests
            from django.http import JsonResponse

            log = logging.getLogger(__name__)

            def _error_response(name, exc):
                log.error("calendar call %s failed: %s", name, exc)
                return JsonResponse({"detail": f"{name} unavailable"}, status=502)

            def events(url):
                try:
                    return requests.get(url, timeout=10).json()
                except requests.RequestException as exc:
                    return _error_response("events", exc)
            """,
            "same_file_helper_logs_the_error",
        ),
        example(
            """
            import stripe

            def ensure_customer(account):
                try:
                    customer = stripe.Customer.retrieve(account.stripe_id)
                except stripe.error.InvalidRequestError:
                    customer = stripe.Customer.create(email=account.email)
                return customer
            """,
            "retrieve_or_create_fallback",
        ),
        example(
            """
            import requests

            def ping(hook):
                try:
                    requests.post(hook.url, json={"ping": True}, timeout=5).raise_for_status()
                except requests.RequestException:
                    hook.is_active = False
                    hook.save(update_fields=["is_active"])
            """,
            "record_deactivated",
        ),
        example(
            """
            import logging

            log = logging.getLogger(__name__)

            def error_detail(resp):
                try:
                    detail = resp.json()
                except ValueError:
                    detail = resp.text
                log.warning("provider call failed", extra={"detail": detail})
            """,
            "decoding_fallback_keeps_the_raw_response",
        ),
        example(
            """
            import requests
            from apps.clinic.models import Patient

            def refresh(pk):
                try:
                    patient = Patient.objects.get(pk=pk)
                    requests.get(patient.url, timeout=10)
                except Patient.DoesNotExist:
                    return None
            """,
            "database_lookup_exception",
        ),
    )
    invalid = (
        example(
            """
            import requests

            def fetch(url):
                try:
                    return requests.get(url, timeout=10).json()
                except Exception:
                    pass
            """,
            "broad_except_pass",
            lines=(6,),
        ),
        example(
            """
            import logging
            import requests

            log = logging.getLogger(__name__)

            def fetch(url):
                try:
                    return requests.get(url, timeout=10).json()
                except requests.HTTPError:
                    log.info("no data")
                    return None
            """,
            "logged_below_warning",
            lines=(9,),
        ),
        example(
            """
            def refresh(pk):
                try:
                    sync_patient(pk)
                except:
                    return False

            from apps.sync.services import sync_patient
            """,
            "bare_except_around_project_function",
            path="apps/sync/tasks.py",
            files={
                "apps/sync/services.py": """
                    from apps.sync.client import DoctolibClient

                    def sync_patient(pk):
                        return DoctolibClient().patient(pk)
                    """,
                "apps/sync/client.py": """
                    import requests

                    class DoctolibClient:
                        def __init__(self):
                            self.session = requests.Session()

                        def patient(self, pk):
                            return self.session.get(f"https://api.example.com/{pk}", timeout=5)
                    """,
            },
            lines=(4,),
        ),
        example(
            """
            import requests

            def company(siren):
                resp = requests.get(f"https://data.example.com/{siren}", timeout=10)
                try:
                    return resp.json()["name"]
                except (ValueError, KeyError):
                    return ""
            """,
            "parsing_the_response",
            lines=(7,),
        ),
        example(
            """
            from apps.oauth.base import Provider

            class AcmeProvider(Provider):
                def profile(self):
                    resp = self.request("/me")
                    try:
                        return resp.json()
                    except ValueError:
                        return None
            """,
            "narrow_parse_error_on_a_project_calls_response",
            path="apps/oauth/acme.py",
            files={
                "apps/oauth/base.py": """
                    import requests

                    class Provider:
                        def request(self, path):
                            return requests.get("https://api.example.com" + path, timeout=10)
                    """,
            },
            lines=(8,),
        ),
        example(
            """
            import requests

            def avatar(url):
                try:
                    return requests.get(url, timeout=5).content
                except Exception:
                    # the avatar is optional
                    return None
            """,
            "broad_except_with_only_a_comment",
            lines=(6,),
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] | None = None
        self._bases: dict[str, list[str]] = {}
        self._helper_memo: dict[tuple[str, int], bool] = {}
        self._tuples: dict[str, list[ast.expr]] | None = None
        self._function_nodes_memo: dict[int, list[ast.AST]] = {}

    def visit_Try(self, node: ast.Try) -> None:
        self._check(node)

    def visit_TryStar(self, node: ast.AST) -> None:  # pragma: no cover - Python 3.11+
        self._check(node)  # type: ignore[arg-type]

    # ================================================================= the decision
    # Every `try` with handlers that can catch more than local failures is read once
    # (`_TryBody`, `_integration_work`); each handler is then judged in the order of the DESIGN's
    # notions: does an integration failure reach it, is it surfaced (re-raised, logged at warning+,
    # reported, recorded), and if not, is it no integration failure after all or an intentional
    # fallback. What is left is reported.
    def _check(self, node: ast.Try) -> None:
        if any(isinstance(h.type, ast.Name) and h.type.id.isupper() for h in node.handlers):
            # a shallow copy (the tree is shared with the other rules), `try`/`try*` kept
            node = copy.copy(node)
            node.handlers = [self._expanded(h) for h in node.handlers]
        handlers = [
            h for h in node.handlers if not (
                (caught := _caught(h)) and all(NON_INTEGRATION_EXC.search(c) for c in caught)
            )
        ]
        if not handlers or self._left_to_others(node):
            return
        body = _TryBody(self.ctx, node.body)
        work = self._integration_work(body)
        if self._reads_detail_of_a_reported_failure(node, body, work):
            return
        for handler in handlers:
            h = _Handler(self.ctx, handler)
            if self._pauses_and_repeats(h):
                continue  # a retry loop by its shape: IL201's business
            guarded = self._guarded_failure(node, body, work, h)
            if guarded is None:
                continue
            verdict = self._surfacing(h)
            if verdict.surfaced:
                continue
            if self._no_integration_failure(h, body, work):
                continue
            if self._intentional_fallback(node, h, body, work):
                continue
            self._report_swallow(h, work, guarded, verdict)

    def _report_swallow(self, h: _Handler, work: _Work, guarded: _Guarded, verdict: _Verdict) -> None:
        handler = h.node
        shown_types = _caught(handler)
        shown = shown_types[0] if len(shown_types) == 1 else f"({', '.join(shown_types)})"
        what = f"`except {shown}`" if shown_types else "bare `except:`"
        direct, exc = work.direct, h.caught.integration
        if direct is not None:
            source = direct if "`" in direct else f"`{direct}`"
        elif guarded.response is not None:
            source = guarded.response
        elif exc is not None:
            source = f"the integration call it guards (`{exc}` is an HTTP/SDK error)"
        elif not guarded.parse_failure:
            source = "`{chain}`"
        else:
            source = "the response of `{chain}` (parsing it failed)"
        message = (
            f"{what} swallows a failure of {source}: it {verdict.doing}, with no re-raise, no Sentry "
            f"report, no log at warning or above and no failure status on the record; "
            f"re-raise, or call `integration_lint.runtime.surface_error(exc, record=...)` "
            f"(Sentry + structured log + failure status)"
        )
        line, col, _, _ = self.ctx.position(handler)
        head = handler.type if handler.type is not None else handler
        end_line, end_col = line, col + len("except")
        if handler.type is not None:
            _, _, end_line, end_col = self.ctx.position(head)
        snippet = snippet_digest(self.ctx.line_text(line))
        condition = (
            Condition(external_any=guarded.external) if guarded.external
            else None if direct is not None or exc is not None or guarded.response is not None
            else Condition(outbound_any=guarded.refs)
        )
        foreign = verdict.foreign[:8]
        foreign_direct = verdict.foreign_direct[:8]
        if foreign or foreign_direct:
            # `except ApiError as exc: return respond(exc)` with `respond` in another module:
            # reported unless it (or what it calls) raises, logs at warning+ or reports
            condition = SurfacingCondition(
                outbound_any=condition.outbound_any if condition is not None else (),
                external_any=guarded.external,
                none_surfaces=foreign,
                none_surfaces_directly=foreign_direct,
            )
        self.report(
            handler,
            message,
            condition=condition,
            snippet=snippet,
            position=(line, col, end_line, end_col),
        )

    # ================================================================= not IL301's `try`
    def _left_to_others(self, node: ast.Try) -> bool:
        """A test's expected-failure idiom (`call(); raise AssertionError("expected …")`: the
        handler is where the test passes), or a `try` in a loop whose header announces retries
        (`for attempt in range(3)`: IL201 reports it)."""
        return _expects_failure(node.body) or self._in_retry_loop()

    def _in_retry_loop(self) -> bool:
        loop = self._enclosing_loop()
        if isinstance(loop, (ast.For, ast.AsyncFor)):
            return _announces_retries(self.ctx.segment(loop.target) + " " + self.ctx.segment(loop.iter))
        if isinstance(loop, ast.While):
            return _announces_retries(self.ctx.segment(loop.test))
        return False

    def _pauses_and_repeats(self, h: _Handler) -> bool:
        """The `try` sits in a loop that runs it again after a failure: the handler pauses
        (`time.sleep(5)`) and lets the loop go round (`while not conn.started: try: conn.start()
        except ConnectionError: time.sleep(5)`), or the loop counts its attempts
        (`attempt_count += 1` in `while True`). A hand-rolled retry, left to IL201."""
        loop = self._enclosing_loop()
        if loop is None or h.leaves:
            return False
        for sub in h.nodes:
            if isinstance(sub, ast.Call):
                text = self.ctx.resolve_call(sub) or _dotted(sub.func)
                if text.rpartition(".")[2] == "sleep":
                    return True
        return any(
            isinstance(sub, ast.AugAssign)
            and isinstance(sub.target, ast.Name)
            and _announces_retries(sub.target.id)
            for sub in _body_nodes(loop.body)
        )

    def _enclosing_loop(self, kinds: tuple[type, ...] = (ast.For, ast.AsyncFor, ast.While)) -> ast.AST | None:
        """The innermost loop of one of `kinds` around the node being visited, in its function."""
        for parent in reversed(self.ctx.parents):
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                return None
            if isinstance(parent, kinds):
                return parent
        return None

    # ================================================================= surfaced elsewhere
    # The `try` only reads the detail of a failure that is reported anyway (best effort).
    def _reads_detail_of_a_reported_failure(self, node: ast.Try, body: _TryBody, work: _Work) -> bool:
        if (work.parse_only and self._in_surfacing_handler()) or (
            work.direct is None and self._in_surfacing_handler(body)
        ):
            # `except ApiError as exc: try: reason = exc.response.json() except ValueError:
            # pass; log.exception(...)` — decoding the error body for a report that is made
            return True
        if self._reads_failed_answer(body) or self._reported_after(node, body):
            # `def _salesforce_error_code(response): try: payload = response.json() except
            # ValueError: return None`, `exc.response.json()` in `extract_error(exc)`: reading the
            # detail (or the kind) of an answer already known to have failed, best effort
            return True
        # `class BlackboardErrorResponseSchema: def parse(...): try: … except
        # ExternalRequestError: return {}` — reading a failed answer's error detail is best effort
        return work.direct is None and self._reads_error_body()

    def _in_surfacing_handler(self, body: _TryBody | None = None) -> bool:
        """Is this `try` inside an `except` clause of the same function that surfaces the error?
        With `body`, only when the `try` reads that clause's exception (`except ApiError as err:
        try: detail = ErrorSchema(err.response).parse() except ApiError: pass` … `raise`)."""
        for parent in reversed(self.ctx.parents):
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                return False
            if isinstance(parent, ast.ExceptHandler):
                if body is not None and not (parent.name and parent.name in body.names):
                    return False
                return self._surfacing(_Handler(self.ctx, parent)).surfaced
        return False

    def _reads_error_body(self) -> bool:
        """Is the `try` in a function or class named for reading the error out of a failed answer
        (`_get_error_message(response)`, `ErrorResponseSchema.parse`)?"""
        func = self.ctx.function_scope
        cls = self.ctx.class_scope
        return any(
            scope is not None and ERROR_BODY_READER.search(scope.name) for scope in (func, cls)
        )

    def _reads_failed_answer(self, body: _TryBody) -> bool:
        """Does the `try` only decode an answer known to have failed: a response handed to a
        function named for reading a failure (`_rejection_detail(response)`,
        `_graph_error_code(response)`) or answering a question about it
        (`_is_graph_invalid_request(response)`), or the response an exception carries
        (`exc.response.json()`, `exc` a parameter or an enclosing handler's exception)?"""
        scope = self.ctx.function_scope
        function = scope.node if scope is not None else None
        args = getattr(function, "args", None)
        if args is None:
            return False
        params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
        handled = {
            p.name for p in self.ctx.parents if isinstance(p, ast.ExceptHandler) and p.name
        }
        decoded = body.decoded_only
        if not decoded:
            return False
        for value in decoded:
            head, _, last = value.rpartition(".")
            if last == "response" and head and "." not in head and (
                head in handled or (head in params and EXCEPTION_PARAM.fullmatch(head))
            ):
                continue  # `exc.response.json()`
            if (
                not head
                and value in params
                and RESPONSE_PARAM.match(value)
                and (FAILED_ANSWER_READER.search(scope.name) or PREDICATE.search(scope.name))
            ):
                continue  # `def _salesforce_error_code(response)`
            return False
        return True

    def _reported_after(self, node: ast.Try, body: _TryBody) -> bool:
        """Is the `try` a best-effort decoding of the answer's detail for a report the code makes
        right after it, in the same block (`if r.status_code not in OK: status = lookup(code);
        try: status = loads(r.content)["message"] except ValueError: pass;
        logger.warning("send failed: %s", status)`)?"""
        if not body.decoded_only:
            return False
        parent = self.ctx.parents[-1] if self.ctx.parents else None
        block = None
        for field in ("body", "orelse", "finalbody", "handlers"):
            stmts = getattr(parent, field, None)
            if isinstance(stmts, list) and any(s is node for s in stmts):
                block = stmts
                break
        if block is None:
            return False
        index = next(i for i, s in enumerate(block) if s is node)
        # what the decoding fills in; on failure it keeps its earlier (or fallback) value
        filled = set(body.filled)
        # ... unless a handler fills it with a fallback that passes the check (`d = {"response":
        # "No detailed message"}` before `if "status" in d and d["status"] >= 300: raise`)
        for handler in node.handlers:
            for sub in _body_nodes(handler.body):
                if isinstance(sub, ast.Assign) and not _empty_value(sub.value):
                    filled -= {t.id for t in sub.targets if isinstance(t, ast.Name)}
        for stmt in block[index + 1:]:
            if _reports(stmt):
                return True
            if isinstance(stmt, (ast.Return, ast.Continue, ast.Break)):
                return False
            if (
                isinstance(stmt, ast.If)
                and any(isinstance(n, ast.Name) and n.id in filled for n in ast.walk(stmt.test))
                and any(_reports(s) for s in stmt.body)
            ):
                # `except ValueError: pass` … `if r.status_code != 200 or status != "OK":
                # logger.warning(...)`: an answer that did not decode fails the check that reports
                return True
        return False

    # ================================================================= the integration work
    def _type_of(self, expr: ast.AST, local: dict[str, str]) -> str | None:
        """`ctx.qualify`, plus the locals the `try` itself assigns from calls (`resp = sess.get(url)`
        inside `with get_session() as sess:`, whose type the flow-insensitive prescan can miss)."""
        if isinstance(expr, ast.Name):
            return local.get(expr.id) or self.ctx.qualify(expr)
        if isinstance(expr, ast.Await):
            return self._type_of(expr.value, local)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in local:
            return f"{local[expr.value.id]}.{expr.attr}"
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in local:
                return f"{local[func.value.id]}.{func.attr}"
            return self.ctx.value_type(expr)
        return self.ctx.qualify(expr)

    def _project_value(self, expr: ast.AST, local: dict[str, str]) -> str | None:
        """The project callable whose result `expr` holds (`self.request(url)`, a local assigned
        from one, `data` from `data = resp.json()`); None for `self`/`cls`, external code and
        unknown values."""
        if isinstance(expr, ast.Name):
            func = self.ctx.function_scope
            if func is not None and expr.id == func.self_name:
                return None
        owner = self._type_of(expr, local)
        if not owner:
            return None
        while True:  # `resp.json()` is the response of whatever produced `resp`
            head, _, last = owner.rpartition(".")
            if head and last in RESPONSE_USE:
                owner = head
            else:
                break
        if owner.split(".", 1)[0] not in NOT_PROJECT_ROOTS:
            return owner
        return None

    def _integration_work(self, body: _TryBody) -> _Work:
        """What integration work the `try` does: a direct outbound call or response use; project
        refs it calls; project refs whose result it parses or indexes — `resp.json()`,
        `data["id"]`, `json.loads(resp.text)` — all to be confirmed by the project pass; a value of
        unknown origin used as only an HTTP response can be — `response.json()`,
        `r.raise_for_status()` on a parameter."""
        ctx = self.ctx
        direct: str | None = None
        duck: str | None = None
        refs: list[str] = []
        parsed: list[str] = []
        local: dict[str, str] = {}
        assigns = [
            sub for sub in body.nodes
            if isinstance(sub, ast.Assign)
            and len(sub.targets) == 1
            and isinstance(sub.targets[0], ast.Name)
            and isinstance(sub.value, (ast.Call, ast.Await))
        ]
        for sub in sorted(assigns, key=lambda n: (n.lineno, n.col_offset)):
            name = sub.targets[0].id  # type: ignore[attr-defined]
            if ctx.qualify(sub.targets[0]) is None:
                typ = self._type_of(sub.value, local)
                if typ:
                    local[name] = typ
        for sub in body.nodes:
            if isinstance(sub, ast.Call):
                call = body.call_at[id(sub)]
                name = call.resolved
                if call.outbound:
                    return _work(body, name, [], [], None)
                func = sub.func
                if duck is None and (fetch := self._fetchish_call(sub)):
                    duck = (
                        f"`{fetch}` (an HTTP verb handed a URL, on a session of unknown type)"
                        if isinstance(func, ast.Attribute) and func.attr in HTTP_VERBS and not FETCH_CALLEE.match(func.attr)
                        else f"`{fetch}` (named for fetching a URL, on an object of unknown type)"
                    )
                elif duck is None and (client := self._clientish_call(sub)):
                    duck = f"`{client}` (a method of an API client of unknown type)"
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr in ("json", "raise_for_status")
                    and isinstance(func.value, ast.Call)
                    and isinstance(func.value.func, ast.Attribute)
                    and func.value.func.attr in HTTP_VERBS
                    and func.value.args
                ):
                    # `client.get(url).json()`: only an HTTP response has `.json()`
                    return _work(body, f"`{_dotted(func.value.func)}()` (an HTTP call: its result has `.{func.attr}()`)", [], [], None)
                if isinstance(func, ast.Attribute) and func.attr in RESPONSE_USE:
                    owner = self._type_of(func.value, local)
                    if owner and ctx.is_external_outbound(owner):
                        return _work(body, f"the response of `{owner}`", [], [], None)
                    if duck is None and func.attr in RESPONSE_ONLY and not sub.args and self._used_as_a_response(func.value, owner):
                        shown = _dotted(func.value.func) + "()" if isinstance(func.value, ast.Call) else _dotted(func.value)
                        duck = f"`{shown}` (an HTTP response: it has `.{func.attr}()`)"
                    value = self._project_value(func.value, local)
                    if value:
                        refs.append(value)
                        parsed.append(value)
                if name in PARSE_FUNCTIONS and sub.args:
                    arg = sub.args[0]
                    if isinstance(arg, ast.Attribute) and arg.attr in RESPONSE_USE:
                        arg = arg.value  # `json.loads(resp.text)`
                    elif (
                        isinstance(arg, ast.Subscript)
                        and isinstance(arg.slice, ast.Constant)
                        and isinstance(arg.slice.value, str)
                    ):
                        arg = arg.value  # `json.loads(res["content"])`
                    if duck is None and isinstance(arg, ast.Name) and arg.id not in local:
                        duck = self._decoded_fetch(arg.id, sub.lineno)
                    if isinstance(arg, (ast.Name, ast.Call, ast.Attribute)):
                        owner = self._type_of(arg, local)
                        if owner and ctx.is_external_outbound(owner):
                            return _work(body, f"the response of `{owner}`", [], [], None)
                        value = self._project_value(arg, local)
                        if value:
                            refs.append(value)
                            parsed.append(value)
                for arg in sub.args:
                    if isinstance(arg, ast.Name):
                        typ = self._type_of(arg, local)
                        if typ and ctx.is_external_outbound(typ):
                            return _work(body, f"the response of `{typ}`", [], [], None)
                if call.project and len(refs) < MAX_REFS:
                    refs.append(name)  # type: ignore[arg-type]
            elif isinstance(sub, (ast.Subscript, ast.Attribute)) and isinstance(sub.value, (ast.Name, ast.Call)):
                if isinstance(sub, ast.Attribute) and sub.attr not in RESPONSE_USE:
                    continue
                if not isinstance(sub.ctx, ast.Load):
                    continue  # `del links[key]`, `data["x"] = 1`: not reading a response
                typ = self._type_of(sub.value, local)
                if typ and ctx.is_external_outbound(typ):
                    direct = f"the response of `{typ}`"
                    continue
                value = self._project_value(sub.value, local)
                if value and len(parsed) < MAX_REFS:
                    # `client.get_json(url)["items"]`, `data["id"]` with `data = self.fetch()`
                    refs.append(value)
                    parsed.append(value)
        return _work(body, direct, list(dict.fromkeys(refs)), list(dict.fromkeys(parsed)), duck)

    def _used_as_a_response(self, value: ast.expr, owner: str | None) -> bool:
        """Is `value`, whose `.json()`/`.raise_for_status()` the `try` calls, of unknown origin or
        an HTTP response: a name or attribute (not `self`, not the inbound `request`) untyped,
        typed as a response, named for a request, or wrapped (`asyncio.run(fetch(url))`); or a
        call of a callee named for a request (`self._request(url).json()`)."""
        if isinstance(value, (ast.Name, ast.Attribute)):
            return (
                not self._is_self(value)
                # `await request.json()`: the inbound request of a web handler
                and not INBOUND_NAME.match(_dotted(value).rpartition(".")[2])
                and (
                    owner is None
                    or bool(RESPONSE_TYPE.match(owner))
                    or bool(HTTPISH_CALLEE.search(owner.rpartition(".")[2]))
                    # `asyncio.run(fetch(url))`, `async_to_sync(get)(url)`: a wrapper
                    or owner.split(".", 1)[0] in NOT_PROJECT_ROOTS
                )
            )
        return isinstance(value, ast.Call) and owner is not None and bool(HTTPISH_CALLEE.search(owner.rpartition(".")[2]))

    def _decoded_fetch(self, name: str, line: int) -> str | None:
        """The local `name` a parse function decodes, when it holds a fetched answer: the result of
        a call named for fetching a URL (`res = self.sf.fetchUrl(url)`), or a parameter named for
        a response (`def parse_api_response(self, res: dict): … json.loads(res["content"])`) in a
        function not named for reading an error. As shown in the message, or None."""
        producer = self._producer(name, line)
        if producer is not None and (fetch := self._fetchish_call(producer)):
            return f"the response of `{fetch}` (named for fetching a URL)"
        if (
            producer is None
            and RESPONSE_PARAM.match(name)
            and self._plain_parameter(name)
            and not ERROR_READER.search(getattr(self.ctx.function_scope, "name", ""))
        ):
            return f"`{name}` (a response handed in: decoding its body)"
        return None

    def _site_refs(self, body: _TryBody) -> tuple[str, ...]:
        """`call_site_ref`s of the `try`'s project calls that pass arguments, for the project pass."""
        func = self.ctx.function_scope
        if func is None:
            return ()
        found: list[str] = []
        for c in body.calls:
            if c.has_arguments and len(found) < MAX_REFS and c.project:
                found.append(call_site_ref(c.resolved, func.qualname, c.node.lineno))  # type: ignore[arg-type]
        return tuple(found)

    def _param_refs(self, body: _TryBody, within: tuple[str, ...] = ()) -> tuple[str, ...]:
        """`parameter_ref`s of the methods the `try` calls on untyped parameters of the function
        (`def filter_labels(org, repo, github_api): try: github_api.get_labels(...)`): outbound
        when a value the callers pass is (project pass). With `within`, one ref per prefix: the
        member must resolve there."""
        func = self.ctx.function_scope
        if func is None:
            return ()
        found: list[str] = []
        for c in body.calls:
            if not c.on_attribute or c.method in RESPONSE_USE or c.method in NOT_ACTIONS:
                continue
            found_member = self.ctx.untyped_parameter_member(c.node.func)
            if found_member is None:
                continue
            for prefix in within or ("",):
                ref = parameter_ref(func.qualname, *found_member, prefix)
                if ref not in found and len(found) < MAX_REFS:
                    found.append(ref)
        return tuple(found)

    def _untyped_receiver(self, expr: ast.AST) -> bool:
        """An object whose type the analysis does not know: an attribute of `self` never assigned
        a known value (`self.sf` from `setup(self, sf)`), or a local/parameter name of unknown
        type (never `self`, a module, or a known class)."""
        if isinstance(expr, ast.Name):
            return not self._is_self(expr) and expr.id not in ("cls", "super") and self.ctx.qualify(expr) is None
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and self._is_self(expr.value)
            and expr.attr not in OUTPUT_ATTRS
        ):
            own = self.ctx.class_scope
            return own is not None and self.ctx.qualify(expr) == f"{own.qualname}.{expr.attr}"
        return False

    def _fetchish_call(self, call: ast.AST) -> str | None:
        """`self.sf.fetchUrl(link, timeout=30)` on an untyped object: a method named for fetching
        a URL, handed a URL (or a timeout). The call as shown in the message, or None."""
        if isinstance(call, ast.Await):
            call = call.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            return None
        method = call.func.attr
        receiver = call.func.value
        if method in HTTP_VERBS and not FETCH_CALLEE.match(method):
            last = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
            if not HTTP_RECEIVER.match(last) or NOT_CLIENT_NAME.search(last) or "test" in self.ctx.relpath.lower():
                return None
        elif not FETCH_CALLEE.match(method) or NOT_FETCH_CALLEE.search(method):
            return None
        if not self._untyped_receiver(receiver):
            return None
        if not any(_urlish(a) for a in call.args) and not any(
            kw.arg in ("url", "uri", "endpoint", "timeout") or (kw.arg is not None and _urlish(kw.value))
            for kw in call.keywords
        ):
            return None
        return f"{_dotted(call.func)}()"

    def _plain_parameter(self, name: str) -> bool:
        """`name` is a parameter of the enclosing function, untyped or annotated only as a
        mapping/`Any`/`bytes`/`str` (what a fetch wrapper answers), never rebound before."""
        scope = self.ctx.function_scope
        function = scope.node if scope is not None else None
        args = getattr(function, "args", None)
        if args is None:
            return False
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
            if arg.arg == name:
                note = arg.annotation
                if note is None:
                    return True
                text = _dotted(note.value if isinstance(note, ast.Subscript) else note).rpartition(".")[2]
                return text in ("dict", "Dict", "Mapping", "Any", "bytes", "str", "object")
        return False

    def _clientish_call(self, call: ast.Call) -> str | None:
        """`self.zeroshot_client.validate_product_policy(text)`, `api.create_issue(...)`: a method
        called on an object named as an API client whose type the analysis does not know (stored
        from an untyped constructor argument, a parameter). The call as shown, or None."""
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr.startswith("__"):
            return None
        method = func.attr
        if method in NOT_ACTIONS or method in RESPONSE_USE or method.startswith(RELEASE_PREFIXES):
            return None
        receiver = func.value
        last = receiver.id if isinstance(receiver, ast.Name) else receiver.attr if isinstance(receiver, ast.Attribute) else ""
        if not last or not CLIENT_NAME.search(last) or NOT_CLIENT_NAME.search(last):
            return None
        if "test" in self.ctx.relpath.lower():
            return None  # `self.client.get(url)`: Django's test client
        if not self._untyped_receiver(receiver):
            return None
        return f"{_dotted(func)}()"

    def _function_nodes(self) -> list[ast.AST]:
        """Every node of the enclosing function's body (not nested definitions), walked once per
        function."""
        scope = self.ctx.function_scope
        function = scope.node if scope is not None else None
        if function is None:
            return []
        nodes = self._function_nodes_memo.get(id(function))
        if nodes is None:
            nodes = self._function_nodes_memo[id(function)] = list(_body_nodes(list(getattr(function, "body", ()))))
        return nodes

    def _producer(self, name: str, before: int) -> ast.expr | None:
        """The call last assigned to the local `name` before line `before` in the enclosing
        function (`res = self.sf.fetchUrl(url)` … `try: json.loads(res["content"])`)."""
        best: ast.expr | None = None
        best_line = -1
        for sub in self._function_nodes():
            if (
                isinstance(sub, ast.Assign)
                and len(sub.targets) == 1
                and isinstance(sub.targets[0], ast.Name)
                and sub.targets[0].id == name
                and best_line < sub.lineno < before
            ):
                best, best_line = sub.value, sub.lineno
        return best

    def _is_self(self, expr: ast.AST) -> bool:
        func = self.ctx.function_scope
        return isinstance(expr, ast.Name) and func is not None and expr.id == func.self_name

    def _fetched_before(self, node: ast.Try, body: _TryBody) -> str | None:
        """An object the `try` calls a method on that made an outbound call earlier in the
        function (`report.query(number)` before `try: report.data()`): the call, shown."""
        receivers = {
            _dotted(c.node.func.value)  # type: ignore[attr-defined]
            for c in body.calls
            if c.on_attribute
            and isinstance(c.node.func.value, (ast.Name, ast.Attribute))  # type: ignore[attr-defined]
            and not self._is_self(c.node.func.value)  # type: ignore[attr-defined]
        } - {"", "self", "cls"}
        if not receivers:
            return None
        for sub in self._function_nodes():
            if (
                isinstance(sub, ast.Call)
                and sub.lineno < node.lineno
                and isinstance(sub.func, ast.Attribute)
                and _dotted(sub.func.value) in receivers
            ):
                name = self.ctx.resolve_call(sub)
                if (name and self.ctx.is_external_outbound(name)) or self._fetchish_call(sub):
                    return f"the answer `{_dotted(sub.func)}()` fetched (it does not parse)"
        return None

    # ================================================================= a failure reaching the handler
    def _guarded_failure(self, node: ast.Try, body: _TryBody, work: _Work, h: _Handler) -> _Guarded | None:
        """The integration failure the handler can catch, or None when none can reach it.

        Any exception, when the `try` calls out directly or catches an HTTP/SDK error. Otherwise
        the work is duck-typed (a response of unknown origin, a fetch on an untyped object) or in
        project calls, and the exception decides: broad or remote-sounding catches a wrapped
        failure; one defined next to the project client, a third-party SDK's own error around its
        client's call, a parse error around a project call's answer, a decoder's error around a
        callee that decodes the provider's answer. A specific, unrelated exception
        (`ValidationError`) lets the callee's failures propagate."""
        direct, refs, parsed, duck = work.direct, work.refs, work.parsed, work.duck
        caught = h.caught
        exc = caught.integration
        if direct is not None or exc is not None:
            return _Guarded()
        if body.params is None:
            body.params = self._param_refs(body)
        params = body.params
        if not refs and duck is None and not params:
            return None
        if duck is not None and (caught.may_wrap_remote or caught.parse_error):
            return _Guarded(response=duck)
        if caught.decode_error and (fetched := self._fetched_before(node, body)):
            # `report.query(number)` … `try: report.data() except ParsingException: return None`
            # — the answer the object fetched does not parse
            return _Guarded(response=fetched)
        if not refs and not params:
            return None
        if caught.may_wrap_remote:
            # and the call sites, outbound through what they pass (`_send(requests.post, url)`,
            # `fetch(session, url)`), and the methods called on untyped parameters, outbound
            # through what the callers pass (`api.get_labels()`)
            return _Guarded(refs=tuple(refs) + self._site_refs(body) + params)
        if caught.homes and (sibling := tuple(r for r in refs if r.startswith(caught.homes))):
            # `from crm.client import CrmClient, CrmError` … `except CrmError:` around a
            # `CrmClient` call: the exception defined next to the client is its failure
            return _Guarded(refs=sibling)
        if sdk := self._sdk_calls(caught, refs):
            # `from pytwitter import Api; from pytwitter.error import PyTwitterError` … `except
            # PyTwitterError:` around `api.create_tweet(...)`: a third-party SDK's own failure
            # around its client's call (the project pass confirms the package is no project module)
            return _Guarded(
                external=sdk,
                response=f"`{sdk[0]}` (a call of the `{sdk[0].split('.', 1)[0]}` package, whose own error it catches)",
            )
        if params and caught.homes and (sibling := self._param_refs(body, caught.homes)):
            # `except GitHubError:` around `github_api.get_labels()`, `github_api` a parameter:
            # the callers' client must be the one defined next to the exception
            return _Guarded(refs=sibling)
        if parsed and caught.parse_error:
            # `resp = self.request(url)` … `try: resp.json() except ValueError:` — a response
            # that is not what the provider promised, caught and dropped
            return _Guarded(refs=tuple(parsed), parse_failure=True)
        if caught.parse_error and (json_refs := tuple(r for r in refs if "json" in r.rpartition(".")[2].lower())):
            # `try: return self.get_json(url) except ValueError: return None`: the project call
            # decodes the provider's JSON itself, so the parse error is its failure
            return _Guarded(refs=json_refs, parse_failure=True)
        if refs and caught.decode_error and not body.decodes_itself and not body.hands_a_document:
            # `try: LoadFeedTask().execute() except ParseError: pass` — only a payload's decoder
            # raises that, and the `try` decodes nothing itself: when the callee calls out, what
            # fails to parse is the provider's answer
            return _Guarded(refs=tuple(refs), parse_failure=True)
        # The integration work is in a callee: a specific, unrelated exception (`ValidationError`,
        # `XLSFormError`) lets its failures propagate.
        return None

    @staticmethod
    def _sdk_calls(caught: _Caught, refs: list[str]) -> tuple[str, ...]:
        """The `try`'s calls into the third-party package that defines a caught exception
        (`pytwitter.Api.create_tweet` under `except pytwitter.error.PyTwitterError`): the SDK's
        own failure around its client's call — a method of the package's client class, not any of
        its helpers (`invenio_pidstore.resolver.Resolver`: a lookup in the local database)."""
        if not caught.sdk_roots:
            return ()
        return tuple(
            r for r in refs
            if r.split(".", 1)[0] in caught.sdk_roots
            and SDK_CLIENT_CLASS.search(r.rpartition(".")[0].rpartition(".")[2])
        )[:8]

    # ================================================================= surfaced
    # Re-raised, logged at warning or above, reported to Sentry, a failure status recorded, a
    # configured surfacing function called — by the handler or a helper it calls.
    def _surfacing(self, h: _Handler) -> _Verdict:
        """Does the handler surface the error, and if not, what does it do instead?"""
        foreign: list[str] = []
        foreign_direct: list[str] = []
        surfaced, low_log = self._surfaces(h.nodes, h.name, helper=False, depth=0, handed=(foreign, foreign_direct))
        if surfaced:
            return _Verdict(True)
        if self._probe_answer(h) or _exit_status(h.node, h.nodes):
            return _Verdict(True)
        if low_log:
            doing = low_log
        else:
            last = h.last
            if isinstance(last, ast.Pass) or (
                isinstance(last, ast.Expr) and isinstance(last.value, ast.Constant)
            ):
                doing = "does nothing (`pass`)"
            elif isinstance(last, ast.Continue):
                doing = "skips to the next item"
            elif isinstance(last, ast.Return):
                doing = "returns as if nothing happened"
            else:
                doing = "carries on"
        return _Verdict(False, doing, tuple(dict.fromkeys(foreign)), tuple(dict.fromkeys(foreign_direct)))

    def _surfaces(
        self,
        nodes: list[ast.AST],
        exc_name: str,
        helper: bool,
        depth: int,
        handed: tuple[list[str], list[str]] | None = None,
    ) -> tuple[bool, str]:
        """(does a body — its `nodes` — surface the error?, "only logs at info"-style note). With
        `helper`, the body is a project helper the handler calls: its locals die with it, so
        assigning one records nothing. `handed` collects the project functions of other modules
        the handler calls (handed the exception, or not)."""
        low_log = ""
        derived = _derived_names(nodes, exc_name) if exc_name else frozenset()
        # the inbound request's answer (an error response, a form error): surfacing only when the
        # handler writes no log below warning beside it
        answer_dicts: set[int] = set()  # mappings handed to an answer call (filled as the walk reaches it)
        answered = False
        for sub in nodes:
            if isinstance(sub, ast.Raise):
                return True, ""
            if isinstance(sub, ast.Assert) and not helper:
                return True, ""  # `except RemoteProtocolError as exc: assert exc.args == (...)`: a test's expectation
            if isinstance(sub, ast.Dict) and self._dict_records_failure(sub, exc_name, nodes):
                if id(sub) in answer_dicts:
                    answered = True  # `JsonResponse({"error": "sync failed"}, status=502)`
                    continue
                # `{"error": str(exc)}` stored with the record, `res.update({"status": "ERROR"})`,
                # `return {"error": "Unable to query search engine"}`
                return True, ""
            if isinstance(sub, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                if _assignment_records(sub, exc_name, helper):
                    return True, ""
                continue
            if not isinstance(sub, ast.Call):
                continue
            if self._web_answer(sub):
                # `HttpResponse(status=500, ...)`, `form.add_error(None, ...)`: an error answered;
                # `JsonResponse({"events": []})` answers nothing about a failure. The walk reaches
                # the call before the mappings handed to it.
                answered = answered or _failure_answer(sub)
                for arg in _arguments(sub):
                    answer_dicts.update(id(n) for n in ast.walk(arg) if isinstance(n, ast.Dict))
                continue
            call = self._handler_call(sub)
            if self._call_reports(call):
                return True, ""
            level = _log_level(call)
            if level == "warning":
                return True, ""
            if level:
                low_log = low_log or level
                continue
            if _call_ends_or_reraises(call, helper):
                return True, ""
            if self._call_records(call, exc_name, derived, helper):
                return True, ""
            if self._call_hands_to_a_surfacing_helper(call, exc_name, derived, helper, depth, handed):
                return True, ""
        if answered:
            if not low_log:
                return True, ""
            # `logger.info(f"Failed to update case: {e}"); form.add_error(None, ...)`: the failure
            # is logged below warning and only the user of the request is told
            return False, f"{low_log} and answers the inbound request with an error"
        return False, low_log

    def _handler_call(self, sub: ast.Call) -> _HandlerCall:
        func = sub.func
        resolved = self.ctx.resolve_call(sub) or ""
        if isinstance(func, ast.Call) and func.args and isinstance(func.args[0], (ast.Name, ast.Attribute)):
            # `sync_to_async(report_failure)(exc)`, `partial(notify_error, channel)(exc)`
            func = func.args[0]
            resolved = self.ctx.qualify(func) or ""
        return _HandlerCall(
            node=sub,
            func=func,
            resolved=resolved,
            text=_dotted(func),
            method=_callee_name(func),
            receiver=_dotted(func.value) if isinstance(func, ast.Attribute) else "",
        )

    def _call_reports(self, call: _HandlerCall) -> bool:
        """A configured surfacing function, Sentry, a log at warning or above."""
        configured = tuple(self.ctx.config.surfacing_functions)
        resolved, text, method, receiver = call.resolved, call.text, call.method, call.receiver
        if configured and resolved and any(
            resolved == c or resolved.startswith(c + ".") or c.endswith("." + resolved) or resolved.endswith("." + c)
            for c in configured
        ):
            return True
        if configured and text and any(c == text or c.endswith("." + text) for c in configured):
            return True
        if SENTRY_NAMES.search(text) or SENTRY_NAMES.search(resolved):
            return True
        if method in WARN_METHODS and (call.loggerish or method in ("exception", "critical")):
            return True
        # `self.error("...")`: the class's own logger (a plugin base class)
        return method in WARN_METHODS and receiver in ("self", "cls") and bool(call.node.args) and method != "failure"

    def _call_records(self, call: _HandlerCall, exc_name: str, derived: frozenset[str], helper: bool) -> bool:
        """A failure recorded: counted in a failure metric, a failure/surfacing call
        (`mark_failed()`, `report_error()`), the exception persisted (`save_failure(exc)`), a
        failure keyword (`.update(status=...)`), a failure constant handed on, an error collection
        filled, or a collection of failures raised together later."""
        sub, func, method, receiver = call.node, call.func, call.method, call.receiver
        arguments = _arguments(sub)
        if method in METRIC_METHODS and (
            FAILURE_COLLECTION.search(receiver)
            or any(
                isinstance(a, ast.Constant) and isinstance(a.value, str) and FAILURE_COLLECTION.search(a.value)
                for a in sub.args
            )
        ):
            return True  # `statsd.incr("crm.sync.failed")`, `SYNC_FAILURES.labels(name).inc()`
        if method and (FAILURE_CALL.search(method) or SURFACING_HELPER.search(method)):
            return True
        if method and exc_name and (
            PERSIST_CALL.search(method)
            or (method in RECORD_CREATE and (not helper or EXCEPTION_PARAM.fullmatch(exc_name)))
        ) and _mentions(arguments, derived):
            # `save_failure(exc)`; `Attempt.objects.create(result=message)` where `message` was
            # computed from the exception
            return True
        if any(kw.arg and (FAILURE_KEYWORD.search(kw.arg) or _disables(kw.arg, kw.value)) for kw in sub.keywords):
            return True  # `.update(status=...)`, `.update(is_active=False)`, `create(error=...)`
        if any(
            isinstance(a, ast.Attribute) and FAILURE_CONSTANT.search(a.attr)
            and not _dotted(a.value).endswith(("messages", "style"))  # `messages.ERROR`, `self.style.ERROR`: output to a user
            for a in arguments
        ) and not (method in LOW_METHODS or method == "log"):
            # `LogRecord.objects.create(type=LogRecord.TYPE_NOTIFICATION_FAILED)`,
            # `record_notification(alert, Record.ERROR_TOKEN_INVALID)`: a failure kind recorded
            return True
        if method in ("add", "append", "extend", "update", "setdefault", "__setitem__", "put", "put_nowait") and FAILURE_COLLECTION.search(receiver):
            return True
        # `failures.append((batch, exc))` … `if failures: raise BatchError(failures)`: collected,
        # then raised together after the loop
        return (
            not helper
            and method in ("add", "append", "extend", "update", "setdefault")
            and isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and bool(derived)
            and _mentions(arguments, derived)
            and self._raised_later(func.value.id)
        )

    def _call_hands_to_a_surfacing_helper(
        self,
        call: _HandlerCall,
        exc_name: str,
        derived: frozenset[str],
        helper: bool,
        depth: int,
        handed: tuple[list[str], list[str]] | None,
    ) -> bool:
        """A helper of this file whose body surfaces the error (`return _error_response(name,
        exc)` whose body logs at error), or an error helper of another module handed the
        exception (`error_response(request, exc)`). Other project functions of other modules are
        collected in `handed` for the project pass."""
        sub, resolved, method = call.node, call.resolved, call.method
        helper_def = self._local_def(resolved) if resolved else None
        if helper_def is None and resolved and not helper and depth == 0 and handed is not None:
            # handed the exception (or what was computed from it): the helper's report is the
            # report of this failure, even a few calls down; otherwise only the helper's own body
            # counts (`except HTTPError: count = fallback_lookup()` whose callee raises about
            # something else surfaces nothing of this failure)
            hands_exception = bool(derived) and _mentions(_arguments(sub), derived)
            (handed[0] if hands_exception else handed[1]).append(resolved)
        if helper_def is not None:
            return depth < MAX_HELPER_DEPTH and self._helper_surfaces(resolved, helper_def, depth + 1)
        # `return error_response(request, exc)` from another module: its body is out of sight;
        # handing it the exception is taken as handing it the report
        return bool(
            exc_name
            and method
            and ERROR_HELPER.search(method)
            and not PREDICATE.search(method)
            and not TEXT_HELPER.match(method)
            and any(isinstance(a, ast.Name) and a.id == exc_name for a in _arguments(sub))
        )

    def _raised_later(self, name: str) -> bool:
        """Does the enclosing function raise an exception built from the local `name`?"""
        scope = self.ctx.function_scope
        function = scope.node if scope is not None else None
        if function is None:
            return False
        return any(
            isinstance(node, ast.Raise)
            and node.exc is not None
            and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.exc))
            for node in ast.walk(function)
        )

    def _dict_records_failure(self, sub: ast.Dict, exc_name: str, nodes: list[ast.AST]) -> bool:
        """A mapping that records the failure: `{"error": str(exc)}`, `{"status": "ERROR"}`,
        `{"error": "Unable to query search engine"}` (not inside a low-level log call)."""
        if exc_name and any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and FAILURE_ATTR.search(k.value)
            for k in sub.keys
        ) and any(isinstance(n, ast.Name) and n.id == exc_name for v in sub.values for n in ast.walk(v)):
            return True
        if any(
            isinstance(k, ast.Constant) and isinstance(k.value, str)
            and ((STATUS_KEY.search(k.value) and _failure_value(v)) or _disables(k.value, v))
            for k, v in zip(sub.keys, sub.values)
        ):
            return True
        return any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and ERROR_KEY.match(k.value)
            and _describes_error(v)
            for k, v in zip(sub.keys, sub.values)
        ) and id(sub) not in _logged_nodes(nodes)

    def _web_answer(self, call: ast.Call) -> bool:
        """Does `call` answer the inbound web request (`HttpResponse(...)`, `Response(...,
        status=502)`, `redirect(...)`, `render(...)`, `form.add_error(...)`,
        `super().form_invalid(form)`)?"""
        func = call.func
        method = _callee_name(func)
        if not method:
            return False
        receiver = _dotted(func.value) if isinstance(func, ast.Attribute) else ""
        if method in FORM_ANSWER:
            # `form.add_error(None, ...)`, `self.add_error(...)` in a form, `super().form_invalid(form)`
            return receiver.rpartition(".")[2].lower().endswith("form") or receiver in ("self", "super()")
        if not WEB_ANSWER.search(method):
            return False
        if receiver in ("self", "super()") and method.startswith("render"):
            return True  # `self.render_to_response(context)` in a class-based view
        return (self.ctx.resolve_call(call) or "").split(".", 1)[0] in WEB_FRAMEWORK_ROOTS

    def _probe_answer(self, h: _Handler) -> bool:
        """A health or connection probe answering "down": `def health_check(...) -> bool: try:
        requests.head(…) except ConnectionError: log; return False`, also `return success,
        description` with `success = False` bound before, or a handler that only notes why
        (`description = f"lookup failed: {e}"`) for a later `return ok, description`. The failure is
        the probe's answer, handed to its caller as data, not swallowed."""
        scope = self.ctx.function_scope
        if scope is None or PROBE_FUNCTION.search(scope.name) is None:
            return False
        last = h.last
        value = last.value if isinstance(last, ast.Return) else None
        if isinstance(value, ast.Tuple) and value.elts:
            value = value.elts[0]  # `return False, str(exc)`: the answer and why
        if isinstance(value, ast.Constant) and value.value is False:
            return True
        if scope.node is None:
            return False
        if isinstance(value, ast.Name):
            # `success = False` … `return success, description`
            return any(
                isinstance(sub, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == value.id for t in sub.targets)
                and isinstance(sub.value, ast.Constant)
                and sub.value.value is False
                for sub in self._function_nodes()
            )
        if isinstance(last, (ast.Return, ast.Raise)):
            return False
        noted = {
            t.id for sub in h.nodes if isinstance(sub, ast.Assign) for t in sub.targets if isinstance(t, ast.Name)
        }
        return bool(noted) and any(
            isinstance(sub, ast.Return)
            and sub.lineno > h.node.lineno
            and sub.value is not None
            and any(isinstance(n, ast.Name) and n.id in noted for n in ast.walk(sub.value))
            for sub in self._function_nodes()
        )

    # ----------------------------------------------------------------- same-file helpers
    def _local_defs(self) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
        """Every function and method of this file by the qualname `resolve_call` gives it, built
        once per file and only when a handler calls something (not per node)."""
        defs = self._defs
        if defs is None:
            defs = self._defs = {}
            module = self.ctx.module
            stack: list[tuple[ast.AST, str, bool]] = [(self.ctx.tree, module, False)]
            while stack:
                node, prefix, in_function = stack.pop()
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        if in_function:
                            qual = f"{prefix}.<locals>.{child.name}"
                        else:
                            qual = f"{prefix}.{child.name}" if prefix else child.name
                        if not isinstance(child, ast.ClassDef):
                            defs.setdefault(qual, child)
                        else:
                            self._bases[qual] = [b for b in (_dotted(x) for x in child.bases) if b]
                        stack.append((child, qual, not isinstance(child, ast.ClassDef)))
                    elif isinstance(child, ast.stmt) and not isinstance(child, (ast.Expr, ast.Assign, ast.Return)):
                        stack.append((child, prefix, in_function))  # `if`/`try` blocks holding defs
        return defs

    def _local_def(self, resolved: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The definition in this file of a called function or method, following a method to a
        base class defined in the same file."""
        module = self.ctx.module
        if module and not resolved.startswith(module + "."):
            return None
        defs = self._local_defs()
        found = defs.get(resolved)
        if found is not None:
            return found
        owner, _, method = resolved.rpartition(".")
        seen = 0
        todo = [owner]
        while todo and seen < 8:
            cls = todo.pop()
            seen += 1
            for base in self._bases.get(cls, ()):
                base_qual = f"{module}.{base}" if module else base
                if f"{base_qual}.{method}" in defs:
                    return defs[f"{base_qual}.{method}"]
                todo.append(base_qual)
        return None

    def _helper_surfaces(self, qualname: str, node: ast.FunctionDef | ast.AsyncFunctionDef, depth: int) -> bool:
        """Does the same-file helper surface the error, by itself or storing what it is handed?
        Memoised per file by name and depth: how deep the helper sits decides how far below it is
        read, so the answer must not depend on which handler reached it first."""
        memo = self._helper_memo
        key = (qualname, depth)
        if key in memo:
            return memo[key]
        memo[key] = False  # a cycle surfaces nothing
        params = [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
        if node.args.kwarg is not None:
            # `def mark_empty(feed, **fields): … feed.save(update_fields=list(fields))`: what the
            # handler hands it by keyword (`exception=traceback.format_exc()`) is stored
            params.append(node.args.kwarg.arg)
        nodes = list(_body_nodes(node.body))
        surfaced, _ = self._surfaces(nodes, "", helper=True, depth=depth)
        if not surfaced:
            # a helper that receives the exception and stores it (`save_failure(exc)`)
            for param in params:
                if param not in ("self", "cls") and self._surfaces(nodes, param, helper=True, depth=depth)[0]:
                    surfaced = True
                    break
        memo[key] = surfaced
        return surfaced

    # ================================================================= not an integration failure
    def _no_integration_failure(self, h: _Handler, body: _TryBody, work: _Work) -> bool:
        """What the handler catches is no failed call out, though the `try` does integration work."""
        if h.caught.integration is not None and work.direct is None and self._oauth_server_side(h, body):
            # `try: self.validate_token_request(request) except OAuth2Error as e: return headers,
            # e.json, e.status_code` — an authorization server answering an inbound client's bad
            # request, not a failed call out
            return True
        if self._missing_element_default(h, body):
            # `try: parent = rsp["parents"][0] except IndexError: parent = ""` — an element the
            # answer may lack (an empty list, an optional key) replaced by its default
            return True
        # `try: url = settings.HOOKS[name]; try: requests.get(url) except RequestException: ...
        # except KeyError: pass` — the call out has its own handler; this one catches what the
        # rest of the `try` raises, which is no integration work
        return self._guarded_inside(body, h.caught)

    @staticmethod
    def _oauth_server_side(h: _Handler, body: _TryBody) -> bool:
        """An OAuth error caught on the authorization server's side: the `try` validates an inbound
        client's request (`self.validate_token_request(request)`, `server.validate_authorization_request(...)`,
        `oauth.get_consent_grant(...)`, `super().create_token_response(request)`), or the handler
        answers that client with the error's own protocol parts (`e.in_uri(e.redirect_uri)`,
        `e.json`, `e.twotuples`). A client's token failure (`fetch_token`, `verify_oauth2_token`)
        stays an integration's."""
        if not h.caught.oauth:
            return False
        if body.asks_an_oauth_server:
            return True
        if not h.name:
            return False
        return any(
            isinstance(sub, ast.Attribute)
            and sub.attr in OAUTH_ANSWER_PARTS
            and isinstance(sub.value, ast.Name)
            and sub.value.id == h.name
            for sub in h.nodes
        )

    @staticmethod
    def _missing_element_default(h: _Handler, body: _TryBody) -> bool:
        """The `try` only reads an answer obtained before it (no call out of its own), the handler
        catches only a missing element (`IndexError`, `KeyError`, `LookupError`) and puts a default
        in its place (`parent = ""`, `return None`, `pass`): an empty list or an absent optional key
        is an answer the provider may give, not its failure. A malformed answer (`ValueError`,
        `JSONDecodeError`) or a handler doing anything else stays reported."""
        if not h.caught.missing_element:
            return False
        for stmt in h.body:
            if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
                continue
            value = stmt.value if isinstance(stmt, (ast.Assign, ast.Return)) else False
            if value is None and isinstance(stmt, ast.Return):
                continue
            if value is False or value is None or not (
                _empty_value(value) or isinstance(value, ast.Constant)
            ):
                return False
            if isinstance(stmt, ast.Assign) and not all(isinstance(t, (ast.Name, ast.Attribute, ast.Subscript)) for t in stmt.targets):
                return False
        return body.only_reads

    def _covers_its_call(self, inner: ast.Try, broad_only: bool) -> bool:
        """Does the nested `try` handle the failure of its own calls without letting it out: a
        bare/broad handler (or, unless `broad_only`, one catching an HTTP/SDK error), and no
        handler that raises?"""
        covering = False
        for h in inner.handlers:
            if any(isinstance(n, ast.Raise) for n in _body_nodes(h.body)):
                return False
            caught = _caught_facts(self.ctx, h)
            if caught.broad or (not broad_only and caught.integration is not None):
                covering = True
        return covering

    def _guarded_inside(self, body: _TryBody, caught: _Caught) -> bool:
        """The `try`'s integration work all sits in nested `try` statements that handle its failure
        themselves (each judged on its own), and what the handler can still catch comes from the
        rest of the body, which does no integration work. A broad handler needs broad inner ones;
        an HTTP/SDK or remote-sounding one is never taken as shielded."""
        inner = body.inner_tries
        if not inner:
            return False
        if not caught.broad and (caught.integration is not None or caught.may_wrap_remote):
            return False
        hidden = {id(t) for t in inner if self._covers_its_call(t, broad_only=caught.broad)}
        if not hidden:
            return False
        rest = _TryBody(self.ctx, _without_tries(body.body, hidden))
        work = self._integration_work(rest)
        if work.direct is not None or work.refs or work.duck is not None:
            return False
        return not self._param_refs(rest)

    # ================================================================= intentional fallback
    def _intentional_fallback(self, node: ast.Try, h: _Handler, body: _TryBody, work: _Work) -> bool:
        """The handler does something else whose failure surfaces: tries the next candidate (and
        running out of them raises), keeps the raw answer that did not decode, or performs another
        integration action."""
        if self._next_candidate_then_raise(node, h, body):
            return True  # the next candidate is tried; running out of them raises after the loop
        if (work.parse_only or body.decoded_only or not h.caught.broad) and self._response_fallback(h, body):
            return True  # a decoding failure (or a broad catch around decoding only) kept as raw text
        untyped = h.caught.integration is not None
        receivers = body.receivers_memo.get(untyped)
        if receivers is None:
            receivers = body.receivers_memo[untyped] = self._receivers(body, untyped=untyped)
        return self._alternative_action(h, body, receivers)

    def _next_candidate_then_raise(self, node: ast.Try, h: _Handler, body: _TryBody) -> bool:
        """A fallback over candidates: the `try` leaves its `for` loop on success (`return` or
        `break`), the handler lets the loop try the next candidate, and running out of candidates
        raises or reports right after the loop (`for base in MIRRORS: try: return fetch(base)
        except RequestException: continue` then `raise NotOnMirror(name)`, or `for … else: raise`)."""
        parents = self.ctx.parents
        loop = self._enclosing_loop((ast.For, ast.AsyncFor))
        if loop is None:
            return False
        loop_at = next(i for i in range(len(parents) - 1, -1, -1) if parents[i] is loop)
        if h.leaves:
            return False
        if not (body.leaves or any(isinstance(sub, (ast.Return, ast.Break)) for sub in _body_nodes(node.orelse))):
            return False  # every candidate is used, the loop does not stop at the first success
        if any(_reports(stmt) for stmt in loop.orelse):  # type: ignore[attr-defined]
            return True  # `for … else: raise NotFound(...)`
        holder = parents[loop_at - 1]
        for field in ("body", "orelse", "finalbody"):
            block = getattr(holder, field, None)
            if isinstance(block, list) and any(s is loop for s in block):
                index = next(i for i, s in enumerate(block) if s is loop)
                following = block[index + 1] if index + 1 < len(block) else None
                return following is not None and _reports(following)
        return False

    @staticmethod
    def _response_fallback(h: _Handler, body: _TryBody) -> bool:
        """`try: data = resp.json() except ValueError: data = resp.text` — when decoding fails the
        handler keeps the raw response instead (to log or show it): a fallback, not a swallow. An
        `HTTPError` from `raise_for_status()` is not a decoding failure."""
        if not (h.caught.parse_error or h.caught.broad):
            return False
        parsed = body.decoded_names
        if not parsed:
            return False
        for sub in h.nodes:
            if (
                isinstance(sub, ast.Attribute)
                and sub.attr in ("text", "content")
                and isinstance(sub.value, ast.Name)
                and sub.value.id in parsed
            ):
                return True  # `click.echo(r.text)`, `detail = resp.content`
            value = sub.value if isinstance(sub, (ast.Assign, ast.AnnAssign, ast.Return)) else None
            if value is not None and any(
                isinstance(n, ast.Name) and n.id in parsed for n in ast.walk(value)
            ):
                return True
        return False

    def _alternative_action(self, h: _Handler, body: _TryBody, try_receivers: frozenset[str]) -> bool:
        """The handler performs another integration action whose failure propagates: an outbound
        call (`stripe.Customer.create(...)` after a failed `retrieve`, a second attempt), another
        method on the client the `try` used (`self.client.create_folder(...)`), or the sibling of
        the project function the `try` called (`create_customer(...)` after `get_customer(...)`).
        Not a swallow."""
        ctx = self.ctx
        for sub in h.nodes:
            if not isinstance(sub, ast.Call) or self._web_answer(sub):
                continue  # `form.add_error(None, ...)` on the form the `try` read: an answer, not an action
            again = sub.func.id if isinstance(sub.func, ast.Name) else ""
            if (
                again
                and again in self._enclosing_parameters()
                and (sub.args or sub.keywords)
                and again in body.tried
                and again not in BUILTIN_NAMES
                and not again.rpartition(".")[2][:1].isupper()  # `Outcome(Outcome.STATE_OK)`: a value, not a call out
                and "log" not in again.lower()
                and (ctx.resolve_call(sub) or "x").split(".", 1)[0] not in NOT_PROJECT_ROOTS
            ):
                # `self.login(); return method(self, *args)`: the same function called again (a
                # second attempt after re-authenticating), its failure propagates
                return True
            if isinstance(sub.func, ast.Attribute) and (
                sub.func.attr in NOT_ACTIONS or sub.func.attr.startswith(RELEASE_PREFIXES)
            ):
                continue
            if self._repeats_try_call(sub, body):
                return True
            name = ctx.resolve_call(sub)
            if name and ctx.is_external_outbound(name):
                return True
            if try_receivers and isinstance(sub.func, ast.Attribute):
                receiver = _dotted(sub.func.value)
                if receiver in try_receivers:
                    return True
            if name and name.split(".", 1)[0] not in NOT_PROJECT_ROOTS:
                verb, noun = _verb_noun(name.rpartition(".")[2])
                if noun and verb in ACTION_VERBS and verb not in LOOKUP_VERBS:
                    nouns = body.nouns
                    if (verb, noun) not in nouns and any(n == noun for _, n in nouns):
                        return True
        return False

    def _repeats_try_call(self, call: ast.Call, body: _TryBody) -> bool:
        """The handler calls again a project (or outbound) callable the `try` called: a second
        attempt after re-authenticating (`sf.refresh_session(); results = download()`) or the
        same fetch with another argument (`_get_schema(MANAGED)` failed → `_get_schema(CLASSIC)`).
        Its failure propagates. Not output (`self.stdout.write`), logging or builtins."""
        text = _dotted(call.func)
        if not text or "log" in text.lower() or text in BUILTIN_NAMES or text.rpartition(".")[2][:1].isupper():
            return False  # `Outcome(Outcome.STATE_OK)`: a value built again, not a call out
        if isinstance(call.func, ast.Attribute) and (
            call.func.attr in RESPONSE_USE or _dotted(call.func.value).rpartition(".")[2] in OUTPUT_ATTRS
        ):
            return False
        if text not in body.tried_any:
            return False
        name = self.ctx.resolve_call(call)
        if name is not None and self.ctx.is_external_outbound(name):
            return True
        last = text.rpartition(".")[2]
        if not (_verb_noun(last)[0] in ACTION_VERBS or HTTPISH_CALLEE.search(last)):
            return False  # `set_config(key, None)`, `self._fire(event)`: not the remote action again
        if name is None:
            return isinstance(call.func, ast.Name)  # a closure of the enclosing function
        return name.split(".", 1)[0] not in NOT_PROJECT_ROOTS

    def _enclosing_parameters(self) -> frozenset[str]:
        """Parameters of the functions enclosing the node being visited (a decorator's wrapped
        `method`, a callback `fn` handed in)."""
        names: set[str] = set()
        for parent in self.ctx.parents:
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                args = parent.args
                names.update(a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs))
        return frozenset(names)

    def _receivers(self, body: _TryBody, untyped: bool) -> frozenset[str]:
        """The clients the `try`'s integration calls go through: the receiver of an outbound call
        (`stripe.Customer`), of a project client method (`self.client` typed `DriveClient`), and —
        when the caught exception shows SDK work (`untyped`) — of calls on untyped objects (`api`).
        Never `self`/`cls`, an attribute of `self` whose type is unknown (`self.stdout`), a logger,
        or a known non-integration module (`cache`, `json`)."""
        ctx = self.ctx
        own = self.ctx.class_scope
        own_prefix = own.qualname + "." if own is not None else None
        out: set[str] = set()
        for c in body.calls:
            if not c.on_attribute:
                continue
            if c.method in NOT_ACTIONS or c.method in RESPONSE_USE:
                continue  # `resp.json()`: parsing, not acting through a client
            value = c.node.func.value  # type: ignore[attr-defined]
            receiver = _dotted(value)
            if (
                not receiver
                or "(" in receiver
                or receiver in ("self", "cls")
                or "log" in receiver.lower()
                or receiver.endswith("objects")  # a Django manager: the database, not the client
            ):
                continue
            owner = ctx.qualify(value)
            if owner is None:
                if untyped:
                    out.add(receiver)
                continue
            if owner.split(".", 1)[0] in NOT_PROJECT_ROOTS:
                continue
            if own_prefix and owner.startswith(own_prefix):
                # an attribute of `self` of unknown type: a client only when the caught exception
                # says the `try` does SDK work (`self.api.get_customer` / `StripeError`), never an
                # output stream (`self.stdout.write`)
                if untyped and receiver.rpartition(".")[2] not in OUTPUT_ATTRS:
                    out.add(receiver)
                continue
            if c.resolved and (c.outbound or c.project):
                out.add(receiver)
        return frozenset(out)

    # ----------------------------------------------------------------- `except SLACK_ERRORS:`
    def _catch_tuples(self) -> dict[str, list[ast.expr]]:
        """Module-level tuples of exception classes (`SLACK_ERRORS = (SlackApiError, Timeout)`),
        by name, built once per file: `except SLACK_ERRORS:` catches their elements."""
        found = self._tuples
        if found is None:
            found = self._tuples = {}
            for stmt in getattr(self.ctx.tree, "body", ()):
                if (
                    isinstance(stmt, ast.Assign)
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                    and stmt.targets[0].id.isupper()
                    and isinstance(stmt.value, (ast.Tuple, ast.List))
                    and stmt.value.elts
                    and all(isinstance(e, (ast.Name, ast.Attribute)) for e in stmt.value.elts)
                ):
                    found[stmt.targets[0].id] = list(stmt.value.elts)
        return found

    def _expanded(self, handler: ast.ExceptHandler) -> ast.ExceptHandler:
        """`except SLACK_ERRORS:` read as `except (SlackApiError, Timeout):` (a copy; the tree is
        shared with the other rules)."""
        if isinstance(handler.type, ast.Name) and handler.type.id.isupper():
            elts = self._catch_tuples().get(handler.type.id)
            if elts:
                copy = ast.ExceptHandler(
                    type=ast.copy_location(ast.Tuple(elts=elts, ctx=ast.Load()), handler.type),
                    name=handler.name,
                    body=handler.body,
                )
                return ast.copy_location(copy, handler)
        return handler
