"""The per-class fast-path flags (genresp._class_flags) stay true to their class.

The constructor's fast path stands in for __init__'s general path, set_data, the class's
default_status and automatically_set_content_length; the ASGI call's for get_asgi_headers, close and
iter_encoded. Whatever of these a class replaces, when it is created or later, on itself or on a base
class, must be used, and deleting the replacement must bring the fast path back. The constructor's
answers are compared with Werkzeug 2.3's, whose Response has no shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import werkzeug

import genresp
import genresp.asgi
from genresp.sansio.response import Response as SansIOResponse
from tests.test_asgi import serve
from tests.test_write_back_and_hooks import CLOSED, _recording_close, _shouting

IMPLS = [genresp.Response, werkzeug.Response]


def _built(resp: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return resp.status_code, sorted(resp.headers.items()), resp.get_data()


def _shouting_set_data(original: Callable[..., Any]) -> Callable[..., Any]:
    def set_data(self: Any, value: Any) -> None:
        original(self, value.upper())

    return set_data


# name -> what to set it to, given the original value on the class.
CONSTRUCTOR_NAMES: dict[str, Callable[[Any], Any]] = {
    "set_data": _shouting_set_data,
    "automatically_set_content_length": lambda original: False,
    "default_status": lambda original: 404,
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTOR_NAMES))
@pytest.mark.parametrize("where", ["class body", "class", "base class"])
@pytest.mark.parametrize("body", ["body", b"body"])
def test_constructor_uses_what_the_class_replaces(name: str, where: str, body: Any) -> None:
    outcomes = []
    for impl in IMPLS:
        replacement = CONSTRUCTOR_NAMES[name](getattr(impl, name))
        if where == "class body":
            Base = type("Base", (impl,), {name: replacement})
            Sub = type("Sub", (Base,), {})
        else:
            Base = type("Base", (impl,), {})
            Sub = type("Sub", (Base,), {})
        plain = _built(impl(body, mimetype="text/plain"))
        if where != "class body":
            setattr(Sub if where == "class" else Base, name, replacement)
        changed = _built(Sub(body, mimetype="text/plain"))
        assert changed != plain, f"{impl.__module__}: {name} replaced on the {where} was not used"
        if where != "class body":
            delattr(Sub if where == "class" else Base, name)
            assert _built(Sub(body, mimetype="text/plain")) == plain
        outcomes.append(changed)
    assert outcomes[0] == outcomes[1]


def test_a_subclass_init_that_sets_instance_attributes_first_is_respected() -> None:
    outcomes = []
    for impl in IMPLS:

        class NoLength(impl):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                self.automatically_set_content_length = False
                super().__init__(*args, **kwargs)

        outcomes.append(_built(NoLength("body", mimetype="text/plain")))
    assert "Content-Length" not in dict(outcomes[0][1])
    assert outcomes[0] == outcomes[1]


def test_the_flags_follow_the_class_and_come_back() -> None:
    class Sub(genresp.Response):
        pass

    assert Sub._init_fast and genresp.Response._init_fast
    genresp.Response.automatically_set_content_length = False
    try:
        assert not Sub._init_fast and not genresp.Response._init_fast
        assert "Content-Length" not in Sub("x").headers
    finally:
        del genresp.Response.automatically_set_content_length
    # (BodyMixin's True is found again.)
    assert Sub._init_fast and genresp.Response._init_fast
    assert Sub("x").headers["Content-Length"] == "1"


def test_a_default_status_that_is_not_a_known_code_takes_the_general_path() -> None:
    class Odd(genresp.Response):
        default_status = 299

    assert not Odd._init_fast
    assert Odd("x").status == "299 UNKNOWN"
    with pytest.raises(ValueError, match="status"):

        class Bad(genresp.Response):
            default_status = 1000

        Bad("x")


def test_sans_io_response_constructs_the_same() -> None:
    for body in ("é", b"\xff", "x" * 600):
        fast = SansIOResponse(body, 201, mimetype="application/json")
        assert SansIOResponse._init_fast
        assert fast.status == "201 CREATED"
        assert fast.headers["Content-Length"] == str(len(fast.get_data()))
        assert fast.headers["Content-Type"] == "application/json"


# -- the ASGI call --------------------------------------------------------------------------------


def _extra_header(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_asgi_headers(self: Any, scope: Any) -> list[tuple[bytes, bytes]]:
        return [*original(self, scope), (b"x-hooked", b"yes")]

    return get_asgi_headers


ASGI_HOOKS = {
    "get_asgi_headers": _extra_header,
    "iter_encoded": _shouting,
    "close": _recording_close,
}


def _served(resp: Any) -> tuple[Any, ...]:
    CLOSED.clear()
    client = serve(resp)
    return client.start["status"], sorted(client.start["headers"]), client.body, list(CLOSED)


@pytest.mark.parametrize("hook", sorted(ASGI_HOOKS))
@pytest.mark.parametrize("where", ["class body", "class", "base class"])
def test_asgi_call_uses_the_hooks_the_class_replaces(hook: str, where: str) -> None:
    impl = genresp.asgi.Response
    replacement = ASGI_HOOKS[hook](getattr(impl, hook))
    plain = _served(impl("body", mimetype="text/plain"))
    if where == "class body":
        Sub = type("Sub", (type("Base", (impl,), {hook: replacement}),), {})
    else:
        Base = type("Base", (impl,), {})
        Sub = type("Sub", (Base,), {})
        setattr(Sub if where == "class" else Base, hook, replacement)
    assert not Sub._asgi_fast
    hooked = _served(Sub("body", mimetype="text/plain"))
    assert hooked != plain, f"{hook} replaced on the {where} was not used"
    if where != "class body":
        delattr(Sub if where == "class" else Base, hook)
        assert Sub._asgi_fast
        assert _served(Sub("body", mimetype="text/plain")) == plain


class _GeneralPath(genresp.Response):
    """The same class but for an __init__ of its own: the constructor takes its general path."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class _StrSub(str):
    pass


BODIES: list[Callable[[], Any]] = [
    lambda: None,
    lambda: "",
    lambda: "x",
    lambda: "é" * 600,
    lambda: b"y",
    lambda: bytearray(b"zz"),
    lambda: ["a", b"b"],
    lambda: (b"t",),
    lambda: _StrSub("s"),
]
ARGUMENTS: list[dict[str, Any]] = [
    {},
    {"mimetype": "text/plain"},
    {"mimetype": "application/json", "status": 201},
    {"status": "299 Odd"},
    {"status": 404, "direct_passthrough": True},
    {"mimetype": "text/x\r\nX-Injected: 1"},
    {"status": "abc"},
    {"status": 1000},
]


@pytest.mark.parametrize("arguments", ARGUMENTS)
@pytest.mark.parametrize("body", BODIES)
def test_constructor_fast_path_builds_what_the_general_path_builds(
    body: Callable[[], Any], arguments: dict[str, Any]
) -> None:
    assert genresp.Response._init_fast and not _GeneralPath._init_fast
    outcomes = []
    for cls in (genresp.Response, _GeneralPath):
        try:
            resp = cls(body(), **arguments)
        except (TypeError, ValueError) as exc:
            outcomes.append(repr(exc))
        else:
            outcomes.append(
                (
                    resp.status,
                    list(resp.headers.items()),
                    repr(resp.response),
                    resp.direct_passthrough,
                    resp.get_data(),
                )
            )
    assert outcomes[0] == outcomes[1]
