"""The fast paths of the structured-field headers print exactly what the general serialisers print,
and refuse what they refuse: remembered texts of declared members, the inline allowlist printer, the
descriptors' direct paths for value objects and plain data, and entries of a subclass (whose text
is not genresp's, so it is checked)."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from typing import Any

import pytest

from genresp import Response, sf
from genresp._generated.values import CacheStatus, CacheStatusEntry, PermissionsPolicy, Priority
from tests.test_injection import snapshot

InnerList, Item, Token = sf.InnerList, sf.Item, sf.Token


def _expected_priority(urgency: int | None, incremental: bool | None) -> str:
    members: dict[str, Any] = {}
    if urgency is not None:
        members["u"] = urgency
    if incremental is not None:
        members["i"] = incremental
    return sf.serialize_dictionary(members)


@pytest.mark.parametrize("rounds", [1, 2])  # printed, then looked up
def test_remembered_priority_texts_are_the_serialisers(rounds: int) -> None:
    for _ in range(rounds):
        for urgency, incremental in itertools.product([None, *range(8)], [None, True, False]):
            resp = Response()
            resp.priority = Priority(urgency=urgency, incremental=incremental)
            expected = _expected_priority(urgency, incremental)
            assert resp.headers.get("Priority") == (expected or None)


def test_remembered_texts_tell_true_from_one_and_keep_extra_members() -> None:
    resp = Response()
    resp.priority = Priority(urgency=1)
    assert resp.headers["Priority"] == "u=1"
    resp.priority = Priority(incremental=True)
    assert resp.headers["Priority"] == "i"
    resp.headers["Priority"] = "u=1, x=?0"
    value = resp.priority
    assert value.to_header() == "u=1, x=?0"
    value.incremental = True
    assert resp.headers["Priority"] == "u=1, i, x=?0"
    resp.headers["Priority"] = "x=2"
    assert resp.priority.to_header() == "x=2"  # no declared member: the extra ones alone
    resp.headers["Priority"] = "u=2;a=1"  # a parameter on a declared member: kept
    resp.priority.incremental = False
    assert resp.headers["Priority"] == "u=2;a=1, i=?0"


def test_a_changed_member_is_printed_again() -> None:
    resp = Response()
    resp.priority = Priority(urgency=1, incremental=True)
    resp.priority.urgency = 6
    assert resp.headers["Priority"] == "u=6, i"
    del resp.priority.incremental
    assert resp.headers["Priority"] == "u=6"


class _Key(str):
    """A key of a str subclass: printed as its text."""


class _Text(str):
    """A String of a str subclass: printed as its text."""


ALLOWLISTS: list[dict[str, Any]] = [
    {"geolocation": InnerList(), "camera": InnerList([Item(Token("self")), Item("https://a.ex")])},
    {"a": InnerList([Item('say "hi"'), Item("back\\slash")])},
    {"a": InnerList([Item(Token("self"), {"p": 1})], {"q": Token("x")})},
    {"a": InnerList([Item(1), Item(True), Item(b"\x00"), Item(sf.DisplayString("é"))])},
    {"a": Token("*"), "b": Item(True, {"x": 1}), "c": True, "d": 5},
    {"a": InnerList([Item(Token("self")), Item("a")], {"p": True})},
    # The one-pass printer gives up on a later member: the whole dict is printed again.
    {"geolocation": InnerList(), "b": InnerList([Item(Token("self"))]), "c": Token("src")},
    {"a": InnerList([Item(Token("self")), Item("x", {"p": 1})]), "b": InnerList()},
    {_Key("geolocation"): InnerList([Item(_Text("https://a.ex"))])},
]


@pytest.mark.parametrize("policy", ALLOWLISTS)
def test_the_inline_allowlist_printer_prints_what_the_serialiser_prints(
    policy: dict[str, Any],
) -> None:
    expected = sf.serialize_dictionary(policy)
    for _ in range(2):  # the second time, the Strings' texts are remembered
        resp = Response()
        resp.permissions_policy = policy
        assert resp.headers["Permissions-Policy"] == expected
        assert PermissionsPolicy.text_of_python(policy) == expected


@pytest.mark.parametrize(
    "policy",
    [
        {"a": InnerList([Item(Token("not a token"))])},
        {"a": InnerList([Item(Token(7))])},  # type: ignore[arg-type]
        {"a": InnerList([Item("new\r\nline")])},
        {"a": InnerList([Item("é")])},
        {"a": InnerList([InnerList()])},  # type: ignore[list-item]
        {"A": InnerList()},
        {"a": InnerList([Item("x", {"P": 1})])},
        {"geolocation": InnerList(), "camera": InnerList([Item(Token("self")), Item("\n")])},
        {"geolocation": InnerList(), "b": InnerList([Item(Token("x y"))])},
    ],
)
def test_the_inline_allowlist_printer_refuses_what_the_serialiser_refuses(
    policy: dict[str, Any],
) -> None:
    resp = Response()
    resp.permissions_policy = {"kept": InnerList()}
    before = snapshot(resp)
    with pytest.raises((ValueError, TypeError)) as raised:
        resp.permissions_policy = policy
    assert "Permissions-Policy" in str(raised.value)
    assert snapshot(resp) == before
    with pytest.raises((ValueError, TypeError)):
        sf.serialize_dictionary(policy)


class _Forged(CacheStatusEntry):
    """An entry whose text is not genresp's."""

    __slots__ = ()

    def to_text(self) -> str:
        return "a\r\nSet-Cookie: x=1"


