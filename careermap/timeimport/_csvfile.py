"""What the time-tracker CSV exports share: text, rows with their lines, dates, times, durations.

Toggl Track and Clockify write the same kind of file: a header line, one time entry per
record, quoted cells where a description holds a comma or a line break, dates in the order
of the account's settings and, in Clockify, 12-hour times. Everything here reads one value
or one file and reports what it cannot read as a :class:`~careermap.errors.Problem` with
the file, the line, the column and the value as written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from careermap.errors import Problem, format_value
from careermap.io import read_given_file

DATE_ORDERS = ("dmy", "mdy")

_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[AaPp]\.?\s*[Mm]\.?)?$"
)
_DURATION_RE = re.compile(r"^(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$")
_DECIMAL_RE = re.compile(r"^\d+(?:[.,]\d+)?$")
_ISO_RE = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$")
_NUMERIC_RE = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})$")

TIME_RULE = "a time like 19:30, 19:30:00 or 07:30:00 PM"
DURATION_RULE = "a duration like 01:30:00 (hours:minutes:seconds)"
DECIMAL_RULE = "a number of hours like 1.5"


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file as text (UTF-8, with or without BOM), or the problem that stops reading it.

    Read as every file named on the command line is (:func:`careermap.io.read_given_file`):
    a regular file of at most ``careermap.io.MAX_FILE_BYTES``; a named pipe or a device
    (``/dev/zero``) is refused without waiting on it or reading it."""
    data, problems = read_given_file(path, shown)
    if data is None:
        return None, problems
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        rule = "is not UTF-8 text; export it again as UTF-8 (or save it as UTF-8 CSV)"
        return None, [Problem(shown, f"line {line}", "", "", rule, "encoding")]


@dataclass
class CsvExport:
    """A CSV export's header and records, each record with the line it starts on."""

    file: str
    header: list[str]
    records: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def read_rows(text: str, shown: str) -> tuple[CsvExport | None, list[Problem]]:
    """Parse CSV text; ``,`` or ``;`` separated, as the header line shows.

    A record's line is the line it starts on, so a description with a line break in quotes
    does not shift the lines named in later problems. Blank lines are skipped.
    """
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return None, [Problem(shown, "line 1", "", "", "is empty: no header line", "empty")]
    except csv.Error as exc:
        return None, [Problem(shown, "line 1", "", "", f"is not CSV: {exc}", "not_csv")]
    export = CsvExport(shown, header)
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(shown, f"line {line}", "", "", f"is not CSV: {exc}", "not_csv"))
            break
        if any(cell.strip() for cell in record):
            if len(record) != len(header):
                rule = (
                    f"has {len(record)} fields, the header has {len(header)}; "
                    "a value with a comma must be in double quotes"
                )
                shown_record = delimiter.join(record)
                problems.append(
                    Problem(shown, f"line {line}", "", format_value(shown_record), rule, "fields")
                )
            else:
                cells = {h: c.strip() for h, c in zip(header, record, strict=True)}
                export.records.append((line, cells))
        line = reader.line_num + 1
    return export, problems


def missing_columns(header: Sequence[str], required: Iterable[str | tuple[str, ...]]) -> list[str]:
    """Required columns (or groups of which one is enough) the header lacks."""
    have = set(header)
    missing = []
    for col in required:
        options = (col,) if isinstance(col, str) else col
        if not have.intersection(options):
            missing.append(" or ".join(options))
    return missing


def parse_time(text: str) -> dt.time | None:
    """A clock time, 24-hour or 12-hour (``07:30:00 PM``); None if it is not one.

    >>> parse_time("07:30:00 PM"), parse_time("12:05 am"), parse_time("24:00")
    (datetime.time(19, 30), datetime.time(0, 5), None)
    """
    m = _TIME_RE.match(text.strip())
    if not m:
        return None
    hour, minute, second = int(m["h"]), int(m["m"]), int(m["s"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"][0] in "Pp" else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        return None


def parse_duration(text: str) -> dt.timedelta | None:
    """``HH:MM:SS`` (hours may pass 24) as a timedelta; None if it is not one.

    >>> parse_duration("25:30:00"), parse_duration("1:30"), parse_duration("1h30")
    (datetime.timedelta(days=1, seconds=5400), datetime.timedelta(seconds=5400), None)
    """
    m = _DURATION_RE.match(text.strip())
    if not m:
        return None
    return dt.timedelta(hours=int(m["h"]), minutes=int(m["m"]), seconds=int(m["s"] or 0))


def parse_decimal_hours(text: str) -> dt.timedelta | None:
    """A decimal number of hours (``1.5`` or ``1,5``) as a timedelta, to the second."""
    text = text.strip()
    if not _DECIMAL_RE.match(text):
        return None
    return dt.timedelta(seconds=round(float(text.replace(",", ".")) * 3600))


def date_rule(order: str | None) -> str:
    shapes = {
        "dmy": "DD/MM/YYYY",
        "mdy": "MM/DD/YYYY",
        None: "YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY",
    }
    return f"a date like {shapes[order]} (separated by /, - or .)"


def parse_date(text: str, order: str | None) -> dt.date | None:
    """A date in ISO order, or day-month-year / month-day-year as ``order`` says.

    >>> parse_date("03/04/2026", "dmy"), parse_date("03/04/2026", "mdy")
    (datetime.date(2026, 4, 3), datetime.date(2026, 3, 4))
    >>> parse_date("2026-02-30", None) is None
    True
    """
    text = text.strip()
    try:
        if m := _ISO_RE.match(text):
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        if (m := _NUMERIC_RE.match(text)) and order in DATE_ORDERS:
            a, b = int(m["a"]), int(m["b"])
            day, month = (a, b) if order == "dmy" else (b, a)
            return dt.date(int(m["y"]), month, day)
    except ValueError:
        return None
    return None


def possible_orders(text: str) -> set[str]:
    """The date orders under which ``text`` is a real date (both for ISO or 01/01/2026)."""
    text = text.strip()
    if _ISO_RE.match(text):
        return set(DATE_ORDERS) if parse_date(text, None) else set()
    return {order for order in DATE_ORDERS if parse_date(text, order) is not None}


def needs_order(text: str) -> bool:
    """True if the date reads differently in the two orders (``03/04/2026``, not ``04/04``)."""
    text = text.strip()
    m = _NUMERIC_RE.match(text)
    return bool(m) and m["a"].lstrip("0") != m["b"].lstrip("0")
