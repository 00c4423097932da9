"""Starlette versions of the scenarios that fit an ASGI response class.

Starlette has no typed header attributes and no make_conditional, so header_read, header_write,
conditional_304 and range_206 are left out. Its apps are driven by harness.call_asgi.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from importlib.metadata import version
from typing import Any

from harness import (
    COOKIE_DOMAIN,
    HELLO,
    JSON_LOCATION,
    JSON_PAYLOAD,
    Case,
    call_asgi,
    make_scope,
    observe_asgi,
    stream_chunks,
)
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse

from impls import Impl


def hello() -> Case:
    scope = make_scope()

    def run() -> Any:
        return call_asgi(PlainTextResponse(HELLO), scope)

    return Case(run, observe_asgi)


def json_api() -> Case:
    scope = make_scope()

    def run() -> Any:
        resp = JSONResponse(
            JSON_PAYLOAD,
            status_code=201,
            headers={
                "Cache-Control": "no-store",
                "Vary": "Accept, Accept-Encoding",
                "Location": JSON_LOCATION,
            },
        )
        return call_asgi(resp, scope)

    return Case(run, observe_asgi)


def cookies() -> Case:
    scope = make_scope()

    def run() -> Any:
        resp = PlainTextResponse(HELLO)
        # samesite=None: Starlette adds "SameSite=lax" by default, the others add nothing.
        resp.set_cookie("session", "s3cr3t", secure=True, httponly=True, samesite=None)
        resp.set_cookie("theme", "dark", samesite=None)
        resp.set_cookie("lang", "en", domain=COOKIE_DOMAIN, samesite=None)
        return call_asgi(resp, scope)

    return Case(run, observe_asgi)


async def _achunks() -> AsyncIterator[bytes]:
    # An async generator: a sync one would be moved to a thread pool by Starlette.
    for chunk in stream_chunks():
        yield chunk


def stream() -> Case:
    scope = make_scope()

    def run() -> Any:
        return call_asgi(StreamingResponse(_achunks(), media_type="text/plain"), scope)

    return Case(run, observe_asgi)


def build() -> Impl:
    return Impl(
        name="starlette",
        version=version("starlette"),
        cases={"hello": hello, "json_api": json_api, "cookies": cookies, "stream": stream},
        live_hello=lambda: PlainTextResponse(HELLO),
    )
