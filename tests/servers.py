"""Shared test infrastructure: serve a WSGI app with waitress, talk to it with http.client.

    with serve(app) as base_url:
        status, headers, body = request(base_url, "GET", "/")

`headers` maps lower-cased field names to every value received, in order (repeated fields such as
Set-Cookie keep all their values).
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from waitress import wasyncore
from waitress.server import create_server
from waitress.trigger import trigger

__all__ = ["call_app", "connect", "raw_request", "request", "serve"]

WSGIApp = Callable[..., Any]


def call_app(app: WSGIApp, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """Call a WSGI app in process as a server would: (status, header list, joined body), with the
    app_iter closed afterwards (also when iterating it raised)."""
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        started[:] = [(status, headers)]
        return lambda data: None

    app_iter = app(environ, start_response)
    try:
        body = b"".join(app_iter)
    finally:
        close = getattr(app_iter, "close", None)
        if close is not None:
            close()
    assert started, "the app did not call start_response"
    return started[0][0], started[0][1], body


@contextmanager
def serve(app: WSGIApp, **adjustments: Any) -> Iterator[str]:
    """Run `app` under waitress (4 threads) on a free port of 127.0.0.1; yield "http://127.0.0.1:PORT".

    The server listens before the URL is yielded, and is shut down (sockets closed, loop thread and
    worker threads joined) when the block exits, even on error. Extra keyword arguments are waitress
    adjustments (for example `channel_timeout=5`).
    """
    options: dict[str, Any] = {"host": "127.0.0.1", "port": 0, "threads": 4}
    options.update(adjustments)
    server: Any = create_server(app, **options)
    port = server.effective_port
    loop = threading.Thread(target=server.run, name=f"waitress-{port}", daemon=True)
    loop.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        # Close the sockets from inside the event loop (a trigger thunk runs in the loop thread), so
        # the loop never polls a descriptor another thread closed; it ends once its map is empty.
        socket_map = server._map
        own_trigger = server.trigger
        try:
            own_trigger.pull_trigger(lambda: wasyncore.close_all(socket_map))
        except OSError:
            # The trigger's pipe is gone: a descriptor number closed twice elsewhere in the process
            # (the second close hitting the pipe that had reused the number) makes waitress close
            # its trigger, while the loop goes on serving. A new trigger joins the loop's map at its
            # next poll (within asyncore_loop_timeout) and runs the same thunk there.
            trigger(socket_map).pull_trigger(lambda: wasyncore.close_all(socket_map))
        loop.join(timeout=10)
        server.task_dispatcher.shutdown(timeout=5)
        if loop.is_alive():  # pragma: no cover - a hung server must fail loudly, not hang the suite
            raise RuntimeError(f"waitress on port {port} did not stop")
        # waitress's own close of such a trigger stops at the missing descriptor and leaves its copy
        # of the pipe's read end open; the loop has ended, so closing it here races with nothing.
        wrapper = getattr(own_trigger, "socket", None)
        if wrapper is not None:
            wrapper.close()


def _address(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    assert parts.hostname is not None and parts.port is not None, base_url
    return parts.hostname, parts.port


def connect(base_url: str, timeout: float = 10.0) -> http.client.HTTPConnection:
    """An http.client connection to the server at `base_url` (the caller closes it)."""
    host, port = _address(base_url)
    return http.client.HTTPConnection(host, port, timeout=timeout)


def request(
    base_url: str,
    method: str,
    path: str,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
) -> tuple[int, dict[str, list[str]], bytes]:
    """Send one request on a fresh connection; return (status, {lower-case name: [values]}, body).

    The body is read completely (http.client removes chunked framing); a HEAD response has no body.
    """
    conn = connect(base_url)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        resp = conn.getresponse()
        data = resp.read()
        fields: dict[str, list[str]] = {}
        for name, value in resp.getheaders():
            fields.setdefault(name.lower(), []).append(value)
        return resp.status, fields, data
    finally:
        conn.close()


def raw_request(base_url: str, data: bytes, timeout: float = 10.0) -> bytes:
    """Send raw request bytes and return every byte the server sends until it closes the connection.

    Useful to see the wire format (chunked framing, exact header lines); send "Connection: close".
    """
    with socket.create_connection(_address(base_url), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)
