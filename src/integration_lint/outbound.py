"""What counts as an outbound call: HTTP clients and SDK clients, by qualified name.

Names are the canonical dotted names produced by `analysis.FileContext.qualify` after
`canonical_external()`; e.g. `requests.get`, `requests.Session.post`, `boto3.client.put_object`.
"""

from __future__ import annotations

import functools
import re
import sys

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
        # requests-ratelimiter: a requests.Session that waits for a rate limit (no default timeout)
        "requests_ratelimiter.LimiterSession",
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
    "slack_sdk.WebClient": frozenset(),
    # google-genai (`genai.Client(api_key=k).models.generate_content(...)`); a chat session is built locally
    "google.genai.Client": frozenset({"close", "chats", "aio.chats"}),
    "google.genai.client.Client": frozenset({"close", "chats"}),
    # Mistral's client (`Mistral(api_key=k).chat.complete(...)`, `.ocr.process(...)`)
    "mistralai.Mistral": frozenset({"close"}),  # every method is an API call (see ANY_METHOD_CLIENTS)
    # python-telegram-bot: Bot API methods (constructing `Bot(token)` calls nothing)
    **{
        cls: frozenset(
            {"send_message", "edit_message_text", "edit_message_reply_markup", "delete_message",
             "send_photo", "send_document", "send_audio", "send_video", "send_media_group",
             "forward_message", "get_me", "get_chat", "get_updates", "set_webhook", "delete_webhook",
             "answer_callback_query", "get_chat_member", "leave_chat", "get_file",
             "pin_chat_message", "unpin_chat_message", "ban_chat_member", "unban_chat_member"}
        )
        for cls in ("telegram.Bot", "telegram.bot.Bot", "telegram.ext.ExtBot")
    },
    # edx-rest-api-client's OAuthAPIClient: a requests.Session subclass that fetches its own
    # client-credentials token. Not in REQUESTS_SESSION_CLASSES: it sets a default timeout, so
    # IL402's "session call without timeout" does not apply.
    "edx_rest_api_client.client.OAuthAPIClient": REQUESTS_SESSION_METHODS,
    # mozilla-django-oidc's backend: token and userinfo endpoints, JWKS download (requests).
    "mozilla_django_oidc.auth.OIDCAuthenticationBackend": frozenset(
        {"get_token", "get_userinfo", "retrieve_matching_jwk"}
    ),
    # requests-hardened's session: a requests.Session subclass with a configured default
    # timeout (so, like OAuthAPIClient, not in REQUESTS_SESSION_CLASSES).
    "requests_hardened.HTTPSession": REQUESTS_SESSION_METHODS,
    # Apple push (apns2): one HTTP/2 request per notification.
    "apns2.client.APNsClient": frozenset({"send_notification", "send_notification_batch"}),
    # inapppy receipt validators call Apple's / Google Play's verification APIs.
    "inapppy.AppStoreValidator": frozenset({"validate"}),
    "inapppy.GooglePlayValidator": frozenset({"validate"}),
    "inapppy.GooglePlayVerifier": frozenset({"verify", "verify_with_result"}),
    # msal token acquisition from Azure AD (the `silent` variant may only read the cache).
    # google-generativeai (the older Gemini SDK): the model object asks the API
    "google.generativeai.GenerativeModel": frozenset(
        {"generate_content", "generate_content_async", "count_tokens", "count_tokens_async"}
    ),
    "google.generativeai.ChatSession": frozenset({"send_message", "send_message_async"}),
    "msal.ConfidentialClientApplication": frozenset(
        {"acquire_token_for_client", "acquire_token_by_authorization_code",
         "acquire_token_by_refresh_token", "acquire_token_on_behalf_of", "acquire_token_by_auth_code_flow"}
    ),
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
    # google-genai (`genai.Client(api_key=k).models.generate_content(...)`); a chat session is built locally
    "google.genai.Client": frozenset({"close", "chats", "aio.chats"}),
    "google.genai.client.Client": frozenset({"close", "chats"}),
    # Mistral's client (`Mistral(api_key=k).chat.complete(...)`, `.ocr.process(...)`)
    "mistralai.Mistral": frozenset({"close"}),
    "slack.WebClient": frozenset(),
    "twilio.rest.Client": frozenset(),
    "sendgrid.SendGridAPIClient": frozenset(),
    # hubspot-api-client: `client.crm.contacts.basic_api.create(...)`; `create` builds a client
    "hubspot.HubSpot": frozenset({"create", "config", "access_token", "api_key"}),
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
    # the same API through AWS Bedrock / Vertex AI, and the asyncio clients
    **{
        cls: frozenset({"with_options", "copy", "close"})
        for cls in (
            "anthropic.AsyncAnthropic", "anthropic.AnthropicBedrock", "anthropic.AsyncAnthropicBedrock",
            "anthropic.AnthropicVertex", "anthropic.AsyncAnthropicVertex", "anthropic.AnthropicAWS",
            "anthropic.AsyncAnthropicAWS", "openai.AsyncOpenAI", "openai.AzureOpenAI", "openai.AsyncAzureOpenAI",
        )
    },
    # (pysolr.Solr is the project's search index, a datastore like elasticsearch: not listed)
    # Ollama's HTTP API (chat/generate/embed/pull…), also as an asyncio client.
    "ollama.Client": frozenset(),
    "ollama.AsyncClient": frozenset(),
    # ownCloud/Nextcloud WebDAV+OCS client: every public method is a request (login included).
    "owncloud.Client": frozenset({"get_config"}),
    # Mailchimp Marketing/Transactional SDKs: `client.lists.add_list_member(...)`.
    "mailchimp_marketing.Client": frozenset({"set_config"}),
    "mailchimp_transactional.Client": frozenset({"set_default_output_format"}),
    # Firebase Cloud Messaging (pyfcm): every notify_* posts to FCM.
    "pyfcm.FCMNotification": frozenset(),
    # github3.py: API objects fetched from GitHub (`gh.repository(...)`, `gh.me()`).
    "github3.GitHub": frozenset({"login", "set_client_id", "set_user_agent"}),
    "github3.login": frozenset(),
    # treeherder-client: every method is a REST call.
    "thclient.TreeherderClient": frozenset(),
    # OpenStack Swift service API: upload/download/list/delete/stat are requests.
    "swiftclient.service.SwiftService": frozenset(),
    # Braintree gateway: `gateway.transaction.sale(...)`, `gateway.customer.create(...)`.
    "braintree.BraintreeGateway": frozenset({"config", "graphql_client"}),
    # Google Maps web services client: geocode/directions/places… are requests.
    "googlemaps.Client": frozenset(),
    # python-telegram-bot: every Bot method is a Bot API request.
    "telegram.Bot": frozenset({"to_dict", "to_json", "de_json", "name", "username", "id", "link",
                               "first_name", "last_name", "base_url", "token", "defaults"}),
    # pyTelegramBotAPI: every TeleBot method is a Bot API request, except registering handlers.
    "telebot.TeleBot": frozenset(
        {"message_handler", "edited_message_handler", "channel_post_handler", "edited_channel_post_handler",
         "callback_query_handler", "inline_handler", "chosen_inline_handler", "shipping_query_handler",
         "pre_checkout_query_handler", "poll_handler", "poll_answer_handler", "my_chat_member_handler",
         "chat_member_handler", "chat_join_request_handler", "middleware_handler", "register_next_step_handler",
         "register_next_step_handler_by_chat_id", "register_for_reply", "register_for_reply_by_message_id",
         "clear_step_handler", "clear_step_handler_by_chat_id", "clear_reply_handlers",
         "clear_reply_handlers_by_message_id", "set_update_listener", "add_custom_filter", "setup_middleware",
         "enable_save_next_step_handlers", "enable_save_reply_handlers", "disable_save_next_step_handlers",
         "disable_save_reply_handlers", "load_next_step_handlers", "load_reply_handlers",
         "process_new_updates", "stop_polling", "stop_bot", "token", "user", "parse_mode"}
    ),
    # Pusher Channels: trigger/channels_info… are requests; authenticate/validate_webhook sign locally.
    "pusher.Pusher": frozenset({"authenticate", "validate_webhook", "authentication_token",
                                "authenticate_subscription"}),
    # Mailjet and Postmark clients: attributes name endpoints (`mailjet.send.create(data=…)`).
    "mailjet_rest.Client": frozenset(),
    "postmarker.core.PostmarkClient": frozenset(),
    # Tweepy API v1.1 / v2 clients.
    "tweepy.API": frozenset(),
    "tweepy.Client": frozenset(),
    # Segment's server-side client batches in a thread (capture/track are queued): not listed.
    # OWASP ZAP's API client: `zap.spider.scan(url)`, `zap.core.alerts()` are requests to ZAP.
    "zapv2.ZAPv2": frozenset(),
    # Stripe's client object (stripe >= 8): `client.checkout.sessions.create(...)`,
    # `client.v1.customers.retrieve(id)`; webhook parsing is local.
    "stripe.StripeClient": frozenset({"construct_event", "parse_thin_event", "parse_snapshot_event",
                                      "deserialize"}),
}
# REST clients built on slumber: attribute chains name resources (`api.courses(course_id)`),
# only the HTTP verb at the end (`.get()`, `.post(data)`) sends a request.
# The CRUD verbs of mail, shipping and payment SDKs built like Stripe's resources.
SDK_RESOURCE_VERBS_SHIPPING = frozenset(
    {"create", "retrieve", "list", "all", "delete", "update", "modify", "get_rates", "buy", "verify",
     "refund", "capture", "cancel", "reverse"}
)

