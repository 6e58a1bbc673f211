"""What reporting a badly broken log costs, against loading a valid log of the same size.

    uv run python benchmarks/bench_errors.py             # a 50 MB time log
    uv run python benchmarks/bench_errors.py --mb 5      # quicker

Each case runs ``careermap validate`` (the command a user runs) on a copy of the bundled
sample whose ``time_log.csv`` is replaced by ``--mb`` megabytes of rows, in a fresh process,
and prints its wall-clock seconds and peak memory (``ru_maxrss`` of that process):

- valid: rows that load (spread over days so that no day passes 24 hours), the baseline;
- invalid: the same number of rows, each breaking rules in several columns (hours out of
  range or not a number, a category not in the list, a goal not in the roadmap, a date
  that is no date).

The ratio invalid / valid is the point: reporting problems should cost about what loading
costs, since the report shows at most 200 of them. These machines are shared and noisy, so
compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import careermap

HEADER = "date,hours,category,goal,milestone,action,note\n"
_PROBE = """
import json, resource, sys, time
from careermap.cli import main
t0 = time.perf_counter()
rc = main(["validate", sys.argv[1]])
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rc": rc, "seconds": seconds, "peak_mb": peak}), file=sys.__stdout__)
"""


def valid_rows(size: int) -> str:
    rows, total, i = [HEADER], len(HEADER), 0
    # 12 rows of 0.5 h a day from 1950: a 50 MB log (about a million rows) ends in 2188,
    # inside the dates a map may hold
    first = dt.date(1950, 1, 1)
    while total < size:
        day = first + dt.timedelta(days=i // 12)
        row = f"{day.isoformat()},0.5,practice,G2,M9,,bench row {i}\n"
        rows.append(row)
        total += len(row)
        i += 1
    return "".join(rows)


def invalid_rows(size: int) -> str:
    bad = (
        "2027-01-{d:02d},-{h},practice,G2,M9,,bench row {i}\n",  # hours <= 0
        "2027-01-{d:02d},{h},juggling,G2,M9,,bench row {i}\n",  # category
        "2027-01-{d:02d},{h},practice,G{i},M9,,bench row {i}\n",  # unknown goal
        "2027-13-{d:02d},lots,practice,G2,M9,,bench row {i}\n",  # date and hours
    )
    rows, total, i = [HEADER], len(HEADER), 0
    while total < size:
        row = bad[i % len(bad)].format(d=1 + i % 28, h=1 + i % 5, i=i)
        rows.append(row)
        total += len(row)
        i += 1
    return "".join(rows)


def measure(folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["report_lines"] = len(out.stderr.splitlines())
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--mb", type=float, default=50.0, help="size of the time log in MB")
    args = p.parse_args(argv)
    size = int(args.mb * 1_000_000)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("valid", valid_rows), ("invalid", invalid_rows)):
            folder = Path(tmp) / name / "alex-rivera"
            shutil.copytree(careermap.sample_path(), folder)
            text = make(size)
            (folder / "time_log.csv").write_text(text, encoding="utf-8")
            results[name] = measure(folder)
            results[name]["rows"] = text.count("\n") - 1
    for name, r in results.items():
        print(
            f"{name:<8} {args.mb:g} MB, {r['rows']:,} rows: exit {r['rc']}, "
            f"{r['seconds']:7.1f} s, peak {r['peak_mb']:7.0f} MB, "
            f"{r['report_lines']} report lines"
        )
    v, b = results["valid"], results["invalid"]
    print(
        f"invalid / valid: time {b['seconds'] / v['seconds']:.1f} x, "
        f"peak memory {b['peak_mb'] / v['peak_mb']:.1f} x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
