"""Needs-attention flags over computed KPIs, their plain-language reasons, and ``reflag``.

``flag`` is the second stage of the KPI expression (``_kpis.cohort_kpis``); ``reflag`` runs it
alone on a summary's rows when only the thresholds change (a notebook's threshold slider).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

import ibis
import numpy as np
import pandas as pd
from ibis import _

from careermap.errors import InvalidArgumentError
from careermap.io import remembered, shared_database
from careermap.metrics._thresholds import FLAG_THRESHOLDS, Thresholds

__all__ = ["flag", "flag_frame", "reflag"]


def days_between(later: ibis.Value, earlier: ibis.Value) -> ibis.Value:
    """Whole days from ``earlier`` to ``later`` (an Ibis expression)."""
    return later.date().delta(earlier.date(), unit="day")


def days_between_values(later: object, earlier: object) -> np.ndarray:
    """:func:`days_between` in numpy (the pandas KPIs): whole days from the dates of
    ``earlier`` to those of ``later`` (float64, NaN where either is missing).

    Examples
    --------
    >>> import pandas as pd
    >>> days_between_values(pd.Timestamp("2026-03-01"), pd.to_datetime(["2026-02-27", None]))
    array([ 2., nan])
    """
    a = np.asarray(later, dtype="datetime64[ns]").astype("datetime64[D]")
    b = np.asarray(earlier, dtype="datetime64[ns]").astype("datetime64[D]")
    out = (a - b).astype("float64")
    return np.where(np.isnat(a) | np.isnat(b), np.nan, out)


def flag(out: ibis.Table, th: Thresholds) -> ibis.Table:
    """The ``flag_*`` columns and ``needs_attention`` of a table of KPIs (Ibis).

    The second stage of ``_kpis.cohort_kpis``; :func:`reflag` runs it alone on a summary.
    """
    inactive_days = _.days_since_last_log.fill_null(10**6)
    active = inactive_days < th.inactive_days
    out = out.mutate(
        flag_inactive=inactive_days >= th.inactive_days,
        flag_overdue=_.overdue_milestones >= th.overdue_milestones,
        # less than even odds (the forecast's P50) to finish by the last deadline and the
        # margin: the rule of ACHIEVABLE_CHANCE; a P50 beyond the 20-year horizon has no date
        # but is past any deadline
        flag_forecast=(
            out.latest_deadline.notnull()
            & out.weeks_to_finish.notnull()
            & (
                out.finish_p50.isnull()
                | (days_between(out.finish_p50, out.latest_deadline) > th.forecast_margin_days)
            )
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


def flag_values(df: pd.DataFrame, th: Thresholds) -> dict[str, np.ndarray]:
    """:func:`flag` in numpy, on KPI rows as pandas (the one-person KPIs of
    ``_kpis_pandas``): the same flags, a condition on a missing value counting as false as
    in SQL (``tests/metrics/test_kpis_pandas.py`` compares the two).

    Returns the ``flag_*`` columns and ``needs_attention`` as boolean arrays.
    """

    def known(name: str) -> np.ndarray:
        return df[name].notna().to_numpy(dtype=bool)

    def values(name: str) -> np.ndarray:
        return df[name].to_numpy(dtype="float64", na_value=np.nan)

    with np.errstate(invalid="ignore"):
        inactive_days = np.where(known("days_since_last_log"), values("days_since_last_log"), 1e6)
        active = inactive_days < th.inactive_days
        late = days_between_values(df["finish_p50"], df["latest_deadline"])
        falling = df["reviews_falling"].astype("boolean").to_numpy(dtype=bool, na_value=False)
        out = {
            "flag_inactive": inactive_days >= th.inactive_days,
            "flag_overdue": values("overdue_milestones") >= th.overdue_milestones,
            "flag_forecast": known("latest_deadline")
            & known("weeks_to_finish")
            & (~known("finish_p50") | (late > th.forecast_margin_days)),
            "flag_reviews": falling & (values("review_trend") <= -th.review_drop),
            "flag_top_goal": active & known("top_goal_id") & (values("top_goal_hours") <= 0),
            "flag_low_effort": active & (values("capacity_ratio") < th.low_effort_ratio),
        }
    out["needs_attention"] = np.logical_or.reduce(list(out.values()))
    return out


_REASONS = {
    "flag_inactive": lambda r, th: (
        f"inactive {int(r.days_since_last_log)} days (last log {r.last_log:%Y-%m-%d})"
        if pd.notna(r.last_log)
        else "no time logged yet"
    ),
    "flag_overdue": lambda r, th: f"{int(r.overdue_milestones)} overdue milestones",
    "flag_forecast": lambda r, th: (
        f"forecast finish {r.finish_p50:%Y-%m-%d} (even odds"
        + (f", 85% likely by {r.projected_finish:%Y-%m-%d}" if pd.notna(r.projected_finish) else "")
        + f") is past the last deadline {r.latest_deadline:%Y-%m-%d}"
        if pd.notna(r.finish_p50)
        else f"forecast finish more than 20 years away at the current pace, past the last "
        f"deadline {r.latest_deadline:%Y-%m-%d}"
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


#: The columns the reasons read, besides the flags.
_REASON_COLUMNS = (
    "days_since_last_log",
    "last_log",
    "overdue_milestones",
    "projected_finish",
    "finish_p50",
    "latest_deadline",
    "review_trend",
    "top_goal_id",
    "hours_per_week_4w",
    "weekly_hours",
)


def with_reasons(df: pd.DataFrame, th: Thresholds) -> pd.DataFrame:
    """``df`` with ``reasons``: one plain sentence per flag set on each row."""
    flags = list(_REASONS)
    # only the rows with a flag, and only the columns a reason reads (10,000 rows of every
    # KPI, dates made objects one by one, took ~1 s)
    flagged = np.flatnonzero(df[flags].fillna(False).to_numpy(dtype=bool).any(axis=1))
    reasons: list[list[str]] = [[] for _ in range(len(df))]
    used = df.iloc[flagged][[c for c in df.columns if c in _REASON_COLUMNS or c in flags]]
    for pos, r in zip(flagged, used.itertuples(index=False), strict=True):
        reasons[pos] = [text(r, th) for flag, text in _REASONS.items() if getattr(r, flag)]
    df = df.copy()
    df["reasons"] = reasons
    return df


_FLAG_COLUMNS = (
    "flag_inactive",
    "flag_overdue",
    "flag_forecast",
    "flag_reviews",
    "flag_top_goal",
    "flag_low_effort",
    "needs_attention",
)


@functools.lru_cache(maxsize=64)
def _flag_sql(schema: tuple[tuple[str, str], ...], th: Thresholds) -> str:
    """The SQL of :func:`flag` over a table ``careermap_flag_rows`` of this schema, compiled
    once per schema and thresholds (compiling costs more than flagging a thousand rows)."""

    def compile_() -> dict[str, str]:
        rows = ibis.table(ibis.schema(dict(schema)), name="careermap_flag_rows")
        expr = flag(rows, th).select("_row", *_FLAG_COLUMNS).order_by("_row")
        return {"sql": str(ibis.to_sql(expr, dialect="duckdb"))}

    # kept between runs as well (the KPI SQL is too: metrics._cohort.kpi_sql)
    return remembered("flag-sql", repr((schema, th, ibis.__version__)), compile_)["sql"]


def flag_frame(
    rows: pd.DataFrame, th: Thresholds, *, con: Any = None, in_pandas: bool = False
) -> pd.DataFrame:
    """``rows`` (KPI rows as pandas) with the flag columns and ``needs_attention`` of
    :func:`flag`: the flags of ``cohort_summary`` (after the forecast's dates) and of
    :func:`reflag`. Runs the expression's SQL on the process's in-memory DuckDB, or through
    ``con`` (an Ibis backend) when given; ``in_pandas``: by :func:`flag_values` instead
    (the one-person KPIs, where a query costs more than the flags)."""
    if in_pandas:
        out = rows.copy()
        for col, value in flag_values(rows.reset_index(drop=True), th).items():
            out[col] = value
        return out
    keep = [c for c in rows.columns if c not in (*_FLAG_COLUMNS, "reasons")]
    base = rows[keep].reset_index(drop=True).assign(_row=np.arange(len(rows)))
    for col in base.columns:
        if isinstance(base[col].dtype, pd.CategoricalDtype):
            base[col] = base[col].astype("str")
    table = ibis.memtable(base)
    if con is not None:
        expr = flag(table, th).select("_row", *_FLAG_COLUMNS).order_by("_row")
        flags = con.execute(expr)
    else:
        key = tuple((name, str(dtype)) for name, dtype in table.schema().items())
        cur = shared_database().cursor()
        try:
            cur.register("careermap_flag_rows", base)
            flags = cur.execute(_flag_sql(key, th)).df()
        finally:
            cur.close()
    out = rows.copy()
    for col in _FLAG_COLUMNS:
        out[col] = flags[col].astype(bool).to_numpy()
    return out


def reflag(
    summary: pd.DataFrame,
    thresholds: Thresholds | Mapping[str, Any],
    *,
    con: Any = None,
) -> pd.DataFrame:
    """A ``cohort_summary`` with new thresholds, without computing the KPIs again.

    Only the flags, ``needs_attention`` and ``reasons`` change, computed by the same Ibis
    expressions as in ``cohort_summary`` (its second stage, :func:`flag`) over the
    summary's own rows: a threshold slider in a notebook answers in a fraction of the time
    the KPIs take. Thresholds that change the KPIs themselves (``pace_weeks``,
    ``top_goal_days``, ``top_goal_due_days``) need ``cohort_summary`` again.

    Parameters
    ----------
    summary : DataFrame
        A frame from ``cohort_summary`` (or rows of one; its thresholds travel in
        ``summary.attrs``).
    thresholds : Thresholds or dict
        New thresholds, or a dict of the fields to change from the summary's.
    con : ibis backend, optional
        An Ibis connection (default: the process's in-memory DuckDB).

    Returns
    -------
    pandas.DataFrame
        The summary, same rows and columns in the same order, with the flags,
        ``needs_attention`` and ``reasons`` for the new thresholds.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> s = metrics.cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> later = metrics.reflag(s, {"inactive_days": 90})
    >>> int(s["flag_inactive"].sum()), int(later["flag_inactive"].sum())
    (6, 3)
    """
    if not isinstance(summary, pd.DataFrame) or "thresholds" not in summary.attrs:
        raise InvalidArgumentError(
            "summary must be a frame from careermap.metrics.cohort_summary (its thresholds are "
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
    out = with_reasons(flag_frame(summary, new, con=con), new)
    out.attrs["thresholds"] = asdict(new)
    return out
