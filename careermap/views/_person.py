"""The person view: one person's headline numbers on a day, built once for every page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from careermap import _format as fmt
from careermap import metrics
from careermap._args import check_choice, check_one_person
from careermap._dates import as_of_arg
from careermap.model import CareerMap

__all__ = ["PersonView", "burndown_and_forecast", "person_view"]

#: What a burndown counts: milestones (each 1) or their effort estimates in hours.
WORK_UNITS = ("count", "effort")


def burndown_and_forecast(
    m: CareerMap,
    *,
    as_of: Any = None,
    by: Literal["count", "effort"] = "count",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The weekly burndown and the completion forecast that continues it, as every page shows.

    The forecast is :func:`careermap.metrics.forecast` with its own default throughput window:
    no page passes a window of its own, so the fan of a chart, the headline's "all done by"
    and the report's card are one forecast.

    Parameters
    ----------
    m : CareerMap
        One person or a cohort (a goal filter is ``m.only_goals(...)``).
    as_of : date-like, optional
        The day (default today).
    by : {"count", "effort"}
        Milestones or effort hours.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        ``metrics.burndown(m, by=by, freq="W", as_of=as_of)`` and
        ``metrics.forecast(m, by=by, as_of=as_of)``, the two frames
        ``careermap.charts.burndown_chart`` takes.

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> m = careermap.load(careermap.sample_path())
    >>> burn, fc = views.burndown_and_forecast(m, as_of="2026-11-15")
    >>> burn["remaining"].iloc[-1], list(fc["level"].unique())
    (np.float64(7.0), ['person', 'goal'])
    """
    by = check_choice("by", by, WORK_UNITS)
    stamp = as_of_arg(as_of)
    burn = metrics.burndown(m, by=by, freq="W", as_of=stamp)
    fc = metrics.forecast(m, by=by, as_of=stamp)
    return burn, fc


