"""Headers, HeaderSet and the structured header value types."""

from __future__ import annotations

from _collections_abc import Callable

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


def _enums_on_first_use(module: str) -> Callable[[str], object]:
    """A module ``__getattr__`` giving COEP and COOP, imported when first asked for: they load
    `enum` (a tenth of the time `import genresp` took). genresp, genresp.datastructures and
    genresp.http re-export them this way."""

    def __getattr__(name: str) -> object:
        if name in ("COEP", "COOP"):
            from . import enums

            return getattr(enums, name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__


if not TYPE_CHECKING:
    __getattr__ = _enums_on_first_use(__name__)


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
