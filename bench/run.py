"""Benchmark genresp against Werkzeug 3.x, WebOb, Starlette and a hand-written floor.

Usage: python bench/run.py [--quick] [--check-only] [--standin] [--write] [--keep-going]

The peers are not dependencies of genresp: this script creates .venv-bench (project installed
editable + bench/requirements.txt) when missing or stale and re-executes itself there. All
implementations are timed in ONE process, interleaved in a random order every round; ratios to
Werkzeug are taken per round (so machine drift cancels) and reported as medians.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
import venv
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV = ROOT / ".venv-bench"
VENV_PY = VENV / "bin" / "python"
STAMP = VENV / ".bench-installed"
REQUIREMENTS = BENCH / "requirements.txt"
RESULTS = BENCH / "RESULTS.md"

# Targets from issue 6.
TARGET_GEOMEAN = 0.20
TARGET_IMPORT_MS = 25.0
TARGET_IMPORT_FRACTION = 1 / 5
TARGET_MEMORY = 450

IMPL_ORDER = ("genresp", "werkzeug", "webob", "starlette", "floor")
REFERENCE = "werkzeug"


# ---------------------------------------------------------------------------------------------
# Bootstrap: .venv-bench


def _stamp_value() -> str:
    digest = hashlib.sha256()
    for path in (REQUIREMENTS, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _pip(*args: str) -> int:
    cmd = [str(VENV_PY), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
    print("bench:", " ".join(cmd[1:]), file=sys.stderr, flush=True)
    return subprocess.call(cmd, cwd=ROOT)


def ensure_bench_venv() -> None:
    """Create or refresh .venv-bench: the project (editable) plus the pinned peers."""
    if VENV_PY.exists() and STAMP.exists() and STAMP.read_text() == _stamp_value():
        return
    if not VENV_PY.exists():
        print(f"bench: creating {VENV}", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if _pip("-r", str(REQUIREMENTS)) != 0:
        sys.exit("bench: installing bench/requirements.txt into .venv-bench failed")
    if _pip("-e", str(ROOT)) != 0:
        # Keep the bench usable while the project cannot be built (e.g. metadata in flux):
        # a .pth puts src/ on the path, which is what the editable install does too.
        print("bench: WARNING: `pip install -e .` failed; adding src/ via a .pth", file=sys.stderr)
        out = subprocess.check_output(
            [str(VENV_PY), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        )
        Path(out.strip(), "_genresp_bench_src.pth").write_text(str(ROOT / "src") + "\n")
    STAMP.write_text(_stamp_value())


def reexec_in_bench_venv(script: str = __file__) -> None:
    """Run `script` (this file unless another bench script passes its own) again with the bench
    venv's python, building the venv first if needed; nothing when already in it."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if os.environ.get("GENRESP_BENCH_REEXEC"):
        sys.exit(f"bench: re-exec did not land in {VENV} (sys.prefix={sys.prefix})")
    ensure_bench_venv()
    os.environ["GENRESP_BENCH_REEXEC"] = "1"
    os.execv(str(VENV_PY), [str(VENV_PY), str(Path(script).resolve()), *sys.argv[1:]])


# ---------------------------------------------------------------------------------------------
# Loading the implementations


def load_impls(standin: bool) -> dict[str, Any]:
    """name -> Impl, in IMPL_ORDER. The genresp slot is Werkzeug 2.3 under --standin."""
    sys.path.insert(0, str(BENCH))
    from impls import werkzeug_api

    impls: dict[str, Any] = {}
    if standin:
        # Before werkzeug 3.x is imported (see standin.py).
        import standin as standin_mod

        response_cls, version = standin_mod.load(ROOT)
        impls["genresp"] = werkzeug_api.build(
            "genresp", f"STAND-IN werkzeug {version}", response_cls
        )
    else:
        try:
            from genresp import Response as GenrespResponse
        except Exception as exc:  # noqa: BLE001 - any import failure means "not ready"
            sys.exit(
                f"bench: cannot import genresp.Response ({type(exc).__name__}: {exc}).\n"
                "       Use --standin to exercise the harness with Werkzeug 2.3 instead."
            )
        from importlib.metadata import PackageNotFoundError, version

        try:
            gv = version("genresp")
        except PackageNotFoundError:
            gv = "src"
        impls["genresp"] = werkzeug_api.build("genresp", gv, GenrespResponse)

    from importlib.metadata import version as dist_version

    import werkzeug

    impls["werkzeug"] = werkzeug_api.build("werkzeug", dist_version("werkzeug"), werkzeug.Response)
    from impls import floor, starlette_impl, webob_impl

    impls["webob"] = webob_impl.build()
    impls["starlette"] = starlette_impl.build()
    impls["floor"] = floor.build()
    return impls


