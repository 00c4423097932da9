"""genresp: the Flask/Werkzeug HTTP response, generated from a header spec."""

from __future__ import annotations

from ._typing import TYPE_CHECKING
from .datastructures import (
    ContentRange,
    ContentSecurityPolicy,
    ETags,
    Headers,
    HeaderSet,
    IfRange,
    Range,
    ResponseCacheControl,
    WWWAuthenticate,
    _enums_on_first_use,
)
from .exceptions import HTTPException, RequestedRangeNotSatisfiable
from .response import Response
from .sansio.body import ResponseStream

if TYPE_CHECKING:
    from .datastructures.enums import COEP, COOP
else:
    __getattr__ = _enums_on_first_use(__name__)


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
