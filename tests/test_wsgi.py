"""The WSGI half of genresp.Response: __call__, get_app_iter, get_wsgi_headers, from_app, force_type."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from genresp import Headers, Response
from genresp.wsgi import iri_to_uri, run_wsgi_app
from tests.servers import call_app


def environ(method: str = "GET", path: str = "/", **extra: Any) -> dict[str, Any]:
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
    }
    env.update(extra)
    return env


class Recorder:
    def __init__(self) -> None:
        self.status: str | None = None
        self.headers: list[tuple[str, str]] = []

    def __call__(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        self.status = status
        self.headers = headers
        return lambda data: None


def serve(resp: Response, env: dict[str, Any] | None = None) -> tuple[str, dict[str, str], bytes]:
    status, headers, body = call_app(resp, env or environ())
    return status, dict(headers), body


class CountingGen:
    """A streamed body that counts close() calls and can fail after some chunks."""

    def __init__(self, chunks: list[bytes], fail_after: int | None = None) -> None:
        self.chunks = chunks
        self.fail_after = fail_after
        self.closed = 0
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self.fail_after is not None and self.sent >= self.fail_after:
            raise ZeroDivisionError("body failed")
        if self.sent >= len(self.chunks):
            raise StopIteration
        self.sent += 1
        return self.chunks[self.sent - 1]

    def close(self) -> None:
        self.closed += 1


# -- __call__ ------------------------------------------------------------------------------------


def test_call_sends_status_headers_body() -> None:
    status, headers, body = serve(Response("hello", 201, {"X-A": "1"}))
    assert status == "201 CREATED"
    assert headers == {
        "X-A": "1",
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": "5",
    }
    assert body == b"hello"


def test_call_does_not_change_response_headers() -> None:
    r = Response(["a", "b"])
    status, headers, body = serve(r)
    assert headers["Content-Length"] == "2"
    assert "Content-Length" not in r.headers
    assert body == b"ab"


def test_call_streams_generator_without_length() -> None:
    def gen() -> Iterator[str]:
        yield "a"
        yield "é"

    status, headers, body = serve(Response(gen()))
    assert "Content-Length" not in headers
    assert body == "aé".encode()


def test_response_is_reusable_for_list_bodies() -> None:
    r = Response("x")
    assert serve(r) == serve(r)


def test_head_has_headers_but_no_body() -> None:
    body = CountingGen([b"never"])
    status, headers, data = serve(Response(body), environ("HEAD"))
    assert data == b""
    assert body.sent == 0
    assert body.closed == 1
    status, headers, data = serve(Response("abc"), environ("HEAD"))
    assert headers["Content-Length"] == "3"
    assert data == b""


@pytest.mark.parametrize("code", [100, 101, 103, 204])
def test_no_body_and_no_content_length_for_1xx_and_204(code: int) -> None:
    status, headers, data = serve(Response("abc", code))
    assert data == b""
    assert "Content-Length" not in headers
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_304_drops_representation_headers() -> None:
    r = Response(
        "abc",
        304,
        {
            "ETag": '"x"',
            "Expires": "Thu, 01 Dec 1994 16:00:00 GMT",
            "Content-Location": "/a",
            "Last-Modified": "Thu, 01 Dec 1994 16:00:00 GMT",
            "Content-Encoding": "gzip",
            "Content-Language": "en",
            "Allow": "GET",
            "Cache-Control": "max-age=1",
        },
    )
    status, headers, data = serve(r)
    assert data == b""
    assert set(headers) == {"ETag", "Expires", "Content-Location", "Cache-Control"}


def test_start_response_failure_closes_body() -> None:
    body = CountingGen([b"a"])

    def start_response(status: str, headers: list[tuple[str, str]]) -> Any:
        raise OSError("client gone")

    with pytest.raises(OSError):
        Response(body)(environ(), start_response)
    assert body.closed == 1


def test_body_error_still_closes_once() -> None:
    body = CountingGen([b"a", b"b"], fail_after=1)
    app_iter = Response(body)(environ(), Recorder())
    chunks = []
    with pytest.raises(ZeroDivisionError):
        for chunk in app_iter:
            chunks.append(chunk)
    app_iter.close()  # type: ignore[attr-defined]
    app_iter.close()  # type: ignore[attr-defined]  # a second close by the server is harmless
    assert chunks == [b"a"]
    assert body.closed == 1


def test_abandoned_stream_closes_once_and_runs_callbacks() -> None:
    body = CountingGen([b"a", b"b", b"c"])
    r = Response(body)
    calls: list[int] = []
    r.call_on_close(lambda: calls.append(1))
    app_iter = r(environ(), Recorder())
    it = iter(app_iter)
    assert next(it) == b"a"
    app_iter.close()  # type: ignore[attr-defined]
    assert body.closed == 1
    assert calls == [1]


def test_list_body_app_iter_has_no_generator() -> None:
    app_iter = Response([b"a", b"b"]).get_app_iter(environ())
    assert hasattr(app_iter, "close")
    assert type(iter(app_iter)) is type(iter([]))


def test_direct_passthrough_hands_over_the_body() -> None:
    body = CountingGen([b"a", "b"])  # type: ignore[list-item]
    r = Response(body, direct_passthrough=True)
    assert r.get_app_iter(environ()) is body
    r.call_on_close(lambda: None)
    app_iter = r.get_app_iter(environ())
    assert list(app_iter) == [b"a", "b"]
    app_iter.close()  # type: ignore[attr-defined]
    assert body.closed == 1


def test_get_wsgi_response() -> None:
    app_iter, status, headers = Response("x", 404).get_wsgi_response(environ())
    assert status == "404 NOT FOUND"
    assert headers == [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "1")]
    assert list(app_iter) == [b"x"]


def test_get_wsgi_headers_is_a_copy() -> None:
    r = Response(["x"])
    h = r.get_wsgi_headers(environ())
    assert isinstance(h, Headers)
    assert h["Content-Length"] == "1"
    h["X-B"] = "2"
    assert "X-B" not in r.headers
    assert "Content-Length" not in r.headers


def test_automatic_content_length_can_be_disabled() -> None:
    r = Response(["x"])
    r.automatically_set_content_length = False
    assert "Content-Length" not in r.get_wsgi_headers(environ())


def test_existing_content_length_is_kept() -> None:
    r = Response(["abc"], headers={"Content-Length": "3"})
    assert r.get_wsgi_headers(environ()).getlist("Content-Length") == ["3"]


def test_overridden_get_wsgi_headers_is_used_by_call() -> None:
    class Tagged(Response):
        def get_wsgi_headers(self, environ: dict[str, Any]) -> Headers:
            headers = super().get_wsgi_headers(environ)
            headers["X-Tag"] = "yes"
            return headers

    assert serve(Tagged("x"))[1]["X-Tag"] == "yes"


# -- Location / Content-Location -----------------------------------------------------------------


def test_location_stays_relative_by_default() -> None:
    assert Response.autocorrect_location_header is False
    r = Response(status=302, headers={"Location": "/next?a=1"})
    assert serve(r)[1]["Location"] == "/next?a=1"


def test_location_ascii_kept_as_is() -> None:
    r = Response(status=302, headers={"Location": "itms-services://?action=download"})
    assert serve(r)[1]["Location"] == "itms-services://?action=download"


def test_location_iri_becomes_uri() -> None:
    r = Response(status=302, headers={"Location": "http://☃.net/pä th?q=é#frä"})
    assert serve(r)[1]["Location"] == "http://xn--n3h.net/p%C3%A4%20th?q=%C3%A9#fr%C3%A4"


def test_content_location_becomes_uri() -> None:
    r = Response(headers={"Content-Location": "/dö cs"})
    assert serve(r)[1]["Content-Location"] == "/d%C3%B6%20cs"


def test_autocorrect_location_header() -> None:
    class Absolute(Response):
        autocorrect_location_header = True

    env = environ(path="/a/b", SCRIPT_NAME="/app", HTTP_HOST="example.com:80")
    r = Absolute(status=302, headers={"Location": "c"})
    assert serve(r, env)[1]["Location"] == "http://example.com/app/a/c"
    r = Absolute(status=302, headers={"Location": "https://other/x"})
    assert serve(r, env)[1]["Location"] == "https://other/x"


def test_autocorrect_location_with_non_ascii_request_path() -> None:
    class Absolute(Response):
        autocorrect_location_header = True

    # PEP 3333: PATH_INFO holds the raw bytes decoded as latin-1; "ü" arrived as UTF-8 C3 BC.
    env = environ(path="/ü/x".encode().decode("latin-1"), HTTP_HOST="example.com")
    r = Absolute(status=302, headers={"Location": "y"})
    assert serve(r, env)[1]["Location"] == "http://example.com/%C3%BC/y"


@pytest.mark.parametrize(
    ("script_name", "path", "expected"),
    [
        # Text outside latin-1 from a non-conforming server: sent as UTF-8, not an error.
        ("", "/€/x", "http://example.com/%E2%82%AC/y"),
        ("/ap€", "/x", "http://example.com/ap%E2%82%AC/y"),
        # The whole string is text then, so its latin-1 range characters are UTF-8 as well.
        ("", "/ü€/x", "http://example.com/%C3%BC%E2%82%AC/y"),
        # surrogateescape-decoded bytes come back as the bytes; other lone surrogates never raise.
        ("", "/\udcff€/x", "http://example.com/%FF%E2%82%AC/y"),
        ("", "/\ud800/x", "http://example.com/%ED%A0%80/y"),
    ],
)
def test_autocorrect_location_with_text_outside_latin_1(
    script_name: str, path: str, expected: str
) -> None:
    class Absolute(Response):
        autocorrect_location_header = True

    env = environ(path=path, SCRIPT_NAME=script_name, HTTP_HOST="example.com")
    r = Absolute(status=302, headers={"Location": "y"})
    status, headers, _ = serve(r, env)
    assert status == "302 FOUND"
    assert headers["Location"] == expected
    # The header list is what a server can send: latin-1 text (PEP 3333).
    headers["Location"].encode("latin-1")


@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        ("http://☃.net/", "http://xn--n3h.net/"),
        ("http://user:pä@host:8080/p", "http://user:p%C3%A4@host:8080/p"),
        ("http://[::1]:80/x", "http://[::1]:80/x"),
        ("/already%20quoted", "/already%20quoted"),
        ("/a b", "/a%20b"),
        ("mailto:a@b", "mailto:a@b"),
    ],
)
def test_iri_to_uri(iri: str, uri: str) -> None:
    assert iri_to_uri(iri) == uri


def test_iri_to_uri_never_raises_on_bad_hosts() -> None:
    assert iri_to_uri("http://a..b/x").endswith("/x")
    assert iri_to_uri("http://host:port/x")


# -- from_app / force_type / run_wsgi_app ------------------------------------------------------------


def hello_app(env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Path", env["PATH_INFO"])])
    return [b"Hello ", b"World"]


def test_from_app() -> None:
    r = Response.from_app(hello_app, environ(path="/p"))
    assert isinstance(r, Response)
    assert r.status == "200 OK"
    assert r.headers["X-Path"] == "/p"
    assert r.content_type == "text/plain"
    assert r.data == b"Hello World"


def test_from_app_with_write_and_lazy_start_response() -> None:
    def writer(env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        write = start_response("202 Accepted", [])
        write(b"first ")
        return [b"second"]

    assert Response.from_app(writer, environ()).data == b"first second"
    assert Response.from_app(writer, environ(), buffered=True).data == b"first second"

    closed: list[int] = []

    def lazy(env: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        try:
            start_response("200 OK", [("X-Lazy", "1")])
            yield b"a"
            yield b"b"
        finally:
            closed.append(1)

    r = Response.from_app(lazy, environ())
    assert r.headers["X-Lazy"] == "1"
    assert r.is_streamed
    assert r.data == b"ab"
    r.close()
    assert closed == [1]


def test_from_app_closes_iterable_with_close() -> None:
    body = CountingGen([b"x"])

    def app(env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [])
        return body

    r = Response.from_app(app, environ())
    assert r.data == b"x"
    r.close()
    assert body.closed == 1
    body2 = CountingGen([b"x"])

    def app2(env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [])
        return body2

    Response.from_app(app2, environ(), buffered=True)
    assert body2.closed == 1


def test_run_wsgi_app_copies_environ_and_needs_start_response() -> None:
    env = environ()

    def mutating(e: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        e["PATH_INFO"] = "/changed"
        start_response("200 OK", [])
        return []

    run_wsgi_app(mutating, env)
    assert env["PATH_INFO"] == "/"

    def silent(e: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return []

    with pytest.raises(RuntimeError, match="start_response"):
        run_wsgi_app(silent, env)


def test_force_type() -> None:
    class MyResponse(Response):
        def shout(self) -> str:
            return self.get_data(as_text=True).upper()

    r = Response("hi")
    forced = MyResponse.force_type(r)
    assert forced is r
    assert isinstance(forced, MyResponse)
    assert forced.shout() == "HI"

    from_app = MyResponse.force_type(hello_app, environ())
    assert isinstance(from_app, MyResponse)
    assert from_app.data == b"Hello World"

    with pytest.raises(TypeError, match="environ"):
        MyResponse.force_type(hello_app)  # type: ignore[arg-type]


def test_force_type_to_subclass_with_own_slots() -> None:
    class Slotted(Response):
        __slots__ = ("extra",)

    r = Response("hi", 201, {"X-A": "1"})
    forced = Slotted.force_type(r)
    assert isinstance(forced, Slotted)
    assert forced.status == "201 CREATED"
    assert forced.headers["X-A"] == "1"
    assert forced.data == b"hi"


def test_force_type_accepts_werkzeug_response_as_app() -> None:
    import werkzeug

    wz = werkzeug.Response("from werkzeug", 418)
    r = Response.force_type(wz, environ())
    assert r.status_code == 418
    assert r.data == b"from werkzeug"


def test_overridden_iter_encoded_is_used_for_the_body() -> None:
    class Upper(Response):
        def iter_encoded(self) -> Iterator[bytes]:
            for chunk in super().iter_encoded():
                yield chunk.upper()

    assert serve(Upper([b"abc"]))[2] == b"ABC"
    assert serve(Response([b"abc"]))[2] == b"abc"


@pytest.mark.parametrize(
    ("status", "method", "sent"),
    [
        (200, "GET", b"ab"),
        (200, "HEAD", b""),
        (204, "GET", b""),
        (304, "GET", b""),
        (101, "GET", b""),
    ],
)
def test_app_iter_of_list_body_runs_callbacks_only_when_registered(
    status: int, method: str, sent: bytes
) -> None:
    calls: list[str] = []
    r = Response([b"a", b"b"], status)
    plain = r.get_app_iter(environ(method))
    assert b"".join(plain) == sent
    plain.close()  # type: ignore[attr-defined]  # nothing to run, still callable
    r.call_on_close(lambda: calls.append("closed"))
    for app_iter in (r.get_app_iter(environ(method)), r(environ(method), Recorder())):
        assert b"".join(app_iter) == sent
        app_iter.close()  # type: ignore[attr-defined]
    assert calls == ["closed", "closed"]
