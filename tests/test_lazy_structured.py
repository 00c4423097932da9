"""Structured values render when their header is needed, and every read sees the latest change.

A changed Cache-Control, Vary or CSP value is rendered into the headers when they are next read,
copied, pickled or sent, not on every change (issue 14). The test runs random interleavings of
changes (in place, through a value held from an earlier read, by the descriptors and by Headers
methods) with every kind of read, and checks each read against a model that renders eagerly: the
text of the value after each change, as the write-back of Werkzeug (and genresp before) stored it.
"""

from __future__ import annotations

import copy
import gc
import pickle
import weakref
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genresp import Headers, Response
from tests.servers import call_app

FIELDS = {
    "cache_control": "Cache-Control",
    "vary": "Vary",
    "content_security_policy": "Content-Security-Policy",
}
ENVIRON = {"REQUEST_METHOD": "GET", "SERVER_NAME": "h", "SERVER_PORT": "80", "PATH_INFO": "/"}


class Model:
    """The response under test and what each header should read as."""

    def __init__(self) -> None:
        self.resp = Response("body")
        self.expected: dict[str, str | None] = dict.fromkeys(FIELDS.values())
        self.held: dict[str, Any] = {}

    def changed(self, attr: str, value: Any) -> None:
        """A structured value was changed in place: its text is the header's new content."""
        self.expected[FIELDS[attr]] = value.to_header() or None


# -- changes --------------------------------------------------------------------------------------


def _in_place(attr: str, change: Callable[[Any], None]) -> Callable[[Model], None]:
    def step(m: Model) -> None:
        value = getattr(m.resp, attr)
        change(value)
        m.changed(attr, value)

    step.__name__ = f"{attr}-in-place"
    return step


def _held(attr: str, change: Callable[[Any], None]) -> Callable[[Model], None]:
    """Change a value read some steps before (or read it now, to change later)."""

    def step(m: Model) -> None:
        value = m.held.get(attr)
        if value is None:
            m.held[attr] = getattr(m.resp, attr)
            return
        change(value)
        m.changed(attr, value)

    step.__name__ = f"{attr}-held"
    return step


def _assign(attr: str, value: Any, text: str | None) -> Callable[[Model], None]:
    def step(m: Model) -> None:
        setattr(m.resp, attr, value)
        m.expected[FIELDS[attr]] = text

    step.__name__ = f"{attr}={value!r}"
    return step


def _header_write(field: str, text: str | None) -> Callable[[Model], None]:
    def step(m: Model) -> None:
        if text is None:
            m.resp.headers.remove(field)
        else:
            m.resp.headers[field] = text
        m.expected[field] = text

    step.__name__ = f"headers[{field}]={text!r}"
    return step


def _new_headers(m: Model) -> None:
    m.resp.headers = Headers(m.resp.headers)


def _setattr_max_age(n: int) -> Callable[[Any], None]:
    def change(cc: Any) -> None:
        cc.max_age = n

    return change


CHANGES = [
    _in_place("cache_control", lambda cc: setattr(cc, "no_store", True)),
    _in_place("cache_control", _setattr_max_age(5)),
    _in_place("cache_control", lambda cc: cc.pop("max-age", None)),
    _in_place("cache_control", lambda cc: cc.clear()),
    _held("cache_control", _setattr_max_age(7)),
    _held("cache_control", lambda cc: setattr(cc, "public", True)),
    _in_place("vary", lambda v: v.add("Accept")),
    _in_place("vary", lambda v: v.discard("Accept")),
    _in_place("vary", lambda v: v.clear()),
    # A held value may be stale: its change must be a real one (an add of a present item is not).
    _held("vary", lambda v: v.discard("Origin") if "Origin" in v else v.add("Origin")),
    _in_place("content_security_policy", lambda c: setattr(c, "default_src", "'self'")),
    _in_place("content_security_policy", lambda c: setattr(c, "img_src", None)),
    _assign("cache_control", "no-cache", "no-cache"),
    _assign("cache_control", None, None),
    _assign("vary", ["X"], "X"),
    _assign("vary", None, None),
    _header_write("Cache-Control", "max-age=1"),
    _header_write("Cache-Control", None),
    _header_write("Vary", "a, b"),
    _header_write("Vary", None),
    _new_headers,
]


# -- reads: each returns {field: text or None} as that view shows it ------------------------------


def _from_pairs(pairs: list[tuple[str, str]]) -> dict[str, str | None]:
    out: dict[str, str | None] = dict.fromkeys(FIELDS.values())
    for name, value in pairs:
        for field in FIELDS.values():
            if name.lower() == field.lower() and out[field] is None:
                out[field] = value
    return out


