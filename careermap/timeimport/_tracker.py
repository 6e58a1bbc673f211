"""Time-tracker CSV exports (Toggl Track, Clockify) to normalized entries.

The two trackers differ only in column names, in how they write a duration and in the date
format (a setting of the account); :class:`TrackerFormat` names those differences and
:func:`read_tracker` does the rest. Times in these files carry no zone: they are wall-clock
times in the zone of the tracker's profile, read here in the import zone. The hours of an
entry come from its duration (what the tracker reports as tracked); its end time is used
only to tell which of two equal wall times was meant on the night the clocks go back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from careermap.errors import Problem, format_value
from careermap.timeimport._csvfile import (
    DATE_ORDERS,
    TIME_RULE,
    CsvExport,
    date_rule,
    missing_columns,
    needs_order,
    parse_date,
    parse_time,
    possible_orders,
    read_rows,
)
from careermap.timeimport._localday import UTC, is_ambiguous, wall_to_utc

Parser = Callable[[str], dt.timedelta | None]

# a crossing-midnight entry whose end date disagrees with its duration by more than this
# under one date order (beyond a clock change and the tracker's rounding) rules that order out
_ORDER_SLACK = dt.timedelta(hours=2)
_END_SLACK = dt.timedelta(minutes=2)  # an end written to the minute, a duration to the second


@dataclass(frozen=True)
class TrackerFormat:
    """Where a tracker writes each field of a time entry."""

    source: str
    title: str
    start_date: str
    start_time: str
    end_date: str
    end_time: str
    durations: tuple[tuple[str, Parser, str], ...]  # (column, parser, rule), first given wins
    description: str = "Description"
    project: str = "Project"
    client: str = "Client"
    task: str = "Task"
    tags: str = "Tags"
    user: str = "User"
    email: str = "Email"

    @property
    def required(self) -> list[str | tuple[str, ...]]:
        return [self.start_date, self.start_time, tuple(c for c, _, _ in self.durations)]


def entry_id(*parts: str) -> str:
    """A stable id for an entry that has none: 16 hex digits of the sha256 of its fields.

    >>> entry_id("toggl", "Sam", "2026-03-02T19:00:00")
    '13a677ab2912e201'
    """
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def split_tags(text: str) -> tuple[str, ...]:
    """``"learning, SQL"`` -> ``("learning", "SQL")``."""
    return tuple(t.strip() for t in text.split(",") if t.strip())


def read_tracker(
    text: str, shown: str, spec: TrackerFormat, tz: ZoneInfo, date_order: str | None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Entries of one export, or the problems of every line that cannot be read."""
    export, problems = read_rows(text, shown)
    if export is None:
        return [], problems
    missing = missing_columns(export.header, spec.required)
    if missing:
        rule = (
            f"is not a {spec.title} detailed report: no {', '.join(missing)} column; "
            f"the header is {','.join(export.header)}"
        )
        return [], [Problem(shown, "line 1", "", "", rule, "header")]
    order, order_problems = _date_order(export, spec, date_order)
    problems += order_problems
    if order_problems:
        return [], problems
    entries = []
    for line, cells in export.records:
        entry, row_problems = _entry(line, cells, spec, tz, order, shown)
        problems += row_problems
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _problem(shown: str, line: int, column: str, value: str, rule: str, code: str) -> Problem:
    return Problem(shown, f"line {line}", column, format_value(value or None), rule, code)


