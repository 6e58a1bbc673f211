"""The plan as a calendar: milestone targets, action due dates and the weekly review slot.

An iCalendar file made with :mod:`icalendar` (the library the importers read calendars
with). Each event has a UID made of the person, the kind and the id, so exporting again
after the plan changed updates the same events in a calendar instead of adding copies; the
dates are all-day events; the review slot is a weekly recurring event at a wall time in a
named zone, with its VTIMEZONE. Every event carries
:data:`careermap.timeimport.PLAN_PROPERTY`, so importing the file back
(``careermap import``) logs no hours from it. See ``docs/planning.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pandas as pd

from careermap import metrics
from careermap._args import check_one_person
from careermap._dates import as_of_arg
from careermap.errors import InvalidArgumentError
from careermap.model import CareerMap
from careermap.timeimport import PLAN_PROPERTY, resolve_zone

__all__ = ["REVIEW_DAYS", "plan_calendar"]

#: The weekdays the review slot can take, as iCalendar writes them (Monday first).
REVIEW_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PRODID = "-//careermap//plan calendar//EN"


def _uid(person_id: str, kind: str, item: str) -> str:
    return f"{person_id}.{kind}.{item}@careermap"


def _review_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidArgumentError(
            f"review_time must be a time of day like 17:00 (HH:MM, 24-hour); got {value!r}"
        ) from None


def _day_event(
    uid: str,
    day: pd.Timestamp,
    summary: str,
    description: str,
    kind: str,
    cancelled: bool,
    stamp: dt.datetime,
    sequence: int,
) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("UID", uid)
    ev.add("DTSTAMP", stamp)
    ev.add("SEQUENCE", sequence)
    ev.add("DTSTART", day.date())
    ev.add("DTEND", day.date() + dt.timedelta(days=1))
    ev.add("SUMMARY", summary)
    if description:
        ev.add("DESCRIPTION", description)
    ev.add("TRANSP", "TRANSPARENT")  # a deadline, not busy time
    ev.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    ev.add("CATEGORIES", ["careermap", kind])
    ev.add(PLAN_PROPERTY, kind)
    return ev


def plan_calendar(
    m: CareerMap,
    *,
    review_day: str = "SU",
    review_time: Any = "17:00",
    review_minutes: int = 30,
    tz: Any = None,
    as_of: object = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """One person's plan as an iCalendar file (the bytes of ``plan.ics``).

    Parameters
    ----------
    m : CareerMap
        One person.
    review_day : {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}, default "SU"
        The weekday of the weekly review slot.
    review_time : str or datetime.time, default "17:00"
        Its start, a wall time in ``tz``.
    review_minutes : int, default 30
        Its length.
    tz : str, optional
        IANA zone of the review slot (default ``person.timezone``, else this machine's zone:
        the zone the importers count days in).
    as_of : date-like, optional
        The day the plan is read on (default today): each milestone at its target in force
        then, done and dropped as of then.
    stamp : datetime, optional
        The DTSTAMP of every event (default now, in UTC).

    Returns
    -------
    bytes
        A VCALENDAR with a VTIMEZONE, one all-day VEVENT per milestone (its target) and per
        action with a due date (summary "Milestone M5: ...", "Action A7: ..."; done ones
        say "Done:", dropped ones are CANCELLED, so a calendar that has them updates them),
        and one weekly VEVENT for the review, from the first ``review_day`` on or after the
        person's start. UIDs are ``person.kind.id@careermap``; SEQUENCE counts a
        milestone's reschedules, plus one once it is done or dropped (an action: done or
        dropped), so a calendar takes a re-export as the newer version.

    Examples
    --------
    >>> import careermap, icalendar
    >>> from careermap import views
    >>> m = careermap.load(careermap.sample_path())
    >>> ics = views.plan_calendar(m, tz="America/New_York", as_of="2026-11-15")
    >>> events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    >>> [str(e["UID"]) for e in events][:2]
    ['alex-rivera.milestone.M1@careermap', 'alex-rivera.milestone.M2@careermap']
    >>> str(events[-1]["RRULE"].to_ical().decode()), events[-1]["DTSTART"].params["TZID"]
    ('FREQ=WEEKLY;BYDAY=SU', 'America/New_York')
    """
    m = check_one_person(m, "plan_calendar")
    day = str(review_day).strip().upper()[:2]
    if day not in REVIEW_DAYS:
        raise InvalidArgumentError(
            f"review_day must be one of {', '.join(REVIEW_DAYS)} (or a weekday name); "
            f"got {review_day!r}"
        )
    at = _review_time(review_time)
    if not isinstance(review_minutes, int) or not 1 <= review_minutes <= 24 * 60:
        raise InvalidArgumentError(
            f"review_minutes must be a whole number of minutes from 1 to 1440; "
            f"got {review_minutes!r}"
        )
    as_of = as_of_arg(as_of)
    person = m.people.iloc[0]
    pid = str(person["person_id"])
    person_zone = person.get("timezone")
    zone, _ = resolve_zone(tz, person_zone if isinstance(person_zone, str) else None)
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)

    cal = icalendar.Calendar()
    cal.add("PRODID", _PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("X-WR-CALNAME", f"careermap plan: {person['name'] or pid}")

    titles = m.milestones.set_index("milestone_id")["title"]
    goal_titles = m.goals.set_index("goal_id")["title"]
    # an event's revision: one more for each reschedule and for done or dropped, so a
    # calendar takes the new version as newer (RFC 5545 3.8.7.4) and an unchanged plan the same
    moves = metrics.slip(m, as_of=as_of).set_index("milestone_id")["n_reschedules"]
    for r in metrics.milestone_status(m, as_of=as_of).itertuples():
        if pd.isna(r.target):
            continue
        done = r.status == "done"
        summary = f"{'Done: ' if done else ''}Milestone {r.milestone_id}: {titles[r.milestone_id]}"
        about = f"Goal {r.goal_id}: {goal_titles.get(r.goal_id, '')}. Target date (careermap)."
        uid = _uid(pid, "milestone", r.milestone_id)
        dropped = r.status == "dropped"
        sequence = int(moves.get(r.milestone_id, 0)) + int(r.status in ("done", "dropped"))
        event = _day_event(uid, r.target, summary, about, "milestone", dropped, stamp, sequence)
        cal.add_component(event)
    for r in metrics.action_plan(m, as_of=as_of).itertuples():
        if pd.isna(r.due):
            continue
        summary = f"{'Done: ' if r.status == 'done' else ''}Action {r.action_id}: {r.title}"
        about = f"Milestone {r.milestone_id}: {r.milestone_title}. Due date (careermap)."
        uid = _uid(pid, "action", r.action_id)
        dropped = r.status == "dropped"
        sequence = int(r.status in ("done", "dropped"))
        cal.add_component(
            _day_event(uid, r.due, summary, about, "action", dropped, stamp, sequence)
        )

    start = pd.Timestamp(person["start"]).date()
    first = start + dt.timedelta(days=(REVIEW_DAYS.index(day) - start.weekday()) % 7)
    begin = dt.datetime.combine(first, at, tzinfo=zone)
    review = icalendar.Event()
    review.add("UID", _uid(pid, "review", "weekly"))
    review.add("DTSTAMP", stamp)
    review.add("DTSTART", begin)
    review.add("DTEND", begin + dt.timedelta(minutes=review_minutes))
    review.add("RRULE", {"FREQ": "WEEKLY", "BYDAY": day})
    review.add("SUMMARY", "Weekly career review")
    review.add(
        "DESCRIPTION",
        "What moved, what slipped, what is due: careermap review --map YOUR-MAP-FOLDER",
    )
    review.add("CATEGORIES", ["careermap", "review"])
    review.add(PLAN_PROPERTY, "review")
    cal.add_component(review)
    cal.add_missing_timezones(first_date=first)
    return cal.to_ical()
