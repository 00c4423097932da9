"""Headers: the Werkzeug 2.3 API over a dict layout; differential checks against werkzeug.datastructures."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import Headers as WHeaders

from genresp import Headers


def test_case_insensitive_get_and_contains() -> None:
    h = Headers([("Content-Type", "text/plain"), ("X-Foo", "1")])
    assert h["content-type"] == "text/plain"
    assert h.get("CONTENT-TYPE") == "text/plain"
    assert "x-foo" in h and "X-Bar" not in h and 3 not in h
    assert h.get("missing") is None
    assert h.get("missing", "d") == "d"
    with pytest.raises(KeyError):
        h["missing"]


def test_get_with_type_falls_back_on_conversion_error() -> None:
    h = Headers({"Content-Length": "12", "X-Bad": "twelve"})
    assert h.get("content-length", type=int) == 12
    assert h.get("x-bad", -1, type=int) == -1
    assert h.getlist("X-Bad", type=int) == []


def test_multi_values_keep_order_and_position() -> None:
    h = Headers()
    h.add("Set-Cookie", "a=1")
    h.add("X-Other", "o")
    h.add("set-cookie", "b=2")
    assert h.getlist("SET-COOKIE") == ["a=1", "b=2"]
    assert h.get_all("set-cookie") == ["a=1", "b=2"]
    assert len(h) == 3
    # Values of one name stay together, in order; names in order of first appearance (RFC 9110 5.3).
    assert h.to_wsgi_list() == [("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("X-Other", "o")]


def test_set_replaces_every_value_in_place() -> None:
    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    h.set("A", "new")
    assert h.to_wsgi_list() == [("A", "new"), ("B", "2")]
    h["b"] = 5
    assert h.to_wsgi_list() == [("A", "new"), ("b", "5")]


def test_options_as_keywords() -> None:
    h = Headers()
    h.add("X-Opt", "v", filename_star="x")  # "_" in a keyword stands for "-", as in Werkzeug
    assert h["x-opt"] == "v; filename-star=x"
    h.add("Content-Disposition", "attachment", filename="r.txt")
    h.set("Content-Type", "text/plain", charset="utf-8")
    assert h["content-disposition"] == "attachment; filename=r.txt"
    assert h["content-type"] == "text/plain; charset=utf-8"


def test_setlist_setdefault_setlistdefault() -> None:
    h = Headers()
    h.setlist("Vary", ["Accept", "Cookie"])
    assert h.getlist("vary") == ["Accept", "Cookie"]
    h.setlist("Vary", ["Origin"])
    assert h.getlist("vary") == ["Origin"]
    h.setlist("Vary", [])
    assert "vary" not in h
    assert h.setdefault("X-A", "1") == "1"
    assert h.setdefault("x-a", "2") == "1"
    assert h.setlistdefault("X-B", ["x", "y"]) == ["x", "y"]
    assert h.setlistdefault("x-b", ["z"]) == ["x", "y"]


def test_extend_adds_and_update_replaces() -> None:
    h = Headers([("A", "1")])
    h.extend({"A": "2", "B": ["3", "4"]})
    assert h.getlist("a") == ["1", "2"] and h.getlist("b") == ["3", "4"]
    h.update({"A": "9"}, C="c")
    assert h.getlist("a") == ["9"] and h["c"] == "c"
    h.update([("B", "x"), ("B", "y")])  # pairs are set in turn, as Werkzeug does: the last wins
    assert h.getlist("b") == ["y"]
    h.update(Headers([("B", "1"), ("b", "2")]))  # a Headers brings all its values
    assert h.getlist("b") == ["1", "2"]
    h.update({"B": ("p", "q")})
    assert h.getlist("b") == ["p", "q"]
    h |= {"D": "d"}
    assert h["d"] == "d"
    merged = h | Headers([("E", "e")])
    assert "e" in merged and "e" not in h


def test_remove_pop_popitem_clear() -> None:
    h = Headers([("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")])
    assert h.pop("a") == "1"
    assert "a" not in h
    assert h.pop("missing", None) is None
    with pytest.raises(KeyError):
        h.pop("missing")
    assert h.popitem() == ("C", "4")
    assert h.pop(0) == ("B", "2")
    h.add("Z", "z")
    h.remove("z")
    h.remove("never-there")
    assert len(h) == 0 and not h
    h.add("Q", "q")
    h.clear()
    assert h.to_wsgi_list() == []


def test_index_and_slice_access() -> None:
    h = Headers([("A", "1"), ("B", "2"), ("C", "3")])
    assert h[1] == ("B", "2")
    assert h[1:].to_wsgi_list() == [("B", "2"), ("C", "3")]
    h[0] = ("X", "x")
    assert h.to_wsgi_list()[0] == ("X", "x")
    del h[0]
    assert h.keys() and list(h.keys()) == ["B", "C"]
    assert list(h.keys(lower=True)) == ["b", "c"]
    assert list(h.values()) == ["2", "3"]
    assert list(h.items(lower=True)) == [("b", "2"), ("c", "3")]
    assert list(h) == [("B", "2"), ("C", "3")]


def test_copy_is_independent_and_equality_ignores_name_case() -> None:
    h = Headers([("A", "1"), ("a", "2")])
    c = h.copy()
    c.add("A", "3")
    assert h.getlist("a") == ["1", "2"]
    assert copy.copy(h) == h
    assert Headers([("a", "1")]) == Headers([("A", "1")])
    assert Headers([("a", "1")]) != Headers([("a", "2")])


def test_str_and_repr() -> None:
    h = Headers([("A", "1")])
    assert str(h) == "A: 1\r\n\r\n"
    assert repr(h) == "Headers([('A', '1')])"


def test_bytes_values_are_latin1_not_repr() -> None:
    h = Headers()
    h["X-Bytes"] = b"caf\xe9"
    assert h["x-bytes"] == "café"


@pytest.mark.parametrize(
    "bad", ["a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\x00b", "a\x7fb", "a\x1bb"]
)
def test_control_characters_are_refused_everywhere(bad: str) -> None:
    h = Headers([("Keep", "me")])
    writes = [
        lambda: h.set("X-Evil", bad),
        lambda: h.add("X-Evil", bad),
        lambda: h.add_header("X-Evil", bad),
        lambda: h.setlist("X-Evil", ["fine", bad]),
        lambda: h.setdefault("X-Evil", bad),
        lambda: h.extend({"X-Evil": bad}),
        lambda: h.update({"X-Evil": ["fine", bad]}),
        lambda: h.__setitem__("X-Evil", bad),
        lambda: h.set("X-Evil", "ok", param=bad),
        lambda: Headers([("X-Evil", bad)]),
    ]
    for write in writes:
        with pytest.raises(ValueError, match="X-Evil"):
            write()
    assert h.to_wsgi_list() == [("Keep", "me")]


@pytest.mark.parametrize("name", ["Bad Name", "X:Y", "X\r\nY", "", "É", "a(b)"])
def test_non_token_names_are_refused(name: str) -> None:
    h = Headers()
    with pytest.raises(ValueError, match="header name"):
        h.set(name, "v")
    with pytest.raises(ValueError, match="header name"):
        h.extend([("Ok", "1"), (name, "v")])
    assert len(h) == 0


def test_tab_is_allowed_inside_values() -> None:
    h = Headers()
    h.set("X-Tab", "a\tb")
    assert h["x-tab"] == "a\tb"


_names = st.sampled_from(["A", "a", "B", "Set-Cookie", "set-cookie", "Vary", "X-Long-Name"])
_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=8)
_ops = st.lists(
    st.tuples(st.sampled_from(["add", "set", "remove", "setdefault", "setlist"]), _names, _values),
    max_size=25,
)


@given(_ops)
def test_differential_against_werkzeug(ops: list[tuple[str, str, str]]) -> None:
    ours, theirs = Headers(), WHeaders()
    for op, name, value in ops:
        for h in (ours, theirs):
            if op == "setlist":
                h.setlist(name, [value, value + "2"])
            elif op == "remove":
                h.remove(name)
            else:
                getattr(h, op)(name, value)
    for name in ("a", "b", "set-cookie", "vary", "x-long-name"):
        assert ours.getlist(name) == theirs.getlist(name)
        assert ours.get(name) == theirs.get(name)
        assert (name in ours) == (name in theirs)
    assert len(ours) == len(theirs)
    # Same multiset of lines; only the interleaving of different names may differ.
    assert sorted(ours.to_wsgi_list()) == sorted(theirs.to_wsgi_list())


def test_keys_that_cannot_name_a_header() -> None:
    h = Headers([("A", "1")])
    assert h.get(0) is None and h.get(None, "d") == "d"  # type: ignore[call-overload]
    assert h.getlist(0) == []  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        h.remove(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        h.pop(b"A")  # type: ignore[arg-type]
    assert h.to_wsgi_list() == [("A", "1")]
