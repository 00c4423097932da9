"""Hypothesis strategies for RFC 9651 values (genresp.sf types), shared by the sf tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from genresp import sf

DATETIME_RANGE = (-62135596800, 253402300799)

# -- generated values ---------------------------------------------------------------------------

keys = st.from_regex(r"[a-z*][a-z0-9_\-.*]{0,5}", fullmatch=True)
tokens = st.from_regex(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]{0,6}", fullmatch=True).map(sf.Token)
bare_items = st.one_of(
    st.integers(min_value=sf.MIN_INTEGER, max_value=sf.MAX_INTEGER),
    st.decimals(
        min_value=Decimal("-999999999999.999"),
        max_value=Decimal("999999999999.999"),
        places=3,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12),
    tokens,
    st.binary(max_size=12),
    st.booleans(),
    st.integers(*DATETIME_RANGE).map(sf.Date),
    st.text(max_size=8).map(sf.DisplayString),
)
# Values that may not be serialisable: floats to round, out-of-range Integers, Strings and Tokens
# with any character, keys with any character.
odd_bare_items = st.one_of(
    st.floats(min_value=-1e13, max_value=1e13),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.text(max_size=6),
    st.text(max_size=6).map(sf.Token),
)
odd_keys = st.one_of(keys, st.text(max_size=4))


def structures(bare: st.SearchStrategy[Any], key: st.SearchStrategy[str]) -> dict[str, Any]:
    params = st.dictionaries(key, bare, max_size=3)
    items = st.builds(sf.Item, bare, params)
    members = st.one_of(items, st.builds(sf.InnerList, st.lists(items, max_size=3), params))
    return {
        "item": items,
        "list": st.lists(members, max_size=4),
        "dictionary": st.dictionaries(key, members, max_size=4),
    }


values = structures(bare_items, keys)
odd_values = structures(st.one_of(bare_items, odd_bare_items), odd_keys)
