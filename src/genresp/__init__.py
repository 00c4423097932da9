"""genresp: the Flask/Werkzeug HTTP response, generated from a header spec."""

from __future__ import annotations

from .datastructures import (
    COEP,
    COOP,
    ContentRange,
    ContentSecurityPolicy,
    ETags,
    Headers,
    HeaderSet,
    IfRange,
    Range,
    ResponseCacheControl,
    WWWAuthenticate,
)
from .exceptions import HTTPException, RequestedRangeNotSatisfiable
from .response import Response
from .sansio.body import ResponseStream

__all__ = [
    "COEP",
    "COOP",
    "ContentRange",
    "ContentSecurityPolicy",
    "ETags",
    "HTTPException",
    "HeaderSet",
    "Headers",
    "IfRange",
    "Range",
    "RequestedRangeNotSatisfiable",
    "Response",
    "ResponseCacheControl",
    "ResponseStream",
    "WWWAuthenticate",
]
