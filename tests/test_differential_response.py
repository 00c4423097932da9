"""Differential tests: the same operations on genresp.Response and on Werkzeug 2.3's Response (with an
HTML default mimetype), compared by status, headers, body and the body properties, over generated cases.

Header order across different names is not compared (a documented difference, RFC 9110 5.3); the order
of values of one name is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import werkzeug
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import create_environ

import genresp
from tests.servers import call_app


class WerkzeugHTML(werkzeug.Response):
    default_mimetype = "text/html"


IMPLS: tuple[type[Any], ...] = (genresp.Response, WerkzeugHTML)

TEXT = st.text(alphabet=st.sampled_from('aé☃ x"{}[]:,01'), max_size=12)
CHUNK = st.one_of(TEXT, TEXT.map(str.encode))
STATUS = st.sampled_from(
    [100, 101, 200, 201, 202, 204, 206, 299, 301, 302, 304, 404, 418, 500, 599]
)
LOCATIONS = [
    "/next",
    "/a b",
    "/ä/ö?q=é#f",
    "http://☃.net/p",
    "itms-services://?action=download-manifest",
    "../up/one",
    "http://example.com/a%20b",
    "https://user:pw@example.com:8443/x?y=1",
    "relative?x=1",
]
EXTRA_HEADERS = st.lists(
    st.sampled_from(
        [("Location", loc) for loc in LOCATIONS]
        + [
            ("Content-Location", "/doc/ü"),
            ("Content-Location", "/plain"),
            ("Content-Length", "3"),
            ("Expires", "Thu, 01 Dec 1994 16:00:00 GMT"),
            ("Last-Modified", "Thu, 01 Dec 1994 16:00:00 GMT"),
            ("ETag", '"abc"'),
            ("Content-Encoding", "gzip"),
            ("Content-Language", "en"),
            ("Allow", "GET, HEAD"),
            ("Cache-Control", "no-store"),
            ("X-Custom", "1"),
            ("X-Custom", "2"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
        ]
    ),
    max_size=5,
)
MIMETYPE = st.one_of(
    st.none(),
    st.sampled_from(
        ["text/plain", "application/json", "application/problem+json", "image/png", "text/xml"]
    ),
)


@dataclass
class Case:
    """One generated scenario, replayed identically on both implementations."""

    body_kind: str
    chunks: list[str | bytes]
    status: int
    headers: list[tuple[str, str]]
    mimetype: str | None
    method: str
    ops: list[tuple[str, Any]] = field(default_factory=list)
    path: str = "/app/x"

    def body(self) -> Any:
        if self.body_kind == "none":
            return None
        if self.body_kind == "str":
            return "".join(c if isinstance(c, str) else c.decode() for c in self.chunks)
        if self.body_kind == "bytes":
            return b"".join(c.encode() if isinstance(c, str) else c for c in self.chunks)
        if self.body_kind == "list":
            return list(self.chunks)
        if self.body_kind == "tuple":
            return tuple(self.chunks)

        def gen() -> Iterator[str | bytes]:
            yield from self.chunks

        return gen()


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("set_data"), CHUNK),
        st.tuples(st.just("write"), TEXT.map(str.encode)),
        st.tuples(st.just("writelines"), st.lists(TEXT.map(str.encode), max_size=3)),
        st.tuples(st.just("freeze"), st.none()),
        st.tuples(st.just("make_sequence"), st.none()),
        st.tuples(st.just("no_auto_length"), st.none()),
        st.tuples(st.just("autocorrect"), st.none()),
        st.tuples(st.just("status"), STATUS),
        st.tuples(st.just("mimetype"), st.sampled_from(["text/plain", "application/json"])),
    ),
    max_size=3,
)

CASES = st.builds(
    Case,
    body_kind=st.sampled_from(["none", "str", "bytes", "list", "tuple", "generator"]),
    chunks=st.lists(CHUNK, max_size=4),
    status=STATUS,
    headers=EXTRA_HEADERS,
    mimetype=MIMETYPE,
    method=st.sampled_from(["GET", "HEAD"]),
    ops=OPS,
    path=st.sampled_from(["/", "/app/x", "/a/b/", "/p%20q"]),
)


def apply(resp: Any, op: str, arg: Any) -> None:
    if op == "set_data":
        resp.set_data(arg)
    elif op == "write":
        resp.stream.write(arg)
    elif op == "writelines":
        resp.stream.writelines(arg)
    elif op == "freeze":
        resp.freeze()
    elif op == "make_sequence":
        resp.make_sequence()
    elif op == "no_auto_length":
        resp.automatically_set_content_length = False
    elif op == "autocorrect":
        resp.autocorrect_location_header = True
    elif op == "status":
        resp.status_code = arg
    elif op == "mimetype":
        resp.mimetype = arg


def grouped(headers: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in headers:
        out.setdefault(name.lower(), []).append(value)
    return out


def outcome(cls: type[Any], case: Case) -> dict[str, Any]:
    """Everything observable about one run, or the exception type if the run failed."""
    try:
        resp = cls(case.body(), case.status, case.headers, mimetype=case.mimetype)
        for op, arg in case.ops:
            apply(resp, op, arg)
        facts: dict[str, Any] = {
            "is_streamed": resp.is_streamed,
            "is_sequence": resp.is_sequence,
            "is_json": resp.is_json,
            "own_headers": grouped(list(resp.headers.items())),
        }
        env = create_environ(case.path, "http://example.com/app/", method=case.method)
        status, headers, body = call_app(resp, env)
        facts.update(status=status, headers=grouped(headers), body=body)
        facts["data"] = resp.get_data()
        facts["length"] = resp.calculate_content_length()
        facts["repr"] = repr(resp).split(" ", 1)[1]
        facts["json"] = resp.get_json(force=True, silent=True)
        return facts
    except Exception as exc:  # both sides must fail the same way
        return {"error": type(exc).__name__}


@settings(max_examples=400, deadline=None)
@given(CASES)
def test_same_wsgi_output(case: Case) -> None:
    ours, theirs = (outcome(cls, case) for cls in IMPLS)
    assert ours == theirs


@settings(max_examples=150, deadline=None)
@given(st.lists(CHUNK, max_size=5), st.sampled_from(["GET", "HEAD"]), st.booleans())
def test_same_from_app(chunks: list[str | bytes], method: str, buffered: bool) -> None:
    encoded = [c.encode() if isinstance(c, str) else c for c in chunks]

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        start_response("203 Whatever", [("X-Method", environ["REQUEST_METHOD"])])
        yield from encoded

    results = []
    for cls in IMPLS:
        resp = cls.from_app(app, create_environ("/", method=method), buffered=buffered)
        results.append((resp.status, grouped(list(resp.headers.items())), resp.get_data()))
        resp.close()
    assert results[0] == results[1]


# -- porting: Werkzeug 2.3 snippets that run unchanged with only the import swapped --------------


def snippet_streaming(Response: Any) -> tuple[Any, ...]:
    def generate() -> Iterator[str]:
        for row in ("a,b", "c,d"):
            yield row + "\n"

    resp = Response(generate(), mimetype="text/csv")
    resp.headers["Content-Disposition"] = "attachment; filename=data.csv"
    return resp.status, resp.content_type, resp.get_data(as_text=True), resp.is_streamed


def snippet_json_api(Response: Any) -> tuple[Any, ...]:
    resp = Response(json.dumps({"ok": True}), status=201, mimetype="application/json")
    resp.headers.add("X-Request-Id", "42")
    closed = []
    resp.call_on_close(lambda: closed.append(True))
    with resp:
        data = resp.json
    return resp.status, data, resp.content_length, closed, resp.is_json


def snippet_stream_and_freeze(Response: Any) -> tuple[Any, ...]:
    resp = Response()
    resp.stream.write(b"hello ")
    resp.stream.writelines([b"wor", b"ld"])
    resp.freeze()
    env = create_environ("/", method="GET")
    app_iter, status, headers = resp.get_wsgi_response(env)
    return status, sorted(headers), b"".join(app_iter), resp.stream.tell()


def test_porting_snippets_exact() -> None:
    # With Werkzeug's text/plain default pinned to genresp's text/html, the results are identical.
    for snippet in (snippet_streaming, snippet_json_api, snippet_stream_and_freeze):
        assert snippet(genresp.Response) == snippet(WerkzeugHTML)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(LOCATIONS + ["", "?q=1", "#frag", "//other.host/p"]),
    st.sampled_from(["http", "https"]),
    st.sampled_from(["example.com", "example.com:80", "example.com:443", "h:8080", "[::1]:8000"]),
    st.sampled_from(["", "/app", "/app/", "/a%20b"]),
    # ASCII request paths only: for a non-ASCII path Werkzeug 2.3 percent-encodes the latin-1 WSGI
    # string as UTF-8 a second time (mojibake); genresp encodes the original bytes (docs/differences.md).
    st.sampled_from(["/", "/x", "/x/y", "/x/y/", "/a%20b", "/a b"]),
    st.booleans(),
)
def test_same_location_handling(
    location: str, scheme: str, host: str, root: str, path: str, autocorrect: bool
) -> None:
    env = create_environ(path, f"{scheme}://{host}{root}")
    results = []
    for cls in IMPLS:
        resp = cls(status=302, headers={"Location": location, "Content-Location": location})
        resp.autocorrect_location_header = autocorrect
        results.append(grouped(list(resp.get_wsgi_headers(env).items())))
    assert results[0] == results[1]


# Werkzeug 2.3 snippets as source text. Each is run as written and again with only its import line
# changed to genresp; the results must be identical.
PORTED_SNIPPETS = [
    """
