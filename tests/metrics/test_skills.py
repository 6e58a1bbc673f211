"""skill_levels, skill_gaps, role_coverage, match_score, gap_trend, time_to_close,
skill_investment, closest_roles and transition_steps."""

from __future__ import annotations

import importlib.util
from collections import deque
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careermap import InvalidArgumentError, metrics, reference

T = pd.Timestamp
BI = "15-2051.01"  # Business Intelligence Analysts
BENCH_CLOSEST = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_closest_roles.py"


def _assessments(rows):
    return [
        {"person_id": "p", "date": T(d), "skill": s, "skill_id": s, "level": lv, "source": src}
        for d, s, lv, src in rows
    ]


def _person(build, assessments, **frames):
    return build(
        [{"person_id": "p", "start": T("2024-01-01")}],
        [{"person_id": "p", "goal_id": "G"}],
        assessments=_assessments(assessments),
        **frames,
    )


# --- levels ------------------------------------------------------------------------------------


def test_skill_levels_small_map(small):
    lv = metrics.skill_levels(small, as_of="2025-06-15")
    prog = lv[lv["skill_id"] == "2.B.3.e"].set_index("source", drop=False)
    assert prog.loc["self", "level"] == 2 and prog.loc["mentor", "level"] == 3
    # (self 2 x 1 + mentor 3 x 2) / 3
    assert prog.loc["combined", "level"] == pytest.approx(8 / 3)
    assert prog.loc["combined", "n_sources"] == 2 and prog.loc["combined", "date"] == T(
        "2025-04-01"
    )
    story = lv[(lv["skill_id"] == "storytelling") & (lv["source"] == "combined")].iloc[0]
    assert story["skill"] == "Data storytelling" and story["domain"] == "custom"
    early = metrics.skill_levels(small, as_of="2025-03-01")
    assert early.query("skill_id == '2.B.3.e' and source == 'combined'")["level"].item() == 2


def test_combined_level_weights_and_window(build):
    m = _person(build, [
        ("2024-01-01", "2.B.3.e", 2.0, "test"),   # 366 days before the latest: left out
        ("2025-01-01", "2.B.3.e", 4.0, "self"),
        ("2025-01-01", "2.A.1.d", 3.0, "test"),
        ("2025-02-01", "2.A.1.d", 5.0, "self"),
        ("2025-02-01", "2.A.1.d", 4.0, "self"),   # same day, same source: the later row wins
    ])  # fmt: skip
    c = (
        metrics.skill_levels(m, as_of="2025-06-01")
        .query("source == 'combined'")
        .set_index("skill_id")
    )
    assert c.loc["2.B.3.e", "level"] == 4.0 and c.loc["2.B.3.e", "n_sources"] == 1
    assert c.loc["2.A.1.d", "level"] == pytest.approx((3 * 3.0 + 1 * 4.0) / 4)
    assert metrics.SOURCE_WEIGHTS == {
        "test": 3.0,
        "mentor": 2.0,
        "manager": 2.0,
        "peer": 1.0,
        "self": 1.0,
    }
    assert metrics.COMBINE_WINDOW_DAYS == 180


def test_combined_level_matches_plain_python(sample):
    got = (
        metrics.skill_levels(sample, as_of="2026-11-15")
        .query("source == 'combined'")
        .set_index("skill_id")["level"]
    )
    a = sample.assessments
    for sid, rows in a.groupby("skill_id"):
        latest = {}
        for _, r in rows.sort_values("date", kind="stable").iterrows():
            latest[str(r["source"])] = (r["date"], r["level"])
        newest = max(d for d, _ in latest.values())
        use = {s: v for s, v in latest.items() if (newest - v[0]).days <= 180}
        w = sum(metrics.SOURCE_WEIGHTS[s] for s in use)
        want = sum(metrics.SOURCE_WEIGHTS[s] * v[1] for s, v in use.items()) / w
        assert got[sid] == pytest.approx(want), sid


# --- gaps --------------------------------------------------------------------------------------


