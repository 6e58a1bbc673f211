"""The completion forecast: a Gamma-Poisson (negative-binomial) model of a person's pace.

The model, how it was chosen (by backtest) and its assumptions are documented in
``docs/metrics.md#forecast``; :func:`._backtest.forecast_backtest` measures how often its
dates held.
"""

from __future__ import annotations

import math
import warnings
from typing import Literal

import numpy as np
import pandas as pd

from careermap import _format as fmt
from careermap.metrics._burndown import open_on
from careermap.metrics._common import (
    BY_WORK,
    as_of_arg,
    check_choice,
    check_int,
    check_map,
    days,
    milestone_work,
    sort_people,
    text,
)
from careermap.metrics._milestone_state import states_on
from careermap.model import CareerMap

__all__ = [
    "ACHIEVABLE_CHANCE",
    "FORECAST_WEEKS",
    "HORIZON_WEEKS",
    "finish_chance",
    "finish_days",
    "forecast",
    "forecast_frame",
    "goal_at_risk",
    "has_pace",
]

#: The pace window: completions in the last this many weeks (fewer when the map is younger)
#: inform the forecast. Every view uses this one value; chosen by backtest (docs/metrics.md).
FORECAST_WEEKS = 26
#: Dates further than this many weeks (20 years) are left empty.
HORIZON_WEEKS = 1040
#: Shape of the Gamma prior of the weekly rate (Jeffreys' prior of a Poisson rate, rate 0):
#: weak, and never a finish date without a completion to learn the pace from being narrow.
PRIOR_SHAPE = 0.5
#: The quantiles the forecast reports.
QUANTILES = (0.50, 0.85, 0.95)
_EPS = 1e-9

#: A goal whose forecast chance to meet its deadline is below this is not achievable at the
#: pace so far: the SMART "A" mark and the burndown's headline both read it from here.
ACHIEVABLE_CHANCE = 0.5


# --- the model: vectorised numpy, the one function every view and engine calls ----------------

_lgamma = np.frompyfunc(math.lgamma, 1, 1)


def _log_gamma(x: np.ndarray) -> np.ndarray:
    return _lgamma(np.asarray(x, dtype="float64")).astype("float64")


