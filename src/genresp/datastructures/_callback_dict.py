"""A dict that validates writes and reports every mutation to an ``on_update`` callback."""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Mapping

from .._grammar import REFUSED_IN_VALUE_RE, TOKEN_RE, check_value
from .._typing import Any, TypeVar

__all__ = ["CallbackDict"]

V = TypeVar("V")
_MISSING: Any = object()
_has_ctl = REFUSED_IN_VALUE_RE.search  # the write rule: no controls, C1 or non-Latin-1


class CallbackDict(dict[str, V]):
    """``dict`` whose mutators validate keys/values and then call ``on_update(self)``.

    ``_what`` names the structure in error messages (e.g. "Cache-Control").
    """

    __slots__ = ("on_update",)
    _what = "header"

    def __init__(
        self,
        values: Mapping[str, V] | Iterable[tuple[str, V]] | None = None,
        on_update: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__()
        self.on_update: Callable[[Any], None] | None = None
        if values is not None:
            self.update(values)
        self.on_update = on_update

    def _check(self, key: str, value: V) -> V:
        # The message is only built on failure: this runs for every item of a parsed header.
        if key.__class__ is not str or _has_ctl(key) is not None:
            check_value(f"{self._what} directive name", key)
        # A name that is not a token could smuggle in another directive ("a, no-store").
        if TOKEN_RE.fullmatch(key) is None:
            raise ValueError(f"Invalid {self._what} directive name {key!r}: it must be a token")
        if isinstance(value, str):
            if _has_ctl(value) is not None:
                check_value(f"{self._what} directive {key!r}", value)
        elif value is not None and type(value) is not int:
            # Its text is made when the header is rendered, later (Headers._defer): check it now.
            check_value(f"{self._what} directive {key!r}", value)
        return value

    def _store(self, key: str, value: V) -> None:
        """Set an item already known to be valid (a constant token name, an int or None), then notify."""
        dict.__setitem__(self, key, value)
        on_update = self.on_update
        if on_update is not None:
            on_update(self)

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def __setitem__(self, key: str, value: V) -> None:
        super().__setitem__(key, self._check(key, value))
        self._changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._changed()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        if key in self:
            rv = super().pop(key)
            self._changed()
            return rv
        if default is _MISSING:
            raise KeyError(key)
        return default

    def popitem(self) -> tuple[str, V]:
        rv = super().popitem()
        self._changed()
        return rv

    def setdefault(self, key: str, default: Any = None) -> V:
        if key in self:
            return self[key]
        self[key] = default
        return default  # type: ignore[no-any-return]

    def update(self, *args: Any, **kwargs: V) -> None:
        items = dict(*args, **kwargs)
        for key, value in items.items():
            self._check(key, value)
        super().update(items)
        if items:
            self._changed()

    def __ior__(self, other: Any) -> CallbackDict[V]:  # type: ignore[override,misc]
        self.update(other)
        return self

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"
