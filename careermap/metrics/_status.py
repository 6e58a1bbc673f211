"""Milestone and goal status as of a date, in the five words every chart and table uses.

done, dropped, overdue and open are the milestone states of :mod:`._milestone_state` (the
one definition, shared with ``slip`` and the cohort KPIs); this module splits open into
**on track** (work started: time logged against it or one of its actions done, by
``as_of``) and **open** (not started), and rolls milestones up into goals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._common import as_of_arg, check_map, sort_people, text
from careermap.metrics._milestone_state import states_on
from careermap.model import CareerMap

STATUSES = ["done", "on track", "open", "overdue", "dropped"]
STATUS_MEANING = {
    "done": "finished",
    "on track": "started, target date still ahead",
    "open": "not started yet, target date still ahead",
    "overdue": "target date passed, not finished",
    "dropped": "taken out of the plan",
}


def with_status(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """``m.milestones`` (a copy, every column) with ``target_asof``, ``started``, ``status``
    and ``end`` added.

    ``target_asof`` is the target in force on ``as_of`` and ``end`` where the milestone's bar
    ends: the done date, the dropped date, else ``target_asof``. For the charts, which need
    every column; the public view is :func:`milestone_status`.
    """
    ms = m.milestones.copy()
    st = states_on(m, as_of)
    logged = m.time_log.loc[m.time_log["date"] <= as_of, ["person_id", "milestone_id"]]
    acted = m.actions.loc[
        m.actions["done"].notna() & (m.actions["done"] <= as_of), ["person_id", "milestone_id"]
    ]
    started_keys = pd.concat([logged, acted]).dropna().drop_duplicates()
    key = pd.MultiIndex.from_frame(ms[["person_id", "milestone_id"]].astype(object))
    started = key.isin(pd.MultiIndex.from_frame(started_keys.astype(object)))
    state = st["state"].to_numpy(dtype=object)
    ms["target_asof"] = st["target_asof"]
    ms["in_plan"] = (st["entered"] <= as_of).to_numpy()
    ms["started"] = started
    # text dtype even with no rows (an empty map reads as a later one does)
    ms["status"] = pd.Series(
        np.where((state == "open") & started, "on track", state), index=ms.index, dtype="str"
    )
    ms["end"] = (
        st["target_asof"].where(~st["is_done"], ms["done"]).where(~st["is_dropped"], ms["dropped"])
    )
    return ms


def goal_states(goals: pd.DataFrame, ms: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """One status per row of ``goals`` from its milestones' (``ms`` from :func:`with_status`).

    dropped: all its milestones dropped; done: all the others done; overdue: one of them
    overdue, or the goal's deadline passed; on track: one done or on track; else open.
    """
    if "in_plan" in ms.columns:  # milestones planned after as_of did not exist yet
        ms = ms[ms["in_plan"]]
    st = ms["status"]
    active = st != "dropped"
    per_goal = (
        pd.DataFrame(
            {
                "person_id": ms["person_id"].astype(object),
                "goal_id": ms["goal_id"].astype(object),
                "own": 1,
                "active": active,
                "done": active & (st == "done"),
                "overdue": active & (st == "overdue"),
                "moving": active & st.isin(["done", "on track"]),
            }
        )
        .groupby(["person_id", "goal_id"], sort=False)
        .sum()
    )
    key = pd.MultiIndex.from_frame(goals[["person_id", "goal_id"]].astype(object))
    g = per_goal.reindex(key).fillna(0)
    late = (goals["deadline"].notna() & (goals["deadline"] < as_of)).to_numpy()
    status = np.select(
        [
            (g["own"] > 0) & (g["active"] == 0),
            (g["active"] > 0) & (g["done"] == g["active"]),
            (g["overdue"] > 0) | late,
            g["moving"] > 0,
        ],
        ["dropped", "done", "overdue", "on track"],
        "open",
    )
    return pd.Series(status, index=goals.index, dtype=object)


def milestone_status(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Each milestone's status on a date: done, on track, open, overdue or dropped.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Evaluation date (default today). Done and dropped dates, logged time and actions
        after it do not count yet.

    Returns
    -------
    pandas.DataFrame
        One row per milestone in the plan by ``as_of`` (planned on or before it; a milestone
        planned later did not exist yet): ``person_id, goal_id, milestone_id, target, done,
        dropped, started, status``. ``status`` is a categorical in the order done, on track, open,
        overdue, dropped (the charts' colours); ``started`` says whether time was logged
        against it or one of its actions was done by ``as_of``. ``target`` is the target in
        force on ``as_of`` (a reschedule made later did not exist yet), the one ``overdue``
        is judged by, as in :func:`slip` (whose ``status`` does not split open from on
        track). See ``docs/metrics.md#milestone-states``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> s = metrics.milestone_status(m, as_of="2026-11-15")
    >>> s["status"].value_counts(sort=False).to_dict()
    {'done': 9, 'on track': 4, 'open': 1, 'overdue': 2, 'dropped': 1}
    """
    m = check_map(m)
    stamp = as_of_arg(as_of)
    ms = with_status(m, stamp)
    ms = ms[ms["in_plan"]]  # a milestone planned later did not exist yet
    out = ms[["person_id", "goal_id", "milestone_id"]].copy()
    out["target"] = ms["target_asof"]
    out["done"] = ms["done"].where(ms["done"] <= stamp)
    out["dropped"] = ms["dropped"].where(ms["dropped"] <= stamp)
    out["started"] = ms["started"].astype(bool)
    out["status"] = pd.Categorical(ms["status"], categories=STATUSES)
    for col in ("person_id", "goal_id", "milestone_id"):
        out[col] = text(out[col])
    return sort_people(out, m)  # file order within each person


