"""Toggl Track detailed-report CSV exports: reading, local days, and every problem named."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from timeimport._exports import TOGGL_HEADER, toggl_row, write_csv

from careermap.errors import ImportRejectedError
from careermap.timeimport import ENTRY_COLUMNS, plan_import, read_export

UTC = dt.UTC


def test_bom_quoted_commas_and_line_breaks_keep_values_and_lines(tmp_path):
    path = write_csv(
        tmp_path / "Toggl_time_entries.csv",
        TOGGL_HEADER,
        [
            toggl_row(
                "2026-03-02",
                "19:00:00",
                "2026-03-02",
                "20:30:00",
                "01:30:00",
                description="Window functions, part 2",
                tags="learning, SQL",
            ),
            toggl_row(
                "2026-03-03",
                "07:15:00",
                "2026-03-03",
                "08:00:00",
                "00:45:00",
                description='Notes on "ranking"\nand framing',
                client="Acme, Inc.",
            ),
            toggl_row("2026-03-04", "12:00:00", "2026-03-04", "12:20:00", "00:20:00"),
        ],
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbfUser,Email")
    e = read_export(path, tz="Europe/Berlin", until="2026-11-30")
    assert list(e.columns) == list(ENTRY_COLUMNS)
    assert e["source"].tolist() == ["toggl"] * 3
    # the second record spans lines 3-4, so the third starts on line 5
    assert e["line"].tolist() == [2, 3, 5]
    assert e["text"].tolist() == [
        "Window functions, part 2",
        'Notes on "ranking"\nand framing',
        "",
    ]
    assert e["client"].tolist() == ["", "Acme, Inc.", ""]
    assert e["tags"].tolist() == [("learning", "SQL"), (), ()]
    assert e["hours"].tolist() == [1.5, 0.75, 20 / 60]
    assert e["start"].iloc[0] == pd.Timestamp("2026-03-02 19:00", tz="Europe/Berlin")
    assert e["start"].iloc[0].tz_convert(UTC) == pd.Timestamp("2026-03-02 18:00", tz=UTC)


def test_source_ids_are_stable_and_distinct(tmp_path):
    rows = [
        toggl_row("2026-03-02", "19:00:00", "2026-03-02", "20:30:00", "01:30:00", description="a"),
        toggl_row("2026-03-02", "19:00:00", "2026-03-02", "20:30:00", "01:30:00", description="b"),
    ]
    first = read_export(write_csv(tmp_path / "a.csv", TOGGL_HEADER, rows), tz="Europe/Berlin")
    # the same entries in another export: other file, no BOM, LF line ends, other order
    again = read_export(
        write_csv(tmp_path / "b.csv", TOGGL_HEADER, rows[::-1], bom=False, eol="\n"),
        tz="Europe/Berlin",
    )
    assert first["source_id"].nunique() == 2
    assert sorted(first["source_id"]) == sorted(again["source_id"])
    assert first["source_id"].str.fullmatch(r"[0-9a-f]{16}").all()


def test_hours_over_midnight_and_over_the_spring_forward_night(sourced_map, tmp_path):
    # Berlin, 2026-03-29: clocks go from 02:00 CET to 03:00 CEST
    path = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [
            # 23:00 CET (22:00Z) + 3 h = 01:00Z = 03:00 CEST: 1 h on the 28th, 2 h on the 29th
            toggl_row(
                "2026-03-28", "23:00:00", "2026-03-29", "03:00:00", "03:00:00", tags="learning"
            ),
            toggl_row(
                "2026-03-29", "10:00:00", "2026-03-29", "11:15:00", "01:15:00", tags="Learning"
            ),
            # 26 h from 22:00 CEST on the 30th: 2 h that day, then all 24 h of the 31st
            toggl_row(
                "2026-03-30", "22:00:00", "2026-04-01", "00:00:00", "26:00:00", tags="practice"
            ),
        ],
    )
    plan = plan_import(sourced_map, path, tz="Europe/Berlin", until="2026-11-30")
    got = plan.rows[["date", "hours", "category"]].values.tolist()
    assert got == [
        ["2026-03-28", 1.0, "learning"],
        ["2026-03-29", 2.0, "learning"],
        ["2026-03-29", 1.25, "learning"],
        ["2026-03-30", 2.0, "practice"],
        ["2026-03-31", 24.0, "practice"],
    ]
    totals = plan.totals.set_index(plan.totals["date"].dt.strftime("%Y-%m-%d"))
    assert totals.loc["2026-03-29", "hours"] == 3.25
    assert totals.loc["2026-03-31", "day_total"] == 24.0
    assert plan.ok


def test_the_fall_back_night_counts_real_hours_and_ends_tell_repeated_times(tmp_path):
    # Berlin, 2026-10-25: clocks go from 03:00 CEST back to 02:00 CET; 02:30 happens twice
    path = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [
            # 23:30 CEST (21:30Z) + 2 h = 23:30Z = 01:30 CEST: 0.5 h on the 24th, 1.5 h on the 25th
            toggl_row("2026-10-24", "23:30:00", "2026-10-25", "01:30:00", "02:00:00"),
            # first 02:30 (CEST, 00:30Z) + 45 min = 01:15Z = 02:15 CET
            toggl_row("2026-10-25", "02:30:00", "2026-10-25", "02:15:00", "00:45:00"),
            # second 02:30 (CET, 01:30Z) + 45 min = 02:15Z = 03:15 CET
            toggl_row("2026-10-25", "02:30:00", "2026-10-25", "03:15:00", "00:45:00"),
        ],
    )
    e = read_export(path, tz="Europe/Berlin", until="2026-11-30")
    starts = e["start"].dt.tz_convert(UTC).dt.strftime("%H:%M").tolist()
    assert starts == ["21:30", "00:30", "01:30"]
    assert e["hours"].tolist() == [2.0, 0.75, 0.75]


def test_a_fall_back_day_fully_tracked_has_25_hours_and_is_refused(sourced_map, tmp_path):
    path = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [toggl_row("2026-10-25", "00:00:00", "2026-10-26", "00:00:00", "25:00:00")],
    )
    plan = plan_import(sourced_map, path, tz="Europe/Berlin", until="2026-11-30")
    assert plan.rows[["date", "hours"]].values.tolist() == [["2026-10-25", 25.0]]
    assert not plan.ok
    [problem] = plan.problems
    assert (problem.location, problem.column, problem.value, problem.code) == (
        "line 2",
        "hours",
        "25.0",
        "out_of_range",
    )
    assert problem.rule.startswith("a number of hours > 0 and <= 24")


@pytest.mark.parametrize(
    ("row", "column", "value", "rule"),
    [
        (
            toggl_row("2026-03-02", "19:00:00", "", "", "1h30"),
            "Duration",
            "'1h30'",
            "a duration like 01:30:00",
        ),
        (
            toggl_row("2026-02-30", "19:00:00", "", "", "01:00:00"),
            "Start date",
            "'2026-02-30'",
            "a date like",
        ),
        (
            toggl_row("2026-03-02", "25:00:00", "", "", "01:00:00"),
            "Start time",
            "'25:00:00'",
            "a time like 19:30",
        ),
        (
            toggl_row("2026-03-02", "19:00:00", "2026-13-01", "20:00:00", "01:00:00"),
            "End date",
            "'2026-13-01'",
            "a date like",
        ),
        (toggl_row("", "19:00:00", "", "", "01:00:00"), "Start date", "(empty)", "required"),
    ],
)
def test_a_bad_value_is_reported_with_file_line_column_and_value(
    tmp_path, row, column, value, rule
):
    good = toggl_row("2026-03-01", "09:00:00", "2026-03-01", "10:00:00", "01:00:00")
    path = write_csv(tmp_path / "toggl.csv", TOGGL_HEADER, [good, good, row])
    with pytest.raises(ImportRejectedError, match=rule) as err:
        read_export(path, tz="Europe/Berlin")
    [problem] = err.value.problems
    assert (problem.file, problem.location, problem.column, problem.value) == (
        str(path),
        "line 4",
        column,
        value,
    )


def test_every_bad_line_is_reported_at_once(tmp_path):
    path = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [
            toggl_row("2026-03-02", "19:00:00", "", "", "soon"),
            toggl_row("2026-03-03", "19:00:00", "", "", "01:00:00"),
            toggl_row("2026-03-32", "7pm", "", "", "01:00:00"),
        ],
    )
    with pytest.raises(ImportRejectedError) as err:
        read_export(path, tz="Europe/Berlin")
    got = [(p.location, p.column) for p in err.value.problems]
    assert got == [("line 2", "Duration"), ("line 4", "Start date"), ("line 4", "Start time")]
    assert "3 problems in 1 file" in str(err.value)


def test_a_record_with_too_few_fields_names_its_line(tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(
        ",".join(TOGGL_HEADER) + "\n"
        "Sam,sam@example.com,,SQL,,Joins, part 1,No,2026-03-02,19:00:00,2026-03-02,20:00:00,01:00:00,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejectedError, match="must be in double quotes") as err:
        read_export(path, tz="Europe/Berlin")
    assert err.value.problems[0].location == "line 2"


def test_a_missing_column_is_named(tmp_path):
    header = [h for h in TOGGL_HEADER if h != "Start time"]
    path = tmp_path / "toggl.csv"
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError, match="no Start time column"):
        read_export(path, tz="Europe/Berlin", format="toggl")


def test_zero_duration_entries_are_kept_with_a_reason(tmp_path):
    path = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [toggl_row("2026-03-02", "19:00:00", "2026-03-02", "19:00:00", "00:00:00")],
    )
    e = read_export(path, tz="Europe/Berlin")
    assert e["skip_reason"].tolist() == ["zero duration: no time tracked"]


def test_entries_that_end_after_until_are_left_out(tmp_path):
    path = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [
            toggl_row("2026-03-02", "19:00:00", "2026-03-02", "20:00:00", "01:00:00"),
            toggl_row("2026-03-03", "19:00:00", "2026-03-03", "20:00:00", "01:00:00"),
        ],
    )
    e = read_export(path, tz="Europe/Berlin", until="2026-03-03T18:30:00Z")
    assert e["line"].tolist() == [2]
