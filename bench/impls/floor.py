"""The floor: hand-written WSGI callables producing the same bytes with the least work.

No response object at all; each app encodes its body and builds its header list directly, and
parses or formats only the exact forms the scenario uses (e.g. IMF-fixdate dates). This is what
a framework's overhead is measured against, not a target to beat.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
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
    normalize_headers,
    observe_wsgi,
    read_observation,
    stream_chunks,
)

from impls import Impl

StartResponse = Callable[..., Any]
TEXT = "text/plain; charset=utf-8"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NUMBER = {name: i for i, name in enumerate(MONTHS, 1)}


def parse_imf_fixdate(value: str) -> datetime:
    """Only the preferred form, RFC 9110 5.6.7: ``Sun, 06 Nov 1994 08:49:37 GMT``."""
    return datetime(
        int(value[12:16]),
        MONTH_NUMBER[value[8:11]],
        int(value[5:7]),
        int(value[17:19]),
        int(value[20:22]),
        int(value[23:25]),
        tzinfo=timezone.utc,
    )


def format_imf_fixdate(dt: datetime) -> str:
    return (
        f"{DAYS[dt.weekday()]}, {dt.day:02d} {MONTHS[dt.month - 1]} {dt.year:04d} "
        f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} GMT"
    )


def hello_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    body = HELLO.encode()
    start_response("200 OK", [("Content-Type", TEXT), ("Content-Length", str(len(body)))])
    return [body]


def hello() -> Case:
    environ = make_environ()
    return Case(lambda: call_wsgi(hello_app, environ), observe_wsgi)


def json_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    body = json.dumps(JSON_PAYLOAD, separators=(",", ":")).encode()
    start_response(
        "201 Created",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("Vary", "Accept, Accept-Encoding"),
            ("Location", JSON_LOCATION),
        ],
    )
    return [body]


def json_api() -> Case:
    environ = make_environ()
    return Case(lambda: call_wsgi(json_app, environ), observe_wsgi)


def header_read() -> Case:
    headers = {name.lower(): value for name, value in READ_HEADERS}

    def run() -> Any:
        h = headers
        etag = h["etag"]
        weak = etag.startswith("W/")
        max_age = None
        for directive in h["cache-control"].split(","):
            key, _, value = directive.strip().partition("=")
            if key == "max-age":
                max_age = int(value)
        return (
            int(h["content-length"]),
            h["content-type"].partition(";")[0].strip(),
            parse_imf_fixdate(h["last-modified"]),
            parse_imf_fixdate(h["expires"]),
            timedelta(seconds=int(h["age"])),
            (etag[2:] if weak else etag).strip('"'),
            max_age,
            [v.strip() for v in h["vary"].split(",")],
        )

    def observe(v: Any) -> Any:
        return read_observation(
            {
                "content_length": v[0],
                "mimetype": v[1],
                "last_modified": v[2].timestamp(),
                "expires": v[3].timestamp(),
                "age": v[4].total_seconds(),
                "etag": (v[5], False),
                "max_age": v[6],
                "vary": sorted(x.lower() for x in v[7]),
            }
        )

    return Case(run, observe)


def header_write() -> Case:
    def run() -> Any:
        return [
            ("Content-Type", TEXT),
            ("Content-Length", "0"),
            ("Last-Modified", format_imf_fixdate(WRITE_LAST_MODIFIED)),
            ("Expires", format_imf_fixdate(WRITE_EXPIRES)),
            ("Age", str(WRITE_AGE)),
            ("ETag", f'"{ETAG}"'),
            ("Cache-Control", f"max-age={WRITE_MAX_AGE}"),
            ("Vary", ", ".join(WRITE_VARY)),
            ("Content-Language", ", ".join(WRITE_LANGUAGE)),
            ("Allow", ", ".join(WRITE_ALLOW)),
        ]

    return Case(run, lambda headers: ("200 OK", normalize_headers(headers), b""))


def conditional_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    etag = f'"{ETAG}"'
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
        start_response("304 Not Modified", [("ETag", etag)])
        return []
    body = HELLO.encode()
    start_response(
        "200 OK", [("Content-Type", TEXT), ("Content-Length", str(len(body))), ("ETag", etag)]
    )
    return [body]


def conditional_304() -> Case:
    environ = make_environ(HTTP_IF_NONE_MATCH=f'"{ETAG}"')
    return Case(lambda: call_wsgi(conditional_app, environ), observe_wsgi)


def range_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    # Only the single "bytes=first-last" form the scenario sends.
    length = len(RANGE_BODY)
    _, _, spec = environ["HTTP_RANGE"].partition("=")
    first_s, _, last_s = spec.partition("-")
    first, last = int(first_s), min(int(last_s), length - 1)
    body = RANGE_BODY[first : last + 1]
    start_response(
        "206 Partial Content",
        [
            ("Content-Type", "application/octet-stream"),
            ("Accept-Ranges", "bytes"),
            ("Content-Range", f"bytes {first}-{last}/{length}"),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]


def range_206() -> Case:
    environ = make_environ(HTTP_RANGE=RANGE_HEADER)
    return Case(lambda: call_wsgi(range_app, environ), observe_wsgi)


def cookies_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    body = HELLO.encode()
    start_response(
        "200 OK",
        [
            ("Content-Type", TEXT),
            ("Content-Length", str(len(body))),
            ("Set-Cookie", "session=s3cr3t; Secure; HttpOnly; Path=/"),
            ("Set-Cookie", "theme=dark; Path=/"),
            ("Set-Cookie", f"lang=en; Domain={COOKIE_DOMAIN}; Path=/"),
        ],
    )
    return [body]


def cookies() -> Case:
    environ = make_environ()
    return Case(lambda: call_wsgi(cookies_app, environ), observe_wsgi)


def stream_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", TEXT)])
    return stream_chunks()


def stream() -> Case:
    environ = make_environ()
    return Case(lambda: call_wsgi(stream_app, environ), observe_wsgi)


def live_hello() -> Any:
    """What a hand-written app would keep per live response: status, header list, body list."""
    body = HELLO.encode()
    return ("200 OK", [("Content-Type", TEXT), ("Content-Length", str(len(body)))], [body])


def build() -> Impl:
    return Impl(
        name="floor",
        version=f"python {platform.python_version()}",
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
        live_hello=live_hello,
    )