RESOURCE_CHAIN_CLIENTS: dict[str, frozenset[str]] = {
    "slumber.API": HTTP_VERBS,
    "edx_rest_api_client.client.EdxRestApiClient": HTTP_VERBS,
    # boxsdk: `client.folder(id)` builds an object; these methods talk to Box.
    "boxsdk.Client": frozenset(
        {"get", "get_items", "upload", "upload_stream", "content", "download_to", "delete",
         "update_info", "create_subfolder", "rename", "move", "copy", "get_shared_link"}
    ),
    # tika-client: `client.tika.as_text.from_file(path)` posts the document to Tika.
    "tika_client.TikaClient": frozenset({"from_file", "from_buffer"}),
    # gotenberg-client: `route.index(...).run()` posts to Gotenberg.
    "gotenberg_client.GotenbergClient": frozenset({"run", "run_with_retry"}),
    # Algolia v2/v3 client: `SearchClient.create(app, key).init_index(name).save_objects(…)`.
    "algoliasearch.search_client.SearchClient": frozenset(
        {"save_objects", "save_object", "partial_update_objects", "partial_update_object",
         "delete_objects", "delete_object", "delete_by", "search", "clear_objects", "set_settings",
         "get_settings", "get_object", "get_objects", "browse_objects", "replace_all_objects",
         "multiple_queries", "list_indices", "copy_index", "move_index"}
    ),
    # easypost >= 7: `EasyPostClient(key).shipment.create(...)` / `.buy(id, rate=...)` (the
    # module's class-level API of older versions is in SDK_RESOURCE_VERBS, which also makes
    # `easypost` a modelled head, so the unknown-client heuristic no longer sees this class).
    "easypost.EasyPostClient": SDK_RESOURCE_VERBS_SHIPPING,
    # Facebook Marketing API objects: `AdAccount(id).get_campaigns()` / `.api_get()`.
    # (see `_facebook_call`: the prefix is `facebook_business.adobjects.`)
}
# juriscraper's PACER reports and session (`DocketReport(court, session).query(case_id)`,
# `PossibleCaseNumberApi(court, s).query(number)`, `PacerSession.login()`): these methods fetch
# from PACER; `parse_text`, `data` and the other parsers read what was fetched.
JURISCRAPER_PACER_PREFIX = "juriscraper.pacer."
JURISCRAPER_PACER_METHODS = frozenset(
    {"query", "query_post_param", "download_pdf", "download_file", "is_pdf_sealed",
     "is_entry_sealed", "login", "get", "post", "head", "get_anonymous"}
)
# LLM framework clients for hosted models (llama-index, LangChain partner packages): these methods
# send the prompt to the provider's HTTP API (Ollama's to its server). Only remote providers are
# listed: llama-index's HuggingFaceLLM/LlamaCPP and LangChain's local pipelines run in-process.
LLM_PACKAGES = tuple(
    [f"llama_index.llms.{p}." for p in (
        "openai", "openai_like", "ollama", "anthropic", "azure_openai", "gemini", "google_genai",
        "mistralai", "groq", "bedrock", "bedrock_converse", "cohere", "together", "fireworks",
        "openrouter", "deepseek", "vertex", "huggingface_api",
    )]
    + [f"llama_index.embeddings.{p}." for p in ("openai", "ollama", "azure_openai", "gemini", "google_genai", "mistralai", "cohere")]
    + [f"{p}." for p in (
        "langchain_openai", "langchain_anthropic", "langchain_google_genai", "langchain_google_vertexai",
        "langchain_ollama", "langchain_mistralai", "langchain_groq", "langchain_aws", "langchain_cohere",
        "langchain_deepseek",
    )]
)
LLM_METHODS = frozenset(
    {"chat", "achat", "complete", "acomplete", "stream_chat", "astream_chat", "stream_complete",
     "astream_complete", "predict", "apredict", "structured_predict", "astructured_predict",
     "invoke", "ainvoke", "stream", "astream", "batch", "abatch", "generate", "agenerate",
     "get_text_embedding", "aget_text_embedding", "get_query_embedding", "aget_query_embedding",
     "get_text_embedding_batch", "aget_text_embedding_batch", "embed_documents", "aembed_documents",
     "embed_query", "aembed_query"}
)
# Geocoders of geopy: `Nominatim(user_agent=…).geocode(q)` queries the provider.
GEOCODER_PREFIX = "geopy.geocoders."
GEOCODER_METHODS = frozenset({"geocode", "reverse", "reverse_timezone"})
# facebook-business AbstractObject helpers that do not send a request.
FACEBOOK_LOCAL = frozenset(
    {"get_id", "get_id_assured", "get_endpoint", "get_parent_id", "get_parent_id_assured",
     "get_api", "get_api_assured", "get_node_path", "get_node_path_string", "get_default_read_fields",
     "get_fields", "get_field_enum_info"}
)
# Google client libraries (`google.cloud.storage.Client`, `pubsub_v1.PublisherClient`,
# `translate_v3.TranslationServiceClient`, `google.analytics.data_v1beta.BetaAnalyticsDataClient`):
# a method called on a `…Client` is an RPC, except the local helpers below (path builders,
# handles that do not fetch, constructors from credentials files).
GOOGLE_CLIENT_PACKAGES = ("google.cloud.", "google.analytics.")
GOOGLE_CLIENT_LOCAL = frozenset(
    {"bucket", "batch", "blob", "dataset", "table", "close", "transport", "api_endpoint",
     "project", "topic_path", "subscription_path", "snapshot_path", "schema_path"}
)
# google-cloud-storage objects reached from a client (`client.bucket(b).blob(p)`): I/O methods.
GOOGLE_STORAGE_IO = frozenset(
    {"upload_from_file", "upload_from_filename", "upload_from_string", "download_to_file",
     "download_to_filename", "download_as_bytes", "download_as_string", "download_as_text",
     "delete", "exists", "reload", "patch", "make_public", "compose", "rewrite", "list_blobs",
     "get_blob", "copy_blob", "rename_blob", "delete_blob", "delete_blobs", "create"}
)
# SDK constructors that contact the server when called (`JIRA(server)` fetches server info).
OUTBOUND_CONSTRUCTORS = frozenset({"jira.JIRA"})
# SDK module functions that send a request.
SDK_FUNCTIONS = frozenset(
    {
        # edx-rest-api-client: POST to the OAuth token endpoint
        "edx_rest_api_client.client.get_oauth_access_token",
        # github3.py: `login()` builds a client; these fetch from GitHub
        "github3.repository",
        "github3.user",
        "github3.issue",
        "github3.organization",
        # Firebase Admin: Cloud Messaging sends and topic management
        "firebase_admin.messaging.send",
        "firebase_admin.messaging.send_all",
        "firebase_admin.messaging.send_each",
        "firebase_admin.messaging.send_multicast",
        "firebase_admin.messaging.send_each_for_multicast",
        "firebase_admin.messaging.subscribe_to_topic",
        "firebase_admin.messaging.unsubscribe_from_topic",
        # pywebpush: one Web Push request
        "pywebpush.webpush",
        # LiteLLM's gateway to every model provider (not its local helpers: token_counter, completion_cost)
        *(
            f"litellm.{verb}"
            for verb in ("completion", "acompletion", "text_completion", "atext_completion", "embedding",
                         "aembedding", "responses", "aresponses", "image_generation", "aimage_generation",
                         "transcription", "atranscription", "speech", "aspeech", "moderation", "amoderation",
                         "rerank", "arerank")
        ),
        # mitol-django-hubspot-api: module helpers that build a HubspotApi and call HubSpot
        *(
            f"mitol.hubspot_api.api.{name}"
            for name in (
                "associate_objects_request", "delete_object_property", "delete_property_group",
                "delete_secondary_email", "find_contact", "find_deal", "find_line_item",
                "find_object", "find_objects", "find_product", "get_all_objects",
                "get_line_items_for_deal", "get_object_property", "get_property_group",
                "object_property_exists", "property_group_exists", "sync_object_property",
                "sync_property_group", "upsert_object_request",
            )
        ),
    }
)

