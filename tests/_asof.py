"""A map as it was written by a past date: what the as-of property tests compare against.

Used by tests only. :func:`truncate` undoes everything written after a date ``D``, from the
records the data model keeps (docs/data-model.md):

- log rows (time log, assessments, reviews, goal progress) dated after ``D`` are dropped, and
  dated self-assessment entries (``history``) after ``D``;
- a milestone whose ``planned`` date (when it entered the plan; the person's ``start`` when
  absent) is after ``D`` did not exist: it is removed with its actions, skills, dependencies
  and reschedules, and a log row naming it keeps its goal but loses the milestone and action;
- reschedules made after ``D`` are undone: the target goes back to the ``from`` of the first
  of them, and the last reschedule kept points to that target (``to_target``);
- ``done`` and ``dropped`` dates after ``D`` are cleared (milestones and actions).

Goals, target roles, the person's capacity and the vision carry no date of writing in the
data model, so they are kept as they are.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from careermap.model import CareerMap

_LOGS = ("time_log", "assessments", "reviews", "goal_progress")


def truncate(m: CareerMap, day: object) -> CareerMap:
    """``m`` as it was on ``day``: nothing written after it (see the module docstring)."""
    d = pd.Timestamp(day).normalize()
    frames = {name: getattr(m, name) for name in _LOGS}
    frames = {name: df[df["date"] <= d].reset_index(drop=True) for name, df in frames.items()}
    sa = m.self_assessment
    frames["self_assessment"] = sa[sa["date"].isna() | (sa["date"] <= d)].reset_index(drop=True)

    ms = m.milestones.copy()
    start = ms["person_id"].map(m.people.set_index("person_id")["start"])
    entered = ms["planned"].fillna(start)
    ms = ms[entered <= d]
    key = ["person_id", "milestone_id"]
    kept = pd.MultiIndex.from_frame(ms[key])

    def existing(df: pd.DataFrame, cols: list[str] = key) -> pd.Series:
        return pd.MultiIndex.from_frame(df[cols].astype("object")).isin(kept)

    rs = m.reschedules[existing(m.reschedules)].reset_index(drop=True)
    rs = rs.assign(_seq=range(len(rs)))
    later = rs[rs["on"] > d].sort_values(["on", "_seq"], kind="stable")
    first_later = later.drop_duplicates(key).set_index(key)["from_target"]
    rs = rs[rs["on"] <= d]
    ms = ms.set_index(key)
    back = first_later.reindex(ms.index)
    ms["target"] = back.where(back.notna(), ms["target"]).astype("datetime64[ns]")
    for col in ("done", "dropped"):
        ms[col] = ms[col].where(ms[col] <= d)
    ms = ms.reset_index()[m.milestones.columns]
    # the last reschedule kept moved the target to the target in force on d
    last = rs.sort_values(["on", "_seq"], kind="stable").drop_duplicates(key, keep="last")
    target_now = ms.set_index(key)["target"]
    to = pd.Series(
        target_now.reindex(pd.MultiIndex.from_frame(last[key])).to_numpy(), index=last.index
    )
    rs = rs.copy()
    rs.loc[last.index, "to_target"] = to.astype("datetime64[ns]")
    frames["reschedules"] = rs.drop(columns="_seq")[m.reschedules.columns].reset_index(drop=True)
    frames["milestones"] = ms.reset_index(drop=True)

    acts = m.actions[existing(m.actions)].copy()
    acts["done"] = acts["done"].where(acts["done"] <= d)
    frames["actions"] = acts.reset_index(drop=True)
    frames["milestone_skills"] = m.milestone_skills[existing(m.milestone_skills)].reset_index(
        drop=True
    )
    deps = m.dependencies
    both = existing(deps) & existing(
        deps.rename(columns={"milestone_id": "_m", "depends_on": "milestone_id"}), key
    )
    frames["dependencies"] = deps[both].reset_index(drop=True)

    log = frames["time_log"].copy()
    gone = log["milestone_id"].notna() & ~existing(log.fillna({"milestone_id": ""}))
    for col in ("milestone_id", "action_id"):
        log[col] = log[col].astype("object").where(~gone, None).astype(m.time_log[col].dtype)
    frames["time_log"] = log
    return replace(m, **frames)