@dataclass(frozen=True)
class PersonView:
    """One person's numbers on one day: what notebook 02, the report, the coach's
    drill-down and the CLI show about them. Build it with :func:`person_view`.

    Attributes
    ----------
    person_id, name : str
        Who (the name as the map given holds it: a shared map holds the pseudonym).
    as_of : pandas.Timestamp
        The day described.
    finish_p50, finish_p85, finish_p95 : pandas.Timestamp or NaT
        When all the remaining milestones are done, at 50, 85 and 95% (the person row of
        the forecast); NaT when there is no forecast, and ``forecast_reason`` says why.
    forecast_reason : str
        The forecast's own account of itself (the pace it learned over how many weeks, how
        sure it can be, or why there is no date).
    forecast_window : int
        The throughput window the forecast used (its one default, cut to the weeks since
        the start).
    latest_deadline : pandas.Timestamp or NaT
        The last goal deadline; ``prob_by_deadline`` the chance to be done by it.
    remaining, milestones_done, milestones_in_scope, n_overdue : int
        Milestones open, done and in the plan, and overdue, on ``as_of`` (the cohort KPIs of a
        cohort of one: the same counts as the coach's table).
    on_time_rate, progress_pct : float
        Share of done milestones done by their target; done as % of the plan.
    hours_this_month, capacity_this_month, hours_per_week_4w, weekly_hours : float
        Hours logged this month and the month's capacity; the hours per week of the last four
        weeks and the planned hours per week.
    days_since_last_log : float
        NaN before the first log.
    habit_strength : float
        The logging habit's strength (0-1).
    gap_role_id, gap_role : str
        The role the gap is measured against (id and title).
    gap, gap_max, gap_coverage : float
        The gap to that role: the cohort KPI ``gap_now`` (the number the coach's table and the
        export show), the gap with nothing assessed, and the share of the role's requirement
        weight that is assessed (read the gap beside it: docs/metrics.md#gap).
    match_score : float
        The match to that role (0-1); ``top_gaps`` its three largest skill gaps.
    n_assessments : int
        Skill assessments made by ``as_of`` (none: the match and gap say "not assessed yet").
    at_risk_goal, at_risk_title : str
        The goal least likely to meet its deadline (empty when no goal has a forecast);
        ``at_risk_deadline`` and ``prob_at_risk`` its deadline and chance.
    needs_attention : bool
        The cohort flag for this person; ``reasons`` its reasons in words.
    burndown, forecast : pandas.DataFrame
        The weekly burndown (by count) and the whole forecast (person and goal rows) the
        numbers above come from; a chart of them shows the same dates.
    """

    person_id: str
    name: str
    as_of: pd.Timestamp
    finish_p50: pd.Timestamp
    finish_p85: pd.Timestamp
    finish_p95: pd.Timestamp
    forecast_reason: str
    forecast_window: int
    latest_deadline: pd.Timestamp
    prob_by_deadline: float
    remaining: int
    milestones_done: int
    milestones_in_scope: int
    n_overdue: int
    on_time_rate: float
    progress_pct: float
    hours_this_month: float
    capacity_this_month: float
    hours_per_week_4w: float
    weekly_hours: float
    days_since_last_log: float
    habit_strength: float
    gap_role_id: str
    gap_role: str
    gap: float
    gap_max: float
    gap_coverage: float
    match_score: float
    top_gaps: str
    n_assessments: int
    at_risk_goal: str
    at_risk_title: str
    at_risk_deadline: pd.Timestamp
    prob_at_risk: float
    needs_attention: bool
    reasons: tuple[str, ...]
    burndown: pd.DataFrame = field(repr=False)
    forecast: pd.DataFrame = field(repr=False)

    @property
    def finish_text(self) -> str:
        """The finish date as every page says it: ``"all done by 2027-03-01 (85% likely)"``,
        or why there is no date."""
        if fmt.is_missing(self.finish_p85):
            return f"no finish date yet: {self.forecast_reason}"
        return f"all done by {fmt.date(self.finish_p85)} (85% likely)"

    @property
    def gap_words(self) -> str:
        """The gap with its coverage: ``"63.43 of 89.08, 30% of it assessed"``, or
        "not assessed yet" when none of the role's requirement weight is assessed."""
        if fmt.is_missing(self.gap) or not self.gap_coverage:
            return "not assessed yet"
        return (
            f"{self.gap:.2f} of {self.gap_max:.2f}, {fmt.percent(self.gap_coverage)} of it assessed"
        )

    @property
    def gap_text(self) -> str:
        """The gap as every page says it:
        ``"gap to Business Intelligence Analysts: 63.43 of 89.08, 30% of it assessed"``."""
        return f"gap to {self.gap_role}: {self.gap_words}"

    def headline(self) -> dict[str, str]:
        """The headline numbers in words, label -> text, in the order pages show them.

        Examples
        --------
        >>> import careermap
        >>> from careermap import views
        >>> v = views.person_view(careermap.load(careermap.sample_path()), as_of="2026-11-15")
        >>> v.headline()["milestones done (of those in the plan)"]
        '9 of 16'
        """
        out = {
            "milestones done (of those in the plan)": (
                f"{fmt.number(self.milestones_done)} of {fmt.number(self.milestones_in_scope)}"
            ),
            "milestones remaining": fmt.number(self.remaining),
            "milestones overdue": fmt.number(self.n_overdue),
            "done on time": fmt.percent(self.on_time_rate),
            "hours logged this month": fmt.hours(self.hours_this_month),
            "capacity this month": fmt.hours(self.capacity_this_month),
            "days since the last log": (
                "no log yet"
                if fmt.is_missing(self.days_since_last_log)
                else fmt.number(self.days_since_last_log)
            ),
            "all done by (50% likely)": fmt.date(self.finish_p50),
            "all done by (85% likely)": fmt.date(self.finish_p85),
            f"skill gap to {self.gap_role}": self.gap_words,
            f"match to {self.gap_role}": (
                "not assessed yet"
                if not self.n_assessments or fmt.is_missing(self.match_score)
                else fmt.percent(self.match_score)
            ),
        }
        if self.at_risk_goal:
            named = f"{self.at_risk_goal} {self.at_risk_title}".strip()
            key = (
                f"chance to meet {named} by {fmt.date(self.at_risk_deadline)} "
                "(the goal most at risk)"
            )
            out[key] = fmt.percent(self.prob_at_risk)
        return out

    def as_series(self) -> pd.Series:
        """The numbers (not the frames) as one pandas Series, named after the fields."""
        skip = {"burndown", "forecast"}
        return pd.Series(
            {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in skip},
            name=self.person_id,
        )


