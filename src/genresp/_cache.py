"""The one rule for genresp's small module-level caches (parsed dates, checked names, ...)."""

from __future__ import annotations

from ._typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Entries a cache holds before it is emptied: enough for an application's working set of header
#: values, small enough that junk input cannot grow memory without bound.
CACHE_MAX = 512
#: Characters one entry may hold (key and value together): longer texts are computed each time and
#: never kept, so a cache holds at most CACHE_MAX * ENTRY_TEXT_MAX characters whatever the input
#: (a cookie path copied from a 60 KB request path, say). Header values an application repeats are
#: far shorter.
ENTRY_TEXT_MAX = 256


def text_size(obj: Any) -> int:
    """The characters (or bytes) held by a str, bytes or a tuple of them; 0 for anything else
    (ints, None, dates, small fixed-size objects)."""
    kind = type(obj)
    if kind is str or kind is bytes:
        return len(obj)
    if kind is tuple:
        return sum(map(text_size, obj))
    return 0


def remember(cache: dict[K, V], key: K, value: V) -> V:
    """Store `value` under `key` and return it; a full cache is emptied first, and an entry holding
    more than ENTRY_TEXT_MAX characters is not stored."""
    if text_size(key) + text_size(value) > ENTRY_TEXT_MAX:
        return value
    if len(cache) >= CACHE_MAX:
        cache.clear()
    cache[key] = value
    return value
