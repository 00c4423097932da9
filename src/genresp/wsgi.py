"""The WSGI glue (PEP 3333) on top of the sans-IO response: __call__, headers for the wire, from_app."""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Iterator
from itertools import chain

from ._class_flags import FastFlags, add_rule
from ._typing import Any, Protocol, TypeVar
from .datastructures.headers import Headers
from .sansio.body import BodyMixin
from .sansio.wire import NO_CONTENT_STATUS, SAFE_PATH, WireResponse, header_items
from .sansio.wire import iri_to_uri as iri_to_uri  # public here since the start

WSGIEnvironment = dict[str, Any]
StartResponse = Callable[..., Callable[[bytes], object]]
WSGIApplication = Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]

_R = TypeVar("_R", bound="WSGIMixin")
_Built = TypeVar("_Built", bound="_BuiltFromParts")


class _BuiltFromParts(Protocol):
    """A response class that from_app can build from (body, status, headers)."""

    def __init__(self, response: Any, status: Any, headers: Any) -> None: ...


class WSGIResponse(WireResponse, Protocol):
    """What WSGIMixin needs from the response class it is mixed into (sansio.Response and
    WSGIMixin's own members): its methods annotate ``self`` with this protocol."""

    direct_passthrough: bool
    _on_close: list[Callable[[], Any]] | None
    _wsgi_fast: bool
    _iter_fast: bool
    _close_fast: bool

    def close(self) -> None: ...

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers: ...

    def get_app_iter(self, environ: WSGIEnvironment) -> Iterable[bytes]: ...

    def get_wsgi_response(
        self, environ: WSGIEnvironment
    ) -> tuple[Iterable[bytes], str, list[tuple[str, str]]]: ...


def _wsgi_bytes(text: str) -> bytes:
    """The request bytes behind a WSGI string: PEP 3333 ("Unicode Issues") has servers decode them as
    latin-1. A non-conforming server may hand over decoded text instead (PATH_INFO="/€"); a
    character above U+00FF proves it, and then the whole string is taken as text and sent as UTF-8.
    Never raises, whatever the server put there."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    try:
        # A server that decoded with surrogateescape left its undecodable bytes as U+DC80-U+DCFF.
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # any other lone surrogate
        return text.encode("utf-8", "surrogatepass")


def _request_url(environ: WSGIEnvironment) -> str:
    """The URL of the request without its query string, as a URI (PEP 3333 "URL Reconstruction")."""
    from urllib.parse import quote

    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST")
    if not host:
        host = environ.get("SERVER_NAME", "")
        port = environ.get("SERVER_PORT")
        if port:
            host = f"{host}:{port}"
    if scheme in ("http", "ws") and host.endswith(":80"):
        host = host[:-3]
    elif scheme in ("https", "wss") and host.endswith(":443"):
        host = host[:-4]
    root = _wsgi_bytes(environ.get("SCRIPT_NAME", "").rstrip("/"))
    path = _wsgi_bytes(environ.get("PATH_INFO", "").lstrip("/"))
    return f"{scheme}://{host}{quote(root, safe=SAFE_PATH)}/{quote(path, safe=SAFE_PATH)}"


class _Closable(Protocol):
    def close(self) -> object: ...


class ClosingBody:
    """An app_iter that iterates a body and, when the server closes it, closes `owner` once (the
    response, or the iterable of a wrapped application).

    Iterating hands out the body's own iterator, so serving a list costs no extra frame per chunk;
    keeping the owner rather than its bound close() costs no allocation per request.
    """

    __slots__ = ("_body", "_owner")

    def __init__(self, body: Iterable[bytes], owner: _Closable | None) -> None:
        self._body = body
        self._owner = owner

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        # A server may call close() more than once; the owner is closed only the first time.
        owner = self._owner
        if owner is not None:
            self._owner = None
            owner.close()


class _BufferedBody(list[bytes]):
    """The app_iter of a buffered body with nothing to close: a list, plus the close() that callers
    written for Werkzeug call on every app_iter."""

    __slots__ = ()

    def close(self) -> None:
        """Nothing to release: the chunks are in memory and no callback was registered."""


def run_wsgi_app(
    app: WSGIApplication, environ: WSGIEnvironment, buffered: bool = False
) -> tuple[Iterable[bytes], str, list[tuple[str, str]]]:
    """Call a WSGI application; return (body iterable, status, header list).

    Output passed to the write() callable comes first in the body. Unless ``buffered``, the body is
    iterated only until the application has called start_response (some call it lazily); the rest
    streams, and the application's close() runs when the returned iterable is closed.
    """
    # A copy, so an application that rewrites the environ cannot affect the caller's.
    environ = dict(environ)
    started: list[tuple[str, list[tuple[str, str]]]] = []
    written: list[bytes] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        if exc_info:
            try:
                raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        started[:] = [(status, headers)]
        return written.append

    app_rv = app(environ, start_response)
    close = getattr(app_rv, "close", None)
    body: Iterable[bytes]
    if buffered:
        try:
            body = [*written, *app_rv]
        finally:
            if close is not None:
                close()
    else:
        it = iter(app_rv)
        if not started:
            try:
                for item in it:
                    written.append(item)
                    if started:
                        break
            except BaseException:
                if close is not None:
                    close()
                raise
        body = chain(written, it) if written else it
        if close is not None and body is not app_rv:
            body = ClosingBody(body, app_rv)  # type: ignore[arg-type]  # it has close()
    if not started:
        if close is not None and not buffered:
            close()
        raise RuntimeError("The WSGI application returned without calling start_response.")
    status, headers = started[0]
    return body, status, headers


#: The methods the fast paths stand in for: replacing one of them (on a class or an instance) makes
#: the WSGI call go through it.
_HOOKS = frozenset(
    {"get_wsgi_headers", "get_wsgi_response", "get_app_iter", "iter_encoded", "close"}
)


def _hooks_replaced_on(obj: object) -> bool:
    """Whether the instance itself holds a replacement for one of the hooks (resp.close = ...)."""
    state = getattr(obj, "__dict__", None)
    if not state:
        return False
    return not _HOOKS.isdisjoint(state)


def _set_fast_flags(cls: type) -> None:
    """The WSGI flag rule (genresp._class_flags): which of the hooks `cls` keeps as genresp's."""
    defaults = _DEFAULT_HOOKS
    wsgi_fast = (
        getattr(cls, "get_wsgi_headers", None) is defaults["get_wsgi_headers"]
        and getattr(cls, "get_wsgi_response", None) is defaults["get_wsgi_response"]
    )
    iter_fast = getattr(cls, "iter_encoded", None) is defaults["iter_encoded"]
    close_fast = (
        getattr(cls, "close", None) is defaults["close"]
        and getattr(cls, "get_app_iter", None) is defaults["get_app_iter"]
        and iter_fast
    )
    type.__setattr__(cls, "_wsgi_fast", wsgi_fast)
    type.__setattr__(cls, "_iter_fast", iter_fast)
    type.__setattr__(cls, "_close_fast", close_fast)


