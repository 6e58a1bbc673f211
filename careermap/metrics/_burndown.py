"""Burndown: scope, done and remaining work per person over time (``docs/metrics.md#burndown``)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from careermap.metrics._common import (
    BY_WORK,
    FREQS,
    as_of_arg,
    check_choice,
    check_map,
    days,
    entered,
    milestone_work,
    period_end,
    period_grid,
    period_of,
    positions,
)
from careermap.model import CareerMap

__all__ = ["burndown", "open_on"]


def burndown(
    m: CareerMap,
    *,
    by: Literal["count", "effort"] = "count",
    freq: Literal["D", "W", "M"] = "D",
    as_of: object = None,
) -> pd.DataFrame:
    """Scope, done and remaining milestones (or effort hours) per person over time.

    Parameters
    ----------
    m : CareerMap
        One person or a cohort.
    by : {"count", "effort"}
        Count milestones, or add up their ``effort_hours`` (a missing effort is the person's
        median milestone effort).
    freq : {"D", "W", "M"}
        One row per day, per Monday-to-Sunday week, or per calendar month.
    as_of : date-like, optional
        Last date shown (default today); later events are ignored.

    Returns
    -------
    pandas.DataFrame
        ``person_id, date, scope, done, remaining, ideal``: the state at the end of each
        period (``date`` is the period's last day, the last one cut to ``as_of``), from the
        person's start to ``as_of``. See ``docs/metrics.md#burndown``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> b = metrics.burndown(m, freq="M", as_of="2026-11-15")
    >>> last = b.iloc[-1]
    >>> str(last.date.date()), float(last.scope), float(last.done), float(last.remaining)
    ('2026-11-15', 16.0, 9.0, 7.0)
    """
    m = check_map(m)
    by = check_choice("by", by, BY_WORK)
    freq = check_choice("freq", freq, FREQS)
    as_of = as_of_arg(as_of)

    people = m.people
    start = people["start"].to_numpy(dtype="datetime64[ns]")
    first = period_of(start, freq)
    last = np.full(len(people), period_of(np.array([as_of]), freq)[0])
    last = np.where(start > np.datetime64(as_of), first - 1, last)
    out = period_grid(people["person_id"], first, last)

    ms = m.milestones
    pi = positions(m, ms["person_id"])
    work = milestone_work(m, by).to_numpy()
    enter, leave, done_at = _scope_spans(m)
    dropped = ms["dropped"].to_numpy(dtype="datetime64[ns]")
    a = np.datetime64(as_of)
    # a milestone is in scope on [enter, leave) and done on [done_at, leave): the spans of
    # ``open_on``, so the last row's remaining is the work the forecast starts from
    in_scope = enter < leave
    gone = in_scope & (leave <= a)
    counted = in_scope & (done_at < leave)
    events = pd.concat(
        [
            _events(pi, enter, work, 0.0, in_scope & (enter <= a)),
            _events(pi, leave, -work, 0.0, gone),
            _events(pi, done_at, 0.0, work, counted & (done_at <= a)),
            _events(pi, leave, 0.0, -work, counted & gone),
        ],
        ignore_index=True,
    )
    # events before the start count from the first period
    events["period_n"] = np.maximum(period_of(events["date"], freq), first[events["_pi"]])
    per = events.groupby(["_pi", "period_n"], sort=False)[["d_scope", "d_done"]].sum()
    out = out.merge(per.reset_index(), on=["_pi", "period_n"], how="left", sort=False)
    out[["d_scope", "d_done"]] = out[["d_scope", "d_done"]].fillna(0.0)
    cum = out.groupby("_pi", sort=False)[["d_scope", "d_done"]].cumsum()
    out["scope"] = cum["d_scope"].round(9)
    out["done"] = cum["d_done"].round(9)
    out["remaining"] = out["scope"] - out["done"]
    out["date"] = np.minimum(period_end(out["period_n"].to_numpy(), freq), a)

    # A person whose milestones have no effort estimate at all has no effort scale.
    unknown = np.bincount(pi[np.isnan(work)], minlength=len(people)) > 0
    out.loc[unknown[out["_pi"].to_numpy()], ["scope", "done", "remaining"]] = np.nan

    out["ideal"] = _ideal(m, out["_pi"].to_numpy(), out["date"], pi, work, enter, dropped)
    result = out[["person_id", "date", "scope", "done", "remaining", "ideal"]]
    result.attrs["later"] = _later(people, pi, enter, dropped, a)
    return result


def _later(people, pi, enter, dropped, a) -> dict[str, dict[str, str | int]]:
    """Per person with milestones that enter the plan after ``as_of``: how many, from when,
    and the map's start; so a chart before the start can say the plan exists, and when."""
    later = (enter > a) & (np.isnat(dropped) | (dropped > enter))
    out = {}
    for i in np.unique(pi[later]):
        first = enter[later & (pi == i)].min()
        out[str(people["person_id"].iloc[i])] = {
            "milestones": int((later & (pi == i)).sum()),
            "first": str(np.datetime_as_string(first, unit="D")),
            "start": str(np.datetime_as_string(people["start"].to_numpy()[i], unit="D")),
        }
    return out


def _scope_spans(m: CareerMap) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per milestone: when it enters the scope (``planned``, else the person's start), when it
    leaves it (``dropped``; never: NaT as the largest date) and when it counts as done (its
    ``done`` date, never before it entered; never: the largest date)."""
    ms = m.milestones
    enter = entered(m).to_numpy(dtype="datetime64[ns]")
    never = np.datetime64(pd.Timestamp.max.floor("D"), "ns")
    dropped = ms["dropped"].to_numpy(dtype="datetime64[ns]")
    done = ms["done"].to_numpy(dtype="datetime64[ns]")
    leave = np.where(np.isnat(dropped), never, dropped)
    done_at = np.where(np.isnat(done), never, np.maximum(done, enter))
    return enter, leave, done_at


def open_on(m: CareerMap, as_of: pd.Timestamp) -> np.ndarray:
    """Which milestones are open on ``as_of``: in scope (entered on or before it, not dropped
    on or before it) and not done on or before it. Aligned with ``m.milestones``.

    The one definition of the work remaining on a date: the burndown's ``remaining`` on
    ``as_of`` is the work of these milestones, and the forecast starts from the same work
    (the same rule as ``in_scope & ~is_done`` of ``_milestone_state.milestone_states``).
    """
    enter, leave, done_at = _scope_spans(m)
    a = np.datetime64(pd.Timestamp(as_of), "ns")
    return (enter <= a) & (a < leave) & ~(done_at <= a)


def _events(pi, dates, d_scope, d_done, keep) -> pd.DataFrame:
    n = len(pi)
    frame = pd.DataFrame(
        {
            "_pi": pi,
            "date": dates,
            "d_scope": np.broadcast_to(d_scope, n),
            "d_done": np.broadcast_to(d_done, n),
        }
    )
    return frame[np.asarray(keep, dtype=bool)]


def _ideal(m: CareerMap, row_pi, dates, pi, work, enter, dropped) -> np.ndarray:
    """Straight line from the scope at the person's start to 0 at the last goal deadline (or
    the vision horizon when no goal has one)."""
    people = m.people
    start = people["start"].to_numpy(dtype="datetime64[ns]")
    at_start = (enter <= start[pi]) & (np.isnat(dropped) | (dropped > start[pi]))
    scope0 = np.bincount(pi, weights=np.where(at_start, work, 0.0), minlength=len(people))
    end = m.goals.groupby("person_id")["deadline"].max().reindex(people["person_id"])
    end = end.fillna(people.set_index("person_id")["horizon"]).to_numpy(dtype="datetime64[ns]")
    t0 = days(start)[row_pi]
    span = (days(end) - days(start)).astype("float64")[row_pi]
    ok = ~np.isnat(end)[row_pi] & (span > 0)
    frac = np.clip((days(dates) - t0) / np.where(ok, span, 1.0), 0.0, 1.0)
    return np.where(ok, scope0[row_pi] * (1.0 - frac), np.nan)
