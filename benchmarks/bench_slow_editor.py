"""An editor that saves time_log.csv slowly, in place, while careermap appends to it: what is
lost, what is refused, and what ``careermap validate`` says afterwards (issue 26).

    uv run python benchmarks/bench_slow_editor.py                 # pause 0.4 s, 20 s
    uv run python benchmarks/bench_slow_editor.py --pause 0.1 --seconds 30
    uv run python benchmarks/bench_slow_editor.py --no-wait      # the store before issue 26

The editor process loops: read the log, open it for writing (truncating it, as many editors
and spreadsheets save), write the first half of its rows, pause ``--pause`` seconds, write
the rest and one row of its own, close; then waits 0.1-0.3 s. Meanwhile this process appends
one row at a time through ``careermap.store.append`` (each row with a unique note). At the
end it counts the appended rows the store acknowledged that are missing, the rows of the
original log that are missing, and whether ``store.shrunk_logs`` (what ``validate`` prints)
warns. The numbers depend on timing; run it a few times.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import shutil
import tempfile
import time
from pathlib import Path

import careermap
from careermap import store
from careermap.errors import EntryRejectedError


def _editor(path: str, pause: float, stop: float, seed: int) -> None:
    rng = random.Random(seed)
    saves = 0
    while time.time() < stop:
        lines = Path(path).read_text().splitlines(keepends=True)
        half = len(lines) // 2
        with open(path, "w") as fh:
            fh.writelines(lines[:half])
            fh.flush()
            time.sleep(pause)
            fh.writelines(lines[half:])
            fh.write(f"2025-01-01,0.5,other,,,,editor save {saves}\n")
        saves += 1
        time.sleep(rng.uniform(0.1, 0.3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pause", type=float, default=0.4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="the baseline: no wait for a log that shrank (SHRUNK_SETTLE_SECONDS = 0)",
    )
    args = parser.parse_args()
    if args.no_wait:
        from careermap.store import _journal

        _journal.SHRUNK_SETTLE_SECONDS = 0.0
    folder = Path(tempfile.mkdtemp()) / "alex-rivera"
    shutil.copytree(careermap.sample_path(), folder)
    log = folder / "time_log.csv"
    original = log.read_text().splitlines()[1:]
    stop = time.time() + args.seconds
    editor = mp.get_context("spawn").Process(
        target=_editor, args=(str(log), args.pause, stop, args.seed)
    )
    editor.start()
    acked, refused, n = [], 0, 0
    while time.time() < stop:
        note = f"appended {n}"
        n += 1
        row = {"date": "2025-01-02", "hours": 0.25, "category": "practice", "note": note}
        try:
            store.append(folder, "time_log", row, timeout=2)
            acked.append(note)
        except EntryRejectedError:
            refused += 1
        time.sleep(random.uniform(0.05, 0.2))
    editor.join()
    final = log.read_text().splitlines()
    text = "\n".join(final)
    lost_acked = [a for a in acked if f",{a}" not in text]
    lost_original = [r for r in original if r not in final]
    warned = store.shrunk_logs(folder)
    editor_rows = sum("editor save" in line for line in final)
    print(
        f"{'no wait (baseline)' if args.no_wait else 'wait'}: "
        f"pause {args.pause:g} s, {args.seconds:g} s: appends acknowledged {len(acked)}, "
        f"refused {refused}; acknowledged rows lost {len(lost_acked)} of {len(acked)}; "
        f"original rows lost {len(lost_original)} of {len(original)}; "
        f"editor saves in the log {editor_rows}; "
        f"validate warns that rows were changed or removed: {'yes' if warned else 'no'}"
    )


if __name__ == "__main__":
    main()
