"""Clockify detailed-report CSV exports.

Reports > Detailed > Export > Save as CSV writes one time entry per line under the header
``Project, Client, Description, Task, User, Group, Email, Tags, Billable, Start Date,
Start Time, End Date, End Time, Duration (h), Duration (decimal), Billable Rate (USD),
Billable Amount (USD)`` (commas without spaces in the file), e.g.
``...,03/02/2026,07:00:00 PM,03/02/2026,08:30:00 PM,01:30:00,1.50,...``.

Dates follow the workspace's date format (``MM/DD/YYYY``, ``DD/MM/YYYY``, ``DD.MM.YYYY``,
``YYYY-MM-DD``, ...) and times its time format (``19:00:00`` or ``07:00:00 PM``); the file
does not say which, so the date order is told from the dates themselves (a day above 12, or
an entry over midnight whose end date only fits one order) or given as ``date_order``.
``Duration (h)`` is ``HH:MM:SS``; ``Duration (decimal)`` is used when it is the only one.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from careermap.errors import Problem
from careermap.timeimport._csvfile import (
    DECIMAL_RULE,
    DURATION_RULE,
    parse_decimal_hours,
    parse_duration,
)
from careermap.timeimport._tracker import TrackerFormat, read_tracker

CLOCKIFY = TrackerFormat(
    source="clockify",
    title="Clockify",
    start_date="Start Date",
    start_time="Start Time",
    end_date="End Date",
    end_time="End Time",
    durations=(
        ("Duration (h)", parse_duration, DURATION_RULE),
        ("Duration (decimal)", parse_decimal_hours, DECIMAL_RULE),
    ),
)


def read_clockify(
    text: str, shown: str, tz: ZoneInfo, date_order: str | None = None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Entries of a Clockify detailed report, and the problems of lines that cannot be read."""
    return read_tracker(text, shown, CLOCKIFY, tz, date_order)
