"""One skill level, one gap, one gap role: the personal skill metrics and the cohort KPIs agree.

The combined level is written in pandas (the personal metrics) and in Ibis (the cohort KPIs,
any backend); these tests compare both with each other and with a plain-Python reference
written from docs/metrics.md, per person, skill and date of the demo cohort.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest
from _reference import reference_combined_level, reference_gap_role, reference_requirements

from careermap import metrics
from careermap.metrics._cohort import memtables
from careermap.metrics._kpis import requirement_levels
from careermap.metrics._levels import (
    assessments_upto,
    combine_levels,
    combined_levels_expr,
    latest_levels,
)
from careermap.metrics._requirements import first_role_requirements, gap_roles

# the data end, and earlier dates (some before a person's first assessment, some where an
# old source has just left the 180-day window)
DATES = [pd.Timestamp(d) for d in ("2025-10-01", "2026-01-15", "2026-05-01", "2026-11-15")]


@pytest.fixture(scope="module")
def engine():
    return ibis.duckdb.connect()


def _key(df, cols):
    return df.set_index(cols).sort_index()


def test_ibis_and_pandas_combined_levels_agree_on_every_assessment_date(cohort, engine):
    # every person x skill x date a skill was assessed, plus the fixed dates
    a = assessments_upto(cohort, pd.Timestamp("2026-11-15"))
    points = a[["person_id", "skill_id", "date"]].drop_duplicates().rename(columns={"date": "at"})
    fixed = (
        a[["person_id", "skill_id"]]
        .drop_duplicates()
        .merge(pd.DataFrame({"at": DATES}), how="cross")
    )
    points = pd.concat([points, fixed], ignore_index=True).drop_duplicates()
    want = combine_levels(latest_levels(a, points))
    got = engine.execute(
        combined_levels_expr(memtables(cohort)["assessments"], ibis.memtable(points))
    )
    cols = ["person_id", "skill_id", "at"]
    want, got = _key(want, cols), _key(got, cols)
    assert len(want) > 2_500 and got.index.equals(want.index)
    # the same float: both add the weighted levels in 1e-9 units (docs/cohort.md#precision)
    np.testing.assert_array_equal(got["level"], want["level"])
    assert (got["n_sources"].to_numpy() == want["n_sources"].to_numpy()).all()
    assert (pd.to_datetime(got["date"]).to_numpy() == want["date"].to_numpy()).all()


def test_combined_levels_match_the_plain_reference(cohort, engine):
    people = cohort.person_ids[:8]
    a = cohort.assessments[cohort.assessments["person_id"].isin(people)]
    rows = []
    for (pid, sid), part in a.groupby(["person_id", "skill_id"], sort=False):
        for at in DATES:
            level = reference_combined_level(part, at)
            if level is not None:
                rows.append((pid, sid, at, level))
    want = pd.DataFrame(rows, columns=["person_id", "skill_id", "at", "level"])
    points = ibis.memtable(want[["person_id", "skill_id", "at"]])
    got = engine.execute(combined_levels_expr(memtables(cohort)["assessments"], points))
    cols = ["person_id", "skill_id", "at"]
    got, want = _key(got, cols), _key(want, cols)
    assert len(want) > 250 and got.index.equals(want.index)
    np.testing.assert_allclose(got["level"], want["level"], rtol=1e-12)


def test_a_tie_on_one_day_takes_the_later_row(engine):
    T = pd.Timestamp
    a = pd.DataFrame(
        {
            "person_id": "p",
            "skill_id": "s",
            "skill": "s",
            "date": [T("2026-03-01"), T("2026-03-01"), T("2026-03-01")],
            "level": [2.0, 5.0, 3.0],
            "source": ["self", "self", "mentor"],
            "seq": [0, 1, 2],
        }
    )
    pts = pd.DataFrame({"person_id": ["p"], "skill_id": ["s"], "at": [T("2026-04-01")]})
    got = engine.execute(combined_levels_expr(ibis.memtable(a), ibis.memtable(pts)))
    assert got["level"].tolist() == [pytest.approx((5.0 * 1 + 3.0 * 2) / 3)]
    backwards = a.assign(seq=[1, 0, 2])  # the 2.0 written last
    got = engine.execute(combined_levels_expr(ibis.memtable(backwards), ibis.memtable(pts)))
    assert got["level"].tolist() == [pytest.approx((2.0 * 1 + 3.0 * 2) / 3)]


@pytest.mark.parametrize("as_of", DATES, ids=lambda d: d.date().isoformat())
def test_the_kpi_gap_of_each_skill_is_the_personal_metrics_gap(cohort, engine, as_of):
    req = first_role_requirements(cohort.target_roles, cohort.role_requirements)
    expr = requirement_levels(
        memtables(cohort)["assessments"],
        ibis.memtable(req),
        ibis.literal(as_of.to_pydatetime(), type="timestamp"),
        ibis.memtable(pd.DataFrame({"as_of": [as_of]})),
    )
    kpi = _key(engine.execute(expr), ["person_id", "skill_id"])
    roles = gap_roles(cohort.target_roles, cohort.role_requirements)
    g = metrics.skill_gaps(cohort, as_of=as_of)
    g = g.merge(roles[["person_id", "role_id"]], on=["person_id", "role_id"])  # the gap role
    every = _key(g, ["person_id", "skill_id"])
    # every requirement of the gap role, assessed or not, and the same level on each
    assert kpi.index.equals(every.index)
    np.testing.assert_array_equal(kpi["latest_level"], every["current_level"])
    personal = every[every["assessed"]]
    kpi = kpi[kpi["latest_level"].notna()]
    if as_of == DATES[-1]:
        assert len(kpi) > 150 and kpi.index.get_level_values(0).nunique() == len(cohort.people)
    np.testing.assert_array_equal(
        np.maximum(kpi["required_level"] - kpi["latest_level"], 0.0), personal["gap"]
    )
    np.testing.assert_array_equal(kpi["importance"], personal["importance"])
    # the level at each skill's first assessment: the personal metric's level on that date
    first = cohort.assessments[cohort.assessments["date"] <= as_of]
    first = first.groupby(["person_id", "skill_id"])["date"].min()
    some = kpi.index[:: max(1, len(kpi) // 40)]  # ~40 skills: skill_levels runs once each
    for pid, sid in some:
        lv = metrics.skill_levels(cohort.subset([pid]), as_of=first[(pid, sid)])
        level = lv[(lv["skill_id"] == sid) & (lv["source"] == "combined")]["level"].iloc[0]
        assert kpi.loc[(pid, sid), "first_level"] == pytest.approx(level)


def test_summary_and_the_kpis_measure_the_gap_against_one_role(sample, cohort, small):
    for m in (sample, cohort, small):
        s = metrics.summary(m, as_of="2026-11-15").set_index("person_id")
        req = first_role_requirements(m.target_roles, m.role_requirements)
        for pid in m.person_ids:
            role = reference_gap_role(m, pid)
            assert s.at[pid, "gap_role_id"] == role, pid
            want = reference_requirements(m, pid, role) if role else {}
            mine = req[req["person_id"] == pid]
            assert set(mine["skill_id"]) == set(want), pid


def test_a_priority_1_role_without_requirements_gives_way_to_the_next(sample):
    # 15-2051.00 is not rated by O*NET: the gap is measured against the next role, by the
    # KPIs as by the summary (the KPIs used to take the priority-1 role and find no gap)
    from dataclasses import replace

    tr = sample.target_roles.copy()
    tr["priority"] = tr["priority"] + 1
    unrated = tr.iloc[[0]].assign(role_id="15-2051.00", priority=1, title="Data Scientists")
    m = replace(sample, target_roles=pd.concat([unrated, tr], ignore_index=True))
    assert gap_roles(m.target_roles, m.role_requirements)["role_id"].tolist() == ["15-2051.01"]
    s = metrics.summary(m, as_of="2026-11-15").iloc[0]
    k = metrics.cohort_summary(m, as_of="2026-11-15").iloc[0]
    base = metrics.cohort_summary(sample, as_of="2026-11-15").iloc[0]
    assert s["gap_role_id"] == "15-2051.01"
    assert k["gap_now"] == pytest.approx(base["gap_now"]) and k["gap_now"] > 0
    assert k["gap_closure_per_month"] == pytest.approx(base["gap_closure_per_month"])