def test_skill_gaps_small_map_onet(small):
    g = metrics.skill_gaps(small, roles=BI, as_of="2025-06-15").set_index("skill_id")
    ref = reference.requirements(BI)
    assert len(g) == (~ref["not_relevant"]).sum()  # every relevant element, assessed or not
    assert (
        g.loc["2.B.3.e", "current_level"] == pytest.approx(8 / 3) and g.loc["2.B.3.e", "gap"] == 0
    )
    ct = g.loc["2.A.2.a"]
    assert ct["gap"] == pytest.approx(4.25 - 3.5)
    assert ct["weighted_gap"] == pytest.approx(0.75 * 3.88 / 5)
    unassessed = g[~g["assessed"]]
    assert unassessed["current_level"].isna().all() and unassessed["gap"].isna().all()
    assert len(unassessed) == len(g) - 2
    assert g["priority"].eq(1).all() and (g["role_title"] == "Business Intelligence Analysts").all()
    assert g.attrs["notes"] == []
    everything = metrics.skill_gaps(small, roles=BI, as_of="2025-06-15", include_not_relevant=True)
    assert len(everything) == len(ref)


def test_skill_gaps_custom_role_overlays_its_onet_profile(small):
    g = metrics.skill_gaps(small, roles="data-lead", as_of="2025-06-15").set_index("skill_id")
    n_onet = (~reference.requirements(BI)["not_relevant"]).sum()
    assert len(g) == n_onet + 1  # + mlops; Programming is replaced, not added
    prog = g.loc["2.B.3.e"]
    assert (prog["required_level"], prog["importance"], prog["requirement"]) == (5.0, 4.0, "custom")
    assert prog["gap"] == pytest.approx(5 - 8 / 3)
    assert prog["weighted_gap"] == pytest.approx((5 - 8 / 3) * 4 / 5)
    assert np.isnan(prog["level_se"])
    ml = g.loc["mlops"]
    assert ml["skill"] == "MLOps" and ml["domain"] == "custom" and not ml["assessed"]
    assert g.loc["2.A.2.a", "requirement"] == "onet"


def test_skill_gaps_targets_by_default(small):
    g = metrics.skill_gaps(small, as_of="2025-06-15")
    assert list(dict.fromkeys(g["role_id"])) == [BI, "data-lead"]


def test_skill_gaps_match_plain_pandas_on_the_sample(sample):
    g = metrics.skill_gaps(sample, roles="15-2041.00", as_of="2026-11-15")
    levels = metrics.skill_levels(sample, as_of="2026-11-15").query("source == 'combined'")
    levels = levels.set_index("skill_id")["level"]
    ref = reference.requirements("15-2041.00")
    ref = ref[~ref["not_relevant"]]
    assert sorted(g["skill_id"]) == sorted(ref["skill_id"])
    for _, r in ref.iterrows():
        row = g[g["skill_id"] == r["skill_id"]].iloc[0]
        cur = levels.get(r["skill_id"])
        if cur is None:
            assert not row["assessed"] and np.isnan(row["weighted_gap"])
        else:
            assert row["gap"] == pytest.approx(max(r["level"] - cur, 0))
            assert row["weighted_gap"] == pytest.approx(
                max(r["level"] - cur, 0) * r["importance"] / 5
            )
        assert row["level_se"] == r["level_se"] or (
            np.isnan(row["level_se"]) and np.isnan(r["level_se"])
        )


def test_unrated_role_is_explained_not_raised(small, cohort):
    g = metrics.skill_gaps(small, roles=["15-2051.00"], as_of="2025-06-15")
    assert g.empty
    assert (
        "Data Scientists (15-2051.00) has no O*NET skill/knowledge ratings" in g.attrs["notes"][0]
    )
    assert "15-2041.00 Statisticians" in g.attrs["notes"][0]
    cov = metrics.role_coverage(small, roles=["15-2051.00", BI, "data-lead"]).set_index("role_id")
    assert not cov.loc["15-2051.00", "rated"] and cov.loc["15-2051.00", "n_requirements"] == 0
    assert cov.loc["15-2051.00", "suggestions"].startswith("15-2041.00 Statisticians")
    assert cov.loc[BI, "rated"] and pd.isna(cov.loc[BI, "suggestions"])
    assert cov.loc["data-lead", "message"].startswith("custom role: 2 own requirements")
    # in the demo cohort some people target 15-2051.00 themselves
    whole = metrics.role_coverage(cohort)
    unrated = whole[whole["role_id"] == "15-2051.00"]
    assert len(unrated) >= 1 and (unrated["n_requirements"] == 0).all()
    gaps = metrics.skill_gaps(cohort, as_of="2026-11-15")
    assert not (gaps["role_id"] == "15-2051.00").any()
    assert len(gaps.attrs["notes"]) == len(unrated)