def _entry(
    line: int,
    cells: dict[str, str],
    spec: TrackerFormat,
    tz: ZoneInfo,
    order: str | None,
    shown: str,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    problems: list[Problem] = []

    def cell(col: str) -> str:
        return cells.get(col, "")

    def date_of(col: str, required: bool) -> dt.date | None:
        text = cell(col)
        if not text and not required:
            return None
        day = parse_date(text, order)
        if day is None:
            code = "missing" if not text else "bad_date"
            rule = ("required: " if not text else "") + date_rule(order)
            problems.append(_problem(shown, line, col, text, rule, code))
        return day

    def time_of(col: str, required: bool) -> dt.time | None:
        text = cell(col)
        if not text and not required:
            return None
        clock = parse_time(text)
        if clock is None:
            code = "missing" if not text else "bad_time"
            problems.append(_problem(shown, line, col, text, TIME_RULE, code))
        return clock

    start_day, start_clock = date_of(spec.start_date, True), time_of(spec.start_time, True)
    end_day, end_clock = date_of(spec.end_date, False), time_of(spec.end_time, False)
    duration = None
    for col, parser, rule in spec.durations:
        if cell(col):
            duration = parser(cell(col))
            if duration is None:
                problems.append(_problem(shown, line, col, cell(col), rule, "bad_duration"))
            break
    else:
        given_end = end_day is not None and end_clock is not None
        if not given_end:
            cols = " or ".join(c for c, _, _ in spec.durations)
            rule = f"required: a duration in {cols} (or an end date and time)"
            problems.append(_problem(shown, line, spec.durations[0][0], "", rule, "missing"))
    if problems or start_day is None or start_clock is None:
        return None, problems

    start_wall = dt.datetime.combine(start_day, start_clock)
    end_wall = (
        dt.datetime.combine(end_day, end_clock)
        if end_day is not None and end_clock is not None
        else None
    )
    start = wall_to_utc(start_wall, tz)
    if duration is None:
        assert end_wall is not None  # checked above: no duration means an end was given
        end = wall_to_utc(end_wall, tz, fold=1 if is_ambiguous(end_wall, tz) else 0)
        if end < start:
            rule = f"ends before it starts ({start_wall:%Y-%m-%d %H:%M:%S})"
            return None, [_problem(shown, line, spec.end_time, cell(spec.end_time), rule, "order")]
    else:
        if end_wall is not None and is_ambiguous(start_wall, tz):
            later = wall_to_utc(start_wall, tz, fold=1)
            if (later + duration).astimezone(tz).replace(tzinfo=None) == end_wall:
                start = later
        end = start + duration
        if end_wall is not None:
            written = wall_to_utc(end_wall, tz, fold=1 if is_ambiguous(end_wall, tz) else 0)
            if abs(written - end) > _END_SLACK:
                # (an end before the start, or a duration of 99999 h ending that evening: the
                # export contradicts itself, and neither reading is silently taken)
                col = next(c for c, _, _ in spec.durations if cell(c))
                rule = (
                    f"does not match the start and end written ({start_wall:%Y-%m-%d %H:%M} "
                    f"to {end_wall:%Y-%m-%d %H:%M}): export the entry again, or correct one"
                )
                return None, [_problem(shown, line, col, cell(col), rule, "duration_mismatch")]
    if end_wall is None:
        end_wall = end.astimezone(tz).replace(tzinfo=None)
    user = cell(spec.user) or cell(spec.email)
    text, project = cell(spec.description), cell(spec.project)
    entry = {
        "source": spec.source,
        "source_id": entry_id(
            spec.source, user, start_wall.isoformat(), end_wall.isoformat(), text, project
        ),
        "file": shown,
        "line": line,
        "start": start.astimezone(UTC),
        "end": end.astimezone(UTC),
        "user": user,
        "project": project,
        "client": cell(spec.client),
        "task": cell(spec.task),
        "tags": split_tags(cell(spec.tags)),
        "text": text,
        "skip_reason": "" if end > start else "zero duration: no time tracked",
    }
    return entry, []


def _date_order(
    export: CsvExport, spec: TrackerFormat, given: str | None
) -> tuple[str | None, list[Problem]]:
    """The file's date order: as given, else told by its dates; a problem if it cannot be told.

    An order is ruled out by a date that is impossible in it (13/02/2026 is not month-first)
    and by an entry that crosses midnight whose end date, read in that order, disagrees with
    its duration. Dates that read the same both ways (04/04/2026, ISO dates) need no order.
    """
    if given is not None:
        return given, []
    cols = (spec.start_date, spec.end_date)
    dated = [
        (line, col, cells[col]) for line, cells in export.records for col in cols if cells.get(col)
    ]
    # (a date impossible in both orders, 13/45/2026, is a bad date, reported later)
    unclear = [d for d in dated if needs_order(d[2]) and possible_orders(d[2])]
    if not unclear:
        return DATE_ORDERS[0], []  # every date reads the same in both orders
    first_ruling: dict[str, tuple[int, str, str]] = {}  # order -> the first date it cannot be
    for line, col, text in dated:
        fits = possible_orders(text)
        if fits:  # a date impossible in both orders is reported as a bad date later
            for order in set(DATE_ORDERS) - fits:
                first_ruling.setdefault(order, (line, col, text))
    orders = {o for o in DATE_ORDERS if o not in first_ruling}
    if not orders:
        day_first, month_first = first_ruling["mdy"], first_ruling["dmy"]
        rule = (
            f"dates in both orders: this one is day-first, but line {month_first[0]} "
            f"({month_first[2]!r}) is month-first; export the file again with one date format"
        )
        return None, [
            _problem(export.file, day_first[0], day_first[1], day_first[2], rule, "date_order")
        ]
    if len(orders) == 2:
        orders = {o for o in orders if _durations_agree(export, spec, o)} or orders
    if len(orders) == 1:
        return orders.pop(), []
    line, col, text = unclear[0]
    a, b = parse_date(text, "dmy"), parse_date(text, "mdy")
    rule = (
        f"cannot tell whether this is {a:%d %B %Y} or {b:%B %d, %Y}: every date in the file "
        "fits both orders; say which with --date-order dmy (day first) or --date-order mdy "
        f"(month first), as set in {spec.title}'s date format setting"
    )
    return None, [_problem(export.file, line, col, text, rule, "ambiguous_date")]


def _durations_agree(export: CsvExport, spec: TrackerFormat, order: str) -> bool:
    for _, cells in export.records:
        start_text, end_text = cells.get(spec.start_date, ""), cells.get(spec.end_date, "")
        if not end_text or start_text == end_text:
            continue
        start, end = parse_date(start_text, order), parse_date(end_text, order)
        clock_a, clock_b = (
            parse_time(cells.get(spec.start_time, "")),
            parse_time(cells.get(spec.end_time, "")),
        )
        duration = next((p(cells[c]) for c, p, _ in spec.durations if cells.get(c)), None)
        if None in (start, end, clock_a, clock_b, duration):
            continue
        span = dt.datetime.combine(end, clock_b) - dt.datetime.combine(start, clock_a)
        if abs(span - duration) > _ORDER_SLACK:
            return False
    return True
