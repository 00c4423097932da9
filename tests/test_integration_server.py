"""genresp.Response served by a real WSGI server (waitress on 127.0.0.1) and read with http.client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from genresp import Response
from tests.servers import connect, raw_request, request, serve

StartResponse = Callable[..., Any]


class Probe:
    """Records, thread-safely, how often a body was closed and what else happened on the server."""

    def __init__(self) -> None:
        self.closed = 0
        self.finally_ran = 0
        self.on_close = 0
        self.event = threading.Event()
        self.lock = threading.Lock()

    def wait(self, timeout: float = 10.0) -> None:
        assert self.event.wait(timeout), "close() never ran on the server"
        time.sleep(0.05)  # give a (wrong) second close the chance to show up


class ClosingChunks:
    """A streamed body: yields chunks (optionally slowly, optionally failing) and counts close()."""

    def __init__(
        self,
        probe: Probe,
        chunks: Iterable[bytes],
        delay: float = 0.0,
        fail_after: int | None = None,
        gate: threading.Event | None = None,
    ) -> None:
        self.probe = probe
        self.it = iter(chunks)
        self.delay = delay
        self.fail_after = fail_after
        self.gate = gate
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self.sent == 1 and self.gate is not None:
            # Do not produce chunk 2 until the client has seen chunk 1: proves real streaming.
            assert self.gate.wait(10), "client never saw the first chunk"
        if self.fail_after is not None and self.sent >= self.fail_after:
            raise ZeroDivisionError("the body generator failed")
        if self.delay:
            time.sleep(self.delay)
        self.sent += 1
        return next(self.it)

    def close(self) -> None:
        with self.probe.lock:
            self.probe.closed += 1
        self.probe.event.set()


class App:
    """A small WSGI app whose every route returns a genresp.Response."""

    def __init__(self) -> None:
        self.probes: dict[str, Probe] = {}
        self.gate = threading.Event()
        self.shared = Response("shared body", headers={"X-Shared": "yes"})

    def probe(self, name: str) -> Probe:
        return self.probes.setdefault(name, Probe())

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        return self.route(environ)(environ, start_response)

    def route(self, environ: dict[str, Any]) -> Response:
        path = environ["PATH_INFO"]
        if path == "/hello":
            resp = Response("Hello, wörld!", headers={"X-Test": "1"})
            resp.headers.add("X-Test", "2")
            probe = self.probe("hello")
            resp.call_on_close(
                lambda: (setattr(probe, "on_close", probe.on_close + 1), probe.event.set())
            )
            return resp
        if path == "/json":
            return Response(json.dumps({"a": [1, 2]}), 201, mimetype="application/json")
        if path == "/stream":
            probe = self.probe("stream")
            return Response(
                ClosingChunks(probe, [b"one\n", b"two\n", b"three\n"], gate=self.gate),
                mimetype="text/plain",
            )
        if path == "/generator":
            probe = self.probe("generator")

            def gen() -> Iterator[str]:
                try:
                    for i in range(3):
                        yield f"line {i} ☃\n"
                finally:
                    probe.finally_ran += 1
                    probe.event.set()

            return Response(gen(), mimetype="text/plain")
        if path == "/endless":
            probe = self.probe("endless")
            chunks = (b"x" * 1024 for _ in range(5000))
            return Response(ClosingChunks(probe, chunks, delay=0.002))
        if path == "/fails":
            probe = self.probe("fails")
            return Response(ClosingChunks(probe, [b"ok\n"] * 5, fail_after=2))
        if path == "/redirect":
            return Response(status=302, headers={"Location": "/wö rld?q=é"})
        if path == "/nocontent":
            return Response("ignored", 204)
        if path == "/notmodified":
            return Response(
                "ignored",
                304,
                headers={"ETag": '"v1"', "Last-Modified": "Thu, 01 Dec 1994 16:00:00 GMT"},
            )
        if path == "/frozen":
            resp = Response(iter([b"fro", b"zen"]))
            resp.freeze()
            return resp
        if path == "/shared":
            return self.shared
        return Response("not found", 404)


@pytest.fixture(scope="module")
def app() -> App:
    return App()


@pytest.fixture(scope="module")
def base_url(app: App) -> Iterator[str]:
    # waitress 3 writes each chunk as soon as the app yields it (send_bytes defaults to 1).
    with serve(app) as url:
        yield url


def test_get_status_headers_body(app: App, base_url: str) -> None:
    status, headers, body = request(base_url, "GET", "/hello")
    assert status == 200
    assert body == "Hello, wörld!".encode()
    assert headers["content-length"] == [str(len(body))]
    assert headers["content-type"] == ["text/html; charset=utf-8"]
    assert headers["x-test"] == ["1", "2"]
    assert "transfer-encoding" not in headers
    probe = app.probes["hello"]
    probe.wait()
    assert probe.on_close >= 1


def test_head_has_no_body(base_url: str) -> None:
    status, headers, body = request(base_url, "HEAD", "/hello")
    assert status == 200
    assert body == b""
    assert headers["content-length"] == [str(len("Hello, wörld!".encode()))]


def test_json(base_url: str) -> None:
    status, headers, body = request(base_url, "GET", "/json")
    assert status == 201
    assert headers["content-type"] == ["application/json"]
    assert json.loads(body) == {"a": [1, 2]}


def test_not_found(base_url: str) -> None:
    assert request(base_url, "GET", "/nope")[:1] == (404,)


def test_chunked_streaming_and_close(app: App, base_url: str) -> None:
    conn = connect(base_url)
    try:
        conn.request("GET", "/stream")
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.getheader("Transfer-Encoding") == "chunked"
        assert resp.getheader("Content-Length") is None
        # The first chunk arrives while the body has not yet produced the second one.
        assert resp.readline() == b"one\n"
        app.gate.set()
        assert resp.read() == b"two\nthree\n"
    finally:
        conn.close()
    probe = app.probes["stream"]
    probe.wait()
    assert probe.closed == 1


def dechunk(data: bytes) -> list[bytes]:
    """Split a chunked body into its chunks (RFC 9112 7.1: chunk = chunk-size CRLF chunk-data CRLF),
    checking the framing down to the last-chunk "0" CRLF CRLF."""
    chunks = []
    while True:
        size_line, sep, data = data.partition(b"\r\n")
        assert sep, "missing CRLF after chunk-size"
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            assert data == b"\r\n"
            return chunks
        chunks.append(data[:size])
        assert data[size : size + 2] == b"\r\n"
        data = data[size + 2 :]


def test_chunked_framing_on_the_wire(app: App, base_url: str) -> None:
    raw = raw_request(base_url, b"GET /generator HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nTransfer-Encoding: chunked" in head
    chunks = dechunk(rest)
    assert chunks == [f"line {i} ☃\n".encode() for i in range(3)]
    probe = app.probes["generator"]
    probe.wait()
    assert probe.finally_ran == 1


def test_client_disconnect_mid_stream_closes_once(app: App, base_url: str) -> None:
    conn = connect(base_url)
    conn.request("GET", "/endless")
    resp = conn.getresponse()
    assert resp.status == 200
    assert len(resp.read(2048)) == 2048
    conn.close()  # walk away mid-stream
    resp.close()
    probe = app.probes["endless"]
    probe.wait(timeout=15)
    assert probe.closed == 1


def test_generator_exception_closes_once(app: App, base_url: str) -> None:
    raw = raw_request(base_url, b"GET /fails HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 200 OK")
    assert b"ok\n" in raw
    assert not raw.endswith(b"0\r\n\r\n")  # the body was cut short, not completed
    probe = app.probes["fails"]
    probe.wait()
    assert probe.closed == 1


def test_redirect_location_is_a_uri(base_url: str) -> None:
    status, headers, body = request(base_url, "GET", "/redirect")
    assert status == 302
    assert headers["location"] == ["/w%C3%B6%20rld?q=%C3%A9"]


def test_204_and_304_have_no_body(base_url: str) -> None:
    status, headers, body = request(base_url, "GET", "/nocontent")
    assert (status, body) == (204, b"")
    assert "content-length" not in headers
    status, headers, body = request(base_url, "GET", "/notmodified")
    assert (status, body) == (304, b"")
    assert headers["etag"] == ['"v1"']
    assert "last-modified" not in headers
    assert "content-type" not in headers


def test_frozen_response(base_url: str) -> None:
    status, headers, body = request(base_url, "GET", "/frozen")
    assert body == b"frozen"
    assert headers["content-length"] == ["6"]
    assert "etag" in headers


def test_one_response_object_serves_concurrent_requests(base_url: str) -> None:
    results: list[tuple[int, bytes]] = []

    def fetch() -> None:
        status, headers, body = request(base_url, "GET", "/shared")
        results.append((status, body))

    threads = [threading.Thread(target=fetch) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == [(200, b"shared body")] * 12


def test_serving_example_from_docs() -> None:
    """The example in docs/serving.md runs as written (its serve_forever part excepted)."""
    text = (Path(__file__).parent.parent / "docs" / "serving.md").read_text()
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {"__name__": "example"}
    exec(compile(code, "docs/serving.md", "exec"), namespace)
    with serve(namespace["app"]) as url:
        status, headers, body = request(url, "GET", "/")
        assert status == 200
        assert body.startswith(b"<h1>Hello")
        status, headers, body = request(url, "GET", "/count")
        assert headers["transfer-encoding"] == ["chunked"]
        assert body == b"0\n1\n2\n"


def test_server_stops_even_when_its_trigger_pipe_was_closed_under_it() -> None:
    """The harness itself: a descriptor closed twice elsewhere in the process can close waitress's
    trigger pipe while the server runs (waitress then closes the trigger); leaving `serve` must still
    stop the loop and join its threads instead of failing with EBADF."""
    import gc
    import os

    from waitress.trigger import trigger

    before = threading.active_count()
    with serve(Response("ok", mimetype="text/plain")) as url:
        assert request(url, "GET", "/")[0] == 200
        triggers = [obj for obj in gc.get_objects() if isinstance(obj, trigger)]
        live = [t for t in triggers if not t._closed]
        assert live, "no running waitress trigger found"
        for t in live:
            os.close(t.trigger)  # what the stray second close of a reused number does
        time.sleep(0.2)
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before