MODULE_FUNCTIONS = frozenset(
    REQUESTS_FUNCTIONS
    | {f"httpx.{v}" for v in HTTP_VERBS | {"stream"}}
    | {
        "urllib.request.urlopen",
        # downloads a URL to a file (no timeout parameter: IL402 does not apply)
        "urllib.request.urlretrieve",
        "urllib3.request",
        "aiohttp.request",
        *OUTBOUND_CONSTRUCTORS,
        *SDK_FUNCTIONS,
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
    # Braintree's class-level API (`braintree.Transaction.sale(...)`, configured globally).
    "braintree": frozenset(
        {"sale", "find", "search", "create", "update", "delete", "refund", "void",
         "submit_for_settlement", "generate", "cancel", "credit", "clone_transaction"}
    ),
    # ShopifyAPI's ActiveResource classes (`shopify.Product.find()`, `order.save()`).
    "shopify": frozenset({"find", "find_first", "find_one", "save", "destroy", "create", "count",
                          "reload", "get", "post", "put", "delete"}),
    # openai < 1.0's resource API (`openai.ChatCompletion.create(...)`, `openai.Model.list()`)
    "openai": frozenset({"create", "acreate", "list", "retrieve", "delete"}),
    # mail, shipping and payment SDKs built the same way (`lob.Letter.create`, `shippo.Shipment.
    # get_rates`, `easypost.Shipment.create`, `omise.Charge.create`)
    **{sdk: SDK_RESOURCE_VERBS_SHIPPING for sdk in ("lob", "shippo", "easypost", "omise")},
}

# Stripe's custom actions on a resource class (`stripe.Invoice.mark_uncollectible(id)`,
# `stripe.PaymentMethod.detach(pm)`, `stripe.Customer.retrieve_source(c, s)`): requests like its
# CRUD verbs. Not `construct_from`/`construct_event` (local object building, signature checks).
_STRIPE_ACTION = re.compile(
    r"^(?:(?:retrieve|create|delete|list|modify|update|cancel|void|finalize|send|mark|apply|verify)_[a-z_]+"
    r"|attach|detach|release|close|reject|verify|persons|reopen|reverse|expire|resume|pause|approve|"
    r"decline|increment_authorization)$"
)

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
    "urllib.urlretrieve": "urllib.request.urlretrieve",
    "six.moves.urllib.request.urlretrieve": "urllib.request.urlretrieve",
    "boto3.session.Session": "boto3.Session",
    # aioboto3's session builds the same clients for asyncio (`async with session.client("s3")`)
    "aioboto3.Session": "boto3.Session",
    "aioboto3.session.Session": "boto3.Session",
    # twilio < 6's client (`TwilioRestClient(sid, token).sms.messages.create(...)`)
    "twilio.rest.TwilioRestClient": "twilio.rest.Client",
    "twilio.rest.client.TwilioRestClient": "twilio.rest.Client",
    "requests_ratelimiter.requests_ratelimiter.LimiterSession": "requests_ratelimiter.LimiterSession",
    "requests_cache.session.CachedSession": "requests_cache.CachedSession",
    "slack.web.client.WebClient": "slack_sdk.WebClient",
    "slack_sdk.web.WebClient": "slack_sdk.WebClient",
    "slack_sdk.web.client.WebClient": "slack_sdk.WebClient",
    # the Web API client a Socket Mode / RTM client carries (`client.web_client.users_info(...)`)
    # and the one a Bolt app carries (`app.client.chat_postMessage(...)`)
    **{
        f"{owner}.web_client": "slack_sdk.WebClient"
        for owner in (
            "slack_sdk.socket_mode.SocketModeClient",
            "slack_sdk.socket_mode.client.BaseSocketModeClient",
            "slack_sdk.socket_mode.builtin.SocketModeClient",
            "slack_sdk.socket_mode.builtin.client.SocketModeClient",
            "slack_sdk.socket_mode.websocket_client.SocketModeClient",
            "slack_sdk.socket_mode.websockets.SocketModeClient",
            "slack_sdk.socket_mode.aiohttp.SocketModeClient",
            "slack_sdk.rtm_v2.RTMClient",
            "slack_sdk.rtm.RTMClient",
            "slack.rtm.client.RTMClient",
            "slack.RTMClient",
        )
    },
    "slack_bolt.App.client": "slack_sdk.WebClient",
    "slack_bolt.app.App.client": "slack_sdk.WebClient",
    "slack_bolt.async_app.AsyncApp.client": "slack_sdk.WebClient",
    "slack_sdk.web.async_client.AsyncWebClient": "slack_sdk.WebClient",
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
    "edx_rest_api_client.OAuthAPIClient": "edx_rest_api_client.client.OAuthAPIClient",
    "edx_rest_api_client.EdxRestApiClient": "edx_rest_api_client.client.EdxRestApiClient",
    "github3.github.GitHub": "github3.GitHub",
    "slumber.api.API": "slumber.API",
    "pysolr.pysolr.Solr": "pysolr.Solr",
    "ollama._client.Client": "ollama.Client",
    "ollama._client.AsyncClient": "ollama.AsyncClient",
    "boxsdk.client.Client": "boxsdk.Client",
    "tika_client.client.TikaClient": "tika_client.TikaClient",
    "gotenberg_client.client.GotenbergClient": "gotenberg_client.GotenbergClient",
    "inapppy.appstore.AppStoreValidator": "inapppy.AppStoreValidator",
    "inapppy.googleplay.GooglePlayVerifier": "inapppy.GooglePlayVerifier",
    "inapppy.googleplay.GooglePlayValidator": "inapppy.GooglePlayValidator",
    "thclient.client.TreeherderClient": "thclient.TreeherderClient",
    "braintree.braintree_gateway.BraintreeGateway": "braintree.BraintreeGateway",
    "googlemaps.client.Client": "googlemaps.Client",
    "telegram._bot.Bot": "telegram.Bot",
    "telegram.bot.Bot": "telegram.Bot",
    "anthropic.lib.bedrock.AnthropicBedrock": "anthropic.AnthropicBedrock",
    "anthropic.lib.vertex.AnthropicVertex": "anthropic.AnthropicVertex",
    "telebot.async_telebot.AsyncTeleBot": "telebot.TeleBot",
    "telebot.AsyncTeleBot": "telebot.TeleBot",
    "pusher.pusher.Pusher": "pusher.Pusher",
    "mailjet_rest.client.Client": "mailjet_rest.Client",
    "postmarker.PostmarkClient": "postmarker.core.PostmarkClient",
    "tweepy.api.API": "tweepy.API",
    "tweepy.client.Client": "tweepy.Client",
    "requests_hardened.http_session.HTTPSession": "requests_hardened.HTTPSession",
    "algoliasearch.SearchClient": "algoliasearch.search_client.SearchClient",
    "apns2.APNsClient": "apns2.client.APNsClient",
    "treeherder.client.thclient.TreeherderClient": "thclient.TreeherderClient",
    # mitol-django-hubspot-api's client is a hubspot.HubSpot with a retry policy
    "mitol.hubspot_api.api.HubspotApi": "hubspot.HubSpot",
    "hubspot.hubspot.HubSpot": "hubspot.HubSpot",
    "hubspot.client.Client": "hubspot.HubSpot",
    "hubspot.Client": "hubspot.HubSpot",
    # `hubspot.Client.create(access_token=...)`: the client's own factory, answering a client
    "hubspot.Client.create": "hubspot.HubSpot",
    "hubspot.HubSpot.create": "hubspot.HubSpot",
}
_ALIAS_PREFIXES = sorted(CANONICAL_ALIASES, key=len, reverse=True)
# Aliases indexed by their first dotted component (longest first): a name is compared only with
# the aliases that can match it (the linear scan was ~0.9 s of a cold run's CPU).
_ALIASES_BY_HEAD: dict[str, tuple[str, ...]] = {}
for _alias in _ALIAS_PREFIXES:
    _head = _alias.split(".", 1)[0]
    _ALIASES_BY_HEAD[_head] = _ALIASES_BY_HEAD.get(_head, ()) + (_alias,)


