"""store.append: what is written, what is refused (and then nothing is written)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import careermap
from careermap import store
from careermap.errors import InvalidArgumentError, StoreConflictError
from careermap.schemas import LOG_COLUMNS

ROW = {"date": "2025-01-20", "hours": 1.5, "category": "practice", "goal": "G1", "milestone": "M2"}


def test_append_one_row_adds_exactly_one_line(small_map):
    before = (small_map / "time_log.csv").read_bytes()
    change = store.append(small_map, "time_log", {**ROW, "note": "dashboard, draft 1"})
    after = (small_map / "time_log.csv").read_bytes()
    assert after == before + b'2025-01-20,1.5,practice,G1,M2,,"dashboard, draft 1"\n'
    assert str(change) == "time_log.csv: added line 6"
    assert change.rows.index.tolist() == [6]
    assert change.rows.loc[6, "note"] == "dashboard, draft 1"
    m = careermap.load(small_map)
    assert m.time_log["hours"].tolist() == [1.5, 2.0, 1.0, 3.0, 1.5]


def test_append_accepts_frames_dates_numbers_and_frame_column_names(small_map):
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-02-01", "2025-02-02"]),
            "hours": [0.25, 2],
            "category": ["learning", "reflection"],
            "goal_id": ["G1", None],
            "milestone_id": ["M2", None],
        }
    )
    change = store.append(small_map, "time_log", rows)
    text = (small_map / "time_log.csv").read_text()
    assert text.endswith("2025-02-01,0.25,learning,G1,M2,,\n2025-02-02,2,reflection,,,,\n")
    assert str(change) == "time_log.csv: added lines 6-7"
    store.append(
        small_map, "goal_progress", [{"date": dt.date(2025, 6, 1), "goal": "G1", "value": 2}]
    )
    assert (small_map / "goal_progress.csv").read_text().endswith("2025-06-01,G1,2\n")


@pytest.mark.parametrize(
    ("table", "row", "expected"),
    [
        ("time_log", {**ROW, "hours": 25}, {("hours", "out_of_range")}),
        ("time_log", {**ROW, "hours": 0}, {("hours", "out_of_range")}),
        ("time_log", {**ROW, "hours": "two"}, {("hours", "wrong_type")}),
        ("time_log", {**ROW, "date": "20/01/2025"}, {("date", "bad_date")}),
        ("time_log", {**ROW, "date": "2025-02-30"}, {("date", "bad_date")}),
        ("time_log", {**ROW, "category": "study"}, {("category", "not_allowed")}),
        ("time_log", {**ROW, "goal": "G7"}, {("goal", "unknown_reference")}),
        ("time_log", {**ROW, "milestone": "M1x"}, {("milestone", "unknown_reference")}),
        ("time_log", {**ROW, "goal": "G2"}, {("goal", "mismatched_reference")}),
        ("time_log", {**ROW, "action": "A1"}, {("milestone", "mismatched_reference")}),
        ("time_log", {"hours": 1, "category": "other"}, {("date", "missing_value")}),
        ("time_log", {**ROW, "mood": "great"}, {("mood", "unknown_column")}),
        ("assessments", {"date": "2025-05-01", "skill": "Programing", "level": 4, "source": "self"}, {("skill", "unknown_skill")}),
        ("assessments", {"date": "2025-05-01", "skill": "Writing", "level": 7.5, "source": "self"}, {("level", "out_of_range")}),
        ("assessments", {"date": "2025-05-01", "skill": "Writing", "level": 4, "source": "boss"}, {("source", "not_allowed")}),
        ("assessments", {"date": "2025-05-01", "skill": "Writing", "level": 4}, {("source", "missing_value")}),
        ("reviews", {"date": "2025-03-31", "satisfaction": 6, "motivation": 4, "confidence": 3, "alignment": 4}, {("satisfaction", "out_of_range")}),
        ("reviews", {"date": "2025-03-31", "satisfaction": 3.5, "motivation": 4, "confidence": 3, "alignment": 4}, {("satisfaction", "wrong_type")}),
        ("goal_progress", {"date": "2025-06-01", "goal": "G9", "value": 1}, {("goal", "unknown_reference")}),
        ("goal_progress", {"date": "2025-06-01", "goal": "G1", "value": "many"}, {("value", "wrong_type")}),
    ],
)  # fmt: skip
def test_invalid_rows_are_rejected_and_nothing_is_written(small_map, table, row, expected, digest):
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError, match="not written") as info:
        store.append(small_map, table, row)
    assert {(p.column, p.code) for p in info.value.problems} == expected
    assert digest(small_map) == before
    assert not (small_map / ".careermap").exists()  # no journal entry either


def test_rejection_names_file_line_column_value_and_rule(small_map):
    with pytest.raises(store.EntryRejectedError) as info:
        store.append(small_map, "time_log", [ROW, {**ROW, "hours": 30, "goal": "G7"}])
    text = str(info.value)
    assert text.startswith("time_log.csv: the 2 new rows were not written:")
    lines = text.splitlines()[3:]  # in the file's column order
    assert lines[0] == "    line 7, hours: 30 -> a number of hours > 0 and <= 24"
    assert lines[1].startswith("    line 7, goal: 'G7' -> no goal with this id in roadmap.yaml")
    frame = info.value.to_frame()
    assert set(frame["location"]) == {"line 7"}
    assert set(frame["file"]) == {"time_log.csv"}


def test_a_days_total_counts_the_rows_already_logged(small_map, digest):
    # 2025-01-07 already holds 1.5 h (line 2)
    store.append(small_map, "time_log", {**ROW, "date": "2025-01-07", "hours": 22.5})
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError) as info:
        store.append(small_map, "time_log", {**ROW, "date": "2025-01-07", "hours": 0.5})
    (problem,) = info.value.problems
    assert problem.code == "day_over_24h"
    assert problem.location == "line 7"
    assert "add up to 24.5 (lines 2, 6, 7)" in problem.rule
    assert digest(small_map) == before


def test_a_days_total_counts_the_new_rows_together(small_map):
    rows = [
        {**ROW, "date": "2025-03-03", "hours": 12},
        {**ROW, "date": "2025-03-03", "hours": 12.5},
    ]
    with pytest.raises(store.EntryRejectedError, match=r"add up to 24\.5"):
        store.append(small_map, "time_log", rows)


CASES = [
    {"date": "2025-01-20", "hours": "1e0", "category": "practice"},
    {"date": "2025-01-20T09:30", "hours": "1", "category": "practice"},
    {"date": "2025-01-20 x", "hours": "1", "category": "practice"},
    {"date": "2025-01-20", "hours": "inf", "category": "practice"},
    {"date": "2025-01-20", "hours": "nan", "category": "practice"},
    {"date": "2025-01-20", "hours": "-1", "category": "practice"},
    {"date": "2025-01-07", "hours": "23", "category": "practice"},
    {"date": "2025-01-20", "hours": "1", "category": "Practice"},
    {"date": "2025-01-20", "hours": "1", "category": "practice", "goal": "g1"},
    {"date": "2025-01-20", "hours": "1", "category": "practice", "milestone": "M3", "action": "A1"},
]


def test_the_store_agrees_with_the_loader(small_map, tmp_path):
    """A row is refused for exactly the reasons loading a file with it would give."""
    copy = Path(shutil.copytree(small_map, tmp_path / "copy" / "sam-lee"))
    with (copy / "time_log.csv").open("a") as fh:
        for row in CASES:
            fh.write(",".join(row.get(c, "") for c in LOG_COLUMNS["time_log"]) + "\n")
    _, problems, _ = careermap.validate(copy)
    first = 6  # the small map's log has a header and 4 rows
    for i, row in enumerate(CASES):
        line = first + i
        loader = {
            (p.column, p.code)
            for p in problems
            # the loader puts a day's total on the day's first row and lists the others
            if p.location == f"line {line}" or re.search(rf"\(lines .*\b{line}\b", p.rule)
        }
        try:
            store.append(small_map, "time_log", row)
            refused: set[tuple[str, str]] = set()
        except store.EntryRejectedError as exc:
            refused = {(p.column, p.code) for p in exc.problems}
        assert refused == loader, row


def test_files_are_kept_as_they_are_written(small_map):
    log = small_map / "time_log.csv"
    # Excel-style: BOM, CRLF, an extra column, and no newline after the last row
    log.write_bytes(
        b"\xef\xbb\xbfdate,hours,category,goal,milestone,action,note,mood\r\n"
        b"2025-01-07,1.5,learning,G1,M1,A1,module 1,good"
    )
    store.append(small_map, "time_log", {**ROW, "mood": "tired"})
    store.append(small_map, "time_log", {**ROW, "date": "2025-01-21"})
    assert log.read_bytes() == (
        b"\xef\xbb\xbfdate,hours,category,goal,milestone,action,note,mood\r\n"
        b"2025-01-07,1.5,learning,G1,M1,A1,module 1,good\r\n"
        b"2025-01-20,1.5,practice,G1,M2,,,tired\r\n"
        b"2025-01-21,1.5,practice,G1,M2,,,\r\n"
    )
    assert careermap.load(small_map).time_log["mood"].fillna("").tolist() == ["good", "tired", ""]


def test_a_missing_log_is_created_with_its_header(small_map):
    (small_map / "reviews.csv").unlink()
    row = {
        "date": "2025-03-31",
        "satisfaction": 4,
        "motivation": 4,
        "confidence": 3,
        "alignment": 5,
    }
    store.append(small_map, "reviews", row)
    assert (small_map / "reviews.csv").read_text() == (
        "date,satisfaction,motivation,confidence,alignment,note\n2025-03-31,4,4,3,5,\n"
    )


def test_optional_columns_missing_from_the_header(small_map):
    (small_map / "goal_progress.csv").write_text("date,goal,value\n")
    (small_map / "time_log.csv").write_text("date,hours,category\n2025-01-07,1,learning\n")
    store.append(small_map, "time_log", {"date": "2025-01-08", "hours": 1, "category": "other"})
    assert (small_map / "time_log.csv").read_text().endswith("2025-01-08,1,other\n")
    with pytest.raises(store.EntryRejectedError, match="has no note column; add ,note"):
        store.append(small_map, "time_log", {**ROW, "goal": None, "milestone": None, "note": "x"})


def test_a_broken_header_is_refused(small_map):
    (small_map / "time_log.csv").write_text("when;hours;category\n")
    with pytest.raises(store.EntryRejectedError, match="header line must name the columns"):
        store.append(small_map, "time_log", ROW)


def test_a_roadmap_with_problems_is_reported_first(small_map):
    road = small_map / "roadmap.yaml"
    road.write_text(road.read_text().replace("weekly_hours: 6", "weekly_hours: 600"))
    with pytest.raises(store.EntryRejectedError, match="roadmap has problems") as info:
        store.append(small_map, "time_log", ROW)
    assert [(p.file, p.location) for p in info.value.problems] == [
        ("roadmap.yaml", "person.weekly_hours")
    ]


def test_a_roadmap_edit_by_hand_is_seen_by_the_next_append(small_map):
    store.append(small_map, "time_log", ROW)
    road = small_map / "roadmap.yaml"
    road.write_text(road.read_text().replace("id: M2", "id: M2b"))
    with pytest.raises(store.EntryRejectedError, match="did you mean 'M2b'"):
        store.append(small_map, "time_log", ROW)


def test_bad_arguments(small_map, tmp_path):
    with pytest.raises(InvalidArgumentError, match="table must be one of time_log"):
        store.append(small_map, "timelog", ROW)
    with pytest.raises(InvalidArgumentError, match="no rows to append"):
        store.append(small_map, "time_log", [])
    with pytest.raises(InvalidArgumentError, match="rows must be a dict"):
        store.append(small_map, "time_log", "2025-01-01,1,other")
    with pytest.raises(InvalidArgumentError, match=r"holds no roadmap\.yaml"):
        store.append(tmp_path, "time_log", ROW)


def test_the_bundled_sample_is_never_written(digest):
    before = digest(careermap.sample_path())
    with pytest.raises(InvalidArgumentError, match="bundled demo data"):
        store.append(careermap.sample_path(), "time_log", ROW)
    assert digest(careermap.sample_path()) == before


def test_a_held_lock_times_out_and_nothing_is_written(small_map, digest):
    fcntl = pytest.importorskip("fcntl")
    before = digest(small_map)
    with open(small_map / store.LOCK_FILE, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(StoreConflictError, match=r"held the lock .* for more than 0\.2 s"):
            store.append(small_map, "time_log", ROW, timeout=0.2)
    assert digest(small_map) == before
    store.append(small_map, "time_log", ROW, timeout=0.2)  # released: works again


def test_a_lone_carriage_return_in_a_note_keeps_the_row_whole(small_map):
    store.append(small_map, "time_log", {**ROW, "note": "before\rafter"})
    assert careermap.load(small_map).time_log["note"].iloc[-1] == "before\rafter"
    with pytest.raises(store.EntryRejectedError) as info:
        store.append(small_map, "time_log", {**ROW, "hours": 30})
    (problem,) = info.value.problems
    # the CSV reader counts the \r as a line end: the next row starts on line 8
    assert problem.location == "line 8"
    with (small_map / "time_log.csv").open("a") as fh:
        fh.write("2025-01-20,30,practice,G1,M2,,\n")
    _, problems, _ = careermap.validate(small_map)
    assert [p.location for p in problems] == ["line 8"]


def test_rows_after_a_quote_never_closed_are_refused(small_map, digest):
    with (small_map / "time_log.csv").open("a") as fh:
        fh.write('2025-01-20,1,practice,G1,M2,,"a note typed by hand\n')
    assert careermap.validate(small_map)[1] == []  # the quote swallows the rest of the file
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError, match="never closes") as info:
        store.append(small_map, "time_log", ROW)
    assert [(p.location, p.code) for p in info.value.problems] == [("line 7", "not_a_row")]
    assert digest(small_map) == before


def test_a_note_longer_than_a_cell_may_hold_is_refused(small_map, digest):
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError, match="longer than 131,072 characters"):
        store.append(small_map, "time_log", {**ROW, "note": "x" * 131_073})
    assert digest(small_map) == before
    store.append(small_map, "time_log", {**ROW, "note": "x" * 131_072})


def test_a_file_that_cannot_be_read_is_named_before_any_row(small_map, digest):
    (small_map / "reviews.csv").write_bytes(
        b"date,satisfaction,motivation,confidence,alignment,note\n2025-01-31,3,4,3,4,caf\xe9\n"
    )
    before = digest(small_map)
    row = {"date": "2025-03-31", "satisfaction": 9, "motivation": 4, "confidence": 3,
           "alignment": 5}  # fmt: skip
    with pytest.raises(store.EntryRejectedError, match=r"reviews\.csv cannot be read") as info:
        store.append(small_map, "reviews", row)
    assert [(p.location, p.code) for p in info.value.problems] == [("line 2", "encoding")]
    assert digest(small_map) == before


def test_a_nul_character_in_a_note_is_refused_on_its_line(small_map, digest):
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError, match="NUL character") as info:
        store.append(small_map, "time_log", {**ROW, "note": "pasted\x00from a PDF"})
    assert [(p.location, p.code) for p in info.value.problems] == [("line 6", "binary_file")]
    assert digest(small_map) == before
