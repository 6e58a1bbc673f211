"""Monte Carlo completion forecast from a person's own weekly throughput.

The method and its assumptions are documented in ``docs/metrics.md#forecast``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from careermap import _format as fmt
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

__all__ = ["ACHIEVABLE_CHANCE", "forecast", "goal_at_risk"]

#: Forecast runs that need longer than this many weeks count as "not within 20 years".
HORIZON_WEEKS = 1040
_EPS = 1e-9

#: A goal whose forecast chance to meet its deadline is below this is not achievable at the
#: pace so far: the SMART "A" mark and the burndown's headline both read it from here.
ACHIEVABLE_CHANCE = 0.5


def forecast(
    m: CareerMap,
    *,
    as_of: object = None,
    weeks: int = 12,
    runs: int = 10_000,
    seed: int = 0,
    by: Literal["count", "effort"] = "count",
) -> pd.DataFrame:
    """Monte Carlo completion dates of the open milestones, per person and per goal.

    Each run bootstraps the person's own weekly throughput (milestones, or effort hours, done
    in each of the last ``weeks`` weeks) until the open work is done. Open milestones are
    worked in order of their target dates (in force on ``as_of``), sharing the person's
    throughput, so a goal is complete when its last open milestone in that queue is.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Forecast date (default today); the throughput window ends here.
    weeks : int, default 12
        Length of the throughput window (cut to the weeks since the person's start).
    runs : int, default 10_000
        Monte Carlo runs per person.
    seed : int, default 0
        The same seed gives the same result; a person's result does not depend on who else
        is in the map.
    by : {"count", "effort"}
        Milestones per week, or effort hours per week.

    Returns
    -------
    pandas.DataFrame
        One row per person (``level="person"``) and per goal (``level="goal"``):
        ``person_id, level, goal_id, remaining, throughput_mean, weeks, p50, p85, p95,
        deadline, prob_by_deadline, reason``. Dates are NaT, never invented, when there is
        nothing to forecast from; ``reason`` says why. See ``docs/metrics.md#forecast``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> f = metrics.forecast(m, as_of="2026-11-15")
    >>> f.loc[f.level == "person", ["remaining", "p50", "reason"]].values.tolist()
    [[7.0, NaT, 'no milestone completed in the last 12 weeks']]
    >>> f = metrics.forecast(m, as_of="2026-11-15", weeks=26, runs=2_000)
    >>> row = f[f.level == "person"].iloc[0]
    >>> bool(row.p50 <= row.p85 <= row.p95), row.reason  # doctest: +NORMALIZE_WHITESPACE
    (True,
     '2,000 runs over 26 weeks of throughput (2 milestones done, mean 0.08 milestones a week)')
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    weeks = check_int("weeks", weeks, minimum=1)
    runs = check_int("runs", runs, minimum=1)
    seed = check_int("seed", seed, minimum=0)
    by = check_choice("by", by, BY_WORK)

    people = m.people[["person_id", "start"]].reset_index(drop=True)
    goals = m.goals
    ms = m.milestones.assign(work=milestone_work(m, by))
    a = np.datetime64(as_of)

    # Throughput window: the last `weeks` whole weeks ending on as_of, within the map.
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
            {"person_id": ms["person_id"].to_numpy(), "week": week_ix, "w": ms["work"].to_numpy()}
        )[in_window]
        .groupby(["person_id", "week"], sort=False)["w"]
        .agg(["sum", "size"])
        .reset_index()
    )
    per_person_hist = hist.groupby("person_id", sort=False).agg(
        total=("sum", "sum"), n_done=("size", "sum")
    )

    # open on as_of (whatever the planned date), queued by the target in force on as_of
    st = states_on(m, as_of)
    is_open = ~(st["is_done"] | st["is_dropped"]).to_numpy()
    open_ms = ms.assign(target=st["target_asof"])[is_open]
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

    total = per_person_hist["total"].reindex(targets["person_id"]).fillna(0.0).to_numpy()
    n_done = (
        per_person_hist["n_done"].reindex(targets["person_id"]).fillna(0).to_numpy().astype(int)
    )
    win = window_of.reindex(targets["person_id"]).to_numpy()
    targets["weeks"] = win
    targets["throughput_mean"] = np.where(win > 0, total / np.where(win > 0, win, 1), np.nan)
    no_effort = ms["work"].isna().groupby(ms["person_id"]).any()
    unknown_effort = no_effort.reindex(targets["person_id"]).fillna(False).to_numpy(dtype=bool)

    simulate = (
        (targets["remaining"].to_numpy() > _EPS)
        & (total > _EPS)
        & (win > 0)
        & ~unknown_effort
        & ~np.isnan(targets["threshold"].to_numpy(dtype="float64"))
    )
    sim = targets[simulate]
    quant, prob, beyond = _simulate(sim, hist, window_of, as_of, runs, seed)
    for col in ("p50", "p85", "p95"):
        targets[col] = pd.Series(pd.NaT, index=targets.index, dtype="datetime64[ns]")
    targets["prob_by_deadline"] = np.nan
    if len(sim):
        for col, values in zip(("p50", "p85", "p95"), quant, strict=True):
            targets.loc[sim.index, col] = values
        targets.loc[sim.index, "prob_by_deadline"] = prob

    unit = "milestones" if by == "count" else "effort hours"
    rem = targets["remaining"].to_numpy()
    means = targets["throughput_mean"].round(2).to_numpy()
    ok_text = pd.Series(
        [
            f"{runs:,} runs over {fmt.count(w, 'week')} of throughput "
            f"({fmt.count(n, 'milestone')} done, mean {mean} {unit} a week)"
            for w, n, mean in zip(win, n_done, means, strict=True)
        ],
        dtype=object,
    )
    start_of = people.set_index("person_id")["start"].reindex(targets["person_id"])
    start_text = [fmt.date(d) for d in start_of]
    cut = win < weeks  # the window was cut by the map's start
    reasons = np.select(
        [unknown_effort, rem <= _EPS, win <= 0, (total <= _EPS) & cut, total <= _EPS],
        [
            "no milestone has effort_hours, so there is no effort to forecast",
            "no open milestones: nothing left to forecast",
            [
                f"the map starts on {d}, after {as_of:%Y-%m-%d}: nothing done yet"
                for d in start_text
            ],
            [
                f"no milestone completed yet since the map's start on {d} "
                "(the forecast needs at least one)"
                for d in start_text
            ],
            [f"no milestone completed in the last {fmt.count(w, 'week')}" for w in win],
        ],
        ok_text.to_numpy(),
    ).astype(object)
    if len(sim):
        late = sim.index[beyond]
        reasons[late] = reasons[late] + "; some dates lie beyond 20 years and are left empty"
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


