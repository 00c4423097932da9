"""genresp.sf against http_sf (PyPI `http-sf`, test-only) on Hypothesis-generated input.

- values: genresp and http_sf serialise the same generated value to the same text (or both refuse),
  and both parse that text back to the same value;
- text: on generated text (valid serialisations, the same with random edits, and junk over the
  Structured Field alphabet) both parse or both fail, and agree on the result.
The one difference allowed is documented: a Date beyond datetime's years 1..9999 is a valid `sf.Date`
for genresp (RFC 9651 allows 15 digits) while http_sf, which reads Dates as datetimes, refuses it.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import http_sf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genresp import sf
from tests.sf_json import tagged
from tests.sf_strategies import DATETIME_RANGE, odd_values, values

counts: Counter[str] = Counter()
diff_settings = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TYPES = ("item", "list", "dictionary")
PARSERS: dict[str, Any] = {
    "item": sf.parse_item,
    "list": sf.parse_list,
    "dictionary": sf.parse_dictionary,
}
SERIALIZERS: dict[str, Any] = {
    "item": sf.serialize_item,
    "list": sf.serialize_list,
    "dictionary": sf.serialize_dictionary,
}
# -- genresp.sf values <-> http_sf values ---------------------------------------------------------


def to_http_sf(value: Any) -> Any:
    if isinstance(value, sf.Item):
        return (bare_to_http_sf(value.value), params_to_http_sf(value.params))
    if isinstance(value, sf.InnerList):
        return ([to_http_sf(item) for item in value.items], params_to_http_sf(value.params))
    if isinstance(value, list):
        return [to_http_sf(member) for member in value]
    return {key: to_http_sf(member) for key, member in value.items()}


def params_to_http_sf(params: dict[str, Any]) -> dict[str, Any]:
    return {key: bare_to_http_sf(value) for key, value in params.items()}


def bare_to_http_sf(value: Any) -> Any:
    if isinstance(value, sf.Token):
        return http_sf.Token(value.value)
    if isinstance(value, sf.DisplayString):
        return http_sf.DisplayString(value.value)
    if isinstance(value, sf.Date):
        return value.to_datetime()
    return value


def from_http_sf(header_type: str, value: Any) -> Any:
    if header_type == "item":
        return member_from_http_sf(value)
    if header_type == "list":
        return [member_from_http_sf(member) for member in value]
    return {key: member_from_http_sf(member) for key, member in value.items()}


def member_from_http_sf(member: Any) -> Any:
    value, params = member
    if isinstance(value, list):
        return sf.InnerList([member_from_http_sf(item) for item in value], params_from(params))
    return sf.Item(bare_from_http_sf(value), params_from(params))


def params_from(params: dict[str, Any]) -> dict[str, Any]:
    return {key: bare_from_http_sf(value) for key, value in params.items()}


def bare_from_http_sf(value: Any) -> Any:
    if isinstance(value, http_sf.Token):
        return sf.Token(str(value))
    if isinstance(value, http_sf.DisplayString):
        return sf.DisplayString(str(value))
    if isinstance(value, datetime):
        return sf.Date.from_datetime(value)
    return value


def http_sf_ser(value: Any) -> str:
    """http_sf's serialisation; "" (send no field) for an empty List or Dictionary, which it refuses."""
    if isinstance(value, (list, dict)) and not value:
        with pytest.raises(ValueError, match="No contents"):
            http_sf.ser(value)
        return ""
    return http_sf.ser(value)


# -- comparing ------------------------------------------------------------------------------------


def has_wide_date(value: Any) -> bool:
    """Does the value hold a Date that datetime cannot represent?"""
    if isinstance(value, sf.Date):
        return not DATETIME_RANGE[0] <= value.seconds <= DATETIME_RANGE[1]
    if isinstance(value, sf.Item):
        return has_wide_date(value.value) or any(map(has_wide_date, value.params.values()))
    if isinstance(value, sf.InnerList):
        return any(map(has_wide_date, value.items)) or any(
            map(has_wide_date, value.params.values())
        )
    if isinstance(value, list):
        return any(map(has_wide_date, value))
    if isinstance(value, dict):
        return any(map(has_wide_date, value.values()))
    return False


