"""Goal metrics from goal_progress.csv: how far each goal is from baseline to target, the pace
it needs to make the deadline, and whether it is on pace (``docs/metrics.md#goal_pace``).

A goal's straight line runs from its ``baseline`` on the person's ``start`` to its ``target``
on its ``deadline``; a goal is on pace while its latest measured value is at or past that line.
Targets below the baseline (fewer hours of overtime, a lower weight) work the same way: every
share below is of the distance from baseline to target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._common import as_of_arg, check_map, sort_people, text
from careermap.metrics._time import estimation_accuracy, linked_log
from careermap.model import CareerMap

__all__ = ["GOAL_PACE_STATUSES", "goal_hours", "goal_pace", "goal_trajectory"]

GOAL_PACE_STATUSES = ("reached", "on pace", "behind", "missed", "no measurement", "no target")
_MONTH_DAYS = 365.25 / 12


def _goal_frame(m: CareerMap) -> pd.DataFrame:
    """The goals with the person's start and the checks that make a goal measurable."""
    g = m.goals[["person_id", "goal_id", "title", "metric", "baseline", "target", "deadline"]]
    start = m.people.set_index("person_id")["start"]
    g = g.assign(start=start.reindex(g["person_id"]).to_numpy())
    measurable = (
        g["baseline"].notna()
        & g["target"].notna()
        & (g["target"] != g["baseline"])
        & g["deadline"].notna()
        & (g["deadline"] > g["start"])
    )
    return g.assign(_measurable=measurable.to_numpy())


def _share(value, baseline, target):
    with np.errstate(invalid="ignore", divide="ignore"):
        return (value - baseline) / (target - baseline)


def _elapsed(when: pd.Series, start: pd.Series, deadline: pd.Series) -> np.ndarray:
    """Share of the time from start to deadline gone by ``when`` (0 to 1)."""
    span = (deadline - start).dt.days.to_numpy(dtype="float64", na_value=np.nan)
    gone = (when - start).dt.days.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.clip(gone / np.where(span > 0, span, np.nan), 0.0, 1.0)


