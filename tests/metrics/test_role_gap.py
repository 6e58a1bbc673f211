"""The gap to a role, one definition (docs/metrics.md#gap): the person metrics (skill_gaps,
match_score, gap_trend, time_to_close) and the cohort KPIs (Ibis) compute it with one rule,
checked against a plain-Python re-computation written from the docs, on hand-made and
generated inputs; and the gap never rewards assessing less."""

from __future__ import annotations

import math
from dataclasses import replace

import ibis
import numpy as np
import pandas as pd
import pytest
from _reference import reference_combined_level, reference_gap_role, reference_requirements
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careermap
from careermap import metrics
from careermap.demo import generate_cohort
from careermap.metrics._requirements import gap_roles
from careermap.metrics._role_gap import role_gap, role_gap_expr

AS_OF = pd.Timestamp("2026-11-15")
DATES = [pd.Timestamp(d) for d in ("2026-01-15", "2026-06-01", "2026-11-15")]
GAP_COLUMNS = {"gap_now": "gap", "gap_max": "max_gap", "gap_coverage": "coverage"}


def whole(x: float) -> int:
    """docs/cohort.md#precision: a term to the nearest 1e-9, as an integer."""
    return math.floor(float(x) * 1_000_000_000 + 0.5)


def reference_gap(rows: list[tuple[float, float, float | None]]) -> dict[str, float]:
    """docs/metrics.md#gap, row by row: (required, importance, level or None) per element."""
    gap = gap_assessed = weight = weight_assessed = 0
    for req, imp, level in rows:
        w = req * (imp / 5)
        term = w if level is None else max(req - level, 0.0) * (imp / 5)
        gap += whole(term)
        weight += whole(w)
        if level is not None:
            gap_assessed += whole(term)
            weight_assessed += whole(w)
    out = {"gap": gap / 1e9, "gap_assessed": gap_assessed / 1e9, "max_gap": weight / 1e9}
    out["coverage"] = (weight_assessed / 1e9) / out["max_gap"] if weight else math.nan
    out["match"] = 1 - out["gap"] / out["max_gap"] if weight else math.nan
    return out


def test_the_worked_example_of_the_docs():
    # docs/metrics.md#gap, computed by hand: A short by 1 level at importance 5 (1.0 point),
    # B above its requirement (0), C unassessed (its full weight 5 x 4 / 5 = 4.0)
    rows = pd.DataFrame(
        {
            "role": "r",
            "required_level": [4.0, 3.0, 5.0],
            "importance": [5.0, 2.5, 4.0],
            "level": [3.0, 3.5, np.nan],
        }
    )
    r = role_gap(rows, ["role"]).iloc[0]
    assert (r.gap, r.gap_assessed, r.gap_unassessed) == (5.0, 1.0, 4.0)
    assert r.max_gap == 9.5  # 4 + 1.5 + 4
    assert r.coverage == pytest.approx(5.5 / 9.5)  # A and B: 4 + 1.5 of 9.5
    assert r.match == pytest.approx(1 - 5 / 9.5)
    assert (r.n_requirements, r.n_assessed) == (3, 2)


levels = st.one_of(st.none(), st.integers(0, 70).map(lambda i: i / 10))
elements = st.tuples(
    st.integers(0, 2),  # the group (person x role)
    st.integers(0, 70).map(lambda i: i / 10),  # required level
    st.integers(10, 50).map(lambda i: i / 10),  # importance
    levels,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(elements, min_size=1, max_size=30))
