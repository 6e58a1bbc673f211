"""Importing into a map: one undoable change, idempotent re-imports, an untouched map on error."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from timeimport._exports import (
    CLOCKIFY_HEADER,
    TOGGL_HEADER,
    clockify_row,
    toggl_row,
    vevent,
    write_csv,
    write_ics,
)

import careermap
from careermap import store
from careermap.errors import ImportRejectedError, InvalidArgumentError
from careermap.timeimport import import_time, plan_import

UNTIL = "2026-11-30"
RULES = (
    "rules:\n"
    "  - match: {project: SQL}\n"
    "    set: {category: learning, goal: G1, milestone: M1}\n"
    "  - match: {text: mentor}\n"
    "    set: {category: mentoring, goal: G2}\n"
)


@pytest.fixture
def exports(tmp_path):
    """A Toggl export, a Clockify export and a calendar of one week in Berlin."""
    toggl = write_csv(
        tmp_path / "Toggl_time_entries_2026-03-23_to_2026-03-29.csv",
        TOGGL_HEADER,
        [
            toggl_row(
                "2026-03-23",
                "19:00:00",
                "2026-03-23",
                "20:30:00",
                "01:30:00",
                description="Window functions, part 2",
            ),
            # over midnight into the night the clocks go forward: 1 h + 2 h
            toggl_row(
                "2026-03-28",
                "23:00:00",
                "2026-03-29",
                "03:00:00",
                "03:00:00",
                project="Portfolio",
                description="Dashboard",
                tags="practice",
            ),
        ],
    )
    clockify = write_csv(
        tmp_path / "Clockify_Time_Report_Detailed.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row(
                "03/24/2026",
                "07:00:00 PM",
                "03/24/2026",
                "07:45:00 PM",
                "00:45:00",
                "0.75",
                project="",
                description="Call with my mentor",
            ),
        ],
    )
    calendar = write_ics(
        tmp_path / "calendar.ics",
        vevent(
            "UID:meetup@example.com",
            "DTSTART;TZID=Europe/Berlin:20260325T183000",
            "DTEND;TZID=Europe/Berlin:20260325T210000",
            "SUMMARY:Data meetup",
            "CATEGORIES:Networking",
        ),
        vevent(
            "UID:cancel@example.com",
            "STATUS:CANCELLED",
            "DTSTART;TZID=Europe/Berlin:20260326T183000",
            "DTEND;TZID=Europe/Berlin:20260326T200000",
            "SUMMARY:Study group",
        ),
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return {"toggl": toggl, "clockify": clockify, "ical": calendar, "rules": rules}


def _import(folder, exports, files=("toggl", "clockify", "ical")):
    return import_time(
        folder, [exports[f] for f in files], rules=exports["rules"], tz="Europe/Berlin", until=UNTIL
    )


def test_the_preview_counts_hours_per_local_day_and_category(sourced_map, exports, digest):
    before = digest(sourced_map)
    plan = plan_import(
        sourced_map,
        [exports["toggl"], exports["clockify"], exports["ical"]],
        rules=exports["rules"],
        tz="Europe/Berlin",
        until=UNTIL,
    )
    assert digest(sourced_map) == before  # a plan writes nothing
    got = plan.totals.assign(date=plan.totals["date"].dt.strftime("%Y-%m-%d"))
    assert got[["date", "category", "hours", "rows", "day_total"]].values.tolist() == [
        ["2026-03-23", "learning", 1.5, 1, 1.5],
        ["2026-03-24", "mentoring", 0.75, 1, 0.75],
        ["2026-03-25", "networking", 2.5, 1, 2.5],
        ["2026-03-28", "practice", 1.0, 1, 1.0],
        ["2026-03-29", "practice", 2.0, 1, 2.0],
    ]
    assert plan.rows[["goal", "milestone", "source"]].values.tolist() == [
        ["G1", "M1", "toggl"],
        ["G2", "", "clockify"],
        ["", "", "ical"],
        ["", "", "toggl"],
        ["", "", "toggl"],
    ]
    assert plan.skipped[["text", "reason"]].values.tolist() == [["Study group", "cancelled event"]]
    assert plan.zone == "Europe/Berlin" and plan.zone_source == "tz argument"
    text = plan.summary()
    assert "time_log.csv: 5 rows to add (7.75 h) from 4 entries in 3 files" in text
    assert "cancelled event" in text


def test_an_import_is_one_change_that_one_undo_reverts(sourced_map, exports, digest):
    before = digest(sourced_map)
    plan = _import(sourced_map, exports)
    assert str(plan.change) == "time_log.csv: added lines 6-10"
    m = careermap.load(sourced_map)
    new = m.time_log.iloc[4:]
    assert new["hours"].tolist() == [1.5, 0.75, 2.5, 1.0, 2.0]
    assert new["source"].tolist() == ["toggl", "clockify", "ical", "toggl", "toggl"]
    assert new["note"].iloc[0] == "SQL course: Window functions, part 2"
    # the two rows of the entry over midnight share its source id
    assert new["source_id"].iloc[3] == new["source_id"].iloc[4]
    assert len(store.history(sourced_map)) == 1
    store.undo(sourced_map)
    assert digest(sourced_map) == before


def test_importing_again_adds_nothing_and_an_overlapping_export_adds_only_what_is_new(
    sourced_map, exports, tmp_path, digest
):
    _import(sourced_map, exports)
    after_first = digest(sourced_map)
    again = _import(sourced_map, exports)
    assert again.change is None and again.rows.empty
    assert digest(sourced_map) == after_first
    assert set(again.skipped["reason"].str.extract(r"^(already in time_log\.csv)")[0].dropna()) == {
        "already in time_log.csv"
    }
    assert len(again.skipped) == 5  # 4 entries already in + the cancelled event
    assert again.summary(limit=1).splitlines()[-1] == (
        "  ... and 4 more; in all: 4 already in time_log.csv, 1 cancelled event"
    )
    overlapping = write_csv(
        tmp_path / "Toggl_time_entries_2026-03-28_to_2026-04-03.csv",
        TOGGL_HEADER,
        [
            toggl_row(
                "2026-03-28",
                "23:00:00",
                "2026-03-29",
                "03:00:00",
                "03:00:00",
                project="Portfolio",
                description="Dashboard",
                tags="practice",
            ),
            toggl_row(
                "2026-04-01",
                "18:00:00",
                "2026-04-01",
                "19:00:00",
                "01:00:00",
                project="Portfolio",
                description="Dashboard",
                tags="practice",
            ),
        ],
    )
    third = import_time(sourced_map, overlapping, tz="Europe/Berlin", until=UNTIL)
    assert third.rows[["date", "hours"]].values.tolist() == [["2026-04-01", 1.0]]
    assert third.skipped["reason"].tolist() == ["already in time_log.csv (line 9)"]
    assert len(careermap.load(sourced_map).time_log) == 4 + 5 + 1


def test_the_same_entry_twice_in_one_import_is_added_once(sourced_map, exports):
    plan = plan_import(
        sourced_map, [exports["toggl"], exports["toggl"]], tz="Europe/Berlin", until=UNTIL
    )
    assert len(plan.rows) == 3
    assert plan.skipped["reason"].str.startswith("the same entry as ").all()
    assert len(plan.skipped) == 2


def test_a_day_over_24_hours_is_refused_and_the_map_is_untouched(sourced_map, tmp_path, digest):
    folder = sourced_map  # its log holds 2 hours on 2025-01-09
    export = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [
            toggl_row("2025-01-09", "00:00:00", "2025-01-09", "12:00:00", "12:00:00"),
            toggl_row("2025-01-09", "12:00:00", "2025-01-09", "23:00:00", "11:00:00"),
        ],
    )
    before = digest(folder)
    plan = plan_import(folder, export, tz="Europe/Berlin", until=UNTIL)
    [problem] = plan.problems
    # the store's own check, named by the entry: time_log.csv lines 3 (old), 6 and 7 (new)
    assert problem.rule == (
        "the hours logged on 2025-01-09 add up to 25 (lines 3, 6, 7); a day holds at most 24 "
        "(time_log.csv line 6 once imported)"
    )
    assert (problem.file, problem.location, problem.code) == (str(export), "line 2", "day_over_24h")
    assert plan.totals["day_total"].tolist() == [25.0]
    with pytest.raises(ImportRejectedError, match="add up to 25") as err:
        import_time(folder, export, tz="Europe/Berlin", until=UNTIL)
    assert err.value.problems == [problem]
    assert digest(folder) == before
    assert store.history(folder).empty


def test_a_problem_in_any_export_leaves_the_map_byte_for_byte_unchanged(
    sourced_map, exports, tmp_path, digest
):
    broken = write_csv(
        tmp_path / "broken.csv",
        TOGGL_HEADER,
        [toggl_row("2026-03-30", "19:00:00", "2026-03-30", "20:00:00", "one hour")],
    )
    before = digest(sourced_map)
    with pytest.raises(ImportRejectedError) as err:
        import_time(
            sourced_map,
            [exports["toggl"], broken, exports["ical"]],
            tz="Europe/Berlin",
            until=UNTIL,
        )
    [problem] = err.value.problems
    assert (problem.file, problem.location, problem.column, problem.value) == (
        str(broken),
        "line 2",
        "Duration",
        "'one hour'",
    )
    assert digest(sourced_map) == before
    assert not (sourced_map / ".careermap").exists()


def test_format_is_detected_and_can_be_forced(sourced_map, exports, tmp_path):
    unknown = tmp_path / "time_log.csv"
    unknown.write_text("date,hours,category\n2026-03-02,1,learning\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError, match="--format toggl, clockify or ical") as err:
        plan_import(sourced_map, unknown, tz="Europe/Berlin")
    assert err.value.problems[0].location == "line 1"
    with pytest.raises(ImportRejectedError, match="is not a Clockify detailed report"):
        plan_import(sourced_map, exports["toggl"], tz="Europe/Berlin", format="clockify")
    with pytest.raises(InvalidArgumentError, match="format must be one of toggl, clockify, ical"):
        plan_import(sourced_map, exports["toggl"], tz="Europe/Berlin", format="harvest")


def test_a_bad_zone_is_refused_with_suggestions(sourced_map, exports):
    with pytest.raises(InvalidArgumentError, match="did you mean Europe/Berlin"):
        plan_import(sourced_map, exports["toggl"], tz="berlin")


def test_a_roadmap_with_problems_blocks_the_import(make_map, exports):
    from _maps import ROADMAP

    folder = make_map({"roadmap.yaml": ROADMAP.replace("weekly_hours: 6", "weekly_hours: 600")})
    with pytest.raises(ImportRejectedError, match="the roadmap has problems") as err:
        plan_import(folder, exports["toggl"], tz="Europe/Berlin")
    assert err.value.problems[0].file == str(folder / "roadmap.yaml")


def test_the_plan_frames_have_documented_columns(sourced_map, exports):
    plan = plan_import(sourced_map, exports["ical"], tz="Europe/Berlin", until=UNTIL)
    assert list(plan.rows.columns) == [
        "date",
        "hours",
        "category",
        "goal",
        "milestone",
        "action",
        "note",
        "source",
        "source_id",
        "file",
        "line",
        "log_line",
    ]
    assert list(plan.totals.columns) == ["date", "category", "hours", "rows", "logged", "day_total"]
    assert list(plan.skipped.columns) == [
        "file",
        "line",
        "source",
        "source_id",
        "start",
        "end",
        "text",
        "reason",
    ]
    assert pd.api.types.is_datetime64_any_dtype(plan.totals["date"])


# -- issue 26: hostile inputs to import ------------------------------------------------------


def _fifo(path):
    try:
        os.mkfifo(path)
    except (OSError, AttributeError) as exc:  # pragma: no cover - where pipes cannot be made
        pytest.skip(f"cannot make a named pipe here: {exc}")
    return path


@pytest.mark.parametrize("where", ["export", "rules", "time_log"])
def test_a_named_pipe_or_device_is_refused_without_waiting(small_map, tmp_path, where):
    """An export, a rules file or the log itself replaced by a FIFO (or /dev/zero) gives
    a problem naming it at once: no hang, no memory growing past gigabytes."""
    from _hostile import cli, within

    export = tmp_path / "empty.ics"
    export.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n")
    args = ["import", "--map", str(small_map), "--tz", "UTC"]
    for hostile in (_fifo(tmp_path / "pipe.csv"), Path("/dev/zero")):
        if where == "export":
            run = [*args, str(hostile)]
        elif where == "rules":
            run = [*args, "--rules", str(hostile), str(export)]
        else:
            if hostile.name == "zero":
                continue  # (a device in the map: tests/io covers it)
            (small_map / "time_log.csv").unlink()
            _fifo(small_map / "time_log.csv")
            one = tmp_path / "one.ics"
            one.write_text(_ics(""))
            run = [*args, str(one)]
        with within(10):
            code, out, err = cli(*run)
        assert code == 1, out + err
        assert "internal error" not in err
        assert "named pipe" in err or "is a device" in err, err


def _ics(rule: str, start: str = "20260101T090000Z", end: str = "20260101T093000Z") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
        f"DTSTART:{start}\r\nDTEND:{end}\r\n{rule}SUMMARY:spam\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@pytest.mark.parametrize(
    "rule",
    ["RRULE:FREQ=SECONDLY\r\n", "RRULE:FREQ=MINUTELY;COUNT=1000000000\r\n"],
)
def test_a_recurrence_without_a_bound_is_refused_fast(small_map, tmp_path, rule):
    """74 s to a MemoryError before; now the event's RRULE line, at once."""
    from _hostile import cli, within

    from careermap.timeimport._ical import MAX_OCCURRENCES

    path = tmp_path / "spam.ics"
    path.write_text(_ics(rule))
    with within(20):
        code, out, err = cli(
            "import", "--map", str(small_map), "--tz", "UTC", "--dry-run", str(path)
        )
    assert code == 1, out + err
    assert f"line 8, RRULE: {rule.split(':', 1)[1].strip()} ->" in err, err
    assert f"more than {MAX_OCCURRENCES:,} times" in err


