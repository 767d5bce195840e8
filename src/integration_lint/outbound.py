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
# OAuth sessions also talk to the token endpoint.
OAUTH_SESSION_METHODS = frozenset(
    {"fetch_token", "refresh_token", "fetch_request_token", "fetch_access_token"}
)

CLIENT_CLASS_METHODS: dict[str, frozenset[str]] = {
    **{cls: REQUESTS_SESSION_METHODS for cls in REQUESTS_SESSION_CLASSES},
    **{
        cls: REQUESTS_SESSION_METHODS | OAUTH_SESSION_METHODS
        for cls in REQUESTS_SESSION_CLASSES
        if cls.startswith("requests_oauthlib.")
    },
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
    "requests_hardened.Manager": frozenset({"send_request"}),
    **{
        cls: frozenset({"get_access_token", "refresh_token", "revoke_token", "get_id_email", "get_profile"})
        for cls in (
            "httpx_oauth.oauth2.BaseOAuth2",
            "httpx_oauth.oauth2.OAuth2",
            "httpx_oauth.clients.google.GoogleOAuth2",
            "httpx_oauth.clients.microsoft.MicrosoftGraphOAuth2",
            "httpx_oauth.clients.github.GitHubOAuth2",
        )
    },
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
    # Atlassian, GitHub, GitLab and other SaaS SDKs: every public method is a request.
    "jira.JIRA": frozenset({"close", "kill_session", "client_info", "find", "async_do"}),
    "github.Github": frozenset({"close", "get_rate_limit_reset"}),
    "github.GithubIntegration": frozenset({"close"}),
    "gitlab.Gitlab": frozenset({"close", "session"}),
    "dropbox.Dropbox": frozenset({"close"}),
    "mailchimp3.MailChimp": frozenset(),
    "xmlrpc.client.ServerProxy": frozenset({"__call__"}),
    "zeep.Client.service": frozenset(),
    "suds.client.Client.service": frozenset(),
    "googleapiclient.discovery.build": frozenset({"new_batch_http_request"}),
    "openai.OpenAI": frozenset({"with_options", "copy", "close"}),
    "zenpy.Zenpy": frozenset({"disable_caching", "set_cache_max", "set_cache_implementation",
                               "get_cache_max", "get_cache_impl_name", "add_cache", "delete_cache"}),
    "temba_client.v2.TembaClient": frozenset(),
    "temba_client.v1.TembaClient": frozenset(),
    "asana.Client": frozenset(),
    "authlib.integrations.flask_client.OAuth": frozenset({"register", "init_app", "create_client"}),
    "authlib.integrations.django_client.OAuth": frozenset({"register", "create_client"}),
    "authlib.integrations.requests_client.OAuth2Session": frozenset({"create_authorization_url"}),
    "authlib.integrations.httpx_client.OAuth2Client": frozenset({"create_authorization_url"}),
    "hvac.Client": frozenset(),
    "vonage.Client": frozenset(),
    "anthropic.Anthropic": frozenset({"with_options", "copy", "close"}),
}
# SDK constructors that contact the server when called (`JIRA(server)` fetches server info).
OUTBOUND_CONSTRUCTORS = frozenset({"jira.JIRA"})

MODULE_FUNCTIONS = frozenset(
    REQUESTS_FUNCTIONS
    | {f"httpx.{v}" for v in HTTP_VERBS | {"stream"}}
    | {
        "urllib.request.urlopen",
        "urllib3.request",
        "aiohttp.request",
        *OUTBOUND_CONSTRUCTORS,
    }
)

# SDK modules whose `<module>.<Resource>.<verb>(...)` calls hit the network.
SDK_RESOURCE_VERBS: dict[str, frozenset[str]] = {
    "paypalrestsdk": frozenset(
        {"find", "all", "create", "execute", "delete", "update", "refund", "capture", "void",
         "authorize", "replace", "search", "reauthorize"}
    ),
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
    # advocate is a drop-in requests wrapper (SSRF guard) with the same API and no default timeout
    "advocate.api": "requests",
    "advocate.Session": "requests.Session",
    "advocate.get": "requests.get",
    "advocate.post": "requests.post",
    "advocate.put": "requests.put",
    "advocate.patch": "requests.patch",
    "advocate.delete": "requests.delete",
    "advocate.head": "requests.head",
    "advocate.options": "requests.options",
    "advocate.request": "requests.request",
    "jira.client.JIRA": "jira.JIRA",
    "github.MainClass.Github": "github.Github",
    "gitlab.client.Gitlab": "gitlab.Gitlab",
    "xmlrpclib.ServerProxy": "xmlrpc.client.ServerProxy",
    "googleapiclient.discovery.build_from_document": "googleapiclient.discovery.build",
    "apiclient.discovery.build": "googleapiclient.discovery.build",
    "urllib.request.Request": "urllib.request.Request",
    "urllib3.poolmanager.ProxyManager": "urllib3.ProxyManager",
    "pycurl.Curl": "pycurl.Curl",
}
_ALIAS_PREFIXES = sorted(CANONICAL_ALIASES, key=len, reverse=True)
# Aliases indexed by their first dotted component (longest first): a name is compared only with
# the aliases that can match it (the linear scan was ~0.9 s of a cold run's CPU).
_ALIASES_BY_HEAD: dict[str, tuple[str, ...]] = {}
for _alias in _ALIAS_PREFIXES:
    _head = _alias.split(".", 1)[0]
    _ALIASES_BY_HEAD[_head] = _ALIASES_BY_HEAD.get(_head, ()) + (_alias,)


def canonical_external(name: str) -> str:
    """Map re-exported/legacy spellings to one canonical name (`requests.api.get` → `requests.get`)."""
    if name.startswith("requests.api."):
        return "requests." + name[len("requests.api."):]
    for alias in _ALIASES_BY_HEAD.get(name.split(".", 1)[0], ()):
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
