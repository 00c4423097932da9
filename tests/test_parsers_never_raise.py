"""Bad input never crashes: every parser, and every typed attribute read from a raw header.

Every ``parse_*`` function of ``genresp.http`` (found by name, so a new one is covered without
editing this file), the other readers of header text, and every attribute in the generated
``FIELDS`` table are fed garbage, huge, unbalanced, unicode and control-character input.  They must
return a value (or None) without raising, and 64 KB of pathological junk must parse in
milliseconds, not seconds (no quadratic backtracking).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genresp import Response, http
from genresp._generated.headers import FIELDS
from genresp.datastructures.www_authenticate import WWWAuthenticate
from tests.complexity import GROWTH_LIMIT, growth

# -- the readers under test ------------------------------------------------------------------

PARSE_NAMES = sorted(
    name for name in dir(http) if name.startswith("parse_") and callable(getattr(http, name))
)


def _readers() -> dict[str, Callable[[str], Any]]:
    """Every function that turns header text into a value, keyed by a readable name."""
    readers: dict[str, Callable[[str], Any]] = {name: getattr(http, name) for name in PARSE_NAMES}
    # Variants of the parsers' optional arguments that take other code paths.
    readers["parse_range_header(make_inclusive=False)"] = lambda v: http.parse_range_header(
        v, make_inclusive=False
    )
    readers["parse_set_header(on_update)"] = lambda v: http.parse_set_header(v, lambda s: None)
    readers["unquote_header_value"] = http.unquote_header_value
    readers["unquote_etag"] = http.unquote_etag
    readers["WWWAuthenticate.from_header"] = WWWAuthenticate.from_header
    return readers


READERS = _readers()


def _to_text(result: Any) -> None:
    """A structured value read from a response must also print back without raising.

    (Only for response attributes: their values are written back on change.  Request-side values
    such as IfRange may legitimately refuse to print what they parsed, as in Werkzeug.)
    """
    to_header = getattr(result, "to_header", None)
    if to_header is not None:
        to_header()


def _read_attribute(attr: str, raw: str) -> Any:
    """Read typed attribute ``attr`` of a response whose header holds ``raw`` unvalidated.

    The raw text goes in through the internal setter: a header can hold anything when it comes
    from another application or a subclass, and the reader must cope with it.
    """
    field = FIELDS[attr][0]
    resp = Response()
    resp.headers._set1(field.lower(), field, raw)
    value = getattr(resp, attr)
    _to_text(value)
    return value


# -- junk ------------------------------------------------------------------------------------

# Pieces of the grammars the parsers know, so generated junk reaches past their first checks.
FRAGMENTS = [
    '"', "\\", ",", ";", "=", "*", "'", " ", "\t", "/", "-", ":", "%", "%zz", "%ff", "%C3%A9",
    "''", "W/", "w/", "bytes", "bytes=", "0", "1", "9", "99999999999999999999999999", "-1",
    "max-age", "no-cache", "private", "utf-8", "iso-8859-1", "x-unknown", "UTF-8''", "a", "Z",
    "filename", "filename*", "filename*0", "filename*1*", "name*0*", "text/html", "charset",
    "Basic", "Bearer", "Digest", "realm", "nonce", "token68==", "GMT", "Sun,", "Nov", "1994",
    "06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994", "0000", "9999", "31 Feb", "24:60:60", "+9999", "-9999",
    "default-src", "'self'", "*/", "*/*", "\x00", "\r", "\n", "\r\n", "\x0b", "\x1f", "\x7f",
    "\x85", "\u2028", "\ufeff", "é", "\u0130", "\ud800", "\udcff", "\U0001f600", "\uffff",
]  # fmt: skip

junk_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from("\"\\,;=*'/- \t:%0189abWxé\x00\r\n")),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=30).map("".join),
)

# Fixed cases that have broken header parsers before: each is tried on every reader.
CORPUS = [
    "",
    " ",
    '"',
    '""',
    '"\\',
    '\\"',
    "\\",
    ",",
    ";",
    "=",
    "==",
    ";;;;",
    ",,,,",
    '"unterminated, list',
    'a="unterminated; b=c',
    "a*=utf-8''%ff%fe",
    "a*=bogus-charset''%41",
    "a*0*=utf-8''%e2%82; a*1*=%ac",
    "a*0*=x-nope''z; a*1=y",
    "a*99999999999999999999=x",
    "a*0*=\ud800",
    "a*0=\ud800; a*1*=%41",
    "text/html; charset=\ud800",
    "\ud800",
    "\udcff\udc80",
    "bytes=0-0,-1",
    "bytes=99999999999999999999-",
    "bytes=-99999999999999999999",
    "bytes 0-0/0",
    "bytes 5-1/10",
    "bytes */99999999999999999999",
    "Sun, 00 Nov 1994 08:49:37 GMT",
    "Sun, 31 Feb 1994 08:49:37 GMT",
    "Sun, 06 Nov 0000 00:00:00 GMT",
    "Sun, 06 Nov 9999 23:59:59 GMT",
    "Fri, 31 Dec 9999 23:59:59 -2359",
    "Mon, 01 Jan 0001 00:00:00 +2359",
    "Sun, 06 Nov 1994 08:49:37 +99999",
    "99999999999999999999",
    "-1",
    "1e9",
    "\x00\r\n\x0b\x1f\x7f",
    "max-age=\r\n1",
    'Basic realm="a\\"b", charset="UTF-8"',
    "Basic ====",
    "Digest ,,,,,,",
    "W/",
    'W/"',
    "*",
    '*, W/"x"',
    "default-src 'self'; ;; script-src",
    "\U0001f600" * 100,
    "é" * 1000,
    "a" * 100_000,
    "9" * 5000,  # past Python's 4300-digit limit for int(str)
    " " * 5000 + "9",
]


@pytest.mark.parametrize("name", sorted(READERS))
@pytest.mark.parametrize("value", CORPUS, ids=range(len(CORPUS)))
def test_reader_survives_corpus(name: str, value: str) -> None:
    READERS[name](value)


@pytest.mark.parametrize("name", sorted(READERS))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(value=junk_text)
def test_reader_survives_junk(name: str, value: str) -> None:
    READERS[name](value)


def test_parsers_accept_none_where_typed() -> None:
    """Parsers typed ``str | None`` treat None as "no header"."""
    for name in PARSE_NAMES:
        func = getattr(http, name)
        annotation = str(inspect.signature(func).parameters["value"].annotation)
        if "None" in annotation:
            func(None)


@pytest.mark.parametrize("attr", sorted(FIELDS))
@pytest.mark.parametrize("value", CORPUS, ids=range(len(CORPUS)))
def test_attribute_survives_corpus(attr: str, value: str) -> None:
    _read_attribute(attr, value)


@pytest.mark.parametrize("attr", sorted(FIELDS))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(value=junk_text)
def test_attribute_survives_junk(attr: str, value: str) -> None:
    _read_attribute(attr, value)


@pytest.mark.parametrize("attr", sorted(FIELDS))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(value=junk_text)
def test_attribute_survives_junk_through_public_api(attr: str, value: str) -> None:
    """Junk that the public setter accepts (no control characters) also reads back safely."""
    field = FIELDS[attr][0]
    resp = Response()
    try:
        resp.headers[field] = value
    except ValueError:
        return
    _to_text(getattr(resp, attr))


# -- no quadratic blow-up ----------------------------------------------------------------------

SIZE = 64 * 1024


def _fill(unit: str, prefix: str = "", suffix: str = "", size: int = SIZE) -> str:
    body = unit * ((size - len(prefix) - len(suffix)) // len(unit) + 1)
    return (prefix + body)[: size - len(suffix)] + suffix


# Inputs shaped to make backtracking regular expressions and naive loops go quadratic: long runs
# of one separator, unterminated quotes, long escapes, long runs of whitespace before a mismatch.
SHAPES: dict[str, Callable[..., str]] = {
    "quotes": partial(_fill, '"'),
    "backslashes": partial(_fill, "\\"),
    "quote-backslash": partial(_fill, '"\\'),
    "open-quote-then-escapes": partial(_fill, '\\"', prefix='"'),
    "commas": partial(_fill, ","),
    "semicolons": partial(_fill, ";"),
    "equals": partial(_fill, "="),
    "spaces-then-x": partial(_fill, " ", prefix="a", suffix="x"),
    "tabs-then-x": partial(_fill, "\t", prefix="a ", suffix="x"),
    "spaces-then-semicolon": partial(_fill, " ", prefix="a", suffix=";"),
    "pairs": partial(_fill, "a=b, "),
    "params": partial(_fill, "; a=b", prefix="text/html"),
    "unterminated-params": partial(_fill, '; a="', prefix="text/html"),
    "continuations": partial(_fill, "; a*0*=%41", prefix="text/html"),
    "star-digits": partial(_fill, "*1", prefix="text/html; a", suffix="=x"),
    "ext-values": partial(_fill, "%zz", prefix="a*=utf-8''"),
    "percent": partial(_fill, "%41"),
    "digits": partial(_fill, "9"),
    "ranges": partial(_fill, "1-2,", prefix="bytes="),
    "suffix-ranges": partial(_fill, "-1,", prefix="bytes="),
    "etags": partial(_fill, 'W/"a", '),
    "token68": partial(_fill, "a", prefix="Basic ", suffix="=="),
    "auth-params": partial(_fill, 'a="b", ', prefix="Digest "),
    "csp": partial(_fill, "a b ", prefix="default-src "),
    "csp-spaces": partial(_fill, " ", prefix="default-src a", suffix="b"),
    "dates": partial(_fill, "Sun, 06 Nov 1994 08:49:37 GMT "),
    "unicode": partial(_fill, "é\U0001f600"),
    "controls": partial(_fill, "\x00\r\n\x7f"),
    "alnum-dashes": partial(_fill, "a-"),
}
PATHOLOGICAL = {label: make() for label, make in SHAPES.items()}

# Complexity, not speed (tests/complexity.py): each shape is read at 8 KB and at 64 KB.
SMALL = SIZE // 8
SMALL_SHAPES = {label: make(size=SMALL) for label, make in SHAPES.items()}


def superlinear_shapes(func: Callable[[str], Any]) -> dict[str, float]:
    """Shapes whose reading time grows much faster than their size, with the growth factor."""
    grown = {}
    for label, value in PATHOLOGICAL.items():
        ratio = growth(func, SMALL_SHAPES[label], value)
        if ratio is not None and ratio > GROWTH_LIMIT:
            grown[label] = round(ratio, 1)
    return grown


@pytest.mark.parametrize("name", sorted(READERS))
def test_reader_is_linear_on_64k_junk(name: str) -> None:
    grown = superlinear_shapes(READERS[name])
    assert not grown, f"{name} grows faster than linearly (8 KB -> 64 KB): {grown}"


@pytest.mark.parametrize("attr", sorted(FIELDS))
def test_attribute_is_linear_on_64k_junk(attr: str) -> None:
    grown = superlinear_shapes(lambda v: _read_attribute(attr, v))
    assert not grown, f"{attr} grows faster than linearly (8 KB -> 64 KB): {grown}"