def test_a_recurrence_within_the_bound_is_imported(small_map, tmp_path):
    """A daily event of 30 occurrences, ended by COUNT, imports its 30 half hours."""
    path = tmp_path / "daily.ics"
    path.write_text(_ics("RRULE:FREQ=DAILY;COUNT=30\r\n"))
    plan = plan_import(small_map, [path], tz="UTC", until="2026-11-15")
    assert round(plan.rows["hours"].sum(), 6) == 15.0


def test_an_event_in_year_1_is_refused_not_dropped(small_map, tmp_path):
    from _hostile import cli

    path = tmp_path / "old.ics"
    path.write_text(_ics("", start="00010101T090000Z", end="00010101T100000Z"))
    code, out, err = cli("import", "--map", str(small_map), "--tz", "UTC", str(path))
    assert code == 1, out
    assert "line 6, DTSTART: '00010101T090000Z' -> a start from 1900-01-01 on" in err, err


def test_deeply_nested_rules_are_refused_with_their_line(small_map, tmp_path):
    """A RecursionError (exit 2) before; the rules file is read as the map's YAML is."""
    from _hostile import cli

    rules = tmp_path / "rules.yaml"
    rules.write_text("rules: " + "[" * 20_000 + "]" * 20_000 + "\n")
    export = tmp_path / "e.ics"
    export.write_text(_ics(""))
    code, out, err = cli("import", "--map", str(small_map), "--rules", str(rules), str(export))
    assert code == 1, out + err
    assert "line 1: -> nests lists and mappings more than 100 levels deep" in err, err


