"""IL203 celery-task-without-retry-policy on tests/fixtures/celery: one test per task shape and
per look-alike, the chain named in the message, the display-only suggestion, and the cross-module
decision staying correct on a warm cache when only the base class's module changes."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from integration_lint.config import load_config
from integration_lint.engine import Engine
from integration_lint.fixes.edits import apply_edits
from integration_lint.model import DISPLAY_ONLY

from lintutil import REPO, run_cli

CELERY = REPO / "tests" / "fixtures" / "celery"
TASKS = "apps/sync/tasks.py"


@pytest.fixture(scope="module")
def findings():
    return Engine(load_config(CELERY), jobs=1, use_cache=False).run([CELERY]).findings


def _def_line(rel: str, name: str, cls: str | None = None) -> int:
    tree = ast.parse((CELERY / rel).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if cls and isinstance(node, ast.ClassDef) and node.name == cls:
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef) and sub.name == name:
                    return sub.lineno
        if not cls and isinstance(node, ast.FunctionDef) and node.name == name:
            return node.lineno
    raise LookupError(name)


def _at(findings, rel: str, line: int):
    return [f for f in findings if f.path == rel and f.line == line and f.code == "IL203"]


FLAGGED = [
    # (task, class or None, chain the message must show)
    ("ping_partner", None, "tasks.ping_partner → requests.get"),
    ("post_event", None, "tasks.post_event → requests.post"),
    ("sync_contacts", None, "services.import_contacts → client.CrmClient.contacts → requests.get"),
    ("sync_contacts_via_module", None, "services.import_contacts → client.CrmClient.contacts → requests.get"),
    ("notify", None, "client.send_webhook → requests.post"),
    ("legacy_ping", None, "requests.head"),
    ("module_attribute_app", None, "requests.delete"),
    ("inert_retry_options", None, "requests.put"),
    ("base_without_policy", None, "requests.post"),
    ("refresh_all", None, "tasks.ping_partner → requests.get"),
    ("limited_but_no_retry", None, "requests.get"),
    ("run", "PartnerSyncTask", "client.CrmClient.contacts → requests.get"),
    ("run", "LoggedPartnerTask", "requests.get"),
    ("track_event", None, "posthog.Posthog.capture"),
    ("send_telemetry", None, "rudder_analytics.track"),
    ("multi_line_options", None, "requests.get"),
]


@pytest.mark.parametrize(
    "task, cls, chain", FLAGGED, ids=[f"{c}.{t}" if c else t for t, c, _ in FLAGGED]
)
def test_il203_flags_task_at_def_and_names_the_outbound_chain(findings, task, cls, chain):
    line = _def_line(TASKS, task, cls)
    found = _at(findings, TASKS, line)
    assert len(found) == 1, [f for f in findings if f.path == TASKS]
    message = found[0].message
    assert chain in message
    assert f"`{cls or task}`" in message
    assert "autoretry_for" in message and "retry_backoff=True" in message
    text = (CELERY / TASKS).read_text().splitlines()[line - 1]
    assert text[found[0].column - 1 :].startswith("def ")


CLEAN = [
    "with_autoretry",
    "with_retry_backoff_only",
    "with_self_retry",
    "with_retrying_base",
    "with_inherited_retrying_base",
    "with_self_retrying_base",
    "with_alias_decorator",
    "with_stacked_decorators",
    "with_options_dict",
    "hands_self_to_helper",
    "only_enqueues",
    "local_work",
    "track_event_with_retry",
    "configure_only",
]


@pytest.mark.parametrize("task", CLEAN)
def test_il203_ignores_task_with_policy_or_without_outbound(findings, task):
    assert not _at(findings, TASKS, _def_line(TASKS, task))


@pytest.mark.parametrize("cls", ["PartnerRetryingTask", "NotATask"])
def test_il203_ignores_retrying_task_class_and_plain_class(findings, cls):
    assert not _at(findings, TASKS, _def_line(TASKS, "run", cls))


@pytest.mark.parametrize("func", ["docs", "rq_fetch", "huey_fetch", "on_prerun", "cached_lookup", "apscheduler_poll"])
def test_il203_ignores_non_celery_decorators(findings, func):
    assert not _at(findings, "apps/sync/jobs.py", _def_line("apps/sync/jobs.py", func))


def test_il203_suggestion_is_display_only_and_adds_celery_options(findings):
    line = _def_line(TASKS, "post_event")
    fix = _at(findings, TASKS, line)[0].fix
    assert fix is not None and fix.applicability == DISPLAY_ONLY
    source = (CELERY / TASKS).read_text()
    suggested = apply_edits(source, list(fix.edits)).splitlines()[line - 2]
    assert suggested == "@shared_task(autoretry_for=(Exception,), retry_backoff=True)"
    bare = _def_line(TASKS, "ping_partner")
    fix = _at(findings, TASKS, bare)[0].fix
    assert apply_edits(source, list(fix.edits)).splitlines()[bare - 2] == (
        "@shared_task(autoretry_for=(Exception,), retry_backoff=True)"
    )


def test_il203_decision_follows_base_class_change_on_warm_cache(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(CELERY, root)
    line = _def_line(TASKS, "base_without_policy")

    def run():
        engine = Engine(load_config(root), jobs=1, use_cache=True, cache_dir=str(tmp_path / "cache"))
        return engine.run([root / "apps" / "sync" / "tasks.py"])

    assert _at(run().findings, TASKS, line)
    base = root / "apps" / "core" / "tasks.py"
    base.write_text(base.read_text().replace("max_retries = 3", "autoretry_for = (Exception,)"))
    second = run()
    assert not _at(second.findings, TASKS, line)


def test_explain_il203_prints_the_doc():
    proc = run_cli("explain", "IL203")
    assert proc.returncode == 0
    assert "## What it does" in proc.stdout and "autoretry_for" in proc.stdout


def test_il203_suggestion_keeps_a_multi_line_decorator_valid(findings):
    line = _def_line(TASKS, "multi_line_options")
    fix = _at(findings, TASKS, line)[0].fix
    suggested = apply_edits((CELERY / TASKS).read_text(), list(fix.edits))
    tree = ast.parse(suggested)
    func = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "multi_line_options")
    keywords = {kw.arg for kw in func.decorator_list[0].keywords}
    assert keywords == {"queue", "autoretry_for", "retry_backoff"}


# ------------------------------------------------------------------ project decorators, SDKs
SCHEDULED = "apps/sync/scheduled.py"
SCHEDULED_FLAGGED = [
    # (task, text the message must show)
    ("nightly_contacts", "project decorator `cron_task`"),
    ("partner_contacts", "project decorator `queue_task`"),
    ("refresh_page_views", "google.analytics.data_v1beta.BetaAnalyticsDataClient.run_report"),
    ("nightly_with_inert_option", "`max_retries=` alone retries nothing"),
    ("backoff_switched_off", "client.CrmClient.contacts → requests.get"),
    ("enroll_learner", "edx_rest_api_client.client.OAuthAPIClient.post"),
    ("refresh_profile", "mozilla_django_oidc.auth.OIDCAuthenticationBackend.get_userinfo"),
    ("cron_with_options_dict_without_policy", "project decorator `cron_task`"),
    ("hourly_contacts", "project decorator `periodic`"),
    ("via_project_alias", "project decorator `decorators.project_task`"),
    ("legacy_api_task", "scheduled.legacy_api_task → services.import_contacts"),  # celery.task.base
]


@pytest.mark.parametrize("task, text", SCHEDULED_FLAGGED, ids=[t for t, _ in SCHEDULED_FLAGGED])
def test_il203_flags_tasks_declared_through_project_decorators_and_sdk_clients(findings, task, text):
    found = _at(findings, SCHEDULED, _def_line(SCHEDULED, task))
    assert len(found) == 1, [f for f in findings if f.path == SCHEDULED]
    assert text in found[0].message


@pytest.mark.parametrize(
    "task",
    [
        "resilient_contacts",  # the wrapper passes autoretry_for itself
        "via_configured_alias",  # `x = shared_task(autoretry_for=...)` in the decorator module
        "cron_with_policy",  # the use site passes the policy through the wrapper
        "with_default_options",  # the wrapper's module-level options carry the policy
        "retried_by_the_wrapper",  # the wrapper calls task.retry
        "timed_only",  # a project decorator spelt `task` that is not a Celery task
        "cron_local_work",  # no outbound call
        "sync_registered",  # registry dispatch: not resolvable statically (documented)
        "reindex_catalogue",  # pysolr: the project's search index, a datastore like elasticsearch
    ],
)
def test_il203_ignores_project_decorated_tasks_with_a_policy_or_without_outbound(findings, task):
    assert not _at(findings, SCHEDULED, _def_line(SCHEDULED, task))


def test_il203_inert_options_message_names_every_inert_option(findings):
    found = _at(findings, TASKS, _def_line(TASKS, "inert_retry_options"))
    assert len(found) == 1
    assert "alone retry nothing" in found[0].message and "`max_retries=`" in found[0].message


def test_il203_wrapper_decision_follows_the_wrapper_module_on_warm_cache(tmp_path):
    """Only the decorator's module changes (it starts passing a retry policy): the task's file is
    served from the cache and its finding goes away."""
    root = tmp_path / "proj"
    shutil.copytree(CELERY, root)
    line = _def_line(SCHEDULED, "nightly_contacts")

    def run():
        engine = Engine(load_config(root), jobs=1, use_cache=True, cache_dir=str(tmp_path / "cache"))
        return engine.run([root])

    assert _at(run().findings, SCHEDULED, line)
    deco = root / "proj" / "decorators.py"
    deco.write_text(
        deco.read_text().replace(
            "return shared_task(*task_args, **task_kwargs)(wrapper)",
            "return shared_task(*task_args, autoretry_for=(Exception,), **task_kwargs)(wrapper)",
        )
    )
    assert not _at(run().findings, SCHEDULED, line)


STUB_TYPED = [
    # a boto3 client typed with its stub package (mypy_boto3_s3) is still a boto3 client
    ("purge_blob", "blobs.drop_blob → boto3.client.delete_object"),
    ("keep_blob", "blobs.store_blob → boto3.client.put_object"),
    ("list_archive", "boto3.client.list_objects_v2"),
]


@pytest.mark.parametrize("task, chain", STUB_TYPED, ids=[t for t, _ in STUB_TYPED])
def test_il203_follows_boto3_clients_typed_with_their_stub_package(findings, task, chain):
    rel = "apps/storage/tasks.py"
    found = _at(findings, rel, _def_line(rel, task))
    assert len(found) == 1, [f for f in findings if f.path == rel]
    assert chain in found[0].message


def test_il203_ignores_presigned_url_through_a_stub_typed_client(findings):
    rel = "apps/storage/tasks.py"
    assert _at(findings, rel, _def_line(rel, "link_for")) == []


TRACKING = "apps/tracking/tasks.py"
TRANSPORT = "HTTPAdapter(max_retries=...)"


@pytest.mark.parametrize("task", ["track_parcel", "quote_parcel"])
def test_il203_message_says_a_retrying_transport_adapter_is_not_a_task_retry_policy(findings, task):
    # the session is built with a retrying adapter in the client's __init__ / in the helper it comes from
    found = _at(findings, TRACKING, _def_line(TRACKING, task))
    assert len(found) == 1
    assert TRANSPORT in found[0].message and "transport level only" in found[0].message


@pytest.mark.parametrize("task", ["track_parcel_plain", "fetch_label", "refresh_shipment"])
def test_il203_message_has_no_transport_note_without_a_retrying_adapter(findings, task):
    # max_retries=0, a module-level requests call, an SDK client
    found = _at(findings, TRACKING, _def_line(TRACKING, task))
    assert len(found) == 1
    assert TRANSPORT not in found[0].message and "{transport_note}" not in found[0].message


NEW_SHAPES = [
    # a third-party SDK sharing its name with a project module (apps/tracking/vendors/parcelhub.py)
    ("apps/tracking/tasks.py", "refresh_shipment", "parcelhub.HubClient.get_shipment"),
    # SDK clients with no telling name: a bare `Api` stored on self, a class named after its package
    ("apps/kyc/tasks.py", "refresh_applicant", "checks.DocumentChecker.applicant → docscan.Api.applicant.find"),
    ("apps/kyc/tasks.py", "start_check", "docscan.Api.check.create"),
    ("apps/kyc/tasks.py", "sync_wallet_documents", "idverse.Idverse.admin.users.documents.get"),
    # a third-party object the project builds with a server URL and a secret is an API client
    ("apps/kyc/tasks.py", "sync_directory", "idp.DirectorySync.push → realmkit.RealmAdmin.get_users"),
    # an SDK function handed to a recursive retry helper, directly or through a forwarding one
    ("apps/payouts/tasks.py", "payout_status", "retrying.vendor_retry → retrying.retry_on_error → stripe.Payout.retrieve"),
    ("apps/payouts/tasks.py", "cancel_payout", "retrying.retry_on_error → stripe.Payout.cancel"),
    # a model method on a queried object reaching one of stripe's custom actions
    ("apps/payouts/tasks.py", "write_off", "models.Invoice.mark_uncollectible_at_vendor → stripe.Invoice.mark_uncollectible"),
    # aioboto3 in a nested coroutine run to completion
    ("apps/storage/tasks.py", "upload_pages", "boto3.Session.client.upload_fileobj"),
    # SQLAlchemy query results typed by their model, directly or returned by a helper
    ("apps/mirror/tasks.py", "refresh_channel", "orm.Channel.update_packages → orm.download_index → requests.get"),
    ("apps/mirror/tasks.py", "refresh_channel_by_id", "orm.Channel.update_packages"),
    ("apps/mirror/tasks.py", "refresh_selected_channel", "orm.Channel.update_packages"),
    # Celery's decorator re-exported by a wrapper package
    ("apps/tracking/deferred.py", "notify_carrier", "requests.post"),
    ("apps/tracking/deferred.py", "cancel_pickup", "requests.delete"),
    # the bound task handed on only for progress reports
    ("apps/media/tasks.py", "encode", "jobs.EncodeJob.run → jobs.publish → requests.post"),
    ("apps/media/tasks.py", "publish_asset", "jobs.publish_with_progress → jobs.publish → requests.post"),
]


@pytest.mark.parametrize("rel, task, chain", NEW_SHAPES, ids=[t for _, t, _ in NEW_SHAPES])
def test_il203_reaches_sdks_hidden_by_names_references_and_custom_actions(findings, rel, task, chain):
    found = _at(findings, rel, _def_line(rel, task))
    assert len(found) == 1, [f for f in findings if f.path == rel]
    assert chain in found[0].message


NEW_LOOK_ALIKES = [
    ("apps/tracking/tasks.py", "print_label"),  # the project's namesake module, local
    ("apps/tracking/tasks.py", "refresh_shipment_retried"),
    ("apps/kyc/tasks.py", "cache_region"),  # a client setting read
    ("apps/kyc/tasks.py", "cache_display_name"),  # one local member of a package-named class
    ("apps/kyc/tasks.py", "check_codes"),  # built with a secret, but `verify` is a local check
    ("apps/kyc/tasks.py", "render_first_page"),  # a third-party object built without URL or secret
    ("apps/payouts/tasks.py", "queue_payout_lookup"),  # the helper stores the callable
    ("apps/payouts/tasks.py", "snapshot_invoice"),  # stripe object built locally
    ("apps/storage/tasks.py", "page_links"),  # presigned URLs
    ("apps/mirror/tasks.py", "channel_label"),  # a local method of the queried model
    ("apps/tracking/deferred.py", "notify_carrier_later"),  # Huey's `task`, not Celery
    ("apps/media/tasks.py", "encode_retried"),  # the job class retries the task it is handed
    ("apps/media/tasks.py", "publish_asset_retried"),  # handed on to a helper that retries it
]


@pytest.mark.parametrize("rel, task", NEW_LOOK_ALIKES, ids=[t for _, t in NEW_LOOK_ALIKES])
def test_il203_ignores_the_look_alikes_of_those_shapes(findings, rel, task):
    assert _at(findings, rel, _def_line(rel, task)) == []


def test_il203_message_names_a_retry_decorator_below_celery(findings):
    found = _at(findings, TRACKING, _def_line(TRACKING, "fetch_manifest"))
    assert len(found) == 1
    assert "`carrier.manifest` retries below Celery (`@tenacity.retry`)" in found[0].message
    assert TRANSPORT not in found[0].message