def test_roles_argument(small):
    with pytest.raises(
        InvalidArgumentError, match=r"roles: unknown role '99-9999\.99'; give O\*NET-SOC codes"
    ):
        metrics.skill_gaps(small, roles=["99-9999.99"])
    with pytest.raises(InvalidArgumentError, match="custom role ids of this map \\(data-lead\\)"):
        metrics.match_score(small, roles="nope")
    with pytest.raises(InvalidArgumentError, match="at least one role"):
        metrics.skill_gaps(small, roles=[])
    with pytest.raises(InvalidArgumentError, match="got int 5"):
        metrics.skill_gaps(small, roles=5)


def test_match_score_is_the_documented_ratio(sample):
    roles = [BI, "15-2041.00", "analytics-lead"]
    s = metrics.match_score(sample, roles=roles, as_of="2026-11-15").set_index("role_id")
    g = metrics.skill_gaps(sample, roles=roles, as_of="2026-11-15")
    for role, rows in g.groupby("role_id"):
        weight = rows["required_level"] * rows["importance"] / 5
        full = np.where(rows["assessed"], rows["weighted_gap"], weight)
        assert s.loc[role, "match_score"] == pytest.approx(1 - full.sum() / weight.sum())
        a = rows["assessed"]
        assert s.loc[role, "match_assessed"] == pytest.approx(
            1 - rows.loc[a, "weighted_gap"].sum() / weight[a].sum()
        )
        assert s.loc[role, "assessed_share"] == pytest.approx(weight[a].sum() / weight.sum())
        assert s.loc[role, "n_assessed"] == a.sum()
    unrated = metrics.match_score(sample, roles="15-2051.00", as_of="2026-11-15").iloc[0]
    assert np.isnan(unrated["match_score"]) and unrated["n_requirements"] == 0


@settings(max_examples=8, deadline=None)
@given(levels=st.lists(st.tuples(st.sampled_from(["2.B.3.e", "2.A.1.d", "2.A.2.a", "2.C.3.a", "2.A.1.e"]),
                                 st.floats(0, 7), st.sampled_from(["self", "test", "peer"])), max_size=8))  # fmt: skip
def test_gap_invariants(build, levels):
    m = _person(build, [("2025-01-01", s, lv, src) for s, lv, src in levels])
    g = metrics.skill_gaps(m, roles=[BI, "11-3021.00"], as_of="2025-06-01")
    assessed = g[g["assessed"]]
    assert (assessed["gap"] >= 0).all() and (
        assessed["weighted_gap"] <= assessed["gap"] + 1e-12
    ).all()
    assert set(assessed["skill_id"]) <= {s for s, _, _ in levels}
    s = metrics.match_score(m, roles=[BI, "11-3021.00"], as_of="2025-06-01")
    assert s["match_score"].between(0, 1).all()
    assert (s["match_score"] <= s["match_assessed"].fillna(1) + 1e-12).all()


# --- trend, time to close, investment ------------------------------------------------------------


def test_gap_trend_small_map(small):
    t = metrics.gap_trend(small, roles=BI, as_of="2025-06-15")
    assert t["date"].tolist() == [T("2025-01-06"), T("2025-04-01")]
    ct = 0.75 * 3.88 / 5
    np.testing.assert_allclose(t["weighted_gap_assessed"], [0.5 * 2.5 / 5 + ct, ct])
    assert (t["weighted_gap"].diff().dropna() <= 0).all()


