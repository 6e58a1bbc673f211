"""The cohort view: every person's KPIs on a day, who needs attention and why, the medians,
and the summaries that stay readable at 1,000 people (counts by reason and by group, each
skill across people, the time mix as a spread)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from careermap import _format, metrics
from careermap._args import check_columns, check_map
from careermap._dates import as_of_arg
from careermap.model import CareerMap
from careermap.share import export

__all__ = [
    "NO_GROUP",
    "REASON_NAMES",
    "CohortView",
    "cohort_skills",
    "cohort_view",
    "group_counts",
    "reason_counts",
    "role_choices",
    "skill_summary",
    "time_mix_spread",
]

#: The short name of each needs-attention flag, in the order the counts list them.
REASON_NAMES = {
    "flag_inactive": "inactive",
    "flag_overdue": "overdue",
    "flag_forecast": "forecast",
    "flag_reviews": "falling reviews",
    "flag_top_goal": "top goal",
    "flag_low_effort": "low effort",
}
#: How a person without a group is counted.
NO_GROUP = "(no group)"


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
    group : str or None
        The group the view is narrowed to (:meth:`in_group`), ``None`` for everyone.
    everyone : pandas.DataFrame or None
        For a view narrowed to a group, the whole cohort's ``kpis`` (what :meth:`reflagged`
        flags again, and :meth:`in_group` narrows from); ``None`` otherwise.
    """

    as_of: pd.Timestamp
    thresholds: metrics.Thresholds
    kpis: pd.DataFrame = field(repr=False)
    group: str | None = None
    everyone: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def medians(self) -> pd.Series:  # computed when first read: a threshold move needs none
        return metrics.kpi_medians(self.kpis).iloc[0]

    @functools.cached_property
    def group_medians(self) -> pd.DataFrame:
        if not self.has_groups:
            return pd.DataFrame()
        return metrics.kpi_medians(self.kpis, by="group")

    @property
    def reasons(self) -> pd.DataFrame:
        """How many people each flag holds (:func:`reason_counts`)."""
        return reason_counts(self.kpis)

    @property
    def groups(self) -> pd.DataFrame:
        """People and people who need attention per group (:func:`group_counts`)."""
        return group_counts(self.kpis)

    def in_group(self, group: str | None) -> CohortView:
        """The view of one group's people (``None``: everyone); the headline names it.

        >>> import careermap
        >>> from careermap import views
        >>> v = views.cohort_view(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
        >>> v.in_group("design").headline
        '4 of 9 people in group design need attention as of 2026-11-15'
        """
        if group is None:
            return (
                self if self.group is None else _view(self._everyone, self.as_of, self.thresholds)
            )
        k = self._everyone
        part = k[k["group"] == group] if "group" in k.columns else k.iloc[0:0]
        return _view(
            part.reset_index(drop=True), self.as_of, self.thresholds, group=group, everyone=k
        )

    @property
    def _everyone(self) -> pd.DataFrame:
        return self.kpis if self.everyone is None else self.everyone

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
        where = "" if self.group is None else f" in group {self.group}"
        return (
            f"{flagged} of {n} {'person' if n == 1 else 'people'}{where} need attention as of "
            f"{self.as_of:%Y-%m-%d}"
        )

    def table(self, *, names: bool = False, notes: Mapping[str, str] | None = None) -> pd.DataFrame:
        """The KPI table a coach reads and exports (:func:`careermap.share.export.kpi_table`)."""
        return export.kpi_table(self.kpis, names=names, notes=notes)

    def reflagged(self, thresholds: Any) -> CohortView:
        """The same KPIs flagged with other thresholds (no KPI computed again)."""
        th = metrics.Thresholds.from_any(thresholds)
        return _view(metrics.reflag(self._everyone, th), self.as_of, th).in_group(self.group)


