"""The action plan: every action with its resource and cost, and the planned cost per goal.

An action's status is decided here, once: done (its ``done`` date is on or before
``as_of``), dropped (its milestone was dropped by ``as_of``), overdue (``due`` passed, not
done), else open (``docs/metrics.md#action_plan``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._common import as_of_arg, check_map, in_plan, sort_people, text
from careermap.model import CareerMap

__all__ = ["ACTION_STATUSES", "action_plan", "plan_cost"]

ACTION_STATUSES = ("done", "open", "overdue", "dropped")
_RESOURCE = ("resource_url", "resource_provider", "cost", "currency")


def action_plan(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Every action of the plan with its goal, milestone, status, resource and cost.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        The day the status is for (default today).

    Returns
    -------
    pandas.DataFrame
        ``person_id, goal_id, goal_title, milestone_id, milestone_title, action_id, title,
        kind, due, done, status, effort_hours, resource_url, resource_provider, cost,
        currency``, in the order of the roadmap. ``status`` is one of done, open, overdue,
        dropped (see the module docstring). ``cost`` and ``currency`` are missing for an
        action without a ``cost:``. Only the actions of milestones in the plan by ``as_of``
        (planned on or before it) have a row; ``done`` is empty when done after ``as_of``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> p = metrics.action_plan(m, as_of="2026-11-15")
    >>> a4 = p.set_index("action_id").loc["A4"]
    >>> a4["status"], a4["resource_provider"], a4["cost"], a4["currency"]
    ('done', 'Pearson VUE test centre', np.float64(165.0), 'USD')
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    ms_in_plan = m.milestones[in_plan(m, as_of)]
    existing = pd.MultiIndex.from_frame(ms_in_plan[["person_id", "milestone_id"]].astype(object))
    # the actions of milestones in the plan by as_of (one planned later did not exist yet)
    acts = m.actions[
        pd.MultiIndex.from_frame(m.actions[["person_id", "milestone_id"]].astype(object)).isin(
            existing
        )
    ].copy()
    for col in _RESOURCE:  # a Parquet cohort written before resources existed has none
        if col not in acts.columns:
            acts[col] = np.nan if col == "cost" else None
    ms = m.milestones.set_index(["person_id", "milestone_id"])
    key = pd.MultiIndex.from_frame(acts[["person_id", "milestone_id"]].astype(object))
    dropped = ms["dropped"].reindex(key).to_numpy()
    goals = m.goals.set_index(["person_id", "goal_id"])["title"]
    gkey = pd.MultiIndex.from_frame(acts[["person_id", "goal_id"]].astype(object))
    done = acts["done"].notna() & (acts["done"] <= as_of)
    gone = pd.notna(dropped) & (pd.to_datetime(dropped) <= as_of)
    late = acts["due"].notna() & (acts["due"] < as_of)
    status = np.select([done, gone, late], ["done", "dropped", "overdue"], "open")
    out = pd.DataFrame(
        {
            "person_id": acts["person_id"],
            "goal_id": acts["goal_id"],
            "goal_title": goals.reindex(gkey).to_numpy(),
            "milestone_id": acts["milestone_id"],
            "milestone_title": ms["title"].reindex(key).to_numpy(),
            "action_id": acts["action_id"],
            "title": acts["title"],
            "kind": acts["kind"].astype(object),
            "due": acts["due"],
            "done": acts["done"].where(done),
            "status": status,
            "effort_hours": acts["effort_hours"],
            "resource_url": acts["resource_url"],
            "resource_provider": acts["resource_provider"],
            "cost": pd.to_numeric(acts["cost"]).astype("float64"),
            "currency": acts["currency"],
        }
    )
    for col in ("person_id", "goal_id", "goal_title", "milestone_id", "milestone_title",
                "action_id", "title", "kind", "status", "resource_url", "resource_provider",
                "currency"):  # fmt: skip
        out[col] = text(out[col].astype(object))
    return sort_people(out.reset_index(drop=True), m)


def plan_cost(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Planned cost per goal and currency: what the actions cost, spent and still to pay.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        The day ``spent`` is counted to (default today).

    Returns
    -------
    pandas.DataFrame
        ``person_id, goal_id, goal_title, currency, planned, spent, to_spend, n_actions,
        n_costed``: ``planned`` sums the ``cost`` of the goal's actions that are not dropped,
        ``spent`` those done by ``as_of``, ``to_spend`` the rest (open and overdue);
        ``n_actions`` counts the goal's actions not dropped, ``n_costed`` those with a cost.
        One row per goal and currency written on its actions (amounts in different
        currencies are never added up); a goal with no cost written gets one row with a
        missing ``currency`` and 0 planned.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> c = metrics.plan_cost(m, as_of="2026-11-15")
    >>> for row in c[["goal_id", "currency", "planned", "spent", "to_spend"]].values.tolist():
    ...     print(*row)
    G1 USD 165.0 165.0 0.0
    G2 USD 640.0 320.0 320.0
    G3 USD 210.0 60.0 150.0
    """
    m = check_map(m)
    plan = action_plan(m, as_of=as_of)
    live = plan[plan["status"] != "dropped"]
    costed = live[live["cost"].notna()]
    keys = ["person_id", "goal_id", "currency"]
    sums = (
        costed.assign(_spent=costed["cost"].where(costed["status"] == "done", 0.0))
        .groupby(keys, sort=False)
        .agg(planned=("cost", "sum"), spent=("_spent", "sum"), n_costed=("cost", "size"))
        .reset_index()
    )
    counts = live.groupby(["person_id", "goal_id"], sort=False).size().rename("n_actions")
    goals = m.goals[["person_id", "goal_id", "title"]].rename(columns={"title": "goal_title"})
    out = goals.merge(sums, on=["person_id", "goal_id"], how="left")
    out["n_actions"] = (
        counts.reindex(pd.MultiIndex.from_frame(out[["person_id", "goal_id"]].astype(object)))
        .fillna(0)
        .astype("int64")
        .to_numpy()
    )
    for col in ("planned", "spent"):
        out[col] = out[col].fillna(0.0).astype("float64")
    out["n_costed"] = out["n_costed"].fillna(0).astype("int64")
    out["to_spend"] = out["planned"] - out["spent"]
    for col in ("person_id", "goal_id", "goal_title", "currency"):
        out[col] = text(out[col].astype(object))
    cols = ["person_id", "goal_id", "goal_title", "currency", "planned", "spent", "to_spend",
            "n_actions", "n_costed"]  # fmt: skip
    return sort_people(out[cols], m)
