"""Real parts for the runtime tests: a scripted loopback HTTP API and a redis-server on a free
port. Nothing here talks beyond 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest


@dataclasses.dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = None  # dict/list → JSON, bytes/str as is
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (slow server)


@dataclasses.dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    at: float  # time.monotonic() when the request arrived


Handler = Callable[[dict[str, str]], Reply]


class LoopbackAPI:
    """A scripted HTTP API on 127.0.0.1: tests ``route`` a path to a handler returning a ``Reply``
    and read back every request the server received."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}
        self.requests: list[RecordedRequest] = []
        self.lock = threading.Lock()
        api = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                api._serve(self)

            do_POST = do_GET

            def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, handler: Handler | Reply) -> None:
        self.handlers[path] = handler if callable(handler) else (lambda query, reply=handler: reply)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        query = dict(parse_qsl(parts.query))
        length = int(request.headers.get("Content-Length") or 0)
        if length:
            request.rfile.read(length)
        with self.lock:
            self.requests.append(RecordedRequest(request.command, parts.path, query, time.monotonic()))
        handler = self.handlers.get(parts.path)
        reply = handler(query) if handler else Reply(404, {"error": "no route"})
        if reply.delay:
            time.sleep(reply.delay)
        body = reply.body
        if isinstance(body, (dict, list)):
            payload = json.dumps(body).encode()
            content_type = "application/json"
        else:
            payload = body.encode() if isinstance(body, str) else (body or b"")
            content_type = "text/plain"
        try:
            request.send_response(reply.status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test); nothing to answer

    def __enter__(self) -> LoopbackAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def cursor_pages(items_per_page: list[list[Any]], *, fail: Callable[[int], Reply | None] | None = None) -> Handler:
    """A cursor API over fixed pages: page N answers ``{"data": [...], "next_cursor": "c<N+1>"}``;
    ``fail(page_number)`` may return an error ``Reply`` instead (1-based page numbers)."""

    def handler(query: dict[str, str]) -> Reply:
        cursor = query.get("cursor")
        number = int(cursor[1:]) if cursor else 1
        if fail is not None:
            failure = fail(number)
            if failure is not None:
                return failure
        next_cursor = f"c{number + 1}" if number < len(items_per_page) else None
        return Reply(200, {"data": items_per_page[number - 1], "next_cursor": next_cursor})

    return handler


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclasses.dataclass(frozen=True)
class RedisServer:
    url: str
    port: int


def start_redis(tmp_dir: Path) -> tuple[subprocess.Popen, RedisServer]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server binary not found (scripts/test installs it with apt-get): Redis tests skipped")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--daemonize", "no", "--dir", str(tmp_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return process, RedisServer(f"redis://127.0.0.1:{port}/0", port)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"redis-server did not answer on 127.0.0.1:{port} within 10 s")


def limiter_worker(key: str, rates: Any, backend: str, acquisitions: int, blocking: bool, start: Any, results: Any) -> None:
    """Runs in a separate OS process: take permits from a shared ``RateLimiter`` and report when
    each was granted (``time.time()``) or refused (with the ``retry_after`` it came with)."""
    from integration_lint.runtime import RateLimitedError, RateLimiter

    limiter = RateLimiter(key, rates, backend=backend)
    granted: list[float] = []
    refused: list[float] = []
    start.wait(timeout=30)
    try:
        for _ in range(acquisitions):
            try:
                limiter.acquire(blocking=blocking, timeout=20 if blocking else None)
            except RateLimitedError as exc:  # the test counts refusals on purpose
                refused.append(exc.retry_after)
            else:
                granted.append(time.time())
    finally:
        limiter.close()
        results.put((granted, refused))


def raw_store_writer(location: str, worker: int, puts: int, start: Any, results: Any) -> None:
    """Runs in a separate OS process: ``puts`` distinct bodies plus one body every worker shares."""
    from integration_lint.runtime import RawResponseStore

    store = RawResponseStore(location)
    start.wait(timeout=30)
    new_flags = []
    for index in range(puts):
        store.put("acme", f"GET /items/{worker}/{index}", f"body {worker}/{index}".encode(), status=200, headers={})
    for _ in range(5):
        new_flags.append(store.put("acme", "GET /shared", b"same bytes for everyone", status=200)[1])
    results.put(new_flags)


def sentry_events_transport(sink: Callable[[dict[str, Any]], None]) -> Any:
    """A Sentry transport handing each error event to ``sink`` instead of sending it."""
    from sentry_sdk.transport import Transport

    class CapturingTransport(Transport):
        def capture_envelope(self, envelope: Any) -> None:
            for item in envelope.items:
                if item.type == "event":
                    sink(item.payload.json)

    return CapturingTransport


def stop_process(process: subprocess.Popen, grace: float = 10) -> None:
    """SIGTERM, then SIGKILL if it has not exited within ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
