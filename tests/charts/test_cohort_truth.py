"""Cohort charts that tell the truth: who logged no hours, stable group colours, 0 vs no data,
threshold lines, titles clear of the ticks, empty states. Expected values are written by hand."""

from __future__ import annotations

import pandas as pd

from careermap import charts
from careermap.charts._cohort import group_colours
from careermap.share.privacy import pseudonym


def _summary(groups: list[str | None], days: list[float | None]) -> pd.DataFrame:
    n = len(groups)
    return pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(n)],
            "group": pd.Series(groups, dtype="object"),
            "days_since_last_log": pd.Series(days, dtype="Float64"),
            "progress_pct": [50.0] * n,
        }
    )


def test_time_mix_names_the_people_without_hours():
    mix = pd.DataFrame(
        {
            "person_id": ["a", "a"],
            "category": ["learning", "practice"],
            "hours": [3.0, 1.0],
            "total_hours": [4.0, 4.0],
            "share_pct": [75.0, 25.0],
        }
    )
    roster = pd.DataFrame({"person_id": ["a", "b", "c"]})
    fig = charts.time_mix_chart(mix, roster=roster)
    assert "(2 of 3 logged no hours)" in fig.layout.title.text
    idle = next(t for t in fig.data if t.name == "no hours logged")
    assert sorted(idle.y) == sorted([pseudonym("b"), pseudonym("c")])
    assert set(idle.text) == {"no hours logged"}
    assert list(fig.layout.yaxis.categoryarray)[-2:] == sorted([pseudonym("b"), pseudonym("c")])
    # without a roster, the old chart: only people with hours
    assert all(t.name != "no hours logged" for t in charts.time_mix_chart(mix).data)


def test_a_group_keeps_its_colour_when_filtered():
    everyone = _summary(["ops", "data", "design", None], [1, 2, 3, 4])
    all_groups = ["ops", "data", "design", None]
    full = charts.kpi_distributions(everyone, columns=["days_since_last_log"], groups=all_groups)
    only = charts.kpi_distributions(
        everyone[everyone["group"] == "ops"], columns=["days_since_last_log"], groups=all_groups
    )
    colour = {t.name: t.marker.color for t in full.data}
    assert colour == {
        "data": "#0072B2",
        "design": "#E69F00",
        "ops": "#009E73",
        "(no group)": "#5F6B7A",
    }
    assert [(t.name, t.marker.color) for t in only.data] == [("ops", "#009E73")]
    assert group_colours(all_groups) == {
        "data": "#0072B2",
        "design": "#E69F00",
        "ops": "#009E73",
        "(no group)": "#5F6B7A",
    }


def test_threshold_lines_and_titles_clear_of_ticks():
    frame = _summary(["a", "b"], [5, 40])
    fig = charts.kpi_distributions(
        frame,
        columns=["days_since_last_log", "progress_pct"],
        thresholds={"days_since_last_log": 30},
    )
    lines = [s for s in fig.layout.shapes if s.line.dash == "dash" and s.x0 == 30]
    assert len(lines) == 1 and lines[0].xref == "x"
    assert any(a.text == "threshold" for a in fig.layout.annotations)
    # the gap between panels, in pixels, leaves room for a tick row and a title (>= 70 px)
    top_of_lower = fig.layout.yaxis2.domain[1]
    bottom_of_upper = fig.layout.yaxis.domain[0]
    assert (bottom_of_upper - top_of_lower) * fig.layout.height >= 70


def test_a_column_without_data_says_so():
    frame = _summary(["a", "b"], [None, None])
    fig = charts.kpi_distributions(frame, columns=["days_since_last_log"])
    assert any(a.text == "no data for anyone shown" for a in fig.layout.annotations)


def test_group_comparison_tells_zero_from_missing():
    medians = pd.DataFrame(
        {
            "group": ["a", "b", "c"],
            "people": [3, 2, 1],
            "needs_attention": [1, 0, 0],
            "needs_attention_pct": [33.3, 0.0, 0.0],
            "days_since_last_log": [0.0, None, 12.0],
        }
    )
    fig = charts.group_comparison(medians, columns=["days_since_last_log"])
    days = fig.data[0]
    assert list(days.text) == ["0", "no data", "12"]
    assert days.textposition == "outside"


def test_empty_states():
    empty = _summary([], [])
    assert (
        "No people"
        in charts.kpi_distributions(empty, columns=["progress_pct"]).layout.annotations[0].text
    )
    mix = pd.DataFrame(columns=["person_id", "category", "hours", "total_hours", "share_pct"])
    fig = charts.time_mix_chart(mix, roster=pd.DataFrame({"person_id": ["a"]}))
    assert "No hours logged" in fig.layout.annotations[0].text
    assert "(1 of 1 logged no hours)" in fig.layout.title.text
