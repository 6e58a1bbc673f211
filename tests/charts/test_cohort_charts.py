"""Cohort charts: values equal the frames they draw, pseudonyms by default, empty input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from charts._checks import AS_OF, assert_hover_everywhere, assert_same_frame, empty_message, frozen

from careermap import metrics
from careermap.charts import (
    attention_table,
    gap_heatmap,
    group_comparison,
    kpi_distributions,
    time_mix_chart,
)
from careermap.errors import InvalidArgumentError
from careermap.share.privacy import pseudonym

ROLE = "15-2031.00"


@pytest.fixture(scope="module")
def gaps(cohort) -> pd.DataFrame:
    return metrics.skill_gaps(cohort, roles=[ROLE], as_of=AS_OF)


def _all_text(fig) -> str:
    return fig.to_json()


# attention_table ---------------------------------------------------------------------------


def test_attention_table_lists_flagged_people_with_reasons(summary):
    before = frozen(summary)
    fig = attention_table(summary)
    assert_same_frame(before, summary)
    (table,) = fig.data
    assert table.type == "table"
    flagged = summary[summary["needs_attention"]]
    shown = list(table.cells.values[0])
    assert sorted(shown) == sorted(flagged["person_id"].map(pseudonym))
    # most reasons first
    n_reasons = dict(
        zip(flagged["person_id"].map(pseudonym), flagged["reasons"].map(len), strict=True)
    )
    counts = [n_reasons[p] for p in shown]
    assert counts == sorted(counts, reverse=True)
    first = flagged.set_index(flagged["person_id"].map(pseudonym)).loc[shown[0]]
    assert table.cells.values[-1][0] == "<br>".join(first["reasons"])


def test_attention_table_pseudonyms_by_default_names_on_request(summary):
    text = _all_text(attention_table(summary))
    assert not any(name in text for name in summary["name"])
    named = attention_table(summary, names=True)
    flagged = summary[summary["needs_attention"]]
    assert sorted(named.data[0].cells.values[0]) == sorted(flagged["name"])


def test_attention_table_max_rows_and_empty(summary):
    fig = attention_table(summary, max_rows=3)
    assert len(fig.data[0].cells.values[0]) == 3
    assert "first 3 of" in fig.layout.title.text
    nobody = summary.assign(needs_attention=False)
    assert "Nobody" in empty_message(attention_table(nobody))


def test_attention_table_escapes_user_text(summary):
    evil = summary.assign(name="<script>alert(1)</script>", needs_attention=True)
    text = _all_text(attention_table(evil, names=True))
    assert "<script>alert(1)" not in text
    assert "\\u003cscript\\u003ealert(1)" not in text  # escaped before plotly, not only by JSON


def test_attention_table_needs_a_summary():
    with pytest.raises(InvalidArgumentError, match="needs the column"):
        attention_table(pd.DataFrame({"person_id": ["a"]}))


# kpi_distributions -------------------------------------------------------------------------


def test_kpi_distributions_values_equal_the_summary(summary):
    before = frozen(summary)
    columns = ["progress_pct", "capacity_ratio", "days_since_last_log", "on_time_rate"]
    fig = kpi_distributions(summary, columns=columns)
    assert_same_frame(before, summary)
    groups = sorted(summary["group"].unique())
    assert [t.type for t in fig.data] == ["box"] * len(columns) * len(groups)
    assert_hover_everywhere(fig)
    for i, column in enumerate(columns):
        for j, group in enumerate(groups):
            trace = fig.data[i * len(groups) + j]
            assert trace.name == group
            part = summary[summary["group"] == group]
            expected = part[column].astype("float64").to_numpy()
            got = np.array([np.nan if v is None else v for v in trace.x], dtype="float64")
            np.testing.assert_allclose(got, expected, equal_nan=True)
            assert list(trace.customdata) == part["person_id"].map(pseudonym).tolist()


def test_kpi_distributions_whole_cohort_and_names(summary):
    fig = kpi_distributions(summary, columns=["progress_pct"], by=None)
    assert len(fig.data) == 1 and len(fig.data[0].x) == len(summary)
    assert not any(name in _all_text(fig) for name in summary["name"])
    named = kpi_distributions(summary, columns=["progress_pct"], by=None, names=True)
    assert list(named.data[0].customdata) == summary["name"].tolist()


def test_kpi_distributions_empty_and_bad_column(summary):
    assert "No people" in empty_message(kpi_distributions(summary.iloc[0:0]))
    with pytest.raises(InvalidArgumentError, match="nope"):
        kpi_distributions(summary, columns=["nope"])


# group_comparison --------------------------------------------------------------------------


def test_group_comparison_medians_and_attention_share(summary):
    medians = metrics.kpi_medians(
        summary, by="group", columns=["progress_pct", "hours_per_week_4w"]
    )
    before = frozen(medians)
    fig = group_comparison(medians)
    assert_same_frame(before, medians)
    assert [t.type for t in fig.data] == ["bar"] * 3
    assert_hover_everywhere(fig)
    expected = summary.groupby("group")[["progress_pct", "hours_per_week_4w"]].median()
    share = summary.groupby("group")["needs_attention"].mean() * 100
    groups = list(fig.data[0].y)
    assert groups == sorted(summary["group"].unique())
    np.testing.assert_allclose(fig.data[0].x, expected.loc[groups, "progress_pct"])
    np.testing.assert_allclose(fig.data[1].x, expected.loc[groups, "hours_per_week_4w"])
    np.testing.assert_allclose(fig.data[2].x, share.loc[groups])


def test_group_comparison_people_without_group(summary):
    medians = metrics.kpi_medians(summary.assign(group=None), by="group", columns=["progress_pct"])
    fig = group_comparison(medians)
    assert list(fig.data[0].y) == ["(no group)"]
    assert "No people" in empty_message(
        group_comparison(metrics.kpi_medians(summary.iloc[0:0], by="group"))
    )


def test_group_comparison_of_a_summary_still_works_with_a_warning(summary):
    with pytest.warns(DeprecationWarning, match=r"pass metrics\.kpi_medians\(summary, by=\.\.\.\)"):
        old = group_comparison(summary)
    assert old.to_json() == group_comparison(metrics.kpi_medians(summary, by="group")).to_json()


def test_group_comparison_draws_the_frame_it_is_given(summary):
    """The chart computes nothing: hand-made medians are drawn as they are."""
    medians = pd.DataFrame(
        {"group": ["b", None], "people": [4, 1], "needs_attention": [1, 1],
         "needs_attention_pct": [25.0, 100.0], "progress_pct": [12.5, 99.0]}
    )  # fmt: skip
    fig = group_comparison(medians)
    assert list(fig.data[0].y) == ["b", "(no group)"]
    assert list(fig.data[0].x) == [12.5, 99.0] and list(fig.data[1].x) == [25.0, 100.0]
    assert list(fig.data[0].customdata) == [4, 1]


# gap_heatmap -------------------------------------------------------------------------------


def test_gap_heatmap_cells_equal_weighted_gaps(gaps, cohort):
    before = frozen(gaps)
    fig = gap_heatmap(gaps, role_id=ROLE, max_skills=8)
    assert_same_frame(before, gaps)
    (heat,) = fig.data
    assert heat.type == "heatmap"
    assert len(heat.x) == 8 and len(heat.y) == len(cohort.people)
    assert set(heat.y) == set(cohort.people["person_id"].map(pseudonym))
    by_label = {pseudonym(p): p for p in cohort.people["person_id"]}
    skill_ids = heat.meta["skill_ids"]
    assert len(set(heat.x)) == len(heat.x)  # duplicate skill names are told apart
    for r, label in enumerate(heat.y):
        for c, skill_id in enumerate(skill_ids):
            row = gaps[(gaps["person_id"] == by_label[label]) & (gaps["skill_id"] == skill_id)]
            value = row["weighted_gap"].iloc[0]
            if pd.isna(value):
                assert heat.z[r][c] is None
            else:
                assert heat.z[r][c] == pytest.approx(value, abs=1e-3)
    # largest mean gap first
    means = [np.nanmean([row[c] for row in heat.z if row[c] is not None]) for c in range(8)]
    assert means == sorted(means, reverse=True)
    assert any("O*NET" in a.text for a in fig.layout.annotations)


def test_gap_heatmap_names_need_people(gaps, cohort):
    text = _all_text(gap_heatmap(gaps, role_id=ROLE))
    assert not any(name in text for name in cohort.people["name"])
    named = gap_heatmap(gaps, role_id=ROLE, names=True, people=cohort.people)
    assert set(named.data[0].y) == set(cohort.people["name"])


def test_gap_heatmap_role_errors_and_empty(gaps):
    with pytest.raises(InvalidArgumentError, match="role_id"):
        gap_heatmap(gaps, role_id="99-9999.99")
    two = pd.concat([gaps, gaps.assign(role_id="other")])
    with pytest.raises(InvalidArgumentError, match="one role"):
        gap_heatmap(two)
    assert "No skill requirements" in empty_message(gap_heatmap(gaps.iloc[0:0]))


# time_mix ----------------------------------------------------------------------------------


def test_time_mix_group_shares_equal_plain_pandas(allocation, cohort):
    before = frozen(allocation)
    mix = metrics.time_mix(allocation, people=cohort.people)
    frozen_mix = frozen(mix)
    fig = time_mix_chart(mix)
    assert_same_frame(before, allocation)
    assert_same_frame(frozen_mix, mix)
    assert fig.layout.barmode == "stack"
    assert_hover_everywhere(fig)
    merged = allocation.merge(cohort.people[["person_id", "group"]], on="person_id")
    hours = merged.pivot_table(
        index="group", columns="category", values="hours", aggfunc="sum", observed=True
    )
    shares = hours.div(hours.sum(axis=1), axis=0) * 100
    for trace in fig.data:
        category = trace.name.replace(" ", "_")
        np.testing.assert_allclose(trace.x, shares.loc[list(trace.y), category], atol=0.01)
    total = np.sum([t.x for t in fig.data], axis=0)
    np.testing.assert_allclose(total, 100, atol=0.05)


def test_time_mix_per_person_pseudonyms(allocation, cohort):
    mix = metrics.time_mix(allocation, people=cohort.people, by="person")
    fig = time_mix_chart(mix)
    assert set(fig.data[0].y) == set(cohort.people["person_id"].map(pseudonym))
    assert not any(name in _all_text(fig) for name in cohort.people["name"])
    named = time_mix_chart(mix, names=True)
    assert set(named.data[0].y) == set(cohort.people["name"])


def test_time_mix_since_empty_and_missing_groups(allocation, cohort):
    assert "No hours" in empty_message(
        time_mix_chart(metrics.time_mix(allocation, people=cohort.people, since="2099-01-01"))
    )
    with pytest.raises(InvalidArgumentError, match="needs people="):
        metrics.time_mix(allocation)
    with pytest.raises(InvalidArgumentError, match="needs the column"):
        time_mix_chart(allocation.drop(columns="period"))


@pytest.mark.parametrize("by_group", [True, False])
def test_time_mix_of_an_allocation_still_works_with_a_warning(allocation, cohort, by_group):
    since = pd.Timestamp(AS_OF) - pd.Timedelta(weeks=12)
    with pytest.warns(DeprecationWarning, match=r"pass metrics\.time_mix\(allocation"):
        old = time_mix_chart(allocation, people=cohort.people, by_group=by_group, since=since)
    mix = metrics.time_mix(
        allocation, people=cohort.people, by="group" if by_group else "person", since=since
    )
    assert old.to_json() == time_mix_chart(mix).to_json()
    with pytest.raises(InvalidArgumentError, match="only with a time_allocation frame"):
        time_mix_chart(mix, people=cohort.people)


def test_time_mix_draws_the_frame_it_is_given():
    mix = pd.DataFrame(
        {"group": ["a", "a", None], "category": ["learning", "practice", "learning"],
         "hours": [3.0, 1.0, 2.0], "total_hours": [4.0, 4.0, 2.0],
         "share_pct": [75.0, 25.0, 100.0]}
    )  # fmt: skip
    fig = time_mix_chart(mix)
    learning, practice = fig.data
    assert list(learning.y) == ["a", "(no group)"]
    assert list(learning.x) == [75.0, 100.0] and list(practice.x) == [25.0, 0.0]
    assert [list(c) for c in learning.customdata] == [[3.0, 4.0], [2.0, 2.0]]
