"""Run an ASGI application under a real server on 127.0.0.1 for the integration tests.

    with serve_asgi(app, "uvicorn") as base_url:        # or "hypercorn", "hypercorn-trio"
        httpx.get(base_url + "/")

The listening socket is bound (port 0: a free port) and listening before the server thread starts,
so the URL is usable at once; leaving the block stops the server and joins its thread.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

SERVERS = ("uvicorn", "hypercorn", "hypercorn-trio")

ASGIApp = Callable[..., Any]


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


@contextmanager
def _uvicorn(app: ASGIApp, sock: socket.socket) -> Iterator[None]:
    import uvicorn

    config = uvicorn.Config(
        app, http="h11", ws="none", lifespan="off", log_level="critical", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        if thread.is_alive():  # pragma: no cover - a hung server must fail loudly
            raise RuntimeError("uvicorn did not stop")


def _hypercorn_config(sock: socket.socket) -> Any:
    from hypercorn.config import Config

    config = Config()
    config.bind = [f"fd://{sock.detach()}"]  # hypercorn owns (and closes) the descriptor
    config.accesslog = None
    config.errorlog = None
    config.graceful_timeout = 1
    return config


@contextmanager
def _hypercorn_asyncio(app: ASGIApp, sock: socket.socket) -> Iterator[None]:
    from hypercorn.asyncio import serve

    config = _hypercorn_config(sock)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    def run() -> None:
        loop.run_until_complete(serve(app, config, shutdown_trigger=stop.wait, mode="asgi"))
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=15)
        if thread.is_alive():  # pragma: no cover
            raise RuntimeError("hypercorn did not stop")


@contextmanager
def _hypercorn_trio(app: ASGIApp, sock: socket.socket) -> Iterator[None]:
    import trio
    from hypercorn.trio import serve

    config = _hypercorn_config(sock)
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def main() -> None:
        state["token"] = trio.lowlevel.current_trio_token()
        state["stop"] = stop = trio.Event()
        ready.set()
        await serve(app, config, shutdown_trigger=stop.wait, mode="asgi")

    thread = threading.Thread(target=trio.run, args=(main,), daemon=True)
    thread.start()
    ready.wait(timeout=15)
    try:
        yield
    finally:
        trio.from_thread.run_sync(state["stop"].set, trio_token=state["token"])
        thread.join(timeout=15)
        if thread.is_alive():  # pragma: no cover
            raise RuntimeError("hypercorn (trio) did not stop")


@contextmanager
def serve_asgi(app: ASGIApp, server: str) -> Iterator[str]:
    """Serve ``app`` with ``server`` (one of SERVERS); yield "http://127.0.0.1:PORT"."""
    runners = {
        "uvicorn": _uvicorn,
        "hypercorn": _hypercorn_asyncio,
        "hypercorn-trio": _hypercorn_trio,
    }
    sock = _listening_socket()
    port = sock.getsockname()[1]
    with runners[server](app, sock):
        yield f"http://127.0.0.1:{port}"
