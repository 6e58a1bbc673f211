"""iCalendar (``.ics``) exports from Google Calendar, Outlook or Apple Calendar.

Parsing is :mod:`icalendar`'s and the expansion of recurring events (RRULE, RDATE, EXDATE
and moved or cancelled instances given with RECURRENCE-ID) is :mod:`recurring_ical_events`'s:
both follow RFC 5545 closely, which a hand-written reader would not. This module adds what
an import needs on top:

- the line each event is defined on, for problems and the preview;
- exact instants: times with a TZID (defined in the file or an IANA name) or in UTC are
  exact; floating times (no zone) are read in the import zone. An instance lasts the exact
  duration of its event (RFC 5545 3.8.5.3), also across a clock change;
- cancelled events, all-day events and the events ``careermap calendar`` writes
  (:data:`PLAN_PROPERTY`) are kept, with the reason they are not time worked;
- a stable id per instance: the event's UID with the instance's RECURRENCE-ID.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from careermap.errors import Problem, format_value
from careermap.timeimport._localday import UTC
from careermap.timeimport._tracker import entry_id

_EARLIEST = dt.datetime(1900, 1, 1, tzinfo=UTC)
PLAN_PROPERTY = "X-CAREERMAP-PLAN"
"""The property ``careermap calendar`` writes on every event it exports (a milestone's
target, an action's due date, the weekly review slot): such an event is the plan, not time
worked, so importing the file back skips it, whatever its times."""
MAX_OCCURRENCES = 5_000
"""The most times one recurring event may occur between 1900-01-01 and the end of the import
(the window every import reads; a daily meeting for ten years is 3,650): an event repeating
more (``RRULE:FREQ=SECONDLY`` with no end) is refused, naming its line, before it is
expanded. Counted on its RRULE and RDATEs, before EXDATEs are taken out."""


@dataclass
class _Defined:
    """Where one VEVENT is written in the file: its first line and each property's line."""

    line: int
    props: dict[str, int] = field(default_factory=dict)


def _scan(text: str) -> list[_Defined]:
    """The VEVENTs of the file in order, with line numbers of the unfolded properties."""
    events: list[_Defined] = []
    current: _Defined | None = None
    depth = 0  # VALARMs inside a VEVENT have their own properties, not the event's
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t"):
            continue  # a folded continuation of the line before
        name = re.split(r"[;:]", raw, maxsplit=1)[0].strip().upper()
        value = raw.split(":", 1)[1].strip().upper() if ":" in raw else ""
        if name == "BEGIN" and value == "VEVENT":
            current = _Defined(number)
            events.append(current)
            depth = 0
        elif current is not None and name == "BEGIN":
            depth += 1
        elif current is not None and name == "END":
            if value == "VEVENT":
                current = None
            else:
                depth -= 1
        elif current is not None and depth == 0:
            current.props.setdefault(name, number)
    return events


def read_ical(
    text: str, shown: str, tz: ZoneInfo, until: dt.datetime
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Instances of the events of an ``.ics`` file that end by ``until`` (an aware instant)."""
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        return [], [Problem(shown, _line_of(text, str(exc)), "", "", _parse_rule(exc), "not_ical")]
    defined = _scan(text)
    events = [ev for cal in calendars for ev in cal.walk("VEVENT")]
    if len(events) != len(defined):  # never seen; the lines would be wrong, so say so
        rule = "has VEVENT blocks that do not close with END:VEVENT"
        return [], [Problem(shown, "", "", "", rule, "not_ical")]
    problems: list[Problem] = []
    sources: dict[tuple[str, str], tuple[Any, _Defined]] = {}
    for ev, where in zip(events, defined, strict=True):
        found = _event_problems(ev, where, shown, tz)
        problems += found
        if not ev.get("UID"):
            # RFC 5545 requires a UID; without one, an event is known by what it says
            ev.add(
                "UID",
                "no-uid-"
                + entry_id(*(str(ev.get(k, "")) for k in ("SUMMARY", "DTSTART", "DTEND"))),
            )
        sources[(str(ev["UID"]), _key(ev.get("RECURRENCE-ID")))] = (ev, where)
    if not problems:
        problems = [
            p
            for ev, where in sources.values()
            if (p := _too_many(ev, where, shown, tz, until)) is not None
        ]
    if problems:
        return [], problems
    recurring = {uid for (uid, rid), (ev, _) in sources.items() if rid or _has_rule(ev)}
    entries: list[dict[str, Any]] = []
    for cal in calendars:
        try:
            instances = recurring_ical_events.of(cal).between(_EARLIEST, until)
        except (ValueError, TypeError) as exc:
            return [], _expansion_problems(cal, sources, shown, until) or [
                Problem(shown, "", "", "", f"recurring events cannot be expanded: {exc}", "rrule")
            ]
        entries += [_entry(inst, sources, recurring, shown, tz) for inst in instances]
    return [e for e in entries if e["end"] <= until], []


def _too_many(
    ev: Any, where: _Defined, shown: str, tz: ZoneInfo, until: dt.datetime
) -> Problem | None:
    """The problem of an event occurring more than :data:`MAX_OCCURRENCES` times in the
    window, counted lazily (at most one past the limit), else None."""
    if not _has_rule(ev):
        return None
    from dateutil.rrule import rrulestr

    start = ev.get("DTSTART").dt
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time(0))
    # (counted in naive UTC: an UNTIL may be written in UTC, floating or as a date)
    start = _exact(start, tz).replace(tzinfo=None)
    last = until.astimezone(UTC).replace(tzinfo=None)
    count = sum(len(getattr(r, "dts", ())) for r in _as_list(ev.get("RDATE")))
    for rule in _as_list(ev.get("RRULE")):
        try:
            text = re.sub(r"(UNTIL=\d{8}T\d{6})Z", r"\1", rule.to_ical().decode())
            occurrences = iter(rrulestr(text, dtstart=start))
        except (ValueError, TypeError, AttributeError):
            continue  # (recurring_ical_events says what is wrong with it, below)
        for when in occurrences:
            if when > last:
                break
            count += 1
            if count > MAX_OCCURRENCES:
                line = where.props.get("RRULE", where.line)
                rule_text = (
                    f"repeats more than {MAX_OCCURRENCES:,} times between 1900-01-01 and "
                    f"{until.date()}, the most careermap imports of one event; give the rule "
                    "an end (COUNT or UNTIL) or export a shorter range"
                )
                return Problem(
                    shown, f"line {line}", "RRULE", _written(rule), rule_text, "too_many"
                )
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _parse_rule(exc: Exception) -> str:
    return (
        "is not an iCalendar file (a calendar export starts with BEGIN:VCALENDAR): "
        f"{str(exc).splitlines()[0][:160]}"
    )


def _line_of(text: str, message: str) -> str:
    """The line an icalendar parse error quotes, if it quotes one."""
    quoted = re.search(r"'([^']{3,})'", message)
    if quoted:
        for number, raw in enumerate(text.splitlines(), start=1):
            if quoted.group(1) in raw:
                return f"line {number}"
    return ""


def _has_rule(ev: Any) -> bool:
    return "RRULE" in ev or "RDATE" in ev


def _key(value: Any) -> str:
    """An instant as id text: UTC for exact times, as written for floating times and dates."""
    if value is None:
        return ""
    when = value.dt if hasattr(value, "dt") else value
    if isinstance(when, dt.datetime):
        if when.tzinfo is None:
            return when.strftime("%Y%m%dT%H%M%S")
        return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return when.strftime("%Y%m%d")


def _exact(value: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """An aware UTC instant; a floating (naive) time is read in the import zone."""
    return (value if value.tzinfo else value.replace(tzinfo=tz)).astimezone(UTC)


def _event_problems(ev: Any, where: _Defined, shown: str, tz: ZoneInfo) -> list[Problem]:
    """What makes an event unreadable, each named by the line of the property concerned."""
    problems = []

    def add(prop: str, value: Any, rule: str, code: str) -> None:
        line = where.props.get(prop, where.line)
        problems.append(Problem(shown, f"line {line}", prop, format_value(value), rule, code))

    for prop, message in getattr(ev, "errors", []):
        add(prop, _written(ev.get(prop)), f"cannot be read: {message}", "bad_value")
    if problems:
        return problems
    if "DTSTART" not in ev:
        add("DTSTART", "", "required: every event needs a start (DTSTART)", "missing")
        return problems
    for prop in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        value = ev.get(prop)
        tzid = value.params.get("TZID") if value is not None else None
        if tzid and isinstance(value.dt, dt.datetime) and value.dt.tzinfo is None:
            rule = (
                "an unknown time zone: the file defines no VTIMEZONE with this TZID and it is "
                "not an IANA zone name"
            )
            add(prop, tzid, rule, "unknown_zone")
    start, end = ev.get("DTSTART").dt, ev.get("DTEND")
    day = start.date() if isinstance(start, dt.datetime) else start
    if day < _EARLIEST.date():
        rule = "a start from 1900-01-01 on: careermap's dates start there (a typo in the year?)"
        add("DTSTART", _written(ev.get("DTSTART")), rule, "date_out_of_range")
        return problems
    timed = isinstance(start, dt.datetime) and end is not None and isinstance(end.dt, dt.datetime)
    if timed and not problems and _exact(end.dt, tz) < _exact(start, tz):
        add("DTEND", _written(end), f"ends before it starts ({start})", "order")
    return problems


def _written(value: Any) -> str:
    """A property's value as the file writes it, for a problem."""
    if value is None:
        return ""
    try:
        text = value.to_ical()
    except (AttributeError, TypeError, ValueError):
        text = str(value)
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def _duration(ev: Any, tz: ZoneInfo) -> dt.timedelta:
    """The exact duration of an event as written (RFC 5545: no end means no duration)."""
    if "DURATION" in ev:
        return ev.get("DURATION").dt
    start, end = ev.get("DTSTART").dt, ev.get("DTEND")
    if end is None or not isinstance(start, dt.datetime) or not isinstance(end.dt, dt.datetime):
        return dt.timedelta(0)
    return _exact(end.dt, tz) - _exact(start, tz)


def _entry(
    inst: Any,
    sources: dict[tuple[str, str], tuple[Any, _Defined]],
    recurring: set[str],
    shown: str,
    tz: ZoneInfo,
) -> dict[str, Any]:
    uid = str(inst["UID"])
    rid = _key(inst.get("RECURRENCE-ID")) if uid in recurring else ""
    source, where = sources.get((uid, rid)) or sources[(uid, "")]
    start_value = inst.get("DTSTART").dt
    all_day = not isinstance(start_value, dt.datetime)
    if all_day:
        start = dt.datetime.combine(start_value, dt.time(0), tzinfo=tz).astimezone(UTC)
        end = start
    else:
        start = _exact(start_value, tz)
        end = start + _duration(source, tz)
    status = str(inst.get("STATUS", "")).upper()
    if PLAN_PROPERTY in inst:
        reason = f"careermap's own plan ({PLAN_PROPERTY}: {inst[PLAN_PROPERTY]}): not time worked"
    elif status == "CANCELLED":
        reason = "cancelled event"
    elif all_day:
        reason = "all-day event: not time worked"
    elif end <= start:
        reason = "zero duration: no time in the event"
    else:
        reason = ""
    return {
        "source": "ical",
        "source_id": entry_id("ical", uid, rid),
        "file": shown,
        "line": where.line,
        "start": start,
        "end": end,
        "user": "",
        "project": "",
        "client": "",
        "task": "",
        "tags": tuple(_categories(inst.get("CATEGORIES"))),
        "text": str(inst.get("SUMMARY", "")).strip(),
        "skip_reason": reason,
    }


def _categories(value: Any) -> Iterable[str]:
    """CATEGORIES values (the property may appear several times, each a list)."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        cats = getattr(v, "cats", [v])
        out += [str(c).strip() for c in cats if str(c).strip()]
    return out


def _expansion_problems(
    cal: Any, sources: dict[tuple[str, str], tuple[Any, _Defined]], shown: str, until: dt.datetime
) -> list[Problem]:
    """Which series cannot be expanded, found one series at a time (only after a failure)."""
    problems = []
    zones = list(cal.walk("VTIMEZONE"))
    for uid in dict.fromkeys(uid for uid, _ in sources):
        one = icalendar.Calendar()
        for component in zones + [ev for (u, _), (ev, _) in sources.items() if u == uid]:
            one.add_component(component)
        try:
            recurring_ical_events.of(one).between(_EARLIEST, until)
        except (ValueError, TypeError) as exc:
            _, where = sources.get((uid, "")) or next(v for k, v in sources.items() if k[0] == uid)
            line = where.props.get("RRULE", where.line)
            rule = f"this recurring event cannot be expanded: {exc}"
            problems.append(
                Problem(shown, f"line {line}", "RRULE", format_value(uid), rule, "rrule")
            )
    return problems
