"""Checking one log file of one person with the loader's own reading and rules.

The store calls :func:`check_log` on a log as it would be after a write, for the lines of the
new rows: so a row is written only if loading the folder afterwards would accept it, and a
refusal says what the loader would say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from careermap._vocab import LOG_FILES
from careermap.errors import InvalidArgumentError, Problem
from careermap.io._checks import day_totals, log_references, resolve_skills
from careermap.io._files import decode, parse_csv
from careermap.io._table import log_table
from careermap.io._validate import parse_dates, validate_table
from careermap.model import CareerMap
from careermap.schemas import LOG_COLUMNS, LOG_OPTIONAL_COLUMNS

__all__ = ["check_log"]

_STOPS = ("csv", "too_long")  # CSV errors: the reader stops, no later row is read


def check_log(
    data: bytes,
    table: str,
    roadmap: CareerMap,
    *,
    file: str | None = None,
    lines: Iterable[int] | None = None,
) -> list[Problem]:
    """The problems :func:`careermap.load` finds in one log file of one person.

    The file is read and checked exactly as the loader does it: its reader (encoding, header,
    rows), the rules of a row (ISO dates and the table's pandera schema in
    :mod:`careermap.schemas`) and the rules that need the roadmap (goal, milestone and action
    ids exist and belong together, skills resolve to O*NET or custom skills, a day's hours
    stay within 24). :mod:`careermap.store` checks the rows it adds this way.

    Parameters
    ----------
    data
        The bytes of the log file.
    table
        ``"time_log"``, ``"assessments"``, ``"reviews"`` or ``"goal_progress"``.
    roadmap
        The person's map (a cohort of one; loaded with or without its logs): what the rows
        may name.
    file
        The file name used in problems (default: the log's usual name, e.g. ``time_log.csv``).
    lines
        Check only the rows that start on these lines (default: every row). A day's hours are
        added up with the other rows of the day, and the problem is put on the first of the
        given rows. A given line on which no row starts is a problem.

    Returns
    -------
    list of Problem
        The problems of the rows checked, and any problem that stops the file being read (its
        encoding, its header, a CSV error), wherever it is. Warnings are left out.

    Examples
    --------
    >>> import careermap
    >>> m = careermap.load(careermap.sample_path())
    >>> data = b"date,hours,category,goal\\n2026-11-16,25,learning,G9\\n"
    >>> for problem in check_log(data, "time_log", m):
    ...     print(problem.location, problem.column, problem.code)
    line 2 hours out_of_range
    line 2 goal unknown_reference
    """
    if table not in LOG_FILES:
        raise InvalidArgumentError(f"table must be one of {', '.join(LOG_FILES)}; got {table!r}")
    if len(roadmap.people) != 1:
        raise InvalidArgumentError(
            f"roadmap must be one person's map; got {len(roadmap.people)} people "
            "(use CareerMap.person(person_id))"
        )
    shown = file or LOG_FILES[table]
    text, unreadable = decode(data, shown, "CSV")
    if text is None:
        return unreadable
    read = parse_csv(text, shown, LOG_COLUMNS[table], LOG_OPTIONAL_COLUMNS[table])
    errors = [p for p in read.problems if p.severity == "error"]
    if read.value is None:
        return errors
    stops = [p for p in errors if p.code in _STOPS]
    found = [p for p in errors if p.code not in _STOPS]

    # The row rules run over the rows asked about and, for a day's total, the other rows of
    # their days (every row when no lines are given, as the loader runs them); the rows
    # asked about are few and each must be reported, so none is left to a count.
    t = log_table(table, [(roadmap.person_ids[0], shown, read.value)])
    starts = t.wheres.astype(np.int64)
    wanted = None if lines is None else sorted(set(lines))
    report_on = None
    if wanted is not None:
        checked = np.isin(starts, wanted)
        rows = checked.copy()
        if table == "time_log" and checked.any():
            days = parse_dates(t.frame["date"])
            rows |= days.isin(days[checked].dropna()).to_numpy()
        keep = np.flatnonzero(rows)
        t, report_on = t.take(keep), checked[keep]
        t.listed = None
    typed, row_problems = validate_table(t)
    found += row_problems
    frames = {
        "goals": roadmap.goals,
        "milestones": roadmap.milestones,
        "actions": roadmap.actions,
        table: typed,
    }
    found += log_references(frames, {table: t}, table)
    if table == "time_log":
        found += day_totals(typed, t, report_on=report_on)
    if table == "assessments":
        found += resolve_skills(typed, t, roadmap.custom_skills)
    if wanted is None:
        return stops + found
    found = [p for p in found if _line(p) in wanted]
    if not stops:
        # a blank row (every cell empty) is skipped by the loader, so it is no problem
        reported = {_line(p) for p in found} | set(read.value.blank)
        found += _not_rows(shown, wanted, starts, reported)
    return stops + found


def _line(p: Problem) -> int:
    m = re.match(r"line (\d+)", p.location)
    return int(m.group(1)) if m else 0


def _not_rows(
    shown: str, wanted: list[int], starts: np.ndarray, reported: set[int]
) -> list[Problem]:
    """Given lines on which no row starts: read as part of the row above (an unclosed quote)."""
    problems = []
    for line in wanted:
        if line in reported or line in starts:
            continue
        above = starts[starts < line]
        rule = (
            f"no row starts here: it is read as part of the row on line {above.max()}, "
            'which opens a quote (") it never closes; close it first'
            if len(above)
            else "no row starts here"
        )
        problems.append(Problem(shown, f"line {line}", "", "", rule, "not_a_row"))
    return problems
