"""The modern_headers scenario: typed modern headers set on a response, served through WSGI.

- ``genresp``: a Response whose HSTS, Server-Timing, Link and Content-Disposition (and, when the
  spec has them, the structured-field headers Permissions-Policy, Priority, Cache-Status and
  Deprecation) are set through the typed attributes, then called as a WSGI app.
- ``floor``: a hand-written WSGI callable sending the same bytes (header values formatted inline).
- ``bound``: not an implementation, the least any pure-Python one pays (see ``bound_case``).
- For the structured fields alone: ``genresp_sf`` serializes the values through genresp's typed
  attributes, ``http_sf`` through the generic library's ``ser()`` (the library the tests use);
  ``genresp_sf_only`` does genresp's structured-field work without constructing a Response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from harness import Case, call_wsgi, make_environ, observe_wsgi

StartResponse = Callable[..., Any]
BODY = "Hello, World!"
TEXT = "text/plain; charset=utf-8"
FILENAME = "résumé.pdf"
MAX_AGE = 31536000
DEPRECATED_AT = datetime(2023, 6, 30, 23, 59, 59, tzinfo=timezone.utc)

# The bytes every implementation must send, by field name.
HSTS = "max-age=31536000; includeSubDomains; preload"
SERVER_TIMING = "db;dur=53.2;desc=Database, app;dur=47.2"
LINK = "</app.css>; rel=preload; as=style, </app.js>; rel=preload; as=script"
DISPOSITION = "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"
# RFC 9651 fields (set only when genresp's spec declares them, see sf_attributes()).
PERMISSIONS_POLICY = 'geolocation=(), camera=(self "https://a.example")'
PRIORITY = "u=1, i"
CACHE_STATUS = "ExampleCache;hit;ttl=376"  # canonical RFC 9651: no space after ";"
DEPRECATION = "@1688169599"

SF_FIELDS = {
    "permissions_policy": ("Permissions-Policy", PERMISSIONS_POLICY),
    "priority": ("Priority", PRIORITY),
    "cache_status": ("Cache-Status", CACHE_STATUS),
    "deprecation": ("Deprecation", DEPRECATION),
}


def sf_attributes() -> list[str]:
    """The structured-field attributes genresp's Response has (all four once the sf work lands)."""
    from genresp import Response

    return [attr for attr in SF_FIELDS if hasattr(Response, attr)]


def sf_setters(attrs: Iterable[str]) -> list[Callable[[Any], None]]:
    """One function per structured-field attribute, setting it through the typed attribute (values,
    not SF text; each builds its value in the call, as http_sf_case's builders do). Imported and
    made once, before timing."""
    from genresp import sf
    from genresp._generated.headers import CacheStatusEntry, Priority

    InnerList, Item, Token = sf.InnerList, sf.Item, sf.Token

    def permissions_policy(resp: Any) -> None:
        resp.permissions_policy = {
            "geolocation": InnerList(),
            "camera": InnerList([Item(Token("self")), Item("https://a.example")]),
        }

    def priority(resp: Any) -> None:
        resp.priority = Priority(urgency=1, incremental=True)

    def cache_status(resp: Any) -> None:
        resp.cache_status = [CacheStatusEntry("ExampleCache", hit=True, ttl=376)]

    def deprecation(resp: Any) -> None:
        resp.deprecation = DEPRECATED_AT

    setters = {
        "permissions_policy": permissions_policy,
        "priority": priority,
        "cache_status": cache_status,
        "deprecation": deprecation,
    }
    return [setters[attr] for attr in attrs]


