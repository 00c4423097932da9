"""genresp.Response: the sans-IO response with its WSGI glue."""

from __future__ import annotations

from .sansio.response import Response as SansIOResponse
from .wsgi import WSGIMixin


class Response(WSGIMixin, SansIOResponse):
    """An HTTP response for WSGI applications, API-compatible with Flask's (Werkzeug 2.3's) Response."""

    __slots__ = ()
