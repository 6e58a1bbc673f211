"""The store refuses what the loader refuses, because it writes through the loader's rules:
dates a map may not hold, numbers that are no numbers. After a refusal no byte has changed
and the map still loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import careermap
from careermap import store
from careermap.errors import EntryRejectedError, InvalidArgumentError

ROW = {"date": "2025-01-20", "hours": 1.5, "category": "practice", "goal": "G1", "milestone": "M2"}


@pytest.mark.parametrize(
    "day",
    ["3000-03-31", "9999-12-31", "0001-01-01", dt.date(3000, 3, 31), dt.date(1899, 12, 31)],
)
def test_a_date_out_of_range_is_not_appended(small_map, digest, day):
    before = digest(small_map)
    with pytest.raises(EntryRejectedError) as info:
        store.append(small_map, "time_log", {**ROW, "date": day})
    (p,) = info.value.problems
    assert (p.file, p.location, p.column, p.code) == (
        "time_log.csv",
        "line 6",
        "date",
        "date_out_of_range",
    )
    assert "1900-01-01 to 2199-12-31" in p.rule
    assert digest(small_map) == before
    careermap.load(small_map)


def test_a_timestamp_out_of_range_is_not_appended(small_map, digest):
    before = digest(small_map)
    late = pd.Timestamp("2262-01-01")  # a datetime64[ns] can hold it; a map may not
    with pytest.raises(EntryRejectedError, match="a date from 1900-01-01 to 2199-12-31"):
        store.append(small_map, "goal_progress", {"date": late, "goal": "G1", "value": 2})
    assert digest(small_map) == before


@pytest.mark.parametrize(
    ("table", "row", "column"),
    [
        ("time_log", {**ROW, "hours": float("inf")}, "hours"),
        ("goal_progress", {"date": "2025-06-01", "goal": "G1", "value": float("-inf")}, "value"),
        ("goal_progress", {"date": "2025-06-01", "goal": "G1", "value": 10**20}, "value"),
        (
            "reviews",
            {"date": "2025-03-31", "satisfaction": 10**30, "motivation": 4, "confidence": 4,
             "alignment": 4},
            "satisfaction",
        ),
        ("assessments", {"date": "2025-05-01", "skill": "Programming", "level": "nan"}, "level"),
    ],
)  # fmt: skip
def test_a_number_that_is_no_number_is_not_appended(small_map, digest, table, row, column):
    before = digest(small_map)
    with pytest.raises(EntryRejectedError) as info:
        store.append(small_map, table, row)
    (p,) = [p for p in info.value.problems if p.column == column]
    assert p.code in ("not_finite", "out_of_range")
    assert digest(small_map) == before
    careermap.load(small_map)


def test_a_roadmap_edit_to_a_date_out_of_range_is_refused(small_map, digest):
    before = digest(small_map)
    with pytest.raises(EntryRejectedError) as info:
        store.mark_done(small_map, "M2", on=dt.date(3000, 1, 1))
    (p,) = info.value.problems
    assert (p.location, p.code) == ("goals[0].milestones[1] (M2).done", "date_out_of_range")
    with pytest.raises(InvalidArgumentError, match="must be a date"):
        store.reschedule(small_map, "M2", "3000-01-01", on="2025-06-01", reason="typo")
    assert digest(small_map) == before


# -- issue 26: the command line, paths that are not files, a full disk ---------------------


def _cli(*args):
    from _hostile import cli

    code, out, err = cli(*args)
    assert "internal error" not in out + err and "Traceback" not in out + err, out + err
    return code, out + err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["1_5", "practice"], "hours: '1_5' -> a number of hours"),
        (["١", "practice"], "hours: '١' -> a number of hours"),
        (["-1:30", "practice"], "hours: '-1:30' -> a number of hours > 0"),
        (
            ["1", "practice", "--date", "20261120"],
            "--date must be a date like 2026-11-15 (YYYY-MM-DD); got '20261120'",
        ),
    ],
)
def test_log_reads_hours_and_dates_by_the_one_rule(small_map, digest, args, said):
    """``log 1_5`` wrote 15 h, ``--date 20261120`` was taken, ``-1:30`` said CATEGORY was
    missing: each is now refused with what HOURS or --date accepts, and nothing changes."""
    before = digest(small_map)
    code, text = _cli("log", "--map", str(small_map), *args)
    assert code == 1 and said in text, text
    assert digest(small_map) == before


@pytest.mark.parametrize(
    "name", ["Dr. Sam: Lee", "Sam\nid: evil\nweekly_hours: 80", "{...}", "- x", "#1", "'q", "a: [b"]
)
def test_init_writes_any_name_as_it_was_given(tmp_path, name):
    """A colon, a line break, braces: the map is valid and its name is exactly the name given
    (no key injected), as the loader reads it."""
    code, text = _cli("init", str(tmp_path / "sam-lee"), "--name", name)
    assert code == 0, text
    m = careermap.load(tmp_path / "sam-lee")
    assert m.people["name"].item() == name
    assert m.people["weekly_hours"].item() != 80 or "weekly_hours: 80" not in name


def test_init_names_the_option_of_a_bad_start(tmp_path):
    code, text = _cli("init", str(tmp_path / "sam-lee"), "--start", "2026-02-30")
    assert code == 1
    assert "--start must be a date like 2026-11-15 (YYYY-MM-DD); got '2026-02-30'" in text
    assert not (tmp_path / "sam-lee").exists()


@pytest.mark.parametrize("kind", ["file", "link", "lock-folder", "lock-link", "journal-fifo"])
def test_the_store_refuses_state_files_it_did_not_make(small_map, tmp_path, digest, kind):
    """``.careermap`` as a file (NotADirectoryError before) or as a link to another folder
    (the journal went there, exit 0), and a ``.careermap.lock`` folder or link: refused,
    nothing written here or there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if kind == "file":
        (small_map / ".careermap").write_text("x")
    elif kind == "link":
        (small_map / ".careermap").symlink_to(elsewhere)
    elif kind == "lock-folder":
        (small_map / ".careermap.lock").mkdir()
    elif kind == "lock-link":
        (small_map / ".careermap.lock").symlink_to(elsewhere / "lock")
    else:  # (a journal replaced by a named pipe hung `log`)
        import os

        store.append(small_map, "time_log", ROW)
        (small_map / ".careermap" / "journal.jsonl").unlink()
        os.mkfifo(small_map / ".careermap" / "journal.jsonl")
    before = digest(small_map)
    from _hostile import within

    with within(10):
        code, text = _cli("log", "--map", str(small_map), "1", "practice")
    assert code == 1, text
    name = {"lock-folder": ".careermap.lock", "lock-link": ".careermap.lock"}.get(
        kind, ".careermap"
    )
    if kind == "journal-fifo":
        name = ".careermap/journal.jsonl"
    assert f"{small_map / name}\n" in text and "-> is a" in text, text
    assert digest(small_map) == before
    assert list(elsewhere.iterdir()) == []