def genresp_case() -> Case:
    from genresp import Response
    from genresp.datastructures.content_disposition import ContentDisposition
    from genresp.datastructures.hsts import StrictTransportSecurity

    environ = make_environ()
    set_sf = sf_setters(sf_attributes())

    def run() -> Any:
        resp = Response(BODY, mimetype="text/plain")
        resp.strict_transport_security = StrictTransportSecurity(MAX_AGE, True, True)
        timing = resp.server_timing
        timing.add("db", 53.2, "Database")
        timing.add("app", 47.2)
        links = resp.link
        links.add("/app.css", "preload", as_="style")
        links.add("/app.js", "preload", as_="script")
        resp.content_disposition = ContentDisposition("attachment", FILENAME)
        for set_field in set_sf:
            set_field(resp)
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def stage_cases() -> list[tuple[str, Callable[[], Case]]]:
    """The genresp case built up one header at a time (a loop over steps, so each stage costs a
    little more than the same code written out): where the time over the floor goes."""
    from genresp import Response
    from genresp.datastructures.content_disposition import ContentDisposition
    from genresp.datastructures.hsts import StrictTransportSecurity

    def timing(resp: Any) -> None:
        resp.server_timing.add("db", 53.2, "Database")
        resp.server_timing.add("app", 47.2)

    def links(resp: Any) -> None:
        resp.link.add("/app.css", "preload", as_="style")
        resp.link.add("/app.js", "preload", as_="script")

    def hsts(resp: Any) -> None:
        resp.strict_transport_security = StrictTransportSecurity(MAX_AGE, True, True)

    def disposition(resp: Any) -> None:
        resp.content_disposition = ContentDisposition("attachment", FILENAME)

    steps: list[tuple[str, Callable[[Any], None]]] = [
        ("Strict-Transport-Security", hsts),
        ("Server-Timing (2 add())", timing),
        ("Link (2 add())", links),
        ("Content-Disposition", disposition),
    ]
    attrs = sf_attributes()
    for attr, set_field in zip(attrs, sf_setters(attrs), strict=True):
        steps.append((SF_FIELDS[attr][0], set_field))

    def factory(upto: int) -> Callable[[], Case]:
        def make() -> Case:
            environ = make_environ()
            chosen = [step for _, step in steps[:upto]]

            def run() -> Any:
                resp = Response(BODY, mimetype="text/plain")
                for step in chosen:
                    step(resp)
                return call_wsgi(resp, environ)

            return Case(run, observe_wsgi)

        return make

    stages = [("Response + WSGI call", factory(0))]
    stages += [(f"+ {label}", factory(i + 1)) for i, (label, _) in enumerate(steps)]
    return stages


class _Bare:
    """The cheapest Python value object: slots set from the arguments, nothing checked."""

    __slots__ = ("a", "b", "c")

    def __init__(self, a: Any = None, b: Any = None, c: Any = None) -> None:
        self.a = a
        self.b = b
        self.c = c


def bound_case() -> Case:
    """Not an implementation: what any pure-Python one pays at least. A genresp Response built and
    served through WSGI, the value objects the genresp case builds in its call (HSTS, two metrics,
    two links, the disposition, the Permissions-Policy dict of two Inner Lists of Items and a Token,
    the Priority, the Cache-Status list and entry) built as bare slotted objects that check nothing,
    and the finished header texts stored as they are (nothing formatted)."""
    from genresp import Response

    environ = make_environ()
    sf = sf_attributes()
    texts = [
        ("strict-transport-security", ("Strict-Transport-Security", HSTS)),
        ("server-timing", ("Server-Timing", SERVER_TIMING)),
        ("link", ("Link", LINK)),
        ("content-disposition", ("Content-Disposition", DISPOSITION)),
    ] + [(SF_FIELDS[attr][0].lower(), SF_FIELDS[attr]) for attr in sf]

    def run() -> Any:
        resp = Response(BODY, mimetype="text/plain")
        _Bare(MAX_AGE, True, True)
        _Bare("db", 53.2, "Database")
        _Bare("app", 47.2)
        _Bare("/app.css", "preload", "style")
        _Bare("/app.js", "preload", "script")
        _Bare("attachment", FILENAME)
        if sf:
            {
                "geolocation": _Bare(),
                "camera": _Bare([_Bare(_Bare("self")), _Bare("https://a.example")]),
            }
            _Bare(1, True)
            [_Bare("ExampleCache", True, 376)]
        stored = resp.headers._d
        for key, pair in texts:
            stored[key] = pair
        return call_wsgi(resp, environ)

    return Case(run, observe_wsgi)


