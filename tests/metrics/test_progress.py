"""burndown, forecast, slip and on_time_rate: hand-computed cases, an independent
re-computation, and hypothesis properties."""

from __future__ import annotations

import math

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


def _nb_chance(k, n, w, t, shape=0.5):
    """P(at least k completions in t weeks) with a Gamma(shape + n, w) rate: 1 - the
    negative-binomial CDF at k - 1, summed term by term in plain Python."""
    if t <= 0:
        return 0.0
    r, p = shape + n, w / (w + t)
    below = sum(
        math.exp(math.lgamma(r + j) - math.lgamma(r) - math.lgamma(j + 1)
                 + r * math.log(p) + j * math.log1p(-p))
        for j in range(k)
    )  # fmt: skip
    return 1 - below


def _nb_days(k, n, w, q):
    """The first whole day by which k completions have chance q (a plain linear scan)."""
    day = 0
    while _nb_chance(k, n, w, day / 7) < q - 1e-9:
        day += 1
    return day


@pytest.mark.parametrize(
    ("k", "n", "w"), [(1, 1, 4), (3, 4, 4), (7, 2, 26), (5, 12, 12), (2, 0, 26), (10, 30, 26)]
)
def test_model_matches_a_hand_summed_negative_binomial(k, n, w):
    from careermap.metrics._forecast import finish_chance, finish_days

    for t in (0.5, 3.0, 20.0, 150.0):
        assert finish_chance(k, n, w, 1.0, t) == pytest.approx(_nb_chance(k, n, w, t), abs=1e-10)
    for q in (0.5, 0.85):
        want = _nb_days(k, n, w, q) if _nb_chance(k, n, w, 1040) >= q else -1
        assert int(finish_days(k, n, w, 1.0, q)) == want


def test_model_agrees_with_simulated_gamma_poisson():
    # draw the rate from its posterior, then the time to the k-th completion: the quantiles of
    # 400,000 such draws are the model's dates to within a day or two
    from careermap.metrics._forecast import finish_days

    rng = np.random.default_rng(4)
    k, n, w = 6, 5, 20
    lam = rng.gamma(0.5 + n, 1 / w, size=400_000)
    t = rng.gamma(k, 1 / lam) * 7
    for q in (0.5, 0.85, 0.95):
        assert abs(int(finish_days(k, n, w, 1.0, q)) - np.quantile(t, q)) <= 2


def test_bursty_weeks_widen_the_dates_and_few_completions_widen_them_more():
    from careermap.metrics._forecast import dispersion_of, finish_days

    # 8 done in 8 weeks, one a week (variance 0) vs all 8 in one week (variance 8)
    steady, bursty = dispersion_of(8, 8, 8), dispersion_of(8, 8, 64)
    assert steady == 1.0 and bursty == pytest.approx(8.0)
    assert finish_days(8, 8, 8, bursty, 0.85) > finish_days(8, 8, 8, steady, 0.85)
    # the same rate learnt from 2 completions instead of 20: wider, never narrower
    assert finish_days(5, 2, 4, 1.0, 0.85) > finish_days(5, 20, 40, 1.0, 0.85)
    assert finish_days(5, 2, 4, 1.0, 0.5) > finish_days(5, 20, 40, 1.0, 0.5) * 0.9


def test_forecast_of_a_steady_person_is_the_hand_computed_model(build):
    # one milestone done in each of the last 4 weeks, 3 open: Gamma(0.5 + 4, 4) rate
    m, as_of = _steady(
        build, [1, 1, 1, 1], [("G1", "2025-07-31"), ("G2", "2025-08-31"), ("G1", "2025-09-30")]
    )
    f = metrics.forecast(m, as_of=as_of, weeks=4)
    person = f[f["level"] == "person"].iloc[0]
    assert person["remaining"] == 3 and person["throughput_mean"] == 1.0
    for col, q in (("p50", 0.5), ("p85", 0.85), ("p95", 0.95)):
        assert person[col] == as_of + pd.Timedelta(days=_nb_days(3, 4, 4, q))
    goals = f[f["level"] == "goal"].set_index("goal_id")
    # queue by target date: O0 (G1), O1 (G2), O2 (G1) -> G2 is done with the 2nd, G1 the 3rd
    assert goals.loc["G2", "p50"] == as_of + pd.Timedelta(days=_nb_days(2, 4, 4, 0.5))
    assert goals.loc["G1", "p85"] == person["p85"]
    left = (T("2025-12-31") - as_of).days / 7
    assert goals.loc["G1", "prob_by_deadline"] == pytest.approx(_nb_chance(3, 4, 4, left))


def test_forecast_without_completions_gives_no_date_and_says_why(build):
    # no completion in the window: the rate would be the prior's alone, so no date
    m, as_of = _steady(build, [0, 0, 0], [("G1", "2025-07-31")])
    f = metrics.forecast(m, as_of=as_of, weeks=3)
    assert f[["p50", "p85", "p95"]].isna().all().all() and f["prob_by_deadline"].isna().all()
    person = f[f["level"] == "person"].iloc[0]
    assert person["reason"] == (
        "no milestone completed in the last 3 weeks: no recent pace to forecast from"
    )


def test_one_completion_gives_wide_dates_and_says_so(build):
    m, as_of = _steady(build, [0, 1, 0], [("G1", "2025-07-31"), ("G1", "2025-08-31")])
    person = metrics.forecast(m, as_of=as_of, weeks=3).query("level == 'person'").iloc[0]
    assert person["p50"] == as_of + pd.Timedelta(days=_nb_days(2, 1, 3, 0.5))
    assert "few completions to learn your pace from, so the dates are wide" in person["reason"]


