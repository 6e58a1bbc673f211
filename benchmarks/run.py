"""careermap benchmarks: prints seconds and ratios to a baseline measured in the same run.

    uv run python benchmarks/run.py                 # 1,000-person cohort
    uv run python benchmarks/run.py --people 200    # quicker

Sections
- generate: the demo generator (for information).
- load: ``careermap.load`` (read + validate every file of every person) vs plain
  ``pandas.read_csv`` of the same CSV files (the floor: no YAML, no checks). Target ratio <= 2
  (issue 13).
- peak memory: each of the two run once more in a fresh process (``--child``), whose peak
  resident memory (``VmHWM``) is printed next to the same process's after imports only.

Timings are the median of ``--repeat`` runs (the two alternated); these machines are noisy, so compare ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import careermap
from careermap.demo import generate_cohort

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _memory import peak_mb


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def plain_read_csv(folder: Path) -> int:
    rows = 0
    for f in sorted(folder.glob("*/*.csv")):
        rows += len(pd.read_csv(f))
    return rows


def child(what: str, folder: Path) -> None:
    """Run one of the two once and print a JSON line: seconds, peak MB, peak MB before it."""
    before = peak_mb()
    t0 = time.perf_counter()
    if what == "load":
        careermap.load(folder)
    else:
        plain_read_csv(folder)
    print(json.dumps({"s": time.perf_counter() - t0, "peak": peak_mb(), "before": before}))


def in_child(what: str, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", what, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
        return 0
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--people", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cohort"
        t0 = time.perf_counter()
        generate_cohort(out, people=args.people, seed=args.seed)
        gen = time.perf_counter() - t0
        n_files = len(list(out.glob("*/*")))
        print(f"cohort: {args.people} people, {n_files} files (generated in {gen:.2f} s)")

        # alternated, so that a busy spell of the machine falls on both alike
        bases, ourses = [], []
        for _ in range(args.repeat):
            b, rows = timed(lambda: plain_read_csv(out), 1)
            o, m = timed(lambda: careermap.load(out), 1)
            bases.append(b)
            ourses.append(o)
        base, ours = statistics.median(bases), statistics.median(ourses)
        assert isinstance(m, careermap.CareerMap)
        print(f"pandas.read_csv of the CSV files : {base:7.3f} s  ({rows:,} rows)")
        print(
            f"careermap.load + validate        : {ours:7.3f} s  ({len(m.time_log):,} time-log rows)"
        )
        print(f"ratio load / read_csv            : {ours / base:7.2f} x  (target <= 2)")
        for what, label in (("read_csv", "pandas.read_csv"), ("load", "careermap.load")):
            r = in_child(what, out)
            print(
                f"peak memory, {label:<18} : {r['peak']:7.0f} MB  "
                f"({r['peak'] - r['before']:.0f} MB over the {r['before']:.0f} MB after imports; "
                f"{r['s']:.3f} s in a fresh process)"
            )

        sample, _ = timed(lambda: careermap.load(careermap.sample_path()), args.repeat)
        print(f"load the sample person           : {sample:7.3f} s  (target < 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
