"""goal_pace and goal_trajectory against hand-computed values and a plain-pandas re-computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careermap import metrics

T = pd.Timestamp
AS_OF = "2026-11-15"
MONTH = 365.25 / 12


def test_sample_goals_by_hand(sample):
    p = metrics.goal_pace(sample, as_of=AS_OF).set_index("goal_id")
    # G1: interviews 0 -> 6 from 2025-09-01 to 2027-03-31; 3 done by 2026-10-31
    g1 = p.loc["G1"]
    assert g1["value"] == 3 and g1["measured"] == T("2026-10-31")
    assert g1["progress"] == 0.5
    assert g1["expected"] == pytest.approx(440 / 576)  # days gone / days from start to deadline
    assert g1["pace_per_month"] == pytest.approx(3 / (440 / MONTH))
    assert g1["required_per_month"] == pytest.approx(3 / (136 / MONTH))
    assert g1["projected"] == pytest.approx(3 + 3 / 440 * 136)
    assert not g1["on_pace"] and g1["status"] == "behind"
    # G3 has no metric, baseline or target
    assert p.loc["G3", "status"] == "no target" and np.isnan(p.loc["G3", "progress"])


def test_goal_pace_matches_plain_pandas(sample):
    got = metrics.goal_pace(sample, as_of=AS_OF).set_index("goal_id")
    as_of = T(AS_OF)
    start = sample.people["start"].iloc[0]
    prog = sample.goal_progress[sample.goal_progress["date"] <= as_of]
    for goal in sample.goals.itertuples():
        if pd.isna(goal.target):
            continue
        rows = prog[prog["goal_id"] == goal.goal_id].sort_values("date")
        value = rows["value"].iloc[-1]
        progress = (value - goal.baseline) / (goal.target - goal.baseline)
        expected = (as_of - start).days / (goal.deadline - start).days
        assert got.loc[goal.goal_id, "progress"] == pytest.approx(progress)
        assert got.loc[goal.goal_id, "expected"] == pytest.approx(expected)
        assert got.loc[goal.goal_id, "on_pace"] == (progress >= expected)


def _goals(build, progress, **goal):
    g = {"person_id": "p", "goal_id": "G1", "baseline": 10.0, "target": 4.0,
         "deadline": T("2025-12-31"), **goal}  # fmt: skip
    rows = [{"person_id": "p", "goal_id": "G1", "date": T(d), "value": v} for d, v in progress]
    return build([{"person_id": "p", "start": T("2025-01-01")}], [g], goal_progress=rows)


def test_a_target_below_the_baseline(build):
    # weekly overtime hours 10 -> 4 over 2025; 7 by 2025-07-02 (half the year gone):
    # half the way down, on the line
    m = _goals(build, [("2025-03-01", 9.0), ("2025-07-01", 7.0)])
    p = metrics.goal_pace(m, as_of="2025-07-02").iloc[0]
    assert p["progress"] == pytest.approx(0.5)
    assert p["expected"] == pytest.approx(182 / 364)
    assert p["on_pace"] and p["status"] == "on pace"
    assert p["required_per_month"] < 0  # the value has to keep falling
    t = metrics.goal_trajectory(m, as_of="2025-07-02")
    assert t["progress"].tolist() == pytest.approx([1 / 6, 0.5])


def test_reached_missed_and_unmeasured(build):
    reached = _goals(build, [("2025-06-01", 3.0)])
    assert metrics.goal_pace(reached, as_of="2025-07-01")["status"].item() == "reached"
    missed = _goals(build, [("2025-06-01", 8.0)])
    late = metrics.goal_pace(missed, as_of="2026-02-01").iloc[0]
    assert late["status"] == "missed" and np.isnan(late["required_per_month"])
    none = _goals(build, [])
    p = metrics.goal_pace(none, as_of="2025-07-01").iloc[0]
    assert p["status"] == "no measurement" and p["value"] == 10.0 and not p["on_pace"]
    # a measurement after as_of is not seen
    future = _goals(build, [("2025-09-01", 4.0)])
    assert metrics.goal_pace(future, as_of="2025-07-01")["status"].item() == "no measurement"
    flat = _goals(build, [("2025-06-01", 10.0)], target=10.0)
    assert metrics.goal_pace(flat, as_of="2025-07-01")["status"].item() == "no target"


def test_goal_hours_match_plain_pandas(sample):
    as_of = T(AS_OF)
    got = metrics.goal_hours(sample, as_of=AS_OF)
    per_goal = got[got["goal_id"].notna()].set_index("goal_id")
    ms = sample.milestones
    log = sample.time_log[sample.time_log["date"] <= as_of].copy()
    # fill a row's goal from its milestone, or its action's milestone
    act_ms = sample.actions.set_index("action_id")["milestone_id"]
    ms_goal = ms.set_index("milestone_id")["goal_id"]
    milestone = log["milestone_id"].fillna(log["action_id"].map(act_ms))
    goal = log["goal_id"].fillna(milestone.map(ms_goal))
    for g in sample.goals["goal_id"]:
        mine = ms[ms["goal_id"] == g]
        live = mine[~(mine["dropped"] <= as_of)]
        done = mine[mine["done"] <= as_of]
        assert per_goal.loc[g, "planned_hours"] == pytest.approx(live["effort_hours"].sum())
        assert per_goal.loc[g, "logged_hours"] == pytest.approx(log.loc[goal == g, "hours"].sum())
        done_log = log.loc[milestone.isin(done["milestone_id"]), "hours"].sum()
        assert per_goal.loc[g, "done_logged"] == pytest.approx(done_log)
        assert per_goal.loc[g, "done_ratio"] == pytest.approx(done_log / done["effort_hours"].sum())
    unlinked = got.loc[got["goal_id"].isna(), "unlinked_hours"].item()
    assert unlinked == pytest.approx(log.loc[goal.isna(), "hours"].sum())
    assert unlinked + per_goal["logged_hours"].sum() == pytest.approx(log["hours"].sum())
