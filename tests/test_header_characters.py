"""Issue 10 section 3: one rule for the characters of a header value, on every write path.

A value may hold HTAB, 0x20-0x7E and 0xA0-0xFF. C1 controls (U+0080-U+009F, NEL among them) are
refused because some consumers treat them as line breaks; anything above U+00FF because a WSGI server
must send headers as Latin-1 (PEP 3333) and would fail later, naming nothing. Each refusal is a
ValueError naming the header, and leaves the response unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from genresp import Headers, Response
from genresp.http import dump_cookie

REFUSED = ["\x80", "\x85", "\x9f", "\u0100", "\u2028", "€", "\U0001f600", "a\x85b", "ok€"]
ALLOWED = ["\t", " ", "~", "\xa0", "é", "ÿ", "Café\tau lait", "!#$%&'()*+,-./:;<=>?@[]^_`{|}~"]


def _write_paths() -> dict[str, tuple[str, Callable[[Response, str], Any]]]:
    """name -> (header named in the error, a write of `value` to a fresh response)."""

    def csp(resp: Response, value: str) -> None:
        resp.content_security_policy.default_src = f"'self' {value}"

    def csp_item(resp: Response, value: str) -> None:
        resp.content_security_policy["img-src"] = value

    def cache_private(resp: Response, value: str) -> None:
        resp.cache_control.private = value

    def cache_ext(resp: Response, value: str) -> None:
        resp.cache_control["x-ext"] = value

    def www_auth(resp: Response, value: str) -> None:
        resp.www_authenticate.realm = value

    def vary_add(resp: Response, value: str) -> None:
        resp.vary.add(value)

    def mimetype_param(resp: Response, value: str) -> None:
        resp.mimetype_params["name"] = value

    return {
        "status reason": ("status", lambda r, v: setattr(r, "status", f"200 {v}")),
        "Headers.set": ("X-Test", lambda r, v: r.headers.set("X-Test", v)),
        "Headers.add": ("X-Test", lambda r, v: r.headers.add("X-Test", v)),
        "Headers[...]": ("X-Test", lambda r, v: r.headers.__setitem__("X-Test", v)),
        "Headers.setlist": ("X-Test", lambda r, v: r.headers.setlist("X-Test", ["a", v])),
        "Headers.extend": ("X-Test", lambda r, v: r.headers.extend([("X-Test", v)])),
        "Headers.update": ("X-Test", lambda r, v: r.headers.update({"X-Test": v})),
        "Headers.setdefault": ("X-New", lambda r, v: r.headers.setdefault("X-New", v)),
        "filename parameter": (
            "Content-Disposition",
            lambda r, v: r.headers.add("Content-Disposition", "attachment", filename=f"{v}.txt"),
        ),
        "content_encoding": ("Content-Encoding", lambda r, v: setattr(r, "content_encoding", v)),
        "access_control_allow_origin": (
            "Access-Control-Allow-Origin",
            lambda r, v: setattr(r, "access_control_allow_origin", v),
        ),
        "vary =": ("Vary", lambda r, v: setattr(r, "vary", ["Accept", v])),
        "vary.add": ("Vary", vary_add),
        "content_type": ("Content-Type", lambda r, v: setattr(r, "content_type", f"text/{v}")),
        "mimetype_params": ("Content-Type", mimetype_param),
        "cache_control.private": ("Cache-Control", cache_private),
        "cache_control[ext]": ("Cache-Control", cache_ext),
        "content_security_policy.default_src": ("Content-Security-Policy", csp),
        "content_security_policy[...]": ("Content-Security-Policy", csp_item),
        "www_authenticate.realm": ("WWW-Authenticate", www_auth),
        "set_cookie path": ("Set-Cookie", lambda r, v: r.set_cookie("k", "v", path=f"/{v}")),
        "set_cookie domain": (
            "Set-Cookie",
            lambda r, v: r.set_cookie("k", "v", domain=f"a{v}.example"),
        ),
        "set_cookie expires text": (
            "Set-Cookie",
            lambda r, v: r.set_cookie("k", "v", expires=f"Thu, 01 Dec 1994 16:00:00 GMT{v}"),
        ),
    }


WRITE_PATHS = _write_paths()


def _snapshot(resp: Response) -> tuple[str, list[tuple[str, str]]]:
    return resp.status, list(resp.headers.items())


@pytest.mark.parametrize("path", sorted(WRITE_PATHS))
@pytest.mark.parametrize("value", REFUSED, ids=ascii)
def test_c1_controls_and_characters_above_latin1_are_refused(path: str, value: str) -> None:
    header, write = WRITE_PATHS[path]
    if path in ("set_cookie path", "set_cookie domain") and value[-1] > "\xff":
        pytest.skip("encoded, not refused: test_cookie_path_and_domain_encode_non_latin_text")
    resp = Response("body", headers={"X-Test": "before", "Vary": "Origin"})
    before = _snapshot(resp)
    with pytest.raises(ValueError) as info:
        write(resp, value)
    message = str(info.value)
    # The error names the header (cookie attributes name their cookie; a HeaderSet changed in
    # place names itself, as it does not know its header).
    assert any(name in message.lower() for name in (header.lower(), "cookie", "headerset")), message
    assert _snapshot(resp) == before


@pytest.mark.parametrize(
    "path", sorted(set(WRITE_PATHS) - {"set_cookie domain", "set_cookie expires text"})
)
@pytest.mark.parametrize("value", ALLOWED, ids=ascii)
def test_htab_visible_ascii_and_latin1_letters_stay_allowed(path: str, value: str) -> None:
    header, write = WRITE_PATHS[path]
    if path.startswith(("vary", "content_type", "cache_control[", "content_encoding")) and (
        value.strip() != value or " " in value or not value.strip()
    ):
        pytest.skip("this field's grammar has no room for whitespace here")
    resp = Response("body")
    try:
        write(resp, value)
    except ValueError as exc:
        # Only a grammar rule of the field itself (not the character rule) may refuse it.
        assert "character" not in str(exc).lower(), exc
        return
    for name, text in resp.headers.items():
        text.encode("latin-1")  # what a WSGI server does with it
        assert not any("\x80" <= ch <= "\x9f" for ch in text), (name, text)


@pytest.mark.parametrize("value", REFUSED, ids=ascii)
def test_headers_constructor_and_response_headers_refuse(value: str) -> None:
    with pytest.raises(ValueError, match="X-Test"):
        Headers([("X-Test", value)])
    with pytest.raises(ValueError, match="X-Test"):
        Response(headers={"X-Test": value})


@pytest.mark.parametrize("value", REFUSED + ALLOWED, ids=ascii)
def test_cookie_values_are_escaped_into_latin1_without_c1(value: str) -> None:
    # A cookie value is quoted and escaped (RFC 6265 cookie-octets), so any text is safe there.
    text = dump_cookie("k", value)
    text.encode("ascii")
    resp = Response()
    resp.set_cookie("k", value)
    resp.headers["Set-Cookie"].encode("ascii")


def test_bytes_are_latin1_so_never_above_u00ff_but_c1_bytes_are_refused() -> None:
    resp = Response()
    resp.headers["X-Bytes"] = b"caf\xe9"
    assert resp.headers["X-Bytes"] == "café"
    with pytest.raises(ValueError, match="X-Bytes"):
        resp.headers["X-Bytes"] = b"a\x85b"
    assert resp.headers["X-Bytes"] == "café"


@pytest.mark.parametrize("value", ["€", "\u0100", "\U0001f600", "ok€"], ids=ascii)
def test_cookie_path_and_domain_encode_non_latin_text(value: str) -> None:
    # A path is percent-encoded (RFC 3986) and a domain IDNA-encoded, so what is sent is ASCII.
    resp = Response()
    resp.set_cookie("k", "v", path=f"/{value}")
    cookie = resp.headers["Set-Cookie"]
    cookie.encode("ascii")
    assert "Path=/%" in cookie or "Path=/ok%" in cookie
    try:
        resp.set_cookie("d", "v", domain=f"a{value}.example")
    except ValueError as exc:  # a character IDNA does not allow in a host name
        assert "cookie domain" in str(exc)
    else:
        assert "Domain=xn--" in resp.headers.getlist("Set-Cookie")[-1]


@pytest.mark.parametrize("value", REFUSED, ids=ascii)
def test_location_iris_are_stored_and_sent_as_uris(value: str) -> None:
    # Location and Content-Location hold URI references: an IRI is kept as given and turned into
    # a URI when sent (percent-encoded UTF-8), so the wire value is ASCII whatever the characters.
    from tests.servers import call_app

    resp = Response("moved", 302)
    resp.location = f"/{value}"
    resp.headers["Content-Location"] = f"/doc/{value}"
    _, headers, _ = call_app(resp, {"REQUEST_METHOD": "GET", "PATH_INFO": "/"})
    sent = dict(headers)
    for name in ("Location", "Content-Location"):
        sent[name].encode("ascii")
        assert "%" in sent[name]
    with pytest.raises(ValueError, match="Location"):
        resp.location = "/a\r\nSet-Cookie: x=1"  # controls are refused there too
