"""genresp.asgi.Response under real servers (uvicorn; hypercorn on asyncio and on trio) and inside a
Starlette application, talked to with httpx and with raw sockets on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx
import pytest

from genresp import RequestedRangeNotSatisfiable
from genresp.asgi import Response
from tests.asgi_servers import SERVERS, serve_asgi

pytestmark = pytest.mark.integration

FILE_DATA = os.urandom(300_000)
CHUNK = b"x" * 1024


class Events:
    """What the application saw happen, shared with the test thread."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.log: list[str] = []
        self.done = threading.Event()

    def add(self, what: str) -> None:
        with self.lock:
            self.log.append(what)
            self.lock.notify_all()

    def wait_count(self, what: str, n: int) -> int:
        """The count of ``what`` once it reaches ``n`` (the server closes a response after the
        client has read all of it), or after a generous 20 s."""
        with self.lock:
            self.lock.wait_for(lambda: self.log.count(what) >= n, timeout=20)
            return self.log.count(what)

    def count(self, what: str) -> int:
        with self.lock:
            return self.log.count(what)


def make_app(events: Events, file_path: Path) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope["path"]
        resp: Response
        if path == "/":
            resp = Response("<h1>Hello from genresp</h1>")
        elif path == "/json":
            resp = Response(json.dumps({"id": 7}), status=201, mimetype="application/json")
            resp.cache_control.no_store = True
        elif path == "/empty":
            resp = Response("ignored", status=204)
        elif path == "/etag":
            resp = Response("tagged")
            resp.set_etag("v1")
            resp.make_conditional(scope)
        elif path == "/file":
            resp = Response(
                open(file_path, "rb"), mimetype="application/octet-stream"
            )  # noqa: SIM115
            try:
                resp.make_conditional(scope, accept_ranges=True, complete_length=len(FILE_DATA))
            except RequestedRangeNotSatisfiable as exc:
                resp = exc.get_response(scope)
            resp.call_on_close(lambda: events.add("file closed"))
        elif path == "/cookies":
            resp = Response("cookies")
            resp.set_cookie("session", "abc", httponly=True, samesite="Lax")
            resp.set_cookie("theme", "dark", max_age=60)
        elif path == "/iri":
            resp = Response("moved", status=302)
            resp.location = "/caf\xe9/\u6771\u4eac?q=\xfc"
        elif path in ("/stream-sync", "/stream-async"):
            resp = Response(
                forever_sync(events) if path == "/stream-sync" else forever_async(events),
                mimetype="text/plain",
            )
            resp.call_on_close(lambda: events.add("callback"))
            resp.call_on_close(events.done.set)
        elif path == "/broken":
            resp = Response(broken_body(events), mimetype="text/plain")
            resp.call_on_close(events.done.set)
        else:
            resp = Response("not found", status=404)
        await resp(scope, receive, send)

    return app


def forever_sync(events: Events) -> Iterator[bytes]:
    try:
        while True:
            yield CHUNK
    finally:
        events.add("finally")


async def forever_async(events: Events) -> AsyncIterator[bytes]:
    try:
        while True:
            yield CHUNK
            await anyio.sleep(0.001)  # asyncio or trio, whichever the server runs
    finally:
        events.add("finally")


def broken_body(events: Events) -> Iterator[bytes]:
    try:
        yield b"partial "
        raise RuntimeError("the body failed after the start message")
    finally:
        events.add("finally")


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("asgi") / "data.bin"
    path.write_bytes(FILE_DATA)
    return path


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest, data_file: Path) -> Iterator[tuple[str, Events]]:
    events = Events()
    with serve_asgi(make_app(events, data_file), request.param) as base_url:
        yield base_url, events


@pytest.fixture
def client(server: tuple[str, Events]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0], timeout=10) as c:
        yield c


