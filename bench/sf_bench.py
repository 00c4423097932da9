"""genresp's Structured Field serialisers against http_sf's `ser` for the same values.

Usage: python bench/sf_bench.py [--quick]

Two genresp paths are timed per value: the generic serialisers of `genresp.sf` (a tree walk, like
http_sf's) and, for the values a header in spec/headers.yaml declares, the generated value class's
specialised `to_header()` (what a response pays when such a header is written). Each figure is the
best of several repeats of a timed loop; the ratio is http_sf's time over genresp's (higher is
faster). Target (issue 12 section 4): genresp at least 5x faster than http_sf. Never run by the tests.
"""

from __future__ import annotations

import argparse
import math
import sys
import timeit
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import http_sf  # noqa: E402

from genresp import Response, sf  # noqa: E402

TARGET = 5.0
DIGEST = bytes(range(32))
DEPRECATED = datetime(2025, 6, 30, 23, 59, 59, tzinfo=timezone.utc)


def _generated_values() -> dict[str, Any]:
    """The same values as genresp's generated value objects, built once (outside the timing)."""
    resp = Response()
    resp.priority.urgency = 5
    resp.priority.incremental = True
    resp.cache_status.append("ExampleCache")
    resp.cache_status[0].hit = True
    resp.cache_status[0].ttl = 376
    resp.cache_status.append("CDN")
    resp.cache_status[1].fwd = "uri-miss"
    resp.cache_status[1].stored = True
    resp.content_digest.sha_256 = DIGEST
    resp.cdn_cache_control.max_age = 600
    resp.cdn_cache_control.stale_while_revalidate = 30
    resp.ratelimit_policy.append("burst")
    resp.ratelimit_policy[0].quota = 100
    resp.ratelimit_policy[0].window = 60
    return {
        "priority": resp.priority,
        "cache_status": resp.cache_status,
        "content_digest": resp.content_digest,
        "cdn_cache_control": resp.cdn_cache_control,
        "ratelimit_policy": resp.ratelimit_policy,
    }


# name -> (genresp.sf value, genresp serialiser, http_sf value, expected text)
CASES: dict[str, tuple[Any, Callable[[Any], str], Any, str]] = {
    "priority": (
        {"u": sf.Item(5), "i": sf.Item(True)},
        sf.serialize_dictionary,
        {"u": 5, "i": True},
        "u=5, i",
    ),
    "cache_status": (
        [
            sf.Item(sf.Token("ExampleCache"), {"hit": True, "ttl": 376}),
            sf.Item(sf.Token("CDN"), {"fwd": sf.Token("uri-miss"), "stored": True}),
        ],
        sf.serialize_list,
        [
            (http_sf.Token("ExampleCache"), {"hit": True, "ttl": 376}),
            (http_sf.Token("CDN"), {"fwd": http_sf.Token("uri-miss"), "stored": True}),
        ],
        "ExampleCache;hit;ttl=376, CDN;fwd=uri-miss;stored",
    ),
    "content_digest": (
        {"sha-256": sf.Item(DIGEST)},
        sf.serialize_dictionary,
        {"sha-256": DIGEST},
        "sha-256=:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=:",
    ),
    "cdn_cache_control": (
        {"max-age": sf.Item(600), "stale-while-revalidate": sf.Item(30)},
        sf.serialize_dictionary,
        {"max-age": 600, "stale-while-revalidate": 30},
        "max-age=600, stale-while-revalidate=30",
    ),
    "ratelimit_policy": (
        [sf.Item("burst", {"q": 100, "w": 60})],
        sf.serialize_list,
        [("burst", {"q": 100, "w": 60})],
        '"burst";q=100;w=60',
    ),
    "deprecation": (
        sf.Date.from_datetime(DEPRECATED),
        sf.serialize_item,
        DEPRECATED,
        "@1751327999",
    ),
    "permissions_policy": (
        {
            "geolocation": sf.InnerList([sf.Item(sf.Token("self")), sf.Item("https://a.example")]),
            "camera": sf.InnerList(),
            "fullscreen": sf.Item(sf.Token("*")),
        },
        sf.serialize_dictionary,
        {
            "geolocation": ([http_sf.Token("self"), "https://a.example"], {}),
            "camera": ([], {}),
            "fullscreen": http_sf.Token("*"),
        },
        'geolocation=(self "https://a.example"), camera=(), fullscreen=*',
    ),
    "decimal_item": (
        sf.Item(Decimal("1.5"), {"q": Decimal("0.25")}),
        sf.serialize_item,
        (Decimal("1.5"), {"q": Decimal("0.25")}),
        "1.5;q=0.25",
    ),
}


def best(func: Callable[[], object], number: int, repeat: int) -> float:
    """Seconds per call: the best of `repeat` loops of `number` calls."""
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run of a second or two")
    args = parser.parse_args()
    number, repeat = (500, 3) if args.quick else (5000, 7)
    generated = _generated_values()

    print(
        f"{'value':<20} {'http_sf µs':>10} {'generic µs':>10} {'ratio':>6} {'generated µs':>12} {'ratio':>6}"
    )
    generic_ratios: list[float] = []
    best_ratios: list[float] = []
    for name, (ours, serialize, theirs, expected) in CASES.items():
        assert serialize(ours) == expected, (name, serialize(ours))
        assert http_sf.ser(theirs) == expected, (name, http_sf.ser(theirs))
        t_theirs = best(lambda theirs=theirs: http_sf.ser(theirs), number, repeat)
        t_generic = best(lambda f=serialize, v=ours: f(v), number, repeat)
        ratio = t_theirs / t_generic
        generic_ratios.append(ratio)
        line = f"{name:<20} {t_theirs * 1e6:>10.2f} {t_generic * 1e6:>10.2f} {ratio:>6.1f}"
        value = generated.get(name)
        if value is not None:
            assert value.to_header() == expected, (name, value.to_header())
            t_generated = best(value.to_header, number, repeat)
            best_ratio = t_theirs / t_generated
            best_ratios.append(best_ratio)
            line += f" {t_generated * 1e6:>12.2f} {best_ratio:>6.1f}"
        print(line)

    def geomean(values: list[float]) -> float:
        return math.exp(sum(map(math.log, values)) / len(values))

    print(f"\ngeometric mean, generic genresp.sf vs http_sf: {geomean(generic_ratios):.1f}x faster")
    if best_ratios:
        figure = geomean(best_ratios)
        verdict = "met" if figure >= TARGET else "NOT met"
        print(
            f"geometric mean, generated to_header vs http_sf: {figure:.1f}x faster"
            f" (target >= {TARGET:.0f}x: {verdict})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
