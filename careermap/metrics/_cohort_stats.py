"""Cohort statistics the coach's views show: KPI medians, common target roles, the time mix.

The cohort charts and the HTML report draw these frames; they compute nothing themselves.
Every function takes a tidy frame (a :func:`careermap.metrics.cohort_summary`, a
:func:`careermap.metrics.time_allocation`) or a map first, returns a new frame, and leaves its
input untouched. Groups are sorted by name, with people who have no group (a missing
``group``) in a last row whose group is missing too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from careermap._args import check_choice, check_columns, check_map
from careermap.errors import InvalidArgumentError
from careermap.metrics._requirements import targets_by_priority
from careermap.model import CareerMap

__all__ = ["KPI_MEDIAN_COLUMNS", "kpi_medians", "priority_roles", "time_mix"]

KPI_MEDIAN_COLUMNS = ("progress_pct", "hours_per_week_4w", "days_since_last_log", "on_time_rate")


def _group_order(keys: pd.Series) -> pd.Series:
    """Group names sorted, the missing group last (as a sort key for ``sort_values``)."""
    return keys.astype("object").map(lambda g: (pd.isna(g), "" if pd.isna(g) else str(g)))


def kpi_medians(
    summary: pd.DataFrame,
    *,
    by: str | None = None,
    columns: Sequence[str] = KPI_MEDIAN_COLUMNS,
) -> pd.DataFrame:
    """The median of each KPI and the share of people who need attention, per group.

    Medians, not means, so one very busy or very quiet person does not move a whole group.
    Missing values (a person with no time logged has no ``days_since_last_log``) are left
    out of a median.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`careermap.metrics.cohort_summary` output (``person_id``, ``needs_attention``
        and the ``columns``).
    by : str, optional
        The column whose values are the groups (e.g. ``"group"``); ``None`` gives one row for
        the whole cohort.
    columns : sequence of str
        Numeric KPI columns to take the median of.

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted, the missing group last; with ``by=None`` one row, also
        for an empty summary): ``by`` (when given), ``people``,
        ``needs_attention`` (how many are flagged), ``needs_attention_pct`` (their share, in
        %), then the median of each of ``columns`` under the column's own name.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"person_id": ["a", "b", "c"], "group": ["x", "x", None],
    ...     "needs_attention": [True, False, True], "progress_pct": [10.0, 30.0, 50.0]})
    >>> kpi_medians(s, by="group", columns=["progress_pct"])
      group  people  needs_attention  needs_attention_pct  progress_pct
    0     x       2                1                 50.0          20.0
    1   NaN       1                1                100.0          50.0
    >>> kpi_medians(s, columns=["progress_pct"])
       people  needs_attention  needs_attention_pct  progress_pct
    0       3                2            66.666667          30.0
    """
    columns = list(columns)
    check_columns(
        summary, ["person_id", "needs_attention", *columns, *([by] if by else [])], "kpi_medians"
    )
    values = pd.DataFrame(
        {c: pd.to_numeric(summary[c]).astype("float64") for c in columns}, index=summary.index
    )
    flagged = summary["needs_attention"].astype("bool")
    keys = summary[by] if by else pd.Series(0, index=summary.index)
    grouped = pd.concat([values, flagged.rename("_flag")], axis=1).groupby(
        keys.to_numpy(), dropna=False, sort=False
    )
    out = pd.DataFrame(
        {
            "people": grouped.size(),
            "needs_attention": grouped["_flag"].sum(),
            "needs_attention_pct": grouped["_flag"].mean() * 100,
        }
    ).join(grouped[columns].median())
    out["people"] = out["people"].astype("int64")
    out["needs_attention"] = out["needs_attention"].astype("int64")
    out["needs_attention_pct"] = out["needs_attention_pct"].astype("float64")
    if not by:
        if out.empty:  # an empty cohort is still one whole: no people, nothing to take
            out.loc[0] = {"people": 0, "needs_attention": 0}
            out = out.astype({"people": "int64", "needs_attention": "int64"})
        return out.reset_index(drop=True)
    out.index.name = by
    out = out.reset_index()
    out[by] = out[by].astype(summary[by].dtype)
    return out.sort_values(by, key=_group_order, kind="stable").reset_index(drop=True)


def priority_roles(m: CareerMap) -> pd.DataFrame:
    """How many people have each role as their priority-1 target role, the most common first.

    A person's priority-1 role is the first of their target roles in priority order: the
    lowest ``priority``, ties in the order written (the one order of
    ``docs/metrics.md#the-role-a-gap-is-measured-against``). Roles with the same count are
    ordered by role id.

    Parameters
    ----------
    m : CareerMap
        A cohort (or one person).

    Returns
    -------
    pandas.DataFrame
        ``role_id, people``; empty when nobody has a target role.

    Examples
    --------
    >>> import careermap
    >>> priority_roles(careermap.load(careermap.cohort_path())).head(2)
          role_id  people
    0  11-9121.01       3
    1  15-1243.01       3
    """
    first = targets_by_priority(check_map(m).target_roles).drop_duplicates("person_id")
    counts = first["role_id"].astype("str").value_counts().rename("people")
    out = counts.rename_axis("role_id").reset_index()
    out["people"] = out["people"].astype("int64")
    out = out.sort_values(["people", "role_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def time_mix(
    allocation: pd.DataFrame,
    *,
    people: pd.DataFrame | None = None,
    by: str = "group",
    since: Any = None,
) -> pd.DataFrame:
    """Each time category's share of the hours logged, per group or per person.

    Parameters
    ----------
    allocation : pandas.DataFrame
        :func:`careermap.metrics.time_allocation` output with ``by="category"``
        (``person_id, period, category, hours``).
    people : pandas.DataFrame, optional
        ``person_id`` with ``group`` (e.g. ``m.people``): needed for ``by="group"``. With
        ``by="person"`` its ``name`` column, if any, is carried into the result.
    by : {"group", "person"}, default "group"
        One row set per group, or per person.
    since : date-like, optional
        Count only periods starting on or after this date.

    Returns
    -------
    pandas.DataFrame
        One row per group (or person) and category with hours logged: ``group`` (or
        ``person_id`` and, when ``people`` has it, ``name``), ``category``, ``hours``,
        ``total_hours`` (of the group or person, all categories) and ``share_pct``
        (``100 * hours / total_hours``). Groups are sorted (the missing group last); people
        keep their first appearance order; categories are in alphabetical order.

    Examples
    --------
    >>> import pandas as pd
    >>> alloc = pd.DataFrame({"person_id": ["a", "a", "b"],
    ...     "period": pd.to_datetime(["2026-01-05"] * 3),
    ...     "category": ["learning", "practice", "learning"], "hours": [3.0, 1.0, 2.0]})
    >>> people = pd.DataFrame({"person_id": ["a", "b"], "group": ["x", "x"]})
    >>> time_mix(alloc, people=people)
      group  category  hours  total_hours  share_pct
    0     x  learning    5.0          6.0  83.333333
    1     x  practice    1.0          6.0  16.666667
    """
    check_columns(allocation, ["person_id", "period", "category", "hours"], "time_mix")
    check_choice("by", by, ("group", "person"))
    if by == "group" and (people is None or "group" not in people.columns):
        raise InvalidArgumentError(
            'time_mix(by="group") needs people= a frame with person_id and group '
            '(e.g. m.people); or pass by="person"'
        )
    frame = allocation
    if since is not None:
        frame = frame.loc[pd.to_datetime(frame["period"]) >= pd.Timestamp(since)]
    frame = frame.loc[frame["hours"] > 0]
    frame = frame.assign(category=frame["category"].astype("str"))
    if by == "group":
        groups = people[["person_id", "group"]].drop_duplicates("person_id")
        frame = frame.merge(groups, on="person_id", how="left")
        keys = ["group"]
    else:
        keys = ["person_id"]
    # a grid of hours (rows x categories), then each row's total over the grid
    hours = (
        frame.groupby([*keys, "category"], dropna=False)["hours"]
        .sum()
        .unstack("category", fill_value=0.0)
    )
    totals = hours.sum(axis=1)
    shares = hours.div(totals, axis=0) * 100
    long = (
        hours.stack()
        .rename("hours")
        .to_frame()
        .join(totals.rename("total_hours"))
        .join(shares.stack().rename("share_pct"))
        .reset_index()
    )
    long = long.loc[long["hours"] > 0, [*keys, "category", "hours", "total_hours", "share_pct"]]
    if by == "group":
        long = long.sort_values(["group", "category"], key=_sort_key, kind="stable")
    else:
        first_seen = pd.unique(frame["person_id"])
        rank = pd.Series(np.arange(len(first_seen)), index=first_seen)
        long = long.assign(_rank=long["person_id"].map(rank)).sort_values(
            ["_rank", "category"], kind="stable"
        )
        long = long.drop(columns="_rank")
        if people is not None and "name" in people.columns:
            names = people[["person_id", "name"]].drop_duplicates("person_id")
            long = long.merge(names, on="person_id", how="left")
            long = long[["person_id", "name", "category", "hours", "total_hours", "share_pct"]]
    return long.reset_index(drop=True)


def _sort_key(column: pd.Series) -> pd.Series:
    return _group_order(column) if column.name == "group" else column