READS: dict[str, Callable[[Response], dict[str, str | None]]] = {
    "getitem": lambda r: {f: r.headers[f] if f in r.headers else None for f in FIELDS.values()},
    "get": lambda r: {f: r.headers.get(f) for f in FIELDS.values()},
    "getlist": lambda r: {f: (r.headers.getlist(f) or [None])[0] for f in FIELDS.values()},
    "items": lambda r: _from_pairs(list(r.headers.items())),
    "iter": lambda r: _from_pairs(list(r.headers)),
    "keys+values": lambda r: _from_pairs(
        list(zip(r.headers.keys(), r.headers.values(), strict=True))
    ),
    "index": lambda r: _from_pairs([r.headers[i] for i in range(len(r.headers))]),
    "to_wsgi_list": lambda r: _from_pairs(r.headers.to_wsgi_list()),
    "get_wsgi_headers": lambda r: _from_pairs(list(r.get_wsgi_headers(ENVIRON).items())),
    "wsgi call": lambda r: _from_pairs(call_app(r, dict(ENVIRON))[1]),
    "headers.copy": lambda r: _from_pairs(list(r.headers.copy().items())),
    "copy.copy": lambda r: _from_pairs(list(copy.copy(r).headers.items())),
    "copy.deepcopy": lambda r: _from_pairs(list(copy.deepcopy(r).headers.items())),
    "pickle": lambda r: _from_pairs(list(pickle.loads(pickle.dumps(r)).headers.items())),
    "Headers(headers)": lambda r: _from_pairs(list(Headers(r.headers).items())),
    "str": lambda r: _from_pairs(
        [tuple(line.split(": ", 1)) for line in str(r.headers).split("\r\n") if ": " in line]
    ),
    "attribute": lambda r: {f: (getattr(r, a).to_header() or None) for a, f in FIELDS.items()},
}


def _check(m: Model, read: str) -> None:
    seen = READS[read](m.resp)
    if read == "attribute":
        # A structured attribute reads the first line only, as Werkzeug's does.
        expected = {f: m.expected[f] for f in FIELDS.values()}
    else:
        expected = m.expected
    assert seen == expected, read
    assert len(m.resp.headers) == len(list(m.resp.headers.items()))
    assert ("Cache-Control" in m.resp.headers) == (m.expected["Cache-Control"] is not None)


STEPS = st.lists(
    st.one_of(
        st.sampled_from(CHANGES).map(lambda c: ("change", c)),
        st.sampled_from(sorted(READS)).map(lambda r: ("read", r)),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(STEPS)
def test_every_read_sees_every_change(steps: list[tuple[str, Any]]) -> None:
    m = Model()
    for kind, step in steps:
        if kind == "change":
            step(m)
        else:
            _check(m, step)
    for read in READS:
        _check(m, read)


def test_a_run_of_changes_is_rendered_once() -> None:
    resp = Response("body")
    renders = []
    cc = resp.cache_control
    original = type(cc).to_header

    class Counting(type(cc)):  # type: ignore[misc]
        __slots__ = ()

        def to_header(self) -> str:
            renders.append(1)
            return original(self)

    cc.__class__ = Counting
    cc.no_store = True
    cc.max_age = 5
    resp.cache_control.public = True  # the same value, read again while waiting
    assert resp.cache_control is cc
    assert renders == []
    assert resp.headers["Cache-Control"] == "no-store, max-age=5, public"
    assert renders == [1]
    resp.headers.to_wsgi_list()
    assert renders == [1]


def test_a_value_waiting_makes_no_reference_cycle() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        refs = []
        for _ in range(10):
            resp = Response("x")
            resp.cache_control.no_store = True  # waiting, never rendered
            resp.vary.add("a")
            refs.append(weakref.ref(resp))
            del resp
        assert all(r() is None for r in refs)
    finally:
        if enabled:
            gc.enable()


def test_a_text_refused_at_rendering_leaves_the_header_and_raises_on_the_read() -> None:
    class Changing:
        """Valid when the directive is set, not any more when the header is rendered."""

        text = "ok"

        def __str__(self) -> str:
            return self.text

    resp = Response("body")
    resp.headers.add("Cache-Control", "max-age=1")
    resp.headers.add("Cache-Control", "no-transform")
    cc = resp.cache_control
    value = Changing()
    cc["ext"] = value
    value.text = "a\nb"
    with pytest.raises(ValueError, match="Cache-Control"):
        resp.headers.to_wsgi_list()
    # Every line as before the change, and the value no longer taken as the header's.
    assert resp.headers.getlist("Cache-Control") == ["max-age=1", "no-transform"]
    assert resp.cache_control is not cc
    assert dict(resp.cache_control) == {"max-age": "1"}


def test_a_directive_whose_text_is_refused_is_refused_when_set() -> None:
    class BadText:
        def __str__(self) -> str:
            return "a\nb"

    resp = Response("body")
    with pytest.raises(ValueError, match="Cache-Control"):
        resp.cache_control["ext"] = BadText()
    assert "Cache-Control" not in resp.headers
