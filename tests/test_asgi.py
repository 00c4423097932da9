"""genresp.asgi.Response driven in process: the messages it sends, bodies, conditional and range
requests, files and the server extensions, disconnects (ASGI spec 2.3 and 2.4), errors, closing."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import genresp
from genresp import RequestedRangeNotSatisfiable
from genresp.asgi import Response

Message = dict[str, Any]


def make_scope(
    method: str = "GET",
    headers: list[tuple[str, str]] | None = None,
    spec: str = "2.4",
    extensions: dict[str, Any] | None = None,
    path: str = "/",
) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": spec},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"example.com")]
        + [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers or []],
        "server": ("127.0.0.1", 8000),
    }
    if extensions is not None:
        scope["extensions"] = extensions
    return scope


class Client:
    """An in-process server side: records sent messages, answers receive() with the request and
    then (when told) with http.disconnect; can make send() fail as an ASGI 2.4 server does."""

    def __init__(self, disconnect_after: int | None = None, raise_on_send: bool = False) -> None:
        self.sent: list[Message] = []
        self.receives = 0
        self.disconnect_after = disconnect_after  # body messages before the client goes away
        self.raise_on_send = raise_on_send
        self._gone = asyncio.Event()
        self._request_sent = False

    @property
    def gone(self) -> bool:
        return self.disconnect_after is not None and self.body_messages() >= self.disconnect_after

    async def receive(self) -> Message:
        self.receives += 1
        if not self._request_sent:
            self._request_sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self._gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self.gone:
            if self.raise_on_send:
                raise ConnectionResetError("client went away")
            return  # ASGI < 2.4 servers (uvicorn) ignore sends after a disconnect
        self.sent.append(message)
        if self.gone:
            self._gone.set()

    def body_messages(self) -> int:
        return sum(1 for m in self.sent if m["type"] == "http.response.body")

    @property
    def start(self) -> Message:
        assert self.sent[0]["type"] == "http.response.start"
        return self.sent[0]

    @property
    def status(self) -> int:
        return int(self.start["status"])

    @property
    def headers(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in self.start["headers"]:
            out.setdefault(name.decode("latin-1"), []).append(value.decode("latin-1"))
        return out

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.sent[1:])


def serve(resp: Any, scope: dict[str, Any] | None = None, client: Client | None = None) -> Client:
    client = client or Client()
    asyncio.run(resp(scope or make_scope(), client.receive, client.send))
    return client


class Tracked:
    """A sync body that records how far it got and whether (how often) it was closed."""

    def __init__(self, chunks: list[bytes | str] | None = None, forever: bool = False) -> None:
        self.chunks = chunks if chunks is not None else [b"a", b"b"]
        self.forever = forever
        self.yielded = 0
        self.closed = 0

    def __iter__(self) -> Iterator[bytes | str]:
        try:
            while True:
                for chunk in self.chunks:
                    self.yielded += 1
                    yield chunk
                if not self.forever:
                    return
        finally:
            self.closed += 1


def callbacks(resp: Any) -> list[str]:
    calls: list[str] = []
    resp.call_on_close(lambda: calls.append("one"))
    resp.call_on_close(lambda: calls.append("two"))
    return calls


# -- messages -------------------------------------------------------------------------------------


def test_hello_is_one_start_and_one_body_message() -> None:
    c = serve(Response("Hello, World!", mimetype="text/plain"))
    assert c.sent == [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", b"13"),
            ],
        },
        {"type": "http.response.body", "body": b"Hello, World!", "more_body": False},
    ]


def test_header_names_are_lower_case_bytes_and_values_latin1() -> None:
    resp = Response("x")
    resp.headers["X-Custom-Thing"] = "caf\xe9"
    resp.headers.add("Set-Cookie", "a=1")
    resp.headers.add("Set-Cookie", "b=2")
    c = serve(resp)
    for name, value in c.start["headers"]:
        assert type(name) is bytes and type(value) is bytes
        assert name == name.lower()
    assert c.headers["x-custom-thing"] == ["caf\xe9"]
    assert (b"x-custom-thing", b"caf\xe9") in c.start["headers"]
    assert c.headers["set-cookie"] == ["a=1", "b=2"]


def test_value_outside_latin1_is_refused_before_anything_is_sent() -> None:
    tracked = Tracked()
    resp = Response(iter(tracked))
    with pytest.raises(ValueError, match="X-Note"):  # refused when written (issue 10 s3) ...
        resp.headers["X-Note"] = "price in \u20ac"
    # ... and, should one get in anyway (the unchecked primitive here), when sent.
    resp.headers._set1("x-note", "X-Note", "price in \u20ac")
    calls = callbacks(resp)
    client = Client()
    with pytest.raises(ValueError, match="X-Note"):
        asyncio.run(resp(make_scope(), client.receive, client.send))
    assert client.sent == []
    assert calls == ["one", "two"]


@pytest.mark.parametrize("bad", ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00b"])
def test_crlf_never_reaches_the_start_message(bad: str) -> None:
    resp = Response("x")
    with pytest.raises(ValueError, match="X-Thing"):
        resp.headers["X-Thing"] = bad
    with pytest.raises(ValueError):
        resp.location = bad
    c = serve(resp)
    assert all(b"\r" not in v and b"\n" not in v for _, v in c.start["headers"])


def test_sync_generator_streams_with_more_body_and_utf8_str() -> None:
    def body() -> Iterator[bytes | str]:
        yield "h\xe9"
        yield b""
        yield b"llo"

    c = serve(Response(body()))
    assert [m["body"] for m in c.sent[1:]] == ["h\xe9".encode(), b"llo", b""]
    assert [m["more_body"] for m in c.sent[1:]] == [True, True, False]
    assert "content-length" not in c.headers


def test_async_generator_body() -> None:
    closed: list[bool] = []

    async def body() -> AsyncIterator[bytes | str]:
        try:
            for i in range(3):
                await asyncio.sleep(0)
                yield f"{i},"
        finally:
            closed.append(True)

    c = serve(Response(body(), mimetype="text/csv"))
    assert c.body == b"0,1,2,"
    assert c.sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}
    assert closed == [True]


def test_buffered_list_of_mixed_chunks_is_one_message_with_length() -> None:
    c = serve(Response(["a", b"bc", bytearray(b"d")]))
    assert c.headers["content-length"] == ["4"]
    assert c.sent[1:] == [{"type": "http.response.body", "body": b"abcd", "more_body": False}]


def test_tuple_body_is_buffered() -> None:
    c = serve(Response((b"a", "b")))
    assert c.body == b"ab" and len(c.sent) == 2


def test_non_http_scope_is_refused() -> None:
    client = Client()
    with pytest.raises(ValueError, match="websocket"):
        asyncio.run(Response("x")({"type": "websocket"}, client.receive, client.send))


def test_list_body_can_be_served_twice() -> None:
    resp = Response("again")
    calls = callbacks(resp)
    assert serve(resp).body == serve(resp).body == b"again"
    assert calls == ["one", "two", "one", "two"]


def test_middleware_changing_the_header_list_changes_no_later_response() -> None:
    # Middleware may edit the start message's list in place (Starlette's MutableHeaders does):
    # the header lists genresp remembers between responses must not see that.
    first = serve(Response("same", mimetype="text/plain"))
    first.start["headers"].append((b"x-added", b"1"))
    first.start["headers"][0] = (b"content-type", b"changed")
    again = serve(Response("same", mimetype="text/plain"))
    assert again.start["headers"] == [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", b"4"),
    ]
    assert isinstance(again.start["headers"], list)


def test_remembered_header_lists_are_bounded() -> None:
    from genresp import asgi

    for n in range(3 * asgi._LISTS_MAX):
        resp = Response("x")
        resp.headers["X-N"] = str(n)
        assert serve(resp).headers["x-n"] == [str(n)]
    assert len(asgi._ENCODED_LISTS) <= asgi._LISTS_MAX
    resp = Response("x")
    resp.headers["X-Long"] = "v" * (asgi._LIST_TEXT_MAX + 1)
    assert serve(resp).headers["x-long"] == ["v" * (asgi._LIST_TEXT_MAX + 1)]
    remembered_names = {name for key in asgi._ENCODED_LISTS for name, _ in key}
    assert "X-Long" not in remembered_names, "a header list over the text bound was remembered"


def _header_list_twice(resp_factory: Any, scope: dict[str, Any] | None = None) -> list[Any]:
    """The start message headers of two responses built alike (the second served from what the
    first left remembered), checked against the WSGI glue's list for the same response."""
    lists = []
    for _ in range(2):
        resp = resp_factory()
        wsgi_items = resp.get_wsgi_headers(
            {
                "REQUEST_METHOD": "GET",
                "SERVER_NAME": "example.com",
                "SERVER_PORT": "80",
                "HTTP_HOST": "example.com",
                "PATH_INFO": "/",
                "SCRIPT_NAME": "",
                "wsgi.url_scheme": "http",
            }
        ).to_wsgi_list()
        sent = serve(resp, scope).start["headers"]
        assert sent == [(n.lower().encode(), v.encode("latin-1")) for n, v in wsgi_items]
        lists.append(sent)
    return lists


