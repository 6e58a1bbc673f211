"""How long careermap's commands take to start, against ``import pandas``, and how long an
interactive redraw takes.

    .venv/bin/python benchmarks/bench_start.py              # best of 3 each, then the redraws
    .venv/bin/python benchmarks/bench_start.py --repeat 5   # steadier on a busy machine

Start-up: each command runs in a fresh process of this environment (its own ``careermap``
script, its own Python), the floor ``python -c "import pandas"`` among them, in turns (one
round runs each once, so a burst of load on a shared machine hits all alike); the best of
``--repeat`` rounds is compared with the floor's best. Targets (issue 24): ``careermap
--version`` <= 0.5 x, ``import careermap`` <= 1.5 x, ``careermap log`` <= 2 x. Also shown:
``import careermap`` followed by ``careermap.load`` (the loader imported, as a notebook's
first cell does), and ``careermap validate`` of the sample.

Interactive: the median of ``--runs`` calls, in this process with the map already loaded,
of ``metrics.summary``, of ``views.person_view`` (the person page, built on it) and of every
chart a control redraws (notebook 02's dashboard: the roadmap, the burndown with its forecast,
the time allocation, the logging calendar; the coach dashboard's person view and notebook 03
add the skill-gap bars), on the bundled sample and on a generated three-year map. Target:
<= 150 ms each. Then the one-person KPI rows both ways, timed in turns: the Ibis expression
on DuckDB (the cohort engine) and the pandas path a one-person map runs, and their ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

AS_OF = "2026-11-15"
START_TARGETS = {"careermap --version": 0.5, "import careermap": 1.5, "careermap log": 2.0}
REDRAW_TARGET = 0.150


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def startup(repeat: int) -> list[tuple[str, float, float, float | None]]:
    """(label, best seconds, ratio to import pandas, target ratio) for each command."""
    sample = _sample()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "alex-rivera"
        log_file = folder / "time_log.csv"
        shutil.copytree(sample, folder)
        original = log_file.read_bytes()

        def restore() -> None:
            log_file.write_bytes(original)
            shutil.rmtree(folder / ".careermap", ignore_errors=True)

        commands: dict[str, tuple[list[str], Callable[[], None]]] = {
            "python -c 'import pandas'": ([sys.executable, "-c", "import pandas"], _nothing),
            "careermap --version": ([_bin("careermap"), "--version"], _nothing),
            "import careermap": ([sys.executable, "-c", "import careermap"], _nothing),
            "import careermap; careermap.load": (
                [sys.executable, "-c", "import careermap; careermap.load"],
                _nothing,
            ),
            "careermap validate SAMPLE": (
                [_bin("careermap"), "validate", "-q", str(sample)],
                _nothing,
            ),
            "careermap log": (
                [
                    _bin("careermap"),
                    "log",
                    "1:30",
                    "learning",
                    "--map",
                    str(folder),
                    "--date",
                    AS_OF,
                ],
                restore,
            ),
        }
        env = {**os.environ, "CAREERMAP_TODAY": AS_OF}
        times: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(repeat):
            for label, (cmd, before) in commands.items():
                before()
                t0 = time.perf_counter()
                done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
                times[label].append(time.perf_counter() - t0)
                if done.returncode != 0:
                    raise SystemExit(f"{label} failed:\n{done.stderr}")
    floor = min(times["python -c 'import pandas'"])
    return [
        (label, min(ts), min(ts) / floor, START_TARGETS.get(label)) for label, ts in times.items()
    ]


def _nothing() -> None:
    pass


def _sample() -> Path:
    import careermap

    return careermap.sample_path()


def three_year_map(root: Path) -> Path:
    """One generated person with three years of plans and logs (the notebook matrix's)."""
    from careermap.demo import generate_cohort

    cohort = generate_cohort(root / "cohort", people=1, seed=11, start="2023-11-15")
    (person,) = [p for p in cohort.iterdir() if (p / "roadmap.yaml").exists()]
    return person


def redraws(m, as_of: str) -> list[tuple[str, Callable[[], object]]]:
    """(label, call) for metrics.summary and each chart a control redraws."""
    from careermap import charts, metrics, views

    goals = tuple(m.goals["goal_id"])
    chosen = m.only_goals(goals)
    roles = list(m.target_roles.sort_values("priority")["role_id"])[:3]
    return [
        ("metrics.summary", lambda: metrics.summary(m, as_of=as_of)),
        ("views.person_view", lambda: views.person_view(m, as_of=as_of)),
        ("roadmap_timeline", lambda: charts.roadmap_timeline(m, as_of=as_of, goals=goals)),
        (
            "burndown + forecast (26 weeks)",
            lambda: charts.burndown_chart(
                metrics.burndown(chosen, by="count", freq="W", as_of=as_of),
                metrics.forecast(chosen, by="count", weeks=26, as_of=as_of),
                by="count",
            ),
        ),
        (
            "time_allocation by goal",
            lambda: charts.time_allocation_chart(
                metrics.time_allocation(chosen, by="goal", freq="W", as_of=as_of), by="goal"
            ),
        ),
        (
            "logging_calendar",
            lambda: charts.logging_calendar(metrics.habit(chosen, as_of=as_of)),
        ),
        (
            "skill_gap_bars (up to 3 roles)",
            lambda: charts.skill_gap_bars(metrics.skill_gaps(m, roles=roles, as_of=as_of)),
        ),
    ]


def kpi_pair(m, as_of: str) -> list[tuple[str, Callable[[], object]]]:
    """The one-person KPI rows both ways (``cohort_summary``'s engines): the Ibis expression
    on DuckDB (the cohort engine, before) and pandas (what a one-person map now runs)."""
    from careermap import metrics

    return [
        (
            "cohort_summary, Ibis on DuckDB",
            lambda: metrics.cohort_summary(m, as_of=as_of, engine="duckdb"),
        ),
        ("cohort_summary, pandas", lambda: metrics.cohort_summary(m, as_of=as_of, engine="pandas")),
    ]


def median_time(fn: Callable[[], object], runs: int) -> float:
    fn()  # the first call pays for imports and caches; a redraw does not
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--repeat", type=int, default=3, help="start-up rounds (best of)")
    p.add_argument("--runs", type=int, default=7, help="redraws timed (median of)")
    p.add_argument("--no-interactive", action="store_true", help="start-up only")
    args = p.parse_args(argv)

    print(f"start-up, best of {args.repeat} (fresh processes, in turns):")
    for label, best, ratio, target in startup(args.repeat):
        verdict = (
            ""
            if target is None
            else f"  target <= {target:.1f} x: {'ok' if ratio <= target else 'OVER'}"
        )
        print(f"  {label:36s} {best:6.2f} s  {ratio:5.2f} x{verdict}")
    if args.no_interactive:
        return 0

    import careermap

    with tempfile.TemporaryDirectory() as tmp:
        maps = {
            "sample": careermap.load(careermap.sample_path()),
            "three-year map": careermap.load(three_year_map(Path(tmp))),
        }
    for name, m in maps.items():
        print(
            f"\ninteractive, {name} ({len(m.milestones)} milestones, {len(m.time_log):,} log rows), median of {args.runs}:"
        )
        for label, fn in redraws(m, AS_OF):
            t = median_time(fn, args.runs)
            verdict = "ok" if t <= REDRAW_TARGET else "OVER"
            print(
                f"  {label:36s} {t * 1000:7.0f} ms  target <= {REDRAW_TARGET * 1000:.0f} ms: {verdict}"
            )
        # the pair in turns (a burst of load on a shared machine hits both alike)
        pair = kpi_pair(m, AS_OF)
        for _, fn in pair:
            fn()
        times: dict[str, list[float]] = {label: [] for label, _ in pair}
        for _ in range(args.runs):
            for label, fn in pair:
                t0 = time.perf_counter()
                fn()
                times[label].append(time.perf_counter() - t0)
        (ibis_label, ibis_t), (pandas_label, pandas_t) = (
            (label, statistics.median(ts)) for label, ts in times.items()
        )
        print(f"  {ibis_label:36s} {ibis_t * 1000:7.0f} ms")
        print(
            f"  {pandas_label:36s} {pandas_t * 1000:7.0f} ms  "
            f"{pandas_t / ibis_t:.2f} x the Ibis path (same rows: tests/metrics/test_kpis_pandas.py)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
