"""Cohort KPIs written once as one Ibis expression: DuckDB in process, DuckDB over Parquet, Spark.

One row per person: progress, on-time rate, recent hours vs capacity, days since the last
log, a throughput projection vs the latest deadline, the review trend, the gap-closure rate
for the role a gap is measured against, and explainable needs-attention flags. A person's headline
numbers are these KPIs for a cohort of one (see ``metrics.summary``), computed in pandas
by ``_kpis_pandas`` from the same rules (a test keeps the two equal).

The expression takes a dict of Ibis tables with the columns of the CareerMap frames, so the
same code runs on ``ibis.memtable`` of pandas frames (``cohort_summary``), on Parquet files
read by DuckDB (``cohort_summary_parquet``), or on any other Ibis backend. Rules
for portability (Spark): divide by casting first, ``x.cast("float64") / 4``, never by a
float literal (Spark reads it as a decimal); no backend-specific SQL. Every sum is
:func:`._exact.exact_sum` (terms to 1e-9, added as integers): the same float on every engine.

Definitions (``A`` = as_of):

- scope: milestones planned on or before A (planned, else the person's start) and not
  dropped on or before A; done: those with a done date on or before A.
- progress_pct = 100 x done / scope.
- on_time_rate = done milestones finished on or before their original target (the ``from``
  of their first reschedule, else the target; from the milestone states) / done milestones.
- overdue_milestones: milestones overdue on A (in scope, not done, the target in force on
  A before A): the milestone states of ``_milestone_state.milestone_states``, the one
  definition every view uses (``docs/metrics.md#milestone-states``).
- hours_per_week_4w = hours logged in (A - 28 days, A] / 4; capacity_ratio = that / weekly_hours.
- days_since_last_log = A - the last log date on or before A (null when never logged).
- remaining_effort = estimated hours of the open milestones in scope (a milestone without
  an estimate counts as the person's median estimate); pace_hours_per_week = hours logged in
  (A - 12 weeks, A] / 12 (``pace_weeks``).
- projected_finish = the P85 date of ``metrics.forecast`` (the person's "all done by, 85%
  likely"), weeks_to_finish its weeks from A (infinite beyond the 20-year horizon, where
  projected_finish is null; null when nothing is open or no milestone was done in the
  window: no pace, no date);
  finish_p50 = its P50 date (even odds), what the forecast flag compares with the last
  deadline (less than even odds to make it, ``ACHIEVABLE_CHANCE``). The
  engine computes the forecast's inputs per person (``remaining``; the milestones done in
  each week of the forecast window, ``_forecast.FORECAST_WEEKS`` weeks cut to the weeks
  since the start), and :func:`finish_kpis` the date with the one vectorised model
  (``_forecast.finish_days``) in numpy afterwards: the same date on every engine, and the
  same as the person's own forecast. The needs-attention flags run after it (``_flags``).
- top_goal_id: the highest-priority goal (lowest ``priority``, then id) with an open milestone
  in scope whose target in force is within ``top_goal_due_days`` (or overdue);
  top_goal_hours: hours logged against it in the last ``top_goal_days`` days.
- review score = the four scores averaged; review_trend = the last score minus the score two
  reviews earlier (null with fewer than 3 reviews). Reviews are "falling" when the score
  fell at each of the last two reviews and review_trend <= -review_drop.
- gap_now, gap_max, gap_coverage, match_score: the gap to the role a gap is measured against
  (``_requirements.gap_roles``: the highest-priority target role that has requirements, the
  one ``metrics.summary`` shows; its requirements from
  ``_requirements.first_role_requirements``, the builder the skill metrics use) on A, by
  the one definition of a gap (``_role_gap``, ``docs/metrics.md#gap``): sum over the
  requirements of max(required - level, 0) x importance / 5, an unassessed requirement
  counting its full weight required x importance / 5; gap_max is the gap with nothing
  assessed, gap_coverage the share of that weight assessed, match_score = 1 - gap_now /
  gap_max. ``level`` is the skill's combined level on that date (``metrics.skill_levels``,
  ``_levels.combined_levels_expr``): the same numbers as ``metrics.match_score``'s.
- gap_closure_per_month: gap_first (the same gap with each requirement at its first
  assessment) minus gap_now, divided by the months between the person's first and last
  assessment dates (null with one date).
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import numpy as np
import pandas as pd
from ibis import _

from careermap.metrics._exact import exact_median, exact_sum, units_sum, units_value
from careermap.metrics._flags import days_between
from careermap.metrics._forecast import FORECAST_WEEKS, dispersion_of, finish_days, has_pace
from careermap.metrics._levels import combined_levels_expr
from careermap.metrics._milestone_state import milestone_states
from careermap.metrics._role_gap import role_gap_expr
from careermap.metrics._thresholds import Thresholds

__all__ = ["FORECAST_INPUTS", "KPI_FRAMES", "cohort_kpis", "finish_kpis"]

#: The forecast's inputs the engine computes per person (dropped by :func:`finish_kpis`).
FORECAST_INPUTS = ("forecast_window", "forecast_done", "forecast_sum_sq")

KPI_FRAMES = (
    "people",
    "goals",
    "milestones",
    "reschedules",
    "time_log",
    "reviews",
    "assessments",
)


def cohort_kpis(
    tables: Mapping[str, ibis.Table],
    requirements: ibis.Table,
    *,
    as_of: pd.Timestamp | ibis.Table,
    thresholds: Thresholds | None = None,
    as_of_value: ibis.Value | None = None,
) -> ibis.Table:
    """The KPI expression: one row per person (unexecuted Ibis table).

    Parameters
    ----------
    tables
        Ibis tables named like the CareerMap frames (see ``KPI_FRAMES``); ``reschedules`` also
        has ``seq``, the order the reschedules were written (see ``milestone_states``).
    requirements
        ``person_id, skill_id, required_level, importance`` for each person's gap role
        (``_requirements.first_role_requirements``).
    as_of
        The date the KPIs describe, or a one-row table with a timestamp column ``as_of``
        holding it (the date is then data, not part of the expression: the expression
        compiles once for every date, see ``_cohort.kpi_sql``).
    thresholds
        When a person needs attention (default :class:`Thresholds`).
    as_of_value
        The same date as a scalar expression (a query parameter: engines push a parameter
        into their scans, a subquery they cannot); default: read from ``as_of``.

    Returns
    -------
    ibis.Table
        One row per person: the KPIs of the module docstring, with ``weeks_to_finish`` and
        ``projected_finish`` still empty and :data:`FORECAST_INPUTS` (:func:`finish_kpis`
        fills them in; the flags of ``_flags.flag`` come after).

    Examples
    --------
    >>> import careermap, ibis, pandas as pd
    >>> from careermap.metrics._cohort import memtables
    >>> from careermap.metrics._requirements import first_role_requirements
    >>> m = careermap.load(careermap.sample_path())
    >>> req = ibis.memtable(first_role_requirements(m.target_roles, m.role_requirements))
    >>> expr = cohort_kpis(memtables(m), req, as_of=pd.Timestamp("2026-11-15"))
    >>> row = ibis.duckdb.connect().execute(expr).iloc[0]
    >>> int(row.scope), int(row.done), int(row.overdue_milestones)
    (16, 9, 2)
    """
    th = thresholds or Thresholds()
    if not isinstance(as_of, ibis.Table):
        as_of = ibis.memtable(pd.DataFrame({"as_of": [pd.Timestamp(as_of).normalize()]}))
    dates = as_of.select("as_of")
    A = dates.as_of.max().as_scalar() if as_of_value is None else as_of_value
    people = tables["people"]
    ms = tables["milestones"]
    rs = tables["reschedules"]
    log = tables["time_log"].filter(_.date <= A)

    # every per-milestone fact (scope, done, original target, target in force, overdue)
    # comes from the one definition of a milestone's state on a date
    m = milestone_states(ms, rs, people, dates)
    # a milestone without an estimate counts as the person's median estimate
    median_effort = ms.group_by("person_id").agg(median_effort=exact_median(_.effort_hours))
    m = m.left_join(median_effort, "person_id").select(~ibis.selectors.endswith("_right"))
    m = m.mutate(
        effort=_.effort_hours.fill_null(_.median_effort).fill_null(0.0),
        done_in_scope=_.in_scope & _.is_done,
        open_in_scope=_.in_scope & ~_.is_done,
    )
    per_ms = m.group_by("person_id").agg(
        scope=_.in_scope.cast("int64").sum(),
        done=_.done_in_scope.cast("int64").sum(),
        on_time=(_.done_in_scope & (_.done <= _.original_target)).cast("int64").sum(),
        overdue_milestones=_.is_overdue.cast("int64").sum(),
        remaining_effort=exact_sum(_.effort, where=_.open_in_scope),
    )
    due_soon = A + ibis.interval(days=th.top_goal_due_days)
    open_goals = (
        m.filter(_.open_in_scope & (_.target_asof <= due_soon))
        .select("person_id", "goal_id")
        .distinct()
    )

    # one pass over the time log (the largest table by far): per person and goal, the
    # last date and the hours of each window, as exact integer totals (``_exact``), which
    # then add up per person, and for the top goal
    per_goal = log.group_by(["person_id", "goal_id"]).agg(
        last_log=_.date.max(),
        h4=units_sum(_.hours, where=_.date > A - ibis.interval(days=28)),
        hpace=units_sum(_.hours, where=_.date > A - ibis.interval(days=7 * th.pace_weeks)),
        htop=units_sum(_.hours, where=_.date > A - ibis.interval(days=th.top_goal_days)),
    )
    hours = per_goal.group_by("person_id").agg(
        last_log=_.last_log.max(),
        hours_last_4w=units_value(_.h4.sum()),
        hours_pace=units_value(_.hpace.sum()),
    )

    # the forecast's inputs: the window (the last FORECAST_WEEKS whole weeks ending on A, cut
    # to the weeks since the start) and the milestones done in each of its weeks
    since = days_between(A, people.start)
    windows = people.select(
        "person_id",
        forecast_window=ibis.ifelse(since >= 0, ibis.least(since // 7 + 1, FORECAST_WEEKS), 0).cast(
            "int64"
        ),
    )
    age = days_between(A, ms.done)
    weekly = (
        ms.filter(ms.done.notnull() & (ms.done <= A))
        .select("person_id", week=age // 7)
        .join(windows, "person_id")
        .filter(_.week < _.forecast_window)
        .group_by(["person_id", "week"])
        .agg(c=_.count())
    )
    pace = weekly.group_by("person_id").agg(
        forecast_done=_.c.sum().cast("int64"), forecast_sum_sq=(_.c * _.c).sum().cast("int64")
    )

    goals = tables["goals"]
    # the top goal: the highest-priority goal with an open milestone due soon (or overdue)
    ranked_goals = goals.semi_join(open_goals, ["person_id", "goal_id"]).mutate(
        rank=ibis.row_number().over(group_by="person_id", order_by=[_.priority, _.goal_id])
    )
    top = ranked_goals.filter(_.rank == 0).select("person_id", top_goal_id=_.goal_id)
    latest_deadline = goals.group_by("person_id").agg(latest_deadline=_.deadline.max())
    top_hours = (
        per_goal.join(
            top, [per_goal.person_id == top.person_id, per_goal.goal_id == top.top_goal_id]
        )
        .group_by(per_goal.person_id)
        .agg(top_goal_hours=units_value(per_goal.htop.sum()))
    )

    rv = tables["reviews"].filter(_.date <= A)
    rv = rv.mutate(
        score=(
            _.satisfaction.cast("float64")
            + _.motivation.cast("float64")
            + _.confidence.cast("float64")
            + _.alignment.cast("float64")
        )
        / 4,
        back=ibis.row_number().over(group_by="person_id", order_by=ibis.desc(_.date)),
    )
    reviews = rv.group_by("person_id").agg(
        n_reviews=_.score.count(),
        last_review_score=_.score.max(where=_.back == 0),
        s1=_.score.max(where=_.back == 1),
        s2=_.score.max(where=_.back == 2),
    )

    ass = tables["assessments"].filter(_.date <= A)
    span = ass.group_by("person_id").agg(first_assessed=_.date.min(), last_assessed=_.date.max())
    gaps = role_gaps(requirement_levels(tables["assessments"], requirements, A, dates))

    out = (
        people.select("person_id", "weekly_hours")
        .left_join(per_ms, "person_id")
        .select(~ibis.selectors.endswith("_right"))
    )
    for extra in (hours, top, top_hours, latest_deadline, reviews, gaps, span, windows, pace):
        out = out.left_join(extra, "person_id").select(~ibis.selectors.endswith("_right"))

    out = out.mutate(
        scope=_.scope.fill_null(0),
        done=_.done.fill_null(0),
        on_time=_.on_time.fill_null(0),
        overdue_milestones=_.overdue_milestones.fill_null(0),
        remaining_effort=_.remaining_effort.fill_null(0.0),
        hours_pace=_.hours_pace.fill_null(0.0),
        hours_last_4w=_.hours_last_4w.fill_null(0.0),
        top_goal_hours=_.top_goal_hours.fill_null(0.0),
        forecast_done=_.forecast_done.fill_null(0),
        forecast_sum_sq=_.forecast_sum_sq.fill_null(0),
    )
    out = out.mutate(
        days_since_last_log=days_between(A, out.last_log),
        months_assessed=(
            days_between(out.last_assessed, out.first_assessed).cast("float64") / 30.4375
        ),
    )
    out = out.mutate(
        remaining=_.scope - _.done,
        progress_pct=ibis.ifelse(
            _.scope > 0, _.done.cast("float64") * 100 / _.scope.cast("float64"), None
        ),
        on_time_rate=ibis.ifelse(
            _.done > 0, _.on_time.cast("float64") / _.done.cast("float64"), None
        ),
        hours_per_week_4w=_.hours_last_4w.cast("float64") / 4,
        pace_hours_per_week=_.hours_pace.cast("float64") / th.pace_weeks,
        review_trend=_.last_review_score - _.s2,
        reviews_falling=(_.last_review_score < _.s1) & (_.s1 < _.s2),
    )
    out = out.mutate(
        capacity_ratio=_.hours_per_week_4w / _.weekly_hours,
        # filled in by finish_kpis, from the forecast model (numpy, after the engine)
        weeks_to_finish=ibis.null().cast("float64"),
        gap_closure_per_month=ibis.ifelse(
            _.months_assessed > 0, (_.gap_first - _.gap_now) / _.months_assessed, None
        ),
        projected_finish=ibis.null().cast("timestamp"),
        finish_p50=ibis.null().cast("timestamp"),
    )
    out = out.drop("s1", "s2", "hours_pace", "on_time")
    inputs = list(FORECAST_INPUTS)
    return out.select(*[c for c in out.columns if c not in inputs], *inputs).order_by("person_id")


def finish_kpis(rows: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The engine's KPI rows with ``weeks_to_finish`` and ``projected_finish`` from the
    forecast model (the P85 of ``metrics.forecast``), its inputs dropped.

    One vectorised call of ``_forecast.finish_days`` on integer inputs, so every engine
    gets the same dates, and each equals the person's own forecast.
    """
    out = rows.drop(columns=list(FORECAST_INPUTS))
    remaining = rows["remaining"].astype("float64").to_numpy()
    n = rows["forecast_done"].astype("float64").to_numpy()
    w = rows["forecast_window"].astype("float64").to_numpy()
    disp = dispersion_of(n, w, rows["forecast_sum_sq"].astype("float64").to_numpy())
    answer = (remaining > 0) & has_pace(n, w)
    day = np.datetime64(pd.Timestamp(as_of).normalize(), "D")
    for col, q in (("projected_finish", 0.85), ("finish_p50", 0.5)):
        d = finish_days(np.where(answer, remaining, 0.0), n, np.where(answer, w, 0.0), disp, q)
        finish = np.where(
            answer & (d >= 0),
            (day + np.maximum(d, 0).astype("timedelta64[D]")).astype("datetime64[ns]"),
            np.datetime64("NaT"),
        )
        out[col] = pd.Series(finish, index=out.index, dtype="datetime64[ns]")
        if q == 0.85:
            out["weeks_to_finish"] = np.where(answer, np.where(d >= 0, d / 7.0, np.inf), np.nan)
    return out