def _view(
    kpis: pd.DataFrame,
    as_of: pd.Timestamp,
    th: metrics.Thresholds,
    *,
    group: str | None = None,
    everyone: pd.DataFrame | None = None,
) -> CohortView:
    return CohortView(
        as_of=as_of,
        thresholds=th,
        kpis=kpis,
        group=group,
        everyone=everyone,
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


def _group_labels(kpis: pd.DataFrame) -> pd.Series:
    if "group" not in kpis.columns:
        return pd.Series(NO_GROUP, index=kpis.index, dtype="str")
    g = kpis["group"].astype("object")
    return g.where(g.notna() & (g.astype("str").str.strip() != ""), NO_GROUP).astype("str")


def reason_counts(kpis: pd.DataFrame) -> pd.DataFrame:
    """How many people each needs-attention flag holds, every flag listed (0 included).

    Parameters
    ----------
    kpis : pandas.DataFrame
        :func:`careermap.metrics.cohort_summary` output (``CohortView.kpis``).

    Returns
    -------
    pandas.DataFrame
        ``reason`` (a short name, :data:`REASON_NAMES`), ``flag`` (its column), ``people``
        and ``share`` (of everyone in ``kpis``; NaN for nobody). A person with two flags is
        counted under both.

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> v = views.cohort_view(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> int(views.reason_counts(v.kpis).set_index("reason").loc["inactive", "people"])
    6
    """
    check_columns(kpis, list(REASON_NAMES), "reason_counts")
    n = len(kpis)
    people = [int(kpis[flag].astype("bool").sum()) for flag in REASON_NAMES]
    return pd.DataFrame(
        {
            "reason": list(REASON_NAMES.values()),
            "flag": list(REASON_NAMES),
            "people": pd.array(people, dtype="int64"),
            "share": [p / n if n else float("nan") for p in people],
        }
    )


def group_counts(kpis: pd.DataFrame) -> pd.DataFrame:
    """People and people who need attention per group (``"(no group)"`` for the rest).

    Works on a cohort without groups (no ``group`` column, or all missing): one row,
    ``"(no group)"``. Groups in name order, ``"(no group)"`` last.

    Returns
    -------
    pandas.DataFrame
        ``group, people, need_attention, share`` (share of the group's people).

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> v = views.cohort_view(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> views.group_counts(v.kpis)[["group", "people", "need_attention"]].to_dict("list")
    {'group': ['data', 'design', 'ops'], 'people': [11, 9, 10], 'need_attention': [7, 4, 3]}
    """
    check_columns(kpis, ["person_id", "needs_attention"], "group_counts")
    frame = pd.DataFrame(
        {"group": _group_labels(kpis), "flagged": kpis["needs_attention"].astype("bool")}
    )
    out = frame.groupby("group", sort=False)["flagged"].agg(["size", "sum"]).reset_index()
    out.columns = ["group", "people", "need_attention"]
    out["people"] = out["people"].astype("int64")
    out["need_attention"] = out["need_attention"].astype("int64")
    out["share"] = out["need_attention"] / out["people"]
    order = sorted(out["group"], key=lambda g: (g == NO_GROUP, g))
    return out.set_index("group").loc[order].reset_index()


def role_choices(m: CareerMap) -> pd.DataFrame:
    """The roles a coach can compare the cohort with: priority-1 roles, the most common first.

    Returns
    -------
    pandas.DataFrame
        ``role_id, title, people, label``: ``label`` is what a menu shows, the role's title
        (its id when it has none, :func:`careermap._format.role`) and how many people have it
        as their priority-1 role.

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> views.role_choices(careermap.load(careermap.cohort_path()))["label"].iloc[0]
    'Clinical Research Coordinators (3 people)'
    """
    m = check_map(m)
    roles = metrics.priority_roles(m)
    titles = (
        m.target_roles.dropna(subset=["title"])
        .astype({"role_id": "str"})
        .drop_duplicates("role_id")
        .set_index("role_id")["title"]
    )
    out = roles.assign(title=roles["role_id"].map(titles))
    out["label"] = [
        f"{_format.role(r, t)} ({_format.count(n, 'person')})"
        for r, t, n in zip(out["role_id"], out["title"], out["people"], strict=True)
    ]
    return out[["role_id", "title", "people", "label"]].reset_index(drop=True)


_SKILL_COLUMNS = [
    "role_id", "skill_id", "skill", "required_level", "importance", "people", "assessed",
    "coverage", "below", "share_below", "median_gap", "median_weighted_gap",
]  # fmt: skip


def skill_summary(gaps: pd.DataFrame) -> pd.DataFrame:
    """Each skill of a role across people: how many are below the requirement, the median gap.

    The per-skill answer that replaces a person x skill grid at hundreds of people. Only
    assessed people are compared with the requirement; ``coverage`` says how many that is.

    Parameters
    ----------
    gaps : pandas.DataFrame
        :func:`careermap.metrics.skill_gaps` output (one row per person, role and skill).

    Returns
    -------
    pandas.DataFrame
        One row per role and skill: ``role_id, skill_id, skill, required_level,
        importance``; ``people`` (with the requirement), ``assessed`` (of them, with a
        level), ``coverage`` (assessed / people), ``below`` (assessed people whose level is
        under the required level), ``share_below`` (below / assessed, NaN when nobody is
        assessed), ``median_gap`` and ``median_weighted_gap`` (over the assessed people).
        The largest share below first, then the largest median weighted gap.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics, views
    >>> m = careermap.load(careermap.cohort_path())
    >>> gaps = metrics.skill_gaps(m, roles=["15-2031.00"], as_of="2026-11-15")
    >>> s = views.skill_summary(gaps)
    >>> ordered = s["share_below"].dropna().is_monotonic_decreasing
    >>> int(s["people"].iloc[0]) == len(m.people), bool(ordered)
    (True, True)
    """
    check_columns(
        gaps,
        ["person_id", "role_id", "skill_id", "skill", "required_level", "importance",
         "current_level", "assessed", "gap", "weighted_gap"],
        "skill_summary",
    )  # fmt: skip
    if gaps.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in _SKILL_COLUMNS})
    assessed = gaps["assessed"].astype("bool")
    frame = pd.DataFrame(
        {
            "role_id": gaps["role_id"].astype("str"),
            "skill_id": gaps["skill_id"].astype("str"),
            "person_id": gaps["person_id"],
            "assessed": assessed,
            "below": assessed
            & (gaps["current_level"].astype("float64") < gaps["required_level"].astype("float64")),
            "gap": gaps["gap"].astype("float64").where(assessed),
            "weighted_gap": gaps["weighted_gap"].astype("float64").where(assessed),
        }
    )
    keys = ["role_id", "skill_id"]
    grouped = frame.groupby(keys, sort=False)
    out = grouped.agg(
        people=("person_id", "nunique"),
        assessed=("assessed", "sum"),
        below=("below", "sum"),
        median_gap=("gap", "median"),
        median_weighted_gap=("weighted_gap", "median"),
    ).reset_index()
    info = gaps.assign(role_id=frame["role_id"], skill_id=frame["skill_id"]).drop_duplicates(keys)[
        [*keys, "skill", "required_level", "importance"]
    ]
    out = out.merge(info, on=keys, how="left")
    for column in ("people", "assessed", "below"):
        out[column] = out[column].astype("int64")
    out["coverage"] = out["assessed"] / out["people"]
    out["share_below"] = out["below"] / out["assessed"].where(out["assessed"] > 0)
    out = out.sort_values(
        ["role_id", "share_below", "median_weighted_gap", "skill"],
        ascending=[True, False, False, True],
        na_position="last",
        kind="stable",
    )
    return out[_SKILL_COLUMNS].reset_index(drop=True)


