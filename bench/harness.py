"""Shared plumbing for the benchmark: calling WSGI/ASGI apps, observations, timing."""

from __future__ import annotations

import gc
import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any

# What the equivalence check compares: status line, headers (lower-cased name -> sorted
# values) and the whole body.
Observation = tuple[str, dict[str, list[str]], bytes]

# Scenario names in report order.
SCENARIOS = (
    "hello",
    "json_api",
    "header_read",
    "header_write",
    "conditional_304",
    "range_206",
    "cookies",
    "stream",
)

# Headers generated from the clock by some implementations only (Werkzeug's make_conditional adds
# Date, WebOb and the floor do not); the check ignores them.
CLOCK_HEADERS = frozenset({"date"})


@dataclass(frozen=True)
class Case:
    """One implementation of one scenario.

    ``run`` is the timed call; ``observe`` turns its result into an Observation and is only
    used by the equivalence check (never timed).
    """

    run: Callable[[], Any]
    observe: Callable[[Any], Observation]


# ---------------------------------------------------------------------------------------------
# Fixed data shared by every implementation, so that they produce the same bytes.

HELLO = "Hello, World!"
JSON_PAYLOAD: dict[str, Any] = {"id": 42, "name": "widget", "tags": ["a", "b"], "price": 9.5}
JSON_LOCATION = "https://example.com/items/42"
JSON_VARY = "Accept, Accept-Encoding"
ETAG = "abc123"
RANGE_BODY = bytes(range(256)) * 40  # 10 KiB
RANGE_HEADER = "bytes=1024-2047"
STREAM_CHUNK = b"0123456789abcdef" * 4
STREAM_CHUNKS = 100
COOKIE_DOMAIN = "example.com"
# (name, value) of the existing response read by header_read, as raw header lines.
READ_HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", "1234"),
    ("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"),
    ("Expires", "Thu, 22 Oct 2015 07:28:00 GMT"),
    ("Age", "120"),
    ("ETag", '"abc123"'),
    ("Cache-Control", "public, max-age=300"),
    ("Vary", "Accept-Encoding, Cookie"),
]
# Values written by header_write (each implementation sets them through its typed API).
WRITE_LAST_MODIFIED = datetime(2015, 10, 21, 7, 28, 0, tzinfo=timezone.utc)
WRITE_EXPIRES = datetime(2015, 10, 22, 7, 28, 0, tzinfo=timezone.utc)
WRITE_AGE = 120
WRITE_MAX_AGE = 300
WRITE_VARY = ("Accept-Encoding", "Cookie")
WRITE_LANGUAGE = ("en",)
WRITE_ALLOW = ("GET", "HEAD")


def stream_chunks() -> Iterable[bytes]:
    """The body of the stream scenario, as a fresh generator."""
    for _ in range(STREAM_CHUNKS):
        yield STREAM_CHUNK


# ---------------------------------------------------------------------------------------------
# WSGI


def make_environ(**headers: str) -> dict[str, Any]:
    """A minimal GET environ; keyword names are CGI keys such as HTTP_IF_NONE_MATCH."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    environ.update(headers)
    return environ


def _write(data: bytes) -> None:
    raise RuntimeError("the benchmark apps must not use the write() callable")


def call_wsgi(app: Any, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """Call a WSGI app as a server would: collect status and headers, join the body, close()."""
    captured: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured[:] = (status, headers)
        return _write

    iterable = app(environ, start_response)
    try:
        body = b"".join(iterable)
    finally:
        close = getattr(iterable, "close", None)
        if close is not None:
            close()
    return captured[0], captured[1], body


def observe_wsgi(result: tuple[str, list[tuple[str, str]], bytes]) -> Observation:
    status, headers, body = result
    return status, normalize_headers(headers), body


# ---------------------------------------------------------------------------------------------
# ASGI (Starlette). Responses that never wait are driven with one coroutine.send(None), which is
# the ASGI counterpart of call_wsgi: no event loop, no server.


def make_scope(headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": headers or [(b"host", b"localhost")],
        "server": ("localhost", 80),
    }


async def _receive() -> dict[str, Any]:
    return {"type": "http.disconnect"}


def call_asgi(app: Any, scope: dict[str, Any]) -> list[dict[str, Any]]:
    """Run an ASGI app that never suspends; return the messages it sent."""
    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    coro = app(scope, _receive, send)
    try:
        coro.send(None)
    except StopIteration:
        return messages
    coro.close()
    raise RuntimeError("ASGI app suspended; call_asgi only drives apps that never wait")


def observe_asgi(messages: list[dict[str, Any]]) -> Observation:
    start = messages[0]
    code = start["status"]
    status = f"{code} {HTTPStatus(code).phrase}"
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]]
    body = b"".join(m.get("body", b"") for m in messages[1:])
    return status, normalize_headers(headers), body


# ---------------------------------------------------------------------------------------------
# Normalisation


def _normalize_set_cookie(value: str) -> str:
    # RFC 6265 5.2: attribute order carries no meaning and attribute names are
    # case-insensitive; peers order them differently, so sort them and lower the names.
    first, *attrs = (part.strip() for part in value.split(";"))
    norm = []
    for attr in attrs:
        name, sep, val = attr.partition("=")
        norm.append(name.strip().lower() + sep + val.strip())
    return "; ".join([first, *sorted(norm)])


def normalize_headers(headers: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Names lower-cased, values of one name sorted (compared as a multiset)."""
    out: dict[str, list[str]] = {}
    for name, value in headers:
        key = name.lower()
        if key == "set-cookie":
            value = _normalize_set_cookie(value)
        out.setdefault(key, []).append(value)
    for values in out.values():
        values.sort()
    return out


def read_observation(values: dict[str, object]) -> Observation:
    """Observation for header_read: the typed values, already converted to plain data."""
    return "read", {k: [repr(v)] for k, v in values.items()}, b""


def diff_observations(a: Observation, b: Observation) -> list[str]:
    """Human-readable differences between two observations (empty when equivalent)."""
    problems = []
    # Reason phrases carry no meaning (RFC 9112 4) and Werkzeug upper-cases them.
    if a[0].lower() != b[0].lower():
        problems.append(f"status {a[0]!r} != {b[0]!r}")
    for name in sorted(set(a[1]) | set(b[1])):
        if name in CLOCK_HEADERS:
            continue
        va, vb = a[1].get(name), b[1].get(name)
        if va != vb:
            problems.append(f"header {name}: {va!r} != {vb!r}")
    if a[2] != b[2]:
        problems.append(
            f"body ({len(a[2])} bytes) {a[2][:60]!r} != ({len(b[2])} bytes) {b[2][:60]!r}"
        )
    return problems


# ---------------------------------------------------------------------------------------------
# Timing


def calibrate(fn: Callable[[], Any], target: float) -> int:
    """Number of calls that take about ``target`` seconds."""
    n = 1
    while True:
        t = time_batch(fn, n)
        if t >= target / 10 or n >= 1 << 20:
            return max(1, int(n * target / max(t, 1e-9)))
        n *= 4


def time_batch(fn: Callable[[], Any], n: int) -> float:
    """Seconds for ``n`` calls, with the cyclic GC paused as timeit does."""
    it = range(n)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for _ in it:
            fn()
        return time.perf_counter() - t0
    finally:
        if gc_was_enabled:
            gc.enable()
