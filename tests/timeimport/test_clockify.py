"""Clockify detailed-report CSV exports: 12-hour times, both date orders, and refusals."""

from __future__ import annotations

import pytest
from timeimport._exports import CLOCKIFY_HEADER, clockify_row, write_csv

from careermap.errors import ImportRejectedError
from careermap.timeimport import detect_format, plan_import, read_export


def _local(e, col="start"):
    return e[col].dt.strftime("%Y-%m-%d %H:%M").tolist()


def test_twelve_hour_times_including_midnight_and_noon(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row(
                "2026-03-02", "07:30:00 PM", "2026-03-02", "09:00:00 PM", "01:30:00", "1.50"
            ),
            clockify_row(
                "2026-03-03", "12:15:00 PM", "2026-03-03", "01:00:00 PM", "00:45:00", "0.75"
            ),
            clockify_row(
                "2026-03-04", "12:30:00 AM", "2026-03-04", "01:00:00 AM", "00:30:00", "0.50"
            ),
            clockify_row("2026-03-05", "08:05 am", "2026-03-05", "08:35 am", "00:30:00", "0.50"),
        ],
    )
    e = read_export(path, tz="America/New_York")
    assert _local(e) == [
        "2026-03-02 19:30",
        "2026-03-03 12:15",
        "2026-03-04 00:30",
        "2026-03-05 08:05",
    ]
    assert e["hours"].tolist() == [1.5, 0.75, 0.5, 0.5]


def test_day_first_dates_are_told_by_a_day_above_12(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row("03/04/2026", "09:00:00", "03/04/2026", "10:00:00", "01:00:00", "1.00"),
            clockify_row("13/04/2026", "09:00:00", "13/04/2026", "10:00:00", "01:00:00", "1.00"),
        ],
    )
    assert _local(read_export(path, tz="Europe/Berlin")) == ["2026-04-03 09:00", "2026-04-13 09:00"]


def test_month_first_dates_are_told_by_a_day_above_12(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row("03/04/2026", "09:00 AM", "03/04/2026", "10:00 AM", "01:00:00", "1.00"),
            clockify_row("04/13/2026", "09:00 AM", "04/13/2026", "10:00 AM", "01:00:00", "1.00"),
        ],
    )
    assert _local(read_export(path, tz="Europe/Berlin")) == ["2026-03-04 09:00", "2026-04-13 09:00"]


def test_dotted_day_first_dates(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [clockify_row("25.10.2026", "09:00:00", "25.10.2026", "10:00:00", "01:00:00", "1.00")],
    )
    assert _local(read_export(path, tz="Europe/Berlin")) == ["2026-10-25 09:00"]


def test_an_entry_over_midnight_tells_the_order_when_no_day_is_above_12(tmp_path):
    # 03/05 -> 03/06 with 2 h: month-first is 5 -> 6 March (fits); day-first would be
    # 3 May -> 3 June (a month for 2 h), so only month-first fits
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row("03/02/2026", "07:00 PM", "03/02/2026", "08:30 PM", "01:30:00", "1.50"),
            clockify_row("03/05/2026", "11:00 PM", "03/06/2026", "01:00 AM", "02:00:00", "2.00"),
        ],
    )
    e = read_export(path, tz="America/New_York")
    assert _local(e) == ["2026-03-02 19:00", "2026-03-05 23:00"]


def test_an_undecidable_order_is_refused_with_how_to_choose(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row("04/04/2026", "09:00:00", "04/04/2026", "10:00:00", "01:00:00", "1.00"),
            clockify_row("03/04/2026", "09:00:00", "03/04/2026", "10:00:00", "01:00:00", "1.00"),
        ],
    )
    with pytest.raises(ImportRejectedError, match="--date-order dmy") as err:
        read_export(path, tz="Europe/Berlin")
    [problem] = err.value.problems
    assert (problem.location, problem.column, problem.value) == (
        "line 3",
        "Start Date",
        "'03/04/2026'",
    )
    assert "03 April 2026 or March 04, 2026" in problem.rule
    day_first = read_export(path, tz="Europe/Berlin", date_order="dmy")
    month_first = read_export(path, tz="Europe/Berlin", date_order="mdy")
    assert _local(day_first) == ["2026-04-04 09:00", "2026-04-03 09:00"]
    assert _local(month_first) == ["2026-04-04 09:00", "2026-03-04 09:00"]


