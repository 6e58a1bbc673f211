"""Writer processes for the durability tests (imported by the forkserver: children fork warm).

Importing this module loads careermap and checks one row against the small test map, so
every process forked from the server starts with the map's roadmap already checked (the
store caches that by content) and spends its time appending, not importing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from _maps import write_map

from careermap import store
from careermap.errors import ConcurrentEditError, InvalidArgumentError, StoreConflictError

FIRST_DAY = dt.date(2025, 2, 1)
DONE_DAY = dt.date(2025, 5, 1)
PASSIONS = ("charts", "teaching")
"""What the chaos writers edit in the roadmap: M2 done on DONE_DAY, and the passions set to
one of PASSIONS. Few values, so that every roadmap they can make is checked once, here, and
every writer forked from the server has it remembered (a check costs ~0.5 s)."""


def row(worker: str, i: int) -> dict[str, object]:
    """One time-log row; 100 distinct days keep every day far below 24 hours."""
    return {
        "date": FIRST_DAY + dt.timedelta(days=i % 100),
        "hours": 0.25,
        "category": "practice",
        "note": f"{worker}-{i}",
    }


def _no_fsync() -> None:
    """The concurrent writers test the lock, not the disk: they skip fsync.

    fsync protects against power cuts, which no test simulates, and costs ~5 ms a call on a
    busy VM disk (two per append). Only these writer processes turn it off, never the test
    session; the killed writers keep it, so that kills often land inside a write.
    """
    store._files._FSYNC = False


def append_rows(folder: str, worker: str, n: int, start) -> None:
    """Append ``n`` rows one by one once ``start`` is set."""
    _no_fsync()
    start.wait()
    for i in range(n):
        store.append(folder, "time_log", row(worker, i), timeout=120)


def append_forever(folder: str, worker: str, started) -> None:
    """Append rows until killed; ``started`` is set after the first one."""
    i = 0
    while True:
        store.append(folder, "time_log", row(worker, i), timeout=120)
        if i == 0:
            started.set()
        i += 1


def _ack(fd: int, *words: object) -> None:
    """One line for the test, in one write (a kill cannot leave half of it)."""
    os.write(fd, (" ".join(str(w) for w in words) + "\n").encode())


def chaos_writer(folder: str, worker: str, acks: str, seed: int, started) -> None:
    """Append rows, mark M2 done, set the passions and undo, at random, until killed.

    Each call that returns is acknowledged in ``acks``: ``ok <note> <line>`` (row written),
    ``rejected <note> <file>`` (another program was writing the log; the row is kept in
    ``<file>``), ``edit <note>``, ``edit-noop <note>`` (M2 was done already) or
    ``edit-rejected <note> <file>`` for the roadmap edits, and for undo
    ``undo-begin`` before the call, then ``undo <summary>`` or ``undo-refused``. A writer
    killed inside a call leaves no line for it (``undo-begin`` alone: an undo in doubt).
    """
    rng = random.Random(seed)
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    for i in range(10**6):
        note = f"{worker}-{i}"
        what = rng.random()
        try:
            if what < 0.7:
                entry = {**row(worker, rng.randrange(100)), "note": note}
                change = store.append(folder, "time_log", entry, timeout=60)
                _ack(fd, "ok", note, change.rows.index[0])
            elif what < 0.85:
                try:
                    if rng.random() < 0.5:
                        store.mark_done(folder, "M2", on=DONE_DAY, timeout=60)
                    else:
                        passions = [rng.choice(PASSIONS)]
                        store.set_self_assessment(folder, passions=passions, timeout=60)
                    _ack(fd, "edit", note)
                except InvalidArgumentError:  # M2 is done already
                    _ack(fd, "edit-noop", note)
            else:
                _ack(fd, "undo-begin")
                try:
                    _ack(fd, "undo", store.undo(folder, timeout=60))
                except StoreConflictError:  # nothing to undo, or changed by the editor
                    _ack(fd, "undo-refused")
        except ConcurrentEditError as exc:
            kind = "rejected" if what < 0.7 else "edit-rejected"
            _ack(fd, kind, note, exc.saved_to)
        started.set()


def edit_in_place(folder: str, acks: str, seed: int, stop, pause, idle) -> None:
    """An editor that saves in place (no atomic rename): open the log, read it, truncate it
    and write it back with one row of its own added, in pieces with short pauses (so that
    for a moment the file is cut short, often mid-row); then wait as a person would.

    ``pause`` set: finish the save in progress, set ``idle`` and wait. Each save that
    completed adds ``<note> <inode>`` to ``acks`` (the file it went into).
    """
    rng = random.Random(seed)
    path = Path(folder) / "time_log.csv"
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    k = 0
    while not stop.is_set():
        deadline = time.monotonic() + rng.uniform(0.1, 0.8)
        while time.monotonic() < deadline and not pause.is_set() and not stop.is_set():
            time.sleep(0.005)
        if pause.is_set():
            idle.set()
            while pause.is_set() and not stop.is_set():
                time.sleep(0.005)
            continue
        if stop.is_set():
            break
        note = f"editor-{k}"
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(100))
        with open(path, "r+b") as fh:
            data = fh.read()
            new = data + f"{day.isoformat()},0.25,reflection,,,,{note}\n".encode()
            fh.seek(0)
            fh.truncate()
            pieces = rng.randint(1, 12)
            step = max(1, len(new) // pieces)
            for start in range(0, len(new), step):
                fh.write(new[start : start + step])
                fh.flush()
                time.sleep(rng.uniform(0, 0.003))
            inode = os.fstat(fh.fileno()).st_ino
        _ack(fd, note, inode)
        k += 1


def _warm() -> None:
    """Check every roadmap the chaos writers can make (and one row), once, in the server."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_map(Path(tmp) / "sam-lee")
        with contextlib.suppress(store.EntryRejectedError):
            store.append(folder, "time_log", {"date": "not a date"})
        store.append(folder, "time_log", row("warm", 0))
        for done in (False, True):
            if done:
                store.mark_done(folder, "M2", on=DONE_DAY)
            for passion in PASSIONS:
                store.set_self_assessment(folder, passions=[passion])
                store.append(folder, "time_log", row("warm", 1))


_warm()