def _facebook_call(name: str, method: str) -> bool:
    """`facebook_business.adobjects.adaccount.AdAccount.get_campaigns` / `.api_get`: an
    AbstractCrudObject method that reads or writes the Graph API."""
    if not name.split(".")[-2][:1].isupper():
        return False  # a module function, not a method of an ad object
    if method.startswith(("api_", "remote_")):
        return True
    return method.startswith(("get_", "create_", "delete_")) and method not in FACEBOOK_LOCAL


def _google_client_call(name: str) -> bool:
    """`google.cloud.<pkg>.<X>Client.<rpc>` (not a local helper), or a storage I/O method on an
    object reached from a storage client (`…storage.Client.bucket.blob.upload_from_file`)."""
    parts = name.split(".")
    for i, part in enumerate(parts[2:-1], start=2):
        if part.endswith("Client") and part[:1].isupper():
            rest = parts[i + 1:]
            if len(rest) == 1:
                method = rest[0]
                return not (
                    method in GOOGLE_CLIENT_LOCAL
                    or method.startswith(("_", "from_", "parse_", "common_"))
                    or method.endswith("_path")
                    or method[:1].isupper()
                )
            return parts[2] == "storage" and rest[-1] in GOOGLE_STORAGE_IO
    return False


# A boto3 resource's low-level client (`boto3.resource("s3").meta.client`, django-storages'
# `default_storage.connection.meta.client`): every public method is an AWS API call, except the
# local helpers boto3 clients have.
BOTO3_RESOURCE_CLIENT = ".meta.client."


