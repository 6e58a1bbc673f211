"""Cohort KPIs: careermap's Ibis code vs the same KPIs written directly in DuckDB SQL.

The SQL below is the engine floor: what DuckDB itself needs for these KPIs, with no Ibis
layer. It is a second, independent implementation, so the benchmark also checks that both
give the same numbers.

    uv run python benchmarks/bench_cohort.py --people 1000 --scale 10

``--scale 10`` makes the 10,000-person cohort by copying the generated 1,000-person
frames ten times under new person ids (same data shape, ten times the rows) and storing
it as Parquet, the large-cohort layout (``CareerMap.to_parquet``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

import careermap
from careermap.demo import generate_cohort
from careermap.metrics import cohort_summary, cohort_summary_parquet, reflag
from careermap.metrics._kpis import KPI_FRAMES
from careermap.metrics._requirements import first_role_requirements
from careermap.model import FRAME_NAMES

AS_OF = "2026-11-15"

SQL = """
WITH
rs AS (
  SELECT *, row_number() OVER (PARTITION BY person_id, milestone_id ORDER BY "on", seq) AS k
  FROM reschedules
),
first_rs AS (
  SELECT person_id, milestone_id, from_target AS original_target FROM rs WHERE k = 1
),
-- the target in force on as_of: the `from` of the first reschedule made after it
later_rs AS (
  SELECT person_id, milestone_id, arg_min(from_target, k) AS in_force
  FROM rs WHERE "on" > $as_of GROUP BY ALL
),
ms AS (
  SELECT m.*, p.start AS person_start, r.original_target,
         coalesce(l.in_force, m.target) AS target_asof,
         median(m.effort_hours) OVER (PARTITION BY m.person_id) AS median_effort
  FROM milestones m JOIN people p USING (person_id)
  LEFT JOIN first_rs r USING (person_id, milestone_id)
  LEFT JOIN later_rs l USING (person_id, milestone_id)
),
st AS (
  SELECT *,
    coalesce(planned, person_start) <= $as_of AND (dropped IS NULL OR dropped > $as_of) AS in_scope,
    coalesce(effort_hours, median_effort, 0) AS effort
  FROM ms
),
st2 AS (SELECT *, in_scope AND done IS NOT NULL AND done <= $as_of AS done_asof FROM st),
per_ms AS (
  SELECT person_id,
    count(*) FILTER (in_scope) AS scope,
    count(*) FILTER (done_asof) AS done,
    count(*) FILTER (done_asof AND done <= coalesce(original_target, target)) AS on_time,
    count(*) FILTER (in_scope AND NOT done_asof AND target_asof < $as_of) AS overdue_milestones,
    coalesce(sum(effort) FILTER (in_scope AND NOT done_asof), 0) AS remaining_effort
  FROM st2 GROUP BY person_id
),
hours AS (
  SELECT person_id, max(date) AS last_log,
    coalesce(sum(hours) FILTER (date > $as_of - INTERVAL 28 DAY), 0) AS hours_last_4w,
    coalesce(sum(hours) FILTER (date > $as_of - INTERVAL 84 DAY), 0) / 12 AS pace
  FROM time_log WHERE date <= $as_of GROUP BY person_id
),
rv AS (
  SELECT person_id,
    (satisfaction + motivation + confidence + alignment) / 4.0 AS score,
    row_number() OVER (PARTITION BY person_id ORDER BY date DESC) - 1 AS back
  FROM reviews WHERE date <= $as_of
),
reviews_k AS (
  SELECT person_id,
    max(score) FILTER (back = 0) - max(score) FILTER (back = 2) AS review_trend
  FROM rv GROUP BY person_id
),
-- a skill's level is its combined level (docs/metrics.md#skill_levels): each source's
-- latest assessment (the later row on a tie), weighted test 3, mentor 2, manager 2, peer 1,
-- self 1, over the sources within 180 days of the most recent one; at the skill's first
-- assessment date and on as_of
asm AS (
  SELECT person_id, coalesce(skill_id, skill) AS skill_id, date, level, source, seq
  FROM assessments WHERE date <= $as_of
),
pts AS (
  SELECT person_id, skill_id, min(date) AS at, 'first' AS kind FROM asm GROUP BY ALL
  UNION ALL
  SELECT DISTINCT person_id, skill_id, $as_of AS at, 'now' AS kind FROM asm
),
src AS (
  SELECT p.person_id, p.skill_id, p.kind, a.source, a.level, a.date,
    row_number() OVER (PARTITION BY p.person_id, p.skill_id, p.kind, a.source
                       ORDER BY a.date DESC, a.seq DESC) AS k
  FROM pts p JOIN asm a
    ON a.person_id = p.person_id AND a.skill_id = p.skill_id AND a.date <= p.at
),
used AS (
  SELECT *,
    CASE source WHEN 'test' THEN 3.0 WHEN 'mentor' THEN 2.0 WHEN 'manager' THEN 2.0
                ELSE 1.0 END AS w
  FROM (SELECT *, max(date) OVER (PARTITION BY person_id, skill_id, kind) AS recent
        FROM src WHERE k = 1)
  WHERE date >= recent - INTERVAL 180 DAY
),
lv AS (
  SELECT person_id, skill_id,
    sum(w * level) FILTER (kind = 'first') / sum(w) FILTER (kind = 'first') AS first_level,
    sum(w * level) FILTER (kind = 'now') / sum(w) FILTER (kind = 'now') AS latest_level
  FROM used GROUP BY ALL
),
span AS (
  SELECT person_id, datediff('day', min(date), max(date)) / 30.4375 AS months
  FROM assessments WHERE date <= $as_of GROUP BY person_id
),
gaps AS (
  SELECT lv.person_id,
    sum(greatest(r.required_level - first_level, 0) * r.importance / 5) AS gap_first,
    sum(greatest(r.required_level - latest_level, 0) * r.importance / 5) AS gap_now
  FROM lv JOIN req r USING (person_id, skill_id) GROUP BY lv.person_id
)
SELECT p.person_id,
  coalesce(m.scope, 0) AS scope, coalesce(m.done, 0) AS done,
  CASE WHEN m.scope > 0 THEN 100.0 * m.done / m.scope END AS progress_pct,
  CASE WHEN m.done > 0 THEN m.on_time / m.done END AS on_time_rate,
  coalesce(m.overdue_milestones, 0) AS overdue_milestones,
  coalesce(h.hours_last_4w, 0) / 4 AS hours_per_week_4w,
  datediff('day', h.last_log, $as_of) AS days_since_last_log,
  coalesce(m.remaining_effort, 0) AS remaining_effort,
  r.review_trend,
  CASE WHEN s.months > 0 THEN (g.gap_first - g.gap_now) / s.months END AS gap_closure_per_month