from werkzeug.wrappers import Response

def application(environ, start_response):
    response = Response("Hello World!", mimetype="text/plain")
    response.headers["X-Frame-Options"] = "DENY"
    return response(environ, start_response)

sent = []
app_iter = application(
    {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "x", "SERVER_PORT": "80",
     "wsgi.url_scheme": "http"},
    lambda status, headers: sent.append((status, sorted(headers))),
)
result = (sent, b"".join(app_iter))
app_iter.close()
""",
    """
from werkzeug import Response
import json

resp = Response(json.dumps({"id": 7}), status=201, mimetype="application/json")
resp.headers["Location"] = "/items/7"
resp.stream.write(b" ")
log = []
resp.call_on_close(lambda: log.append("closed"))
with resp:
    result = (resp.status, resp.json, resp.is_json, resp.calculate_content_length(), repr(resp))
result += (log,)
""",
    """
from werkzeug.wrappers import Response

def rows():
    yield "id,name\\n"
    yield "1,Ünïcode\\n"

resp = Response(rows(), mimetype="text/csv", direct_passthrough=False)
assert resp.is_streamed
resp.freeze()
resp.headers["Cache-Control"] = "no-cache"
result = (resp.status_code, resp.content_length, resp.get_data(as_text=True),
          resp.headers["ETag"], resp.headers["Content-Type"], resp.is_sequence)
""",
]


@pytest.mark.oracle  # runs Werkzeug through source text, which tests/levels.py cannot see
def test_ported_snippets_need_only_the_import_changed() -> None:
    for source in PORTED_SNIPPETS:
        ported = source.replace("from werkzeug.wrappers import", "from genresp import").replace(
            "from werkzeug import", "from genresp import"
        )
        assert ported != source
        assert "werkzeug" not in ported
        original_ns: dict[str, Any] = {}
        ported_ns: dict[str, Any] = {}
        exec(compile(source, "werkzeug-snippet", "exec"), original_ns)
        exec(compile(ported, "genresp-snippet", "exec"), ported_ns)
        assert ported_ns["Response"].__module__.startswith("genresp")
        assert ported_ns["result"] == original_ns["result"]
