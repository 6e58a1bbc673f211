"""careermap's one "today": every default date reads it, and CAREERMAP_TODAY pins it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from _maps import write_map

import careermap
from careermap import InvalidArgumentError, metrics, store
from careermap._dates import TODAY_VARIABLE, as_of_arg, today


def test_without_the_variable_today_is_the_real_date(monkeypatch):
    monkeypatch.delenv(TODAY_VARIABLE, raising=False)
    before = dt.date.today()
    assert today() in (before, dt.date.today())  # the test may run over midnight


def test_the_variable_pins_every_default_date(monkeypatch, tmp_path):
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-15")
    assert today() == dt.date(2026, 11, 15)
    assert as_of_arg(None) == pd.Timestamp("2026-11-15")
    assert careermap.as_of_date(None) == pd.Timestamp("2026-11-15")
    new = store.init_map(tmp_path / "dana", name="Dana")
    assert careermap.load(new).people["start"].iloc[0] == pd.Timestamp("2026-11-15")
    folder = write_map(tmp_path / "sam-lee")
    store.mark_done(folder, "M2")  # done "today"
    done = careermap.load(folder).milestones.set_index("milestone_id").loc["M2", "done"]
    assert done == pd.Timestamp("2026-11-15")
    summary = metrics.summary(careermap.load(folder))  # as_of=None
    pinned = metrics.summary(careermap.load(folder), as_of="2026-11-15")
    pd.testing.assert_frame_equal(summary, pinned)


@pytest.mark.parametrize("value", ["15/11/2026", "2026-13-01", "tomorrow"])
def test_an_unreadable_value_is_an_error_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv(TODAY_VARIABLE, value)
    with pytest.raises(InvalidArgumentError, match=rf"CAREERMAP_TODAY .*got '{value}'"):
        today()


def test_an_empty_value_is_the_real_date(monkeypatch):
    monkeypatch.setenv(TODAY_VARIABLE, "  ")
    assert today() in (dt.date.today(), dt.date.today() - dt.timedelta(days=1))
