"""Headers, HeaderSet and the structured header value types."""

from __future__ import annotations

from .cache_control import ResponseCacheControl
from .content_range import ContentRange
from .csp import ContentSecurityPolicy
from .enums import COEP, COOP
from .etags import ETags, IfRange, Range
from .header_set import HeaderSet
from .headers import Headers, check_name, check_value
from .www_authenticate import WWWAuthenticate

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
