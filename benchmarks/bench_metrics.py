"""Seconds per metric of ``careermap.metrics`` on a loaded map.

    uv run python benchmarks/bench_metrics.py                 # 1,000-person demo cohort
    uv run python benchmarks/bench_metrics.py --people 200    # quicker

:func:`run` times every public metric once on a given map (the lead calls it from
``benchmarks/run.py``); the ``__main__`` generates a demo cohort, loads it and prints the table.

It also prints the cost of the one definition of a milestone's state (issue 17): the pandas
views used to compute overdue in pandas; they now run the Ibis expression the cohort KPIs use
(compiled once to DuckDB SQL). :func:`status_latency` times, in the same run, the former
pandas computation (kept below as the baseline, with the same rule so the results can be
compared), the expression run through Ibis on memtables, and ``states_on``, on the sample
person and on the cohort, and prints the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ibis
import numpy as np
import pandas as pd

import careermap
from careermap import metrics
from careermap.demo import generate_cohort
from careermap.metrics._milestone_state import engine_frame, milestone_states, states_on

AS_OF = "2026-11-15"  # the demo generator's default data end


def cases(m: careermap.CareerMap, as_of: str = AS_OF) -> list[tuple[str, Callable[[], object]]]:
    """(label, call) for every public metric, with the options a notebook would use."""
    target = "11-3021.00"

    base = metrics.cohort_summary(m, as_of=as_of)  # reflag's input, not part of its time
    first = m.person(m.person_ids[0]) if m.is_cohort else m
    # the cohort aggregates' inputs (not part of their time); everyone in one group when the
    # map has no groups
    people = m.people if "group" in m.people.columns else m.people.assign(group="all")
    grouped = base.assign(group=people["group"].to_numpy())
    allocation = metrics.time_allocation(m, as_of=as_of)
    return [
        ("burndown count D", lambda: metrics.burndown(m, freq="D", as_of=as_of)),
        ("burndown effort W", lambda: metrics.burndown(m, by="effort", freq="W", as_of=as_of)),
        ("forecast", lambda: metrics.forecast(m, as_of=as_of)),
        ("forecast effort", lambda: metrics.forecast(m, as_of=as_of, by="effort")),
        ("forecast_backtest", lambda: metrics.forecast_backtest(m, as_of=as_of)),
        (
            "backtest_summary",
            lambda: metrics.backtest_summary(metrics.forecast_backtest(m, as_of=as_of)),
        ),
        ("goal_at_risk", lambda: metrics.goal_at_risk(metrics.forecast(m, as_of=as_of), m.goals)),
        ("slip", lambda: metrics.slip(m, as_of=as_of)),
        ("milestone_status", lambda: metrics.milestone_status(m, as_of=as_of)),
        ("goal_status", lambda: metrics.goal_status(m, as_of=as_of)),
        ("milestone_timeline", lambda: metrics.milestone_timeline(m, as_of=as_of)),
        ("on_time_rate", lambda: metrics.on_time_rate(m, as_of=as_of)),
        ("time_allocation category W", lambda: metrics.time_allocation(m, as_of=as_of)),
        (
            "time_allocation milestone W",
            lambda: metrics.time_allocation(m, by="milestone", as_of=as_of),
        ),
        ("planned_vs_actual W", lambda: metrics.planned_vs_actual(m, as_of=as_of)),
        ("estimation_accuracy", lambda: metrics.estimation_accuracy(m, as_of=as_of)),
        ("habit", lambda: metrics.habit(m, as_of=as_of)),
        ("habit_summary", lambda: metrics.habit_summary(m, as_of=as_of)),
        ("skill_levels", lambda: metrics.skill_levels(m, as_of=as_of)),
        ("skill_history", lambda: metrics.skill_history(m, as_of=as_of)),
        ("skill_gaps", lambda: metrics.skill_gaps(m, as_of=as_of)),
        ("role_coverage", lambda: metrics.role_coverage(m)),
        ("match_score", lambda: metrics.match_score(m, as_of=as_of)),
        ("gap_trend", lambda: metrics.gap_trend(m, as_of=as_of)),
        ("time_to_close", lambda: metrics.time_to_close(m, as_of=as_of)),
        ("skill_investment", lambda: metrics.skill_investment(m, as_of=as_of)),
        ("closest_roles", lambda: metrics.closest_roles(m, as_of=as_of)),
        ("transition_steps", lambda: metrics.transition_steps(m, target, as_of=as_of)),
        ("smart_check", lambda: metrics.smart_check(m, as_of=as_of)),
        ("market", lambda: metrics.market(m)),
        ("role_technologies", lambda: metrics.role_technologies(m)),
        ("goal_pace", lambda: metrics.goal_pace(m, as_of=as_of)),
        ("goal_trajectory", lambda: metrics.goal_trajectory(m, as_of=as_of)),
        ("goal_hours", lambda: metrics.goal_hours(m, as_of=as_of)),
        ("action_plan", lambda: metrics.action_plan(m, as_of=as_of)),
        ("plan_cost", lambda: metrics.plan_cost(m, as_of=as_of)),
        ("self_assessment_changes", lambda: metrics.self_assessment_changes(m, as_of=as_of)),
        ("summary", lambda: metrics.summary(m, as_of=as_of)),
        ("cohort_summary", lambda: metrics.cohort_summary(m, as_of=as_of)),
        ("cohort_summary_parquet", lambda: _parquet_summary(m, as_of)),
        ("reflag", lambda: metrics.reflag(base, {"inactive_days": 60})),
        ("kpi_medians by group", lambda: metrics.kpi_medians(grouped, by="group")),
        ("priority_roles", lambda: metrics.priority_roles(m)),
        ("time_mix by group", lambda: metrics.time_mix(allocation, people=people)),
        # the planning views are one person's: the map's first person
        ("weekly_review", lambda: metrics.weekly_review(first, as_of=as_of)),
        ("what_if 8 h a week", lambda: metrics.what_if(first, hours_per_week=8, as_of=as_of)),
        ("goal_priorities", lambda: metrics.goal_priorities(first, as_of=as_of)),
    ]


def _parquet_summary(m: careermap.CareerMap, as_of: str) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        return metrics.cohort_summary_parquet(m.to_parquet(Path(tmp) / "pq"), as_of=as_of)


def pandas_states(m: careermap.CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """The baseline: overdue and the target in force on ``as_of`` in pandas, as slip and
    milestone_status computed them before the states had one definition."""
    ms = m.milestones
    start = m.people.set_index("person_id")["start"].reindex(ms["person_id"]).to_numpy()
    entered = ms["planned"].fillna(pd.Series(start, index=ms.index))
    rs = m.reschedules.reset_index(drop=True).assign(_i=lambda d: np.arange(len(d)))
    rs = rs.sort_values(["person_id", "milestone_id", "on", "_i"], kind="stable")
    later = (
        rs[rs["on"] > as_of]
        .groupby(["person_id", "milestone_id"], sort=False)["from_target"]
        .first()
    )
    key = pd.MultiIndex.from_frame(ms[["person_id", "milestone_id"]])
    target = later.reindex(key).fillna(pd.Series(ms["target"].to_numpy(), index=key)).to_numpy()
    done = (ms["done"] <= as_of).to_numpy()
    dropped = (ms["dropped"] <= as_of).to_numpy()
    overdue = (entered <= as_of).to_numpy() & ~done & ~dropped & (target < np.datetime64(as_of))
    return pd.DataFrame(
        {
            "milestone_id": ms["milestone_id"].to_numpy(),
            "target_asof": target,
            "is_overdue": overdue,
        }
    )


def ibis_states(m: careermap.CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """The expression run the plain Ibis way: memtables, a new DuckDB connection, compile."""
    tables = {
        n: ibis.memtable(engine_frame(getattr(m, n), n))
        for n in ("milestones", "reschedules", "people")
    }
    dates = ibis.memtable(pd.DataFrame({"as_of": [as_of]}))
    expr = milestone_states(tables["milestones"], tables["reschedules"], tables["people"], dates)
    return ibis.duckdb.connect().execute(expr)


def _per_call(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: imports, the compiled SQL, the DuckDB database
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def status_latency(
    m: careermap.CareerMap, *, as_of: str = AS_OF, repeat: int = 20
) -> list[tuple[str, float]]:
    """Median seconds per call of the milestone states (and of milestone_status) on ``m``:
    the former pandas code, Ibis on memtables, and states_on (what the views run)."""
    a = pd.Timestamp(as_of)
    base = pandas_states(m, a)
    now = states_on(m, a)
    assert (base["is_overdue"].to_numpy() == now["is_overdue"].to_numpy()).all()
    assert (base["target_asof"].to_numpy() == now["target_asof"].to_numpy()).all()
    return [
        ("states: pandas (before)", _per_call(lambda: pandas_states(m, a), repeat)),
        ("states: Ibis on memtables", _per_call(lambda: ibis_states(m, a), repeat)),
        ("states: states_on (after)", _per_call(lambda: states_on(m, a), repeat)),
        (
            "milestone_status (after)",
            _per_call(lambda: metrics.milestone_status(m, as_of=a), repeat),
        ),
    ]


def print_status_latency(m: careermap.CareerMap, who: str, repeat: int = 20) -> None:
    rows = dict(status_latency(m, repeat=repeat))
    before = rows["states: pandas (before)"]
    print(f"milestone states on {who}: median ms per call ({repeat} calls)")
    for label, sec in rows.items():
        print(f"  {label:<30}{sec * 1e3:9.1f} ms   x{sec / before:6.1f} the pandas time")
    added = rows["states: states_on (after)"] - before
    print(f"  added latency per call (states_on - pandas): {added * 1e3:.1f} ms")


def measure(m: careermap.CareerMap, *, as_of: str = AS_OF) -> list[tuple[str, float, float]]:
    """Time every metric once on ``m``: ``[(label, wall seconds, CPU seconds), ...]``.

    CPU seconds (this process) are the steadier number on a shared machine.
    """
    # warm the reference-data caches so the first metric does not pay for them
    metrics.skill_gaps(m.subset(m.person_ids[:1]), as_of=as_of)
    metrics.market(m.subset(m.person_ids[:1]))
    results = []
    for label, call in cases(m, as_of):
        w0, c0 = time.perf_counter(), time.process_time()
        call()
        results.append((label, time.perf_counter() - w0, time.process_time() - c0))
    return results


def run(m: careermap.CareerMap, *, as_of: str = AS_OF) -> list[tuple[str, float]]:
    """Time every metric once on ``m``: ``[(label, seconds), ...]`` (wall-clock)."""
    return [(label, wall) for label, wall, _ in measure(m, as_of=as_of)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--people", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    print_status_latency(careermap.load(careermap.sample_path()), "the sample (1 person)")
    with tempfile.TemporaryDirectory() as tmp:
        out = generate_cohort(Path(tmp) / "cohort", people=args.people, seed=args.seed)
        t0 = time.perf_counter()
        m = careermap.load(out)
        print(f"loaded {len(m.people):,} people in {time.perf_counter() - t0:.1f} s: {m!r}")
    print(f"{'metric':<32}{'wall s':>8}{'CPU s':>8}")
    total_wall = total_cpu = 0.0
    for label, wall, cpu in measure(m):
        total_wall += wall
        total_cpu += cpu
        print(f"{label:<32}{wall:8.3f}{cpu:8.3f}")
    print(f"{'all metrics':<32}{total_wall:8.3f}{total_cpu:8.3f}")
    print_status_latency(m, f"the cohort ({len(m.people):,} people)", repeat=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
