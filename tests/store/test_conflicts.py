"""The store and other programs writing the same file: a torn or concurrently rewritten file
is refused (the other program's version kept as it is, the refused entry kept in a file the
message names); modes are kept, links inside the map written through, others refused."""

from __future__ import annotations

import csv
import io
import os
import signal
import stat
from pathlib import Path

import pytest

import careermap
from careermap import store
from careermap.errors import ConcurrentEditError, EntryRejectedError, StoreConflictError

ROW = {"date": "2025-01-20", "hours": 1.5, "category": "practice", "goal": "G1", "milestone": "M2"}
ROW_TEXT = b"2025-01-20,1.5,practice,G1,M2,,\n"
HEADER = b"date,hours,category,goal,milestone,action,note\n"


def kept(exc: ConcurrentEditError) -> bytes:
    """The refused entry, from the file the message names."""
    path = Path(exc.saved_to)
    assert str(path) in str(exc)
    assert path.parent.name == "rejected" and path.parent.parent.name == ".careermap"
    return path.read_bytes()


@pytest.mark.parametrize(
    "tail",
    [
        b"2025-01-1",  # cut in the date: 1 of 7 fields
        b"2025-01-10,2,learning,G1",  # 4 of 7 fields
        b'2025-01-10,2,learning,G1,M1,,"a note, cut',  # a quote left open
    ],
)
def test_a_log_that_ends_mid_row_is_refused_and_the_row_kept(small_map, tail):
    log = small_map / "time_log.csv"
    torn = log.read_bytes() + tail
    log.write_bytes(torn)
    os.utime(log, (1e9, 1e9))  # saved long ago: no other program is writing it now
    with pytest.raises(ConcurrentEditError, match="ends in the middle of a row") as info:
        store.append(small_map, "time_log", ROW)
    assert log.read_bytes() == torn
    assert kept(info.value) == HEADER + ROW_TEXT
    (problem,) = info.value.problems
    assert (problem.file, problem.location, problem.code) == ("time_log.csv", "line 6", "torn_file")
    assert isinstance(info.value, EntryRejectedError) and isinstance(info.value, StoreConflictError)
    assert store.history(small_map).empty
    # a dry run says the same and keeps nothing
    with pytest.raises(ConcurrentEditError, match="ends in the middle of a row") as info:
        store.append(small_map, "time_log", ROW, dry_run=True)
    assert info.value.saved_to is None


def test_a_whole_last_row_without_a_line_end_is_ended_and_appended_to(small_map):
    log = small_map / "time_log.csv"
    whole = log.read_bytes() + b"2025-01-10,2,learning,G1,M1,,done"
    log.write_bytes(whole)
    os.utime(log, (1e9, 1e9))
    store.append(small_map, "time_log", ROW)
    assert log.read_bytes() == whole + b"\n" + ROW_TEXT


def edit_by_hand(path: Path) -> bytes:
    """What an editor saving in place does: the same file, new content."""
    with path.open("r+b") as fh:
        data = fh.read() + b"2025-01-11,1,other,,,,typed by hand\n"
        fh.seek(0)
        fh.write(data)
    return data


def test_a_log_saved_by_another_program_during_the_append_is_not_overwritten(
    small_map, monkeypatch
):
    log = small_map / "time_log.csv"
    edited = []
    real = store._rows.check_log

    def check_while_an_editor_saves(*args, **kwargs):
        edited.append(edit_by_hand(log))  # between the store's read and its write
        return real(*args, **kwargs)

    monkeypatch.setattr(store._rows, "check_log", check_while_an_editor_saves)
    with pytest.raises(ConcurrentEditError, match="changed while careermap was writing") as info:
        store.append(small_map, "time_log", {**ROW, "note": "mine"})
    monkeypatch.undo()
    assert log.read_bytes() == edited[0]
    assert kept(info.value) == HEADER + b"2025-01-20,1.5,practice,G1,M2,,mine\n"
    assert str(info.value).startswith("time_log.csv: the new row was not written; it is kept in")
    assert store.history(small_map).empty
    with pytest.raises(StoreConflictError, match="nothing to undo"):
        store.undo(small_map)
    assert careermap.load(small_map).time_log["note"].iloc[-1] == "typed by hand"


def test_a_same_size_rewrite_with_the_same_time_just_before_the_rename_is_seen(
    small_map, monkeypatch
):
    """Size and modification time can stay the same (a coarse clock): the bytes are
    compared too, just before the rename."""
    log = small_map / "time_log.csv"
    st = log.stat()
    real_fsync = os.fsync
    done = []

    def fsync_then_edit(fd):
        real_fsync(fd)
        if not done:  # the first fsync is the new log's temporary file
            data = log.read_bytes().replace(b"2025-01-07", b"2025-01-08")
            with log.open("r+b") as fh:
                fh.write(data)
            os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns))
            done.append(data)

    monkeypatch.setattr(store._files.os, "fsync", fsync_then_edit)
    with pytest.raises(ConcurrentEditError, match="changed while careermap was writing"):
        store.append(small_map, "time_log", ROW)
    monkeypatch.undo()
    assert log.stat().st_size == st.st_size and log.stat().st_mtime_ns == st.st_mtime_ns
    assert log.read_bytes() == done[0]


