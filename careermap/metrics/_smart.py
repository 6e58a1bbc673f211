"""SMART check of each goal: which of Specific, Measurable, Achievable, Relevant, Time-bound
hold, and why not. Rules in ``docs/metrics.md#smart_check``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap import _format as fmt
from careermap.metrics._common import (
    as_of_arg,
    check_map,
    days,
    in_plan,
    milestone_work,
    person_values,
    sort_people,
    text,
)
from careermap.metrics._forecast import ACHIEVABLE_CHANCE
from careermap.metrics._forecast import forecast as run_forecast
from careermap.model import CareerMap

__all__ = ["SMART_LETTERS", "smart_check"]

SMART_LETTERS = ("S", "M", "A", "R", "T")


def _norm(s: pd.Series) -> pd.Series:
    return s.fillna("").str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def _dates(values) -> pd.Series:
    text = pd.Series(np.asarray(values, dtype="datetime64[ns]")).dt.strftime("%Y-%m-%d")
    return text.astype("str").fillna("?")


def _num(values: pd.Series) -> pd.Series:
    return pd.Series([f"{v:g}" if pd.notna(v) else "?" for v in values], dtype="str")


def smart_check(
    m: CareerMap, *, as_of: object = None, forecast: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Check every goal against the five SMART criteria.

    - **S**: ``specific`` is given and says more than the title.
    - **M**: a ``metric`` and a ``target`` value are given (and the target differs from the
      baseline).
    - **A**: the open effort fits the capacity until the deadline. Capacity is
      ``weekly_hours x days left / 7``, shared across goals earliest deadline first: a goal is
      achievable when its open effort plus that of every goal due no later fits in the
      capacity until its deadline. Open effort adds ``effort_hours`` of the goal's open
      milestones (a missing effort counts as the person's median). A goal that fits the
      capacity is still not achievable when its forecast gives it less than
      ``ACHIEVABLE_CHANCE`` (50%) to meet the deadline at the pace so far: the same rule as
      the burndown's "goal most at risk" (:func:`goal_at_risk`).
    - **R**: ``relevant_to`` is one of the person's target roles or ``vision``.
    - **T**: a deadline is set, has not passed unless every milestone is done, and is not
      after the vision horizon.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
    forecast : DataFrame, optional
        From :func:`forecast` on the same ``as_of``; pass the one the burndown shows so that
        both say the same (default: ``forecast(m, as_of=as_of)``).

    Returns
    -------
    pandas.DataFrame
        ``person_id, goal_id, letter, ok, reason``: five rows per goal.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> s = metrics.smart_check(m, as_of="2026-11-15")
    >>> s[~s.ok][["goal_id", "letter"]].values.tolist()
    [['G1', 'A'], ['G2', 'A'], ['G3', 'M'], ['G3', 'T']]
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    g = m.goals.reset_index(drop=True)
    n = len(g)
    key = pd.MultiIndex.from_frame(g[["person_id", "goal_id"]])

    # S
    spec = g["specific"].fillna("").str.strip()
    s_missing = spec.eq("")
    s_same = ~s_missing & _norm(spec).eq(_norm(g["title"]))
    s_ok = ~s_missing & ~s_same
    s_reason = np.select(
        [s_missing.to_numpy(), s_same.to_numpy()],
        ["no 'specific': say exactly what you will achieve", "'specific' only repeats the title"],
        "says what will be achieved",
    )

    # M
    no_metric = g["metric"].fillna("").str.strip().eq("")
    no_target = g["target"].isna()
    flat = ~no_target & g["baseline"].notna() & g["target"].eq(g["baseline"])
    m_ok = ~no_metric & ~no_target & ~flat
    m_reason = np.select(
        [no_metric.to_numpy(), no_target.to_numpy(), flat.to_numpy()],
        [
            "no metric: how will progress be measured?",
            "no target value for the metric",
            "the target equals the baseline: nothing to gain",
        ],
        (
            g["metric"].fillna("") + ": " + _num(g["baseline"]) + " -> " + _num(g["target"])
        ).to_numpy(),
    )

    # A: earliest-deadline-first capacity check
    ms = m.milestones.assign(work=milestone_work(m, "effort"))
    ms = ms[in_plan(m, as_of)]  # a milestone planned after as_of did not exist yet
    done = ms["done"] <= as_of
    dropped = ms["dropped"] <= as_of
    live = ms[~dropped.to_numpy()]
    n_ms = (
        live.groupby(["person_id", "goal_id"], sort=False).size().reindex(key).fillna(0).to_numpy()
    )
    n_done = ms[done.to_numpy()].groupby(["person_id", "goal_id"], sort=False).size()
    n_done = n_done.reindex(key).fillna(0).to_numpy()
    open_ms = ms[~(done | dropped).to_numpy()]
    open_effort = open_ms.groupby(["person_id", "goal_id"], sort=False)["work"].sum(min_count=1)
    open_effort = open_effort.reindex(key).fillna(0.0).to_numpy()
    unknown = ms["work"].isna().groupby(ms["person_id"]).any()
    unknown = unknown.reindex(g["person_id"]).fillna(False).to_numpy(dtype=bool)
    all_done = (n_ms > 0) & (n_done >= n_ms)
    deadline = g["deadline"].to_numpy(dtype="datetime64[ns]")
    has_deadline = ~np.isnat(deadline)
    edf = pd.DataFrame(
        {
            "person_id": g["person_id"].to_numpy(),
            "deadline": deadline,
            "effort": open_effort,
            "_i": np.arange(n),
        }
    )
    edf = edf[has_deadline].sort_values(["person_id", "deadline", "_i"], kind="stable")
    edf["cum"] = edf.groupby("person_id", sort=False)["effort"].cumsum()
    # goals due the same day are checked together
    edf["cum"] = edf.groupby(["person_id", "deadline"], sort=False)["cum"].transform("max")
    cum = np.full(n, np.nan)
    cum[edf["_i"].to_numpy()] = edf["cum"].to_numpy()
    weekly = person_values(m, "weekly_hours", g["person_id"]).astype("float64")
    left = np.clip(days(deadline) - days(np.array([as_of]))[0], 0, None)
    capacity = weekly * left / 7.0
    fits = cum <= capacity + 1e-9
    f = run_forecast(m, as_of=as_of) if forecast is None else forecast
    f = f[f["level"].astype("str") == "goal"].set_index(["person_id", "goal_id"])
    chance = f["prob_by_deadline"].reindex(key).to_numpy(dtype="float64")
    slow = ~np.isnan(chance) & (chance < ACHIEVABLE_CHANCE)
    a_ok = np.where(all_done, True, has_deadline & (n_ms > 0) & ~unknown & fits & ~slow)
    slow_text = pd.Series(
        [
            f"fits the capacity, but at the pace so far the forecast gives a "
            f"{fmt.percent(c)} chance to finish by {fmt.date(d)}"
            for c, d in zip(chance, deadline, strict=True)
        ],
        dtype=object,
    )
    effort_text = (
        _num(pd.Series(open_effort))
        + " h open (with goals due no later: "
        + _num(pd.Series(cum))
        + " h) vs "
        + _num(pd.Series(capacity).round(1))
        + " h of capacity by "
        + _dates(deadline)
    )
    a_reason = np.select(
        [all_done, n_ms == 0, ~has_deadline, unknown, fits & slow, fits],
        [
            "all milestones done",
            "no milestones planned: no effort to check against capacity",
            "no deadline: achievability cannot be checked",
            "no milestone has effort_hours: achievability cannot be checked",
            slow_text.to_numpy(),
            ("fits: " + effort_text).to_numpy(),
        ],
        ("does not fit: " + effort_text).to_numpy(),
    )

    # R
    targets = m.target_roles
    rel = g["relevant_to"].fillna("").str.strip()
    is_vision = rel.str.lower().eq("vision")
    known = pd.MultiIndex.from_frame(targets[["person_id", "role_id"]])
    is_role = pd.MultiIndex.from_arrays([g["person_id"], rel]).isin(known)
    listed = (
        targets.groupby("person_id")["role_id"]
        .agg(", ".join)
        .reindex(g["person_id"])
        .fillna("none")
    )
    titles = dict(
        zip(
            zip(targets["person_id"], targets["role_id"], strict=True),
            targets["title"],
            strict=True,
        )
    )
    r_ok = is_vision | is_role
    r_reason = np.select(
        [rel.eq("").to_numpy(), is_vision.to_numpy(), is_role],
        [
            "relevant_to is empty: link the goal to a target role or 'vision'",
            "serves the vision",
            [
                f"serves target role {fmt.role(r, titles.get((p, r)))}"
                + ("" if fmt.role(r, titles.get((p, r))) == r else f" ({r})")
                for p, r in zip(g["person_id"], rel, strict=True)
            ],
        ],
        ("'" + rel + "' is not a target role (" + listed.to_numpy() + ") or 'vision'").to_numpy(),
    )

    # T
    horizon = person_values(m, "horizon", g["person_id"]).astype("datetime64[ns]")
    passed = has_deadline & (deadline < np.datetime64(as_of)) & ~all_done
    late = has_deadline & ~np.isnat(horizon) & (deadline > horizon)
    t_ok = has_deadline & ~passed & ~late
    t_reason = np.select(
        [~has_deadline, passed, late],
        [
            "no deadline",
            ("the deadline " + _dates(deadline) + " has passed with work still open").to_numpy(),
            (
                "the deadline "
                + _dates(deadline)
                + " is after the vision horizon "
                + _dates(horizon)
            ).to_numpy(),
        ],
        ("due " + _dates(deadline)).to_numpy(),
    )

    ok = np.concatenate([np.asarray(x, dtype=bool) for x in (s_ok, m_ok, a_ok, r_ok, t_ok)])
    reason = np.concatenate(
        [np.asarray(x, dtype=object) for x in (s_reason, m_reason, a_reason, r_reason, t_reason)]
    )
    out = pd.DataFrame(
        {
            "person_id": np.tile(g["person_id"].to_numpy(), 5),
            "goal_id": np.tile(g["goal_id"].to_numpy(), 5),
            "letter": np.repeat(np.array(SMART_LETTERS), n),
            "ok": ok,
            "reason": reason,
            "_g": np.tile(np.arange(n), 5),
        }
    )
    out["letter"] = pd.Categorical(out["letter"], categories=list(SMART_LETTERS), ordered=True)
    for col in ("person_id", "goal_id", "reason"):
        out[col] = text(out[col])
    return sort_people(out, m, ["_g", "letter"]).drop(columns="_g")
