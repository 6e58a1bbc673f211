"""Cohort KPIs (Ibis on DuckDB) against an independent plain-pandas re-computation.

The reference implementation below is written from the definitions in docs/cohort.md and
careermap/metrics/_kpis.py's docstring, row by row in plain pandas/Python, sharing no code
with the Ibis expressions (overdue and a role's requirements come from tests/_reference.py,
written from docs/metrics.md).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml
from _reference import (
    reference_combined_level,
    reference_gap_role,
    reference_overdue,
    reference_requirements,
)

import careermap
from careermap.metrics import Thresholds, cohort_summary, cohort_summary_parquet, reflag

AS_OF = pd.Timestamp("2026-11-15")
# the data end, and earlier dates where reschedules made later decide what was overdue
DATES = [pd.Timestamp(d) for d in ("2025-11-01", "2025-12-01", "2026-01-01", "2026-06-15")]


def exact_sum(values) -> float:
    """docs/cohort.md#precision: each term to the nearest 1e-9, added as integers."""
    terms = [math.floor(float(v) * 1_000_000_000 + 0.5) for v in values]
    return sum(terms) / 1_000_000_000


def exact_median(values) -> float:
    """docs/cohort.md#precision: the median of the terms counted in 1e-9 units."""
    terms = sorted(math.floor(float(v) * 1_000_000_000 + 0.5) for v in values if pd.notna(v))
    if not terms:
        return np.nan
    mid = len(terms) // 2
    whole = terms[mid] if len(terms) % 2 else (terms[mid - 1] + terms[mid]) / 2
    return whole / 1_000_000_000


def _per_person(df: pd.DataFrame):
    groups = dict(tuple(df.groupby("person_id", sort=False, observed=True)))
    return lambda pid: groups.get(pid, df.iloc[:0])


