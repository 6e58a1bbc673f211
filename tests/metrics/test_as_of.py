"""As of everywhere: every metric on a past date uses only what was written by then.

The property: for every public metric of ``careermap.metrics`` that takes ``as_of``, the map
truncated to a day D (tests/_asof.py: rows dated after D dropped, reschedules after D undone,
milestones planned after D removed) gives the same result on D as the full map on D. Checked
on the sample, the bundled demo cohort and a cohort generated with another seed, on days drawn
from each map's history.
"""

from __future__ import annotations

import inspect
import tempfile
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from _asof import truncate
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

import careermap
from careermap import metrics


@cache
def _maps() -> tuple[careermap.CareerMap, ...]:
    """One-person maps: the sample, the demo cohort's people, six people of another seed."""
    from careermap.demo import generate_cohort

    demo = careermap.load(careermap.cohort_path())
    other = careermap.load(generate_cohort(Path(tempfile.mkdtemp()) / "cohort", people=6, seed=11))
    people = [demo.person(p) for p in demo.person_ids] + [other.person(p) for p in other.person_ids]
    return (careermap.load(careermap.sample_path()), *people)


def _history(m: careermap.CareerMap) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the day before the start to a month after the last thing written."""
    dated = [m.people["start"], m.time_log["date"], m.assessments["date"], m.reviews["date"]]
    dated += [m.milestones[c] for c in ("planned", "done", "dropped")]
    dated += [m.reschedules["on"], m.goal_progress["date"]]
    last = max(s.max() for s in dated if s.notna().any())
    return m.people["start"].iloc[0] - pd.Timedelta(days=1), last + pd.Timedelta(days=30)


_NOT_A_MAP = {"cohort_summary_parquet"}  # takes a folder: checked by its own test below
_ONE_PERSON_VIEWS = {"weekly_review"}  # frames in a dataclass: tests/metrics/test_review.py
AS_OF_METRICS = sorted(
    name
    for name in metrics.__all__
    if callable(getattr(metrics, name))
    and not isinstance(getattr(metrics, name), type)
    and "as_of" in inspect.signature(getattr(metrics, name)).parameters
    and name not in _NOT_A_MAP | _ONE_PERSON_VIEWS
)
# no shrinking: a failure is reported with the map and day drawn (shrinking re-runs slow metrics)
_PROPERTY = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def _call(name: str, m: careermap.CareerMap, day: pd.Timestamp) -> pd.DataFrame:
    fn = getattr(metrics, name)
    args = (m.target_roles["role_id"].iloc[0],) if name == "transition_steps" else ()
    out = fn(m, *args, as_of=day)
    if name == "milestone_timeline":
        # the roadmap shows the plan as it will be: milestones planned later are kept, marked
        # in_plan False, with their columns as written now; what it computes for the day (the
        # milestones in the plan, their target in force, status and bar end) must not depend
        # on what came later
        cols = ["person_id", "milestone_id", "target_asof", "started", "status", "end"]
        return out.loc[out["in_plan"], cols]
    return out.goals if isinstance(out, metrics.WhatIf) else out  # what_if: its goal rows


def _same(full: pd.DataFrame, cut: pd.DataFrame, what: str) -> None:
    pd.testing.assert_frame_equal(
        full.reset_index(drop=True), cut.reset_index(drop=True), check_exact=False, rtol=1e-9,
        obj=what,
    )  # fmt: skip


@st.composite
def map_and_day(draw):
    maps = _maps()
    m = maps[draw(st.integers(0, len(maps) - 1))]
    first, last = _history(m)
    day = first + pd.Timedelta(days=draw(st.integers(0, (last - first).days)))
    return m, day


def test_every_metric_that_takes_as_of_is_checked():
    # a new public metric with as_of is checked without editing this file; these must be in
    assert {"planned_vs_actual", "milestone_status", "burndown", "skill_gaps"} <= set(AS_OF_METRICS)
    assert len(AS_OF_METRICS) >= 25


@pytest.mark.parametrize(
    "name",
    AS_OF_METRICS,
)
@_PROPERTY
@given(case=map_and_day())
def test_a_map_truncated_to_a_day_gives_the_same_metric_on_that_day(name, case):
    m, day = case
    note(f"{m.person_ids[0]} on {day:%Y-%m-%d}")
    _same(_call(name, m, day), _call(name, truncate(m, day), day), f"{name} on {day:%Y-%m-%d}")


@_PROPERTY
@given(case=map_and_day())
def test_smart_check_is_as_of_given_the_same_forecast(case):
    """smart_check's own rules are as-of; only its default forecast is not (see above)."""
    m, day = case
    cut = truncate(m, day)
    f = metrics.forecast(cut, as_of=day)
    _same(
        metrics.smart_check(m, as_of=day, forecast=f),
        metrics.smart_check(cut, as_of=day, forecast=f),
        f"smart_check on {day:%Y-%m-%d}",
    )


