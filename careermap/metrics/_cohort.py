"""Cohort summaries: the KPI expression run on a map's frames or on a Parquet cohort.

``cohort_summary`` runs :func:`._kpis.cohort_kpis` on in-process DuckDB over the loaded
frames; ``cohort_summary_parquet`` runs the same expression on DuckDB reading the Parquet
files of a large cohort (opened by :mod:`careermap.io._parquet`, the I/O layer). Both add the
plain-language reasons of :mod:`._flags`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from careermap._dates import as_of_arg
from careermap.io import ROW_NUMBER, read_parquet_cohort
from careermap.metrics._common import check_map
from careermap.metrics._flags import with_reasons
from careermap.metrics._kpis import KPI_FRAMES, cohort_kpis
from careermap.metrics._milestone_state import engine_frame
from careermap.metrics._requirements import first_role_requirements
from careermap.metrics._thresholds import Thresholds
from careermap.model import CareerMap

__all__ = ["cohort_summary", "cohort_summary_parquet"]


def memtables(m: CareerMap) -> dict[str, ibis.Table]:
    """The frames the KPIs read, as Ibis memtables (see ``engine_frame``)."""
    return {name: ibis.memtable(engine_frame(getattr(m, name), name)) for name in KPI_FRAMES}


def _finish(df: pd.DataFrame, people: pd.DataFrame, th: Thresholds) -> pd.DataFrame:
    """The engine's KPI rows as the documented frame: reasons, names and groups, dtypes."""
    df = with_reasons(df, th)
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
    if "reviews_falling" in df:
        # nullable boolean, not object: on a date before anyone's third review the column is
        # all missing, and reflag's engine must still read it as a boolean
        df["reviews_falling"] = df["reviews_falling"].astype("boolean")
    df = df.reset_index(drop=True)
    df.attrs["thresholds"] = asdict(th)  # what reflag needs to know
    return df


def cohort_summary(
    m: CareerMap,
    *,
    as_of: Any = None,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    con: Any = None,
) -> pd.DataFrame:
    """One row per person: the cohort KPIs, the needs-attention flags and their reasons.

    Runs the KPI Ibis expression (definitions in ``docs/cohort.md#the-kpis``) on in-process
    DuckDB over the loaded frames. A person is a cohort of one: :func:`summary` takes its
    headline numbers from here.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        The date the KPIs describe (default today).
    thresholds : Thresholds or dict, optional
        When a person needs attention: a :class:`Thresholds` or a dict of the fields to change.
    con : ibis backend, optional
        An Ibis connection to run on (default a new in-memory DuckDB).

    Returns
    -------
    pandas.DataFrame
        One row per person: ``person_id, name, group`` (cohorts with groups), the KPIs, the
        ``flag_*`` columns, ``needs_attention`` and ``reasons`` (a list of plain-language
        strings, empty when nothing needs attention). ``.attrs["thresholds"]`` holds the
        thresholds used (what :func:`reflag` starts from).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.cohort_path())
    >>> s = metrics.cohort_summary(m, as_of="2026-11-15")
    >>> len(s) == len(m.people), int(s["needs_attention"].sum()) > 0
    (True, True)
    """
    m = check_map(m)
    th = Thresholds.from_any(thresholds)
    A = as_of_arg(as_of)
    req = ibis.memtable(first_role_requirements(m.target_roles, m.role_requirements))
    expr = cohort_kpis(memtables(m), req, as_of=A, thresholds=th)
    con = con or ibis.duckdb.connect()
    return _finish(con.execute(expr), m.people, th)


def cohort_summary_parquet(
    folder: str | Path,
    *,
    as_of: Any = None,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    memory_limit: str | None = None,
) -> pd.DataFrame:
    """:func:`cohort_summary` for a cohort stored as Parquet (``CareerMap.to_parquet``).

    DuckDB reads the Parquet files itself (:mod:`careermap.io` opens them), so the cohort
    need not fit in memory (``memory_limit="500MB"`` caps DuckDB's memory; it spills to disk).
    The KPI expression is the one :func:`cohort_summary` runs.

    Parameters
    ----------
    folder : str or Path
        A folder written by ``CareerMap.to_parquet``.
    as_of, thresholds
        As in :func:`cohort_summary`.
    memory_limit : str, optional
        DuckDB's memory cap, such as ``"500MB"``.

    Returns
    -------
    pandas.DataFrame
        The same columns as :func:`cohort_summary`.

    Examples
    --------
    >>> import tempfile, careermap
    >>> from careermap import metrics
    >>> folder = careermap.load(careermap.cohort_path()).to_parquet(tempfile.mkdtemp())
    >>> len(metrics.cohort_summary_parquet(folder, as_of="2026-11-15", memory_limit="200MB"))
    30
    """
    th = Thresholds.from_any(thresholds)
    A = as_of_arg(as_of)
    pq = read_parquet_cohort(
        folder,
        tables=KPI_FRAMES,
        frames=("people", "target_roles", "role_requirements"),
        memory_limit=memory_limit,
    )
    tables = dict(pq.tables)
    # the file's row order is the order the reschedules (and assessments) were written
    tables["reschedules"] = tables["reschedules"].rename(seq=ROW_NUMBER)
    tables["assessments"] = tables["assessments"].rename(seq=ROW_NUMBER)
    frames = pq.frames
    req = ibis.memtable(
        first_role_requirements(frames["target_roles"], frames["role_requirements"])
    )
    expr = cohort_kpis(tables, req, as_of=A, thresholds=th)
    return _finish(pq.con.execute(expr), frames["people"], th)