def _boto3_resource_client_call(name: str) -> bool:
    """`<anything>.meta.client.<method>`: one member after the resource's client, an API call
    (`head_object`, `copy_object`), not a local helper (`generate_presigned_url`, `exceptions`)."""
    method = name.rpartition(BOTO3_RESOURCE_CLIENT)[2]
    return (
        bool(method)
        and "." not in method
        and not method.startswith("_")
        and method not in ANY_METHOD_CLIENTS["boto3.client"]
    )


_BOTO3_STUB_HEADS = ("mypy_boto3_", "types_boto3_")


def canonical_external(name: str) -> str:
    """Map re-exported/legacy spellings to one canonical name (`requests.api.get` → `requests.get`)."""
    if name.startswith("requests.api."):
        return "requests." + name[len("requests.api."):]
    if name.startswith(_BOTO3_STUB_HEADS):
        # a boto3 client typed with its stub package (`if TYPE_CHECKING: from mypy_boto3_s3
        # import S3Client`; `def client() -> "S3Client"`, `client: S3Client | None = None`)
        # (`mypy_boto3_s3.S3Client`, or its defining module `mypy_boto3_s3.client.S3Client`)
        owner, _, last = name.rpartition(".")
        if last.endswith("Client") and ("." not in owner or owner.endswith(".client")):
            return "boto3.client"
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


def _by_head(table: dict[str, frozenset[str]]) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """`table`'s entries grouped by their first dotted component (a name can only start with
    `key + "."` when it has the same first component), in the table's order."""
    out: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
    for key, value in table.items():
        head = key.split(".", 1)[0]
        out[head] = out.get(head, ()) + ((key, value),)
    return out


# Memoised: a run asks about the same few thousand names from every file and from the project
# pass (the prefix scans below cost ~10 µs a name); bounded for the long-lived LSP server.
@functools.lru_cache(maxsize=1 << 17)
def external_outbound(name: str, extra_clients: tuple[str, ...] = ()) -> bool:
    """True when calling `name` performs network I/O through a known client or SDK."""
    if name in MODULE_FUNCTIONS:
        return True
    if name.count(".") >= 3 and _reads_answer(name):
        return False
    owner, method = split_method(name)
    methods = CLIENT_CLASS_METHODS.get(owner)
    if methods and method in methods:
        return True
    head = name.split(".", 1)[0]
    for factory, local_methods in _ANY_METHOD_BY_HEAD.get(head, ()):
        if name.startswith(factory + ".") and not method.startswith("_"):
            first = name[len(factory) + 1:].split(".", 1)[0]
            if first not in local_methods:
                return True
    verbs = SDK_RESOURCE_VERBS.get(head)
    if verbs is not None and (method in verbs or (head == "stripe" and _STRIPE_ACTION.match(method))) and _sdk_resource(name):
        return True
    for client, client_verbs in _RESOURCE_CHAIN_BY_HEAD.get(head, ()):
        if method in client_verbs and name.startswith(client + "."):
            return True
    if name.startswith(GOOGLE_CLIENT_PACKAGES) and _google_client_call(name):
        return True
    if name.startswith(GEOCODER_PREFIX) and method in GEOCODER_METHODS:
        return True
    if method in LLM_METHODS and name.startswith(LLM_PACKAGES) and owner.rpartition(".")[2][:1].isupper():
        return True  # `Ollama(...).chat(messages)`, `ChatOpenAI(...).invoke(prompt)`
    if (
        method in JURISCRAPER_PACER_METHODS
        and name.startswith(JURISCRAPER_PACER_PREFIX)
        and owner.rpartition(".")[2][:1].isupper()
    ):
        return True  # a report or session class's fetch, not a module function
    if name.startswith("facebook_business.adobjects.") and _facebook_call(name, method):
        return True
    if BOTO3_RESOURCE_CLIENT in name and _boto3_resource_client_call(name):
        return True
    for client in extra_clients:
        if name == client or name.startswith(client + "."):
            return True
    return False


