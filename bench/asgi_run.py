"""Benchmark genresp.asgi.Response against Starlette and a hand-written ASGI floor.

Usage: python bench/asgi_run.py [--quick] [--check-only] [--write] [--rounds N]

Same method as run.py (its venv, calibration and timing primitives): one process, the three
implementations interleaved in a random order every round, ratios taken per round (here to
Starlette) and reported as medians. --write replaces the ASGI section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as bench_run  # noqa: E402 - bench/ is put on the path just above

ORDER = ("genresp", "starlette", "floor")
REFERENCE = "starlette"
#: run.py keeps everything from this line on when it rewrites RESULTS.md.
SECTION_MARK = "<!-- ASGI section: written by bench/asgi_run.py --write -->"


def check(impls: dict[str, object]) -> list[str]:
    """Each implementation's second call compared with the floor's."""
    from harness import diff_observations
    from impls.asgi import SCENARIOS

    problems = []
    for scenario in SCENARIOS:
        ref_case = impls["floor"].cases[scenario]()  # type: ignore[attr-defined]
        ref_case.run()
        reference = ref_case.observe(ref_case.run())
        for name in ORDER:
            case = impls[name].cases[scenario]()  # type: ignore[attr-defined]
            case.run()
            diff = diff_observations(reference, case.observe(case.run()))
            if diff:
                problems.append(f"{scenario} / {name}: " + "; ".join(diff))
    return problems


def time_all(
    impls: dict[str, object], rounds: int, batch: float
) -> dict[str, dict[str, list[float]]]:
    from harness import calibrate, time_batch
    from impls.asgi import SCENARIOS

    rng = random.Random(13)
    results: dict[str, dict[str, list[float]]] = {}
    for scenario in SCENARIOS:
        runs = {n: impls[n].cases[scenario]().run for n in ORDER}  # type: ignore[attr-defined]
        counts = {n: calibrate(fn, batch) for n, fn in runs.items()}
        times: dict[str, list[float]] = {n: [] for n in runs}
        order = list(runs)
        for _ in range(rounds):
            rng.shuffle(order)
            for n in order:
                times[n].append(time_batch(runs[n], counts[n]) / counts[n])
            gc.collect()
        results[scenario] = times
        print(f"bench: timed asgi {scenario}", file=sys.stderr, flush=True)
    return results


def render(times: dict[str, dict[str, list[float]]]) -> tuple[str, bool]:
    lines = [
        "| scenario | genresp.asgi | starlette | floor | genresp / starlette | ratio spread |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    all_faster = True
    for scenario, per in times.items():
        ratios = [g / s for g, s in zip(per["genresp"], per[REFERENCE], strict=True)]
        med = statistics.median(ratios)
        q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [med, med, med]
        all_faster &= med < 1
        cells = [bench_run._fmt_time(statistics.median(per[n])) for n in ORDER]
        lines.append(
            f"| {scenario} | "
            + " | ".join(cells)
            + f" | ×{med:.3f} | {(q[2] - q[0]) / med * 100:.1f}% |"
        )
    return "\n".join(lines) + "\n", all_faster


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run of a few seconds")
    parser.add_argument("--check-only", action="store_true", help="equivalence checks only")
    parser.add_argument("--write", action="store_true", help="write the ASGI section of RESULTS.md")
    parser.add_argument("--rounds", type=int, help="rounds per scenario (default 40, quick 3)")
    parser.add_argument("--no-venv", action="store_true", help="run in this interpreter")
    args = parser.parse_args()
    if not args.no_venv:
        bench_run.reexec_in_bench_venv(__file__)

    from impls.asgi import build_all

    impls = build_all()
    versions = ", ".join(f"{n} {impls[n].version}" for n in ORDER)
    problems = check(impls)  # type: ignore[arg-type]
    if problems:
        print("bench: ASGI EQUIVALENCE CHECK FAILED (compared with the floor):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 2
    print("bench: ASGI equivalence checks passed", file=sys.stderr)
    if args.check_only:
        return 0

    rounds = args.rounds or (3 if args.quick else 40)
    batch = 0.002 if args.quick else 0.010
    started = time.time()
    table, all_faster = render(time_all(impls, rounds, batch))  # type: ignore[arg-type]
    verdict = "PASS" if all_faster else "FAIL"
    section = (
        f"{SECTION_MARK}\n## ASGI: genresp.asgi.Response against Starlette\n\n"
        f"- date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}\n"
        + bench_run.machine_info()
        + f"- versions: {versions}\n"
        + f"- rounds: {rounds} per scenario, batches of ~{batch * 1000:.0f} ms, implementations in"
        + f" random order each round; run took {time.time() - started:.0f} s\n"
        + "- each case builds the response and drives it as an ASGI app with one"
        + " `coroutine.send(None)` (ASGI 2.4 scope, no event loop); the last two columns are the"
        + " median and inter-quartile spread of genresp's per-round time ratio to Starlette\n"
        + "- Starlette has no make_conditional: its conditional_304 and range_206 compare"
        + " If-None-Match and slice one range by hand (see bench/impls/asgi.py)\n\n"
        + table
        + f"\n- {verdict} every ASGI scenario faster than Starlette (ratio < 1)\n"
    )
    print("\n" + section)
    if args.write:
        text = bench_run.RESULTS.read_text() if bench_run.RESULTS.exists() else ""
        head = text.split(SECTION_MARK, 1)[0].rstrip("\n")
        bench_run.RESULTS.write_text((head + "\n\n" if head else "") + section)
        print(f"bench: wrote the ASGI section of {bench_run.RESULTS.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
