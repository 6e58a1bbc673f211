"""Concurrent writers never lose or interleave rows; a killed writer never leaves half a row.

Writers are separate processes forked from a forkserver that has already imported careermap
(the ``writers`` fixture and ``_store_workers``), so the tests spend their time appending, not
importing. How long appends take is measured by benchmarks/bench_load.py, not here. The concurrent writers skip fsync (it protects against power cuts, not against
lost or interleaved rows); the killed writers keep it, so kills often land inside a write.
"""

from __future__ import annotations

import csv
import io
import multiprocessing as mp
import random
import re
import time
from pathlib import Path

import pytest

import careermap
from careermap import store

pytestmark = pytest.mark.skipif(
    "forkserver" not in mp.get_all_start_methods(), reason="needs the forkserver start method"
)


def rows_of(folder: Path) -> list[list[str]]:
    """The log's rows, checking that every line is a whole row."""
    data = (folder / "time_log.csv").read_bytes()
    assert data.endswith(b"\n"), "the log must end with a whole line"
    records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert all(len(r) == 7 for r in records), "every line must be a whole row"
    return records[1:]


def test_four_writers_append_1000_rows_without_losing_one(writers, small_map):
    import _store_workers as workers

    before = len(rows_of(small_map))
    start = writers.Event()
    procs = [
        writers.Process(target=workers.append_rows, args=(str(small_map), f"w{k}", 250, start))
        for k in range(4)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    notes = [r[6] for r in rows_of(small_map)[before:]]
    assert len(notes) == 1000
    for k in range(4):
        mine = [int(n.split("-")[1]) for n in notes if n.startswith(f"w{k}-")]
        assert mine == list(range(250)), f"writer {k}'s rows are lost, doubled or out of order"
    m = careermap.load(small_map)
    assert len(m.time_log) == before + 1000
    assert store._files._FSYNC, "only the writer processes turn fsync off"


def test_a_writer_killed_at_random_moments_leaves_only_whole_rows(writers, small_map):
    import _store_workers as workers

    rng = random.Random(20261121)
    seen: set[str] = set()
    mid_write = 0  # kills that left a temporary file: the writer died inside a write
    for k in range(20):
        started = writers.Event()
        p = writers.Process(target=workers.append_forever, args=(str(small_map), f"k{k}", started))
        p.start()
        assert started.wait(timeout=60), "the writer did not start"
        time.sleep(rng.uniform(0.0, 0.12))
        p.kill()  # SIGKILL: no cleanup, no finally blocks
        p.join()
        mid_write += any(small_map.glob(".*.tmp"))
        notes = [r[6] for r in rows_of(small_map) if r[6].startswith("k")]
        assert len(notes) == len(set(notes)), "a row was written twice"
        mine = [int(n.split("-")[1]) for n in notes if n.startswith(f"k{k}-")]
        assert mine == list(range(len(mine))) and mine, "rows are missing or out of order"
        seen.update(notes)
        if k % 10 == 9:  # a full load costs ~1 s; the whole-row check above runs every time
            careermap.load(small_map)
    # the next writer removes what killed writers left behind, and undo still works
    before = (small_map / "time_log.csv").read_bytes()
    store.append(small_map, "time_log", workers.row("last", 0))
    leftovers = [p.name for p in small_map.rglob(".*.tmp")]
    assert leftovers == []
    store.undo(small_map)
    assert (small_map / "time_log.csv").read_bytes() == before
    assert all(re.fullmatch(r"k\d+-\d+", n) for n in seen)
    print(f"\n20 kills, {mid_write} inside a write, {len(seen)} whole rows, none partial")
