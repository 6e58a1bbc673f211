"""The what-if panel: controls make the scenario, the table follows, Apply writes one change."""

from __future__ import annotations

import pandas as pd

import careermap
from careermap import metrics, store, widgets
from careermap.widgets._what_if import WhatIfPanel

AS_OF = "2026-11-15"


def test_the_controls_make_the_scenario_and_the_table_follows():
    panel = widgets.what_if_panel(careermap.sample_path(), as_of=AS_OF)
    assert isinstance(panel, WhatIfPanel)
    assert panel.table.columns.tolist() == [
        metrics.what_if(panel.map, as_of=AS_OF).scenarios.scenario.iloc[0]
    ]
    panel.hours.value = 10
    panel.drop.value = ("M12",)
    panel.deadline_goal.value = "G2"
    panel.deadline_weeks.value = 13
    s = panel.scenario()
    assert (s.hours_per_week, s.drop) == (10.0, ("M12",))
    assert s.deadlines == {"G2": (pd.Timestamp("2027-06-30") + pd.Timedelta(weeks=13)).date()}
    expected = metrics.what_if(panel.map, scenarios={"what if": s}, as_of=AS_OF).table()
    pd.testing.assert_frame_equal(panel.table, expected)
    assert "what if" in panel.table_html.value
    assert len(panel.chart.figure.data[0].y) == 2


def test_the_bundled_sample_is_read_only():
    panel = widgets.what_if_panel(careermap.sample_path(), as_of=AS_OF)
    panel.hours.value = 9
    assert panel.apply_button.disabled and panel.undo_button.disabled
    assert "read-only" in panel.status.text


def test_apply_writes_one_change_and_undo_reverts_it(alex):
    before = (alex / "roadmap.yaml").read_bytes()
    panel = widgets.what_if_panel(alex, as_of=AS_OF)
    panel.hours.value = 8
    panel.drop.value = ("M12",)
    assert not panel.apply_button.disabled
    panel.apply_button.click()
    assert panel.status.text.startswith("Saved: roadmap.yaml: weekly_hours 6 -> 8 h; M12 dropped")
    assert len(store.history(alex)) == 1
    assert "M12" not in [v for _, v in panel.drop.options]  # the panel reads the new map
    panel.undo_button.click()
    assert panel.status.text.startswith("Undone")
    assert (alex / "roadmap.yaml").read_bytes() == before


def test_a_pause_is_tried_but_not_applied(alex):
    panel = widgets.what_if_panel(alex, as_of=AS_OF)
    panel.pause.value = ("G3",)
    assert panel.apply_button.disabled
    assert panel.result.goals.query("scenario == 'what if' and goal_id == 'G3'").paused.all()