def floor_case() -> Case:
    environ = make_environ()
    sf = [SF_FIELDS[attr] for attr in sf_attributes()]

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = BODY.encode()
        headers = [
            ("Content-Type", TEXT),
            ("Content-Length", str(len(body))),
            ("Strict-Transport-Security", f"max-age={MAX_AGE}; includeSubDomains; preload"),
            ("Server-Timing", f"db;dur={53.2};desc=Database, app;dur={47.2}"),
            ("Link", "</app.css>; rel=preload; as=style, </app.js>; rel=preload; as=script"),
            ("Content-Disposition", DISPOSITION),
        ]
        headers.extend(sf)
        start_response("200 OK", headers)
        return [body]

    return Case(lambda: call_wsgi(app, environ), observe_wsgi)


# -- structured fields alone: genresp's typed attributes against http_sf.ser ----------------------


def _new_response_sf_case(response_class: Any, attrs: list[str]) -> Case:
    """A new `response_class()` per call, the structured-field values set, the texts read."""
    set_sf = sf_setters(attrs)
    fields = [SF_FIELDS[a][0] for a in attrs]

    def run() -> Any:
        resp = response_class()
        for set_field in set_sf:
            set_field(resp)
        headers = resp.headers
        return [headers[f] for f in fields]

    return Case(run, lambda texts: ("sf", {"texts": list(texts)}, b""))


def genresp_sf_case() -> Case | None:
    from genresp import Response

    attrs = sf_attributes()
    if not attrs:
        return None
    return _new_response_sf_case(Response, attrs)


def genresp_sf_only_case() -> Case | None:
    """The structured-field work alone: the values built and set on an existing response (each
    call replaces them) and the texts read, without constructing the Response."""
    from genresp import Response

    attrs = sf_attributes()
    if not attrs:
        return None
    set_sf = sf_setters(attrs)
    fields = [SF_FIELDS[a][0] for a in attrs]
    resp = Response()

    def run() -> Any:
        for set_field in set_sf:
            set_field(resp)
        headers = resp.headers
        return [headers[f] for f in fields]

    return Case(run, lambda texts: ("sf", {"texts": list(texts)}, b""))


def sf_bound_case() -> Case | None:
    """Not an implementation: the least a pure-Python one pays for the structured-field work of
    genresp_sf_only_case: the same value objects built as bare slotted objects that check nothing,
    the finished texts stored on one existing response and read back."""
    from genresp import Response

    attrs = sf_attributes()
    if not attrs:
        return None
    pairs = [(SF_FIELDS[a][0].lower(), SF_FIELDS[a]) for a in attrs]
    fields = [SF_FIELDS[a][0] for a in attrs]
    resp = Response()

    def run() -> Any:
        {
            "geolocation": _Bare(),
            "camera": _Bare([_Bare(_Bare("self")), _Bare("https://a.example")]),
        }
        _Bare(1, True)
        [_Bare("ExampleCache", True, 376)]
        stored = resp.headers._d
        for key, pair in pairs:
            stored[key] = pair
        headers = resp.headers
        return [headers[f] for f in fields]

    return Case(run, lambda texts: ("sf", {"texts": list(texts)}, b""))


