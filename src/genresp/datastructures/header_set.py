"""HeaderSet: a case-insensitive, ordered set of header tokens (Allow, Vary, Content-Language)."""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Iterator, MutableSet

from .._grammar import check_value, quote_header_value
from .._typing import overload

__all__ = ["HeaderSet"]


class HeaderSet(MutableSet[str]):
    """An ordered set of strings compared case-insensitively, kept in first-seen spelling.

    ``on_update`` is called with the set after every mutation that changed it.
    """

    __slots__ = ("_items", "_keys", "on_update")

    def __init__(
        self,
        headers: Iterable[str] | None = None,
        on_update: Callable[[HeaderSet], None] | None = None,
    ) -> None:
        self._items: list[str] = []
        self._keys: set[str] = set()
        # Fill before on_update is attached: construction is not a mutation.
        self.on_update: Callable[[HeaderSet], None] | None = None
        if headers is not None:
            self.update(headers)
        self.on_update = on_update

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def add(self, header: str) -> None:
        """Add ``header`` unless an equal (case-insensitive) entry is present."""
        self.update((header,))

    def remove(self, header: str) -> None:
        """Remove ``header``; raise KeyError if it is absent."""
        key = header.lower()
        if key not in self._keys:
            raise KeyError(header)
        self._keys.discard(key)
        for idx, item in enumerate(self._items):
            if item.lower() == key:
                del self._items[idx]
                break
        self._changed()

    def update(self, iterable: Iterable[str]) -> None:
        """Add every header of ``iterable``; calls on_update once if anything was added."""
        added = False
        for header in iterable:
            text = check_value("HeaderSet item", header)
            key = text.lower()
            if key not in self._keys:
                self._keys.add(key)
                self._items.append(text)
                added = True
        if added:
            self._changed()

    def discard(self, header: str) -> None:
        """Remove ``header`` if present."""
        if header.lower() in self._keys:
            self.remove(header)

    def find(self, header: str) -> int:
        """Index of ``header`` (case-insensitive), or -1."""
        key = header.lower()
        if key in self._keys:
            for idx, item in enumerate(self._items):
                if item.lower() == key:
                    return idx
        return -1

    def index(self, header: str) -> int:
        """Index of ``header`` (case-insensitive); raise IndexError if absent."""
        idx = self.find(header)
        if idx < 0:
            raise IndexError(header)
        return idx

    def clear(self) -> None:
        """Remove every entry."""
        self._keys.clear()
        self._items.clear()
        self._changed()

    def as_set(self, preserve_casing: bool = False) -> set[str]:
        """A plain ``set``: lower-cased keys, or the stored spellings with ``preserve_casing``."""
        if preserve_casing:
            return set(self._items)
        return set(self._keys)

    def to_header(self) -> str:
        """The comma-separated field value, quoting entries that are not tokens."""
        return ", ".join(map(quote_header_value, self._items))

    @overload
    def __getitem__(self, idx: int) -> str: ...
    @overload
    def __getitem__(self, idx: slice) -> list[str]: ...
    def __getitem__(self, idx: int | slice) -> str | list[str]:
        return self._items[idx]

    def __delitem__(self, idx: int) -> None:
        item = self._items.pop(idx)
        self._keys.discard(item.lower())
        self._changed()

    def __setitem__(self, idx: int, value: str) -> None:
        text = check_value("HeaderSet item", value)
        old = self._items[idx]
        self._keys.discard(old.lower())
        self._items[idx] = text
        self._keys.add(text.lower())
        self._changed()

    def __contains__(self, header: object) -> bool:
        return isinstance(header, str) and header.lower() in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"