def requirement_levels(
    assessments: ibis.Table, requirements: ibis.Table, A: ibis.Value, dates: ibis.Table
) -> ibis.Table:
    """Every requirement of each person's gap role with the skill's combined level at its
    first assessment (``first_level``) and on ``A`` (``latest_level``, ``A`` held by the
    one-row table ``dates`` as ``as_of``); both null for a requirement not assessed by ``A``.

    The levels are the **combined levels** (:func:`._levels.combined_levels_expr`, the rule of
    ``metrics.skill_levels``), so the gap of each requirement equals the ``gap`` of
    ``metrics.skill_gaps`` for the same role and date.
    """
    ass = assessments.filter(_.date <= A)
    assessed = (
        ass.mutate(skill_id=_.skill_id.fill_null(_.skill))
        .group_by(["person_id", "skill_id"])
        .agg(first_date=_.date.min())
        .join(requirements.select("person_id", "skill_id"), ["person_id", "skill_id"])
    )
    firsts = assessed.select("person_id", "skill_id", at=_.first_date)
    # the date joined in as a column (a scalar subquery in a select compiles wrongly)
    nows = assessed.select("person_id", "skill_id").cross_join(
        dates.select(at=_.as_of.cast(firsts.at.type()))
    )
    # both dates of a skill in one evaluation of the rule (one join, one pass of windows);
    # the first assessment is on or before A, so the earlier point is the first
    levels = (
        combined_levels_expr(ass, firsts.union(nows))
        .group_by(["person_id", "skill_id"])
        .agg(first_level=_.level.argmin(_.at), latest_level=_.level.argmax(_.at))
    )
    return requirements.left_join(levels, ["person_id", "skill_id"]).select(
        "person_id", "skill_id", "required_level", "importance", "first_level", "latest_level"
    )


def role_gaps(rows: ibis.Table) -> ibis.Table:
    """Per person, the gap to their gap role on ``A`` and as first measured: the one rule
    (:func:`._role_gap.role_gap_expr`) on the levels of :func:`requirement_levels`.

    ``gap_now``, ``gap_max``, ``gap_coverage`` and ``match_score`` are the rule's ``gap``,
    ``max_gap``, ``coverage`` and ``match`` on ``A``; ``gap_first`` is its ``gap`` with each
    requirement at its first assessment (unassessed ones at their full weight on both
    dates, so ``gap_first - gap_now`` is the gap closed on the skills assessed).
    """
    now = role_gap_expr(rows.mutate(level=_.latest_level), ["person_id"])
    first = role_gap_expr(rows.mutate(level=_.first_level), ["person_id"])
    return first.select("person_id", gap_first=_.gap).join(
        now.select(
            "person_id",
            gap_now=_.gap,
            gap_max=_.max_gap,
            gap_coverage=_.coverage,
            match_score=_.match,
        ),
        "person_id",
    )
