"""Cohort summaries: the KPI expression compiled once, run on a map's frames or on Parquet.

``cohort_summary`` runs :func:`._kpis.cohort_kpis` over the loaded frames (in-process DuckDB
by default); ``cohort_summary_parquet`` runs it on an engine reading the Parquet files of a
large cohort itself (DuckDB, or Spark: :mod:`careermap.io._engines` opens them). Both add the
plain-language reasons of :mod:`._flags`.

Building and compiling the Ibis expression costs more than running it on a thousand people,
so :func:`kpi_sql` compiles it once per engine kind, input schema and thresholds, to SQL over
tables with fixed names (:func:`table_name`); the date is data (a one-row table), so every
date runs the same SQL. The compiled SQL is kept between runs as well
(:func:`careermap.io.remembered`: a new careermap or Ibis compiles again).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pandas as pd
from ibis.formats.pandas import PandasData

from careermap._dates import as_of_arg
from careermap.io import ROW_NUMBER, Engine, open_engine, parquet_paths, remembered
from careermap.metrics._common import check_map
from careermap.metrics._flags import flag_frame, with_reasons
from careermap.metrics._kpis import KPI_FRAMES, cohort_kpis, finish_kpis
from careermap.metrics._kpis_pandas import kpi_rows
from careermap.metrics._milestone_state import engine_frame
from careermap.metrics._requirements import first_role_requirements
from careermap.metrics._thresholds import Thresholds
from careermap.model import CareerMap

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["cohort_summary", "cohort_summary_parquet"]

#: The inputs of the compiled SQL besides the frames of ``KPI_FRAMES``.
REQUIREMENTS, AS_OF = "requirements", "as_of"

Schemas = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def table_name(name: str) -> str:
    """The name an input has in the compiled SQL (prefixed: a Spark session's views are
    shared with the user's own)."""
    return f"careermap_{name}"


def memtables(m: CareerMap) -> dict[str, ibis.Table]:
    """The frames the KPIs read, as Ibis memtables (see ``engine_frame``)."""
    return {name: ibis.memtable(engine_frame(getattr(m, name), name)) for name in KPI_FRAMES}


# A date no cohort has, compiled where the date goes and then replaced by the engine's query
# parameter (see kpi_sql)
_SENTINEL = pd.Timestamp("1901-02-03 04:05:06.789012").to_pydatetime()


@functools.lru_cache(maxsize=64)
def kpi_sql(
    kind: str, dialect: str, schemas: Schemas, th: Thresholds, parameter: str | None = None
) -> tuple[str, ibis.Schema]:
    """The KPI expression compiled to ``dialect``'s SQL over tables of these schemas, once.

    ``schemas`` holds ``(input name, ((column, Ibis type), ...))`` for the frames of
    ``KPI_FRAMES``, ``requirements`` and ``as_of``; the SQL reads them as
    :func:`table_name`. A ``reschedules`` or ``assessments`` input without ``seq`` has the row
    number of its file (``ROW_NUMBER``) instead. With ``parameter`` (such as ``$as_of``), the
    date is that query parameter wherever the KPIs compare with it (an engine pushes a
    parameter into its scans, not a subquery); otherwise it is read from the ``as_of``
    table. Returns the SQL and the schema of its rows.
    """
    # compiling costs seconds (more than running it on a thousand people), and the SQL
    # depends on nothing but these arguments and the code: kept between runs too
    key = repr((kind, dialect, schemas, th, parameter, ibis.__version__))
    kept = remembered("kpi-sql", key, lambda: _compile(dialect, schemas, th, parameter))
    return kept["sql"], ibis.schema(kept["schema"])


def _compile(dialect: str, schemas: Schemas, th: Thresholds, parameter: str | None) -> dict:
    """:func:`kpi_sql` compiled: ``{"sql": text, "schema": {column: Ibis type name}}``."""
    getattr(ibis, dialect)  # loads the backend, which registers its compiler's options
    t = {name: ibis.table(ibis.schema(dict(cols)), name=table_name(name)) for name, cols in schemas}
    for name in ("reschedules", "assessments"):
        if "seq" not in t[name].columns:
            # the file's row order is the order the rows were written (what breaks a tie)
            t[name] = t[name].rename(seq=ROW_NUMBER)
    frames = {name: t[name] for name in KPI_FRAMES}
    value = ibis.literal(_SENTINEL, type="timestamp") if parameter else None
    expr = cohort_kpis(frames, t[REQUIREMENTS], as_of=t[AS_OF], thresholds=th, as_of_value=value)
    sql = str(ibis.to_sql(expr, dialect=dialect, pretty=False))
    if parameter:
        probe = ibis.table({"x": "int64"}, name="probe").select(v=value)
        text = str(ibis.to_sql(probe, dialect=dialect, pretty=False))
        literal = text[len("SELECT ") : text.index(' AS "v"')]
        if literal not in sql:  # an Ibis that renders literals otherwise: fail loudly
            raise RuntimeError(f"the date literal {literal} is not in the compiled KPI SQL")
        sql = sql.replace(literal, f"CAST({parameter} AS TIMESTAMP)")
    return {"sql": sql, "schema": {name: str(t) for name, t in expr.schema().items()}}


def _schema_key(schema: pa.Schema) -> tuple[tuple[str, str], ...]:
    return tuple((n, str(t)) for n, t in ibis.Schema.from_pyarrow(schema).items())


def _run(
    engine: Engine, schemas: dict[str, pa.Schema], th: Thresholds, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The KPI rows on ``engine``, whose inputs are named already (except ``as_of``)."""
    day = pd.DataFrame({"as_of": pd.DatetimeIndex([as_of]).astype("datetime64[us]")})
    schemas = {**schemas, AS_OF: engine.frame(table_name(AS_OF), day)}
    key = tuple((name, _schema_key(s)) for name, s in schemas.items())
    marker = engine.parameter(AS_OF)
    sql, out = kpi_sql(engine.kind, engine.dialect, key, th, marker)
    params = {AS_OF: pd.Timestamp(as_of).to_pydatetime()} if marker else None
    rows = engine.run(sql, params).to_pandas()
    # the same pandas types from every engine (those Ibis' own execute gives)
    return PandasData.convert_table(rows, out)


def _finish(
    df: pd.DataFrame,
    people: pd.DataFrame,
    th: Thresholds,
    as_of: pd.Timestamp,
    *,
    in_pandas: bool = False,
) -> pd.DataFrame:
    """The engine's KPI rows as the documented frame: the forecast's dates (one model, in
    numpy), the flags and their reasons, names and groups, dtypes."""
    df = finish_kpis(df, as_of)
    for col in (
        "last_log",
        "latest_deadline",
        "projected_finish",
        "finish_p50",
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
    df = with_reasons(flag_frame(df, th, in_pandas=in_pandas), th)
    info = [c for c in ("person_id", "name", "group") if c in people.columns]
    df = people[info].merge(df, on="person_id", how="right")
    df = df.reset_index(drop=True)
    df.attrs["thresholds"] = asdict(th)  # what reflag needs to know
    return df


def _in_pandas(engine: Any, m: CareerMap) -> bool:
    """Whether the KPIs are computed in pandas: asked for (``engine="pandas"``), or a
    one-person map on the default engine (the same rows: ``_kpis_pandas``)."""
    if isinstance(engine, str) and engine == "pandas":
        return True
    return engine is None and len(m.people) == 1


def cohort_summary(
    m: CareerMap,
    *,
    as_of: Any = None,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    engine: Any = None,
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
    engine : optional
        Where the KPIs run: in-process DuckDB by default (``"duckdb"``); a DuckDB
        connection, an Ibis backend or a Spark session (``careermap[spark]``,
        ``docs/scale.md``) otherwise. ``"pandas"`` computes the same rows in pandas on the
        loaded frames (``_kpis_pandas``), which the default does for a one-person map
        (faster for one row than planning the KPI statement).

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
    if _in_pandas(engine, m):
        req = first_role_requirements(m.target_roles, m.role_requirements)
        return _finish(kpi_rows(m, req, A, th), m.people, th, A, in_pandas=True)
    # the order written (``seq``) breaks ties between reschedules or assessments of one day
    frames = {name: engine_frame(getattr(m, name), name) for name in KPI_FRAMES}
    frames[REQUIREMENTS] = first_role_requirements(m.target_roles, m.role_requirements)
    e = open_engine(engine)
    try:
        schemas = {name: e.frame(table_name(name), df) for name, df in frames.items()}
        rows = _run(e, schemas, th, A)
    finally:
        e.close()
    return _finish(rows, m.people, th, A)


def cohort_summary_parquet(
    folder: str | Path,
    *,
    as_of: Any = None,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    memory_limit: str | None = None,
    engine: Any = None,
) -> pd.DataFrame:
    """:func:`cohort_summary` for a cohort stored as Parquet (``careermap convert``).

    The engine reads the Parquet files itself, so the cohort need not fit in memory: DuckDB
    by default (``memory_limit="500MB"`` caps its memory; it spills to disk), or a Spark
    session for a cluster's data (``docs/scale.md``). The KPI expression is the one
    :func:`cohort_summary` runs, compiled once per engine.

    Parameters
    ----------
    folder : str or Path
        A folder written by ``careermap convert`` or ``CareerMap.to_parquet`` (on Spark, any
        URI the session reads, such as ``hdfs://...`` or ``s3a://...``).
    as_of, thresholds
        As in :func:`cohort_summary`.
    memory_limit : str, optional
        DuckDB's memory cap, such as ``"500MB"``.
    engine : optional
        ``"duckdb"`` (default), ``"spark"`` (the active Spark session, else a local one), a
        ``pyspark.sql.SparkSession``, a DuckDB connection or an Ibis backend.

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
    small = ("people", "target_roles", "role_requirements")
    paths = parquet_paths(folder, list(dict.fromkeys([*KPI_FRAMES, *small])))
    e = open_engine(engine, memory_limit=memory_limit)
    try:
        schemas = {
            name: e.parquet(
                table_name(name),
                paths[name],
                row_number=ROW_NUMBER if name in ("reschedules", "assessments") else None,
            )
            for name in KPI_FRAMES
        }
        frames = {name: e.read(paths[name]) for name in small}
        req = first_role_requirements(frames["target_roles"], frames["role_requirements"])
        schemas[REQUIREMENTS] = e.frame(table_name(REQUIREMENTS), req)
        rows = _run(e, schemas, th, A)
    finally:
        e.close()
    return _finish(rows, frames["people"], th, A)
