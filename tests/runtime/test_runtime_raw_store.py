from __future__ import annotations

import hashlib
import multiprocessing
import time
from datetime import timedelta

from rt_support import raw_store_writer

from integration_lint.runtime import RawResponseStore


def test_put_returns_sha256_and_detects_identical_refetch(tmp_path):
    store = RawResponseStore(tmp_path / "raw.sqlite3")
    body = b'{"id": 1}'
    digest, is_new = store.put("acme", "GET /a", body, status=200, headers={"ETag": "x"})
    assert digest == hashlib.sha256(body).hexdigest() and is_new is True
    assert store.put("acme", "GET /a", body, status=200) == (digest, False)
    assert store.put("acme", "GET /a", b'{"id": 2}', status=200)[1] is True  # content changed
    assert store.put("other", "GET /a", body, status=200)[1] is True  # another connector's request
    assert store.count("acme") == 2 and store.count() == 3


def test_bodies_round_trip_as_bytes_with_status_and_headers(tmp_path):
    store = RawResponseStore(tmp_path / "raw.sqlite3")
    body = bytes(range(256))  # not valid UTF-8: must survive untouched
    digest, _ = store.put("acme", "GET /bin", body, status=206, headers={"Content-Type": "application/octet-stream"})
    stored = store.get(digest)
    assert stored.body == body and stored.status == 206
    assert stored.headers == {"Content-Type": "application/octet-stream"}
    assert store.latest("acme", "GET /bin").sha256 == digest
    assert store.get("0" * 64) is None


def test_purge_deletes_only_responses_not_seen_within_the_retention(tmp_path):
    store = RawResponseStore(tmp_path / "raw.sqlite3")
    store.put("acme", "GET /old", b"old")
    store.put("acme", "GET /refetched", b"same")
    time.sleep(0.3)
    store.put("acme", "GET /refetched", b"same")  # seen again: retention restarts
    store.put("acme", "GET /new", b"new")
    assert store.purge(older_than=timedelta(days=30)) == 0
    assert store.purge(older_than=0.2) == 1
    assert store.latest("acme", "GET /old") is None
    assert store.latest("acme", "GET /refetched") is not None and store.count() == 2


def test_default_location_is_in_the_state_dir(state_dir):
    RawResponseStore().put("acme", "GET /x", "text body")
    assert (state_dir / "raw-responses.sqlite3").exists()


def test_concurrent_writers_in_several_processes_lose_nothing(tmp_path):
    location = str(tmp_path / "raw.sqlite3")
    RawResponseStore(location)  # create the schema once, as a deployed app would
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers, puts = 4, 40
    processes = [context.Process(target=raw_store_writer, args=(location, w, puts, start, results)) for w in range(workers)]
    for process in processes:
        process.start()
    start.set()
    flags = [flag for _ in processes for flag in results.get(timeout=60)]
    for process in processes:
        process.join(timeout=10)
        assert process.exitcode == 0
    store = RawResponseStore(location)
    assert store.count() == workers * puts + 1
    assert flags.count(True) == 1  # the shared body is new exactly once across all processes
    assert store.latest("acme", "GET /items/3/39").body == b"body 3/39"
