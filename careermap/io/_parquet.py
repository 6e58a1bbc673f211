"""Reading a cohort stored as Parquet tables (``CareerMap.to_parquet``) for an engine.

Large cohorts are a folder of ``<frame>.parquet`` files. Engines such as DuckDB read those
files themselves, so a cohort larger than memory never has to become pandas frames: this
module opens the files as lazy Ibis tables on one DuckDB connection (and reads the few small
tables a caller wants in pandas). It is the only Parquet reading of the cohort KPIs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from careermap.io._engines import parquet_paths

__all__ = ["ROW_NUMBER", "ParquetCohort", "read_parquet_cohort"]

#: The column each lazy table gets with the row's position in its file (the frame's order).
ROW_NUMBER = "file_row_number"


@dataclass(frozen=True)
class ParquetCohort:
    """A Parquet cohort folder opened for an engine.

    Attributes
    ----------
    folder : the folder read
    con : the Ibis DuckDB connection the lazy tables belong to (run expressions on it)
    tables : lazy Ibis tables by frame name, each with a :data:`ROW_NUMBER` column
    frames : the tables asked for in memory, as pandas frames
    """

    folder: Path
    con: Any
    tables: dict[str, ibis.Table]
    frames: dict[str, pd.DataFrame]


def read_parquet_cohort(
    folder: str | Path,
    *,
    tables: Sequence[str],
    frames: Sequence[str] = (),
    memory_limit: str | None = None,
) -> ParquetCohort:
    """Open the Parquet files of a cohort folder: lazily for an engine, or into pandas.

    Parameters
    ----------
    folder
        A folder written by ``CareerMap.to_parquet``.
    tables
        Frames to open as lazy Ibis tables (DuckDB reads them when an expression runs).
    frames
        Frames to read into pandas now (small ones: people, target roles).
    memory_limit
        DuckDB's memory cap, e.g. ``"500MB"`` (it spills to disk beyond it).

    Returns
    -------
    ParquetCohort

    Raises
    ------
    InvalidArgumentError
        If a file is missing: the message names the folder and every missing file.

    Examples
    --------
    >>> import tempfile, careermap
    >>> folder = careermap.load(careermap.sample_path()).to_parquet(tempfile.mkdtemp())
    >>> pq = read_parquet_cohort(folder, tables=["milestones"], frames=["people"])
    >>> int(pq.tables["milestones"].count().execute()), pq.frames["people"]["person_id"].tolist()
    (17, ['alex-rivera'])
    """
    root = Path(folder)
    wanted = list(dict.fromkeys([*tables, *frames]))
    parquet_paths(root, wanted)  # names every missing file
    con = ibis.duckdb.connect()
    if memory_limit:
        con.raw_sql(f"SET memory_limit = '{memory_limit}'")
    lazy = {
        name: con.read_parquet(root / f"{name}.parquet", **{ROW_NUMBER: True}) for name in tables
    }
    eager = {name: pd.read_parquet(root / f"{name}.parquet") for name in frames}
    return ParquetCohort(folder=root, con=con, tables=lazy, frames=eager)
