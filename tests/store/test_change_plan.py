"""Applying a what-if scenario: one change through the store, which one undo reverts whole."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careermap
from careermap import metrics, store, widgets
from careermap.errors import EntryRejectedError, InvalidArgumentError

OPEN = ["M5", "M9", "M11", "M12", "M15", "M16", "M17"]  # the sample's open milestones


def user_files(folder: Path) -> dict[str, str]:
    """The sha256 of every file the person owns (the store's journal and lock left out)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".careermap")
    }


def test_change_plan_writes_every_edit_as_one_change(alex):
    change = store.change_plan(
        alex,
        weekly_hours=7.5,
        drop=["M12"],
        add=[{"goal": "G1", "title": "Tableau", "target": "2027-02-28", "effort_hours": 20}],
        deadlines={"G2": "2027-09-30"},
        on="2026-11-16",
    )
    assert change.op == "change_plan"
    assert len(store.history(alex)) == 1
    m = careermap.load(alex)
    assert m.people.weekly_hours.iloc[0] == 7.5
    ms = m.milestones.set_index("milestone_id")
    assert ms.loc["M12", "dropped"] == pd.Timestamp("2026-11-16")
    assert ms.loc["M18", ["goal_id", "title", "effort_hours"]].tolist() == ["G1", "Tableau", 20]
    assert ms.loc["M18", "planned"] == pd.Timestamp("2026-11-16")
    assert m.goals.set_index("goal_id").loc["G2", "deadline"] == pd.Timestamp("2027-09-30")


def test_an_invalid_edit_writes_nothing(alex):
    before = user_files(alex)
    with pytest.raises(InvalidArgumentError, match="M1 is already done"):
        store.change_plan(alex, weekly_hours=8, drop=["M1"], on="2026-11-16")
    with pytest.raises(InvalidArgumentError, match="at most 80; got 90"):
        store.change_plan(alex, weekly_hours=90)
    with pytest.raises(EntryRejectedError):  # a target before the milestone was planned
        store.change_plan(
            alex, add=[{"goal": "G1", "title": "x", "target": "2020-01-01"}], on="2026-11-16"
        )
    assert user_files(alex) == before
    assert len(store.history(alex)) == 0


def test_the_bundled_sample_is_never_written():
    with pytest.raises(InvalidArgumentError, match="bundled demo data"):
        store.change_plan(careermap.sample_path(), weekly_hours=8)


def test_apply_scenario_writes_what_the_scenario_forecast(alex):
    plan = metrics.Scenario(
        hours_per_week=8, drop=("M12",), add=({"goal": "G2", "effort_hours": 12},)
    )
    forecast_map = careermap.load(alex)
    expected = plan.milestones_to_add(forecast_map, "2026-11-16")
    widgets.apply_scenario(alex, plan, on="2026-11-16")
    ms = careermap.load(alex).milestones.set_index("milestone_id")
    new = ms.loc[expected[0]["id"]]
    assert new["target"] == expected[0]["target"]  # the goal's deadline, as forecast
    assert new["effort_hours"] == 12


def test_a_pause_cannot_be_applied(alex):
    with pytest.raises(InvalidArgumentError, match="paused goal"):
        widgets.apply_scenario(alex, metrics.Scenario(pause=("G3",)))
    assert len(store.history(alex)) == 0


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    hours=st.one_of(st.none(), st.floats(0.5, 80).map(lambda h: round(h * 4) / 4)),
    drop=st.lists(st.sampled_from(OPEN), unique=True, max_size=3),
    moves=st.dictionaries(st.sampled_from(["G1", "G2", "G3"]), st.integers(-60, 400)),
    add=st.lists(st.tuples(st.sampled_from(["G1", "G2", "G3"]), st.integers(1, 60)), max_size=2),
)
def test_apply_then_undo_leaves_the_folder_byte_identical(hours, drop, moves, add):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shutil.copytree(careermap.sample_path(), Path(tmp) / "alex"))
        before = user_files(folder)
        deadlines = {g: pd.Timestamp("2027-06-30") + pd.Timedelta(days=d) for g, d in moves.items()}
        plan = metrics.Scenario(
            hours_per_week=hours,
            drop=tuple(drop),
            add=tuple({"goal": g, "effort_hours": e} for g, e in add),
            deadlines=deadlines,
        )
        if plan.is_baseline:
            return
        widgets.apply_scenario(folder, plan, on="2026-11-16")
        assert user_files(folder) != before
        assert len(store.history(folder)) == 1
        store.undo(folder)
        assert user_files(folder) == before
