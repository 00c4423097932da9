"""Issue 10 section 2: places where genresp differed from Werkzeug 2.3.8 without a reason, now fixed.

Each test runs the same calls on genresp and on Werkzeug 2.3.8 (the oracle) and compares.
"""

from __future__ import annotations

import math
import subprocess
import sys
import typing

import pytest
from werkzeug.datastructures import Headers as WHeaders
from werkzeug.datastructures import Range as WRange
from werkzeug.datastructures import ResponseCacheControl as WCacheControl
from werkzeug.datastructures import WWWAuthenticate as WWWAuth
from werkzeug.http import parse_cache_control_header as w_parse_cache_control
from werkzeug.wrappers import Response as WResponse

import genresp
from genresp import Headers, Range, Response, ResponseCacheControl, WWWAuthenticate
from genresp.http import parse_cache_control_header


def outcome(call: typing.Callable[[], object]) -> object:
    """The result of `call`, or the class of the exception it raised."""
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - the class is the outcome being compared
        return type(exc)


# -- item 1: Range with a missing start ---------------------------------------------------------


@pytest.mark.parametrize(
    "ranges",
    [[(None, 1)], [(None, None)], [(0, 1), (None, 5)]],
)
def test_range_with_missing_start_raises_value_error_as_werkzeug(ranges: list) -> None:  # type: ignore[type-arg]
    assert outcome(lambda: WRange("bytes", ranges)) is ValueError
    with pytest.raises(ValueError, match="Invalid Range"):
        Range("bytes", ranges)


@pytest.mark.parametrize("ranges", [[(0, 5)], [(3, None)], [(-4, None)], [(0, 1), (2, 3)]])
def test_valid_ranges_agree(ranges: list) -> None:  # type: ignore[type-arg]
    assert Range("bytes", ranges).to_header() == WRange("bytes", ranges).to_header()


def test_range_position_of_wrong_type_is_a_type_error_as_werkzeug() -> None:
    assert outcome(lambda: WRange("bytes", [(0, "x")])) is TypeError
    with pytest.raises(TypeError, match="int"):
        Range("bytes", [(0, "x")])  # type: ignore[list-item]


# -- item 3: max_age = float -----------------------------------------------------------------


@pytest.mark.parametrize("value", [3.1, 0.0, 0.99, 86400.5, 7.0])
def test_cache_control_float_is_stored_as_int(value: float) -> None:
    ours, theirs = ResponseCacheControl(), WCacheControl()
    ours.max_age = value  # type: ignore[assignment]
    theirs.max_age = value
    assert ours.to_header() == theirs.to_header() == f"max-age={int(value)}"
    assert ours.max_age == theirs.max_age == int(value)
    resp = Response()
    resp.cache_control.s_maxage = value  # type: ignore[assignment]
    assert resp.headers["Cache-Control"] == f"s-maxage={int(value)}"


@pytest.mark.parametrize("value", [-0.5, -3.0, math.nan, math.inf, -math.inf, "x", [1]])
def test_cache_control_refuses_negative_nan_infinite_and_junk(value: object) -> None:
    resp = Response()
    resp.cache_control.max_age = 5
    with pytest.raises(ValueError, match="max-age"):
        resp.cache_control.max_age = value  # type: ignore[assignment]
    assert resp.headers["Cache-Control"] == "max-age=5"


# -- item 9: Headers.update / | / |= keep the place of an updated name ----------------------------


def _three() -> list[tuple[str, str]]:
    return [("A", "1"), ("B", "2"), ("C", "3")]