# ---------------------------------------------------------------------------------------------
# Equivalence check


def check(impls: dict[str, Any], scenarios: list[str]) -> dict[str, dict[str, str]]:
    """Run every case twice and compare with Werkzeug's observation.

    Returns {scenario: {impl: problem}}; empty when everything matches.
    """
    from harness import diff_observations

    failures: dict[str, dict[str, str]] = {}
    for scenario in scenarios:
        ref_case = impls[REFERENCE].cases[scenario]()
        ref_case.run()
        reference = ref_case.observe(ref_case.run())
        for name, impl in impls.items():
            if name == REFERENCE or scenario not in impl.cases:
                continue
            try:
                case = impl.cases[scenario]()
                case.run()  # twice: a second call must not see state left by the first
                got = case.observe(case.run())
            except Exception as exc:  # noqa: BLE001 - reported, then the run aborts
                failures.setdefault(scenario, {})[name] = f"raised {type(exc).__name__}: {exc}"
                continue
            problems = diff_observations(reference, got)
            if problems:
                failures.setdefault(scenario, {})[name] = "; ".join(
                    p.replace("!=", f"(werkzeug) != ({name})", 1) for p in problems
                )
    return failures


# ---------------------------------------------------------------------------------------------
# Timing


def time_scenarios(
    impls: dict[str, Any], scenarios: list[str], rounds: int, batch: float
) -> dict[str, dict[str, list[float]]]:
    """{scenario: {impl: [seconds per call, one per round]}}, implementations interleaved."""
    from harness import calibrate, time_batch

    rng = random.Random(6)
    results: dict[str, dict[str, list[float]]] = {}
    for scenario in scenarios:
        cases = {n: i.cases[scenario]().run for n, i in impls.items() if scenario in i.cases}
        counts = {n: calibrate(fn, batch) for n, fn in cases.items()}
        times: dict[str, list[float]] = {n: [] for n in cases}
        order = list(cases)
        for _ in range(rounds):
            rng.shuffle(order)
            for n in order:
                times[n].append(time_batch(cases[n], counts[n]) / counts[n])
            gc.collect()
        results[scenario] = times
        print(f"bench: timed {scenario}", file=sys.stderr, flush=True)
    return results


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summarize(times: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, dict[str, float]]]:
    """Per scenario and impl: median time, median per-round ratio to Werkzeug, ratio spread."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for scenario, per_impl in times.items():
        ref = per_impl[REFERENCE]
        out[scenario] = {}
        for name, ts in per_impl.items():
            ratios = [t / r for t, r in zip(ts, ref, strict=True)]
            med = statistics.median(ratios)
            out[scenario][name] = {
                "time": statistics.median(ts),
                "ratio": med,
                # Inter-quartile range of the per-round ratio, relative to its median.
                "spread": (_quantile(ratios, 0.75) - _quantile(ratios, 0.25)) / med,
                # Drift of absolute times across rounds: slowest / fastest round.
                "drift": max(ts) / min(ts),
            }
        if "genresp" in per_impl:
            # Head-to-head with the peers, per round, so drift cancels here too.
            g = per_impl["genresp"]
            for peer in ("webob", "starlette"):
                if peer in per_impl:
                    out[scenario]["genresp"][f"vs_{peer}"] = statistics.median(
                        t / p for t, p in zip(g, per_impl[peer], strict=True)
                    )
    return out


def profile(impl: Any, scenarios: list[str], calls: int) -> None:
    """Print the top functions by own time for each scenario of one implementation."""
    import cProfile
    import pstats

    for scenario in scenarios:
        if scenario not in impl.cases:
            continue
        run = impl.cases[scenario]().run
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            run()
        profiler.disable()
        print(f"\n=== {impl.name} / {scenario}: {calls} calls ===")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


# ---------------------------------------------------------------------------------------------
# Memory per live response


def live_bytes(factory: Callable[[], Any], n: int) -> float:
    """Traced bytes per object while ``n`` objects from ``factory`` are alive."""
    factory()  # first-call caches are not per-response memory
    objs: list[Any] = [None] * n
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(n):
            objs[i] = factory()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del objs
    return (after - before) / n


# ---------------------------------------------------------------------------------------------
# Import time (fresh interpreters, python -X importtime)


def _importtime_once(python: str, statement: str, env: dict[str, str]) -> dict[str, int]:
    proc = subprocess.run(
        [python, "-X", "importtime", "-c", statement], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1:] or ["?"]
        raise RuntimeError(f"{python} -c {statement!r} failed: {last[0]}")
    top: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        # "import time: self | cumulative | name", nesting shown by two spaces per level.
        name = parts[2].rstrip()[1:]
        if name.startswith(" "):
            continue  # nested import, counted in its parent's cumulative time
        try:
            top[name.strip()] = int(parts[1])
        except ValueError:
            continue  # the header line
    return top


def import_times(targets: dict[str, tuple[str, str]], runs: int) -> dict[str, float]:
    """Median milliseconds to run each statement, beyond what bare interpreter start imports."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    baselines = {py: set(_importtime_once(py, "pass", env)) for py, _ in targets.values()}
    samples: dict[str, list[float]] = {name: [] for name in targets}
    for py, stmt in targets.values():
        _importtime_once(py, stmt, env)  # write .pyc files first
    names = list(targets)
    rng = random.Random(6)
    for _ in range(runs):
        rng.shuffle(names)
        for name in names:
            py, stmt = targets[name]
            top = _importtime_once(py, stmt, env)
            micros = sum(us for mod, us in top.items() if mod not in baselines[py])
            samples[name].append(micros / 1000)
    return {name: statistics.median(s) for name, s in samples.items()}


