"""Complexity checks shared by the parser tests: does the work grow linearly with the input?

These compare two timings of the same code on inputs of different sizes, so they assert how the work
grows, not how fast it is: a slow or busy machine slows both sides alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

#: Linear work grows about 8 times from an input to one 8 times larger; quadratic work 64 times.
GROWTH_LIMIT = 24.0
#: Reads faster than this at full size cannot hide a quadratic path (a quadratic 64 KB read takes
#: seconds), so their timer noise is not compared.
NOISE_FLOOR = 0.002


def best_time(func: Callable[[str], Any], value: str, runs: int = 3) -> float:
    """The fastest of a few runs, in seconds (the minimum filters out scheduling noise)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func(value)
        best = min(best, time.perf_counter() - start)
    return best


def growth(func: Callable[[str], Any], small: str, large: str) -> float | None:
    """How many times longer `large` takes than `small`, or None when `large` is too fast to matter.

    A growth above the limit is measured again with more runs before it is reported.
    """
    if best_time(func, large) < NOISE_FLOOR:
        return None
    ratio = best_time(func, large) / max(best_time(func, small), 1e-6)
    if ratio > GROWTH_LIMIT:
        ratio = best_time(func, large, runs=5) / max(best_time(func, small, runs=5), 1e-6)
    return ratio