# Third-party API client libraries the lists above do not name, told by how they are named: a
# `*Client` or `*Api`/`*API` class of a package outside the project (`dmapiclient.SearchAPIClient`,
# `zds_client.Client`, `emanifest.RcrainfoClient`, `onfido.Api`, `slackclient.SlackClient`). A
# request is a verb-named member (`client.get_member(id)`, `client.index(doc)`) or the end of a
# resource chain (`client.courses(id).enrollment()`); a noun member alone only builds a resource
# (`self.course = client.courses(id)`), and what follows a verb reads its answer
# (`client.get_identity(i).get("msisdn")`). Not test clients, not a web framework's or HTTP
# library's own classes (modelled above), not datastores, brokers, telemetry and local daemons that
# name their client the same way.
_API_CLIENT_CLASS = re.compile(r"(?:Client|Api|API)$")
_REQUEST_VERB = re.compile(
    r"^(?:get|list|create|update|delete|remove|send|post|put|patch|fetch|retrieve|search|index|query|"
    r"api_call|call|request|upload|download|submit|sync|register|unregister|add|trigger|publish|notify|"
    r"lookup|find|verify|validate|refresh|import|export|run|execute|cancel|capture|charge|refund|"
    r"subscribe|unsubscribe|login|authenticate|issue|invite|enroll|check|ping|start|stop)(?:_|$)"
)
# A member named for a request at its end (`artifact_resolve`, `identity_lookup`, `records_fetch`).
_VERB_SUFFIX = re.compile(r"_(?:resolve|fetch|request|query|lookup|search|send|post|upload|download)$")
# Members building a client rather than calling one.
_FACTORY_MEMBER = re.compile(r"^(?:create_)?from_|_from_(?:config|file|env|environ|settings|dict|url|string|json)")
# Class methods of a keyed SDK's resource classes beyond CRUD (`Shipment.get_rates`, `Shipment.buy`).
_RESOURCE_CLASS_VERBS = frozenset({"all", "buy", "save", "void", "refund", "capture", "verify", "search"})
# What ends a resource chain of a client with no telling name (`api.webhook.create`): CRUD and
# transfer verbs only, not `register`/`add`/`run`/`check`, which local registries also answer.
_RESOURCE_VERB = re.compile(
    r"^(?:get|list|create|update|delete|remove|send|post|put|patch|fetch|retrieve|search|find|upload|"
    r"download|submit|cancel|capture|charge|refund|query|execute|invite|enroll)(?:_|$)"
)
API_CLIENT_NOT_OUTBOUND = frozenset(
    {
        # web frameworks, API frameworks and their test clients, HTTP libraries (modelled above)
        "django", "rest_framework", "ninja", "ninja_extra", "starlette", "fastapi", "flask", "werkzeug",
        "litestar", "quart", "sanic", "falcon", "hug", "tastypie", "flask_restful", "flask_restx",
        "flask_restplus", "flask_smorest", "connexion", "graphene", "strawberry", "ariadne", "aiohttp",
        "httpx", "requests", "urllib3", "pytest_django", "channels", "oauthlib", "saml2", "fido2",
        "webauthn", "authlib",
        # datastores, brokers, search indexes, metrics and telemetry, local daemons, infrastructure
        "prometheus_client", "influxdb", "influxdb_client", "qdrant_client", "chromadb", "weaviate",
        "pinecone", "meilisearch", "typesense", "pysolr", "docker", "kubernetes", "redis", "aioredis",
        "rediscluster", "valkey", "walrus", "elasticsearch", "opensearchpy", "pymongo", "motor",
        "clickhouse_driver", "clickhouse_connect", "cassandra", "pymemcache", "memcache", "grpc", "paho",
        "kafka", "aiokafka", "confluent_kafka", "pika", "nats", "zmq", "hvac", "consul", "etcd", "etcd3",
        "ipfshttpclient", "minio", "boto3", "botocore", "google", "azure", "mcp", "dask", "distributed",
        "ray", "temporalio", "sentry_sdk", "raven", "elasticapm", "bugsnag", "rollbar", "newrelic",
        "ddtrace", "opentelemetry", "statsd", "datadog", "posthog", "analytics", "paramiko", "asyncssh",
        "ldap3", "ldap", "smbclient", "celery", "kombu", "socketio", "websocket", "websockets",
        "bmemcached", "pylibmc", "hdfs", "pyarrow", "fsspec", "s3fs", "gcsfs", "adlfs", "snowflake",
        "databricks", "trino", "pyhive", "impala", "openfeature", "launchdarkly", "ldclient",
        "unleash", "UnleashClient", "growthbook", "flagsmith",
        # settings loaders and test-data generators with classes named after their package
        "dynaconf", "decouple", "environ", "everett", "faker", "factory", "mimesis",
        # local libraries whose objects are built with a URL or a key: parsing, rendering,
        # browser automation, request signing, tracing, DI containers, job queues
        "pyquery", "markdown", "fpdf", "selenium", "playwright", "pyramid", "tornado", "bottle",
        "dependency_injector", "rq", "promise", "mohawk", "langfuse", "psycopg", "psycopg2",
        "psycopg_pool", "miniopy_async", "tinydb",
    }
)
_CLIENT_PACKAGE = re.compile(r"(?:api|client|clients)$")
# Words naming a datastore, cache, broker, metrics sink or local infrastructure in a client's
# module path or class name: not an integration's API.
_STORE_WORD = re.compile(
    r"redis|cache|memcache|mongo|elastic|solr|kafka|rabbit|amqp|statsd|metric|prometheus|sql|"
    r"vector|queue|storage|bucket|ldap|ftp|ssh|zookeeper|etcd|consul|vault|docker|kube|feature"
)
_TEST_PARTS = frozenset({"test", "tests", "testing", "testclient", "test_client", "mock", "mocks", "fakes"})


