"""A milestone's state on a date, defined once: the rule every view and the cohort KPIs use.

On a date ``A`` a milestone is

- **in scope** when it entered the plan on or before ``A`` (its ``planned`` date, else the
  person's ``start``) and was not dropped on or before ``A``;
- **done** when its ``done`` date is on or before ``A``; **dropped** likewise;
- **overdue** when it is in scope, not done, and the **target in force on A** is before
  ``A``. The target in force is the target after the reschedules made on or before ``A``: a
  reschedule made after ``A`` did not exist yet, so the target then was the ``from`` of the
  first reschedule made after ``A`` (the current target when there is none).

``state`` is one word: done, dropped, overdue or open (open includes milestones that have
not entered the plan yet). ``original_target`` is the date first promised: the ``from`` of
the first reschedule, else the target. ``docs/metrics.md#milestone-states`` is the user's
version of this text.

The rule is one Ibis expression, :func:`milestone_states`. The cohort KPIs embed it in their
own expression (any Ibis backend); the pandas views get the same expression compiled once to
DuckDB SQL and run on the map's frames by :func:`states_on` (a person is a cohort of one).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import ibis
import numpy as np
import pandas as pd
from ibis import _

from careermap.io import shared_database
from careermap.metrics._memo import by_content
from careermap.model import CareerMap

#: Columns each input table of :func:`milestone_states` must have (more are passed through).
#: ``seq`` orders reschedules made on the same day: the order they were written.
STATE_INPUTS = {
    "milestones": {
        "person_id": "string",
        "goal_id": "string",
        "milestone_id": "string",
        "planned": "timestamp",
        "target": "timestamp",
        "done": "timestamp",
        "dropped": "timestamp",
    },
    "reschedules": {
        "person_id": "string",
        "milestone_id": "string",
        "on": "timestamp",
        "from_target": "timestamp",
        "seq": "int64",
    },
    "people": {"person_id": "string", "start": "timestamp"},
}
#: What :func:`milestone_states` adds to each milestone x date.
STATE_COLUMNS = (
    "entered",
    "in_scope",
    "is_done",
    "is_dropped",
    "original_target",
    "target_asof",
    "n_reschedules",
    "is_overdue",
    "state",
)
STATES = ("done", "dropped", "overdue", "open")


def milestone_states(
    milestones: ibis.Table,
    reschedules: ibis.Table,
    people: ibis.Table,
    dates: ibis.Table,
) -> ibis.Table:
    """Every milestone's state on every date of ``dates`` (an unexecuted Ibis table).

    Parameters
    ----------
    milestones, reschedules, people
        Ibis tables with at least the columns of :data:`STATE_INPUTS` (the CareerMap frames;
        ``reschedules.seq`` is the order the reschedules were written).
    dates
        A table with a timestamp column ``as_of`` (one row for one date).

    Returns
    -------
    ibis.Table
        One row per milestone and date: the milestone's columns, ``as_of`` and
        :data:`STATE_COLUMNS`: ``entered``, ``in_scope``, ``is_done``, ``is_dropped``,
        ``original_target``, ``target_asof`` (the target in force on ``as_of``),
        ``n_reschedules`` (made on or before ``as_of``), ``is_overdue`` and ``state``.

    Examples
    --------
    >>> import ibis, pandas as pd
    >>> T = pd.Timestamp
    >>> ms = ibis.memtable(pd.DataFrame({"person_id": ["p"], "goal_id": ["G"],
    ...     "milestone_id": ["M"], "planned": [T("2025-01-01")], "target": [T("2025-05-01")],
    ...     "done": [pd.NaT], "dropped": [pd.NaT]}))
    >>> rs = ibis.memtable(pd.DataFrame({"person_id": ["p"], "milestone_id": ["M"],
    ...     "on": [T("2025-03-10")], "from_target": [T("2025-03-01")], "seq": [0]}))
    >>> people = ibis.memtable(pd.DataFrame({"person_id": ["p"], "start": [T("2025-01-01")]}))
    >>> dates = ibis.memtable(pd.DataFrame({"as_of": [T("2025-03-05"), T("2025-03-15")]}))
    >>> expr = milestone_states(ms, rs, people, dates).order_by("as_of")
    >>> st = ibis.duckdb.connect().execute(expr)
    >>> st[["target_asof", "state"]].astype(str).values.tolist()  # moved on 03-10
    [['2025-03-01', 'overdue'], ['2025-05-01', 'open']]
    """
    mkeys = ["person_id", "milestone_id"]
    keys = [*mkeys, "as_of"]
    order = ["on", "seq"]
    dates = dates.select("as_of")
    rs = reschedules.select(*mkeys, "on", "from_target", "seq")
    first = (
        rs.mutate(_k=ibis.row_number().over(group_by=mkeys, order_by=order))
        .filter(_._k == 0)
        .select(*mkeys, _original=_.from_target)
    )
    per_date = rs.cross_join(dates)
    # the target in force on as_of: the `from` of the first reschedule made after it
    later = (
        per_date.filter(_.on > _.as_of)
        .mutate(_k=ibis.row_number().over(group_by=keys, order_by=order))
        .filter(_._k == 0)
        .select(*keys, _in_force=_.from_target)
    )
    made = per_date.filter(_.on <= _.as_of).group_by(keys).agg(_n=_.count())
    start = people.select("person_id", _start=_.start)

    t = milestones.cross_join(dates)
    for extra, on in ((start, ["person_id"]), (first, mkeys), (later, keys), (made, keys)):
        t = t.left_join(extra, on).select(~ibis.selectors.endswith("_right"))
    A = _.as_of
    t = t.mutate(
        entered=_.planned.fill_null(_._start),
        is_done=(_.done <= A).fill_null(False),
        is_dropped=(_.dropped <= A).fill_null(False),
        target_asof=_._in_force.fill_null(_.target),
        n_reschedules=_._n.fill_null(0),
    )
    t = t.mutate(
        in_scope=((_.entered <= A) & ~_.is_dropped).fill_null(False),
        original_target=_._original.fill_null(_.target_asof),
    )
    t = t.mutate(is_overdue=(_.in_scope & ~_.is_done & (_.target_asof < A)).fill_null(False))
    t = t.mutate(
        state=ibis.cases(
            (_.is_done, "done"),
            (_.is_dropped, "dropped"),
            (_.is_overdue, "overdue"),
            else_="open",
        )
    )
    return t.drop("_start", "_original", "_in_force", "_n")


def engine_frame(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """A CareerMap frame as the engines take it: categoricals as strings (Ibis and Spark
    handle plain strings everywhere), and ``seq`` (the written order) on reschedules and
    assessments (what breaks a tie between two rows of one day)."""
    out = df.reset_index(drop=True)
    cats = [c for c in out.columns if isinstance(out[c].dtype, pd.CategoricalDtype)]
    if cats:
        out = out.assign(**{c: out[c].astype("str") for c in cats})
    if name in ("reschedules", "assessments"):
        out = out.assign(seq=np.arange(len(out), dtype="int64"))
    return out


# The SQL of milestone_states over tables named like the frames, compiled once per process:
# building and compiling the Ibis expression costs more than running it on one person.
@functools.cache
def _states_sql() -> str:
    tables = {name: ibis.table(schema, name=name) for name, schema in STATE_INPUTS.items()}
    milestones = ibis.table({**STATE_INPUTS["milestones"], "_row": "int64"}, name="milestones")
    dates = ibis.table({"as_of": "timestamp"}, name="dates")
    expr = milestone_states(milestones, tables["reschedules"], tables["people"], dates)
    return str(ibis.to_sql(expr.order_by("as_of", "_row"), dialect="duckdb"))


@by_content
def _states_of(
    milestones: pd.DataFrame,
    reschedules: pd.DataFrame,
    people: pd.DataFrame,
    dates: pd.DataFrame,
) -> pd.DataFrame:
    """The states of :func:`states_on` from its engine frames, remembered by their content
    (a redraw asks for the same day's states from several metrics)."""
    frames = {
        "milestones": milestones.assign(_row=np.arange(len(milestones), dtype="int64")),
        "reschedules": reschedules,
        "people": people,
        "dates": dates,
    }
    cur = shared_database().cursor()
    try:
        for name, df in frames.items():
            cur.register(name, df)
        out = cur.execute(_states_sql()).df()
    finally:
        cur.close()
    for col in ("planned", "target", "done", "dropped", "as_of", "entered", "original_target"):
        out[col] = out[col].astype("datetime64[ns]")
    out["target_asof"] = out["target_asof"].astype("datetime64[ns]")
    out["n_reschedules"] = out["n_reschedules"].astype("int64")
    for col in ("in_scope", "is_done", "is_dropped", "is_overdue"):
        out[col] = out[col].astype(bool)
    return out.drop(columns="_row")


def states_on(m: CareerMap, as_of: pd.Timestamp | Sequence[Any]) -> pd.DataFrame:
    """:func:`milestone_states` of ``m``'s milestones on one date or on many.

    One date: one row per row of ``m.milestones``, in its order (aligned with it). Many dates:
    those rows for each date in turn, with an ``as_of`` column. Dates and state columns as in
    :func:`milestone_states`; timestamps are ``datetime64[ns]``.
    """
    many = not isinstance(as_of, pd.Timestamp)
    dates = pd.DatetimeIndex(list(as_of) if many else [as_of]).astype("datetime64[ns]")
    frames = {
        name: engine_frame(getattr(m, name)[list(cols)], name)
        for name, cols in (
            ("milestones", [c for c in STATE_INPUTS["milestones"]]),
            ("reschedules", ["person_id", "milestone_id", "on", "from_target"]),
            ("people", ["person_id", "start"]),
        )
    }
    out = _states_of(
        frames["milestones"],
        frames["reschedules"],
        frames["people"],
        pd.DataFrame({"as_of": dates}),
    )
    if not many:
        out = out.drop(columns="as_of").set_axis(m.milestones.index)
    return out
