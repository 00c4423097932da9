"""Headers, HeaderSet and the structured header value types."""

from __future__ import annotations

from .._typing import TYPE_CHECKING
from .cache_control import ResponseCacheControl
from .content_range import ContentRange
from .csp import ContentSecurityPolicy
from .etags import ETags, IfRange, Range
from .header_set import HeaderSet
from .headers import Headers, check_name, check_value
from .www_authenticate import WWWAuthenticate

if TYPE_CHECKING:
    from .enums import COEP, COOP
else:

    def __getattr__(name: str) -> object:
        # COEP and COOP load `enum` (a tenth of the time `import genresp` took): imported when first
        # asked for.
        if name in ("COEP", "COOP"):
            from . import enums

            return getattr(enums, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COEP",
    "COOP",
    "ContentRange",
    "ContentSecurityPolicy",
    "ETags",
    "HeaderSet",
    "Headers",
    "IfRange",
    "Range",
    "ResponseCacheControl",
    "WWWAuthenticate",
    "check_name",
    "check_value",
]
