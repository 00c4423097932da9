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
)
from .exceptions import HTTPException, RequestedRangeNotSatisfiable
from .response import Response
from .sansio.body import ResponseStream

if TYPE_CHECKING:
    from .datastructures.enums import COEP, COOP
else:

    def __getattr__(name: str) -> object:
        # COEP and COOP load `enum` (a tenth of the time `import genresp` took): imported when first
        # asked for.
        if name in ("COEP", "COOP"):
            from .datastructures import enums

            return getattr(enums, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