@pytest.mark.parametrize("status", [200, 204, 304, 103, 404])
def test_remembered_header_list_is_the_one_of_the_status(status: int) -> None:
    # One stored header set, several statuses: each kind of status drops its own names (304 the
    # representation fields, 1xx and 204 Content-Length), also when served from what is remembered.
    def build() -> Response:
        resp = Response("body", status=status, mimetype="text/plain")
        resp.headers["ETag"] = '"t"'
        resp.headers["Content-Language"] = "en"
        return resp

    first, second = _header_list_twice(build)
    assert first == second
    names = {name for name, _ in first}
    assert (b"content-length" in names) is (status not in (204, 304, 103))
    assert (b"content-type" in names) is (status != 304)


def test_remembered_list_with_a_location_is_not_taken_by_autocorrect() -> None:
    def build(autocorrect: bool) -> Response:
        resp = Response("moved", status=302)
        resp.location = "/elsewhere"
        resp.autocorrect_location_header = autocorrect
        return resp

    plain = serve(build(False)).headers["location"]
    again = serve(build(False)).headers["location"]
    corrected = serve(build(True)).headers["location"]
    assert plain == again == ["/elsewhere"]
    assert corrected == ["http://example.com/elsewhere"]


def test_long_header_lists_remembered_in_halves_stay_exact() -> None:
    # Lists over the text bound are remembered in halves. A response whose two halves were both
    # remembered from other responses still gets its own list: here a Content-Length added for
    # its buffered body, which its stored pairs lack.
    long = "v" * 40

    def z() -> Response:  # halves (Content-Type, Content-Length) and (X-A, X-B)
        resp = Response("body", mimetype="text/plain")
        resp.headers["X-A"] = long
        resp.headers["X-B"] = long
        return resp

    def w() -> Response:  # halves (Content-Type, X-Q) and (X-R, Content-Length)
        resp = Response(["body"], mimetype="text/plain")
        resp.headers["X-Q"] = long
        resp.headers["X-R"] = long
        resp.headers["Content-Length"] = "4"
        return resp

    def y() -> Response:  # halves (Content-Type, X-Q) and (X-A, X-B), no Content-Length
        resp = Response(["body"], mimetype="text/plain")
        resp.headers["X-Q"] = long
        resp.headers["X-A"] = long
        resp.headers["X-B"] = long
        return resp

    _header_list_twice(z)
    _header_list_twice(w)
    first, second = _header_list_twice(y)
    assert (b"content-length", b"4") in first == second


