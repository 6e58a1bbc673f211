"""The quick log: time entries, milestone updates and goal measurements in one place."""

from __future__ import annotations

import html
import os
from typing import Any

import ipywidgets as widgets
import pandas as pd

import careermap
from careermap import store
from careermap._vocab import MAX_DAY_HOURS, TIME_CATEGORIES
from careermap.widgets._common import (
    Form,
    Status,
    button,
    labelled,
    person_folder,
    reload,
    run,
    today,
)

_NONE = "(none)"


_HOURS_RULE = f"one entry is more than 0 and at most {MAX_DAY_HOURS:g} hours"


class QuickLog(Form):
    """The widget :func:`quick_log` returns; its controls are attributes.

    Attributes
    ----------
    date, hours, category, goal, milestone, action, note, save_button : a time entry
        (the milestone list follows the goal, the action list the milestone)
    day_total : hours already logged on the chosen date
    pick, done_date, done_button, new_target, reason, reschedule_button, drop_button :
        an open milestone and what to do with it
    progress_goal, progress_value, progress_date, progress_button : a goal measurement
        (``progress_metric`` shows the goal's metric, target and last value)
    undo_button : reverts the last change to the folder
    status : what was written, or why nothing was (``status.text`` as plain text)
    """

    what = "quick log"

    def __init__(self, folder: str | os.PathLike[str], *, as_of: Any = None) -> None:
        self.folder = person_folder(folder)
        self.as_of = today(as_of)
        self.map = careermap.load(self.folder)
        self.status = Status()

        self.date = labelled("Date", widgets.DatePicker(value=self.as_of))
        # FloatText, not BoundedFloatText: a bounded box turns 30 into 24 without a word;
        # here 30 stays 30, the form says why it cannot be saved and the store refuses it
        self.hours = labelled("Hours", widgets.FloatText(value=1.0, step=0.25))
        self.category = labelled("Category", widgets.Dropdown(options=TIME_CATEGORIES))
        self.goal = labelled("Goal", widgets.Dropdown())
        self.milestone = labelled("Milestone", widgets.Dropdown())
        self.action = labelled("Action", widgets.Dropdown())
        self.note = labelled("Note", widgets.Text(placeholder="what you did"))
        self.day_total = widgets.HTML()
        self.save_button = button(description="Log time", button_style="primary", icon="save")

        self.pick = labelled("Milestone", widgets.Dropdown(layout=widgets.Layout(width="36em")))
        self.done_date = labelled("Done on", widgets.DatePicker(value=self.as_of))
        self.done_button = button(description="Mark done", button_style="success", icon="check")
        self.new_target = labelled("New target", widgets.DatePicker())
        self.reason = labelled("Reason", widgets.Text(placeholder="why the date moves"))
        self.reschedule_button = button(description="Reschedule", icon="calendar")
        self.drop_button = button(description="Drop", button_style="warning", icon="times")

        self.progress_goal = labelled("Goal", widgets.Dropdown(layout=widgets.Layout(width="36em")))
        self.progress_value = labelled("Value", widgets.FloatText())
        self.progress_date = labelled("Date", widgets.DatePicker(value=self.as_of))
        self.progress_metric = widgets.HTML()
        self.progress_button = button(description="Record", button_style="primary", icon="save")
        self.undo_button = button(description="Undo last change", icon="undo")

        self._fill()
        self.goal.observe(lambda _: self._fill_milestones(), names="value")
        self.milestone.observe(lambda _: self._fill_actions(), names="value")
        self.date.observe(lambda _: self._show_day_total(), names="value")
        self.hours.observe(lambda _: self._check_hours(), names="value")
        self.progress_goal.observe(lambda _: self._show_metric(), names="value")
        self.save_button.on_click(lambda _: self.log_time())
        self.done_button.on_click(lambda _: self.mark_done())
        self.reschedule_button.on_click(lambda _: self.reschedule())
        self.drop_button.on_click(lambda _: self.drop())
        self.progress_button.on_click(lambda _: self.record_progress())
        self.undo_button.on_click(lambda _: self.undo())

        time_tab = widgets.VBox(
            [
                widgets.HBox([self.date, self.day_total]),
                self.hours,
                self.category,
                self.goal,
                self.milestone,
                self.action,
                self.note,
                self.save_button,
            ]
        )
        milestone_tab = widgets.VBox(
            [
                self.pick,
                widgets.HBox([self.done_date, self.done_button]),
                widgets.HBox([self.new_target, self.reason, self.reschedule_button]),
                self.drop_button,
            ]
        )
        progress_tab = widgets.VBox(
            [self.progress_goal, self.progress_metric, self.progress_value, self.progress_date,
             self.progress_button]
        )  # fmt: skip
        name = html.escape(str(self.map.people["name"].iloc[0] or self.map.person_ids[0]))
        super().__init__(
            [
                widgets.HTML(f"<h3>Quick log: {name}</h3>"),
                widgets.Tab(
                    [time_tab, milestone_tab, progress_tab],
                    titles=("Time", "Milestones", "Goal progress"),
                ),
                widgets.HBox([self.undo_button]),
                self.status,
            ]
        )

    # -- choices from the map ----------------------------------------------------------

    def _fill(self) -> None:
        goals = self.map.goals
        labels = [(f"{g.goal_id} · {g.title}", g.goal_id) for g in goals.itertuples()]
        _set_options(self.goal, [(_NONE, None), *labels])
        _set_options(self.progress_goal, labels)
        ms = self.map.milestones
        open_ms = ms[ms["done"].isna() & ms["dropped"].isna()]
        _set_options(
            self.pick,
            [
                (f"{r.milestone_id} · {r.title} (target {r.target:%Y-%m-%d})", r.milestone_id)
                for r in open_ms.itertuples()
            ],
        )
        self._fill_milestones()
        self._show_day_total()
        self._show_metric()

    def _fill_milestones(self) -> None:
        ms = self.map.milestones
        ms = ms[ms["dropped"].isna()]
        if self.goal.value is not None:
            ms = ms[ms["goal_id"] == self.goal.value]
        _set_options(
            self.milestone,
            [
                (_NONE, None),
                *((f"{r.milestone_id} · {r.title}", r.milestone_id) for r in ms.itertuples()),
            ],
        )
        self._fill_actions()

    def _fill_actions(self) -> None:
        acts = self.map.actions
        acts = (
            acts[acts["milestone_id"] == self.milestone.value]
            if self.milestone.value
            else acts.iloc[:0]
        )
        _set_options(
            self.action,
            [
                (_NONE, None),
                *((f"{r.action_id} · {r.title}", r.action_id) for r in acts.itertuples()),
            ],
        )

    def _check_hours(self) -> None:
        """Say at once when the hours cannot be saved (the store refuses them on save too)."""
        value = self.hours.value
        if value is None or not 0 < value <= MAX_DAY_HOURS:
            self.status.note(
                f"{value:g} hours cannot be logged: {_HOURS_RULE}; correct it before saving"
            )
        elif _HOURS_RULE in self.status.text:
            self.status.note("")

    def _show_day_total(self) -> None:
        log = self.map.time_log
        day = pd.Timestamp(self.date.value) if self.date.value else None
        total = float(log.loc[log["date"] == day, "hours"].sum()) if day is not None else 0.0
        self.day_total.value = f"<i>{total:g} h already logged that day</i>"

    def _show_metric(self) -> None:
        goals = self.map.goals.set_index("goal_id")
        gid = self.progress_goal.value
        if gid is None or gid not in goals.index:
            self.progress_metric.value = ""
            return
        g = goals.loc[gid]
        prog = self.map.goal_progress
        mine = prog[prog["goal_id"] == gid].sort_values("date")
        last = (
            f"last {mine['value'].iloc[-1]:g} on {mine['date'].iloc[-1]:%Y-%m-%d}"
            if len(mine)
            else "no measurement yet"
        )
        target = "" if pd.isna(g["target"]) else f", target {g['target']:g}"
        metric = g["metric"] if isinstance(g["metric"], str) else "no metric set"
        self.progress_metric.value = f"<i>{html.escape(metric)}{target}; {last}</i>"

    # -- actions -----------------------------------------------------------------------

    def log_time(self) -> store.Change | None:
        """Append the time entry to time_log.csv (checked first: ids, day total, ...)."""
        row = {
            "date": self.date.value,
            "hours": self.hours.value,
            "category": self.category.value,
            "goal": self.goal.value,
            "milestone": self.milestone.value,
            "action": self.action.value,
            "note": self.note.value,
        }
        change = run(self.status, store.append, self.folder, "time_log", row)
        if change is not None:
            self.note.value = ""
            self._reload()
        return change

    def mark_done(self) -> store.Change | None:
        """Mark the picked milestone done on the chosen date."""
        return self._edit(store.mark_done, self.pick.value, on=self.done_date.value)

    def reschedule(self) -> store.Change | None:
        """Move the picked milestone's target, recording the old one and the reason."""
        if self.new_target.value is None:
            self.status.note("Pick the new target date first")
            return None
        change = self._edit(
            store.reschedule,
            self.pick.value,
            self.new_target.value,
            on=self.as_of,
            reason=self.reason.value,
        )
        if change is not None:
            self.reason.value = ""
        return change

    def drop(self) -> store.Change | None:
        """Drop the picked milestone from the plan (it stays in the file, marked dropped)."""
        return self._edit(store.drop, self.pick.value, on=self.done_date.value)

    def record_progress(self) -> store.Change | None:
        """Append a measurement of the picked goal to goal_progress.csv."""
        row = {"date": self.progress_date.value, "goal": self.progress_goal.value,
               "value": self.progress_value.value}  # fmt: skip
        change = run(self.status, store.append, self.folder, "goal_progress", row)
        if change is not None:
            self._reload()
        return change

    def undo(self) -> store.Change | None:
        """Revert the last change to the folder (this notebook's or another's)."""
        change = run(self.status, store.undo, self.folder)
        if change is not None:
            self._reload()
        return change

    def _edit(self, action: Any, *args: Any, **options: Any) -> store.Change | None:
        if self.pick.value is None:
            self.status.note("No open milestone to change")
            return None
        change = run(self.status, action, self.folder, *args, **options)
        if change is not None:
            self._reload()
        return change

    def _reload(self) -> None:
        m = reload(self.folder, self.status)
        if m is not None:
            self.map = m
            self._fill()


