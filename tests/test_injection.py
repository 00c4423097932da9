"""No header injection on any path that reaches the wire.

Every write path (the Headers methods, the constructors, every typed attribute of the generated
``FIELDS`` table, in-place changes to structured values, mimetype and content type, the status
line, cookies) must refuse CR, LF, NUL and the other control characters in values and any
non-token character in names, with a ValueError that names the header, and must leave the
response exactly as it was.  Bytes are decoded as Latin-1 or refused, never stored as "b'...'".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any

import pytest

from genresp import Headers, Response
from genresp._generated.headers import FIELDS
from genresp.datastructures.cache_control import ResponseCacheControl
from genresp.datastructures.content_range import ContentRange
from genresp.datastructures.csp import ContentSecurityPolicy
from genresp.datastructures.header_set import HeaderSet
from genresp.datastructures.www_authenticate import WWWAuthenticate

# RFC 9110 5.5: every C0 control but HTAB, and DEL.
CONTROLS = [chr(c) for c in range(0x20) if c != 0x09] + ["\x7f"]
CONTROL_IDS = [f"x{ord(c):02x}" for c in CONTROLS]

# RFC 9110 5.6.2: a field name is a token; everything else must be refused.
TCHARS = set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
NON_TOKEN = [chr(c) for c in range(0x80) if chr(c) not in TCHARS] + ["é", "\u2028", "\U0001f600"]
BAD_NAMES = ["", *(f"X-{c}-Name" for c in NON_TOKEN), "X-Evil\r\nSet-Cookie: a=b"]
BAD_NAME_IDS = ["empty", *(f"u{ord(c):04x}" for c in NON_TOKEN), "crlf-split"]

# The classic response-splitting payload, plus every single control character in a value.
SPLIT = "ok\r\nSet-Cookie: evil=1"
BAD_VALUES = [SPLIT, *(f"a{c}b" for c in CONTROLS), "trailing\n", "\r\n\r\n<html>"]
BAD_VALUE_IDS = ["split", *CONTROL_IDS, "trailing-lf", "body-split"]


def snapshot(resp: Response) -> tuple[str, list[tuple[str, str]]]:
    return resp.status, list(resp.headers.items())


def populated() -> Response:
    """A response with something in it, so "unchanged" is a meaningful check."""
    resp = Response("body", status=201, headers={"X-Existing": "1", "Vary": "Accept"})
    resp.headers.add("Set-Cookie", "a=1")
    resp.headers.add("Set-Cookie", "b=2")
    return resp


def assert_refused(
    resp: Response,
    write: Callable[[], object],
    name: str | None,
    exc: type[Exception] | tuple[type[Exception], ...] = ValueError,
) -> None:
    """``write`` raises ``exc`` naming ``name`` (when given) and leaves ``resp`` as it was."""
    before = snapshot(resp)
    with pytest.raises(exc) as info:
        write()
    if name is not None:
        assert (
            name.lower() in str(info.value).lower()
        ), f"error does not name {name!r}: {info.value}"
    assert snapshot(resp) == before
    for field, value in resp.headers.items():
        assert not any(c in value for c in CONTROLS), (field, value)


# -- Headers: every write method ---------------------------------------------------------------

# Each takes (headers, name, value) and writes through one public path.
HEADER_WRITES: dict[str, Callable[[Headers, str, Any], object]] = {
    "__setitem__": lambda h, n, v: h.__setitem__(n, v),
    "add": lambda h, n, v: h.add(n, v),
    "add_header": lambda h, n, v: h.add_header(n, v),
    "set": lambda h, n, v: h.set(n, v),
    "setlist": lambda h, n, v: h.setlist(n, ["fine", v]),
    "setlistdefault": lambda h, n, v: h.setlistdefault(n, ["fine", v]),
    "setdefault": lambda h, n, v: h.setdefault(n, v),
    "extend(dict)": lambda h, n, v: h.extend({"X-Fine": "1", n: v}),
    "extend(dict of list)": lambda h, n, v: h.extend({n: ["fine", v]}),
    "extend(pairs)": lambda h, n, v: h.extend([("X-Fine", "1"), (n, v)]),
    "extend(Headers-like pairs)": lambda h, n, v: h.extend(iter([(n, v)])),
    "update(dict)": lambda h, n, v: h.update({"X-Existing": "2", n: v}),
    "update(pairs)": lambda h, n, v: h.update([(n, v)]),
    "update(dict of list)": lambda h, n, v: h.update({n: ["fine", v]}),
    "__ior__": lambda h, n, v: h.__ior__({n: v}),
    "__setitem__(index)": lambda h, n, v: h.__setitem__(0, (n, v)),
    "__setitem__(slice)": lambda h, n, v: h.__setitem__(slice(0, 1), [(n, v)]),
}


@pytest.mark.parametrize("path", sorted(HEADER_WRITES))
@pytest.mark.parametrize("value", BAD_VALUES, ids=BAD_VALUE_IDS)
def test_headers_refuse_control_characters(path: str, value: str) -> None:
    resp = populated()
    assert_refused(resp, lambda: HEADER_WRITES[path](resp.headers, "X-Target", value), "X-Target")


@pytest.mark.parametrize("path", sorted(HEADER_WRITES))
@pytest.mark.parametrize("name", BAD_NAMES, ids=BAD_NAME_IDS)
def test_headers_refuse_non_token_names(path: str, name: str) -> None:
    resp = populated()
    # The message must show the offending name; repr() is how it can be shown safely.
    assert_refused(resp, lambda: HEADER_WRITES[path](resp.headers, name, "v"), None)
    with pytest.raises(ValueError, match="name"):
        HEADER_WRITES[path](resp.headers, name, "v")


@pytest.mark.parametrize("value", BAD_VALUES, ids=BAD_VALUE_IDS)
def test_keyword_options_are_checked(value: str) -> None:
    """``add(key, value, **options)`` quotes options; a control character is still refused."""
    resp = populated()
    assert_refused(resp, lambda: resp.headers.add("X-Target", "v", opt=value), "X-Target")
    assert_refused(resp, lambda: resp.headers.set("X-Target", "v", opt=value), "X-Target")


def test_or_returns_new_headers_but_still_refuses() -> None:
    headers = Headers({"X-A": "1"})
    with pytest.raises(ValueError, match="X-B"):
        headers | {"X-B": SPLIT}  # noqa: B018
    assert list(headers.items()) == [("X-A", "1")]


@pytest.mark.parametrize(
    "make",
    [
        lambda n, v: Headers({n: v}),
        lambda n, v: Headers([(n, v)]),
        lambda n, v: Headers([("X-Fine", "1"), (n, v)]),
        lambda n, v: Response(headers={n: v}),
        lambda n, v: Response(headers=[(n, v)]),
        lambda n, v: Response("x", 200, {"X-Fine": "1", n: v}),
    ],
    ids=["Headers(dict)", "Headers(pairs)", "Headers(pairs, 2nd)", "Response(dict)",
         "Response(pairs)", "Response(positional)"],
)  # fmt: skip
def test_constructors_refuse(make: Callable[[str, Any], object]) -> None:
    for value in BAD_VALUES:
        with pytest.raises(ValueError, match="X-Target"):
            make("X-Target", value)
    for name in BAD_NAMES:
        with pytest.raises(ValueError):
            make(name, "v")


@pytest.mark.parametrize("path", sorted(HEADER_WRITES))
def test_headers_decode_bytes_as_latin1(path: str) -> None:
    headers = Headers({"X-Existing": "1"})
    HEADER_WRITES[path](headers, "X-Target", b"caf\xe9")
    values = headers.getlist("X-Target")
    assert "café" in values
    assert not any("b'" in v for _, v in headers.items())


@pytest.mark.parametrize("path", sorted(HEADER_WRITES))
def test_headers_refuse_control_characters_in_bytes(path: str) -> None:
    resp = populated()
    write = HEADER_WRITES[path]
    assert_refused(resp, lambda: write(resp.headers, "X-Target", SPLIT.encode()), "X-Target")


def test_tab_and_obs_text_are_allowed() -> None:
    """HTAB, SP, VCHAR and obs-text are legal in a field value (RFC 9110 5.5)."""
    headers = Headers()
    headers["X-Tab"] = "a\tb c\xe9\xff"
    assert headers["X-Tab"] == "a\tb c\xe9\xff"


# -- every typed attribute -----------------------------------------------------------------------

# What each kind of attribute is given: values that carry a control character in every form the
# kind's setter accepts.  A kind missing here fails the test, so a new kind gets covered.
KIND_ATTACKS: dict[str, list[Any]] = {
    "string": [SPLIT, SPLIT.encode(), "a\x00b", "a\x7fb"],
    "int": ["1\r\n2", "1\x00", " 1\n"],
    "date": [
        "Sun, 06 Nov 1994 08:49:37 GMT\r\nSet-Cookie: evil=1",
        "\nSun, 06 Nov 1994 08:49:37 GMT",
    ],
    "enum": ["same-origin\r\nSet-Cookie: evil=1", "unsafe-none\x00"],
    "header_set": [SPLIT, ["fine", SPLIT], ("a\x00b",), HeaderSet(), ["ok", b"a\r\nb"]],
    "structured": [SPLIT, "a\x00b"],
    # These kinds take no text at all: a str is refused for its type (and can never reach the
    # header unchecked).
    "bool": [SPLIT, "true\r\nSet-Cookie: evil=1"],
    "timedelta": [SPLIT, "1\r\n"],
    # sf: Structured Field kinds (their text is parsed as RFC 9651, which has no controls).
    "sf_item": [SPLIT, "?1\r\nSet-Cookie: evil=1", "@1\x00"],
    "sf_list": [SPLIT, [SPLIT], ["ok", "a\x00b"], "a, b\r\n"],
    "sf_dictionary": [SPLIT, "a=1\r\nb=2", 'a="x\x00"'],
}
# A well-formed str for each kind: when an attribute's setter refuses even this by type, it takes
# no text at all, and a TypeError is the right refusal of the attacks too.
KIND_SAMPLE_TEXT = {
    "string": "ok",
    "int": "1",
    "date": "Sun, 06 Nov 1994 08:49:37 GMT",
    "enum": "unsafe-none",
    "header_set": "a, b",
    "structured": "ok",
    "bool": "true",
    "timedelta": "1",
    "sf_item": "?1",
    "sf_list": "a, b",
    "sf_dictionary": "a=1, b",
}


def _refusals(attr: str) -> Any:
    """The exception(s) a refused write of ``attr`` may raise."""
    try:
        setattr(Response(), attr, KIND_SAMPLE_TEXT[FIELDS[attr][1]])
    except TypeError:
        return (ValueError, TypeError)
    except ValueError:
        pass
    return ValueError


class _EvilValue:
    """A structured value whose text holds a line break."""

    def to_header(self) -> str:
        return SPLIT


def _attacks(kind: str) -> list[Any]:
    if kind not in KIND_ATTACKS:
        pytest.fail(f"no injection cases for the attribute kind {kind!r}: add them to KIND_ATTACKS")
    attacks = list(KIND_ATTACKS[kind])
    if kind == "structured":
        attacks.append(_EvilValue())
    if kind == "header_set":
        attacks[3] = _bad_header_set()
    return attacks


def _bad_header_set() -> Any:
    # HeaderSet itself refuses control characters; build a list-like stand-in that does not.
    return iter(["fine", SPLIT])


ATTRS = sorted(FIELDS)


def _exc_for(attr: str, value: Any) -> Any:
    if isinstance(value, (list, tuple)) and any(isinstance(v, bytes) for v in value):
        return (ValueError, TypeError)  # a bytes item may be refused for its type
    return _refusals(attr)


@pytest.mark.parametrize("attr", ATTRS)
def test_every_typed_attribute_refuses_control_characters(attr: str) -> None:
    field, kind = FIELDS[attr]
    for value in _attacks(kind):
        resp = populated()
        write = lambda r=resp, v=value: setattr(r, attr, v)  # noqa: E731
        assert_refused(resp, write, field, _exc_for(attr, value))


@pytest.mark.parametrize("attr", ATTRS)
def test_every_typed_attribute_refuses_when_already_set(attr: str) -> None:
    """A refused write does not remove or change the value that was there."""
    field, kind = FIELDS[attr]
    resp = populated()
    resp.headers[field] = "1"
    for value in _attacks(kind):
        write = lambda v=value: setattr(resp, attr, v)  # noqa: E731
        assert_refused(resp, write, field, _exc_for(attr, value))
    assert resp.headers[field] == "1"


@pytest.mark.parametrize("attr", ATTRS)
def test_every_typed_attribute_never_stores_bytes_repr(attr: str) -> None:
    """Bytes given to any attribute are decoded as Latin-1 or refused, never stored as "b'...'"."""
    field, _ = FIELDS[attr]
    resp = Response()
    for value in (b"caf\xe9", b"1", b"bytes", b"no-cache"):
        try:
            setattr(resp, attr, value)
        except (TypeError, ValueError):
            continue
        stored = resp.headers.get(field)
        assert stored is None or "b'" not in stored, (attr, value, stored)
        if stored is not None and FIELDS[attr][1] == "string":
            assert stored == value.decode("latin-1")


# -- in-place changes to structured values -------------------------------------------------------


def _mutations(value: Any) -> list[Callable[[], object]]:
    """Ways to put a control character into a structured value read from a response."""
    if isinstance(value, HeaderSet):
        return [
            lambda: value.add(SPLIT),
            lambda: value.update(["fine", "a\x00b"]),
        ]
    if isinstance(value, ResponseCacheControl):
        return [
            lambda: setattr(value, "no_cache", SPLIT),
            lambda: setattr(value, "private", SPLIT),
            lambda: value.__setitem__("x-ext", SPLIT),
            lambda: value.__setitem__("x\r\nSet-Cookie: evil", "1"),
            lambda: setattr(value, "max_age", "1\r\n"),
        ]
    if isinstance(value, ContentSecurityPolicy):
        return [
            lambda: setattr(value, "default_src", "'self'\r\nSet-Cookie: evil=1"),
            lambda: value.__setitem__("script-src", "a\x00b"),
            lambda: value.__setitem__("x\r\ny", "'self'"),
        ]
    if isinstance(value, WWWAuthenticate):
        return [
            lambda: setattr(value, "realm", SPLIT),
            lambda: value.__setitem__("nonce", "a\x00b"),
            lambda: value.__setitem__("x\r\ny", "v"),
            lambda: setattr(value, "type", "basic\r\nSet-Cookie: evil=1"),
            lambda: setattr(value, "token", SPLIT),
            lambda: value.parameters.update({"a": SPLIT}),
        ]
    if isinstance(value, ContentRange):
        return [
            lambda: setattr(value, "units", "bytes\r\nSet-Cookie: evil=1"),
            lambda: value.set(0, 10, 100, units="bytes\r\n"),
        ]
    from tests.test_modern_headers import modern_mutations

    modern = modern_mutations(value)
    if modern is not None:
        return modern
    pytest.fail(f"no in-place injection cases for {type(value).__name__}: add them to _mutations")


@pytest.mark.parametrize("attr", [a for a in ATTRS if FIELDS[a][1] in ("structured", "header_set")])
def test_structured_values_refuse_control_characters_in_place(attr: str) -> None:
    resp = populated()
    for i in range(len(_mutations(getattr(resp, attr)))):
        # Read the value afresh for each change, so an earlier refused change cannot linger.
        mutate = _mutations(getattr(resp, attr))[i]
        before = snapshot(resp)
        with pytest.raises(ValueError):
            mutate()
        assert snapshot(resp) == before, f"{attr}: a refused change reached the headers"


@pytest.mark.parametrize("attr", [a for a in ATTRS if FIELDS[a][1] in ("structured", "header_set")])
def test_structured_values_refuse_control_characters_when_set(attr: str) -> None:
    """The same holds when the value already holds something and is then changed."""
    field, _ = FIELDS[attr]
    resp = populated()
    samples = {
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'self'",
        "Content-Security-Policy-Report-Only": "default-src 'self'",
        "WWW-Authenticate": 'Basic realm="r"',
        "Content-Range": "bytes 0-9/100",
    }
    resp.headers[field] = samples.get(field, "a, b")
    for i in range(len(_mutations(getattr(resp, attr)))):
        mutate = _mutations(getattr(resp, attr))[i]
        before = snapshot(resp)
        with pytest.raises(ValueError):
            mutate()
        assert snapshot(resp) == before, f"{attr}: a refused change reached the headers"


# -- content type, mimetype, mimetype_params, location ------------------------------------------


@pytest.mark.parametrize("value", BAD_VALUES, ids=BAD_VALUE_IDS)
def test_content_type_and_mimetype_refuse(value: str) -> None:
    resp = populated()
    assert_refused(resp, lambda: setattr(resp, "content_type", value), "Content-Type")
    assert_refused(resp, lambda: setattr(resp, "mimetype", value), "Content-Type")
    assert_refused(resp, lambda: setattr(resp, "mimetype", "text/" + value), "Content-Type")
    assert_refused(resp, lambda: setattr(resp, "location", value), "Location")
    with pytest.raises(ValueError, match="Content-Type"):
        Response(mimetype=value)
    with pytest.raises(ValueError, match="Content-Type"):
        Response(content_type=value)


@pytest.mark.parametrize("value", BAD_VALUES, ids=BAD_VALUE_IDS)
def test_mimetype_params_refuse(value: str) -> None:
    resp = populated()
    params = resp.mimetype_params
    assert_refused(resp, lambda: params.__setitem__("charset", value), "Content-Type")
    assert_refused(resp, lambda: resp.mimetype_params.update({"q": value}), "Content-Type")
    assert_refused(resp, lambda: resp.mimetype_params.__setitem__(value, "x"), "Content-Type")


# -- names inside structured values ---------------------------------------------------------------

# A directive or parameter name that is not a token would let a caller add directives the
# application never meant to send (", no-store", "; charset=...", ", realm=...").
BAD_KEYS = ["a, no-store", "a=b", "a; charset", 'a="x", realm', "a b", "", "é"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_structured_keys_must_be_tokens(key: str) -> None:
    writes: dict[str, Callable[[Response], object]] = {
        "Cache-Control": lambda r: r.cache_control.__setitem__(key, "1"),
        "WWW-Authenticate": lambda r: r.www_authenticate.__setitem__(key, "v"),
        "Content-Type": lambda r: r.mimetype_params.__setitem__(key, "v"),
        "Content-Security-Policy": lambda r: r.content_security_policy.__setitem__(key, "v"),
    }
    failures = []
    for field, write in writes.items():
        resp = populated()
        before = snapshot(resp)
        try:
            write(resp)
        except ValueError:
            assert snapshot(resp) == before, f"{field}: a refused change reached the headers"
        else:
            failures.append(f"{field}: {resp.headers.get(field)!r}")
    assert not failures, f"non-token name {key!r} accepted: {failures}"


# -- the status line -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", BAD_VALUES, ids=BAD_VALUE_IDS)
def test_status_reason_phrase_refuses(value: str) -> None:
    resp = populated()
    assert_refused(resp, lambda: setattr(resp, "status", f"200 {value}"), "status")
    with pytest.raises(ValueError, match="status"):
        Response(status=f"200 {value}")


BAD_STATUSES: list[Any] = [
    "", " ", "abc", "OK", "2OO OK", "20", "2000", "2000 Too Long", "99 Low", "099 Low", "0",
    "000 Zero", "-200", "+200", "1e2", "200.0", "२००", "\r\n200 OK", "200\r\nX: y",
    0, 1, 99, 1000, 10**20, -1, -200, True, False,
]  # fmt: skip


@pytest.mark.parametrize("value", BAD_STATUSES, ids=[repr(v) for v in BAD_STATUSES])
def test_bad_status_is_a_clear_value_error(value: Any) -> None:
    resp = populated()
    assert_refused(resp, lambda: setattr(resp, "status", value), "status")
    if isinstance(value, int):
        assert_refused(resp, lambda: setattr(resp, "status_code", value), "status")
    with pytest.raises(ValueError, match="(?i)status"):
        Response(status=value)


@pytest.mark.parametrize("value", [200.0, None, b"200 OK", ["200"]], ids=repr)
def test_non_status_types_are_refused(value: Any) -> None:
    resp = populated()
    if value is None:
        return  # None means the default status in the constructor; nothing to refuse
    assert_refused(resp, lambda: setattr(resp, "status", value), "status", (TypeError, ValueError))


@pytest.mark.parametrize("code", [100, 199, 200, 299, 418, 599, 600, 999])
def test_edge_statuses_are_accepted(code: int) -> None:
    resp = Response(status=code)
    assert resp.status_code == code
    assert resp.status.startswith(f"{code} ")
    resp.status = f"{code} Custom Reason"
    assert resp.status == f"{code} Custom Reason"


# -- cookies ---------------------------------------------------------------------------------------

COOKIE_ATTACKS: list[tuple[str, dict[str, Any]]] = [
    *((f"key-{i}", {"key": f"k{c}v"}) for i, c in zip(CONTROL_IDS, CONTROLS, strict=True)),
    ("key-split", {"key": "a\r\nSet-Cookie: evil"}),
    ("key-semicolon", {"key": "a;b"}),
    ("key-equals", {"key": "a=b"}),
    ("key-space", {"key": "a b"}),
    ("key-empty", {"key": ""}),
    ("path-split", {"path": "/\r\nSet-Cookie: evil=1"}),
    ("path-semicolon", {"path": "/; Domain=evil.example"}),
    ("path-nul", {"path": "/\x00"}),
    ("domain-split", {"domain": "a.example\r\nSet-Cookie: evil=1"}),
    ("domain-semicolon", {"domain": "a.example; Secure"}),
    ("domain-del", {"domain": "a.example\x7f"}),
    ("expires-split", {"expires": "Thu, 01 Jan 1970 00:00:00 GMT\r\nSet-Cookie: evil=1"}),
    ("expires-semicolon", {"expires": "x; Domain=evil.example"}),
    ("samesite-split", {"samesite": "Lax\r\nSet-Cookie: evil=1"}),
    ("samesite-unknown", {"samesite": "Loose"}),
]


@pytest.mark.parametrize(
    "kwargs", [k for _, k in COOKIE_ATTACKS], ids=[i for i, _ in COOKIE_ATTACKS]
)
def test_set_cookie_refuses(kwargs: dict[str, Any]) -> None:
    resp = populated()
    args = {"key": "session", "value": "v", **kwargs}
    assert_refused(resp, lambda: resp.set_cookie(**args), None)


@pytest.mark.parametrize(
    "kwargs", [k for _, k in COOKIE_ATTACKS], ids=[i for i, _ in COOKIE_ATTACKS]
)
def test_delete_cookie_refuses(kwargs: dict[str, Any]) -> None:
    kwargs = {k: v for k, v in kwargs.items() if k != "expires"}
    if not kwargs:
        return
    resp = populated()
    args = {"key": "session", **kwargs}
    assert_refused(resp, lambda: resp.delete_cookie(**args), None)


@pytest.mark.parametrize("value", BAD_VALUES, ids=BAD_VALUE_IDS)
def test_cookie_values_are_quoted_not_injected(value: str) -> None:
    """A control character in a cookie value is escaped inside quotes, never sent raw."""
    resp = Response()
    resp.set_cookie("session", value, max_age=timedelta(hours=1))
    (header,) = resp.headers.getlist("Set-Cookie")
    assert header.startswith('session="')
    assert not any(c in header for c in CONTROLS)
    # A cookie parser reads it back as one cookie holding exactly the value that was set.
    jar = SimpleCookie()
    jar.load(header)
    assert list(jar) == ["session"]
    assert jar["session"].value.encode("latin-1").decode("utf-8") == value


def test_cookie_bytes_value_is_decoded_not_repr() -> None:
    resp = Response()
    resp.set_cookie("k", b"v1")  # type: ignore[arg-type]
    assert resp.headers["Set-Cookie"].startswith("k=v1;")