def test_remembered_list_of_a_stream_is_not_taken_by_a_buffered_body() -> None:
    # The same stored pairs (Content-Type alone) go out as they are for a streamed body, and with
    # a Content-Length added for a buffered one.
    def streamed() -> Response:
        return Response(iter([b"ab", b"c"]), mimetype="text/plain")

    for _ in range(2):
        c = serve(streamed())
        assert c.start["headers"] == [(b"content-type", b"text/plain; charset=utf-8")]
        assert c.body == b"abc"
    buffered = serve(Response([b"ab", b"c"], mimetype="text/plain"))
    assert buffered.headers["content-length"] == ["3"]


# -- no body for HEAD, 1xx, 204, 304 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "status"),
    [("HEAD", 200), ("GET", 204), ("GET", 304), ("GET", 103), ("HEAD", 404), ("POST", 204)],
)
@pytest.mark.parametrize("kind", ["list", "sync", "async"])
def test_no_body_yet_body_closed(method: str, status: int, kind: str) -> None:
    tracked = Tracked([b"should not be sent"])

    async def agen() -> AsyncIterator[bytes]:
        yield b"should not be sent"

    body: Any = {"list": ["should not be sent"], "sync": iter(tracked), "async": agen()}[kind]
    resp = Response(body, status=status)
    calls = callbacks(resp)
    c = serve(resp, make_scope(method))
    assert c.status == status
    assert c.sent[1:] == [{"type": "http.response.body", "body": b"", "more_body": False}]
    assert calls == ["one", "two"]
    if kind == "sync":
        assert tracked.yielded == 0 and body.gi_frame is None  # closed before it ever ran
    if kind == "async":
        assert body.ag_frame is None  # aclose()d


