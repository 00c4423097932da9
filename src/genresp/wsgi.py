"""The WSGI glue on top of the sans-IO response (owned by the body/WSGI issue; this is the seam)."""

from __future__ import annotations


class WSGIMixin:
    """Serve a response to a WSGI server."""

    __slots__ = ()
