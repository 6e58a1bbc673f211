"""Cohort statistics (careermap.metrics._cohort_stats) against plain pandas on the demo cohort."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careermap import metrics
from careermap.errors import InvalidArgumentError

AS_OF = "2026-11-15"
KPIS = ["progress_pct", "hours_per_week_4w", "days_since_last_log", "on_time_rate"]


def test_kpi_medians_per_group_equal_plain_pandas(summary):
    before = summary.copy()
    out = metrics.kpi_medians(summary, by="group")
    pd.testing.assert_frame_equal(summary, before)  # the input is untouched
    plain = summary.assign(**{c: summary[c].astype("float64") for c in KPIS})
    grouped = plain.groupby("group")
    expected = grouped[KPIS].median()
    assert out["group"].tolist() == sorted(summary["group"].unique())
    expected = expected.loc[out["group"]]
    for column in KPIS:
        np.testing.assert_allclose(out[column], expected[column], err_msg=column)
    assert out["people"].tolist() == grouped.size().loc[out["group"]].tolist()
    flagged = grouped["needs_attention"].sum().loc[out["group"]]
    assert out["needs_attention"].tolist() == flagged.tolist()
    np.testing.assert_allclose(
        out["needs_attention_pct"], 100 * flagged / grouped.size().loc[out["group"]]
    )
    assert list(out.columns) == ["group", "people", "needs_attention", "needs_attention_pct", *KPIS]


def test_kpi_medians_whole_cohort_and_missing_groups(summary):
    whole = metrics.kpi_medians(summary)
    assert len(whole) == 1 and "group" not in whole.columns
    assert whole["people"].item() == len(summary)
    assert whole["days_since_last_log"].item() == summary["days_since_last_log"].median()
    assert whole["progress_pct"].item() == summary["progress_pct"].median()
    # people without a group form one last row whose group is missing
    part = summary.assign(group=summary["group"].where(summary.index % 3 != 0))
    out = metrics.kpi_medians(part, by="group", columns=["progress_pct"])
    assert out["group"].iloc[:-1].tolist() == sorted(part["group"].dropna().unique())
    assert pd.isna(out["group"].iloc[-1])
    nobody = part.loc[part["group"].isna(), "progress_pct"]
    assert out["people"].iloc[-1] == len(nobody)
    assert out["progress_pct"].iloc[-1] == nobody.median()


def test_kpi_medians_say_what_is_missing(summary):
    with pytest.raises(InvalidArgumentError, match="kpi_medians needs the column"):
        metrics.kpi_medians(summary.drop(columns="on_time_rate"))
    with pytest.raises(InvalidArgumentError, match="takes a pandas DataFrame first; got list"):
        metrics.kpi_medians([1])
    assert metrics.kpi_medians(summary.iloc[0:0], by="group").empty
    nobody = metrics.kpi_medians(summary.iloc[0:0])
    assert nobody[["people", "needs_attention"]].values.tolist() == [[0, 0]]
    assert nobody[["needs_attention_pct", *KPIS]].isna().all().all()


def test_priority_roles_count_each_persons_first_role(cohort):
    out = metrics.priority_roles(cohort)
    firsts = {}
    for row in cohort.target_roles.itertuples():
        best = firsts.get(row.person_id)
        if best is None or row.priority < best[0]:
            firsts[row.person_id] = (row.priority, row.role_id)
    counts = pd.Series([r for _, r in firsts.values()]).value_counts()
    assert dict(zip(out["role_id"], out["people"], strict=True)) == counts.to_dict()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    assert out["role_id"].tolist() == [role for role, _ in ranked]
    assert out["people"].sum() == len(cohort.people)


def test_time_mix_per_group_equals_plain_pandas(allocation, cohort):
    before = allocation.copy()
    since = pd.Timestamp(AS_OF) - pd.Timedelta(weeks=12)
    out = metrics.time_mix(allocation, people=cohort.people, since=since)
    pd.testing.assert_frame_equal(allocation, before)
    recent = allocation[allocation["period"] >= since]
    merged = recent.merge(cohort.people[["person_id", "group"]], on="person_id")
    hours = merged.groupby(["group", "category"], observed=True)["hours"].sum()
    hours = hours[hours > 0]
    totals = merged.groupby("group")["hours"].sum()
    got = out.set_index(["group", "category"])
    assert sorted(got.index) == sorted(hours.index)
    np.testing.assert_allclose(got.loc[hours.index, "hours"], hours)
    np.testing.assert_allclose(
        got.loc[hours.index, "total_hours"], totals.loc[hours.index.get_level_values(0)]
    )
    np.testing.assert_allclose(
        got.loc[hours.index, "share_pct"],
        100 * hours / totals.loc[hours.index.get_level_values(0)].to_numpy(),
    )
    np.testing.assert_allclose(out.groupby("group")["share_pct"].sum(), 100)


def test_time_mix_per_person_carries_names(allocation, cohort):
    out = metrics.time_mix(allocation, people=cohort.people, by="person")
    assert list(out.columns) == [
        "person_id", "name", "category", "hours", "total_hours", "share_pct"
    ]  # fmt: skip
    names = dict(zip(cohort.people["person_id"], cohort.people["name"], strict=True))
    assert (out["name"] == out["person_id"].map(names)).all()
    per_person = allocation[allocation["hours"] > 0].groupby("person_id")["hours"].sum()
    totals = out.groupby("person_id")["total_hours"].first()
    np.testing.assert_allclose(totals.loc[per_person.index], per_person)
    assert "name" not in metrics.time_mix(allocation, by="person").columns


def test_time_mix_arguments(allocation):
    with pytest.raises(InvalidArgumentError, match="needs people="):
        metrics.time_mix(allocation)
    with pytest.raises(InvalidArgumentError, match="by must be one of 'group', 'person'"):
        metrics.time_mix(allocation, by="week")
    assert metrics.time_mix(allocation, by="person", since="2099-01-01").empty