def milestone_timeline(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Every milestone with every column, its status on a date and where its bar ends.

    What the roadmap draws: unlike :func:`milestone_status` it keeps each milestone's own
    columns (title, planned, effort_hours, ...) and the milestones planned after ``as_of``
    (``in_plan`` False), so a plan can be shown as it will be.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Evaluation date (default today).

    Returns
    -------
    pandas.DataFrame
        ``m.milestones`` (a copy) with ``target_asof`` (the target in force on ``as_of``),
        ``in_plan`` (planned by ``as_of``), ``started``, ``status`` (one of
        :data:`STATUSES`, as in :func:`milestone_status`) and ``end`` (the done date, the
        dropped date, else ``target_asof``).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.milestone_timeline(m, as_of="2026-11-15")
    >>> t.loc[t["milestone_id"] == "M9", ["status", "end"]].astype(str).values.tolist()
    [['overdue', '2026-10-31']]
    """
    return with_status(check_map(m), as_of_arg(as_of))


def goal_status(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Each goal's status on a date, from its milestones' (:func:`milestone_status`).

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Evaluation date (default today).

    Returns
    -------
    pandas.DataFrame
        One row per goal: ``person_id, goal_id, deadline, n_milestones, n_done, status``.
        ``status``: dropped when all its milestones are dropped; done when all the others
        are done; overdue when one is overdue or the goal's deadline has passed; on track
        when one is done or on track; else open (a goal without milestones is open until
        its deadline).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> metrics.goal_status(m, as_of="2026-11-15")[["goal_id", "status"]].values.tolist()
    [['G1', 'on track'], ['G2', 'overdue'], ['G3', 'overdue']]
    """
    m = check_map(m)
    stamp = as_of_arg(as_of)
    ms = with_status(m, stamp)
    ms = ms[ms["in_plan"]]  # a milestone planned later did not exist yet
    goals = m.goals
    out = goals[["person_id", "goal_id", "deadline"]].copy()
    per_goal = pd.DataFrame(
        {
            "person_id": ms["person_id"].astype(object),
            "goal_id": ms["goal_id"].astype(object),
            "done": (ms["status"] == "done").to_numpy(),
        }
    ).groupby(["person_id", "goal_id"], sort=False)["done"]
    counts, done = per_goal.size(), per_goal.sum()
    goal_keys = pd.MultiIndex.from_frame(goals[["person_id", "goal_id"]].astype(object))
    out["n_milestones"] = counts.reindex(goal_keys).fillna(0).astype("int64").to_numpy()
    out["n_done"] = done.reindex(goal_keys).fillna(0).astype("int64").to_numpy()
    out["status"] = pd.Categorical(goal_states(goals, ms, stamp), categories=STATUSES)
    for col in ("person_id", "goal_id"):
        out[col] = text(out[col])
    return sort_people(out, m)
