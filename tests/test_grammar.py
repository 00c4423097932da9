"""genresp._grammar: the rules are the RFC's, each defined once, and the helpers built on them agree.

The strict request parsers of genresp.http (parse_request_date, parse_request_etags) are tested
here against their lenient twins; their use in the RFC 9110 13.2.2 evaluation is tested in
test_conditional.py.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genresp import _grammar, http

# RFC 9110 5.6.2, written out character by character rather than as a class.
TCHARS = set("!#$%&'*+-.^_`|~") | set("0123456789") | {chr(c) for c in range(0x41, 0x5B)}
TCHARS |= {chr(c) for c in range(0x61, 0x7B)}


def test_token_is_exactly_tchar() -> None:
    for code in range(0x100):
        char = chr(code)
        assert (_grammar.TOKEN_RE.fullmatch(char) is not None) == (char in TCHARS), repr(char)
    assert _grammar.TOKEN_RE.fullmatch("") is None


def test_codegen_spells_token_the_same() -> None:
    # The generator must not import genresp (the generated code it would import may be stale), so
    # it keeps its own copy of the token pattern; this holds the copy to the rule.
    loader = pytest.importorskip("codegen.loader")
    assert loader._TOKEN.pattern == _grammar.TOKEN


def test_ctl_is_every_control_but_htab() -> None:
    controls = {chr(c) for c in range(0x20)} | {"\x7f"}
    for code in range(0x100):
        char = chr(code)
        expected = char in controls and char != "\t"
        assert (_grammar.CTL_RE.search(char) is not None) == expected, repr(char)


@given(st.text())
def test_quoting_round_trips(text: str) -> None:
    quoted = _grammar.quote_header_value(text)
    assert _grammar.unquote_header_value(quoted) == text or quoted == text
    if _grammar.TOKEN_RE.fullmatch(text) is None:
        assert re.fullmatch(f'"{_grammar.QUOTED_STRING_INNER}"', quoted, re.DOTALL)


@given(
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='"'))
)
def test_entity_tag_round_trips(opaque: str) -> None:
    for weak in (False, True):
        quoted = _grammar.quote_etag(opaque, weak)
        match = _grammar.ENTITY_TAG_RE.fullmatch(quoted)
        assert match is not None
        assert match.group(2) == opaque and (match.group(1) is not None) == weak
        assert _grammar.unquote_etag(quoted) == (opaque, weak)
        assert http.parse_request_etags(quoted) == [(opaque, weak)]


def test_request_etags_strict_where_parse_etags_is_lenient() -> None:
    # A bare tag is read as the strong tag of the same characters (docs/differences.md); a
    # lower-case "w/" or a half-quoted tag is skipped, where parse_etags keeps it.
    value = '"a", W/"b", c, w/"d", ,"e", "f'
    assert http.parse_request_etags(value) == [
        ("a", False),
        ("b", True),
        ("c", False),
        ("e", False),
    ]
    lenient = http.parse_etags(value)
    assert lenient.contains_weak("d")
    assert http.parse_request_etags('"a", *') is None
    assert http.parse_request_etags("") == []


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)))
def test_http_date_is_imf_fixdate_and_parses_back(moment: datetime) -> None:
    moment = moment.replace(microsecond=0, tzinfo=timezone.utc)
    text = _grammar.http_date(moment)
    match = _grammar.IMF_FIXDATE_RE.fullmatch(text)
    assert match is not None
    assert match.group(1) in _grammar.DAY_NAMES and match.group(3) in _grammar.MONTH_NUMBER
    assert http.parse_date(text) == moment
    assert http.parse_request_date(text) == moment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun, 06 Nov 1994 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone.utc)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone.utc)),
        ("Sun Nov  6 08:49:37 1994", datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone.utc)),
        (" Sun, 06 Nov 1994 08:49:37 GMT\t", datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone.utc)),
        ("sun, 06 Nov 1994 08:49:37 GMT", None),  # names are case-sensitive
        ("Sun, 06 nov 1994 08:49:37 GMT", None),
        ("Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT", None),  # a list
        ("Sun, 31 Feb 1994 08:49:37 GMT", None),
        ("Sun, 06 Nov 1994 08:49:37 +0000", None),  # parse_date accepts this one
        ("Sunday, 06-Nov-94 08:49:37", None),
        ("", None),
        (None, None),
    ],
)
def test_request_date_is_strict(text: str | None, expected: datetime | None) -> None:
    assert http.parse_request_date(text) == expected


def test_strict_date_rejects_what_the_lenient_one_accepts() -> None:
    text = "Sun, 06 Nov 1994 08:49:37 +0000"
    assert http.parse_date(text) is not None
    assert http.parse_request_date(text) is None


def test_month_and_day_tables_match_the_calendar() -> None:
    for month, name in enumerate(_grammar.MONTH_NAMES, 1):
        assert datetime(2001, month, 1).strftime("%b") == name
        assert _grammar.MONTH_NUMBER[name] == month
    for day in range(7):
        moment = datetime(2001, 1, 1 + day)  # 2001-01-01 was a Monday
        assert _grammar.DAY_NAMES[moment.weekday()] == moment.strftime("%a")
        assert moment.strftime("%A") in _grammar.DAY_NAMES_L


def test_names_kept_where_they_were_published() -> None:
    # The helpers moved into the grammar are the very objects genresp.http publishes.
    for name in (
        "http_date",
        "quote_etag",
        "unquote_etag",
        "parse_dict_header",
        "dump_options_header",
    ):
        assert getattr(http, name) is getattr(_grammar, name)
    from genresp import cookies

    assert http.dump_cookie is cookies.dump_cookie