def test_both_orders_in_one_file_are_refused(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row("13/04/2026", "09:00:00", "13/04/2026", "10:00:00", "01:00:00", "1.00"),
            clockify_row("04/14/2026", "09:00:00", "04/14/2026", "10:00:00", "01:00:00", "1.00"),
        ],
    )
    with pytest.raises(ImportRejectedError, match=r"line 3 \('04/14/2026'\) is month-first"):
        read_export(path, tz="Europe/Berlin")


def test_an_impossible_date_in_either_order_is_a_bad_date(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row("13/04/2026", "09:00:00", "13/04/2026", "10:00:00", "01:00:00", "1.00"),
            clockify_row("31/02/2026", "09:00:00", "31/02/2026", "10:00:00", "01:00:00", "1.00"),
        ],
    )
    with pytest.raises(ImportRejectedError) as err:
        read_export(path, tz="Europe/Berlin")
    got = [(p.location, p.column, p.value, p.code) for p in err.value.problems]
    assert got == [
        ("line 3", "Start Date", "'31/02/2026'", "bad_date"),
        ("line 3", "End Date", "'31/02/2026'", "bad_date"),
    ]
    assert "DD/MM/YYYY" in err.value.problems[0].rule


def test_the_decimal_duration_is_used_when_it_is_the_only_one(tmp_path):
    header = [h for h in CLOCKIFY_HEADER if h != "Duration (h)"]
    rows = [
        [c for h, c in zip(CLOCKIFY_HEADER, row, strict=True) if h != "Duration (h)"]
        for row in [
            clockify_row("2026-03-02", "19:00", "2026-03-02", "20:15", "", "1.25"),
            clockify_row("2026-03-03", "19:00", "2026-03-03", "19:20", "", "0,3333"),
        ]
    ]
    path = write_csv(tmp_path / "clockify.csv", header, rows)
    assert detect_format(path.read_text(encoding="utf-8-sig")) == "clockify"
    e = read_export(path, tz="Europe/Berlin")
    assert e["hours"].round(4).tolist() == [1.25, 0.3333]


def test_a_bad_twelve_hour_time_and_a_bad_decimal_are_named(tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row(
                "2026-03-02", "13:30:00 PM", "2026-03-02", "02:00:00 PM", "00:30:00", "0.5"
            ),
            clockify_row("2026-03-03", "09:00:00", "2026-03-03", "10:00:00", "1:xx", "1.0"),
        ],
    )
    with pytest.raises(ImportRejectedError) as err:
        read_export(path, tz="Europe/Berlin")
    got = [(p.location, p.column, p.value) for p in err.value.problems]
    assert got == [("line 2", "Start Time", "'13:30:00 PM'"), ("line 3", "Duration (h)", "'1:xx'")]


def test_semicolon_separated_exports_are_read(tmp_path):
    path = tmp_path / "clockify.csv"
    path.write_text(
        ";".join(CLOCKIFY_HEADER)
        + "\n"
        + ";".join(clockify_row("2026-03-02", "19:00", "2026-03-02", "20:00", "01:00:00", "1,00"))
        + "\n",
        encoding="utf-8",
    )
    e = read_export(path, tz="Europe/Berlin")
    assert (e["source"].tolist(), e["hours"].tolist()) == (["clockify"], [1.0])


def test_hours_per_local_day_from_a_twelve_hour_export_over_midnight(sourced_map, tmp_path):
    path = write_csv(
        tmp_path / "clockify.csv",
        CLOCKIFY_HEADER,
        [
            clockify_row(
                "11/01/2026",
                "11:30:00 PM",
                "11/02/2026",
                "12:30:00 AM",
                "01:00:00",
                "1.00",
                tags="reflection",
            ),
            clockify_row(
                "11/02/2026",
                "06:00:00 PM",
                "11/02/2026",
                "07:45:00 PM",
                "01:45:00",
                "1.75",
                tags="Job Search",
            ),
        ],
    )
    plan = plan_import(
        sourced_map, path, tz="America/New_York", date_order="mdy", until="2026-11-30"
    )
    assert plan.rows[["date", "hours", "category"]].values.tolist() == [
        ["2026-11-01", 0.5, "reflection"],
        ["2026-11-02", 0.5, "reflection"],
        ["2026-11-02", 1.75, "job_search"],
    ]