def goal_trajectory(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Every measurement of every goal, with the share of the way from baseline to target.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Measurements after this day are left out (default today).

    Returns
    -------
    pandas.DataFrame
        ``person_id, goal_id, date, value, progress, expected``: ``progress = (value -
        baseline) / (target - baseline)`` (1 = target reached; NaN for a goal without a
        usable baseline, target and deadline), ``expected`` the share the straight line from
        baseline on the start to target on the deadline has reached that day. Rows in date
        order per goal; a later row of the same goal and day wins.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.goal_trajectory(m, as_of="2026-11-15")
    >>> t[t.goal_id == "G1"].tail(1)[["date", "value", "progress"]].values.tolist()
    [[Timestamp('2026-10-31 00:00:00'), 3.0, 0.5]]
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    p = m.goal_progress
    p = p[p["date"] <= as_of]
    p = p.drop_duplicates(["person_id", "goal_id", "date"], keep="last")
    g = _goal_frame(m).set_index(["person_id", "goal_id"])
    key = pd.MultiIndex.from_frame(p[["person_id", "goal_id"]].astype(object))
    info = g.reindex(key)
    ok = info["_measurable"].fillna(False).to_numpy(dtype=bool)
    value = p["value"].to_numpy(dtype="float64")
    progress = _share(value, info["baseline"].to_numpy(float), info["target"].to_numpy(float))
    expected = _elapsed(
        p["date"].reset_index(drop=True),
        info["start"].reset_index(drop=True),
        info["deadline"].reset_index(drop=True),
    )
    out = pd.DataFrame(
        {
            "person_id": text(p["person_id"].astype(object)).to_numpy(),
            "goal_id": text(p["goal_id"].astype(object)).to_numpy(),
            "date": p["date"].to_numpy(),
            "value": value,
            "progress": np.where(ok, progress, np.nan),
            "expected": np.where(ok, expected, np.nan),
        }
    )
    out["person_id"] = text(out["person_id"])
    out["goal_id"] = text(out["goal_id"])
    order = {gid: i for i, gid in enumerate(m.goals["goal_id"])}
    out = out.assign(_g=out["goal_id"].map(order)).sort_values(["_g", "date"], kind="stable")
    return sort_people(out.drop(columns="_g"), m)


def goal_pace(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Progress toward each goal's target, the pace it needs to make the deadline, on pace or not.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        The day the goal is judged on (default today); later measurements are left out.

    Returns
    -------
    pandas.DataFrame
        One row per goal: ``person_id, goal_id, title, metric, baseline, target, start,
        deadline, value, measured, progress, expected, pace_per_month, required_per_month,
        projected, on_pace, status``.

        - ``value`` / ``measured``: the latest measurement on or before ``as_of`` and its
          date (the baseline and NaT before the first one);
        - ``progress``: ``(value - baseline) / (target - baseline)``; ``expected``: the
          share of the time from ``start`` to ``deadline`` gone by ``as_of``;
        - ``pace_per_month``: ``(value - baseline)`` per month since ``start``;
          ``required_per_month``: ``(target - value)`` per month left to the deadline (NaN
          once it has passed); ``projected``: the value on the deadline at the pace so far;
        - ``on_pace``: ``progress >= expected`` (at or past the straight line);
        - ``status``: ``reached`` (progress >= 1), ``missed`` (deadline passed, not
          reached), ``on pace``, ``behind``, ``no measurement`` (nothing measured yet) or
          ``no target`` (no metric baseline, target and deadline to measure against).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> p = metrics.goal_pace(m, as_of="2026-11-15")
    >>> p[["goal_id", "value", "progress", "status"]].values.tolist()
    [['G1', 3.0, 0.5, 'behind'], ['G2', 2.0, 0.5, 'behind'], ['G3', nan, nan, 'no target']]
    >>> round(float(p.required_per_month.iloc[0]), 2)  # 3 more interviews in 136 days
    0.67
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    g = _goal_frame(m).reset_index(drop=True)
    t = goal_trajectory(m, as_of=as_of)
    last = t.drop_duplicates(["person_id", "goal_id"], keep="last").set_index(
        ["person_id", "goal_id"]
    )
    key = pd.MultiIndex.from_frame(g[["person_id", "goal_id"]].astype(object))
    latest = last.reindex(key)
    measured = latest["date"].reset_index(drop=True)
    have = measured.notna().to_numpy()
    ok = g["_measurable"].to_numpy(dtype=bool)
    base, target = g["baseline"].to_numpy(float), g["target"].to_numpy(float)
    value = np.where(have, latest["value"].to_numpy(float), base)
    value = np.where(ok | have, value, np.nan)
    progress = np.where(ok, _share(value, base, target), np.nan)
    when = pd.Series(as_of, index=g.index)
    expected = np.where(ok, _elapsed(when, g["start"], g["deadline"]), np.nan)
    months_gone = (as_of - g["start"]).dt.days.to_numpy(float) / _MONTH_DAYS
    months_left = (g["deadline"] - as_of).dt.days.to_numpy(float) / _MONTH_DAYS
    with np.errstate(invalid="ignore", divide="ignore"):
        pace = np.where(ok & (months_gone > 0), (value - base) / months_gone, np.nan)
        required = np.where(ok & (months_left > 0), (target - value) / months_left, np.nan)
    projected = np.where(ok, value + pace * np.clip(months_left, 0, None), np.nan)
    on_pace = ok & have & (progress >= expected - 1e-12)
    passed = (g["deadline"] < as_of).to_numpy()
    status = np.select(
        [~ok, ok & (progress >= 1 - 1e-12), ok & passed, ok & ~have, on_pace],
        ["no target", "reached", "missed", "no measurement", "on pace"],
        "behind",
    )
    out = pd.DataFrame(
        {
            "person_id": g["person_id"],
            "goal_id": g["goal_id"],
            "title": g["title"],
            "metric": g["metric"],
            "baseline": g["baseline"],
            "target": g["target"],
            "start": g["start"],
            "deadline": g["deadline"],
            "value": value,
            "measured": measured,
            "progress": progress,
            "expected": expected,
            "pace_per_month": pace,
            "required_per_month": required,
            "projected": projected,
            "on_pace": on_pace,
            "status": pd.Categorical(status, categories=list(GOAL_PACE_STATUSES)),
        }
    )
    return sort_people(out, m)


def goal_hours(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Planned vs actual hours per goal: the effort its milestones were estimated at, the
    hours logged to it, and the same for its finished milestones alone.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Log rows and done dates after this day are left out (default today).

    Returns
    -------
    pandas.DataFrame
        ``person_id, goal_id, title, planned_hours, logged_hours, ratio, done_planned,
        done_logged, done_ratio, unlinked_hours``: ``planned_hours`` sums ``effort_hours``
        of the goal's milestones not dropped; ``logged_hours`` the time-log rows linked to
        the goal (directly, or through a milestone or action of it) by ``as_of``;
        ``done_planned`` / ``done_logged`` the same over its milestones done by ``as_of``
        (how well finished work was estimated); ``ratio = logged / planned``. One more row
        per person, ``goal_id`` missing, holds ``unlinked_hours``: hours logged to no goal.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> h = metrics.goal_hours(m, as_of="2026-11-15")
    >>> print(*h.loc[0, ["goal_id", "planned_hours", "done_planned"]])
    G1 135.0 115.0
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    est = estimation_accuracy(m, as_of=as_of)
    live = est[est["status"] != "dropped"]
    done = est[est["status"] == "done"]
    keys = ["person_id", "goal_id"]
    planned = live.groupby(keys, sort=False)["effort_hours"].sum(min_count=1)
    done_planned = done.groupby(keys, sort=False)["effort_hours"].sum(min_count=1)
    done_logged = done.groupby(keys, sort=False)["logged_hours"].sum()
    log = linked_log(m, as_of)
    logged = log.groupby(keys, sort=False)["hours"].sum()
    unlinked = log[log["goal_id"].isna()].groupby("person_id", sort=False)["hours"].sum()
    g = m.goals[["person_id", "goal_id", "title"]].reset_index(drop=True)
    key = pd.MultiIndex.from_frame(g[keys].astype(object))
    out = g.assign(
        planned_hours=planned.reindex(key).to_numpy(dtype="float64"),
        logged_hours=logged.reindex(key).fillna(0.0).to_numpy(dtype="float64"),
        done_planned=done_planned.reindex(key).to_numpy(dtype="float64"),
        done_logged=done_logged.reindex(key).fillna(0.0).to_numpy(dtype="float64"),
        unlinked_hours=np.nan,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        out["ratio"] = out["logged_hours"] / out["planned_hours"].where(out["planned_hours"] > 0)
        out["done_ratio"] = out["done_logged"] / out["done_planned"].where(out["done_planned"] > 0)
    extra = pd.DataFrame(
        {
            "person_id": m.people["person_id"].to_numpy(),
            "unlinked_hours": unlinked.reindex(m.people["person_id"]).fillna(0.0).to_numpy(),
        }
    )
    out = pd.concat([out, extra], ignore_index=True)
    for col in ("person_id", "goal_id", "title"):
        out[col] = text(out[col].astype(object))
    cols = ["person_id", "goal_id", "title", "planned_hours", "logged_hours", "ratio",
            "done_planned", "done_logged", "done_ratio", "unlinked_hours"]  # fmt: skip
    return sort_people(out[cols], m)
