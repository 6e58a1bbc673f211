"""Shared pieces of the metrics: argument checks, ``as_of``, calendar periods, milestone state.

Nothing here knows about a particular metric; every helper works on whole frames (all people at
once) so that a cohort of 1,000 people costs the same Python overhead as one person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from careermap._args import (  # noqa: F401
    check_choice,
    check_columns,
    check_fraction,
    check_int,
    check_map,
)
from careermap._dates import as_of_arg  # noqa: F401 (the metrics read as_of through it)
from careermap.errors import InvalidArgumentError
from careermap.model import CareerMap

FREQS = ("D", "W", "M")
FREQ_WORDS = {"D": "day", "W": "week (Monday to Sunday)", "M": "calendar month"}
BY_WORK = ("count", "effort")

_DAY = np.timedelta64(1, "D")
# 1970-01-01 was a Thursday: shifting by 3 days makes integer weeks start on Mondays.
_WEEK_SHIFT = 3


# --- arguments ---------------------------------------------------------------------------------


def roles_arg(roles: Any) -> list[str] | None:
    """None (the target roles), one role id, or an iterable of role ids."""
    if roles is None:
        return None
    if isinstance(roles, str):
        items: list[Any] = [roles]
    else:
        try:
            items = list(roles)
        except TypeError:
            raise InvalidArgumentError(
                "roles must be None (the target roles), an O*NET-SOC code or custom role id, "
                f"or a list of them; got {type(roles).__name__} {roles!r}"
            ) from None
    bad = [r for r in items if not isinstance(r, str) or not r.strip()]
    if bad:
        raise InvalidArgumentError(
            f"roles must hold O*NET-SOC codes or custom role ids as strings; got {bad[0]!r}"
        )
    if not items:
        raise InvalidArgumentError("roles must name at least one role; got an empty list")
    return list(dict.fromkeys(r.strip() for r in items))


# --- frames ------------------------------------------------------------------------------------


def person_order(m: CareerMap) -> pd.Series:
    """Position of each person in the map (load order), for sorting results."""
    ids = m.people["person_id"]
    return pd.Series(np.arange(len(ids)), index=pd.Index(ids, dtype="str"))


def sort_people(df: pd.DataFrame, m: CareerMap, by: Sequence[str] = ()) -> pd.DataFrame:
    """Rows in the map's person order, then by ``by``; a fresh RangeIndex."""
    if df.empty:
        return df.reset_index(drop=True)
    key = person_order(m).reindex(df["person_id"]).to_numpy()
    out = df.assign(_order=key).sort_values(["_order", *by], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def text(values: Iterable[Any] | pd.Series | np.ndarray) -> pd.Series:
    """A pandas ``str`` column (missing stays missing)."""
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    return s.astype("str").where(s.notna())


def person_values(m: CareerMap, column: str, person_ids: pd.Series) -> np.ndarray:
    """``people[column]`` looked up for each person id in ``person_ids``."""
    table = m.people.set_index("person_id")[column]
    return table.reindex(pd.Index(person_ids)).to_numpy()


def skill_key(df: pd.DataFrame) -> pd.Series:
    """The resolved skill id of a row; the skill as written when it did not resolve."""
    return df["skill_id"].fillna(df["skill"]).astype("str")


def milestone_work(m: CareerMap, by: str) -> pd.Series:
    """Units of work per milestone: 1 each (``count``) or effort hours (``effort``).

    A missing effort is the person's median milestone effort (over all their milestones that
    have one, dropped included); a person with no effort at all gets NaN.
    """
    ms = m.milestones
    if by == "count":
        return pd.Series(1.0, index=ms.index)
    effort = ms["effort_hours"].astype("float64")
    median = effort.groupby(ms["person_id"]).transform("median")
    return effort.fillna(median)


def entered(m: CareerMap) -> pd.Series:
    """When each milestone entered the plan: ``planned``, else the person's start."""
    ms = m.milestones
    start = pd.Series(person_values(m, "start", ms["person_id"]), index=ms.index)
    return ms["planned"].fillna(start).astype("datetime64[ns]")


def in_plan(m: CareerMap, as_of: pd.Timestamp) -> np.ndarray:
    """Which milestones (aligned with ``m.milestones``) exist on ``as_of``: those that entered
    the plan on or before it. A milestone planned after ``as_of`` was not written yet as far as
    the map can tell, so no metric on ``as_of`` counts it (docs/metrics.md#as-of)."""
    return (entered(m) <= as_of).to_numpy()


# --- calendar periods --------------------------------------------------------------------------


def days(values: pd.Series | np.ndarray | pd.Timestamp) -> np.ndarray:
    """Dates as integer days since 1970-01-01 (NaT becomes a very small number)."""
    arr = np.asarray(values, dtype="datetime64[ns]")
    return arr.astype("datetime64[D]").astype(np.int64)


def period_of(values: pd.Series | np.ndarray, freq: str) -> np.ndarray:
    """Integer period number of each date (days, Monday weeks or months since 1970)."""
    arr = np.asarray(values, dtype="datetime64[ns]")
    if freq == "D":
        return arr.astype("datetime64[D]").astype(np.int64)
    if freq == "W":
        return (arr.astype("datetime64[D]").astype(np.int64) + _WEEK_SHIFT) // 7
    return arr.astype("datetime64[M]").astype(np.int64)


def period_start(periods: np.ndarray, freq: str) -> np.ndarray:
    """First day of each period number, as ``datetime64[ns]``."""
    p = np.asarray(periods, dtype=np.int64)
    if freq == "D":
        day = p
    elif freq == "W":
        day = p * 7 - _WEEK_SHIFT
    else:
        return p.astype("datetime64[M]").astype("datetime64[ns]")
    return day.astype("datetime64[D]").astype("datetime64[ns]")


def period_end(periods: np.ndarray, freq: str) -> np.ndarray:
    """Last day of each period number, as ``datetime64[ns]``."""
    nxt = period_start(np.asarray(periods, dtype=np.int64) + 1, freq)
    return (nxt.astype("datetime64[D]") - _DAY).astype("datetime64[ns]")


def positions(m: CareerMap, person_ids: pd.Series | np.ndarray) -> np.ndarray:
    """Position of each id in ``m.people`` (integers join and group much faster than ids)."""
    index = pd.Index(m.people["person_id"].to_numpy(dtype=object))
    return index.get_indexer(np.asarray(person_ids, dtype=object))


def period_grid(person_ids: pd.Series, first: np.ndarray, last: np.ndarray) -> pd.DataFrame:
    """Every period number from ``first`` to ``last`` (inclusive) for each person, in person
    order then period order.

    Returns ``person_id``, ``_pi`` (the person's position) and ``period_n``; people with
    ``last < first`` get no rows.
    """
    first = np.asarray(first, dtype=np.int64)
    last = np.asarray(last, dtype=np.int64)
    n = np.clip(last - first + 1, 0, None)
    owner = np.repeat(np.arange(len(n)), n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return pd.DataFrame(
        {
            "person_id": pd.Series(np.asarray(person_ids, dtype=object)[owner], dtype="str"),
            "_pi": owner,
            "period_n": first[owner] + offset,
        }
    )
