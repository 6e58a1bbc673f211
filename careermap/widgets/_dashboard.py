"""The coach's dashboard: a cohort, a day, who needs attention and why, and each person.

What ``careermap dashboard`` shows in Voila, and what a notebook can show with
:func:`coach_dashboard`. Every control is an attribute, so tests drive it from Python: set
``as_of.value``, ``inactive_days.value``, ``group.value`` or ``person.value`` and read
``rows``, ``table_frame``, ``headline_text`` or the charts' ``figure``.

Work is done when it is needed: the attention table when the cohort, the day, a threshold or
the group changes; the distributions, the skill-gap heatmap and the time mix when their tab is
open; a person's charts when a person is picked.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from careermap import charts, metrics, views
from careermap._paths import cohort_path
from careermap.errors import CareermapError, InvalidArgumentError, MapValidationError
from careermap.io import load
from careermap.model import CareerMap
from careermap.share import privacy
from careermap.share.export import kpi_table
from careermap.store import coach
from careermap.widgets._chart import ChartView
from careermap.widgets._common import Form, button, today
from careermap.widgets._kpi_html import (
    attention_html,
    download_link,
    table_links,
    warnings_html,
)

_ALL = "all groups"
_NOBODY = ""
TABS = ("Needs attention", "Distributions", "Person", "Skill gaps", "Time mix")
# the columns of the attention table, in order (headings of export.kpi_table)
_TABLE_COLUMNS = [
    "group",
    "reasons",
    "progress %",
    "hours per week (last 4 weeks)",
    "planned hours per week",
    "days since last log",
    "overdue milestones",
]
_STYLE = {"description_width": "initial"}


def _slider(kind: type, value: float, lo: float, hi: float, step: float, label: str) -> Any:
    return kind(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=label,
        continuous_update=False,
        style=_STYLE,
        layout=widgets.Layout(width="330px"),
    )


class CoachDashboard(Form):
    """The widget :func:`coach_dashboard` returns; its controls are attributes.

    Attributes
    ----------
    folder, load_button, load_status : the cohort folder chooser; ``load_text`` says what
        was loaded, or why not
    as_of : the day the KPIs describe (a ``DatePicker``)
    group : the group shown (``"all groups"`` or one of the cohort's groups)
    inactive_days, overdue_milestones, review_drop, low_effort_ratio : thresholds, named
        after the fields of :class:`careermap.metrics.Thresholds` they set
    headline : "N of M people need attention" (``headline_text`` as plain text)
    table : the needs-attention list (HTML, sortable by a click on a heading);
        ``table_frame`` holds its rows as a frame
    downloads, report_button, report_link : CSV/XLSX links; the HTML report on request
    warnings : load-time warnings in words (``warning_lines``)
    tabs : Needs attention, Distributions, Person, Skill gaps, Time mix
    distribution_chart, heatmap_chart, time_mix_chart : cohort charts (:class:`ChartView`)
    person : the person drilled into; ``roadmap_chart``, ``burndown_chart``, ``time_chart``
        and ``gap_chart`` show them; ``note`` and ``save_note`` keep the coach's note
    role : the role of the skill-gap heatmap
    view : the cohort's :class:`careermap.views.CohortView` on the day, flagged with the
        sliders; ``person_view`` the :class:`careermap.views.PersonView` of the person picked
        (its finish date and gap are in ``person_status``)
    summary : the KPIs of every person (``metrics.cohort_summary``); ``flagged`` the same
        flagged with the sliders; ``rows`` the people of the chosen group
    """

    what = "coach's dashboard"

    def __init__(
        self,
        cohort: str | os.PathLike[str] | None = None,
        *,
        as_of: Any = None,
        names: bool = False,
        loader: Callable[[Path], CareerMap] | None = None,
    ) -> None:
        self.names = names
        self._loader = loader or load
        self.map: CareerMap | None = None
        self.summary = pd.DataFrame()
        self.flagged = pd.DataFrame()
        self.view: views.CohortView | None = None
        self.person_view: views.PersonView | None = None
        self.cohort: Path | None = None
        self.load_text = ""
        self.headline_text = ""
        self.warning_lines: list[str] = []
        self.table_frame = pd.DataFrame()
        self._drawn: set[str] = set()
        start = metrics.Thresholds()

        self.folder = widgets.Text(
            value=str(cohort if cohort is not None else cohort_path()),
            description="Cohort folder",
            style=_STYLE,
            layout=widgets.Layout(width="620px"),
        )
        self.load_button = button("Load", button_style="primary")
        self.load_status = widgets.HTML()
        self.as_of = widgets.DatePicker(value=today(as_of), description="As of", style=_STYLE)
        self.group = widgets.Dropdown(options=[_ALL], value=_ALL, description="Group")
        self.inactive_days = _slider(
            widgets.IntSlider, start.inactive_days, 7, 120, 1, "Inactive after (days)"
        )
        self.overdue_milestones = _slider(
            widgets.IntSlider, start.overdue_milestones, 1, 10, 1, "Overdue milestones, at least"
        )
        self.review_drop = _slider(
            widgets.FloatSlider, start.review_drop, 0.25, 3.0, 0.25, "Review drop (points)"
        )
        self.low_effort_ratio = _slider(
            widgets.FloatSlider, start.low_effort_ratio, 0.05, 1.0, 0.05, "Low effort (÷ plan)"
        )
        self.headline = widgets.HTML()
        self.table = widgets.HTML()
        self.downloads = widgets.HTML()
        self.report_button = button("Prepare HTML report")
        self.report_link = widgets.HTML()
        self.warnings = widgets.HTML()
        self.distribution_chart = ChartView()
        self.person = widgets.Dropdown(
            options=[("pick a person", _NOBODY)], value=_NOBODY, description="Person"
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
        self.role = widgets.Dropdown(description="Role", layout=widgets.Layout(width="520px"))
        self.heatmap_chart = ChartView()
        self.time_mix_chart = ChartView()
        self.tabs = widgets.Tab(
            children=[
                widgets.VBox([self.table]),
                self.distribution_chart,
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
                widgets.VBox([self.role, self.heatmap_chart]),
                self.time_mix_chart,
            ],
            titles=TABS,
        )
        self.load_button.on_click(lambda _: self.load())
        self.as_of.observe(self._recompute, names="value")
        self.group.observe(self._redraw, names="value")
        for slider in self._sliders:
            slider.observe(self._reflag, names="value")
        self.person.observe(self._show_person, names="value")
        self.role.observe(lambda _: self._draw_tab(force=True), names="value")
        self.tabs.observe(lambda _: self._draw_tab(), names="selected_index")
        self.report_button.on_click(lambda _: self.prepare_report())
        self.save_note.on_click(lambda _: self.store_note())
        super().__init__(
            [
                widgets.HTML("<h2 style='margin:4px 0'>Coach dashboard</h2>"),
                widgets.HBox([self.folder, self.load_button]),
                self.load_status,
                widgets.HBox([self.as_of, self.group]),
                widgets.HBox([self.inactive_days, self.overdue_milestones]),
                widgets.HBox([self.review_drop, self.low_effort_ratio]),
                self.headline,
                widgets.HBox([self.downloads, self.report_button, self.report_link]),
                self.warnings,
                self.tabs,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.load()

    # -- what is loaded and computed ------------------------------------------------------

    @property
    def _sliders(self) -> tuple[widgets.Widget, ...]:
        return (
            self.inactive_days,
            self.overdue_milestones,
            self.review_drop,
            self.low_effort_ratio,
        )

    @property
    def thresholds(self) -> metrics.Thresholds:
        """The thresholds the sliders show (the others at their defaults)."""
        return metrics.Thresholds(
            **{
                **asdict(metrics.Thresholds()),
                "inactive_days": self.inactive_days.value,
                "overdue_milestones": self.overdue_milestones.value,
                "review_drop": self.review_drop.value,
                "low_effort_ratio": self.low_effort_ratio.value,
            }
        )

    @property
    def rows(self) -> pd.DataFrame:
        """The flagged summary of the people in the chosen group."""
        if self.flagged.empty or self.group.value == _ALL:
            return self.flagged
        return self.flagged[self.flagged["group"] == self.group.value]

    @property
    def group_map(self) -> CareerMap | None:
        """The loaded map narrowed to the chosen group (pseudonymised unless ``names``)."""
        if self.map is None or self.group.value == _ALL:
            return self.map
        return self.map.subset(self.rows["person_id"].tolist())

    def load(self, folder: str | os.PathLike[str] | None = None) -> bool:
        """Load the cohort in ``folder`` (default: the folder field); True when it loaded.

        A folder that does not load leaves the cohort on screen as it was and says why.
        """
        if folder is not None:
            self.folder.value = str(folder)
        text = self.folder.value.strip()
        path = Path(text).expanduser()
        try:
            if not text:
                raise InvalidArgumentError("type the path of a cohort folder, then press Load")
            loaded = self._loader(path)
        except MapValidationError as exc:
            lines = [str(p) for p in exc.problems[:20]]
            more = len(exc.problems) - len(lines)
            self._say_load(
                f"Not loaded: {path} has {len(exc.problems)} problem"
                f"{'s' * (len(exc.problems) != 1)}"
                + (f" (first 20 shown; {more} more)" if more else ""),
                lines,
                error=True,
            )
            return False
        except (CareermapError, OSError) as exc:
            self._say_load(f"Not loaded: {exc}", [], error=True)
            return False
        self.cohort = path
        self.map = privacy.shareable_map(loaded, names=self.names)
        labels = self._labels(loaded.people)
        self.warning_lines = [
            f"{labels.get(w.person_id, 'cohort')}: {Path(w.file).name}"
            + (f", {w.location}" if w.location else "")
            + f": {w.rule}"
            for w in loaded.warnings
        ]
        self.warnings.value = warnings_html(self.warning_lines)
        n = len(loaded.people)
        self._say_load(
            f"Loaded {path}: {n} {'person' if n == 1 else 'people'}"
            + ("" if coach.is_writable(path) else " (the bundled demo: read-only, notes off)"),
            [],
            error=False,
        )
        groups = (
            sorted(g for g in loaded.people["group"].dropna().unique())
            if ("group" in loaded.people.columns)
            else []
        )
        self.group.unobserve(self._redraw, names="value")
        self.group.options = [_ALL, *groups]
        self.group.value = _ALL
        self.group.observe(self._redraw, names="value")
        roles = metrics.priority_roles(loaded)
        self.role.unobserve_all("value")
        self.role.options = [
            (f"{r.role_id} ({r.people} {'person' if r.people == 1 else 'people'})", r.role_id)
            for r in roles.itertuples()
        ]
        self.role.value = roles["role_id"].iloc[0] if len(roles) else None
        self.role.observe(lambda _: self._draw_tab(force=True), names="value")
        notes_on = coach.is_writable(path)
        self.note.disabled = self.save_note.disabled = not notes_on
        self._recompute()
        return True

    def _labels(self, people: pd.DataFrame) -> dict[str, str]:
        shown = privacy.share_frame(people[["person_id", "name"]], names=self.names)
        return dict(zip(shown["person_id"], shown["name"].astype("str"), strict=True))

    def _say_load(self, head: str, lines: list[str], *, error: bool) -> None:
        self.load_text = "\n".join([head, *lines])
        color = "#b2182b" if error else "#1b7837"
        items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
        self.load_status.value = f"<div style='color:{color}'>{html.escape(head)}</div>" + (
            f"<ul>{items}</ul>" if items else ""
        )

    def _recompute(self, _: Any = None) -> None:
        if self.map is None:
            return
        if self.as_of.value is None:
            self.as_of.value = today(None)
            return
        self.view = views.cohort_view(self.map, as_of=self.as_of.value, thresholds=self.thresholds)
        self.summary = self.flagged = self.view.kpis  # flagged with the sliders already
        self._redraw()

    def _reflag(self, _: Any = None) -> None:
        if self.summary.empty and self.map is None:
            return
        if self.view is not None:
            self.view = self.view.reflagged(self.thresholds)
            self.flagged = self.view.kpis
        self._redraw()

    # -- what is drawn --------------------------------------------------------------------

    def _redraw(self, _: Any = None) -> None:
        rows = self.rows
        flagged = int(rows["needs_attention"].sum()) if len(rows) else 0
        where = "" if self.group.value == _ALL else f" in group {self.group.value}"
        self.headline_text = (
            f"{flagged} of {len(rows)} people{where} need attention "
            f"as of {self.as_of.value:%Y-%m-%d}"
        )
        table = kpi_table(rows, names=self.names)
        self.table_frame = table.loc[table["needs attention"] == "yes"].reset_index(drop=True)
        who = "name" if self.names else "person"
        self.table.value = attention_html(self.table_frame, columns=[who, *_TABLE_COLUMNS])
        stem = f"careermap-kpis-{self.as_of.value:%Y-%m-%d}"
        self.downloads.value = table_links(table, stem)
        self.report_link.value = ""
        # the headline last: a page that sees it changed sees the new table too
        self.headline.value = f"<h3 style='margin:6px 0'>{html.escape(self.headline_text)}</h3>"
        self._update_people(rows)
        self._drawn.clear()
        self._draw_tab()

    def _update_people(self, rows: pd.DataFrame) -> None:
        labels = self._labels(rows[["person_id", "name"]]) if len(rows) else {}
        options = [
            ("pick a person", _NOBODY),
            *sorted(((label, pid) for pid, label in labels.items()), key=lambda o: o[0]),
        ]
        keep = self.person.value if self.person.value in labels else _NOBODY
        self.person.unobserve(self._show_person, names="value")
        self.person.options = options
        self.person.value = keep
        self.person.observe(self._show_person, names="value")
        self._show_person()

    def _draw_tab(self, *, force: bool = False) -> None:
        tab = TABS[self.tabs.selected_index or 0]
        if tab in self._drawn and not force:
            return
        self._drawn.add(tab)
        rows = self.rows
        if tab == "Distributions":
            self.distribution_chart.show(
                charts.kpi_distributions(
                    rows,
                    columns=[
                        "days_since_last_log",
                        "overdue_milestones",
                        "capacity_ratio",
                        "progress_pct",
                    ],
                    names=self.names,
                    thresholds={
                        "days_since_last_log": self.inactive_days.value,
                        "overdue_milestones": self.overdue_milestones.value,
                        "capacity_ratio": self.low_effort_ratio.value,
                    },
                    groups=self.group.options[1:],
                )
            )
        elif tab == "Skill gaps" and self.group_map is not None:
            role = self.role.value
            m = self.group_map
            gaps = (
                metrics.skill_gaps(m, roles=[role], as_of=self.as_of.value)
                if role
                else pd.DataFrame(
                    columns=["person_id", "role_id", "skill_id", "skill", "weighted_gap"]
                )
            )
            self.heatmap_chart.show(
                charts.gap_heatmap(gaps, role_id=role, names=self.names, people=m.people)
            )
        elif tab == "Time mix" and self.group_map is not None:
            m = self.group_map
            alloc = metrics.time_allocation(m, as_of=self.as_of.value)
            mix = metrics.time_mix(alloc, people=m.people, by="person")
            self.time_mix_chart.show(charts.time_mix_chart(mix, names=self.names, roster=m.people))

    def _show_person(self, _: Any = None) -> None:
        pid = self.person.value
        charts_ = (self.roadmap_chart, self.burndown_chart, self.time_chart, self.gap_chart)
        if not pid or self.map is None:
            for view in charts_:
                view.outputs = ()
                view.figure = None
            self.person_status.value = "<i>Pick a person to see their plan and progress.</i>"
            self.note.value = ""
            return
        one = self.map.person(pid)
        as_of = self.as_of.value
        row = self.flagged.loc[self.flagged["person_id"] == pid].iloc[0]
        reasons = "; ".join(row["reasons"]) or "no flag"
        self.person_status.value = f"<b>{html.escape(str(row['name']))}</b>: {html.escape(reasons)}"
        self.person_view = None
        try:
            # the person's numbers as every page shows them: the finish date and the gap
            v = self.person_view = views.person_view(one, as_of=as_of, thresholds=self.thresholds)
            self.person_status.value += (
                f"<div>{html.escape(v.finish_text)}; {html.escape(v.gap_text)}</div>"
            )
            self.roadmap_chart.show(charts.roadmap_timeline(one, as_of=as_of))
            self.burndown_chart.show(charts.burndown_chart(v.burndown, v.forecast))
            self.time_chart.show(
                charts.time_allocation_chart(
                    metrics.time_allocation(one, by="category", freq="W", as_of=as_of)
                )
            )
            self.gap_chart.show(charts.skill_gap_bars(metrics.skill_gaps(one, as_of=as_of)))
        except CareermapError as exc:  # say why on the page, keep the dashboard working
            self.person_status.value += (
                f"<div style='color:#b2182b'>Charts not drawn: {html.escape(str(exc))}</div>"
            )
        self.note.value = coach.read_note(self.cohort, pid) if self.cohort else ""
        self.note_status.value = ""

    # -- actions --------------------------------------------------------------------------

    def store_note(self) -> None:
        """Save the note on the person picked (in ``COHORT/.coach/notes/``)."""
        pid = self.person.value
        if not pid or self.cohort is None:
            self.note_status.value = "<span style='color:#b2182b'>Pick a person first.</span>"
            return
        try:
            path = coach.write_note(self.cohort, pid, self.note.value)
        except CareermapError as exc:
            self.note_status.value = f"<span style='color:#b2182b'>{html.escape(str(exc))}</span>"
            return
        self.note_status.value = (
            f"<span style='color:#1b7837'>Saved in {html.escape(str(path))}</span>"
        )

    def prepare_report(self) -> bytes:
        """Build the self-contained HTML report of the group shown; a link downloads it."""
        from careermap.report import build_report

        m = self.group_map
        if m is None:
            return b""
        self.report_link.value = "<i>building the report...</i>"
        page = build_report(
            m, as_of=self.as_of.value, names=self.names, thresholds=self.thresholds
        ).encode("utf-8")
        self.report_link.value = download_link(
            page,
            "html",
            f"careermap-report-{self.as_of.value:%Y-%m-%d}.html",
            f"Download HTML report ({len(page) / 1e6:.1f} MB)",
        )
        return page


def coach_dashboard(
    cohort: str | os.PathLike[str] | None = None,
    *,
    as_of: Any = None,
    names: bool = False,
    loader: Callable[[Path], CareerMap] | None = None,
) -> CoachDashboard:
    """The coach's dashboard on a cohort folder: who needs attention and why, and each person.

    Parameters
    ----------
    cohort : path, optional
        A cohort folder (default: the bundled demo, :func:`careermap.cohort_path`).
    as_of : date-like, optional
        The day to open on (default: today); the date picker changes it.
    names : bool, default False
        Real names instead of pseudonyms (only when the coach asks for them).
    loader : callable, optional
        What reads a folder into a map (default :func:`careermap.load`; ``careermap
        dashboard`` passes one that keeps the loaded cohort in a cache between starts).

    Returns
    -------
    CoachDashboard
        An ipywidgets ``VBox``; its controls are attributes, so it can be driven from code.

    Examples
    --------
    >>> from careermap.widgets import coach_dashboard
    >>> board = coach_dashboard(as_of="2026-11-15")
    >>> board.headline_text
    '14 of 30 people need attention as of 2026-11-15'
    >>> int(board.flagged["flag_inactive"].sum())
    6
    >>> board.inactive_days.value = 90  # flagged again: fewer people count as inactive
    >>> int(board.flagged["flag_inactive"].sum())
    3
    """
    return CoachDashboard(cohort, as_of=as_of, names=names, loader=loader)
