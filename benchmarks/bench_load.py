"""Loading one person's map, and writing to it through the store, against plain baselines.

    uv run python benchmarks/bench_load.py                 # all sections
    uv run python benchmarks/bench_load.py --appends 50    # quicker

Each line prints seconds (median of ``--repeat`` runs) and the ratio to a baseline measured in
the same run, because these machines are shared and noisy: compare ratios, not seconds.

- load: ``careermap.load`` of the bundled sample (read + validate every file) vs reading the
  same files with ``yaml.safe_load`` and ``pandas.read_csv`` (no checks). Moved here from a
  ``< 5 s`` assertion in tests/io/test_load.py.
- check a log: ``careermap.io.check_log`` of the sample's time log for its last row (what the
  store runs on every append) vs ``pandas.read_csv`` of the same bytes.
- append: ``store.append`` of one time-log row (lock, checks, journal, atomic replace with
  fsync) vs appending the same line with ``open(..., "a")`` and fsync (no lock, no checks).
- concurrent appends: ``--writers`` processes appending ``--appends`` rows each, fsync off (the
  durability test's setting), vs one process appending as many rows. Moved here from the
  timing printed by tests/store/test_durability.py.

:func:`run` returns the lines (for ``benchmarks/run.py``); ``__main__`` prints them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

import careermap
from careermap import store
from careermap.io import check_log

FIRST_DAY = dt.date(2027, 1, 1)  # after the sample's logs: every row is on a day of its own


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def line(label: str, ours: float, base: float, base_label: str) -> str:
    return (
        f"{label:<34} {ours * 1000:9.1f} ms   {base_label:<28} {base * 1000:8.1f} ms   "
        f"ratio {ours / base:6.1f} x"
    )


def read_plainly(folder: Path) -> None:
    yaml.safe_load((folder / "roadmap.yaml").read_text(encoding="utf-8"))
    for f in sorted(folder.glob("*.csv")):
        pd.read_csv(f)


def row(i: int, note: str = "bench") -> dict[str, object]:
    return {
        "date": FIRST_DAY + dt.timedelta(days=i),
        "hours": 0.5,
        "category": "practice",
        "goal": "G2",
        "milestone": "M9",
        "note": f"{note}-{i}",
    }


def _append_rows(folder: str, worker: str, n: int, start) -> None:
    store._files._FSYNC = False  # as in the durability test: the lock, not the disk
    start.wait()
    for i in range(n):
        store.append(folder, "time_log", row(i, worker), timeout=300)


def concurrent(folder: Path, writers: int, appends: int) -> float:
    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    start = context.Event()
    procs = [
        context.Process(target=_append_rows, args=(str(folder), f"w{k}", appends, start))
        for k in range(writers)
    ]
    for p in procs:
        p.start()
    t0 = time.perf_counter()
    start.set()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    if any(p.exitcode for p in procs):
        raise RuntimeError("a writer failed")
    return elapsed


def run(repeat: int = 5, appends: int = 100, writers: int = 4) -> list[str]:
    lines = []
    sample = careermap.sample_path()
    ours = timed(lambda: careermap.load(sample), repeat)
    base = timed(lambda: read_plainly(sample), repeat)
    lines.append(line("load the sample person", ours, base, "yaml + read_csv, no checks"))

    m = careermap.load(sample)
    data = (sample / "time_log.csv").read_bytes()
    last = len(m.time_log) + 1  # the header is line 1, and the sample has no blank lines
    ours = timed(lambda: check_log(data, "time_log", m, lines=[last]), repeat)
    base = timed(lambda: pd.read_csv(sample / "time_log.csv"), repeat)
    lines.append(line("check_log, the last row", ours, base, "read_csv of the same file"))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shutil.copytree(sample, Path(tmp) / "alex-rivera"))
        store.append(folder, "time_log", row(0))  # the roadmap is loaded once, then remembered
        counter = iter(range(1, 10_000))
        ours = timed(lambda: store.append(folder, "time_log", row(next(counter))), repeat)
        plain = Path(tmp) / "plain.csv"
        shutil.copy(sample / "time_log.csv", plain)

        def append_line() -> None:
            with plain.open("a") as fh:
                fh.write("2027-01-01,0.5,practice,G2,M9,,plain\n")
                fh.flush()
                os.fsync(fh.fileno())

        base = timed(append_line, repeat)
        lines.append(line("store.append, one row", ours, base, "open('a') + fsync"))

        together = Path(shutil.copytree(sample, Path(tmp) / "together" / "alex-rivera"))
        alone = Path(shutil.copytree(sample, Path(tmp) / "alone" / "alex-rivera"))
        ours = concurrent(together, writers, appends) / (writers * appends)
        base = concurrent(alone, 1, writers * appends) / (writers * appends)
        lines.append(line(f"{writers} writers, per append", ours, base, "1 writer, per append"))
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--appends", type=int, default=100, help="rows per concurrent writer")
    p.add_argument("--writers", type=int, default=4)
    args = p.parse_args(argv)
    for text in run(args.repeat, args.appends, args.writers):
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
