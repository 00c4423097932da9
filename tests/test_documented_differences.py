"""The differences from Werkzeug 2.3.8 listed in docs/differences.md (issue 10 section 4), each shown on
both sides: genresp's behaviour, and Werkzeug's, so a change on either side is noticed."""

from __future__ import annotations

import warnings

import pytest
import werkzeug
from werkzeug.datastructures import Headers as WHeaders
from werkzeug.http import dump_cookie as w_dump_cookie
from werkzeug.http import parse_options_header as w_parse_options_header

import genresp
from genresp import Headers, HeaderSet
from genresp.http import dump_cookie, parse_options_header

# Every typed attribute of the spec, with a valid value to set before assigning None.
ATTRIBUTE_VALUES = {
    "accept_ranges": "bytes",
    "access_control_allow_credentials": True,
    "access_control_allow_headers": ["X-A"],
    "access_control_allow_methods": ["GET"],
    "access_control_allow_origin": "*",
    "access_control_expose_headers": ["X-B"],
    "access_control_max_age": 60,
    "age": 5,
    "allow": ["GET"],
    "cache_control": "no-store",
    "content_encoding": "gzip",
    "content_language": ["en"],
    "content_length": 3,
    "content_location": "/x",
    "content_range": "bytes 0-1/5",
    "content_security_policy": "default-src 'self'",
    "content_security_policy_report_only": "default-src 'self'",
    "content_type": "text/plain",
    "cross_origin_embedder_policy": "require-corp",
    "cross_origin_opener_policy": "same-origin",
    "date": 0,
    "expires": 0,
    "last_modified": 0,
    "location": "/next",
    "retry_after": 120,
    "vary": ["Accept"],
    "www_authenticate": 'Basic realm="x"',
}


def test_default_mimetype_is_flasks_html() -> None:
    assert genresp.Response("x").mimetype == "text/html"
    assert werkzeug.Response("x").mimetype == "text/plain"


@pytest.mark.parametrize("name", sorted(ATTRIBUTE_VALUES))
def test_assigning_none_removes_the_header_for_every_attribute(name: str) -> None:
    resp = genresp.Response()
    setattr(resp, name, ATTRIBUTE_VALUES[name])
    field = type(resp).__dict__.get(name) or getattr(type(resp), name)
    header = getattr(field, "field", None) or name.replace("_", "-")
    assert resp.headers.get(header) is not None, header
    setattr(resp, name, None)
    assert resp.headers.get(header) is None
    setattr(resp, name, ATTRIBUTE_VALUES[name])
    delattr(resp, name)
    assert resp.headers.get(header) is None


def test_werkzeug_none_on_a_date_writes_now_and_on_access_control_sets_raises() -> None:
    resp = werkzeug.Response()
    resp.date = None
    assert resp.headers.get("Date") is not None
    with pytest.raises(TypeError):
        resp.access_control_allow_headers = None
    with pytest.raises(AttributeError):
        del resp.access_control_allow_credentials


@pytest.mark.parametrize(
    "name",
    [
        "access_control_allow_headers",
        "access_control_allow_methods",
        "access_control_expose_headers",
    ],
)
def test_access_control_sets_read_as_empty_header_sets(name: str) -> None:
    resp = genresp.Response()
    value = getattr(resp, name)
    assert isinstance(value, HeaderSet) and len(value) == 0
    value.add("X-A")
    assert resp.headers[name.replace("_", "-")] == "X-A"
    assert list(getattr(resp, name)) == ["X-A"]
    assert getattr(werkzeug.Response(), name) is None


def test_charset_is_not_an_override() -> None:
    resp = genresp.Response()
    with pytest.warns(DeprecationWarning, match="UTF-8"):
        resp.charset = "latin-1"  # type: ignore[attr-defined]
    resp.set_data("é")
    assert resp.get_data() == "é".encode() and resp.content_type == "text/html; charset=utf-8"
    theirs = werkzeug.Response()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        theirs.charset = "latin-1"
        theirs.set_data("é")
    assert theirs.get_data() == b"\xe9"


