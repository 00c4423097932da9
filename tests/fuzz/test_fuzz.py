"""The long fuzz run (``make fuzz``): parsers, typed attributes, writers and cookies under random input.

Properties, each over generated input:
- every reader of header text returns a value (or None) and never raises;
- every typed attribute reads any raw header without raising, and prints back what it read;
- a write either is refused (ValueError/TypeError, response unchanged) or stores a value free of
  control characters; a header name is accepted exactly when it is a token;
- set_cookie either refuses or emits one cookie that a cookie parser reads back exactly;
- a status is either refused or gives a code in 100-999 and a line without controls.
"""

from __future__ import annotations

import re
from http.cookies import Morsel, SimpleCookie
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genresp import Headers, Response
from genresp._generated.headers import FIELDS
from tests.fuzz._profiles import fuzz_settings
from tests.test_parsers_never_raise import READERS, _read_attribute, junk_text

CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

fuzz = fuzz_settings()
# Attribute names the stdlib cookie parser will not take as a cookie name.
_RESERVED = {name.lower() for name in Morsel._reserved}  # type: ignore[attr-defined]

# Text and other values a caller might hand a setter.
any_value = st.one_of(
    junk_text,
    st.binary(max_size=40),
    st.lists(st.binary(max_size=10), max_size=3),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
    st.lists(junk_text, max_size=4),
    st.datetimes(),
    st.timedeltas(),
)


def snapshot(resp: Response) -> tuple[str, list[tuple[str, str]]]:
    return resp.status, list(resp.headers.items())


def assert_clean(resp: Response) -> None:
    assert CONTROL_RE.search(resp.status) is None
    for name, value in resp.headers.items():
        assert TOKEN_RE.fullmatch(name), name
        assert CONTROL_RE.search(value) is None, (name, value)


def assert_no_bytes_repr(resp: Response, value: Any) -> None:
    """Bytes given to a setter are decoded or refused, never stored as their repr."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, bytes) and item:
            for _, stored in resp.headers.items():
                assert repr(item) not in stored, (item, stored)


@pytest.mark.parametrize("name", sorted(READERS))
@fuzz
@given(value=junk_text)
def test_reader_never_raises(name: str, value: str) -> None:
    READERS[name](value)


@pytest.mark.parametrize("attr", sorted(FIELDS))
@fuzz
@given(value=junk_text)
def test_attribute_read_never_raises(attr: str, value: str) -> None:
    _read_attribute(attr, value)


@pytest.mark.parametrize("attr", sorted(FIELDS))
@fuzz
@given(value=any_value)
def test_attribute_write_refuses_or_stays_clean(attr: str, value: Any) -> None:
    resp = Response(headers={"X-Before": "1"})
    resp.headers[FIELDS[attr][0]] = "1"
    before = snapshot(resp)
    try:
        setattr(resp, attr, value)
    except (ValueError, TypeError):
        assert snapshot(resp) == before
    assert_clean(resp)
    assert_no_bytes_repr(resp, value)


@fuzz
@given(name=junk_text, value=any_value)
def test_headers_write_refuses_or_stays_clean(name: str, value: Any) -> None:
    headers = Headers({"X-Before": "1"})
    before = list(headers.items())
    try:
        headers.add(name, value)
    except (ValueError, TypeError):
        assert list(headers.items()) == before
        return
    # Accepted: the name was a token and the value held no control character.
    assert TOKEN_RE.fullmatch(name)
    stored = headers.getlist(name)[-1]
    assert CONTROL_RE.search(stored) is None
    if isinstance(value, str):
        assert stored == value
    if isinstance(value, bytes):
        assert stored == value.decode("latin-1")


@fuzz
@given(name=junk_text)
def test_header_names_are_accepted_exactly_when_tokens(name: str) -> None:
    headers = Headers()
    try:
        headers[name] = "v"
    except ValueError:
        assert TOKEN_RE.fullmatch(name) is None
    else:
        assert TOKEN_RE.fullmatch(name) is not None


cookie_args = st.fixed_dictionaries(
    {"key": st.one_of(junk_text, st.from_regex(TOKEN_RE, fullmatch=True)), "value": junk_text},
    optional={
        "max_age": st.one_of(st.integers(-(10**9), 10**9), st.timedeltas()),
        "expires": st.one_of(st.integers(0, 2**31), st.datetimes(), junk_text, st.floats(0, 2**31)),
        "path": st.one_of(st.none(), junk_text),
        "domain": st.one_of(st.none(), junk_text),
        "secure": st.booleans(),
        "httponly": st.booleans(),
        "samesite": st.one_of(st.none(), st.sampled_from(["lax", "Strict", "NONE"]), junk_text),
        "partitioned": st.booleans(),
    },
)


@fuzz
@given(args=cookie_args)
def test_set_cookie_refuses_or_emits_one_clean_cookie(args: dict[str, Any]) -> None:
    resp = Response()
    resp.max_cookie_size = 0  # type: ignore[misc]  # no size warnings in this test
    before = snapshot(resp)
    try:
        resp.set_cookie(**args)
    except (ValueError, TypeError, OverflowError):
        assert snapshot(resp) == before
        return
    assert_clean(resp)
    (header,) = resp.headers.getlist("Set-Cookie")
    key = args["key"]
    assert header.startswith(f"{key}=")
    if key.startswith("$") or key.lower() in _RESERVED:
        # Valid RFC 6265 names that the stdlib parser (RFC 2109 rules) reads as attributes.
        return
    jar = SimpleCookie()
    jar.load(header.split(";", 1)[0])
    assert list(jar) == [args["key"]]
    assert jar[args["key"]].value.encode("latin-1").decode("utf-8") == args["value"]


@fuzz
@given(status=st.one_of(junk_text, st.integers(-2000, 2000), st.from_regex(r"[0-9]{3} .*")))
def test_status_refuses_or_is_clean(status: Any) -> None:
    resp = Response()
    before = snapshot(resp)
    try:
        resp.status = status
    except (ValueError, TypeError):
        assert snapshot(resp) == before
        return
    assert 100 <= resp.status_code <= 999
    assert resp.status.startswith(str(resp.status_code))
    assert_clean(resp)
