"""The pandas KPIs (one person's headline numbers) equal the Ibis KPIs, column for column.

``cohort_summary`` computes a one-person map's KPI rows in pandas (``_kpis_pandas``) and a
cohort's with the Ibis expression on DuckDB; both must give the same frame, every value and
dtype (floats exactly: both add in 1e-9 units, ``_exact``). Compared here on the sample,
the hand-written map, the demo cohort and each of its people alone, generated cohorts of
other seeds and starts, maps of other shapes, and maps with data missing, on several dates
(before the start, early, the data end, after it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _shaped_maps import LAYOUT_SHAPES, Shape, write_shaped_map

import careermap
from careermap import metrics
from careermap.metrics._cohort import _in_pandas
from careermap.metrics._exact import exact_median, median_of_units
from careermap.metrics._flags import days_between, days_between_values

DATES = ["2024-01-01", "2025-10-01", "2026-03-20", "2026-11-15", "2028-01-01"]


def assert_same(m, as_of, **kw):
    ibis_rows = metrics.cohort_summary(m, as_of=as_of, engine="duckdb", **kw)
    pandas_rows = metrics.cohort_summary(m, as_of=as_of, engine="pandas", **kw)
    pd.testing.assert_frame_equal(pandas_rows, ibis_rows, check_exact=True)
    assert pandas_rows.attrs == ibis_rows.attrs
    return pandas_rows


@pytest.mark.parametrize("as_of", DATES)
def test_sample_small_and_cohort_agree_on_every_date(sample, small, cohort, as_of):
    for m in (sample, small, cohort):
        assert_same(m, as_of)


def test_each_person_of_the_cohort_alone_agrees(cohort):
    # a one-person map takes the pandas path by default: the row a person sees is the
    # coach's row for them
    whole = metrics.cohort_summary(cohort, as_of="2026-11-15", engine="duckdb")
    for pid in cohort.person_ids:
        one = cohort.person(pid)
        got = metrics.cohort_summary(one, as_of="2026-11-15")
        want = whole[whole["person_id"] == pid].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    for pid in cohort.person_ids[::6]:
        for as_of in ("2025-10-01", "2026-05-01"):
            assert_same(cohort.person(pid), as_of)


@pytest.mark.parametrize(
    ("seed", "start"), [(3, "2023-11-15"), (11, "2025-09-01"), (5, "2025-12-01")]
)
def test_generated_cohorts_agree(tmp_path, seed, start):
    from careermap.demo import generate_cohort

    folder = generate_cohort(tmp_path / "c", people=6, seed=seed, start=start)
    m = careermap.load(folder)
    for as_of in (start, "2026-02-10", "2026-11-15"):
        assert_same(m, as_of)


@pytest.mark.parametrize(
    "shape",
    [
        *LAYOUT_SHAPES.values(),
        Shape(assessments=False),
        Shape(roles=1, goals=2, start=dt.date(2027, 1, 4)),  # a start in the future
    ],
)
def test_maps_of_other_shapes_agree(tmp_path, shape):
    m = careermap.load(write_shaped_map(tmp_path / "m", shape))
    for as_of in ("2025-08-01", "2026-01-05", "2026-11-15", "2027-06-01"):
        assert_same(m, as_of)


def _missing(m, what):
    if what == "efforts":
        ms = m.milestones.copy()
        ms.loc[ms.index[::2], "effort_hours"] = np.nan
        return replace(m, milestones=ms)
    if what == "all efforts":
        return replace(m, milestones=m.milestones.assign(effort_hours=np.nan))
    if what == "priorities and deadlines":
        g = m.goals.copy()
        g.loc[g.index[::2], "priority"] = pd.NA
        g.loc[g.index[1::2], "deadline"] = pd.NaT
        return replace(m, goals=g)
    if what == "goals of the log":
        return replace(m, time_log=m.time_log.assign(goal_id=None))
    return replace(m, **{name: getattr(m, name).iloc[:0].copy() for name in what.split("+")})


MISSING = [
    "time_log",
    "reviews",
    "assessments",
    "reschedules",
    "milestones",
    "goals+milestones",
    "target_roles+role_requirements",
    "time_log+reviews+assessments+reschedules",
    "efforts",
    "all efforts",
    "priorities and deadlines",
    "goals of the log",
]


@pytest.mark.parametrize("what", MISSING)
def test_maps_with_data_missing_agree(sample, cohort, what):
    for m in (sample, cohort.subset(cohort.person_ids[:5])):
        for as_of in ("2025-10-01", "2026-11-15"):
            assert_same(_missing(m, what), as_of)


def test_thresholds_that_change_the_kpis_agree(sample, cohort):
    th = {"pace_weeks": 4, "top_goal_days": 3, "top_goal_due_days": 400, "inactive_days": 2}
    for m in (sample, cohort):
        assert_same(m, "2026-11-15", thresholds=th)


def test_a_one_person_map_runs_in_pandas_and_a_cohort_on_the_engine(sample, cohort):
    assert _in_pandas(None, sample) and _in_pandas("pandas", cohort)
    assert not _in_pandas(None, cohort) and not _in_pandas("duckdb", sample)
    # the sample's numbers by hand (docs/cohort.md#the-kpis): 9 of 16 milestones done
    row = metrics.cohort_summary(sample, as_of="2026-11-15").iloc[0]
    assert (row["scope"], row["done"], row["remaining"]) == (16, 9, 7)
    assert row["progress_pct"] == 100 * 9 / 16


def test_the_numpy_twins_equal_their_ibis_rules():
    import ibis

    con = ibis.duckdb.connect()
    rng = np.random.default_rng(4)
    for n in (1, 2, 3, 7, 50):
        x = np.round(rng.uniform(0, 400, n), rng.integers(0, 4))
        x[rng.random(n) < 0.2] = np.nan
        t = ibis.memtable(pd.DataFrame({"x": x}))
        want = con.execute(exact_median(t.x))
        got = median_of_units(x)
        assert (np.isnan(got) and pd.isna(want)) or got == float(want)
    later = pd.to_datetime(["2026-03-01", "2026-03-01", None, "2024-02-29"])
    earlier = pd.to_datetime(["2026-02-27", None, "2026-01-01", "2023-03-01"])
    t = ibis.memtable(pd.DataFrame({"a": later, "b": earlier}))
    want = con.execute(days_between(t.a, t.b).name("d")).astype("float64").to_numpy()
    np.testing.assert_array_equal(days_between_values(later, earlier), want)
    np.testing.assert_array_equal(days_between_values(later, earlier), [2, np.nan, np.nan, 365])


@pytest.mark.parametrize(
    "th",
    [
        {},
        {"inactive_days": 1, "overdue_milestones": 1, "low_effort_ratio": 2.0},
        {"forecast_margin_days": 0, "review_drop": 0.0},
        {"forecast_margin_days": -400, "review_drop": -1.0, "inactive_days": 400},
        {"overdue_milestones": 0, "low_effort_ratio": 0.0},
    ],
)
def test_the_pandas_flags_equal_the_flag_expression(cohort, th):
    from careermap.metrics._flags import flag_frame
    from careermap.metrics._thresholds import Thresholds

    rows = pd.concat(
        [metrics.cohort_summary(cohort, as_of=d, engine="duckdb") for d in DATES[1:]],
        ignore_index=True,
    )
    t = Thresholds.from_any(th)
    want = flag_frame(rows, t)
    got = flag_frame(rows, t, in_pandas=True)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    # both answers occur, so the comparison says something
    flags = want[[c for c in want.columns if c.startswith("flag_")]]
    assert flags.to_numpy().any() and not flags.to_numpy().all()