def test_forecast_sample(sample):
    f = metrics.forecast(sample, as_of="2026-11-15")
    person = f[f["level"] == "person"].iloc[0]
    assert person["remaining"] == 7 and person["weeks"] == 26
    assert person["reason"].startswith("2 milestones done in the last 26 weeks")


def test_forecast_nothing_open(build):
    m, as_of = _steady(build, [1, 1], [])
    person = metrics.forecast(m, as_of=as_of).query("level == 'person'").iloc[0]
    assert person["remaining"] == 0 and pd.isna(person["p50"])
    assert person["reason"].startswith("no open milestones")


def test_forecast_runs_and_seed_are_deprecated_and_change_nothing(sample):
    plain = metrics.forecast(sample, as_of="2026-11-15")
    with pytest.warns(DeprecationWarning, match="runs=..., seed=..."):
        old = metrics.forecast(sample, as_of="2026-11-15", runs=100, seed=3)
    pd.testing.assert_frame_equal(plain, old)


@pytest.mark.parametrize("by", ["count", "effort"])
def test_a_persons_forecast_is_the_same_alone_and_in_any_cohort(cohort, by):
    whole = metrics.forecast(cohort, as_of="2026-11-15", by=by)
    some = whole.dropna(subset=["p50"])["person_id"].unique().tolist()[:6]
    assert len(some) >= 5
    for pid in some:
        alone = metrics.forecast(cohort.person(pid), as_of="2026-11-15", by=by)
        mine = whole[whole["person_id"] == pid].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)


def test_the_fan_starts_from_the_burndowns_remaining(cohort):
    # the forecast's remaining is the burndown's last remaining, on past dates too (where
    # milestones planned later, or done or dropped later, must not count)
    for as_of in ("2025-10-15", "2026-02-01", "2026-06-30", "2026-11-15"):
        f = metrics.forecast(cohort, as_of=as_of)
        fr = f[f["level"] == "person"].set_index("person_id")["remaining"]
        b = metrics.burndown(cohort, freq="W", as_of=as_of).groupby("person_id").tail(1)
        br = b.set_index("person_id")["remaining"].reindex(fr.index).fillna(0.0)
        pd.testing.assert_series_equal(fr, br, check_names=False)


def test_remaining_is_in_scope_and_not_done_of_the_milestone_states(cohort):
    # an independent definition: the engine's milestone states (in_scope & ~is_done)
    from careermap.metrics._burndown import open_on
    from careermap.metrics._milestone_state import states_on

    for as_of in ("2025-11-01", "2026-05-01", "2026-11-15"):
        st = states_on(cohort, pd.Timestamp(as_of))
        want = (st["in_scope"] & ~st["is_done"]).to_numpy()
        assert (open_on(cohort, pd.Timestamp(as_of)) == want).all()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=milestone_sets(), day=st.integers(0, 150))
def test_fan_and_line_agree_on_generated_maps(build, rows, day):
    m = _two_people(build, rows)
    as_of = T("2025-01-01") + pd.Timedelta(days=day)
    f = metrics.forecast(m, as_of=as_of)
    fr = f[f["level"] == "person"].set_index("person_id")["remaining"]
    b = metrics.burndown(m, freq="D", as_of=as_of).groupby("person_id").tail(1)
    br = b.set_index("person_id")["remaining"].reindex(fr.index).fillna(0.0)
    assert np.allclose(fr.to_numpy(), br.to_numpy())


@pytest.mark.parametrize("by", ["count", "effort"])
def test_forecast_quantiles_are_ordered_on_the_cohort(cohort, by):
    f = metrics.forecast(cohort, as_of="2026-11-15", by=by)
    ok = f.dropna(subset=["p50", "p95"])
    assert len(ok) > 0
    assert (ok["p50"] <= ok["p85"]).all() and (ok["p85"] <= ok["p95"]).all()
    assert (ok["p50"] > pd.Timestamp("2026-11-15")).all()
    assert f["prob_by_deadline"].dropna().between(0, 1).all()
    # a goal is never forecast to finish after its person's whole plan
    person = f[f["level"] == "person"].set_index("person_id")["p50"]
    goal = f[f["level"] == "goal"].dropna(subset=["p50"])
    assert (goal["p50"].to_numpy() <= person.reindex(goal["person_id"]).to_numpy()).all()
    assert len(f[f["level"] == "person"]) == len(cohort.people)
    assert len(f[f["level"] == "goal"]) == len(cohort.goals)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=milestone_sets(), by=st.sampled_from(["count", "effort"]), weeks=st.integers(1, 8))
def test_forecast_invariants(build, rows, by, weeks):
    m = _two_people(build, rows)
    f = metrics.forecast(m, as_of="2025-04-01", weeks=weeks, by=by)
    ok = f.dropna(subset=["p50"])  # a later quantile may lie beyond 20 years (NaT)
    assert (ok["p50"] <= ok["p85"].fillna(pd.Timestamp.max)).all()
    assert (ok["p85"].fillna(pd.Timestamp.min) <= ok["p95"].fillna(pd.Timestamp.max)).all()
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
    with pytest.raises(InvalidArgumentError, match=r"weeks must be an integer >= 1; got 0"):
        metrics.forecast(small, weeks=0)
    with pytest.raises(InvalidArgumentError, match=r"as_of must be None"):
        metrics.forecast(small, as_of="next tuesday")
