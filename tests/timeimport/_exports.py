"""Export files written to the trackers' documented formats, for the import tests.

Writers use the csv module (so quoting is what a spreadsheet or the tracker writes) and
take every field explicitly, so each test shows the values its hand-computed hours rest on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

TOGGL_HEADER = [
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
    "Amount (USD)",
]
CLOCKIFY_HEADER = [
    "Project",
    "Client",
    "Description",
    "Task",
    "User",
    "Group",
    "Email",
    "Tags",
    "Billable",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "Duration (h)",
    "Duration (decimal)",
    "Billable Rate (USD)",
    "Billable Amount (USD)",
]


def toggl_row(
    start_date: str,
    start_time: str,
    end_date: str,
    end_time: str,
    duration: str,
    *,
    project: str = "SQL course",
    description: str = "",
    tags: str = "",
    client: str = "",
    task: str = "",
    user: str = "Sam Lee",
) -> list[str]:
    return [
        user,
        "sam@example.com",
        client,
        project,
        task,
        description,
        "No",
        start_date,
        start_time,
        end_date,
        end_time,
        duration,
        tags,
        "",
    ]


def clockify_row(
    start_date: str,
    start_time: str,
    end_date: str,
    end_time: str,
    duration: str,
    decimal: str,
    *,
    project: str = "SQL course",
    description: str = "",
    tags: str = "",
) -> list[str]:
    return [
        project,
        "",
        description,
        "",
        "Sam Lee",
        "",
        "sam@example.com",
        tags,
        "No",
        start_date,
        start_time,
        end_date,
        end_time,
        duration,
        decimal,
        "0.00",
        "0.00",
    ]


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    bom: bool = True,
    eol: str = "\r\n",
) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=eol)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buf.getvalue().encode("utf-8"))
    return path


BERLIN_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def write_ics(path: Path, *events: str, zones: str = BERLIN_TZ, extra: str = "") -> Path:
    """A calendar as Google writes it: CRLF line ends, a VTIMEZONE, then the VEVENTs."""
    body = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\n"
    body += extra + zones + "".join(events) + "END:VCALENDAR\n"
    path.write_bytes(body.replace("\n", "\r\n").encode("utf-8"))
    return path


def vevent(*lines: str) -> str:
    return "BEGIN:VEVENT\n" + "".join(f"{line}\n" for line in lines) + "END:VEVENT\n"
