"""notebooks/02-my-progress.ipynb runs without errors or warnings on every generated map."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from _clock import SAMPLE_TODAY
from notebook_runs._matrix import PERSON_MAPS
from notebook_runs._matrix_test import run_on

import careermap

NOTEBOOK = "02-my-progress.ipynb"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(PERSON_MAPS))
def test_runs_cleanly_on(name, kernel, matrix_map, timings):
    run_on(kernel, matrix_map(name), name, timings, folder_key="MY_FOLDER")


def test_the_dashboard_follows_its_controls_on_the_sample(kernel):
    """One goal, in effort hours: the burndown's remaining work is that goal's open effort
    (checked against the milestones table: not done and not dropped by AS_OF)."""
    check = """
import json
goal_filter.value = (m.goals["goal_id"].iloc[1],)
work_toggle.value = "effort"
shown = {t.name: t.y[-1] for t in burndown_view.figure.data if t.y is not None and len(t.y)}
print(json.dumps({"goal": goal_filter.value[0], "remaining": shown["remaining"],
                  "axis": burndown_view.figure.layout.yaxis.title.text}))
"""
    run = kernel.run({"MY_FOLDER": None, "AS_OF": SAMPLE_TODAY}, extra=check)
    assert not run.error, run.error[-3000:]
    said = json.loads(run.texts()[-1])
    m = careermap.load(careermap.sample_path())
    as_of = pd.Timestamp(SAMPLE_TODAY)
    ms = m.milestones[m.milestones["goal_id"] == said["goal"]]
    open_ = ms[
        (ms["planned"] <= as_of)
        & ~(ms["done"] <= as_of)  # NaT compares False: not done
        & ~(ms["dropped"] <= as_of)
    ]
    assert said["goal"] == "G2"
    assert said["remaining"] == pytest.approx(open_["effort_hours"].sum()) == 85
    assert "hours" in said["axis"]
