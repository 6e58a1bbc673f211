"""A large demo cohort written straight to Parquet, vectorised over people (for benchmarks).

``generate_cohort`` writes a person's folder at a time (YAML and CSV, as a person would);
that takes about a minute for 1,000 people. :func:`generate_parquet_cohort` draws the frames
the cohort KPIs read for tens of thousands of people and tens of millions of log rows with
numpy, a block of people at a time, and writes them with pyarrow in the layout of
``careermap convert`` (``<frame>.parquet``), so the benchmarks can run the KPIs at an
organisation's scale without a cohort of folders.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from careermap.demo._catalogue import FIRST_NAMES, LAST_NAMES, ROLES, TRACKS
from careermap.errors import InvalidArgumentError

__all__ = ["SCALE_FRAMES", "generate_parquet_cohort"]

#: The frames written: what ``metrics.cohort_summary_parquet`` reads.
SCALE_FRAMES = (
    "people",
    "target_roles",
    "role_requirements",
    "goals",
    "milestones",
    "reschedules",
    "time_log",
    "reviews",
    "assessments",
)
GOALS, PER_GOAL, SKILLS, ASSESSED = 3, 4, 8, 4
CATEGORIES = ("learning", "practice", "networking", "applications", "reflection", "other")
TS = pa.timestamp("us")
STR = pa.string()

SCHEMAS = {
    "people": [
        ("person_id", STR), ("name", STR), ("current_role", STR), ("weekly_hours", pa.float64()),
        ("start", TS), ("vision", STR), ("horizon", TS), ("timezone", STR), ("group", STR),
    ],
    "target_roles": [
        ("person_id", STR), ("role_id", STR), ("kind", STR), ("priority", pa.int64()),
        ("title", STR), ("based_on", STR),
    ],
    "role_requirements": [
        ("person_id", STR), ("role_id", STR), ("skill", STR), ("skill_id", STR), ("name", STR),
        ("level", pa.float64()), ("importance", pa.float64()),
    ],
    "goals": [
        ("person_id", STR), ("goal_id", STR), ("title", STR), ("specific", STR), ("metric", STR),
        ("baseline", pa.float64()), ("target", pa.float64()), ("deadline", TS),
        ("relevant_to", STR), ("priority", pa.int64()), ("note", STR),
    ],
    "milestones": [
        ("person_id", STR), ("goal_id", STR), ("milestone_id", STR), ("title", STR),
        ("planned", TS), ("target", TS), ("effort_hours", pa.float64()), ("done", TS),
        ("dropped", TS), ("note", STR),
    ],
    "reschedules": [
        ("person_id", STR), ("milestone_id", STR), ("on", TS), ("from_target", TS),
        ("to_target", TS), ("reason", STR),
    ],
    "time_log": [
        ("person_id", STR), ("date", TS), ("hours", pa.float64()), ("category", STR),
        ("goal_id", STR), ("milestone_id", STR), ("action_id", STR), ("note", STR),
    ],
    "reviews": [
        ("person_id", STR), ("date", TS), ("satisfaction", pa.int64()),
        ("motivation", pa.int64()), ("confidence", pa.int64()), ("alignment", pa.int64()),
        ("note", STR),
    ],
    "assessments": [
        ("person_id", STR), ("date", TS), ("skill", STR), ("skill_id", STR),
        ("level", pa.float64()), ("source", STR), ("note", STR),
    ],
}  # fmt: skip


def _days(day0: np.datetime64, offsets: np.ndarray) -> pa.Array:
    """Timestamps (microseconds) of ``day0 + offsets`` days; NaN offsets are nulls."""
    off = np.asarray(offsets, dtype="float64")
    valid = ~np.isnan(off)
    us = day0.astype("datetime64[us]").astype("int64") + np.nan_to_num(off) * 86_400_000_000
    return pa.array(us.astype("int64"), type=pa.int64(), mask=~valid).cast(TS)


def _pick(words: list[str] | tuple[str, ...], idx: np.ndarray) -> pa.Array:
    return pc.take(pa.array(list(words), type=STR), pa.array(idx, type=pa.int64()))


def _role_skills(codes: list[str]) -> dict[str, tuple[list[str], np.ndarray]]:
    """Each role's most important skills: ids and required levels (O*NET)."""
    from careermap import reference

    req = reference.requirements(codes)
    req = req[~req["not_relevant"].astype(bool) & req["skill_id"].str.startswith("2.")]
    out = {}
    for code, g in req.sort_values("importance", ascending=False).groupby("role_id"):
        top = g.head(SKILLS)
        out[str(code)] = (top["skill_id"].astype(str).tolist(), top["level"].to_numpy("float64"))
    return out


