"""store.append with add_columns (an import's source columns) and dry_run; store.read_roadmap."""

from __future__ import annotations

import hashlib

import pytest

import careermap
from careermap import store
from careermap.errors import InvalidArgumentError

ROW = {"date": "2025-02-10", "hours": 1.5, "category": "practice", "goal": "G1", "milestone": "M2"}
SOURCED = {**ROW, "source": "toggl", "source_id": "3f2a9c0d11e4b7a8"}


def test_new_columns_extend_the_header_and_pad_every_row_and_nothing_else(make_map):
    # CRLF line ends, a BOM, a note over two lines, a blank line and no final line end
    log = (
        "\ufeffdate,hours,category,goal,milestone,action,note\r\n"
        '2025-01-07,1.5,learning,G1,M1,A1,"module 1,\r\nthen 2"\r\n'
        "\r\n"
        "2025-01-09,2,learning,G1,M1,,"
    )
    folder = make_map({"time_log.csv": log})
    before = (folder / "time_log.csv").read_bytes()
    change = store.append(folder, "time_log", SOURCED, add_columns=["source", "source_id"])
    assert str(change) == "time_log.csv: added line 6"
    assert (folder / "time_log.csv").read_bytes() == (
        "\ufeffdate,hours,category,goal,milestone,action,note,source,source_id\r\n"
        '2025-01-07,1.5,learning,G1,M1,A1,"module 1,\r\nthen 2",,\r\n'
        "\r\n"
        "2025-01-09,2,learning,G1,M1,,,,\r\n"
        "2025-02-10,1.5,practice,G1,M2,,,toggl,3f2a9c0d11e4b7a8\r\n"
    ).encode("utf-8")
    m = careermap.load(folder)
    assert m.time_log["source"].isna().tolist() == [True, True, False]
    assert m.time_log["note"].iloc[0] == "module 1,\r\nthen 2"
    store.undo(folder)
    assert (folder / "time_log.csv").read_bytes() == before


def test_columns_already_there_are_a_plain_append(make_map):
    log = (
        "date,hours,category,goal,milestone,action,note,source_id,source\n"
        "2025-01-07,1.5,learning,G1,M1,A1,module 1,,\n"
    )
    folder = make_map({"time_log.csv": log})
    before = (folder / "time_log.csv").read_bytes()
    store.append(folder, "time_log", SOURCED, add_columns=["source", "source_id"])
    assert (folder / "time_log.csv").read_bytes() == (
        before + b"2025-02-10,1.5,practice,G1,M2,,,3f2a9c0d11e4b7a8,toggl\n"
    )


def test_a_new_log_gets_the_columns_in_its_header(make_map):
    folder = make_map({"time_log.csv": None})
    store.append(folder, "time_log", SOURCED, add_columns=["source", "source_id"])
    assert (folder / "time_log.csv").read_text() == (
        "date,hours,category,goal,milestone,action,note,source,source_id\n"
        "2025-02-10,1.5,practice,G1,M2,,,toggl,3f2a9c0d11e4b7a8\n"
    )


def test_keys_not_named_in_add_columns_are_still_refused(small_map, digest):
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError, match=r"not a column of time_log\.csv") as err:
        store.append(small_map, "time_log", {**SOURCED, "sorce": "x"}, add_columns=["source"])
    assert [p.column for p in err.value.problems] == ["source_id", "sorce"]
    assert digest(small_map) == before


@pytest.mark.parametrize("name", ["source id", "", "1st", "a,b", 'x"'])
def test_add_columns_must_be_plain_names(small_map, name):
    with pytest.raises(InvalidArgumentError, match="add_columns must be column names"):
        store.append(small_map, "time_log", ROW, add_columns=[name])


def test_a_refused_row_leaves_the_header_as_it_was(small_map, digest):
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError, match="add up to 25"):
        store.append(
            small_map,
            "time_log",
            {**SOURCED, "date": "2025-01-09", "hours": 23},
            add_columns=["source", "source_id"],
        )
    assert digest(small_map) == before


def test_dry_run_checks_like_a_write_and_writes_nothing(small_map):
    def files():
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in small_map.rglob("*")
            if p.is_file()
        }

    before = files()
    change = store.append(
        small_map, "time_log", [SOURCED, SOURCED], add_columns=["source", "source_id"], dry_run=True
    )
    assert str(change) == "time_log.csv: would add lines 6-7"
    assert change.rows["source_id"].tolist() == ["3f2a9c0d11e4b7a8"] * 2
    with pytest.raises(store.EntryRejectedError, match="add up to 25"):
        store.append(
            small_map, "time_log", {**ROW, "date": "2025-01-09", "hours": 23}, dry_run=True
        )
    # no journal, no backup, no lock file: the folder is as it was
    assert files() == before
    assert store.history(small_map).empty


def test_dry_run_may_check_rows_against_the_bundled_sample():
    sample = careermap.sample_path()
    before = (sample / "time_log.csv").read_bytes()
    row = {"date": "2026-11-16", "hours": 1, "category": "learning", "goal": "G2"}
    assert str(store.append(sample, "time_log", row, dry_run=True)) == (
        "time_log.csv: would add line 314"
    )
    assert (sample / "time_log.csv").read_bytes() == before
    assert not (sample / store.LOCK_FILE).exists()
    with pytest.raises(InvalidArgumentError, match="bundled demo data"):
        store.append(sample, "time_log", row)


def test_read_roadmap_gives_the_map_without_logs_or_the_roadmaps_problems(make_map):
    from _maps import ROADMAP

    m = store.read_roadmap(make_map({"time_log.csv": "date,hours\nnot a date,x\n"}))
    assert m.goals["goal_id"].tolist() == ["G1", "G2"] and m.time_log.empty
    broken = make_map({"roadmap.yaml": ROADMAP.replace("weekly_hours: 6", "weekly_hours: 600")})
    with pytest.raises(store.EntryRejectedError, match="the roadmap has problems") as err:
        store.read_roadmap(broken)
    assert err.value.problems[0].location == "person.weekly_hours"
