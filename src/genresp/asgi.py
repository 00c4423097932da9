"""The ASGI glue: serve the sans-IO response with ``await resp(scope, receive, send)``.

`Response` has the whole class API of `genresp.Response` (the WSGI helpers included, so code that
builds, converts or inspects responses keeps working) and is an ASGI 3 application for HTTP scopes.
It sends what the sans-IO layer decides (`genresp.sansio.wire.header_items`): no header rule lives
here, only the translation into ASGI messages.

Policy (docs/serving.md says the same for users):

- One ``http.response.start`` (lower-case names, Latin-1 values), then ``http.response.body``
  messages; HEAD, 1xx, 204 and 304 get one empty body message whatever the body holds.
- A buffered body goes out in one message. A file goes out as ``http.response.pathsend`` (the
  whole file, when the server offers the extension), ``http.response.zerocopysend`` (any span,
  when offered) or in 64 KiB reads. Sync iterables are iterated on the event loop (they must not
  block; give an async generator for slow work); async iterables are awaited.
- The client going away is not an error: an ``http.disconnect`` received while streaming (ASGI
  spec < 2.4, watched by a second task only then) or an ``OSError`` from ``send`` (spec 2.4) stops
  the body and the call returns normally.
- Whatever happens (completion, disconnect, an exception from the body, cancellation) the body is
  closed (``aclose()`` for async iterators) and every ``call_on_close`` callback runs, exactly once
  per serving; a callback may be a coroutine function. An exception after the start message is
  re-raised as it is (never an exception group) without a second start message, so the server
  aborts the response; errors from closing do not replace it.
- asyncio and trio are supported (the disconnect watcher uses the running library's tasks).
"""

from __future__ import annotations

import os
import sys
from collections.abc import (
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Iterator,
    MutableMapping,
)
from itertools import chain

from ._cache import CACHE_MAX, ENTRY_TEXT_MAX, remember
from ._class_flags import add_rule
from ._typing import TYPE_CHECKING, Any
from .sansio.body import BodyMixin
from .sansio.conditional import answer_conditional
from .sansio.preconditions import RequestFields
from .sansio.range_body import RangeStream, seekable_file
from .sansio.response import Response as SansIOResponse
from .sansio.wire import NO_CONTENT_STATUS, SAFE_PATH, header_items, items_follow_from_pairs
from .wsgi import WSGIMixin

if TYPE_CHECKING:
    from .datastructures.headers import Headers
    from .response import Response as _WSGIResponse

