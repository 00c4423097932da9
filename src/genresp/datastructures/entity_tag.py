"""EntityTag: the response's ETag field (RFC 9110 8.8.3) as a typed value with write-back.

    ETag       = entity-tag
    entity-tag = [ weak ] opaque-tag
    weak       = %s"W/"
    opaque-tag = DQUOTE *etagc DQUOTE

It agrees with ``Response.get_etag()`` / ``set_etag()``: reading takes the field as leniently as
``get_etag`` does (an unquoted tag, a lower-case ``w/``), and a tag is accepted on write exactly
when ``set_etag`` accepts it (no double quote, no control character).
"""

from __future__ import annotations

from collections.abc import Callable

from .._typing import Any
from ._params import check_value, lazy_pattern

__all__ = ["EntityTag", "dump_entity_tag", "parse_entity_tag"]

FIELD = "ETag"
_bad_tag = lazy_pattern(r'["\x00-\x08\x0a-\x1f\x7f]')
_wire = lazy_pattern(r'(W/)?"([^"]*)"')


def _check_tag(tag: object) -> str:
    if not isinstance(tag, str):
        raise TypeError(f"{FIELD}: the tag must be a str, not {type(tag).__name__}: {tag!r}")
    if _bad_tag().search(tag) is not None:
        raise ValueError(f"{FIELD}: the tag must hold no double quote or control: {tag!r}")
    if not (tag.isascii() and tag.isprintable()):
        check_value(FIELD, tag)  # the character rule of every header value (C1, above U+00FF)
    return tag


class EntityTag:
    """An entity-tag: ``tag`` (the opaque text, None when unset) and ``weak``.

    ``on_update`` is called after every change; an unset tag removes the header.
    """

    __slots__ = ("_tag", "_weak", "on_update")

    def __init__(
        self,
        tag: str | None = None,
        weak: bool = False,
        on_update: Callable[[EntityTag], None] | None = None,
    ) -> None:
        self._tag = None if tag is None else _check_tag(tag)
        self._weak = bool(weak)
        self.on_update = on_update

    @property
    def tag(self) -> str | None:
        """The opaque tag, without quotes or ``W/``; None when there is no ETag."""
        return self._tag

    @tag.setter
    def tag(self, value: str | None) -> None:
        self._tag = None if value is None else _check_tag(value)
        self._changed()

    @property
    def weak(self) -> bool:
        """Whether the tag is weak (``W/"..."``): equal content, not equal bytes (RFC 9110 8.8.1)."""
        return self._weak

    @weak.setter
    def weak(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"{FIELD}: weak must be a bool, not {type(value).__name__}: {value!r}")
        self._weak = value
        self._changed()

    def set(self, tag: str, weak: bool = False) -> None:
        """Replace tag and weakness at once (one on_update call)."""
        self._tag = _check_tag(tag)
        self._weak = bool(weak)
        self._changed()

    def unset(self) -> None:
        """Clear the tag; the write-back then removes the header."""
        self._tag = None
        self._weak = False
        self._changed()

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def to_header(self) -> str:
        """``"tag"`` or ``W/"tag"``; ``""`` when unset."""
        if self._tag is None:
            return ""
        return f'W/"{self._tag}"' if self._weak else f'"{self._tag}"'

    def __bool__(self) -> bool:
        return self._tag is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EntityTag):
            return (self._tag, self._weak) == (other._tag, other._weak)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._tag!r}, weak={self._weak!r})"


def parse_entity_tag(
    value: str | None, on_update: Callable[[EntityTag], None] | None = None
) -> EntityTag:
    """The ETag field as ``get_etag`` reads it; unset when absent or not a usable tag. Never raises."""
    if not value:
        return EntityTag(None, False, on_update)
    text = value.strip()
    weak = text[:2] in ("W/", "w/")
    if weak:
        text = text[2:]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    try:
        return EntityTag(text, weak, on_update)
    except ValueError:  # a tag that could not be written back: read as unset, never raised
        return EntityTag(None, False, on_update)


def dump_entity_tag(field: str, value: Any) -> str | None:
    """An EntityTag; or a str: an entity-tag as sent (``"x"``, ``W/"x"``) or, like ``set_etag``, the
    bare opaque tag to send strong; or another object whose ``to_header()`` is an entity-tag.
    Unset removes the header."""
    if type(value) is EntityTag:
        return value.to_header() or None
    if isinstance(value, str):
        m = _wire().fullmatch(value)
        if m is not None:
            return EntityTag(_check_tag(m.group(2)), m.group(1) is not None).to_header()
        return EntityTag(_check_tag(value)).to_header()
    to_header = getattr(value, "to_header", None)
    if to_header is None:
        raise TypeError(
            f"{field} must be an EntityTag or a str, not {type(value).__name__}: {value!r}"
        )
    text = to_header()
    m = _wire().fullmatch(text) if isinstance(text, str) else None
    if m is None:
        if not text:
            return None
        raise ValueError(f"{field}: {text!r} is not an entity-tag")
    return EntityTag(_check_tag(m.group(2)), m.group(1) is not None).to_header()
