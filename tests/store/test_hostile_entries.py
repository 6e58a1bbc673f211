"""The store refuses what the loader refuses, because it writes through the loader's rules:
dates a map may not hold, numbers that are no numbers. After a refusal no byte has changed
and the map still loads."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import careermap
from careermap import store
from careermap.errors import EntryRejectedError, InvalidArgumentError

ROW = {"date": "2025-01-20", "hours": 1.5, "category": "practice", "goal": "G1", "milestone": "M2"}


@pytest.mark.parametrize(
    "day",
    ["3000-03-31", "9999-12-31", "0001-01-01", dt.date(3000, 3, 31), dt.date(1899, 12, 31)],
)
def test_a_date_out_of_range_is_not_appended(small_map, digest, day):
    before = digest(small_map)
    with pytest.raises(EntryRejectedError) as info:
        store.append(small_map, "time_log", {**ROW, "date": day})
    (p,) = info.value.problems
    assert (p.file, p.location, p.column, p.code) == (
        "time_log.csv",
        "line 6",
        "date",
        "date_out_of_range",
    )
    assert "1900-01-01 to 2199-12-31" in p.rule
    assert digest(small_map) == before
    careermap.load(small_map)


def test_a_timestamp_out_of_range_is_not_appended(small_map, digest):
    before = digest(small_map)
    late = pd.Timestamp("2262-01-01")  # a datetime64[ns] can hold it; a map may not
    with pytest.raises(EntryRejectedError, match="a date from 1900-01-01 to 2199-12-31"):
        store.append(small_map, "goal_progress", {"date": late, "goal": "G1", "value": 2})
    assert digest(small_map) == before


@pytest.mark.parametrize(
    ("table", "row", "column"),
    [
        ("time_log", {**ROW, "hours": float("inf")}, "hours"),
        ("goal_progress", {"date": "2025-06-01", "goal": "G1", "value": float("-inf")}, "value"),
        ("goal_progress", {"date": "2025-06-01", "goal": "G1", "value": 10**20}, "value"),
        (
            "reviews",
            {"date": "2025-03-31", "satisfaction": 10**30, "motivation": 4, "confidence": 4,
             "alignment": 4},
            "satisfaction",
        ),
        ("assessments", {"date": "2025-05-01", "skill": "Programming", "level": "nan"}, "level"),
    ],
)  # fmt: skip
def test_a_number_that_is_no_number_is_not_appended(small_map, digest, table, row, column):
    before = digest(small_map)
    with pytest.raises(EntryRejectedError) as info:
        store.append(small_map, table, row)
    (p,) = [p for p in info.value.problems if p.column == column]
    assert p.code in ("not_finite", "out_of_range")
    assert digest(small_map) == before
    careermap.load(small_map)


def test_a_roadmap_edit_to_a_date_out_of_range_is_refused(small_map, digest):
    before = digest(small_map)
    with pytest.raises(EntryRejectedError) as info:
        store.mark_done(small_map, "M2", on=dt.date(3000, 1, 1))
    (p,) = info.value.problems
    assert (p.location, p.code) == ("goals[0].milestones[1] (M2).done", "date_out_of_range")
    with pytest.raises(InvalidArgumentError, match="must be a date"):
        store.reschedule(small_map, "M2", "3000-01-01", on="2025-06-01", reason="typo")
    assert digest(small_map) == before
