"""The weekly review: what moved, what slipped, what is due, what is at risk, since a date.

Every rule is another metric's, called here: milestone and goal status
(:func:`milestone_status`, :func:`goal_status`), action status (:func:`action_plan`), planned
hours (:func:`planned_vs_actual`, per goal through :meth:`CareerMap.only_goals`), logged hours
linked to goals (``linked_log``, as :func:`goal_hours` counts them), skill levels
(:func:`skill_levels`' combined level) and the goal most at risk (:func:`goal_at_risk` over
:func:`forecast`). This module only cuts them to the review's window
(``docs/metrics.md#weekly_review``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from careermap import _format as fmt
from careermap._args import check_one_person
from careermap.errors import InvalidArgumentError
from careermap.metrics._common import as_of_arg, text
from careermap.metrics._forecast import forecast, goal_at_risk
from careermap.metrics._levels import skill_levels
from careermap.metrics._plan import action_plan
from careermap.metrics._status import goal_status, milestone_status
from careermap.metrics._time import linked_log, planned_vs_actual
from careermap.model import CareerMap

__all__ = ["DUE_DAYS", "WeeklyReview", "weekly_review"]

#: How far ahead the review looks for what is due: the next two weeks, today included.
DUE_DAYS = 14
#: The window when there is no earlier review: the week before ``as_of``.
DEFAULT_DAYS = 7


@dataclass(frozen=True)
class WeeklyReview:
    """What :func:`weekly_review` returns: one person's week, as frames and a few numbers.

    The window is ``since < date <= as_of`` (the day of the last review was that review's).

    Attributes
    ----------
    person_id, name : str
    since, as_of : pandas.Timestamp
    last_review : pandas.Timestamp
        The review ``since`` came from (NaT when it was not taken from reviews.csv).
    done : DataFrame
        Milestones done in the window: ``goal_id, milestone_id, title, target, done``.
    goals_done : DataFrame
        Goals done on ``as_of`` that were not on ``since``: ``goal_id, title``.
    hours : DataFrame
        Per goal (and one row, ``goal_id`` missing, for hours logged to no goal):
        ``goal_id, title, planned_hours, logged_hours``; planned is the effort
        :func:`planned_vs_actual` spreads over the window's days.
    capacity_hours, logged_hours : float
        ``weekly_hours`` over the window's days, and every hour logged in it.
    skills : DataFrame
        Skills assessed in the window: ``skill_id, skill, before, now, change`` (combined
        levels on ``since`` and on ``as_of``; ``before`` missing for a new skill).
    slipped : DataFrame
        ``kind, id, title, goal_id, target, new_target, what, reason``: milestones and actions
        that became overdue in the window (``what`` "target passed" / "due date passed") and
        milestones rescheduled in it ("rescheduled", with the new target and the reason).
    still_overdue : int
        Milestones overdue on both days (already overdue at the last review).
    due : DataFrame
        ``kind, id, title, goal_id, milestone_id, date, status``: open milestones whose target,
        and open actions whose due date, fall in the next :data:`DUE_DAYS` days from ``as_of``.
    at_risk : DataFrame
        :func:`goal_at_risk` on ``as_of`` (no row when no goal has a forecast).
    """

    person_id: str
    name: str
    since: pd.Timestamp
    as_of: pd.Timestamp
    last_review: pd.Timestamp
    done: pd.DataFrame
    goals_done: pd.DataFrame
    hours: pd.DataFrame
    capacity_hours: float
    logged_hours: float
    skills: pd.DataFrame
    slipped: pd.DataFrame
    still_overdue: int
    due: pd.DataFrame
    at_risk: pd.DataFrame

    @property
    def celebration(self) -> str | None:
        """A line for the milestones (and goals) reached in the window, or None."""
        if self.done.empty:
            return None
        names = ", ".join(f"{r.milestone_id} {r.title}" for r in self.done.itertuples())
        line = f"Well done: {fmt.count(len(self.done), 'milestone')} reached ({names})"
        if not self.goals_done.empty:
            goals = ", ".join(f"{r.goal_id} {r.title}" for r in self.goals_done.itertuples())
            line += f", and {fmt.count(len(self.goals_done), 'goal')} complete ({goals})"
        return line + "."

    def to_markdown(self) -> str:
        """The review as Markdown (what the terminal prints and ``--out review.md`` keeps)."""
        days = int((self.as_of - self.since) / pd.Timedelta(days=1))
        since_what = (
            f"your last review on {fmt.date(self.last_review)}"
            if pd.notna(self.last_review)
            else fmt.date(self.since)
        )
        lines = [
            f"# Weekly review: {self.name}, {fmt.date(self.as_of)}",
            "",
            f"Since {since_what} ({fmt.count(days, 'day')}).",
            "",
        ]
        if self.celebration:
            lines += [self.celebration, ""]
        lines += ["## What moved", ""]
        if self.done.empty:
            lines.append("- No milestone done in this window.")
        for r in self.done.itertuples():
            lines.append(f"- Done {fmt.date(r.done)}: {r.milestone_id} {r.title} ({r.goal_id})")
        lines.append(
            f"- Hours logged: {fmt.hours(self.logged_hours)} (your capacity for these days: "
            f"{fmt.hours(self.capacity_hours)})."
        )
        for r in self.hours.itertuples():
            label = "no goal" if fmt.is_missing(r.goal_id) else f"{r.goal_id} {r.title}"
            lines.append(
                f"  - {label}: {fmt.hours(r.logged_hours)} logged, "
                f"{fmt.hours(r.planned_hours)} planned"
            )
        for r in self.skills.itertuples():
            before = "new" if fmt.is_missing(r.before) else fmt.number(r.before, digits=1)
            lines.append(
                f"- Skill {r.skill}: {before} -> {fmt.number(r.now, digits=1)} (level 0-7)"
            )
        lines += ["", "## What slipped", ""]
        if self.slipped.empty:
            lines.append("- Nothing slipped.")
        for r in self.slipped.itertuples():
            moved = f" to {fmt.date(r.new_target)}" if pd.notna(r.new_target) else ""
            why = f" ({r.reason})" if isinstance(r.reason, str) and r.reason else ""
            lines.append(f"- {r.id} {r.title}: {r.what}{moved} (was {fmt.date(r.target)}){why}")
        if self.still_overdue:
            lines.append(
                f"- Still overdue from before: {fmt.count(self.still_overdue, 'milestone')}."
            )
        lines += ["", f"## Due in the next {DUE_DAYS // 7} weeks", ""]
        if self.due.empty:
            lines.append("- Nothing due.")
        for r in self.due.itertuples():
            lines.append(f"- {fmt.date(r.date)}: {r.kind} {r.id} {r.title} ({r.goal_id})")
        lines += ["", "## Goal most at risk", ""]
        if self.at_risk.empty:
            lines.append("- No goal has a forecast yet (nothing done in the forecast window).")
        for r in self.at_risk.itertuples():
            lines.append(
                f"- {r.goal_id} {r.title}: {fmt.percent(r.prob_by_deadline)} chance to meet "
                f"its deadline {fmt.date(r.deadline)} at the pace so far"
            )
        return "\n".join(lines) + "\n"


def _last_review(m: CareerMap, as_of: pd.Timestamp) -> pd.Timestamp:
    r = m.reviews["date"]
    before = r[r < as_of]
    return before.max() if len(before) else pd.NaT


def weekly_review(m: CareerMap, *, since: object = None, as_of: object = None) -> WeeklyReview:
    """One person's weekly review: what moved, slipped and is due, and the goal most at risk.

    Parameters
    ----------
    m : CareerMap
        One person (a cohort: ``m.person(person_id)``).
    since : date-like, optional
        Start of the window (excluded). Default: the last review in reviews.csv before
        ``as_of``, else :data:`DEFAULT_DAYS` days before ``as_of``.
    as_of : date-like, optional
        End of the window, included (default today).

    Returns
    -------
    WeeklyReview
        Its frames and numbers; ``to_markdown()`` for the text the command line prints.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> r = metrics.weekly_review(m, as_of="2026-07-26")  # the last review: 28 June
    >>> str(r.since.date()), r.done["milestone_id"].tolist()
    ('2026-06-28', ['M6', 'M8'])
    >>> r.celebration[:60]
    'Well done: 2 milestones reached (M6 Learn dbt basics for ana'
    >>> r.at_risk["goal_id"].tolist()
    ['G2']
    """
    m = check_one_person(m, "weekly_review")
    as_of = as_of_arg(as_of)
    last = _last_review(m, as_of)
    if since is None:
        since = last if pd.notna(last) else as_of - pd.Timedelta(days=DEFAULT_DAYS)
    else:
        try:
            since = as_of_arg(since, allow_today=False)
        except InvalidArgumentError:
            raise InvalidArgumentError(
                f"since must be a date like '2026-11-08' (a date or an ISO date string); "
                f"got {since!r}"
            ) from None
        last = pd.NaT
    if since > as_of:
        raise InvalidArgumentError(
            f"since must be on or before as_of ({fmt.date(as_of)}); got {fmt.date(since)}"
        )
    person = m.people.iloc[0]
    now = milestone_status(m, as_of=as_of)
    then = milestone_status(m, as_of=since)
    titles = m.milestones.set_index("milestone_id")["title"]

    done = now[(now["status"] == "done") & (now["done"] > since)]
    done = done.assign(title=titles.reindex(done["milestone_id"]).to_numpy())
    done = done[["goal_id", "milestone_id", "title", "target", "done"]].reset_index(drop=True)
    done["title"] = text(done["title"].astype(object))

    g_now, g_then = goal_status(m, as_of=as_of), goal_status(m, as_of=since)
    was_done = set(g_then.loc[g_then["status"] == "done", "goal_id"])
    goals_done = g_now[(g_now["status"] == "done") & ~g_now["goal_id"].isin(was_done)]
    goal_titles = m.goals.set_index("goal_id")["title"]
    goals_done = pd.DataFrame(
        {
            "goal_id": goals_done["goal_id"].to_numpy(),
            "title": text(goal_titles.reindex(goals_done["goal_id"]).to_numpy()),
        }
    )

    hours, capacity, logged = _hours(m, since, as_of)
    slipped, still = _slipped(m, now, then, since, as_of, titles)
    return WeeklyReview(
        person_id=str(person["person_id"]),
        name=str(person["name"] if isinstance(person["name"], str) else person["person_id"]),
        since=since,
        as_of=as_of,
        last_review=last,
        done=done,
        goals_done=goals_done,
        hours=hours,
        capacity_hours=capacity,
        logged_hours=logged,
        skills=_skills(m, since, as_of),
        slipped=slipped,
        still_overdue=still,
        due=_due(m, now, as_of, titles),
        at_risk=goal_at_risk(forecast(m, as_of=as_of), m.goals),
    )


def _hours(
    m: CareerMap, since: pd.Timestamp, as_of: pd.Timestamp
) -> tuple[pd.DataFrame, float, float]:
    """Hours logged and planned per goal in the window, capacity and the total logged."""

    def in_window(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["period"] > since) & (frame["period"] <= as_of)]

    log = linked_log(m, as_of)
    log = log[log["date"] > since]
    per_goal = log.groupby("goal_id", dropna=False, sort=False)["hours"].sum()
    # every goal in the map's order, then one row for hours linked to no goal (as goal_hours)
    none = pd.DataFrame({"goal_id": [None], "title": [None]}, dtype=object)
    rows = pd.concat([m.goals[["goal_id", "title"]].astype(object), none], ignore_index=True)
    planned = []
    for gid in rows["goal_id"]:
        if fmt.is_missing(gid):
            planned.append(0.0)
            continue
        pva = planned_vs_actual(m.only_goals([gid]), freq="D", as_of=as_of)
        planned.append(float(in_window(pva)["planned_hours"].sum()))
    logged_by_goal = [
        float(
            per_goal[[k for k in per_goal.index if fmt.is_missing(k)]].sum()
            if fmt.is_missing(gid)
            else per_goal.get(gid, 0.0)
        )
        for gid in rows["goal_id"]
    ]
    hours = rows.assign(
        planned_hours=np.round(planned, 9), logged_hours=np.asarray(logged_by_goal, float)
    )
    unlinked = hours["goal_id"].isna()
    hours = hours[~unlinked | (hours["logged_hours"] > 0)].reset_index(drop=True)
    hours["goal_id"] = text(hours["goal_id"])
    hours["title"] = text(hours["title"])
    pva = in_window(planned_vs_actual(m, freq="D", as_of=as_of))
    return hours, float(pva["capacity_hours"].sum()), float(log["hours"].sum())


def _skills(m: CareerMap, since: pd.Timestamp, as_of: pd.Timestamp) -> pd.DataFrame:
    """Skills assessed in the window, with their combined level before and now."""
    a = m.assessments
    moved = set(a.loc[(a["date"] > since) & (a["date"] <= as_of), "skill_id"])
    now = skill_levels(m, as_of=as_of)
    now = now[(now["source"] == "combined") & now["skill_id"].isin(moved)]
    before = skill_levels(m, as_of=since)
    before = before[before["source"] == "combined"].set_index("skill_id")["level"]
    out = pd.DataFrame(
        {
            "skill_id": now["skill_id"].to_numpy(),
            "skill": now["skill"].to_numpy(),
            "before": before.reindex(now["skill_id"]).to_numpy(dtype="float64"),
            "now": now["level"].to_numpy(dtype="float64"),
        }
    )
    return out.assign(change=out["now"] - out["before"])


def _slipped(
    m: CareerMap,
    now: pd.DataFrame,
    then: pd.DataFrame,
    since: pd.Timestamp,
    as_of: pd.Timestamp,
    titles: pd.Series,
) -> tuple[pd.DataFrame, int]:
    """What became overdue in the window, what was rescheduled in it; and how many
    milestones were overdue already."""
    was = then.set_index("milestone_id")["status"].astype(object)
    prior = was.reindex(now["milestone_id"]).to_numpy()
    overdue = (now["status"] == "overdue").to_numpy()
    new = now[overdue & (prior != "overdue")]
    rows = [
        {"kind": "milestone", "id": r.milestone_id, "title": titles.get(r.milestone_id),
         "goal_id": r.goal_id, "target": r.target, "new_target": pd.NaT,
         "what": "target passed", "reason": None}
        for r in new.itertuples()
    ]  # fmt: skip
    acts_now, acts_then = action_plan(m, as_of=as_of), action_plan(m, as_of=since)
    was_late = set(acts_then.loc[acts_then["status"] == "overdue", "action_id"])
    late = acts_now[(acts_now["status"] == "overdue") & ~acts_now["action_id"].isin(was_late)]
    rows += [
        {"kind": "action", "id": r.action_id, "title": r.title, "goal_id": r.goal_id,
         "target": r.due, "new_target": pd.NaT, "what": "due date passed", "reason": None}
        for r in late.itertuples()
    ]  # fmt: skip
    rs = m.reschedules
    rs = rs[(rs["on"] > since) & (rs["on"] <= as_of)]
    goal_of = m.milestones.set_index("milestone_id")["goal_id"]
    rows += [
        {"kind": "milestone", "id": r.milestone_id, "title": titles.get(r.milestone_id),
         "goal_id": goal_of.get(r.milestone_id), "target": r.from_target,
         "new_target": r.to_target, "what": "rescheduled",
         "reason": r.reason if isinstance(r.reason, str) else None}
        for r in rs.itertuples()
    ]  # fmt: skip
    cols = ["kind", "id", "title", "goal_id", "target", "new_target", "what", "reason"]
    out = pd.DataFrame(rows, columns=cols)
    out["target"] = pd.to_datetime(out["target"]).astype("datetime64[ns]")
    out["new_target"] = pd.to_datetime(out["new_target"]).astype("datetime64[ns]")
    for col in ("kind", "id", "title", "goal_id", "what", "reason"):
        out[col] = text(out[col].astype(object))
    still = int((overdue & (prior == "overdue")).sum())
    return out, still


def _due(m: CareerMap, now: pd.DataFrame, as_of: pd.Timestamp, titles: pd.Series) -> pd.DataFrame:
    """Open milestones and actions dated in the next :data:`DUE_DAYS` days, by date."""
    end = as_of + pd.Timedelta(days=DUE_DAYS - 1)
    ms = now[now["status"].isin(["open", "on track"]) & now["target"].between(as_of, end)]
    acts = action_plan(m, as_of=as_of)
    acts = acts[(acts["status"] == "open") & acts["due"].between(as_of, end)]
    out = pd.concat(
        [
            pd.DataFrame(
                {
                    "kind": "milestone",
                    "id": ms["milestone_id"].to_numpy(),
                    "title": titles.reindex(ms["milestone_id"]).to_numpy(),
                    "goal_id": ms["goal_id"].to_numpy(),
                    "milestone_id": ms["milestone_id"].to_numpy(),
                    "date": ms["target"].to_numpy(),
                    "status": ms["status"].astype(object).to_numpy(),
                }
            ),
            pd.DataFrame(
                {
                    "kind": "action",
                    "id": acts["action_id"].to_numpy(),
                    "title": acts["title"].to_numpy(),
                    "goal_id": acts["goal_id"].to_numpy(),
                    "milestone_id": acts["milestone_id"].to_numpy(),
                    "date": acts["due"].to_numpy(),
                    "status": acts["status"].to_numpy(),
                }
            ),
        ],
        ignore_index=True,
    )
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out = out.sort_values(["date", "kind", "id"], kind="stable").reset_index(drop=True)
    for col in ("kind", "id", "title", "goal_id", "milestone_id", "status"):
        out[col] = text(out[col].astype(object))
    return out
