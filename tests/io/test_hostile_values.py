"""Hostile values in valid files: dates pandas cannot hold, numbers that are no numbers,
and files with so many bad rows that reporting them all would never end.

Each property writes one hostile value into one field of the small valid map (tests/_maps.py)
and checks what the issue promises: ``careermap.load`` raises only MapValidationError, one
problem names the file, the CSV line or YAML path (with the entry's id), the column or key,
the value as written and what is accepted; ``careermap validate`` exits 1 without a traceback.
The expected locations are written by hand from the base text, not taken from the loader.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _hostile import assert_cli_refuses, one_problem
from _maps import FILES, GOAL_PROGRESS, ROADMAP, TIME_LOG, write_map
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careermap
from careermap.errors import MapValidationError
from careermap.io import check_log

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- where a value can go ---------------------------------------------------------------------

# (file, text to replace in the base file, where the value goes as {}, location, key)
YAML_DATES = [
    ("start: 2025-01-06", "start: {}", "person.start", "start"),
    ("horizon: 2029-12-31", "horizon: {}", "vision.horizon", "horizon"),
    ("deadline: 2026-06-30", "deadline: {}", "goals[0] (G1).deadline", "deadline"),
    ("target: 2025-03-31", "target: {}", "goals[0].milestones[0] (M1).target", "target"),
    ("done: 2025-03-20", "done: {}", "goals[0].milestones[0] (M1).done", "done"),
    ("planned: 2025-02-01", "planned: {}", "goals[1].milestones[0] (M3).planned", "planned"),
    ("dropped: 2025-05-01", "dropped: {}", "goals[1].milestones[0] (M3).dropped", "dropped"),
    ("{on: 2025-02-01,", "{{on: {},", "goals[0].milestones[0] (M1).reschedules[0].on", "on"),
    ("due: 2025-02-15", "due: {}", "goals[0].milestones[0].actions[0] (A1).due", "due"),
    ("done: 2025-02-10", "done: {}", "goals[0].milestones[0].actions[0] (A1).done", "done"),
]
# (log file, base text, a row with {} for the value, column); the row is the file's last line
CSV_DATES = [
    ("time_log.csv", TIME_LOG, "{},1,learning,G1,M1,,\n", "date"),
    ("assessments.csv", FILES["assessments.csv"], "{},Programming,3,self,\n", "date"),
    ("reviews.csv", FILES["reviews.csv"], "{},3,3,3,3,\n", "date"),
    ("goal_progress.csv", GOAL_PROGRESS, "{},G1,2\n", "date"),
]
CSV_NUMBERS = [
    ("time_log.csv", TIME_LOG, "2025-03-03,{},learning,G1,M1,,\n", "hours"),
    ("assessments.csv", FILES["assessments.csv"], "2025-05-01,Programming,{},self,\n", "level"),
    ("reviews.csv", FILES["reviews.csv"], "2025-03-31,{},3,3,3,\n", "satisfaction"),
    ("reviews.csv", FILES["reviews.csv"], "2025-03-31,3,3,3,{},\n", "alignment"),
    ("goal_progress.csv", GOAL_PROGRESS, "2025-06-01,G1,{}\n", "value"),
]
YAML_NUMBERS = [
    ("roadmap.yaml", "weekly_hours: 6", "weekly_hours: {}", "person.weekly_hours", "weekly_hours"),
    ("roadmap.yaml", "baseline: 0\n    target: 4", "baseline: {}\n    target: 4",
     "goals[0] (G1).baseline", "baseline"),
    ("roadmap.yaml", "target: 20\n", "target: {}\n", "goals[1] (G2).target", "target"),
    ("roadmap.yaml", "priority: 2\n", "priority: {}\n", "goals[1] (G2).priority", "priority"),
    ("roadmap.yaml", "effort_hours: 30", "effort_hours: {}",
     "goals[0].milestones[1] (M2).effort_hours", "effort_hours"),
    ("roadmap.yaml", "effort_hours: 8,", "effort_hours: {},",
     "goals[0].milestones[0].actions[0] (A1).effort_hours", "effort_hours"),
    ("roadmap.yaml", "{onet: 15-2051.01, priority: 1}", "{{onet: 15-2051.01, priority: {}}}",
     "vision.target_roles[0].priority", "priority"),
    ("roles/data-lead.yaml", "level: 5,", "level: {},", "requirements[0].level", "level"),
    ("roles/data-lead.yaml", "importance: 3}", "importance: {}}}",
     "requirements[1].importance", "importance"),
]  # fmt: skip


def csv_line(base: str) -> int:
    """The line a row appended to ``base`` is on."""
    return base.count("\n") + 1


def broken_map(file: str, text: str) -> Path:
    files = dict(FILES)
    files[file] = text
    return write_map(Path(tempfile.mkdtemp()) / "sam-lee", files)


def load_problems(folder: Path) -> list:
    with pytest.raises(MapValidationError) as info:
        careermap.load(folder)
    return list(info.value.problems)


# -- 1. dates outside what a map may hold ------------------------------------------------------

OUT_OF_RANGE = st.one_of(
    st.dates(max_value=dt.date(1899, 12, 31)), st.dates(min_value=dt.date(2200, 1, 1))
)


@SETTINGS
@given(day=OUT_OF_RANGE, field=st.sampled_from(YAML_DATES))
def test_a_roadmap_date_out_of_range_is_a_located_problem(day, field):
    old, new, location, key = field
    folder = broken_map("roadmap.yaml", ROADMAP.replace(old, new.format(day.isoformat()), 1))
    try:
        p = one_problem(load_problems(folder), file="roadmap.yaml", location=location)
        assert (p.column, p.value, p.code) == (key, repr(day.isoformat()), "date_out_of_range")
        assert "1900-01-01 to 2199-12-31" in p.rule
    finally:
        shutil.rmtree(folder.parent)


@SETTINGS
@given(day=OUT_OF_RANGE, log=st.sampled_from(CSV_DATES))
def test_a_log_date_out_of_range_is_a_located_problem(day, log):
    file, base, row, column = log
    folder = broken_map(file, base + row.format(day.isoformat()))
    try:
        p = one_problem(load_problems(folder), file=file, location=f"line {csv_line(base)}")
        assert (p.column, p.value, p.code) == (column, repr(day.isoformat()), "date_out_of_range")
    finally:
        shutil.rmtree(folder.parent)


@SETTINGS
@given(
    day=st.sampled_from([dt.date(1900, 1, 1), dt.date(2199, 12, 31)])
    | st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)),
    field=st.sampled_from(YAML_DATES),
)
def test_dates_inside_the_range_are_dates(day, field):
    old, new, _, _ = field
    folder = broken_map("roadmap.yaml", ROADMAP.replace(old, new.format(day.isoformat()), 1))
    try:
        _, problems, _ = careermap.validate(folder)
        assert not [p for p in problems if p.code in ("bad_date", "date_out_of_range")]
    finally:
        shutil.rmtree(folder.parent)


@pytest.mark.parametrize("text", ["3000-03-31", "9999-12-31", "0001-01-01", "1677-09-21"])
def test_validate_names_the_date_instead_of_a_pandas_message(make_map, text):
    folder = make_map({"roadmap.yaml": ROADMAP.replace("done: 2025-03-20", f"done: {text}")})
    said = assert_cli_refuses(folder, "goals[0].milestones[0] (M1).done", repr(text), "1900-01-01")
    assert "high-resolution" not in said and "datetime64" not in said


def test_a_cohort_skips_the_person_with_an_impossible_date(tmp_path):
    write_map(tmp_path / "c" / "sam-lee")
    late = dict(FILES)
    late["roadmap.yaml"] = ROADMAP.replace("id: sam-lee", "id: kim-park").replace(
        "horizon: 2029-12-31", "horizon: 3000-03-31"
    )
    write_map(tmp_path / "c" / "kim-park", late)
    m = careermap.load(tmp_path / "c", on_error="skip")
    assert m.person_ids == ["sam-lee"]
    (p,) = m.skipped
    assert (p.person_id, p.location, p.code) == ("kim-park", "vision.horizon", "date_out_of_range")


# -- 3. numbers that are no numbers --------------------------------------------------------

NOT_FINITE_TEXT = st.sampled_from(["inf", "-inf", "Infinity", "-Infinity", "nan", "NaN", "1e400"])
HUGE = st.integers(10**15 + 1, 10**400) | st.integers(-(10**400), -(10**15) - 1)


def shown(text: str) -> str:
    """A value as a problem shows it (docs/data-model.md): at most 60 characters, then …"""
    return text if len(text) <= 60 else text[:59] + "…"


NUMBER_RULES = ("inf, -inf and nan are not numbers", "larger than 1,000,000,000,000,000")


@SETTINGS
@given(value=NOT_FINITE_TEXT | HUGE.map(str), log=st.sampled_from(CSV_NUMBERS))
def test_a_log_number_must_be_finite_and_sized(value, log):
    file, base, row, column = log
    folder = broken_map(file, base + row.format(value))
    try:
        p = one_problem(
            load_problems(folder), file=file, location=f"line {csv_line(base)}", column=column
        )
        assert p.value == shown(repr(value))
        assert any(rule in p.rule for rule in NUMBER_RULES), p.rule
    finally:
        shutil.rmtree(folder.parent)


# YAML text -> the value as read (YAML floats .inf and 1.0e+400 are infinite; .nan is kept as
# the text written, since a float NaN would read as missing), as a problem shows it
YAML_NOT_NUMBERS = {
    ".inf": "inf",
    "-.inf": "-inf",
    "1.0e+400": "inf",
    ".nan": "'.nan'",
    ".NaN": "'.NaN'",
    "true": "true",
    "false": "false",
    "'Infinity'": "'Infinity'",
    "nan": "'nan'",
}


@SETTINGS
@given(
    value=st.sampled_from(sorted(YAML_NOT_NUMBERS)) | HUGE.map(str),
    field=st.sampled_from(YAML_NUMBERS),
)
def test_a_roadmap_number_must_be_finite_and_sized(value, field):
    file, old, new, location, key = field
    folder = broken_map(file, FILES[file].replace(old, new.format(value), 1))
    try:
        p = one_problem(load_problems(folder), file=file, location=location)
        assert p.column == key
        assert p.value == YAML_NOT_NUMBERS.get(value, shown(value))
        rules = (*NUMBER_RULES, "true and false are not numbers")
        assert any(rule in p.rule for rule in rules), p.rule
    finally:
        shutil.rmtree(folder.parent)


@pytest.mark.parametrize(
    ("file", "text", "fragments"),
    [
        ("reviews.csv", FILES["reviews.csv"] + "2025-03-31,inf,4,3,99999999999999999999999,\n",
         ["line 4, satisfaction: 'inf'", "line 4, alignment: '99999999999999999999999'"]),
        ("goal_progress.csv", GOAL_PROGRESS + "2025-06-01,G1,inf\n", ["line 4, value: 'inf'"]),
        ("roadmap.yaml", ROADMAP.replace("target: 4\n", "target: .inf\n"),
         ["goals[0] (G1).target: inf", "not numbers"]),
        ("roadmap.yaml", ROADMAP.replace("priority: 2", "priority: 99999999999999999999999"),
         ["goals[1] (G2).priority: 99999999999999999999999", "larger than"]),
    ],
)  # fmt: skip
def test_validate_says_which_number_instead_of_an_internal_error(make_map, file, text, fragments):
    assert_cli_refuses(make_map({file: text}), *fragments)


@pytest.mark.parametrize(
    ("file", "text", "location", "fixed"),
    [
        ("time_log.csv", TIME_LOG + '2025-03-01,"2,5",practice,G1,M2,,\n', "line 6", "2.5"),
        ("assessments.csv", FILES["assessments.csv"] + '2025-05-01,Programming,"3,75",self,\n',
         "line 6", "3.75"),
        ("roadmap.yaml", ROADMAP.replace("weekly_hours: 6", "weekly_hours: 6,5"),
         "person.weekly_hours", "6.5"),
    ],
)  # fmt: skip
def test_a_decimal_comma_is_told_to_be_a_point(make_map, file, text, location, fixed):
    p = one_problem(load_problems(make_map({file: text})), file=file, location=location)
    assert f"write {fixed}, not {fixed.replace('.', ',')}" in p.rule


def test_a_decimal_comma_splitting_a_row_gets_a_hint(make_map):
    folder = make_map({"time_log.csv": TIME_LOG + "2025-03-01,2,5,practice,G1,M2,,\n"})
    p = one_problem(load_problems(folder), file="time_log.csv", location="line 6")
    assert p.code == "ragged_row" and "write it with a decimal point: 2.5" in p.rule


# -- 13a. a huge broken file is reported in bounded time and memory -------------------------

MAX = 50  # careermap.io._table.MAX_PER_RULE, as documented in docs/data-model.md


@pytest.mark.parametrize("bad_rows", [MAX, MAX + 1, 700])
def test_problems_are_listed_up_to_a_cap_and_the_rest_counted(make_map, bad_rows):
    rows = "".join(
        f"2025-04-{1 + i % 28:02d},-{1 + i % 5},practice,G1,M2,,\n" for i in range(bad_rows)
    )
    rows += "".join(
        f"2025-05-{1 + i % 28:02d},0.5,practice,G{9 + i},M2,,\n" for i in range(bad_rows)
    )
    folder = make_map({"time_log.csv": TIME_LOG + rows})
    problems = load_problems(folder)
    first = csv_line(TIME_LOG)
    for column, code, start in (
        ("hours", "out_of_range", first),
        ("goal", "unknown_reference", first + bad_rows),
    ):
        mine = [p for p in problems if p.column == column and p.code == code]
        listed = [p for p in mine if p.location.startswith("line ")]
        expected = [f"line {start + i}" for i in range(min(bad_rows, MAX))]
        assert [p.location for p in listed] == expected
        counted = [p for p in mine if p.location.startswith("lines ")]
        if bad_rows <= MAX:
            assert counted == []
        else:
            (more,) = counted
            assert more.location == f"lines {start + MAX}-{start + bad_rows - 1}"
            assert f"... and {bad_rows - MAX:,} more like this" in more.rule
    assert_cli_refuses(folder, "more like this" if bad_rows > MAX else "problems in 1 file")


def test_the_store_check_reports_every_new_row_past_the_cap(small_map):
    """check_log for the rows the store adds lists each of them, however many bad rows the
    file already has (a count would let a bad new row through)."""
    m = careermap.load(small_map)
    old = "".join(f"2025-04-{1 + i % 28:02d},-1,practice,G1,M2,,\n" for i in range(3 * MAX))
    new = "".join("2025-06-01,-2,practice,G1,M2,,\n" for _ in range(MAX + 5))
    data = (TIME_LOG + old + new).encode()
    first_new = csv_line(TIME_LOG + old)
    lines = range(first_new, first_new + MAX + 5)
    found = check_log(data, "time_log", m, lines=lines)
    hours = [p for p in found if p.column == "hours" and p.code == "out_of_range"]
    assert [p.location for p in hours] == [f"line {n}" for n in lines]


# -- the same rules for a Parquet cohort ------------------------------------------------------


def test_a_parquet_cohort_holds_the_same_dates_and_numbers(small_map, tmp_path):
    careermap.load(small_map).to_parquet(tmp_path / "pq")
    progress = pd.read_parquet(tmp_path / "pq" / "goal_progress.parquet")
    progress.loc[0, "value"] = np.inf
    progress.to_parquet(tmp_path / "pq" / "goal_progress.parquet")
    log = pd.read_parquet(tmp_path / "pq" / "time_log.parquet")
    log.loc[1, "date"] = pd.Timestamp("2250-01-01")  # a datetime64[ns] holds it; a map not
    log.to_parquet(tmp_path / "pq" / "time_log.parquet")
    problems = load_problems(tmp_path / "pq")
    p = one_problem(problems, file="goal_progress.parquet", location="row 0", column="value")
    assert (p.value, p.code) == ("inf", "not_finite")
    p = one_problem(problems, file="time_log.parquet", location="row 1", column="date")
    assert p.code == "date_out_of_range" and "2250-01-01" in p.value


def test_a_file_that_is_not_parquet_is_named(small_map, tmp_path):
    careermap.load(small_map).to_parquet(tmp_path / "pq")
    (tmp_path / "pq" / "reviews.parquet").write_bytes(b"PAR1 not really")
    p = one_problem(load_problems(tmp_path / "pq"), file="reviews.parquet")
    # (it starts with PAR1 but does not end with it: refused before pandas reads it)
    assert p.code == "not_parquet" and "not a Parquet file" in p.rule


def test_an_estimate_over_100000_hours_is_a_located_problem():
    # the cohort KPIs add estimates as int64 units of 1e-9 hours (docs/cohort.md#precision)
    text = ROADMAP.replace("effort_hours: 30", "effort_hours: 100001", 1)
    p = one_problem(
        load_problems(broken_map("roadmap.yaml", text)),
        file="roadmap.yaml",
        location="goals[0].milestones[1] (M2).effort_hours",
    )
    assert p.column == "effort_hours" and p.value == "100001"
    assert "<= 100,000" in str(p)
    ok = ROADMAP.replace("effort_hours: 30", "effort_hours: 100000", 1)
    assert careermap.load(
        write_map(Path(tempfile.mkdtemp()) / "sam-lee", {**FILES, "roadmap.yaml": ok})
    )


# -- issue 26: one number rule (no digit separators, no other scripts' digits) --------------


@pytest.mark.parametrize(
    ("file", "text", "column", "value"),
    [
        (
            "time_log.csv",
            "date,hours,category,goal,milestone,action,note\n2025-02-03,1_0,learning,,,,\n",
            "hours",
            "'1_0'",
        ),
        (
            "assessments.csv",
            "date,skill,level,source,note\n2025-02-03,Programming,0_5,self,\n",
            "level",
            "'0_5'",
        ),
        ("goal_progress.csv", "date,goal,value\n2025-03-01,G1,1_000\n", "value", "'1_000'"),
        (
            "time_log.csv",
            "date,hours,category,goal,milestone,action,note\n2025-02-03,\u0661,learning,,,,\n",
            "hours",
            "'\u0661'",
        ),
    ],
)
def test_a_number_with_digit_separators_is_refused_not_misread(make_map, file, text, column, value):
    """Python's float() reads 1_0 as 10 and Arabic-Indic digits as digits; pandera would
    coerce so. The loader refuses them, naming the line, column and value (issue 26)."""
    folder = make_map({file: text})
    assert_cli_refuses(folder, f"line 2, {column}: {value}", "no separators")


def test_a_yaml_number_with_digit_separators_is_refused(make_map):
    """YAML 1.1 reads ``target: 1_000`` as 1000; careermap keeps it as written and refuses it."""
    folder = make_map({"roadmap.yaml": ROADMAP.replace("target: 20\n", "target: 1_000\n", 1)})
    assert "target: 1_000" in (folder / "roadmap.yaml").read_text()
    assert_cli_refuses(folder, "target: '1_000'", "no separators")


@given(st.text(alphabet="0123456789_.-+eE \u0661\uff11x", max_size=8))
def test_the_number_rule_matches_the_loader(text):
    """``parse_number`` (the CLI, the importers) and the loader's reading of a log cell
    accept the same texts, as the same numbers; checked against plain pandas, which never
    takes separators, and a hand-written ASCII pattern."""
    from careermap._vocab import parse_number

    stripped = text.strip()
    ascii_number = re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", stripped)
    expected = float(stripped) if ascii_number else None
    assert parse_number(text) == expected
    if expected is not None:
        assert pd.to_numeric(pd.Series([stripped]), errors="coerce").iloc[0] == expected
