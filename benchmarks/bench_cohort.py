"""Cohort KPIs: careermap's Ibis code vs the same KPIs written directly in DuckDB SQL.

The SQL below is the engine floor: every KPI and flag of ``cohort_summary`` written by hand
in DuckDB SQL, with no Ibis layer. It is a second, independent implementation, so the
benchmark also checks that both give the same numbers (column by column, exactly: the sums
follow the KPIs' precision rule, each term to 1e-9 added as integers, ``docs/cohort.md#precision``).

Both sides are timed end to end: the priority-1 role requirements (a pandas lookup of the
O*NET extract, the same for both), the frames or Parquet files given to DuckDB, the query,
and the rows back in pandas; careermap also adds the reasons and the documented dtypes.
The KPI expression is compiled once (per engine, schema and thresholds), so after the first
call careermap runs its cached SQL.

    uv run python benchmarks/bench_cohort.py --people 1000 --scale 10

``--scale 10`` makes the 10,000-person cohort by copying the generated 1,000-person
frames ten times under new person ids (same data shape, ten times the rows) and storing
it as Parquet, the large-cohort layout (``careermap convert``). ``benchmarks/bench_scale.py``
has the generator's own 10,000-person cohort with 20 million log rows, and Spark.

Peak memory is measured apart from the timings, each side in a fresh process of its own
(``VmHWM``, Linux): the in-memory case loads the frames (from Parquet) and then runs the KPIs
once, and prints the peak with the memory held once the frames are loaded; the Parquet case
runs the KPIs straight from the files.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

import careermap
from careermap.demo import generate_cohort
from careermap.metrics import cohort_summary, cohort_summary_parquet, reflag
from careermap.metrics._forecast import FORECAST_WEEKS, dispersion_of, finish_days, has_pace
from careermap.metrics._kpis import KPI_FRAMES
from careermap.metrics._requirements import first_role_requirements
from careermap.metrics._thresholds import Thresholds
from careermap.model import FRAME_NAMES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _memory import peak_mb, vm_mb

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
         CAST(quantile_cont(floor(m.effort_hours * 1e9 + 0.5)::BIGINT, 0.5)
              OVER (PARTITION BY m.person_id) AS DOUBLE) / 1e9 AS median_effort
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
    coalesce(CAST(sum(floor((effort) * 1e9 + 0.5)::BIGINT) FILTER (in_scope AND NOT done_asof) AS DOUBLE) / 1e9, 0) AS remaining_effort
  FROM st2 GROUP BY person_id
),
top AS (
  SELECT g.person_id, arg_min(g.goal_id, (g.priority, g.goal_id)) AS top_goal_id
  FROM goals g
  WHERE EXISTS (SELECT 1 FROM st2 WHERE st2.person_id = g.person_id AND st2.goal_id = g.goal_id
                AND in_scope AND NOT done_asof
                AND target_asof <= $as_of + INTERVAL {top_goal_due_days} DAY)
  GROUP BY g.person_id
),
log AS (SELECT * FROM time_log WHERE date <= $as_of),
hours AS (
  SELECT person_id, max(date) AS last_log,
    coalesce(CAST(sum(floor((hours) * 1e9 + 0.5)::BIGINT) FILTER (date > $as_of - INTERVAL 28 DAY) AS DOUBLE) / 1e9, 0) AS hours_last_4w,
    coalesce(CAST(sum(floor((hours) * 1e9 + 0.5)::BIGINT) FILTER (date > $as_of - INTERVAL {pace_days} DAY) AS DOUBLE) / 1e9, 0) AS hours_pace
  FROM log GROUP BY person_id
),
top_hours AS (
  SELECT l.person_id, CAST(sum(floor((l.hours) * 1e9 + 0.5)::BIGINT) AS DOUBLE) / 1e9 AS top_goal_hours
  FROM log l JOIN top t ON l.person_id = t.person_id AND l.goal_id = t.top_goal_id
  WHERE l.date > $as_of - INTERVAL {top_goal_days} DAY GROUP BY l.person_id
),
deadlines AS (SELECT person_id, max(deadline) AS latest_deadline FROM goals GROUP BY person_id),
rv AS (
  SELECT person_id,
    (satisfaction + motivation + confidence + alignment) / 4.0 AS score,
    row_number() OVER (PARTITION BY person_id ORDER BY date DESC) - 1 AS back
  FROM reviews WHERE date <= $as_of
),
reviews_k AS (
  SELECT person_id, count(score) AS n_reviews,
    max(score) FILTER (back = 0) AS last_review_score,
    max(score) FILTER (back = 1) AS s1,
    max(score) FILTER (back = 2) AS s2
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
    CAST(sum(floor((w * level) * 1e9 + 0.5)::BIGINT) FILTER (kind = 'first') AS DOUBLE) / 1e9 / sum(w) FILTER (kind = 'first') AS first_level,
    CAST(sum(floor((w * level) * 1e9 + 0.5)::BIGINT) FILTER (kind = 'now') AS DOUBLE) / 1e9 / sum(w) FILTER (kind = 'now') AS latest_level
  FROM used GROUP BY ALL
),
span AS (
  SELECT person_id, min(date) AS first_assessed, max(date) AS last_assessed,
    datediff('day', min(date), max(date)) / 30.4375 AS months_assessed
  FROM assessments WHERE date <= $as_of GROUP BY person_id
),
gaps AS (
  SELECT r.person_id,
    CAST(sum(floor((greatest(r.required_level - coalesce(first_level, 0), 0) * (r.importance / 5)) * 1e9 + 0.5)::BIGINT) AS DOUBLE) / 1e9 AS gap_first,
    CAST(sum(floor((greatest(r.required_level - coalesce(latest_level, 0), 0) * (r.importance / 5)) * 1e9 + 0.5)::BIGINT) AS DOUBLE) / 1e9 AS gap_now,
    CAST(sum(floor((r.required_level * (r.importance / 5)) * 1e9 + 0.5)::BIGINT) AS DOUBLE) / 1e9 AS gap_max,
    CAST(sum(CASE WHEN latest_level IS NULL THEN 0 ELSE floor((r.required_level * (r.importance / 5)) * 1e9 + 0.5)::BIGINT END) AS DOUBLE) / 1e9 AS gap_weight_assessed
  FROM req r LEFT JOIN lv USING (person_id, skill_id) GROUP BY r.person_id
),
-- the forecast's inputs: the window (the last {forecast_weeks} whole weeks, cut to the weeks
-- since the start) and the milestones done in each of its weeks; the dates come from the
-- forecast model in numpy afterwards, as in the product (a model SQL cannot express)
pace_win AS (
  SELECT person_id, CASE WHEN datediff('day', start, $as_of) >= 0
    THEN least(datediff('day', start, $as_of) // 7 + 1, {forecast_weeks}) ELSE 0 END
    AS forecast_window
  FROM people
),
weekly AS (
  SELECT ms.person_id, datediff('day', ms.done, $as_of) // 7 AS week, count(*) AS c
  FROM milestones ms JOIN pace_win w USING (person_id)
  WHERE ms.done IS NOT NULL AND ms.done <= $as_of
    AND datediff('day', ms.done, $as_of) // 7 < w.forecast_window
  GROUP BY ALL
),
pace AS (
  SELECT person_id, sum(c) AS forecast_done, sum(c * c) AS forecast_sum_sq
  FROM weekly GROUP BY person_id
),
k AS (
  SELECT p.person_id, p.weekly_hours,
    coalesce(m.scope, 0) AS scope, coalesce(m.done, 0) AS done,
    coalesce(m.on_time, 0) AS on_time,
    coalesce(m.overdue_milestones, 0) AS overdue_milestones,
    coalesce(m.remaining_effort, 0) AS remaining_effort,
    h.last_log, coalesce(h.hours_last_4w, 0) AS hours_last_4w,
    coalesce(h.hours_pace, 0) / {pace_weeks} AS pace_hours_per_week,
    t.top_goal_id, coalesce(th.top_goal_hours, 0) AS top_goal_hours, d.latest_deadline,
    r.n_reviews, r.last_review_score, r.s1, r.s2, g.gap_first, g.gap_now, g.gap_max,
    CASE WHEN g.gap_max > 0 THEN g.gap_weight_assessed / g.gap_max END AS gap_coverage,
    CASE WHEN g.gap_max > 0 THEN 1 - g.gap_now / g.gap_max END AS match_score,
    s.first_assessed, s.last_assessed, s.months_assessed,
    datediff('day', h.last_log, $as_of) AS days_since_last_log,
    pw.forecast_window, coalesce(pc.forecast_done, 0) AS forecast_done,
    coalesce(pc.forecast_sum_sq, 0) AS forecast_sum_sq
  FROM people p
  LEFT JOIN pace_win pw USING (person_id) LEFT JOIN pace pc USING (person_id)
  LEFT JOIN per_ms m USING (person_id) LEFT JOIN hours h USING (person_id)
  LEFT JOIN top t USING (person_id) LEFT JOIN top_hours th USING (person_id)
  LEFT JOIN deadlines d USING (person_id) LEFT JOIN reviews_k r USING (person_id)
  LEFT JOIN gaps g USING (person_id) LEFT JOIN span s USING (person_id)
),
k2 AS (
  SELECT *, scope - done AS remaining,
    CASE WHEN scope > 0 THEN 100.0 * done / scope END AS progress_pct,
    CASE WHEN done > 0 THEN on_time / done END AS on_time_rate,
    hours_last_4w / 4 AS hours_per_week_4w,
    hours_last_4w / 4 / weekly_hours AS capacity_ratio,
    last_review_score - s2 AS review_trend,
    last_review_score < s1 AND s1 < s2 AS reviews_falling,
    CASE WHEN months_assessed > 0 THEN (gap_first - gap_now) / months_assessed END
      AS gap_closure_per_month
  FROM k
),
k3 AS (
  SELECT *,
    coalesce(days_since_last_log, 1000000) < {inactive_days} AS active
  FROM k2
),
k4 AS (
  SELECT * EXCLUDE (active, s1, s2, on_time),
    NOT active AS flag_inactive,
    overdue_milestones >= {overdue_milestones} AS flag_overdue,
    coalesce(reviews_falling AND review_trend <= -{review_drop}, false) AS flag_reviews,
    coalesce(active AND top_goal_id IS NOT NULL AND top_goal_hours <= 0, false) AS flag_top_goal,
    coalesce(active AND capacity_ratio < {low_effort_ratio}, false) AS flag_low_effort
  FROM k3
)
SELECT * FROM k4 ORDER BY person_id
"""

