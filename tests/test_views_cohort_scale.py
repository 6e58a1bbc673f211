"""The cohort views that scale (counts by reason and group, each skill across people, the
time mix as a spread, a page of people) against plain-pandas re-computations on generated
cohorts, at several thresholds and groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import careermap
from careermap import metrics, views
from careermap.demo import generate_cohort
from careermap.errors import InvalidArgumentError

AS_OF = "2026-11-15"
FLAGS = {
    "flag_inactive": "inactive",
    "flag_overdue": "overdue",
    "flag_forecast": "forecast",
    "flag_reviews": "falling reviews",
    "flag_top_goal": "top goal",
    "flag_low_effort": "low effort",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> careermap.CareerMap:
    folder = generate_cohort(tmp_path_factory.mktemp("scale") / "c", people=40, seed=23)
    return careermap.load(folder)


@pytest.fixture(scope="module")
def view(generated) -> views.CohortView:
    return views.cohort_view(generated, as_of=AS_OF)


@pytest.mark.parametrize(
    "thresholds",
    [{}, {"inactive_days": 10}, {"inactive_days": 90, "low_effort_ratio": 0.9}],
)
def test_reason_counts_are_the_flag_sums(view, thresholds):
    v = view.reflagged({**metrics.Thresholds().__dict__, **thresholds})
    got = views.reason_counts(v.kpis).set_index("reason")
    assert list(got.index) == list(FLAGS.values())
    for flag, reason in FLAGS.items():
        expected = sum(bool(x) for x in v.kpis[flag])
        assert got.loc[reason, "people"] == expected
        assert got.loc[reason, "share"] == pytest.approx(expected / len(v.kpis))
    assert v.reasons.equals(views.reason_counts(v.kpis))


def test_group_counts_and_in_group_match_a_plain_filter(view):
    got = views.group_counts(view.kpis)
    k = view.kpis
    expected = sorted(set(k["group"]))
    assert list(got["group"]) == expected
    for row in got.itertuples():
        part = k[k["group"] == row.group]
        assert row.people == len(part)
        assert row.need_attention == int(part["needs_attention"].sum())
        narrowed = view.in_group(row.group)
        assert len(narrowed.kpis) == len(part)
        assert narrowed.headline == (
            f"{row.need_attention} of {row.people} {'person' if row.people == 1 else 'people'}"
            f" in group {row.group} need attention as of {AS_OF}"
        )
        # reflagging a narrowed view keeps the group, and flags its people as the whole
        again = narrowed.reflagged({"inactive_days": 7})
        whole = view.reflagged({"inactive_days": 7}).kpis
        assert again.group == row.group
        assert list(again.kpis["needs_attention"]) == list(
            whole.loc[whole["group"] == row.group, "needs_attention"]
        )
    assert view.in_group(got["group"].iloc[0]).in_group(None).headline == view.headline


def test_group_counts_without_groups():
    kpis = pd.DataFrame({"person_id": ["a", "b", "c"], "needs_attention": [True, False, True]})
    got = views.group_counts(kpis)
    assert got.to_dict("list") == {
        "group": ["(no group)"],
        "people": [3],
        "need_attention": [2],
        "share": [pytest.approx(2 / 3)],
    }
    mixed = kpis.assign(group=["x", None, "x"])
    assert views.group_counts(mixed)[["group", "people"]].to_dict("list") == {
        "group": ["x", "(no group)"],
        "people": [2, 1],
    }


def test_skill_summary_against_a_loop_over_skills(generated):
    role = views.role_choices(generated)["role_id"].iloc[0]
    gaps = metrics.skill_gaps(generated, roles=[role], as_of=AS_OF)
    got = views.skill_summary(gaps).set_index("skill_id")
    assert len(got) == gaps["skill_id"].nunique()
    for skill_id, rows in gaps.groupby("skill_id"):
        level = rows["current_level"].astype("float64")
        need = rows["required_level"].astype("float64")
        known = level.notna()
        row = got.loc[skill_id]
        assert row["people"] == rows["person_id"].nunique() == len(generated.people)
        assert row["assessed"] == int(known.sum())
        assert row["coverage"] == pytest.approx(known.sum() / len(rows))
        assert row["below"] == int((level[known] < need[known]).sum())
        if known.any():
            plain_gap = np.median(np.maximum(need[known] - level[known], 0))
            assert row["median_gap"] == pytest.approx(plain_gap)
            assert row["share_below"] == pytest.approx(row["below"] / known.sum())
        else:
            assert np.isnan(row["share_below"]) and np.isnan(row["median_gap"])
    shares = views.skill_summary(gaps)["share_below"].dropna()
    assert shares.is_monotonic_decreasing


def test_cohort_skills_of_some_people_is_the_summary_of_their_rows(generated):
    role = views.role_choices(generated)["role_id"].iloc[0]
    some = generated.people["person_id"].iloc[::3].tolist()
    got = views.cohort_skills(generated, role, as_of=AS_OF, people=some)
    whole = metrics.skill_gaps(generated, roles=[role], as_of=AS_OF)
    expected = views.skill_summary(whole[whole["person_id"].isin(some)])
    pd.testing.assert_frame_equal(got, expected)
    assert got["people"].max() == len(some)


def test_role_choices_name_roles_by_title(generated):
    got = views.role_choices(generated)
    tr = generated.target_roles.sort_values(["person_id", "priority"], kind="stable")
    first = tr.drop_duplicates("person_id")
    counts = first["role_id"].value_counts()
    assert dict(zip(got["role_id"], got["people"], strict=True)) == counts.to_dict()
    titles = generated.target_roles.dropna(subset=["title"]).drop_duplicates("role_id")
    for row in got.itertuples():
        title = titles.set_index("role_id")["title"].get(row.role_id)
        n = row.people
        assert row.label == f"{title or row.role_id} ({n} {'person' if n == 1 else 'people'})"
        assert row.role_id not in row.label or not title


def test_time_mix_spread_against_the_hours(generated):
    alloc = metrics.time_allocation(generated, as_of=AS_OF)
    mix = metrics.time_mix(alloc, people=generated.people, by="person")
    roster = generated.people.iloc[:30]
    shares, summary = views.time_mix_spread(mix[mix["person_id"].isin(roster["person_id"])], roster)
    hours = mix[mix["person_id"].isin(roster["person_id"]) & (mix["hours"] > 0)]
    plain = hours.pivot_table(index="person_id", columns="category", values="hours", aggfunc="sum")
    plain = plain.fillna(0).div(plain.fillna(0).sum(axis=1), axis=0) * 100
    pd.testing.assert_frame_equal(
        shares.sort_index().sort_index(axis=1),
        plain.sort_index().sort_index(axis=1),
        check_names=False,
        atol=1e-9,
    )
    for row in summary.itertuples():
        assert row.median_share == pytest.approx(np.median(plain[row.category]))
        assert row.people == int((plain[row.category] > 0).sum())
    assert summary.attrs["people"] == 30
    assert summary.attrs["no_hours"] == 30 - len(plain)


@pytest.mark.parametrize(
    ("search", "sort_by", "descending", "page", "size"),
    [
        ("", None, False, 1, 7),
        ("ra", "days", True, 2, 5),
        ("  RA ", "days", False, 9, 4),
        ("zzz", None, False, 1, 10),
        ("", "name", True, 3, 3),
    ],
)
def test_people_page_against_plain_pandas(search, sort_by, descending, page, size):
    rng = np.random.default_rng(5)
    names = ["Rami", "Sara", "Ola", "Kira", "Tom", "Ravi", "Ana", "Lars", "Mira", "Bo"] * 3
    days = rng.integers(0, 60, len(names)).astype("float64")
    days[[2, 11, 17]] = np.nan
    table = pd.DataFrame({"name": names, "days": days, "id": range(len(names))})
    got = views.people_page(table, search=search, sort_by=sort_by, descending=descending,
                            page=page, size=size)  # fmt: skip
    rows = [r for r in table.to_dict("records") if search.strip().lower() in r["name"].lower()]
    if sort_by:
        known = [r for r in rows if not pd.isna(r[sort_by])]
        unknown = [r for r in rows if pd.isna(r[sort_by])]
        known.sort(key=lambda r: r[sort_by], reverse=descending)  # stable both ways
        rows = known + unknown
    pages = max(1, -(-len(rows) // size))
    shown = min(max(page, 1), pages)
    expected = [r["id"] for r in rows[(shown - 1) * size : shown * size]]
    assert got.rows["id"].tolist() == expected
    assert (got.page, got.pages, got.matching, got.total) == (shown, pages, len(rows), 30)


def test_people_page_says_what_it_accepts():
    with pytest.raises(InvalidArgumentError, match=r"cannot sort by 'nope'.*'a'"):
        views.people_page(pd.DataFrame({"a": [1]}), sort_by="nope")
    with pytest.raises(InvalidArgumentError, match="at least 1; got 0"):
        views.people_page(pd.DataFrame({"a": [1]}), size=0)
