"""HTTP errors raised by genresp: a small HTTPException and RequestedRangeNotSatisfiable.

Only what the response needs. Werkzeug's exception classes are not imported (the runtime uses the
standard library only), so a framework that catches ``werkzeug.exceptions.HTTPException`` does not
catch these; each one is a WSGI application and ``get_response()`` gives a ready response.

This module knows no server interface: the response class to build is the one the raiser named
(``response_class``; make_conditional names its own class), else the glue module of the request's
interface, looked up by name when first needed (``genresp.response`` for a WSGI environ,
``genresp.asgi`` for an ASGI scope).
"""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Mapping

from ._typing import TYPE_CHECKING, Any
from .http import HTTP_STATUS_CODES

if TYPE_CHECKING:
    from .sansio.response import Response

__all__ = ["HTTPException", "RequestedRangeNotSatisfiable"]

# The module whose `Response` serves each interface; imported by name on first use, so that this
# module (which the sans-IO layer imports) depends on no glue.
_GLUE_MODULES = {"wsgi": "genresp.response", "asgi": "genresp.asgi"}


def _is_asgi(environ: object, scope: object) -> bool:
    """Whether the request is an ASGI one: a scope given, or a mapping with an ASGI ``type`` (and no
    WSGI ``REQUEST_METHOD``), or a request object with ``.scope`` rather than ``.environ``."""
    if scope is not None:
        return True
    if isinstance(environ, Mapping):
        return "REQUEST_METHOD" not in environ and "type" in environ
    return environ is not None and not hasattr(environ, "environ") and hasattr(environ, "scope")


def _glue_response_class(asgi: bool) -> type[Response]:
    from importlib import import_module

    cls: type[Response] = import_module(_GLUE_MODULES["asgi" if asgi else "wsgi"]).Response
    return cls


class HTTPException(Exception):
    """An error that carries its own HTTP response: status ``code``, HTML body, headers."""

    #: The status code; subclasses set it.
    code: int | None = None
    #: The text shown in the HTML body.
    description: str | None = None
    #: The class get_response() builds; None: the response class of the request's interface.
    response_class: type[Any] | None = None

    def __init__(
        self,
        description: str | None = None,
        response: Response | None = None,
        response_class: type[Any] | None = None,
    ) -> None:
        super().__init__()
        if description is not None:
            self.description = description
        self.response = response
        if response_class is not None:
            self.response_class = response_class

    @property
    def name(self) -> str:
        """The reason phrase of ``code``, e.g. "Requested Range Not Satisfiable"."""
        return HTTP_STATUS_CODES.get(self.code or 0, "Unknown Error")

    def get_description(
        self, environ: Mapping[str, Any] | None = None, scope: Mapping[str, Any] | None = None
    ) -> str:
        """The description as an HTML paragraph (escaped)."""
        import html  # error pages are rare: keep it out of the import of genresp

        text = html.escape(self.description or "").replace("\n", "<br>")
        return f"<p>{text}</p>"

    def get_body(
        self, environ: Mapping[str, Any] | None = None, scope: Mapping[str, Any] | None = None
    ) -> str:
        """A minimal HTML page naming the error."""
        import html

        title = f"{self.code} {html.escape(self.name)}"
        return (
            "<!doctype html>\n<html lang=en>\n"
            f"<title>{title}</title>\n<h1>{html.escape(self.name)}</h1>\n"
            f"{self.get_description(environ, scope)}\n"
        )

    def get_headers(
        self, environ: Mapping[str, Any] | None = None, scope: Mapping[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        """The response headers of the error page."""
        return [("Content-Type", "text/html; charset=utf-8")]

    def get_response(
        self, environ: Mapping[str, Any] | None = None, scope: Mapping[str, Any] | None = None
    ) -> Any:
        """The response to send: the one given to the constructor, or the error page, built by
        ``response_class`` or else by the interface's own class: ``genresp.Response`` for a WSGI
        environ (or nothing), ``genresp.asgi.Response`` for an ASGI scope (given as either
        argument, or a request with ``.scope``)."""
        if self.response is not None:
            return self.response
        cls = self.response_class or _glue_response_class(_is_asgi(environ, scope))
        return cls(
            self.get_body(environ, scope),
            self.code or 500,
            self.get_headers(environ, scope),
        )

    def __call__(
        self, environ: Mapping[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """Serve the error as a WSGI application."""
        app: Any = self.get_response(environ)
        return app(environ, start_response)  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return f"{self.code or '???'} {self.name}: {self.description or ''}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} '{self.code or '???'}: {self.name}'>"


class RequestedRangeNotSatisfiable(HTTPException):
    """416: none of the requested ranges overlaps the representation (RFC 9110 15.5.17).

    ``length`` is the complete length; the response then carries ``Content-Range: bytes */length``.
    """

    code = 416
    description = "The server cannot provide the requested range."

    def __init__(
        self,
        length: int | None = None,
        units: str = "bytes",
        description: str | None = None,
        response: Response | None = None,
        response_class: type[Any] | None = None,
    ) -> None:
        super().__init__(description=description, response=response, response_class=response_class)
        self.length = length
        self.units = units

    def get_headers(
        self, environ: Mapping[str, Any] | None = None, scope: Mapping[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        """The error page headers, plus ``Content-Range: <units> */<length>`` with a length."""
        headers = super().get_headers(environ, scope)
        if self.length is not None:
            headers.append(("Content-Range", f"{self.units} */{self.length}"))
        return headers