def test_gap_trend_equals_match_score_on_each_date(sample):
    t = metrics.gap_trend(sample, as_of="2026-11-15")
    for date in t["date"].unique()[::3]:
        s = metrics.match_score(sample, as_of=date).set_index("role_id")["match_score"]
        row = t[t["date"] == date].set_index("role_id")["match_score"]
        pd.testing.assert_series_equal(row, s.loc[row.index], check_names=False)


def test_time_to_close_small_map(small):
    t = metrics.time_to_close(small, roles="data-lead", as_of="2025-06-15").set_index("skill_id")
    prog = t.loc["2.B.3.e"]
    slope = (8 / 3 - 2) / 85  # levels per day between 2025-01-06 and 2025-04-01
    assert prog["rate_per_year"] == pytest.approx(slope * 365.25)
    expected = T("2025-04-01") + pd.Timedelta(days=(5 - 8 / 3) / slope)
    assert abs((prog["close_by"] - expected).days) <= 1
    assert prog["reason"] == "at the current rate of gain"
    assert t.loc["2.A.2.a", "reason"] == "only one assessment: no rate of gain yet"
    assert pd.isna(t.loc["2.A.2.a", "close_by"])
    assert t.loc["mlops", "reason"] == "not assessed yet"


def test_a_close_by_date_is_never_in_the_past(small):
    # 2.B.3.e projects to about 2026-01-23 (above); on 2026-03-01 that is past: no date,
    # and the reason says to re-assess
    t = metrics.time_to_close(small, roles="data-lead", as_of="2026-03-01").set_index("skill_id")
    prog = t.loc["2.B.3.e"]
    slope = (8 / 3 - 2) / 85
    expected = T("2025-04-01") + pd.Timedelta(days=(5 - 8 / 3) / slope)
    assert abs((prog["projected_close"] - expected).days) <= 1
    assert pd.isna(prog["close_by"])
    assert prog["reason"] == "at that rate it should have closed by now: re-assess"
    # on a date before the projection the same gap keeps its date
    early = metrics.time_to_close(small, roles="data-lead", as_of="2025-06-15")
    early = early.set_index("skill_id").loc["2.B.3.e"]
    assert early["close_by"] == early["projected_close"] == prog["projected_close"]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days_after=st.integers(0, 900))
def test_no_close_by_date_is_before_as_of(sample, days_after):
    as_of = T("2026-06-01") + pd.Timedelta(days=days_after)
    t = metrics.time_to_close(sample, as_of=as_of)
    assert (t["close_by"].dropna() >= as_of).all()
    stale = t["projected_close"].notna() & t["close_by"].isna()
    assert (t.loc[stale, "projected_close"] < as_of).all()
    assert (t.loc[stale, "reason"] == "at that rate it should have closed by now: re-assess").all()


def test_time_to_close_never_invents_a_date(sample):
    t = metrics.time_to_close(sample, as_of="2026-11-15")
    dated = t["close_by"].notna()
    assert (t.loc[dated, "gap"] > 0).all() and (t.loc[dated, "rate_per_year"] > 0).all()
    assert (t.loc[~dated, "reason"] != "at the current rate of gain").all()
    assert (t.loc[dated, "close_by"] >= t.loc[dated, "last_assessed"]).all()


def test_skill_investment_small_map(small):
    inv = metrics.skill_investment(small, as_of="2025-06-15").set_index("skill_id")
    # M1: 3.5 h over [Programming, Computers and Electronics]; M2: 3 h over [Critical
    # Thinking, storytelling]; M3: 1 h over [Speaking]
    assert inv.loc["2.B.3.e", "hours"] == 1.75 and inv.loc["2.C.3.a", "hours"] == 1.75
    assert inv.loc["2.A.2.a", "hours"] == 1.5 and inv.loc["storytelling", "hours"] == 1.5
    assert inv.loc["2.A.1.d", "hours"] == 1.0
    assert inv["hours"].sum() == pytest.approx(7.5)
    assert inv.loc["2.B.3.e", "level_gain"] == pytest.approx(2 / 3)
    assert inv.loc["2.B.3.e", "hours_per_level"] == pytest.approx(1.75 / (2 / 3))
    assert np.isnan(inv.loc["storytelling", "hours_per_level"])  # assessed once: no gain
    assert np.isnan(inv.loc["2.C.3.a", "first_level"])  # never assessed