#: Where a new block of draws starts: a run's draws come in blocks from its person's stream
#: (one generator call per person and block, not per draw). Blocks double in size, 2, 2, 4,
#: ... up to 64 draws, so a short run wastes few draws and a long one needs few calls; the
#: schedule is fixed, so which value a run's k-th draw is never depends on other people.
_BLOCK_STARTS = np.array([0, 2, 4, 8, 16, 32, *range(64, HORIZON_WEEKS + 130, 64)])


def person_generator(seed: int, person_id: str) -> np.random.Generator:
    """The person's own random stream: numpy's counter-based Philox, keyed by ``SeedSequence``
    from the seed and the person id (not the person's position), so a person's forecast is
    the same alone and inside any cohort, and streams of different people are independent."""
    raw = str(person_id).encode("utf-8")
    entropy = [seed, len(raw), int.from_bytes(raw, "little")]
    return np.random.Generator(np.random.Philox(np.random.SeedSequence(entropy)))


class _Runs:
    """The state of the Monte Carlo runs of a chunk of people (person-major: each person's
    runs in run order), advanced one bootstrap draw at a time for all of them together."""

    def __init__(self, persons, gens, runs, nnz, off, p_nonzero, t_off, thr):
        self.persons = persons  # the chunk's person numbers, ascending
        self.gens = gens  # each person's generator
        self.nnz, self.off, self.p_nonzero = nnz, off, p_nonzero
        self.pi = np.repeat(persons, runs)
        self.ptr = t_off[self.pi].copy()
        self.cur = thr[self.ptr]
        self.acc = np.zeros(len(self.pi))
        self.wk = np.zeros(len(self.pi), dtype=np.int64)
        self.col = np.arange(len(self.pi))
        self.picks = self.gaps = np.zeros((0, 0), dtype=np.int64)
        self.first = 0  # the draw number of the block's first row

    def _refill(self, first: int, size: int) -> None:
        """Draws ``first .. first + size - 1`` of every live run, from its person's stream.
        Finished runs are dropped first, so what a person draws depends on their runs only."""
        self.keep(np.isfinite(self.cur))
        counts = np.bincount(np.searchsorted(self.persons, self.pi), minlength=len(self.persons))
        picks, gaps = [], []
        for p, gen, n in zip(self.persons, self.gens, counts, strict=True):
            if n:
                # which non-zero week of the window is drawn, and how many weeks it took to
                # come: the count of weeks up to a non-zero one is geometric with success
                # probability (non-zero weeks / window weeks)
                picks.append(self.off[p] + gen.integers(0, self.nnz[p], size=(size, n)))
                gaps.append(gen.geometric(self.p_nonzero[p], size=(size, n)))
        self.picks = np.concatenate(picks, axis=1)
        self.gaps = np.concatenate(gaps, axis=1)
        self.col = np.arange(len(self.pi))
        self.first = first

    def draw(self, k: int, vals: np.ndarray) -> None:
        """Draw ``k`` of every live run: one non-zero week and the weeks it took to come."""
        block = np.searchsorted(_BLOCK_STARTS, k, side="right") - 1
        if _BLOCK_STARTS[block] == k:
            self._refill(k, int(_BLOCK_STARTS[block + 1] - k))
        row = k - self.first
        self.acc += vals[self.picks[row, self.col]]
        self.wk += self.gaps[row, self.col]

    def keep(self, mask: np.ndarray) -> None:
        for name in ("pi", "ptr", "cur", "acc", "wk", "col"):
            setattr(self, name, getattr(self, name)[mask])