def _set_options(dropdown: widgets.Dropdown, options: list[tuple[str, Any]]) -> None:
    """New choices, keeping the current one when it is still there."""
    keep = dropdown.value
    dropdown.options = options
    values = [v for _, v in options]
    dropdown.value = keep if keep in values else (values[0] if values else None)


def quick_log(folder: str | os.PathLike[str], *, as_of: Any = None) -> QuickLog:
    """A small form to log time, update milestones and record goal progress.

    Every save goes through :mod:`careermap.store`: the entry is checked against the map
    first (ids, a day's 24 hours, vocabularies) and written durably, or refused with the
    reasons shown in ``status``.

    Parameters
    ----------
    folder
        A person's map folder.
    as_of
        The date the form starts at (default: today).

    Returns
    -------
    QuickLog
        An ipywidgets ``VBox``; its controls are attributes (``hours``, ``save_button``,
        ``status``, ...), so it can also be driven from code.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap.widgets import quick_log
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> log = quick_log(folder, as_of="2026-11-16")
    >>> log.hours.value, log.category.value = 1.5, "practice"
    >>> log.goal.value, log.milestone.value = "G2", "M9"
    >>> log.save_button.click()
    >>> print(log.status.text.splitlines()[0])
    Saved: time_log.csv: added line 314
    """
    return QuickLog(folder, as_of=as_of)
