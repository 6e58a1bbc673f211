"""metrics.weekly_review against hand-computed cases and plain-pandas re-computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _maps import TIME_LOG

import careermap
from careermap import metrics
from careermap.demo import generate_cohort
from careermap.errors import InvalidArgumentError

WINDOW_LOG = TIME_LOG + (
    "2025-02-28,4,learning,G1,M1,,on the day of the last review: not in the window\n"
    "2025-03-05,2,learning,G1,M1,,\n"
    "2025-03-10,1,practice,,M2,,goal from the milestone\n"
    "2025-03-15,0.5,other,,,,no goal\n"
)


@pytest.fixture
def sam(make_map):
    return careermap.load(make_map({"time_log.csv": WINDOW_LOG}))


def test_hand_computed_window(sam):
    r = metrics.weekly_review(sam, as_of="2025-04-05")
    # the last review before 5 April is 28 February: the window is 1 March .. 5 April (36 days)
    assert r.since == pd.Timestamp("2025-02-28") and r.last_review == r.since
    assert r.done["milestone_id"].tolist() == ["M1"]
    assert r.celebration == "Well done: 1 milestone reached (M1 SQL course)."
    assert r.capacity_hours == pytest.approx(6 * 36 / 7)
    assert r.logged_hours == pytest.approx(3.5)
    hours = r.hours.set_index(r.hours["goal_id"].fillna("none"))
    assert hours.loc["G1", "logged_hours"] == pytest.approx(3.0)
    assert hours.loc["none", "logged_hours"] == pytest.approx(0.5)
    assert hours.loc["G2", "logged_hours"] == 0
    # M1: 20 h over 6 Jan .. 31 Mar (85 days; its target after the reschedule), 31 in the
    # window; M2: 30 h over 6 Jan .. 30 Jun (176 days), 36 in it; M3 (G2): 10 h over
    # 1 Feb .. 30 Sep (242 days), dropped 1 May, 36 in it
    assert hours.loc["G1", "planned_hours"] == pytest.approx(20 * 31 / 85 + 30 * 36 / 176)
    assert hours.loc["G2", "planned_hours"] == pytest.approx(10 * 36 / 242)
    by_name = r.skills.set_index("skill")
    assert by_name.loc["Programming", "before"] == pytest.approx(2.0)
    assert by_name.loc["Programming", "now"] == pytest.approx((2 * 1 + 3 * 2) / 3)
    assert np.isnan(by_name.loc["Data storytelling", "before"])
    assert by_name.loc["Data storytelling", "now"] == pytest.approx(2.0)
    assert len(r.skills) == 2
    assert r.slipped.empty and r.still_overdue == 0


def test_reschedule_slip_and_due(sam):
    r = metrics.weekly_review(sam, since="2025-01-15", as_of="2025-04-05")
    assert pd.isna(r.last_review)
    s = r.slipped.iloc[0]
    assert (s["id"], s["what"], s["reason"]) == ("M1", "rescheduled", "flu")
    assert (s["target"], s["new_target"]) == (
        pd.Timestamp("2025-03-01"),
        pd.Timestamp("2025-03-31"),
    )
    late = metrics.weekly_review(sam, as_of="2025-07-05")
    assert late.slipped[["id", "what"]].values.tolist() == [["M2", "target passed"]]
    again = metrics.weekly_review(sam, since="2025-07-05", as_of="2025-07-12")
    assert again.slipped.empty and again.still_overdue == 1
    due = metrics.weekly_review(sam, as_of="2025-06-20")
    assert due.due[["kind", "id", "date"]].values.tolist() == [
        ["milestone", "M2", pd.Timestamp("2025-06-30")]
    ]
    assert metrics.weekly_review(sam, as_of="2025-06-16").due.empty  # 30 June: 15 days out


def test_no_review_yet_means_the_last_week(make_map):
    m = careermap.load(make_map({"reviews.csv": "date,satisfaction,motivation,confidence,"
                                                "alignment,note\n"}))  # fmt: skip
    r = metrics.weekly_review(m, as_of="2025-03-31")
    assert r.since == pd.Timestamp("2025-03-24") and pd.isna(r.last_review)
    assert "Since 2025-03-24 (7 days)." in r.to_markdown()


def test_at_risk_is_goal_at_risk(sam):
    r = metrics.weekly_review(sam, as_of="2025-04-05")
    expected = metrics.goal_at_risk(metrics.forecast(sam, as_of="2025-04-05"), sam.goals)
    pd.testing.assert_frame_equal(r.at_risk, expected)


def test_bad_arguments(sam, tmp_path):
    with pytest.raises(InvalidArgumentError, match=r"since must be a date .*got 'soon'"):
        metrics.weekly_review(sam, since="soon", as_of="2025-04-05")
    with pytest.raises(InvalidArgumentError, match="since must be on or before as_of"):
        metrics.weekly_review(sam, since="2025-05-01", as_of="2025-04-05")
    cohort = careermap.load(generate_cohort(tmp_path / "c", people=2, seed=1))
    with pytest.raises(InvalidArgumentError, match=r"takes one person.s map; .* 2 people"):
        metrics.weekly_review(cohort, as_of="2026-11-15")


def test_the_map_is_not_changed(sam):
    before = {k: v.copy() for k, v in sam.frames().items()}
    metrics.weekly_review(sam, as_of="2025-04-05")
    for name, frame in sam.frames().items():
        pd.testing.assert_frame_equal(frame, before[name])


# -- generated maps, re-computed with plain pandas ----------------------------------------


def _target_on(m, day):
    """Each milestone's target in force on ``day`` (plain pandas): the ``from`` of its first
    reschedule made after ``day``, else its target."""
    rs = m.reschedules[m.reschedules["on"] > day].sort_values("on", kind="stable")
    first = rs.drop_duplicates("milestone_id").set_index("milestone_id")["from_target"]
    ms = m.milestones.set_index("milestone_id")
    return first.reindex(ms.index).fillna(ms["target"])


def _overdue_on(m, day):
    ms = m.milestones.set_index("milestone_id")
    target = _target_on(m, day)
    open_ = (ms["done"].isna() | (ms["done"] > day)) & (
        ms["dropped"].isna() | (ms["dropped"] > day)
    )
    return set(ms.index[open_ & (target < day) & (ms["planned"].fillna(target) <= day)])


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    return careermap.load(generate_cohort(tmp_path_factory.mktemp("demo") / "c", people=8, seed=7))


@pytest.mark.parametrize(("since", "as_of"), [("2026-10-01", "2026-11-15"),
                                              ("2026-03-01", "2026-04-12")])  # fmt: skip
def test_against_plain_pandas(cohort, since, as_of):
    since, as_of = pd.Timestamp(since), pd.Timestamp(as_of)
    for pid in cohort.person_ids:
        m = cohort.person(pid)
        r = metrics.weekly_review(m, since=since, as_of=as_of)
        ms = m.milestones.set_index("milestone_id")
        planned = ms["planned"].fillna(ms["target"])

        done = ms.index[
            ms["done"].between(since, as_of, inclusive="right")
            & (planned <= as_of)
            & ~(ms["dropped"] <= as_of)
        ]
        assert sorted(r.done["milestone_id"]) == sorted(done), pid

        log = m.time_log[(m.time_log["date"] > since) & (m.time_log["date"] <= as_of)]
        goal_of_ms = ms["goal_id"]
        goal_of_action = m.actions.set_index("action_id")["goal_id"]
        goal = log["goal_id"].fillna(log["milestone_id"].map(goal_of_ms))
        goal = goal.fillna(log["action_id"].map(goal_of_action))
        expected = log.groupby(goal.fillna("none"))["hours"].sum()
        got = r.hours.assign(g=r.hours["goal_id"].fillna("none")).set_index("g")["logged_hours"]
        got = got[got > 0]
        pd.testing.assert_series_equal(
            got.sort_index(), expected.sort_index(), check_names=False, atol=1e-9
        )
        assert r.logged_hours == pytest.approx(log["hours"].sum())
        person = m.people.iloc[0]
        first = max(since + pd.Timedelta(days=1), person["start"])
        days = max((as_of - first).days + 1, 0)
        assert r.capacity_hours == pytest.approx(person["weekly_hours"] * days / 7)

        end = as_of + pd.Timedelta(days=13)
        target = _target_on(m, as_of)
        open_ = (ms["done"].isna() | (ms["done"] > as_of)) & ~(ms["dropped"] <= as_of)
        due_ms = ms.index[open_ & target.between(as_of, end) & (planned <= as_of)]
        acts = m.actions
        act_open = (acts["done"].isna() | (acts["done"] > as_of)) & acts["milestone_id"].map(
            ~(ms["dropped"] <= as_of) & (planned <= as_of)
        )
        due_acts = acts.loc[act_open & acts["due"].between(as_of, end), "action_id"]
        due = r.due.groupby("kind")["id"].apply(sorted).to_dict()
        assert due.get("milestone", []) == sorted(due_ms), pid
        assert due.get("action", []) == sorted(due_acts), pid

        newly = _overdue_on(m, as_of) - _overdue_on(m, since)
        slipped = r.slipped
        got_late = slipped.loc[slipped["what"] == "target passed", "id"]
        assert sorted(got_late) == sorted(newly), pid
        assert r.still_overdue == len(_overdue_on(m, as_of) & _overdue_on(m, since))
        rs = m.reschedules[(m.reschedules["on"] > since) & (m.reschedules["on"] <= as_of)]
        assert (slipped["what"] == "rescheduled").sum() == len(rs)

        a = m.assessments
        assessed = set(a.loc[(a["date"] > since) & (a["date"] <= as_of), "skill_id"])
        assert set(r.skills["skill_id"]) == assessed


@pytest.mark.parametrize("day", ["2025-10-20", "2026-03-05", "2026-07-26"])
def test_a_map_truncated_to_the_day_gives_the_same_review(day):
    """Nothing written after as_of changes the review (as tests/metrics/test_as_of.py checks
    for the metrics that return a frame)."""
    from _asof import truncate

    m = careermap.load(careermap.sample_path())
    full = metrics.weekly_review(m, as_of=day)
    cut = metrics.weekly_review(truncate(m, day), as_of=day)
    assert full.to_markdown() == cut.to_markdown()
    for name in ("done", "goals_done", "hours", "skills", "slipped", "due", "at_risk"):
        pd.testing.assert_frame_equal(getattr(full, name), getattr(cut, name), obj=name)
