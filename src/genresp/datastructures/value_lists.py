"""Sets of header items with their own item grammar: Clear-Site-Data and Timing-Allow-Origin.

Both are HeaderSets (ordered, case-insensitive, write-back on change) whose items are checked
against the field's grammar and printed its way, instead of as tokens or quoted-strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ._params import check_value, dump_value, lazy_pattern, parse_elements
from .header_set import HeaderSet

__all__ = [
    "ClearSiteData",
    "TimingAllowOrigin",
    "dump_clear_site_data",
    "dump_timing_allow_origin",
    "parse_clear_site_data",
    "parse_timing_allow_origin",
]


class _CheckedSet(HeaderSet):
    """A HeaderSet whose items pass ``_check_item`` (ValueError naming the field) before any is
    added, so a refused update changes nothing."""

    __slots__ = ()
    FIELD = ""

    @classmethod
    def _check_item(cls, item: object) -> str:
        raise NotImplementedError

    def update(self, iterable: Iterable[str]) -> None:
        if isinstance(iterable, str):
            raise TypeError(f"{self.FIELD}: give an iterable of items, not a str: {iterable!r}")
        super().update([self._check_item(item) for item in iterable])

    def __setitem__(self, idx: int, value: str) -> None:
        super().__setitem__(idx, self._check_item(value))


# -- Clear-Site-Data ---------------------------------------------------------------------------

# W3C Clear-Site-Data 3.1:  Clear-Site-Data = 1#( quoted-string )
# Known types: "cache", "cookies", "storage", "executionContexts", "*"; others are ignored by
# agents, so they are allowed. genresp writes printable ASCII without quote or backslash.
_csd_item = lazy_pattern(r"[ !#-\[\]-~]*")
_quoted_head = lazy_pattern(r'"([ !#-\[\]-~]*)"')


class ClearSiteData(_CheckedSet):
    """The data types a Clear-Site-Data field asks the browser to clear, sent as quoted-strings:
    ``"cache"``, ``"cookies"``, ``"storage"``, ``"executionContexts"`` or ``"*"`` for all."""

    __slots__ = ()
    FIELD = "Clear-Site-Data"

    @classmethod
    def _check_item(cls, item: object) -> str:
        if not isinstance(item, str):
            raise TypeError(f"{cls.FIELD}: items must be str, not {type(item).__name__}: {item!r}")
        if not item or _csd_item().fullmatch(item) is None:
            raise ValueError(
                f"{cls.FIELD}: {item!r} must be non-empty printable ASCII without quote or backslash"
            )
        return item

    def to_header(self) -> str:
        return ", ".join(f'"{item}"' for item in self)


def _parse_csd(value: str, strict: bool) -> ClearSiteData | None:
    elements = parse_elements(value, _quoted_head().match, strict)
    if elements is None or (strict and any(params for _, params in elements)):
        return None
    return ClearSiteData([head.group(1) for head, _ in elements if head.group(1)])


def parse_clear_site_data(
    value: str | None, on_update: Callable[[ClearSiteData], None] | None = None
) -> ClearSiteData:
    """The quoted types of the field (anything else is left out). Never raises."""
    parsed = _parse_csd(value, strict=False) if value else None
    if parsed is None:
        parsed = ClearSiteData()
    # HeaderSet calls on_update with the set itself, which is this ClearSiteData.
    parsed.on_update = on_update  # type: ignore[assignment]
    return parsed


def _parse_csd_strict(value: str) -> ClearSiteData | None:
    return _parse_csd(value, strict=True)


def dump_clear_site_data(field: str, value: object) -> str | None:
    """ClearSiteData, an iterable of type names, or a well-formed str (``'"cache", "cookies"'``)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return check_value(field, ClearSiteData(value).to_header()) or None
    return dump_value(field, value, ClearSiteData, _parse_csd_strict)


# -- Timing-Allow-Origin -----------------------------------------------------------------------

# W3C Resource Timing 5.2:  Timing-Allow-Origin = 1#( origin-or-null / wildcard )
# origin = scheme "://" host [ ":" port ] (RFC 6454 6.2, the serialization of an origin)
_origin = lazy_pattern(
    r"\*|null|[A-Za-z][A-Za-z0-9+.\-]*://"
    r"(?:[A-Za-z0-9\-._~!$&'()*+=%]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)


class TimingAllowOrigin(_CheckedSet):
    """The origins allowed to see detailed resource timings: serialized origins
    (``https://example.com``), ``null`` or ``*``."""

    __slots__ = ()
    FIELD = "Timing-Allow-Origin"

    @classmethod
    def _check_item(cls, item: object) -> str:
        if not isinstance(item, str):
            raise TypeError(f"{cls.FIELD}: items must be str, not {type(item).__name__}: {item!r}")
        if _origin().fullmatch(item) is None:
            raise ValueError(
                f"{cls.FIELD}: {item!r} is not an origin (scheme://host[:port]), null or *"
            )
        return item

    def to_header(self) -> str:
        return ", ".join(self)


def _parse_tao(value: str, strict: bool) -> TimingAllowOrigin | None:
    items = []
    for raw in value.split(","):
        item = raw.strip(" \t")
        if not item:
            continue
        if _origin().fullmatch(item) is not None:
            items.append(item)
        elif strict:
            return None
    return TimingAllowOrigin(items)


def parse_timing_allow_origin(
    value: str | None, on_update: Callable[[TimingAllowOrigin], None] | None = None
) -> TimingAllowOrigin:
    """The well-formed origins of the field (anything else is left out). Never raises."""
    parsed = _parse_tao(value, strict=False) if value else None
    if parsed is None:
        parsed = TimingAllowOrigin()
    # HeaderSet calls on_update with the set itself, which is this TimingAllowOrigin.
    parsed.on_update = on_update  # type: ignore[assignment]
    return parsed


def _parse_tao_strict(value: str) -> TimingAllowOrigin | None:
    return _parse_tao(value, strict=True)


def dump_timing_allow_origin(field: str, value: object) -> str | None:
    """TimingAllowOrigin, an iterable of origins, or a well-formed str; empty removes it."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return check_value(field, TimingAllowOrigin(value).to_header()) or None
    return dump_value(field, value, TimingAllowOrigin, _parse_tao_strict)
