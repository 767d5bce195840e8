"""The outbound-call model: which canonical names perform network I/O."""

from __future__ import annotations

import pytest

from integration_lint.outbound import canonical_external, external_outbound, is_requests_call


@pytest.mark.parametrize(
    "name",
    [
        "requests.get",
        "requests.api.post",  # re-exported spelling
        "requests.sessions.Session.put",
        "requests_oauthlib.OAuth2Session.fetch_token",  # token endpoint
        "advocate.get",  # requests drop-in (SSRF guard)
        "httpx.AsyncClient.stream",
        "urllib.request.urlopen",
        "six.moves.urllib.request.urlopen",
        "urllib3.PoolManager.request",
        "aiohttp.ClientSession.post",
        "pycurl.Curl.perform",
        "http.client.HTTPSConnection.request",
        "xmlrpc.client.ServerProxy.system.listMethods",
        "stripe.Customer.retrieve",
        "boto3.client.put_object",
        "slack_sdk.WebClient.chat_postMessage",
        "jira.JIRA",  # the constructor fetches server info
        "jira.client.JIRA.search_issues",
        "zenpy.Zenpy.tickets.create",
        "temba_client.v2.TembaClient.get_contacts",
        "httpx_oauth.clients.google.GoogleOAuth2.get_access_token",
        "requests_hardened.Manager.send_request",
    ],
)
def test_known_clients_and_sdks_are_outbound(name):
    assert external_outbound(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "requests.Session",  # building a session sends nothing
        "requests.Session.mount",
        "requests.Request",
        "boto3.client.get_paginator",  # local helper of an SDK client
        "boto3.client.generate_presigned_url",
        "zenpy.Zenpy.disable_caching",
        "authlib.integrations.flask_client.OAuth.register",
        "stripe.Customer",
        "os.environ.get",
        "django.core.cache.cache.get",
        "json.loads",
    ],
)
def test_local_operations_are_not_outbound(name):
    assert not external_outbound(canonical_external(name)), name


def test_configured_http_clients_extend_the_model():
    assert not external_outbound("apps.core.http.get_json")
    assert external_outbound("apps.core.http.get_json", ("apps.core.http",))
    assert external_outbound("apps.core.http", ("apps.core.http",))
    assert not external_outbound("apps.core.httpx_helpers.x", ("apps.core.http",))


def test_requests_calls_for_il402():
    assert is_requests_call("requests.request")
    assert is_requests_call(canonical_external("advocate.post"))
    assert is_requests_call("requests_oauthlib.OAuth2Session.get")
    assert not is_requests_call("httpx.get")  # httpx has a default timeout
    assert not is_requests_call("requests.Session.mount")
