"""What-if scenarios: the forecast, the goals' chances and the skill-gap dates of a changed plan.

A scenario changes the plan in memory (hours a week, milestones dropped or added, deadlines
moved, goals paused, hours moved between goals) and runs the one forecast model
(:func:`._forecast.forecast_frame`, ``FORECAST_WEEKS``) on it; nothing is written. How hours
turn into pace is one rule, :func:`pace_scale`; ``docs/planning.md`` explains it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from careermap import _format as fmt
from careermap._args import check_one_person
from careermap._vocab import did_you_mean
from careermap.errors import InvalidArgumentError
from careermap.metrics._burndown import open_on
from careermap.metrics._common import (
    BY_WORK,
    as_of_arg,
    check_choice,
    check_map,
    milestone_work,
    skill_key,
    text,
)
from careermap.metrics._forecast import (
    ACHIEVABLE_CHANCE,
    FORECAST_WEEKS,
    forecast_frame,
    goal_at_risk,
    pace,
)
from careermap.metrics._gaps import skill_gaps
from careermap.metrics._skill_growth import time_to_close
from careermap.model import CareerMap

__all__ = ["BASELINE", "Scenario", "WhatIf", "goal_priorities", "pace_scale", "what_if"]

#: The name of the scenario that is the plan as it is.
BASELINE = "today's plan"
_ADD_KEYS = ("goal", "id", "title", "target", "effort_hours", "skills")


@dataclass(frozen=True)
class Scenario:
    """One what-if: the changes to the plan it tries (nothing is written).

    ``hours_per_week`` (None: as now), ``drop`` (open milestone ids), ``add`` (dicts with
    ``goal``, and optionally ``title``, ``target``, ``effort_hours``, ``skills``, ``id``),
    ``deadlines`` (``{goal_id: new deadline}``), ``pause`` (goal ids whose open milestones
    wait), ``hours_by_goal`` (``{goal_id: hours a week}``: each goal its own stream).
    """

    name: str = "what if"
    hours_per_week: float | None = None
    drop: tuple[str, ...] = ()
    add: tuple[Mapping[str, Any], ...] = ()
    deadlines: Mapping[str, Any] = field(default_factory=dict)
    pause: tuple[str, ...] = ()
    hours_by_goal: Mapping[str, float] = field(default_factory=dict)

    @property
    def is_baseline(self) -> bool:
        return (
            self.hours_per_week is None
            and not self.drop
            and not self.add
            and not self.deadlines
            and not self.pause
            and not self.hours_by_goal
        )

    def milestones_to_add(self, m: CareerMap, as_of: object = None) -> list[dict[str, Any]]:
        """The milestones of ``add`` as they enter the plan on ``as_of``: the one rule for
        what the scenario forecasts and what applying it writes (``id``: the next free
        ``M<n>``; ``title``: "new milestone"; ``target``: the goal's deadline, else
        ``FORECAST_WEEKS`` weeks from ``as_of``)."""
        day = as_of_arg(as_of).normalize()
        used = set(m.milestones["milestone_id"])
        n = max((int(x[1:]) for x in used if x[:1] == "M" and x[1:].isdigit()), default=0)
        deadline = m.goals.set_index("goal_id")["deadline"]
        out = []
        for a in self.add:
            mid = a.get("id")
            if not mid:
                n += 1
                mid = f"M{n}"
            target = a.get("target")
            target = pd.Timestamp(target) if target is not None else deadline.get(a["goal"])
            if target is None or pd.isna(target):
                target = day + pd.Timedelta(weeks=FORECAST_WEEKS)
            new = {
                "goal": str(a["goal"]),
                "id": str(mid),
                "title": a.get("title") or "new milestone",
                "planned": day,
                "target": pd.Timestamp(target).normalize(),
            }
            if a.get("effort_hours") is not None:
                new["effort_hours"] = a["effort_hours"]
            if a.get("skills"):
                new["skills"] = list(a["skills"])
            out.append(new)
        return out

    def describe(self) -> str:
        """The changes in a few words ("8 h a week; drop M12; G2 deadline 2027-09-30")."""
        parts = []
        if self.hours_per_week is not None:
            parts.append(f"{fmt.hours(self.hours_per_week)} a week")
        parts += [f"drop {mid}" for mid in self.drop]
        parts += [
            f"add {a.get('title') or 'a milestone'} to {a.get('goal')}"
            + (f" ({fmt.hours(a['effort_hours'])})" if a.get("effort_hours") is not None else "")
            for a in self.add
        ]
        parts += [f"{g} deadline {fmt.date(pd.Timestamp(d))}" for g, d in self.deadlines.items()]
        parts += [f"pause {g}" for g in self.pause]
        parts += [f"{g}: {fmt.hours(h)} a week" for g, h in self.hours_by_goal.items()]
        return "; ".join(parts) or "no change"


@dataclass
class WhatIf:
    """Scenarios side by side: ``scenarios`` (one row each), ``goals`` (scenario x goal),
    ``skills`` (scenario x skill gap with its close-by date). :meth:`table` lays the headline
    numbers out as one column per scenario."""

    scenarios: pd.DataFrame
    goals: pd.DataFrame
    skills: pd.DataFrame
    plans: dict[str, Scenario]

    def table(self) -> pd.DataFrame:
        """The headline of each scenario, one column per scenario, one row per measure."""
        rows: dict[str, dict[str, str]] = {}
        for s in self.scenarios.itertuples(index=False):
            col = rows.setdefault(s.scenario, {})
            col["changes"] = s.changes
            col["hours a week"] = fmt.hours(s.hours_per_week)
            col["open milestones"] = fmt.number(s.remaining)
            col["finish (P50)"] = fmt.date(s.p50)
            col["finish (P85)"] = fmt.date(s.p85)
            col["goal most at risk"] = (
                f"{s.at_risk_goal} ({fmt.percent(s.at_risk_chance)})"
                if isinstance(s.at_risk_goal, str)
                else "—"
            )
            col["next gap closes"] = fmt.date(s.next_gap_close)
        for g in self.goals.itertuples(index=False):
            label = f"{g.goal_id} by deadline"
            rows[g.scenario][label] = (
                "paused"
                if g.paused
                else f"{fmt.percent(g.prob_by_deadline)} by {fmt.date(g.deadline)}"
            )
        out = pd.DataFrame(rows)
        out.index.name = "measure"
        return out.fillna("—")


def pace_scale(m: CareerMap, hours_per_week: float | None, *, as_of: object = None) -> float:
    """How much faster (or slower) than now the plan moves at ``hours_per_week``.

    The one rule of the what-if from hours to pace: the pace the forecast learns (milestones
    a week, ``FORECAST_WEEKS``) was made with the hours logged in the same window, so ``h``
    hours a week move ``h / logged`` times as fast, where ``logged`` is the hours a week
    logged in the window (``person.weekly_hours`` when nothing was logged there). A Gamma
    rate scaled by ``s`` stays Gamma, so the scenario uses the same calibrated model. It is
    proportional: twice the hours, twice the pace (no diminishing returns, no ramp-up).

    Examples
    --------
    >>> import careermap
    >>> from careermap.metrics._what_if import pace_scale
    >>> m = careermap.load(careermap.sample_path())
    >>> pace_scale(m, None, as_of="2026-11-15")
    1.0
    >>> round(pace_scale(m, 8, as_of="2026-11-15"), 3)  # 6.5 h a week logged
    1.224
    """
    m = check_map(m)
    if hours_per_week is None:
        return 1.0
    check_one_person(m, "pace_scale")
    basis = hours_basis(m, as_of_arg(as_of))
    return float(hours_per_week) / basis


def hours_basis(m: CareerMap, as_of: pd.Timestamp) -> float:
    """Hours a week logged in the forecast's pace window (``weekly_hours`` if none logged)."""
    window, _, _ = pace(m, as_of, FORECAST_WEEKS)
    weeks = int(window.iloc[0])
    log = m.time_log
    age = (as_of.normalize() - log["date"]).dt.days
    logged = float(log.loc[(age >= 0) & (age < 7 * weeks), "hours"].sum())
    if weeks > 0 and logged > 0:
        return logged / weeks
    planned = float(m.people["weekly_hours"].iloc[0])
    if not planned > 0:
        raise InvalidArgumentError(
            "no hours logged in the pace window and no weekly_hours: no basis to turn hours "
            "into pace"
        )
    return planned


