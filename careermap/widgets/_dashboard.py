"""The coach's dashboard: what is computed when a control moves (the controller).

What ``careermap dashboard`` shows in Voila, and what a notebook can show with
:func:`coach_dashboard`. Every control is an attribute, so tests drive it from Python: set
``as_of.value``, ``inactive_days.value``, ``group.value`` or ``person.value`` and read
``rows``, ``table_frame``, ``headline_text`` or the charts' ``figure``.

The page itself (controls, tabs, how each piece is drawn) is
:class:`~careermap.widgets._dashboard_view.DashboardView`; the numbers come from
:mod:`careermap.views`. Work is done when it is needed: the headline and the people table
when the cohort, the day, a threshold or the group changes; a tab's charts when it is open;
a person's charts when a person is picked. What a day costs to compute (the cohort's skill
gaps to a role, its time mix) is kept for the next group or threshold.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
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
from careermap.store import coach
from careermap.widgets._common import Form, today
from careermap.widgets._dashboard_view import ALL, NOBODY, TABS, DashboardView
from careermap.widgets._kpi_html import download_link

__all__ = ["TABS", "CoachDashboard", "coach_dashboard"]

#: people a person x skill detail shows at most (the first who need attention)
DETAIL_PEOPLE = 30
#: tables longer than this get their CSV and Excel files on request (an Excel file of 1,000
#: rows takes seconds to write: not at every threshold move)
FILES_AT_ONCE = 300
_DISTRIBUTIONS = ["days_since_last_log", "overdue_milestones", "capacity_ratio", "progress_pct"]
# the controls and outputs of the page, exposed as the dashboard's own attributes
_PARTS = (
    "folder", "load_button", "load_status", "as_of", "group", "form", "headline", "downloads",
    "downloads_button",
    "report_button", "report_link", "warnings", "counts_chart", "distribution_chart",
    "only_flagged", "people", "person", "person_status", "roadmap_chart", "burndown_chart",
    "time_chart", "gap_chart", "note", "save_note", "note_status", "role", "skill_chart",
    "detail_text", "heatmap_chart", "time_mix_chart", "tabs",
)  # fmt: skip


class CoachDashboard(Form):
    """The widget :func:`coach_dashboard` returns; its controls are attributes.

    Attributes
    ----------
    ui : the page (:class:`~careermap.widgets._dashboard_view.DashboardView`); its controls
        are also attributes of the dashboard:
    folder, load_button, load_status : the cohort folder chooser; ``load_text`` says what
        was loaded, who was left out and why, or why nothing loaded
    as_of : the day the KPIs describe (a ``DatePicker``)
    group : the group shown (``"all groups"`` or one of the cohort's groups)
    form : the threshold form (shared with :func:`threshold_dashboard`); its sliders
        ``inactive_days, overdue_milestones, review_drop, low_effort_ratio`` are named after
        the fields of :class:`careermap.metrics.Thresholds` they set
    headline : "N of M people need attention" (``headline_text`` as plain text)
    tabs : At a glance, Needs attention, Person, Skill gaps, Time mix
    counts_chart, distribution_chart : people per reason and per group; the KPI
        distributions with the thresholds drawn
    people : the people table (search, sort, pages; only the page shown is rendered), of
        the people who need attention unless ``only_flagged`` is unticked; ``table`` is its
        HTML, ``table_frame`` every row of who needs attention as a frame
    downloads, report_button, report_link : CSV/XLSX links; the HTML report on request
    warnings : load-time warnings in words (``warning_lines``)
    person : the person drilled into; ``roadmap_chart``, ``burndown_chart``, ``time_chart``
        and ``gap_chart`` show them; ``note`` and ``save_note`` keep the coach's note
    role : the role of the skill-gap tab (by title); ``skill_chart`` shows each skill across
        the people shown (:func:`careermap.views.skill_summary`), ``heatmap_chart`` a person x
        skill detail of the first :data:`DETAIL_PEOPLE` people who need attention
    time_mix_chart : each activity's share of a person's hours, as a spread
    view : the cohort's :class:`careermap.views.CohortView` on the day, flagged with the
        sliders; ``shown`` the same narrowed to the group; ``person_view`` the
        :class:`careermap.views.PersonView` of the person picked
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
        # what reads a folder: careermap.load, a broken person left out and named
        self._loader = loader or (lambda path: load(path, on_error="skip"))
        self.map: CareerMap | None = None
        self.summary = pd.DataFrame()
        self.flagged = pd.DataFrame()
        self.view: views.CohortView | None = None
        self.shown: views.CohortView | None = None
        self.person_view: views.PersonView | None = None
        self.cohort: Path | None = None
        self.load_text = ""
        self.headline_text = ""
        self.warning_lines: list[str] = []
        self.table_frame = pd.DataFrame()
        self._drawn: set[str] = set()
        self._muted = False
        self._loads = 0  # cohorts loaded so far: what is drawn belongs to one of them
        self._person_key: tuple[Any, ...] | None = None  # the person, day and map drawn
        self._dots: tuple[Any, ...] | None = None  # the day, group and map of the dots drawn
        self._titles: dict[str, str] = {}
        self._gaps: dict[tuple[Any, str], pd.DataFrame] = {}
        self._mix: dict[Any, pd.DataFrame] = {}
        self.ui = DashboardView(
            str(cohort if cohort is not None else cohort_path()),
            as_of=as_of,
            start=metrics.Thresholds(),
        )
        for name in _PARTS:
            setattr(self, name, getattr(self.ui, name))
        for name, slider in self.form.sliders.items():
            setattr(self, name, slider)
        self.table = self.people.table
        self.load_button.on_click(lambda _: self.load())
        self.as_of.observe(self._recompute, names="value")
        self.group.observe(self._when_live(self._redraw), names="value")
        self.form.on_change(self._reflag)
        self.only_flagged.observe(lambda _: self._fill_table(), names="value")
        self.person.observe(self._when_live(self._show_person), names="value")
        self.role.observe(self._when_live(lambda _: self._draw_tab(force=True)), names="value")
        self.tabs.observe(lambda _: self._draw_tab(), names="selected_index")
        self.report_button.on_click(lambda _: self.prepare_report())
        self.downloads_button.on_click(lambda _: self.prepare_downloads())
        self.save_note.on_click(lambda _: self.store_note())
        super().__init__(self.ui.children, layout=widgets.Layout(width="100%"))
        self.load()

    # -- what is loaded and computed ------------------------------------------------------

    @property
    def thresholds(self) -> metrics.Thresholds:
        """The thresholds the sliders show (the others at their defaults)."""
        return self.form.thresholds

    @property
    def rows(self) -> pd.DataFrame:
        """The flagged summary of the people in the chosen group."""
        return self.flagged if self.shown is None else self.shown.kpis

    @property
    def group_map(self) -> CareerMap | None:
        """The loaded map narrowed to the chosen group (pseudonymised unless ``names``)."""
        if self.map is None or self.group.value == ALL:
            return self.map
        return self.map.subset(self.rows["person_id"].tolist())

    def _when_live(self, handler: Any) -> Any:
        def call(change: Any) -> None:
            if not self._muted:
                handler(change)

        return call

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        self._muted = True
        try:
            yield
        finally:
            self._muted = False

    def load(self, folder: str | os.PathLike[str] | None = None) -> bool:
        """Load the cohort in ``folder`` (default: the folder field); True when it loaded.

        People whose maps have problems are left out and listed; a folder where nobody
        loads leaves the cohort on screen as it was and says why.
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
            self.load_text = self.ui.say_load(
                f"Not loaded: {path} has {_problems(len(exc.problems))}"
                + _first_20(len(exc.problems)),
                [str(p) for p in exc.problems[:20]],
                error=True,
            )
            return False
        except (CareermapError, OSError) as exc:
            self.load_text = self.ui.say_load(f"Not loaded: {exc}", [], error=True)
            return False
        self.cohort = path
        self.map = privacy.shareable_map(loaded, names=self.names)
        self._loads += 1
        self._gaps.clear()
        self._mix.clear()
        labels = self._labels(loaded.people)
        self.warning_lines = [
            f"{labels.get(w.person_id, 'cohort')}: {Path(w.file).name}"
            + (f", {w.location}" if w.location else "")
            + f": {w.rule}"
            for w in loaded.warnings
        ]
        self.ui.show_warnings(self.warning_lines)
        n = len(loaded.people)
        head = f"Loaded {path}: {n} {'person' if n == 1 else 'people'}" + (
            "" if coach.is_writable(path) else " (the bundled demo: read-only, notes off)"
        )
        left_out = sorted({p.person_id or Path(p.file).parent.name for p in loaded.skipped})
        if left_out:
            head += (
                f"; {len(left_out)} left out ({', '.join(left_out[:5])}"
                + (", ..." if len(left_out) > 5 else "")
                + f"): their maps have {_problems(len(loaded.skipped))}"
                + _first_20(len(loaded.skipped))
            )
        self.load_text = self.ui.say_load(
            head, [str(p) for p in loaded.skipped[:20]], error=bool(left_out)
        )
        groups = (
            sorted(g for g in loaded.people["group"].dropna().unique() if str(g).strip())
            if "group" in loaded.people.columns
            else []
        )
        roles = views.role_choices(loaded)
        self._titles = dict(zip(roles["role_id"], roles["label"], strict=True))
        with self._quiet():
            self.ui.set_options(self.group, [ALL, *groups], ALL)
            self.ui.set_options(
                self.role,
                list(zip(roles["label"], roles["role_id"], strict=True)),
                roles["role_id"].iloc[0] if len(roles) else None,
            )
        self.note.disabled = self.save_note.disabled = not coach.is_writable(path)
        self._recompute()
        return True

    def _labels(self, people: pd.DataFrame) -> dict[str, str]:
        shown = privacy.share_frame(people[["person_id", "name"]], names=self.names)
        return dict(zip(shown["person_id"], shown["name"].astype("str"), strict=True))

    def _recompute(self, _: Any = None) -> None:
        if self.map is None:
            return
        if self.as_of.value is None:
            self.as_of.value = today(None)
            return
        self.view = views.cohort_view(self.map, as_of=self.as_of.value, thresholds=self.thresholds)
        self.summary = self.view.kpis
        self._redraw()

    def _reflag(self, _: Any = None) -> None:
        if self.view is None:
            return
        self.view = self.view.reflagged(self.thresholds)
        self._redraw()

    # -- what is drawn --------------------------------------------------------------------

    def _redraw(self, _: Any = None) -> None:
        if self.view is None:
            return
        self.flagged = self.view.kpis
        self.shown = self.view.in_group(None if self.group.value == ALL else self.group.value)
        self.headline_text = self.shown.headline
        self._table = self.shown.table(names=self.names)
        self.table_frame = self._table.loc[self._table["needs attention"] == "yes"].reset_index(
            drop=True
        )
        self._fill_table()
        self.ui.show_downloads(self._table, self._stem, now=len(self._table) <= FILES_AT_ONCE)
        # the headline last: a page that sees it changed sees the new table too
        self.ui.show_headline(self.headline_text)
        self._update_people()
        self._drawn.clear()
        self._draw_tab()

    @property
    def _stem(self) -> str:
        return f"careermap-kpis-{self.as_of.value:%Y-%m-%d}"

    def _fill_table(self) -> None:
        if self.view is None:
            return
        rows = self.table_frame if self.only_flagged.value else self._table
        self.ui.show_table(rows, who="name" if self.names else "person")

    def _update_people(self) -> None:
        rows = self.rows
        labels = self._labels(rows[["person_id", "name"]]) if len(rows) else {}
        options = [
            ("pick a person", NOBODY),
            *sorted(((label, pid) for pid, label in labels.items()), key=lambda o: o[0]),
        ]
        keep = self.person.value if self.person.value in labels else NOBODY
        with self._quiet():
            self.ui.set_options(self.person, options, keep)
        self._show_person()

    def _draw_tab(self, *, force: bool = False) -> None:
        tab = self.ui.tab
        if self.shown is None or (tab in self._drawn and not force):
            return
        self._drawn.add(tab)
        if tab == "At a glance":
            self._draw_glance()
        elif tab == "Skill gaps":
            self._draw_skills()
        elif tab == "Time mix":
            self._draw_time_mix()

    def _draw_glance(self) -> None:
        shown, th = self.shown, self.thresholds
        assert shown is not None
        self.counts_chart.show(charts.attention_counts(shown.reasons, shown.groups))
        lines = {
            "days_since_last_log": th.inactive_days,
            "overdue_milestones": th.overdue_milestones,
            "capacity_ratio": th.low_effort_ratio,
        }
        # the dots do not move with a threshold, only its line: redraw them for a new day,
        # group or cohort only
        dots = (self.as_of.value, self.group.value, self._loads)
        figure = self.distribution_chart.figure
        if dots == self._dots and figure is not None:
            self.distribution_chart.show(charts.move_thresholds(figure, lines, _DISTRIBUTIONS))
            return
        self._dots = dots
        grouped = self.view is not None and self.view.has_groups
        self.distribution_chart.show(
            charts.kpi_distributions(
                shown.kpis,
                columns=_DISTRIBUTIONS,
                by="group" if grouped else None,
                names=self.names,
                thresholds=lines,
                groups=self.group.options[1:] if grouped else None,
            )
        )

    def _draw_skills(self) -> None:
        role, m = self.role.value, self.map
        if m is None:
            return
        if not role:
            self.skill_chart.show(
                charts.skills_below_requirement(views.skill_summary(_NO_GAPS), role=None)
            )
            self.heatmap_chart.show(charts.gap_heatmap(_NO_GAPS))
            self.detail_text.value = ""
            return
        key = (self.as_of.value, role)
        if key not in self._gaps:  # the whole cohort once a day and role; groups filter it
            self._gaps[key] = metrics.skill_gaps(m, roles=[role], as_of=self.as_of.value)
        gaps = self._gaps[key]
        rows = self.rows
        part = gaps.loc[gaps["person_id"].isin(rows["person_id"])]
        title = self._titles.get(role, role).rsplit(" (", 1)[0]
        self.skill_chart.show(
            charts.skills_below_requirement(views.skill_summary(part), role=title)
        )
        assert self.shown is not None
        first = self.shown.attention["person_id"].head(DETAIL_PEOPLE)
        flagged = len(self.shown.attention)
        self.detail_text.value = (
            f"<b>Person by skill</b> for the {len(first)} of {flagged:,} people who need "
            "attention with the most reasons"
            if flagged
            else "<i>Nobody needs attention.</i>"
        )
        self.heatmap_chart.show(
            charts.gap_heatmap(
                part.loc[part["person_id"].isin(first)],
                role_id=role,
                names=self.names,
                people=m.people,
            )
        )

    def _draw_time_mix(self) -> None:
        if self.map is None:
            return
        day = self.as_of.value
        if day not in self._mix:
            m = self.map
            allocation = metrics.time_allocation(m, as_of=day)
            self._mix[day] = metrics.time_mix(allocation, people=m.people, by="person")
        mix, rows = self._mix[day], self.rows
        part = mix.loc[mix["person_id"].isin(rows["person_id"])]
        self.time_mix_chart.show(
            charts.time_mix_boxes(*views.time_mix_spread(part, rows[["person_id"]]))
        )

    def _show_person(self, _: Any = None) -> None:
        pid = self.person.value
        if not pid or self.map is None:
            self._person_key = None
            self.ui.clear_person()
            return
        row = self.flagged.loc[self.flagged["person_id"] == pid].iloc[0]
        label, reasons = str(row["name"]), "; ".join(row["reasons"]) or "no flag"
        key = (pid, self.as_of.value, self._loads)
        if key == self._person_key:
            # the same person on the same day: a threshold or group moved, so only the
            # reasons (the cohort view's, with the new thresholds) change, not the charts
            self.ui.show_person_status(label, reasons, self.person_view)
            return
        self._person_key = key
        one = self.map.person(pid)
        as_of = self.as_of.value
        self.ui.show_person_status(label, reasons, None)
        self.person_view = None
        try:
            # the person's numbers as every page shows them: the finish date and the gap
            v = self.person_view = views.person_view(one, as_of=as_of, thresholds=self.thresholds)
            self.ui.show_person_status(label, reasons, v)
            self.roadmap_chart.show(charts.roadmap_timeline(one, as_of=as_of))
            self.burndown_chart.show(charts.burndown_chart(v.burndown, v.forecast))
            self.time_chart.show(
                charts.time_allocation_chart(
                    metrics.time_allocation(one, by="category", freq="W", as_of=as_of)
                )
            )
            self.gap_chart.show(charts.skill_gap_bars(metrics.skill_gaps(one, as_of=as_of)))
        except CareermapError as exc:  # say why on the page, keep the dashboard working
            self.ui.person_failed(str(exc))
        self.note.value = coach.read_note(self.cohort, pid) if self.cohort else ""
        self.note_status.value = ""

    # -- actions --------------------------------------------------------------------------

    def store_note(self) -> None:
        """Save the note on the person picked (in ``COHORT/.coach/notes/``)."""
        pid = self.person.value
        if not pid or self.cohort is None:
            self.ui.say(self.note_status, "Pick a person first.", error=True)
            return
        try:
            path = coach.write_note(self.cohort, pid, self.note.value)
        except CareermapError as exc:
            self.ui.say(self.note_status, str(exc), error=True)
            return
        self.ui.say(self.note_status, f"Saved in {path}", error=False)

    def prepare_downloads(self) -> None:
        """Make the CSV and Excel links of the table shown (for a table too long to make
        them at every change)."""
        if self.view is not None:
            self.ui.show_downloads(self._table, self._stem, now=True)

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


_NO_GAPS = pd.DataFrame(
    {
        c: pd.Series(dtype="float64" if c not in ("person_id", "role_id", "skill_id", "skill")
                     else "str")
        for c in ("person_id", "role_id", "skill_id", "skill", "required_level", "importance",
                  "current_level", "assessed", "gap", "weighted_gap")
    }
)  # fmt: skip


def _problems(n: int) -> str:
    return f"{n} problem{'s' * (n != 1)}"


def _first_20(n: int) -> str:
    return f" (first 20 shown; {n - 20} more)" if n > 20 else ""


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
        What reads a folder into a map (default :func:`careermap.load` with
        ``on_error="skip"``; ``careermap dashboard`` passes one that keeps the loaded cohort
        in a cache between starts).

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
