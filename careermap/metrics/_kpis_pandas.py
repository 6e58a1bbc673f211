"""The cohort KPIs of :func:`._kpis.cohort_kpis` computed in pandas on the loaded frames.

The Ibis expression is the engine for cohorts (DuckDB in process, Parquet, Spark); for one
person its plan costs more than the data (some 65 ms of DuckDB for one row), so
``cohort_summary`` (and with it ``metrics.summary`` and ``views.person_view``) computes the
rows of a one-person map here instead (``engine="pandas"`` asks for it on any map). The
rows are the expression's, column for column; ``_cohort._finish`` then adds the forecast's
dates, the flags (``_flags.flag_values``, the numpy twin of ``flag``) and the reasons.

Every rule is the one definition the expression also reads, in its pandas form beside the
Ibis one: the milestone states (``_milestone_state.states_on``, the expression itself
compiled once), the forecast's window and weekly counts (``_forecast.pace``), the combined
levels (``_levels.combine_levels`` beside ``combined_levels_expr``), the gap to a role
(``_role_gap.role_gap`` beside ``role_gap_expr``), the exact sums and median
(``_exact.units`` / ``median_of_units`` beside ``exact_sum`` / ``exact_median``) and whole days
between dates (``_flags.days_between_values`` beside ``days_between``). What is left here
is the KPIs' own arithmetic, the formulas of ``_kpis`` (its module docstring).
``tests/metrics/test_kpis_pandas.py`` checks the two paths give equal frames on many maps
and dates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._common import positions, text
from careermap.metrics._exact import from_units, median_of_units, units
from careermap.metrics._flags import days_between_values
from careermap.metrics._forecast import FORECAST_WEEKS, pace
from careermap.metrics._kpis import FORECAST_INPUTS
from careermap.metrics._levels import _assessments_upto, combine_levels, latest_levels, levels_now
from careermap.metrics._milestone_state import states_on
from careermap.metrics._role_gap import role_gap
from careermap.metrics._thresholds import Thresholds
from careermap.model import CareerMap

__all__ = ["KPI_ROW_COLUMNS", "kpi_rows"]

#: The columns of :func:`kpi_rows`, in the order of the Ibis expression's rows.
KPI_ROW_COLUMNS = (
    "person_id",
    "weekly_hours",
    "scope",
    "done",
    "overdue_milestones",
    "remaining_effort",
    "last_log",
    "hours_last_4w",
    "top_goal_id",
    "top_goal_hours",
    "latest_deadline",
    "n_reviews",
    "last_review_score",
    "gap_first",
    "gap_now",
    "gap_max",
    "gap_coverage",
    "match_score",
    "first_assessed",
    "last_assessed",
    "days_since_last_log",
    "months_assessed",
    "remaining",
    "progress_pct",
    "on_time_rate",
    "hours_per_week_4w",
    "pace_hours_per_week",
    "review_trend",
    "reviews_falling",
    "capacity_ratio",
    "weeks_to_finish",
    "gap_closure_per_month",
    "projected_finish",
    "finish_p50",
    *FORECAST_INPUTS,
)


def kpi_rows(
    m: CareerMap, requirements: pd.DataFrame, as_of: pd.Timestamp, th: Thresholds
) -> pd.DataFrame:
    """The rows of ``cohort_kpis`` (before ``finish_kpis``) for ``m``'s people, in pandas.

    Parameters
    ----------
    m : CareerMap
    requirements : pandas.DataFrame
        ``_requirements.first_role_requirements`` of ``m`` (what the engine joins).
    as_of : pandas.Timestamp
        The day (midnight).
    th : Thresholds

    Returns
    -------
    pandas.DataFrame
        :data:`KPI_ROW_COLUMNS`, one row per person sorted by ``person_id``, with
        ``weeks_to_finish``, ``projected_finish`` and ``finish_p50`` still empty.

    Examples
    --------
    >>> import careermap, pandas as pd
    >>> from careermap.metrics._requirements import first_role_requirements
    >>> m = careermap.load(careermap.sample_path())
    >>> req = first_role_requirements(m.target_roles, m.role_requirements)
    >>> row = kpi_rows(m, req, pd.Timestamp("2026-11-15"), Thresholds()).iloc[0]
    >>> int(row.scope), int(row.done), int(row.overdue_milestones)
    (16, 9, 2)
    """
    A = pd.Timestamp(as_of)
    people = m.people
    P = len(people)
    c: dict[str, object] = {
        "person_id": text(people["person_id"].reset_index(drop=True)).to_numpy(),
        "weekly_hours": people["weekly_hours"].to_numpy(dtype="float64"),
    }
    c.update(_milestones(m, P, A, th))
    c.update(_hours(m, P, A, th, c["top_goal_id"]))
    g = m.goals
    c["latest_deadline"] = _latest(positions(m, g["person_id"]), g["deadline"], P)
    c.update(_reviews(m, P, A))
    c.update(_gaps(m, P, requirements, A))
    a = m.assessments[m.assessments["date"] <= A]
    a_pos = positions(m, a["person_id"])
    c["first_assessed"] = _earliest(a_pos, a["date"], P)
    c["last_assessed"] = _latest(a_pos, a["date"], P)
    c.update(_pace(m, P, A))

    c["days_since_last_log"] = days_between_values(A, c["last_log"])
    months = days_between_values(c["last_assessed"], c["first_assessed"]) / 30.4375
    c["months_assessed"] = months
    scope, done = c["scope"], c["done"]
    c["remaining"] = scope - done
    with np.errstate(divide="ignore", invalid="ignore"):
        c["progress_pct"] = np.where(scope > 0, done.astype("float64") * 100 / scope, np.nan)
        c["on_time_rate"] = np.where(done > 0, c.pop("on_time") / done.astype("float64"), np.nan)
        c["hours_per_week_4w"] = c["hours_last_4w"] / 4
        c["pace_hours_per_week"] = c.pop("hours_pace") / th.pace_weeks
        last, s1, s2 = c["last_review_score"], c.pop("s1"), c.pop("s2")
        c["review_trend"] = last - s2
        c["reviews_falling"] = _and_known(_less(last, s1), _less(s1, s2))
        c["capacity_ratio"] = c["hours_per_week_4w"] / c["weekly_hours"]
        c["weeks_to_finish"] = np.full(P, np.nan)
        closed = (c["gap_first"] - c["gap_now"]) / months
    c["gap_closure_per_month"] = np.where(months > 0, closed, np.nan)
    c["projected_finish"] = np.full(P, np.datetime64("NaT"), dtype="datetime64[ns]")
    c["finish_p50"] = c["projected_finish"]
    out = pd.DataFrame({col: c[col] for col in KPI_ROW_COLUMNS})
    out["person_id"] = text(out["person_id"])
    out["top_goal_id"] = text(out["top_goal_id"])
    return out.sort_values("person_id", kind="stable", ignore_index=True)


# --- per-person reductions over integer positions (a person is a row of m.people) -------------

_NAT = np.iinfo(np.int64).min  # NaT as int64
_NEVER = np.iinfo(np.int64).max


def _count(pos: np.ndarray, where: np.ndarray, P: int) -> np.ndarray:
    return np.bincount(pos[where], minlength=P).astype("int64")


def _total(pos: np.ndarray, values: np.ndarray, where: np.ndarray, P: int) -> np.ndarray:
    """Integer totals per person (exact in any order: the 1e-9 units of ``_exact``)."""
    out = np.zeros(P, dtype="int64")
    np.add.at(out, pos[where], values[where])
    return out


def _ns(dates: object) -> np.ndarray:
    return np.asarray(dates, dtype="datetime64[ns]").view("int64")


def _latest(pos: np.ndarray, dates: object, P: int) -> np.ndarray:
    """The latest date per person (NaT without one)."""
    out = np.full(P, _NAT, dtype="int64")
    np.maximum.at(out, pos, _ns(dates))
    return out.view("datetime64[ns]")


def _earliest(pos: np.ndarray, dates: object, P: int) -> np.ndarray:
    d = _ns(dates)
    out = np.full(P, _NEVER, dtype="int64")
    np.minimum.at(out, pos, np.where(d == _NAT, _NEVER, d))
    return np.where(out == _NEVER, _NAT, out).view("datetime64[ns]")


def _less(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x < y`` in SQL's logic: 1 true, 0 false, -1 unknown (a value missing)."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(x) | np.isnan(y), -1, (x < y).astype("int64"))


def _and_known(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``p AND q`` in SQL's logic (false if either is false, unknown if either is unknown),
    as the engine's rows give a boolean with nulls: an object column of True, False, None."""
    out = np.full(len(p), None, dtype=object)
    out[(p == 0) | (q == 0)] = False
    out[(p == 1) & (q == 1)] = True
    return out