class WSGIMixin(metaclass=FastFlags):
    """Serve the response to a WSGI server (PEP 3333), or build one from a WSGI application."""

    __slots__ = ()

    #: Make a relative Location absolute against the request URL (off: relative redirects are fine,
    #: RFC 9110 10.2.2).
    autocorrect_location_header = False

    # Set by _set_fast_flags for every class (genresp._class_flags keeps them true to the class):
    # get_wsgi_headers/get_wsgi_response are genresp's: __call__ may build the header list directly.
    _wsgi_fast = True
    # iter_encoded is genresp's: get_app_iter may hand out a list of bytes as it is.
    _iter_fast = True
    # close (and get_app_iter) are genresp's: a list body with no callbacks needs no close() at all.
    _close_fast = True

    def get_wsgi_headers(self: WSGIResponse, environ: WSGIEnvironment) -> Headers:
        """A copy of the headers as they will be sent for ``environ``: Location and Content-Location
        as URIs (Location made absolute if autocorrect_location_header), no Content-Length for 1xx and
        204, no representation headers for 304, and Content-Length added for a buffered body."""
        out = Headers()
        out._replace_all(header_items(self, _request_url, environ))
        return out

    def get_app_iter(self: WSGIResponse, environ: WSGIEnvironment) -> Iterable[bytes]:
        """The body iterable to send for ``environ``: empty for HEAD, 1xx, 204 and 304. Closing it
        closes the response."""
        return _app_iter(self, environ, _hooks_replaced_on(self))

    def get_wsgi_response(
        self: WSGIResponse, environ: WSGIEnvironment
    ) -> tuple[Iterable[bytes], str, list[tuple[str, str]]]:
        """(app_iter, status line, header list) for ``environ``."""
        if self._wsgi_fast and not _hooks_replaced_on(self):
            headers = header_items(self, _request_url, environ)
        else:
            headers = self.get_wsgi_headers(environ).to_wsgi_list()
        return self.get_app_iter(environ), self._status_pair[0], headers

    def __call__(
        self: WSGIResponse, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        """Serve the response as a WSGI application."""
        if self._wsgi_fast and not _hooks_replaced_on(self):
            # get_wsgi_response without its tuple: the same two calls.
            headers = header_items(self, _request_url, environ)
            # get_app_iter, inline when the class keeps it (_close_fast) and the instance does not.
            app_iter = (
                _app_iter(self, environ, False) if self._close_fast else self.get_app_iter(environ)
            )
            status: str = self._status_pair[0]
        else:
            app_iter, status, headers = self.get_wsgi_response(environ)
        try:
            start_response(status, headers)
        except BaseException:
            # The server will never see app_iter, so it cannot close it: do it here.
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
            raise
        return app_iter

    @classmethod
    def from_app(
        cls: type[_Built], app: WSGIApplication, environ: WSGIEnvironment, buffered: bool = False
    ) -> _Built:
        """Run a WSGI application and wrap its output in a response (see run_wsgi_app)."""
        body, status, headers = run_wsgi_app(app, environ, buffered)
        return cls(body, status, headers)

    @classmethod
    def force_type(cls: type[_R], response: Any, environ: WSGIEnvironment | None = None) -> _R:
        """Make ``response`` an instance of this class, in place when possible; any other WSGI
        application is run against ``environ`` (required then) and its output wrapped."""
        from .response import Response
        from .sansio.response import Response as SansIOResponse

        if not isinstance(response, SansIOResponse):
            if environ is None:
                raise TypeError(
                    "Cannot convert a WSGI application into a response object without an environ."
                )
            body, status, headers = run_wsgi_app(response, environ)
            response = Response(body, status, headers)
        try:
            response.__class__ = cls
            converted: _R = response
            return converted
        except TypeError:
            # A subclass with its own slots has another layout: copy the state into a new object.
            new = cls.__new__(cls)
            for klass in type(response).__mro__:
                for name in klass.__dict__.get("__slots__", ()):
                    if name in ("__dict__", "__weakref__"):
                        continue
                    try:
                        value = getattr(response, name)
                    except AttributeError:
                        continue
                    setattr(new, name, value)
            state = getattr(response, "__dict__", None)
            if state:
                new.__dict__.update(state)
            return new


# genresp's own hooks, against which every class's are compared (taken after the classes exist, so
# replacing one on WSGIMixin or BodyMixin later counts as a replacement too).
def _app_iter(resp: WSGIResponse, environ: WSGIEnvironment, replaced: bool) -> Iterable[bytes]:
    """get_app_iter, told whether the instance replaces a hook (``replaced``: the caller knows)."""
    body: Iterable[bytes] = resp.response
    # A list body with no callbacks and no overridden close has nothing to close: its app_iter
    # may be a plain _BufferedBody, which the server iterates in C. (_close_fast implies
    # _iter_fast.)
    nothing_to_close = (
        type(body) is list and resp._on_close is None and resp._close_fast and not replaced
    )
    # RFC 9110 6.4.1 (1xx, 204, 304) and 9.3.2 (HEAD): headers only.
    if resp._status_pair[1] in NO_CONTENT_STATUS or environ.get("REQUEST_METHOD") == "HEAD":
        return _BufferedBody() if nothing_to_close else ClosingBody((), resp)
    if resp.direct_passthrough:
        # Hand the body to the server untouched (its file_wrapper fast path needs the very object);
        # the server closes it. Wrap only if callbacks must run too.
        if resp._on_close is None:
            return body
        return ClosingBody(body, resp)
    if nothing_to_close or (type(body) is list and resp._iter_fast and not replaced):
        for item in body:
            if type(item) is not bytes:
                break
        else:
            # A list of bytes: the server iterates the list itself, no frame per chunk.
            if nothing_to_close:
                return _BufferedBody(body)
            return ClosingBody(body, resp)
    return ClosingBody(resp.iter_encoded(), resp)


_DEFAULT_HOOKS: dict[str, Any] = {
    "get_wsgi_headers": WSGIMixin.get_wsgi_headers,
    "get_wsgi_response": WSGIMixin.get_wsgi_response,
    "get_app_iter": WSGIMixin.get_app_iter,
    "iter_encoded": BodyMixin.iter_encoded,
    "close": BodyMixin.close,
}
add_rule(_HOOKS, _set_fast_flags)