def test_head_keeps_content_length_of_the_get() -> None:
    c = serve(Response("12345"), make_scope("HEAD"))
    assert c.headers["content-length"] == ["5"] and c.body == b""


def test_content_length_rules_as_on_wsgi() -> None:
    assert "content-length" not in serve(Response("x", status=204)).headers
    assert "content-length" not in serve(Response("x", status=101)).headers
    resp = Response("x", status=304, content_type="text/plain")
    resp.headers["ETag"] = '"a"'
    resp.headers["Content-Language"] = "en"
    headers = serve(resp).headers
    assert headers == {"etag": ['"a"']}


def test_headers_match_the_wsgi_side() -> None:
    from tests.servers import call_app

    environ = {
        "REQUEST_METHOD": "GET",
        "SERVER_NAME": "example.com",
        "SERVER_PORT": "80",
        "HTTP_HOST": "example.com",
        "PATH_INFO": "/a/b",
        "SCRIPT_NAME": "",
        "wsgi.url_scheme": "http",
    }
    for status in (200, 204, 304, 404):
        w = genresp.Response(["x", "yz"], status=status)
        a = Response(["x", "yz"], status=status)
        for r in (w, a):
            r.location = "/caf\xe9?q=\xfc"
            r.content_location = "http://b\xfccher.example/x"
            r.autocorrect_location_header = True
            r.set_cookie("k", "v")
            r.headers["ETag"] = '"t"'
        _, wsgi_headers, _ = call_app(w, environ)
        c = serve(a, make_scope(path="/a/b"))
        assert [(n.lower().encode(), v.encode()) for n, v in wsgi_headers] == c.start["headers"]


def test_location_made_absolute_from_the_scope() -> None:
    resp = Response("moved", status=302)
    resp.location = "../x/\xe9"
    resp.autocorrect_location_header = True
    scope = make_scope(path="/a/b/c")
    assert serve(resp, scope).headers["location"] == ["http://example.com/a/x/%C3%A9"]
    scope["headers"] = []
    assert serve(resp, scope).headers["location"] == ["http://127.0.0.1:8000/a/x/%C3%A9"]


# -- conditional and range requests ---------------------------------------------------------------

BODY = bytes(range(256)) * 4  # 1024 bytes


def ranged(headers: list[tuple[str, str]], method: str = "GET", body: Any = None) -> Response:
    resp = Response(BODY if body is None else body, mimetype="application/octet-stream")
    resp.set_etag("v1")
    resp.last_modified = datetime(2020, 1, 1, tzinfo=timezone.utc)
    return resp.make_conditional(
        make_scope(method, headers), accept_ranges=True, complete_length=len(BODY)
    )  # type: ignore[no-any-return]


def test_if_none_match_gives_304_without_body() -> None:
    c = serve(ranged([("If-None-Match", '"v1"')]))
    assert c.status == 304 and c.body == b""
    assert "content-length" not in c.headers and c.headers["etag"] == ['"v1"']


def test_if_match_failure_gives_412_without_the_representation() -> None:
    c = serve(ranged([("If-Match", '"other"')], method="PUT"))
    assert c.status == 412 and c.body == b""


def test_single_range() -> None:
    c = serve(ranged([("Range", "bytes=10-19")]))
    assert c.status == 206 and c.body == BODY[10:20]
    assert c.headers["content-range"] == ["bytes 10-19/1024"]
    assert c.headers["content-length"] == ["10"]


def test_multipart_byteranges() -> None:
    c = serve(ranged([("Range", "bytes=0-1,-2")]))
    assert c.status == 206
    ctype = c.headers["content-type"][0]
    assert ctype.startswith("multipart/byteranges; boundary=")
    boundary = ctype.partition("boundary=")[2].encode()
    assert c.body.count(b"--" + boundary) == 3
    assert b"Content-Range: bytes 0-1/1024\r\n\r\n" + BODY[:2] in c.body
    assert b"Content-Range: bytes 1022-1023/1024\r\n\r\n" + BODY[-2:] in c.body
    assert c.headers["content-length"] == [str(len(c.body))]