TH = Thresholds()
FLOOR_SQL = SQL.format(**asdict(TH), pace_days=7 * TH.pace_weeks, forecast_weeks=FORECAST_WEEKS)

CHECK = [
    "weekly_hours", "scope", "done", "overdue_milestones", "remaining_effort", "last_log",
    "hours_last_4w", "top_goal_id", "top_goal_hours", "latest_deadline", "n_reviews",
    "last_review_score", "gap_first", "gap_now", "gap_max", "gap_coverage", "match_score",
    "first_assessed", "last_assessed",
    "days_since_last_log", "months_assessed", "remaining", "progress_pct", "on_time_rate",
    "hours_per_week_4w", "pace_hours_per_week", "review_trend", "reviews_falling",
    "capacity_ratio", "weeks_to_finish", "gap_closure_per_month", "projected_finish",
    "finish_p50",
    "flag_inactive", "flag_overdue", "flag_forecast", "flag_reviews", "flag_top_goal",
    "flag_low_effort", "needs_attention",
]  # fmt: skip


def sql_kpis(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    df = con.execute(FLOOR_SQL, {"as_of": pd.Timestamp(AS_OF)}).df()
    # the forecast's dates: the model on the SQL's inputs (P85 and P50, as the product)
    n = df.pop("forecast_done").astype("float64").to_numpy()
    w = df.pop("forecast_window").astype("float64").to_numpy()
    disp = dispersion_of(n, w, df.pop("forecast_sum_sq").astype("float64").to_numpy())
    rem = df["remaining"].astype("float64").to_numpy()
    go = (rem > 0) & has_pace(n, w)
    day = np.datetime64(pd.Timestamp(AS_OF), "D")
    for col, q in (("projected_finish", 0.85), ("finish_p50", 0.5)):
        d = finish_days(np.where(go, rem, 0.0), n, np.where(go, w, 0.0), disp, q)
        df[col] = pd.Series(np.where(go & (d >= 0), day + np.maximum(d, 0), np.datetime64("NaT")))
        if q == 0.85:
            df["weeks_to_finish"] = np.where(go, np.where(d >= 0, d / 7.0, np.inf), np.nan)
    p50 = df["finish_p50"].astype("datetime64[ns]")
    late = (p50 - df["latest_deadline"].astype("datetime64[ns]")).dt.days > TH.forecast_margin_days
    df["flag_forecast"] = (
        df["latest_deadline"].notna() & df["weeks_to_finish"].notna() & (p50.isna() | late)
    )
    flags = ["flag_inactive", "flag_overdue", "flag_forecast", "flag_reviews", "flag_top_goal",
             "flag_low_effort"]  # fmt: skip
    df["needs_attention"] = df[flags].any(axis=1)
    return df


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


def floor_frames(m: careermap.CareerMap) -> pd.DataFrame:
    """The floor end to end, as cohort_summary: requirements, frames in, rows out."""
    con = connect_frames(m)
    try:
        return sql_kpis(con)
    finally:
        con.close()


def connect_parquet(folder: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    for name in KPI_FRAMES:
        path = folder / f"{name}.parquet"
        con.execute(
            f"CREATE VIEW {name} AS SELECT *, file_row_number AS seq "
            f"FROM read_parquet('{path}', file_row_number = true)"
        )
    req = first_role_requirements(
        pd.read_parquet(folder / "target_roles.parquet"),
        pd.read_parquet(folder / "role_requirements.parquet"),
    )
    con.register("req", req)
    return con


def floor_parquet(folder: Path, memory_limit: str) -> pd.DataFrame:
    """The floor end to end over Parquet, as cohort_summary_parquet."""
    con = connect_parquet(folder, memory_limit)
    try:
        return sql_kpis(con)
    finally:
        con.close()


def compare(ours: pd.DataFrame, floor: pd.DataFrame) -> str:
    """'identical', or the columns that differ (with the largest relative difference)."""
    a = ours.set_index("person_id")
    b = floor.set_index("person_id")
    if sorted(a.index) != sorted(b.index):
        return "differ: not the same people"
    b = b.loc[a.index]
    diffs = []
    for col in CHECK:
        x, y = a[col], b[col]
        if pd.api.types.is_datetime64_any_dtype(x) or pd.api.types.is_datetime64_any_dtype(y):
            same = (
                pd.to_datetime(x)
                .astype("datetime64[ns]")
                .equals(pd.to_datetime(y).astype("datetime64[ns]").set_axis(x.index))
            )
        elif pd.api.types.is_numeric_dtype(x) and not pd.api.types.is_bool_dtype(x):
            xf = x.astype("float64").to_numpy()
            yf = y.astype("float64").to_numpy()
            same = np.array_equal(xf, yf, equal_nan=True)
            if not same and np.allclose(xf, yf, rtol=1e-12, atol=0, equal_nan=True):
                diffs.append(f"{col} (within 1e-12)")
                continue
        else:
            canon = lambda v: [None if pd.isna(e) else e for e in v.astype(object)]  # noqa: E731
            same = canon(x) == canon(y)
        if not same:
            diffs.append(col)
    return "identical" if not diffs else "differ: " + ", ".join(diffs)


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


def child(what: str, folder: Path, memory_limit: str) -> None:
    """One side run once in this fresh process; prints its peak memory as JSON."""
    side, data = what.split("-")
    if data == "frames":
        m = careermap.load(folder)
        held = vm_mb("VmRSS")
        run_once = (
            (lambda: cohort_summary(m, as_of=AS_OF))
            if side == "ours"
            else (lambda: floor_frames(m))
        )
    else:
        held = vm_mb("VmRSS")
        run_once = (
            (lambda: cohort_summary_parquet(folder, as_of=AS_OF, memory_limit=memory_limit))
            if side == "ours"
            else (lambda: floor_parquet(folder, memory_limit))
        )
    run_once()
    print(json.dumps({"peak_mb": peak_mb(), "held_mb": held}))


def peak(what: str, folder: Path, memory_limit: str) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", what, "--data", str(folder)]
    out = subprocess.run(
        [*cmd, "--memory-limit", memory_limit], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def memory_line(label: str, ours: dict[str, float], floor: dict[str, float]) -> str:
    before = "frames loaded" if "memory" in label else "after imports"
    return (
        f"peak memory, {label}: careermap {ours['peak_mb']:.0f} MB, "
        f"floor {floor['peak_mb']:.0f} MB ({before}: {ours['held_mb']:.0f} and "
        f"{floor['held_mb']:.0f} MB)"
    )


def run(
    m: careermap.CareerMap, *, scale: int = 10, repeat: int = 3, memory_limit: str = "500MB"
) -> None:
    n = len(m.people)
    cohort_summary(m, as_of=AS_OF)  # warm-up: imports, DuckDB start, the one compilation
    floor_frames(m)
    ours, s = timed(lambda: cohort_summary(m, as_of=AS_OF), repeat)
    floor, f = timed(lambda: floor_frames(m), repeat)
    print(f"cohort_summary, {n:,} people (compiled Ibis SQL on DuckDB)  : {ours:7.3f} s")
    print(f"same KPIs and flags in hand-written DuckDB SQL (floor)  : {floor:7.3f} s")
    print(
        f"ratio ours / floor (target <= 1.5)                      : {ours / floor:7.2f} x   numbers: {compare(s, f)}"
    )
    # A threshold slider: only the flags again (reflag) vs the whole summary again.
    changes = {"inactive_days": 60, "overdue_milestones": 1}
    again, full = timed(lambda: cohort_summary(m, as_of=AS_OF, thresholds=changes), repeat)
    quick, r = timed(lambda: reflag(s, changes), repeat)
    print(f"new thresholds: cohort_summary again                    : {again:7.3f} s")
    print(
        f"new thresholds: reflag (flags only)                     : {quick:7.3f} s   "
        f"ratio {again / quick:5.1f} x faster   same result: {frames_equal(r, full)}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        frames = m.to_parquet(Path(tmp) / "frames")
        print(
            memory_line(
                f"{n:,} people in memory",
                peak("ours-frames", frames, memory_limit),
                peak("floor-frames", frames, memory_limit),
            )
        )
    if scale > 1:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pq"
            folder.mkdir()
            for name, df in scaled(m, scale).items():
                df.to_parquet(folder / f"{name}.parquet", index=False)
            big = n * scale
            summary = lambda: cohort_summary_parquet(  # noqa: E731
                folder, as_of=AS_OF, memory_limit=memory_limit
            )
            summary()
            floor_parquet(folder, memory_limit)
            ours, s = timed(summary, repeat)
            floor, f = timed(lambda: floor_parquet(folder, memory_limit), repeat)
            rows = len(pd.read_parquet(folder / "time_log.parquet", columns=["hours"]))
            print(
                f"cohort_summary_parquet, {big:,} people ({rows:,} log rows, memory_limit {memory_limit}) : {ours:7.3f} s"
            )
            print(
                f"same KPIs and flags in hand-written DuckDB SQL over the files            : {floor:7.3f} s"
            )
            print(
                f"ratio ours / floor (target <= 1.5)                                       : {ours / floor:7.2f} x   numbers: {compare(s, f)}"
            )
            print(
                memory_line(
                    f"{big:,} people over Parquet",
                    peak("ours-parquet", folder, memory_limit),
                    peak("floor-parquet", folder, memory_limit),
                )
            )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--people", type=int, default=1000)
    p.add_argument("--scale", type=int, default=10)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cohort", type=Path, help="a cohort folder to use instead of generating one")
    p.add_argument("--memory-limit", default="500MB", help="DuckDB's limit over Parquet")
    p.add_argument("--child", help=argparse.SUPPRESS)  # a peak-memory measurement
    p.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child, args.data, args.memory_limit)
        return 0
    if args.cohort:
        m = careermap.load(args.cohort)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            generate_cohort(Path(tmp) / "c", people=args.people, seed=1)
            m = careermap.load(Path(tmp) / "c")
    run(m, scale=args.scale, repeat=args.repeat, memory_limit=args.memory_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
