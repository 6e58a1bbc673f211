"""The cohort KPIs of :func:`._kpis.cohort_kpis` computed in pandas on the loaded frames.

The Ibis expression is the engine for cohorts (DuckDB in process, Parquet, Spark); for one
person its plan costs more than the data (some 65 ms of DuckDB for one row), so
``cohort_summary`` (and with it ``metrics.summary`` and ``views.person_view``) computes the
rows of a one-person map here instead (``engine="pandas"`` asks for it on any map). The
rows are the expression's, column for column; ``_cohort._finish`` then adds the forecast's
dates, the flags and the reasons to either.

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

from careermap.metrics._common import text
from careermap.metrics._exact import from_units, median_of_units, units
from careermap.metrics._flags import days_between_values
from careermap.metrics._forecast import FORECAST_WEEKS, pace
from careermap.metrics._kpis import FORECAST_INPUTS
from careermap.metrics._levels import _assessments_upto, combine_levels, latest_levels
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
    ids = pd.Index(text(people["person_id"].reset_index(drop=True)), name="person_id")
    out = pd.DataFrame(index=ids)
    out["weekly_hours"] = people["weekly_hours"].to_numpy(dtype="float64")
    out = out.join(_milestones(m, A, th)).join(_hours(m, A, th))
    out["top_goal_id"] = text(out["top_goal_id"])
    out = out.join(_hours_top(m, A, th, out["top_goal_id"]))
    deadlines = m.goals["deadline"].groupby(text(m.goals["person_id"])).max()
    out["latest_deadline"] = deadlines.reindex(ids).astype("datetime64[ns]").to_numpy()
    out = out.join(_reviews(m, A))
    out = out.join(_gaps(m, requirements, A))
    out = out.join(_span(m, A))
    out = out.join(_pace(m, A))

    for col in ("scope", "done", "on_time", "overdue_milestones", *FORECAST_INPUTS[1:]):
        out[col] = out[col].fillna(0).astype("int64")
    for col in ("remaining_effort", "hours_pace", "hours_last_4w", "top_goal_hours"):
        out[col] = out[col].fillna(0.0).astype("float64")

    out["days_since_last_log"] = days_between_values(A, out["last_log"])
    months = days_between_values(out["last_assessed"], out["first_assessed"]) / 30.4375
    out["months_assessed"] = months
    scope = out["scope"].to_numpy(dtype="float64")
    done = out["done"].to_numpy(dtype="float64")
    out["remaining"] = out["scope"] - out["done"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["progress_pct"] = np.where(scope > 0, done * 100 / scope, np.nan)
        out["on_time_rate"] = np.where(
            done > 0, out["on_time"].to_numpy(dtype="float64") / done, np.nan
        )
    out["hours_per_week_4w"] = out["hours_last_4w"] / 4
    out["pace_hours_per_week"] = out["hours_pace"] / th.pace_weeks
    last, s1, s2 = (
        pd.array(out[c].to_numpy(), dtype="Float64") for c in ("last_review_score", "s1", "s2")
    )
    out["review_trend"] = out["last_review_score"] - out["s2"]
    # SQL's three-valued logic: unknown (a missing score) and false is false
    out["reviews_falling"] = pd.Series((last < s1) & (s1 < s2), index=out.index).astype(object)
    out["reviews_falling"] = out["reviews_falling"].where(out["reviews_falling"].notna(), None)
    out["capacity_ratio"] = out["hours_per_week_4w"] / out["weekly_hours"]
    out["weeks_to_finish"] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = (out["gap_first"] - out["gap_now"]).to_numpy() / months
    out["gap_closure_per_month"] = np.where(months > 0, closed, np.nan)
    out["projected_finish"] = pd.NaT
    out["finish_p50"] = pd.NaT
    out = out.reset_index()
    return out[list(KPI_ROW_COLUMNS)].sort_values("person_id", kind="stable", ignore_index=True)


def _milestones(m: CareerMap, A: pd.Timestamp, th: Thresholds) -> pd.DataFrame:
    """Per person: scope, done, on_time, overdue_milestones, remaining_effort (from the
    milestone states on ``A``), and the top goal (``top_goal_id``)."""
    ms = m.milestones
    st = states_on(m, A)
    pid = text(ms["person_id"]).to_numpy()
    effort = ms["effort_hours"].to_numpy(dtype="float64")
    # a milestone without an estimate counts as the person's median estimate (exact median)
    median = pd.Series(effort).groupby(pid, sort=False).agg(median_of_units)
    effort = np.where(
        np.isnan(effort), median.reindex(pid).fillna(0.0).to_numpy(dtype="float64"), effort
    )
    in_scope = st["in_scope"].to_numpy(dtype=bool)
    is_done = st["is_done"].to_numpy(dtype=bool)
    done_in_scope = in_scope & is_done
    open_in_scope = in_scope & ~is_done
    done_date = ms["done"].to_numpy(dtype="datetime64[ns]")
    original = st["original_target"].to_numpy(dtype="datetime64[ns]")
    per = pd.DataFrame(
        {
            "scope": in_scope.astype("int64"),
            "done": done_in_scope.astype("int64"),
            "on_time": (done_in_scope & (done_date <= original)).astype("int64"),
            "overdue_milestones": st["is_overdue"].to_numpy(dtype=bool).astype("int64"),
            "_effort": np.where(open_in_scope, units(np.where(open_in_scope, effort, 0.0)), 0),
            "_open": open_in_scope.astype("int64"),
        },
        index=pid,
    )
    s = per.groupby(level=0, sort=False).sum()
    s["remaining_effort"] = np.where(s["_open"] > 0, from_units(s["_effort"].to_numpy()), np.nan)

    # the top goal: the highest-priority goal with an open milestone due soon (or overdue)
    due_soon = A + pd.Timedelta(days=th.top_goal_due_days)
    soon = open_in_scope & (st["target_asof"].to_numpy(dtype="datetime64[ns]") <= due_soon)
    open_goals = pd.MultiIndex.from_arrays([pid[soon], text(ms["goal_id"]).to_numpy()[soon]])
    goals = m.goals
    key = pd.MultiIndex.from_arrays(
        [text(goals["person_id"]).to_numpy(), text(goals["goal_id"]).to_numpy()]
    )
    ranked = pd.DataFrame(
        {
            "person_id": key.get_level_values(0),
            "goal_id": key.get_level_values(1),
            "priority": goals["priority"].to_numpy(dtype="float64", na_value=np.nan),
        }
    )[key.isin(open_goals)]
    ranked = ranked.sort_values(["priority", "goal_id"], kind="stable", na_position="last")
    top = ranked.drop_duplicates("person_id").set_index("person_id")["goal_id"]
    s["top_goal_id"] = top.reindex(s.index)
    return s[["scope", "done", "on_time", "overdue_milestones", "remaining_effort", "top_goal_id"]]


def _log_upto(m: CareerMap, A: pd.Timestamp) -> pd.DataFrame:
    log = m.time_log
    return log[log["date"] <= A]


def _hours(m: CareerMap, A: pd.Timestamp, th: Thresholds) -> pd.DataFrame:
    """Per person: ``last_log``, ``hours_last_4w`` and ``hours_pace`` (exact sums)."""
    log = _log_upto(m, A)
    date = log["date"].to_numpy(dtype="datetime64[ns]")
    hours = units(log["hours"].to_numpy(dtype="float64"))
    pid = text(log["person_id"]).to_numpy()
    parts = pd.DataFrame(
        {
            "last_log": date,
            "_h4": np.where(date > A - pd.Timedelta(days=28), hours, 0),
            "_n4": (date > A - pd.Timedelta(days=28)).astype("int64"),
            "_hp": np.where(date > A - pd.Timedelta(days=7 * th.pace_weeks), hours, 0),
            "_np": (date > A - pd.Timedelta(days=7 * th.pace_weeks)).astype("int64"),
        },
        index=pid,
    )
    g = parts.groupby(level=0, sort=False).agg(
        last_log=("last_log", "max"),
        _h4=("_h4", "sum"),
        _n4=("_n4", "sum"),
        _hp=("_hp", "sum"),
        _np=("_np", "sum"),
    )
    return pd.DataFrame(
        {
            "last_log": g["last_log"].astype("datetime64[ns]"),
            "hours_last_4w": np.where(g["_n4"] > 0, from_units(g["_h4"].to_numpy()), np.nan),
            "hours_pace": np.where(g["_np"] > 0, from_units(g["_hp"].to_numpy()), np.nan),
        },
        index=g.index,
    )


def _hours_top(m: CareerMap, A: pd.Timestamp, th: Thresholds, top_goal: pd.Series) -> pd.DataFrame:
    """Per person: ``top_goal_hours``, the hours logged against the top goal in the last
    ``top_goal_days`` days (exact sum)."""
    log = _log_upto(m, A)
    pid = text(log["person_id"]).to_numpy()
    goal = top_goal.reindex(pid).to_numpy(dtype=object)
    mine = (log["goal_id"].to_numpy(dtype=object) == goal) & pd.notna(goal)
    recent = log["date"].to_numpy(dtype="datetime64[ns]") > A - pd.Timedelta(days=th.top_goal_days)
    hours = units(log["hours"].to_numpy(dtype="float64"))
    parts = pd.DataFrame(
        {"_h": np.where(mine & recent, hours, 0), "_n": (mine & recent).astype("int64")},
        index=pid,
    )
    g = parts.groupby(level=0, sort=False).sum()
    return pd.DataFrame(
        {"top_goal_hours": np.where(g["_n"] > 0, from_units(g["_h"].to_numpy()), np.nan)},
        index=g.index,
    )


def _reviews(m: CareerMap, A: pd.Timestamp) -> pd.DataFrame:
    """Per person: ``n_reviews``, ``last_review_score`` and the two scores before (``s1``,
    ``s2``), a review's score the mean of its four."""
    rv = m.reviews[m.reviews["date"] <= A]
    score = (
        rv["satisfaction"].to_numpy(dtype="float64")
        + rv["motivation"].to_numpy(dtype="float64")
        + rv["confidence"].to_numpy(dtype="float64")
        + rv["alignment"].to_numpy(dtype="float64")
    ) / 4
    x = pd.DataFrame(
        {
            "person_id": text(rv["person_id"]).to_numpy(),
            "date": rv["date"].to_numpy(dtype="datetime64[ns]"),
            "score": score,
        }
    ).sort_values("date", ascending=False, kind="stable")
    back = x.groupby("person_id", sort=False).cumcount()
    x = x.assign(back=back.to_numpy())
    out = x.groupby("person_id", sort=False).agg(n_reviews=("score", "count"))
    for name, k in (("last_review_score", 0), ("s1", 1), ("s2", 2)):
        out[name] = x[x["back"] == k].set_index("person_id")["score"].reindex(out.index)
    return out