def test_range_ignored_for_head_and_when_malformed_and_when_if_range_fails() -> None:
    assert serve(ranged([("Range", "bytes=0-1")], "HEAD"), make_scope("HEAD")).status == 200
    for bad in ("lines=1-2", "bytes 0-1"):  # not a byte range-set: ignored
        c = serve(ranged([("Range", bad)]))
        assert (c.status, c.body) == (200, BODY)
    for bad in ("bytes=5-1", "bytes=x"):  # a malformed byte range-set: 416 (issue 10 item 7)
        with pytest.raises(genresp.RequestedRangeNotSatisfiable):
            serve(ranged([("Range", bad)]))
    c = serve(ranged([("Range", "bytes=0-1"), ("If-Range", '"old"')]))
    assert (c.status, c.body) == (200, BODY)
    c = serve(ranged([("Range", "bytes=0-1"), ("If-Range", '"v1"')]))
    assert (c.status, c.body) == (206, BODY[:2])


def test_preconditions_before_range() -> None:
    c = serve(ranged([("Range", "bytes=0-1"), ("If-None-Match", '"v1"')]))
    assert c.status == 304


def test_unsatisfiable_range_raises_and_gives_an_asgi_416() -> None:
    with pytest.raises(RequestedRangeNotSatisfiable) as info:
        ranged([("Range", "bytes=5000-")])
    error = info.value.get_response(make_scope())
    assert type(error) is Response
    c = serve(error)
    assert c.status == 416
    assert c.headers["content-range"] == ["bytes */1024"]


def test_exception_response_class_follows_the_request_interface() -> None:
    exc = RequestedRangeNotSatisfiable(length=9)
    assert type(exc.get_response(make_scope())) is Response
    assert type(exc.get_response(scope=make_scope())) is Response
    assert type(exc.get_response({"REQUEST_METHOD": "GET"})) is genresp.Response
    assert type(exc.get_response()) is genresp.Response

    class Starlettish:
        scope = make_scope()

    assert type(exc.get_response(Starlettish())) is Response


def test_exception_uses_the_raisers_response_class() -> None:
    class Mine(Response):
        pass

    resp = Mine(BODY)
    with pytest.raises(RequestedRangeNotSatisfiable) as info:
        resp.make_conditional(
            make_scope(headers=[("Range", "bytes=9999-")]), True, complete_length=len(BODY)
        )
    assert type(info.value.get_response(make_scope())) is Mine
    # and the WSGI class's own make_conditional names the WSGI class
    with pytest.raises(RequestedRangeNotSatisfiable) as info:
        genresp.Response(BODY).make_conditional(
            {"REQUEST_METHOD": "GET", "HTTP_RANGE": "bytes=9999-"}, True, len(BODY)
        )
    assert type(info.value.get_response()) is genresp.Response


def test_make_conditional_accepts_a_request_with_scope() -> None:
    class Request:
        def __init__(self, scope: dict[str, Any]) -> None:
            self.scope = scope

    resp = Response("x")
    resp.set_etag("t")
    resp.make_conditional(Request(make_scope(headers=[("If-None-Match", '"t"')])))
    assert resp.status_code == 304


def test_range_over_a_streamed_generator() -> None:
    def gen() -> Iterator[bytes]:
        for i in range(0, len(BODY), 100):
            yield BODY[i : i + 100]

    c = serve(ranged([("Range", "bytes=150-349")], body=gen()))
    assert c.status == 206 and c.body == BODY[150:350]


# -- files ----------------------------------------------------------------------------------------

FILE_DATA = os.urandom(200 * 1024 + 7)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(FILE_DATA)
    return path


def file_response(path: Path, headers: list[tuple[str, str]] | None = None) -> Response:
    resp = Response(open(path, "rb"), mimetype="application/octet-stream")  # noqa: SIM115
    resp.headers["Content-Length"] = str(len(FILE_DATA))
    if headers is not None:
        resp.make_conditional(make_scope(headers=headers), True, complete_length=len(FILE_DATA))
    return resp