def _beta_cf(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The continued fraction of the incomplete beta function (modified Lentz), vectorised."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = np.where(np.abs(d) < tiny, tiny, d)
    d = 1.0 / d
    h = d.copy()
    for i in range(1, 400):
        m2 = 2 * i
        aa = i * (b - i) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = np.where(np.abs(d) < tiny, tiny, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        d = 1.0 / d
        h = h * d * c
        aa = -(a + i) * (qab + i) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = np.where(np.abs(d) < tiny, tiny, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        d = 1.0 / d
        step = d * c
        h = h * step
        if np.all(np.abs(step - 1.0) < 1e-13):
            break
    return h


def _betainc(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The regularised incomplete beta function I_x(a, b), elementwise (a, b > 0)."""
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype="float64") for v in (a, b, x)))
    out = np.where(x >= 1.0, 1.0, 0.0)
    inside = (x > 0.0) & (x < 1.0)
    if not inside.any():
        return out
    a, b, x = a[inside], b[inside], x[inside]
    log_front = _log_gamma(a + b) - _log_gamma(a) - _log_gamma(b) + a * np.log(x) + b * np.log1p(-x)
    front = np.exp(log_front)
    direct = x < (a + 1.0) / (a + b + 2.0)
    val = np.empty_like(x)
    if direct.any():
        val[direct] = front[direct] * _beta_cf(a[direct], b[direct], x[direct]) / a[direct]
    flip = ~direct
    if flip.any():
        val[flip] = 1.0 - front[flip] * _beta_cf(b[flip], a[flip], 1.0 - x[flip]) / b[flip]
    out[inside] = np.clip(val, 0.0, 1.0)
    return out


def finish_chance(
    remaining: np.ndarray,
    done: np.ndarray,
    weeks: np.ndarray,
    dispersion: np.ndarray,
    within_weeks: np.ndarray,
) -> np.ndarray:
    """The chance that ``remaining`` milestones are done within ``within_weeks`` weeks.

    The weekly completion rate has a Gamma posterior (shape ``PRIOR_SHAPE + done / d``, rate
    ``weeks``) after ``done`` completions in ``weeks`` weeks, counted in clumps of ``d =
    dispersion`` milestones (quasi-Poisson: bursty weeks carry less evidence and the future is
    as bursty). The time to ``remaining / d`` clumps at rate ``lambda`` is Gamma, so the chance
    is the negative-binomial ``P(N(t) >= k)`` = ``I_{t/(weeks + t)}(k, shape)``.
    """
    k = np.asarray(remaining, dtype="float64") / np.asarray(dispersion, dtype="float64")
    shape = PRIOR_SHAPE + np.asarray(done, dtype="float64") / np.asarray(dispersion, "float64")
    b = np.asarray(weeks, dtype="float64")
    t = np.maximum(np.asarray(within_weeks, dtype="float64"), 0.0)
    k, shape, b, t = np.broadcast_arrays(k, shape, b, t)
    ok = (k > 0) & (b > 0)
    x = np.where(ok, t / np.where(ok, b + t, 1.0), 0.0)
    p = _betainc(np.where(ok, k, 1.0), np.where(ok, shape, 1.0), x)
    return np.where(k <= 0, 1.0, np.where(ok, p, np.nan))


def finish_days(
    remaining: np.ndarray,
    done: np.ndarray,
    weeks: np.ndarray,
    dispersion: np.ndarray,
    q: float,
    **_context: object,
) -> np.ndarray:
    """Days from the forecast date until ``remaining`` milestones are done with chance ``q``.

    The smallest whole number of days ``n`` with ``finish_chance(..., n / 7) >= q`` (a
    binary search over 0 .. ``HORIZON_WEEKS * 7``); ``-1`` beyond the horizon, and for
    rows without a pace window (``weeks <= 0``). Nothing left (``remaining <= 0``) is 0 days.
    """
    remaining, done, weeks, dispersion = np.broadcast_arrays(
        *(np.asarray(v, dtype="float64") for v in (remaining, done, weeks, dispersion))
    )
    hi_day = HORIZON_WEEKS * 7
    lo = np.zeros(remaining.shape, dtype=np.int64)
    hi = np.full(remaining.shape, hi_day, dtype=np.int64)
    while True:
        going = lo < hi
        if not going.any():
            break
        mid = (lo + hi) // 2
        ok = finish_chance(remaining, done, weeks, dispersion, mid / 7.0) >= q - _EPS
        hi = np.where(going & ok, mid, hi)
        lo = np.where(going & ~ok, mid + 1, lo)
    at_end = finish_chance(remaining, done, weeks, dispersion, hi_day / 7.0) >= q - _EPS
    out = np.where(at_end & (weeks > 0), lo, -1)
    return np.where(remaining <= _EPS, 0, out)


def has_pace(done: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    """Whether there is a pace to forecast from: at least one milestone done in a window of at
    least a week. Without one the rate is the prior's alone, and a date from the prior alone
    would be invented: the forecast, the cohort KPIs and the backtest give none."""
    return (np.asarray(done, dtype="float64") > 0) & (np.asarray(weeks, dtype="float64") > 0)


def dispersion_of(done: np.ndarray, weeks: np.ndarray, sum_sq: np.ndarray) -> np.ndarray:
    """How bursty the weekly completions were: variance over mean of the weekly counts of the
    window (``done`` in all, ``sum_sq`` the sum of their squares), at least 1 (Poisson).

    1 when there are fewer than two weeks or no completion to measure it from.
    """
    n = np.asarray(done, dtype="float64")
    w = np.asarray(weeks, dtype="float64")
    s2 = np.asarray(sum_sq, dtype="float64")
    ok = (n > 0) & (w >= 2)
    wd = np.where(ok, w, 2.0)
    mean = np.where(ok, n / wd, 1.0)
    var = (s2 - n * n / wd) / (wd - 1.0)
    return np.where(ok, np.maximum(var / mean, 1.0), 1.0)


# --- the forecast of a map ---------------------------------------------------------------------


def pace(
    m: CareerMap, as_of: pd.Timestamp, weeks: int, work: pd.Series | None = None
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """What the forecast learns the pace from: per person the window (the last ``weeks``
    whole weeks ending on ``as_of``, cut to the weeks since the start), and the milestones
    done in each of its weeks.

    Returns ``window`` (weeks, by person id), the per-week history (``person_id, week, sum,
    size``: ``work`` done and milestones done) and per person ``total, n_done, sum_sq`` (the
    sum of the squared weekly counts, for :func:`dispersion_of`).
    """
    ms = m.milestones
    work = pd.Series(1.0, index=ms.index) if work is None else work
    people = m.people
    a = np.datetime64(as_of)
    since = (a - people["start"].to_numpy(dtype="datetime64[ns]")) // np.timedelta64(1, "D")
    window = np.clip(np.where(since >= 0, since // 7 + 1, 0), 0, weeks)
    window_of = pd.Series(window, index=people["person_id"].to_numpy())
    done = ms["done"].to_numpy(dtype="datetime64[ns]")
    has_done = ~np.isnat(done)
    today = days(np.array([a]))[0]
    age = today - np.where(has_done, days(done), today + 1)  # days before as_of
    week_ix = age // 7
    in_window = has_done & (age >= 0) & (week_ix < window_of.reindex(ms["person_id"]).to_numpy())
    hist = (
        pd.DataFrame(
            {"person_id": ms["person_id"].to_numpy(), "week": week_ix, "w": work.to_numpy()}
        )[in_window]
        .groupby(["person_id", "week"], sort=False)["w"]
        .agg(["sum", "size"])
        .reset_index()
    )
    per_person = (
        hist.assign(sq=hist["size"].astype("float64") ** 2)
        .groupby("person_id", sort=False)
        .agg(total=("sum", "sum"), n_done=("size", "sum"), sum_sq=("sq", "sum"))
    )
    return window_of, hist, per_person


def forecast(
    m: CareerMap,
    *,
    as_of: object = None,
    weeks: int = FORECAST_WEEKS,
    by: Literal["count", "effort"] = "count",
    runs: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """Completion dates of the open milestones, per person and per goal, with their chances.

    The person's weekly completion rate is uncertain: after ``n`` milestones done in the
    last ``weeks`` weeks its posterior is Gamma (a weak Jeffreys prior), so the number done in
    the next ``t`` weeks is negative-binomial and the dates are its exact quantiles, not a
    simulation. Few completions give wide dates, never narrow ones; bursty weeks widen them
    too; without a completion in the window there is no pace and no date (``reason`` says
    so). Open milestones (in scope and not done on ``as_of``: the burndown's ``remaining``)
    are worked in order of their target dates (in force on ``as_of``), so a goal is complete
    when its last open milestone in that queue is. See ``docs/metrics.md#forecast``.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Forecast date (default today); nothing after it is read.
    weeks : int, default FORECAST_WEEKS
        The pace window (cut to the weeks since the person's start). Views use the default;
        the parameter is for backtests and experiments.
    by : {"count", "effort"}
        Milestones, or effort hours (counted in milestones of the person's mean effort).
    runs, seed : deprecated
        Ignored: the dates are exact quantiles, not Monte Carlo runs.

    Returns
    -------
    pandas.DataFrame
        One row per person (``level="person"``) and per goal (``level="goal"``):
        ``person_id, level, goal_id, remaining, throughput_mean, weeks, p50, p85, p95,
        deadline, prob_by_deadline, reason``. Dates are NaT, never invented, when there is
        nothing to forecast from or they lie beyond 20 years; ``reason`` says why.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> f = metrics.forecast(m, as_of="2026-11-15")
    >>> row = f[f.level == "person"].iloc[0]
    >>> float(row.remaining), bool(row.p50 <= row.p85 <= row.p95)
    (7.0, True)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    weeks = check_int("weeks", weeks, minimum=1)
    by = check_choice("by", by, BY_WORK)
    if runs is not None or seed is not None:
        warnings.warn(
            "forecast(runs=..., seed=...) has no effect: the dates are exact quantiles of the "
            "forecast model, not Monte Carlo runs; the arguments will be removed",
            DeprecationWarning,
            stacklevel=2,
        )
    return forecast_frame(m, as_of, weeks, by)


def forecast_frame(
    m: CareerMap,
    as_of: pd.Timestamp,
    weeks: int,
    by: str,
    *,
    pace_scale: pd.Series | None = None,
    goal_scale: pd.Series | None = None,
) -> pd.DataFrame:
    """:func:`forecast` on checked arguments, with the pace scaled for a what-if scenario.

    ``pace_scale`` (by person id) multiplies each person's weekly rate: a Gamma rate scaled by
    ``s`` is Gamma with its rate parameter (the window's weeks) divided by ``s``, so the model
    stays the same. ``goal_scale`` (by ``(person_id, goal_id)``) makes each goal its own
    stream at its own scale of the person's rate: a goal then finishes when its own open work
    is done, not when the shared queue reaches it (``metrics.what_if(hours_by_goal=...)``).
    A scale of 0 means no hours: no finish date. Without scales this is :func:`forecast`.
    """
    people = m.people[["person_id", "start"]].reset_index(drop=True)
    goals = m.goals
    ms = m.milestones.assign(work=milestone_work(m, by))
    window_of, _, per_person = pace(m, as_of, weeks, ms["work"])
    a = np.datetime64(as_of)
    today = days(np.array([a]))[0]

    # open on as_of (the burndown's remaining), queued by the target in force on as_of
    st = states_on(m, as_of)
    open_ms = ms.assign(target=st["target_asof"])[open_on(m, as_of)]
    queue = _queue(open_ms, goals)

    # Person-level and goal-level targets, in the order the queue reaches them.
    goal_rows = goals[["person_id", "goal_id", "deadline"]].reset_index(drop=True)
    goal_threshold = queue.groupby(["person_id", "goal_id"], sort=False)["cum"].max()
    goal_remaining = open_ms.groupby(["person_id", "goal_id"], sort=False)["work"].sum(min_count=1)
    key = pd.MultiIndex.from_frame(goal_rows[["person_id", "goal_id"]])
    goal_rows["threshold"] = goal_threshold.reindex(key).to_numpy()
    goal_rows["remaining"] = goal_remaining.reindex(key).fillna(0.0).to_numpy()
    goal_rows["level"] = "goal"
    person_rows = pd.DataFrame(
        {
            "person_id": people["person_id"].to_numpy(),
            "goal_id": pd.Series([None] * len(people), dtype="str"),
            "deadline": goals.groupby("person_id")["deadline"]
            .max()
            .reindex(people["person_id"])
            .to_numpy(),
            "level": "person",
        }
    )
    person_rows["remaining"] = (
        open_ms.groupby("person_id")["work"]
        .sum(min_count=1)
        .reindex(people["person_id"])
        .fillna(0.0)
        .to_numpy()
    )
    person_rows["threshold"] = (
        queue.groupby("person_id")["cum"].max().reindex(people["person_id"]).to_numpy()
    )
    targets = pd.concat([person_rows, goal_rows], ignore_index=True)

    pp = per_person.reindex(targets["person_id"])
    total = pp["total"].fillna(0.0).to_numpy()
    n_done = pp["n_done"].fillna(0).to_numpy().astype(int)
    sum_sq = pp["sum_sq"].fillna(0.0).to_numpy()
    win = window_of.reindex(targets["person_id"]).to_numpy()
    targets["weeks"] = win
    targets["throughput_mean"] = np.where(win > 0, total / np.where(win > 0, win, 1), np.nan)
    no_effort = ms["work"].isna().groupby(ms["person_id"]).any()
    unknown_effort = no_effort.reindex(targets["person_id"]).fillna(False).to_numpy(dtype=bool)

    # the work still to do, in milestones (effort: in milestones of the person's mean effort
    # done in the window, else of their open milestones)
    threshold = targets["threshold"].to_numpy(dtype="float64")
    if by == "effort":
        open_mean = open_ms.groupby("person_id")["work"].mean()
        unit = np.where(
            n_done > 0,
            total / np.maximum(n_done, 1),
            open_mean.reindex(targets["person_id"]).to_numpy(dtype="float64"),
        )
        k = threshold / np.where(unit > _EPS, unit, np.nan)
    else:
        k = threshold
    rem = targets["remaining"].to_numpy()
    scale = _scales(targets, pace_scale, goal_scale)
    if goal_scale is not None:  # each goal its own stream: its own open work, in units
        is_goal = (targets["level"] == "goal").to_numpy()
        k = np.where(is_goal, k / np.where(threshold > 0, threshold, np.nan) * rem, k)
    answer = (rem > _EPS) & has_pace(n_done, win) & ~unknown_effort & np.isfinite(k) & (k > 0)
    answer &= scale > 0
    k = np.where(answer, k, 0.0)
    rate_weeks = np.where(answer, win / np.where(scale > 0, scale, 1.0), 0.0)
    targets["throughput_mean"] = targets["throughput_mean"].to_numpy() * scale
    disp = dispersion_of(n_done, win, sum_sq)
    for col, q in zip(("p50", "p85", "p95"), QUANTILES, strict=True):
        d = finish_days(k, n_done, rate_weeks, disp, q)
        dates = a.astype("datetime64[D]") + np.maximum(d, 0).astype("timedelta64[D]")
        targets[col] = pd.Series(
            np.where(answer & (d >= 0), dates.astype("datetime64[ns]"), np.datetime64("NaT")),
            index=targets.index,
            dtype="datetime64[ns]",
        )
    deadline = targets["deadline"].to_numpy(dtype="datetime64[ns]")
    left = (days(np.where(np.isnat(deadline), a, deadline)) - today) / 7.0
    prob = finish_chance(k, n_done, np.where(answer, rate_weeks, 1), disp, left)
    prob = np.where(left < 0, 0.0, prob)
    targets["prob_by_deadline"] = np.where(answer & ~np.isnat(deadline), prob, np.nan)
    beyond = answer & targets["p95"].isna().to_numpy()

    unit_word = "milestones" if by == "count" else "effort hours"
    means = targets["throughput_mean"].round(2).to_numpy()
    ok_text = np.array(
        [
            f"{fmt.count(n, 'milestone')} done in the last {fmt.count(w, 'week')} "
            f"(mean {mean} {unit_word} a week)"
            + ("; few completions to learn your pace from, so the dates are wide" if n < 3 else "")
            for w, n, mean in zip(win, n_done, means, strict=True)
        ],
        dtype=object,
    )
    start_of = people.set_index("person_id")["start"].reindex(targets["person_id"])
    start_text = [fmt.date(d) for d in start_of]
    cut = win < weeks  # the window was cut by the map's start
    reasons = np.select(
        [unknown_effort, win <= 0, rem <= _EPS, scale <= 0, (n_done == 0) & cut, n_done == 0],
        [
            "no milestone has effort_hours, so there is no effort to forecast",
            [
                f"the map starts on {d}, after {as_of:%Y-%m-%d}: nothing done yet"
                for d in start_text
            ],
            "no open milestones: nothing left to forecast",
            "no hours a week for this work: it does not move",
            [
                f"no milestone completed yet since the map's start on {d} "
                "(the forecast needs at least one to learn your pace from)"
                for d in start_text
            ],
            [
                f"no milestone completed in the last {fmt.count(w, 'week')}: no recent pace "
                "to forecast from"
                for w in win
            ],
        ],
        ok_text,
    ).astype(object)
    reasons[beyond] = reasons[beyond] + (
        "; at this pace some dates lie beyond 20 years and are left empty"
    )
    targets["reason"] = text(pd.Series(reasons))
    targets["level"] = pd.Categorical(targets["level"], categories=["person", "goal"])
    targets["person_id"] = text(targets["person_id"])
    goal_pos = pd.Series(
        np.arange(len(goals)), index=pd.MultiIndex.from_frame(goals[["person_id", "goal_id"]])
    )
    targets["_g"] = goal_pos.reindex(
        pd.MultiIndex.from_frame(targets[["person_id", "goal_id"]])
    ).to_numpy()
    cols = [
        "person_id", "level", "goal_id", "remaining", "throughput_mean", "weeks",
        "p50", "p85", "p95", "deadline", "prob_by_deadline", "reason",
    ]  # fmt: skip
    out = sort_people(targets, m, ["level", "_g"])
    out["weeks"] = out["weeks"].astype("int64")
    return out[cols]


def goal_at_risk(forecast_frame: pd.DataFrame, goals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each person's goal most at risk: the lowest forecast chance to meet its deadline.

    The headline a person needs is the goal they are likeliest to miss, not the chance to
    finish everything by the loosest deadline (the person row of :func:`forecast`).

    Parameters
    ----------
    forecast_frame : DataFrame
        From :func:`forecast` (its ``level == "goal"`` rows are read).
    goals : DataFrame, optional
        ``m.goals``, to add each goal's ``title``.

    Returns
    -------
    pandas.DataFrame
        One row per person with a goal forecast: ``person_id, goal_id, title, deadline,
        prob_by_deadline, achievable`` (``prob_by_deadline >= ACHIEVABLE_CHANCE``). Ties go
        to the earlier deadline. A person whose goals have no forecast has no row.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"person_id": ["a", "a", "a"], "level": ["person", "goal", "goal"],
    ...     "goal_id": [None, "G1", "G2"], "prob_by_deadline": [1.0, 0.05, 0.9],
    ...     "deadline": pd.to_datetime(["2031-06-30", "2027-03-31", "2031-06-30"])})
    >>> goal_at_risk(f)[["goal_id", "prob_by_deadline", "achievable"]].values.tolist()
    [['G1', 0.05, False]]
    """
    rows = forecast_frame
    if "level" in rows.columns:
        rows = rows[rows["level"].astype("str") == "goal"]
    rows = rows[rows["prob_by_deadline"].notna() & rows["goal_id"].notna()]
    rows = rows.sort_values(
        ["person_id", "prob_by_deadline", "deadline", "goal_id"], kind="stable"
    ).drop_duplicates("person_id")
    out = rows[["person_id", "goal_id", "deadline", "prob_by_deadline"]].reset_index(drop=True)
    titles = None
    if goals is not None:
        titles = goals.set_index(["person_id", "goal_id"])["title"]
        key = pd.MultiIndex.from_frame(out[["person_id", "goal_id"]])
        out.insert(2, "title", text(titles.reindex(key).reset_index(drop=True)))
    else:
        out.insert(2, "title", pd.Series([None] * len(out), dtype="str"))
    out["achievable"] = out["prob_by_deadline"] >= ACHIEVABLE_CHANCE
    return out


def _scales(
    targets: pd.DataFrame, pace_scale: pd.Series | None, goal_scale: pd.Series | None
) -> np.ndarray:
    """The pace scale of each forecast row (1 without a scenario)."""
    scale = np.ones(len(targets))
    if pace_scale is not None:
        scale = pace_scale.reindex(targets["person_id"]).fillna(1.0).to_numpy(dtype="float64")
    if goal_scale is not None:
        is_goal = (targets["level"] == "goal").to_numpy()
        key = pd.MultiIndex.from_frame(targets[["person_id", "goal_id"]].astype(object))
        per_goal = goal_scale.reindex(key).to_numpy(dtype="float64")
        scale = np.where(is_goal & ~np.isnan(per_goal), per_goal, scale)
    return scale


def _queue(open_ms: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """Open milestones in the order they are assumed to be worked, with cumulative work."""
    prio = goals.set_index(["person_id", "goal_id"])["priority"]
    key = pd.MultiIndex.from_frame(open_ms[["person_id", "goal_id"]])
    q = open_ms[["person_id", "goal_id", "milestone_id", "target", "work"]].assign(
        prio=prio.reindex(key).astype("float64").fillna(np.inf).to_numpy()
    )
    q = q.sort_values(["person_id", "target", "prio", "goal_id", "milestone_id"], kind="stable")
    q["cum"] = q.groupby("person_id", sort=False)["work"].cumsum()
    return q
