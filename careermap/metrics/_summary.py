"""The headline numbers per person: the cohort KPIs for a cohort of one, plus personal metrics."""

from __future__ import annotations

import warnings

import pandas as pd

from careermap._args import check_columns
from careermap.metrics._cohort import cohort_summary
from careermap.metrics._common import as_of_arg, check_int, check_map, text
from careermap.metrics._forecast import FORECAST_WEEKS, forecast, goal_at_risk
from careermap.metrics._gaps import match_score, skill_gaps
from careermap.metrics._requirements import gap_roles
from careermap.metrics._time import habit_summary, planned_vs_actual
from careermap.model import CareerMap

__all__ = ["summary"]


def summary(
    m: CareerMap,
    *,
    as_of: object = None,
    thresholds: object = None,
    runs: int | None = None,
    seed: int | None = None,
    forecast_weeks: int | None = None,
    forecast_frame: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per person with the numbers a person wants first.

    The progress, on-time, overdue, activity and needs-attention numbers are the cohort KPIs
    of :func:`cohort_summary` for a cohort of one (the Ibis expression's rows,
    computed in pandas for one person: ``engine="pandas"``). The rest comes from the
    personal metrics: the forecast from :func:`forecast`
    (person level, by count, its one window ``FORECAST_WEEKS``), this month's hours
    from :func:`planned_vs_actual` (``freq="M"``), the top gaps and match from
    :func:`skill_gaps` / :func:`match_score` for the role a gap is measured against
    (``gap_role_id``: the highest-priority target role that has requirements, the role the
    cohort KPIs' gap follows too), and the logging habit from :func:`habit_summary`.
    ``gap`` is the cohort KPIs' gap to that role on ``as_of`` (``gap_now``, the number the
    coach's table and ``careermap export`` show). ``prob_by_deadline`` is the chance to
    finish everything by the latest deadline; ``at_risk_goal`` (and its title, deadline and
    ``prob_at_risk``) is the goal with the lowest chance to meet its own deadline
    (:func:`goal_at_risk`), the one to show first.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
    forecast_frame : pandas.DataFrame, optional
        A :func:`forecast` of ``m`` on ``as_of`` already computed (person and goal rows), used
        instead of computing it again (``forecast_weeks`` is then not used).
    thresholds : Thresholds or dict, optional
        When a person needs attention (see :class:`Thresholds`).
    runs, seed, forecast_weeks : deprecated
        The forecast is exact (no runs) and every view uses its one window; a
        ``forecast_weeks`` given is still used, with a warning.

    Returns
    -------
    pandas.DataFrame
        ``person_id, name, progress_pct, milestones_done, milestones_in_scope,
        milestones_remaining,
        forecast_p50, forecast_p85, forecast_p95, latest_deadline, prob_by_deadline,
        forecast_reason, at_risk_goal, at_risk_title, at_risk_deadline, prob_at_risk,
        hours_this_month, capacity_this_month, hours_per_week_4w,
        weekly_hours, gap_role_id, gap, gap_max, gap_coverage, match_score, top_gaps,
        on_time_rate, n_overdue,
        days_since_last_log, habit_strength, needs_attention, reasons``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> s = metrics.summary(m, as_of="2026-11-15").iloc[0]
    >>> round(float(s.progress_pct)), s.gap_role_id, int(s.days_since_last_log)
    (56, '15-2051.01', 1)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    if runs is not None or seed is not None or forecast_weeks is not None:
        warnings.warn(
            "summary(runs=..., seed=..., forecast_weeks=...) is deprecated: the forecast is "
            "exact and every view uses its one window, metrics.FORECAST_WEEKS",
            DeprecationWarning,
            stacklevel=2,
        )
    weeks = FORECAST_WEEKS if forecast_weeks is None else forecast_weeks
    weeks = check_int("forecast_weeks", weeks, minimum=1)
    ids = m.people["person_id"]
    out = pd.DataFrame({"person_id": text(ids.reset_index(drop=True))})
    out["name"] = m.people["name"].to_numpy()

    k = cohort_summary(m, as_of=as_of, thresholds=thresholds).set_index("person_id").reindex(ids)
    out["progress_pct"] = k["progress_pct"].to_numpy()
    out["milestones_done"] = k["done"].to_numpy()
    out["milestones_in_scope"] = k["scope"].to_numpy()
    out["milestones_remaining"] = k["remaining"].to_numpy()

    if forecast_frame is None:
        all_f = forecast(m, as_of=as_of, weeks=weeks)
    else:
        all_f = check_columns(
            forecast_frame,
            ["person_id", "level", "p50", "p85", "p95", "deadline", "prob_by_deadline", "reason"],
            "summary(forecast_frame=...)",
        )
    f = all_f[all_f["level"] == "person"].set_index("person_id").reindex(ids)
    for q in ("p50", "p85", "p95"):
        out[f"forecast_{q}"] = f[q].to_numpy()
    out["latest_deadline"] = f["deadline"].to_numpy()
    out["prob_by_deadline"] = f["prob_by_deadline"].to_numpy()
    out["forecast_reason"] = text(f["reason"].reset_index(drop=True))
    risk = goal_at_risk(all_f, m.goals).set_index("person_id").reindex(ids)
    out["at_risk_goal"] = text(risk["goal_id"].reset_index(drop=True))
    out["at_risk_title"] = text(risk["title"].reset_index(drop=True))
    out["at_risk_deadline"] = risk["deadline"].to_numpy()
    out["prob_at_risk"] = risk["prob_by_deadline"].to_numpy(dtype="float64")

    p = planned_vs_actual(m, freq="M", as_of=as_of).groupby("person_id", sort=False).tail(1)
    p = p.set_index("person_id").reindex(ids)
    # nothing logged this month (or as_of before the map's start) is 0 hours, not unknown
    out["hours_this_month"] = p["actual_hours"].fillna(0.0).to_numpy()
    out["capacity_this_month"] = p["capacity_hours"].to_numpy()
    out["hours_per_week_4w"] = k["hours_per_week_4w"].to_numpy()
    out["weekly_hours"] = k["weekly_hours"].to_numpy()

    gaps = skill_gaps(m, as_of=as_of)
    first_role = gap_roles(m.target_roles, m.role_requirements).set_index("person_id")["role_id"]
    out["gap_role_id"] = text(first_role.reindex(ids).reset_index(drop=True))
    out["gap"] = k["gap_now"].to_numpy(dtype="float64")
    out["gap_max"] = k["gap_max"].to_numpy(dtype="float64")
    out["gap_coverage"] = k["gap_coverage"].to_numpy(dtype="float64")
    chosen = gaps[gaps["role_id"].to_numpy() == first_role.reindex(gaps["person_id"]).to_numpy()]
    top = chosen[chosen["weighted_gap"] > 0].groupby("person_id", sort=False).head(3)
    out["top_gaps"] = text(
        top.groupby("person_id", sort=False)["skill"]
        .agg(", ".join)
        .reindex(ids)
        .fillna("")
        .reset_index(drop=True)
    )
    ms = match_score(m, as_of=as_of).set_index(["person_id", "role_id"])["match_score"]
    key = pd.MultiIndex.from_arrays([ids.to_numpy(), first_role.reindex(ids).to_numpy()])
    out["match_score"] = ms.reindex(key).to_numpy()

    out["on_time_rate"] = k["on_time_rate"].to_numpy()
    out["n_overdue"] = k["overdue_milestones"].to_numpy()
    out["days_since_last_log"] = k["days_since_last_log"].to_numpy()
    h = habit_summary(m, as_of=as_of).set_index("person_id").reindex(ids)
    out["habit_strength"] = h["strength"].to_numpy()
    out["needs_attention"] = k["needs_attention"].to_numpy()
    out["reasons"] = k["reasons"].to_numpy()
    out["name"] = text(out["name"])
    return out