def test_html(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-length"] == str(len(r.content))
    assert r.text == "<h1>Hello from genresp</h1>"


def test_json(client: httpx.Client) -> None:
    r = client.get("/json")
    assert (r.status_code, r.json()) == (201, {"id": 7})
    assert r.headers["cache-control"] == "no-store"


def test_head_has_headers_but_no_body(server: tuple[str, Events]) -> None:
    status, headers, body = raw_exchange(server[0], "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n")
    assert status == 200 and headers["content-length"] == "27" and body == b""


def test_204_has_no_body(server: tuple[str, Events]) -> None:
    status, headers, body = raw_exchange(server[0], "GET /empty HTTP/1.1\r\nHost: t\r\n\r\n")
    assert status == 204 and body == b""
    assert "content-length" not in headers and "transfer-encoding" not in headers


def test_304(client: httpx.Client) -> None:
    r = client.get("/etag", headers={"If-None-Match": '"v1"'})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["etag"] == '"v1"' and "content-type" not in r.headers


def test_file_download_with_single_range(client: httpx.Client, server: tuple[str, Events]) -> None:
    before = server[1].count("file closed")
    r = client.get("/file")
    assert r.status_code == 200 and r.content == FILE_DATA
    assert r.headers["accept-ranges"] == "bytes"
    r = client.get("/file", headers={"Range": "bytes=100000-200099"})
    assert r.status_code == 206 and r.content == FILE_DATA[100000:200100]
    assert r.headers["content-range"] == f"bytes 100000-200099/{len(FILE_DATA)}"
    r = client.get("/file", headers={"Range": "bytes=-10"})
    assert r.content == FILE_DATA[-10:]
    assert server[1].wait_count("file closed", before + 3) - before == 3


def test_multipart_byteranges(client: httpx.Client) -> None:
    r = client.get("/file", headers={"Range": "bytes=0-9, 70000-70009"})
    assert r.status_code == 206
    boundary = r.headers["content-type"].partition("boundary=")[2].encode()
    parts = r.content.split(b"--" + boundary)
    assert parts[-1] == b"--\r\n" and len(parts) == 4
    assert parts[1].endswith(b"\r\n\r\n" + FILE_DATA[:10] + b"\r\n")
    assert parts[2].endswith(b"\r\n\r\n" + FILE_DATA[70000:70010] + b"\r\n")
    assert b"Content-Range: bytes 70000-70009/300000" in parts[2]


def test_416(client: httpx.Client) -> None:
    r = client.get("/file", headers={"Range": "bytes=400000-"})
    assert r.status_code == 416
    assert r.headers["content-range"] == f"bytes */{len(FILE_DATA)}"


def test_cookies(client: httpx.Client) -> None:
    r = client.get("/cookies")
    cookies = r.headers.get_list("set-cookie")
    assert cookies == [
        "session=abc; HttpOnly; Path=/; SameSite=Lax",
        "theme=dark; Expires=" + cookies[1].partition("Expires=")[2],
    ]
    assert "Max-Age=60" in cookies[1]


def test_iri_location_is_sent_as_a_uri(client: httpx.Client) -> None:
    r = client.get("/iri")
    assert r.status_code == 302
    assert r.headers["location"] == "/caf%C3%A9/%E6%9D%B1%E4%BA%AC?q=%C3%BC"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_client_disconnect_mid_stream(server: tuple[str, Events], kind: str) -> None:
    base_url, events = server
    events.done.clear()
    before_finally, before_callback = events.count("finally"), events.count("callback")
    host, port = address(base_url)
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(f"GET /stream-{kind} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
        received = b""
        while received.count(CHUNK) < 3:
            data = sock.recv(65536)
            assert data, "the server closed the stream early"
            received += data
        assert received.startswith(b"HTTP/1.1 200 ")
    # The client is gone: the server must notice, close the generator and run the callbacks.
    assert events.done.wait(timeout=20), "the response was not closed after the disconnect"
    assert events.count("finally") - before_finally == 1
    assert events.count("callback") - before_callback == 1


def test_error_after_start_aborts_the_response(server: tuple[str, Events]) -> None:
    events = server[1]
    events.done.clear()
    before = events.count("finally")
    with httpx.Client(base_url=server[0], timeout=10) as c:
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("/broken")  # a truncated chunked body, not a complete 200
    assert events.done.wait(timeout=20)
    assert events.count("finally") - before == 1


# -- helpers ----------------------------------------------------------------------------------------


def address(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def raw_exchange(base_url: str, request: str) -> tuple[int, dict[str, str], bytes]:
    """Send one request with Connection: close and read everything: (status, headers, body)."""
    request = request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n", 1)
    with socket.create_connection(address(base_url), timeout=10) as sock:
        sock.sendall(request.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


# -- Starlette ---------------------------------------------------------------------------------------


def starlette_app(events: Events) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.routing import Route

    async def item(request: Request) -> Response:
        resp = Response(json.dumps({"id": request.path_params["id"]}), mimetype="application/json")
        resp.set_etag(f"item-{request.path_params['id']}")
        resp.set_cookie("seen", "1")
        resp.call_on_close(lambda: events.add("closed"))
        # Starlette's Request has .scope: make_conditional takes it as it is.
        return resp.make_conditional(request)  # type: ignore[no-any-return]

    return Starlette(routes=[Route("/items/{id:int}", item)])


def test_starlette_endpoint_returns_a_genresp_response() -> None:
    events = Events()
    with serve_asgi(starlette_app(events), "uvicorn") as base_url:
        with httpx.Client(base_url=base_url, timeout=10) as c:
            r = c.get("/items/7")
            assert r.status_code == 200 and r.json() == {"id": 7}
            assert r.headers["etag"] == '"item-7"'
            assert r.headers["set-cookie"] == "seen=1; Path=/"
            r = c.get("/items/7", headers={"If-None-Match": '"item-7"'})
            assert r.status_code == 304 and r.content == b""
            r = c.head("/items/7")
            assert r.status_code == 200 and r.content == b""
            assert r.headers["content-length"] == "9"
            assert events.wait_count("closed", 3) == 3


# -- the README examples -------------------------------------------------------------------------------


def readme_namespace(marker: str) -> dict[str, Any]:
    from tests.test_readme import python_blocks

    (block,) = [b for b in python_blocks() if marker in b]
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(block, "README.md", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("server_name", ["uvicorn", "hypercorn"])
def test_readme_asgi_examples_serve(server_name: str) -> None:
    app = readme_namespace("genresp over ASGI")["app"]
    with serve_asgi(app, server_name) as base_url:
        r = httpx.get(base_url + "/", timeout=10)
    assert r.status_code == 200 and r.text == "<h1>Hello from genresp over ASGI</h1>"
    starlette = readme_namespace("starlette_app")["starlette_app"]
    with serve_asgi(starlette, server_name) as base_url:
        r = httpx.get(base_url + "/items/7", timeout=10)
        assert r.json() == {"id": 7} and r.headers["cache-control"] == "max-age=60"
        r = httpx.get(base_url + "/items/7", headers={"If-None-Match": '"item-7"'}, timeout=10)
        assert r.status_code == 304
