"""Slip and on-time rate: how target dates moved and whether milestones were done on time.

Definitions in ``docs/metrics.md#slip-and-on_time_rate``.
"""

from __future__ import annotations

import pandas as pd

from careermap.metrics._common import as_of_arg, check_map, sort_people, text
from careermap.metrics._milestone_state import states_on
from careermap.model import CareerMap

__all__ = ["on_time_rate", "slip"]


def slip(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """How each milestone's target date moved, and whether it was done on time.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Evaluation date (default today): reschedules, done and dropped dates after it are
        ignored, and milestones planned after it are left out.

    Returns
    -------
    pandas.DataFrame
        One row per milestone: ``person_id, goal_id, milestone_id, original_target, target,
        slip_days, n_reschedules, done, dropped, status, done_on_time, done_by_target``.
        ``original_target`` is the ``from`` date of the first reschedule (else ``target``);
        ``done_on_time`` compares ``done`` with the original target (plan reliability),
        ``done_by_target`` with ``target``, the target in force on ``as_of``. ``status`` is
        the milestone state of ``docs/metrics.md#milestone-states``: done, dropped, overdue
        (in scope, not done, target in force before ``as_of``) or open. See
        ``docs/metrics.md#slip-and-on_time_rate``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> s = metrics.slip(m, as_of="2026-11-15").set_index("milestone_id")
    >>> m8 = s.loc["M8"]
    >>> str(m8.original_target.date()), int(m8.slip_days), int(m8.n_reschedules)
    ('2026-03-31', 91, 2)
    >>> bool(m8.done_on_time), bool(m8.done_by_target)
    (False, False)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    st = states_on(m, as_of)
    st = st[(st["entered"] <= as_of).to_numpy()]
    out = st[["person_id", "goal_id", "milestone_id", "original_target"]].reset_index(drop=True)
    out["target"] = st["target_asof"].to_numpy()
    out["slip_days"] = ((out["target"] - out["original_target"]) // pd.Timedelta(days=1)).astype(
        "int64"
    )
    out["n_reschedules"] = st["n_reschedules"].to_numpy()
    out["done"] = st["done"].where(st["is_done"]).to_numpy()
    out["dropped"] = st["dropped"].where(st["is_dropped"]).to_numpy()
    is_done = out["done"].notna()
    out["status"] = pd.Categorical(st["state"], categories=["open", "overdue", "done", "dropped"])
    out["done_on_time"] = (out["done"] <= out["original_target"]).astype("boolean").where(is_done)
    out["done_by_target"] = (out["done"] <= out["target"]).astype("boolean").where(is_done)
    for col in ("person_id", "goal_id", "milestone_id"):
        out[col] = text(out[col])
    return sort_people(out, m)


def on_time_rate(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Per person: the share of done milestones finished by their original target date.

    Returns
    -------
    pandas.DataFrame
        ``person_id, n_done, n_on_time, on_time_rate, n_done_by_target, done_by_target_rate,
        n_overdue, n_rescheduled``. Rates are NaN for a person with no done milestone. Built
        from :func:`slip`.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> r = metrics.on_time_rate(m, as_of="2026-11-15").iloc[0]
    >>> int(r.n_done), int(r.n_on_time), round(float(r.on_time_rate), 2)
    (9, 5, 0.56)
    """
    s = slip(m, as_of=as_of)
    done = s["status"] == "done"
    g = s.assign(
        _done=done,
        _on=s["done_on_time"].fillna(False).astype(bool),
        _by=s["done_by_target"].fillna(False).astype(bool),
        _over=s["status"] == "overdue",
        _re=s["n_reschedules"] > 0,
    ).groupby("person_id", sort=False)
    agg = g[["_done", "_on", "_by", "_over", "_re"]].sum()
    agg = agg.reindex(m.people["person_id"]).fillna(0).astype("int64")
    out = pd.DataFrame({"person_id": text(pd.Series(agg.index))})
    out["n_done"] = agg["_done"].to_numpy()
    out["n_on_time"] = agg["_on"].to_numpy()
    n = out["n_done"].where(out["n_done"] > 0)
    out["on_time_rate"] = out["n_on_time"] / n
    out["n_done_by_target"] = agg["_by"].to_numpy()
    out["done_by_target_rate"] = out["n_done_by_target"] / n
    out["n_overdue"] = agg["_over"].to_numpy()
    out["n_rescheduled"] = agg["_re"].to_numpy()
    return out
