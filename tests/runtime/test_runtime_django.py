"""The Django adapters in a real Django project (rt_django_settings) on a SQLite file, with
migrations applied by ``migrate``."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from rt_support import Reply, cursor_pages

from integration_lint.runtime import (
    Checkpoint,
    ConnectorSession,
    CursorPaginator,
    PermanentError,
    TransientError,
    paginate,
    surface_error,
)


@pytest.fixture(scope="module")
def django_db(tmp_path_factory):
    import django
    from django.conf import settings

    if settings.configured and os.environ.get("DJANGO_SETTINGS_MODULE") != "rt_django_settings":
        pytest.skip("another Django project is configured in this test process")
    os.environ["RT_DJANGO_DB"] = str(tmp_path_factory.mktemp("django") / "db.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "rt_django_settings"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    yield


@pytest.fixture
def clean_tables(django_db):
    from rt_django_app.models import ImportRow

    from integration_lint.runtime.django.models import RawResponse, SyncCheckpoint

    for model in (RawResponse, SyncCheckpoint, ImportRow):
        model.objects.all().delete()


def test_migrations_create_the_tables_and_match_the_models(django_db):
    from django.core.management import call_command
    from django.db import connection

    tables = set(connection.introspection.table_names())
    assert {"integration_runtime_synccheckpoint", "integration_runtime_rawresponse", "rt_django_app_importrow"} <= tables
    out = io.StringIO()
    call_command("makemigrations", "integration_runtime", check=True, dry_run=True, stdout=out)  # exits if stale
    assert "No changes detected" in out.getvalue()


def test_checkpoint_in_the_database_resumes_a_failed_sync(api, clean_tables):
    from integration_lint.runtime.django.models import SyncCheckpoint
    from integration_lint.runtime.django.stores import DjangoCheckpointStore

    pages = [[f"row-{n}"] for n in range(1, 6)]
    broken = {"page": 4}
    api.route("/rows", cursor_pages(pages, fail=lambda n: Reply(500) if n == broken["page"] else None))
    session = ConnectorSession("acme", api.base_url)
    imported: list[str] = []

    with pytest.raises(TransientError):
        for page in paginate(session.page_fetcher("/rows"), CursorPaginator(), checkpoint=Checkpoint(DjangoCheckpointStore(), "acme.rows")):
            imported.extend(page.items)
    assert SyncCheckpoint.objects.get(key="acme.rows").value == '"c4"'

    broken["page"] = None
    for page in paginate(session.page_fetcher("/rows"), CursorPaginator(), checkpoint=Checkpoint(DjangoCheckpointStore(), "acme.rows")):
        imported.extend(page.items)
    assert imported == [f"row-{n}" for n in range(1, 6)]
    assert [r.query.get("cursor", "c1") for r in api.requests_to("/rows")] == ["c1", "c2", "c3", "c4", "c4", "c5"]
    assert not SyncCheckpoint.objects.filter(key="acme.rows").exists()


def test_raw_responses_in_the_database_detect_refetch_and_purge(api, clean_tables):
    from integration_lint.runtime.django.models import RawResponse
    from integration_lint.runtime.django.stores import DjangoRawResponseStore

    api.route("/report", Reply(200, {"total": 1}))
    store = DjangoRawResponseStore()
    session = ConnectorSession("acme", api.base_url, raw_store=store)
    first, second = session.get("/report"), session.get("/report")
    assert (first.is_new, second.is_new) == (True, False)
    row = RawResponse.objects.get()
    assert bytes(row.body) == first.content and row.status == 200 and row.sha256 == first.sha256
    assert store.get(first.sha256).body == first.content
    assert store.latest("acme", f"GET {api.base_url}/report").sha256 == first.sha256

    store.put("acme", "GET /old", b"old")
    RawResponse.objects.filter(request_key="GET /old").update(last_seen_at=RawResponse.objects.get(request_key="GET /old").last_seen_at - timedelta(days=100))
    assert store.purge(older_than=timedelta(days=90)) == 1
    assert store.count() == 1 and store.count("other") == 0


def test_surface_error_marks_the_import_row_failed_saving_only_its_status(clean_tables, caplog):
    from rt_django_app.models import ImportRow

    row = ImportRow.objects.create(source="doctolib", status="running", payload={"v": 1})
    row.payload = {"unsaved": True}  # an in-memory change surface_error must not persist
    surface_error(PermanentError("doctolib: GET /patients -> 403"), connector="doctolib", record=row, page=3)

    stored = ImportRow.objects.get(pk=row.pk)
    assert stored.status == "failed" == row.status
    assert stored.error == "PermanentError: doctolib: GET /patients -> 403"
    assert stored.payload == {"v": 1}
    assert "doctolib integration error" in caplog.text


def test_import_status_choices_match_what_surface_error_writes(django_db):
    from integration_lint.runtime.django.models import ImportStatus
    from integration_lint.runtime.surfacing import FAILED

    assert ImportStatus.FAILED == FAILED == "failed"