# ---------------------------------------------------------------------------------------------
# Report


def _fmt_time(seconds: float) -> str:
    us = seconds * 1e6
    return f"{us:.2f} µs" if us < 100 else f"{us:.0f} µs"


def render(
    impls: dict[str, Any],
    summary: dict[str, dict[str, dict[str, float]]],
    imports: dict[str, float],
    memory: dict[str, float],
    meta: dict[str, str],
) -> tuple[str, bool]:
    """Markdown report and whether every target is met."""
    from harness import SCENARIOS

    names = [n for n in IMPL_ORDER if n in impls]
    lines = []
    lines.append("## Time per call (median) and ratio to Werkzeug (median of per-round ratios)\n")
    lines.append("| scenario | " + " | ".join(names) + " |")
    lines.append("|---|" + "---:|" * len(names))
    for scenario, per_impl in summary.items():
        cells = []
        for n in names:
            s = per_impl.get(n)
            cells.append("n/a" if s is None else f"{_fmt_time(s['time'])} ×{s['ratio']:.3f}")
        lines.append(f"| {scenario} | " + " | ".join(cells) + " |")

    lines.append("\n## Noise\n")
    lines.append(
        "Ratio spread: inter-quartile range of the per-round ratio over its median. "
        "Drift: slowest round / fastest round of absolute time.\n"
    )
    lines.append("| scenario | " + " | ".join(f"{n} spread" for n in names) + " | werkzeug drift |")
    lines.append("|---|" + "---:|" * (len(names) + 1))
    for scenario, per_impl in summary.items():
        cells = [
            "n/a" if n not in per_impl else f"{per_impl[n]['spread'] * 100:.1f}%" for n in names
        ]
        drift = per_impl[REFERENCE]["drift"]
        lines.append(f"| {scenario} | " + " | ".join(cells) + f" | {drift:.2f}× |")

    noisy = [
        scenario
        for scenario, per_impl in summary.items()
        if per_impl[REFERENCE]["drift"] > 2 or max(s["spread"] for s in per_impl.values()) > 0.1
    ]
    if noisy:
        lines.append(
            f"\nNOISY (ratio spread > 10% or drift > 2×): {', '.join(noisy)}; "
            "the machine was busy, consider a rerun."
        )

    if imports:
        lines.append("\n## Import time (fresh interpreter, -X importtime, median)\n")
        # Absolute times drift with the machine's load as much as call times do: the ratio to
        # Werkzeug's import in the same run is the figure to compare between runs.
        lines.append("| implementation | statement | ms | ratio to werkzeug |")
        lines.append("|---|---|---:|---:|")
        for n in names:
            if n in imports:
                ratio = imports[n] / imports[REFERENCE] if REFERENCE in imports else math.nan
                lines.append(
                    f"| {n} | `{meta['import_stmt_' + n]}` | {imports[n]:.1f} | ×{ratio:.3f} |"
                )
    if memory:
        lines.append("\n## Memory per live hello response (tracemalloc)\n")
        lines.append("| implementation | bytes |")
        lines.append("|---|---:|")
        for n in names:
            if n in memory:
                lines.append(f"| {n} | {memory[n]:.0f} |")

    checks: list[tuple[str, bool | None]] = []
    ratios = [per["genresp"]["ratio"] for per in summary.values() if "genresp" in per]
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        complete = len(ratios) == len(SCENARIOS)
        label = f"geomean of genresp ratios = {geo:.3f} <= {TARGET_GEOMEAN}"
        if not complete:
            label += f" (over {len(ratios)} of {len(SCENARIOS)} scenarios only)"
        checks.append((label, geo <= TARGET_GEOMEAN if complete else None))
    for scenario, per in summary.items():
        if "genresp" not in per:
            checks.append((f"{scenario}: genresp left out (failed its check)", False))
            continue
        for peer in ("webob", "starlette"):
            if peer in per:
                vs = per["genresp"][f"vs_{peer}"]
                label = f"{scenario}: genresp faster than {peer} (time ratio {vs:.2f})"
                checks.append((label, vs < 1))
    if "genresp" in imports and "werkzeug" in imports:
        gi, wi = imports["genresp"], imports["werkzeug"]
        checks.append(
            (f"import genresp {gi:.2f} ms <= {TARGET_IMPORT_MS} ms", gi <= TARGET_IMPORT_MS)
        )
        checks.append(
            (
                f"import genresp {gi:.2f} ms <= 1/5 of import werkzeug ({wi / 5:.2f} ms)",
                gi <= wi * TARGET_IMPORT_FRACTION,
            )
        )
    if "genresp" in memory:
        m = memory["genresp"]
        checks.append(
            (f"memory per live response {m:.0f} B <= {TARGET_MEMORY} B", m <= TARGET_MEMORY)
        )

    lines.append("\n## Targets (issue 6)\n")
    for label, ok in checks:
        mark = "PASS" if ok else ("n/a " if ok is None else "FAIL")
        lines.append(f"- {mark} {label}")
    all_ok = bool(checks) and all(ok for _, ok in checks)
    return "\n".join(lines) + "\n", all_ok


