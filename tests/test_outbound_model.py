"""The outbound-call model: which canonical names perform network I/O."""

from __future__ import annotations

import pytest

from integration_lint.outbound import api_client_call, canonical_external, external_outbound, is_requests_call


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
        "easypost.Shipment.create",  # easypost < 7: class-level resources
        "easypost.EasyPostClient.shipment.create",  # easypost >= 7: a client's resource services
        "easypost.EasyPostClient.shipment.buy",
        "boto3.client.put_object",
        "slack_sdk.WebClient.chat_postMessage",
        "telegram.Bot.edit_message_text",  # python-telegram-bot's Bot API
        "telegram.bot.Bot.send_message",
        "jira.JIRA",  # the constructor fetches server info
        "jira.client.JIRA.search_issues",
        "zenpy.Zenpy.tickets.create",
        "temba_client.v2.TembaClient.get_contacts",
        "httpx_oauth.clients.google.GoogleOAuth2.get_access_token",
        "requests_hardened.Manager.send_request",
        "edx_rest_api_client.client.OAuthAPIClient.post",  # a requests.Session subclass
        "edx_rest_api_client.client.get_oauth_access_token",
        "edx_rest_api_client.client.EdxRestApiClient.courses.get",  # slumber resource chain
        "slumber.API.users.post",
        "mozilla_django_oidc.auth.OIDCAuthenticationBackend.get_token",
        "ollama.Client.chat",
        "owncloud.Client.put_file",
        "pyfcm.FCMNotification.notify_single_device",
        "github3.GitHub.repository",
        "boxsdk.Client.folder.get_items",
        "google.cloud.pubsub_v1.PublisherClient.publish",
        "google.cloud.storage.client.Client.bucket.blob.upload_from_filename",
        "google.analytics.data_v1beta.BetaAnalyticsDataClient.run_report",
        "msal.ConfidentialClientApplication.acquire_token_for_client",
        "requests_hardened.HTTPSession.post",
        "braintree.Transaction.sale",
        "braintree.BraintreeGateway.transaction.sale",
        "shopify.Product.find",
        "geopy.geocoders.Nominatim.geocode",
        "facebook_business.adobjects.adaccount.AdAccount.get_campaigns",
        "firebase_admin.messaging.send",
        "telegram.Bot.send_message",
        "algoliasearch.search_client.SearchClient.create.init_index.save_objects",
        "pusher.Pusher.trigger",
        "apns2.client.APNsClient.send_notification",
        "juriscraper.pacer.PossibleCaseNumberApi.query",  # fetches from PACER
        "juriscraper.pacer.docket_report.DocketReport.download_pdf",
        "juriscraper.pacer.http.PacerSession.login",
        "mitol.hubspot_api.api.HubspotApi.crm.deals.basic_api.update",  # a hubspot.HubSpot
        "mitol.hubspot_api.api.find_contact",  # builds a HubspotApi and calls HubSpot
        "hubspot.Client.crm.contacts.basic_api.create",
        "llama_index.llms.ollama.Ollama.chat",  # the prompt goes to the Ollama server
        "llama_index.llms.openai_like.OpenAILike.complete",
        "langchain_openai.ChatOpenAI.invoke",
        "langchain_openai.embeddings.OpenAIEmbeddings.embed_query",
        # a boto3 resource's low-level client, however the resource was reached
        "django.core.files.storage.default_storage.connection.meta.client.head_object",
        "apps.storage.s3.get_resource.meta.client.copy_object",
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
        "edx_rest_api_client.client.EdxRestApiClient.courses",  # names a resource, sends nothing
        "slumber.API.users",
        "boxsdk.Client.folder",
        "google.cloud.storage.Client.bucket",  # a handle, no request
        "google.cloud.storage.Client.bucket.blob",
        "google.cloud.pubsub_v1.PublisherClient.topic_path",  # path builder
        "google.cloud.exceptions.GoogleCloudError",
        "mozilla_django_oidc.auth.OIDCAuthenticationBackend.get_username",
        "github3.GitHub.login",  # sets credentials only
        "mailchimp_marketing.Client.set_config",
        "braintree.BraintreeGateway.config",
        "facebook_business.adobjects.adaccount.AdAccount.get_id",
        "firebase_admin.messaging.Message",
        "pusher.Pusher.authenticate",  # signs a channel subscription locally
        "geopy.geocoders.Nominatim",
        "algoliasearch.search_client.SearchClient.create",
        "juriscraper.pacer.DocketReport.parse_text",  # parses what was fetched
        "juriscraper.pacer.PossibleCaseNumberApi.data",
        "juriscraper.pacer.utils.get_court_id_from_url",  # a module function
        "mitol.hubspot_api.api.format_app_id",  # string formatting
        "mitol.hubspot_api.api.make_object_properties_message",
        "hubspot.HubSpot.create",  # builds a client
        "mitol.hubspot_api.api.HubspotApi",  # building a client sends nothing
        "llama_index.llms.huggingface.HuggingFaceLLM.chat",  # a local model, in-process
        "llama_index.llms.ollama.Ollama.metadata",
        "llama_index.core.llms.ChatMessage",
        "langchain_openai.ChatOpenAI.bind_tools",  # builds a runnable, sends nothing
        "telegram.Bot",  # constructing the bot sends nothing
        "telegram.Bot.defaults",
        # a resource client's local helpers, and members of what a call answered
        "django.core.files.storage.default_storage.connection.meta.client.generate_presigned_url",
        "apps.storage.s3.get_resource.meta.client.exceptions.NoSuchKey",
        "apps.storage.s3.get_resource.meta.client.head_object.get",
        "apps.models.Document.meta.client_name",
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


