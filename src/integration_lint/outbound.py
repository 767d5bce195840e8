"""What counts as an outbound call: HTTP clients and SDK clients, by qualified name.

Names are the canonical dotted names produced by `analysis.FileContext.qualify` after
`canonical_external()`; e.g. `requests.get`, `requests.Session.post`, `boto3.client.put_object`.
"""

from __future__ import annotations

HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})

REQUESTS_FUNCTIONS = frozenset(f"requests.{v}" for v in HTTP_VERBS)

# Classes whose instances send HTTP requests through the listed methods.
REQUESTS_SESSION_CLASSES = frozenset(
    {
        "requests.Session",
        "requests_oauthlib.OAuth2Session",
        "requests_oauthlib.OAuth1Session",
        "requests_oauthlib.oauth2_session.OAuth2Session",
        "requests_oauthlib.oauth1_session.OAuth1Session",
        "requests_toolbelt.sessions.BaseUrlSession",
        "requests_futures.sessions.FuturesSession",
        "requests_cache.CachedSession",
    }
)
REQUESTS_SESSION_METHODS = HTTP_VERBS | {"send"}

CLIENT_CLASS_METHODS: dict[str, frozenset[str]] = {
    **{cls: REQUESTS_SESSION_METHODS for cls in REQUESTS_SESSION_CLASSES},
    "httpx.Client": HTTP_VERBS | {"send", "stream"},
    "httpx.AsyncClient": HTTP_VERBS | {"send", "stream"},
    "aiohttp.ClientSession": HTTP_VERBS | {"ws_connect"},
    "urllib3.PoolManager": frozenset({"request", "urlopen", "request_encode_url", "request_encode_body"}),
    "urllib3.ProxyManager": frozenset({"request", "urlopen"}),
    "urllib3.HTTPConnectionPool": frozenset({"request", "urlopen"}),
    "urllib3.HTTPSConnectionPool": frozenset({"request", "urlopen"}),
    "urllib3.connectionpool.HTTPConnectionPool": frozenset({"request", "urlopen"}),
    "http.client.HTTPConnection": frozenset({"request", "getresponse", "endheaders"}),
    "http.client.HTTPSConnection": frozenset({"request", "getresponse", "endheaders"}),
    "pycurl.Curl": frozenset({"perform", "perform_rb", "perform_rs"}),
    "urllib.request.OpenerDirector": frozenset({"open"}),
    "urllib.request.build_opener": frozenset({"open"}),
    "httplib2.Http": frozenset({"request"}),
    "slack_sdk.WebClient": frozenset(),  # every method is an API call (see ANY_METHOD_CLIENTS)
}

# Factories/classes whose every public method (except the listed local helpers) is an API call.
ANY_METHOD_CLIENTS: dict[str, frozenset[str]] = {
    "boto3.client": frozenset(
        {"get_paginator", "get_waiter", "can_paginate", "generate_presigned_url",
         "generate_presigned_post", "close", "meta", "exceptions"}
    ),
    "boto3.session.Session.client": frozenset({"get_paginator", "get_waiter", "can_paginate",
                                               "generate_presigned_url", "generate_presigned_post"}),
    "boto3.Session.client": frozenset({"get_paginator", "get_waiter", "can_paginate",
                                       "generate_presigned_url", "generate_presigned_post"}),
    "slack_sdk.WebClient": frozenset(),
    "slack.WebClient": frozenset(),
    "twilio.rest.Client": frozenset(),
    "sendgrid.SendGridAPIClient": frozenset(),
    "hubspot.HubSpot": frozenset(),
}

MODULE_FUNCTIONS = frozenset(
    REQUESTS_FUNCTIONS
    | {f"httpx.{v}" for v in HTTP_VERBS | {"stream"}}
    | {
        "urllib.request.urlopen",
        "urllib3.request",
        "aiohttp.request",
    }
)

# SDK modules whose `<module>.<Resource>.<verb>(...)` calls hit the network.
SDK_RESOURCE_VERBS: dict[str, frozenset[str]] = {
    "stripe": frozenset(
        {"create", "retrieve", "list", "modify", "delete", "update", "search", "cancel",
         "capture", "confirm", "pay", "void", "finalize_invoice", "send_invoice", "refund",
         "create_source", "list_sources", "upcoming", "auto_paging_iter"}
    ),
}

CANONICAL_ALIASES = {
    "requests.sessions.Session": "requests.Session",
    "requests.session": "requests.Session",
    "requests.sessions.session": "requests.Session",
    "httpx._client.Client": "httpx.Client",
    "httpx._client.AsyncClient": "httpx.AsyncClient",
    "aiohttp.client.ClientSession": "aiohttp.ClientSession",
    "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
    "http.client.HTTPSConnection": "http.client.HTTPSConnection",
    "httplib.HTTPConnection": "http.client.HTTPConnection",
    "httplib.HTTPSConnection": "http.client.HTTPSConnection",
    "urllib2.urlopen": "urllib.request.urlopen",
    "six.moves.urllib.request.urlopen": "urllib.request.urlopen",
    "boto3.session.Session": "boto3.Session",
    "slack.web.client.WebClient": "slack_sdk.WebClient",
    "slack_sdk.web.WebClient": "slack_sdk.WebClient",
    "slack_sdk.web.client.WebClient": "slack_sdk.WebClient",
}
_ALIAS_PREFIXES = sorted(CANONICAL_ALIASES, key=len, reverse=True)


def canonical_external(name: str) -> str:
    """Map re-exported/legacy spellings to one canonical name (`requests.api.get` → `requests.get`)."""
    if name.startswith("requests.api."):
        return "requests." + name[len("requests.api."):]
    for alias in _ALIAS_PREFIXES:
        if name == alias or name.startswith(alias + "."):
            return CANONICAL_ALIASES[alias] + name[len(alias):]
    return name


def split_method(name: str) -> tuple[str, str]:
    owner, _, method = name.rpartition(".")
    return owner, method


def is_requests_call(name: str) -> bool:
    """`requests.get(...)` or a requests-session method (incl. OAuth2Session)."""
    if name in REQUESTS_FUNCTIONS:
        return True
    owner, method = split_method(name)
    return owner in REQUESTS_SESSION_CLASSES and method in REQUESTS_SESSION_METHODS


def external_outbound(name: str, extra_clients: tuple[str, ...] = ()) -> bool:
    """True when calling `name` performs network I/O through a known client or SDK."""
    if name in MODULE_FUNCTIONS:
        return True
    owner, method = split_method(name)
    methods = CLIENT_CLASS_METHODS.get(owner)
    if methods and method in methods:
        return True
    for factory, local_methods in ANY_METHOD_CLIENTS.items():
        if name.startswith(factory + ".") and not method.startswith("_"):
            first = name[len(factory) + 1:].split(".", 1)[0]
            if first not in local_methods:
                return True
    head = name.split(".", 1)[0]
    verbs = SDK_RESOURCE_VERBS.get(head)
    if verbs is not None and name.count(".") == 2 and method in verbs:
        return True
    for client in extra_clients:
        if name == client or name.startswith(client + "."):
            return True
    return False


def client_class_of(name: str) -> str | None:
    """The client class a reference is an instance of, if it is a known client class."""
    if name in CLIENT_CLASS_METHODS or name in ANY_METHOD_CLIENTS:
        return name
    return None