def _milestones(m: CareerMap, P: int, A: pd.Timestamp, th: Thresholds) -> dict:
    """Per person: scope, done, on_time, overdue_milestones, remaining_effort (from the
    milestone states on ``A``), and the top goal (``top_goal_id``)."""
    ms = m.milestones
    st = states_on(m, A)
    pos = positions(m, ms["person_id"])
    effort = ms["effort_hours"].to_numpy(dtype="float64")
    # a milestone without an estimate counts as the person's median estimate (exact median)
    missing = np.isnan(effort)
    if missing.any():
        median = np.full(P, np.nan)
        for p in np.unique(pos[~missing]):
            median[p] = median_of_units(effort[pos == p])
        effort = np.where(missing, median[pos], effort)
        effort = np.where(np.isnan(effort), 0.0, effort)
    in_scope = st["in_scope"].to_numpy(dtype=bool)
    is_done = st["is_done"].to_numpy(dtype=bool)
    done_in_scope = in_scope & is_done
    open_in_scope = in_scope & ~is_done
    original = st["original_target"].to_numpy(dtype="datetime64[ns]")
    with np.errstate(invalid="ignore"):
        on_time = done_in_scope & (ms["done"].to_numpy(dtype="datetime64[ns]") <= original)
    out = {
        "scope": _count(pos, in_scope, P),
        "done": _count(pos, done_in_scope, P),
        "on_time": _count(pos, on_time, P),
        "overdue_milestones": _count(pos, st["is_overdue"].to_numpy(dtype=bool), P),
        "remaining_effort": from_units(_total(pos, units(effort), open_in_scope, P)),
    }

    # the top goal: the highest-priority goal with an open milestone due soon (or overdue)
    due_soon = np.datetime64(A + pd.Timedelta(days=th.top_goal_due_days), "ns")
    soon = open_in_scope & (st["target_asof"].to_numpy(dtype="datetime64[ns]") <= due_soon)
    wanted = set(zip(pos[soon].tolist(), ms["goal_id"].to_numpy(dtype=object)[soon], strict=True))
    g = m.goals
    ranked = sorted(
        (p, pd.isna(prio), 0 if pd.isna(prio) else prio, goal)
        for p, goal, prio in zip(
            positions(m, g["person_id"]).tolist(),
            g["goal_id"].to_numpy(dtype=object),
            g["priority"].to_numpy(dtype=object),
            strict=True,
        )
        if (p, goal) in wanted
    )
    top = np.full(P, None, dtype=object)
    for p, _missing, _prio, goal in reversed(ranked):
        top[p] = str(goal)
    out["top_goal_id"] = top
    return out


