"""A map before its start, on its first day, and the goal most at risk (issue 15)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from metrics.test_progress import _nb_chance, _steady

from careermap import metrics

T = pd.Timestamp


@pytest.mark.parametrize("as_of", ["2026-11-15", "2020-01-01"])
def test_summary_before_the_start_is_nothing_done_nothing_overdue(new_map, sample, as_of):
    # the sample starts 2025-09-01 and has a year of history by 2026-11-15
    for m in (new_map, sample) if as_of < "2025-09-01" else (new_map,):
        s = metrics.summary(m, as_of=as_of).iloc[0]
        assert s["milestones_done"] == 0 and s["n_overdue"] == 0
        assert s["hours_this_month"] == 0.0 and s["hours_per_week_4w"] == 0.0
        assert pd.isna(s["forecast_p50"]) and pd.isna(s["prob_by_deadline"])
        assert pd.isna(s["days_since_last_log"]) and pd.isna(s["on_time_rate"])
        start = f"{m.people['start'].iloc[0]:%Y-%m-%d}"
        assert s["forecast_reason"] == f"the map starts on {start}, after {as_of}: nothing done yet"
        h = metrics.habit_summary(m, as_of=as_of).iloc[0]
        assert (h["current_streak"], h["longest_streak"], h["days"]) == (0, 0, 0)
        assert np.isnan(h["strength"])


def test_habit_summary_of_a_cohort_where_one_has_not_started(sample, new_map):
    """Before one person's start, their row is empty and the other's row is theirs."""
    both = replace(
        sample,
        **{
            name: pd.concat([frame, new_map.frames()[name]], ignore_index=True)
            for name, frame in sample.frames().items()
        },
    )
    h = metrics.habit_summary(both, as_of="2026-11-15").set_index("person_id")
    alone = metrics.habit_summary(sample, as_of="2026-11-15").set_index("person_id")
    pd.testing.assert_series_equal(h.loc["alex-rivera"], alone.loc["alex-rivera"])
    assert h.loc["sam-lee", "days"] == 0 and h.loc["sam-lee", "current_streak"] == 0


def test_first_day_forecast_says_nothing_is_done_yet_since_the_start(new_map):
    f = metrics.forecast(new_map, as_of="2026-11-29")
    person = f[f["level"] == "person"].iloc[0]
    assert person["weeks"] == 1 and pd.isna(person["p50"])
    assert person["reason"] == (
        "no milestone completed yet since the map's start on 2026-11-29 "
        "(the forecast needs at least one to learn your pace from)"
    )


def test_forecast_reason_agrees_in_number(build):
    # one milestone done in the single week of a 1-week window: "1 week", "1 milestone"
    m, as_of = _steady(build, [1], [("G1", "2025-07-31")])
    person = metrics.forecast(m, as_of=as_of, weeks=1).iloc[0]
    assert person["reason"] == (
        "1 milestone done in the last 1 week (mean 1.0 milestones a week); few completions "
        "to learn your pace from, so the dates are wide"
    )
    m, as_of = _steady(build, [0, 0], [("G1", "2025-07-31")])
    person = metrics.forecast(m, as_of=as_of, weeks=1).iloc[0]
    assert person["reason"] == (
        "no milestone completed in the last 1 week: no recent pace to forecast from"
    )


def _two_goals(build):
    """G1 due in 2 weeks with 4 milestones open, G2 due in a year: one done a week so far."""
    return _steady(
        build,
        [1, 1, 1, 1],
        [("G1", "2025-07-05"), ("G1", "2025-07-06"), ("G1", "2025-07-07"), ("G1", "2025-07-08")],
        deadline="2025-07-13",
    )


def test_goal_at_risk_is_the_lowest_chance_not_the_loosest_deadline(build):
    m, as_of = _two_goals(build)
    f = metrics.forecast(m, as_of=as_of, weeks=4)
    # 1 a week so far: 4 to finish G1 in the 2 weeks to its deadline is unlikely; the person
    # row takes G2's deadline (2026-06-30), a year away, and is nearly certain
    person = f[f["level"] == "person"].iloc[0]
    assert person["prob_by_deadline"] > 0.99
    g1 = _nb_chance(4, 4, 4, 2.0)
    risk = metrics.goal_at_risk(f, m.goals)
    assert risk[["person_id", "goal_id", "achievable"]].values.tolist() == [["p", "G1", False]]
    assert risk["prob_by_deadline"].item() == pytest.approx(g1)
    assert risk["title"].item() == "a goal" and risk["deadline"].item() == T("2025-07-13")
    s = metrics.summary(m, as_of=as_of, forecast_weeks=4).iloc[0]
    assert s["at_risk_goal"] == "G1" and s["prob_at_risk"] == pytest.approx(g1)


def test_smart_achievable_agrees_with_the_forecast(build):
    m, as_of = _two_goals(build)
    f = metrics.forecast(m, as_of=as_of, weeks=4)
    s = metrics.smart_check(m, as_of=as_of, forecast=f).set_index(["goal_id", "letter"])
    # 16 h open vs 6 h/week x 14 days = 12 h of capacity: does not fit in any case
    assert not s.loc[("G1", "A"), "ok"]
    # with more weekly hours the capacity fits, but the pace so far (1 a week) does not
    roomy = replace(m, people=m.people.assign(weekly_hours=40.0))
    s = metrics.smart_check(roomy, as_of=as_of, forecast=f).set_index(["goal_id", "letter"])
    assert not s.loc[("G1", "A"), "ok"]
    chance = f"{100 * _nb_chance(4, 4, 4, 2.0):.0f}%"
    assert s.loc[("G1", "A"), "reason"] == (
        f"fits the capacity, but at the pace so far the forecast gives a {chance} chance to "
        "finish by 2025-07-13"
    )
    assert s.loc[("G2", "A"), "reason"].startswith("no milestones planned")  # G2 is empty
    # without a forecast (nothing done yet) the capacity rule alone decides
    quiet = f.assign(prob_by_deadline=np.nan)
    s = metrics.smart_check(roomy, as_of=as_of, forecast=quiet).set_index(["goal_id", "letter"])
    assert s.loc[("G1", "A"), "ok"], s.loc[("G1", "A"), "reason"]


def test_goal_at_risk_ties_and_people_without_a_forecast():
    f = pd.DataFrame(
        {
            "person_id": ["a", "a", "a", "b", "b"],
            "level": ["person", "goal", "goal", "person", "goal"],
            "goal_id": [None, "G1", "G2", None, "G1"],
            "deadline": pd.to_datetime(
                ["2027-01-01", "2027-01-01", "2026-06-01", "2027-01-01", "2027-01-01"]
            ),
            "prob_by_deadline": [0.9, 0.5, 0.5, np.nan, np.nan],
        }
    )
    risk = metrics.goal_at_risk(f)
    # a tie at 50 %: the earlier deadline; 50 % is achievable; b has no forecast, no row
    assert risk[["person_id", "goal_id", "achievable"]].values.tolist() == [["a", "G2", True]]


def test_smart_relevance_names_the_role_by_its_title(sample):
    s = metrics.smart_check(sample, as_of="2026-11-15").set_index(["goal_id", "letter"])
    title = sample.target_roles.set_index("role_id").at["15-2051.01", "title"]
    assert s.loc[("G1", "R"), "reason"] == f"serves target role {title} (15-2051.01)"
