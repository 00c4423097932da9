"""Every Structured Field attribute sends canonical RFC 9651 text (section 4.1): its specialised
serialiser prints exactly what the generic `genresp.sf.serialize_*` prints for the same value, and a
str written to it is stored in that same canonical form (a space after `;`, `key=?1`, `1.50` or a
space before `,` never reach the wire)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genresp import Response, sf
from genresp._generated.headers import FIELDS
from genresp.sf_fields import SFDictionaryValue, SFListValue, SFMappingValue
from tests.sf_strategies import DATETIME_RANGE, bare_items, keys, tokens
from tests.sf_strategies import values as sf_values

SF_ATTRS = sorted(attr for attr, (_, kind) in FIELDS.items() if kind.startswith("sf_"))
SERIALIZE = {
    "sf_item": sf.serialize_item,
    "sf_list": sf.serialize_list,
    "sf_dictionary": sf.serialize_dictionary,
}
PARSE = {"sf_item": sf.parse_item, "sf_list": sf.parse_list, "sf_dictionary": sf.parse_dictionary}

TOKEN = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*")
strings = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=10)
# The generic value of each spec type (what `take` turns into the typed attribute's value).
TYPE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "integer": st.integers(sf.MIN_INTEGER, sf.MAX_INTEGER),
    "decimal": st.decimals(
        Decimal("-999999999999.999"), Decimal("999999999999.999"), places=3, allow_nan=False
    ),
    "string": strings,
    "token": tokens,
    # A str value is written as a Token when it is one (spec/README.md), so that is its SF value.
    "token_or_string": st.one_of(tokens, strings).map(
        lambda v: sf.Token(v) if isinstance(v, str) and TOKEN.fullmatch(v) else v
    ),
    "byte_sequence": st.binary(max_size=10),
    "boolean": st.booleans(),
    "date": st.integers(*DATETIME_RANGE).map(sf.Date),
    "display_string": st.text(max_size=8).map(sf.DisplayString),
    "string_list": st.lists(strings.map(sf.Item), max_size=3).map(sf.InnerList),
    "token_list": st.lists(tokens.map(sf.Item), max_size=3).map(sf.InnerList),
    "bare": bare_items,
}


def _value_class(attr: str) -> type[Any]:
    return type(getattr(Response(), attr))


def _member(type_name: str, low: int | None, high: int | None) -> st.SearchStrategy[sf.Member]:
    """A member of the spec type (in its range), as a parsed header holds it."""
    if type_name == "member":
        return sf_values["list"].filter(bool).map(lambda members: members[0])
    if type_name == "integer" and (low is not None or high is not None):
        strategy: st.SearchStrategy[Any] = st.integers(low, high)
    else:
        strategy = TYPE_VALUES[type_name]
    return strategy.map(lambda v: v if isinstance(v, sf.InnerList) else sf.Item(v))


def _declared_then_extra(
    fields: tuple[tuple[str, str, str, int | None, int | None], ...],
    extra_value: Any,
    member_params: bool = False,
) -> st.SearchStrategy[dict[str, Any]]:
    """Declared keys (in declared order, each optional) followed by undeclared ones: the order the
    value classes print in. With `member_params`, declared Dictionary members may carry parameters
    (kept on the round trip)."""
    declared = {key for key, *_ in fields}

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, _slot, type_name, low, high in fields:
            if draw(st.booleans()):
                member = draw(_member(type_name, low, high))
                if member_params and type_name != "member" and draw(st.booleans()):
                    params = draw(st.dictionaries(keys, bare_items, min_size=1, max_size=2))
                    if isinstance(member, sf.InnerList):
                        member = sf.InnerList(member.items, params)
                    else:
                        member = sf.Item(member.value, params)
                out[key] = member
        for key, value in draw(st.dictionaries(keys, extra_value, max_size=2)).items():
            if key not in declared:
                out[key] = value
        return out

    return build()


def generic_values(attr: str) -> st.SearchStrategy[Any]:
    """An RFC 9651 value of the attribute's shape whose members are all of their declared types."""
    kind = FIELDS[attr][1]
    cls = _value_class(attr) if kind != "sf_item" else None
    if kind == "sf_item":
        item_type = {"Deprecation": "date", "Origin-Agent-Cluster": "boolean"}[FIELDS[attr][0]]
        return TYPE_VALUES[item_type].map(sf.Item)
    if kind == "sf_list":
        assert cls is not None and issubclass(cls, SFListValue)
        entry = cls.entry_type

        @st.composite
        def entries(draw: st.DrawFn) -> sf.Member:
            value = draw(_member(entry._value_type, None, None))
            params = {
                k: v.value for k, v in draw(_declared_then_extra(entry._fields, _bare())).items()
            }
            return sf.Item(value.value, params)

        return st.lists(entries(), max_size=3)
    if issubclass(cls, SFMappingValue):
        return st.dictionaries(keys, _member(cls.value_type, None, None), max_size=3)
    assert issubclass(cls, SFDictionaryValue)
    return _declared_then_extra(cls._fields, _member("member", None, None), member_params=True)


