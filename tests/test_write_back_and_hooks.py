"""Issue 10 items 15-17, each against Werkzeug 2.3.8 where it has the same API.

- 15: a structured write-back that fails leaves every line of its header (repeated lines too);
- 16: a structured value read before ``resp.headers`` was replaced writes to the current headers,
  and holding such values makes no reference cycle (responses are freed with the cyclic GC off);
- 17: get_wsgi_headers, get_wsgi_response, iter_encoded and close replaced after the class was
  created (on the class or on one instance) are used by the WSGI call.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import werkzeug
from werkzeug.datastructures import Headers as WerkzeugHeaders

import genresp
from tests.servers import call_app

IMPLS = [genresp.Response, werkzeug.Response]
HEADERS = {genresp.Response: genresp.Headers, werkzeug.Response: WerkzeugHeaders}
ENVIRON = {
    "REQUEST_METHOD": "GET",
    "SERVER_NAME": "example.com",
    "SERVER_PORT": "80",
    "PATH_INFO": "/",
    "wsgi.url_scheme": "http",
}


class BadText:
    """A Cache-Control extension value whose text holds a line break: rendering it must fail."""

    def __str__(self) -> str:
        return "a\nb"


# -- 15 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", IMPLS)
def test_a_failed_write_back_keeps_every_line(cls: Any) -> None:
    resp = cls()
    resp.headers.add("Cache-Control", "max-age=1")
    resp.headers.add("Cache-Control", "no-transform")
    cc = resp.cache_control
    with pytest.raises(ValueError):
        cc["ext"] = BadText()
    assert resp.headers.getlist("Cache-Control") == ["max-age=1", "no-transform"]
    # The next successful change replaces every line with the value's text, as a set does.
    resp.cache_control.no_store = True
    assert resp.headers.getlist("Cache-Control") == ["max-age=1, no-store"]


def test_a_write_back_failing_when_rendered_keeps_every_line() -> None:
    class Changing:
        text = "ok"

        def __str__(self) -> str:
            return self.text

    resp = genresp.Response()
    resp.headers.add("Cache-Control", "max-age=1")
    resp.headers.add("Cache-Control", "no-transform")
    cc = resp.cache_control
    value = Changing()
    cc["ext"] = value  # valid now; the header is rendered later
    value.text = "a\nb"
    with pytest.raises(ValueError, match="Cache-Control"):
        resp.headers.getlist("Cache-Control")
    assert resp.headers.getlist("Cache-Control") == ["max-age=1", "no-transform"]
    # The object no longer matches the header: a new read parses the header again.
    assert resp.cache_control is not cc
    assert dict(resp.cache_control) == {"max-age": "1"}


# -- 16 ---------------------------------------------------------------------------------------


def _read_then_replace_headers(cls: Any) -> tuple[Any, Any, Any, Any]:
    resp = cls(mimetype="text/plain")
    resp.headers["Cache-Control"] = "max-age=1"
    cc, vary = resp.cache_control, resp.vary
    old = resp.headers
    resp.headers = HEADERS[cls]([("X-New", "1")])
    return resp, old, cc, vary


@pytest.mark.parametrize("cls", IMPLS)
def test_values_read_before_the_headers_were_replaced_write_to_the_current_ones(cls: Any) -> None:
    resp, old, cc, vary = _read_then_replace_headers(cls)
    cc.no_store = True
    vary.add("Accept")
    assert resp.headers.get("Cache-Control") == "max-age=1, no-store"
    assert resp.headers.get("Vary") == "Accept"
    assert resp.headers.get("X-New") == "1"
    assert old.get("Cache-Control") == "max-age=1"
    assert "Vary" not in old


def test_same_outcome_as_werkzeug_after_replacing_headers() -> None:
    outcomes = []
    for cls in IMPLS:
        resp, old, cc, vary = _read_then_replace_headers(cls)
        cc.max_age = 5
        vary.update(["a", "b"])
        outcomes.append((sorted(resp.headers.items()), sorted(old.items())))
    assert outcomes[0] == outcomes[1]


def test_a_value_outliving_its_response_writes_to_the_headers_it_came_from() -> None:
    resp = genresp.Response()
    headers = resp.headers
    cc = resp.cache_control
    del resp
    cc.no_store = True  # Werkzeug's closure keeps the response alive; the same headers change here
    assert headers["Cache-Control"] == "no-store"


def test_responses_holding_structured_values_are_freed_without_the_cyclic_gc() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        refs = []
        kept = []
        for _ in range(20):
            resp = genresp.Response("x")
            resp.headers["Cache-Control"] = "max-age=1"
            resp.headers["Vary"] = "a"
            resp.cache_control.no_store = True
            kept.append(resp.vary)  # a value may outlive its response
            resp.vary.add("b")
            resp.content_security_policy.default_src = "'self'"
            refs.append(weakref.ref(resp))
            del resp
        assert [r for r in refs if r() is not None] == []
        for vary in kept:
            vary.add("c")  # the owner is gone: still no error
    finally:
        if enabled:
            gc.enable()


def test_an_owner_without_weak_references_keeps_writing_to_its_headers() -> None:
    from genresp._generated.headers import GeneratedResponseHeaders

    class Bare(GeneratedResponseHeaders):
        __slots__ = ("headers",)

        def __init__(self) -> None:
            self.headers = genresp.Headers()

    bare = Bare()
    bare.cache_control.no_store = True
    assert bare.headers["Cache-Control"] == "no-store"


# -- 17 ---------------------------------------------------------------------------------------


def _extra_header(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_wsgi_headers(self: Any, environ: Any) -> Any:
        headers = original(self, environ)
        headers["X-Hook"] = "headers"
        return headers

    return get_wsgi_headers


def _other_status(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_wsgi_response(self: Any, environ: Any) -> Any:
        app_iter, _status, headers = original(self, environ)
        return app_iter, "299 Hooked", headers

    return get_wsgi_response


def _shouting(original: Callable[..., Any]) -> Callable[..., Any]:
    def iter_encoded(self: Any) -> Iterator[bytes]:
        for chunk in original(self):
            yield chunk.upper()

    return iter_encoded


CLOSED: list[str] = []


def _recording_close(original: Callable[..., Any]) -> Callable[..., Any]:
    def close(self: Any) -> None:
        CLOSED.append("closed")
        original(self)

    return close


HOOKS = {
    "get_wsgi_headers": _extra_header,
    "get_wsgi_response": _other_status,
    "iter_encoded": _shouting,
    "close": _recording_close,
}


def _observe(resp: Any) -> tuple[str, list[tuple[str, str]], bytes, list[str]]:
    CLOSED.clear()
    status, headers, body = call_app(resp, dict(ENVIRON))
    return status, sorted(headers), body, list(CLOSED)


@pytest.mark.parametrize("hook", sorted(HOOKS))
@pytest.mark.parametrize("where", ["class", "base class", "instance"])
def test_hooks_replaced_after_class_creation_are_used(hook: str, where: str) -> None:
    outcomes = []
    for impl in IMPLS:

        class Base(impl):  # type: ignore[valid-type,misc]
            default_mimetype = "text/plain"

        class Sub(Base):
            pass

        plain = _observe(Sub([b"body"]))
        original = getattr(impl, hook)
        replacement = HOOKS[hook](original)
        if where == "instance":
            resp = Sub([b"body"])
            setattr(resp, hook, replacement.__get__(resp))
            hooked = _observe(resp)
            assert _observe(Sub([b"body"])) == plain, "only that instance is changed"
        else:
            setattr(Sub if where == "class" else Base, hook, replacement)
            hooked = _observe(Sub([b"body"]))
            delattr(Sub if where == "class" else Base, hook)
            assert _observe(Sub([b"body"])) == plain, "removing the replacement restores it"
        assert hooked != plain, f"{impl.__module__}: {hook} replaced on the {where} was not used"
        outcomes.append(hooked)
    assert outcomes[0] == outcomes[1]


def test_replacing_a_hook_on_genresp_response_itself_is_used() -> None:
    original = genresp.Response.iter_encoded
    try:
        genresp.Response.iter_encoded = _shouting(original)  # type: ignore[method-assign]
        assert _observe(genresp.Response([b"body"]))[2] == b"BODY"
    finally:
        genresp.Response.iter_encoded = original  # type: ignore[method-assign]
    assert _observe(genresp.Response([b"body"]))[2] == b"body"
    assert genresp.Response._iter_fast and genresp.Response._wsgi_fast
