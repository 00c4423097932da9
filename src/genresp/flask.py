"""genresp in a Flask application: Flask's Response on genresp, and ``init_app(app)`` to use it.

Importing this module imports Flask (``import genresp`` never does). ``init_app(app)`` makes the
application answer with :class:`Response` and smooths the places where Flask expects Werkzeug's own
classes: 416 from ``send_file``, ``abort(response)``, views returning ``genresp.Headers``, and the
responses of ``app.test_client()``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import flask
import flask.json
from flask.testing import FlaskClient as _FlaskClient
from werkzeug.exceptions import Aborter as _WerkzeugAborter
from werkzeug.exceptions import HTTPException as _WerkzeugHTTPException
from werkzeug.exceptions import RequestedRangeNotSatisfiable as _WerkzeugRangeNotSatisfiable

from ._typing import TYPE_CHECKING, Any, TypeVar
from .datastructures.headers import Headers
from .exceptions import RequestedRangeNotSatisfiable
from .response import Response as _GenrespResponse
from .sansio.response import Response as _SansIOResponse

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["Aborter", "FlaskClient", "Response", "TestResponse", "init_app"]

_R = TypeVar("_R", bound="Response")


class Response(_GenrespResponse):
    """Flask's Response, on genresp: JSON through ``flask.json`` (the app's JSON provider when one is
    active), and ``max_cookie_size`` read from the app's ``MAX_COOKIE_SIZE``.

    ``make_conditional`` raises Werkzeug's ``RequestedRangeNotSatisfiable`` (an ``HTTPException``
    Flask turns into a 416, through the app's handlers) instead of genresp's own.
    """

    __slots__ = ()

    #: ``flask.json``: ``get_json`` uses the current app's JSON provider, as in Flask.
    json_module: Any = flask.json
    autocorrect_location_header = False

    @property
    def max_cookie_size(self) -> int:  # type: ignore[override]
        """Read-only view of the ``MAX_COOKIE_SIZE`` config key (4093 outside an app context)."""
        if flask.current_app:
            return int(flask.current_app.config["MAX_COOKIE_SIZE"])
        return _GenrespResponse.max_cookie_size

    def make_conditional(
        self: _R,
        request_or_environ: Any,
        accept_ranges: bool | str = False,
        complete_length: int | None = None,
    ) -> _R:
        """genresp's make_conditional; an unsatisfiable Range raises Werkzeug's 416 exception."""
        try:
            return super().make_conditional(request_or_environ, accept_ranges, complete_length)
        except RequestedRangeNotSatisfiable as exc:
            raise _WerkzeugRangeNotSatisfiable(length=exc.length, units=exc.units) from exc


class TestResponse(Response):
    """A response of ``app.test_client()``: a genresp :class:`Response` (so ``rv.headers`` and the typed
    attributes are genresp's) carrying the ``request`` and redirect ``history``, as Werkzeug's
    ``TestResponse`` does."""

    __test__ = False  # not a pytest test class

    request: Any
    history: tuple[Any, ...]

    def __init__(
        self,
        response: Any,
        status: Any,
        headers: Any,
        request: Any,
        history: tuple[Any, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(response, status, headers, **kwargs)
        self.request = request
        self.history = history

    @cached_property
    def text(self) -> str:
        """The body as text: ``get_data(as_text=True)``."""
        return self.get_data(as_text=True)


def _test_response_class(response_class: type[Any]) -> type[TestResponse]:
    """The test-client wrapper for an application's response class, genresp's code first in the MRO."""
    if issubclass(response_class, TestResponse):
        return response_class
    if response_class is Response:
        return TestResponse
    return type(f"Test{response_class.__name__}", (TestResponse, response_class), {})


class FlaskClient(_FlaskClient):
    """Flask's test client, wrapping the application's responses in a genresp :class:`TestResponse`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        response_class = getattr(self.application, "response_class", Response)
        if issubclass(response_class, _SansIOResponse):
            # (Werkzeug types it as its own TestResponse; any class taking the same arguments works.)
            self.response_wrapper = _test_response_class(response_class)  # type: ignore[assignment]


class Aborter(_WerkzeugAborter):
    """Flask's ``abort``: also accepts a genresp response, raised as Werkzeug's ``HTTPException`` (whose
    ``response`` Flask then sends)."""

    def __call__(self, code: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(code, _SansIOResponse):
            raise _WerkzeugHTTPException(response=code)  # type: ignore[arg-type]
        return super().__call__(code, *args, **kwargs)


def _unwrap_return_value(rv: Any) -> Any:
    """A view's return value as Flask's make_response can take it."""
    if isinstance(rv, tuple) and len(rv) == 2 and isinstance(rv[1], Headers):
        # Flask only recognises Werkzeug's Headers as the second item; (body, None, headers) means
        # the same to it and keeps the Headers object (so repeated fields stay repeated).
        return (rv[0], None, rv[1])
    if isinstance(rv, _WerkzeugHTTPException) and isinstance(rv.response, _SansIOResponse):
        # abort(response): send the response itself, not a WSGI re-run of it.
        return rv.response
    return rv


def init_app(app: Flask) -> Flask:
    """Make ``app`` use genresp: :class:`Response` as its ``response_class`` (unless it already is a
    genresp response class), :class:`Aborter` for ``abort``, views may return ``genresp.Headers``,
    and ``app.test_client()`` returns genresp responses. Returns ``app``."""
    if not issubclass(app.response_class, _SansIOResponse):
        app.response_class = Response  # type: ignore[assignment]  # Flask types it as its own class
    app.aborter = Aborter()

    client_class = app.test_client_class
    if client_class is None or client_class is _FlaskClient:
        app.test_client_class = FlaskClient
    elif not issubclass(client_class, FlaskClient):
        # The application's own client class, with genresp's wrapping added in front.
        app.test_client_class = type(client_class.__name__, (FlaskClient, client_class), {})

    make_response: Callable[[Any], Any] = app.make_response

    def make_genresp_response(rv: Any) -> Any:
        return make_response(_unwrap_return_value(rv))

    make_genresp_response.__doc__ = make_response.__doc__
    # An instance attribute: this application only, whatever its class.
    setattr(app, "make_response", make_genresp_response)  # noqa: B010
    app.extensions["genresp"] = True
    return app