def test_entries_of_a_subclass_are_checked_on_every_path() -> None:
    resp = Response()
    resp.cache_status = [CacheStatusEntry("Kept", hit=True)]
    before = snapshot(resp)
    forged = _Forged("ExampleCache")
    for value in ([forged], (forged,), CacheStatus([forged])):
        with pytest.raises(ValueError, match="Cache-Status"):
            resp.cache_status = value
        assert snapshot(resp) == before
    with pytest.raises(ValueError, match="Cache-Status"):
        resp.cache_status.append(forged)
        resp.headers["Cache-Status"]  # the change is rendered when the headers are read
    assert resp.headers["Cache-Status"] == "Kept;hit"


def test_the_direct_paths_print_what_the_general_path_prints() -> None:
    entries = [CacheStatusEntry("A b", hit=False, ttl=-3, key="k\\"), "Other"]
    resp = Response()
    resp.cache_status = entries
    via_list = resp.headers["Cache-Status"]
    resp.cache_status = CacheStatus(entries)
    assert resp.headers["Cache-Status"] == via_list == '"A b";hit=?0;ttl=-3;key="k\\\\", Other'
    resp.cache_status = []
    assert "Cache-Status" not in resp.headers
    resp.permissions_policy = {}
    assert "Permissions-Policy" not in resp.headers
    resp.priority = Priority()
    assert "Priority" not in resp.headers


@pytest.mark.parametrize("name", ["ExampleCache", "a b", 'q"uote', "back\\slash", "*x", "9x"])
def test_remembered_cache_names_print_as_the_serialiser_prints(name: str) -> None:
    # A name that is a token is sent as one, any other as a String; the second time, looked up.
    token = sf._TOKEN_FULL.match(name) is not None
    expected = sf.serialize_list([Item(Token(name) if token else name, {"hit": True})])
    for _ in range(2):
        resp = Response()
        resp.cache_status = [CacheStatusEntry(name, hit=True)]
        assert resp.headers["Cache-Status"] == expected
        assert CacheStatusEntry(name, hit=True, detail=name).to_text() == (
            expected + ";detail=" + expected.split(";")[0]
        )


def test_remembered_item_texts_keep_types_apart_and_refuse_what_dump_refuses() -> None:
    when = datetime(2023, 6, 30, 23, 59, 59, tzinfo=timezone.utc)
    for _ in range(2):  # printed, then looked up by the descriptor
        resp = Response()
        resp.deprecation = when
        assert resp.headers["Deprecation"] == "@1688169599"
        resp.deprecation = 1688169599  # a timestamp: the same Date
        assert resp.headers["Deprecation"] == "@1688169599"
        resp.origin_agent_cluster = True
        assert resp.headers["Origin-Agent-Cluster"] == "?1"
    before = snapshot(resp)
    for bad in (1, [when], "?1\r\nX: y"):  # 1 == True, but it is not a boolean; unhashable
        with pytest.raises((ValueError, TypeError), match="Origin-Agent-Cluster"):
            resp.origin_agent_cluster = bad
        assert snapshot(resp) == before