def cohort_skills(
    m: CareerMap, role_id: str, *, as_of: Any = None, people: Any = None
) -> pd.DataFrame:
    """:func:`skill_summary` of a cohort (or the ``people`` listed) against one role.

    Everyone is compared with the role, whatever their own target roles are (the question
    is "how ready is this cohort for this role").

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> m = careermap.load(careermap.cohort_path())
    >>> s = views.cohort_skills(m, "15-2031.00", as_of="2026-11-15")
    >>> list(s.columns[:3]), int(s["people"].max())
    (['role_id', 'skill_id', 'skill'], 30)
    """
    m = check_map(m)
    if people is not None:
        m = m.subset(list(people))
    return skill_summary(metrics.skill_gaps(m, roles=[role_id], as_of=as_of_arg(as_of)))


def time_mix_spread(mix: pd.DataFrame, roster: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The time mix of many people as a spread: each category's share per person, and a summary.

    Parameters
    ----------
    mix : pandas.DataFrame
        :func:`careermap.metrics.time_mix` output ``by="person"`` (``person_id, category,
        hours, total_hours, share_pct``).
    roster : pandas.DataFrame
        Everyone the mix is about (``person_id``; e.g. ``m.people``).

    Returns
    -------
    (shares, summary)
        ``shares``: one row per person who logged hours, one column per category, the
        category's share of their hours in % (0 where they logged none of it).
        ``summary``: one row per category, ``category, people`` (who logged any of it),
        ``median_share, q1_share, q3_share`` (over everyone in ``shares``), and in its
        ``attrs`` ``people`` (the roster's size) and ``no_hours`` (roster people who logged
        no hours at all).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics, views
    >>> m = careermap.load(careermap.cohort_path())
    >>> alloc = metrics.time_allocation(m, as_of="2026-11-15")
    >>> mix = metrics.time_mix(alloc, people=m.people, by="person")
    >>> shares, summary = views.time_mix_spread(mix, m.people)
    >>> len(shares) + summary.attrs["no_hours"] == summary.attrs["people"] == 30
    True
    """
    check_columns(mix, ["person_id", "category", "hours", "share_pct"], "time_mix_spread")
    check_columns(roster, ["person_id"], "time_mix_spread(roster=...)")
    logged = mix.loc[mix["hours"].astype("float64") > 0]
    shares = logged.pivot_table(
        index="person_id", columns="category", values="share_pct", aggfunc="sum", fill_value=0.0
    ).astype("float64")
    shares.columns = [str(c) for c in shares.columns]
    everyone = roster["person_id"].drop_duplicates()
    shares = shares.loc[shares.index.isin(everyone)]
    summary = pd.DataFrame(
        {
            "category": list(shares.columns),
            "people": [int((shares[c] > 0).sum()) for c in shares.columns],
            "median_share": [float(shares[c].median()) for c in shares.columns],
            "q1_share": [float(shares[c].quantile(0.25)) for c in shares.columns],
            "q3_share": [float(shares[c].quantile(0.75)) for c in shares.columns],
        }
    )
    summary = summary.sort_values(
        ["median_share", "category"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    summary.attrs["people"] = len(everyone)
    summary.attrs["no_hours"] = int((~everyone.isin(shares.index)).sum())
    return shares, summary