@pytest.mark.parametrize(
    ("end_time", "duration"),
    [("19:00:00", "99999:00:00"), ("17:00:00", "01:00:00")],
    ids=["duration-of-99999-h", "end-before-start"],
)
def test_a_toggl_row_contradicting_itself_is_refused(small_map, tmp_path, end_time, duration):
    """ "0 entries in 0 files" (exit 0) and an end before the start taken from Start +
    Duration, before: now the Duration cell, with the start and end it contradicts."""
    from _hostile import cli

    path = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [toggl_row("2026-11-10", "18:00:00", "2026-11-10", end_time, duration)],
    )
    code, out, err = cli("import", "--map", str(small_map), "--tz", "UTC", str(path))
    assert code == 1, out + err
    assert f"line 2, Duration: '{duration}' -> does not match the start and end written" in err


def test_a_clockify_date_impossible_in_both_orders_is_a_bad_date(small_map, tmp_path):
    from _hostile import cli

    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [clockify_row("13/45/2026", "09:00", "13/45/2026", "10:00", "01:00:00", "1.00")],
    )
    code, out, err = cli("import", "--map", str(small_map), "--tz", "UTC", str(path))
    assert code == 1, out + err
    assert "line 2, Start Date: '13/45/2026' -> a date like" in err, err