def sf_values_bound_case() -> Case | None:
    """Not an implementation: what the "genresp" row would cost if printing the four values and
    storing their texts were free. A new Response, the values built with genresp's own classes as
    sf_setters builds them (each a call, as there), the finished texts stored as they are and read
    back: the ceiling of any serialiser built on those classes, whatever it does."""
    from genresp import Response, sf
    from genresp._generated.headers import CacheStatusEntry, Priority

    attrs = sf_attributes()
    if len(attrs) < 4:
        return None
    InnerList, Item, Token = sf.InnerList, sf.Item, sf.Token
    pairs = [(SF_FIELDS[a][0].lower(), SF_FIELDS[a]) for a in attrs]
    fields = [SF_FIELDS[a][0] for a in attrs]
    builders: list[Callable[[], Any]] = [
        lambda: {
            "geolocation": InnerList(),
            "camera": InnerList([Item(Token("self")), Item("https://a.example")]),
        },
        lambda: Priority(urgency=1, incremental=True),
        lambda: [CacheStatusEntry("ExampleCache", hit=True, ttl=376)],
        lambda: DEPRECATED_AT,
    ]

    def run() -> Any:
        resp = Response()
        for build in builders:
            build()
        stored = resp.headers._d
        for key, pair in pairs:
            stored[key] = pair
        headers = resp.headers
        return [headers[f] for f in fields]

    return Case(run, lambda texts: ("sf", {"texts": list(texts)}, b""))


class _FinishedText:
    """Not genresp's: a typed attribute at its cheapest. Assigning any value stores the finished
    text of the benchmark's value (nothing printed, nothing checked): what a data descriptor's
    call and one store cost."""

    __slots__ = ("lkey", "pair")

    def __init__(self, name: str, text: str) -> None:
        self.lkey = name.lower()
        self.pair = (name, text)

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return self

    def __set__(self, obj: Any, value: Any) -> None:
        obj.headers._d[self.lkey] = self.pair


def sf_attrs_bound_case() -> Case | None:
    """Not an implementation: the "genresp" row with printing and checking free but the typed
    attributes kept. The same code (sf_setters: the values built with genresp's own classes and
    assigned to the attributes, the texts read back) on a subclass of Response whose four
    attributes are _FinishedText: the ceiling of any implementation of genresp's API, whatever its
    serialisers do."""
    from genresp import Response

    attrs = sf_attributes()
    if len(attrs) < 4:
        return None
    bound_response = type(
        "FinishedTextResponse",
        (Response,),
        {"__slots__": (), **{a: _FinishedText(*SF_FIELDS[a]) for a in attrs}},
    )
    return _new_response_sf_case(bound_response, attrs)


def sf_attr_cases() -> list[tuple[str, Callable[[], Case], Callable[[], Case]]]:
    """Per structured-field header: (field, genresp's case, the bound's case). Each builds that
    header's value and assigns it, on one existing response (genresp's, or the Response subclass
    of sf_attrs_bound_case whose attribute only stores the finished text): what printing and
    checking that value costs is the difference."""
    from genresp import Response

    attrs = sf_attributes()
    bound_response = type(
        "FinishedTextResponse",
        (Response,),
        {"__slots__": (), **{a: _FinishedText(*SF_FIELDS[a]) for a in attrs}},
    )

    def factory(resp: Any, set_field: Callable[[Any], None], field: str) -> Callable[[], Case]:
        def make() -> Case:
            def run() -> Any:
                set_field(resp)
                return resp.headers[field]

            return Case(run, lambda text: ("sf", {"text": text}, b""))

        return make

    found = []
    for attr, set_field in zip(attrs, sf_setters(attrs), strict=True):
        field = SF_FIELDS[attr][0]
        found.append(
            (
                field,
                factory(Response(), set_field, field),
                factory(bound_response(), set_field, field),
            )
        )
    return found


def http_sf_case() -> Case | None:
    import http_sf
    from http_sf.types import Token

    attrs = sf_attributes()
    if not attrs:
        return None
    structures: dict[str, Callable[[], Any]] = {
        "permissions_policy": lambda: {
            "geolocation": ([], {}),
            "camera": ([(Token("self"), {}), ("https://a.example", {})], {}),
        },
        "priority": lambda: {"u": (1, {}), "i": (True, {})},
        "cache_status": lambda: [(Token("ExampleCache"), {"hit": True, "ttl": 376})],
        "deprecation": lambda: (DEPRECATED_AT, {}),
    }
    builders = [structures[a] for a in attrs]
    ser = http_sf.ser

    def run() -> Any:
        return [ser(build()) for build in builders]

    return Case(run, lambda texts: ("sf", {"texts": list(texts)}, b""))
