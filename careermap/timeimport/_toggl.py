"""Toggl Track detailed-report CSV exports.

Reports > Detailed > Export > CSV writes one time entry per line under the header
``User, Email, Client, Project, Task, Description, Billable, Start date, Start time,
End date, End time, Duration, Tags, Amount (USD)`` (commas without spaces in the file), e.g.
``...,"Window functions, part 2",No,2026-03-02,19:00:00,2026-03-02,20:30:00,01:30:00,...``,
usually with a UTF-8 byte order mark. Dates are ``YYYY-MM-DD`` (day-first or month-first
dates are read as in Clockify exports), times ``HH:MM:SS`` in the profile's time zone, and the
duration ``HH:MM:SS`` (hours may pass 24). Tags are comma-separated in one cell. Detailed
reports carry no entry id, so an entry is known by its user, start, end, description and
project (see :func:`~careermap.timeimport._tracker.entry_id`).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from careermap.errors import Problem
from careermap.timeimport._csvfile import DURATION_RULE, parse_duration
from careermap.timeimport._tracker import TrackerFormat, read_tracker

TOGGL = TrackerFormat(
    source="toggl",
    title="Toggl Track",
    start_date="Start date",
    start_time="Start time",
    end_date="End date",
    end_time="End time",
    durations=(("Duration", parse_duration, DURATION_RULE),),
)


def read_toggl(
    text: str, shown: str, tz: ZoneInfo, date_order: str | None = None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Entries of a Toggl Track detailed report, and the problems of lines that cannot be read."""
    return read_tracker(text, shown, TOGGL, tz, date_order)