def test_removed_deprecated_parameters() -> None:
    with pytest.raises(TypeError):
        Headers([("A", "1")]).get("A", as_bytes=True)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        dump_cookie("k", "v", charset="utf-8")  # type: ignore[call-arg]
    with pytest.warns(DeprecationWarning):
        assert WHeaders([("A", "1")]).get("A", as_bytes=True) == b"1"
    with pytest.warns(DeprecationWarning):
        w_dump_cookie("k", "v", charset="utf-8")


def test_missing_header_is_a_plain_key_error() -> None:
    with pytest.raises(KeyError) as ours:
        Headers()["X-Missing"]
    assert type(ours.value) is KeyError
    with pytest.raises(KeyError) as theirs:
        WHeaders()["X-Missing"]
    assert type(theirs.value).__name__ == "BadRequestKeyError"


@pytest.mark.parametrize("name", ["no_cache", "private"])
def test_cache_control_false_removes_the_directive(name: str) -> None:
    resp = genresp.Response()
    setattr(resp.cache_control, name, True)
    setattr(resp.cache_control, name, False)
    assert "Cache-Control" not in resp.headers
    theirs = werkzeug.Response()
    setattr(theirs.cache_control, name, False)
    assert theirs.headers["Cache-Control"] == f"{name.replace('_', '-')}=False"


def test_percent_22_stays_in_quoted_parameters() -> None:
    assert parse_options_header('form-data; name="a%22b"') == ("form-data", {"name": "a%22b"})
    assert w_parse_options_header('form-data; name="a%22b"') == ("form-data", {"name": 'a"b'})


def test_max_age_is_an_integer_and_httponly_is_bare() -> None:
    ours = genresp.Response()
    ours.set_cookie("a", "b", max_age=1.7, httponly=True, secure=True)  # type: ignore[arg-type]
    theirs = werkzeug.Response()
    theirs.set_cookie("a", "b", max_age=1.7, httponly=True, secure=True)  # type: ignore[arg-type]
    assert "Max-Age=1;" in ours.headers["Set-Cookie"]
    assert "Max-Age=1.7;" in theirs.headers["Set-Cookie"]
    for cookie in (ours.headers["Set-Cookie"], theirs.headers["Set-Cookie"]):
        attributes = [part.strip() for part in cookie.split(";")]
        assert "HttpOnly" in attributes and "Secure" in attributes


def test_negative_retry_after_reads_none() -> None:
    assert genresp.Response(headers={"Retry-After": "-5"}).retry_after is None
    assert werkzeug.Response(headers={"Retry-After": "-5"}).retry_after is not None


def test_enum_attributes_accept_strings() -> None:
    resp = genresp.Response()
    resp.cross_origin_opener_policy = "same-origin"  # type: ignore[assignment]
    assert resp.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    with pytest.raises(AttributeError):
        werkzeug.Response().cross_origin_opener_policy = "same-origin"


def test_str_assigned_to_a_set_attribute_is_the_field_value() -> None:
    resp = genresp.Response()
    resp.access_control_allow_headers = "X-A, X-B"
    assert resp.headers["Access-Control-Allow-Headers"] == "X-A, X-B"
    theirs = werkzeug.Response()
    theirs.access_control_allow_headers = "X-A"
    assert theirs.headers["Access-Control-Allow-Headers"] == "X, -, A"


def test_a_refused_write_changes_nothing() -> None:
    ours = Headers([("A", "0")])
    with pytest.raises(ValueError):
        ours.setlist("A", ["1", "bad\nvalue"])
    assert list(ours.items()) == [("A", "0")]
    theirs = WHeaders([("A", "0")])
    with pytest.raises(ValueError):
        theirs.setlist("A", ["1", "bad\nvalue"])
    assert list(theirs.items()) == [("A", "1")]