def test_a_roadmap_saved_during_an_edit_is_kept_and_the_edit_too(small_map, monkeypatch):
    roadmap = small_map / "roadmap.yaml"
    real = store._roadmap_edit.check_roadmap
    typed = []

    def check_while_an_editor_saves(*args, **kwargs):
        if not typed:
            text = roadmap.read_text().replace("title: SQL course", "title: SQL course II")
            roadmap.write_text(text)
            typed.append(text)
        return real(*args, **kwargs)

    monkeypatch.setattr(store._roadmap_edit, "check_roadmap", check_while_an_editor_saves)
    with pytest.raises(ConcurrentEditError, match="M2 done on 2025-07-01 was not written") as info:
        store.mark_done(small_map, "M2", on="2025-07-01")
    assert roadmap.read_text() == typed[0]
    assert b"done: 2025-07-01" in kept(info.value)
    assert b"SQL course II" not in kept(info.value)


def test_a_file_another_program_just_saved_is_left_alone_until_quiet(small_map, monkeypatch):
    slept: list[float] = []
    real_sleep = store._journal.time.sleep

    def sleep(seconds):
        slept.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(store._journal.time, "sleep", sleep)
    edit_by_hand(small_map / "time_log.csv")  # just now, by another program
    store.append(small_map, "time_log", ROW)
    assert 0 < sum(slept) <= store._journal.SETTLE_SECONDS + 0.05
    slept.clear()
    # the store's own write, just now, is not waited for
    store.append(small_map, "time_log", {**ROW, "date": "2025-01-21"})
    assert slept == []


def test_a_log_that_keeps_changing_is_refused_and_the_row_kept(small_map, monkeypatch):
    log = small_map / "time_log.csv"

    def sleep(seconds):  # another program saves the log whenever the store waits
        edit_by_hand(log)

    monkeypatch.setattr(store._journal.time, "sleep", sleep)
    with pytest.raises(ConcurrentEditError, match="changed while careermap") as info:
        store.append(small_map, "time_log", ROW, timeout=0.3)
    assert kept(info.value) == HEADER + ROW_TEXT
    assert log.read_bytes().endswith(b"typed by hand\n")


def test_an_append_keeps_the_mode_of_the_log(small_map):
    log = small_map / "time_log.csv"
    log.chmod(0o640)
    store.append(small_map, "time_log", ROW)
    assert stat.S_IMODE(log.stat().st_mode) == 0o640
    store.undo(small_map)
    assert stat.S_IMODE(log.stat().st_mode) == 0o640
    (small_map / "roadmap.yaml").chmod(0o604)
    store.mark_done(small_map, "M2", on="2025-07-01")
    assert stat.S_IMODE((small_map / "roadmap.yaml").stat().st_mode) == 0o604


def test_a_new_log_gets_the_usual_mode(small_map):
    (small_map / "reviews.csv").unlink()
    umask = os.umask(0o022)
    try:
        store.append(small_map, "reviews", {"date": "2025-03-31", "satisfaction": 4,
            "motivation": 4, "confidence": 3, "alignment": 5})  # fmt: skip
    finally:
        os.umask(umask)
    assert stat.S_IMODE((small_map / "reviews.csv").stat().st_mode) == 0o644


def test_a_read_only_log_is_refused(small_map):
    log = small_map / "time_log.csv"
    before = log.read_bytes()
    log.chmod(0o444)
    with pytest.raises(StoreConflictError, match=r"time_log\.csv is read-only \(mode 444\)"):
        store.append(small_map, "time_log", ROW)
    assert log.read_bytes() == before
    assert store.history(small_map).empty


def test_a_log_linked_inside_the_map_is_written_through_the_link(small_map):
    log = small_map / "time_log.csv"
    (small_map / "logs").mkdir()
    real = small_map / "logs" / "time.csv"
    log.rename(real)
    real.chmod(0o640)
    log.symlink_to(Path("logs") / "time.csv")
    before = real.read_bytes()
    store.append(small_map, "time_log", ROW)
    assert log.is_symlink() and real.read_bytes() == before + ROW_TEXT
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert len(careermap.load(small_map).time_log) == 5
    store.undo(small_map)
    assert log.is_symlink() and real.read_bytes() == before


def test_a_log_linked_out_of_the_map_is_refused_and_not_read(small_map, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    log = small_map / "time_log.csv"
    before = log.read_bytes()
    outside.write_bytes(before)
    log.unlink()
    log.symlink_to(outside)
    with pytest.raises(EntryRejectedError, match="outside the map folder") as info:
        store.append(small_map, "time_log", ROW)
    assert info.value.problems[0].code == "outside_map"
    assert log.is_symlink() and outside.read_bytes() == before


def test_a_named_pipe_for_a_log_is_refused_without_waiting(small_map):
    log = small_map / "time_log.csv"
    log.unlink()
    os.mkfifo(log)

    def hung(signum, frame):
        raise AssertionError("the store waited on a named pipe")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        with pytest.raises(EntryRejectedError, match="named pipe"):
            store.append(small_map, "time_log", ROW)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert stat.S_ISFIFO(log.lstat().st_mode)


def test_the_kept_rows_are_a_csv_of_the_log(small_map):
    log = small_map / "time_log.csv"
    log.write_bytes(log.read_bytes() + b"2025-01-1")
    os.utime(log, (1e9, 1e9))
    rows = [{**ROW, "note": 'a "quoted", note'}, {**ROW, "date": "2025-01-21"}]
    with pytest.raises(ConcurrentEditError) as info:
        store.append(small_map, "time_log", rows)
    records = list(csv.DictReader(io.StringIO(kept(info.value).decode())))
    assert [r["note"] for r in records] == ['a "quoted", note', ""]
    assert [r["date"] for r in records] == ["2025-01-20", "2025-01-21"]
