"""Calls per request: a speed regression guard that counts instead of timing.

Time is too noisy on a shared machine to decide a test, but the number of Python-level calls genresp
makes to build and serve a response is exact, and on the hot paths it is most of the cost. Each
scenario of bench/ (the WSGI ones, built the same way) has a budget a little above today's count: a
change that adds calls on a hot path fails here and has to raise the budget deliberately. The
counts are made after a warm-up call, so the bounded caches (genresp._cache) are filled, as in a
running application.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from types import FrameType
from typing import Any

import pytest

from genresp import Response, sf
from genresp._generated.values import CacheStatusEntry, Priority
from genresp.datastructures.content_disposition import ContentDisposition
from genresp.datastructures.hsts import StrictTransportSecurity

ENVIRON = {
    "REQUEST_METHOD": "GET",
    "SERVER_NAME": "example.com",
    "SERVER_PORT": "80",
    "wsgi.url_scheme": "http",
    "PATH_INFO": "/",
}


def genresp_calls(run: Callable[[], Any]) -> int:
    """The Python-level calls into genresp's own code while `run()` runs (after a warm-up run)."""
    run()
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event == "call" and "/genresp/" in frame.f_code.co_filename.replace("\\", "/"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def serve(resp: Response, environ: dict[str, Any] = ENVIRON) -> bytes:
    """As a WSGI server does: start_response, iterate, close."""

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Callable[[bytes], None]:
        return lambda data: None

    body = resp(environ, start_response)
    try:
        return b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


def hello() -> None:
    serve(Response("Hello, World!", mimetype="text/plain"))


def json_api() -> None:
    resp = Response('{"id":42}', status=201, mimetype="application/json")
    resp.cache_control.no_store = True
    resp.vary = ("Accept", "Accept-Encoding")
    resp.location = "https://example.com/items/42"
    serve(resp)


def cookies(n: int = 3) -> Callable[[], None]:
    def run() -> None:
        resp = Response("Hello", mimetype="text/plain")
        for i in range(n):
            resp.set_cookie(f"c{i}", "v", secure=True, httponly=True)
        serve(resp)

    return run


def conditional_304() -> None:
    environ = {**ENVIRON, "HTTP_IF_NONE_MATCH": '"v1"'}
    resp = Response("Hello", mimetype="text/plain")
    resp.set_etag("v1")
    resp.make_conditional(environ)
    serve(resp, environ)


def range_206() -> None:
    environ = {**ENVIRON, "HTTP_RANGE": "bytes=0-99"}
    resp = Response(b"x" * 4096, mimetype="application/octet-stream")
    resp.make_conditional(environ, accept_ranges=True, complete_length=4096)
    assert resp.status_code == 206
    serve(resp, environ)


def stream(chunks: int = 100) -> Callable[[], None]:
    def body() -> Iterator[bytes]:
        for _ in range(chunks):
            yield b"0123456789abcdef"

    def run() -> None:
        serve(Response(body(), mimetype="text/plain"))

    return run


def modern_headers() -> None:
    """bench/modern_run.py's modern_headers: the typed modern headers set, then served."""
    resp = Response("Hello, World!", mimetype="text/plain")
    resp.strict_transport_security = StrictTransportSecurity(31536000, True, True)
    resp.server_timing.add("db", 53.2, "Database")
    resp.server_timing.add("app", 47.2)
    resp.link.add("/app.css", "preload", as_="style")
    resp.link.add("/app.js", "preload", as_="script")
    resp.content_disposition = ContentDisposition("attachment", "résumé.pdf")
    modern_sf_values(
        resp, sf, CacheStatusEntry, Priority, datetime(2023, 6, 30, tzinfo=timezone.utc)
    )
    serve(resp)


def modern_sf_values(resp: Response, sf: Any, entry: Any, priority: Any, when: Any) -> None:
    resp.permissions_policy = {
        "geolocation": sf.InnerList(),
        "camera": sf.InnerList([sf.Item(sf.Token("self")), sf.Item("https://a.example")]),
    }
    resp.priority = priority(urgency=1, incremental=True)
    resp.cache_status = [entry("ExampleCache", hit=True, ttl=376)]
    resp.deprecation = when


def modern_sf() -> None:
    """bench/modern_run.py's modern_sf_serialize (genresp row): the four structured-field values
    set on a new response and their texts read."""
    resp = Response()
    modern_sf_values(
        resp, sf, CacheStatusEntry, Priority, datetime(2023, 6, 30, tzinfo=timezone.utc)
    )
    headers = resp.headers
    for name in ("Permissions-Policy", "Priority", "Cache-Status", "Deprecation"):
        headers[name]


# Today's counts are 7, 26, 20, 17, 15, 14, 63 and 20 (range_206 a real 206 since 2026-12-01).
BUDGETS: dict[str, tuple[Callable[[], Any], int]] = {
    "hello": (hello, 9),
    "json_api": (json_api, 30),
    "cookies": (cookies(3), 23),
    "conditional_304": (conditional_304, 19),
    "range_206": (range_206, 17),
    "stream": (stream(100), 17),
    "modern_headers": (modern_headers, 65),
    "modern_sf": (modern_sf, 22),
}


@pytest.mark.parametrize("scenario", sorted(BUDGETS))
def test_calls_per_request_stay_within_budget(scenario: str) -> None:
    run, budget = BUDGETS[scenario]
    calls = genresp_calls(run)
    assert 0 < calls <= budget, f"{scenario}: {calls} Python calls into genresp (budget {budget})"


def test_each_cookie_costs_a_constant_number_of_calls() -> None:
    # From the second on (the first repeated Set-Cookie line makes the store of repeated lines).
    two, four, sixteen = (genresp_calls(cookies(n)) for n in (2, 4, 16))
    per_cookie = (four - two) / 2
    assert per_cookie == (sixteen - four) / 12  # linear in the number of cookies
    assert per_cookie <= 4


def test_streamed_chunks_cost_no_call_each() -> None:
    assert genresp_calls(stream(10)) == genresp_calls(stream(1000))


# -- ASGI: the same scenarios served by genresp.asgi.Response ----------------------------------------


def asgi_serve(resp: Any, scope: dict[str, Any]) -> list[Any]:
    """Drive the ASGI call as a server would, without an event loop (nothing here suspends)."""
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    with pytest.raises(StopIteration):
        resp(scope, receive, send).send(None)
    return sent


def asgi_scenario(name: str) -> Callable[[], None]:
    from genresp.asgi import Response as ASGIResponse
    from tests.test_asgi import make_scope

    fields = {
        "conditional_304": [("If-None-Match", '"v1"')],
        "range_206": [("Range", "bytes=0-99")],
    }
    scope = make_scope(headers=fields.get(name, []))

    def run() -> None:
        if name == "hello":
            resp = ASGIResponse("Hello, World!", mimetype="text/plain")
        elif name == "json_api":
            resp = ASGIResponse('{"id":42}', status=201, mimetype="application/json")
            resp.cache_control.no_store = True
            resp.vary = ("Accept", "Accept-Encoding")
            resp.location = "https://example.com/items/42"
        elif name == "conditional_304":
            resp = ASGIResponse("Hello", mimetype="text/plain")
            resp.set_etag("v1")
            resp.make_conditional(scope)
        else:
            resp = ASGIResponse(b"x" * 4096, mimetype="application/octet-stream")
            resp.make_conditional(scope, accept_ranges=True, complete_length=4096)
            assert resp.status_code == 206
        asgi_serve(resp, scope)

    return run


# Today's counts are 2, 18, 9 and 14 (the ASGI call of a buffered body is the coroutine alone; the
# other calls are the typed attributes and make_conditional).
ASGI_BUDGETS = {"hello": 3, "json_api": 21, "conditional_304": 11, "range_206": 16}


@pytest.mark.parametrize("scenario", sorted(ASGI_BUDGETS))
def test_asgi_calls_per_request_stay_within_budget(scenario: str) -> None:
    calls = genresp_calls(asgi_scenario(scenario))
    budget = ASGI_BUDGETS[scenario]
    assert 0 < calls <= budget, f"asgi {scenario}: {calls} Python calls into genresp ({budget})"
