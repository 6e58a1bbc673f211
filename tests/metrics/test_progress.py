"""burndown, forecast, slip and on_time_rate: hand-computed cases, an independent
re-computation, and hypothesis properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careermap import InvalidArgumentError, metrics

T = pd.Timestamp


# --- burndown ----------------------------------------------------------------------------------


def test_burndown_small_map_by_month(small):
    b = metrics.burndown(small, freq="M", as_of="2025-06-15")
    assert b["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-15",
    ]  # fmt: skip
    # M1, M2 enter 2025-01-06; M3 enters 02-01 and is dropped 05-01; M1 done 03-20
    assert b["scope"].tolist() == [2, 3, 3, 3, 2, 2]
    assert b["done"].tolist() == [0, 0, 1, 1, 1, 1]
    assert b["remaining"].tolist() == [2, 3, 2, 2, 1, 1]
    # ideal: 2 (scope at the start) down to 0 on the last deadline, 2026-12-31
    span = (T("2026-12-31") - T("2025-01-06")).days
    expected = [2 * (1 - (d - T("2025-01-06")).days / span) for d in b["date"]]
    np.testing.assert_allclose(b["ideal"], expected)


def test_burndown_by_effort(small):
    b = metrics.burndown(small, by="effort", freq="M", as_of="2025-06-15")
    assert b["scope"].tolist() == [50, 60, 60, 60, 50, 50]
    assert b["done"].tolist() == [0, 0, 20, 20, 20, 20]


def test_burndown_missing_effort_is_the_person_median(small, build):
    m = build(
        [{"person_id": "p", "start": T("2025-01-06")}],
        [{"person_id": "p", "goal_id": "G"}],
        milestones=[
            {"person_id": "p", "goal_id": "G", "milestone_id": f"M{i}", "title": "x",
             "planned": T("2025-01-06"), "target": T("2025-03-01"), "effort_hours": e}
            for i, e in enumerate([10.0, 30.0, np.nan])
        ],
    )  # fmt: skip
    b = metrics.burndown(m, by="effort", freq="D", as_of="2025-01-06")
    assert b["scope"].tolist() == [10 + 30 + 20]


def test_burndown_weeks_start_on_monday_and_end_on_as_of(small):
    b = metrics.burndown(small, freq="W", as_of="2025-01-22")
    assert b["date"].tolist() == [T("2025-01-12"), T("2025-01-19"), T("2025-01-22")]


def _burndown_by_hand(m, as_of, by="count"):
    """Plain loops: the state at the end of every day from start to as_of."""
    rows = []
    for person in m.people.itertuples():
        ms = m.milestones[m.milestones["person_id"] == person.person_id]
        median = ms["effort_hours"].median()
        plan = []
        for r in ms.itertuples():
            w = 1.0 if by == "count" else (r.effort_hours if pd.notna(r.effort_hours) else median)
            enter = r.planned if pd.notna(r.planned) else person.start
            plan.append((w, enter, r.done, r.dropped))
        day = person.start
        while day <= T(as_of):
            scope = done = 0.0
            for w, enter, done_on, dropped_on in plan:
                if enter <= day and not (pd.notna(dropped_on) and dropped_on <= day):
                    scope += w
                    if pd.notna(done_on) and done_on <= day:
                        done += w
            rows.append((person.person_id, day, scope, done))
            day += pd.Timedelta(days=1)
    return pd.DataFrame(rows, columns=["person_id", "date", "scope", "done"])


@pytest.mark.parametrize("by", ["count", "effort"])
def test_burndown_matches_a_plain_loop_on_the_sample(sample, by):
    got = metrics.burndown(sample, by=by, freq="D", as_of="2026-11-15")
    want = _burndown_by_hand(sample, "2026-11-15", by)
    pd.testing.assert_frame_equal(
        got[["person_id", "date", "scope", "done"]], want, check_dtype=False
    )


def test_burndown_weekly_is_the_daily_value_at_week_end(sample):
    daily = metrics.burndown(sample, freq="D", as_of="2026-11-15").set_index("date")
    weekly = metrics.burndown(sample, freq="W", as_of="2026-11-15").set_index("date")
    pd.testing.assert_frame_equal(
        weekly[["scope", "done", "remaining"]],
        daily.loc[weekly.index, ["scope", "done", "remaining"]],
    )


def test_burndown_person_starting_after_as_of_has_no_rows(small):
    assert metrics.burndown(small, as_of="2024-12-31").empty


# Hypothesis: random milestone sets for two people

_DAY0 = T("2025-01-06")


@st.composite
def milestone_sets(draw):
    rows = []
    for pid in ("p1", "p2"):
        n = draw(st.integers(0, 6))
        for i in range(n):
            planned = draw(st.one_of(st.none(), st.integers(-10, 60)))
            p = _DAY0 + pd.Timedelta(days=planned) if planned is not None else None
            base = p if p is not None else _DAY0
            target = base + pd.Timedelta(days=draw(st.integers(0, 90)))
            fate = draw(st.sampled_from(["open", "done", "dropped"]))
            when = base + pd.Timedelta(days=draw(st.integers(0, 100)))
            effort = draw(
                st.one_of(st.none(), st.floats(0, 40, allow_nan=False).map(lambda x: round(x, 2)))
            )
            rows.append({
                "person_id": pid, "goal_id": "G", "milestone_id": f"M{i}", "title": "x",
                "planned": p, "target": target, "effort_hours": effort,
                "done": when if fate == "done" else None, "dropped": when if fate == "dropped" else None,
            })  # fmt: skip
    return rows


def _two_people(build, milestones):
    return build(
        [
            {"person_id": "p1", "start": _DAY0},
            {"person_id": "p2", "start": _DAY0 + pd.Timedelta(days=3)},
        ],
        [{"person_id": "p1", "goal_id": "G"}, {"person_id": "p2", "goal_id": "G"}],
        milestones=milestones,
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=milestone_sets(),
    by=st.sampled_from(["count", "effort"]),
    freq=st.sampled_from(["D", "W", "M"]),
)
def test_burndown_invariants(build, rows, by, freq):
    m = _two_people(build, rows)
    b = metrics.burndown(m, by=by, freq=freq, as_of="2025-05-01")
    known = b.dropna(subset=["scope"])
    assert np.allclose(known["remaining"], known["scope"] - known["done"])
    assert (known["remaining"] >= -1e-9).all()
    for _, g in known.groupby("person_id"):
        assert g["done"].is_monotonic_increasing  # done milestones are never dropped
    for _, g in b.dropna(subset=["ideal"]).groupby("person_id"):
        assert g["ideal"].is_monotonic_decreasing
    if freq == "D":
        want = _burndown_by_hand(m, "2025-05-01", by)
        got = b[["person_id", "date", "scope", "done"]].reset_index(drop=True)
        has_scale = want["person_id"].isin(known["person_id"].unique())
        pd.testing.assert_frame_equal(
            got[has_scale.to_numpy()].reset_index(drop=True),
            want[has_scale].reset_index(drop=True),
            check_dtype=False,
            atol=1e-9,
        )


# --- forecast ----------------------------------------------------------------------------------


def _steady(build, weekly_done, open_targets, *, weeks_back=None, deadline="2025-12-31"):
    """A person who finished ``weekly_done[i]`` milestones i weeks before as_of (2025-06-29)."""
    as_of = T("2025-06-29")
    ms = []
    n = 0
    for week, k in enumerate(weekly_done):
        for _ in range(k):
            day = as_of - pd.Timedelta(days=7 * week + 1)
            ms.append({"person_id": "p", "goal_id": "G1", "milestone_id": f"D{n}", "title": "x",
                       "planned": T("2025-01-06"), "target": day, "effort_hours": 2.0, "done": day})  # fmt: skip
            n += 1
    for i, (goal, target) in enumerate(open_targets):
        ms.append({"person_id": "p", "goal_id": goal, "milestone_id": f"O{i}", "title": "x",
                   "planned": T("2025-01-06"), "target": T(target), "effort_hours": 4.0})  # fmt: skip
    goals = [{"person_id": "p", "goal_id": "G1", "deadline": T(deadline)},
             {"person_id": "p", "goal_id": "G2", "deadline": T("2026-06-30"), "priority": 2}]  # fmt: skip
    return build([{"person_id": "p", "start": T("2025-01-06")}], goals, milestones=ms), as_of


def test_forecast_constant_throughput_is_exact(build):
    # one milestone done in each of the last 4 weeks: every bootstrap week finishes one
    m, as_of = _steady(
        build, [1, 1, 1, 1], [("G1", "2025-07-31"), ("G2", "2025-08-31"), ("G1", "2025-09-30")]
    )
    f = metrics.forecast(m, as_of=as_of, weeks=4, runs=500).set_index(
        ["level", "goal_id"], drop=False
    )
    person = f[f["level"] == "person"].iloc[0]
    assert person["remaining"] == 3 and person["throughput_mean"] == 1.0
    for q in ("p50", "p85", "p95"):
        assert person[q] == as_of + pd.Timedelta(weeks=3)
    goals = f[f["level"] == "goal"].set_index("goal_id")
    # queue by target date: O0 (G1), O1 (G2), O2 (G1) -> G2 after 2 weeks, G1 after 3
    assert goals.loc["G2", "p50"] == as_of + pd.Timedelta(weeks=2)
    assert goals.loc["G1", "p95"] == as_of + pd.Timedelta(weeks=3)
    assert goals.loc["G1", "prob_by_deadline"] == 1.0


def test_forecast_geometric_case_matches_hand_computed_quantiles(build):
    # weeks: [1 done, 0 done] -> each week finishes the last milestone with probability 1/2:
    # P(N <= n) = 1 - 0.5**n -> p50 = 1 week, p85 = 3 weeks (0.875), p95 = 5 weeks (0.969)
    m, as_of = _steady(build, [1, 0], [("G1", "2025-07-31")], deadline="2025-07-13")
    f = metrics.forecast(m, as_of=as_of, weeks=2, runs=20_000, seed=3)
    person = f[f["level"] == "person"].iloc[0]
    assert [(person[q] - as_of).days // 7 for q in ("p50", "p85", "p95")] == [1, 3, 5]
    g1 = f[f["goal_id"] == "G1"].iloc[0]  # due 2 weeks after as_of
    assert g1["prob_by_deadline"] == pytest.approx(0.75, abs=0.015)
    assert person["prob_by_deadline"] == 1.0  # the latest deadline, 2026-06-30


@pytest.mark.parametrize(("by", "unit", "todo"), [("count", 1, 7), ("effort", 2, 28)])
def test_forecast_agrees_with_a_week_by_week_bootstrap(build, by, unit, todo):
    # done milestones weigh 2 h each, the 7 open ones 4 h each
    m, as_of = _steady(
        build, [2, 0, 1, 0, 0, 1], [("G1", f"2025-0{7 + i % 3}-15") for i in range(7)]
    )
    f = metrics.forecast(m, as_of=as_of, weeks=6, runs=20_000, by=by)
    person = f[f["level"] == "person"].iloc[0]
    assert person["remaining"] == todo
    rng = np.random.default_rng(1)
    history = np.array([2, 0, 1, 0, 0, 1]) * unit
    weeks = []
    for _ in range(20_000):  # the textbook bootstrap, one week at a time
        left, n = todo, 0
        while left > 0:
            left -= history[rng.integers(len(history))]
            n += 1
        weeks.append(n)
    weeks = np.array(weeks)
    for q, col in ((0.5, "p50"), (0.85, "p85"), (0.95, "p95")):
        expected = np.quantile(weeks, q, method="inverted_cdf")
        assert abs((person[col] - as_of).days / 7 - expected) <= 1
    g1 = f[f["goal_id"] == "G1"].iloc[0]  # all 7 open milestones, due 2025-12-31
    deadline_weeks = (g1["deadline"] - as_of).days // 7
    assert g1["prob_by_deadline"] == pytest.approx((weeks <= deadline_weeks).mean(), abs=0.02)


def test_forecast_without_history_gives_nat_and_a_reason(build):
    m, as_of = _steady(build, [0, 0, 0], [("G1", "2025-07-31")])
    f = metrics.forecast(m, as_of=as_of, weeks=3)
    assert f[["p50", "p85", "p95"]].isna().all().all()
    assert f["prob_by_deadline"].isna().all()
    assert (
        f.loc[f["level"] == "person", "reason"] == "no milestone completed in the last 3 weeks"
    ).all()


def test_forecast_sample_has_no_recent_throughput(sample):
    f = metrics.forecast(sample, as_of="2026-11-15")
    person = f[f["level"] == "person"].iloc[0]
    assert pd.isna(person["p50"]) and person["remaining"] == 7
    assert person["reason"] == "no milestone completed in the last 12 weeks"
    f26 = metrics.forecast(sample, as_of="2026-11-15", weeks=26, runs=2_000)
    assert f26[["p50", "p85", "p95"]].notna().all().all()


def test_forecast_nothing_open(build):
    m, as_of = _steady(build, [1, 1], [])
    person = metrics.forecast(m, as_of=as_of).query("level == 'person'").iloc[0]
    assert person["remaining"] == 0 and pd.isna(person["p50"])
    assert person["reason"].startswith("no open milestones")


def test_forecast_is_deterministic_and_independent_of_the_cohort(cohort):
    a = metrics.forecast(cohort, as_of="2026-11-15", runs=1_000, seed=5)
    b = metrics.forecast(cohort, as_of="2026-11-15", runs=1_000, seed=5)
    pd.testing.assert_frame_equal(a, b)
    some = cohort.person_ids[3:6]
    alone = metrics.forecast(cohort.subset(some), as_of="2026-11-15", runs=1_000, seed=5)
    pd.testing.assert_frame_equal(a[a["person_id"].isin(some)].reset_index(drop=True), alone)
    c = metrics.forecast(cohort, as_of="2026-11-15", runs=1_000, seed=6)
    assert not a["p95"].equals(c["p95"])


@pytest.mark.parametrize("by", ["count", "effort"])
def test_a_persons_forecast_is_the_same_alone_and_in_any_cohort(cohort, by):
    # every person with a forecast, alone; then the cohort in reverse order and a half of it
    whole = metrics.forecast(cohort, as_of="2026-11-15", runs=500, seed=11, by=by)
    simulated = whole.dropna(subset=["p50"])["person_id"].unique().tolist()
    assert len(simulated) >= 5
    for pid in simulated:
        alone = metrics.forecast(cohort.person(pid), as_of="2026-11-15", runs=500, seed=11, by=by)
        mine = whole[whole["person_id"] == pid].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)
    backwards = cohort.subset(cohort.person_ids[::-1][::2])
    other = metrics.forecast(backwards, as_of="2026-11-15", runs=500, seed=11, by=by)
    key = ["person_id", "level", "goal_id"]
    pd.testing.assert_frame_equal(
        other.sort_values(key).reset_index(drop=True),
        whole[whole["person_id"].isin(backwards.person_ids)]
        .sort_values(key)
        .reset_index(drop=True),
    )


def test_person_streams_are_keyed_by_seed_and_id_not_position():
    from careermap.metrics._forecast import person_generator

    def first(seed, pid):
        return person_generator(seed, pid).integers(0, 2**62, size=4).tolist()

    assert first(0, "ana") == first(0, "ana")  # reproducible
    assert first(0, "ana") != first(1, "ana")  # the seed matters
    assert first(0, "ana") != first(0, "anb") != first(0, "ana-")  # so does every byte of the id
    assert isinstance(person_generator(0, "ana").bit_generator, np.random.Philox)


def test_forecast_p50_matches_a_plain_numpy_bootstrap_with_many_runs(build):
    # six open milestones and six weeks of history [1, 0, 2, 0, 0, 1] done: a textbook
    # week-by-week bootstrap with 200,000 runs gives the reference distribution of the weeks
    # needed; the forecast's p50/p85/p95 must be the same weeks (a neighbour only where the
    # reference CDF is within 1 point of the quantile) and its probability by the deadline
    # (10 weeks away, about 0.68) within 1 point
    m, as_of = _steady(build, [1, 0, 2, 0, 0, 1], [("G1", "2025-08-31")] * 6, deadline="2025-09-10")
    f = metrics.forecast(m, as_of=as_of, weeks=6, runs=50_000, seed=2)
    person = f[f["level"] == "person"].iloc[0]
    rng = np.random.default_rng(7)
    history = np.array([1, 0, 2, 0, 0, 1])
    n_runs = 200_000
    left = np.full(n_runs, 6.0)
    weeks = np.zeros(n_runs, dtype=int)
    while (left > 0).any():
        going = left > 0
        left[going] -= history[rng.integers(0, len(history), going.sum())]
        weeks[going] += 1
    for q, col in ((0.5, "p50"), (0.85, "p85"), (0.95, "p95")):
        expected = int(np.quantile(weeks, q, method="inverted_cdf"))
        allowed = {expected}
        if abs((weeks <= expected).mean() - q) < 0.01:
            allowed.add(expected + 1)
        if abs((weeks <= expected - 1).mean() - q) < 0.01:
            allowed.add(expected - 1)
        assert (person[col] - as_of).days // 7 in allowed, col
    g1 = f[f["goal_id"] == "G1"].iloc[0]
    by_deadline = (weeks <= (g1["deadline"] - as_of).days // 7).mean()
    assert g1["prob_by_deadline"] == pytest.approx(by_deadline, abs=0.01)


@pytest.mark.parametrize("by", ["count", "effort"])
def test_forecast_quantiles_are_ordered_on_the_cohort(cohort, by):
    f = metrics.forecast(cohort, as_of="2026-11-15", runs=2_000, by=by)
    ok = f.dropna(subset=["p50", "p95"])
    assert len(ok) > 0
    assert (ok["p50"] <= ok["p85"]).all() and (ok["p85"] <= ok["p95"]).all()
    assert (ok["p50"] > pd.Timestamp("2026-11-15")).all()
    assert f["prob_by_deadline"].dropna().between(0, 1).all()
    # a goal is never forecast to finish after its person's whole plan
    person = f[f["level"] == "person"].set_index("person_id")["p50"]
    goal = f[f["level"] == "goal"].dropna(subset=["p50"])
    assert (goal["p50"].to_numpy() <= person.reindex(goal["person_id"]).to_numpy()).all()
    assert set(f["level"]) == {"person", "goal"}
    assert len(f[f["level"] == "person"]) == len(cohort.people)
    assert len(f[f["level"] == "goal"]) == len(cohort.goals)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=milestone_sets(), by=st.sampled_from(["count", "effort"]), weeks=st.integers(1, 8))
def test_forecast_invariants(build, rows, by, weeks):
    m = _two_people(build, rows)
    f = metrics.forecast(m, as_of="2025-04-01", weeks=weeks, runs=300, by=by)
    ok = f.dropna(subset=["p50"])
    assert (ok["p50"] <= ok["p85"]).all() and (
        ok["p85"] <= ok["p95"].fillna(pd.Timestamp.max)
    ).all()
    assert f["prob_by_deadline"].dropna().between(0, 1).all()
    assert (f["remaining"] >= 0).all()
    assert f["reason"].notna().all()


# --- slip --------------------------------------------------------------------------------------


def test_slip_small_map(small):
    s = metrics.slip(small, as_of="2025-06-15").set_index("milestone_id")
    m1 = s.loc["M1"]
    assert m1["original_target"] == T("2025-03-01") and m1["target"] == T("2025-03-31")
    assert m1["slip_days"] == 30 and m1["n_reschedules"] == 1
    assert not m1["done_on_time"] and m1["done_by_target"]
    assert s.loc["M2", "status"] == "open" and pd.isna(s.loc["M2", "done_on_time"])
    assert s.loc["M3", "status"] == "dropped"


def test_slip_as_of_before_a_reschedule(small):
    s = metrics.slip(small, as_of="2025-01-15").set_index("milestone_id")
    assert s.loc["M1", "target"] == T("2025-03-01")  # the target in force on that day
    assert s.loc["M1", "n_reschedules"] == 0 and s.loc["M1", "slip_days"] == 0
    assert "M3" not in s.index  # planned 2025-02-01
    assert (
        metrics.slip(small, as_of="2025-04-01").set_index("milestone_id").loc["M2", "status"]
        == "open"
    )
    assert (
        metrics.slip(small, as_of="2025-07-01").set_index("milestone_id").loc["M2", "status"]
        == "overdue"
    )


def test_slip_sample_matches_plain_pandas(sample):
    s = metrics.slip(sample, as_of="2026-11-15").set_index("milestone_id")
    rs = sample.reschedules.sort_values("on")
    for mid, row in s.iterrows():
        mine = rs[rs["milestone_id"] == mid]
        target = sample.milestones.set_index("milestone_id").loc[mid, "target"]
        original = mine["from_target"].iloc[0] if len(mine) else target
        assert row["original_target"] == original
        assert row["slip_days"] == (target - original).days
        assert row["n_reschedules"] == len(mine)


def test_on_time_rate_small_and_sample(small, sample):
    r = metrics.on_time_rate(small, as_of="2025-06-15").iloc[0]
    assert (r["n_done"], r["n_on_time"], r["on_time_rate"], r["done_by_target_rate"]) == (
        1,
        0,
        0.0,
        1.0,
    )
    r = metrics.on_time_rate(sample, as_of="2026-11-15").iloc[0]
    # done: M1 M2 M3 M4 M6 M7 M8 M13 M14; on time vs the original target: M1 M3 M4 M7 M13
    assert (r["n_done"], r["n_on_time"]) == (9, 5)
    assert r["on_time_rate"] == pytest.approx(5 / 9)
    assert r["n_overdue"] == 2  # M9 (2026-10-31) and M15 (2026-08-31)


def test_on_time_rate_nan_without_done(small):
    r = metrics.on_time_rate(small, as_of="2025-02-01").iloc[0]
    assert r["n_done"] == 0 and np.isnan(r["on_time_rate"])


def test_progress_arguments(small):
    with pytest.raises(
        InvalidArgumentError, match=r"by must be one of 'count', 'effort'; got 'hours'"
    ):
        metrics.burndown(small, by="hours")
    with pytest.raises(InvalidArgumentError, match=r"freq must be one of 'D', 'W', 'M'; got 'Q'"):
        metrics.burndown(small, freq="Q")
    with pytest.raises(InvalidArgumentError, match=r"runs must be an integer >= 1; got 0"):
        metrics.forecast(small, runs=0)
    with pytest.raises(InvalidArgumentError, match=r"as_of must be None"):
        metrics.forecast(small, as_of="next tuesday")