def _hours(m: CareerMap, P: int, A: pd.Timestamp, th: Thresholds, top_goal: np.ndarray) -> dict:
    """Per person: ``last_log``, ``hours_last_4w``, ``hours_pace`` and ``top_goal_hours``
    (exact sums over the windows ending on ``A``)."""
    log = m.time_log
    upto = (log["date"] <= A).to_numpy(dtype=bool)
    pos = positions(m, log["person_id"])[upto]
    date = log["date"].to_numpy(dtype="datetime64[ns]")[upto]
    hours = units(log["hours"].to_numpy(dtype="float64")[upto])
    goal = log["goal_id"].to_numpy(dtype=object)[upto]
    a = np.datetime64(A, "ns")

    def after(days: int) -> np.ndarray:
        return date > a - np.timedelta64(days, "D")

    mine = (goal == top_goal[pos]) & pd.notna(top_goal[pos])
    return {
        "last_log": _latest(pos, date, P),
        "hours_last_4w": from_units(_total(pos, hours, after(28), P)),
        "hours_pace": from_units(_total(pos, hours, after(7 * th.pace_weeks), P)),
        "top_goal_hours": from_units(_total(pos, hours, after(th.top_goal_days) & mine, P)),
    }


def _reviews(m: CareerMap, P: int, A: pd.Timestamp) -> dict:
    """Per person: ``n_reviews``, ``last_review_score`` and the two scores before (``s1``,
    ``s2``), a review's score the mean of its four."""
    rv = m.reviews[m.reviews["date"] <= A]
    score = (
        rv["satisfaction"].to_numpy(dtype="float64")
        + rv["motivation"].to_numpy(dtype="float64")
        + rv["confidence"].to_numpy(dtype="float64")
        + rv["alignment"].to_numpy(dtype="float64")
    ) / 4
    pos = positions(m, rv["person_id"])
    # each person's reviews, the latest first
    order = np.lexsort((-_ns(rv["date"]), pos))
    pos, score = pos[order], score[order]
    first = np.r_[True, pos[1:] != pos[:-1]] if len(pos) else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, np.arange(len(pos)), 0))
    back = np.arange(len(pos)) - start
    n = np.bincount(pos, minlength=P)
    out = {"n_reviews": np.where(n > 0, n, np.nan)}
    for name, k in (("last_review_score", 0), ("s1", 1), ("s2", 2)):
        v = np.full(P, np.nan)
        v[pos[back == k]] = score[back == k]
        out[name] = v
    return out