def reference_finish(ms, start, as_of, remaining):
    """projected_finish: the forecast's P85 (docs/metrics.md#forecast). The inputs are counted
    here row by row: the window (the last FORECAST_WEEKS whole weeks, cut to the weeks since
    the start), the milestones done in each of its weeks and their dispersion (variance over
    mean of the weekly counts, at least 1); the date is the model's (``finish_days``, checked
    against a hand-summed negative binomial in tests/metrics/test_progress.py)."""
    from careermap.metrics._forecast import FORECAST_WEEKS, finish_days

    since = (as_of - start).days
    window = min(FORECAST_WEEKS, since // 7 + 1) if since >= 0 else 0
    counts = [0] * window
    for d in ms.done:
        if pd.notna(d) and d <= as_of and (as_of - d).days // 7 < window:
            counts[(as_of - d).days // 7] += 1
    n = sum(counts)
    if remaining <= 0 or n == 0:  # nothing open, or no pace to forecast from
        return np.nan, pd.NaT, pd.NaT
    disp = 1.0
    if n > 0 and window >= 2:
        disp = max(1.0, float(np.var(counts, ddof=1)) / (n / window))
    p85, p50 = (int(finish_days(remaining, n, window, disp, q)) for q in (0.85, 0.5))
    # beyond the 20-year horizon: no date (weeks_to_finish infinite)
    weeks = p85 / 7 if p85 >= 0 else np.inf
    return tuple([weeks] + [as_of + pd.Timedelta(days=d) if d >= 0 else pd.NaT for d in (p85, p50)])


def reference_kpis(m, as_of: pd.Timestamp) -> pd.DataFrame:
    overdue_of = reference_overdue(m, as_of).groupby("person_id")["overdue"].sum()
    people = m.people.set_index("person_id")
    # each person's rows, split once (a cohort of 1,000 is checked too, tests/spark)
    ms_of, rs_of, log_of, rv_of = (
        _per_person(df) for df in (m.milestones, m.reschedules, m.time_log, m.reviews)
    )
    rows = []
    for pid in m.person_ids:
        person = people.loc[pid]
        ms, rs, log = ms_of(pid), rs_of(pid), log_of(pid)
        log = log[log.date <= as_of]
        scope = done = on_time = 0
        open_effort = []
        median = exact_median(ms.effort_hours)
        for _, r in ms.iterrows():
            planned = r.planned if pd.notna(r.planned) else person.start
            if not (planned <= as_of and (pd.isna(r.dropped) or r.dropped > as_of)):
                continue
            scope += 1
            is_done = pd.notna(r.done) and r.done <= as_of
            mine = rs[rs.milestone_id == r.milestone_id].sort_values("on")
            original = mine.iloc[0].from_target if len(mine) else r.target
            if is_done:
                done += 1
                on_time += r.done <= original
            else:
                effort = r.effort_hours if pd.notna(r.effort_hours) else median
                open_effort.append(effort if pd.notna(effort) else 0.0)
        remaining_effort = exact_sum(open_effort)
        last = log.date.max() if len(log) else pd.NaT
        h4 = exact_sum(log[log.date > as_of - pd.Timedelta(days=28)].hours)
        pace = exact_sum(log[log.date > as_of - pd.Timedelta(weeks=12)].hours) / 12
        weeks, finish, p50 = reference_finish(ms, person.start, as_of, scope - done)
        rv = rv_of(pid)
        rv = rv[rv.date <= as_of].sort_values("date")
        scores = (
            rv[["satisfaction", "motivation", "confidence", "alignment"]]
            .astype(float)
            .mean(axis=1)
            .tolist()
        )
        trend = scores[-1] - scores[-3] if len(scores) >= 3 else np.nan
        rows.append(
            {
                "person_id": pid,
                "scope": scope,
                "done": done,
                "overdue_milestones": int(overdue_of.get(pid, 0)),
                "progress_pct": 100 * done / scope if scope else np.nan,
                "on_time_rate": on_time / done if done else np.nan,
                "hours_per_week_4w": h4 / 4,
                "days_since_last_log": (as_of - last).days if pd.notna(last) else np.nan,
                "remaining_effort": remaining_effort,
                "pace_hours_per_week": pace,
                "projected_finish": finish,
                "finish_p50": p50,
                "weeks_to_finish": weeks,
                "review_trend": trend,
            }
        )
    return pd.DataFrame(rows)


def assert_matches_reference(summary: pd.DataFrame, m, as_of: pd.Timestamp) -> None:
    """Every KPI of the plain-pandas reference, exactly (the same float, NaN where missing)."""
    ref = reference_kpis(m, as_of).set_index("person_id")
    got = summary.set_index("person_id").loc[ref.index]
    for col in ("projected_finish", "finish_p50"):
        np.testing.assert_array_equal(got[col].to_numpy(), ref.pop(col).to_numpy(), err_msg=col)
    for col in ref.columns:
        np.testing.assert_array_equal(
            got[col].astype(float).to_numpy(), ref[col].astype(float).to_numpy(), err_msg=col
        )


@pytest.mark.parametrize("as_of", [AS_OF, *DATES], ids=lambda d: str(d.date()))
def test_kpis_match_plain_pandas(cohort, summary, as_of):
    got = summary if as_of == AS_OF else cohort_summary(cohort, as_of=as_of)
    assert_matches_reference(got, cohort, as_of)


def test_the_sums_do_not_depend_on_the_order_of_their_terms():
    # docs/cohort.md#precision: 0.1 + 0.2 + 0.3 is 0.6000000000000001 added in this order
    # and 0.6 in the reverse; the KPIs count each term in 1e-9 units, so every order gives 0.6
    m = careermap.load(careermap.sample_path())
    days = pd.to_datetime(["2026-11-10", "2026-11-11", "2026-11-12"])
    for order in ([0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0.2, 0.3, 0.1]):
        log = m.time_log.iloc[:3].copy()
        log["date"] = days.astype(log["date"].dtype)
        log["hours"] = order
        got = cohort_summary(replace(m, time_log=log), as_of="2026-11-15").iloc[0]
        assert got["hours_per_week_4w"] == 0.6 / 4, order
        assert got["pace_hours_per_week"] == 0.6 / 12, order


def test_a_finish_beyond_twenty_years_has_no_date_but_is_flagged(cohort, summary):
    # a P85 beyond 20 years (few done, much open) has no date (pandas cannot hold one past
    # 2262) and infinite weeks; the flag reads the P50
    s = summary.set_index("person_id")
    far = s[s["weeks_to_finish"] > 1040]
    assert len(far) >= 1 and far["projected_finish"].isna().all()
    assert np.isinf(far["weeks_to_finish"]).all()
    late = (far["finish_p50"] - far["latest_deadline"]).dt.days > 30
    assert (far["flag_forecast"] == late).all() and late.sum() > 0
    # an even-odds finish beyond 20 years (no P50 date, a forecast made) is past any deadline
    s = summary.copy()
    s.loc[0, ["finish_p50", "projected_finish"]] = pd.NaT
    s.loc[0, "weeks_to_finish"] = np.inf
    again = reflag(s, {"forecast_margin_days": 30})
    assert again.loc[0, "flag_forecast"]
    assert any(
        r.startswith("forecast finish more than 20 years away") for r in again.loc[0, "reasons"]
    )


def test_gap_closure_matches_hand_rule(cohort, summary):
    # the gap role and the combined levels as docs/metrics.md defines them, in plain Python
    checked = 0
    for pid in cohort.person_ids:
        a = cohort.assessments[
            (cohort.assessments.person_id == pid) & (cohort.assessments.date <= AS_OF)
        ]
        role = reference_gap_role(cohort, pid)
        r = reference_requirements(cohort, pid, role) if role else {}
        gap_first = gap_now = 0.0
        for skill, g in a.groupby("skill_id", sort=False):
            if skill not in r:
                continue
            need, w = r[skill][0], r[skill][1] / 5
            gap_first += max(need - reference_combined_level(g, g.date.min()), 0) * w
            gap_now += max(need - reference_combined_level(g, AS_OF), 0) * w
        months = (a.date.max() - a.date.min()).days / 30.4375 if len(a) else 0
        expected = (gap_first - gap_now) / months if months > 0 else np.nan
        got = summary.set_index("person_id").at[pid, "gap_closure_per_month"]
        if math.isnan(expected):
            assert pd.isna(got)
        else:
            assert got == pytest.approx(expected, rel=1e-9), pid
            checked += 1
    assert checked >= 25


def _personas():
    doc = yaml.safe_load((careermap.cohort_path() / "cohort.yaml").read_text())
    return doc["personas"]


def test_planted_personas_are_found(summary):
    personas = _personas()
    s = summary.set_index("person_id")
    for pid, persona in personas.items():
        row = s.loc[pid]
        if persona in ("stalled", "dropped_out"):
            assert row.needs_attention, (pid, persona)
            assert any(r.startswith("inactive") for r in row.reasons), (pid, row.reasons)
        if persona == "stalled":
            assert row.flag_overdue, (pid, row.reasons)
            assert row.flag_reviews, (pid, row.reasons)
        if persona == "steady":
            # steady in logging and in meeting targets; the forecast flag reads the pace of
            # completions, which for some of them is slow for their last deadline
            others = [r for r in row.reasons if not r.startswith("forecast finish")]
            assert not others, (pid, row.reasons)
    # the forecast flag (less than even odds to make the last deadline) is the exception for
    # steady people and never set for over-achievers (people who stopped have no recent
    # pace, so no forecast: inactivity flags them)
    flagged = {p: [] for p in set(personas.values())}
    for pid, persona in personas.items():
        flagged[persona].append(bool(s.loc[pid, "flag_forecast"]))
    assert np.mean(flagged["steady"]) < 0.5
    assert not any(flagged["over_achiever"])


def test_thresholds_change_the_flags(cohort, summary):
    strict = cohort_summary(
        cohort, as_of=AS_OF, thresholds={"inactive_days": 10_000, "overdue_milestones": 10_000}
    )
    assert not strict.flag_inactive.any() and not strict.flag_overdue.any()
    assert summary.flag_inactive.any()
    with pytest.raises(careermap.InvalidArgumentError, match="unknown threshold 'inactive'"):
        cohort_summary(cohort, as_of=AS_OF, thresholds={"inactive": 3})


def test_parquet_engine_gives_the_same_numbers(cohort, summary, tmp_path):
    folder = cohort.to_parquet(tmp_path / "pq")
    pq = cohort_summary_parquet(folder, as_of=AS_OF, memory_limit="200MB")
    cols = [c for c in summary.columns if c not in ("reasons",)]
    pd.testing.assert_frame_equal(pq[cols], summary[cols], check_dtype=False, check_exact=True)
    assert pq.reasons.tolist() == summary.reasons.tolist()


def test_a_person_is_a_cohort_of_one(cohort, summary):
    pid = cohort.person_ids[5]
    one = cohort_summary(cohort.person(pid), as_of=AS_OF)
    cols = [c for c in summary.columns if c not in ("reasons",)]
    pd.testing.assert_frame_equal(
        one[cols].reset_index(drop=True),
        summary[summary.person_id == pid][cols].reset_index(drop=True),
        check_dtype=False,
        check_exact=True,
    )


def test_input_frames_are_not_mutated(cohort):
    before = {n: df.copy() for n, df in cohort.frames().items()}
    cohort_summary(cohort, as_of=AS_OF)
    for n, df in cohort.frames().items():
        pd.testing.assert_frame_equal(df, before[n])


def test_thresholds_defaults_are_documented():
    assert Thresholds().inactive_days == 30
    assert "inactive_days" in Thresholds.__doc__


@pytest.mark.parametrize(
    "changes",
    [
        {"inactive_days": 90},
        {"overdue_milestones": 1, "review_drop": 0.25},
        {"forecast_margin_days": 0, "low_effort_ratio": 0.8},
        {"inactive_days": 7, "overdue_milestones": 10, "review_drop": 3.0},
    ],
)
def test_reflag_equals_a_full_recomputation(cohort, summary, changes):
    again = cohort_summary(cohort, as_of=AS_OF, thresholds=changes)
    pd.testing.assert_frame_equal(reflag(summary, changes), again)
    # a Thresholds object works the same, and so does a subset of rows (a group filter)
    pd.testing.assert_frame_equal(reflag(summary, Thresholds(**changes)), again)
    design = summary[summary["group"] == "design"]
    expected = again[again["group"] == "design"]
    pd.testing.assert_frame_equal(reflag(design, changes), expected)


def test_reflag_refuses_what_it_cannot_do(summary):
    before = summary.copy()
    with pytest.raises(careermap.InvalidArgumentError, match="pace_weeks change the KPIs"):
        reflag(summary, {"pace_weeks": 4})
    with pytest.raises(careermap.InvalidArgumentError, match="unknown threshold 'inactive'"):
        reflag(summary, {"inactive": 3})
    with pytest.raises(
        careermap.InvalidArgumentError, match=r"from careermap\.metrics\.cohort_summary"
    ):
        reflag(pd.DataFrame({"person_id": ["a"]}), {"inactive_days": 3})
    pd.testing.assert_frame_equal(summary, before)  # the summary given is not changed


def test_the_role_requirements_builder_gives_a_first_roles_rows(cohort):
    from careermap.metrics._requirements import first_role_requirements

    rows = first_role_requirements(cohort.target_roles, cohort.role_requirements)
    assert list(rows.columns) == ["person_id", "skill_id", "required_level", "importance"]
    assert len(rows) > 0 and rows["importance"].between(1, 5).all()
