"""From export files to the time-log rows an import adds: the plan, its preview, the import.

:func:`plan_import` reads everything and writes nothing: the rows to add, the entries left
out and why, and the hours per local day and category. :func:`import_time` makes the same
plan and appends its rows with :func:`careermap.store.append` in one call, so an import is
one atomic change that one :func:`careermap.store.undo` reverts.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from careermap import store
from careermap._vocab import LOG_FILES, MAX_DAY_HOURS
from careermap.errors import ImportRejectedError, InvalidArgumentError, Problem
from careermap.io import count_lines, read_map_file
from careermap.schemas import LOG_COLUMNS
from careermap.timeimport._localday import resolve_zone, split_at_midnight
from careermap.timeimport._read import entries_frame, read_entries
from careermap.timeimport._rules import Rules, apply_rules, read_rules, rules_from

SOURCE_COLUMNS = ("source", "source_id")
"""Columns an import adds to time_log.csv: where each row came from, and its id there."""
ROW_COLUMNS = (*LOG_COLUMNS["time_log"], *SOURCE_COLUMNS)
_TIME_LOG = LOG_FILES["time_log"]


@dataclass(frozen=True)
class ImportPlan:
    """What an import adds to a map, what it leaves out, and why.

    Attributes
    ----------
    folder : the person's map folder
    zone : the IANA zone whose local dates the hours are counted on
    zone_source : where the zone came from (``tz argument``, ``roadmap.yaml person.timezone``
        or ``this machine's time zone``)
    entries : every entry read, with the fields rules gave it (:func:`apply_rules`) and
        ``status`` (``add`` or ``skip``) and ``reason``
    rows : the time-log rows to add, one per entry and local day (an entry over midnight
        gives two); the time-log columns, ``source``, ``source_id``, the ``file`` and ``line``
        of the entry, and ``log_line``, the line of time_log.csv the row will be on
    skipped : entries not added, with ``reason`` (cancelled, all-day, already imported, ...)
    totals : hours to add per ``date`` and ``category``, with ``logged`` (hours already in
        the log that day) and ``day_total`` (both together, per day)
    problems : what the store would refuse (such as a day over 24 hours), each named by the
        export file and line of its entry; the import is refused while there are any
    change : after :func:`import_time`, the store's change (None in a plan, or when there was
        nothing new to add)
    """

    folder: Path
    zone: str
    zone_source: str
    entries: pd.DataFrame = field(repr=False)
    rows: pd.DataFrame = field(repr=False)
    skipped: pd.DataFrame = field(repr=False)
    totals: pd.DataFrame = field(repr=False)
    problems: tuple[Problem, ...] = ()
    change: store.Change | None = None

    @property
    def ok(self) -> bool:
        """True if the store would accept every row (so the import can be made)."""
        return not self.problems

    def summary(self, *, limit: int = 20, with_problems: bool = True) -> str:
        """The preview as text: rows and hours per day and category, what is skipped, why.

        ``limit`` skipped entries are listed one by one (the rest counted by reason);
        ``with_problems=False`` leaves ``problems`` out (to print them apart).
        """
        n_entries = int((self.entries["status"] == "add").sum())
        files = self.entries["file"].nunique()
        verb = "added" if self.change is not None else "to add"
        lines = [
            f"{_TIME_LOG}: {len(self.rows)} row{'s' * (len(self.rows) != 1)} {verb} "
            f"({self.rows['hours'].sum():.2f} h) from {n_entries} "
            f"entr{'ies' if n_entries != 1 else 'y'} in {files} file{'s' * (files != 1)}; "
            f"days are local dates in {self.zone} ({self.zone_source})"
        ]
        if len(self.totals):
            shown = self.totals.assign(
                date=self.totals["date"].dt.strftime("%Y-%m-%d"),
                hours=self.totals["hours"].map("{:.2f}".format),
                logged=self.totals["logged"].map("{:.2f}".format),
                day_total=self.totals["day_total"].map("{:.2f}".format),
            ).rename(columns={"logged": "already logged", "day_total": "day total"})
            lines += ["  " + t for t in shown.to_string(index=False).splitlines()]
        if len(self.skipped):
            lines.append(
                f"skipped {len(self.skipped)} entr{'ies' if len(self.skipped) != 1 else 'y'}:"
            )
            for r in self.skipped.head(limit).itertuples():
                when = r.start.strftime("%Y-%m-%d %H:%M")
                text = f" {r.text!r}" if r.text else ""
                lines.append(f"  {r.file} line {r.line}: {r.reason}, {when}{text}")
            if len(self.skipped) > limit:
                counts = self.skipped["reason"].str.replace(r" \(.*", "", regex=True).value_counts()
                lines.append(
                    f"  ... and {len(self.skipped) - limit} more; in all: "
                    + ", ".join(f"{n} {reason}" for reason, n in counts.items())
                )
        if self.problems and with_problems:
            lines.append(str(ImportRejectedError(self.problems, "the import would be refused")))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def preview(self) -> pd.DataFrame:
        """One line per row to add, to check the rules before anything is written.

        Columns: ``date`` (the local date in ``zone``), ``hours``, ``category``, ``goal``,
        ``milestone``, ``action``, ``rule`` (the YAML path of the first rule that fitted,
        such as ``rules[2]``, or ``none (tags and defaults)``), ``zone``, and the export's
        ``file`` and ``line``. The CLI's ``--dry-run`` and the notebook form print it.
        """
        columns = ["date", "hours", "category", "goal", "milestone", "action", "rule", "zone"]
        if self.rows.empty:
            return pd.DataFrame(columns=[*columns, "file", "line"])
        which = self.entries[["file", "line", "rule"]].drop_duplicates(["file", "line"])
        out = self.rows.merge(which, on=["file", "line"], how="left")
        out["rule"] = out["rule"].fillna("").replace("", "none (tags and defaults)")
        out["zone"] = self.zone
        return out[[*columns, "file", "line"]]


def plan_import(
    map_folder: str | os.PathLike[str],
    files: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    rules: Rules | str | os.PathLike[str] | Mapping[str, Any] | None = None,
    tz: str | ZoneInfo | None = None,
    format: str | None = None,
    date_order: str | None = None,
    until: Any = None,
) -> ImportPlan:
    """Read exports and work out what importing them into a map would add; write nothing.

    Parameters
    ----------
    map_folder
        The person's map folder.
    files
        One or more Toggl Track or Clockify CSV exports or iCalendar files.
    rules
        A rules file (path), :class:`Rules`, a mapping ``{"rules": [...]}``, or None.
    tz
        The IANA zone of the person's days; default ``person.timezone`` in roadmap.yaml,
        else this machine's zone.
    format, date_order, until
        As in :func:`read_export` (``format`` applies to every file).

    Returns
    -------
    ImportPlan
        The rows to add, the skipped entries and why, hours per day and category, and what
        the store would refuse (``problems``, such as a day over 24 hours): the rows are
        checked by :func:`careermap.store.append` with ``dry_run=True``, the very checks of
        the import.

    Raises
    ------
    ImportRejectedError
        If an export cannot be read, a rule is malformed or names a goal, milestone or action
        the roadmap does not have, or the roadmap itself has problems. Every problem of every
        file is listed.

    Examples
    --------
    >>> import shutil, tempfile, pathlib, careermap
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> folder = shutil.copytree(careermap.sample_path(), tmp / "alex-rivera")
    >>> export = tmp / "Toggl_time_entries.csv"
    >>> _ = export.write_text(
    ...     "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    ...     "End date,End time,Duration,Tags,Amount (USD)\\n"
    ...     "Alex,alex@example.com,,SQL,,Window functions,No,2026-11-20,23:00:00,"
    ...     "2026-11-21,00:30:00,01:30:00,learning,\\n", encoding="utf-8")
    >>> plan = plan_import(folder, export, tz="Europe/Berlin", until="2026-11-30")
    >>> plan.rows[["date", "hours", "category", "note"]]
             date  hours  category                   note
    0  2026-11-20    1.0  learning  SQL: Window functions
    1  2026-11-21    0.5  learning  SQL: Window functions
    """
    plan = _make_plan(map_folder, files, rules, tz, format, date_order, until)
    if plan.rows.empty:
        return plan
    try:
        store.append(
            plan.folder,
            "time_log",
            plan.rows[list(ROW_COLUMNS)],
            add_columns=SOURCE_COLUMNS,
            dry_run=True,
        )
    except store.EntryRejectedError as exc:
        return dataclasses.replace(plan, problems=tuple(_located(exc, plan)))
    return plan


def _make_plan(
    map_folder: str | os.PathLike[str],
    files: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    rules: Rules | str | os.PathLike[str] | Mapping[str, Any] | None,
    tz: str | ZoneInfo | None,
    format: str | None,
    date_order: str | None,
    until: Any,
) -> ImportPlan:
    """The plan, before the store has checked its rows."""
    folder = Path(map_folder)
    paths = [Path(files)] if isinstance(files, str | os.PathLike) else [Path(f) for f in files]
    if not paths:
        raise InvalidArgumentError("no export files given")
    facts = _map_facts(folder)
    zone, zone_source = resolve_zone(tz, facts.timezone)
    rule_set = _rules_arg(rules)
    problems = rule_set.target_problems(facts.goals, facts.milestone_goal, facts.action_milestone)
    entries: list[dict[str, Any]] = []
    for path in paths:
        found, file_problems = read_entries(
            path, str(path), zone, format=format, date_order=date_order, until=until
        )
        entries += found
        problems += file_problems
    if problems:
        raise ImportRejectedError(problems)
    frame = apply_rules(entries_frame(entries, zone), rule_set)
    frame = _statuses(frame, facts.logged)
    rows = _rows(frame[frame["status"] == "add"], zone, first_line=facts.next_line)
    skipped = frame.loc[
        frame["status"] == "skip",
        ["file", "line", "source", "source_id", "start", "end", "text", "reason"],
    ].reset_index(drop=True)
    return ImportPlan(
        folder=folder,
        zone=zone.key,
        zone_source=zone_source,
        entries=frame,
        rows=rows,
        skipped=skipped,
        totals=_totals(rows, facts.logged),
    )


def import_time(
    map_folder: str | os.PathLike[str],
    files: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    rules: Rules | str | os.PathLike[str] | Mapping[str, Any] | None = None,
    tz: str | ZoneInfo | None = None,
    format: str | None = None,
    date_order: str | None = None,
    until: Any = None,
    timeout: float = store.DEFAULT_TIMEOUT,
) -> ImportPlan:
    """Import exports into a map's time log in one atomic, undoable change, or write nothing.

    Makes the plan of :func:`plan_import` and appends its rows with
    :func:`careermap.store.append` in one call: every row is checked by the store's rules,
    and :func:`careermap.store.undo` removes the whole import. Entries already imported
    (the same ``source_id`` in the log) are skipped, so importing the same or an overlapping
    export again adds only what is new.

    Returns
    -------
    ImportPlan
        The plan, with ``change`` set to what the store wrote (None if nothing was new).

    Raises
    ------
    ImportRejectedError
        As :func:`plan_import`, or if the store refuses a row (a day's hours would pass 24),
        named by the export file and line of its entry. Nothing is written.

    Examples
    --------
    >>> import shutil, tempfile, pathlib, careermap
    >>> from careermap import store
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> folder = shutil.copytree(careermap.sample_path(), tmp / "alex-rivera")
    >>> export = tmp / "calendar.ics"
    >>> _ = export.write_text("BEGIN:VCALENDAR\\nVERSION:2.0\\nBEGIN:VEVENT\\nUID:1@example.com\\n"
    ...     "DTSTART:20261124T170000Z\\nDTEND:20261124T183000Z\\nSUMMARY:Mock interview\\n"
    ...     "CATEGORIES:job search\\nEND:VEVENT\\nEND:VCALENDAR\\n")
    >>> print(import_time(folder, export, tz="America/New_York").change)
    time_log.csv: added line 314
    >>> import_time(folder, export, tz="America/New_York").change is None  # nothing new
    True
    >>> print(store.undo(folder))
    undid time_log.csv: added line 314
    """
    plan = _make_plan(map_folder, files, rules, tz, format, date_order, until)
    if plan.rows.empty:
        return plan
    try:
        change = store.append(
            plan.folder,
            "time_log",
            plan.rows[list(ROW_COLUMNS)],
            add_columns=SOURCE_COLUMNS,
            timeout=timeout,
        )
    except store.EntryRejectedError as exc:
        raise ImportRejectedError(_located(exc, plan)) from None
    return dataclasses.replace(plan, change=change)


def _located(exc: store.EntryRejectedError, plan: ImportPlan) -> list[Problem]:
    """The store's problems with new rows, named by the export file and line of the entry.

    A problem the store finds elsewhere (the log cannot be read) is raised as the store's.
    """
    rows = plan.rows
    at = {
        n: (f, line)
        for n, f, line in zip(rows["log_line"], rows["file"], rows["line"], strict=True)
    }
    located = []
    for p in exc.problems:
        m = re.match(r"line (\d+)$", p.location)
        where = at.get(int(m.group(1))) if m else None
        if where is None:
            raise exc
        rule = f"{p.rule} ({p.file} {p.location} once imported)"
        located.append(Problem(where[0], f"line {where[1]}", p.column, p.value, rule, p.code))
    return located


# -- the map --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MapFacts:
    goals: tuple[str, ...]
    milestone_goal: Mapping[str, str]
    action_milestone: Mapping[str, str]
    timezone: str | None
    logged: pd.DataFrame  # rows already in time_log.csv: line, date, hours, source_id
    next_line: int  # the line the first new row will have


def _map_facts(folder: Path) -> _MapFacts:
    """What the import checks against: the roadmap's ids and zone, the rows logged."""
    try:
        m = store.read_roadmap(folder)
    except store.EntryRejectedError as exc:
        problems = [dataclasses.replace(p, file=str(folder / p.file)) for p in exc.problems]
        raise ImportRejectedError(
            problems, "the roadmap has problems, so an import cannot be checked; fix it first"
        ) from None
    zone = m.people["timezone"].iloc[0] if "timezone" in m.people else None
    logged, n_lines = _logged(folder / _TIME_LOG)
    return _MapFacts(
        goals=tuple(m.goals["goal_id"].dropna()),
        milestone_goal=dict(
            zip(m.milestones["milestone_id"], m.milestones["goal_id"], strict=True)
        ),
        action_milestone=dict(zip(m.actions["action_id"], m.actions["milestone_id"], strict=True)),
        timezone=None if zone is None or pd.isna(zone) else str(zone),
        logged=logged,
        next_line=n_lines + 1,
    )


def _logged(path: Path) -> tuple[pd.DataFrame, int]:
    """Rows already in the time log (line, date, hours, source_id), read leniently, and the
    number of lines the store counts in it (the first new row goes on the next).

    Only what an import needs: which source ids are there and how many hours each day
    holds. A row that does not read (a typo made by hand) is left out, as the store does.
    """
    columns = ["line", "date", "hours", "source_id"]
    if not os.path.lexists(path):
        text = ""
    else:
        # (the loader's reading: a named pipe or device put in the log's place is not waited on)
        data, _ = read_map_file(path, path.name)
        try:
            text = data.decode("utf-8-sig") if data is not None else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            return pd.DataFrame(columns=columns), 1  # the store refuses such a log, and says why
    if not text.strip():
        return pd.DataFrame(columns=columns), 1  # the store writes the header on line 1
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        header = [h.strip() for h in next(reader)]
        at = {c: header.index(c) for c in ("date", "hours", "source_id") if c in header}
        line = reader.line_num + 1
        for record in reader:
            if len(record) == len(header) and "date" in at and "hours" in at:
                sid = record[at["source_id"]].strip() if "source_id" in at else ""
                records.append((line, record[at["date"]].strip()[:10], record[at["hours"]], sid))
            line = reader.line_num + 1
    except (csv.Error, StopIteration):
        pass
    logged = pd.DataFrame(records, columns=columns)
    logged["date"] = pd.to_datetime(logged["date"], format="%Y-%m-%d", errors="coerce")
    logged["hours"] = pd.to_numeric(logged["hours"], errors="coerce")
    return logged, count_lines(text)


def _rules_arg(rules: Rules | str | os.PathLike[str] | Mapping[str, Any] | None) -> Rules:
    if rules is None or isinstance(rules, Rules):
        return rules or Rules()
    if isinstance(rules, str | os.PathLike):
        return read_rules(rules)
    if isinstance(rules, Mapping):
        return rules_from(rules)
    raise InvalidArgumentError(
        f"rules must be a rules file path, a Rules object or a mapping {{'rules': [...]}}; "
        f"got {type(rules).__name__}"
    )


# -- entries to rows ------------------------------------------------------------------------


def _statuses(frame: pd.DataFrame, logged: pd.DataFrame) -> pd.DataFrame:
    """``status`` and ``reason`` of each entry: not time worked, a repeat, already imported."""
    out = frame.copy()
    reason = out["skip_reason"].copy()
    first_line = (
        logged[logged["source_id"] != ""]
        .drop_duplicates("source_id")
        .set_index("source_id")["line"]
    )
    already = out["source_id"].map(first_line)
    reason = reason.mask(
        (reason == "") & already.notna(),
        "already in " + _TIME_LOG + " (line " + already.astype("Int64").astype("str") + ")",
    )
    first = out.drop_duplicates("source_id")
    where = out["source_id"].map(
        dict(
            zip(
                first["source_id"],
                first["file"] + " line " + first["line"].astype("str"),
                strict=True,
            )
        )
    )
    repeated = out["source_id"].duplicated()
    reason = reason.mask((reason == "") & repeated, "the same entry as " + where)
    out["status"] = pd.Series("add", index=out.index, dtype="str").mask(reason != "", "skip")
    out["reason"] = reason.astype("str")
    return out


def _note(project: str, text: str) -> str:
    note = f"{project}: {text}" if project and text else text or project
    return re.sub(r"\s+", " ", note).strip()


def _rows(entries: pd.DataFrame, zone: ZoneInfo, *, first_line: int) -> pd.DataFrame:
    """One time-log row per entry and local day it touches, with the line it will have."""
    records = []
    for e in entries.sort_values(["start", "file", "line"]).itertuples():
        for day, hours in split_at_midnight(e.start.to_pydatetime(), e.end.to_pydatetime(), zone):
            records.append(
                {
                    "date": day.isoformat(),
                    "hours": hours,
                    "category": e.category,
                    "goal": e.goal,
                    "milestone": e.milestone,
                    "action": e.action,
                    "note": _note(e.project, e.text),
                    "source": e.source,
                    "source_id": e.source_id,
                    "file": e.file,
                    "line": e.line,
                }
            )
    rows = pd.DataFrame(records, columns=[*ROW_COLUMNS, "file", "line"])
    rows["hours"] = rows["hours"].astype("float64")
    rows["line"] = rows["line"].astype("int64")
    # one line per row: notes are made single-line (_note), no other cell holds a line break
    rows["log_line"] = np.arange(first_line, first_line + len(rows), dtype="int64")
    return rows


def _totals(rows: pd.DataFrame, logged: pd.DataFrame) -> pd.DataFrame:
    """Hours to add per day and category, with what each day already holds."""
    columns = ["date", "category", "hours", "rows", "logged", "day_total"]
    if rows.empty:
        return pd.DataFrame(columns=columns).astype(
            {
                "date": "datetime64[ns]",
                "hours": "float64",
                "rows": "int64",
                "logged": "float64",
                "day_total": "float64",
            }
        )
    days = pd.to_datetime(rows["date"], format="%Y-%m-%d")
    totals = (
        rows.assign(date=days)
        .groupby(["date", "category"], as_index=False)
        .agg(hours=("hours", "sum"), rows=("hours", "size"))
    )
    valid = logged[logged["hours"].gt(0) & logged["hours"].le(MAX_DAY_HOURS)]
    before = valid.groupby("date")["hours"].sum()
    totals["logged"] = totals["date"].map(before).fillna(0.0).astype("float64")
    totals["day_total"] = totals.groupby("date")["hours"].transform("sum") + totals["logged"]
    totals["hours"] = totals["hours"].round(4)
    totals["day_total"] = totals["day_total"].round(4)
    return totals[columns]