@functools.lru_cache(maxsize=1 << 15)
def api_client_call(name: str) -> bool:
    """A request of a third-party API client library named like one (see above). Only for a name
    known to lie outside the project (the project pass asks, `ProjectIndex._is_external_outbound`):
    a file alone cannot tell a project's own `PartnerApiClient` from a package's."""
    parts = name.split(".")
    if "Client" not in name and "Api" not in name and "API" not in name and (
        len(parts) < 3 or not parts[1][:1].isupper() or not _names_its_package(parts[1], parts[0])
    ):
        return False  # the common case: no client class named at all
    if len(parts) < 3 or parts[0] in API_CLIENT_NOT_OUTBOUND or parts[0] in _STDLIB_TOPS:
        return False
    if parts[0] in _MODELLED_HEADS:
        return False  # a package the lists above model member by member
    if parts[0].startswith(("django", "wagtail", "mypy_boto3", "types_")):
        # Django add-ons: cache/queue/storage back ends (`django_redis.client.DefaultClient`);
        # type-stub packages of clients modelled elsewhere (`mypy_boto3_s3.S3Client`)
        return False
    index = next((i for i, part in enumerate(parts[:-1]) if part[:1].isupper()), 0)
    if index == 0 or index == len(parts) - 1:
        return False
    cls = parts[index]
    members = parts[index + 1:]
    if not members[-1][:1].islower() or any(p.startswith("_") for p in members):
        return False
    if any(p in _TEST_PARTS for p in parts[:index]) or cls.startswith(("Test", "Mock", "Fake", "Dummy", "Stub")):
        return False
    if members[0] in API_CLIENT_LOCAL_MEMBERS:
        return False
    if any(m in ANSWER_MEMBERS for m in members[2:]):
        # `status = authy_api.users.status(id)` kept in a local, then `status.ok()`,
        # `status.content.get("devices")`: reading the answer of a resource's request made
        # before. Right after a method of the client itself (`client.sign_manifest(m).json()`)
        # the answer read is the only sign that the method is a request: kept.
        return False
    # a bare `Api` (`tweetlib.Api`), or the class a package is named after (`rehive.Rehive`,
    # `zenpy.Zenpy`), says less than `*Client`: a request only at the end of a resource chain
    # (`api.webhook.create(...)`, `rehive.admin.users.documents.get(pk)`), unless the package is
    # named for its client
    weak = cls in ("Api", "API") and not _CLIENT_PACKAGE.search(parts[0])
    if not _API_CLIENT_CLASS.search(cls):
        if index != 1 or not _names_its_package(cls, parts[0]):
            return False
        weak = True
    if _STORE_WORD.search(".".join(parts[: index + 1]).lower()):
        return False  # `notifications_utils.clients.redis.redis_client.RedisClient`, `VectorClient`
    if weak:
        # a resource named by a bare verb-like noun (`api.check.create`) is still a resource
        return len(members) >= 2 and not _LOCAL_CLASS_WORD.search(cls) and _weak_request(members)
    if any(_FACTORY_MEMBER.match(m) for m in members):
        return False  # `Client.create_from_config_file()`, `Client.from_env()`: builds a client
    if len(members) == 1:
        return bool(_REQUEST_VERB.match(members[0]) or _VERB_SUFFIX.search(members[0]))
    # what follows a request reads its answer (`client.artifact_resolve(req)` kept in a local, then
    # `response.get_nameid()`)
    return not any(_REQUEST_VERB.match(m) or _VERB_SUFFIX.search(m) for m in members[:-1])


# Classes named for local work, whatever they are built with: URL builders and signers, codecs,
# parsers, registries, database connections and pools.
_LOCAL_CLASS_WORD = re.compile(
    r"(?:Url|URL|Signer|Serializer|Hasher|Cipher|Encoder|Decoder|Parser|Builder|Validator|Formatter|"
    r"Reader|Writer|Registry|Factory|Pool|Connection|Cursor|Engine|Session|Cache|Store|Queue|Lock|Model)$"
)


def _weak_request(members: list[str]) -> bool:
    """A resource chain of a client known only by weak evidence (a bare `Api`, a class named
    after its package, an object built with a URL or a secret) ends in a request: a CRUD or
    transfer verb at the end (`api.webhook.create`, `admin.get_users`), no answer read on the way
    (`api.get(id).update`), no local URL builder (`get_authorize_url`), and a bare `get`/`update`
    after an attribute only deep in a resource chain (`admin.users.documents.get(pk)`, not
    `md.extracted_data.get(key)`, a dict's)."""
    last = members[-1]
    if not _RESOURCE_VERB.match(last) or last.endswith("_url") or last.startswith(("post_process", "remove")):
        return False
    if any(m in ANSWERING_VERBS or ("_" in m and _REQUEST_VERB.match(m)) for m in members[:-1]):
        return False
    if last in ("get", "update", "copy") and 1 < len(members) < 4:
        return False
    return not any(_FACTORY_MEMBER.match(m) for m in members)


def credentialed_client_call(cls: str, members: str) -> bool:
    """`members` called on an instance of the third-party class `cls`, which the project builds
    with a server URL or a secret (the project pass decides that): a request when it is a
    CRUD/transfer verb (`admin.get_users(...)`, `admin.update_user(...)`) or the end of a
    resource chain in one (`api.webhook.create(...)`). Not for the standard library, packages
    modelled member by member, frameworks, datastores and the other look-alikes of
    `api_client_call`, nor members that configure the instance or read an answer."""
    top = cls.split(".", 1)[0]
    if top in API_CLIENT_NOT_OUTBOUND or top in _STDLIB_TOPS or top in _MODELLED_HEADS:
        return False
    if (cls + ".").startswith(LLM_PACKAGES) or top.startswith(("langchain", "llama_index")):
        return False  # LLM wrappers: modelled by their methods (`get_num_tokens` is local)
    if top.startswith(("django", "wagtail", "mypy_boto3", "types_")) or _STORE_WORD.search(cls.lower()):
        return False
    if top.endswith("db") or top.startswith("db"):
        return False  # `tinydb.TinyDB`, `duckdb`: a local or own database
    path = cls.split(".")
    if any(p in _TEST_PARTS or p == "models" for p in path):
        return False  # test doubles; ORM models of installed apps (`oauth2_provider.models.AccessToken`)
    name = path[-1]
    if "." in cls and (not name[:1].isupper() or name.startswith(("Test", "Mock", "Fake", "Dummy", "Stub"))):
        return False  # not a class (`get_model(...)` answers one), or a test double
    if _LOCAL_CLASS_WORD.search(name):
        return False
    parts = members.split(".")
    if any(p.startswith("_") or not p for p in parts) or parts[0] in API_CLIENT_LOCAL_MEMBERS:
        return False
    if "." not in cls:
        # a package configured with a key (`shippo.config.api_key = ...`): its resource classes'
        # class methods (`shippo.Shipment.create(...)`, `shippo.Shipment.get_rates(id)`)
        return _sdk_resource(f"{cls}.{members}") and parts[-2][:1].isupper() and bool(
            parts[-1] in _RESOURCE_CLASS_VERBS or _RESOURCE_VERB.match(parts[-1])
        )
    return _weak_request(parts)


@functools.lru_cache(maxsize=1 << 12)
def _names_its_package(cls: str, package: str) -> bool:
    """`cls` is the class its package is named after: `rehive.Rehive`, `zenpy.Zenpy`,
    `hubspot.HubSpot`, `pyairtable.Airtable`, `mailchimp3.MailChimp`."""
    c = cls.lower()
    p = "".join(ch for ch in package.lower() if ch.isalpha())
    return p in (c, "py" + c, c + "sdk", c + "client", c + "api")


