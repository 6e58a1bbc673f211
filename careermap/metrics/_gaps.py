"""Skill gaps to roles, the match score and the gap trend over assessment dates.

The rules (unassessed elements, weighting, match score) are documented in
``docs/metrics.md#skill_gaps``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._common import as_of_arg, check_map, roles_arg, text
from careermap.metrics._coverage import coverage
from careermap.metrics._levels import (
    assessments_upto,
    combine_levels,
    latest_levels,
    levels_now,
    with_names,
)
from careermap.metrics._requirements import compared_roles, role_requirements
from careermap.metrics._role_gap import element_gaps, role_gap
from careermap.model import CareerMap

__all__ = ["gap_trend", "match_score", "skill_gaps"]

_GAP_COLUMNS = [
    "person_id", "role_id", "role_title", "priority", "skill_id", "skill", "domain",
    "required_level", "importance", "current_level", "assessed", "gap", "weighted_gap",
    "level_se", "level_lower", "level_upper", "suppress", "not_relevant", "requirement",
    "weight", "coverage", "role_gap", "role_max_gap",
]  # fmt: skip


def gap_rows(
    reqs: pd.DataFrame,
    levels: pd.DataFrame,
    on: tuple[str, ...] | list[str] = ("person_id", "skill_id"),
) -> pd.DataFrame:
    """Requirements joined with the combined levels; the element terms of the one gap rule
    (:func:`._role_gap.element_gaps`): ``gap``, ``weight``, ``term``, ``weighted_gap``."""
    x = reqs.merge(levels, on=list(on), how="left")
    x["current_level"] = x["level"]
    e = element_gaps(x["required_level"], x["importance"], x["level"])
    x["assessed"] = e["assessed"]
    x["gap"] = e["gap"]
    x["weight"] = e["weight"]
    x["term"] = e["term"]
    x["weighted_gap"] = e["term"].where(e["assessed"])
    return x


def skill_gaps(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """Gap between the person's combined level and each role's required level, per skill.

    Parameters
    ----------
    m : CareerMap
    roles : str or list of str, optional
        O*NET-SOC codes or custom role ids to compare with instead of the target roles
        (applied to every person; ``priority`` is the role's target priority, or missing).
    as_of : date-like, optional
    include_not_relevant : bool, default False
        Keep the elements O*NET flags "not relevant" for an occupation.

    Returns
    -------
    pandas.DataFrame
        One row per person x role x required element: ``person_id, role_id, role_title,
        priority, skill_id, skill, domain, required_level, importance, current_level,
        assessed, gap, weighted_gap, level_se, level_lower, level_upper, suppress,
        not_relevant, requirement, weight, coverage, role_gap, role_max_gap``
        (``requirement`` is ``onet`` or
        ``custom``). ``gap = max(required - current, 0)``, ``weighted_gap = gap *
        importance / 5`` and ``weight = required * importance / 5`` (what the element
        adds to the role's gap while unassessed). An unassessed skill stays visible:
        ``assessed=False`` and NaN ``current_level``, ``gap``, ``weighted_gap``.
        ``coverage``, ``role_gap`` and ``role_max_gap`` are the role's (the same on each of
        its rows): the share of its requirement weight that is assessed, its gap and the
        gap with nothing assessed (:func:`match_score`'s ``coverage``, ``gap``, ``max_gap``;
        ``docs/metrics.md#gap``).
        Roles with nothing to compare against (e.g. 15-2051.00, which O*NET has not rated)
        give no rows; ``.attrs["notes"]`` says why (see :func:`role_coverage`).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> g = metrics.skill_gaps(m, roles="15-2051.01", as_of="2026-11-15")
    >>> g.set_index("skill").loc["Programming", ["required_level", "current_level", "gap"]].tolist()
    [2.5, 5.0, 0.0]
    >>> g.attrs["notes"]
    []
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    roles_df = compared_roles(m, roles_arg(roles))
    reqs = role_requirements(
        roles_df, m.role_requirements, include_not_relevant=bool(include_not_relevant)
    )
    out = gap_rows(reqs, levels_now(m, as_of))
    per_role = role_gap(out, ["position"]).set_index("position")
    for col, name in (("coverage", "coverage"), ("gap", "role_gap"), ("max_gap", "role_max_gap")):
        out[name] = per_role[col].reindex(out["position"]).to_numpy()
    out = _finish_gaps(m, out, roles_df)
    cov = coverage(m, roles_df, reqs)
    empty = cov[cov["n_requirements"] == 0]
    out.attrs["notes"] = [
        f"{r.person_id} {r.role_id}: {r.message}"
        + (
            f"; rated related occupations: {r.suggestions}"
            if isinstance(r.suggestions, str)
            else ""
        )
        for r in empty.itertuples(index=False)
    ]
    return out


def _finish_gaps(m: CareerMap, x: pd.DataFrame, roles_df: pd.DataFrame) -> pd.DataFrame:
    """Names, role columns and order: by role, then largest weighted gap first (unassessed
    last)."""
    info = roles_df.set_index("position")
    x = with_names(m, x.reset_index(drop=True))
    x["role_title"] = info["title"].reindex(x["position"]).to_numpy()
    x["priority"] = info["priority"].reindex(x["position"]).to_numpy()
    x["priority"] = x["priority"].astype("Int64")
    x["requirement"] = pd.Categorical(x["requirement"], categories=["onet", "custom"])
    for col in ("person_id", "role_id", "skill_id", "role_title"):
        x[col] = text(x[col])
    x["_wg"] = -x["weighted_gap"].fillna(-np.inf)
    x = x.sort_values(["position", "_wg", "skill_id"], kind="stable")
    return x[_GAP_COLUMNS].reset_index(drop=True)


def _match_table(gaps: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The gap to a role per group of gap rows (:func:`._role_gap.role_gap`, the one rule),
    with the names :func:`match_score` has always had beside the rule's own."""
    out = role_gap(gaps, keys)
    aw = out["assessed_weight"]
    out["match_score"] = out["match"]
    out["match_assessed"] = 1.0 - out["gap_assessed"] / aw.where(aw > 0)
    out["assessed_share"] = out["coverage"]
    out["weighted_gap"] = out["gap"]
    out["weighted_gap_assessed"] = out["gap_assessed"]
    out["max_weighted_gap"] = out["max_gap"]
    return out


def match_score(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """The gap to each role, its coverage and the match score ``1 - gap / max_gap`` in [0, 1].

    The one definition of the gap to a role (``docs/metrics.md#gap``): ``gap`` sums
    ``max(required - level, 0) * importance / 5`` over the role's elements, an unassessed
    element counting its full ``weight = required * importance / 5`` (no evidence, nothing
    credited), and ``coverage`` says how much of the role's weight is assessed.
    ``match_assessed`` is the match over assessed elements only.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, role_title, priority, match_score, match_assessed,
        assessed_share, weighted_gap, max_weighted_gap, n_requirements, n_assessed, gap,
        gap_assessed, gap_unassessed, max_gap, coverage``; one row per compared role, NaN
        scores where there is nothing to compare (see :func:`role_coverage`).
        ``weighted_gap`` is ``gap``, ``max_weighted_gap`` is ``max_gap`` and
        ``assessed_share`` is ``coverage`` (their older names).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> s = metrics.match_score(m, as_of="2026-11-15")
    >>> bool(s.match_score.between(0, 1).all()), s.role_id.tolist()
    (True, ['15-2051.01', '15-2041.00', 'analytics-lead'])
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    roles_df = compared_roles(m, roles_arg(roles))
    reqs = role_requirements(
        roles_df, m.role_requirements, include_not_relevant=bool(include_not_relevant)
    )
    gaps = gap_rows(reqs, levels_now(m, as_of))
    agg = _match_table(gaps, ["position"])
    out = roles_df.merge(agg, on="position", how="left")
    for col in ("n_requirements", "n_assessed"):
        out[col] = out[col].fillna(0).astype("int64")
    out["role_title"] = out["title"]
    out["person_id"] = text(out["person_id"])
    out["role_id"] = text(out["role_id"])
    cols = [
        "person_id", "role_id", "role_title", "priority", "match_score", "match_assessed",
        "assessed_share", "weighted_gap", "max_weighted_gap", "n_requirements", "n_assessed",
        "gap", "gap_assessed", "gap_unassessed", "max_gap", "coverage",
    ]  # fmt: skip
    return out[cols].reset_index(drop=True)


def gap_trend(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """The gap to each role on every date the person assessed a skill.

    The levels on each date are the combined levels as of that date (the same rule as
    :func:`skill_levels`), so the series shows how the gap closed as assessments came in.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, date, weighted_gap, weighted_gap_assessed, match_score,
        n_assessed, gap, coverage``: the gap to a role of :func:`match_score` on each date
        (``weighted_gap`` is ``gap``: unassessed elements count their full weight, so a
        newly assessed skill never raises it) and its ``coverage`` on that date.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.gap_trend(m, roles="15-2051.01", as_of="2026-11-15")
    >>> bool(t.weighted_gap.iloc[-1] < t.weighted_gap.iloc[0])
    True
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    roles_df = compared_roles(m, roles_arg(roles))
    reqs = role_requirements(
        roles_df, m.role_requirements, include_not_relevant=bool(include_not_relevant)
    )
    a = assessments_upto(m, as_of)
    points = a[["person_id", "date"]].drop_duplicates().rename(columns={"date": "at"})
    levels = combine_levels(latest_levels(a, points))[["person_id", "at", "skill_id", "level"]]
    # every requirement row on every date of its person, then the levels known on that date
    grid = reqs.merge(points, on="person_id", how="inner")
    gaps = gap_rows(grid, levels, on=["person_id", "at", "skill_id"])
    agg = _match_table(gaps, ["position", "at"])
    out = agg.merge(roles_df[["position", "person_id", "role_id"]], on="position", how="left")
    out = out.rename(columns={"at": "date"}).sort_values(["position", "date"], kind="stable")
    out["person_id"] = text(out["person_id"])
    out["role_id"] = text(out["role_id"])
    cols = [
        "person_id",
        "role_id",
        "date",
        "weighted_gap",
        "weighted_gap_assessed",
        "match_score",
        "n_assessed",
        "gap",
        "coverage",
    ]
    return out[cols].reset_index(drop=True)
