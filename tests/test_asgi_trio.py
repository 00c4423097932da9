"""genresp.asgi.Response under trio: streaming, the disconnect watcher (ASGI 2.3), errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import trio

from genresp.asgi import Response
from tests.test_asgi import make_scope


class TrioClient:
    def __init__(self, disconnect_after: int | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.disconnect_after = disconnect_after
        self.gone = trio.Event()

    async def receive(self) -> dict[str, Any]:
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        if self.gone.is_set():
            return  # as an ASGI 2.3 server does after a disconnect
        self.sent.append(message)
        bodies = sum(1 for m in self.sent if m["type"] == "http.response.body")
        if self.disconnect_after is not None and bodies >= self.disconnect_after:
            self.gone.set()


def run(resp: Response, client: TrioClient, spec: str = "2.3") -> None:
    trio.run(resp, make_scope(spec=spec), client.receive, client.send)


def test_buffered_and_streamed_bodies() -> None:
    client = TrioClient()
    run(Response("hello"), client)
    assert client.sent[1] == {"type": "http.response.body", "body": b"hello", "more_body": False}

    async def body() -> AsyncIterator[str]:
        for part in ("a", "b"):
            await trio.sleep(0)
            yield part

    client = TrioClient()
    run(Response(body()), client)
    assert b"".join(m["body"] for m in client.sent[1:]) == b"ab"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_disconnect_is_watched_and_everything_closed_once(kind: str) -> None:
    finals: list[str] = []

    def sync_forever() -> Iterator[bytes]:
        try:
            while True:
                yield b"x"
        finally:
            finals.append("finally")

    async def async_forever() -> AsyncIterator[bytes]:
        try:
            while True:
                yield b"x"
                await trio.sleep(0)
        finally:
            finals.append("finally")

    resp = Response(sync_forever() if kind == "sync" else async_forever())
    calls: list[int] = []
    resp.call_on_close(lambda: calls.append(1))
    client = TrioClient(disconnect_after=3)
    run(resp, client)
    assert finals == ["finally"] and calls == [1]


def test_body_error_is_reraised_bare_not_as_a_group() -> None:
    def body() -> Iterator[bytes]:
        yield b"partial"
        raise KeyError("boom")

    resp = Response(body())
    calls: list[int] = []
    resp.call_on_close(lambda: calls.append(1))
    client = TrioClient()
    with pytest.raises(KeyError) as info:
        run(resp, client)
    assert type(info.value) is KeyError
    assert [m["type"] for m in client.sent].count("http.response.start") == 1
    assert calls == [1]
