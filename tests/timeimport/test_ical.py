"""iCalendar exports: recurrences with exceptions, time zones over clock changes, skipped events."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from timeimport._exports import vevent, write_ics

from careermap.errors import ImportRejectedError
from careermap.timeimport import plan_import, read_export

UNTIL = "2026-11-30"


def _starts(e: pd.DataFrame) -> list[str]:
    return e["start"].dt.strftime("%Y-%m-%d %H:%M %Z").tolist()


def test_weekly_series_with_exdate_and_a_moved_instance_over_the_spring_change(tmp_path):
    path = write_ics(
        tmp_path / "calendar.ics",
        vevent(
            "UID:sql-weekly@example.com",
            "DTSTART;TZID=Europe/Berlin:20260316T190000",
            "DTEND;TZID=Europe/Berlin:20260316T203000",
            "RRULE:FREQ=WEEKLY;COUNT=4",
            "EXDATE;TZID=Europe/Berlin:20260323T190000",
            "SUMMARY:SQL course",
            "CATEGORIES:learning,Work",
        ),
        vevent(
            "UID:sql-weekly@example.com",
            "RECURRENCE-ID;TZID=Europe/Berlin:20260330T190000",
            "DTSTART;TZID=Europe/Berlin:20260330T200000",
            "DTEND;TZID=Europe/Berlin:20260330T220000",
            "SUMMARY:SQL course (moved)",
        ),
    )
    e = read_export(path, tz="Europe/Berlin", until=UNTIL).sort_values("start")
    # 16 March (CET), 23 March excluded, 30 March moved to 20:00, 6 April still 19:00 local
    assert _starts(e) == [
        "2026-03-16 19:00 CET",
        "2026-03-30 20:00 CEST",
        "2026-04-06 19:00 CEST",
    ]
    assert e["hours"].tolist() == [1.5, 2.0, 1.5]
    assert e["text"].tolist() == ["SQL course", "SQL course (moved)", "SQL course"]
    assert e["tags"].tolist() == [("learning", "Work"), (), ("learning", "Work")]
    # each instance is known by UID + RECURRENCE-ID; the series is defined on line 21 (after
    # the calendar's 3 header lines and 17 of VTIMEZONE), the moved instance on line 30
    assert e["source_id"].nunique() == 3
    assert e["line"].tolist() == [21, 30, 21]


def test_an_instance_over_the_spring_forward_night_lasts_its_exact_duration(tmp_path):
    # every Sunday 01:30-03:30 local; on 29 March the clocks jump 02:00 -> 03:00, and
    # RFC 5545 keeps the exact 2 hours: 01:30 CET (00:30Z) to 02:30Z = 04:30 CEST
    path = write_ics(
        tmp_path / "calendar.ics",
        vevent(
            "UID:night@example.com",
            "DTSTART;TZID=Europe/Berlin:20260322T013000",
            "DTEND;TZID=Europe/Berlin:20260322T033000",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            "SUMMARY:Night study",
        ),
        vevent(
            "UID:one-off@example.com",
            "DTSTART;TZID=Europe/Berlin:20260329T010000",
            "DTEND;TZID=Europe/Berlin:20260329T040000",
            "SUMMARY:One-off over the change",
        ),
    )
    e = read_export(path, tz="Europe/Berlin", until=UNTIL).sort_values("start")
    assert _starts(e) == [
        "2026-03-22 01:30 CET",
        "2026-03-29 01:00 CET",
        "2026-03-29 01:30 CET",
    ]
    assert e["end"].dt.strftime("%H:%M %Z").tolist() == ["03:30 CET", "04:00 CEST", "04:30 CEST"]
    # 01:00 CET to 04:00 CEST is 2 real hours, not the 3 the wall clock shows
    assert e["hours"].tolist() == [2.0, 2.0, 2.0]


def test_cancelled_and_all_day_events_are_kept_with_their_reason(sourced_map, tmp_path):
    path = write_ics(
        tmp_path / "calendar.ics",
        vevent(
            "UID:mentor@example.com",
            "STATUS:CANCELLED",
            "DTSTART:20260325T100000Z",
            "DTEND:20260325T110000Z",
            "SUMMARY:Mentor call",
        ),
        vevent(
            "UID:conf@example.com",
            "DTSTART;VALUE=DATE:20260326",
            "DTEND;VALUE=DATE:20260328",
            "SUMMARY:Conference",
        ),
        vevent(
            "UID:weekly@example.com",
            "DTSTART:20260302T180000Z",
            "DTEND:20260302T190000Z",
            "RRULE:FREQ=WEEKLY;COUNT=3",
            "SUMMARY:Reading group",
            "CATEGORIES:Reflection",
        ),
        vevent(
            "UID:weekly@example.com",
            "RECURRENCE-ID:20260309T180000Z",
            "STATUS:CANCELLED",
            "DTSTART:20260309T180000Z",
            "DTEND:20260309T190000Z",
            "SUMMARY:Reading group",
        ),
    )
    plan = plan_import(sourced_map, path, tz="Europe/Berlin", until=UNTIL)
    assert plan.rows[["date", "hours", "category", "note"]].values.tolist() == [
        ["2026-03-02", 1.0, "reflection", "Reading group"],
        ["2026-03-16", 1.0, "reflection", "Reading group"],
    ]
    skipped = plan.skipped.sort_values("start")
    assert skipped[["text", "reason"]].values.tolist() == [
        ["Reading group", "cancelled event"],
        ["Mentor call", "cancelled event"],
        ["Conference", "all-day event: not time worked"],
    ]
    assert "Mentor call" in plan.summary()


def test_utc_times_count_on_the_new_york_date_they_happen(sourced_map, tmp_path):
    path = write_ics(
        tmp_path / "calendar.ics",
        # 03:30Z-05:00Z on 3 November is 22:30-00:00 EST on 2 November
        vevent("UID:a@x", "DTSTART:20261103T033000Z", "DTEND:20261103T050000Z", "SUMMARY:Late"),
        # 8 March, clocks go 02:00 EST -> 03:00 EDT: 01:30 EST to 03:30 EDT is 1 hour
        vevent(
            "UID:b@x",
            "DTSTART;TZID=America/New_York:20260308T013000",
            "DTEND;TZID=America/New_York:20260308T033000",
            "SUMMARY:Over the change",
        ),
        # a floating time (no zone) is read in the import zone
        vevent("UID:c@x", "DTSTART:20260310T233000", "DURATION:PT1H", "SUMMARY:Floating"),
        zones="",
    )
    plan = plan_import(sourced_map, path, tz="America/New_York", until=UNTIL)
    assert plan.rows[["date", "hours", "note"]].values.tolist() == [
        ["2026-03-08", 1.0, "Over the change"],
        ["2026-03-10", 0.5, "Floating"],
        ["2026-03-11", 0.5, "Floating"],
        ["2026-11-02", 1.5, "Late"],
    ]
    # the same file counted on Berlin days: 03:30Z is 04:30 CET on 3 November
    berlin = plan_import(sourced_map, path, tz="Europe/Berlin", until=UNTIL)
    assert berlin.rows.loc[berlin.rows["note"] == "Late", "date"].tolist() == ["2026-11-03"]


def test_x_wr_timezone_calendars_give_the_same_instants(tmp_path):
    # Google writes UTC times and names the calendar's zone in X-WR-TIMEZONE
    path = write_ics(
        tmp_path / "google.ics",
        vevent("UID:g@x", "DTSTART:20260615T170000Z", "DTEND:20260615T180000Z", "SUMMARY:G"),
        zones="",
        extra="X-WR-TIMEZONE:Asia/Tokyo\n",
    )
    e = read_export(path, tz="Europe/Berlin", until=UNTIL)
    assert _starts(e) == ["2026-06-15 19:00 CEST"]


def test_an_endless_series_stops_at_until_and_future_events_are_not_read(tmp_path):
    path = write_ics(
        tmp_path / "calendar.ics",
        vevent(
            "UID:daily@x",
            "DTSTART;TZID=Europe/Berlin:20261125T080000",
            "DTEND;TZID=Europe/Berlin:20261125T083000",
            "RRULE:FREQ=DAILY",
            "SUMMARY:Morning reading",
        ),
    )
    e = read_export(path, tz="Europe/Berlin", until="2026-11-28T08:15:00+01:00")
    # 25, 26 and 27 November; the 28th's 08:00-08:30 has not ended at 08:15
    assert _starts(e) == ["2026-11-25 08:00 CET", "2026-11-26 08:00 CET", "2026-11-27 08:00 CET"]


def test_ids_are_stable_across_exports_and_events_without_uid_get_one(tmp_path):
    event = vevent("DTSTART:20260302T180000Z", "DTEND:20260302T190000Z", "SUMMARY:No uid")
    first = read_export(write_ics(tmp_path / "a.ics", event), tz="Europe/Berlin", until=UNTIL)
    other = vevent("UID:z@x", "DTSTART:20260303T180000Z", "DTEND:20260303T190000Z", "SUMMARY:Z")
    again = read_export(
        write_ics(tmp_path / "b.ics", other, event), tz="Europe/Berlin", until=UNTIL
    )
    assert first["source_id"].iloc[0] == again["source_id"].iloc[1]
    assert first["line"].iloc[0] == 21 and again["line"].iloc[1] == 27


@pytest.mark.parametrize(
    ("lines", "location", "column", "match"),
    [
        (
            ("UID:x", "DTSTART:20260230T190000", "DTEND:20260301T200000", "SUMMARY:x"),
            "line 23",
            "DTSTART",
            "cannot be read",
        ),
        (
            ("UID:x", "DTSTART:20260301T190000", "DURATION:PTXH", "SUMMARY:x"),
            "line 24",
            "DURATION",
            "Invalid iCalendar duration",
        ),
        (
            ("UID:x", "DTSTART;TZID=Mars/Olympus:20260301T190000", "SUMMARY:x"),
            "line 23",
            "DTSTART",
            "unknown time zone",
        ),
        (
            ("UID:x", "DTSTART:20260301T190000Z", "DTEND:20260301T180000Z"),
            "line 24",
            "DTEND",
            "ends before it starts",
        ),
        (("UID:x", "SUMMARY:no start"), "line 21", "DTSTART", "required"),
        (
            ("UID:x", "DTSTART:20260301T190000Z", "RRULE:FREQ=SOMETIMES"),
            "line 24",
            "RRULE",
            "cannot be read",
        ),
    ],
)
def test_an_unreadable_event_is_named_by_file_line_and_property(
    tmp_path, lines, location, column, match
):
    good = vevent("UID:ok", "DTSTART:20260301T080000Z", "DTEND:20260301T090000Z")
    # events start on line 21 (after the calendar header and the VTIMEZONE); the good one
    # comes second so that the line numbers of the bad one are easy to count
    path = write_ics(tmp_path / "calendar.ics", vevent(*lines), good)
    with pytest.raises(ImportRejectedError, match=match) as err:
        read_export(path, tz="Europe/Berlin", until=UNTIL)
    [problem] = err.value.problems
    assert (problem.file, problem.location, problem.column) == (str(path), location, column)


def test_a_file_that_is_not_a_calendar_is_refused(tmp_path):
    path = tmp_path / "calendar.ics"
    path.write_text("BEGIN:VCALENDAR\nthis is not a content line\nEND:VCALENDAR\n")
    with pytest.raises(ImportRejectedError, match="is not an iCalendar file") as err:
        read_export(path, tz="Europe/Berlin", format="ical", until=UNTIL)
    assert err.value.problems[0].location == "line 2"


def test_folded_lines_and_alarms_do_not_shift_property_lines(tmp_path):
    path = write_ics(
        tmp_path / "calendar.ics",
        vevent(
            "UID:fold@x",
            "SUMMARY:A summary long enough that Outlook folds it onto a",
            "  second line",
            "DTSTART:20260301T080000Z",
            "BEGIN:VALARM",
            "TRIGGER:-PT15M",
            "DTSTART:19700101T000000",
            "END:VALARM",
            "DTEND:20260301T070000Z",
        ),
    )
    with pytest.raises(ImportRejectedError) as err:
        read_export(path, tz="Europe/Berlin", until=UNTIL)
    assert err.value.problems[0].location == "line 30"
    assert (tmp_path / "calendar.ics").read_text().splitlines()[29].startswith("DTEND")


def test_start_and_end_are_in_the_import_zone(tmp_path):
    path = write_ics(
        tmp_path / "calendar.ics",
        vevent("UID:tz@x", "DTSTART:20260702T120000Z", "DTEND:20260702T130000Z"),
    )
    e = read_export(path, tz="Asia/Kolkata", until=UNTIL)
    assert e["start"].iloc[0].to_pydatetime().utcoffset() == dt.timedelta(hours=5, minutes=30)
