"""The storage layout of Headers keeps its contract (the Headers docstring) whatever is done to it.

A Hypothesis state machine mixes the public Headers methods, the generated descriptors' writes,
structured values changed in place (their write-back, failing ones included), cookies and the WSGI
header list, and after every step checks the four layout invariants and that every view of the
headers (items, to_wsgi_list, getlist, len, the WSGI list) tells the same story.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from genresp import Headers, Response
from genresp._grammar import TOKEN_RE, check_value

NAMES = st.sampled_from(
    [
        "Vary",
        "vary",
        "VARY",
        "Cache-Control",
        "cache-control",
        "Set-Cookie",
        "X-A",
        "x-a",
        "Content-Length",
        "Location",
        "Content-Type",
        "ETag",
        "Allow",
    ]
)
VALUES = st.one_of(
    st.sampled_from(["a", "b, c", "no-store", "max-age=5", "12", "/x", '"t"', "", " x\t", "é"]),
    st.sampled_from(["bad\r\nX-Injected: 1", "nul\x00", "\n"]),  # refused, nothing changes
)


class _BadText:
    """A directive value whose text holds a line break: the write-back fails when it renders."""

    def __str__(self) -> str:
        return "a\nb"


def check_layout(headers: Headers) -> None:
    """The four invariants of the Headers docstring."""
    d, more = headers._d, headers._more
    pairs = list(d.items())
    if more is not None:
        for lkey, extra in more.items():
            assert lkey in d, f"_more key {lkey!r} not in _d"
            assert extra, f"empty _more list for {lkey!r}"
            pairs.extend((lkey, item) for item in extra)
    for lkey, item in pairs:
        assert type(item) is tuple and len(item) == 2
        name, value = item
        assert lkey == name.lower(), (lkey, name)
        assert TOKEN_RE.fullmatch(name), name
        assert check_value(name, value) == value, (name, value)


class HeadersLayout(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.resp = Response("body")

    @property
    def h(self) -> Headers:
        return self.resp.headers

    def attempt(self, action: Any, *args: Any) -> None:
        """Run a write; a refused one must leave the headers exactly as they were."""
        before = list(self.h.items())
        try:
            action(*args)
        except (ValueError, TypeError):
            assert list(self.h.items()) == before

    # -- Headers methods ------------------------------------------------------------------------

    @rule(name=NAMES, value=VALUES)
    def add(self, name: str, value: str) -> None:
        self.attempt(self.h.add, name, value)

    @rule(name=NAMES, value=VALUES)
    def set(self, name: str, value: str) -> None:
        self.attempt(self.h.set, name, value)

    @rule(name=NAMES, value=VALUES)
    def setitem(self, name: str, value: str) -> None:
        self.attempt(self.h.__setitem__, name, value)

    @rule(name=NAMES, values=st.lists(VALUES, max_size=3))
    def setlist(self, name: str, values: list[str]) -> None:
        self.attempt(self.h.setlist, name, values)

    @rule(name=NAMES, value=VALUES)
    def setdefault(self, name: str, value: str) -> None:
        self.attempt(self.h.setdefault, name, value)

    @rule(pairs=st.lists(st.tuples(NAMES, VALUES), max_size=3))
    def extend(self, pairs: list[tuple[str, str]]) -> None:
        self.attempt(self.h.extend, pairs)

    @rule(pairs=st.lists(st.tuples(NAMES, VALUES), max_size=3))
    def update(self, pairs: list[tuple[str, str]]) -> None:
        self.attempt(self.h.update, dict(pairs))

    @rule(name=NAMES)
    def remove(self, name: str) -> None:
        self.h.remove(name)

    @rule(name=NAMES)
    def pop_name(self, name: str) -> None:
        self.h.pop(name, None)

    @rule(index=st.integers(-3, 3))
    def by_index(self, index: int) -> None:
        if -len(self.h) <= index < len(self.h):
            name, value = self.h[index]
            self.h[index] = (name, value + "1")
            del self.h[index]

    @rule()
    def pop_last(self) -> None:
        if len(self.h):
            self.h.popitem()

    @rule()
    def clear(self) -> None:
        self.h.clear()

    # -- descriptor writes ----------------------------------------------------------------------

    @rule(value=st.one_of(st.none(), st.integers(0, 10**6), st.integers(-5, -1)))
    def content_length(self, value: int | None) -> None:
        self.attempt(setattr, self.resp, "content_length", value)

    @rule(value=st.one_of(st.none(), VALUES))
    def location(self, value: str | None) -> None:
        self.attempt(setattr, self.resp, "location", value)

    @rule(value=st.one_of(st.none(), st.lists(st.sampled_from(["a", "B", "a, b", ""]), max_size=3)))
    def vary(self, value: list[str] | None) -> None:
        self.attempt(setattr, self.resp, "vary", value)

    @rule(value=st.one_of(st.none(), VALUES))
    def cache_control(self, value: str | None) -> None:
        self.attempt(setattr, self.resp, "cache_control", value)

    @rule(value=st.one_of(st.none(), st.integers(0, 2**31)))
    def last_modified(self, value: int | None) -> None:
        when = None if value is None else datetime.fromtimestamp(value, timezone.utc)
        self.attempt(setattr, self.resp, "last_modified", when)

    @rule(value=st.one_of(st.none(), st.sampled_from(["text/plain", "application/json"])))
    def mimetype(self, value: str | None) -> None:
        if value is None:
            self.resp.content_type = None
        else:
            self.resp.mimetype = value

    # -- structured values changed in place (write-back) ----------------------------------------

    @rule(seconds=st.integers(0, 100))
    def cache_control_max_age(self, seconds: int) -> None:
        self.resp.cache_control.max_age = seconds

    @rule(flag=st.booleans())
    def cache_control_no_store(self, flag: bool) -> None:
        self.resp.cache_control.no_store = flag

    @rule()
    def cache_control_failing_write_back(self) -> None:
        self.attempt(self.resp.cache_control.__setitem__, "ext", _BadText())

    @rule(item=st.sampled_from(["Accept", "Origin", "a b"]))
    def vary_add(self, item: str) -> None:
        self.resp.vary.add(item)

    @rule()
    def vary_clear(self) -> None:
        self.resp.vary.clear()

    @rule(tag=st.sampled_from(["v1", "v2"]))
    def set_etag(self, tag: str) -> None:
        self.resp.set_etag(tag)

    @rule(name=st.sampled_from(["a", "b"]), value=st.sampled_from(["1", "x y"]))
    def set_cookie(self, name: str, value: str) -> None:
        self.resp.set_cookie(name, value)

    @rule()
    def new_headers_object(self) -> None:
        self.resp.headers = Headers(self.h)

    # -- reads ----------------------------------------------------------------------------------

    @invariant()
    def layout_holds(self) -> None:
        check_layout(self.h)

    @invariant()
    def every_view_agrees(self) -> None:
        items = list(self.h.items())
        assert self.h.to_wsgi_list() == items
        assert len(self.h) == len(items)
        for name in {n.lower() for n, _ in items}:
            assert self.h.getlist(name) == [v for n, v in items if n.lower() == name]
            assert self.h.get(name) == self.h.getlist(name)[0]
        copied = self.h.copy()
        check_layout(copied)
        assert list(copied.items()) == items

    @invariant()
    def wsgi_list_is_the_stored_pairs_plus_what_wsgi_adds(self) -> None:
        environ = {"REQUEST_METHOD": "GET", "SERVER_NAME": "h", "SERVER_PORT": "80"}
        before = list(self.h.items())
        sent = self.resp.get_wsgi_headers(environ)
        check_layout(sent)
        assert list(self.h.items()) == before, "sending changed the response's headers"
        stored = {n.lower() for n, _ in before}
        for name, _ in sent.items():
            assert name.lower() in stored or name == "Content-Length"


HeadersLayout.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
test_headers_layout = HeadersLayout.TestCase
