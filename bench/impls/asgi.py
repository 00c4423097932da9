"""The ASGI scenarios: genresp.asgi.Response, Starlette and a hand-written ASGI floor.

Every case is an ASGI callable driven by harness.call_asgi (one coroutine.send(None), no event
loop) on an ASGI 2.4 scope. Starlette has no make_conditional: its conditional_304 and range_206
cases do by hand what a Starlette endpoint would (compare If-None-Match, slice one
"bytes=first-last" range), so they do less checking than genresp's RFC 9110 evaluation. The stream
body is the same async generator for all three (Starlette would move a sync one to a thread).
"""

from __future__ import annotations

import json
import platform
from collections.abc import AsyncIterator
from importlib.metadata import version
from typing import Any

from harness import (
    COOKIE_DOMAIN,
    ETAG,
    HELLO,
    JSON_LOCATION,
    JSON_PAYLOAD,
    RANGE_BODY,
    RANGE_HEADER,
    STREAM_CHUNK,
    STREAM_CHUNKS,
    Case,
    call_asgi,
    make_scope,
    observe_asgi,
)

from impls import Impl

SCENARIOS = ("hello", "json_api", "cookies", "conditional_304", "range_206", "stream")

HOST = (b"host", b"localhost")
SCOPES = {
    "plain": [HOST],
    "conditional": [HOST, (b"if-none-match", f'"{ETAG}"'.encode())],
    "range": [HOST, (b"range", RANGE_HEADER.encode())],
}


async def achunks() -> AsyncIterator[bytes]:
    for _ in range(STREAM_CHUNKS):
        yield STREAM_CHUNK


def _case(app_factory: Any, scope_name: str) -> Case:
    scope = make_scope(list(SCOPES[scope_name]))

    def run() -> Any:
        return call_asgi(app_factory(scope), scope)

    return Case(run, observe_asgi)


# -- genresp --------------------------------------------------------------------------------------


def genresp_impl() -> Impl:
    from genresp.asgi import Response

    def hello(scope: Any) -> Any:
        return Response(HELLO, mimetype="text/plain")

    def json_api(scope: Any) -> Any:
        body = json.dumps(JSON_PAYLOAD, separators=(",", ":"))
        resp = Response(body, status=201, mimetype="application/json")
        resp.cache_control.no_store = True
        resp.vary = ("Accept", "Accept-Encoding")
        resp.location = JSON_LOCATION
        return resp

    def cookies(scope: Any) -> Any:
        resp = Response(HELLO, mimetype="text/plain")
        resp.set_cookie("session", "s3cr3t", secure=True, httponly=True)
        resp.set_cookie("theme", "dark")
        resp.set_cookie("lang", "en", domain=COOKIE_DOMAIN)
        return resp

    def conditional_304(scope: Any) -> Any:
        resp = Response(HELLO, mimetype="text/plain")
        resp.set_etag(ETAG)
        return resp.make_conditional(scope)

    length = len(RANGE_BODY)

    def range_206(scope: Any) -> Any:
        resp = Response(RANGE_BODY, mimetype="application/octet-stream")
        return resp.make_conditional(scope, accept_ranges=True, complete_length=length)

    def stream(scope: Any) -> Any:
        return Response(achunks(), mimetype="text/plain")

    return _impl("genresp", version_of("genresp"), locals(), Response(HELLO, mimetype="text/plain"))


# -- Starlette ------------------------------------------------------------------------------------


def starlette_impl() -> Impl:
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

    def hello(scope: Any) -> Any:
        return PlainTextResponse(HELLO)

    def json_api(scope: Any) -> Any:
        return JSONResponse(
            JSON_PAYLOAD,
            status_code=201,
            headers={
                "Cache-Control": "no-store",
                "Vary": "Accept, Accept-Encoding",
                "Location": JSON_LOCATION,
            },
        )

    def cookies(scope: Any) -> Any:
        resp = PlainTextResponse(HELLO)
        # samesite=None: Starlette adds "SameSite=lax" by default, the others add nothing.
        resp.set_cookie("session", "s3cr3t", secure=True, httponly=True, samesite=None)
        resp.set_cookie("theme", "dark", samesite=None)
        resp.set_cookie("lang", "en", domain=COOKIE_DOMAIN, samesite=None)
        return resp

    etag = f'"{ETAG}"'

    def conditional_304(scope: Any) -> Any:
        if Request(scope).headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return PlainTextResponse(HELLO, headers={"ETag": etag})

    length = len(RANGE_BODY)

    def range_206(scope: Any) -> Any:
        spec = Request(scope).headers["range"].partition("=")[2]
        first_s, _, last_s = spec.partition("-")
        first, last = int(first_s), min(int(last_s), length - 1)
        return Response(
            RANGE_BODY[first : last + 1],
            status_code=206,
            media_type="application/octet-stream",
            headers={"Accept-Ranges": "bytes", "Content-Range": f"bytes {first}-{last}/{length}"},
        )

    def stream(scope: Any) -> Any:
        return StreamingResponse(achunks(), media_type="text/plain")

    return _impl("starlette", version("starlette"), locals(), PlainTextResponse(HELLO))


