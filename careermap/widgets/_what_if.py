"""The what-if panel: try more or fewer hours, drop milestones, move a deadline or pause a goal,
see the plan beside today's, and apply it to the map as one undoable change."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

import careermap
from careermap import charts, metrics, store
from careermap._paths import bundled_folders
from careermap.errors import CareermapError, InvalidArgumentError
from careermap.widgets._chart import ChartView
from careermap.widgets._common import Form, Status, button, labelled, person_folder, run, today


def apply_scenario(
    folder: str | os.PathLike[str],
    scenario: metrics.Scenario,
    *,
    on: object = None,
    timeout: float = store.DEFAULT_TIMEOUT,
) -> store.Change:
    """Write a what-if scenario into the map as ONE change (``careermap undo`` reverts it).

    Hours a week become ``person.weekly_hours``, dropped milestones are dropped on ``on``,
    added ones are added as the scenario forecast them (``Scenario.milestones_to_add``),
    moved deadlines are written (:func:`careermap.store.change_plan`). A pause or hours split
    by goal have no place in roadmap.yaml, so a scenario with them is refused, nothing written.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import metrics, store, widgets
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> plan = metrics.Scenario(hours_per_week=8, drop=("M12",))
    >>> print(widgets.apply_scenario(folder, plan, on="2026-11-16"))
    roadmap.yaml: weekly_hours 6 -> 8 h; M12 dropped on 2026-11-16
    >>> print(store.undo(folder))
    undid roadmap.yaml: weekly_hours 6 -> 8 h; M12 dropped on 2026-11-16
    """
    if scenario.pause or scenario.hours_by_goal:
        raise InvalidArgumentError(
            "a paused goal or hours split by goal cannot be written: roadmap.yaml has no place "
            "for them; drop the goal's milestones or move its deadline instead, and set the "
            "total hours"
        )
    if scenario.is_baseline:
        raise InvalidArgumentError("the scenario changes nothing: there is nothing to apply")
    m = careermap.load(folder)
    day = today(on)
    add = [
        {k: v for k, v in a.items() if k != "planned"} | {"planned": day}
        for a in scenario.milestones_to_add(m, day)
    ]
    return store.change_plan(
        folder,
        weekly_hours=scenario.hours_per_week,
        drop=scenario.drop,
        add=add,
        deadlines=dict(scenario.deadlines),
        on=day,
        timeout=timeout,
    )


def _read_only(folder: Path) -> bool:
    resolved = folder.resolve()
    return any(resolved.is_relative_to(b) for b in bundled_folders())


class WhatIfPanel(Form):
    """The widget :func:`what_if_panel` returns; its controls are attributes.

    Attributes
    ----------
    hours : hours a week (starts at the hours logged a week in the forecast's window)
    drop : open milestones to drop
    deadline_goal, deadline_weeks : a goal and how many weeks its deadline moves
    pause : goals to pause
    result : the last ``metrics.WhatIf``; ``table`` its side-by-side table (a frame)
    table_html : the table as shown; chart : the ``ChartView`` of ``charts.what_if_chart``
    apply_button, undo_button, status : write the scenario (one change), revert it
    """

    what = "what-if panel"

    def __init__(self, folder: str | os.PathLike[str], *, as_of: Any = None) -> None:
        self.folder = person_folder(folder)
        self.as_of = today(as_of)
        self.read_only = _read_only(self.folder)
        self.status = Status()
        self.map = careermap.load(self.folder)
        self._basis = self._hours_now()
        start = round(self._basis * 2) / 2
        self._start_hours = start
        self.hours = widgets.FloatSlider(
            value=start,
            min=0.0,
            max=max(20.0, 2 * start),
            step=0.5,
            description="Hours a week",
            continuous_update=False,
            style={"description_width": "7em"},
            layout=widgets.Layout(width="32em"),
        )
        self.drop = labelled("Drop", widgets.SelectMultiple(rows=5))
        self.deadline_goal = labelled("Deadline of", widgets.Dropdown())
        self.deadline_weeks = widgets.IntSlider(
            value=0,
            min=-26,
            max=52,
            description="moves (weeks)",
            continuous_update=False,
            style={"description_width": "7em"},
        )
        self.pause = labelled("Pause", widgets.SelectMultiple(rows=3))
        self.table_html = widgets.HTML()
        self.chart = ChartView()
        self.apply_button = button(description="Apply to my map", button_style="warning")
        self.undo_button = button(description="Undo", icon="undo")
        self.table = pd.DataFrame()
        self.result: metrics.WhatIf | None = None
        self._fill_choices()
        for control in (self.hours, self.drop, self.deadline_goal, self.deadline_weeks, self.pause):
            control.observe(lambda _: self.refresh(), names="value")
        self.apply_button.on_click(lambda _: self.apply())
        self.undo_button.on_click(lambda _: self.undo())
        if self.read_only:
            self.apply_button.disabled = self.undo_button.disabled = True
            self.status.note(
                "This is careermap's bundled sample, which is read-only: try scenarios here; "
                "to apply one, set MY_FOLDER to your own map (or a copy of the sample)."
            )
        hint = widgets.HTML(
            f"<i>Hours a week now: {self._basis:.1f} (logged, last {metrics.FORECAST_WEEKS} "
            "weeks). The scenario column is today's plan with your changes.</i>"
        )
        controls = widgets.VBox(
            [
                hint,
                self.hours,
                widgets.HBox([self.drop, self.pause]),
                widgets.HBox([self.deadline_goal, self.deadline_weeks]),
            ]
        )
        super().__init__(
            [
                controls,
                self.table_html,
                self.chart,
                widgets.HBox([self.apply_button, self.undo_button]),
                self.status,
            ]
        )
        self.refresh()

    def _hours_now(self) -> float:
        """Hours a week logged in the forecast's window: today's plan of ``metrics.what_if``."""
        now = metrics.what_if(self.map, as_of=pd.Timestamp(self.as_of))
        return float(now.scenarios["hours_per_week"].iloc[0])

    def _fill_choices(self) -> None:
        m, day = self.map, pd.Timestamp(self.as_of)
        status = metrics.milestone_status(m, as_of=day)
        open_ms = status[status["status"].astype("str").isin(["open", "on track", "overdue"])]
        titles = m.milestones.set_index("milestone_id")["title"]
        self.drop.options = [(f"{i} {titles.get(i)}", i) for i in open_ms["milestone_id"]]
        goals = [(f"{g.goal_id} {g.title}", g.goal_id) for g in m.goals.itertuples()]
        self.deadline_goal.options = goals
        if goals and self.deadline_goal.value is None:
            self.deadline_goal.value = goals[0][1]
        self.pause.options = goals

    def scenario(self) -> metrics.Scenario:
        """The scenario the controls describe (a control at its start changes nothing)."""
        hours = None if self.hours.value == self._start_hours else float(self.hours.value)
        deadlines = {}
        if self.deadline_weeks.value and self.deadline_goal.value:
            old = self.map.goals.set_index("goal_id")["deadline"].get(self.deadline_goal.value)
            if pd.notna(old):
                new = pd.Timestamp(old) + pd.Timedelta(weeks=self.deadline_weeks.value)
                deadlines[self.deadline_goal.value] = new.date()
        return metrics.Scenario(
            name="what if",
            hours_per_week=hours,
            drop=tuple(self.drop.value),
            deadlines=deadlines,
            pause=tuple(self.pause.value),
        )

    def refresh(self) -> None:
        """Recompute today's plan and the scenario, and redraw the table and the chart."""
        s = self.scenario()
        try:
            self.result = metrics.what_if(
                self.map,
                scenarios={} if s.is_baseline else {s.name: s},
                as_of=pd.Timestamp(self.as_of),
            )
        except CareermapError as exc:
            self.status.failed(exc)
            return
        self.table = self.result.table()
        self.table_html.value = self.table.rename_axis(None).to_html(escape=True)
        self.chart.show(charts.what_if_chart(self.result.scenarios, goals=self.result.goals))
        if not self.read_only:
            self.apply_button.disabled = s.is_baseline or bool(s.pause)

    def apply(self) -> store.Change | None:
        """Write the scenario into the map (one change), then start again from the new map."""
        change = run(self.status, apply_scenario, self.folder, self.scenario(), on=self.as_of)
        if change is not None:
            self._reload()
        return change

    def undo(self) -> store.Change | None:
        change = run(self.status, store.undo, self.folder)
        if change is not None:
            self._reload()
        return change

    def _reload(self) -> None:
        self.map = careermap.load(self.folder)
        self._basis = self._hours_now()
        with self.hold_trait_notifications():
            self._fill_choices()
        self.refresh()


def what_if_panel(folder: str | os.PathLike[str], *, as_of: Any = None) -> WhatIfPanel:
    """A panel to try changes to the plan and see them beside today's plan.

    Move the hours, pick milestones to drop or goals to pause, move a goal's deadline: the
    table (``metrics.what_if``) and the chart (``charts.what_if_chart``) redraw. Nothing is
    written until **Apply**, which writes the scenario as one change
    (:func:`apply_scenario`); **Undo** reverts it. On careermap's bundled sample the panel
    only shows scenarios: the sample is read-only.

    Examples
    --------
    >>> import careermap
    >>> from careermap import widgets
    >>> panel = widgets.what_if_panel(careermap.sample_path(), as_of="2026-11-15")
    >>> panel.hours.value = 10
    >>> panel.table.loc["hours a week"].tolist()
    ['6.5 h', '10 h']
    >>> panel.apply_button.disabled
    True
    """
    return WhatIfPanel(folder, as_of=as_of)


__all__ = ["WhatIfPanel", "apply_scenario", "what_if_panel"]