def compare_parse(header_type: str, text: str) -> None:
    """Both libraries parse `text` alike; counts the outcome."""
    try:
        ours: Any = PARSERS[header_type](text)
    except ValueError:
        ours = None
    try:
        theirs: Any = http_sf.parse(text.encode("latin-1"), tltype=header_type)
    except http_sf.StructuredFieldError:
        theirs = None
    if ours is not None and theirs is None and has_wide_date(ours):
        counts["text: wide Date (documented difference)"] += 1
        return
    if ours is None or theirs is None:
        assert ours is None and theirs is None, (header_type, text, ours, theirs)
        counts["text: both refuse"] += 1
        return
    assert tagged(ours) == tagged(from_http_sf(header_type, theirs)), (header_type, text)
    assert SERIALIZERS[header_type](ours) == http_sf_ser(theirs), (header_type, text)
    counts["text: same value and serialisation"] += 1


@diff_settings
@given(st.sampled_from(TYPES).flatmap(lambda t: st.tuples(st.just(t), values[t])))
def test_serialisations_agree(case: tuple[str, Any]) -> None:
    header_type, value = case
    ours = SERIALIZERS[header_type](value)
    theirs = http_sf_ser(to_http_sf(value))
    assert ours == theirs
    compare_parse(header_type, ours)
    counts["values: same serialisation"] += 1


@diff_settings
@given(st.sampled_from(TYPES).flatmap(lambda t: st.tuples(st.just(t), odd_values[t])))
def test_serialisations_agree_on_odd_values(case: tuple[str, Any]) -> None:
    header_type, value = case
    try:
        ours: str | None = SERIALIZERS[header_type](value)
    except (ValueError, TypeError):
        ours = None
    try:
        theirs: str | None = http_sf_ser(to_http_sf(value))
    except (ValueError, TypeError):
        theirs = None
    assert ours == theirs, (value, ours, theirs)
    counts["odd values: both refuse" if ours is None else "odd values: same serialisation"] += 1


SF_ALPHABET = st.sampled_from(list('aAz*09-.;=,() "\\:?@%/+_!#\tB5x\x7f\x00é'))


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, str]:
    header_type = draw(st.sampled_from(TYPES))
    text = SERIALIZERS[header_type](draw(values[header_type]))
    for _ in range(draw(st.integers(0, 3))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(SF_ALPHABET)
        if action == "insert":
            text = text[:pos] + char + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + 1 :]
        else:
            text = text[:pos] + char + text[pos + 1 :]
    return header_type, text


@diff_settings
@given(edited_texts())
def test_parsers_agree_on_edited_text(case: tuple[str, str]) -> None:
    compare_parse(*case)


@diff_settings
@given(st.sampled_from(TYPES), st.text(SF_ALPHABET, max_size=20))
def test_parsers_agree_on_junk(header_type: str, text: str) -> None:
    compare_parse(header_type, text)


def test_wide_dates_are_the_documented_difference() -> None:
    text = "@999999999999999"
    assert sf.parse_item(text) == sf.Item(sf.Date(999999999999999))
    with pytest.raises(http_sf.StructuredFieldError):
        http_sf.parse(text.encode(), tltype="item")
    with pytest.raises(OverflowError):
        sf.parse_item(text).value.to_datetime()  # type: ignore[union-attr]


def test_print_differential_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in this module: prints how many inputs the differential tests compared."""
    total = sum(counts.values())
    with capsys.disabled():
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        print(f"\nhttp_sf differential: {total} comparisons, all agreeing: {summary}")
    if total:  # zero only when this test is run alone
        assert counts["values: same serialisation"] > 0
