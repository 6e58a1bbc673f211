"""Cohort KPIs written once as Ibis expressions: DuckDB in process, DuckDB over Parquet, Spark.

One row per person: progress, on-time rate, recent hours vs capacity, days since the last
log, a throughput projection vs the latest deadline, the review trend, the gap-closure rate
for the first target role, and explainable needs-attention flags. A person's headline
numbers come from this same code applied to a cohort of one (see ``metrics.summary``).

The expressions take a dict of Ibis tables with the columns of the CareerMap frames, so the
same code runs on ``ibis.memtable`` of pandas frames (:func:`cohort_summary`), on Parquet
files read by DuckDB (:func:`cohort_summary_parquet`), or on any other Ibis backend. Rules
for portability (Spark): divide by casting first, ``x.cast("float64") / 4``, never by a
float literal (Spark reads it as a decimal); no backend-specific SQL.

Definitions (``A`` = as_of):

- scope: milestones planned on or before A (planned, else the person's start) and not
  dropped on or before A; done: those with a done date on or before A.
- progress_pct = 100 x done / scope.
- on_time_rate = done milestones finished on or before their original target (the ``from``
  of their first reschedule, else the target) / done milestones.
- overdue_milestones: in scope, not done, target before A.
- hours_per_week_4w = hours logged in (A - 28 days, A] / 4; capacity_ratio = that / weekly_hours.
- days_since_last_log = A - the last log date on or before A (null when never logged).
- remaining_effort = estimated hours of the open milestones in scope (a milestone without
  an estimate counts as the person's median estimate); pace_hours_per_week = hours logged in
  (A - 12 weeks, A] / 12 (``pace_weeks``); projected_finish = A + remaining_effort / pace
  weeks (null without recent hours). The Monte Carlo forecast of ``metrics.forecast`` gives
  a person the full distribution; this deterministic projection is what scales to cohorts.
- top_goal_id: the highest-priority goal (lowest ``priority``, then id) with an open milestone
  due within ``top_goal_due_days`` (or overdue); top_goal_hours: hours logged against it in
  the last ``top_goal_days`` days.
- review score = the four scores averaged; review_trend = the last score minus the score two
  reviews earlier (null with fewer than 3 reviews). Reviews are "falling" when the score
  fell at each of the last two reviews and review_trend <= -review_drop.
- gap_closure_per_month: for the priority-1 target role, the importance-weighted gap
  (sum of max(required - level, 0) x importance / 5 over assessed skills) at each skill's
  first assessment minus the gap at its latest assessment on or before A, divided by the
  months between the person's first and last assessment dates (null with one date).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
from ibis import _

from careermap._dates import as_of_arg
from careermap.errors import InvalidArgumentError

__all__ = [
    "Thresholds",
    "cohort_kpis",
    "cohort_summary",
    "cohort_summary_parquet",
    "flag",
    "reflag",
    "role_requirements_for",
]

KPI_FRAMES = (
    "people",
    "goals",
    "milestones",
    "reschedules",
    "time_log",
    "reviews",
    "assessments",
)


@dataclass(frozen=True)
class Thresholds:
    """When a person needs attention. Every number is a documented default a coach can change.

    Attributes
    ----------
    inactive_days : no time logged for this many days or more
    overdue_milestones : this many open milestones past their target date or more
    forecast_margin_days : projected finish later than the latest goal deadline by more than this
    review_drop : review scores fell at each of the last two reviews, by at least this much in
        total (1-5 scale)
    top_goal_days : no hours logged against the priority-1 goal in this many days (while active)
    low_effort_ratio : 4-week hours per week below this share of weekly capacity (while active)
    pace_weeks : the window (weeks before as_of) whose logged hours give the pace used
        for the projected finish
    top_goal_due_days : the top goal is the highest-priority goal with an open milestone due
        within this many days (or overdue)
    """

    inactive_days: int = 30
    overdue_milestones: int = 2
    forecast_margin_days: int = 30
    review_drop: float = 0.5
    top_goal_days: int = 30
    low_effort_ratio: float = 0.25
    pace_weeks: int = 12
    top_goal_due_days: int = 30

    @classmethod
    def from_any(cls, value: Thresholds | Mapping[str, Any] | None) -> Thresholds:
        if value is None:
            return cls()
        if isinstance(value, Thresholds):
            return value
        known = set(asdict(cls()))
        unknown = sorted(set(value) - known)
        if unknown:
            raise InvalidArgumentError(
                f"unknown threshold {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(sorted(known))}"
            )
        return cls(**value)


def _days(later: ibis.Value, earlier: ibis.Value) -> ibis.Value:
    return later.date().delta(earlier.date(), unit="day")


def cohort_kpis(
    tables: Mapping[str, ibis.Table],
    requirements: ibis.Table,
    *,
    as_of: pd.Timestamp,
    thresholds: Thresholds | None = None,
) -> ibis.Table:
    """The KPI expression: one row per person (unexecuted Ibis table).

    Parameters
    ----------
    tables
        Ibis tables named like the CareerMap frames (see ``KPI_FRAMES``).
    requirements
        ``person_id, skill_id, required_level, importance`` for each person's priority-1
        target role (see :func:`role_requirements_for`).
    as_of
        The date the KPIs describe.
    """
    th = thresholds or Thresholds()
    A = ibis.literal(pd.Timestamp(as_of).normalize().to_pydatetime(), type="timestamp")
    people = tables["people"]
    ms = tables["milestones"]
    rs = tables["reschedules"]
    log = tables["time_log"].filter(_.date <= A)

    # original target = the `from` of the first reschedule (by date), else the target
    first_rs = (
        rs.mutate(
            rank=ibis.row_number().over(group_by=["person_id", "milestone_id"], order_by="on")
        )
        .filter(_.rank == 0)
        .select("person_id", "milestone_id", original_target=_.from_target)
    )
    start = people.select("person_id", person_start=_.start)
    m = ms.left_join(first_rs, ["person_id", "milestone_id"]).select(
        ms.person_id,
        ms.goal_id,
        ms.milestone_id,
        ms.planned,
        ms.target,
        ms.done,
        ms.dropped,
        ms.effort_hours,
        _.original_target,
    )
    m = m.left_join(start, "person_id").select(*m.columns, _.person_start)
    in_scope = (_.planned.fill_null(_.person_start) <= A) & (_.dropped.isnull() | (_.dropped > A))
    m = m.mutate(in_scope=in_scope)
    m = m.mutate(
        done_asof=_.in_scope & _.done.notnull() & (_.done <= A),
        orig=_.original_target.fill_null(_.target),
    )
    # a milestone without an estimate counts as the person's median estimate
    median_effort = ms.group_by("person_id").agg(median_effort=_.effort_hours.median())
    m = m.left_join(median_effort, "person_id").select(*m.columns, _.median_effort)
    m = m.mutate(effort=_.effort_hours.fill_null(_.median_effort).fill_null(0.0))
    per_ms = m.group_by("person_id").agg(
        scope=_.in_scope.cast("int64").sum(),
        done=_.done_asof.cast("int64").sum(),
        on_time=(_.done_asof & (_.done <= _.orig)).cast("int64").sum(),
        overdue_milestones=(_.in_scope & ~_.done_asof & (_.target < A)).cast("int64").sum(),
        remaining_effort=_.effort.sum(where=_.in_scope & ~_.done_asof),
    )
    due_soon = A + ibis.interval(days=th.top_goal_due_days)
    open_goals = (
        m.filter(_.in_scope & ~_.done_asof & (_.target <= due_soon))
        .select("person_id", "goal_id")
        .distinct()
    )

    hours = log.group_by("person_id").agg(
        last_log=_.date.max(),
        hours_last_4w=_.hours.sum(where=_.date > A - ibis.interval(days=28)),
        hours_pace=_.hours.sum(where=_.date > A - ibis.interval(days=7 * th.pace_weeks)),
    )

    goals = tables["goals"]
    # the top goal: the highest-priority goal with an open milestone due soon (or overdue)
    ranked_goals = goals.semi_join(open_goals, ["person_id", "goal_id"]).mutate(
        rank=ibis.row_number().over(group_by="person_id", order_by=[_.priority, _.goal_id])
    )
    top = ranked_goals.filter(_.rank == 0).select("person_id", top_goal_id=_.goal_id)
    latest_deadline = goals.group_by("person_id").agg(latest_deadline=_.deadline.max())
    top_hours = (
        log.filter(_.date > A - ibis.interval(days=th.top_goal_days))
        .join(top, [log.person_id == top.person_id, log.goal_id == top.top_goal_id])
        .group_by(log.person_id)
        .agg(top_goal_hours=log.hours.sum())
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
    ranked = ass.mutate(
        first_rank=ibis.row_number().over(group_by=["person_id", "skill_id"], order_by=_.date),
        last_rank=ibis.row_number().over(
            group_by=["person_id", "skill_id"], order_by=ibis.desc(_.date)
        ),
    )
    levels = ranked.group_by(["person_id", "skill_id"]).agg(
        first_level=_.level.max(where=_.first_rank == 0),
        latest_level=_.level.max(where=_.last_rank == 0),
    )
    span = ass.group_by("person_id").agg(first_assessed=_.date.min(), last_assessed=_.date.max())
    req = requirements
    g = levels.join(req, ["person_id", "skill_id"])
    g = g.mutate(
        w=_.importance.cast("float64") / 5,
        gap_first=ibis.greatest(_.required_level - _.first_level, 0),
        gap_now=ibis.greatest(_.required_level - _.latest_level, 0),
    )
    gaps = g.group_by("person_id").agg(
        gap_first=(_.gap_first * _.w).sum(), gap_now=(_.gap_now * _.w).sum()
    )

    out = (
        people.select("person_id", "weekly_hours")
        .left_join(per_ms, "person_id")
        .select(~ibis.selectors.endswith("_right"))
    )
    for extra in (hours, top, top_hours, latest_deadline, reviews, gaps, span):
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
    )
    out = out.mutate(
        days_since_last_log=_days(A, out.last_log),
        months_assessed=_days(out.last_assessed, out.first_assessed).cast("float64") / 30.4375,
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
        weeks_to_finish=ibis.ifelse(
            _.pace_hours_per_week > 0, _.remaining_effort / _.pace_hours_per_week, None
        ),
        gap_closure_per_month=ibis.ifelse(
            _.months_assessed > 0, (_.gap_first - _.gap_now) / _.months_assessed, None
        ),
    )
    out = out.mutate(
        projected_finish=A + (out.weeks_to_finish * 7).ceil().cast("int64").as_interval("D"),
    )
    out = out.drop("s1", "s2", "hours_pace", "on_time", "weeks_to_finish")
    return flag(out, th).order_by("person_id")


# The thresholds that only decide the flags; the others (pace_weeks, top_goal_days,
# top_goal_due_days) change the KPIs themselves.
FLAG_THRESHOLDS = (
    "inactive_days",
    "overdue_milestones",
    "forecast_margin_days",
    "review_drop",
    "low_effort_ratio",
)


def flag(out: ibis.Table, th: Thresholds) -> ibis.Table:
    """The ``flag_*`` columns and ``needs_attention`` of a table of KPIs.

    The second stage of :func:`cohort_kpis`; :func:`reflag` runs it alone on a summary.
    """
    inactive_days = _.days_since_last_log.fill_null(10**6)
    active = inactive_days < th.inactive_days
    out = out.mutate(
        flag_inactive=inactive_days >= th.inactive_days,
        flag_overdue=_.overdue_milestones >= th.overdue_milestones,
        flag_forecast=(
            out.projected_finish.notnull()
            & out.latest_deadline.notnull()
            & (_days(out.projected_finish, out.latest_deadline) > th.forecast_margin_days)
        ).fill_null(False),
        flag_reviews=(_.reviews_falling & (_.review_trend <= -th.review_drop)).fill_null(False),
        flag_top_goal=(active & _.top_goal_id.notnull() & (_.top_goal_hours <= 0)).fill_null(False),
        flag_low_effort=(active & (_.capacity_ratio < th.low_effort_ratio)).fill_null(False),
    )
    out = out.mutate(
        needs_attention=_.flag_inactive
        | _.flag_overdue
        | _.flag_forecast
        | _.flag_reviews
        | _.flag_top_goal
        | _.flag_low_effort
    )
    return out


def role_requirements_for(
    target_roles: pd.DataFrame, role_requirements: pd.DataFrame
) -> pd.DataFrame:
    """``person_id, skill_id, required_level, importance`` for each person's priority-1 role.

    O*NET roles take O*NET's level/importance (elements O*NET marks not relevant are left
    out); custom roles take their ``based_on`` occupation's profile overridden by their own
    requirements. Reference-data preparation, not a KPI: the KPIs join it in the engine.
    """
    from careermap import reference

    cols = ["person_id", "skill_id", "required_level", "importance"]
    if target_roles.empty:
        return pd.DataFrame(columns=cols)
    first = (
        target_roles.sort_values(["person_id", "priority", "role_id"])
        .drop_duplicates("person_id")
        .assign(code=lambda d: d["based_on"].where(d["kind"] == "custom", d["role_id"]))
    )
    codes = first["code"].dropna().unique().tolist()
    onet = reference.requirements(codes)
    onet = onet[~onet["not_relevant"]].rename(
        columns={"role_id": "code", "level": "required_level"}
    )
    base = first[["person_id", "role_id", "code"]].merge(
        onet[["code", "skill_id", "required_level", "importance"]], on="code", how="inner"
    )
    custom = role_requirements.rename(columns={"level": "required_level"}).merge(
        first[["person_id", "role_id"]], on=["person_id", "role_id"]
    )
    custom = custom.dropna(subset=["skill_id"])
    custom["importance"] = custom["importance"].fillna(3.0)
    merged = pd.concat([base[cols], custom[cols]], ignore_index=True).drop_duplicates(
        ["person_id", "skill_id"], keep="last"
    )
    out = merged.reset_index(drop=True)
    out["required_level"] = out["required_level"].astype("float64")
    out["importance"] = out["importance"].astype("float64")
    return out


_REASONS = {
    "flag_inactive": lambda r, th: (
        f"inactive {int(r.days_since_last_log)} days (last log {r.last_log:%Y-%m-%d})"
        if pd.notna(r.last_log)
        else "no time logged yet"
    ),
    "flag_overdue": lambda r, th: f"{int(r.overdue_milestones)} overdue milestones",
    "flag_forecast": lambda r, th: (
        f"forecast finish {r.projected_finish:%Y-%m-%d} is past the last deadline "
        f"{r.latest_deadline:%Y-%m-%d}"
    ),
    "flag_reviews": lambda r, th: (
        f"falling review scores ({r.review_trend:+.1f} over the last 3 reviews)"
    ),
    "flag_top_goal": lambda r, th: (
        f"no time logged against the top goal {r.top_goal_id} in {th.top_goal_days} days"
    ),
    "flag_low_effort": lambda r, th: (
        f"{r.hours_per_week_4w:.1f} h/week in the last 4 weeks vs {r.weekly_hours:g} planned"
    ),
}


def _with_reasons(df: pd.DataFrame, th: Thresholds) -> pd.DataFrame:
    reasons = []
    for r in df.itertuples(index=False):
        reasons.append([text(r, th) for flag, text in _REASONS.items() if getattr(r, flag)])
    df = df.copy()
    df["reasons"] = reasons
    return df


def _memtables(m: Any) -> dict[str, ibis.Table]:
    tables = {}
    for name in KPI_FRAMES:
        df = getattr(m, name).copy()
        for col in df.columns:
            if isinstance(df[col].dtype, pd.CategoricalDtype):
                df[col] = df[col].astype("str")
        tables[name] = ibis.memtable(df)
    return tables


def _finish(df: pd.DataFrame, people: pd.DataFrame, th: Thresholds) -> pd.DataFrame:
    df = _with_reasons(df, th)
    info = [c for c in ("person_id", "name", "group") if c in people.columns]
    df = people[info].merge(df, on="person_id", how="right")
    for col in (
        "last_log",
        "latest_deadline",
        "projected_finish",
        "first_assessed",
        "last_assessed",
    ):
        if col in df:
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    for col in ("scope", "done", "overdue_milestones", "remaining", "n_reviews"):
        if col in df:
            df[col] = df[col].astype("Int64")
    if "days_since_last_log" in df:
        df["days_since_last_log"] = df["days_since_last_log"].astype("Int64")
    df = df.reset_index(drop=True)
    df.attrs["thresholds"] = asdict(th)  # what reflag needs to know
    return df


def cohort_summary(
    m: Any,
    *,
    as_of: Any = None,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    con: Any = None,
) -> pd.DataFrame:
    """One row per person: the KPIs of :func:`cohort_kpis`, ``needs_attention`` and ``reasons``.

    Runs the Ibis expression on in-process DuckDB over the loaded frames.

    Parameters
    ----------
    m : CareerMap
    as_of : the date the KPIs describe (default today)
    thresholds : :class:`Thresholds` or a dict of the fields to change
    con : an Ibis connection (default a new in-memory DuckDB)

    Returns
    -------
    pandas.DataFrame
        One row per person: ``person_id, name, group`` (cohorts with groups), the KPIs of
        :func:`cohort_kpis`, the ``flag_*`` columns, ``needs_attention`` and ``reasons``
        (a list of plain-language strings, empty when nothing needs attention).

    Examples
    --------
    >>> import careermap
    >>> from careermap.kpis import cohort_summary
    >>> m = careermap.load(careermap.cohort_path())
    >>> s = cohort_summary(m, as_of="2026-11-15")
    >>> len(s) == len(m.people)
    True
    """
    from careermap.model import CareerMap

    if not isinstance(m, CareerMap):
        raise InvalidArgumentError(
            f"m must be a careermap.CareerMap (from careermap.load); got {type(m).__name__}"
        )
    th = Thresholds.from_any(thresholds)
    A = as_of_arg(as_of)
    tables = _memtables(m)
    req = ibis.memtable(role_requirements_for(m.target_roles, m.role_requirements))
    expr = cohort_kpis(tables, req, as_of=A, thresholds=th)
    con = con or ibis.duckdb.connect()
    return _finish(con.execute(expr), m.people, th)


_FLAG_COLUMNS = (
    "flag_inactive",
    "flag_overdue",
    "flag_forecast",
    "flag_reviews",
    "flag_top_goal",
    "flag_low_effort",
    "needs_attention",
)


def reflag(
    summary: pd.DataFrame,
    thresholds: Thresholds | Mapping[str, Any],
    *,
    con: Any = None,
) -> pd.DataFrame:
    """A :func:`cohort_summary` with new thresholds, without computing the KPIs again.

    Only the flags, ``needs_attention`` and ``reasons`` change, computed by the same Ibis
    expressions as in :func:`cohort_summary` (its second stage, :func:`flag`) over the
    summary's own rows: a threshold slider in a notebook answers in a fraction of the time
    the KPIs take. Thresholds that change the KPIs themselves (``pace_weeks``,
    ``top_goal_days``, ``top_goal_due_days``) need :func:`cohort_summary` again.

    Parameters
    ----------
    summary : DataFrame
        A frame from :func:`cohort_summary` (or rows of one; its thresholds travel in
        ``summary.attrs``).
    thresholds : :class:`Thresholds`, or a dict of the fields to change from the summary's
    con : an Ibis connection (default a new in-memory DuckDB)

    Returns
    -------
    pandas.DataFrame
        The summary, same rows and columns in the same order, with the flags,
        ``needs_attention`` and ``reasons`` for the new thresholds.

    Examples
    --------
    >>> import careermap
    >>> from careermap.kpis import cohort_summary, reflag
    >>> s = cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> int(s["flag_inactive"].sum()), int(reflag(s, {"inactive_days": 90})["flag_inactive"].sum())
    (6, 3)
    """
    if not isinstance(summary, pd.DataFrame) or "thresholds" not in summary.attrs:
        raise InvalidArgumentError(
            "summary must be a frame from careermap.kpis.cohort_summary (its thresholds are "
            f"kept in .attrs); got {type(summary).__name__}"
        )
    old = Thresholds(**summary.attrs["thresholds"])
    if isinstance(thresholds, Mapping):
        Thresholds.from_any(thresholds)  # names every unknown key
        new = replace(old, **thresholds)
    else:
        new = Thresholds.from_any(thresholds)
    changed = [
        k for k in asdict(old) if k not in FLAG_THRESHOLDS and getattr(old, k) != getattr(new, k)
    ]
    if changed:
        raise InvalidArgumentError(
            f"{', '.join(changed)} change the KPIs themselves, not only the flags: compute "
            "them again with cohort_summary(m, thresholds=...)"
        )
    if summary.empty:
        out = summary.copy()
        out.attrs["thresholds"] = asdict(new)
        return out
    keep = [c for c in summary.columns if c not in (*_FLAG_COLUMNS, "reasons")]
    base = summary[keep].reset_index(drop=True).assign(_row=np.arange(len(summary)))
    for col in base.columns:
        if isinstance(base[col].dtype, pd.CategoricalDtype):
            base[col] = base[col].astype("str")
    expr = flag(ibis.memtable(base), new).select("_row", *_FLAG_COLUMNS).order_by("_row")
    flags = (con or ibis.duckdb.connect()).execute(expr)
    out = summary.copy()
    for col in _FLAG_COLUMNS:
        out[col] = flags[col].astype(bool).to_numpy()
    out = _with_reasons(out, new)
    out.attrs["thresholds"] = asdict(new)
    return out


def cohort_summary_parquet(
    folder: str | Path,
    *,
    as_of: Any = None,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    memory_limit: str | None = None,
) -> pd.DataFrame:
    """:func:`cohort_summary` for a cohort stored as Parquet (``CareerMap.to_parquet``).

    DuckDB reads the Parquet files itself, so the cohort need not fit in memory
    (``memory_limit="500MB"`` caps DuckDB's memory; it spills to disk).

    Returns
    -------
    pandas.DataFrame
        The same columns as :func:`cohort_summary`.

    Examples
    --------
    >>> import tempfile, careermap
    >>> from careermap.kpis import cohort_summary_parquet
    >>> folder = careermap.load(careermap.cohort_path()).to_parquet(tempfile.mkdtemp())
    >>> len(cohort_summary_parquet(folder, as_of="2026-11-15", memory_limit="200MB"))
    30
    """
    root = Path(folder)
    missing = [
        n
        for n in (*KPI_FRAMES, "target_roles", "role_requirements")
        if not (root / f"{n}.parquet").exists()
    ]
    if missing:
        raise InvalidArgumentError(
            f"{root} is not a Parquet cohort (CareerMap.to_parquet); missing "
            + ", ".join(f"{n}.parquet" for n in missing)
        )
    th = Thresholds.from_any(thresholds)
    A = as_of_arg(as_of)
    con = ibis.duckdb.connect()
    if memory_limit:
        con.raw_sql(f"SET memory_limit = '{memory_limit}'")
    tables = {name: con.read_parquet(root / f"{name}.parquet") for name in KPI_FRAMES}
    roles = pd.read_parquet(root / "target_roles.parquet")
    custom = pd.read_parquet(root / "role_requirements.parquet")
    req = ibis.memtable(role_requirements_for(roles, custom))
    expr = cohort_kpis(tables, req, as_of=A, thresholds=th)
    people = pd.read_parquet(root / "people.parquet")
    return _finish(con.execute(expr), people, th)
