"""Issue 10 section 5: every module-level cache is bounded by the length of what it stores.

An application that copies request data into response headers (``path=request.path`` for a cookie,
a long Vary list, a mimetype) must not make genresp's caches keep that data: before this rule, 60 KB
cookie paths filled the cookie caches to about 300 MiB.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import genresp
from genresp import Headers, Response
from genresp._cache import CACHE_MAX, ENTRY_TEXT_MAX, remember, text_size

BIG = 60_000


def genresp_modules() -> Iterator[ModuleType]:
    yield genresp
    for info in pkgutil.walk_packages(genresp.__path__, "genresp."):
        if info.name == "genresp.flask":
            continue  # imports Flask; holds no cache
        yield importlib.import_module(info.name)


def module_caches() -> dict[str, dict[Any, Any]]:
    """Every module-level dict of genresp that is not a constant table (a cache grows at run time)."""
    return {
        f"{module.__name__}.{name}": value
        for module in genresp_modules()
        for name, value in vars(module).items()
        if type(value) is dict and not name.startswith("__")
    }


def big_inputs(i: int) -> None:
    """Public calls that feed long texts to every cached path."""
    long_path = "/" + "p" * BIG + str(i)
    resp = Response()
    resp.max_cookie_size = 0  # no size warning: the test is about the caches
    resp.set_cookie(
        "c" * 200 + str(i), "v", path=long_path, domain=".".join(["d" * 60] * 4) + f"{i}.example"
    )
    resp.set_cookie("n" * BIG + str(i), "v")
    resp.delete_cookie("c", path=long_path)
    resp.mimetype = "application/x-" + "m" * BIG + str(i)
    resp.content_type = "text/x-" + "t" * BIG + str(i)
    resp.vary = ["X-" + "v" * BIG + str(i), "Accept"]
    resp.allow = ["GET", "M" * BIG + str(i)]
    resp.headers["X-" + "h" * BIG + str(i)] = "1"
    Headers([("N" * BIG + str(i), "1")]).get("n" * BIG + str(i))
    resp.headers["Cache-Control"] = "max-age=1, x-" + "c" * BIG + str(i)
    _ = resp.cache_control.max_age
    resp.headers["Last-Modified"] = "Thu, 01 Dec 1994 16:00:00 GMT" + " " * BIG + str(i)
    _ = resp.last_modified
    resp.headers["Age"] = "1" * BIG
    _ = resp.age


def test_no_cache_keeps_a_long_text() -> None:
    for i in range(3):
        big_inputs(i)
    oversized = {
        name: max(text_size(k) + text_size(v) for k, v in cache.items())
        for name, cache in module_caches().items()
        if cache and max(text_size(k) + text_size(v) for k, v in cache.items()) > ENTRY_TEXT_MAX
    }
    assert not oversized, f"caches holding entries over {ENTRY_TEXT_MAX} characters: {oversized}"


def test_caches_hold_at_most_their_bound_after_many_long_inputs() -> None:
    for i in range(CACHE_MAX + 5):
        big_inputs(i) if i % 100 == 0 else None
        resp = Response()
        resp.set_cookie(f"k{i}", "v", path=f"/{i}/" + "q" * 200)  # just under the entry bound
    for name, cache in module_caches().items():
        held = sum(text_size(k) + text_size(v) for k, v in cache.items())
        assert held <= CACHE_MAX * ENTRY_TEXT_MAX, (name, held)


@pytest.mark.parametrize(
    ("key", "value", "kept"),
    [
        ("short", "value", True),
        ("k" * (ENTRY_TEXT_MAX - 1), "v", True),
        ("k" * ENTRY_TEXT_MAX, "v", False),
        (("name", "x" * ENTRY_TEXT_MAX), 1, False),
        (7, "v" * (ENTRY_TEXT_MAX + 1), False),
        (b"bytes", b"b" * 10, True),
    ],
)
def test_remember_refuses_entries_over_the_text_bound(key: Any, value: Any, kept: bool) -> None:
    cache: dict[Any, Any] = {}
    assert remember(cache, key, value) is value  # returned whether kept or not
    assert (key in cache) is kept


def test_remember_empties_a_full_cache() -> None:
    cache: dict[int, int] = {}
    for i in range(CACHE_MAX + 1):
        remember(cache, i, i)
    assert len(cache) == 1 and cache == {CACHE_MAX: CACHE_MAX}
