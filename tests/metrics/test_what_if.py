"""What-if scenarios and goal priorities: hand-computed cases, independent re-computation, and
hypothesis properties (more hours, less work and later deadlines never make things worse)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careermap import metrics
from careermap.errors import InvalidArgumentError
from careermap.model import CareerMap

AS_OF = pd.Timestamp("2026-11-15")


def logged_per_week(m: CareerMap, as_of: pd.Timestamp, weeks: int) -> float:
    """Plain pandas: hours logged in the ``weeks`` whole weeks ending on ``as_of``."""
    log = m.time_log
    inside = (log["date"] > as_of - pd.Timedelta(days=7 * weeks)) & (log["date"] <= as_of)
    return float(log.loc[inside, "hours"].sum()) / weeks


def one_open(sample: CareerMap, done_weeks_ago: list[int], deadline: str) -> CareerMap:
    """The sample reshaped: milestones done exactly ``w`` weeks (and a day) before AS_OF, one
    per week, and one open milestone in G1 whose deadline is ``deadline``."""
    ms = sample.milestones
    row = ms.iloc[[0]]
    rows = []
    for i, w in enumerate(done_weeks_ago):
        rows.append(
            row.assign(
                milestone_id=f"D{i}",
                planned=pd.Timestamp("2025-09-01"),
                target=pd.Timestamp("2026-12-31"),
                done=AS_OF - pd.Timedelta(days=7 * w + 1),
                dropped=pd.NaT,
            )
        )
    rows.append(
        row.assign(
            milestone_id="OPEN",
            planned=pd.Timestamp("2025-09-01"),
            target=pd.Timestamp("2026-12-31"),
            done=pd.NaT,
            dropped=pd.NaT,
        )
    )
    new = pd.concat(rows, ignore_index=True)
    for c in ("done", "dropped", "planned", "target"):
        new[c] = new[c].astype(ms[c].dtype)
    goals = sample.goals.copy()
    goals.loc[goals["goal_id"] == "G1", "deadline"] = pd.Timestamp(deadline)
    return replace(sample, milestones=new, reschedules=sample.reschedules.iloc[0:0], goals=goals)


# --- hand-computed ---------------------------------------------------------------------------


def test_one_open_milestone_matches_the_closed_form(sample):
    # 4 done in the 26-week window, one a week at most: Poisson (dispersion 1), shape 4.5,
    # rate 26 weeks; one clump left, so P(done within t weeks) = 1 - (b / (b + t)) ** a with
    # b = 26 / s at pace scale s. Twice the logged hours: s = 2.
    m = one_open(sample, [1, 5, 9, 13], "2027-03-31")
    basis = logged_per_week(m, AS_OF, 26)
    w = metrics.what_if(m, hours_per_week=2 * basis, as_of=AS_OF)
    a = 0.5 + 4
    for row, s in zip(w.scenarios.itertuples(), (1.0, 2.0), strict=True):
        b = 26 / s
        p50_days = math.ceil(7 * b * (2 ** (1 / a) - 1) - 1e-9)
        p85_days = math.ceil(7 * b * ((1 / 0.15) ** (1 / a) - 1) - 1e-9)
        assert row.pace_scale == pytest.approx(s)
        assert row.p50 == AS_OF + pd.Timedelta(days=p50_days)
        assert row.p85 == AS_OF + pd.Timedelta(days=p85_days)
        g1 = w.goals[(w.goals.scenario == row.scenario) & (w.goals.goal_id == "G1")].iloc[0]
        t = (pd.Timestamp("2027-03-31") - AS_OF).days / 7
        assert g1.prob_by_deadline == pytest.approx(1 - (b / (b + t)) ** a, abs=1e-9)


def test_the_baseline_is_the_main_forecast(sample):
    w = metrics.what_if(sample, hours_per_week=9, drop=["M12"], as_of=AS_OF)
    f = metrics.forecast(sample, as_of=AS_OF)
    base = w.scenarios.iloc[0]
    person = f[f.level == "person"].iloc[0]
    assert base.scenario == metrics._what_if.BASELINE
    assert (base.p50, base.p85) == (person.p50, person.p85)
    goals = w.goals[w.goals.scenario == base.scenario].set_index("goal_id")
    fg = f[f.level == "goal"].set_index("goal_id")
    pd.testing.assert_series_equal(
        goals["prob_by_deadline"], fg["prob_by_deadline"], check_names=False
    )
    risk = metrics.goal_at_risk(f)
    assert base.at_risk_goal == risk.goal_id.iloc[0]


def test_hours_scale_by_the_logged_hours(sample):
    from careermap.metrics._what_if import pace_scale

    basis = logged_per_week(sample, AS_OF, 26)
    assert pace_scale(sample, 12, as_of=AS_OF) == pytest.approx(12 / basis)
    assert pace_scale(sample, None, as_of=AS_OF) == 1.0
    w = metrics.what_if(sample, hours_per_week=12, as_of=AS_OF)
    assert w.scenarios.hours_per_week.tolist() == pytest.approx([basis, 12])
    assert w.scenarios.pace_scale.tolist() == pytest.approx([1, 12 / basis])


def test_no_hours_no_date(sample):
    w = metrics.what_if(sample, hours_per_week=0, as_of=AS_OF)
    row = w.scenarios.iloc[1]
    assert pd.isna(row.p50) and "no hours" in row.reason
    assert w.skills[w.skills.scenario == "what if"]["close_by"].isna().all()


def test_gap_dates_move_with_the_hours(sample):
    basis = logged_per_week(sample, AS_OF, 26)
    w = metrics.what_if(sample, hours_per_week=3 * basis, as_of=AS_OF)
    t = metrics.time_to_close(sample, as_of=AS_OF)
    t = t[(t.gap > 0) & t.close_by.notna()]
    moved = w.skills[w.skills.scenario == "what if"].dropna(subset=["close_by"])
    assert len(moved) == len(t) > 0
    for r, c in zip(t.itertuples(), moved.itertuples(), strict=True):
        assert c.close_by == AS_OF + pd.Timedelta(days=math.ceil((r.close_by - AS_OF).days / 3))


def test_pause_takes_the_goal_out_of_the_queue(sample):
    w = metrics.what_if(sample, pause=["G3"], as_of=AS_OF)
    g = w.goals[w.goals.scenario == "what if"].set_index("goal_id")
    assert g.loc["G3", "paused"] and pd.isna(g.loc["G3", "p50"])
    # G3's open milestones no longer come before G1's in the queue: G1 is done sooner
    base = w.goals[w.goals.scenario == metrics._what_if.BASELINE].set_index("goal_id")
    assert g.loc["G1", "p50"] < base.loc["G1", "p50"]
    assert w.scenarios.iloc[1].remaining == 4  # 7 open, 3 of them G3's


def test_added_milestone_counts_and_lands_where_its_target_says(sample):
    w = metrics.what_if(
        sample, add=[{"goal": "G1", "title": "Tableau", "effort_hours": 20}], as_of=AS_OF
    )
    assert w.scenarios.remaining.tolist() == [7, 8]
    g1 = w.goals[w.goals.goal_id == "G1"]
    assert g1.remaining.tolist() == [1, 2]
    assert (g1.p50.iloc[1] >= g1.p50.iloc[0]) and (
        g1.prob_by_deadline.iloc[1] <= g1.prob_by_deadline.iloc[0]
    )


def test_hours_by_goal_each_goal_its_own_stream(sample):
    basis = logged_per_week(sample, AS_OF, 26)
    w = metrics.what_if(sample, hours_by_goal={"G1": basis}, as_of=AS_OF)
    g = w.goals[w.goals.scenario == "what if"].set_index("goal_id")
    # all the hours to G1: G1 moves at the full pace on its own work (1 milestone), the
    # others get none and have no date
    assert g.loc["G1", "hours_per_week"] == pytest.approx(basis)
    assert g.loc["G2", "hours_per_week"] == pytest.approx(0.0)
    assert pd.isna(g.loc["G2", "p50"])
    # the same as the queue with only G1's work open (the others dropped from it)
    ms = sample.milestones.copy()
    ms.loc[ms.goal_id != "G1", "dropped"] = AS_OF - pd.Timedelta(days=1)
    alone = metrics.forecast(replace(sample, milestones=ms), as_of=AS_OF)
    alone = alone[alone.level == "goal"].set_index("goal_id")
    assert (g.loc["G1", "p50"], g.loc["G1", "p85"]) == (
        alone.loc["G1", "p50"],
        alone.loc["G1", "p85"],
    )
    assert g.loc["G1", "prob_by_deadline"] == pytest.approx(alone.loc["G1", "prob_by_deadline"])


def test_bad_levers_are_all_reported(sample):
    with pytest.raises(InvalidArgumentError) as err:
        metrics.what_if(
            sample,
            drop=["M1", "M99"],
            deadlines={"G9": "2027-01-01"},
            pause=["G7"],
            hours_per_week=-1,
            as_of=AS_OF,
        )
    text = str(err.value)
    assert "5 problem" in text
    for part in ("'M1' is not open", "'M99' is unknown", "'G9'", "'G7'", "hours_per_week"):
        assert part in text


def test_the_map_is_not_changed(sample):
    before = sample.milestones.copy(), sample.goals.copy()
    metrics.what_if(sample, drop=["M12"], deadlines={"G1": "2028-01-01"}, as_of=AS_OF)
    pd.testing.assert_frame_equal(sample.milestones, before[0])
    pd.testing.assert_frame_equal(sample.goals, before[1])


def test_the_table_puts_scenarios_side_by_side(sample):
    w = metrics.what_if(sample, scenarios={"more": {"hours_per_week": 10}}, as_of=AS_OF)
    table = w.table()
    assert table.columns.tolist() == [metrics._what_if.BASELINE, "more"]
    assert table.loc["hours a week", "more"] == "10 h"
    assert table.loc["finish (P50)", "more"] == f"{w.scenarios.p50.iloc[1]:%Y-%m-%d}"


# --- priorities -------------------------------------------------------------------------------


def test_goal_priorities_against_a_plain_recomputation(sample):
    p = metrics.goal_priorities(sample, as_of=AS_OF).set_index("goal_id")
    f = metrics.forecast(sample, as_of=AS_OF)
    fg = f[f.level == "goal"].set_index("goal_id")
    gaps = metrics.skill_gaps(sample, as_of=AS_OF)
    owed = np.where(gaps.assessed, gaps.weighted_gap, gaps.weight)
    gaps = gaps.assign(owed=np.nan_to_num(owed))
    ms = sample.milestones
    open_ids = {"M5", "M9", "M11", "M12", "M15", "M16", "M17"}  # read off the sample
    effort = ms[ms.milestone_id.isin(open_ids)].groupby("goal_id")["effort_hours"].sum()
    skills = sample.milestone_skills.merge(ms[["milestone_id", "goal_id"]], on="milestone_id")
    skills = skills[skills.milestone_id.isin(open_ids)]
    role_of = {"G1": "15-2051.01", "G2": "15-2041.00", "G3": "15-2051.01"}  # G3: vision
    for goal, prio in (("G1", 1), ("G2", 2), ("G3", 3)):
        role = gaps[gaps.role_id == role_of[goal]]
        trained = set(skills.loc[skills.goal_id == goal, "skill_id"])
        share = role.loc[role.skill_id.isin(trained), "owed"].sum() / role["owed"].sum()
        need = 1 - fg.loc[goal, "prob_by_deadline"]
        score = (1 + share) / prio * need / effort[goal] * 10
        assert p.loc[goal, "effort_remaining"] == effort[goal]
        assert p.loc[goal, "gap_share"] == pytest.approx(share)
        assert p.loc[goal, "feed_score"] == pytest.approx(score)
    assert p.sort_values("rank").index.tolist() == ["G1", "G2", "G3"]
    assert p.loc["G1", "feed_first"]


def test_a_goal_with_nothing_open_is_never_fed_first(sample):
    ms = sample.milestones.copy()
    ms.loc[ms.goal_id == "G1", "dropped"] = pd.Timestamp("2026-01-01")
    p = metrics.goal_priorities(replace(sample, milestones=ms), as_of=AS_OF).set_index("goal_id")
    assert p.loc["G1", "feed_score"] == 0 and not p.loc["G1", "feed_first"]
    assert p.loc["G1", "why"] == "nothing open"


# --- properties on generated maps ---------------------------------------------------------------


@st.composite
def generated(draw, sample: CareerMap) -> tuple[CareerMap, pd.Timestamp]:
    """A map with the sample's person, goals and logs and 3-14 generated milestones."""
    n = draw(st.integers(3, 14))
    as_of = AS_OF - pd.Timedelta(days=draw(st.integers(0, 200)))
    row = sample.milestones.iloc[[0]]
    rows = []
    for i in range(n):
        done_ago = draw(st.one_of(st.none(), st.integers(1, 300)))
        rows.append(
            row.assign(
                goal_id=draw(st.sampled_from(["G1", "G2", "G3"])),
                milestone_id=f"M{i + 1}",
                planned=pd.Timestamp("2025-09-01"),
                target=as_of + pd.Timedelta(days=draw(st.integers(-100, 400))),
                effort_hours=float(draw(st.integers(1, 40))),
                done=pd.NaT if done_ago is None else as_of - pd.Timedelta(days=done_ago),
                dropped=pd.NaT,
            )
        )
    ms = pd.concat(rows, ignore_index=True)
    for c in ("done", "dropped", "planned", "target"):
        ms[c] = ms[c].astype(sample.milestones[c].dtype)
    m = replace(sample, milestones=ms, reschedules=sample.reschedules.iloc[0:0])
    return m, as_of


