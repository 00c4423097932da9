"""genresp.sf: the types, error reporting and the linear-time parsing (the vectors and the http_sf
differential test are in test_sf_vectors.py and test_sf_differential.py)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from enum import IntEnum
from types import FrameType
from typing import Any

import pytest

from genresp import sf
from genresp.sf import Date, DisplayString, InnerList, Item, Token


def test_precise_types() -> None:
    item = sf.parse_item('foo;s="foo";d=%"foo"')
    assert item.value == Token("foo") and item.value != "foo"
    assert not isinstance(item.value, str)
    assert item.params == {"s": "foo", "d": DisplayString("foo")}
    assert item.params["d"] != "foo" and item.params["d"] != Token("foo")
    assert sf.parse_item("1").value == 1 and type(sf.parse_item("1").value) is int
    assert type(sf.parse_item("1.0").value) is Decimal
    assert sf.parse_item("?1") != Item(1) and sf.parse_item("?1") == Item(True)
    assert sf.parse_item("1.0") != Item(1)


def test_dates_cover_the_rfc_range() -> None:
    assert sf.parse_item("@-999999999999999").value == Date(-999999999999999)
    assert sf.serialize_item(Date(999999999999999)) == "@999999999999999"
    with pytest.raises(ValueError, match="Date out of range"):
        sf.serialize_item(Date(10**15))
    assert Date(0).to_datetime() == datetime(1970, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(OverflowError):
        Date(-999999999999999).to_datetime()
    moment = datetime(2025, 6, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert Date.from_datetime(moment).to_datetime() == moment
    assert sf.serialize_item(moment) == f"@{int(moment.timestamp())}"
    with pytest.raises(ValueError, match="aware"):
        sf.serialize_item(datetime(2025, 6, 1))
    with pytest.raises(ValueError, match="whole seconds"):
        sf.serialize_item(datetime(2025, 6, 1, microsecond=5, tzinfo=timezone.utc))


def test_display_strings_round_trip_unicode() -> None:
    text = 'füü "100%" \u2028 日本'
    wire = sf.serialize_item(DisplayString(text))
    assert wire.isascii() and '"100' not in wire
    assert sf.parse_item(wire).value == DisplayString(text)
    with pytest.raises(ValueError, match="not valid Unicode"):
        sf.serialize_item(DisplayString("\ud800"))
    with pytest.raises(ValueError, match="not UTF-8"):
        sf.parse_item('%"%ff"')


def test_decimals_round_half_even_and_refuse_13_digits() -> None:
    assert sf.serialize_item(Decimal("1.0005")) == "1.0"
    assert sf.serialize_item(Decimal("1.0015")) == "1.002"
    assert sf.serialize_item(2.5) == "2.5"
    assert sf.serialize_item(Decimal("-0.0001")) == "0.0"
    assert sf.serialize_item(Decimal("999999999999.999")) == "999999999999.999"
    with pytest.raises(ValueError, match="12 integer digits"):
        sf.serialize_item(Decimal("999999999999.9999"))
    with pytest.raises(ValueError, match="finite"):
        sf.serialize_item(float("nan"))


@pytest.mark.parametrize(
    ("parse", "text", "position", "message"),
    [
        (sf.parse_list, "a, b,", 5, "trailing comma"),
        (sf.parse_list, "a b", 2, "expected ','"),
        (sf.parse_item, "a b", 2, "after the Item"),
        (sf.parse_item, '"abc', 4, "without closing"),
        (sf.parse_item, '"a\\b"', 3, "may be escaped"),
        (sf.parse_item, "1.2345", 5, "3 fraction digits"),
        (sf.parse_list, "(a b", 4, "without ')'"),
        (sf.parse_dictionary, "a=1, B=2", 5, "expected a key"),
        (sf.parse_dictionary, "a;x=?2", 5, "'0' or '1'"),
    ],
)
def test_parse_errors_say_where(
    parse: Callable[[str], Any], text: str, position: int, message: str
) -> None:
    with pytest.raises(sf.StructuredFieldError, match=re.escape(message)) as info:
        parse(text)
    assert info.value.position == position
    assert f"at position {position}" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_long_input_errors_show_an_excerpt() -> None:
    text = "a, " * 1000 + "!"
    with pytest.raises(ValueError) as info:
        sf.parse_list(text)
    message = str(info.value)
    assert "at position 3000" in message and len(message) < 200 and message.endswith("!'")


def test_serialize_refuses_what_it_cannot_send() -> None:
    with pytest.raises(TypeError, match="bare item"):
        sf.serialize_item(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sf.serialize_item([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a Structured Field Token"):
        sf.serialize_item(Token("a,b"))
    with pytest.raises(ValueError, match="printable ASCII"):
        sf.serialize_item("line\r\nInjected: 1")
    with pytest.raises(ValueError, match="key"):
        sf.serialize_dictionary({"A": 1})
    with pytest.raises(TypeError, match="key must be a str"):
        sf.serialize_dictionary({1: 1})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="Integer out of range"):
        sf.serialize_list([10**15])
    with pytest.raises(TypeError, match="Inner List cannot hold"):
        sf.serialize_list([InnerList([InnerList()])])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        sf.serialize_list("abc")


def test_serialize_takes_bare_items_and_subclasses() -> None:
    class Level(IntEnum):
        HIGH = 1

    assert sf.serialize_list([1, Token("a"), "s", b"\x00", Level.HIGH]) == '1, a, "s", :AA==:, 1'
    assert sf.serialize_dictionary({"a": True, "b": Item(True, {"x": 1}), "c": False}) == (
        "a, b;x=1, c=?0"
    )
    assert sf.serialize_item(Item(Token("x"), {"q": Decimal("0.5"), "r": True})) == "x;q=0.5;r"


def test_duplicate_keys_keep_the_first_place_and_last_value() -> None:
    assert sf.parse_dictionary("a=1, b=2, a=3") == {"a": Item(3), "b": Item(2)}
    assert sf.parse_item("x;a=1;b;a=?0").params == {"a": False, "b": True}


# -- linear time, by counting the lines the parser runs -------------------------------------------


def lines_run(func: Callable[[str], Any], text: str) -> int:
    """How many lines of genresp/sf.py run while `func(text)` parses (or refuses) `text`."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if frame.f_code.co_filename != sf.__file__:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        func(text)
    except ValueError:
        pass
    finally:
        sys.settrace(None)
    return count


