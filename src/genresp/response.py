"""genresp.Response: the sans-IO response with its WSGI glue."""

from __future__ import annotations

from .sansio.response import Response as SansIOResponse
from .wsgi import WSGIMixin


class Response(WSGIMixin, SansIOResponse):
    """An HTTP response for WSGI applications, API-compatible with Flask's (Werkzeug 2.3's) Response.

    A WSGI application itself: ``return resp(environ, start_response)``. Porting Werkzeug 2.3 code
    needs only the import changed; the deliberate differences are listed in docs/differences.md.
    """

    __slots__ = ()

    #: Flask's default: HTML (Werkzeug's own Response defaults to text/plain).
    default_mimetype: str | None = "text/html"