def test_skill_investment_hours_match_the_linked_log(sample):
    inv = metrics.skill_investment(sample, as_of="2026-11-15")
    skilled = set(sample.milestone_skills["milestone_id"])
    log = sample.time_log
    acts = sample.actions.set_index("action_id")["milestone_id"]
    milestone = log["milestone_id"].fillna(log["action_id"].map(acts))
    assert inv["hours"].sum() == pytest.approx(log.loc[milestone.isin(skilled), "hours"].sum())


# --- closest roles and transitions ------------------------------------------------------------


def test_closest_roles_carry_the_one_gap_of_each_occupation(sample):
    c = metrics.closest_roles(sample, n=5, as_of="2026-11-15", assume=None)
    assert c["rank"].tolist() == [1, 2, 3, 4, 5]
    every = metrics.match_score(sample, roles=c["role_id"].tolist(), as_of="2026-11-15")
    np.testing.assert_allclose(c["match_score"], every["match_score"], rtol=1e-12)
    np.testing.assert_allclose(c["coverage"], every["coverage"], rtol=1e-12)
    np.testing.assert_array_equal(c["assessed_share"], c["coverage"])
    assert (c["assumed_share"] == 0).all() and c["assumed_from"].isna().all()


def _closest_by_hand(m, as_of, assumed_weight=0.25):
    """closest_roles re-computed in plain pandas from docs/metrics.md#closest_roles: levels
    assessed (evidence 1) or at the current role's O*NET level (evidence 0.25); per
    occupation, weights importance x evidence; fit = weighted Pearson correlation of levels
    - 0.2 x weighted RMS level difference."""
    req = reference.requirements()
    req = req[~req["not_relevant"].astype(bool)]
    current = m.people["current_role"].iloc[0]
    lv = metrics.skill_levels(m, as_of=as_of).query("source == 'combined'")
    own = lv.set_index("skill_id")["level"]
    onet = reference.requirements()
    base = onet[onet["role_id"] == current].set_index("skill_id")["level"]
    person = base.copy()
    person.loc[own.index.intersection(base.index)] = own
    evidence = pd.Series(assumed_weight, index=base.index)
    evidence.loc[own.index.intersection(base.index)] = 1.0
    rows = []
    for code, r in req.groupby("role_id"):
        x = person.reindex(r["skill_id"]).to_numpy()
        y = r["level"].to_numpy()
        w = r["importance"].to_numpy() * evidence.reindex(r["skill_id"]).to_numpy()
        mx, my = np.average(x, weights=w), np.average(y, weights=w)
        cov = np.average((x - mx) * (y - my), weights=w)
        sim = cov / np.sqrt(
            np.average((x - mx) ** 2, weights=w) * np.average((y - my) ** 2, weights=w)
        )
        rms = np.sqrt(np.average((x - y) ** 2, weights=w))
        assessed = r["skill_id"].isin(own.index).to_numpy()
        assumed = 1 - (r["importance"].to_numpy() * assessed).sum() / w.sum()
        rows.append((code, sim - 0.2 * rms, sim, rms, assumed))
    out = pd.DataFrame(rows, columns=["role_id", "fit", "similarity", "rms", "assumed"])
    return out.sort_values(["fit", "role_id"], ascending=[False, True])