def _not_later(a: pd.Series, b: pd.Series) -> None:
    """Every date of ``b`` is no later than ``a``'s (a missing date is 'never')."""
    a, b = a.to_numpy(), b.to_numpy()
    ok = np.isnat(a) | (~np.isnat(b) & (b <= a))
    assert ok.all(), (a.tolist(), b.tolist())


def _not_lower(a: pd.Series, b: pd.Series) -> None:
    both = a.notna() & b.notna()
    assert (b[both] >= a[both] - 1e-12).all(), (a.tolist(), b.tolist())


PROPS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPS
@given(data=st.data(), h1=st.floats(0.5, 30), more=st.floats(0, 30))
def test_more_hours_never_make_a_finish_later(sample, data, h1, more):
    m, as_of = data.draw(generated(sample))
    by = data.draw(st.sampled_from(["count", "effort"]))
    w = metrics.what_if(
        m,
        scenarios={"less": {"hours_per_week": h1}, "more": {"hours_per_week": h1 + more}},
        as_of=as_of,
        by=by,
    )
    s = w.scenarios.set_index("scenario")
    _not_later(s.loc[["less"], "p50"], s.loc[["more"], "p50"].set_axis(["less"]))
    _not_later(s.loc[["less"], "p85"], s.loc[["more"], "p85"].set_axis(["less"]))
    g = w.goals.set_index(["scenario", "goal_id"])
    for col in ("p50", "p85"):
        _not_later(g.loc["less", col], g.loc["more", col])
    _not_lower(g.loc["less", "prob_by_deadline"], g.loc["more", "prob_by_deadline"])
    sk = w.skills.set_index("scenario")
    _not_later(sk.loc["less", "close_by"], sk.loc["more", "close_by"])


