"""Seconds to import a large Toggl Track export (and a calendar with long-running series).

    uv run python benchmarks/bench_import.py                  # 10,000 Toggl entries
    uv run python benchmarks/bench_import.py --entries 2000   # quicker

Times, on a copy of the sample map: reading the export (``read_export``), the preview
(``plan_import``: the roadmap load, the rules, the split into local days), the import itself
(``import_time``: the plan plus one ``store.append``), and the same import again (nothing
new: every entry is found by its source id). The calendar case expands three weekly series
running two years each. Timings are the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import careermap
from careermap.timeimport import import_time, plan_import, read_export

TOGGL_HEADER = [
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
    "Amount (USD)",
]
RULES = {
    "rules": [
        {
            "match": {"project": "SQL"},
            "set": {"category": "learning", "goal": "G1", "milestone": "M1"},
        },
        {"match": {"text": "mentor"}, "set": {"category": "mentoring"}},
        {
            "match": {"tag": "deep"},
            "set": {"category": "practice", "goal": "G2", "milestone": "M9"},
        },
    ]
}
UNTIL = "2026-11-14"  # the sample's log ends here; the export stops before it


def toggl_export(path: Path, n: int, seed: int) -> Path:
    """``n`` entries back to back from 2019 (some over midnight), ending before UNTIL."""
    rng = random.Random(seed)
    t = dt.datetime(2019, 1, 7, 7, 0)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(TOGGL_HEADER)
    for i in range(n):
        minutes = rng.choice([15, 30, 45, 60, 90, 120, 150])
        end = t + dt.timedelta(minutes=minutes)
        writer.writerow(
            [
                "Alex Rivera",
                "alex@example.com",
                "",
                rng.choice(["SQL course", "Portfolio", "Reading"]),
                "",
                f"entry {i}, with a comma",
                "No",
                f"{t:%Y-%m-%d}",
                f"{t:%H:%M:%S}",
                f"{end:%Y-%m-%d}",
                f"{end:%H:%M:%S}",
                f"{minutes // 60:02d}:{minutes % 60:02d}:00",
                rng.choice(["learning", "deep work, practice", "", "mentoring"]),
                "",
            ]
        )
        t = end + dt.timedelta(minutes=rng.choice([30, 60, 120, 300, 600]))
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return path


def calendar_export(path: Path) -> Path:
    """Three weekly series of two years each, one with an excluded week."""
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:series-{k}@example.com\r\n"
        f"DTSTART;TZID=America/New_York:2024110{k + 4}T{17 + k:02d}0000\r\n"
        f"DTEND;TZID=America/New_York:2024110{k + 4}T{18 + k:02d}0000\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20261101T000000Z\r\n"
        f"EXDATE;TZID=America/New_York:2025010{k + 6}T{17 + k:02d}0000\r\n"
        f"SUMMARY:Series {k}\r\nEND:VEVENT\r\n"
        for k in range(3)
    )
    path.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n", encoding="utf-8"
    )
    return path


def timed(fn: Callable[[], object], repeat: int, setup: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(repeat):
        setup()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--entries", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        export = toggl_export(root / "toggl.csv", args.entries, args.seed)
        folder = root / "alex-rivera"

        def fresh() -> None:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(careermap.sample_path(), folder)

        fresh()
        entries = read_export(export, tz="America/New_York", until=UNTIL)
        plan = plan_import(folder, export, rules=RULES, tz="America/New_York", until=UNTIL)
        print(
            f"Toggl export: {len(entries):,} entries, {export.stat().st_size / 1e6:.1f} MB; "
            f"{len(plan.rows):,} time-log rows ({len(plan.rows) - len(entries):,} from entries "
            "over midnight)"
        )
        opts = {"rules": RULES, "tz": "America/New_York", "until": UNTIL}
        read = timed(lambda: read_export(export, tz="America/New_York", until=UNTIL), args.repeat)
        planned = timed(lambda: plan_import(folder, export, **opts), args.repeat)
        imported = timed(lambda: import_time(folder, export, **opts), args.repeat, fresh)
        again = timed(lambda: import_time(folder, export, **opts), args.repeat)
        print(f"read_export                 : {read:7.2f} s")
        print(f"plan_import (the preview)   : {planned:7.2f} s")
        print(f"import_time (one append)    : {imported:7.2f} s")
        print(f"import_time again (nothing) : {again:7.2f} s")

        calendar = calendar_export(root / "calendar.ics")
        n = len(read_export(calendar, tz="America/New_York", until=UNTIL))
        ics = timed(lambda: read_export(calendar, tz="America/New_York", until=UNTIL), args.repeat)
        print(f"calendar, 3 weekly series   : {ics:7.2f} s  ({n} instances)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