def test_file_is_read_in_bounded_blocks(data_file: Path) -> None:
    resp = file_response(data_file)
    f = resp.response
    c = serve(resp)
    assert c.body == FILE_DATA
    sizes = [len(m["body"]) for m in c.sent[1:]]
    assert max(sizes) == 64 * 1024 and len(sizes) == 5  # 4 blocks (the last partial) + end
    assert f.closed


def test_pathsend_when_advertised(data_file: Path) -> None:
    resp = file_response(data_file)
    f = resp.response
    calls = callbacks(resp)
    c = serve(resp, make_scope(extensions={"http.response.pathsend": {}}))
    assert c.sent[1:] == [{"type": "http.response.pathsend", "path": str(data_file)}]
    assert f.closed and calls == ["one", "two"]


def test_pathsend_not_used_when_the_file_is_not_sent_whole(data_file: Path) -> None:
    resp = file_response(data_file)
    resp.response.seek(10)
    c = serve(resp, make_scope(extensions={"http.response.pathsend": {}}))
    assert c.body == FILE_DATA[10:]
    c = serve(
        file_response(data_file, [("Range", "bytes=0-9")]),
        make_scope(extensions={"http.response.pathsend": {}}),
    )
    assert c.body == FILE_DATA[:10]


def test_zerocopysend_whole_file(data_file: Path) -> None:
    resp = file_response(data_file)
    c = serve(resp, make_scope(extensions={"http.response.zerocopysend": {}}))
    (zc,) = [m for m in c.sent if m["type"] == "http.response.zerocopysend"]
    assert zc["file"] is resp.response and zc["offset"] == 0 and "count" not in zc
    assert c.sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}


def test_zerocopysend_for_a_single_range(data_file: Path) -> None:
    resp = file_response(data_file, [("Range", "bytes=100-199")])
    c = serve(resp, make_scope(extensions={"http.response.zerocopysend": {}}))
    assert c.status == 206
    (zc,) = [m for m in c.sent if m["type"] == "http.response.zerocopysend"]
    assert (zc["offset"], zc["count"], zc["more_body"]) == (100, 100, True)
    assert resp.response.source.closed


def test_zerocopysend_for_multipart(data_file: Path) -> None:
    resp = file_response(data_file, [("Range", "bytes=0-9,100-109")])
    c = serve(resp, make_scope(extensions={"http.response.zerocopysend": {}}))
    kinds = [m["type"].rsplit(".", 1)[1] for m in c.sent[1:]]
    assert kinds == ["body", "zerocopysend", "body", "zerocopysend", "body", "body"]
    spans = [(m["offset"], m["count"]) for m in c.sent if "offset" in m]
    assert spans == [(0, 10), (100, 10)]
    # the literal parts and spans rebuild exactly the multipart body
    rebuilt = b"".join(
        FILE_DATA[m["offset"] : m["offset"] + m["count"]] if "offset" in m else m["body"]
        for m in c.sent[1:]
    )
    assert rebuilt.count(b"Content-Range: bytes 100-109/") == 1
    assert int(c.headers["content-length"][0]) == len(rebuilt)


def test_range_of_a_file_without_extensions(data_file: Path) -> None:
    c = serve(file_response(data_file, [("Range", "bytes=70000-")]))
    assert c.status == 206 and c.body == FILE_DATA[70000:]


def test_in_memory_file_is_not_zero_copied() -> None:
    resp = Response(io.BytesIO(b"memory"))
    c = serve(resp, make_scope(extensions={"http.response.zerocopysend": {}}))
    assert c.body == b"memory"
    assert all(m["type"] != "http.response.zerocopysend" for m in c.sent)


# -- disconnect -----------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["2.3", "2.0", "2.4"])
def test_disconnect_mid_stream_closes_sync_body_once(spec: str) -> None:
    tracked = Tracked(forever=True)
    resp = Response(iter(tracked))
    calls = callbacks(resp)
    client = Client(disconnect_after=5, raise_on_send=spec == "2.4")
    serve(resp, make_scope(spec=spec), client)  # returns normally: a disconnect is no error
    assert client.body_messages() == 5
    assert tracked.closed == 1 and calls == ["one", "two"]
    if spec == "2.4":
        assert client.receives == 0  # no watcher task on 2.4: send() reports the disconnect