@PROPS
@given(data=st.data())
def test_dropping_work_never_makes_a_finish_later(sample, data):
    m, as_of = data.draw(generated(sample))
    from careermap.metrics._burndown import open_on

    open_ids = m.milestones.loc[open_on(m, as_of), "milestone_id"].tolist()
    drop = data.draw(st.lists(st.sampled_from(open_ids), unique=True)) if open_ids else []
    by = data.draw(st.sampled_from(["count", "effort"]))
    w = metrics.what_if(m, drop=drop, as_of=as_of, by=by)
    base, what = w.scenarios.iloc[0], w.scenarios.iloc[-1]
    if what.remaining > 0:  # with nothing left there is no date to compare: it is done
        _not_later(pd.Series([base.p50, base.p85]), pd.Series([what.p50, what.p85]))
    g = w.goals.set_index(["scenario", "goal_id"])
    b, d = g.loc[metrics._what_if.BASELINE], g.loc[w.scenarios.scenario.iloc[-1]]
    still = d["remaining"] > 0  # a goal whose open work is all dropped has nothing left
    _not_later(b.loc[still, "p50"], d.loc[still, "p50"])
    _not_later(b.loc[still, "p85"], d.loc[still, "p85"])
    _not_lower(b.loc[still, "prob_by_deadline"], d.loc[still, "prob_by_deadline"])


@PROPS
@given(data=st.data(), shift=st.integers(-400, 400), later=st.integers(0, 400))
def test_a_later_deadline_never_lowers_the_chance(sample, data, shift, later):
    m, as_of = data.draw(generated(sample))
    goal = data.draw(st.sampled_from(["G1", "G2", "G3"]))
    d1 = as_of + pd.Timedelta(days=shift)
    d2 = d1 + pd.Timedelta(days=later)
    w = metrics.what_if(
        m,
        scenarios={"sooner": {"deadlines": {goal: d1}}, "later": {"deadlines": {goal: d2}}},
        as_of=as_of,
    )
    g = w.goals.set_index(["scenario", "goal_id"])["prob_by_deadline"]
    a, b = g.loc[("sooner", goal)], g.loc[("later", goal)]
    assert (pd.isna(a) and pd.isna(b)) or b >= a - 1e-12
