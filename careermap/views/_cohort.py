"""The cohort view: every person's KPIs on a day, who needs attention and why, the medians."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from careermap import metrics
from careermap._args import check_map
from careermap._dates import as_of_arg
from careermap.model import CareerMap
from careermap.share import export

__all__ = ["CohortView", "cohort_view"]


@dataclass(frozen=True)
class CohortView:
    """A cohort on one day: what notebook 05, the cohort report, the coach's dashboard and
    ``careermap export`` show. Build it with :func:`cohort_view`.

    Attributes
    ----------
    as_of : pandas.Timestamp
        The day described.
    thresholds : careermap.metrics.Thresholds
        When a person needs attention.
    kpis : pandas.DataFrame
        One row per person: :func:`careermap.metrics.cohort_summary` (the KPIs, the flags
        and their reasons in words).
    medians : pandas.Series
        The whole cohort's row of :func:`careermap.metrics.kpi_medians` (people, how many
        need attention and their share, median progress, hours per week, days since the
        last log and on-time rate).
    group_medians : pandas.DataFrame
        The same per group (empty without groups).
    """

    as_of: pd.Timestamp
    thresholds: metrics.Thresholds
    kpis: pd.DataFrame = field(repr=False)
    medians: pd.Series = field(repr=False)
    group_medians: pd.DataFrame = field(repr=False)

    @property
    def has_groups(self) -> bool:
        """Whether the cohort has groups (``cohort.yaml``'s ``groups``)."""
        return "group" in self.kpis.columns and bool(self.kpis["group"].notna().any())

    @property
    def attention(self) -> pd.DataFrame:
        """Who needs attention, most reasons first (then the longest without a log)."""
        k = self.kpis
        flagged = k[k["needs_attention"].astype(bool)]
        order = pd.DataFrame(
            {
                "n": -flagged["reasons"].map(len),
                "days": -flagged["days_since_last_log"].astype("float64").fillna(1e9),
                "id": flagged["person_id"],
            }
        ).sort_values(["n", "days", "id"], kind="stable")
        return flagged.loc[order.index].reset_index(drop=True)

    @property
    def headline(self) -> str:
        """``"9 of 30 people need attention as of 2026-11-15"``."""
        n, flagged = len(self.kpis), int(self.kpis["needs_attention"].sum())
        return f"{flagged} of {n} {'person' if n == 1 else 'people'} need attention as of " + (
            f"{self.as_of:%Y-%m-%d}"
        )

    def table(self, *, names: bool = False, notes: Mapping[str, str] | None = None) -> pd.DataFrame:
        """The KPI table a coach reads and exports (:func:`careermap.share.export.kpi_table`)."""
        return export.kpi_table(self.kpis, names=names, notes=notes)

    def reflagged(self, thresholds: Any) -> CohortView:
        """The same KPIs flagged with other thresholds (no KPI computed again)."""
        th = metrics.Thresholds.from_any(thresholds)
        return _view(metrics.reflag(self.kpis, th), self.as_of, th)


def _view(kpis: pd.DataFrame, as_of: pd.Timestamp, th: metrics.Thresholds) -> CohortView:
    groups = "group" in kpis.columns and bool(kpis["group"].notna().any())
    return CohortView(
        as_of=as_of,
        thresholds=th,
        kpis=kpis,
        medians=metrics.kpi_medians(kpis).iloc[0],
        group_medians=metrics.kpi_medians(kpis, by="group") if groups else pd.DataFrame(),
    )


def cohort_view(m: CareerMap, *, as_of: Any = None, thresholds: Any = None) -> CohortView:
    """Build the :class:`CohortView` of a cohort (or of one person: a cohort of one).

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        The day (default today).
    thresholds : careermap.metrics.Thresholds or dict, optional
        When a person needs attention (default: the documented defaults).

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> v = views.cohort_view(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> v.headline
    '14 of 30 people need attention as of 2026-11-15'
    >>> int(v.medians["people"]), len(v.attention)
    (30, 14)
    """
    m = check_map(m)
    stamp = as_of_arg(as_of)
    th = metrics.Thresholds.from_any(thresholds)
    return _view(metrics.cohort_summary(m, as_of=stamp, thresholds=th), stamp, th)
