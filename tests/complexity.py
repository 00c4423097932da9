"""Complexity checks shared by the parser tests: does the work grow linearly with the input?

These compare how much CPU the same code takes on inputs of different sizes, so they assert how the
work grows, not how fast it is. They are built not to flake on a loaded, shared machine:

- the clock is this thread's CPU time (`time.thread_time`), so time spent waiting for a core while
  other processes run is not counted; the cyclic GC is off while measuring;
- each size is measured several times and the fastest run is kept (cache and frequency noise only
  ever add time);
- the margin is generous: linear work grows about 8 times from an input to one 8 times larger,
  quadratic work 64 times, and the limit sits at 24;
- a growth above the limit is measured again, REPEATS more times, and reported as the smallest
  growth seen: a quadratic path exceeds the limit every time, noise does not.

Tests that use this carry the `timing` marker (tests/conftest.py adds it), so `pytest -m "not timing"`
leaves them out.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

#: Linear work grows about 8 times from an input to one 8 times larger; quadratic work 64 times.
GROWTH_LIMIT = 24.0
#: Reads faster than this (CPU seconds) at full size cannot hide a quadratic path (a quadratic
#: 64 KB read takes seconds), so their timer noise is not compared.
NOISE_FLOOR = 0.002
#: How many more times a growth above the limit is measured before it is believed.
REPEATS = 3
#: A read of the large input slower than this (CPU seconds) is timed once per measurement.
SLOW = 0.05


def best_time(func: Callable[[str], Any], value: str, runs: int = 3) -> float:
    """The fastest of a few runs, in CPU seconds of this thread, with the cyclic GC off."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.thread_time()
            func(value)
            best = min(best, time.thread_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def _ratio(func: Callable[[str], Any], small: str, large: str, runs: int) -> float:
    return best_time(func, large, runs) / max(best_time(func, small, runs), 1e-6)


def growth(func: Callable[[str], Any], small: str, large: str) -> float | None:
    """How many times longer `large` takes than `small`, or None when `large` is too fast to matter.

    A growth above GROWTH_LIMIT is measured REPEATS more times and the smallest growth seen is
    returned, so only a growth that shows every time is reported. A growth far above the limit
    (twice it: noise does not double a ratio) is reported at once, and an input that takes long
    is timed once per measurement, so a quadratic reader fails in seconds, not minutes.
    """
    first = best_time(func, large, runs=1)
    if first < NOISE_FLOOR and best_time(func, large, runs=2) < NOISE_FLOOR:
        return None
    runs = 3 if first < SLOW else 1
    ratio = _ratio(func, small, large, runs)
    for _ in range(REPEATS):
        if ratio <= GROWTH_LIMIT or ratio > 2 * GROWTH_LIMIT:
            break
        ratio = min(ratio, _ratio(func, small, large, runs + 2))
    return ratio