__all__ = ["ASGIMixin", "Message", "Receive", "Response", "Scope", "Send"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# A file is read in blocks of this size when the server cannot send it itself: a read from the page
# cache takes microseconds, so the event loop is never held for long.
_FILE_BLOCK = 64 * 1024

_PATHSEND = "http.response.pathsend"
_ZEROCOPYSEND = "http.response.zerocopysend"


class _ClientGone(Exception):
    """``send`` raised OSError: the client disconnected (ASGI spec 2.4)."""


# (Name, value) pair -> (lower-cased name, value) as Latin-1 bytes. Responses share many pairs (the
# Content-Type of a mimetype, small Content-Lengths) and repeat most values, so one probe usually
# replaces two encodes; long values (cookies, say) are not kept, to bound the memory.
_ENCODED: dict[tuple[str, str], tuple[bytes, bytes]] = {}
_ENCODED_MAX_VALUE = 100

# What is sent for a response's stored pairs, in ASGI form, by the kind of its status (header_items
# drops other names for 1xx and 204 than for 304): an application's responses repeat a few header
# lists exactly (a mimetype and a small length, say), so one probe of the stored pairs replaces
# header_items and the encoding. Only lists that follow from the pairs alone are kept
# (wire.items_follow_from_pairs); each message gets a new list, which middleware may change in place,
# as Starlette's MutableHeaders does. The caches follow genresp's one rule (_cache): at most CACHE_MAX
# entries of at most ENTRY_TEXT_MAX characters, key and value together (the pairs and their
# encoding: half each).
_ENCODED_LISTS: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
_ENCODED_LISTS_NO_CONTENT: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
_ENCODED_LISTS_304: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
# (A status with content and a body that is not buffered: no Content-Length is added to its list.)
_ENCODED_LISTS_STREAMED: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
_LISTS_OF_STATUS = {
    **dict.fromkeys(NO_CONTENT_STATUS, _ENCODED_LISTS_NO_CONTENT),
    304: _ENCODED_LISTS_304,
}
# The same for a buffered body, by every status code: one probe instead of two.
_BUFFERED_LISTS_OF_STATUS = {
    code: _LISTS_OF_STATUS.get(code, _ENCODED_LISTS) for code in range(1000)
}
_LISTS_MAX = CACHE_MAX
_LIST_TEXT_MAX = ENTRY_TEXT_MAX // 2

# A list over that bound (five fields with a Date, say) is remembered in two halves, each an entry of
# its own kept apart from the whole lists: with no name repeated, every stored pair gives at most one
# sent pair of its own, so the list is the two halves' lists put together.
_HALF_LISTS: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
_HALF_LISTS_NO_CONTENT: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
_HALF_LISTS_304: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
_HALF_LISTS_STREAMED: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]] = {}
_HALVES_OF_LISTS = {
    id(_ENCODED_LISTS): _HALF_LISTS,
    id(_ENCODED_LISTS_NO_CONTENT): _HALF_LISTS_NO_CONTENT,
    id(_ENCODED_LISTS_304): _HALF_LISTS_304,
    id(_ENCODED_LISTS_STREAMED): _HALF_LISTS_STREAMED,
}


def _encode_items(
    items: list[tuple[str, str]] | tuple[tuple[str, str], ...],
) -> tuple[tuple[bytes, bytes], ...]:
    """The pairs ASGI sends for `items` (see _encode_pair)."""
    encoded = _ENCODED
    return tuple([encoded.get(p) or _encode_pair(p) for p in items])


def _sent_headers(resp: _WSGIResponse, scope: Scope) -> tuple[tuple[bytes, bytes], ...]:
    """header_items(resp, ...) in ASGI form, remembered by the stored pairs where they decide it."""
    headers = resp.headers
    lists = _LISTS_OF_STATUS.get(resp._status_pair[1])
    if lists is None:
        lists = (
            _ENCODED_LISTS if isinstance(resp.response, (list, tuple)) else _ENCODED_LISTS_STREAMED
        )
    pairs = headers._unrepeated_pairs()
    raw = lists.get(pairs)  # type: ignore[arg-type]  # (None is never a key)
    if raw is not None and not (
        resp.autocorrect_location_header and headers._first("location") is not None
    ):
        return raw
    return _encode_sent(resp, scope, lists, pairs)


def _encode_sent(
    resp: _WSGIResponse,
    scope: Scope,
    lists: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]],
    pairs: tuple[tuple[str, str], ...] | None,
) -> tuple[tuple[bytes, bytes], ...]:
    """_sent_headers once the remembered lists (`lists`, the ones of resp's kind of status) do not
    have the stored pairs (`pairs`, None when a name repeats): their halves, or encode and remember.
    """
    halves = _HALVES_OF_LISTS[id(lists)]
    if pairs is not None and len(pairs) > 1:
        cut = len(pairs) // 2
        first = halves.get(pairs[:cut])
        if first is not None:
            second = halves.get(pairs[cut:])
            # The halves may come from two other lists: this one must follow from its pairs too.
            if second is not None and items_follow_from_pairs(resp):
                return first + second
    items = header_items(resp, _scope_url, scope)
    raw = _encode_items(items)
    if pairs is not None and items_follow_from_pairs(resp):
        size = sum(map(len, chain.from_iterable(pairs)))
        if size <= _LIST_TEXT_MAX:
            _store(lists, pairs, raw)
        elif len(pairs) > 1 and size <= 2 * _LIST_TEXT_MAX:
            cut = len(pairs) // 2
            first_half, second_half = pairs[:cut], pairs[cut:]
            if (
                sum(map(len, chain.from_iterable(first_half))) <= _LIST_TEXT_MAX
                and sum(map(len, chain.from_iterable(second_half))) <= _LIST_TEXT_MAX
            ):
                # The sent pair of each stored one, by its name (none repeats; some may be dropped).
                sent = {item[0].lower(): encoded for item, encoded in zip(items, raw, strict=True)}
                for half in (first_half, second_half):
                    names = [pair[0].lower() for pair in half]
                    _store(halves, half, tuple([sent[n] for n in names if n in sent]))
    return raw


