"""Every personal chart on "nothing yet": an empty frame, a single row, a brand-new map.

An empty state is a figure with no traces, both axes hidden and a plain sentence saying what
is missing (first line) and where to add it (second line); never empty axes with ticks.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from charts._checks import empty_message

import careermap
from careermap import charts, metrics
from careermap.store import init_map

START = dt.date(2026, 11, 29)


# (chart, call on a brand-new map on its start day, headline, words of the hint)
NEW_MAP = [
    (
        "burndown",
        lambda m, a: charts.burndown_chart(
            metrics.burndown(m, freq="W", as_of=a), metrics.forecast(m, as_of=a)
        ),
        "too early for a burndown",
        "2 milestones in the plan, 0 done so far",
    ),
    (
        "time allocation",
        lambda m, a: charts.time_allocation_chart(metrics.time_allocation(m, as_of=a)),
        "no time logged yet",
        "notebook 04",
    ),
    (
        "planned vs actual",
        lambda m, a: charts.planned_vs_actual_chart(metrics.planned_vs_actual(m, as_of=a)),
        "no time logged yet",
        "careermap log",
    ),
    ("calendar", lambda m, a: charts.logging_calendar(m.time_log), "no time logged yet", "04"),
    (
        "gap trend",
        lambda m, a: charts.gap_trend_chart(metrics.gap_trend(m, as_of=a)),
        "no skill assessments yet",
        "rate your skills",
    ),
    (
        "skill history",
        lambda m, a: charts.skill_history_chart(m.assessments),
        "no skill assessments yet",
        "notebook 04",
    ),
    (
        "skill investment",
        lambda m, a: charts.skill_investment_chart(metrics.skill_investment(m, as_of=a)),
        "no skill has both logged hours and two assessments yet",
        "re-assess",
    ),
    (
        "radar",
        lambda m, a: charts.skill_radar(metrics.skill_gaps(m, as_of=a)),
        "assess at least three skills that your target roles need to see the radar",
        None,
    ),
]


@pytest.mark.parametrize("name, call, headline, hint", NEW_MAP, ids=[c[0] for c in NEW_MAP])
def test_brand_new_map_on_its_first_day(new_map, name, call, headline, hint):
    fig = call(new_map, START.isoformat())
    assert empty_message(fig) == headline
    if hint:
        assert hint in empty_message(fig, hint=True)


def test_brand_new_map_before_its_start(new_map):
    a = "2026-11-15"
    burndown = charts.burndown_chart(metrics.burndown(new_map, as_of=a))
    # the milestones exist: it says when they start, not "add milestones"
    assert empty_message(burndown) == "nothing in the plan yet on this date"
    assert f"start on {START}" in empty_message(burndown, hint=True)
    pva = charts.planned_vs_actual_chart(metrics.planned_vs_actual(new_map, as_of=a))
    assert empty_message(pva) == "no time logged yet"


def test_charts_that_draw_a_plan_still_draw_it_on_a_new_map(new_map):
    """The roadmap, the gap bars and the market have something real to show on day one."""
    roadmap = charts.roadmap_timeline(new_map, as_of=START)
    assert {t.name for t in roadmap.data if t.type == "bar"} == {"open"}
    gaps = charts.skill_gap_bars(metrics.skill_gaps(new_map, as_of=START))
    assert gaps.data[0].name == "not assessed yet"
    market = charts.market_chart(metrics.market(new_map))
    assert [t.name for t in market.data] == ["Business Intelligence Analysts"]


def test_empty_frames(burndown_frame, allocation_frame, pva_frame, trend_frame, gaps_frame):
    none = {
        "burndown": charts.burndown_chart(burndown_frame.iloc[0:0]),
        "allocation": charts.time_allocation_chart(allocation_frame.iloc[0:0]),
        "pva": charts.planned_vs_actual_chart(pva_frame.iloc[0:0]),
        "trend": charts.gap_trend_chart(trend_frame.iloc[0:0]),
        "gaps": charts.skill_gap_bars(gaps_frame.iloc[0:0]),
        "market": charts.market_chart(
            pd.DataFrame(columns=["role_id", "title", "change_pct", "openings", "median_wage"])
        ),
    }
    said = {k: empty_message(v) for k, v in none.items() if k != "market"}
    assert said == {
        "burndown": "no milestones planned by this date",
        "allocation": "no time logged yet",
        "pva": "no time logged yet",
        "trend": "no skill assessments yet",
        "gaps": "no target role with O*NET skill requirements yet",
    }
    market = none["market"]  # (its source line is a second annotation)
    assert not market.data and market.layout.xaxis.visible is False
    assert market.layout.annotations[0].text.startswith("no target roles yet<br>")
    unrated = pd.DataFrame(
        {"role_id": ["x"], "title": ["X"], "change_pct": [None], "openings": [1.0],
         "median_wage": [1.0]}
    )  # fmt: skip
    text = charts.market_chart(unrated).layout.annotations[0].text
    assert text == "no BLS projections for these roles"


def test_single_rows(burndown_frame, allocation_frame, pva_frame):
    one = burndown_frame.iloc[[0]]  # ana's first week: 4 milestones, none done
    assert empty_message(charts.burndown_chart(one)) == "too early for a burndown"
    assert empty_message(charts.burndown_chart(one), hint=True).startswith(
        "4 milestones in the plan, 0 done so far"
    )
    burnup = charts.burndown_chart(one, kind="burnup")
    assert empty_message(burnup) == "too early for a burnup"
    # one week of hours is a real bar: drawn, with its value
    week = allocation_frame.iloc[[1]]
    fig = charts.time_allocation_chart(week)
    assert [(t.name, list(t.y)) for t in fig.data] == [("learning", [3.0])]
    pva = charts.planned_vs_actual_chart(pva_frame.iloc[[0]])
    assert pva.data[0].name == "actual" and list(pva.data[0].y) == [
        pva_frame["actual_hours"].iloc[0]
    ]
    # a week with zero hours is "no time logged yet", not an empty bar
    zero = pva_frame.iloc[[0]].assign(actual_hours=0.0)
    assert empty_message(charts.planned_vs_actual_chart(zero)) == "no time logged yet"


def test_goal_filter_emptied_says_no_goal_selected(sample):
    fig = charts.roadmap_timeline(sample, as_of="2026-11-15", goals=[])
    assert empty_message(fig) == "no goal selected"


def test_no_goals_says_where_to_add_one(sample):
    m = sample.only_goals([])
    for fig in (
        charts.roadmap_timeline(m, as_of="2026-11-15"),
        charts.strategy_map(m, as_of="2026-11-15"),
    ):
        assert empty_message(fig) == "no goals in this map yet"
        assert "goals: in roadmap.yaml" in empty_message(fig, hint=True)


def test_calendar_range_without_logs_names_the_period(time_log):
    fig = charts.logging_calendar(time_log, start="2030-01-01", end="2030-02-01")
    assert empty_message(fig) == "no time logged in this period"


def test_empty_message_text_is_escaped():
    fig = charts._core.empty_figure("<b>x</b>: y & z", title="t")
    assert fig.layout.annotations[0].text.startswith("&lt;b&gt;x&lt;/b&gt;<br>")


def test_before_the_start_the_burndown_says_when_the_plan_starts(new_map):
    """Milestones exist, they start later: not "no milestones planned" (which sends a person
    to add milestones they already have)."""
    before = START - dt.timedelta(days=30)
    fig = charts.burndown_chart(metrics.burndown(new_map, freq="W", as_of=before))
    assert empty_message(fig) == "nothing in the plan yet on this date"
    # init's two milestones enter the plan on the map's start
    assert empty_message(fig, hint=True) == (
        f"2 milestones start on {START}; look from that date on to see the chart"
    )


def test_a_map_without_milestones_still_says_add_them(tmp_path):
    folder = init_map(tmp_path / "no-ms", start=START)
    text = (folder / "roadmap.yaml").read_text(encoding="utf-8")
    (folder / "roadmap.yaml").write_text(
        text.split("    milestones:")[0] + "    milestones: []\n", encoding="utf-8"
    )
    m = careermap.load(folder)
    fig = charts.burndown_chart(metrics.burndown(m, freq="W", as_of=START - dt.timedelta(days=9)))
    assert empty_message(fig) == "no milestones planned by this date"


def test_no_assessment_is_not_no_gap():
    """With nothing assessed, the gap is unknown: say how many requirements wait for one."""
    frame = pd.DataFrame(
        {
            "role_id": ["r1"] * 3,
            "role_title": ["Data analyst"] * 3,
            "skill": ["Writing", "Speaking", "Mathematics"],
            "gap": [float("nan")] * 3,
            "last_assessed": pd.NaT,
            "close_by": pd.NaT,
            "reason": "not assessed yet",
        }
    )
    fig = charts.time_to_close_chart(frame, role_id="r1")
    assert empty_message(fig) == "none of the 3 skills Data analyst requires is assessed yet"
    assert "notebook 04" in empty_message(fig, hint=True)
    frame.loc[0, "gap"] = -0.5  # one assessed and met, two not assessed
    fig = charts.time_to_close_chart(frame, role_id="r1")
    assert empty_message(fig) == "no assessed skill is below what Data analyst requires"
    assert empty_message(fig, hint=True).startswith("2 of its 3 skills are not assessed yet")