def test_oauth_api_client_is_outbound_but_not_a_timeout_less_requests_session():
    """It sets a default timeout, so IL402's requests-session semantics do not apply to it."""
    name = "edx_rest_api_client.client.OAuthAPIClient.get"
    assert external_outbound(name)
    assert not is_requests_call(name)


def test_sdk_call_prefixes_live_in_the_outbound_model():
    """IL201/IL203's own-code SDK evidence: methods and functions count, constructors do not."""
    from integration_lint.outbound import SDK_CALL_PREFIXES, is_sdk_call
    from integration_lint.rules import celery_tasks, retry

    assert retry.SDK_CALL_PREFIXES is SDK_CALL_PREFIXES
    assert celery_tasks.is_sdk_call is is_sdk_call
    assert is_sdk_call("posthog.Posthog.capture") and is_sdk_call("rudder_analytics.track")
    assert not is_sdk_call("twython.Twython") and not is_sdk_call("posthog.Posthog._enqueue")
    assert not is_sdk_call("requests.get")


@pytest.mark.parametrize(
    "name",
    [
        "telebot.TeleBot.send_message",  # pyTelegramBotAPI
        "telebot.async_telebot.AsyncTeleBot.send_photo",
        "anthropic.AnthropicBedrock.messages.create",
        "anthropic.lib.vertex.AnthropicVertex.messages.create",
        "anthropic.AnthropicAWS.messages.stream",
        "openai.AzureOpenAI.chat.completions.create",
        "openai.AsyncOpenAI.responses.create",
    ],
)
def test_bot_and_llm_client_variants_are_outbound(name):
    assert external_outbound(canonical_external(name))


@pytest.mark.parametrize(
    "name",
    [
        "telebot.TeleBot.message_handler",  # registers a handler
        "telebot.TeleBot.register_next_step_handler",
        "anthropic.AnthropicBedrock.with_options",  # a configured copy
    ],
)
def test_handler_registration_and_client_copies_are_local(name):
    assert not external_outbound(canonical_external(name))


def test_minio_counts_only_where_a_rule_judges_the_call_itself():
    from integration_lint.outbound import is_sdk_call

    # a retry loop's attempted call or a task's own body, not a transitive chain
    assert is_sdk_call("minio.Minio.put_object")
    assert not external_outbound("minio.Minio.put_object")


@pytest.mark.parametrize(
    "name",
    [
        # the Web API client a Slack Socket Mode / RTM client or a Bolt app carries
        "slack_sdk.socket_mode.SocketModeClient.web_client.users_info",
        "slack_sdk.socket_mode.aiohttp.SocketModeClient.web_client.chat_postMessage",
        "slack_sdk.rtm_v2.RTMClient.web_client.conversations_info",
        "slack_bolt.App.client.chat_postMessage",
        "slack_sdk.web.async_client.AsyncWebClient.chat_postMessage",
    ],
)
def test_slack_web_clients_reached_through_socket_mode_and_bolt_are_outbound(name):
    assert external_outbound(canonical_external(name)), name


def test_a_socket_mode_clients_own_connection_methods_are_not_web_api_calls():
    assert not external_outbound(canonical_external("slack_sdk.socket_mode.SocketModeClient.connect"))