def test_undo_skips_a_journal_line_without_its_file(small_map):
    """A journal line edited by hand (no ``file``; a ``file`` out of the map) is not a
    change: KeyError before; undo now reverts the last well-formed change."""
    store.append(small_map, "time_log", ROW)
    journal = small_map / ".careermap" / "journal.jsonl"
    with journal.open("a") as fh:
        fh.write('{"id":"x1","op":"append","summary":"s","before":{},"after":{}}\n')
        fh.write(
            '{"id":"x2","op":"append","file":"../../etc/passwd","summary":"s",'
            '"before":{"size":0,"sha256":null},"after":{"size":0,"sha256":null},"backup":null}\n'
        )
    code, text = _cli("undo", "--map", str(small_map))
    assert code == 0, text
    assert "2025-01-20" not in (small_map / "time_log.csv").read_text().splitlines()[-1]


def _device(path):
    import os
    import stat

    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # (what /dev/null is)
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a device here: {exc}")
    return path


@pytest.mark.parametrize("kind", ["device", "fifo", "link", "folder"])
@pytest.mark.parametrize("command", ["report", "export", "kpis"])
def test_out_is_only_ever_a_regular_file(small_map, tmp_path, kind, command):
    """``report --out`` on a character device replaced it with a 4.9 MB file; ``export
    --out`` a folder was an IsADirectoryError. Every --out now refuses what is not a regular
    file (one rule: careermap.io.output_problem), and leaves it as it was."""
    import os
    import stat

    suffix = {"report": ".html", "export": ".csv", "kpis": ".csv"}[command]
    out = tmp_path / f"out{suffix}"
    target = tmp_path / "target.txt"
    if kind == "device":
        _device(out)
    elif kind == "fifo":
        os.mkfifo(out)
    elif kind == "link":
        target.write_text("mine\n")
        out.symlink_to(target)
    else:
        out.mkdir()
    mode = os.lstat(out).st_mode
    args = [command, str(small_map), "--out", str(out)]
    if command != "kpis":
        args += ["--as-of", "2026-11-15"]
    code, text = _cli(*args)
    assert code == 1, text
    assert str(out) in text, text
    assert os.lstat(out).st_mode == mode
    assert not stat.S_ISLNK(mode) or target.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_with_notes_reads_no_note_linked_out_of_the_cohort(cohort_folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish\n")
    notes = cohort_folder / ".coach" / "notes"
    notes.mkdir(parents=True, exist_ok=True)
    first = sorted(p.name for p in cohort_folder.iterdir() if (p / "roadmap.yaml").exists())[0]
    (notes / f"{first}.md").symlink_to(secret)
    out = tmp_path / "kpis.csv"
    code, text = _cli(
        "export", str(cohort_folder), "--with-notes", "--as-of", "2026-11-15", "--out", str(out)
    )
    assert code == 1 and "outside the map folder" in text, text
    assert not out.exists()


def test_a_note_not_in_utf8_is_named(cohort_folder, tmp_path):
    notes = cohort_folder / ".coach" / "notes"
    notes.mkdir(parents=True, exist_ok=True)
    first = sorted(p.name for p in cohort_folder.iterdir() if (p / "roadmap.yaml").exists())[0]
    (notes / f"{first}.md").write_bytes("first line\ncaf\xe9\n".encode("latin-1"))
    code, text = _cli(
        "export",
        str(cohort_folder),
        "--with-notes",
        "--as-of",
        "2026-11-15",
        "--out",
        str(tmp_path / "k.csv"),
    )
    assert code == 1
    assert f"{first}.md" in text and "line 2: -> is not UTF-8 text" in text, text


def test_a_control_character_in_a_group_reaches_xlsx_as_a_visible_mark(cohort_folder, tmp_path):
    """IllegalCharacterError before: XLSX cannot hold control characters."""
    import yaml

    doc = yaml.safe_load((cohort_folder / "cohort.yaml").read_text())
    first = sorted(doc["groups"])[0]
    doc["groups"][first] = "ops\x07team"
    (cohort_folder / "cohort.yaml").write_text(yaml.safe_dump(doc))
    out = tmp_path / "kpis.xlsx"
    code, text = _cli("export", str(cohort_folder), "--as-of", "2026-11-15", "--out", str(out))
    assert code == 0, text
    back = pd.read_excel(out, engine="openpyxl")
    assert "ops\ufffdteam" in set(back["group"])


def test_a_group_naming_nobody_is_warned(cohort_folder):
    text = (cohort_folder / "cohort.yaml").read_text()
    (cohort_folder / "cohort.yaml").write_text(
        text.replace("groups:\n", "groups:\n  nobody: g1\n", 1)
    )
    code, said = _cli("validate", str(cohort_folder))
    assert code == 0, said
    assert "groups.nobody, groups: 'nobody' -> no person of the cohort has this id" in said


def test_validate_warns_when_a_log_shrank_since_careermap_wrote_it(small_map):
    """An editor saving an older copy over appended rows: the map still validates, so
    nothing told the user; now validate says the log is smaller than careermap left it."""
    store.append(small_map, "time_log", ROW)
    log = small_map / "time_log.csv"
    kept = log.read_text().splitlines(keepends=True)[:-2]
    log.write_text("".join(kept))
    code, said = _cli("validate", str(small_map))
    assert code == 0, said
    assert "time_log.csv" in said and "smaller than the" in said and "careermap left it" in said
    store.append(small_map, "time_log", ROW)  # (careermap's next write starts from the file)
    code, said = _cli("validate", str(small_map))
    assert "smaller than the" not in said


# -- a full disk -------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path):
    """A folder on a 256 KiB tmpfs (where mount works, as root), else None."""
    import os
    import subprocess

    where = tmp_path / "small"
    where.mkdir()
    if os.geteuid() != 0 or os.environ.get("CAREERMAP_TEST_NO_TMPFS"):  # (the other way)
        yield None
        return
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(folder):
    import os

    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


@pytest.mark.parametrize("command", ["log", "report", "export"])
def test_a_full_disk_is_a_clear_error_and_nothing_is_half_written(
    small_map, full_disk, monkeypatch, digest, command
):
    """OSError (exit 2) before, and export left its .tmp file. On a real full disk (a
    small tmpfs) where the machine allows, else ENOSPC injected at the store's write."""
    import errno
    import shutil

    if full_disk is not None:
        folder = Path(shutil.copytree(small_map, full_disk / "sam-lee"))
        store.append(folder, "time_log", ROW)  # (.careermap made while there is room)
        _fill(full_disk)
    else:
        folder = small_map
        store.append(folder, "time_log", ROW)
        from careermap.store import _files

        def no_space(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(_files.os, "fsync", no_space)
        monkeypatch.setattr(_files, "_FSYNC", True)
    before = digest(folder)
    out = folder / ("report.html" if command == "report" else "kpis.csv")
    args = {
        "log": ["log", "--map", str(folder), "1", "practice", "--date", "2025-02-02"],
        "report": ["report", str(folder), "--as-of", "2026-11-15", "--out", str(out)],
        "export": ["export", str(folder), "--as-of", "2026-11-15", "--out", str(out)],
    }[command]
    code, text = _cli(*args)
    assert code == 1, text
    assert "No space left on device" in text, text
    assert "nothing was changed" in text or "nothing was half-written" in text, text
    assert digest(folder) == before
    assert [p.name for p in folder.rglob("*.tmp")] == []


def test_a_log_shrunk_a_moment_ago_is_waited_for_then_refused(small_map, monkeypatch):
    """An editor that truncated the log and paused (0.4 s) lost 15 of 29 acknowledged rows
    and 273 of 312 original ones: the store appended to the half-written file. A log smaller
    than careermap last wrote it, changed less than SHRUNK_SETTLE_SECONDS ago, is now waited
    for; still so at the timeout, the append is refused and its row kept."""
    from careermap.errors import ConcurrentEditError
    from careermap.store import _journal

    store.append(small_map, "time_log", ROW)
    log = small_map / "time_log.csv"
    whole = log.read_bytes()
    log.write_bytes(whole[: len(whole) // 2].rsplit(b"\n", 1)[0] + b"\n")  # half a save
    with pytest.raises(ConcurrentEditError) as info:
        store.append(small_map, "time_log", {**ROW, "note": "second"}, timeout=0.6)
    assert info.value.saved_to is not None and "second" in info.value.saved_to.read_text()
    assert b"second" not in log.read_bytes()
    monkeypatch.setattr(_journal, "SHRUNK_SETTLE_SECONDS", 0.3)  # (a hand edit, long ago)
    store.append(small_map, "time_log", {**ROW, "note": "third"}, timeout=2)
    assert log.read_bytes().endswith(b"third\n")


def test_a_note_in_latin1_from_a_terminal_is_named(small_map, digest):
    """A raw codec error before (``'utf-8' codec can't encode character '\\udce9'``)."""
    before = digest(small_map)
    note = b"caf\xe9".decode("utf-8", "surrogateescape")  # (what Python makes of argv)
    code, text = _cli("log", "--map", str(small_map), "1", "practice", "--note", note)
    assert code == 1
    assert "note: 'caf\ufffd' holds bytes that are not UTF-8 text" in text, text
    assert digest(small_map) == before
