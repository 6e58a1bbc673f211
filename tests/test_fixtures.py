"""The shared fixtures (tests/conftest.py) give what the per-module fixtures they replaced gave,
and their guards work: a changed shared map is caught, copies share nothing, a run-wide folder
is built once."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from _shared import assert_unchanged, deep_copy, shared_folder

import careermap
from careermap import metrics
from careermap.store import init_map

AS_OF = "2026-11-15"


def test_cohort_and_sample_are_the_bundled_maps_loaded_afresh(cohort, sample):
    for shared, path in ((cohort, careermap.cohort_path()), (sample, careermap.sample_path())):
        fresh = careermap.load(path)
        assert_unchanged(str(path), shared, fresh)
        assert shared.root == fresh.root and [str(w) for w in shared.warnings] == [
            str(w) for w in fresh.warnings
        ]
    assert len(cohort.people) == 30 and sample.person_ids == ["alex-rivera"]


def test_summary_is_the_one_every_former_fixture_built(cohort, summary):
    # test_kpis asked with a Timestamp, the others with the string; test_export and the
    # dashboard's e2e test loaded the cohort again: all the same frame
    fresh = careermap.load(careermap.cohort_path())
    for m, as_of in ((cohort, pd.Timestamp(AS_OF)), (fresh, AS_OF), (fresh, pd.Timestamp(AS_OF))):
        pd.testing.assert_frame_equal(metrics.cohort_summary(m, as_of=as_of), summary)
    assert len(summary) == 30 and summary["needs_attention"].any()


def test_allocation_is_the_weekly_hours_by_category(cohort, allocation):
    fresh = careermap.load(careermap.cohort_path())
    expected = metrics.time_allocation(fresh, by="category", freq="W", as_of=AS_OF)
    pd.testing.assert_frame_equal(allocation, expected)
    # an independent total: every hour logged up to the date lands in some week
    logged = cohort.time_log.loc[cohort.time_log["date"] <= pd.Timestamp(AS_OF), "hours"]
    assert allocation["hours"].sum() == pytest.approx(logged.sum())


def test_new_map_is_a_fresh_init_on_its_start_day(new_map, tmp_path):
    folder = init_map(tmp_path / "sam-lee", start=dt.date(2026, 11, 29))
    assert_unchanged("new_map", new_map, careermap.load(folder))
    assert len(new_map.milestones) == 2 and new_map.time_log.empty


def test_a_change_to_a_shared_map_is_caught_and_copies_share_nothing(cohort, cohort_copy):
    before = deep_copy(cohort)
    cohort_copy.time_log.loc[0, "hours"] = 99.0
    cohort_copy.cohort["name"] = "changed"
    assert_unchanged("cohort", cohort, before)  # the shared map did not see the copy's change
    with pytest.raises(AssertionError, match=r"cohort\.time_log"):
        assert_unchanged("cohort", cohort_copy, before)
    frame = pd.DataFrame({"a": [1.0, 2.0]})
    kept = deep_copy(frame)
    frame.attrs["x"] = 1
    with pytest.raises(AssertionError, match="attrs changed"):
        assert_unchanged("frame", frame, kept)


def test_a_shared_folder_is_built_once(tmp_path_factory):
    calls = []

    def build(folder):
        calls.append(folder)
        (folder / "done.txt").write_text("yes")

    name = f"probe-{id(calls)}"
    first = shared_folder(tmp_path_factory, name, build)
    again = shared_folder(tmp_path_factory, name, build)
    assert first == again and len(calls) == 1
    assert (first / "done.txt").read_text() == "yes"
    assert not first.with_name(f"shared-{name}.partial").exists()
