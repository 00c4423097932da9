"""Every shortcut of the header writers answers exactly as the general code it stands in for.

- `_fields.dump_set`: a list or tuple of plain tokens is joined directly (and remembered) instead of
  going through `dump_header` and `check_value`;
- the generated setters of the string and int kinds: a printable str / a non-negative int is stored
  without calling the kind's dumper (`dump_str` / `dump_int`);
- `http.http_date`: datetimes and timestamps already formatted are answered from a cache.

Each is compared with the general path over generated input, the cache both cold and warm. The
general paths themselves are tested against the RFCs and Werkzeug elsewhere.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genresp import Response, _fields
from genresp._generated import headers as generated
from genresp._generated.headers import FIELDS
from genresp._grammar import _format_date
from genresp.datastructures.headers import check_value
from genresp.http import dump_header, http_date


def _outcome(call: Callable[..., Any], *args: Any) -> Any:
    """The result of `call(*args)`, or the type of the exception it raised."""
    try:
        return call(*args)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        return type(exc)


# -- dump_set --------------------------------------------------------------------------------

# Tokens, near-tokens (what the fast path must turn away) and characters a header may not hold.
ITEM = st.one_of(
    st.sampled_from(
        ["GET", "Accept", "x-y", "a", "*", "", " ", "a b", "a,b", "a, b", "a;b", '"q"']
    ),
    st.text(alphabet=st.sampled_from('aZ09-!~ ,;"\\\t\r\n\x00é\u20ac'), max_size=6),
)
SET_FIELDS = [field for field, kind in FIELDS.values() if kind == "header_set"]


def _dump_set_general(field: str, items: list[str]) -> str | None:
    """What dump_set does for any iterable of str: quote as needed, then check the value."""
    return check_value(field, dump_header(items)) if items else None


@given(st.lists(ITEM, max_size=4), st.sampled_from(SET_FIELDS))
def test_dump_set_fast_path_equals_general_path(items: list[str], field: str) -> None:
    expected = _outcome(_dump_set_general, field, items)
    for _ in range(2):  # cold, then with the checked-lists memo warm
        assert _outcome(_fields.dump_set, field, items) == expected
        assert _outcome(_fields.dump_set, field, tuple(items)) == expected
        # One behaviour for every container (issue 10 item 14): an iterator takes the general path.
        assert _outcome(_fields.dump_set, field, iter(items)) == expected


def test_dump_set_token_memo_is_not_fooled_by_an_item_holding_a_comma() -> None:
    assert _fields.dump_set("Vary", ["a", "b"]) == "a, b"
    # Joined, ["a, b"] reads the same as ["a", "b"]: it must still be quoted as one member.
    assert _fields.dump_set("Vary", ["a, b"]) == '"a, b"'
    assert _fields.dump_set("Vary", ("a, b",)) == '"a, b"'


def test_dump_set_non_str_items_are_refused_on_both_paths() -> None:
    for value in (["a", 1], ("a", None), [b"a"]):
        with pytest.raises(TypeError, match="Vary"):
            _fields.dump_set("Vary", value)


# -- the generated setters of the string and int kinds ---------------------------------------


def _setters(kind: str, dumper: Callable[..., Any]) -> list[tuple[str, str]]:
    """(attribute, field) of every generated descriptor of `kind` whose setter falls back on
    `dumper` (a spec entry with its own dump function has no fast path to compare)."""
    found = []
    for attr, (field, field_kind) in FIELDS.items():
        descriptor = getattr(generated.GeneratedResponseHeaders, attr)
        source = inspect.getsource(type(descriptor).__set__)
        if field_kind == kind and f"{dumper.__name__}(" in source:
            found.append((attr, field))
    assert found, f"no generated {kind} setter"
    return found


STRING_SETTERS = _setters("string", _fields.dump_str)
INT_SETTERS = _setters("int", _fields.dump_int)

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=8)
STR_VALUES = st.one_of(
    TEXT,
    st.text(alphabet=st.sampled_from("a /\t\r\n\x00\x7f\x85\xa0é\u2028\u20ac"), max_size=5),
    st.binary(max_size=5),
    st.integers(-3, 3),
    st.none(),
)
INT_VALUES = st.one_of(
    st.integers(),
    st.integers(min_value=10**4290, max_value=10**4400),  # past Python's int-to-str digit limit
    st.booleans(),
    st.floats(allow_nan=False),
    st.text(alphabet=st.sampled_from("0129 -+\r\n\u0663"), max_size=5),
    st.none(),
)


def _set_through_descriptor(attr: str, field: str, value: Any) -> Any:
    resp = Response()
    resp.headers.add(field, "old-1")
    resp.headers.add(field, "old-2")
    before = list(resp.headers.items())
    try:
        setattr(resp, attr, value)
    except (TypeError, ValueError, OverflowError) as exc:
        assert list(resp.headers.items()) == before, "a refused write changed the headers"
        return type(exc)
    return resp.headers.getlist(field)


def _set_through_dumper(dumper: Callable[..., Any], field: str, value: Any) -> Any:
    if value is None:
        return []
    outcome = _outcome(dumper, field, value)
    return outcome if isinstance(outcome, type) else [outcome]


@given(STR_VALUES)
def test_string_setter_fast_path_equals_dump_str(value: Any) -> None:
    for attr, field in STRING_SETTERS:
        assert _set_through_descriptor(attr, field, value) == _set_through_dumper(
            _fields.dump_str, field, value
        ), attr


@given(INT_VALUES)
def test_int_setter_fast_path_equals_dump_int(value: Any) -> None:
    for attr, field in INT_SETTERS:
        assert _set_through_descriptor(attr, field, value) == _set_through_dumper(
            _fields.dump_int, field, value
        ), attr


# -- the http_date cache -----------------------------------------------------------------------

# fold=0 only: a fold=1 datetime in a repeated hour is equal to (and hashes as) its fold=0 twin,
# which the cache confuses (issue 10 item 13, tested where it is fixed).
DATETIMES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
    ).map(lambda dt: dt.replace(fold=0)),
)
TIMESTAMPS = st.one_of(
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.sampled_from([0, 0.0, -0.0, 1, 1.0, 1.5, 1e300, float("inf")]),
)


@given(st.lists(st.one_of(DATETIMES, TIMESTAMPS), min_size=1, max_size=6))
def test_http_date_cache_equals_formatting(values: list[Any]) -> None:
    # Formatted in turn, then again: equal keys of different values (1 and 1.0, one instant in two
    # zones) share a cache entry, so every later answer must still be the right one.
    for _ in range(2):
        for value in values:
            assert _outcome(http_date, value) == _outcome(_format_date, value)


def test_http_date_equal_instants_in_two_zones() -> None:
    from datetime import timedelta

    utc = datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)
    plus2 = utc.astimezone(timezone(timedelta(hours=2)))
    assert utc == plus2 and hash(utc) == hash(plus2)
    assert http_date(plus2) == http_date(utc) == "Wed, 21 Oct 2015 07:28:00 GMT"


# -- the cookie attribute cache ----------------------------------------------------------------

COOKIE_ATTRIBUTES = st.fixed_dictionaries(
    {
        "path": st.sampled_from([None, "/", "/a b", "/x;y", "/ü", "/" + "p" * 300]),
        "domain": st.sampled_from(
            [None, "", "example.com", ".Example.com:8080", "bücher.de", "a;b"]
        ),
        "secure": st.sampled_from([False, True, 1, ""]),
        "httponly": st.booleans(),
        "samesite": st.sampled_from([None, "Lax", "strict", "NONE", "bogus"]),
        "partitioned": st.booleans(),
        "max_age": st.sampled_from([None, 0, 60]),
        "expires": st.sampled_from([None, 0, "Thu, 01 Jan 1970 00:00:00 GMT"]),
    }
)


@given(st.lists(COOKIE_ATTRIBUTES, min_size=1, max_size=4))
def test_cookie_attribute_cache_equals_formatting_every_time(calls: list[dict[str, Any]]) -> None:
    from genresp import cookies

    def dump(kwargs: dict[str, Any]) -> str:
        return cookies.dump_cookie("k", "v", sync_expires=False, **kwargs)

    def fresh(kwargs: dict[str, Any]) -> Any:
        cookies._cookie_attributes.clear()
        return _outcome(dump, kwargs)

    expected = [fresh(kwargs) for kwargs in calls]
    for _ in range(2):  # warm: every set of attributes now comes from the cache
        for kwargs, want in zip(calls, expected, strict=True):
            assert _outcome(dump, kwargs) == want, kwargs


def test_cookie_attribute_cache_is_bounded_in_bytes() -> None:
    from genresp import cookies
    from genresp._cache import CACHE_MAX

    cookies._cookie_attributes.clear()
    for i in range(CACHE_MAX * 2):
        cookies.dump_cookie("k", "v", path="/" + str(i) + "x" * (i % 400))
    stored = cookies._cookie_attributes
    assert len(stored) <= CACHE_MAX
    assert all(
        len(head) + len(tail) <= cookies._MAX_ATTRIBUTES_TEXT for head, tail in stored.values()
    )
    assert sum(len(str(k)) + len(h) + len(t) for k, (h, t) in stored.items()) < 2 * 1024 * 1024