def test_closest_roles_by_hand(sample):
    as_of = "2026-11-15"
    c = metrics.closest_roles(sample, n=10, as_of=as_of)
    hand = _closest_by_hand(sample, as_of).head(10)
    assert c["role_id"].tolist() == hand["role_id"].tolist()
    np.testing.assert_allclose(c["fit"], hand["fit"], rtol=1e-9)
    np.testing.assert_allclose(c["similarity"], hand["similarity"], rtol=1e-9)
    np.testing.assert_allclose(c["level_distance"], hand["rms"], rtol=1e-9)
    np.testing.assert_allclose(c["assumed_share"], hand["assumed"], rtol=1e-9)
    assert (c["assumed_from"] == "15-2031.00").all()
    # an operations research analyst is pointed at occupations O*NET relates to their
    # current or target roles (before: 4 of 10, with Proofreaders and Copy Markers)
    related = set(reference.related_occupations().query("code == '15-2031.00'")["related_code"])
    assert c["is_related"].tolist() == c["role_id"].isin(related).tolist()
    assert (c["is_related"] | c["is_related_to_target"]).sum() >= 8
    assert (
        not c["title"]
        .isin(["Models", "Medical Transcriptionists", "Proofreaders and Copy Markers"])
        .any()
    )
    assert c.loc[c["is_current"], "rank"].tolist() == [1]
    assert c.loc[c["is_target"], "role_id"].tolist() == ["15-2041.00"]
    assert c["main_gaps"].str.contains(r"\(assumed\)").any()
    with pytest.raises(InvalidArgumentError, match="zone_penalty must be a number from 0 to 1"):
        metrics.closest_roles(sample, zone_penalty=-1)
    with pytest.raises(InvalidArgumentError, match="assumed_weight must be a number from 0 to 1"):
        metrics.closest_roles(sample, assumed_weight=2)
    with pytest.raises(InvalidArgumentError, match="assume must be one of"):
        metrics.closest_roles(sample, assume="mean")


def test_an_assumed_level_counts_only_its_weight(sample):
    # with the assumed weight 0 the ranking rests on the assessments alone, as without
    # assuming; a larger weight moves the ranking towards the current role's profile
    none = metrics.closest_roles(sample, n=10, as_of="2026-11-15", assume=None)
    zero = metrics.closest_roles(sample, n=10, as_of="2026-11-15", assumed_weight=0)
    np.testing.assert_allclose(zero["fit"], none["fit"])
    assert zero["role_id"].tolist() == none["role_id"].tolist()
    assert (zero["assumed_share"] == 0).all()
    full = metrics.closest_roles(sample, n=10, as_of="2026-11-15", assumed_weight=1)
    part = metrics.closest_roles(sample, n=10, as_of="2026-11-15")
    assert (full["assumed_share"] > part["assumed_share"].max()).all()


def test_closest_roles_without_a_rated_current_role_assume_nothing(build):
    m = _person(
        build, [("2025-01-01", "2.B.3.e", 4.0, "self"), ("2025-01-01", "2.A.1.a", 2.0, "self")]
    )
    c = metrics.closest_roles(m, n=3, as_of="2025-06-01")
    assert (c["assumed_share"] == 0).all() and c["assumed_from"].isna().all()
    assert c["zone_distance"].isna().all()
    np.testing.assert_allclose(c["fit"], c["similarity"] - 0.2 * c["level_distance"])


def test_related_occupations_rank_high_for_generated_people(sample):
    # benchmarks/bench_closest_roles.py on 40 people with 10 of 68 elements assessed
    spec = importlib.util.spec_from_file_location("bench_closest_roles", BENCH_CLOSEST)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    m, truth = bench.synthetic_map(sample, 40, 10, 0.5, seed=5, current=True)
    now = bench.score(metrics.closest_roles(m, n=900, as_of=bench.AS_OF), truth)
    before = bench.score(bench.before_rule(m, n=900), truth)
    assert now["+roles"] >= 0.5 and now["related@10"] >= before["related@10"] + 0.15
    assert now["target rank"] < before["target rank"] / 2


def test_closest_roles_job_zone_and_flags(sample, small):
    c = metrics.closest_roles(sample, n=4, job_zone=[4, 5], as_of="2026-11-15")
    assert c["job_zone"].isin([4, 5]).all()
    assert c["fit"].is_monotonic_decreasing
    top = metrics.closest_roles(small, n=900, as_of="2025-06-15")
    assert top.loc[top["role_id"] == BI, "is_target"].all()
    assert top.loc[top["role_id"] == "15-1251.00", "is_current"].all()
    assert len(top) == reference.occupations()["rated"].sum()
    with pytest.raises(InvalidArgumentError, match="job_zone must be None, an integer 1-5"):
        metrics.closest_roles(sample, job_zone=6)