@pytest.mark.parametrize("spec", ["2.3", "2.4"])
def test_disconnect_mid_stream_acloses_async_generator(spec: str) -> None:
    finals: list[str] = []

    async def forever() -> AsyncIterator[bytes]:
        try:
            while True:
                yield b"tick"
                await asyncio.sleep(0)
        finally:
            finals.append("finally")

    resp = Response(forever())
    calls = callbacks(resp)
    client = Client(disconnect_after=3, raise_on_send=spec == "2.4")
    serve(resp, make_scope(spec=spec), client)
    assert finals == ["finally"] and calls == ["one", "two"]


def test_disconnect_while_the_async_body_is_waiting() -> None:
    finals: list[str] = []

    async def slow() -> AsyncIterator[bytes]:
        try:
            yield b"first"
            await asyncio.Event().wait()  # never set: only the disconnect can end this
            yield b"never"
        finally:
            finals.append("finally")

    resp = Response(slow())
    calls = callbacks(resp)
    client = Client(disconnect_after=1)
    serve(resp, make_scope(spec="2.3"), client)
    assert client.body == b"first"
    assert finals == ["finally"] and calls == ["one", "two"]


def test_watcher_lets_a_never_suspending_body_see_the_disconnect() -> None:
    # Neither the body nor send() ever suspend (uvicorn's send after a disconnect returns at once):
    # only the checkpoint between chunks lets the disconnect through.
    tracked = Tracked(forever=True)
    client = Client(disconnect_after=2)
    serve(Response(iter(tracked)), make_scope(spec="2.3"), client)
    assert tracked.closed == 1
    assert tracked.yielded < 10


def test_callbacks_may_be_coroutine_functions() -> None:
    ran: list[str] = []

    async def background() -> None:
        await asyncio.sleep(0)
        ran.append("background")

    resp = Response("x")
    resp.call_on_close(background)
    serve(resp)
    assert ran == ["background"]


def test_every_callback_runs_even_if_one_fails() -> None:
    resp = Response(iter([b"x"]))
    ran: list[str] = []

    def bad() -> None:
        raise RuntimeError("callback failed")

    resp.call_on_close(bad)
    resp.call_on_close(lambda: ran.append("second"))
    with pytest.raises(RuntimeError, match="callback failed"):
        serve(resp)
    assert ran == ["second"]


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["2.3", "2.4"])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_error_after_start_aborts_cleanly(spec: str, kind: str) -> None:
    finals: list[str] = []

    def sync_body() -> Iterator[bytes]:
        try:
            yield b"partial"
            raise KeyError("boom")
        finally:
            finals.append("finally")

    async def async_body() -> AsyncIterator[bytes]:
        try:
            yield b"partial"
            raise KeyError("boom")
        finally:
            finals.append("finally")

    resp = Response(sync_body() if kind == "sync" else async_body())
    calls = callbacks(resp)
    client = Client()
    with pytest.raises(KeyError, match="boom") as info:
        serve(resp, make_scope(spec=spec), client)
    assert type(info.value) is KeyError  # the body's own exception, never a group
    assert [m["type"] for m in client.sent].count("http.response.start") == 1
    assert client.sent[-1]["more_body"] is True  # the response was not completed
    assert finals == ["finally"] and calls == ["one", "two"]


def test_error_from_close_does_not_hide_the_body_error() -> None:
    def body() -> Iterator[bytes]:
        yield b"x"
        raise KeyError("body")

    resp = Response(body())
    resp.call_on_close(lambda: (_ for _ in ()).throw(RuntimeError("close")))
    with pytest.raises(KeyError):
        serve(resp)


@pytest.mark.parametrize("spec", ["2.3", "2.4"])
def test_cancellation_closes_and_propagates(spec: str) -> None:
    finals: list[str] = []

    async def slow() -> AsyncIterator[bytes]:
        try:
            yield b"first"
            await asyncio.Event().wait()
            yield b"never"
        finally:
            finals.append("finally")

    resp = Response(slow())
    calls = callbacks(resp)
    client = Client()

    async def main() -> None:
        task = asyncio.ensure_future(resp(make_scope(spec=spec), client.receive, client.send))
        while client.body_messages() < 1:
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert finals == ["finally"] and calls == ["one", "two"]


# -- the class API ----------------------------------------------------------------------------------


