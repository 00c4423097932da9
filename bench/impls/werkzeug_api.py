"""Scenarios written against Werkzeug's Response API.

genresp reproduces Werkzeug 2.3's Response API, so the same functions serve genresp, Werkzeug 3.x
and the stand-in (Werkzeug 2.3): each takes the Response class to use.
"""

from __future__ import annotations

import json
from functools import partial
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

from impls import Impl


def hello(Response: Any) -> Case:
    environ = make_environ()

    def run() -> Any:
        return call_wsgi(Response(HELLO, mimetype="text/plain"), environ)

    return Case(run, observe_wsgi)


def json_api(Response: Any) -> Case:
    environ = make_environ()

    def run() -> Any:
        body = json.dumps(JSON_PAYLOAD, separators=(",", ":"))
        resp = Response(body, status=201, mimetype="application/json")
        resp.cache_control.no_store = True
        resp.vary = ("Accept", "Accept-Encoding")
        resp.location = JSON_LOCATION
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def header_read(Response: Any) -> Case:
    resp = Response(headers=READ_HEADERS)

    def run() -> Any:
        r = resp
        return (
            r.content_length,
            r.mimetype,
            r.last_modified,
            r.expires,
            r.age,
            r.get_etag(),
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
                "age": v[4].total_seconds(),
                "etag": tuple(v[5]),
                "max_age": v[6],
                "vary": sorted(x.lower() for x in v[7]),
            }
        )

    return Case(run, observe)


def header_write(Response: Any) -> Case:
    environ = make_environ()

    def run() -> Any:
        resp = Response(mimetype="text/plain")
        resp.last_modified = WRITE_LAST_MODIFIED
        resp.expires = WRITE_EXPIRES
        resp.age = WRITE_AGE
        resp.set_etag(ETAG)
        resp.cache_control.max_age = WRITE_MAX_AGE
        resp.vary = WRITE_VARY
        resp.content_language = WRITE_LANGUAGE
        resp.allow = WRITE_ALLOW
        return resp

    return Case(run, lambda resp: observe_wsgi(call_wsgi(resp, environ)))


def conditional_304(Response: Any) -> Case:
    environ = make_environ(HTTP_IF_NONE_MATCH=f'"{ETAG}"')

    def run() -> Any:
        resp = Response(HELLO, mimetype="text/plain")
        resp.set_etag(ETAG)
        resp.make_conditional(environ)
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def range_206(Response: Any) -> Case:
    environ = make_environ(HTTP_RANGE=RANGE_HEADER)
    length = len(RANGE_BODY)

    def run() -> Any:
        resp = Response(RANGE_BODY, mimetype="application/octet-stream")
        resp.make_conditional(environ, accept_ranges=True, complete_length=length)
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def cookies(Response: Any) -> Case:
    environ = make_environ()

    def run() -> Any:
        resp = Response(HELLO, mimetype="text/plain")
        resp.set_cookie("session", "s3cr3t", secure=True, httponly=True)
        resp.set_cookie("theme", "dark")
        resp.set_cookie("lang", "en", domain=COOKIE_DOMAIN)
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def stream(Response: Any) -> Case:
    environ = make_environ()

    def run() -> Any:
        return call_wsgi(Response(stream_chunks(), mimetype="text/plain"), environ)

    return Case(run, observe_wsgi)


SCENARIO_FUNCS = {
    "hello": hello,
    "json_api": json_api,
    "header_read": header_read,
    "header_write": header_write,
    "conditional_304": conditional_304,
    "range_206": range_206,
    "cookies": cookies,
    "stream": stream,
}


def build(name: str, version: str, Response: Any) -> Impl:
    return Impl(
        name=name,
        version=version,
        cases={k: partial(f, Response) for k, f in SCENARIO_FUNCS.items()},
        live_hello=lambda: Response(HELLO, mimetype="text/plain"),
    )