# -- the floor: hand-written ASGI callables --------------------------------------------------------

TEXT = b"text/plain; charset=utf-8"


def floor_impl() -> Impl:
    async def hello_app(scope: Any, receive: Any, send: Any) -> None:
        body = HELLO.encode()
        headers = [(b"content-type", TEXT), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def json_app(scope: Any, receive: Any, send: Any) -> None:
        body = json.dumps(JSON_PAYLOAD, separators=(",", ":")).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"vary", b"Accept, Accept-Encoding"),
            (b"location", JSON_LOCATION.encode()),
        ]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def cookies_app(scope: Any, receive: Any, send: Any) -> None:
        body = HELLO.encode()
        headers = [
            (b"content-type", TEXT),
            (b"content-length", str(len(body)).encode()),
            (b"set-cookie", b"session=s3cr3t; Secure; HttpOnly; Path=/"),
            (b"set-cookie", b"theme=dark; Path=/"),
            (b"set-cookie", f"lang=en; Domain={COOKIE_DOMAIN}; Path=/".encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    etag = f'"{ETAG}"'.encode()

    async def conditional_app(scope: Any, receive: Any, send: Any) -> None:
        for name, value in scope["headers"]:
            if name == b"if-none-match" and value == etag:
                await send(
                    {"type": "http.response.start", "status": 304, "headers": [(b"etag", etag)]}
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await hello_app(scope, receive, send)

    length = len(RANGE_BODY)

    async def range_app(scope: Any, receive: Any, send: Any) -> None:
        value = dict(scope["headers"])[b"range"].decode()
        first_s, _, last_s = value.partition("=")[2].partition("-")
        first, last = int(first_s), min(int(last_s), length - 1)
        body = RANGE_BODY[first : last + 1]
        headers = [
            (b"content-type", b"application/octet-stream"),
            (b"accept-ranges", b"bytes"),
            (b"content-range", f"bytes {first}-{last}/{length}".encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 206, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def stream_app(scope: Any, receive: Any, send: Any) -> None:
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", TEXT)]}
        )
        async for chunk in achunks():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    apps = {
        "hello": hello_app,
        "json_api": json_app,
        "cookies": cookies_app,
        "conditional_304": conditional_app,
        "range_206": range_app,
        "stream": stream_app,
    }
    factories = {name: _constant(app) for name, app in apps.items()}
    return _impl("floor", f"python {platform.python_version()}", factories, None)


# -- plumbing -------------------------------------------------------------------------------------

_SCOPE_OF = {"conditional_304": "conditional", "range_206": "range"}


def _constant(app: Any) -> Any:
    """A factory that hands out the same ASGI callable for every scope."""
    return lambda scope: app


def _bind(factory: Any, scope_name: str) -> Any:
    return lambda: _case(factory, scope_name)


def _impl(name: str, ver: str, factories: dict[str, Any], live: Any) -> Impl:
    cases = {
        scenario: _bind(factories[scenario], _SCOPE_OF.get(scenario, "plain"))
        for scenario in SCENARIOS
    }
    return Impl(name=name, version=ver, cases=cases, live_hello=lambda: live)


def version_of(dist: str) -> str:
    try:
        return version(dist)
    except Exception:  # noqa: BLE001 - an uninstalled checkout runs from src/
        return "src"


def build_all() -> dict[str, Impl]:
    return {"genresp": genresp_impl(), "starlette": starlette_impl(), "floor": floor_impl()}