def test_pandas_and_ibis_give_the_reference_gap(rows):
    frame = pd.DataFrame(rows, columns=["g", "required_level", "importance", "level"])
    frame["level"] = frame["level"].astype("float64")
    mine = role_gap(frame, ["g"]).set_index("g").sort_index()
    engine = ibis.duckdb.connect()
    theirs = engine.execute(role_gap_expr(ibis.memtable(frame), ["g"])).set_index("g")
    theirs = theirs.sort_index()
    for g, r in mine.iterrows():
        want = reference_gap([(q, i, lv) for gg, q, i, lv in rows if gg == g])
        for col, value in want.items():
            np.testing.assert_array_equal(r[col], value, err_msg=col)
            np.testing.assert_array_equal(theirs.at[g, col], value, err_msg=f"ibis {col}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = generate_cohort(tmp_path_factory.mktemp("gen") / "c", people=40, seed=11)
    return careermap.load(folder, progress=False)


def gap_role_match(m, as_of) -> pd.DataFrame:
    roles = gap_roles(m.target_roles, m.role_requirements)[["person_id", "role_id"]]
    s = metrics.match_score(m, as_of=as_of)
    return s.merge(roles, on=["person_id", "role_id"]).set_index("person_id").sort_index()


@pytest.mark.parametrize("which", ["sample", "cohort", "generated"])
def test_the_person_metrics_and_the_kpis_give_one_gap(which, sample, cohort, generated):
    m = {"sample": sample, "cohort": cohort, "generated": generated}[which]
    for as_of in DATES:
        s = gap_role_match(m, as_of)
        k = metrics.cohort_summary(m, as_of=as_of).set_index("person_id").loc[s.index]
        for kpi, col in GAP_COLUMNS.items():
            np.testing.assert_array_equal(k[kpi], s[col], err_msg=f"{which} {as_of} {kpi}")
        np.testing.assert_array_equal(k["match_score"], s["match_score"])
        # the older names of match_score are the rule's
        np.testing.assert_array_equal(s["weighted_gap"], s["gap"])
        np.testing.assert_array_equal(s["assessed_share"], s["coverage"])
        # skill_gaps carries its role's coverage on every row; gap_trend's point on a
        # person's last assessment date is the gap on that date
        g = metrics.skill_gaps(m, as_of=as_of)
        cov = g.groupby(["person_id", "role_id"])["coverage"].agg(["min", "max"])
        assert (cov["min"] == cov["max"]).all()
        t = metrics.gap_trend(m, as_of=as_of)
        for pid in s.index[:: max(1, len(s) // 5)]:
            role = s.at[pid, "role_id"]
            assert cov.loc[(pid, role), "min"] == s.at[pid, "coverage"]
            mine = t[(t["person_id"] == pid) & (t["role_id"] == role)]
            if len(mine):
                last = mine.iloc[-1]
                at = gap_role_match(m.subset([pid]), last["date"]).iloc[0]
                assert (last["gap"], last["coverage"]) == (at["gap"], at["coverage"])


def test_the_kpi_gap_is_the_plain_python_gap(cohort):
    k = metrics.cohort_summary(cohort, as_of=AS_OF).set_index("person_id")
    checked = 0
    for pid in cohort.person_ids:
        role = reference_gap_role(cohort, pid)
        if role is None:
            assert pd.isna(k.at[pid, "gap_now"])
            continue
        a = cohort.assessments[cohort.assessments["person_id"] == pid]
        rows = []
        for sid, (need, imp) in reference_requirements(cohort, pid, role).items():
            mine = a[a["skill_id"] == sid]
            rows.append((need, imp, reference_combined_level(mine, AS_OF)))
        want = reference_gap(rows)
        assert k.at[pid, "gap_now"] == pytest.approx(want["gap"], rel=1e-9), pid
        assert k.at[pid, "gap_max"] == want["max_gap"], pid
        assert k.at[pid, "gap_coverage"] == pytest.approx(want["coverage"], rel=1e-12), pid
        checked += 1
    assert checked >= 25


# --- the gap never rewards assessing less -------------------------------------------------


def with_assessments(m, assessments: pd.DataFrame):
    return replace(m, assessments=assessments.reset_index(drop=True))


def kpi_gaps(m) -> pd.DataFrame:
    return metrics.cohort_summary(m, as_of=AS_OF).set_index("person_id")


def rank(k: pd.DataFrame, pid: str) -> int:
    """1 = closest to their role: one more than the people with a smaller gap."""
    return 1 + int((k["gap_now"] < k.at[pid, "gap_now"]).sum())


@pytest.fixture(scope="module")
def six(cohort):
    few = cohort.subset(cohort.person_ids[:6])
    return few, kpi_gaps(few), gap_roles(few.target_roles, few.role_requirements)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    who=st.integers(0, 5),
    pick=st.integers(0, 10_000),
    level=st.integers(0, 70).map(lambda i: i / 10),
    source=st.sampled_from(["self", "peer", "mentor", "manager", "test"]),
    days_before=st.integers(0, 400),
)
def test_assessing_a_requirement_nobody_assessed_never_raises_the_gap(
    six, who, pick, level, source, days_before
):
    m, before, roles = six
    pid = m.person_ids[who]
    role = roles.set_index("person_id").at[pid, "role_id"]
    g = metrics.skill_gaps(m.subset([pid]), roles=role, as_of=AS_OF)
    unassessed = g[~g["assessed"]]
    sid = unassessed["skill_id"].iloc[pick % len(unassessed)]
    row = m.assessments.iloc[[0]].assign(
        person_id=pid,
        date=AS_OF - pd.Timedelta(days=days_before),
        skill=sid,
        skill_id=sid,
        level=level,
        source=pd.Categorical([source], categories=m.assessments["source"].cat.categories),
        note=None,
    )
    after = kpi_gaps(with_assessments(m, pd.concat([m.assessments, row])))
    assert after.at[pid, "gap_now"] <= before.at[pid, "gap_now"]
    assert after.at[pid, "gap_coverage"] > before.at[pid, "gap_coverage"]
    assert rank(after, pid) <= rank(before, pid)
    # and the person metric says the same
    s = gap_role_match(with_assessments(m, pd.concat([m.assessments, row])), AS_OF)
    assert s.at[pid, "gap"] == after.at[pid, "gap_now"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(who=st.integers(0, 5), pick=st.integers(0, 10_000))
def test_withholding_a_requirements_assessments_never_ranks_a_person_closer(six, who, pick):
    # remove every assessment of one assessed requirement (one below it, or all of them):
    # the gap the person had is never lowered, so their rank never improves
    m, before, roles = six
    pid = m.person_ids[who]
    role = roles.set_index("person_id").at[pid, "role_id"]
    g = metrics.skill_gaps(m.subset([pid]), roles=role, as_of=AS_OF)
    assessed = g[g["assessed"]]
    below = assessed[assessed["gap"] > 0]
    chosen = below if len(below) and pick % 2 else assessed
    sid = chosen["skill_id"].iloc[pick % len(chosen)]
    a = m.assessments
    gone = (a["person_id"] == pid) & (a["skill_id"] == sid)
    after = kpi_gaps(with_assessments(m, a[~gone]))
    assert after.at[pid, "gap_now"] >= before.at[pid, "gap_now"]
    assert after.at[pid, "gap_coverage"] < before.at[pid, "gap_coverage"]
    assert rank(after, pid) >= rank(before, pid)
    others = [p for p in m.person_ids if p != pid]
    pd.testing.assert_frame_equal(after.loc[others], before.loc[others])


def test_removing_a_below_requirement_skills_assessments_raises_the_gap(sample):
    # the case: with unassessed counted as zero the gap fell when a
    # below-requirement skill's assessment was removed; now it rises by what it showed
    role = gap_roles(sample.target_roles, sample.role_requirements)["role_id"].iloc[0]
    g = metrics.skill_gaps(sample, roles=role, as_of=AS_OF)
    row = g[g["assessed"] & (g["gap"] > 0)].iloc[0]
    before = kpi_gaps(sample).iloc[0]
    after = kpi_gaps(
        with_assessments(sample, sample.assessments[sample.assessments["skill_id"] != row.skill_id])
    ).iloc[0]
    # by hand: the element's term goes from gap x importance / 5 to its full weight
    raised = (row.required_level - row.gap) * row.importance / 5
    assert after["gap_now"] - before["gap_now"] == pytest.approx(raised)
    assert before["gap_coverage"] - after["gap_coverage"] == pytest.approx(
        row.weight / before["gap_max"]
    )
