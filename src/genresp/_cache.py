"""The one rule for genresp's small module-level caches (parsed dates, checked names, ...)."""

from __future__ import annotations

from ._typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Entries a cache holds before it is emptied: enough for an application's working set of header
#: values, small enough that junk input cannot grow memory without bound.
CACHE_MAX = 512


def remember(cache: dict[K, V], key: K, value: V) -> V:
    """Store `value` under `key` and return it; a full cache is emptied first."""
    if len(cache) >= CACHE_MAX:
        cache.clear()
    cache[key] = value
    return value
