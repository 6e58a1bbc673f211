"""store.undo restores files byte for byte, newest change first, and refuses rather than
overwrite a file changed by someone else."""

from __future__ import annotations

import pytest

from careermap import store
from careermap.errors import StoreConflictError

ROW = {"date": "2025-01-20", "hours": 1.5, "category": "practice", "goal": "G1", "milestone": "M2"}


def test_undo_restores_every_file_byte_for_byte(small_map, digest):
    states = [digest(small_map)]
    store.append(small_map, "time_log", ROW)
    states.append(digest(small_map))
    store.mark_done(small_map, "M2", on="2025-07-01")
    states.append(digest(small_map))
    store.append(small_map, "assessments", {"date": "2025-07-02", "skill": "Writing",
                                            "level": 4, "source": "self"})  # fmt: skip
    states.append(digest(small_map))
    store.set_self_assessment(small_map, passions=["charts"], on="2025-06-01")
    states.append(digest(small_map))
    assert len({tuple(s.items()) for s in states}) == 5
    summaries = store.history(small_map)["summary"].tolist()
    assert summaries == [
        "roadmap.yaml: self_assessment passions = charts (history 2025-06-01)",
        "assessments.csv: added line 6",
        "roadmap.yaml: M2 done on 2025-07-01",
        "time_log.csv: added line 6",
    ]
    for summary, expected in zip(summaries, reversed(states[:-1]), strict=True):
        assert str(store.undo(small_map)) == f"undid {summary}"
        assert digest(small_map) == expected
    with pytest.raises(StoreConflictError, match="nothing to undo"):
        store.undo(small_map)


def test_undo_of_an_append_that_created_the_log_removes_it(small_map, digest):
    (small_map / "goal_progress.csv").unlink()
    before = digest(small_map)
    store.append(small_map, "goal_progress", {"date": "2025-06-01", "goal": "G1", "value": 2})
    store.undo(small_map)
    assert digest(small_map) == before
    assert not (small_map / "goal_progress.csv").exists()


def test_undo_refuses_when_the_file_changed_since(small_map, digest):
    store.append(small_map, "time_log", ROW)
    with (small_map / "time_log.csv").open("a") as fh:
        fh.write("2025-01-21,1,other,,,,typed by hand\n")
    before = digest(small_map)
    with pytest.raises(StoreConflictError, match=r"time_log\.csv changed since careermap wrote it"):
        store.undo(small_map)
    assert digest(small_map) == before


def test_a_change_whose_writer_died_before_the_file_was_replaced_is_skipped(
    small_map, digest, monkeypatch
):
    store.append(small_map, "time_log", ROW)
    after_first = digest(small_map)
    real = store._journal.replace_checked  # the replace that follows the journal line

    def die_on_the_log(root, old, data):
        if old.name == "time_log.csv":
            raise KeyboardInterrupt  # the writer is stopped between journal and file
        real(root, old, data)

    monkeypatch.setattr(store._journal, "replace_checked", die_on_the_log)
    with pytest.raises(KeyboardInterrupt):
        store.append(small_map, "time_log", {**ROW, "date": "2025-01-21"})
    monkeypatch.undo()
    assert digest(small_map) == after_first
    journal = (small_map / ".careermap" / "journal.jsonl").read_text()
    assert journal.count('"op":"append"') == 2  # the intent is recorded ...
    # ... but history lists only what is on disk, and undo undoes the first row
    assert store.history(small_map)["summary"].tolist() == ["time_log.csv: added line 6"]
    assert str(store.undo(small_map)) == "undid time_log.csv: added line 6"
    assert "2025-01-20" not in (small_map / "time_log.csv").read_text()
    assert store.history(small_map).empty


def test_a_change_whose_writer_died_before_its_done_marker_is_listed(small_map, monkeypatch):
    real = store._journal._journal_add

    def die_at_the_marker(root, record):
        if "done" in record:
            raise KeyboardInterrupt  # the file is replaced, the marker not yet written
        real(root, record)

    monkeypatch.setattr(store._journal, "_journal_add", die_at_the_marker)
    with pytest.raises(KeyboardInterrupt):
        store.append(small_map, "time_log", ROW)
    monkeypatch.undo()
    assert "2025-01-20" in (small_map / "time_log.csv").read_text()
    assert store.history(small_map)["summary"].tolist() == ["time_log.csv: added line 6"]
    store.append(small_map, "time_log", {**ROW, "date": "2025-01-21"})
    assert store.history(small_map)["summary"].tolist() == [
        "time_log.csv: added line 7",
        "time_log.csv: added line 6",
    ]


def test_an_undo_killed_before_its_marker_is_not_undone_twice(small_map, digest, monkeypatch):
    before = digest(small_map)
    store.mark_done(small_map, "M2", on="2025-07-01")
    store.append(small_map, "time_log", ROW)
    real = store._journal._journal_add

    def die_at_the_marker(root, record):
        if "undo" in record:
            raise KeyboardInterrupt  # the log is restored, the undo marker not yet written
        real(root, record)

    monkeypatch.setattr(store._journal, "_journal_add", die_at_the_marker)
    with pytest.raises(KeyboardInterrupt):
        store.undo(small_map)
    monkeypatch.undo()
    assert "2025-01-20" not in (small_map / "time_log.csv").read_text()
    # the append is not on disk any more, so it is neither listed nor undone again
    assert store.history(small_map)["summary"].tolist() == ["roadmap.yaml: M2 done on 2025-07-01"]
    assert str(store.undo(small_map)) == "undid roadmap.yaml: M2 done on 2025-07-01"
    assert digest(small_map) == before


def test_the_journal_keeps_the_last_changes_only(small_map, monkeypatch):
    monkeypatch.setattr(store._journal, "KEEP_CHANGES", 3)
    monkeypatch.setattr(store._journal, "_JOURNAL_COMPACT_BYTES", 1500)
    for day in range(10, 20):
        store.append(small_map, "time_log", {**ROW, "date": f"2025-03-{day}"})
    kept = store.history(small_map)["summary"].tolist()
    assert 3 <= len(kept) < 10
    assert kept[0] == "time_log.csv: added line 15"
    for _ in kept:
        store.undo(small_map)
    with pytest.raises(StoreConflictError, match="nothing to undo"):
        store.undo(small_map)


def test_a_torn_journal_line_is_ignored(small_map, digest):
    before = digest(small_map)
    store.append(small_map, "time_log", ROW)
    with (small_map / ".careermap" / "journal.jsonl").open("a") as fh:
        fh.write('{"id":"abc","op":"app')  # a writer killed in the middle of a journal line
    store.append(small_map, "time_log", {**ROW, "date": "2025-01-21"})
    store.undo(small_map)
    store.undo(small_map)
    assert digest(small_map) == before