def _store(
    lists: dict[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]],
    pairs: tuple[tuple[str, str], ...],
    raw: tuple[tuple[bytes, bytes], ...],
) -> None:
    if len(lists) >= _LISTS_MAX:
        lists.clear()
    lists[pairs] = raw


def _encode_pair(pair: tuple[str, str]) -> tuple[bytes, bytes]:
    """One pair as ASGI wants it: a lower-case name and a Latin-1 value, as bytes; ValueError naming
    the header for a value Latin-1 cannot carry (ASGI field values are byte strings, RFC 9110 5.5).
    Names are tokens (Headers refuses anything else), so they are ASCII."""
    name, value = pair
    try:
        encoded = (name.lower().encode("ascii"), value.encode("latin-1"))
    except UnicodeEncodeError:
        raise ValueError(
            f"Invalid value for {name}: {value!r} has characters outside Latin-1, which cannot be"
            " sent as an HTTP field value (percent-encode or RFC 8187-encode it)"
        ) from None
    if len(value) <= _ENCODED_MAX_VALUE:
        remember(_ENCODED, pair, encoded)
    return encoded


# The request fields the conditional engine reads, by ASGI name (lower-case, as the spec has servers
# send them), with their place in RequestFields (after the method).
_CONDITIONAL_FIELDS = {
    b"if-match": 1,
    b"if-unmodified-since": 2,
    b"if-none-match": 3,
    b"if-modified-since": 4,
    b"range": 5,
    b"if-range": 6,
}


# Methods as servers send them (upper-case str, RFC 9110 9.1): taken as they are.
_METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"))


def _conditional_fields(scope: Scope) -> RequestFields:
    """The method and conditional fields of an ASGI scope, as make_conditional reads them; repeated
    field lines are joined with ", " (RFC 9110 5.3), as scope_header_getter does."""
    method = scope.get("method")
    if type(method) is not str or method not in _METHODS:
        method = str(method or "GET").upper()
    fields: list[Any] | None = None
    places = _CONDITIONAL_FIELDS
    for name, value in scope.get("headers") or ():
        place = places.get(name) if type(name) is bytes else places.get(bytes(name).lower())
        if place is not None:
            text = (value if type(value) is bytes else bytes(value)).decode("latin-1")
            if fields is None:
                fields = [method, None, None, None, None, None, None]
            seen = fields[place]
            fields[place] = text if seen is None else f"{seen}, {text}"
    if fields is None:
        return (method, None, None, None, None, None, None)  # (most requests)
    return tuple(fields)


def _scope_url(scope: Scope) -> str:
    """The URL of the request without its query string, for making Location absolute."""
    from urllib.parse import quote

    scheme = scope.get("scheme") or "http"
    host = None
    for name, value in scope.get("headers") or ():
        if bytes(name).lower() == b"host":
            host = bytes(value).decode("latin-1")
            break
    if not host:
        server = scope.get("server")  # (host, port), port None for a Unix socket
        if not server:
            host = ""
        elif server[1] is None:
            host = str(server[0])
        else:
            host = f"{server[0]}:{server[1]}"
    if scheme in ("http", "ws") and host.endswith(":80"):
        host = host[:-3]
    elif scheme in ("https", "wss") and host.endswith(":443"):
        host = host[:-4]
    root = scope.get("root_path") or ""
    path = scope.get("path") or "/"
    if root and not path.startswith(root):
        path = root + path
    return f"{scheme}://{host}{quote(path.encode('utf-8'), safe=SAFE_PATH)}"


