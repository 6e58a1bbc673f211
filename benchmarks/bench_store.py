"""What the store's guards against other programs cost an append, against the store without them.

    uv run python benchmarks/bench_store.py                     # 100k rows x 10, 1k rows x 200
    uv run python benchmarks/bench_store.py --sizes 100000:1000 # the issue's 1,000 appends
    uv run python benchmarks/bench_store.py --base <git rev>    # another "before"

The "before" is the store as it was before issue 14's item 4 (a torn or concurrently saved
log refused, the file checked again just before the rename, a done marker in the journal,
modes kept), taken from git (``--base``, default the commit before that change) with
``git archive`` into a temporary folder. Each side appends the same rows, one per call, to
its own copy of the sample map whose time log is padded to ``rows`` rows, in a fresh
process (fsync on, as people run it); the two run alternately ``--repeat`` times and each
line prints the median seconds per append and the ratio now / before. The machines are
shared and noisy: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import careermap

REPO = Path(__file__).resolve().parent.parent
BASE = "d3a022d"  # main before the store refused torn and concurrently saved files

CHILD = """
import datetime as dt, sys, time
from careermap import store
print(store.__file__)
folder, n = sys.argv[1], int(sys.argv[2])
def row(i):
    return {"date": dt.date(2027, 1, 1) + dt.timedelta(days=i), "hours": 0.5,
            "category": "practice", "note": f"bench {i}"}
store.append(folder, "time_log", row(0))  # the roadmap is loaded once, then remembered
t0 = time.perf_counter()
for i in range(1, n + 1):
    store.append(folder, "time_log", row(i))
print((time.perf_counter() - t0) / n)
"""


def padded_map(where: Path, rows: int) -> Path:
    """A copy of the sample whose time log holds at least ``rows`` rows (its own, repeated)."""
    folder = Path(shutil.copytree(careermap.sample_path(), where))
    log = folder / "time_log.csv"
    header, *body = log.read_bytes().splitlines(keepends=True)
    copies = -(-rows // len(body))
    log.write_bytes(header + b"".join(body) * copies)
    return folder


def old_package(base: str, where: Path) -> Path:
    """The careermap package as it was at ``base``, extracted into ``where``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", base, "careermap"],
        check=True,
        capture_output=True,
    ).stdout
    where.mkdir()
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def per_append(package_root: Path, folder: Path, n: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(n)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(package_root)},
        cwd=folder.parent,  # not the repository: python -c puts the working folder first
    )
    where, seconds = out.stdout.strip().splitlines()[-2:]
    if not Path(where).is_relative_to(package_root):
        raise RuntimeError(f"the child imported {where}, not the store in {package_root}")
    return float(seconds)


def run(sizes: list[tuple[int, int]], base: str = BASE, repeat: int = 2) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        old = old_package(base, Path(tmp) / "before")
        for rows, appends in sizes:
            now, before = [], []
            for _ in range(repeat):
                for root, times in ((REPO, now), (old, before)):
                    folder = padded_map(Path(tmp) / "map", rows)
                    times.append(per_append(root, folder, appends))
                    shutil.rmtree(folder)
            a, b = statistics.median(now), statistics.median(before)
            lines.append(
                f"append to a {rows:>7,}-row log ({appends} appends x {repeat}):  now "
                f"{a * 1000:8.1f} ms   before ({base}) {b * 1000:8.1f} ms   ratio {a / b:5.2f} x"
            )
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--sizes",
        nargs="+",
        default=["100000:10", "1000:200"],
        help="ROWS:APPENDS pairs (default: 100000:10 1000:200)",
    )
    p.add_argument("--base", default=BASE, help=f"git revision of 'before' (default {BASE})")
    p.add_argument("--repeat", type=int, default=2, help="runs of each side (median)")
    args = p.parse_args()
    sizes = [tuple(int(x) for x in s.split(":")) for s in args.sizes]
    for text in run(sizes, args.base, args.repeat):  # type: ignore[arg-type]
        print(text)


if __name__ == "__main__":
    main()
