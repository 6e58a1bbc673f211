"""Which kind of export a file is, told from its first line (``format=`` overrides)."""

from __future__ import annotations

import csv
import io

from careermap._vocab import IMPORT_FORMATS

FORMATS = IMPORT_FORMATS

_TOGGL = {"start date", "start time", "duration"}
_CLOCKIFY = {"start date", "start time"}
_CLOCKIFY_DURATIONS = {"duration (h)", "duration (decimal)"}


def detect_format(text: str) -> str | None:
    """``"toggl"``, ``"clockify"``, ``"ical"``, or None when the first line says none of them.

    Toggl writes ``Start date`` and ``Duration``; Clockify ``Start Date`` and
    ``Duration (h)``/``Duration (decimal)``, so the duration columns tell them apart.

    >>> detect_format("\\ufeffUser,Email,Client,Project,Task,Description,Billable,"
    ...     "Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\\n")
    'toggl'
    >>> detect_format("Project,Client,Description,Start Date,Start Time,Duration (h)\\n")
    'clockify'
    >>> detect_format("BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\n")
    'ical'
    >>> detect_format("date,hours,category\\n") is None
    True
    """
    text = text.lstrip("\ufeff \t\r\n")
    if text[:15].upper() == "BEGIN:VCALENDAR":
        return "ical"
    first = io.StringIO(text, newline="").readline().rstrip("\r\n")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        header = {h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])}
    except csv.Error:  # an unclosed quote: no header of a known export
        return None
    if header >= _CLOCKIFY and header & _CLOCKIFY_DURATIONS:
        return "clockify"
    if header >= _TOGGL:
        return "toggl"
    return None


def unknown_format_rule(first_line: str) -> str:
    """What a file that is no known export should be, for the problem that says so."""
    return (
        "is not an export careermap reads: expected a Toggl Track detailed report CSV "
        "(User,Email,...,Start date,Start time,End date,End time,Duration,Tags,...), a Clockify "
        "detailed report CSV (Project,Client,Description,...,Start Date,Start Time,...,"
        "Duration (h),Duration (decimal),...) or an iCalendar file (BEGIN:VCALENDAR); "
        f"its first line is {first_line[:80]!r}. If it is one of these, say which with "
        "--format toggl, clockify or ical"
    )