def test_same_class_api_as_the_wsgi_response() -> None:
    from tests.test_body import REFERENCE_NAMES

    for name in REFERENCE_NAMES:
        assert hasattr(Response, name), name
    public = {n for n in dir(genresp.Response) if not n.startswith("_")}
    assert public <= set(dir(Response))
    for name in public:
        descriptor = getattr(genresp.Response, name)
        if isinstance(descriptor, property) or type(descriptor).__module__.startswith("genresp"):
            assert getattr(Response, name) is descriptor, name
    assert Response.default_mimetype == "text/html"
    assert Response.autocorrect_location_header is False


def test_typed_attributes_work_the_same() -> None:
    resp = Response('{"id": 7}', status=201, mimetype="application/json")
    resp.cache_control.no_store = True
    resp.vary.add("Accept")
    resp.set_cookie("session", "abc", httponly=True)
    resp.location = "/items/7"
    c = serve(resp)
    assert c.status == 201
    assert c.headers["cache-control"] == ["no-store"]
    assert c.headers["vary"] == ["Accept"]
    assert c.headers["set-cookie"] == ["session=abc; HttpOnly; Path=/"]
    assert resp.json == {"id": 7}


def test_get_asgi_headers_leaves_the_response_unchanged() -> None:
    resp = Response(["a", "b"], status=200)
    assert (b"content-length", b"2") in resp.get_asgi_headers(make_scope())
    assert "Content-Length" not in resp.headers


def test_force_type_turns_a_wsgi_response_into_an_asgi_one() -> None:
    wsgi = genresp.Response("converted", status=201)
    asgi = Response.force_type(wsgi)
    assert type(asgi) is Response
    c = serve(asgi)
    assert (c.status, c.body) == (201, b"converted")


def test_make_conditional_joins_repeated_field_lines_of_the_scope() -> None:
    scope = make_scope(headers=[("If-None-Match", '"a"'), ("If-None-Match", '"t"')])
    resp = Response("x")
    resp.set_etag("t")
    assert resp.make_conditional(scope).status_code == 304
    scope = make_scope(headers=[("Range", "bytes=0-0"), ("Range", "2-2")])
    resp = Response("xyz")
    resp.make_conditional(scope, accept_ranges=True, complete_length=3)
    assert resp.status_code == 206  # "bytes=0-0, 2-2": two parts
    assert resp.mimetype == "multipart/byteranges"


def test_make_conditional_on_a_scope_matches_the_environ_path() -> None:
    cases = [
        [("If-Match", '"x"')],
        [("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")],
        [("If-Modified-Since", "Sun, 06 Nov 2094 08:49:37 GMT")],
        [("Range", "bytes=2-"), ("If-Range", '"t"')],
        [("Range", "bytes=2-"), ("If-Range", '"other"')],
        [("Range", "bytes=99-")],
    ]
    for method in ("GET", "HEAD", "PUT"):
        for headers in cases:
            results = []
            for request in (
                make_scope(method, headers),
                {"REQUEST_METHOD": method}
                | {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers},
            ):
                resp = Response("0123456789")
                resp.set_etag("t")
                resp.last_modified = datetime(2000, 1, 1, tzinfo=timezone.utc)
                try:
                    resp.make_conditional(request, accept_ranges=True, complete_length=10)
                except RequestedRangeNotSatisfiable:
                    results.append(416)
                    continue
                results.append((resp.status_code, resp.get_data()))
            assert results[0] == results[1], (method, headers)


def test_sans_io_layer_and_exceptions_import_no_server_glue() -> None:
    import ast

    src = Path(genresp.__file__).parent
    glue = {"genresp.wsgi", "genresp.response", "genresp.asgi"}
    for path in [*sorted((src / "sansio").glob("*.py")), src / "exceptions.py"]:
        package = "genresp.sansio" if path.parent.name == "sansio" else "genresp"
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(p for p in (base, node.module or "") if p)
                names = {module} | {f"{module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            else:
                continue
            assert not names & glue, f"{path.name} imports {names & glue}"


def test_async_iterable_class_without_aiter_on_its_iterator() -> None:
    class Ticks:
        """An async iterable whose iterator only has __anext__ (not an AsyncIterator)."""

        def __aiter__(self) -> Any:
            return self._Iter()

        class _Iter:
            n = 0

            async def __anext__(self) -> bytes:
                self.n += 1
                if self.n > 2:
                    raise StopAsyncIteration
                return b"t"

    assert serve(Response(Ticks())).body == b"tt"