def test_closest_roles_skip_people_without_assessments(build):
    m = _person(build, [])
    assert metrics.closest_roles(m, as_of="2025-01-01").empty


def _bfs(start, target):
    rel = reference.related_occupations()
    nxt = rel.groupby("code")["related_code"].agg(list).to_dict()
    seen, queue = {start: 0}, deque([start])
    while queue:
        node = queue.popleft()
        for other in nxt.get(node, []):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return seen.get(target)


def test_transition_steps_follow_related_occupations(small):
    p = metrics.transition_steps(small, "11-3021.00", as_of="2025-06-15")
    assert p["role_id"].iloc[0] == "15-1251.00" and (p["start"] == "current_role").all()
    assert p["role_id"].iloc[-1] == "11-3021.00"
    assert p["step"].tolist() == list(range(len(p)))
    links = set(map(tuple, reference.related_occupations()[["code", "related_code"]].to_numpy()))
    for a, b in zip(p["role_id"], p["role_id"].iloc[1:], strict=False):
        assert (a, b) in links
    assert len(p) - 1 == _bfs("15-1251.00", "11-3021.00")  # shortest
    rated = p[p["rated"]]
    s = metrics.match_score(small, roles=rated["role_id"].tolist(), as_of="2025-06-15")
    np.testing.assert_allclose(rated["match_score"], s["match_score"])


def test_transition_steps_edge_cases(small, sample):
    same = metrics.transition_steps(small, "15-1251.00", as_of="2025-06-15")
    assert len(same) == 1 and same["reason"].item() == "already in the target occupation"
    far = metrics.transition_steps(small, "29-1141.00", as_of="2025-06-15", max_steps=1)
    assert (
        far["step"].isna().sum() == 1 and far["reason"].str.startswith("no path of at most 1").all()
    )
    assert far["role_id"].tolist() == ["15-1251.00", "29-1141.00"]
    custom = metrics.transition_steps(sample, "analytics-lead", as_of="2026-11-15")
    # the sample's current_role is an O*NET code (15-2031.00), so the path starts there
    assert custom["role_id"].iloc[0] == "15-2031.00" and custom["role_id"].iloc[-1] == "11-3021.00"
    assert (custom["start"] == "current_role").all()
    with pytest.raises(InvalidArgumentError, match="target must be an O\\*NET-SOC code"):
        metrics.transition_steps(small, "astronaut")


# --- skill names: one rule (reference.skill_labels), carried by the frames -------------------


def test_skill_history_names_every_assessment_by_the_one_rule(sample):
    h = metrics.skill_history(sample, as_of="2026-06-01")
    a = sample.assessments[sample.assessments["date"] <= "2026-06-01"]
    labels = reference.skill_labels()
    given = dict(zip(sample.custom_skills["skill_id"], sample.custom_skills["name"], strict=True))
    want = [
        labels[sid] if sid in labels.index else given.get(sid, sid)
        for sid in a["skill_id"].fillna(a["skill"])
    ]
    assert h["skill"].tolist() == want
    assert h["level"].tolist() == a["level"].tolist()  # every row, in the order written
    assert h["date"].tolist() == a["date"].tolist()
    assert "Mathematics (skill)" in want and "stakeholder-mgmt" not in want


def test_every_metric_names_a_skill_as_the_charts_show_it(sample):
    labels = reference.skill_labels()
    for frame in (
        metrics.skill_levels(sample, as_of="2026-11-15"),
        metrics.skill_gaps(sample, as_of="2026-11-15"),
        metrics.skill_investment(sample, as_of="2026-11-15"),
    ):
        onet = frame[frame["skill_id"].isin(labels.index)]
        assert len(onet) > 0
        assert (onet["skill"].to_numpy() == labels.reindex(onet["skill_id"]).to_numpy()).all()
    g = metrics.skill_gaps(sample, roles="15-2041.00", as_of="2026-11-15").set_index("skill_id")
    assert g.loc["2.A.1.e", "skill"] == "Mathematics (skill)"
    assert g.loc["2.C.4.a", "skill"] == "Mathematics (knowledge)"
