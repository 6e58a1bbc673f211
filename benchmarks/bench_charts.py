"""Seconds to build each chart on the sample map, against plotly's own cost for the same figure.

    uv run python benchmarks/bench_charts.py
    uv run python benchmarks/bench_charts.py --repeat 5

For every chart of ``careermap.charts`` the metric frames are computed once (they are the
metrics' benchmark, not this one); then the chart is built ``--repeat`` times. The baseline,
measured in the same run, is plotly alone building the very same figure from its dict
(``go.Figure(fig.to_dict())``: trace validation and layout, no careermap work), so the ratio
is what careermap adds. The budget is an absolute one: a chart in a notebook should appear
in under 2 s (this used to be a unit-test assertion; timings belong here).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import plotly.graph_objects as go

import careermap
from careermap import charts, metrics

AS_OF = "2026-11-15"
BUDGET_S = 2.0


def cases(m: careermap.CareerMap) -> list[tuple[str, Callable[[], go.Figure]]]:
    """(chart name, a call building it from the sample's metrics)."""
    labels = dict(zip(m.target_roles["role_id"], m.target_roles["title"], strict=True))
    gaps = metrics.skill_gaps(m, as_of=AS_OF)
    burndown = metrics.burndown(m, freq="W", as_of=AS_OF)
    forecast = metrics.forecast(m, as_of=AS_OF)
    allocation = metrics.time_allocation(m, by="goal", freq="W", as_of=AS_OF)
    pva = metrics.planned_vs_actual(m, freq="W", as_of=AS_OF)
    habit = metrics.habit(m, as_of=AS_OF)
    trend = metrics.gap_trend(m, as_of=AS_OF)
    investment = metrics.skill_investment(m, as_of=AS_OF)
    market = metrics.market(m)
    return [
        ("roadmap_timeline", lambda: charts.roadmap_timeline(m, as_of=AS_OF)),
        ("strategy_map", lambda: charts.strategy_map(m, as_of=AS_OF)),
        ("burndown_chart", lambda: charts.burndown_chart(burndown, forecast)),
        ("time_allocation_chart", lambda: charts.time_allocation_chart(allocation, by="goal")),
        ("planned_vs_actual_chart", lambda: charts.planned_vs_actual_chart(pva)),
        ("logging_calendar", lambda: charts.logging_calendar(habit)),
        ("skill_gap_bars", lambda: charts.skill_gap_bars(gaps)),
        ("skill_radar", lambda: charts.skill_radar(gaps)),
        ("gap_trend_chart", lambda: charts.gap_trend_chart(trend, labels=labels)),
        ("skill_investment_chart", lambda: charts.skill_investment_chart(investment)),
        ("skill_history_chart", lambda: charts.skill_history_chart(m.assessments, required=gaps)),
        ("market_chart", lambda: charts.market_chart(market)),
    ]


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(m: careermap.CareerMap, repeat: int = 3) -> list[tuple[str, float, float]]:
    """``[(chart, seconds, plotly-alone seconds), ...]``, medians of ``repeat`` runs."""
    results = []
    for name, build in cases(m):
        fig = build()  # warm up imports and caches; the baseline rebuilds this figure
        spec = fig.to_dict()
        ours = median_seconds(build, repeat)
        floor = median_seconds(lambda spec=spec: go.Figure(spec), repeat)
        results.append((name, ours, floor))
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    m = careermap.load(careermap.sample_path())
    print(f"{'chart (sample map)':<26}{'careermap s':>12}{'plotly s':>10}{'ratio':>8}  budget")
    slow = []
    for name, ours, floor in measure(m, args.repeat):
        verdict = "ok" if ours < BUDGET_S else f"OVER {BUDGET_S:g} s"
        if ours >= BUDGET_S:
            slow.append(name)
        print(f"{name:<26}{ours:12.3f}{floor:10.3f}{ours / floor:8.1f}  {verdict}")
    print(f"charts over the {BUDGET_S:g} s budget: {', '.join(slow) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
