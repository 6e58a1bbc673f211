"""``read_export``: any supported export to one frame of normalized entries."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from careermap.errors import ImportRejectedError, InvalidArgumentError, Problem
from careermap.timeimport._clockify import read_clockify
from careermap.timeimport._csvfile import DATE_ORDERS, read_text
from careermap.timeimport._detect import FORMATS, detect_format, unknown_format_rule
from careermap.timeimport._ical import read_ical
from careermap.timeimport._localday import UTC, zone
from careermap.timeimport._toggl import read_toggl

ENTRY_COLUMNS = (
    "source",
    "source_id",
    "file",
    "line",
    "start",
    "end",
    "hours",
    "user",
    "project",
    "client",
    "task",
    "tags",
    "text",
    "skip_reason",
)
"""The columns of :func:`read_export`'s frame, in order."""


def read_export(
    path: str | os.PathLike[str],
    *,
    tz: str | ZoneInfo,
    format: str | None = None,
    date_order: str | None = None,
    until: Any = None,
) -> pd.DataFrame:
    """Read a Toggl Track or Clockify CSV export or an iCalendar file into normalized entries.

    Parameters
    ----------
    path
        The export file.
    tz
        The IANA time zone wall-clock times are read in (CSV exports and floating calendar
        times); ``start`` and ``end`` are given in it.
    format
        ``"toggl"``, ``"clockify"`` or ``"ical"``; by default told from the file.
    date_order
        ``"dmy"`` or ``"mdy"`` for CSV dates such as ``03/04/2026`` when the file cannot tell.
    until
        Entries that end after this instant (default: now) are left out: they are not time
        worked yet, and a recurring event without an end would never stop.

    Returns
    -------
    pandas.DataFrame
        One row per entry (per instance of a recurring event): ``source`` (toggl, clockify,
        ical), ``source_id`` (stable across exports), ``file``, ``line`` (where the entry is
        written), ``start``/``end`` (aware, in ``tz``), ``hours``, ``user``, ``project``,
        ``client``, ``task``, ``tags`` (a tuple; calendar CATEGORIES), ``text`` (description or
        summary) and ``skip_reason`` (why the entry is not time worked, such as a cancelled or
        all-day event; empty otherwise).

    Raises
    ------
    ImportRejectedError
        If any entry cannot be read; every problem names the file, line, column and value.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toggl.csv"
    >>> _ = path.write_text(
    ...     "\\ufeffUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    ...     "End date,End time,Duration,Tags,Amount (USD)\\n"
    ...     'Sam,sam@example.com,,SQL course,,"Joins, part 1",No,2026-03-02,23:00:00,'
    ...     "2026-03-03,00:30:00,01:30:00,learning,\\n", encoding="utf-8")
    >>> e = read_export(path, tz="Europe/Berlin")
    >>> e[["source", "line", "start", "hours", "text", "tags"]]
      source  line                     start  hours           text         tags
    0  toggl     2 2026-03-02 23:00:00+01:00    1.5  Joins, part 1  (learning,)
    """
    zone_ = zone(tz)
    entries, problems = read_entries(
        Path(path), str(path), zone_, format=format, date_order=date_order, until=until
    )
    if problems:
        raise ImportRejectedError(problems, f"{path}: nothing was read")
    return entries_frame(entries, zone_)


def until_arg(until: Any) -> dt.datetime:
    """``until`` as an aware UTC instant (None: now; a naive time or date is UTC)."""
    if until is None:
        return dt.datetime.now(UTC)
    try:
        ts = pd.Timestamp(until)
    except (TypeError, ValueError):
        ts = pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        raise InvalidArgumentError(
            f"until must be a date or time such as '2026-11-30' or '2026-11-30T18:00+01:00'; "
            f"got {until!r}"
        )
    return (ts.tz_localize(UTC) if ts.tz is None else ts.tz_convert(UTC)).to_pydatetime()


def read_entries(
    path: Path,
    shown: str,
    tz: ZoneInfo,
    *,
    format: str | None = None,
    date_order: str | None = None,
    until: Any = None,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Entries of one file as dicts, or the problems that stop reading it (never raises)."""
    if format is not None and format not in FORMATS:
        raise InvalidArgumentError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    if date_order is not None and date_order not in DATE_ORDERS:
        raise InvalidArgumentError(
            f"date_order must be 'dmy' (day first) or 'mdy' (month first); got {date_order!r}"
        )
    stop = until_arg(until)
    text, problems = read_text(path, shown)
    if text is None:
        return [], problems
    kind = format or detect_format(text)
    if kind is None:
        first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
        return [], [Problem(shown, "line 1", "", "", unknown_format_rule(first), "format")]
    if kind == "ical":
        return read_ical(text, shown, tz, stop)
    reader = read_toggl if kind == "toggl" else read_clockify
    entries, problems = reader(text, shown, tz, date_order)
    kept = [e for e in entries if e["end"] <= stop]
    return kept, problems


def entries_frame(entries: list[dict[str, Any]], tz: ZoneInfo) -> pd.DataFrame:
    """Entry dicts as the documented frame (empty entries give the columns, typed)."""
    frame = pd.DataFrame(entries, columns=list(ENTRY_COLUMNS))
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col], utc=True).dt.tz_convert(tz)
    frame["hours"] = (frame["end"] - frame["start"]).dt.total_seconds() / 3600
    frame["line"] = frame["line"].astype("int64")
    for col in ("source", "source_id", "file", "user", "project", "client", "task", "text"):
        frame[col] = frame[col].astype("str")
    frame["skip_reason"] = frame["skip_reason"].astype("str")
    frame["tags"] = frame["tags"].astype(object)
    return frame
