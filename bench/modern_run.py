"""Benchmark the modern_headers scenario (issue 12): genresp against a hand-written floor, and the
structured fields against the generic SF library http_sf.

Usage: python bench/modern_run.py [--quick] [--check-only] [--write] [--rounds N]

Same method as run.py (its venv, calibration and timing primitives): one process, the
implementations of a scenario interleaved in a random order every round, ratios taken per round
and reported as medians. --write writes bench/RESULTS-modern.md.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as bench_run  # noqa: E402 - bench/ is put on the path just above

RESULTS = BENCH / "RESULTS-modern.md"
TARGET_FLOOR_RATIO = 3.0  # genresp within 3x of the hand-written floor
TARGET_SF_SPEEDUP = 5.0  # genresp at least 5x faster than http_sf's ser for the same values


def scenarios() -> dict[str, dict[str, Callable[[], Any]]]:
    """scenario -> {implementation: case factory}; the first implementation is the reference."""
    from impls import modern

    found: dict[str, dict[str, Callable[[], Any]]] = {
        "modern_headers": {
            "floor": modern.floor_case,
            "genresp": modern.genresp_case,
            "bound": modern.bound_case,
        }
    }
    if modern.sf_attributes():
        found["modern_sf_serialize"] = {
            "http_sf": modern.http_sf_case,
            "genresp": modern.genresp_sf_case,
            "genresp_sf_only": modern.genresp_sf_only_case,
            "bound": modern.sf_bound_case,
            "values_bound": modern.sf_values_bound_case,
            "attrs_bound": modern.sf_attrs_bound_case,
        }
    return found


def check(cases: dict[str, dict[str, Callable[[], Any]]]) -> list[str]:
    """Each implementation's second call compared with the reference's."""
    from harness import diff_observations

    problems = []
    for scenario, impls in cases.items():
        observed = {}
        for name, factory in impls.items():
            case = factory()
            case.run()
            observed[name] = case.observe(case.run())
        reference_name = next(iter(impls))
        for name, got in observed.items():
            diff = diff_observations(observed[reference_name], got)
            if diff:
                problems.append(f"{scenario} / {name}: " + "; ".join(diff))
    return problems


def time_all(
    cases: dict[str, dict[str, Callable[[], Any]]], rounds: int, batch: float
) -> dict[str, dict[str, list[float]]]:
    from harness import calibrate, time_batch

    rng = random.Random(12)
    results: dict[str, dict[str, list[float]]] = {}
    for scenario, impls in cases.items():
        runs = {n: factory().run for n, factory in impls.items()}
        counts = {n: calibrate(fn, batch) for n, fn in runs.items()}
        times: dict[str, list[float]] = {n: [] for n in runs}
        order = list(runs)
        for _ in range(rounds):
            rng.shuffle(order)
            for n in order:
                times[n].append(time_batch(runs[n], counts[n]) / counts[n])
            gc.collect()
        results[scenario] = times
        print(f"bench: timed {scenario}", file=sys.stderr, flush=True)
    return results


def _ratio(a: list[float], b: list[float]) -> tuple[float, float]:
    """Median of the per-round ratios a/b and their inter-quartile spread over the median."""
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    med = statistics.median(ratios)
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [med, med, med]
    return med, (q[2] - q[0]) / med


def render_stages(times: dict[str, list[float]]) -> str:
    """Where genresp's time over the floor goes: each stage's ratio to the floor and what it adds."""
    names = [n for n in times if n != "floor"]
    lines = [
        "| stage | ratio to the floor | added (in floors) |",
        "|---|---:|---:|",
    ]
    previous = 0.0
    for name in names:
        ratio, _ = _ratio(times[name], times["floor"])
        lines.append(f"| {name} | ×{ratio:.2f} | {ratio - previous:+.2f} |")
        previous = ratio
    return "\n".join(lines) + "\n"


def render_sf_attrs(times: dict[str, list[float]], fields: list[str]) -> str:
    """Per structured-field header: the value built and assigned through genresp's attribute, the
    same through an attribute that stores the finished text, and the difference (printing and
    checking the value, and the descriptor's own work)."""
    fmt = bench_run._fmt_time
    lines = [
        "| header | value built, assigned, read (genresp) | the same, printing and checking free "
        "| printing and checking |",
        "|---|---:|---:|---:|",
    ]
    total = 0.0
    for field in fields:
        ours = statistics.median(times[field])
        free = statistics.median(times[field + " (free)"])
        total += ours - free
        lines.append(f"| {field} | {fmt(ours)} | {fmt(free)} | {fmt(ours - free)} |")
    lines.append(f"| all four | | | {fmt(total)} |")
    return "\n".join(lines) + "\n"


def render(times: dict[str, dict[str, list[float]]], sf_attrs: list[str]) -> tuple[str, bool]:
    fmt = bench_run._fmt_time
    lines = [
        "| scenario | implementation | time per call | ratio | ratio spread |",
        "|---|---|---:|---:|---:|",
    ]
    checks: list[tuple[str, bool]] = []
    per = times["modern_headers"]
    ratio, spread = _ratio(per["genresp"], per["floor"])
    lines.append(f"| modern_headers | floor | {fmt(statistics.median(per['floor']))} | ×1 | |")
    lines.append(
        f"| modern_headers | genresp | {fmt(statistics.median(per['genresp']))} "
        f"| ×{ratio:.2f} of the floor | {spread * 100:.1f}% |"
    )
    bound, spread = _ratio(per["bound"], per["floor"])
    lines.append(
        f"| modern_headers | pure-Python bound (not an implementation) "
        f"| {fmt(statistics.median(per['bound']))} | ×{bound:.2f} of the floor | {spread * 100:.1f}% |"
    )
    checks.append(
        (
            f"modern_headers: genresp {ratio:.2f}x the floor <= {TARGET_FLOOR_RATIO}x",
            ratio <= TARGET_FLOOR_RATIO,
        )
    )
    if "modern_sf_serialize" in times:
        per = times["modern_sf_serialize"]
        speedup, spread = _ratio(per["http_sf"], per["genresp"])
        lines.append(
            f"| modern_sf_serialize | http_sf | {fmt(statistics.median(per['http_sf']))} | ×1 | |"
        )
        lines.append(
            f"| modern_sf_serialize | genresp | {fmt(statistics.median(per['genresp']))} "
            f"| {speedup:.2f}x faster than http_sf | {spread * 100:.1f}% |"
        )
        only, spread = _ratio(per["http_sf"], per["genresp_sf_only"])
        lines.append(
            f"| modern_sf_serialize | genresp, structured-field work only (no Response built) "
            f"| {fmt(statistics.median(per['genresp_sf_only']))} "
            f"| {only:.2f}x faster than http_sf | {spread * 100:.1f}% |"
        )
        bound, spread = _ratio(per["http_sf"], per["bound"])
        lines.append(
            f"| modern_sf_serialize | pure-Python bound of the second row (not an implementation) "
            f"| {fmt(statistics.median(per['bound']))} "
            f"| {bound:.2f}x faster than http_sf | {spread * 100:.1f}% |"
        )
        values_bound, spread = _ratio(per["http_sf"], per["values_bound"])
        lines.append(
            f"| modern_sf_serialize | bound of the first row with genresp's value classes: "
            f"printing and storing free (not an implementation) "
            f"| {fmt(statistics.median(per['values_bound']))} "
            f"| {values_bound:.2f}x faster than http_sf | {spread * 100:.1f}% |"
        )
        attrs_bound, spread = _ratio(per["http_sf"], per["attrs_bound"])
        lines.append(
            f"| modern_sf_serialize | bound of the first row with genresp's value classes and "
            f"typed attributes: printing and checking free (not an implementation) "
            f"| {fmt(statistics.median(per['attrs_bound']))} "
            f"| {attrs_bound:.2f}x faster than http_sf | {spread * 100:.1f}% |"
        )
        checks.append(
            (
                f"structured fields: genresp {speedup:.2f}x faster than http_sf.ser >= {TARGET_SF_SPEEDUP}x",
                speedup >= TARGET_SF_SPEEDUP,
            )
        )
    lines.append("")
    for label, ok in checks:
        lines.append(f"- {'PASS' if ok else 'FAIL'} {label}")
    if len(sf_attrs) < 4:
        lines.append(
            "- NOTE: the structured-field headers not on genresp.Response were left out of both"
            f" scenarios (present: {', '.join(sf_attrs) or 'none'})"
        )
    return "\n".join(lines) + "\n", all(ok for _, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run of a few seconds")
    parser.add_argument("--check-only", action="store_true", help="equivalence checks only")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    parser.add_argument("--rounds", type=int, help="rounds per scenario (default 40, quick 3)")
    parser.add_argument("--no-venv", action="store_true", help="run in this interpreter")
    args = parser.parse_args()
    if not args.no_venv:
        bench_run.reexec_in_bench_venv(__file__)

    from importlib.metadata import version

    from impls import modern

    cases = scenarios()
    sf_attrs = modern.sf_attributes()
    problems = check(cases)
    # The per-header pairs too: the attribute that stores a finished text stores genresp's text.
    problems += check(
        {
            f"sf {field}": {"genresp": ours, "free": free}
            for field, ours, free in modern.sf_attr_cases()
        }
    )
    if problems:
        print("bench: MODERN EQUIVALENCE CHECK FAILED:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 2
    print("bench: modern equivalence checks passed", file=sys.stderr)
    if args.check_only:
        return 0

    rounds = args.rounds or (3 if args.quick else 40)
    batch = 0.002 if args.quick else 0.010
    started = time.time()
    table, _ = render(time_all(cases, rounds, batch), sf_attrs)
    stage_impls = {"floor": modern.floor_case, **dict(modern.stage_cases())}
    stages = render_stages(time_all({"stages": stage_impls}, rounds, batch)["stages"])
    sf_attr_impls: dict[str, Callable[[], Any]] = {}
    for field, ours, free in modern.sf_attr_cases():
        sf_attr_impls[field] = ours
        sf_attr_impls[field + " (free)"] = free
    sf_fields = [field for field, _, _ in modern.sf_attr_cases()]
    sf_attr_table = (
        render_sf_attrs(time_all({"sf": sf_attr_impls}, rounds, batch)["sf"], sf_fields)
        if sf_fields
        else ""
    )
    try:
        sf_version = version("http-sf")
    except Exception:  # noqa: BLE001 - only for the report
        sf_version = "not installed"
    report = (
        "# genresp benchmark: modern headers (issue 12)\n\n"
        "Written by `python bench/modern_run.py --write` (see bench/README.md).\n\n"
        f"- date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}\n"
        + bench_run.machine_info()
        + f"- http_sf {sf_version}; rounds: {rounds} per scenario, batches of ~{batch * 1000:.0f} ms,"
        + f" implementations in random order each round; run took {time.time() - started:.0f} s\n"
        + "- modern_headers: a response with HSTS, Server-Timing (2 metrics), Link (2 preloads),"
        + " Content-Disposition (a non-ASCII filename: filename* and its fallback)"
        + (f" and {', '.join(sf_attrs)}" if sf_attrs else "")
        + " set through the typed attributes and called as a WSGI app; the floor sends the same"
        + " bytes from a hand-written WSGI callable\n"
        + "- the structured fields are set as values, not SF text: Permissions-Policy a dict of"
        + " sf.InnerList, Priority `Priority(urgency=1, incremental=True)`, Cache-Status a list of"
        + " one `CacheStatusEntry(..., hit=True, ttl=376)`, Deprecation a datetime\n"
        + "- modern_sf_serialize: the structured-field headers alone: a new Response, the four"
        + " values set through genresp's typed attributes and the four header texts read back,"
        + " against `http_sf.ser()` of the same values (each side builds its values in the timed"
        + " call); the second genresp row does the same on one existing response (the values"
        + " built and set, the texts read), without constructing a Response each call\n"
        + "- pure-Python bound: not an implementation, the least any pure-Python one pays: a"
        + " genresp Response built and served, the value objects the genresp case builds in its"
        + " call built as bare slotted objects that check nothing, and the finished texts stored"
        + " as they are (`bound_case` in bench/impls/modern.py); for the structured fields the"
        + " same for the second genresp row's work (`sf_bound_case`); and the first genresp row"
        + " with nothing printed or checked: a new Response, the values built with genresp's own"
        + " classes, the finished texts stored and read (`sf_values_bound_case`), the ceiling of"
        + " any serialiser built on those classes; the same with the values assigned to typed"
        + " attributes that store the finished texts (`sf_attrs_bound_case`: the first row's own"
        + " code on a Response subclass whose four attributes only store), the ceiling of any"
        + " implementation of genresp's API\n\n"
        + table
        + "\n## Where the time goes\n\n"
        + "The genresp case built up one header at a time (same rounds, floor interleaved): each"
        + " row's median ratio to the floor and what that header adds, in floors.\n\n"
        + stages
        + (
            "\n## What printing the structured fields costs\n\n"
            "Each structured-field header alone on one existing response (same rounds, interleaved):"
            " its value built as in modern_sf_serialize, assigned and the text read, through"
            " genresp's attribute and through one that stores the finished text"
            " (`sf_attr_cases`); the difference is what printing and checking that value costs"
            " genresp.\n\n" + sf_attr_table
            if sf_attr_table
            else ""
        )
    )
    print("\n" + report)
    if args.write:
        RESULTS.write_text(report)
        print(f"bench: wrote {RESULTS.relative_to(bench_run.ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