GROWING_INPUTS: list[tuple[str, Callable[[str], Any], Callable[[int], str]]] = [
    ("list of tokens", sf.parse_list, lambda n: ", ".join(["tok"] * n)),
    ("dictionary with repeated keys", sf.parse_dictionary, lambda n: ", ".join(["a=1;x"] * n)),
    ("escaped string", sf.parse_item, lambda n: '"' + '\\"a' * n + '"'),
    ("display string", sf.parse_item, lambda n: '%"' + "%c3%bcx" * n + '"'),
    ("inner list", sf.parse_list, lambda n: "(" + " 1.5" * n + ")"),
    ("many parameters", sf.parse_item, lambda n: "a" + ";k=?1" * n),
    ("byte sequence", sf.parse_item, lambda n: ":" + "AAAA" * n + ":"),
    ("unclosed string", sf.parse_list, lambda n: 'a, "' + "x\\\\" * n),
    ("late error", sf.parse_list, lambda n: "a, " * n + "!"),
    ("spaces", sf.parse_list, lambda n: "a" + " " * n + ",\t" * 1 + "b" + " " * n),
]


@pytest.mark.parametrize(
    ("name", "parse", "make"), GROWING_INPUTS, ids=[g[0] for g in GROWING_INPUTS]
)
def test_parsing_work_grows_linearly(
    name: str, parse: Callable[[str], Any], make: Callable[[int], str]
) -> None:
    small = lines_run(parse, make(200))
    large = lines_run(parse, make(1600))
    # Linear work grows about 8 times from an input to one 8 times larger; quadratic 64 times.
    assert large <= 8 * small + 50, (name, small, large)