# Members of a client instance that configure or describe it rather than call the API.
API_CLIENT_LOCAL_MEMBERS = frozenset(
    {"close", "config", "configuration", "configure", "set_default_header", "user_agent", "headers",
     "base_url", "api_url", "session", "auth", "timeout", "select_header_accept",
     "select_header_content_type", "sanitize_for_serialization", "deserialize", "parameters_to_tuples",
     "with_options", "copy", "url", "get_url", "build_url", "token", "cursor"}
)


# Members of an HTTP/SDK answer object, not of a client's resources: a chain through one of them
# (after the first member) reads an answer.
ANSWER_MEMBERS = frozenset(
    {"ok", "json", "content", "text", "status_code", "raise_for_status", "to_dict", "dict", "lower", "upper",
     "strip", "split", "decode"}
)


def _sdk_resource(name: str) -> bool:
    """`sdk.Resource.verb`, or a resource in the SDK's namespaces: `stripe.checkout.Session.
    create`, `stripe.billing_portal.Session.create` (lowercase packages, a capitalised class)."""
    parts = name.split(".")
    if len(parts) == 3:
        return True
    return (
        3 < len(parts) <= 5
        and parts[-2][:1].isupper()
        and all(p.islower() and not p.startswith("_") and p not in SDK_LOCAL_NAMESPACES for p in parts[1:-2])
    )


# Packages of a resource SDK that hold local helpers, not API resources (`stripe.util`).
SDK_LOCAL_NAMESPACES = frozenset({"util", "utils", "error", "errors", "webhook", "oauth_error", "http_client", "version"})

# The calls of an SDK client that send the request and hand back its answer.
ANSWERING_VERBS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "fetch", "create",
     "retrieve", "update", "list", "search", "execute", "send", "invoke", "stream", "modify",
     "upsert", "query"}
)


def _reads_answer(name: str) -> bool:
    """`name` reads the answer of a request made earlier in its chain: `resp = client.chat.
    completions.create(...)` then `resp.usage.dict()`, `lookups.phone_numbers(n).fetch().
    country_code.upper()`, `oauth.provider.post(url).raise_for_status()`. The last answering verb
    before the end is itself an outbound call, and what follows it is no answering verb (a
    request built and then sent, `service.files().list().execute()`, is still a request)."""
    parts = name.split(".")
    if ANSWERING_VERBS.isdisjoint(parts[2:-1]):
        return False
    for i in range(len(parts) - 2, 1, -1):
        if parts[i] in ANSWERING_VERBS:
            if parts[i + 1] in ANSWERING_VERBS:
                return False
            return external_outbound(".".join(parts[: i + 1]))
    return False


_MODELLED_HEADS = frozenset(
    name.split(".", 1)[0]
    for table in (CLIENT_CLASS_METHODS, ANY_METHOD_CLIENTS, RESOURCE_CHAIN_CLIENTS, SDK_RESOURCE_VERBS)
    for name in table
) | frozenset(name.split(".", 1)[0] for name in MODULE_FUNCTIONS)
_STDLIB_TOPS = frozenset(getattr(sys, "stdlib_module_names", ()))
_ANY_METHOD_BY_HEAD = _by_head(ANY_METHOD_CLIENTS)
_RESOURCE_CHAIN_BY_HEAD = _by_head(RESOURCE_CHAIN_CLIENTS)


# SaaS SDK packages named in a rule's *own* code (a retry loop's attempted call, a task body):
# broader evidence than `external_outbound`, used only where the call site itself is under
# judgement — IL201 counts any call under these prefixes as the attempted outbound call, IL203
# a method/function call (`is_sdk_call`, not a constructor) in the task's own body. Kept out of
# `external_outbound` (IL301/IL401/IL402 and transitive chains) because a prefix also matches
# local helpers (`stripe.util`, `boto3.session.Session`, `github.Auth.Token`).
SDK_CALL_PREFIXES = (
    "paypalrestsdk.",  # PayPal REST SDK: `Payment.find/create/execute`
    "stripe.",  # Stripe: `stripe.Customer.create`, `stripe.PaymentIntent.retrieve`
    "boto3.",  # AWS clients and resources
    "botocore.",  # AWS low-level clients (`botocore.session.get_session().create_client`)
    "google.genai.",  # Gemini API client
    "googleapiclient.",  # Google discovery-based APIs (`build(...).files().list().execute()`)
    "google.cloud.",  # Google Cloud client libraries (storage, pubsub, translate, bigquery)
    "openai.",  # OpenAI API client
    "anthropic.",  # Anthropic API client
    "github.",  # PyGithub
    "jira.",  # jira-python (`JIRA(server)` contacts the server on construction)
    "vonage.",  # Vonage (Nexmo) SMS/voice API
    "twilio.",  # Twilio REST client
    "slack_sdk.",  # Slack Web API client
    "zenpy.",  # Zendesk API client
    "temba_client.",  # RapidPro/TextIt API client
    "posthog.",  # PostHog analytics (`Posthog.capture` sends events)
    "hubspot.",  # HubSpot API client
    "sendgrid.",  # SendGrid mail API
    "dropbox.",  # Dropbox API client
    "tweepy.",  # Twitter/X API client
    "lexicon.",  # dns-lexicon DNS provider APIs
    "gandi.",  # Gandi API client
    "rudder_analytics.",  # RudderStack analytics (`rudder_analytics.track`)
    "twython.",  # Twitter API client
    "mailchimp3.",  # Mailchimp API v3 client
    "mixpanel.",  # Mixpanel analytics (`Mixpanel.track` posts events)
    "intercom.",  # Intercom API client
    "google.analytics.",  # Google Analytics Data/Admin API clients
    # MinIO / S3-compatible object storage (`Minio.put_object`): a retry loop or a task's own
    # body only — kept out of `external_outbound`, where object-storage reads in views and
    # their handlers are the IL401/IL301 owners' call
    "minio.",
)


def is_sdk_call(name: str) -> bool:
    """A method or function of a known SaaS SDK (`posthog.Posthog.capture`,
    `rudder_analytics.track`), not a constructor (`twython.Twython`)."""
    if not name.startswith(SDK_CALL_PREFIXES):
        return False
    last = name.rsplit(".", 1)[-1]
    return bool(last) and not last[0].isupper() and not last.startswith("_")
