"""The gap to a role: the one definition every gap careermap shows is computed with.

For one person, one role and one date, over the role's requirements ``e`` (the rows of
``_requirements.role_requirements``), with ``level_e`` the skill's combined level
(``_levels``) and missing when the skill was never assessed::

    weight_e = required_level_e x importance_e / 5          what the element is worth
    term_e   = max(required_level_e - level_e, 0) x importance_e / 5
               (= weight_e when the element is unassessed: no evidence, nothing credited)
    gap      = sum_e term_e                                   in gap points
    max_gap  = sum_e weight_e                                 the gap with nothing assessed
    coverage = sum_e weight_e [assessed] / max_gap            how much of the gap is measured
    match    = 1 - gap / max_gap

``gap = gap_assessed + gap_unassessed``: the shortfall the assessments show plus the weight
nobody has assessed yet, so the number never hides what it does not know (``coverage``
says how much of it is measured). Why unassessed counts in full rather than as zero: the
gap must never reward assessing less. With an element counted as zero, removing a
below-requirement assessment made the gap *fall*; here a requirement's term is largest
when it is unassessed, so

- assessing a requirement nobody had assessed never raises the gap, and
- taking away every assessment of a requirement never lowers it (nobody ranks as closer to
  a role by withholding evidence),
- and the gap never rises when a requirement's level rises.

(A single assessment of a skill assessed several times moves its combined level, a
weighted mean, either way, whatever the gap definition: ``docs/metrics.md#gap``.)

Every sum is added in 1e-9 units (``_exact``), so the person metrics (pandas,
:func:`role_gap`) and the cohort KPIs (Ibis on DuckDB and Spark, :func:`role_gap_expr`)
give the same float; ``tests/metrics/test_role_gap.py`` compares them.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
from ibis import _

from careermap.metrics._exact import exact_sum, from_units, units

__all__ = ["GAP_TOTALS", "element_gaps", "element_gaps_expr", "role_gap", "role_gap_expr"]

# typed: Spark reads a bare float literal as a decimal
_ZERO = ibis.literal(0.0, type="float64")

#: The columns :func:`role_gap` and :func:`role_gap_expr` add per group.
GAP_TOTALS = (
    "gap",
    "gap_assessed",
    "gap_unassessed",
    "max_gap",
    "assessed_weight",
    "coverage",
    "match",
    "n_requirements",
    "n_assessed",
)


def element_gaps(required: pd.Series, importance: pd.Series, level: pd.Series) -> pd.DataFrame:
    """Per requirement: ``assessed``, ``gap`` (NaN unassessed), ``weight``, ``term``.

    ``term`` is the element's part of the role's gap: ``gap x importance / 5``, or
    ``weight`` when the element is unassessed.
    """
    req = required.astype("float64")
    w5 = importance.astype("float64") / 5
    lvl = level.astype("float64")
    assessed = lvl.notna()
    gap = (req - lvl).clip(lower=0.0)
    return pd.DataFrame(
        {
            "assessed": assessed,
            "gap": gap,
            "weight": req * w5,
            "term": (req - lvl.fillna(0.0)).clip(lower=0.0) * w5,
        },
        index=required.index,
    )


def element_gaps_expr(required: ibis.Value, importance: ibis.Value, level: ibis.Value) -> dict:
    """:func:`element_gaps` as Ibis columns: ``assessed``, ``weight``, ``term``."""
    req = required.cast("float64")
    w5 = importance.cast("float64") / 5
    lvl = level.cast("float64")
    return {
        "assessed": lvl.notnull(),
        "weight": req * w5,
        "term": ibis.greatest(req - lvl.fill_null(_ZERO), _ZERO) * w5,
    }


def role_gap(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The gap to a role per group of requirement rows (``keys``, e.g. person x role).

    Parameters
    ----------
    rows
        One row per requirement with ``required_level``, ``importance`` and ``level``
        (the combined level; NaN when unassessed), plus ``keys``.
    keys
        The columns a gap is per.

    Returns
    -------
    pandas.DataFrame
        ``keys`` plus :data:`GAP_TOTALS`, one row per group.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"p": "a", "required_level": [4.0, 3.0, 5.0],
    ...     "importance": [5.0, 2.5, 4.0], "level": [3.0, 3.5, None]})
    >>> r = role_gap(rows, ["p"]).iloc[0]
    >>> float(r.gap), float(r.gap_assessed), float(r.max_gap), round(float(r.coverage), 4)
    (5.0, 1.0, 9.5, 0.5789)
    """
    e = element_gaps(rows["required_level"], rows["importance"], rows["level"])
    a = e["assessed"].to_numpy()
    term = units(e["term"].to_numpy())
    weight = units(e["weight"].to_numpy())
    parts = np.column_stack(
        [
            term,
            np.where(a, term, 0),
            np.where(a, 0, term),
            weight,
            np.where(a, weight, 0),
            np.ones(len(a), dtype="int64"),
            a.astype("int64"),
        ]
    ).astype("int64")
    # integer totals per group, groups in order of first appearance (as groupby(sort=False))
    group = rows.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    n_groups = int(group.max()) + 1 if len(group) else 0
    s = np.zeros((n_groups, parts.shape[1]), dtype="int64")
    np.add.at(s, group, parts)
    first = np.full(n_groups, len(group), dtype="int64")
    np.minimum.at(first, group, np.arange(len(group)))
    out = rows[keys].iloc[first].reset_index(drop=True)
    out["gap"] = from_units(s[:, 0])
    out["gap_assessed"] = from_units(s[:, 1])
    out["gap_unassessed"] = from_units(s[:, 2])
    out["max_gap"] = from_units(s[:, 3])
    out["assessed_weight"] = from_units(s[:, 4])
    mx = out["max_gap"].where(out["max_gap"] > 0)
    out["coverage"] = out["assessed_weight"] / mx
    out["match"] = 1.0 - out["gap"] / mx
    out["n_requirements"] = s[:, 5]
    out["n_assessed"] = s[:, 6]
    return out


def role_gap_expr(rows: ibis.Table, keys: list[str]) -> ibis.Table:
    """:func:`role_gap` as an Ibis expression (the cohort KPIs, on any engine).

    ``rows``: one row per requirement with ``required_level``, ``importance`` and ``level``
    (null when unassessed), plus ``keys``. Returns ``keys`` plus :data:`GAP_TOTALS`.
    """
    e = element_gaps_expr(rows.required_level, rows.importance, rows.level)
    x = rows.select(*keys, **e)
    zero = _ZERO
    s = x.group_by(keys).agg(
        gap=exact_sum(_.term),
        gap_assessed=exact_sum(ibis.ifelse(_.assessed, _.term, zero)),
        gap_unassessed=exact_sum(ibis.ifelse(_.assessed, zero, _.term)),
        max_gap=exact_sum(_.weight),
        assessed_weight=exact_sum(ibis.ifelse(_.assessed, _.weight, zero)),
        n_requirements=_.term.count().cast("int64"),
        n_assessed=_.assessed.cast("int64").sum(),
    )
    mx = ibis.ifelse(s.max_gap > 0, s.max_gap, ibis.null("float64"))
    return s.select(
        *keys,
        "gap",
        "gap_assessed",
        "gap_unassessed",
        "max_gap",
        "assessed_weight",
        coverage=s.assessed_weight / mx,
        match=ibis.literal(1.0, type="float64") - s.gap / mx,
        n_requirements="n_requirements",
        n_assessed="n_assessed",
    )