# spec_version text -> whether the server reports disconnects only as a message (before 2.4).
_WATCH_NEEDED: dict[str, bool] = {}


def _must_watch_disconnect(scope: Scope) -> bool:
    """Whether disconnects must be watched for with receive(): ASGI spec < 2.4, where send() on a
    closed connection may silently do nothing (2.4 makes it raise OSError)."""
    asgi = scope.get("asgi")
    version = str(asgi.get("spec_version", "2.0")) if asgi else "2.0"
    watch = _WATCH_NEEDED.get(version)
    if watch is None:
        try:
            major, _, minor = version.partition(".")
            watch = (int(major), int(minor or 0)) < (2, 4)
        except ValueError:
            watch = True
        remember(_WATCH_NEEDED, version, watch)
    return watch


def _as_bytes(chunk: Any) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode()
    if isinstance(chunk, (bytes, bytearray, memoryview)):
        return bytes(chunk)
    raise TypeError(f"Response body items must be bytes or str, not {type(chunk).__name__}")


def _file_blocks(file: Any) -> Iterator[bytes]:
    """A file from its current position, in bounded blocks."""
    while True:
        block = file.read(_FILE_BLOCK)
        if not block:
            return
        yield block


def _has_fileno(file: Any) -> bool:
    try:
        file.fileno()
    except (OSError, ValueError, AttributeError):  # BytesIO: UnsupportedOperation
        return False
    return True


def _whole_file_path(file: Any) -> str | None:
    """The absolute path of a regular file that is about to be sent from its start, or None."""
    name = getattr(file, "name", None)
    if not isinstance(name, str) or not os.path.isabs(name):
        return None
    try:
        if file.tell() != 0 or not os.path.isfile(name):
            return None
    except (OSError, ValueError):
        return None
    return name


async def _wait_for_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message.get("type") == "http.disconnect":
            return


async def _until_disconnect_asyncio(body: Coroutine[Any, Any, None], receive: Receive) -> None:
    """Run ``body`` until it ends or the client disconnects; its errors are re-raised as they are."""
    import asyncio

    loop = asyncio.get_running_loop()
    sender = loop.create_task(body)
    watcher = loop.create_task(_wait_for_disconnect(receive))
    try:
        await asyncio.wait((sender, watcher), return_when=asyncio.FIRST_COMPLETED)
    finally:
        # Also when this task is cancelled: neither child may outlive the response.
        sender.cancel()
        watcher.cancel()
        await asyncio.wait((sender, watcher))
    if not sender.cancelled():
        error = sender.exception()
        if error is not None:
            raise error
    elif not watcher.cancelled():
        error = watcher.exception()  # receive() itself failed
        if error is not None:
            raise error


async def _until_disconnect_trio(body: Coroutine[Any, Any, None], receive: Receive) -> None:
    """The trio counterpart: a nursery whose first finished child cancels the other. Errors are
    caught inside the children and re-raised bare, so no exception group reaches the server."""
    import trio

    errors: list[BaseException] = []

    async def run(coro: Awaitable[None], nursery: trio.Nursery) -> None:
        try:
            await coro
        except Exception as exc:
            errors.append(exc)
        finally:
            nursery.cancel_scope.cancel()

    async with trio.open_nursery() as nursery:
        nursery.start_soon(run, body, nursery)
        nursery.start_soon(run, _wait_for_disconnect(receive), nursery)
    if errors:
        raise errors[0]


def _running_library() -> str:
    """Which event loop runs this coroutine: "asyncio" or "trio"."""
    trio = sys.modules.get("trio")
    if trio is not None:
        try:
            trio.lowlevel.current_task()
        except RuntimeError:
            pass
        else:
            return "trio"
    return "asyncio"


async def _checkpoint_asyncio() -> None:
    import asyncio

    await asyncio.sleep(0)


