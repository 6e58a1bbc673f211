"""A role's requirements: one builder for the skill metrics and the cohort KPIs.

Checked against a plain-Python builder written here from the documented rule
(docs/metrics.md#skill_gaps): the O*NET profile of the role (or of a custom role's
``based_on``) without the elements O*NET flags not relevant; a custom requirement replaces
the O*NET row of its element or adds one; a custom requirement without importance takes
O*NET's importance of that element for the ``based_on`` occupation, else 3.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _reference import reference_gap_role, reference_requirements

from careermap import metrics, reference
from careermap.metrics._requirements import DEFAULT_IMPORTANCE, first_role_requirements

T = pd.Timestamp
AS_OF = "2026-11-15"


def _as_dict(rows: pd.DataFrame) -> dict[str, tuple[float, float]]:
    return {r.skill_id: (r.required_level, r.importance) for r in rows.itertuples(index=False)}


def _assert_same(got: dict, want: dict, where: str) -> None:
    assert sorted(got) == sorted(want), where
    for sid, (level, imp) in want.items():
        assert got[sid] == pytest.approx((level, imp)), (where, sid)


@pytest.fixture(scope="module")
def edge_maps(sample, build):
    """Custom-role edge cases: the sample's custom role with an importance left out (O*NET
    rates Programming 2.75 for its based_on 11-3021.00), and a built person whose roles
    cover a custom skill without importance, a role without based_on, a requirement on an
    element O*NET flags not relevant, and the same element required twice."""
    rr = sample.role_requirements.copy()
    rr.loc[rr["skill"] == "Programming", "importance"] = np.nan
    sample_gap = replace(sample, role_requirements=rr)

    def req(role, skill, level, importance=None, name=None):
        return {"person_id": "q", "role_id": role, "skill": skill, "skill_id": skill,
                "name": name, "level": level, "importance": importance}  # fmt: skip

    built = build(
        [{"person_id": "q", "start": T("2025-01-06")}],
        [{"person_id": "q", "goal_id": "G"}],
        target_roles=[
            {
                "person_id": "q",
                "role_id": "lead",
                "kind": "custom",
                "priority": 1,
                "title": "Lead",
                "based_on": "15-2051.01",
            },
            {
                "person_id": "q",
                "role_id": "solo",
                "kind": "custom",
                "priority": 2,
                "title": "Solo",
                "based_on": None,
            },
            {
                "person_id": "q",
                "role_id": "11-3021.00",
                "kind": "onet",
                "priority": 3,
                "title": None,
                "based_on": None,
            },
        ],
        role_requirements=[
            req("lead", "2.A.1.d", 5.0),  # Speaking: O*NET's importance for 15-2051.01, 3.88
            req("lead", "mlops", 4.0, name="MLOps"),  # custom skill: the default, 3
            req("lead", "2.B.3.c", 2.0, 2.5),  # not relevant for 15-2051.01: added as custom
            req("lead", "2.B.3.e", 4.0, 2.0),
            req("lead", "2.B.3.e", 5.0, 4.5),  # the same element again: the later row wins
            req("solo", "2.A.2.a", 3.0),  # no based_on: the default, 3
            req("solo", "storytelling", 4.0, 4.0, name="Storytelling"),
        ],
        assessments=[
            {
                "person_id": "q",
                "date": T(d),
                "skill": "2.A.1.d",
                "skill_id": "2.A.1.d",
                "level": lv,
                "source": "self",
            }
            for d, lv in (("2025-02-01", 2.0), ("2025-08-01", 3.5))
        ],
    )
    return {"sample_gap": sample_gap, "built": built}


def test_the_edge_cases_by_hand(edge_maps):
    g = metrics.skill_gaps(edge_maps["built"], as_of=AS_OF).set_index(["role_id", "skill_id"])
    bi = reference.requirements("15-2051.01").set_index("skill_id")
    assert g.loc[("lead", "2.A.1.d"), "importance"] == bi.loc["2.A.1.d", "importance"] == 3.88
    assert g.loc[("lead", "mlops"), "importance"] == DEFAULT_IMPORTANCE == 3.0
    assert g.loc[("lead", "2.B.3.c"), "requirement"] == "custom"
    assert tuple(g.loc[("lead", "2.B.3.e"), ["required_level", "importance"]]) == (5.0, 4.5)
    assert g.loc[("solo", "2.A.2.a"), "importance"] == 3.0
    assert len(g.loc["solo"]) == 2  # no based_on: only its own requirements
    s = metrics.skill_gaps(edge_maps["sample_gap"], roles="analytics-lead", as_of=AS_OF)
    assert s.set_index("skill_id").loc["2.B.3.e", "importance"] == 2.75


def _all_maps(sample, cohort, small, edge_maps):
    return {"sample": sample, "cohort": cohort, "small": small, **edge_maps}


def test_skill_gaps_requirements_match_the_rule_for_every_target_role(
    sample, cohort, small, edge_maps
):
    checked = 0
    for name, m in _all_maps(sample, cohort, small, edge_maps).items():
        g = metrics.skill_gaps(m, as_of=AS_OF)
        for (pid, role), rows in g.groupby(["person_id", "role_id"], sort=False):
            want = reference_requirements(m, pid, role)
            _assert_same(_as_dict(rows), want, f"{name} {pid} {role}")
            checked += 1
        measured = set(zip(g["person_id"], g["role_id"], strict=True))
        for r in m.target_roles.itertuples():  # roles without rows have nothing to compare
            if (r.person_id, r.role_id) not in measured:
                assert reference_requirements(m, r.person_id, r.role_id) == {}
    assert checked > 60


def test_the_kpis_and_the_skill_metrics_use_the_same_requirements(sample, cohort, small, edge_maps):
    # the cohort KPIs follow each person's gap role (the first target role by priority that
    # has requirements); its rows must be those that skill_gaps compares (same elements,
    # same required level, same importance)
    compared = 0
    for name, m in _all_maps(sample, cohort, small, edge_maps).items():
        kpi = first_role_requirements(m.target_roles, m.role_requirements)
        first = {pid: reference_gap_role(m, pid) for pid in m.person_ids}
        first = {pid: role for pid, role in first.items() if role is not None}
        assert set(kpi["person_id"]) == set(first), name
        g = metrics.skill_gaps(m, as_of=AS_OF)
        for pid, role in first.items():
            mine = g[(g["person_id"] == pid) & (g["role_id"] == role)]
            _assert_same(
                _as_dict(kpi[kpi["person_id"] == pid]), _as_dict(mine), f"{name} {pid} {role}"
            )
            compared += 1
    assert compared >= 33


def test_the_kpi_gap_uses_onet_importance_for_a_custom_requirement_without_one(edge_maps):
    # q's priority-1 role "lead" requires Speaking 5.0 without importance: O*NET's 3.88 for
    # 15-2051.01 (the old KPI copy used 3). Assessed 2.0 then 3.5, 181 days apart.
    k = metrics.cohort_summary(edge_maps["built"], as_of=AS_OF).iloc[0]
    w = 3.88 / 5
    # the other requirements are unassessed: their full weight is in both gaps
    assert k["gap_first"] - k["gap_now"] == pytest.approx((3.5 - 2.0) * w)
    assert k["gap_max"] - k["gap_now"] == pytest.approx(3.5 * w)  # what 3.5 of 5 credits
    months = (T("2025-08-01") - T("2025-02-01")).days / 30.4375
    assert k["gap_closure_per_month"] == pytest.approx(1.5 * w / months)
