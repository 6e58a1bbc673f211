"""Time: allocation by category/goal/milestone, planned vs actual, estimation accuracy, habit.

The formulas and edge cases are documented in ``docs/metrics.md``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from careermap._vocab import TIME_CATEGORIES
from careermap.metrics._common import (
    FREQS,
    as_of_arg,
    check_choice,
    check_fraction,
    check_int,
    check_map,
    days,
    entered,
    in_plan,
    period_end,
    period_grid,
    period_of,
    period_start,
    positions,
    sort_people,
    text,
)
from careermap.metrics._milestone_state import states_on
from careermap.model import CareerMap

__all__ = [
    "HABIT_ALPHA",
    "estimation_accuracy",
    "habit",
    "habit_summary",
    "planned_vs_actual",
    "time_allocation",
]

#: Loop Habit Tracker's daily smoothing for a habit with a weekly target (frequency 1/7):
#: ``1 - 0.5 ** (sqrt(1/7) / 13)``, about 0.020 (a day's weight halves in about 34 days).
HABIT_ALPHA = 1.0 - 0.5 ** (np.sqrt(1.0 / 7.0) / 13.0)
#: The window of the weekly target: the hours of the last 7 days, this one included.
HABIT_WINDOW_DAYS = 7
ALLOCATION_BY = ("category", "goal", "milestone")


def linked_log(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """Time-log rows up to ``as_of`` with ``milestone_id``/``goal_id`` filled from the action
    or milestone a row names (a row naming only an action still counts for its milestone)."""
    log = m.time_log[m.time_log["date"] <= as_of]
    cols = ["person_id", "date", "hours", "category", "goal_id", "milestone_id", "action_id"]
    log = log[cols].reset_index(drop=True)
    # only the few rows that name an action but no milestone (or a milestone but no goal)
    # need a look-up
    gap = log["milestone_id"].isna() & log["action_id"].notna()
    if gap.any():
        acts = m.actions.drop_duplicates(["person_id", "action_id"])
        acts = acts.set_index(["person_id", "action_id"])["milestone_id"]
        key = pd.MultiIndex.from_frame(log.loc[gap, ["person_id", "action_id"]])
        log.loc[gap, "milestone_id"] = acts.reindex(key).to_numpy()
    gap = log["goal_id"].isna() & log["milestone_id"].notna()
    if gap.any():
        mss = m.milestones.drop_duplicates(["person_id", "milestone_id"])
        mss = mss.set_index(["person_id", "milestone_id"])["goal_id"]
        key = pd.MultiIndex.from_frame(log.loc[gap, ["person_id", "milestone_id"]])
        log.loc[gap, "goal_id"] = mss.reindex(key).to_numpy()
    return log


def _active_range(m: CareerMap, log: pd.DataFrame, as_of: pd.Timestamp, freq: str):
    """Per person: first and last period number, from min(start, first log) to as_of."""
    people = m.people
    first_log = log.groupby("person_id")["date"].min().reindex(people["person_id"])
    begin = np.minimum(
        people["start"].to_numpy(dtype="datetime64[ns]"),
        first_log.fillna(people.set_index("person_id")["start"]).to_numpy(dtype="datetime64[ns]"),
    )
    first = period_of(begin, freq)
    last = np.full(len(people), period_of(np.array([as_of]), freq)[0])
    last = np.where(begin > np.datetime64(as_of), first - 1, last)
    return first, last


def time_allocation(
    m: CareerMap,
    *,
    by: Literal["category", "goal", "milestone"] = "category",
    freq: Literal["D", "W", "M"] = "W",
    as_of: object = None,
) -> pd.DataFrame:
    """Hours logged per person, period and category (or goal, or milestone).

    The grid is complete: every period from the person's start (or first log, if earlier)
    to ``as_of``, times every category of the vocabulary (or every goal / milestone of the
    person, plus a missing key for hours not linked to one), with 0 where nothing was logged.

    Parameters
    ----------
    m : CareerMap
    by : {"category", "goal", "milestone"}
    freq : {"D", "W", "M"}
        Day, Monday-to-Sunday week, or calendar month; ``period`` is its first day.
    as_of : date-like, optional
        Logs after it are ignored (default today).

    Returns
    -------
    pandas.DataFrame
        ``person_id, period, category, hours``; ``by="goal"``: ``person_id, period,
        goal_id, hours``; ``by="milestone"``: ``person_id, period, goal_id, milestone_id,
        hours`` (the data model's id columns).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.time_allocation(m, freq="M", as_of="2026-11-15")
    >>> t.groupby("category", observed=True).hours.sum().idxmax()
    'learning'
    """
    m = check_map(m)
    by = check_choice("by", by, ALLOCATION_BY)
    freq = check_choice("freq", freq, FREQS)
    as_of = as_of_arg(as_of)
    log = linked_log(m, as_of)
    first, last = _active_range(m, log, as_of, freq)
    grid = period_grid(m.people["person_id"], first, last)

    # Keys of each person (categories, or goals/milestones plus "not linked"), numbered.
    if by == "category":
        n_cat = len(TIME_CATEGORIES)
        keys = pd.DataFrame({"_pi": np.repeat(np.arange(len(m.people)), n_cat)})
        keys["category"] = np.tile(np.arange(n_cat), len(m.people))
        log_row = positions(m, log["person_id"]) * n_cat + log["category"].cat.codes.to_numpy()
        cols = ["category"]
    else:
        col = "goal_id" if by == "goal" else "milestone_id"
        cols = ["goal_id"] if by == "goal" else ["goal_id", "milestone_id"]
        source = m.goals if by == "goal" else m.milestones
        keys = _with_unlinked(source[["person_id", *cols]], m, col)
        lookup = pd.Series(np.arange(len(keys)), index=_key_index(keys["_pi"], keys[col]))
        found = lookup.reindex(_key_index(positions(m, log["person_id"]), log[col]))
        log_row = found.fillna(-1).to_numpy(dtype=np.int64)
    hours = pd.DataFrame(
        {"_row": log_row, "period_n": period_of(log["date"], freq), "hours": log["hours"]}
    )
    hours = hours.groupby(["_row", "period_n"], sort=False)["hours"].sum().reset_index()

    # every key of the person in every period of the person: grid rows x keys
    per_person = np.bincount(keys["_pi"], minlength=len(m.people))
    key_start = np.cumsum(per_person) - per_person
    n = per_person[grid["_pi"].to_numpy()]
    g = np.repeat(np.arange(len(grid)), n)
    within = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    row = key_start[grid["_pi"].to_numpy()][g] + within
    out = pd.DataFrame({"_row": row, "period_n": grid["period_n"].to_numpy()[g]})
    out = out.merge(hours, on=["_row", "period_n"], how="left", sort=False)
    result = pd.DataFrame({"person_id": grid["person_id"].to_numpy()[g]}).astype("str")
    result["period"] = period_start(out["period_n"].to_numpy(), freq)
    if by == "category":
        result["category"] = pd.Categorical.from_codes(
            keys["category"].to_numpy()[row], categories=list(TIME_CATEGORIES)
        )
    else:
        for c in cols:
            result[c] = text(keys[c].iloc[row].reset_index(drop=True))
    result["hours"] = out["hours"].fillna(0.0).to_numpy()
    return result


_UNLINKED = "\0unlinked"  # stands for a missing goal/milestone id while matching keys


def _key_index(pi: np.ndarray, key: pd.Series) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays(
        [np.asarray(pi), key.astype(object).fillna(_UNLINKED).to_numpy()]
    )


def _with_unlinked(keys: pd.DataFrame, m: CareerMap, col: str) -> pd.DataFrame:
    """The person's goals (or milestones) plus one row with missing ids (unlinked hours),
    in person order, with ``_pi``."""
    none = pd.DataFrame({"person_id": m.people["person_id"].to_numpy()})
    for c in keys.columns[1:]:
        none[c] = pd.Series([None] * len(none), dtype="str")
    out = pd.concat([keys, none], ignore_index=True)
    out["_pi"] = positions(m, out["person_id"])
    out = out.sort_values("_pi", kind="stable").reset_index(drop=True)
    return out.drop_duplicates(["_pi", col])


def planned_vs_actual(
    m: CareerMap,
    *,
    freq: Literal["D", "W", "M"] = "W",
    window: int = 4,
    as_of: object = None,
) -> pd.DataFrame:
    """Capacity (``weekly_hours``) and planned effort vs hours actually logged, per period.

    Parameters
    ----------
    m : CareerMap
    freq : {"D", "W", "M"}
    window : int, default 4
        Periods in the trailing moving average of ``actual_hours``.
    as_of : date-like, optional

    Returns
    -------
    pandas.DataFrame
        ``person_id, period, capacity_hours, planned_hours, actual_hours, moving_average``.
        ``capacity_hours`` is ``weekly_hours / 7`` times the days of the period between the
        person's start and ``as_of``; ``planned_hours`` spreads each milestone's effort evenly
        over the days from when it was planned to its target in force on ``as_of`` (a
        reschedule made after ``as_of`` did not exist yet; a dropped milestone stops at its
        drop date). See ``docs/metrics.md#planned_vs_actual``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> p = metrics.planned_vs_actual(m, freq="M", as_of="2026-11-15")
    >>> first = p.iloc[0]  # September 2025: 30 days at 6 h a week
    >>> str(first.period.date()), round(float(first.capacity_hours), 2)
    ('2025-09-01', 25.71)
    """
    m = check_map(m)
    freq = check_choice("freq", freq, FREQS)
    window = check_int("window", window, minimum=1)
    as_of = as_of_arg(as_of)
    log = linked_log(m, as_of)
    first, last = _active_range(m, log, as_of, freq)
    out = period_grid(m.people["person_id"], first, last)
    pi = out["_pi"].to_numpy()
    pstart = period_start(out["period_n"].to_numpy(), freq)
    pend = np.minimum(period_end(out["period_n"].to_numpy(), freq), np.datetime64(as_of))
    start = m.people["start"].to_numpy(dtype="datetime64[ns]")[pi]
    weekly = m.people["weekly_hours"].to_numpy(dtype="float64")[pi]
    covered = (days(pend) - np.maximum(days(pstart), days(start)) + 1).clip(0)
    out["period"] = pstart
    out["capacity_hours"] = weekly * covered / 7.0

    before = (pstart.astype("datetime64[D]") - np.timedelta64(1, "D")).astype("datetime64[ns]")
    # the targets in force on as_of: a reschedule made later did not exist yet
    target = states_on(m, as_of)["target_asof"]
    planned = _planned_cumulative(m, pi, pend, target) - _planned_cumulative(m, pi, before, target)
    out["planned_hours"] = np.round(planned, 9)
    actual = pd.DataFrame(
        {
            "_pi": positions(m, log["person_id"]),
            "period_n": period_of(log["date"], freq),
            "actual_hours": log["hours"].to_numpy(),
        }
    )
    actual = actual.groupby(["_pi", "period_n"], sort=False)["actual_hours"].sum().reset_index()
    out = out.merge(actual, on=["_pi", "period_n"], how="left", sort=False)
    out["actual_hours"] = out["actual_hours"].fillna(0.0)
    out["moving_average"] = (
        out.groupby("_pi", sort=False)["actual_hours"]
        .rolling(window, min_periods=1)
        .mean()
        .to_numpy()
    )
    cols = [
        "person_id",
        "period",
        "capacity_hours",
        "planned_hours",
        "actual_hours",
        "moving_average",
    ]
    return out[cols]


def _planned_cumulative(
    m: CareerMap, pi: np.ndarray, at: np.ndarray, target: pd.Series
) -> np.ndarray:
    """Planned effort hours of person ``pi`` from the start up to and including day ``at``.

    ``target`` is each milestone's target (aligned with ``m.milestones``): the target in
    force on the day the plan is read (:func:`careermap.metrics._milestone_state.states_on`).
    Each milestone adds ``rate = effort / days(planned..target)`` per day from its entry day
    to the earlier of its target and the day before it was dropped. The cumulative sum of a
    set of such ramps at day t is ``(t + 1) * R(t) - D(t)`` with R the sum of the rates of the
    ramp edges up to t and D the sum of rate x edge day: one as-of merge, no loop.
    """
    ms = m.milestones
    effort = ms["effort_hours"].fillna(0.0).to_numpy()
    s = days(entered(m))
    e = np.maximum(days(target), s)
    rate = effort / (e - s + 1)
    dropped = ms["dropped"].to_numpy(dtype="datetime64[ns]")
    stop = np.where(np.isnat(dropped), e, np.minimum(e, days(dropped) - 1))
    live = stop >= s
    owner = positions(m, ms["person_id"])[live]
    edges = pd.DataFrame(
        {
            "_pi": np.concatenate([owner, owner]),
            "day": np.concatenate([s[live], stop[live] + 1]),
            "r": np.concatenate([rate[live], -rate[live]]),
        }
    )
    edges["rd"] = edges["r"] * edges["day"]
    edges = edges.groupby(["_pi", "day"], sort=False)[["r", "rd"]].sum().reset_index()
    edges = edges.sort_values("day", kind="stable")
    edges[["R", "D"]] = edges.groupby("_pi", sort=False)[["r", "rd"]].cumsum()
    query = pd.DataFrame(
        {"_pi": np.asarray(pi, dtype=np.int64), "day": days(at), "_i": np.arange(len(at))}
    ).sort_values("day", kind="stable")
    edges["_pi"] = edges["_pi"].astype(np.int64)
    hit = pd.merge_asof(query, edges[["_pi", "day", "R", "D"]], on="day", by="_pi")
    hit = hit.sort_values("_i")
    r, d = hit["R"].fillna(0.0).to_numpy(), hit["D"].fillna(0.0).to_numpy()
    return (hit["day"].to_numpy() + 1) * r - d


def estimation_accuracy(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Estimated effort vs hours logged, per milestone.

    Returns
    -------
    pandas.DataFrame
        ``person_id, goal_id, milestone_id, status, effort_hours, logged_hours, ratio``:
        ``logged_hours`` adds the time-log rows linked to the milestone (directly or through
        one of its actions) up to ``as_of``; ``ratio = logged_hours / effort_hours`` (NaN
        when the effort is missing or 0). ``status`` is done, dropped or open on ``as_of``;
        the ratio of a done milestone is its final estimation accuracy. Only milestones in
        the plan by ``as_of`` (planned on or before it) have a row.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> e = metrics.estimation_accuracy(m, as_of="2026-11-15")
    >>> e.columns.tolist()
    ['person_id', 'goal_id', 'milestone_id', 'status', 'effort_hours', 'logged_hours', 'ratio']
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    log = linked_log(m, as_of)
    logged = log.groupby(["person_id", "milestone_id"], sort=False)["hours"].sum()
    ms = m.milestones[in_plan(m, as_of)]
    key = pd.MultiIndex.from_frame(ms[["person_id", "milestone_id"]])
    out = ms[["person_id", "goal_id", "milestone_id"]].reset_index(drop=True)
    status = np.select(
        [(ms["done"] <= as_of).to_numpy(), (ms["dropped"] <= as_of).to_numpy()],
        ["done", "dropped"],
        "open",
    )
    out["status"] = pd.Categorical(status, categories=["open", "done", "dropped"])
    out["effort_hours"] = ms["effort_hours"].to_numpy()
    out["logged_hours"] = logged.reindex(key).fillna(0.0).to_numpy()
    effort = out["effort_hours"].where(out["effort_hours"] > 0)
    out["ratio"] = out["logged_hours"] / effort
    return sort_people(out, m)


def habit(m: CareerMap, *, as_of: object = None, alpha: float = HABIT_ALPHA) -> pd.DataFrame:
    """The logging habit, per day: hours, the share of the weekly plan met, strength, streak.

    Career work is planned by the week (``weekly_hours``), not by the day, so habit strength
    is Loop Habit Tracker's score for a *measurable habit with a weekly target*: each day,
    the share of the weekly plan met by the hours of the last 7 days,
    ``week_share_t = min(hours(t-6..t) / weekly_hours, 1)``, smoothed
    ``s_t = (1 - alpha) * s_{t-1} + alpha * week_share_t`` from ``s = 0`` the day before the
    first day, with Loop's daily weight for a frequency of once a week,
    ``alpha = 1 - 0.5 ** (sqrt(1/7) / 13)`` (Loop's ``Score.compute`` and
    ``ScoreList.recompute``). Someone logging a steady 67% of their plan converges to 0.67,
    however they spread the hours over the week (``docs/metrics.md#habit-and-habit_summary``).

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
    alpha : float in (0, 1], default ``1 - 0.5 ** (sqrt(1/7) / 13)`` (about 0.020)

    Returns
    -------
    pandas.DataFrame
        One row per person and day from the start (or first log) to ``as_of``:
        ``person_id, date, hours, logged, strength, streak, week_hours, week_share``:
        ``streak`` counts consecutive logged days ending that day (0 on a day without a
        log), ``week_hours`` the hours of the 7 days ending that day.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> h = metrics.habit(m, as_of="2026-11-15")
    >>> bool(h.strength.between(0, 1).all()), int(h.streak.max()) >= 1
    (True, True)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    alpha = check_fraction("alpha", alpha)
    out = _habit(m, as_of, alpha)
    cols = ["person_id", "date", "hours", "logged", "strength", "streak"]
    return out[[*cols, "week_hours", "week_share"]]


def _habit(m: CareerMap, as_of: pd.Timestamp, alpha: float) -> pd.DataFrame:
    """The daily habit frame with each person's position ``_pi``."""
    log = m.time_log[m.time_log["date"] <= as_of]
    first, last = _active_range(m, log, as_of, "D")
    out = period_grid(m.people["person_id"], first, last)
    daily = pd.DataFrame(
        {
            "_pi": positions(m, log["person_id"]),
            "period_n": period_of(log["date"], "D"),
            "hours": log["hours"].to_numpy(),
        }
    )
    daily = daily.groupby(["_pi", "period_n"], sort=False)["hours"].sum().reset_index()
    out = out.merge(daily, on=["_pi", "period_n"], how="left", sort=False)
    out["hours"] = out["hours"].fillna(0.0)
    out["date"] = period_start(out["period_n"].to_numpy(), "D")
    out["logged"] = out["hours"] > 0
    # a person's days are consecutive rows: the last 7 rows are the last 7 days
    week = out.groupby("_pi", sort=False)["hours"].rolling(HABIT_WINDOW_DAYS, min_periods=1)
    # to 1e-9: a rolling sum leaves crumbs such as 3e-17 h once the hours leave the window
    out["week_hours"] = np.round(week.sum().to_numpy(), 9)
    plan = m.people["weekly_hours"].to_numpy(dtype="float64")[out["_pi"].to_numpy()]
    out["week_share"] = np.minimum(out["week_hours"].to_numpy() / plan, 1.0)
    out["strength"] = _smoothed(out, "week_share", alpha)
    c = out.groupby("_pi", sort=False)["logged"].cumsum()
    reset = c.where(~out["logged"]).groupby(out["_pi"], sort=False).ffill().fillna(0)
    out["streak"] = (c - reset).astype("int64")
    return out


def _smoothed(daily: pd.DataFrame, column: str, alpha: float) -> np.ndarray:
    """Exponential smoothing of ``column`` per person starting from 0 (a zero row is put
    before each person)."""
    if daily.empty:
        return np.array([], dtype="float64")
    pi = daily["_pi"].to_numpy()
    first = np.r_[True, pi[1:] != pi[:-1]]
    x = daily[column].to_numpy(dtype="float64")
    owner = np.cumsum(first) - 1
    # interleave a 0 before each person's first day
    pos = np.arange(len(x)) + np.cumsum(first)
    padded = np.zeros(len(x) + first.sum())
    padded[pos] = x
    groups = np.repeat(np.arange(first.sum()), np.bincount(owner) + 1)
    s = pd.Series(padded).groupby(groups, sort=False).ewm(alpha=alpha, adjust=False).mean()
    return s.to_numpy()[pos]


def habit_summary(
    m: CareerMap, *, as_of: object = None, alpha: float = HABIT_ALPHA
) -> pd.DataFrame:
    """Per person: habit strength on ``as_of`` (:func:`habit`: the weekly plan met, smoothed
    as Loop Habit Tracker scores a habit with a weekly target), streaks and days since the
    last log.

    Returns
    -------
    pandas.DataFrame
        ``person_id, strength, current_streak, longest_streak, days_logged, days,
        logged_share, last_log, days_since_last_log``. ``current_streak`` is the run of logged
        days ending on ``as_of``, or on the day before when ``as_of`` itself has no log yet
        (the day may not be over). ``days_since_last_log`` is NaN for a person with no log.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> s = metrics.habit_summary(m, as_of="2026-11-15").iloc[0]
    >>> str(s.last_log.date()), int(s.days_since_last_log)
    ('2026-11-14', 1)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    alpha = check_fraction("alpha", alpha)
    h = _habit(m, as_of, alpha)
    n = len(m.people)
    pi = h["_pi"].to_numpy()
    rows = np.bincount(pi, minlength=n)
    last = np.cumsum(rows) - 1  # each person's row on as_of
    has = rows > 0
    logged = h["logged"].to_numpy()
    streak = h["streak"].to_numpy()

    def row_of(values: np.ndarray, row: np.ndarray, ok: np.ndarray, missing: object):
        # a person with no row (as_of before their start) gets `missing`, never another's row
        padded = np.append(values.astype(object), missing)
        return padded[np.where(ok, row, len(values))]

    today = row_of(streak, last, has, 0).astype("int64")
    yesterday = row_of(streak, last - 1, rows > 1, 0).astype("int64")
    on_day = row_of(logged, last, has, False).astype(bool)
    longest = np.zeros(n, dtype=np.int64)
    np.maximum.at(longest, pi, streak)
    days_logged = np.bincount(pi, weights=logged, minlength=n).astype("int64")
    last_log = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    when = h.loc[logged, "date"].to_numpy(dtype="datetime64[ns]")
    np.maximum.at(last_log.view(np.int64), pi[logged], when.view(np.int64))
    out = pd.DataFrame({"person_id": text(m.people["person_id"].reset_index(drop=True))})
    out["strength"] = row_of(h["strength"].to_numpy(), last, has, np.nan).astype("float64")
    out["current_streak"] = np.where(on_day, today, yesterday).astype("int64")
    out["longest_streak"] = longest
    out["days_logged"] = days_logged
    out["days"] = rows.astype("int64")
    out["logged_share"] = out["days_logged"] / out["days"].where(out["days"] > 0)
    out["last_log"] = last_log
    out["days_since_last_log"] = (as_of - out["last_log"]).dt.days.astype("float64")
    return out