async def _checkpoint_trio() -> None:
    import trio

    await trio.lowlevel.checkpoint()


def _end_message() -> Message:
    return {"type": "http.response.body", "body": b"", "more_body": False}


class ASGIMixin:
    """Serve the response to an ASGI server (ASGI 3, HTTP): ``await resp(scope, receive, send)``."""

    __slots__ = ()

    # Set by _asgi_flags for every response class (genresp._class_flags keeps it true to the class):
    # get_asgi_headers, close and iter_encoded are genresp's, so a buffered body may be sent directly.
    _asgi_fast = False

    if TYPE_CHECKING:
        _status_pair: tuple[str, int]
        headers: Headers
        response: Any
        autocorrect_location_header: bool
        direct_passthrough: bool
        _on_close: list[Callable[[], Any]] | None
        _iter_fast: bool
        _close_fast: bool

        def iter_encoded(self) -> Iterator[bytes]: ...

        def close(self) -> None: ...

    def get_asgi_headers(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        """The ``headers`` of the start message for ``scope``: the pairs get_wsgi_headers would
        send, with lower-case names and Latin-1 values as bytes."""
        return [*_sent_headers(self, scope)]  # type: ignore[arg-type]

    def make_conditional(
        self,
        request_or_environ: Any,
        accept_ranges: bool | str = False,
        complete_length: int | None = None,
    ) -> Any:
        """As on `genresp.Response`; ``request_or_environ`` may also be an ASGI scope or a request
        with ``.scope`` (Starlette's). The same RFC 9110 engine decides."""
        source = request_or_environ
        if type(source) is not dict:
            scope = getattr(source, "scope", None)
            if type(scope) is dict:
                source = scope
        if type(source) is dict and "REQUEST_METHOD" not in source and source.get("type") == "http":
            # An ASGI scope: its fields are read in one pass, then the same engine decides.
            return answer_conditional(self, _conditional_fields(source), accept_ranges, complete_length)  # type: ignore[type-var]
        return super().make_conditional(source, accept_ranges, complete_length)  # type: ignore[misc]

    async def aclose(self) -> None:
        """Close the body (awaiting ``aclose()`` for an async iterator, else ``close()``) and run
        every call_on_close callback, awaiting those that return an awaitable. Every step runs even
        if an earlier one raises; the first error is raised at the end. A class that replaces
        close() gets its close() called instead (after an async body's ``aclose()``)."""
        error: BaseException | None = None
        body = self.response
        if type(self).close is not _BODY_CLOSE:
            aclose = None if type(body) is list else getattr(body, "aclose", None)
            if aclose is not None:
                await aclose()
            self.close()
            return
        if type(body) is not list:
            try:
                aclose = getattr(body, "aclose", None)
                if aclose is not None:
                    await aclose()
                else:
                    close = getattr(body, "close", None)
                    if close is not None:
                        close()
            except BaseException as exc:
                error = exc
        funcs = self._on_close
        if funcs:
            for func in funcs:
                try:
                    result = func()
                    if hasattr(result, "__await__"):
                        await result
                except BaseException as exc:
                    if error is None:
                        error = exc
        if error is not None:
            raise error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the response as an ASGI application (HTTP scopes only)."""
        try:
            kind = scope["type"]  # (a subscript costs less than get(); a missing key is rare)
        except KeyError:
            kind = None
        if kind != "http":
            raise ValueError(f"genresp.asgi.Response serves 'http' scopes, not {kind!r}")
        body = self.response
        if type(body) is list and type(self)._asgi_fast and self._on_close is None:
            # The common cases: a buffered body, nothing to close, no hook replaced. The header list
            # is _sent_headers', its probe inline.
            stored = self.headers
            status = self._status_pair[1]
            lists = _BUFFERED_LISTS_OF_STATUS[status]
            pairs = (
                tuple(stored._d.values()) if stored._more is None else stored._unrepeated_pairs()
            )
            raw = lists.get(pairs)  # type: ignore[arg-type]  # (None is never a key)
            if raw is None or ("location" in stored._d and self.autocorrect_location_header):
                raw = _encode_sent(self, scope, lists, pairs)  # type: ignore[arg-type]
            try:
                head = scope["method"] == "HEAD"  # (a subscript costs less than get())
            except KeyError:
                head = False
            if head or lists is not _ENCODED_LISTS:
                # RFC 9110 6.4.1 (1xx, 204, 304) and 9.3.2 (HEAD): headers only.
                data: bytes = b""
            else:
                try:
                    data = b"".join(body)  # (one bytes chunk: that very object, no copy)
                except TypeError:
                    data = b"".join(map(_as_bytes, body))  # str chunks, or an error naming the type
            try:
                await send({"type": "http.response.start", "status": status, "headers": [*raw]})
                await send({"type": "http.response.body", "body": data, "more_body": False})
            except OSError:
                pass  # the client went away: nothing left to send
            return
        # (Apart, so that the coroutine of the common case above is small.)
        await self._serve(scope, receive, send, body)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, body: Any) -> None:
        """__call__ for every response but a plain buffered one."""
        status = self._status_pair[1]
        try:
            if type(self).get_asgi_headers is _GET_ASGI_HEADERS:
                # get_asgi_headers, inline (the class did not replace it).
                headers = [*_sent_headers(self, scope)]  # type: ignore[arg-type]
            else:
                headers = self.get_asgi_headers(scope)
        except BaseException:
            await self.aclose()  # never served: release the body now, as the WSGI glue does
            raise
        try:
            streamed = False
            try:
                await send({"type": "http.response.start", "status": status, "headers": headers})
                if status in NO_CONTENT_STATUS or scope.get("method") == "HEAD":
                    # RFC 9110 6.4.1 (1xx, 204, 304) and 9.3.2 (HEAD): headers only.
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                elif type(body) is list and self._iter_fast:
                    # Buffered: one message. (Only send() runs in this try: an OSError is its.)
                    if len(body) == 1 and type(body[0]) is bytes:
                        data = body[0]
                    else:
                        data = b"".join(map(_as_bytes, body))
                    await send({"type": "http.response.body", "body": data, "more_body": False})
                else:
                    streamed = True
            except OSError as exc:
                raise _ClientGone from exc
            if streamed:
                await self._send_streamed(scope, receive, send)
        except _ClientGone:
            pass  # the client went away: nothing left to send, and nothing went wrong here
        except BaseException:
            try:
                await self.aclose()
            except Exception:  # noqa: S110 - every callback ran; the first error is reported
                pass
            raise
        if type(body) is not list or self._on_close is not None or not self._close_fast:
            await self.aclose()  # (a list with nothing to close needs no call, unless close is replaced)

    async def _send_streamed(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send a body that is not a plain list of chunks: a file, a range of one, an iterable."""
        body = self.response
        extensions = scope.get("extensions") or {}
        chunks: Iterable[Any] | _AsyncChunks
        if isinstance(body, RangeStream):
            file = seekable_file(body.source)
            if file is not None and _ZEROCOPYSEND in extensions and _has_fileno(file):
                await _zerocopy_pieces(send, file, body.pieces)
                return
            chunks = body
        elif isinstance(body, (list, tuple, bytes, bytearray, str)):
            # In memory already (or iter_encoded is overridden): one message.
            data = b"".join(map(_as_bytes, self.iter_encoded()))
            await _send_or_gone(
                send, {"type": "http.response.body", "body": data, "more_body": False}
            )
            return
        elif hasattr(body, "__aiter__"):
            chunks = _AsyncChunks(body)
        else:
            file = seekable_file(body)
            if file is not None:
                if _PATHSEND in extensions:
                    path = _whole_file_path(file)
                    if path is not None:
                        await _send_or_gone(send, {"type": _PATHSEND, "path": path})
                        return
                if _ZEROCOPYSEND in extensions and _has_fileno(file):
                    await _zerocopy_pieces(send, file, [(file.tell(), None)])
                    return
                chunks = _file_blocks(file)
            else:
                chunks = body if self.direct_passthrough else self.iter_encoded()
        if _must_watch_disconnect(scope):
            if _running_library() == "trio":
                await _until_disconnect_trio(_send_chunks(send, chunks, _checkpoint_trio), receive)
            else:
                await _until_disconnect_asyncio(
                    _send_chunks(send, chunks, _checkpoint_asyncio), receive
                )
        else:
            await _send_chunks(send, chunks, None)


async def _send_or_gone(send: Send, message: Message) -> None:
    try:
        await send(message)
    except OSError as exc:
        raise _ClientGone from exc


class _AsyncChunks:
    """Marks an async iterable body (its iterator need not register as an AsyncIterator)."""

    __slots__ = ("body",)

    def __init__(self, body: Any) -> None:
        self.body = body


async def _send_chunks(
    send: Send,
    chunks: Iterable[Any] | _AsyncChunks,
    checkpoint: Callable[[], Awaitable[None]] | None,
) -> None:
    """Send each chunk in its own body message (empty ones skipped), then the final message.

    ``checkpoint`` (while a watcher waits for the disconnect) lets the event loop run between
    chunks even when neither the body nor ``send`` ever suspends.
    """
    if isinstance(chunks, _AsyncChunks):
        async for chunk in chunks.body:
            if type(chunk) is not bytes:
                chunk = _as_bytes(chunk)
            if chunk:
                try:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                except OSError as exc:
                    raise _ClientGone from exc
            if checkpoint is not None:
                await checkpoint()
    else:
        for chunk in chunks:
            if type(chunk) is not bytes:
                chunk = _as_bytes(chunk)
            if chunk:
                try:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                except OSError as exc:
                    raise _ClientGone from exc
            if checkpoint is not None:
                await checkpoint()
    await _send_or_gone(send, _end_message())


async def _zerocopy_pieces(
    send: Send, file: Any, pieces: Iterable[bytes | tuple[int, int | None]]
) -> None:
    """Literal pieces as body messages, file spans (stop None: to the end) as zerocopysend."""
    for piece in pieces:
        if isinstance(piece, bytes):
            message: Message = {"type": "http.response.body", "body": piece, "more_body": True}
        else:
            start, stop = piece
            message = {"type": _ZEROCOPYSEND, "file": file, "offset": start, "more_body": True}
            if stop is not None:
                message["count"] = stop - start
        await _send_or_gone(send, message)
    await _send_or_gone(send, _end_message())


_GET_ASGI_HEADERS = ASGIMixin.get_asgi_headers
_BODY_CLOSE: Any = BodyMixin.close
_ITER_ENCODED: Any = BodyMixin.iter_encoded


def _asgi_flags(cls: type) -> None:
    """The ASGI flag rule (genresp._class_flags): does `cls` keep get_asgi_headers, close and
    iter_encoded as genresp's, so that __call__ may send a buffered body without them?"""
    fast = (
        getattr(cls, "get_asgi_headers", None) is _GET_ASGI_HEADERS
        and getattr(cls, "close", None) is _BODY_CLOSE
        and getattr(cls, "iter_encoded", None) is _ITER_ENCODED
    )
    type.__setattr__(cls, "_asgi_fast", fast)


add_rule(frozenset({"get_asgi_headers", "close", "iter_encoded"}), _asgi_flags)


class Response(ASGIMixin, WSGIMixin, SansIOResponse):  # type: ignore[misc]  # async __call__
    """An HTTP response for ASGI applications, with the class API of `genresp.Response`.

    ``await resp(scope, receive, send)`` serves it; everything else (typed header attributes,
    make_conditional with an ASGI scope or a request with ``.scope``, cookies, the WSGI helpers)
    is the same as on the WSGI class.
    """

    __slots__ = ()

    #: Flask's default: HTML, as on `genresp.Response`.
    default_mimetype: str | None = "text/html"
