"""Skill growth: when each gap closes at the person's own rate, and hours vs level gained."""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._common import as_of_arg, check_map, skill_key, sort_people, text
from careermap.metrics._gaps import skill_gaps
from careermap.metrics._levels import level_trend, skill_series, with_names
from careermap.metrics._time import linked_log
from careermap.model import CareerMap

__all__ = ["SHOULD_HAVE_CLOSED", "skill_investment", "time_to_close"]

#: The reason of a gap whose projected close date is already past: the rate of gain so far
#: says it should be closed, the last assessment says it is not, so the level is stale.
SHOULD_HAVE_CLOSED = "at that rate it should have closed by now: re-assess"


def time_to_close(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """When each gap would close at the person's own rate of level gain for that skill.

    The rate is the least-squares slope of the skill's combined level on the dates it was
    assessed; ``projected_close = last_assessed + gap / rate``. No date is invented: NaT with
    a ``reason`` when the gap is 0, the skill is unassessed, assessed once, or not improving.
    A close-by date is never in the past: when ``projected_close`` is before ``as_of``,
    ``close_by`` is NaT and ``reason`` is :data:`SHOULD_HAVE_CLOSED` ("at that rate it
    should have closed by now: re-assess").

    Returns
    -------
    pandas.DataFrame
        The :func:`skill_gaps` keys (with ``role_title``) plus ``current_level, required_level,
        gap, rate_per_year, n_assessments, last_assessed, close_by, reason, projected_close,
        coverage`` (``coverage``: the role's, as in :func:`skill_gaps`).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.time_to_close(m, roles="analytics-lead", as_of="2026-11-15")
    >>> t.set_index("skill").loc["Speaking", "reason"]
    'no level gain since the first assessment'
    """
    g = skill_gaps(m, roles=roles, as_of=as_of, include_not_relevant=include_not_relevant)
    as_of = as_of_arg(as_of)
    trend = level_trend(skill_series(m, as_of)).set_index(["person_id", "skill_id"])
    key = pd.MultiIndex.from_frame(g[["person_id", "skill_id"]])
    slope = trend["slope"].reindex(key).to_numpy()
    n = trend["n_assessments"].reindex(key).fillna(0).astype("int64").to_numpy()
    last = trend["last_assessed"].reindex(key).to_numpy(dtype="datetime64[ns]")
    out = g[
        [
            "person_id", "role_id", "role_title", "skill_id", "skill",
            "current_level", "required_level", "gap",
        ]
    ].copy()  # fmt: skip
    out["rate_per_year"] = slope * 365.25
    out["n_assessments"] = n
    out["last_assessed"] = last
    gap = out["gap"].to_numpy()
    ok = (gap > 0) & (slope > 0)
    span = np.where(ok, np.round(gap / np.where(ok, slope, 1.0)), 0)
    span = np.minimum(span, 365 * 200).astype("int64")
    projected = np.where(ok, last + span.astype("timedelta64[D]"), np.datetime64("NaT")).astype(
        "datetime64[ns]"
    )
    past = ok & (projected < np.datetime64(as_of, "ns"))
    out["close_by"] = np.where(past, np.datetime64("NaT"), projected).astype("datetime64[ns]")
    reason = np.select(
        [~g["assessed"].to_numpy(), gap <= 0, n < 2, ~(slope > 0), past],
        [
            "not assessed yet",
            "no gap",
            "only one assessment: no rate of gain yet",
            "no level gain since the first assessment",
            SHOULD_HAVE_CLOSED,
        ],
        "at the current rate of gain",
    )
    out["reason"] = text(pd.Series(reason, dtype=object))
    out["projected_close"] = projected
    out["coverage"] = g["coverage"].to_numpy()
    return out


def skill_investment(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Hours invested per skill vs the level gained from its first to its latest assessment.

    Time-log rows count for a skill through the milestone they are linked to (directly or by
    their action); a milestone's hours are split equally among its skills. Hours not linked
    to a milestone with skills are not attributed to any skill.

    Returns
    -------
    pandas.DataFrame
        ``person_id, skill_id, skill, domain, hours, first_assessed, first_level,
        last_assessed, latest_level, level_gain, hours_per_level`` for every skill with hours
        or assessments (levels are combined levels; ``hours_per_level`` is NaN without gain).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> inv = metrics.skill_investment(m, as_of="2026-11-15").set_index("skill")
    >>> bool(inv.loc["Programming", "hours"] > 0), float(inv.loc["Programming", "level_gain"])
    (True, 1.5)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    log = linked_log(m, as_of)
    mss = m.milestone_skills.assign(skill_id=skill_key(m.milestone_skills))
    mss = mss.drop_duplicates(["person_id", "milestone_id", "skill_id"])
    share = 1.0 / mss.groupby(["person_id", "milestone_id"], sort=False)["skill_id"].transform(
        "size"
    )
    mss = mss.assign(share=share)
    per_ms = log.groupby(["person_id", "milestone_id"], sort=False)["hours"].sum().reset_index()
    hours = per_ms.merge(
        mss[["person_id", "milestone_id", "skill_id", "share"]], on=["person_id", "milestone_id"]
    )
    hours = (
        (hours["hours"] * hours["share"])
        .groupby([hours["person_id"], hours["skill_id"]], sort=False)
        .sum()
    )
    trend = level_trend(skill_series(m, as_of)).set_index(["person_id", "skill_id"])
    idx = hours.index.union(trend.index)
    out = pd.DataFrame(index=idx)
    out["hours"] = hours.reindex(idx).fillna(0.0)
    out["first_assessed"] = trend["first_assessed"].reindex(idx)
    out["first_level"] = trend["first_level"].reindex(idx)
    out["last_assessed"] = trend["last_assessed"].reindex(idx)
    out["latest_level"] = trend["latest_level"].reindex(idx)
    out["level_gain"] = out["latest_level"] - out["first_level"]
    out["hours_per_level"] = out["hours"] / out["level_gain"].where(out["level_gain"] > 0)
    out = out.reset_index()
    out = with_names(m, out)
    out["person_id"] = text(out["person_id"])
    out["skill_id"] = text(out["skill_id"])
    cols = [
        "person_id", "skill_id", "skill", "domain", "hours", "first_assessed", "first_level",
        "last_assessed", "latest_level", "level_gain", "hours_per_level",
    ]  # fmt: skip
    return sort_people(out[cols], m, ["skill_id"])
