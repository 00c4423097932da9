"""ETags, Range and IfRange: the conditional-request value types (RFC 9110 8.8.3, 13, 14)."""

from __future__ import annotations

from _collections_abc import Collection, Iterable, Iterator

from .._grammar import TOKEN_RE, check_value, http_date, quote_etag, unquote_etag
from .._typing import TYPE_CHECKING
from .content_range import ContentRange, is_byte_range_valid

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["ETags", "IfRange", "Range"]


class ETags(Collection[str]):
    """A set of entity-tags split into strong and weak ones, or the wildcard ``*``."""

    __slots__ = ("_strong", "_weak", "star_tag")

    def __init__(
        self,
        strong_etags: Iterable[str] | None = None,
        weak_etags: Iterable[str] | None = None,
        star_tag: bool = False,
    ) -> None:
        if not star_tag and strong_etags is None and weak_etags is None:
            self._strong: frozenset[str] = frozenset()
            self._weak: frozenset[str] = frozenset()
        else:
            self._strong = frozenset(strong_etags or ())
            self._weak = frozenset(weak_etags or ())
            for tag in self._strong | self._weak:
                check_value("ETag", tag)
        self.star_tag = star_tag

    def as_set(self, include_weak: bool = False) -> set[str]:
        """The strong tags (plus the weak ones with ``include_weak``) as a plain set."""
        rv = set(self._strong)
        if include_weak:
            rv.update(self._weak)
        return rv

    def is_weak(self, etag: str) -> bool:
        """Whether ``etag`` (unquoted) is among the weak tags."""
        return etag in self._weak

    def is_strong(self, etag: str) -> bool:
        """Whether ``etag`` (unquoted) is among the strong tags."""
        return etag in self._strong

    def contains_weak(self, etag: str) -> bool:
        """Weak comparison (RFC 9110 8.8.3.2): strong or weak tags, or ``*``."""
        return self.is_weak(etag) or self.contains(etag)

    def contains(self, etag: str) -> bool:
        """Strong comparison: ``*`` or one of the strong tags."""
        if self.star_tag:
            return True
        return self.is_strong(etag)

    def contains_raw(self, etag: str) -> bool:
        """Like :meth:`contains`, for a quoted tag; a ``W/`` tag uses weak comparison."""
        tag, weak = unquote_etag(etag)
        if tag is None:
            return False
        if weak:
            return self.contains_weak(tag)
        return self.contains(tag)

    def to_header(self) -> str:
        """The field value: ``*`` or a comma-separated list of quoted tags."""
        if self.star_tag:
            return "*"
        strong = [f'"{tag}"' for tag in self._strong]
        weak = [f'W/"{tag}"' for tag in self._weak]
        return ", ".join(strong + weak)

    def __call__(self, etag: str | None = None, include_weak: bool = False) -> bool:
        if etag is None:
            return False
        if include_weak:
            return self.contains_weak(etag)
        return self.contains(etag)

    def __bool__(self) -> bool:
        return bool(self.star_tag or self._strong or self._weak)

    def __str__(self) -> str:
        return self.to_header()

    def __len__(self) -> int:
        return len(self._strong)

    def __iter__(self) -> Iterator[str]:
        return iter(self._strong)

    def __contains__(self, etag: object) -> bool:
        return isinstance(etag, str) and self.contains(etag)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"


class IfRange:
    """An If-Range value: an entity-tag or a date (RFC 9110 13.1.5)."""

    __slots__ = ("etag", "date")

    def __init__(self, etag: str | None = None, date: datetime | None = None) -> None:
        if etag is not None:
            check_value("If-Range", etag)
        self.etag = etag
        self.date = date

    def to_header(self) -> str:
        """The field value: the HTTP-date, the quoted tag, or ``""``."""
        if self.date is not None:
            return http_date(self.date)
        if self.etag is not None:
            return quote_etag(self.etag)
        return ""

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"


class Range:
    """A parsed Range request field: ``units`` and ``(start, stop)`` pairs, stop exclusive.

    A suffix range ``-N`` is stored as ``(-N, None)``, an open range ``N-`` as ``(N, None)``.
    """

    __slots__ = ("units", "ranges")

    def __init__(self, units: str, ranges: list[tuple[int, int | None]]) -> None:
        if not isinstance(units, str) or TOKEN_RE.fullmatch(units) is None:
            raise ValueError(f"Invalid Range units: {units!r}")
        for start, stop in ranges:
            # A missing start is a malformed range (ValueError, as in Werkzeug); a position that is
            # not an int at all is a wrong type.
            if start is not None and not (
                isinstance(start, int) and (stop is None or isinstance(stop, int))
            ):
                raise TypeError(f"Range positions must be int or None: {(start, stop)!r}")
            if start is None:
                pass
            elif (stop is None and start < 0) or (start >= 0 and (stop is None or start < stop)):
                continue
            raise ValueError(f"Invalid Range: {(start, stop)!r}")
        self.units = units
        self.ranges = ranges

    def range_for_length(self, length: int | None) -> tuple[int, int] | None:
        """The single satisfiable ``(start, stop)`` for a body of ``length`` bytes, else None."""
        if self.units != "bytes" or length is None or len(self.ranges) != 1:
            return None
        start, stop = self.ranges[0]
        if stop is None:
            stop = length
            if start < 0:
                start += length
        if is_byte_range_valid(start, stop, length):
            return start, min(stop, length)
        return None

    def make_content_range(self, length: int | None) -> ContentRange | None:
        """The ContentRange answering this request for ``length`` bytes, or None."""
        rng = self.range_for_length(length)
        if rng is None:
            return None
        return ContentRange(self.units, rng[0], rng[1], length)

    def to_header(self) -> str:
        """The field value, e.g. ``bytes=0-499,-500``."""
        # ranges-specifier = range-unit "=" range-set
        parts = []
        for start, stop in self.ranges:
            if stop is None:
                parts.append(f"{start}-" if start >= 0 else str(start))
            else:
                parts.append(f"{start}-{stop - 1}")
        return f"{self.units}={','.join(parts)}"

    def to_content_range_header(self, length: int | None) -> str | None:
        """The Content-Range field value answering this request for ``length`` bytes, or None."""
        rng = self.range_for_length(length)
        if rng is None:
            return None
        return f"{self.units} {rng[0]}-{rng[1] - 1}/{length}"

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"