FROM people p
LEFT JOIN per_ms m USING (person_id) LEFT JOIN hours h USING (person_id)
LEFT JOIN reviews_k r USING (person_id) LEFT JOIN gaps g USING (person_id)
LEFT JOIN span s USING (person_id)
ORDER BY p.person_id
"""

CHECK = [
    "scope", "done", "progress_pct", "on_time_rate", "overdue_milestones", "hours_per_week_4w",
    "days_since_last_log", "remaining_effort", "review_trend", "gap_closure_per_month",
]  # fmt: skip


def sql_kpis(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(SQL, {"as_of": pd.Timestamp(AS_OF)}).df()


def connect_frames(m: careermap.CareerMap) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in KPI_FRAMES:
        df = getattr(m, name).reset_index(drop=True)
        df = df.assign(
            **{
                c: df[c].astype("str")
                for c in df.columns
                if isinstance(df[c].dtype, pd.CategoricalDtype)
            }
        )
        if name in ("reschedules", "assessments"):  # the order written breaks same-day ties
            df = df.assign(seq=np.arange(len(df)))
        con.register(name, df)
    con.register("req", first_role_requirements(m.target_roles, m.role_requirements))
    return con


def connect_parquet(
    folder: Path, req: pd.DataFrame, memory_limit: str
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    for name in KPI_FRAMES:
        path = folder / f"{name}.parquet"
        con.execute(
            f"CREATE VIEW {name} AS SELECT *, file_row_number AS seq "
            f"FROM read_parquet('{path}', file_row_number = true)"
        )
    con.register("req", req)
    return con


def same_numbers(ours: pd.DataFrame, floor: pd.DataFrame) -> bool:
    a = ours.set_index("person_id")[CHECK].astype("float64")
    b = floor.set_index("person_id")[CHECK].astype("float64").loc[a.index]
    return bool(np.allclose(a.to_numpy(), b.to_numpy(), equal_nan=True))


def scaled(m: careermap.CareerMap, times: int) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in FRAME_NAMES:
        df = getattr(m, name)
        parts = [df.assign(person_id=df["person_id"] + f"-x{k}") for k in range(times)]
        frames[name] = pd.concat(parts, ignore_index=True)
    return frames


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b)
    except AssertionError:
        return False
    return True


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def run(
    m: careermap.CareerMap, *, scale: int = 10, repeat: int = 3, memory_limit: str = "500MB"
) -> None:
    n = len(m.people)
    cohort_summary(m, as_of=AS_OF)  # warm-up: imports, DuckDB start
    ours, s = timed(lambda: cohort_summary(m, as_of=AS_OF), repeat)
    con = connect_frames(m)
    floor, f = timed(lambda: sql_kpis(con), repeat)
    print(f"cohort_summary, {n:,} people (Ibis on DuckDB memtables) : {ours:7.3f} s")
    print(f"same KPIs in DuckDB SQL (engine floor)              : {floor:7.3f} s")
    print(
        f"ratio Ibis / SQL                                    : {ours / floor:7.2f} x   same numbers: {same_numbers(s, f)}"
    )
    # A threshold slider: only the flags again (reflag) vs the whole summary again.
    changes = {"inactive_days": 60, "overdue_milestones": 1}
    again, full = timed(lambda: cohort_summary(m, as_of=AS_OF, thresholds=changes), repeat)
    quick, r = timed(lambda: reflag(s, changes), repeat)
    print(f"new thresholds: cohort_summary again              : {again:7.3f} s")
    print(
        f"new thresholds: reflag (flags only)                 : {quick:7.3f} s   "
        f"ratio {again / quick:5.1f} x faster   same result: {frames_equal(r, full)}"
    )
    if scale > 1:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pq"
            folder.mkdir()
            for name, df in scaled(m, scale).items():
                df.to_parquet(folder / f"{name}.parquet", index=False)
            big = n * scale
            ours, s = timed(
                lambda: cohort_summary_parquet(folder, as_of=AS_OF, memory_limit=memory_limit),
                repeat,
            )
            req = first_role_requirements(
                pd.read_parquet(folder / "target_roles.parquet"),
                pd.read_parquet(folder / "role_requirements.parquet"),
            )
            con = connect_parquet(folder, req, memory_limit)
            floor, f = timed(lambda: sql_kpis(con), repeat)
            rows = len(pd.read_parquet(folder / "time_log.parquet", columns=["hours"]))
            print(
                f"cohort_summary_parquet, {big:,} people ({rows:,} log rows, DuckDB memory_limit {memory_limit}) : {ours:7.3f} s"
            )
            print(
                f"same KPIs in DuckDB SQL over the Parquet files                      : {floor:7.3f} s"
            )
            print(
                f"ratio Ibis / SQL                                                    : {ours / floor:7.2f} x   same numbers: {same_numbers(s, f)}"
            )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--people", type=int, default=1000)
    p.add_argument("--scale", type=int, default=10)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        generate_cohort(Path(tmp) / "c", people=args.people, seed=1)
        m = careermap.load(Path(tmp) / "c")
    run(m, scale=args.scale, repeat=args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