def grouped(items: typing.Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Werkzeug's field lines in genresp's order: names by first appearance, each name's values in
    order (the documented "Order of field lines" difference)."""
    by_name: dict[str, list[tuple[str, str]]] = {}
    for name, value in items:
        by_name.setdefault(name.lower(), []).append((name, value))
    return [item for group in by_name.values() for item in group]


@pytest.mark.parametrize(
    "other",
    [{"A": "9"}, [("A", "9")], {"B": ["7", "8"]}, {"A": "9", "D": "4"}, {"b": "lower"}],
)
def test_update_keeps_the_position_of_updated_names(other: object) -> None:
    ours, theirs = Headers(_three()), WHeaders(_three())
    ours.update(other)
    theirs.update(other)
    assert list(ours.items()) == grouped(theirs.items())
    # `|` and `|=` (Werkzeug 3.0 added them for mappings, 2.3 has none) do what update() does.
    if not isinstance(other, dict):
        return
    assert list((Headers(_three()) | other).items()) == list(ours.items())  # type: ignore[operator]
    inplace = Headers(_three())
    inplace |= other  # type: ignore[assignment]
    assert list(inplace.items()) == list(ours.items())


def test_update_from_headers_keeps_position_and_all_values() -> None:
    ours, theirs = Headers(_three()), WHeaders(_three())
    ours.update(Headers([("B", "x"), ("B", "y")]))
    theirs.update(WHeaders([("B", "x"), ("B", "y")]))
    assert list(ours.items()) == grouped(theirs.items())
    assert list(ours.items()) == [("A", "1"), ("B", "x"), ("B", "y"), ("C", "3")]


def test_set_and_update_agree() -> None:
    by_set, by_update = Headers(_three()), Headers(_three())
    by_set.set("A", "new")
    by_update.update({"A": "new"})
    assert list(by_set.items()) == list(by_update.items()) == [("A", "new"), ("B", "2"), ("C", "3")]


# -- item 10: get/getlist with type= only swallow ValueError -----------------------------------


def _type_error(value: str) -> int:
    raise TypeError("a bug in the converter")


def test_get_with_type_swallows_value_error_only() -> None:
    for cls in (Headers, WHeaders):
        h = cls([("X", "a"), ("X", "1")])
        assert h.get("X", 7, type=int) == 7  # ValueError -> default
        assert h.getlist("X", type=int) == [1]
        with pytest.raises(TypeError, match="bug"):
            h.get("X", 7, type=_type_error)
        with pytest.raises(TypeError, match="bug"):
            h.getlist("X", type=_type_error)


# -- item 11: a directive that needs a value but has none -------------------------------------


def test_cache_control_directive_without_its_value_reads_none() -> None:
    cc = parse_cache_control_header("max-age, s-maxage, public", cls=ResponseCacheControl)
    assert cc.max_age is None and cc.s_maxage is None and cc.public is True
    # Werkzeug 2.3 returns a sentinel -1 for max-age alone (3.1 returns None, as genresp): listed in
    # docs/differences.md.
    theirs = w_parse_cache_control("max-age, s-maxage", cls=WCacheControl)
    assert theirs.max_age == -1 and theirs.s_maxage is None
    assert Response(headers={"Cache-Control": "max-age"}).cache_control.max_age is None


# -- item 12: WWW-Authenticate parameter names are case-insensitive ------------------------------


def test_www_authenticate_parameter_names_are_case_insensitive() -> None:
    challenge = WWWAuthenticate.from_header('Basic Realm="x", CHARSET="UTF-8"')
    assert challenge is not None
    assert challenge.realm == challenge["realm"] == challenge.get("REALM") == "x"
    assert challenge.parameters["Realm"] == challenge.parameters["realm"] == "x"
    assert "REALM" in challenge.parameters and "charset" in challenge
    assert challenge.to_header() == "Basic realm=x, charset=UTF-8"
    # Werkzeug 2.3 keeps the name as sent, so the realm cannot be reached: listed in differences.md.
    theirs = WWWAuth.from_header('Basic Realm="x"')
    assert theirs is not None and theirs.realm is None
    built = WWWAuthenticate("basic", {"Realm": "y"})
    assert built.realm == "y"
    del built.parameters["REALM"]
    assert built.to_header() == "Basic"


def test_www_authenticate_on_the_response_reads_capital_parameters() -> None:
    resp = Response(headers={"WWW-Authenticate": 'Bearer Realm="api", Scope="read"'})
    assert resp.www_authenticate.realm == "api"
    assert resp.www_authenticate["scope"] == "read"


# -- item 14: one Vary behaviour for lists, iterators and HeaderSets -------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: ["a, b"],
        lambda: ("a, b",),
        lambda: iter(["a, b"]),
        lambda: genresp.HeaderSet(["a, b"]),
        lambda: ["x", "a, b"],
        lambda: ["Accept", "Cookie"],
    ],
)
def test_vary_items_are_members_whatever_the_container(make: typing.Callable[[], object]) -> None:
    ours, theirs = Response(), WResponse()
    ours.vary = make()  # type: ignore[assignment]
    theirs.vary = make()
    assert ours.headers["Vary"] == theirs.headers["Vary"]
    assert ours.vary.as_set() == theirs.vary.as_set()


def test_vary_list_of_one_item_with_a_comma_reads_back_as_one_member() -> None:
    resp = Response()
    resp.vary = ["a, b"]
    assert resp.headers["Vary"] == '"a, b"'
    assert list(resp.vary) == ["a, b"]
    resp.vary = ["a", "b"]  # the fast path still serves plain tokens
    assert resp.headers["Vary"] == "a, b"


# -- items 18 and 19: typing --------------------------------------------------------------------


def test_get_type_hints_of_the_response_resolve_to_typing_names() -> None:
    hints = typing.get_type_hints(Response.__init__)
    assert "genresp._typing" not in repr(hints)
    assert hints["status"] == int | str | None
    assert hints["return"] is type(None)
    assert typing.get_type_hints(Headers.get)["default"] is typing.Any
    get_data = typing.get_type_hints(Response.get_data)
    assert get_data["return"] == bytes | str


def test_get_type_hints_in_a_fresh_interpreter_that_imports_typing_first() -> None:
    code = (
        "import typing, genresp\n"
        "hints = typing.get_type_hints(genresp.Response.__init__)\n"
        "assert 'genresp._typing' not in repr(hints), hints\n"
        "print(sorted(hints))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "'status'" in result.stdout


# -- item 2: dump_cookie with a bytes value ------------------------------------------------------


@pytest.mark.parametrize("value", ["café", "plain", "ü€", 'a"b'])
def test_dump_cookie_bytes_value_is_utf8_text_as_werkzeug(value: str) -> None:
    from werkzeug.http import dump_cookie as w_dump_cookie

    from genresp.http import dump_cookie

    with pytest.warns(DeprecationWarning):  # Werkzeug 2.3 still takes bytes, with a warning
        theirs = w_dump_cookie("k", value.encode())
    assert dump_cookie("k", value.encode()) == theirs
    assert dump_cookie("k", value.encode()) == dump_cookie("k", value)


# -- items 4 and 5: parse_options_header ---------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        ";a=b",
        "; a=b; c=d",
        'v;a="c:\\"; b=1',
        'attachment; filename="C:\\path\\"; size=3',
        'v;a="c:\\;b=2',
        'v; a="x; b=y',
        'text/html; a="unterminated; b=2',
        'v;a="c',
        "text/plain; charset=utf-8",
        'form-data; name="f"; filename="a b.txt"',
    ],
)
def test_parse_options_header_edge_cases_agree_with_werkzeug(value: str) -> None:
    from werkzeug.http import parse_options_header as w_parse

    from genresp.http import parse_options_header

    assert parse_options_header(value) == w_parse(value)


# -- item 6: the too-large cookie warning ------------------------------------------------------


def test_cookie_size_warning_has_werkzeugs_wording() -> None:
    import warnings

    messages = []
    for cls in (Response, WResponse):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cls().set_cookie("big", "x" * 5000)
        (warning,) = caught
        assert warning.category is UserWarning
        messages.append(str(warning.message))
    assert messages[0] == messages[1]
    with pytest.warns(UserWarning, match="The 'big' cookie is too large: the value was 5000 bytes"):
        Response().set_cookie("big", "x" * 5000)


# -- item 7: a malformed byte-range set is answered 416, as Werkzeug does --------------------------


def _ranged(cls: type[typing.Any], range_value: str) -> object:
    from werkzeug.test import create_environ

    resp = cls(b"0123456789" * 10)
    environ = create_environ(headers={"Range": range_value})
    try:
        resp.make_conditional(environ, accept_ranges=True, complete_length=100)
    except Exception as exc:  # noqa: BLE001 - the exception class is compared
        return type(exc).__name__
    return resp.status_code, resp.headers.get("Content-Range")


@pytest.mark.parametrize(
    "value", ["bytes=-", "bytes=", "bytes=5-2", "bytes=a-b", "bytes=--1", "bytes=1-x"]
)
def test_malformed_byte_range_set_is_416_as_werkzeug(value: str) -> None:
    assert _ranged(Response, value) == _ranged(WResponse, value) == "RequestedRangeNotSatisfiable"


@pytest.mark.parametrize("value", ["items=0-1", "pages=1-2"])
def test_unknown_range_unit_is_still_ignored(value: str) -> None:
    assert _ranged(Response, value) == (200, None)  # RFC 9110 14.2: MUST ignore
    assert _ranged(WResponse, value) == "RequestedRangeNotSatisfiable"


# -- section 5: Range positions with leading zeros -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "content_range"),
    [
        ("bytes=0-0000000000000000009", "bytes 0-9/100"),
        ("bytes=00000000000000000005-", "bytes 5-99/100"),
        ("bytes=-00000000000000000003", "bytes 97-99/100"),
        ("bytes=0000000000000000000-1", "bytes 0-1/100"),
        (
            "bytes=000000000000000000000000000000000000010-000000000000000000000000000000019",
            "bytes 10-19/100",
        ),
    ],
)
def test_range_positions_with_leading_zeros(value: str, content_range: str) -> None:
    assert _ranged(Response, value) == (206, content_range)
    assert _ranged(WResponse, value) == (206, content_range)


def test_range_position_too_large_after_its_zeros_is_still_large() -> None:
    # 20 significant digits: past the end, so unsatisfiable (416), zeros or not.
    assert _ranged(Response, "bytes=00099999999999999999999-") == "RequestedRangeNotSatisfiable"
    assert _ranged(Response, "bytes=0-00099999999999999999999") == (206, "bytes 0-99/100")


# -- item 8: If-None-Match with a bare tag --------------------------------------------------------


def _if_none_match(cls: type[typing.Any], value: str, etag: str = "v1") -> int:
    from werkzeug.test import create_environ

    resp = cls(b"body")
    resp.set_etag(etag)
    resp.make_conditional(create_environ(headers={"If-None-Match": value}))
    return int(resp.status_code)


@pytest.mark.parametrize(
    ("value", "status"),
    [("v1", 304), ('v1, "x"', 304), ('"x", v1', 304), ("v2", 200), ("v1x", 200)],
)
def test_if_none_match_bare_token_is_the_strong_tag(value: str, status: int) -> None:
    assert _if_none_match(Response, value) == _if_none_match(WResponse, value) == status


def test_bare_token_compares_exactly() -> None:
    # A bare token is the strong tag of the same characters: it never matches a weak ETag ...
    from werkzeug.test import create_environ

    resp = Response(b"body")
    resp.set_etag("v1", weak=True)
    resp.make_conditional(create_environ(headers={"If-Match": "v1"}))
    assert resp.status_code == 412
    # ... and "W/v1" unquoted is the token "W/v1", not the weak tag W/"v1".
    assert _if_none_match(Response, "W/v1") == 200


# -- item 13: http_date of a fold=1 datetime ---------------------------------------------------


def test_http_date_cache_tells_fold_apart() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from werkzeug.http import http_date as w_http_date

    from genresp.http import http_date

    zone = ZoneInfo("America/New_York")
    first = datetime(2021, 11, 7, 1, 30, tzinfo=zone, fold=0)
    second = datetime(2021, 11, 7, 1, 30, tzinfo=zone, fold=1)
    assert first == second and hash(first) == hash(second)  # what fooled the cache
    for _ in range(2):  # the second round is served from the cache
        assert http_date(first) == w_http_date(first) == "Sun, 07 Nov 2021 05:30:00 GMT"
        assert http_date(second) == w_http_date(second) == "Sun, 07 Nov 2021 06:30:00 GMT"


# -- item 19: make_conditional's type ------------------------------------------------------------


def test_make_conditional_returns_the_response() -> None:
    from werkzeug.test import create_environ

    resp = Response(b"x")
    assert resp.make_conditional(create_environ()) is resp
    hints = typing.get_type_hints(Response.make_conditional)
    assert "Any" not in repr(hints["return"])