def _gaps(m: CareerMap, requirements: pd.DataFrame, A: pd.Timestamp) -> pd.DataFrame:
    """Per person: the gap to the gap role on ``A`` (``gap_now``, ``gap_max``,
    ``gap_coverage``, ``match_score``) and with each requirement at its first assessment
    (``gap_first``): the one gap rule on the combined levels."""
    a = _assessments_upto(m.assessments, A)
    req = requirements[["person_id", "skill_id", "required_level", "importance"]]
    firsts = (
        a.groupby(["person_id", "skill_id"], sort=False)["date"]
        .min()
        .rename("first")
        .reset_index()
        .merge(req[["person_id", "skill_id"]].drop_duplicates(), on=["person_id", "skill_id"])
    )
    points = pd.concat(
        [
            firsts[["person_id", "skill_id"]].assign(at=firsts["first"].to_numpy()),
            firsts[["person_id", "skill_id"]].assign(at=A),
        ],
        ignore_index=True,
    )
    points["at"] = points["at"].astype("datetime64[ns]")
    lv = combine_levels(latest_levels(a.assign(date=a["date"].astype("datetime64[ns]")), points))
    lv = lv.sort_values("at", kind="stable")
    g = lv.groupby(["person_id", "skill_id"], sort=False)["level"]
    levels = pd.DataFrame({"first_level": g.first(), "latest_level": g.last()}).reset_index()
    rows = req.merge(levels, on=["person_id", "skill_id"], how="left")
    now = role_gap(rows.assign(level=rows["latest_level"]), ["person_id"]).set_index("person_id")
    first = role_gap(rows.assign(level=rows["first_level"]), ["person_id"])
    return pd.DataFrame(
        {
            "gap_first": first.set_index("person_id")["gap"],
            "gap_now": now["gap"],
            "gap_max": now["max_gap"],
            "gap_coverage": now["coverage"],
            "match_score": now["match"],
        }
    )


def _span(m: CareerMap, A: pd.Timestamp) -> pd.DataFrame:
    """Per person: the first and last assessment dates on or before ``A``."""
    a = m.assessments[m.assessments["date"] <= A]
    date = a["date"].astype("datetime64[ns]")
    g = date.groupby(text(a["person_id"]).to_numpy(), sort=False)
    return pd.DataFrame({"first_assessed": g.min(), "last_assessed": g.max()})


def _pace(m: CareerMap, A: pd.Timestamp) -> pd.DataFrame:
    """Per person: the forecast's inputs (its window, the milestones done in it and the sum
    of their squared weekly counts), from the forecast's own ``pace``."""
    window, _hist, per = pace(m, A, FORECAST_WEEKS)
    window.index = text(pd.Series(window.index)).to_numpy()
    per.index = text(pd.Series(per.index)).to_numpy()
    return pd.DataFrame(
        {
            "forecast_window": window.astype("int64"),
            "forecast_done": per["n_done"].reindex(window.index),
            "forecast_sum_sq": per["sum_sq"].reindex(window.index),
        }
    )
