"""Fuzz genresp.sf and the Structured Field attributes (issue 12 section 4).

- the parsers raise nothing but StructuredFieldError, and what they accept serialises to a canonical
  text that parses back to the same value (and serialises to itself);
- every sf_* attribute, given any value, refuses it (ValueError/TypeError naming the header, headers
  unchanged) or stores text that is a valid Structured Field of its type, free of controls.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from genresp import Response, sf
from genresp._generated.headers import FIELDS
from tests.fuzz._profiles import fuzz_settings
from tests.sf_json import tagged
from tests.sf_strategies import values
from tests.test_parsers_never_raise import junk_text

fuzz = fuzz_settings()
PARSERS: dict[str, Any] = {
    "item": (sf.parse_item, sf.serialize_item),
    "list": (sf.parse_list, sf.serialize_list),
    "dictionary": (sf.parse_dictionary, sf.serialize_dictionary),
}
SF_ATTRS = sorted(attr for attr, (_, kind) in FIELDS.items() if kind.startswith("sf_"))
CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

sf_text = st.one_of(
    junk_text,
    st.sampled_from(sorted(PARSERS)).flatmap(
        lambda t: values[t].map(lambda v, t=t: PARSERS[t][1](v))
    ),
)


@fuzz
@given(header_type=st.sampled_from(sorted(PARSERS)), text=sf_text)
def test_parsers_refuse_cleanly_or_round_trip(header_type: str, text: str) -> None:
    parse, serialize = PARSERS[header_type]
    try:
        value = parse(text)
    except sf.StructuredFieldError:
        return
    canonical = serialize(value)
    assert tagged(parse(canonical)) == tagged(value)
    assert serialize(parse(canonical)) == canonical


any_value = st.one_of(
    junk_text,
    sf_text,
    st.lists(junk_text, max_size=3),
    st.dictionaries(junk_text, junk_text, max_size=3),
    st.integers(),
    st.booleans(),
    st.none(),
    st.datetimes(),
    st.binary(max_size=8),
)


@fuzz
@given(attr=st.sampled_from(SF_ATTRS), value=any_value, raw=st.one_of(st.none(), sf_text))
def test_sf_attribute_writes_are_refused_or_valid(attr: str, value: Any, raw: str | None) -> None:
    field, kind = FIELDS[attr]
    resp = Response()
    if raw is not None:
        try:
            resp.headers[field] = raw
        except ValueError:
            pass  # text no header may hold (controls)
        getattr(resp, attr)  # a read never raises
    before = list(resp.headers.items())
    try:
        setattr(resp, attr, value)
    except (ValueError, TypeError) as exc:
        assert field in str(exc)
        assert list(resp.headers.items()) == before
        return
    stored = resp.headers.get(field)
    if stored is None:
        return
    assert CONTROL_RE.search(stored) is None
    parse = {"sf_item": sf.parse_item, "sf_list": sf.parse_list}.get(kind, sf.parse_dictionary)
    parse(stored)