@pytest.mark.parametrize("day", ["2025-10-15", "2026-03-05", "2026-07-01"])
def test_cohort_kpis_over_parquet_are_as_of(tmp_path, day, cohort):
    m = cohort.subset(cohort.person_ids[:8])
    full, cut = m.to_parquet(tmp_path / "full"), truncate(m, day).to_parquet(tmp_path / "cut")
    _same(
        metrics.cohort_summary_parquet(full, as_of=day),
        metrics.cohort_summary_parquet(cut, as_of=day),
        "cohort_summary_parquet",
    )


# -- the truncation itself, by hand -----------------------------------------------------------


def test_truncation_undoes_what_was_written_later(small):
    """The small map (tests/_maps.py): M1 rescheduled on 2025-02-01 from 2025-03-01 to
    2025-03-31 and done 2025-03-20; M3 planned 2025-02-01, dropped 2025-05-01."""
    cut = truncate(small, "2025-01-20")
    ms = cut.milestones.set_index("milestone_id")
    assert sorted(ms.index) == ["M1", "M2"]  # M3 entered the plan on 2025-02-01
    assert ms.loc["M1", "target"] == pd.Timestamp("2025-03-01")  # the reschedule is undone
    assert pd.isna(ms.loc["M1", "done"])
    assert cut.reschedules.empty
    assert (cut.time_log["date"] <= "2025-01-20").all() and len(cut.time_log)
    assert not (cut.time_log["milestone_id"] == "M3").any()  # logged before M3 existed
    assert cut.actions["done"].isna().all()  # A1 was done on 2025-02-10
    later = truncate(small, "2025-04-15").milestones.set_index("milestone_id")
    assert later.loc["M1", "target"] == pd.Timestamp("2025-03-31")
    assert later.loc["M1", "done"] == pd.Timestamp("2025-03-20")
    assert pd.isna(later.loc["M3", "dropped"])


# -- planned vs actual spreads effort to the target in force, by hand -------------------------


@pytest.mark.parametrize(
    ("day", "m1_days"),
    [
        # on 2025-01-20 M1's target was still 2025-03-01 (moved on 2025-02-01): 55 days
        ("2025-01-20", 55),
        # from 2025-02-01 on it is 2025-03-31: 85 days from 2025-01-06
        ("2025-04-15", 85),
    ],
)
def test_planned_vs_actual_spreads_effort_to_the_target_in_force(small, day, m1_days):
    """First week (Mon 2025-01-06 to Sun 2025-01-12): M1 (20 h from 2025-01-06) and M2 (30 h
    from 2025-01-06 to 2025-06-30, 176 days); M3 enters the plan on 2025-02-01."""
    first = metrics.planned_vs_actual(small, freq="W", as_of=day).iloc[0]
    assert first["period"] == pd.Timestamp("2025-01-06")
    assert first["planned_hours"] == pytest.approx(20 * 7 / m1_days + 30 * 7 / 176)
