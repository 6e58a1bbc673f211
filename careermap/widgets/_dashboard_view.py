"""The coach's dashboard as it is laid out and drawn: controls, tabs and what fills them.

:class:`DashboardView` holds every control and output of the page and draws what it is given
(views from :mod:`careermap.views`, figures from :mod:`careermap.charts`); it computes
nothing and keeps no cohort. :class:`careermap.widgets.CoachDashboard` (the controller)
decides what to compute when a control moves and hands the results here.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from careermap import views
from careermap.widgets._chart import ChartView
from careermap.widgets._common import button, today
from careermap.widgets._kpi_html import table_links, warnings_html
from careermap.widgets._people_table import PeopleTable
from careermap.widgets._threshold_form import ThresholdForm

__all__ = ["ALL", "NOBODY", "TABLE_COLUMNS", "TABS", "DashboardView"]

ALL = "all groups"
NOBODY = ""
TABS = ("At a glance", "Needs attention", "Person", "Skill gaps", "Time mix")
#: the columns of the people table after the person, in order (headings of export.kpi_table)
TABLE_COLUMNS = [
    "group",
    "reasons",
    "progress %",
    "hours per week (last 4 weeks)",
    "planned hours per week",
    "days since last log",
    "overdue milestones",
]
_SORTABLE = [c for c in TABLE_COLUMNS if c not in ("reasons",)]
_STYLE = {"description_width": "initial"}
_RED, _GREEN = "#b2182b", "#1b7837"


class DashboardView:
    """Every control and output of the coach's dashboard, and ``box``: the page's children.

    Attributes are the widgets (``folder``, ``as_of``, ``group``, ``form`` and its sliders,
    ``headline``, ``people`` (a :class:`PeopleTable`), ``only_flagged``, the charts, ...).
    """

    def __init__(self, folder: str, *, as_of: Any, start: Any) -> None:
        self.folder = widgets.Text(
            value=folder,
            description="Cohort folder",
            style=_STYLE,
            layout=widgets.Layout(width="620px"),
        )
        self.load_button = button("Load", button_style="primary")
        self.load_status = widgets.HTML()
        self.as_of = widgets.DatePicker(value=today(as_of), description="As of", style=_STYLE)
        self.group = widgets.Dropdown(options=[ALL], value=ALL, description="Group")
        self.form = ThresholdForm(start)
        self.headline = widgets.HTML()
        self.downloads = widgets.HTML()
        self.downloads_button = button("Prepare CSV and Excel files")
        self.downloads_button.layout.display = "none"
        self.report_button = button("Prepare HTML report")
        self.report_link = widgets.HTML()
        self.warnings = widgets.HTML()
        self.counts_chart = ChartView()
        self.distribution_chart = ChartView()
        self.only_flagged = widgets.Checkbox(
            value=True, description="only people who need attention", indent=False
        )
        self.people = PeopleTable(
            columns=["person", *TABLE_COLUMNS],
            sortable=_SORTABLE,
            empty="Nobody needs attention on these thresholds.",
        )
        self.person = widgets.Dropdown(
            options=[("pick a person", NOBODY)],
            value=NOBODY,
            description="Person",
            layout=widgets.Layout(width="420px"),
        )
        self.person_status = widgets.HTML()
        self.roadmap_chart = ChartView()
        self.burndown_chart = ChartView()
        self.time_chart = ChartView()
        self.gap_chart = ChartView()
        self.note = widgets.Textarea(
            placeholder="Your private note on this person (kept in the cohort folder, never "
            "in reports or exports)",
            layout=widgets.Layout(width="620px", height="90px"),
        )
        self.save_note = button("Save note")
        self.note_status = widgets.HTML()
        self.role = widgets.Dropdown(description="Role", layout=widgets.Layout(width="620px"))
        self.skill_chart = ChartView()
        self.detail_text = widgets.HTML()
        self.heatmap_chart = ChartView()
        self.time_mix_chart = ChartView()
        self.tabs = widgets.Tab(
            children=[
                widgets.VBox([self.counts_chart, self.distribution_chart]),
                widgets.VBox([self.only_flagged, self.people]),
                widgets.VBox(
                    [
                        widgets.HBox([self.person, self.person_status]),
                        widgets.HBox([self.note, widgets.VBox([self.save_note])]),
                        self.note_status,
                        self.roadmap_chart,
                        self.burndown_chart,
                        self.time_chart,
                        self.gap_chart,
                    ]
                ),
                widgets.VBox([self.role, self.skill_chart, self.detail_text, self.heatmap_chart]),
                self.time_mix_chart,
            ],
            titles=TABS,
        )
        self.children = [
            widgets.HTML("<h2 style='margin:4px 0'>Coach dashboard</h2>"),
            widgets.HBox([self.folder, self.load_button]),
            self.load_status,
            widgets.HBox([self.as_of, self.group]),
            self.form,
            self.headline,
            widgets.HBox(
                [self.downloads_button, self.downloads, self.report_button, self.report_link]
            ),
            self.warnings,
            self.tabs,
        ]

    @property
    def tab(self) -> str:
        """The title of the tab open."""
        return TABS[self.tabs.selected_index or 0]

    # -- what the controller hands over ---------------------------------------------------

    def say_load(self, head: str, lines: list[str], *, error: bool) -> str:
        """Show what loading did; returns it as plain text."""
        items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
        self.load_status.value = (
            f"<div style='color:{_RED if error else _GREEN}'>{html.escape(head)}</div>"
            + (f"<ul>{items}</ul>" if items else "")
        )
        return "\n".join([head, *lines])

    def show_warnings(self, lines: list[str]) -> None:
        self.warnings.value = warnings_html(lines)

    def set_options(self, dropdown: widgets.Dropdown, options: list, value: Any) -> None:
        """New options, then the value to show (the menu never shows a blank)."""
        dropdown.options = options
        dropdown.value = value

    def show_headline(self, text: str) -> None:
        self.headline.value = f"<h3 style='margin:6px 0'>{html.escape(text)}</h3>"

    def show_table(self, table: pd.DataFrame, *, who: str) -> None:
        """The people table: ``table`` (from ``kpi_table``) holds the rows to list."""
        columns = [who, *(c for c in TABLE_COLUMNS if c in table.columns)]
        self.people.set_rows(table, columns=columns)

    def show_downloads(self, table: pd.DataFrame, stem: str, *, now: bool) -> None:
        """CSV and Excel links to ``table`` (``now``), or a button that makes them; the
        report link of an earlier table is cleared."""
        self.downloads.value = table_links(table, stem) if now else ""
        self.downloads_button.layout.display = "none" if now else None
        self.report_link.value = ""

    def show_person_status(self, label: str, reasons: str, view: views.PersonView | None) -> None:
        said = f"<b>{html.escape(label)}</b>: {html.escape(reasons)}"
        if view is not None:
            said += f"<div>{html.escape(view.finish_text)}; {html.escape(view.gap_text)}</div>"
        self.person_status.value = said

    def person_failed(self, why: str) -> None:
        self.person_status.value += (
            f"<div style='color:{_RED}'>Charts not drawn: {html.escape(why)}</div>"
        )

    def clear_person(self) -> None:
        for view in (self.roadmap_chart, self.burndown_chart, self.time_chart, self.gap_chart):
            view.outputs = ()
            view.figure = None
        self.person_status.value = "<i>Pick a person to see their plan and progress.</i>"
        self.note.value = ""

    def say(self, target: widgets.HTML, text: str, *, error: bool) -> None:
        target.value = f"<span style='color:{_RED if error else _GREEN}'>{html.escape(text)}</span>"
