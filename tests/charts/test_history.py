"""Charts of metrics that had none: slip, reviews, estimates, time to close, streaks,
planned vs logged per goal, the trend per time category."""

from __future__ import annotations

import pandas as pd
from charts._checks import AS_OF, assert_hover_everywhere, empty_message

from careermap import charts, metrics


def test_slip_chart_steps_and_reasons(sample):
    slip = metrics.slip(sample, as_of=AS_OF)
    fig = charts.slip_chart(slip, reschedules=sample.reschedules)
    m8 = next(t for t in fig.data if t.name == "M8")
    # M8: first target 2026-03-31, moved to 2026-05-31 (2026-03-05), then to 2026-06-30
    assert list(m8.x) == ["2026-03-31", "2026-05-31", "2026-06-30"]
    assert "portfolio dashboard took priority" in m8.hovertext[1]
    assert "assignment 3 took twice the estimate" in m8.hovertext[2]
    assert m8.text[-1].startswith("+91 days (done)")
    assert {t.name for t in fig.data} == set(slip.loc[slip["slip_days"] != 0, "milestone_id"])
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert f"{(slip['slip_days'] == 0).sum()} milestones never moved" in notes
    assert_hover_everywhere(fig)
    still = slip.assign(target=slip["original_target"])
    assert empty_message(charts.slip_chart(still)) == "no milestone target has moved"
    assert "no milestones yet" in empty_message(charts.slip_chart(slip.iloc[:0]))


def test_review_chart(sample):
    fig = charts.review_chart(sample.reviews)
    sat = fig.data[0]
    assert list(sat.y) == sample.reviews["satisfaction"].astype(float).tolist()
    assert "Quality team project started" in " ".join(sat.hovertext)
    assert list(fig.layout.yaxis.range) == [0.7, 5.3]
    assert "no reviews yet" in empty_message(charts.review_chart(sample.reviews.iloc[:0]))


def test_estimation_chart(sample):
    est = metrics.estimation_accuracy(sample, as_of=AS_OF)
    fig = charts.estimation_chart(est)
    done = next(t for t in fig.data if t.name == "done")
    d = est[est["status"] == "done"]
    assert list(done.x) == d["effort_hours"].tolist()
    assert list(done.y) == d["logged_hours"].tolist()
    notes = " ".join(a.text for a in fig.layout.annotations)
    total = d["logged_hours"].sum() / d["effort_hours"].sum()
    assert f"finished milestones took {total:.0%} of their estimates" in notes
    no_estimates = est.assign(effort_hours=float("nan"))
    assert "no milestone has an effort_hours" in empty_message(
        charts.estimation_chart(no_estimates)
    )


def test_time_to_close_chart(sample):
    t = metrics.time_to_close(sample, as_of=AS_OF)
    fig = charts.time_to_close_chart(t, role_id="15-2051.01", as_of=AS_OF)
    rows = t[(t["role_id"] == "15-2051.01") & (t["gap"] > 0)]
    dated = rows[rows["close_by"].notna()]
    (bar,) = fig.data
    assert list(bar.y) == dated["skill"].tolist()
    assert bar.text[0] == f"closes about {dated['close_by'].iloc[0]:%Y-%m-%d}"
    notes = " ".join(a.text for a in fig.layout.annotations)
    for skill, reason in zip(rows.loc[rows["close_by"].isna(), "skill"],
                             rows.loc[rows["close_by"].isna(), "reason"], strict=True):  # fmt: skip
        assert f"{skill}: {reason}" in notes
    assert "no skill gap to close" in empty_message(
        charts.time_to_close_chart(t.assign(gap=0.0), role_id="15-2051.01")
    )


def test_time_to_close_chart_draws_no_bar_ending_before_the_as_of_line(sample):
    # the sample on a later date: its projections from 2026-09 are past by 2027-09-01
    later = pd.Timestamp("2027-09-01")
    t = metrics.time_to_close(sample, as_of=later)
    rows = t[(t["role_id"] == "analytics-lead") & (t["gap"] > 0)]
    late = rows[rows["projected_close"].notna() & rows["close_by"].isna()]
    assert len(late) >= 2
    fig = charts.time_to_close_chart(t, role_id="analytics-lead", as_of=later)
    for bar in fig.data:
        ends = pd.to_datetime(list(bar.base)) + pd.to_timedelta(list(bar.x), unit="ms")
        assert (ends >= later).all(), bar.name
    (grey,) = [b for b in fig.data if b.name == "should have closed by now"]
    assert list(grey.y) == late["skill"].tolist()
    assert set(grey.text) == {"should have closed by now: re-assess"}
    # an older frame drawn on a later day: its dates before the line are drawn the same way
    old = metrics.time_to_close(sample, as_of=AS_OF)
    fig = charts.time_to_close_chart(old, role_id="analytics-lead", as_of=later)
    for bar in fig.data:
        ends = pd.to_datetime(list(bar.base)) + pd.to_timedelta(list(bar.x), unit="ms")
        assert (ends >= later).all(), bar.name


def test_streak_chart(sample):
    habit = metrics.habit(sample, as_of=AS_OF)
    fig = charts.streak_chart(habit)
    assert list(fig.data[0].y) == habit["streak"].tolist()
    summary = metrics.habit_summary(sample, as_of=AS_OF).iloc[0]
    fig = charts.streak_chart(habit, summary=metrics.habit_summary(sample, as_of=AS_OF))
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert f"longest: {summary['longest_streak']} days" in texts
    assert f"current streak: {summary['current_streak']} day" in texts
    none = habit.assign(streak=0, logged=False)
    assert "no logged days yet" in empty_message(charts.streak_chart(none))


def test_goal_hours_chart(sample):
    h = metrics.goal_hours(sample, as_of=AS_OF)
    fig = charts.goal_hours_chart(h)
    planned, logged = fig.data
    goals = h[h["goal_id"].notna()]
    assert list(planned.y) == goals["planned_hours"].tolist()
    assert list(logged.y) == goals["logged_hours"].tolist()
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert f"{h['unlinked_hours'].sum():,.1f} h logged to no goal" in notes
    assert "no goals yet" in empty_message(charts.goal_hours_chart(h.iloc[:0]))


def test_category_trend_chart(sample):
    a = metrics.time_allocation(sample, by="category", freq="M", as_of=AS_OF)
    fig = charts.category_trend_chart(a)
    used = a.groupby("category", observed=True)["hours"].sum()
    assert [t.name for t in fig.data] == [str(c) for c in used.index if used[c] > 0]
    job = next(t for t in fig.data if t.name == "job_search")
    want = a[a["category"] == "job_search"].sort_values("period")["hours"].tolist()
    assert list(job.y) == want
    assert "no time logged yet" in empty_message(charts.category_trend_chart(a.iloc[:0]))
    assert pd.notna(fig.layout.height)


def test_self_assessment_chart(sample):
    changes = metrics.self_assessment_changes(sample, as_of=AS_OF)
    fig = charts.self_assessment_chart(changes)
    removed = next(t for t in fig.data if t.name == "removed")
    assert list(removed.y) == ["values: security"] and list(removed.x) == ["2026-03-01"]
    assert sum(len(t.x) for t in fig.data) == len(changes)
    assert "no dated self-assessment yet" in empty_message(
        charts.self_assessment_chart(changes.iloc[:0])
    )
