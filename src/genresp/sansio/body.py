"""The response body: the wrapped iterable, buffering, the write-only stream, closing and JSON.

The body lives in the ``response`` slot as Werkzeug 2.3 keeps it: a list of bytes for a fixed body, any other
iterable (a generator, a file wrapper) for a streamed one. Strings are encoded as UTF-8 when sent.
"""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Iterator
from itertools import chain, groupby

from .._typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, overload
from ..datastructures.headers import Headers

if TYPE_CHECKING:
    from types import TracebackType

_F = TypeVar("_F", bound=Callable[[], Any])
_Self = TypeVar("_Self", bound="BodyMixin")


# Content-Length pairs of small bodies, shared: saves a str and a tuple per live response (and the int
# formatting).
_LENGTH_ITEMS = tuple(("Content-Length", str(n)) for n in range(512))


def content_length_str(n: int) -> str:
    """The Content-Length text for ``n`` bytes (RFC 9110 8.6: Content-Length = 1*DIGIT)."""
    return _LENGTH_ITEMS[n][1] if n < 512 else str(n)


def _encode_lazily(body: Iterable[Any]) -> Iterator[bytes]:
    """Encode str items as UTF-8 while iterating; anything else passes through as it is.

    No Python frame runs per item: groupby cuts the items into runs of one type (calling the
    builtin `type` on each), and chain hands out each run from C, as it is for bytes, or through
    ``map(str.encode, ...)`` for str. Only a change of type runs `_runs`. Each item is still taken
    from the body only when asked for: groupby notices the end of a run by the first item of the
    next one, which it gives out next.
    """
    return chain.from_iterable(_runs(groupby(body, type)))


def _runs(groups: Iterator[tuple[type, Iterator[Any]]]) -> Iterator[Iterator[Any]]:
    for kind, run in groups:
        yield map(str.encode, run) if issubclass(kind, str) else run


class _CloseOnce:
    """The close() of a body that was buffered: it runs at the first close of the response only, even
    if the now reusable response is served (and closed) again."""

    __slots__ = ("_close",)

    def __init__(self, close: Callable[[], Any]) -> None:
        self._close: Callable[[], Any] | None = close

    def __call__(self) -> None:
        close = self._close
        if close is not None:
            self._close = None
            close()


class _LazyJsonModule:
    """The default json_module: the standard json module, imported on first use (keeps import fast).
    Subclasses or instances may assign another module with loads/dumps."""

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        import json

        return json


class BodyResponse(Protocol):
    """What BodyMixin needs from the response class it is mixed into.

    The state slots of sansio.Response, ConditionalMixin's add_etag, and the members of BodyMixin
    itself that its methods reach through ``self``: a method whose ``self`` is annotated with this
    protocol sees only what the protocol lists.
    """

    headers: Headers
    response: Any
    _status_pair: tuple[str, int]
    _on_close: list[Callable[[], Any]] | None
    direct_passthrough: bool
    implicit_sequence_conversion: bool
    automatically_set_content_length: bool
    json_module: Any

    @property
    def is_json(self) -> bool: ...

    @property
    def is_streamed(self) -> bool: ...

    def get_data(self) -> bytes: ...

    def iter_encoded(self) -> Iterator[bytes]: ...

    def make_sequence(self) -> None: ...

    def _ensure_sequence(self, mutable: bool = False) -> None: ...

    def call_on_close(self, func: _F) -> _F: ...

    def add_etag(self, overwrite: bool = False, weak: bool = False) -> None: ...

    def close(self) -> None: ...

    def get_json(self, force: bool = False, silent: bool = False) -> Any | None: ...