def _simulate(
    sim: pd.DataFrame,
    hist: pd.DataFrame,
    window_of: pd.Series,
    as_of: pd.Timestamp,
    runs: int,
    seed: int,
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Quantile dates (p50, p85, p95), probability by deadline and "beyond horizon" per target.

    Bootstrapping a week's throughput draws a zero week with probability ``p0`` (the share of
    zero weeks in the window) and otherwise one of the non-zero weeks. So the weeks between two
    non-zero draws are geometric and a run needs only as many draws as non-zero weeks it uses:
    the same distribution as week-by-week resampling at a fraction of the cost. Every person
    draws from their own stream (:func:`person_generator`).
    """
    if sim.empty:
        return [np.array([], dtype="datetime64[ns]")] * 3, np.array([]), np.array([], dtype=bool)

    # People numbered by how many draws a run of theirs needs (about remaining / mean non-zero
    # throughput), so that a chunk of people needs a similar number of iterations.
    h = hist[hist["person_id"].isin(sim["person_id"]) & (hist["sum"] > _EPS)]
    mean_nz = h.groupby("person_id")["sum"].mean()
    need = (
        sim.groupby("person_id", sort=False)["threshold"].max()
        / mean_nz.reindex(sim["person_id"].unique()).to_numpy()
    )
    persons = need.sort_values(kind="stable").index.to_numpy()
    pindex = pd.Series(np.arange(len(persons)), index=persons)
    h = h.assign(pi=pindex.reindex(h["person_id"]).to_numpy()).sort_values("pi", kind="stable")
    vals = h["sum"].to_numpy(dtype="float64")
    nnz = np.bincount(h["pi"].to_numpy(), minlength=len(persons))
    off = (np.cumsum(nnz) - nnz).astype(np.int64)
    win = window_of.reindex(persons).to_numpy().astype("float64")
    p_nonzero = np.minimum(nnz / win, 1.0)

    # Targets sorted by threshold within each person (the order a run reaches them), each
    # person's block followed by an infinite threshold that is never reached.
    t = sim.assign(pi=pindex.reindex(sim["person_id"]).to_numpy(), row=np.arange(len(sim)))
    t = t.sort_values(["pi", "threshold"], kind="stable")
    tp = t["pi"].to_numpy()
    t_n = np.bincount(tp, minlength=len(persons))
    t_off = np.cumsum(t_n + 1) - (t_n + 1)
    slot = t_off[tp] + (np.arange(len(t)) - (np.cumsum(t_n) - t_n)[tp])
    thr = np.full(len(t) + len(persons), np.inf)
    thr[slot] = t["threshold"].to_numpy(dtype="float64") - _EPS
    tid = np.full(len(thr), -1, dtype=np.int64)
    tid[slot] = np.arange(len(t))
    t_first = np.cumsum(t_n) - t_n
    nbin = HORIZON_WEEKS + 1
    counts = np.zeros(len(t) * nbin, dtype=np.int64)
    gens = [person_generator(seed, p) for p in persons]

    per_chunk = max(1, 32_768 // runs)  # people per chunk: ~32k runs keep arrays in cache
    for c0 in range(0, len(persons), per_chunk):
        c1 = min(c0 + per_chunk, len(persons))
        r = _Runs(np.arange(c0, c1), gens[c0:c1], runs, nnz, off, p_nonzero, t_off, thr)
        hits: list[np.ndarray] = []
        for k in range(HORIZON_WEEKS + 1):
            r.draw(k, vals)
            if r.wk.max() > HORIZON_WEEKS:
                r.cur[r.wk > HORIZON_WEEKS] = np.inf
            hit = np.flatnonzero(r.acc >= r.cur)
            while hit.size:
                hits.append((tid[r.ptr[hit]] - t_first[c0]) * nbin + r.wk[hit])
                r.ptr[hit] += 1
                r.cur[hit] = thr[r.ptr[hit]]
                hit = hit[r.acc[hit] >= r.cur[hit]]
            live = np.isfinite(r.cur)
            n_live = int(live.sum())
            if n_live == 0:
                break
            if n_live < len(live) // 2:
                r.keep(live)
        size = int(t_n[c0:c1].sum()) * nbin
        if hits:
            lo = int(t_first[c0]) * nbin
            counts[lo : lo + size] += np.bincount(np.concatenate(hits), minlength=size)

    cum = counts.reshape(len(t), nbin).cumsum(axis=1)
    a = np.datetime64(as_of, "ns")
    quant = []
    for q in (0.50, 0.85, 0.95):
        reached = cum >= q * runs - _EPS
        wq = reached.argmax(axis=1)
        dates = a + wq.astype("timedelta64[D]") * 7
        quant.append(np.where(reached[:, -1], dates, np.datetime64("NaT")).astype("datetime64[ns]"))
    deadline = t["deadline"].to_numpy(dtype="datetime64[ns]")
    left = days(np.where(np.isnat(deadline), a, deadline)) - days(np.array([a]))[0]
    wd = np.clip(left // 7, 0, HORIZON_WEEKS)
    prob = np.where(np.isnat(deadline), np.nan, cum[np.arange(len(t)), wd] / runs)
    beyond = cum[:, -1] < 0.95 * runs - _EPS
    # back to the caller's row order
    order = np.argsort(t["row"].to_numpy())
    return [x[order] for x in quant], prob[order], beyond[order]