def _scenario_arg(value: Any, name: str) -> Scenario:
    if isinstance(value, Scenario):
        return replace(value, name=name)
    if isinstance(value, Mapping):
        unknown = set(value) - {
            "hours_per_week", "drop", "add", "deadlines", "pause", "hours_by_goal",
        }  # fmt: skip
        if unknown:
            raise InvalidArgumentError(
                f"scenario {name!r}: unknown lever {', '.join(sorted(unknown))}; allowed: "
                "hours_per_week, drop, add, deadlines, pause, hours_by_goal"
            )
        return Scenario(
            name=name,
            hours_per_week=value.get("hours_per_week"),
            drop=tuple(value.get("drop") or ()),
            add=tuple(value.get("add") or ()),
            deadlines=dict(value.get("deadlines") or {}),
            pause=tuple(value.get("pause") or ()),
            hours_by_goal=dict(value.get("hours_by_goal") or {}),
        )
    raise InvalidArgumentError(
        f"scenario {name!r} must be a metrics.Scenario or a dict of levers; got "
        f"{type(value).__name__}"
    )


def _ids(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def check_scenario(m: CareerMap, s: Scenario, as_of: pd.Timestamp) -> list[str]:
    """Every problem of a scenario against the map on ``as_of`` (empty: it can be tried)."""
    problems: list[str] = []
    goals = m.goals["goal_id"].tolist()
    ms = m.milestones
    is_open = pd.Series(open_on(m, as_of), index=ms.index)
    open_ids = ms.loc[is_open, "milestone_id"].tolist()
    where = f"scenario {s.name!r}"
    h = s.hours_per_week
    if h is not None and not (isinstance(h, int | float) and math.isfinite(h) and 0 <= h <= 80):
        problems.append(f"{where}: hours_per_week must be a number of hours 0-80; got {h!r}")
    for mid in s.drop:
        if mid not in open_ids:
            why = "is not open" if mid in ms["milestone_id"].tolist() else "is unknown"
            problems.append(
                f"{where}: drop {mid!r} {why}; {did_you_mean(mid, open_ids)}"
                f"open milestones: {', '.join(open_ids) or 'none'}"
            )
    levers = {"pause": s.pause, "deadlines": s.deadlines, "hours_by_goal": s.hours_by_goal}
    for lever, goal_list in levers.items():
        for g in goal_list:
            if g not in goals:
                problems.append(
                    f"{where}: {lever} names goal {g!r}, which is not in the map; "
                    f"{did_you_mean(g, goals)}goals: {', '.join(goals)}"
                )
    for g, day in s.deadlines.items():
        try:
            pd.Timestamp(day)
        except (ValueError, TypeError):
            problems.append(f"{where}: deadline of {g} must be a date like 2027-06-30; got {day!r}")
    for g, hours in s.hours_by_goal.items():
        if not (isinstance(hours, int | float) and math.isfinite(hours) and hours >= 0):
            problems.append(f"{where}: hours_by_goal[{g!r}] must be hours >= 0; got {hours!r}")
    for i, a in enumerate(s.add):
        if not isinstance(a, Mapping):
            problems.append(f"{where}: add[{i}] must be a dict with a goal; got {a!r}")
            continue
        unknown = set(a) - set(_ADD_KEYS)
        if unknown:
            problems.append(
                f"{where}: add[{i}] has unknown key {', '.join(sorted(unknown))}; allowed: "
                + ", ".join(_ADD_KEYS)
            )
        if a.get("goal") not in goals:
            problems.append(
                f"{where}: add[{i}] goal {a.get('goal')!r} is not in the map; goals: "
                + ", ".join(goals)
            )
        eff = a.get("effort_hours")
        if eff is not None and not (isinstance(eff, int | float) and eff >= 0):
            problems.append(f"{where}: add[{i}] effort_hours must be hours >= 0; got {eff!r}")
    if s.hours_by_goal and not problems:
        total = _total_hours(m, s, as_of)
        named = sum(float(v) for v in s.hours_by_goal.values())
        if named > total + 1e-9:
            problems.append(
                f"{where}: hours_by_goal adds up to {fmt.hours(named)}, more than the "
                f"{fmt.hours(total)} a week of the scenario"
            )
    return problems


def _total_hours(m: CareerMap, s: Scenario, as_of: pd.Timestamp) -> float:
    if s.hours_per_week is not None:
        return float(s.hours_per_week)
    if s.hours_by_goal:
        return max(hours_basis(m, as_of), sum(float(v) for v in s.hours_by_goal.values()))
    return hours_basis(m, as_of)


def scenario_map(m: CareerMap, s: Scenario, as_of: pd.Timestamp) -> CareerMap:
    """The map as the scenario changes it, on ``as_of``: dropped and paused milestones leave
    the plan that day, added ones enter it that day, deadlines move. In memory only."""
    ms = m.milestones.copy()
    pid = m.people["person_id"].iloc[0]
    day = as_of.normalize()
    is_open = open_on(m, as_of)
    paused = ms["goal_id"].isin(list(s.pause)).to_numpy() & is_open
    leave = ms["milestone_id"].isin(list(s.drop)).to_numpy() | paused
    ms.loc[leave, "dropped"] = day
    if s.add:
        new = [
            {
                "person_id": pid,
                "goal_id": a["goal"],
                "milestone_id": a["id"],
                "title": a["title"],
                "planned": a["planned"],
                "target": a["target"],
                "effort_hours": a.get("effort_hours"),
            }
            for a in s.milestones_to_add(m, as_of)
        ]
        added = pd.DataFrame(new)
        added = added.reindex(columns=ms.columns).astype(
            {c: ms[c].dtype for c in ms.columns if c in ("person_id", "goal_id", "milestone_id")}
        )
        added["effort_hours"] = added["effort_hours"].astype("float64")
        for c in ("planned", "target", "done", "dropped"):
            added[c] = pd.to_datetime(added[c]).astype(ms[c].dtype)
        ms = pd.concat([ms, added], ignore_index=True)
    goals = m.goals
    if s.deadlines:
        goals = goals.copy()
        for g, d in s.deadlines.items():
            goals.loc[goals["goal_id"] == g, "deadline"] = pd.Timestamp(d)
    return replace(m, milestones=ms, goals=goals)


def _goal_scales(
    m2: CareerMap, s: Scenario, as_of: pd.Timestamp, basis: float, total: float
) -> pd.Series | None:
    """Each goal's pace scale when hours are split by goal: named goals get their hours, the
    others with open work share the rest equally; a paused goal gets none."""
    if not s.hours_by_goal:
        return None
    pid = m2.people["person_id"].iloc[0]
    ms = m2.milestones[open_on(m2, as_of)]
    with_work = [g for g in m2.goals["goal_id"] if g in set(ms["goal_id"])]
    others = [g for g in with_work if g not in s.hours_by_goal and g not in s.pause]
    rest = max(total - sum(float(v) for v in s.hours_by_goal.values()), 0.0)
    hours = {g: float(h) for g, h in s.hours_by_goal.items()}
    hours.update({g: rest / len(others) for g in others})
    hours.update({g: 0.0 for g in s.pause})
    idx = pd.MultiIndex.from_tuples([(pid, g) for g in hours], names=["person_id", "goal_id"])
    return pd.Series([h / basis for h in hours.values()], index=idx)


def _run(
    m: CareerMap, s: Scenario, as_of: pd.Timestamp, by: str, gaps: pd.DataFrame
) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    pid = m.people["person_id"].iloc[0]
    basis = hours_basis(m, as_of)
    total = _total_hours(m, s, as_of)
    scale = 1.0 if s.hours_per_week is None and not s.hours_by_goal else total / basis
    m2 = scenario_map(m, s, as_of)
    goal_scale = _goal_scales(m2, s, as_of, basis, total)
    f = forecast_frame(
        m2,
        as_of,
        FORECAST_WEEKS,
        by,
        pace_scale=pd.Series({pid: scale}),
        goal_scale=goal_scale,
    )
    goal_rows = f[f["level"] == "goal"].reset_index(drop=True)
    paused = goal_rows["goal_id"].isin(list(s.pause)).to_numpy()
    for col in ("p50", "p85", "p95"):
        goal_rows.loc[paused, col] = pd.NaT
    goal_rows.loc[paused, "prob_by_deadline"] = np.nan
    goal_rows.loc[paused, "reason"] = "paused: its open milestones wait"
    person = f[f["level"] == "person"].iloc[0]
    p50, p85 = person["p50"], person["p85"]
    if goal_scale is not None:  # separate streams: the plan is done when its last goal is
        live = goal_rows[(goal_rows["remaining"] > 0) & ~paused]
        p50, p85 = (
            (live[c].max() if live[c].notna().all() else pd.NaT) if len(live) else pd.NaT
            for c in ("p50", "p85")
        )
    risk = goal_at_risk(goal_rows, m.goals)
    titles = m.goals.set_index("goal_id")
    goals_out = pd.DataFrame(
        {
            "scenario": s.name,
            "person_id": pid,
            "goal_id": goal_rows["goal_id"],
            "title": text(titles["title"].reindex(goal_rows["goal_id"]).to_numpy()),
            "priority": titles["priority"].reindex(goal_rows["goal_id"]).to_numpy(),
            "paused": paused,
            "hours_per_week": (
                goal_scale.droplevel(0).reindex(goal_rows["goal_id"]).to_numpy() * basis
                if goal_scale is not None
                else np.nan
            ),
            "remaining": goal_rows["remaining"],
            "deadline": goal_rows["deadline"],
            "p50": goal_rows["p50"],
            "p85": goal_rows["p85"],
            "prob_by_deadline": goal_rows["prob_by_deadline"],
            "achievable": goal_rows["prob_by_deadline"] >= ACHIEVABLE_CHANCE,
            "reason": goal_rows["reason"],
        }
    )
    skills = _skills(gaps, scale, as_of).assign(scenario=s.name)
    row = {
        "scenario": s.name,
        "person_id": pid,
        "changes": "as it is" if s.is_baseline else s.describe(),
        "hours_per_week": total,
        "pace_scale": scale,
        "remaining": float(person["remaining"]),
        "p50": p50,
        "p85": p85,
        "at_risk_goal": risk["goal_id"].iloc[0] if len(risk) else None,
        "at_risk_chance": float(risk["prob_by_deadline"].iloc[0]) if len(risk) else np.nan,
        "achievable_goals": int(goals_out["achievable"].sum()),
        "next_gap_close": skills["close_by"].min(),
        "reason": person["reason"],
    }
    return row, goals_out, skills


def _skills(gaps: pd.DataFrame, scale: float, as_of: pd.Timestamp) -> pd.DataFrame:
    """Close-by dates at the scenario's pace: the time left from ``as_of`` to the date at the
    current rate of gain is divided by the pace scale (more hours, more practice)."""
    out = gaps[gaps["gap"] > 0][
        ["person_id", "role_id", "role_title", "skill_id", "skill", "gap", "close_by", "reason"]
    ].reset_index(drop=True)
    left = (out["close_by"] - as_of.normalize()).dt.days.to_numpy(dtype="float64", na_value=np.nan)
    if scale > 0:
        moved = np.ceil(left / scale - 1e-9)  # a whole day stays whole despite float noise
        out["close_by"] = as_of.normalize() + pd.to_timedelta(moved, unit="D")
    else:
        has = out["close_by"].notna().to_numpy()
        out["close_by"] = pd.NaT
        out.loc[has, "reason"] = "no hours a week: the gap does not close"
    return out


def what_if(
    m: CareerMap,
    *,
    hours_per_week: float | None = None,
    drop: Iterable[str] = (),
    add: Iterable[Mapping[str, Any]] = (),
    deadlines: Mapping[str, Any] | None = None,
    pause: Iterable[str] = (),
    hours_by_goal: Mapping[str, float] | None = None,
    scenarios: Mapping[str, Scenario | Mapping[str, Any]] | None = None,
    as_of: object = None,
    by: str = "count",
) -> WhatIf:
    """Today's plan beside one or more changed plans: finish dates, chances, gap dates.

    Nothing is written: each scenario changes the plan in memory and runs the same forecast
    model as :func:`forecast` (``FORECAST_WEEKS``, the same open work and queue). Hours turn
    into pace by :func:`pace_scale` (proportional to the hours logged in the pace window; the
    ``hours_per_week`` of today's plan is that logged figure).

    Parameters
    ----------
    m : CareerMap
        One person's map (a cohort: each person's scenarios, rows one person after another;
        levers naming ids must then hold for everyone).
    hours_per_week : float, optional
        Hours a week for career work (None: as now).
    drop : ids of open milestones to drop.
    add : milestones to add, dicts with ``goal`` and optionally ``title``, ``target`` (default
        the goal's deadline), ``effort_hours``, ``skills``, ``id``.
    deadlines : ``{goal_id: date}``, deadlines moved.
    pause : goal ids whose open milestones wait (they leave the queue; the goal gets no date).
    hours_by_goal : ``{goal_id: hours a week}``; each goal then moves as its own stream at its
        share of the pace, goals not named share the rest of the hours equally.
    scenarios : ``{name: Scenario or dict of the levers above}``, several scenarios at once
        (with or instead of the levers given directly, which make the scenario "what if").
    as_of : date-like, optional
        The day to look from (default today).
    by : {"count", "effort"}
        As :func:`forecast`: milestones, or effort hours (an added milestone's effort counts).

    Returns
    -------
    WhatIf
        ``scenarios``: one row per scenario (``scenario, person_id, changes, hours_per_week,
        pace_scale, remaining, p50, p85, at_risk_goal, at_risk_chance, achievable_goals,
        next_gap_close, reason``), the first being today's plan; ``goals``: scenario x goal
        (``p50, p85, deadline, prob_by_deadline, achievable, paused, hours_per_week, ...``);
        ``skills``: scenario x open skill gap (``close_by`` at the scenario's pace).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> w = metrics.what_if(m, hours_per_week=10, as_of="2026-11-15")
    >>> w.scenarios[["scenario", "p50"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [["today's plan", Timestamp('2028-05-26 00:00:00')],
     ['what if', Timestamp('2027-11-15 00:00:00')]]
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    by = check_choice("by", by, BY_WORK)
    if len(m.people) != 1:  # a cohort: each person's scenarios, one after the other
        parts = [
            what_if(
                m.person(pid),
                hours_per_week=hours_per_week,
                drop=drop,
                add=add,
                deadlines=deadlines,
                pause=pause,
                hours_by_goal=hours_by_goal,
                scenarios=scenarios,
                as_of=as_of,
                by=by,
            )
            for pid in m.person_ids
        ]
        if not parts:
            raise InvalidArgumentError("the map holds no people: nothing to try scenarios on")
        return WhatIf(
            *(
                pd.concat([getattr(p, name) for p in parts], ignore_index=True)
                for name in ("scenarios", "goals", "skills")
            ),
            parts[0].plans,
        )
    plans = [Scenario(name=BASELINE)]
    direct = Scenario(
        hours_per_week=hours_per_week,
        drop=_ids(drop, "drop"),
        add=tuple(add or ()),
        deadlines=dict(deadlines or {}),
        pause=_ids(pause, "pause"),
        hours_by_goal=dict(hours_by_goal or {}),
    )
    if not direct.is_baseline:
        plans.append(direct)
    for name, value in (scenarios or {}).items():
        if str(name) == BASELINE or str(name) in {p.name for p in plans}:
            raise InvalidArgumentError(f"scenario name {name!r} is used twice")
        plans.append(_scenario_arg(value, str(name)))
    problems = [p for s in plans for p in check_scenario(m, s, as_of)]
    if problems:
        raise InvalidArgumentError(
            f"{len(problems)} problem(s) with the scenarios:\n- " + "\n- ".join(problems)
        )
    gaps = time_to_close(m, as_of=as_of)
    rows, goal_frames, skill_frames = [], [], []
    for s in plans:
        row, g, sk = _run(m, s, as_of, by, gaps)
        rows.append(row)
        goal_frames.append(g)
        skill_frames.append(sk)
    scen = pd.DataFrame(rows)
    for c in ("scenario", "person_id", "changes", "at_risk_goal", "reason"):
        scen[c] = text(scen[c])
    goals = pd.concat(goal_frames, ignore_index=True)
    skills = pd.concat(skill_frames, ignore_index=True)
    skills = skills[["scenario", *[c for c in skills.columns if c != "scenario"]]]
    return WhatIf(scen, goals, skills, {s.name: s for s in plans})


def goal_priorities(
    m: CareerMap, *, as_of: object = None, forecast: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Which goal to feed first: impact against the effort left and the chance to make it.

    - ``impact = (1 + gap_share) / priority``: the map's own priority (1 counts fully, 2
      half, ...), raised by the share of the goal's role gap its open milestones train
      (``gap_share``, 0-1: the importance-weighted gap of the skills those milestones list,
      over the role's whole gap; an unassessed requirement counts its full weight, as in
      :func:`skill_gaps`). The role is the goal's ``relevant_to`` when it is a target role,
      else the person's gap role (the first target role with requirements).
    - ``need = 1 - prob_by_deadline`` (the forecast's chance; 1 when there is no forecast,
      0 when nothing is open);
    - ``feed_score = impact * need / effort_remaining * 10``: impact at risk per 10 hours of
      open effort (``effort_remaining``: the open milestones' effort, a missing estimate
      counted as the person's median).

    Returns
    -------
    pandas.DataFrame
        One row per goal, highest ``feed_score`` first: ``person_id, rank, goal_id, title,
        priority, role_id, gap_closed, gap_share, effort_remaining, prob_by_deadline,
        impact, need, feed_score, feed_first, why``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> p = metrics.goal_priorities(m, as_of="2026-11-15")
    >>> p[["rank", "goal_id"]].values.tolist()
    [[1, 'G1'], [2, 'G2'], [3, 'G3']]
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    if forecast is None:
        forecast = forecast_frame(m, as_of, FORECAST_WEEKS, "count")
    ms = m.milestones.assign(work=milestone_work(m, "effort"))
    open_ms = ms[open_on(m, as_of)]
    effort = open_ms.groupby(["person_id", "goal_id"])["work"].sum(min_count=1)
    n_open = open_ms.groupby(["person_id", "goal_id"]).size()
    gaps = skill_gaps(m, as_of=as_of)
    gaps = gaps.assign(
        owed=gaps["weighted_gap"].where(gaps["assessed"], gaps["weight"]).fillna(0.0)
    )
    role_total = gaps.groupby(["person_id", "role_id"])["owed"].sum()
    roles = m.target_roles
    first_role = (
        roles.sort_values(["person_id", "priority"], kind="stable")
        .loc[lambda r: r["role_id"].isin(set(gaps["role_id"]))]
        .drop_duplicates("person_id")
        .set_index("person_id")["role_id"]
    )
    trained = m.milestone_skills.assign(skill_id=skill_key(m.milestone_skills))
    trained = trained.merge(
        open_ms[["person_id", "milestone_id", "goal_id"]], on=["person_id", "milestone_id"]
    )
    fc = forecast[forecast["level"].astype("str") == "goal"].set_index(["person_id", "goal_id"])
    rows = []
    for g in m.goals.itertuples(index=False):
        key = (g.person_id, g.goal_id)
        role_ids = set(roles.loc[roles["person_id"] == g.person_id, "role_id"])
        role = g.relevant_to if g.relevant_to in role_ids else first_role.get(g.person_id)
        mine = (trained["person_id"] == g.person_id) & (trained["goal_id"] == g.goal_id)
        skills = set(trained.loc[mine, "skill_id"])
        gr = gaps[(gaps["person_id"] == g.person_id) & (gaps["role_id"] == role)]
        closed = float(gr.loc[gr["skill_id"].isin(skills), "owed"].sum())
        total = float(role_total.get((g.person_id, role), 0.0))
        share = closed / total if total > 0 else 0.0
        work = float(effort.get(key, 0.0)) if n_open.get(key, 0) else 0.0
        prob = fc["prob_by_deadline"].get(key, np.nan)
        need = 0.0 if not n_open.get(key, 0) else (1.0 if pd.isna(prob) else 1.0 - float(prob))
        priority = float(g.priority) if pd.notna(g.priority) else float(len(m.goals))
        impact = (1.0 + share) / max(priority, 1.0)
        score = impact * need / work * 10 if work > 0 else 0.0
        rows.append(
            {
                "person_id": g.person_id,
                "goal_id": g.goal_id,
                "title": g.title,
                "priority": g.priority,
                "role_id": role,
                "gap_closed": closed,
                "gap_share": share,
                "effort_remaining": work,
                "prob_by_deadline": prob,
                "impact": impact,
                "need": need,
                "feed_score": score,
            }
        )
    out = pd.DataFrame(rows)
    out = out.sort_values(
        ["person_id", "feed_score", "priority", "goal_id"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    out["rank"] = out.groupby("person_id").cumcount() + 1
    out["feed_first"] = (out["rank"] == 1) & (out["feed_score"] > 0)
    out["why"] = text(
        [
            "nothing open"
            if r.effort_remaining <= 0
            else f"priority {fmt.number(r.priority)}, trains {fmt.percent(r.gap_share)} of "
            f"the gap to {r.role_id}, {fmt.hours(r.effort_remaining)} left, "
            + (
                f"{fmt.percent(r.prob_by_deadline)} chance by the deadline"
                if pd.notna(r.prob_by_deadline)
                else "no forecast"
            )
            for r in out.itertuples(index=False)
        ]
    ).to_numpy()
    for c in ("person_id", "goal_id", "title", "role_id"):
        out[c] = text(out[c])
    cols = [
        "person_id", "rank", "goal_id", "title", "priority", "role_id", "gap_closed",
        "gap_share", "effort_remaining", "prob_by_deadline", "impact", "need", "feed_score",
        "feed_first", "why",
    ]  # fmt: skip
    return out[cols].reset_index(drop=True)