def _bare() -> st.SearchStrategy[sf.Item]:
    return bare_items.map(sf.Item)


# -- the texts a client may send that are valid but not canonical -----------------------------------


def loose_params(params: sf.Params) -> str:
    """Parameters with a space after each `;` and booleans spelled `=?1`."""
    return "".join(f"; {key}={sf.serialize_bare_item(value)}" for key, value in params.items())


def loose_member(member: sf.Member) -> str:
    if isinstance(member, sf.InnerList):
        inner = "  ".join(
            sf.serialize_bare_item(i.value) + loose_params(i.params) for i in member.items
        )
        return f"( {inner} ){loose_params(member.params)}"
    value = member.value
    text = sf.serialize_bare_item(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        text += "0"  # 1.0 -> 1.00: the same Decimal
    return text + loose_params(member.params)


def loose_text(kind: str, value: Any) -> str:
    if kind == "sf_item":
        return f"  {loose_member(value)} "
    if kind == "sf_list":
        return " " + "  ,\t".join(loose_member(m) for m in value)
    return " ,".join(f"{key}={loose_member(m)}" for key, m in value.items()) + "  "


# -- the tests -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("attr", SF_ATTRS)
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(data=st.data())
def test_specialised_serialiser_prints_the_generic_canonical_text(
    attr: str, data: st.DataObject
) -> None:
    field, kind = FIELDS[attr]
    value = data.draw(generic_values(attr), label="value")
    canonical = SERIALIZE[kind](value)
    resp = Response()
    if kind == "sf_item":
        typed = sf_fields_take(attr, value)
        setattr(resp, attr, typed)
    else:
        typed = _value_class(attr).from_header(canonical)
        assert typed.to_header() == canonical
        rebuilt = _rebuilt(typed)
        if rebuilt is not None:
            assert rebuilt.to_header() == canonical
        setattr(resp, attr, typed)
    assert resp.headers.get(field) == (canonical or None)


def _declared(value: Any) -> dict[str, Any]:
    """The declared members of a value (or entry) as constructor keywords (absent ones left out)."""
    found = {slot[1:]: getattr(value, slot) for _k, slot, *_ in type(value)._fields}
    return {name: member for name, member in found.items() if member is not None}


def _rebuilt(value: Any) -> Any:
    """The same value built through the generated constructors (None when they cannot hold it:
    undeclared members)."""
    if isinstance(value, SFDictionaryValue):
        if value.extra or value._member_params:
            return None
        return type(value)(**_declared(value))
    if isinstance(value, SFListValue):
        if any(entry.extra for entry in value):
            return None
        return type(value)([type(e)(e.value, **_declared(e)) for e in value])
    return None


def sf_fields_take(attr: str, item: sf.Item) -> Any:
    value = item.value
    return value.to_datetime() if isinstance(value, sf.Date) else value


@pytest.mark.parametrize("attr", SF_ATTRS)
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(data=st.data())
def test_text_written_to_an_attribute_is_stored_canonical(attr: str, data: st.DataObject) -> None:
    field, kind = FIELDS[attr]
    value = data.draw(generic_values(attr), label="value")
    loose = loose_text(kind, value)
    canonical = SERIALIZE[kind](PARSE[kind](loose))
    assert canonical == SERIALIZE[kind](value)
    resp = Response()
    setattr(resp, attr, loose)
    assert resp.headers.get(field) == (canonical or None), loose


def test_the_bench_cache_status_example() -> None:
    """The text that showed the bug: parameters after a space were stored as written."""
    resp = Response()
    resp.cache_status = "ExampleCache; hit; ttl=376"
    assert resp.headers["Cache-Status"] == "ExampleCache;hit;ttl=376"
    resp.priority = "u=1,   i=?1"
    assert resp.headers["Priority"] == "u=1, i"
    resp.deprecation = " @1688169599 "
    assert resp.headers["Deprecation"] == "@1688169599"


# -- plain Python data is printed directly: the same checks as building the value object ------------


class _Policy(Mapping[str, Any]):
    """A mapping that is not a dict (the general path)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@pytest.mark.parametrize(
    ("attr", "value", "error"),
    [
        ("permissions_policy", {"Geo": sf.InnerList()}, ValueError),
        ("permissions_policy", {"geo": sf.InnerList([sf.Item("a\r\nb")])}, ValueError),
        ("permissions_policy", {"geo": object()}, TypeError),
        ("permissions_policy", _Policy({"geo": sf.Token("a b")}), ValueError),
        ("reporting_endpoints", {"a": "caf\xe9"}, ValueError),
        ("reporting_endpoints", {"a b": "x"}, ValueError),
        ("cache_status", ["ok", "a\x00"], ValueError),
        ("cache_status", (e for e in ["ok", 5]), TypeError),
        ("accept_ch", ("DPR", "a,b"), ValueError),
        ("cache_status", {"a": 1}, TypeError),
        ("permissions_policy", ["geo"], TypeError),
    ],
)
def test_plain_data_is_checked_naming_the_header_and_changes_nothing(
    attr: str, value: Any, error: type[Exception]
) -> None:
    resp = Response()
    resp.headers[FIELDS[attr][0]] = "before"
    before = list(resp.headers.items())
    with pytest.raises(error, match=FIELDS[attr][0]):
        setattr(resp, attr, value)
    assert list(resp.headers.items()) == before


def test_plain_data_of_every_accepted_form_prints_like_the_value_object() -> None:
    resp = Response()
    policy = {"geo": sf.InnerList([sf.Item(sf.Token("self"))]), "fullscreen": True, "cam": 1}
    resp.permissions_policy = _Policy(policy)
    assert resp.headers["Permissions-Policy"] == "geo=(self), fullscreen, cam=1"
    assert resp.permissions_policy.to_header() == resp.headers["Permissions-Policy"]
    resp.cache_status = (e for e in ["a", "b c"])
    assert resp.headers["Cache-Status"] == 'a, "b c"'
    resp.accept_ch = ("DPR",)
    assert resp.headers["Accept-CH"] == "DPR"


def test_parameters_of_declared_members_are_kept_until_the_member_is_set() -> None:
    resp = Response()
    resp.headers["Priority"] = "u=1;x=2, i;y, z=3"
    priority = resp.priority
    assert (priority.urgency, priority.incremental, priority.extra) == (1, True, {"z": sf.Item(3)})
    priority.incremental = False  # a new value: the parameters of the old one go with it
    assert resp.headers["Priority"] == "u=1;x=2, i=?0, z=3"
    priority.urgency = 5
    assert resp.headers["Priority"] == "u=5, i=?0, z=3"