def _gaps(m: CareerMap, P: int, requirements: pd.DataFrame, A: pd.Timestamp) -> dict:
    """Per person: the gap to the gap role on ``A`` (``gap_now``, ``gap_max``,
    ``gap_coverage``, ``match_score``) and with each requirement at its first assessment
    (``gap_first``): the one gap rule on the combined levels."""
    req = requirements[["person_id", "skill_id", "required_level", "importance"]]
    out = {k: np.full(P, np.nan) for k in ("gap_first", "gap_now", "gap_max", "gap_coverage")}
    out["match_score"] = np.full(P, np.nan)
    if req.empty:
        return out
    a = _assessments_upto(m.assessments, A)
    a = a.assign(date=a["date"].astype("datetime64[ns]"))
    keys = ["person_id", "skill_id"]
    # the level now: the combined levels on A (remembered: skill_gaps and match_score ask too)
    now = levels_now(m, A)[[*keys, "level"]].rename(columns={"level": "latest_level"})
    firsts = (
        a[a["skill_id"].isin(req["skill_id"])]
        .groupby(keys, sort=False)["date"]
        .min()
        .rename("at")
        .reset_index()
    )
    first = combine_levels(latest_levels(a, firsts))[[*keys, "level"]]
    rows = req.merge(now, on=keys, how="left").merge(
        first.rename(columns={"level": "first_level"}), on=keys, how="left"
    )
    both = pd.concat(
        [
            rows.assign(level=rows["latest_level"], _at=1),
            rows.assign(level=rows["first_level"], _at=0),
        ],
        ignore_index=True,
    )
    gaps = role_gap(both, ["person_id", "_at"])
    at_a, at_first = gaps[gaps["_at"] == 1], gaps[gaps["_at"] == 0]
    p_now = positions(m, at_a["person_id"])
    out["gap_now"][p_now] = at_a["gap"].to_numpy()
    out["gap_max"][p_now] = at_a["max_gap"].to_numpy()
    out["gap_coverage"][p_now] = at_a["coverage"].to_numpy()
    out["match_score"][p_now] = at_a["match"].to_numpy()
    out["gap_first"][positions(m, at_first["person_id"])] = at_first["gap"].to_numpy()
    return out


def _pace(m: CareerMap, P: int, A: pd.Timestamp) -> dict:
    """Per person: the forecast's inputs (its window, the milestones done in it and the sum
    of their squared weekly counts), from the forecast's own ``pace``."""
    window, _hist, per = pace(m, A, FORECAST_WEEKS)
    p = positions(m, per.index.to_numpy(dtype=object))
    done, sum_sq = np.zeros(P, dtype="int64"), np.zeros(P, dtype="int64")
    done[p] = per["n_done"].to_numpy(dtype="int64")
    sum_sq[p] = per["sum_sq"].to_numpy(dtype="float64").astype("int64")
    return {
        "forecast_window": window.to_numpy(dtype="int64"),
        "forecast_done": done,
        "forecast_sum_sq": sum_sq,
    }
