"""Milestone and goal status as of a date, in the five words every chart uses.

done: finished by ``as_of``; dropped: taken out of the plan by ``as_of``; overdue: target
date passed and not finished; on track: work started (time logged or an action done) and the
target still ahead; open: not started, target still ahead.
"""

from __future__ import annotations

import pandas as pd

from careermap.model import CareerMap


def milestone_status(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """``m.milestones`` (a copy) with ``status`` and ``end`` (the bar's right edge) added."""
    ms = m.milestones.copy()
    done = ms["done"].notna() & (ms["done"] <= as_of)
    dropped = ms["dropped"].notna() & (ms["dropped"] <= as_of) & ~done
    logged = m.time_log.loc[m.time_log["date"] <= as_of, ["person_id", "milestone_id"]]
    acted = m.actions.loc[
        m.actions["done"].notna() & (m.actions["done"] <= as_of), ["person_id", "milestone_id"]
    ]
    started_keys = pd.concat([logged, acted]).dropna().drop_duplicates()
    key = list(zip(ms["person_id"], ms["milestone_id"], strict=True))
    started_set = set(zip(started_keys["person_id"], started_keys["milestone_id"], strict=True))
    started = pd.Series([k in started_set for k in key], index=ms.index)
    overdue = ~done & ~dropped & (ms["target"] < as_of)
    status = pd.Series("open", index=ms.index, dtype=object)
    status[started] = "on track"
    status[overdue] = "overdue"
    status[dropped] = "dropped"
    status[done] = "done"
    ms["status"] = status
    ms["end"] = ms["target"].where(~done, ms["done"]).where(~dropped, ms["dropped"])
    return ms


def goal_status(goals: pd.DataFrame, ms: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """One status per row of ``goals`` from its milestones' statuses (``ms`` from above)."""
    out = []
    for _, goal in goals.iterrows():
        own = ms.loc[(ms["person_id"] == goal["person_id"]) & (ms["goal_id"] == goal["goal_id"])]
        active = own.loc[own["status"] != "dropped", "status"]
        if len(own) and active.empty:
            out.append("dropped")
        elif len(active) and (active == "done").all():
            out.append("done")
        elif (active == "overdue").any() or (
            pd.notna(goal["deadline"]) and goal["deadline"] < as_of
        ):
            out.append("overdue")
        elif (active.isin(["done", "on track"])).any():
            out.append("on track")
        else:
            out.append("open")
    return pd.Series(out, index=goals.index, dtype=object)
