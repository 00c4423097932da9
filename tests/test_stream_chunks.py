"""A streamed body's chunks (issue 14, item 3): str items encoded, bytes items handed on without
a Python frame per chunk, and each chunk produced only when the server asks for it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

import pytest

from genresp import Response
from tests.servers import call_app

ENVIRON = {
    "REQUEST_METHOD": "GET",
    "SERVER_NAME": "localhost",
    "SERVER_PORT": "80",
    "HTTP_HOST": "localhost",
    "PATH_INFO": "/",
    "wsgi.url_scheme": "http",
}


def logged(items: list[Any], log: list[str]) -> Iterator[Any]:
    for i, item in enumerate(items):
        log.append(f"made {i}")
        yield item


MIXED: list[Any] = [b"a", b"b", "c", "\xe9", b"d", bytearray(b"e"), memoryview(b"f"), "", b""]


def test_items_are_encoded_as_before() -> None:
    out = list(Response(iter(MIXED)).iter_encoded())
    assert out == [b"a", b"b", b"c", "\xe9".encode(), b"d", bytearray(b"e"), MIXED[6], b"", b""]
    assert type(out[5]) is bytearray  # anything that is not a str passes through as it is


class Text(str):
    pass


def test_str_subclass_items_are_encoded() -> None:
    assert list(Response(iter([Text("x"), b"y", Text("z")])).iter_encoded()) == [b"x", b"y", b"z"]


@pytest.mark.parametrize("items", [MIXED, [b"1", b"2", b"3"], ["1", "2"], [b"1", "2", b"3", "4"]])
def test_each_chunk_is_made_only_when_asked_for(items: list[Any]) -> None:
    log: list[str] = []
    app_iter = Response(logged(items, log))(ENVIRON, lambda status, headers: None)
    it = iter(app_iter)
    for i in range(len(items)):
        next(it)
        log.append(f"sent {i}")
    assert log == [step for i in range(len(items)) for step in (f"made {i}", f"sent {i}")]
    with pytest.raises(StopIteration):
        next(it)


def python_calls_while_iterating(chunks: int) -> int:
    """Python frames entered while a server iterates a body of `chunks` bytes items, not counting
    the application's own generator."""
    calls = 0

    def body() -> Iterator[bytes]:
        for _ in range(chunks):
            yield b"chunk"

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call" and frame.f_code is not body.__code__:
            calls += 1

    app_iter = Response(body())(ENVIRON, lambda status, headers: None)
    sys.setprofile(profile)
    try:
        for _ in app_iter:
            pass
    finally:
        sys.setprofile(None)
    getattr(app_iter, "close", lambda: None)()
    return calls


def test_no_python_frame_per_bytes_chunk() -> None:
    assert python_calls_while_iterating(1000) == python_calls_while_iterating(10)


def test_closing_mid_stream_closes_the_body() -> None:
    log: list[str] = []
    body = logged([b"1", "2", b"3"], log)
    calls: list[str] = []
    resp = Response(body)
    resp.call_on_close(lambda: calls.append("closed"))
    app_iter = resp(ENVIRON, lambda status, headers: None)
    it = iter(app_iter)
    assert next(it) == b"1" and next(it) == b"2"
    app_iter.close()  # type: ignore[attr-defined]
    assert body.gi_frame is None and calls == ["closed"]


def test_served_body_equals_its_chunks() -> None:
    status, headers, body = call_app(Response(iter(["x", b"y", "\xe9"])), ENVIRON)
    assert body == b"xy" + "\xe9".encode()
