"""Cohort KPIs at an organisation's scale: 10,000 people, 20 million time-log rows, Parquet.

    nice uv run python benchmarks/bench_scale.py                   # generate, then measure
    nice uv run python benchmarks/bench_scale.py --folder /tmp/big # reuse a generated cohort
    uv run python benchmarks/bench_scale.py --people 1000 --rows 2000000 --no-spark  # quick

The cohort is drawn by the demo generator straight to Parquet
(``careermap.demo.generate_parquet_cohort``, vectorised; not copies of a small cohort). Each
measurement runs in a process of its own, so its peak memory (the process's maximum resident
set, and the Spark JVM's) is its own:

- floor: every KPI and flag in hand-written DuckDB SQL over the files (``bench_cohort.SQL``),
  under the DuckDB memory limit (second call; the first is printed too);
- ``cohort_summary_parquet`` on DuckDB, the same memory limit (the compiled Ibis SQL; second
  call, the first, which compiles, printed too);
- ``cohort_summary_parquet`` on a local Spark session (``--spark-master``, default
  ``local[2]``); session start-up is printed apart.

Every line prints seconds, the ratio to the floor measured in the same run, the peak memory,
and whether the KPI frames are identical (careermap on DuckDB vs Spark: exactly; careermap vs
the floor: column by column, see ``bench_cohort.compare``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

AS_OF = "2026-11-15"
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _memory import peak_mb, vm_mb  # noqa: E402


def _jvm_peak_mb(spark) -> float | None:
    proc = getattr(spark.sparkContext._gateway, "proc", None)
    return None if proc is None else vm_mb(pid=proc.pid)


def measure(kind: str, folder: Path, result: Path, memory_limit: str, master: str) -> dict:
    """One measurement, in this process: seconds, peak memory; the frame goes to ``result``."""
    sys.path.insert(0, str(HERE))
    from careermap.metrics import cohort_summary_parquet

    info: dict = {}
    if kind in ("floor", "duckdb"):
        import bench_cohort

        def call():
            if kind == "floor":
                return bench_cohort.floor_parquet(folder, memory_limit)
            return cohort_summary_parquet(folder, as_of=AS_OF, memory_limit=memory_limit)

        # the first call pays for imports and (careermap) the one compilation; then warm
        t0 = time.perf_counter()
        call()
        info["cold"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        frame = call()
        info["seconds"] = time.perf_counter() - t0
    else:
        from pyspark.sql import SparkSession

        t0 = time.perf_counter()
        spark = (
            SparkSession.builder.master(master)
            .appName("careermap-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        info["startup"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        frame = cohort_summary_parquet(folder, as_of=AS_OF, engine=spark)
        info["seconds"] = time.perf_counter() - t0
        info["jvm_peak_mb"] = _jvm_peak_mb(spark)
        spark.stop()
    info["peak_mb"] = peak_mb()
    if "reasons" in frame:
        frame = frame.assign(reasons=frame["reasons"].map("; ".join))
    frame.to_parquet(result, index=False)
    return info


def run_one(kind: str, folder: Path, tmp: Path, memory_limit: str, master: str) -> dict:
    result = tmp / f"{kind}.parquet"
    cmd = [
        sys.executable, __file__, "--measure", kind, "--folder", str(folder),
        "--result", str(result), "--memory-limit", memory_limit, "--spark-master", master,
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-4000:]}")
    info = json.loads(out.stdout.strip().splitlines()[-1])
    info["frame"] = pd.read_parquet(result)
    return info


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--people", type=int, default=10_000)
    p.add_argument("--rows", type=int, default=22_000_000, help="time-log rows asked for")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--folder", type=Path, help="a Parquet cohort to use (generated if missing)")
    p.add_argument("--memory-limit", default="500MB", help="DuckDB's memory cap")
    p.add_argument("--spark-master", default="local[2]")
    p.add_argument("--no-spark", action="store_true")
    p.add_argument("--measure", help=argparse.SUPPRESS)
    p.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.measure:
        info = measure(args.measure, args.folder, args.result, args.memory_limit, args.spark_master)
        print(json.dumps(info))
        return 0

    import pyarrow.parquet as pq

    sys.path.insert(0, str(HERE))
    from bench_cohort import compare

    from careermap.demo import generate_parquet_cohort

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = args.folder or tmp / "cohort"
        if not (folder / "people.parquet").is_file():
            t0 = time.perf_counter()
            generate_parquet_cohort(folder, people=args.people, log_rows=args.rows, seed=args.seed)
            print(f"generated in {time.perf_counter() - t0:.1f} s (generate_parquet_cohort)")
        people = pq.read_metadata(folder / "people.parquet").num_rows
        rows = pq.read_metadata(folder / "time_log.parquet").num_rows
        size = sum(f.stat().st_size for f in folder.glob("*.parquet")) / 2**20
        print(f"cohort: {people:,} people, {rows:,} time-log rows, {size:.0f} MB of Parquet")

        floor = run_one("floor", folder, tmp, args.memory_limit, args.spark_master)
        ours = run_one("duckdb", folder, tmp, args.memory_limit, args.spark_master)
        f = floor["seconds"]
        print(
            f"floor: hand-written DuckDB SQL, memory_limit {args.memory_limit}  : "
            f"{f:7.2f} s            peak {floor['peak_mb']:6.0f} MB"
        )
        print(
            f"cohort_summary_parquet on DuckDB, same limit       : {ours['seconds']:7.2f} s "
            f"ratio {ours['seconds'] / f:5.2f} x  peak {ours['peak_mb']:6.0f} MB  "
            f"numbers vs floor: {compare(ours['frame'], floor['frame'])}"
        )
        print(
            f"  (first call in a fresh process, with imports and the one compilation: "
            f"{ours['cold']:.2f} s; the floor's first: {floor['cold']:.2f} s)"
        )
        if not args.no_spark:
            sp = run_one("spark", folder, tmp, args.memory_limit, args.spark_master)
            try:
                pd.testing.assert_frame_equal(sp["frame"], ours["frame"], check_exact=True)
                same = "identical"
            except AssertionError as exc:
                same = f"differ ({str(exc).splitlines()[0]})"
            jvm = f"{sp['jvm_peak_mb']:.0f} MB" if sp.get("jvm_peak_mb") else "n/a"
            print(
                f"cohort_summary_parquet on Spark {args.spark_master}            : "
                f"{sp['seconds']:7.2f} s ratio {sp['seconds'] / f:5.2f} x  peak {sp['peak_mb']:6.0f} MB "
                f"(python) + JVM {jvm}; start-up {sp['startup']:.1f} s; vs DuckDB: {same}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