def _value(row: Mapping[str, Any], key: str, kind: type) -> Any:
    value = row[key]
    if kind is str:
        return "" if fmt.is_missing(value) else str(value)
    if kind is int:
        return 0 if fmt.is_missing(value) else int(value)
    if kind is float:
        return float("nan") if fmt.is_missing(value) else float(value)
    return pd.Timestamp(value) if not fmt.is_missing(value) else pd.NaT


def person_view(
    m: CareerMap,
    *,
    as_of: Any = None,
    thresholds: Any = None,
) -> PersonView:
    """Build the :class:`PersonView` of a one-person map on a day.

    The burndown and the forecast are :func:`burndown_and_forecast` (the forecast's one
    default window); the numbers are :func:`careermap.metrics.summary` on that same
    forecast, whose counts and flags are the cohort KPIs (one implementation, a cohort of one).

    Parameters
    ----------
    m : CareerMap
        One person's map (``cohort.person(person_id)`` for one person of a cohort).
    as_of : date-like, optional
        The day (default today).
    thresholds : careermap.metrics.Thresholds or dict, optional
        When a person needs attention.

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> v = views.person_view(careermap.load(careermap.sample_path()), as_of="2026-11-15")
    >>> v.remaining, v.n_overdue, v.gap_role_id
    (7, 2, '15-2051.01')
    """
    m = check_one_person(m, "person_view", other="cohort_view")
    stamp = as_of_arg(as_of)
    burn, fc = burndown_and_forecast(m, as_of=stamp)
    s = metrics.summary(m, as_of=stamp, thresholds=thresholds, forecast_frame=fc).iloc[0]
    person_rows = fc[fc["level"] == "person"]
    window = int(person_rows["weeks"].iloc[0]) if len(person_rows) else 0
    roles = m.target_roles.set_index("role_id")["title"] if len(m.target_roles) else {}
    gap_role_id = _value(s, "gap_role_id", str)
    return PersonView(
        person_id=str(s["person_id"]),
        name=_value(s, "name", str),
        as_of=stamp,
        finish_p50=_value(s, "forecast_p50", pd.Timestamp),
        finish_p85=_value(s, "forecast_p85", pd.Timestamp),
        finish_p95=_value(s, "forecast_p95", pd.Timestamp),
        forecast_reason=_value(s, "forecast_reason", str),
        forecast_window=window,
        latest_deadline=_value(s, "latest_deadline", pd.Timestamp),
        prob_by_deadline=_value(s, "prob_by_deadline", float),
        remaining=_value(s, "milestones_remaining", int),
        milestones_done=_value(s, "milestones_done", int),
        milestones_in_scope=_value(s, "milestones_in_scope", int),
        n_overdue=_value(s, "n_overdue", int),
        on_time_rate=_value(s, "on_time_rate", float),
        progress_pct=_value(s, "progress_pct", float),
        hours_this_month=_value(s, "hours_this_month", float),
        capacity_this_month=_value(s, "capacity_this_month", float),
        hours_per_week_4w=_value(s, "hours_per_week_4w", float),
        weekly_hours=_value(s, "weekly_hours", float),
        days_since_last_log=_value(s, "days_since_last_log", float),
        habit_strength=_value(s, "habit_strength", float),
        gap_role_id=gap_role_id,
        gap_role=fmt.role(gap_role_id or None, roles.get(gap_role_id) if gap_role_id else None),
        gap=_value(s, "gap", float),
        gap_max=_value(s, "gap_max", float),
        gap_coverage=_value(s, "gap_coverage", float),
        match_score=_value(s, "match_score", float),
        top_gaps=_value(s, "top_gaps", str),
        n_assessments=int((m.assessments["date"] <= stamp).sum()),
        at_risk_goal=_value(s, "at_risk_goal", str),
        at_risk_title=_value(s, "at_risk_title", str),
        at_risk_deadline=_value(s, "at_risk_deadline", pd.Timestamp),
        prob_at_risk=_value(s, "prob_at_risk", float),
        needs_attention=bool(s["needs_attention"]),
        reasons=tuple(str(r) for r in s["reasons"]),
        burndown=burn,
        forecast=fc,
    )