def generate_parquet_cohort(
    out: str | os.PathLike[str],
    *,
    people: int = 10_000,
    log_rows: int = 20_000_000,
    seed: int = 0,
    as_of: str = "2026-11-15",
    days: int = 730,
    block: int = 1_000,
) -> Path:
    """Write a demo cohort of ``people`` with about ``log_rows`` time-log rows as Parquet.

    Each person has three goals of four milestones (some done, some rescheduled, a few
    dropped), logs time on most days of the ``days`` before ``as_of`` (some stop weeks or
    months before it), monthly reviews, and assessments of eight skills of their O*NET target
    role. Drawn with numpy for ``block`` people at a time, written as row groups of
    ``<frame>.parquet`` (:data:`SCALE_FRAMES`): the layout ``careermap convert`` writes.

    Parameters
    ----------
    out
        The folder to write (created).
    people, log_rows
        How many people, and about how many time-log rows in all.
    seed
        Seed of ``numpy.random.default_rng``: the same seed writes the same rows.
    as_of, days
        The data runs for ``days`` days up to ``as_of`` (ISO date).
    block
        People drawn and written at a time (memory grows with it).

    Returns
    -------
    pathlib.Path
        The folder.

    Examples
    --------
    >>> import tempfile, pyarrow.parquet as pq
    >>> folder = generate_parquet_cohort(tempfile.mkdtemp(), people=20, log_rows=4_000)
    >>> pq.read_metadata(folder / "people.parquet").num_rows
    20
    >>> 3_000 < pq.read_metadata(folder / "time_log.parquet").num_rows < 5_000
    True
    """
    for name, value, low in (("people", people, 1), ("log_rows", log_rows, 0), ("days", days, 90)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InvalidArgumentError(f"{name} must be an integer >= {low}; got {value!r}")
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    end = np.datetime64(dt.date.fromisoformat(as_of).isoformat(), "D")
    day0 = end - np.timedelta64(days, "D")
    rng = np.random.default_rng(seed)
    roles = [(track, code, title) for track in TRACKS for code, title in ROLES[track]]
    skills = _role_skills([code for _, code, _ in roles])
    roles = [r for r in roles if r[1] in skills]
    width = len(str(people))
    writers = {
        name: pq.ParquetWriter(root / f"{name}.parquet", pa.schema(cols))
        for name, cols in SCHEMAS.items()
    }
    try:
        for first in range(0, people, block):
            n = min(block, people - first)
            frames = _block(rng, first, n, width, day0, end, days, log_rows / people, roles, skills)
            for name, table in frames.items():
                writers[name].write_table(table.select([c for c, _ in SCHEMAS[name]]))
    finally:
        for w in writers.values():
            w.close()
    return root


def _block(rng, first, n, width, day0, end, days, rows_each, roles, skills) -> dict:
    """The frames of people ``first .. first + n - 1`` as Arrow tables."""
    ids = np.array([f"p{first + i + 1:0{width}d}" for i in range(n)], dtype=object)
    pid = pa.array(ids, type=STR)
    start = rng.integers(0, 14, n).astype("float64")  # days after day0
    weekly = rng.choice([4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 15.0], n)
    role = rng.integers(0, len(roles), n)
    # personas: most keep going; some stop logging weeks or months before the end
    stop = np.where(rng.random(n) < 0.15, rng.integers(20, 200, n), 0).astype("float64")
    stop = np.minimum(stop, days // 2)
    last_day = days - stop
    names = [
        f"{FIRST_NAMES[a]} {LAST_NAMES[b]}"
        for a, b in zip(
            rng.integers(0, len(FIRST_NAMES), n), rng.integers(0, len(LAST_NAMES), n), strict=True
        )
    ]
    out = {
        "people": pa.table(
            {
                "person_id": pid,
                "name": pa.array(names, type=STR),
                "current_role": pa.nulls(n, STR),
                "weekly_hours": weekly,
                "start": _days(day0, start),
                "vision": pa.nulls(n, STR),
                "horizon": _days(day0, np.full(n, days + 5 * 365.0)),
                "timezone": pa.nulls(n, STR),
                "group": _pick([r[0] for r in roles], role),
            }
        ),
        "target_roles": pa.table(
            {
                "person_id": pid,
                "role_id": _pick([r[1] for r in roles], role),
                "kind": pa.array(["onet"] * n, type=STR),
                "priority": np.ones(n, dtype="int64"),
                "title": _pick([r[2] for r in roles], role),
                "based_on": pa.nulls(n, STR),
            }
        ),
        "role_requirements": pa.table(
            {c: pa.array([], type=t) for c, t in SCHEMAS["role_requirements"]}
        ),
    }

    # goals: three per person, deadlines 1-2.5 years after the start
    g_person = np.repeat(np.arange(n), GOALS)
    g_no = np.tile(np.arange(GOALS), n)
    deadline = start[g_person] + rng.integers(365, 900, n * GOALS)
    out["goals"] = pa.table(
        {
            "person_id": pc.take(pid, pa.array(g_person)),
            "goal_id": _pick([f"G{k + 1}" for k in range(GOALS)], g_no),
            "title": _pick([f"Goal {k + 1}" for k in range(GOALS)], g_no),
            "specific": pa.nulls(len(g_person), STR),
            "metric": pa.nulls(len(g_person), STR),
            "baseline": pa.nulls(len(g_person), pa.float64()),
            "target": pa.nulls(len(g_person), pa.float64()),
            "deadline": _days(day0, deadline.astype("float64")),
            "relevant_to": pa.nulls(len(g_person), STR),
            "priority": (g_no + 1).astype("int64"),
            "note": pa.nulls(len(g_person), STR),
        }
    )

    # milestones: four per goal, targets spread to the goal's deadline
    per = GOALS * PER_GOAL
    m_person = np.repeat(np.arange(n), per)
    m_goal = np.tile(np.repeat(np.arange(GOALS), PER_GOAL), n)
    m_no = np.tile(np.arange(per), n)
    k = np.tile(np.tile(np.arange(PER_GOAL), GOALS), n)
    s, dl = start[m_person], deadline[m_person * GOALS + m_goal]
    target = s + (dl - s) * (k + 1) / PER_GOAL + rng.integers(-20, 20, m_person.size)
    planned = np.where(k == 0, np.nan, s + (target - s) * rng.uniform(0.0, 0.5, m_person.size))
    effort = np.where(rng.random(m_person.size) < 0.1, np.nan, rng.gamma(3.0, 8.0, m_person.size))
    effort = np.round(effort)
    moved = rng.random(m_person.size) < 0.25
    on = s + (np.minimum(target, days) - s) * rng.uniform(0.3, 0.9, m_person.size)
    new_target = target + rng.integers(14, 90, m_person.size)
    current = np.where(moved & (on <= days), new_target, target)
    finished = rng.normal(current - 10, 25)
    done = np.where(
        (finished <= last_day[m_person]) & (rng.random(m_person.size) < 0.85), finished, np.nan
    )
    done = np.where(done < s, s + 1, done)
    dropped = np.where(
        np.isnan(done) & (rng.random(m_person.size) < 0.04),
        s + rng.integers(30, 300, m_person.size),
        np.nan,
    )
    dropped = np.where(dropped > days, np.nan, dropped)
    mids = [f"M{j + 1}" for j in range(per)]
    out["milestones"] = pa.table(
        {
            "person_id": pc.take(pid, pa.array(m_person)),
            "goal_id": _pick([f"G{g + 1}" for g in range(GOALS)], m_goal),
            "milestone_id": _pick(mids, m_no),
            "title": _pick([f"Milestone {j + 1}" for j in range(per)], m_no),
            "planned": _days(day0, np.round(planned)),
            "target": _days(day0, np.round(current)),
            "effort_hours": pa.array(effort, from_pandas=True),  # NaN: no estimate (null)
            "done": _days(day0, np.round(done)),
            "dropped": _days(day0, np.round(dropped)),
            "note": pa.nulls(m_person.size, STR),
        }
    )
    r = np.flatnonzero(moved & (on <= days))
    out["reschedules"] = pa.table(
        {
            "person_id": pc.take(pid, pa.array(m_person[r])),
            "milestone_id": _pick(mids, m_no[r]),
            "on": _days(day0, np.round(on[r])),
            "from_target": _days(day0, np.round(target[r])),
            "to_target": _days(day0, np.round(new_target[r])),
            "reason": pa.array(["changed priorities"] * r.size, type=STR),
        }
    )

    # time log: a Poisson number of rows per person over their active days
    active = np.maximum(last_day - start, 1)
    counts = rng.poisson(rows_each * rng.uniform(0.6, 1.4, n) * (active / days))
    t_person = np.repeat(np.arange(n), counts)
    day = start[t_person] + np.floor(rng.random(t_person.size) * (active[t_person] + 1))
    order = np.lexsort((day, t_person))
    t_person, day = t_person[order], day[order]
    goal = rng.integers(0, GOALS, t_person.size)
    ms_no = goal * PER_GOAL + rng.integers(0, PER_GOAL, t_person.size)
    per_day = counts / np.maximum(active, 1)
    mean_h = weekly[t_person] / 7 / np.maximum(per_day[t_person], 0.1)
    hours = np.clip(np.round(rng.gamma(3.0, mean_h / 3.0) * 4) / 4, 0.25, 8.0)
    out["time_log"] = pa.table(
        {
            "person_id": pc.take(pid, pa.array(t_person)),
            "date": _days(day0, day),
            "hours": hours,
            "category": _pick(CATEGORIES, rng.integers(0, len(CATEGORIES), t_person.size)),
            "goal_id": _pick([f"G{g + 1}" for g in range(GOALS)], goal),
            "milestone_id": _pick(mids, ms_no),
            "action_id": pa.nulls(t_person.size, STR),
            "note": pa.nulls(t_person.size, STR),
        }
    )

    # reviews: monthly while active, scores drifting on the 1-5 scale
    months = (active // 30).astype("int64")
    v_person = np.repeat(np.arange(n), months)
    v_no = np.arange(v_person.size) - np.repeat(np.cumsum(months) - months, months)
    drift = rng.integers(-1, 2, (v_person.size, 4))
    base = rng.integers(2, 5, (n, 4))[v_person]
    scores = np.clip(base + drift, 1, 5).astype("int64")
    out["reviews"] = pa.table(
        {
            "person_id": pc.take(pid, pa.array(v_person)),
            "date": _days(day0, start[v_person] + 30 * (v_no + 1)),
            "satisfaction": scores[:, 0],
            "motivation": scores[:, 1],
            "confidence": scores[:, 2],
            "alignment": scores[:, 3],
            "note": pa.nulls(v_person.size, STR),
        }
    )

    # assessments: eight skills of the target role, four times each, levels rising
    a_person = np.repeat(np.arange(n), SKILLS * ASSESSED)
    a_skill = np.tile(np.repeat(np.arange(SKILLS), ASSESSED), n)
    a_no = np.tile(np.arange(ASSESSED), n * SKILLS)
    role_skills = [skills[code] for _, code, _ in roles]
    ids = np.array([rs[0][j % len(rs[0])] for rs in role_skills for j in range(SKILLS)], object)
    need = np.array([rs[1][j % len(rs[1])] for rs in role_skills for j in range(SKILLS)])
    flat = role[a_person] * SKILLS + a_skill
    first_level = np.clip(need[flat] - rng.uniform(0.5, 3.0, a_person.size), 0, 7)
    level = np.round(np.clip(first_level + a_no * rng.uniform(0, 0.4, a_person.size), 0, 7), 1)
    when = start[a_person] + 20 + a_no * (active[a_person] - 20) / ASSESSED
    out["assessments"] = pa.table(
        {
            "person_id": pc.take(pid, pa.array(a_person)),
            "date": _days(day0, np.floor(when)),
            "skill": pa.array(ids[flat], type=STR),
            "skill_id": pa.array(ids[flat], type=STR),
            "level": level,
            "source": pa.array(["self"] * a_person.size, type=STR),
            "note": pa.nulls(a_person.size, STR),
        }
    )
    return out