class BodyMixin:
    """The body half of the response: get_data/set_data, stream, freeze, close, call_on_close, json."""

    __slots__ = ()

    #: If False, reading the body of a streamed response raises instead of buffering it into a list.
    implicit_sequence_conversion = True
    #: If True, set_data and the WSGI glue set Content-Length whenever the length is known.
    automatically_set_content_length = True
    #: The module whose ``loads`` parses the body in get_json (any object with json's API).
    json_module: Any = _LazyJsonModule()

    # -- reading and writing the body --------------------------------------------------------------

    @overload
    def get_data(self: BodyResponse, as_text: Literal[False] = False) -> bytes: ...
    @overload
    def get_data(self: BodyResponse, as_text: Literal[True]) -> str: ...
    @overload
    def get_data(self: BodyResponse, as_text: bool) -> bytes | str: ...
    def get_data(self: BodyResponse, as_text: bool = False) -> bytes | str:
        """The whole body as bytes (or str with as_text=True), buffering a streamed body first."""
        self._ensure_sequence()
        body = self.response
        if len(body) == 1 and type(body[0]) is bytes:
            data: bytes = body[0]
        else:
            data = b"".join(self.iter_encoded())
        return data.decode() if as_text else data

    def set_data(self: BodyResponse, value: bytes | str) -> None:
        """Replace the body with one str (encoded as UTF-8) or bytes; sets Content-Length if automatic."""
        if isinstance(value, str):
            value = value.encode()
        elif not isinstance(value, (bytes, bytearray)):
            raise TypeError(
                f"Response data must be str or bytes, not {type(value).__name__}: {value!r}"
            )
        self.response = [value]
        if self.automatically_set_content_length:
            n = len(value)
            if n < 512:
                self.headers._set_item("content-length", _LENGTH_ITEMS[n])
            else:
                self.headers._set1("content-length", "Content-Length", str(n))

    data = property(
        get_data, set_data, doc="The body: reading calls get_data(), assigning set_data()."
    )

    def iter_encoded(self: BodyResponse) -> Iterator[bytes]:
        """Iterate the body as bytes (str items encoded as UTF-8); the WSGI body unless passthrough."""
        body = self.response
        cls = type(body)
        if cls is list or cls is tuple:
            # A fixed body is already in memory: hand out a plain list iterator, no generator frame.
            for item in body:
                if type(item) is not bytes:
                    return iter([x.encode() if isinstance(x, str) else x for x in body])
            return iter(body)
        if cls is bytes or cls is bytearray:
            # Werkzeug would iterate a bare bytes body as ints; send it whole instead.
            return iter((body,))
        if cls is str:
            return iter((body.encode(),))
        return _encode_lazily(body)

    @property
    def is_streamed(self: BodyResponse) -> bool:
        """True when the body has no length (a generator, say), so its size is unknown."""
        try:
            len(self.response)
        except (TypeError, AttributeError):
            return True
        return False

    @property
    def is_sequence(self: BodyResponse) -> bool:
        """True when the body is buffered, that is a list or a tuple."""
        return isinstance(self.response, (list, tuple))

    def make_sequence(self: BodyResponse) -> None:
        """Buffer a streamed body into a list of bytes; its close() still runs when the response closes."""
        if not isinstance(self.response, (list, tuple)):
            close = getattr(self.response, "close", None)
            self.response = list(self.iter_encoded())
            if close is not None:
                self.call_on_close(_CloseOnce(close))

    def _ensure_sequence(self: BodyResponse, mutable: bool = False) -> None:
        """Make sure the body is a list or tuple (a list if mutable), or raise RuntimeError if that is
        not allowed (direct_passthrough, or implicit_sequence_conversion disabled)."""
        body = self.response
        if isinstance(body, (list, tuple)):
            if mutable and not isinstance(body, list):
                self.response = list(body)
            return
        if self.direct_passthrough:
            raise RuntimeError(
                "Cannot buffer the response body: the response is in direct passthrough mode."
            )
        if not self.implicit_sequence_conversion:
            raise RuntimeError(
                "The response body must be a sequence here, but implicit_sequence_conversion is"
                " disabled; call make_sequence() first."
            )
        self.make_sequence()

    def calculate_content_length(self: BodyResponse) -> int | None:
        """The body length in bytes, or None when it cannot be known without streaming."""
        try:
            self._ensure_sequence()
        except RuntimeError:
            return None
        return sum(map(len, self.iter_encoded()))

    def freeze(self: BodyResponse) -> None:
        """Buffer the body as bytes (even in passthrough mode), set Content-Length and add an ETag.

        A streamed body is closed as soon as it is consumed: the frozen response keeps no reference to
        it, so it can be pickled.
        """
        body = self.response
        close = None if isinstance(body, (list, tuple)) else getattr(body, "close", None)
        try:
            self.response = list(self.iter_encoded())
        finally:
            if close is not None:
                close()
        length = content_length_str(sum(map(len, self.response)))
        self.headers._set1("content-length", "Content-Length", length)
        self.add_etag()

    @property
    def stream(self: BodyResponse) -> ResponseStream:
        """The body as a write-only file-like object (one per response)."""
        # Cached in the instance __dict__, which is only created when a stream is first asked for.
        cache: dict[str, Any] = self.__dict__
        stream = cache.get("_stream")
        if stream is None:
            stream = cache["_stream"] = ResponseStream(self)
        return stream

    # -- closing ---------------------------------------------------------------------------------

    def call_on_close(self: BodyResponse, func: _F) -> _F:
        """Run ``func`` when the response is closed; returns it, so it works as a decorator."""
        funcs = self._on_close
        if funcs is None:
            # Annotated as sansio.Response declares it: mypy would infer the type from this line.
            self._on_close: list[Callable[[], Any]] | None = [func]
        else:
            funcs.append(func)
        return func

    def close(self: BodyResponse) -> None:
        """Close the wrapped body (if it has close()) and run the call_on_close callbacks.

        Every callback runs even if an earlier one raises; the first error is raised at the end.
        """
        error: BaseException | None = None
        body = self.response
        # A list (the common buffered body) has no close(): skip the failing attribute lookup.
        close = None if type(body) is list else getattr(body, "close", None)
        if close is not None:
            try:
                close()
            except BaseException as exc:
                error = exc
        funcs = self._on_close
        if funcs:
            for func in funcs:
                try:
                    func()
                except BaseException as exc:
                    if error is None:
                        error = exc
        if error is not None:
            raise error

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(
        self: BodyResponse,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- JSON ------------------------------------------------------------------------------------

    @property
    def is_json(self: BodyResponse) -> bool:
        """True for application/json and application/*+json bodies."""
        ct = self.headers._get1("content-type")
        if not ct:
            return False
        mt = ct.partition(";")[0].strip().lower()
        return mt == "application/json" or (mt.startswith("application/") and mt.endswith("+json"))

    @property
    def json(self: BodyResponse) -> Any | None:
        """The body parsed as JSON when the mimetype says JSON, else None (get_json() defaults)."""
        return self.get_json()

    def get_json(self: BodyResponse, force: bool = False, silent: bool = False) -> Any | None:
        """Parse the body as JSON: None unless is_json or force; errors return None if silent."""
        if not (force or self.is_json):
            return None
        data = self.get_data()
        try:
            return self.json_module.loads(data)
        except ValueError:
            if not silent:
                raise
            return None

    def __repr__(self: BodyResponse) -> str:
        if isinstance(self.response, (list, tuple)):
            info = f"{sum(map(len, self.iter_encoded()))} bytes"
        else:
            info = "streamed" if self.is_streamed else "likely-streamed"
        return f"<{type(self).__name__} {info} [{self._status_pair[0]}]>"


class ResponseStream:
    """A write-only file-like view of a response body: each write appends one item to the body."""

    __slots__ = ("response", "closed")

    mode = "wb+"

    def __init__(self, response: BodyResponse) -> None:
        self.response = response
        self.closed = False

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed file")

    def write(self, value: bytes | str) -> int:
        """Append ``value`` to the body (str is encoded as UTF-8 when sent); drops a stale
        Content-Length, which the WSGI glue recomputes."""
        self._check_open()
        if not isinstance(value, (bytes, bytearray, str)):
            raise TypeError(f"write() argument must be bytes or str, not {type(value).__name__}")
        resp = self.response
        resp._ensure_sequence(mutable=True)
        resp.response.append(value)
        resp.headers._del("content-length")
        return len(value)

    def writelines(self, seq: Iterable[bytes | str]) -> None:
        """Write every item of ``seq``."""
        for item in seq:
            self.write(item)

    def close(self) -> None:
        """Mark the stream closed; further writes raise ValueError. The response stays open."""
        self.closed = True

    def flush(self) -> None:
        """Nothing to flush: writes go straight into the body."""
        self._check_open()

    def isatty(self) -> bool:
        self._check_open()
        return False

    def writable(self) -> bool:
        return not self.closed

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        """The body length in bytes so far."""
        resp = self.response
        resp._ensure_sequence()
        return sum(map(len, resp.iter_encoded()))

    @property
    def encoding(self) -> str:
        return "utf-8"
