"""ContentRange: the Content-Range response field (RFC 9110 14.4)."""

from __future__ import annotations

from _collections_abc import Callable

from .._grammar import TOKEN_RE
from .._typing import Any

__all__ = ["ContentRange", "is_byte_range_valid"]


def is_byte_range_valid(start: int | None, stop: int | None, length: int | None) -> bool:
    """Whether ``start``/``stop`` (stop exclusive) can describe a range of ``length`` bytes."""
    if start is None or stop is None:
        # Both unset is the unsatisfied form "*/length"; only one set is meaningless.
        return start is None and stop is None and (length is None or length >= 0)
    if start < 0 or start >= stop:
        return False
    if length is None:
        return True
    return start < length


class _Field:
    """An attribute whose assignment triggers ``on_update``."""

    __slots__ = ("name",)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = "_" + name

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return getattr(obj, self.name)

    def __set__(self, obj: ContentRange, value: Any) -> None:
        ContentRange._validate(
            value if self.name == "_units" else obj._units,
            value if self.name == "_start" else obj._start,
            value if self.name == "_stop" else obj._stop,
            value if self.name == "_length" else obj._length,
            partial=True,
        )
        object.__setattr__(obj, self.name, value)
        obj._changed()


class ContentRange:
    """``units start-(stop-1)/length``; ``stop`` is exclusive like a Python slice."""

    __slots__ = ("_units", "_start", "_stop", "_length", "on_update")

    units: str | None = _Field()  # type: ignore[assignment]
    start: int | None = _Field()  # type: ignore[assignment]
    stop: int | None = _Field()  # type: ignore[assignment]
    length: int | None = _Field()  # type: ignore[assignment]

    def __init__(
        self,
        units: str | None,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        on_update: Callable[[ContentRange], None] | None = None,
    ) -> None:
        self._validate(units, start, stop, length, partial=False)
        self._assign(units, start, stop, length)
        self.on_update = on_update

    def _assign(
        self, units: str | None, start: int | None, stop: int | None, length: int | None
    ) -> None:
        self._units = units
        self._start = start
        self._stop = stop
        self._length = length

    @staticmethod
    def _validate(
        units: object, start: object, stop: object, length: object, *, partial: bool
    ) -> None:
        if units is not None and (not isinstance(units, str) or TOKEN_RE.fullmatch(units) is None):
            # range-unit = token (RFC 9110 14.1); anything else could inject into the header.
            raise ValueError(f"Invalid Content-Range units: {units!r}")
        for name, value in (("start", start), ("stop", stop), ("length", length)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise TypeError(f"Invalid Content-Range {name}: {value!r}")
        if partial:
            return
        if units is not None and not is_byte_range_valid(
            start, stop, length  # type: ignore[arg-type]
        ):
            raise ValueError(
                f"Invalid Content-Range: start={start!r} stop={stop!r} length={length!r}"
            )

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def set(
        self,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        units: str | None = "bytes",
    ) -> None:
        """Replace the whole range at once (one on_update call)."""
        self._validate(units, start, stop, length, partial=False)
        self._assign(units, start, stop, length)
        self._changed()

    def unset(self) -> None:
        """Clear the range; the header is then removed by the write-back."""
        self.set(None, None, units=None)

    def to_header(self) -> str:
        """The field value, or ``""`` when unset."""
        # Content-Range       = range-unit SP ( range-resp / unsatisfied-range )
        # range-resp          = incl-range "/" ( complete-length / "*" )
        # incl-range          = first-pos "-" last-pos
        # unsatisfied-range   = "*/" complete-length
        if self._units is None:
            return ""
        length = "*" if self._length is None else str(self._length)
        if self._start is None or self._stop is None:
            return f"{self._units} */{length}"
        return f"{self._units} {self._start}-{self._stop - 1}/{length}"

    def __bool__(self) -> bool:
        return self._units is not None

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"
