"""The rules of one row: dates, then each frame's pandera schema (lazy: every failure).

One function per rule, called by the loader for every frame of a cohort and by the store for
the rows it is about to add, so both accept and refuse the same values with the same words.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from careermap.errors import Problem
from careermap.io._table import Table
from careermap.schemas import SCHEMAS, reason_code

DATE_RULE = "a date like 2025-09-30 (YYYY-MM-DD)"
# A time part is accepted only as an ISO time (YAML and spreadsheets may give datetimes).
_ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}[ T]\d"


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates as careermap reads them: ``datetime64[ns]``, NaT where missing or not a date.

    Only ISO dates (``YYYY-MM-DD``), optionally followed by an ISO time, which is dropped:
    ``03/04/2025`` is ambiguous and is never guessed. A value present in ``values`` but NaT in
    the result is a bad date.

    Examples
    --------
    >>> parse_dates(pd.Series(["2025-09-30", "2025-09-30T14:00", "30/09/2025", None])).tolist()
    [Timestamp('2025-09-30 00:00:00'), Timestamp('2025-09-30 00:00:00'), NaT, NaT]
    """
    present = values.notna()
    full = values[present].astype(str)
    parsed = pd.to_datetime(full.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    ok = parsed.notna() & (full.str.len().eq(10) | full.str.match(_ISO_DATETIME))
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    out[ok.index[ok.to_numpy()]] = parsed[ok]
    return out


def parse_date(value: Any) -> pd.Timestamp | None:
    """One date as careermap reads it from a file (see :func:`parse_dates`), else None.

    Examples
    --------
    >>> parse_date("2025-09-30"), parse_date("2025-02-30"), parse_date("30/09/2025")
    (Timestamp('2025-09-30 00:00:00'), None, None)
    """
    day = parse_dates(pd.Series([value], dtype=object)).iloc[0]
    return None if pd.isna(day) else day


@functools.cache
def _schema(name: str) -> pa.DataFrameSchema:
    return SCHEMAS[name].to_schema()


def _date_columns(name: str) -> list[str]:
    return [
        c for c, col in _schema(name).columns.items() if str(col.dtype).startswith("datetime64")
    ]


def validate_table(t: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed frame of a raw table, and the problems of its rows.

    Dates are parsed first (:func:`parse_dates`), then the frame's pandera schema runs lazily.
    A bad cell is reported once and left missing in the typed frame, so that the cross-file
    rules can still run over the rest.
    """
    problems: list[Problem] = []
    df = t.frame.copy()
    for col in _date_columns(t.name):
        parsed = parse_dates(df[col])
        bad = df[col].notna().to_numpy() & parsed.isna().to_numpy()
        for i in df.index[bad]:
            problems.append(t.problem(i, col, DATE_RULE, "bad_date"))
        df[col] = parsed
    seen = {(p.location, p.column) for p in problems}
    schema = _schema(t.name)
    if df.empty:  # nothing to check; pandera's fixed cost is ~20 ms a frame
        return _coerce_leniently(df, schema), problems
    try:
        out = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = _coerce_leniently(df, schema)
        problems += _schema_problems(t, exc.failure_cases, schema, seen, out)
    return out, problems


def _coerce_leniently(df: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Typed columns with bad cells as missing, so the cross-file rules can still run."""
    out = df.copy()
    for col, spec in schema.columns.items():
        if col not in out.columns:
            continue
        dtype = str(spec.dtype)
        if dtype.startswith("datetime64"):
            continue  # already parsed
        if dtype in ("float64", "Int64"):
            num = pd.to_numeric(out[col], errors="coerce")
            if dtype == "Int64":
                num = num.where(num.isna() | (num == np.floor(num)))
            out[col] = num.astype(dtype)
        else:
            out[col] = out[col].astype("str").where(out[col].notna(), None)
    return out


def _schema_problems(
    t: Table,
    failures: pd.DataFrame,
    schema: pa.DataFrameSchema,
    seen: set[tuple[str, str]],
    typed: pd.DataFrame,
) -> list[Problem]:
    problems = []
    for row in failures.itertuples(index=False):
        col, idx = row.column, row.index
        if idx is None or (isinstance(idx, float) and np.isnan(idx)) or col not in schema.columns:
            continue
        i = int(idx)
        spec = schema.columns[col]
        rule = spec.description or f"a valid {col}"
        raw = t.frame.at[i, col]
        if str(row.check) == "not_nullable":
            rule = f"required: {rule}"
        p = t.problem(i, col, rule, reason_code(str(row.check)), value=raw)
        key = (p.location, p.column)
        if key in seen:
            continue
        seen.add(key)
        problems.append(p)
        if col in typed.columns and not str(spec.dtype).startswith("datetime"):
            typed.at[i, col] = None
    return problems