def machine_info() -> str:
    try:
        uname = subprocess.check_output(["uname", "-a"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        uname = platform.platform()
    return (
        f"- machine: `{uname}`\n"
        f"- python: {platform.python_implementation()} {platform.python_version()}\n"
        f"- cpu count: {os.cpu_count()}\n"
    )


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run of a few seconds")
    parser.add_argument("--check-only", action="store_true", help="equivalence checks only")
    parser.add_argument(
        "--standin", action="store_true", help="put Werkzeug 2.3 (.venv) in the genresp slot"
    )
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="drop mismatching (scenario, implementation) pairs instead of aborting",
    )
    parser.add_argument("--rounds", type=int, help="rounds per scenario (default 40, quick 3)")
    parser.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-venv", action="store_true", help="run in this interpreter")
    parser.add_argument(
        "--profile",
        metavar="IMPL",
        help="after the checks, cProfile IMPL (e.g. genresp) on each selected scenario and stop",
    )
    args = parser.parse_args(argv)

    if not args.no_venv:
        reexec_in_bench_venv()

    impls = load_impls(args.standin)
    from harness import SCENARIOS

    scenarios = list(SCENARIOS)
    if args.scenario:
        unknown = set(args.scenario) - set(SCENARIOS)
        if unknown:
            parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
        scenarios = [s for s in SCENARIOS if s in args.scenario]

    versions = ", ".join(f"{n} {i.version}" for n, i in impls.items())
    print(f"bench: {versions}", file=sys.stderr)

    failures = check(impls, scenarios)
    if failures:
        print("\nbench: EQUIVALENCE CHECK FAILED (compared with werkzeug):", file=sys.stderr)
        for scenario, per_impl in failures.items():
            for name, problem in per_impl.items():
                print(f"  {scenario} / {name}: {problem}", file=sys.stderr)
        if not args.keep_going:
            return 2
        for scenario, per_impl in failures.items():
            for name in per_impl:
                cases = dict(impls[name].cases)
                cases.pop(scenario, None)
                impls[name] = type(impls[name])(
                    impls[name].name, impls[name].version, cases, impls[name].live_hello
                )
        print("bench: --keep-going: those pairs are left out of the timing\n", file=sys.stderr)
    else:
        print(f"bench: equivalence checks passed ({len(scenarios)} scenarios)", file=sys.stderr)
    if args.check_only:
        return 0
    if args.profile:
        if args.profile not in impls:
            parser.error(f"unknown implementation {args.profile!r}")
        profile(impls[args.profile], scenarios, 2000 if args.quick else 20000)
        return 0

    rounds = args.rounds or (3 if args.quick else 40)
    batch = 0.002 if args.quick else 0.010
    started = time.time()
    times = time_scenarios(impls, scenarios, rounds, batch)
    summary = summarize(times)

    memory: dict[str, float] = {}
    for n, impl in impls.items():
        try:
            memory[n] = live_bytes(impl.live_hello, 200 if args.quick else 5000)
        except Exception as exc:  # noqa: BLE001 - reported, the rest of the report stands
            print(f"bench: memory of {n} failed: {type(exc).__name__}: {exc}", file=sys.stderr)

    import_stmts = {
        "genresp": "from genresp import Response",
        "werkzeug": "from werkzeug import Response",
        "webob": "from webob import Response",
        "starlette": "from starlette.responses import Response",
    }
    targets = {n: (sys.executable, s) for n, s in import_stmts.items()}
    if args.standin:
        project_py = ROOT / ".venv" / "bin" / "python"
        targets["genresp"] = (str(project_py), "from werkzeug import Response")
        import_stmts["genresp"] += "  [stand-in: werkzeug 2.3 from .venv]"
    try:
        imports = import_times(targets, 3 if args.quick else 15)
    except RuntimeError as exc:
        print(f"bench: import time not measured: {exc}", file=sys.stderr)
        imports = {}

    meta = {f"import_stmt_{n}": s for n, s in import_stmts.items()}
    report, all_ok = render(impls, summary, imports, memory, meta)
    elapsed = time.time() - started
    header = (
        f"- date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}\n"
        + machine_info()
        + f"- versions: {versions}\n"
        + f"- rounds: {rounds} per scenario, batches of ~{batch * 1000:.0f} ms, "
        + f"implementations in random order each round; run took {elapsed:.0f} s\n"
    )
    if args.standin:
        header = (
            "**STAND-IN RUN: the genresp column is Werkzeug 2.3 from .venv, not genresp.**\n\n"
            + header
        )
    print("\n" + header + "\n" + report)
    if args.write:
        # asgi: bench/asgi_run.py writes its own section at the end; keep it.
        asgi_mark = "<!-- ASGI section: written by bench/asgi_run.py --write -->"
        previous = RESULTS.read_text() if RESULTS.exists() else ""
        asgi_section = asgi_mark + previous.split(asgi_mark, 1)[1] if asgi_mark in previous else ""
        RESULTS.write_text(
            "# genresp benchmark results\n\n"
            "Written by `python bench/run.py --write` (see bench/README.md). Absolute times drift\n"
            "up to 2x between runs on this shared machine; compare the ratios.\n\n"
            + header
            + "\n"
            + report
            + ("\n" + asgi_section if asgi_section else "")
        )
        print(f"bench: wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 1 if args.strict and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
