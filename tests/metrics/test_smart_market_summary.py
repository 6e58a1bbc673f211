"""smart_check, market and summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careermap import metrics, reference

T = pd.Timestamp


# --- smart_check -------------------------------------------------------------------------------


def _verdicts(frame: pd.DataFrame) -> dict[tuple[str, str], bool]:
    return {(r.goal_id, r.letter): bool(r.ok) for r in frame.itertuples()}


def test_smart_check_small_map(small):
    s = metrics.smart_check(small, as_of="2025-06-15")
    assert len(s) == 2 * 5 and list(s["letter"].cat.categories) == ["S", "M", "A", "R", "T"]
    failed = s[~s["ok"]].set_index(["goal_id", "letter"])["reason"]
    assert failed.to_dict() == {
        ("G2", "S"): "no 'specific': say exactly what you will achieve",
        ("G2", "A"): "no milestones planned: no effort to check against capacity",  # M3 dropped
    }
    a = s.set_index(["goal_id", "letter"]).loc[("G1", "A"), "reason"]
    assert (
        a == "fits: 30 h open (with goals due no later: 30 h) vs 325.7 h of capacity by 2026-06-30"
    )


def _goal_map(build, goals, milestones, weekly=7.0, horizon="2026-12-31", roles=()):
    return build(
        [
            {
                "person_id": "p",
                "start": T("2024-12-02"),
                "weekly_hours": weekly,
                "horizon": T(horizon),
            }
        ],
        [{"person_id": "p", **g} for g in goals],
        milestones=[
            {
                "person_id": "p",
                "title": "x",
                "planned": T("2024-12-02"),
                "target": T("2025-01-15"),
                **m,
            }
            for m in milestones
        ],
        target_roles=[
            {"person_id": "p", "role_id": r, "kind": "onet", "priority": i + 1}
            for i, r in enumerate(roles)
        ],
    )


def test_smart_achievable_is_earliest_deadline_first(build):
    # 1 h a day from 2025-01-01: 30 h by 01-31, 40 h by 02-10
    goals = [
        {"goal_id": "A", "deadline": T("2025-01-31")},
        {"goal_id": "B", "deadline": T("2025-02-10")},
        {"goal_id": "C", "deadline": T("2025-12-31")},
    ]
    ms = [
        {"goal_id": "A", "milestone_id": "a", "effort_hours": 20.0},
        {"goal_id": "B", "milestone_id": "b", "effort_hours": 25.0},
        {"goal_id": "C", "milestone_id": "c", "effort_hours": 10.0},
        {"goal_id": "C", "milestone_id": "c2", "effort_hours": 99.0, "done": T("2024-12-20")},
    ]
    v = _verdicts(metrics.smart_check(_goal_map(build, goals, ms), as_of="2025-01-01"))
    assert (v[("A", "A")], v[("B", "A")], v[("C", "A")]) == (True, False, True)
    # a goal due the same day as A shares its capacity: 20 + 15 > 30
    goals.append({"goal_id": "D", "deadline": T("2025-01-31")})
    ms.append({"goal_id": "D", "milestone_id": "d", "effort_hours": 15.0})
    v = _verdicts(metrics.smart_check(_goal_map(build, goals, ms), as_of="2025-01-01"))
    assert (v[("A", "A")], v[("D", "A")]) == (False, False)


def test_smart_letters_on_built_goals(build):
    goals = [
        {"goal_id": "S1", "title": "Become a BI analyst", "specific": "Become a BI analyst!"},
        {"goal_id": "M1", "metric": "interviews", "baseline": 3.0, "target": 3.0},
        {"goal_id": "M2", "metric": None},
        {"goal_id": "R1", "relevant_to": "15-1111.00"},
        {"goal_id": "R2", "relevant_to": "Vision"},
        {"goal_id": "R3", "relevant_to": "15-2051.01"},
        {"goal_id": "T1", "deadline": None},
        {"goal_id": "T2", "deadline": T("2024-12-31")},
        {"goal_id": "T3", "deadline": T("2024-12-31")},
        {"goal_id": "T4", "deadline": T("2027-06-30")},
    ]
    ms = [
        {"goal_id": "T2", "milestone_id": "t2", "effort_hours": 1.0},
        {"goal_id": "T3", "milestone_id": "t3", "effort_hours": 1.0, "done": T("2024-12-20")},
    ]
    s = metrics.smart_check(_goal_map(build, goals, ms, roles=["15-2051.01"]), as_of="2025-01-10")
    v = _verdicts(s)
    reason = s.set_index(["goal_id", "letter"])["reason"]
    assert not v[("S1", "S")] and reason[("S1", "S")] == "'specific' only repeats the title"
    assert (
        not v[("M1", "M")]
        and reason[("M1", "M")] == "the target equals the baseline: nothing to gain"
    )
    assert not v[("M2", "M")]
    assert (
        not v[("R1", "R")]
        and reason[("R1", "R")] == "'15-1111.00' is not a target role (15-2051.01) or 'vision'"
    )
    assert v[("R2", "R")] and v[("R3", "R")]
    assert not v[("T1", "T")] and not v[("T1", "A")]
    assert not v[("T2", "T")] and "has passed" in reason[("T2", "T")]
    assert v[("T3", "T")] and v[("T3", "A")]  # past, but everything is done
    assert not v[("T4", "T")] and "after the vision horizon 2026-12-31" in reason[("T4", "T")]


def test_smart_check_cohort_finds_weak_goals(cohort):
    s = metrics.smart_check(cohort, as_of="2026-11-15")
    assert len(s) == 5 * len(cohort.goals)
    assert s["reason"].notna().all()
    per_goal = s.groupby(["person_id", "goal_id"])["ok"].all()
    assert 0 < (~per_goal).sum() < len(per_goal)


# --- market ------------------------------------------------------------------------------------


def test_market_sample_matches_bls(sample):
    mk = metrics.market(sample)
    assert mk["code"].tolist() == ["15-2051.01", "15-2041.00", "11-3021.00"]
    bls = reference.market_for(mk["code"].tolist())
    np.testing.assert_allclose(mk["change_pct"], bls["change_pct"])
    np.testing.assert_allclose(mk["median_wage"], bls["median_wage"])
    assert mk["job_zone"].tolist() == [4, 5, 4]
    assert mk["note"].isna().all()
    assert mk.loc[2, "title"] == "Healthcare Analytics Lead"
    assert mk.loc[2, "onet_title"] == "Computer and Information Systems Managers"


def test_market_says_when_figures_are_for_a_broader_or_based_on_occupation(sample):
    mk = metrics.market(sample).set_index("role_id")
    # 15-2051.01 (BI analysts) is a detailed O*NET occupation; BLS publishes 15-2051 only
    bi = mk.loc["15-2051.01"]
    assert bi["bls_broader"] and bi["bls_title"] == "Data scientists" and bi["soc"] == "15-2051"
    assert bi["basis"] == "BLS figures for the broader occupation 15-2051 Data scientists"
    # 15-2041.00 is the SOC occupation itself: nothing to say
    st = mk.loc["15-2041.00"]
    assert not st["bls_broader"] and st["basis"] == ""
    lead = mk.loc["analytics-lead"]
    assert not lead["bls_broader"]
    assert lead["basis"] == (
        "custom role based on the O*NET occupation 11-3021.00 "
        "Computer and Information Systems Managers: its figures"
    )


def test_role_technologies_are_the_hot_and_in_demand_rows_of_the_extract(sample):
    t = metrics.role_technologies(sample)
    ref = reference.technology_skills(["15-2051.01", "15-2041.00", "11-3021.00"])
    ref = ref[ref["hot"] | ref["in_demand"]]
    assert len(t) == len(ref)
    assert t["role_id"].unique().tolist() == ["15-2051.01", "15-2041.00", "analytics-lead"]
    stats = t[t["role_id"] == "15-2041.00"]
    want = ref[(ref["code"] == "15-2041.00") & ref["in_demand"]]["example"]
    assert set(stats.loc[stats["in_demand"], "technology"]) == set(want)
    assert stats["in_demand"].tolist() == sorted(stats["in_demand"], reverse=True)
    assert (t["hot"] | t["in_demand"]).all()


def test_market_notes_where_bls_is_silent(build):
    roles = [
        {"person_id": "p", "role_id": "13-1021.00", "kind": "onet", "priority": 1},
        {"person_id": "p", "role_id": "29-1211.00", "kind": "onet", "priority": 2},
        {"person_id": "p", "role_id": "mine", "kind": "custom", "priority": 3, "title": "Mine"},
    ]
    m = build(
        [{"person_id": "p", "start": T("2025-01-01")}],
        [{"person_id": "p", "goal_id": "G"}],
        target_roles=roles,
    )
    mk = metrics.market(m).set_index("role_id")
    assert np.isnan(mk.loc["13-1021.00", "change_pct"])
    assert mk.loc["13-1021.00", "note"] == "BLS publishes no 2024-34 projection for SOC 13-1021"
    assert (
        np.isnan(mk.loc["29-1211.00", "median_wage"]) and mk.loc["29-1211.00", "change_pct"] > -100
    )
    assert mk.loc["29-1211.00", "note"] == "BLS gives no median wage figure: >=$239,200"
    assert mk.loc["mine", "note"] == "custom role without based_on: no O*NET occupation to look up"


# --- summary -----------------------------------------------------------------------------------


def test_summary_sample(sample):
    s = metrics.summary(sample, as_of="2026-11-15").iloc[0]
    assert (s["milestones_done"], s["milestones_in_scope"]) == (9, 16)
    assert s["progress_pct"] == pytest.approx(56.25)
    # 2 of the 9 were done in the last 26 weeks (M8 on 2026-07-05, M6 on 2026-07-14)
    assert s["forecast_reason"].startswith("2 milestones done in the last 26 weeks")
    assert s["forecast_p50"] < s["forecast_p85"] < s["forecast_p95"]
    assert s["latest_deadline"] == T("2031-06-30")
    assert s["hours_this_month"] == 19.75
    assert s["capacity_this_month"] == pytest.approx(6 * 15 / 7)
    assert s["gap_role_id"] == "15-2051.01"
    assert s["top_gaps"] == "Speaking, Computers and Electronics"
    assert s["on_time_rate"] == pytest.approx(5 / 9) and s["n_overdue"] == 2
    assert s["days_since_last_log"] == 1


def test_summary_is_composed_of_the_other_metrics(cohort):
    as_of = "2026-11-15"
    s = metrics.summary(cohort, as_of=as_of).set_index("person_id")
    assert list(s.index) == cohort.person_ids
    r = metrics.on_time_rate(cohort, as_of=as_of).set_index("person_id")
    pd.testing.assert_series_equal(s["on_time_rate"], r["on_time_rate"])
    f = metrics.forecast(cohort, as_of=as_of).query("level == 'person'").set_index("person_id")
    pd.testing.assert_series_equal(s["forecast_p85"], f["p85"], check_names=False)
    h = metrics.habit_summary(cohort, as_of=as_of).set_index("person_id")
    pd.testing.assert_series_equal(
        s["days_since_last_log"], h["days_since_last_log"], check_dtype=False
    )
    ms = metrics.match_score(cohort, as_of=as_of)
    first = ms.dropna(subset=["match_score"]).drop_duplicates("person_id").set_index("person_id")
    assert (s.loc[first.index, "gap_role_id"] == first["role_id"]).all()
    np.testing.assert_allclose(s.loc[first.index, "match_score"], first["match_score"])
    assert s["progress_pct"].between(0, 100).all()


def test_the_planted_personas_show_in_the_metrics(cohort):
    personas = cohort.cohort.get("personas")
    if not personas:
        pytest.skip("this cohort has no planted personas")
    as_of = "2026-11-15"
    s = metrics.summary(cohort, as_of=as_of).set_index("person_id")
    s["persona"] = pd.Series(personas)
    by = s.groupby("persona")
    assert (by.get_group("stalled")["days_since_last_log"] >= 45).all()
    assert (by.get_group("dropped_out")["days_since_last_log"] >= 125).all()
    assert (by.get_group("steady")["days_since_last_log"] <= 7).all()
    assert (
        by.get_group("over_planner")["n_overdue"].min() > by.get_group("steady")["n_overdue"].mean()
    )
    achievable = metrics.smart_check(cohort, as_of=as_of).query("letter == 'A'")
    share = achievable.groupby("person_id")["ok"].mean().rename("ok").to_frame()
    share["persona"] = pd.Series(personas)
    ok = share.groupby("persona")["ok"].mean()
    assert ok["over_planner"] < 0.5 < ok["steady"]
