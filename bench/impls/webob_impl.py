"""WebOb versions of the scenarios (its typed attributes; conditional_response for 304/206)."""

from __future__ import annotations

import json
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
    READ_HEADERS,
    WRITE_AGE,
    WRITE_ALLOW,
    WRITE_EXPIRES,
    WRITE_LANGUAGE,
    WRITE_LAST_MODIFIED,
    WRITE_MAX_AGE,
    WRITE_VARY,
    Case,
    call_wsgi,
    make_environ,
    observe_wsgi,
    read_observation,
    stream_chunks,
)
from webob import Response

from impls import Impl


def hello() -> Case:
    environ = make_environ()

    def run() -> Any:
        resp = Response(text=HELLO, content_type="text/plain", charset="utf-8")
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def json_api() -> Case:
    environ = make_environ()

    def run() -> Any:
        body = json.dumps(JSON_PAYLOAD, separators=(",", ":")).encode()
        resp = Response(body=body, status=201, content_type="application/json")
        resp.cache_control.no_store = True
        resp.vary = ("Accept", "Accept-Encoding")
        resp.location = JSON_LOCATION
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def header_read() -> Case:
    resp = Response()
    # Assigned after construction: the constructor would rewrite Content-Length for its body.
    resp.headerlist = list(READ_HEADERS)

    def run() -> Any:
        r = resp
        return (
            r.content_length,
            r.content_type,
            r.last_modified,
            r.expires,
            r.age,
            r.etag,
            r.cache_control.max_age,
            r.vary,
        )

    def observe(v: Any) -> Any:
        return read_observation(
            {
                "content_length": v[0],
                "mimetype": v[1],
                "last_modified": v[2].timestamp(),
                "expires": v[3].timestamp(),
                "age": float(v[4]),
                "etag": (v[5], False),
                "max_age": v[6],
                "vary": sorted(x.lower() for x in v[7]),
            }
        )

    return Case(run, observe)


def header_write() -> Case:
    environ = make_environ()

    def run() -> Any:
        resp = Response(content_type="text/plain", charset="utf-8")
        resp.last_modified = WRITE_LAST_MODIFIED
        resp.expires = WRITE_EXPIRES
        resp.age = WRITE_AGE
        resp.etag = ETAG
        resp.cache_control.max_age = WRITE_MAX_AGE
        resp.vary = WRITE_VARY
        resp.content_language = WRITE_LANGUAGE
        resp.allow = WRITE_ALLOW
        return resp

    return Case(run, lambda resp: observe_wsgi(call_wsgi(resp, environ)))


def conditional_304() -> Case:
    environ = make_environ(HTTP_IF_NONE_MATCH=f'"{ETAG}"')

    def run() -> Any:
        resp = Response(
            text=HELLO, content_type="text/plain", charset="utf-8", conditional_response=True
        )
        resp.etag = ETAG
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def range_206() -> Case:
    environ = make_environ(HTTP_RANGE=RANGE_HEADER)

    def run() -> Any:
        resp = Response(
            body=RANGE_BODY, content_type="application/octet-stream", conditional_response=True
        )
        resp.accept_ranges = "bytes"
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def cookies() -> Case:
    environ = make_environ()

    def run() -> Any:
        resp = Response(text=HELLO, content_type="text/plain", charset="utf-8")
        resp.set_cookie("session", "s3cr3t", secure=True, httponly=True)
        resp.set_cookie("theme", "dark")
        resp.set_cookie("lang", "en", domain=COOKIE_DOMAIN)
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def stream() -> Case:
    environ = make_environ()

    def run() -> Any:
        resp = Response(app_iter=stream_chunks(), content_type="text/plain", charset="utf-8")
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def build() -> Impl:
    return Impl(
        name="webob",
        version=version("webob"),
        cases={
            "hello": hello,
            "json_api": json_api,
            "header_read": header_read,
            "header_write": header_write,
            "conditional_304": conditional_304,
            "range_206": range_206,
            "cookies": cookies,
            "stream": stream,
        },
        live_hello=lambda: Response(text=HELLO, content_type="text/plain", charset="utf-8"),
    )
