"""The engines compiled SQL runs on: DuckDB over frames or Parquet files, and Spark.

The cohort KPIs are one Ibis expression compiled once per engine and schema to SQL over tables
with fixed names (``metrics/_cohort.py``). An :class:`Engine` gives those names to the data (a
pandas frame, or a Parquet file the engine reads itself), runs the SQL and returns the rows
as Arrow. This module is where the cohort KPIs read Parquet; pyspark is imported only when a
Spark session is given (the ``spark`` extra).

Portability rules for the SQL (see ``metrics/_kpis.py``): Spark reads a float literal as a
decimal, so divide by casting first; never import ``pyspark.pandas`` (broken with pandas 3):
data crosses into and out of Spark as Arrow.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from careermap.errors import InvalidArgumentError, MapValidationError, Problem
from careermap.io._files import parquet_problem
from careermap.schemas import SCHEMAS

__all__ = ["ENGINES", "Engine", "open_engine", "parquet_paths", "shared_database"]

#: The engines by name: ``engine=`` also takes a DuckDB connection, an Ibis DuckDB or PySpark
#: backend, or a ``pyspark.sql.SparkSession``.
ENGINES = ("duckdb", "spark")


class Engine:
    """Named tables and SQL on one engine (base class; see :func:`open_engine`)."""

    #: the sqlglot dialect the SQL is compiled for (Ibis' compiler of that name)
    dialect = ""
    #: what the cache of compiled SQL is keyed by, with the schema
    kind = ""

    def frame(self, name: str, df: pd.DataFrame) -> pa.Schema:
        """Make ``df`` the table ``name``; returns its Arrow schema."""
        raise NotImplementedError

    def parquet(self, name: str, path: str, *, row_number: str | None = None) -> pa.Schema:
        """Make the Parquet file ``path`` the table ``name`` (read by the engine, lazily);
        ``row_number`` adds a column with each row's position in the file."""
        raise NotImplementedError

    def read(self, path: str) -> pd.DataFrame:
        """A small Parquet file in pandas, read where the engine reads (a cluster's storage)."""
        raise NotImplementedError

    def parameter(self, name: str) -> str | None:
        """How a query names the parameter ``name`` (None: the engine's SQL takes none)."""
        return None

    def run(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
        """The rows of a query (with its parameters' values)."""
        raise NotImplementedError

    def close(self) -> None:
        """Drop the tables this engine named (the data stays where it is)."""


#: DuckDB's Arrow schema of a registered frame, by the frame's column names and dtypes
_FRAME_SCHEMAS: dict[tuple[tuple[str, str], ...], pa.Schema] = {}


class DuckDBEngine(Engine):
    """In-process DuckDB: frames are registered (no copy), Parquet files are views."""

    dialect = "duckdb"
    kind = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, *, own: bool) -> None:
        self.con = con
        self._own = own

    def _schema(self, name: str) -> pa.Schema:
        return self.con.sql(f'SELECT * FROM "{name}" LIMIT 0').to_arrow_table().schema

    def frame(self, name: str, df: pd.DataFrame) -> pa.Schema:
        self.con.register(name, df)  # no copy; categoricals are ENUMs
        # DuckDB types a frame by its dtypes alone, except object columns (it looks at their
        # values) and categoricals (an ENUM of their categories): the schema of other frames
        # is remembered by their dtypes, which saves a query per table on every call
        dtypes = tuple((str(c), str(t)) for c, t in df.dtypes.items())
        if any(t == "object" or t == "category" for _, t in dtypes):
            return self._schema(name)
        schema = _FRAME_SCHEMAS.get(dtypes)
        if schema is None:
            schema = self._schema(name)
            if len(_FRAME_SCHEMAS) < 256:
                _FRAME_SCHEMAS[dtypes] = schema
        return schema

    def parquet(self, name: str, path: str, *, row_number: str | None = None) -> pa.Schema:
        source = f"read_parquet({_sql_string(path)}, file_row_number = {bool(row_number)})"
        columns = f'* EXCLUDE (file_row_number), file_row_number AS "{row_number}"'
        self.con.execute(
            f'CREATE OR REPLACE TEMP VIEW "{name}" AS '
            f"SELECT {columns if row_number else '*'} FROM {source}"
        )
        return self._schema(name)

    def read(self, path: str) -> pd.DataFrame:
        return pd.read_parquet(path)

    def parameter(self, name: str) -> str | None:
        return f"${name}"

    def run(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
        # execute, not sql(): a relation parses and binds the statement before running it
        # (three passes over the long KPI statement, a third of a small cohort's time); the
        # "extra copy" DuckDB warns of is of the result rows, one per person
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
            return self.con.execute(sql, params).to_arrow_table()

    def close(self) -> None:
        if self._own:
            self.con.close()


class SparkEngine(Engine):
    """A Spark session: Parquet files and frames become temporary views of the session."""

    dialect = "pyspark"
    kind = "spark"

    def __init__(self, session: Any) -> None:
        self.session = session
        self._views: list[str] = []

    def _view(self, name: str, df: Any) -> pa.Schema:
        from pyspark.sql.pandas.types import to_arrow_schema

        df.createOrReplaceTempView(name)
        self._views.append(name)
        # the schema Spark gives the view, in Arrow terms (what the SQL is compiled against)
        return to_arrow_schema(df.schema)

    def frame(self, name: str, df: pd.DataFrame) -> pa.Schema:
        table = pa.Table.from_pandas(df, preserve_index=False)
        # categoricals arrive as Arrow dictionaries, which Spark does not take: plain strings
        table = pa.table(
            {
                col: arr.cast(arr.type.value_type) if pa.types.is_dictionary(arr.type) else arr
                for col, arr in zip(table.column_names, table.columns, strict=True)
            }
        )
        from pyspark.sql.pandas.types import from_arrow_schema

        # naive timestamps stay naive (TIMESTAMP_NTZ), as Spark reads them from Parquet
        schema = from_arrow_schema(table.schema, prefer_timestamp_ntz=True)
        return self._view(name, self.session.createDataFrame(table, schema=schema))

    def parquet(self, name: str, path: str, *, row_number: str | None = None) -> pa.Schema:
        df = self.session.read.parquet(path)
        if row_number:
            from pyspark.sql import functions as F

            # ids that grow with the position in the file: a small table is one split
            df = df.withColumn(row_number, F.monotonically_increasing_id())
        return self._view(name, df)

    def read(self, path: str) -> pd.DataFrame:
        return self.session.read.parquet(path).toArrow().to_pandas()

    def run(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
        table = self.session.sql(sql).toArrow()
        # Spark hands timestamps out in the session's time zone; the dates are wall-clock
        # days, as the frames hold them
        return pa.table(
            {
                f.name: pc.local_timestamp(col)
                if pa.types.is_timestamp(f.type) and f.type.tz
                else col
                for f, col in zip(table.schema, table.columns, strict=True)
            }
        )

    def close(self) -> None:
        for name in self._views:
            self.session.catalog.dropTempView(name)
        self._views.clear()


def _sql_string(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


# One in-process DuckDB database for the whole program (the cohort KPIs and the milestone
# states of the pandas views); every call opens its own cursor (a connection of its own, so
# calls from several threads do not share registered frames) and closes it, so no data
# outlives the call. Opening a database costs ~15 ms, a cursor ~0.
@functools.cache
def shared_database() -> duckdb.DuckDBPyConnection:
    """The program's in-process DuckDB database (open a ``.cursor()`` per call)."""
    import atexit

    atexit.register(_close_database)
    return duckdb.connect()


def _close_database() -> None:
    # closed and released before the interpreter shuts down: DuckDB's bindings report a
    # connection still alive at that point as a leak
    shared_database().close()
    shared_database.cache_clear()


def open_engine(engine: Any = None, *, memory_limit: str | None = None) -> Engine:
    """The :class:`Engine` for ``engine=`` as the cohort KPIs take it.

    Parameters
    ----------
    engine
        ``None`` or ``"duckdb"``: in-process DuckDB (a new database when ``memory_limit`` is
        given, else a cursor of one shared database). A ``duckdb`` connection or an Ibis
        DuckDB backend: that database. A ``pyspark.sql.SparkSession`` or an Ibis PySpark
        backend: that Spark session. ``"spark"``: the active Spark session, else a new local
        one (``SparkSession.builder.getOrCreate()``, which ``spark-submit`` configures).
    memory_limit
        DuckDB's memory cap, such as ``"500MB"`` (it spills to disk beyond it); DuckDB only.

    Returns
    -------
    Engine

    Raises
    ------
    InvalidArgumentError
        For anything else, or Spark asked for without pyspark installed.

    Examples
    --------
    >>> e = open_engine()
    >>> _ = e.frame("t", __import__("pandas").DataFrame({"x": [1, 2]}))
    >>> e.run("SELECT max(x) AS m FROM t WHERE x < $top", {"top": 5}).to_pylist()
    [{'m': 2}]
    >>> e.close()
    """
    module = type(engine).__module__
    if engine is None or (isinstance(engine, str) and engine == "duckdb"):
        if memory_limit:
            con = duckdb.connect()
            con.execute(f"SET memory_limit = {_sql_string(memory_limit)}")
            return DuckDBEngine(con, own=True)
        return DuckDBEngine(shared_database().cursor(), own=True)
    if isinstance(engine, duckdb.DuckDBPyConnection):
        return _limited(DuckDBEngine(engine.cursor(), own=True), memory_limit)
    if module.startswith("ibis.backends.duckdb"):
        return _limited(DuckDBEngine(engine.con.cursor(), own=True), memory_limit)
    if isinstance(engine, str) and engine == "spark":
        return SparkEngine(_spark_session())
    if module.startswith("ibis.backends.pyspark"):
        return SparkEngine(engine._session)
    if module.startswith("pyspark.sql"):
        return SparkEngine(engine)
    raise InvalidArgumentError(
        "engine must be 'duckdb', 'spark', a duckdb connection, an Ibis DuckDB or PySpark "
        f"backend, or a pyspark SparkSession; got {engine!r}"
    )


def _limited(e: DuckDBEngine, memory_limit: str | None) -> DuckDBEngine:
    if memory_limit:
        e.con.execute(f"SET memory_limit = {_sql_string(memory_limit)}")
    return e


def _spark_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InvalidArgumentError(
            "engine='spark' needs pyspark: pip install 'careermap[spark]' (and a Java 17 "
            "runtime, such as Debian's openjdk-17-jre-headless)"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active  # the user's session, as configured
    session = SparkSession.builder.getOrCreate()  # spark-submit's configuration, if any
    _small_shuffles(session)
    return session


#: Shuffle partitions of a local session careermap starts, per core (Spark's default is
#: 200 whatever the data: on one machine that is 200 tasks per shuffle, mostly empty)
LOCAL_SHUFFLE_PARTITIONS_PER_CORE = 2


def _small_shuffles(session: Any) -> None:
    """A local session nobody configured gets a few shuffle partitions per core, not 200."""
    sc = session.sparkContext
    if sc.master.startswith("local") and not sc.getConf().contains("spark.sql.shuffle.partitions"):
        parts = max(1, LOCAL_SHUFFLE_PARTITIONS_PER_CORE * sc.defaultParallelism)
        session.conf.set("spark.sql.shuffle.partitions", str(parts))


def parquet_paths(folder: str | os.PathLike[str], names: Sequence[str]) -> dict[str, str]:
    """``<folder>/<name>.parquet`` for each name; a local folder must hold every file.

    A URI (``hdfs://``, ``s3a://``, ...) is passed through for the engine to read.

    Raises
    ------
    InvalidArgumentError
        If a local file is missing: the message names the folder and every missing file.

    Examples
    --------
    >>> parquet_paths("s3a://bucket/cohort/", ["people"])
    {'people': 's3a://bucket/cohort/people.parquet'}
    """
    text = os.fspath(folder)
    if "://" in text:
        return {n: f"{text.rstrip('/')}/{n}.parquet" for n in names}
    root = Path(text)
    missing = [n for n in names if not (root / f"{n}.parquet").is_file()]
    if missing:
        raise InvalidArgumentError(
            f"{root} is not a Parquet cohort (careermap convert, or CareerMap.to_parquet); "
            "missing " + ", ".join(f"{n}.parquet" for n in missing)
        )
    problems = [
        problem
        for n in names
        if (problem := _damaged_parquet(root / f"{n}.parquet", n, root)) is not None
    ]
    if not problems:
        problems = [p for n in names for p in _bad_parquet_values(root / f"{n}.parquet", n)]
    if problems:
        raise MapValidationError(problems)
    return {n: str(root / f"{n}.parquet") for n in names}


def _bad_parquet_values(path: Path, name: str) -> list[Problem]:
    """The values of a Parquet frame the loader would refuse in a map: dates outside
    1900-01-01..2199-12-31, numbers not finite or past MAX_NUMBER (missing is fine). One
    DuckDB scan of the typed columns; the first bad row of each column is named."""
    from careermap._vocab import EARLIEST_DATE, LATEST_DATE, MAX_NUMBER

    if name not in SCHEMAS:
        return []
    tests = []
    for col, spec in SCHEMAS[name].to_schema().columns.items():
        dtype, quoted = str(spec.dtype), '"' + col.replace('"', '""') + '"'
        if dtype.startswith("datetime64"):
            bad = (
                f"{quoted} IS NOT NULL AND ({quoted} < DATE '{EARLIEST_DATE}' "
                f"OR {quoted} > DATE '{LATEST_DATE}' + INTERVAL 1 DAY)"
            )
            rule = f"a date from {EARLIEST_DATE} to {LATEST_DATE}"
        elif dtype in ("float64", "Int64"):
            bad = (
                f"{quoted} IS NOT NULL AND (isnan({quoted}::DOUBLE) OR NOT "
                f"isfinite({quoted}::DOUBLE) OR abs({quoted}::DOUBLE) > {MAX_NUMBER})"
            )
            rule = f"{spec.description}: a finite number, no larger than {MAX_NUMBER:,}"
        else:
            continue
        tests.append((col, bad, rule))
    if not tests:
        return []
    picks = ", ".join(f"min(CASE WHEN {bad} THEN file_row_number END)" for _, bad, _ in tests)
    source = f"read_parquet({_sql_string(str(path))}, file_row_number = true)"
    try:
        first = duckdb.connect().execute(f"SELECT {picks} FROM {source}").fetchone()
    except duckdb.Error as exc:  # (a column of another type than its frame's)
        rule = f"cannot be read as the {name} frame: {str(exc).splitlines()[0][:200]}"
        return [Problem(str(path), "", "", "", rule, "unreadable")]
    return [
        Problem(str(path), f"row {row}", col, "", rule, "bad_value")
        for (col, _, rule), row in zip(tests, first or (), strict=False)
        if row is not None
    ]


def _damaged_parquet(path: Path, name: str, root: Path) -> Problem | None:
    """A local file of a Parquet cohort that no engine should be handed: a link out of the
    cohort, not a file, not Parquet (:func:`careermap.io._files.parquet_problem`), or
    without a column of its frame (read from the file's footer only)."""
    problem = parquet_problem(path, str(path), inside=root)
    if problem is not None or name not in SCHEMAS:
        return problem
    import pyarrow.parquet as pq

    try:
        have = set(pq.read_schema(path).names)
    except (OSError, ValueError) as exc:  # (pyarrow's errors derive from these)
        rule = f"is not a Parquet file careermap can read ({type(exc).__name__})"
        return Problem(str(path), "", "", "", rule, "unreadable")
    missing = [c for c in SCHEMAS[name].to_schema().columns if c not in have]
    if not missing:
        return None
    rule = (
        f"has no column {', '.join(missing)}; the {name} frame has the columns "
        f"{', '.join(SCHEMAS[name].to_schema().columns)} (write it with careermap convert)"
    )
    return Problem(str(path), "", ", ".join(missing), "", rule, "missing_column")
