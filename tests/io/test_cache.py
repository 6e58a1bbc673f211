"""``careermap.io.load_cached`` and ``remembered``: a hit only while nothing changed.

Every map from the cache is compared with ``careermap.load`` of the same folder (the
reference: no cache involved), frame by frame.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import careermap
from careermap.demo import generate_cohort
from careermap.errors import MapValidationError
from careermap.io import cache_dir, load_cached, remembered


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CAREERMAP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    return generate_cohort(tmp_path / "cohort", people=4, seed=3)


def same_map(got: careermap.CareerMap, folder: Path) -> None:
    want = careermap.load(folder)
    assert got.frames().keys() == want.frames().keys()
    for name, frame in want.frames().items():
        pd.testing.assert_frame_equal(got.frames()[name], frame, obj=name)
    assert got.warnings == want.warnings
    assert (got.root, got.cohort) == (want.root, want.cohort)


def first_log(cohort: Path) -> Path:
    return sorted(cohort.glob("*/time_log.csv"))[0]


def test_a_second_load_of_unchanged_files_is_a_hit(cache, cohort):
    _, hit = load_cached(cohort)
    assert not hit and cache_dir() == cache and any(cache.rglob("*.pickle"))
    again, hit = load_cached(cohort)
    assert hit
    same_map(again, cohort)


def test_an_edited_file_is_a_miss_and_its_edit_is_shown(cache, cohort):
    load_cached(cohort)
    log = first_log(cohort)
    with log.open("a", encoding="utf-8") as f:
        f.write("2026-11-14,2.5,reflection,,,,added after the first load\n")
    m, hit = load_cached(cohort)
    assert not hit
    assert "added after the first load" in set(m.time_log["note"].dropna())
    same_map(m, cohort)
    assert load_cached(cohort)[1]  # and the new files are what is kept now


def test_an_edit_that_keeps_size_and_modification_time_is_a_miss(cache, cohort):
    load_cached(cohort)
    log = first_log(cohort)
    text = log.read_text(encoding="utf-8")
    stat = log.stat()
    lines = text.splitlines(keepends=True)
    # the same number of bytes, one hour more on the first entry ("1.0" -> "2.0" etc.)
    head, row = lines[0], lines[1].split(",")
    row[1] = str(float(row[1]) + 1)[: len(row[1])].ljust(len(row[1]), "0")
    log.write_text(head + ",".join(row) + "".join(lines[2:]), encoding="utf-8")
    os.utime(log, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert log.stat().st_size == stat.st_size and log.stat().st_mtime_ns == stat.st_mtime_ns
    m, hit = load_cached(cohort)
    assert not hit
    same_map(m, cohort)


def test_a_new_or_removed_person_is_a_miss(cache, cohort, tmp_path):
    load_cached(cohort)
    other = generate_cohort(tmp_path / "other", people=5, seed=9)
    newcomer = sorted(p for p in other.iterdir() if p.is_dir())[-1]
    newcomer.rename(cohort / newcomer.name)
    m, hit = load_cached(cohort)
    assert not hit and newcomer.name in set(m.people["person_id"])
    same_map(m, cohort)


def test_a_broken_file_gives_the_loaders_error_never_the_cached_map(cache, cohort):
    load_cached(cohort)
    log = first_log(cohort)
    good = log.read_text(encoding="utf-8")
    log.write_text(good + "2026-11-14,lots,reflection,,,,\n", encoding="utf-8")
    with pytest.raises(MapValidationError) as cached_error:
        load_cached(cohort)
    with pytest.raises(MapValidationError) as plain_error:
        careermap.load(cohort)
    assert str(cached_error.value) == str(plain_error.value)
    assert "'lots'" in str(cached_error.value) and log.name in str(cached_error.value)
    with pytest.raises(MapValidationError):  # still broken: still the error, not a hit
        load_cached(cohort)
    log.write_text(good, encoding="utf-8")  # mended: the first load's files again
    m, hit = load_cached(cohort)
    assert hit
    same_map(m, cohort)


def test_a_damaged_cache_entry_is_no_entry(cache, cohort):
    load_cached(cohort)
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    m, hit = load_cached(cohort)
    assert not hit
    same_map(m, cohort)
    assert load_cached(cohort)[1]


def test_a_cache_folder_that_cannot_be_written_still_loads(tmp_path, monkeypatch, cohort):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CAREERMAP_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        m, hit = load_cached(cohort)
        assert not hit
    same_map(m, cohort)


def test_two_folders_have_two_entries(cache, cohort, tmp_path):
    other = generate_cohort(tmp_path / "other", people=3, seed=4)
    load_cached(cohort)
    load_cached(other)
    m, hit = load_cached(cohort)
    assert hit and len(m.people) == 4
    m, hit = load_cached(other)
    assert hit and len(m.people) == 3


def test_a_person_folder_and_a_parquet_cohort(cache, tmp_path):
    person = careermap.sample_path()
    assert not load_cached(person)[1]
    m, hit = load_cached(person)
    assert hit
    same_map(m, person)
    parquet = careermap.load(person).to_parquet(tmp_path / "pq")
    entries = len(list(cache.rglob("*.pickle")))
    m, hit = load_cached(parquet)  # a Parquet cohort is read as it is, never copied
    assert not hit and len(list(cache.rglob("*.pickle"))) == entries
    same_map(m, parquet)


def test_a_folder_that_does_not_exist_says_so(cache, tmp_path):
    with pytest.raises(MapValidationError, match="does not exist"):
        load_cached(tmp_path / "nowhere")


def test_remembered_computes_once_per_key(cache):
    calls = []

    def compute(value: int):
        def run() -> dict:
            calls.append(value)
            return {"value": value, "text": "ö"}

        return run

    assert remembered("test", "a", compute(1)) == {"value": 1, "text": "ö"}
    assert remembered("test", "a", compute(2)) == {"value": 1, "text": "ö"}
    assert remembered("test", "b", compute(3)) == {"value": 3, "text": "ö"}
    assert remembered("other", "a", compute(4)) == {"value": 4, "text": "ö"}
    assert calls == [1, 3, 4]
    for entry in (cache / "test").iterdir():
        entry.write_text("{broken")
    assert remembered("test", "a", compute(5)) == {"value": 5, "text": "ö"}


def test_the_kpis_from_remembered_sql_equal_a_fresh_compile(cache):
    """The KPI and flag SQL kept by one run gives the same summary in the next one (the
    compile's in-process memo cleared in between, so the second run reads the file)."""
    from careermap.metrics import _cohort, _flags, cohort_summary

    m = careermap.load(careermap.cohort_path())
    _cohort.kpi_sql.cache_clear()
    _flags._flag_sql.cache_clear()
    first = cohort_summary(m, as_of="2026-11-15", thresholds={"inactive_days": 21})
    assert any((cache / "kpi-sql").iterdir()) and any((cache / "flag-sql").iterdir())
    _cohort.kpi_sql.cache_clear()
    _flags._flag_sql.cache_clear()
    second = cohort_summary(m, as_of="2026-11-15", thresholds={"inactive_days": 21})
    pd.testing.assert_frame_equal(first, second)


def test_a_coach_note_is_not_a_change_to_the_cohort(cache, cohort):
    """Notes live in the cohort's hidden .coach folder, which loading skips."""
    from careermap.store import coach

    load_cached(cohort)
    person = sorted(p.name for p in cohort.iterdir() if p.is_dir())[0]
    coach.write_note(cohort, person, "call on Monday")
    m, hit = load_cached(cohort)
    assert hit
    same_map(m, cohort)


def test_is_cached_says_whether_a_load_would_be_a_hit(cache, cohort):
    from careermap._cache_keys import is_cached

    assert not is_cached(cohort)
    load_cached(cohort)
    assert is_cached(cohort) and load_cached(cohort)[1]
    with first_log(cohort).open("a", encoding="utf-8") as f:
        f.write("2026-11-14,1,learning,,,,\n")
    assert not is_cached(cohort) and not load_cached(cohort)[1]