@pytest.mark.parametrize(
    "name",
    [
        "openai.ChatCompletion.create",  # openai < 1.0 resource API
        "openai.Model.list",
        "twilio.rest.TwilioRestClient.sms.messages.create",  # twilio < 6
        "requests_ratelimiter.LimiterSession.get",
        "requests_ratelimiter.requests_ratelimiter.LimiterSession.post",
    ],
)
def test_legacy_sdk_resources_and_rate_limited_sessions_are_outbound(name):
    assert external_outbound(canonical_external(name)), name


def test_a_rate_limited_session_is_a_requests_session_for_il402():
    assert is_requests_call(canonical_external("requests_ratelimiter.LimiterSession.get"))
    assert not external_outbound(canonical_external("twilio.rest.TwilioRestClient"))
    assert not external_outbound("openai.OpenAI")


@pytest.mark.parametrize(
    "name",
    [
        "stripe.checkout.Session.create",  # a resource in one of the SDK's namespaces
        "stripe.billing_portal.Session.create",
        "stripe.identity.VerificationSession.retrieve",
        "stripe.StripeClient.checkout.sessions.create",  # stripe >= 8 client object
        "zapv2.ZAPv2.spider.scan",  # OWASP ZAP API client
        "zapv2.ZAPv2.core.alerts",
    ],
)
def test_namespaced_sdk_resources_and_listed_api_clients_are_outbound(name):
    assert external_outbound(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "stripe.util.convert_to_stripe_object",
        "stripe.error.CardError",
        "stripe.checkout.Session.CreateParams",  # a type, not a verb
        "stripe.StripeClient.construct_event",  # webhook signature check, local
        "pysolr.Solr.search",  # the project's search index: a datastore like elasticsearch
    ],
)
def test_sdk_helpers_types_and_search_indexes_are_not_outbound(name):
    assert not external_outbound(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "notifications_python_client.notifications.NotificationsAPIClient.send_email_notification",
        "dmapiclient.SearchAPIClient.index",
        "seed_services_client.IdentityStoreApiClient.get_identity",
        "zds_client.Client.retrieve",  # a `Client` of a package named for its client
        "fasjson_client.Client.get_user",
        "analyticsclient.client.Client.courses.enrollment",  # resource chain
        "slackclient.SlackClient.api_call",  # slackclient < 2
        "getsmarter_api_clients.geag.GetSmarterEnterpriseApiClient.create_enterprise_allocation",
    ],
)
def test_third_party_api_client_libraries_are_outbound_by_their_names(name):
    assert api_client_call(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "rest_framework.test.APIClient.post",  # test clients
        "django.test.Client.get",
        "starlette.testclient.TestClient.get",
        "myapp.tests.helpers.FakeApiClient.get",
        "docker.APIClient.build",  # the local Docker daemon
        "kubernetes.client.ApiClient.call_api",
        "prometheus_client.Client.push",  # metrics and datastores named like clients
        "qdrant_client.QdrantClient.search",
        "zds_client.Client.close",  # configures the instance
        "zds_client.Client.base_url.rstrip",
        "dmapiclient.SearchAPIClient._get",  # private
        "edx_rest_api_client.client.EdxRestApiClient.courses",  # modelled member by member
        "ipaddress.IPv4Network.hosts",  # standard library
    ],
)
def test_look_alike_client_classes_are_not_outbound(name):
    assert not api_client_call(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "openai.OpenAI.chat.completions.create.usage.dict",  # resp = ...create(); resp.usage.dict()
        "openai.OpenAI.audio.speech.create.stream_to_file",
        "twilio.rest.Client.lookups.v1.phone_numbers.fetch.country_code.upper",
        "authlib.integrations.flask_client.OAuth.provider.post.raise_for_status",
        "jira.JIRA._session.get.json",
        "registry_client.RegistryApiClient.get.items",
    ],
)
def test_reading_an_sdk_calls_answer_is_not_a_second_request(name):
    assert not external_outbound(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "googleapiclient.discovery.build.files.list.execute",  # a request built, then sent
        "mailjet_rest.Client.send.create",
        "twilio.rest.Client.calls.update",
        "twilio.rest.Client.api.v2010.accounts.calls.list",
        "github.Github.get_repo.get_pulls",  # PyGithub objects fetch lazily
        "openai.OpenAI.chat.completions.create",
    ],
)
def test_requests_built_in_a_chain_are_still_outbound(name):
    assert external_outbound(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "emanifest.RcrainfoClient.search_mtn",  # a `*Client` of a package with no hint in its name
        "proxmoxer.ProxmoxAPI.nodes.status.get",  # an `*API` class, resource chain ending in a call
        "onfidoapi.Api.applicant.create",  # a bare `Api` of a package named for its API
        "kinto_http.Client.create_record",
    ],
)
def test_third_party_client_and_api_classes_are_outbound_on_a_request_member(name):
    assert api_client_call(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "analyticsclient.client.Client.courses",  # builds a resource object; its calls are the requests
        "seed_services_client.IdentityStoreApiClient.get_identity.get",  # dict access on the answer
        "flask_restful.Api.add_resource",  # an API framework's own class
        "django_redis.client.DefaultClient.get",  # a Django cache back end
        "kafka.KafkaClient.send",  # a broker
        "tweetlib.Api.create_post",  # a bare `Api` says too little on its own
        "notifications_utils.clients.redis.redis_client.RedisClient.get",  # a cache named as a client
        "pyobvector.client.ObVecClient.search",  # a vector database
        "openfeature.client.OpenFeatureClient.get_boolean_value",  # feature flags evaluate locally
        "mypy_boto3_s3.S3Client.get_object",  # a type stub of boto3 (object storage, not an API)
    ],
)
def test_client_resources_answers_and_framework_classes_are_not_requests(name):
    assert not api_client_call(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "onfido.Api.applicant.find",  # a bare `Api`: a resource chain ending in a request verb
        "onfido.Api.webhook.create",
        "onfido.Api.check.create",  # a resource named like a verb is still a resource
        "rehive.Rehive.admin.users.documents.get",  # the class its package is named after
        "zenpy_lite.ZenpyLite.tickets.create",
        "pyairtable.Airtable.records.list",
    ],
)
def test_bare_api_and_package_named_clients_are_outbound_at_the_end_of_a_resource_chain(name):
    assert api_client_call(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "onfido.Api.applicant",  # builds a resource
        "onfido.Api.region.upper",  # reads a setting
        "rehive.Rehive.get",  # one member: too little to tell a client from any object
        "rehive.Rehive.format_user",
        "rehive.Rehive.admin.get.update",  # after an answering verb the chain reads the answer
        "dynaconf.Dynaconf.database.get",  # a settings loader named after its package
        "faker.Faker.unique.first_name",
        "markdown.Markdown.parser.blockprocessors.register",  # no request verb at the end
        "lark.lark.Lark.parser.parse",  # not the class its package is named after, at depth 2
    ],
)
def test_package_named_classes_without_a_requesting_resource_chain_are_not_clients(name):
    assert not api_client_call(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "stripe.Invoice.mark_uncollectible",  # stripe's custom actions on a resource class
        "stripe.PaymentMethod.detach",
        "stripe.PaymentMethod.attach",
        "stripe.Customer.retrieve_source",
        "stripe.Account.create_external_account",
        "stripe.SubscriptionSchedule.release",
        "aioboto3.Session.client.upload_fileobj",  # aioboto3 builds boto3's clients for asyncio
    ],
)
def test_stripe_custom_actions_and_aioboto3_clients_are_outbound(name):
    assert external_outbound(canonical_external(name)), name


@pytest.mark.parametrize(
    "name",
    [
        "stripe.Refund.construct_from",  # builds an object from a payload
        "stripe.Webhook.construct_event",  # signature check
        "stripe.Invoice.to_dict",
        "aioboto3.Session.client.generate_presigned_url",  # signs locally
    ],
)
def test_stripe_local_helpers_and_presigning_are_not_outbound(name):
    assert not external_outbound(canonical_external(name)), name


def test_reading_an_api_client_answer_kept_in_a_local_is_not_another_request():
    # `status = authy_api.users.status(id)` is the request; `status.ok()` / `status.content.get(...)` read its answer
    assert api_client_call("authy.api.AuthyApiClient.users.status")
    assert not api_client_call("authy.api.AuthyApiClient.users.status.ok")
    assert not api_client_call("authy.api.AuthyApiClient.users.status.content.get")
    assert api_client_call("partnerapi.PartnerApiClient.orders.items.create")  # a resource named like a dict view
    # a client method whose answer is read at once: the read is the sign that the method is a request
    assert api_client_call("manifests.ManifestClient.sign_manifest.json")
