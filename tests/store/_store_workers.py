"""Writer processes for the durability tests (imported by the forkserver: children fork warm).

Importing this module loads careermap and checks one row against the small test map, so
every process forked from the server starts with the map's roadmap already checked (the
store caches that by content) and spends its time appending, not importing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path

from _maps import write_map

from careermap import store

FIRST_DAY = dt.date(2025, 2, 1)


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


def _warm() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_map(Path(tmp) / "sam-lee")
        with contextlib.suppress(store.EntryRejectedError):
            store.append(folder, "time_log", {"date": "not a date"})


_warm()
