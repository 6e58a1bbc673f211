"""The what-if chart draws each scenario's P50-P85 range from the frame, and the deadlines."""

from __future__ import annotations

import pandas as pd

import careermap
from careermap import charts, metrics

AS_OF = "2026-11-15"


def test_bars_run_from_p50_to_p85_with_the_deadlines():
    m = careermap.load(careermap.sample_path())
    w = metrics.what_if(m, scenarios={"more": {"hours_per_week": 12}}, as_of=AS_OF)
    fig = charts.what_if_chart(w.scenarios, goals=w.goals)
    bars = fig.data[0]
    assert list(bars.y) == ["today's plan", "more"]
    for base, width, row in zip(bars.base, bars.x, w.scenarios.itertuples(), strict=True):
        assert pd.Timestamp(base) == row.p50
        assert pd.Timestamp(base) + pd.Timedelta(milliseconds=width) == row.p85
    labels = [a.text for a in fig.layout.annotations]
    assert sorted(labels) == ["G1", "G2", "G3"]  # one dashed line per deadline
    assert fig.data[-1].name == "goal deadline"


def test_a_scenario_without_a_date_is_named():
    m = careermap.load(careermap.sample_path())
    w = metrics.what_if(m, scenarios={"no time": {"hours_per_week": 0}}, as_of=AS_OF)
    fig = charts.what_if_chart(w.scenarios)
    assert any("no finish date: no time" in a.text for a in fig.layout.annotations)


def test_nothing_to_compare():
    fig = charts.what_if_chart(pd.DataFrame(columns=["scenario", "changes", "p50", "p85"]))
    assert "no scenarios" in fig.layout.annotations[0].text
