"""The rules of one row: dates, then each frame's pandera schema (lazy: every failure).

One function per rule, called by the loader for every frame of a cohort and by the store for
the rows it is about to add, so both accept and refuse the same values with the same words.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from careermap._pandera import pa
from careermap._vocab import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_NUMBER,
    NUMBER_RULE,
    did_you_mean,
    misread_number,
)
from careermap.errors import Problem
from careermap.io._table import Table
from careermap.schemas import SCHEMAS, reason_code

DATE_RULE = "a date like 2025-09-30 (YYYY-MM-DD)"
DATE_RANGE_RULE = f"a date from {EARLIEST_DATE} to {LATEST_DATE}"
# A time part is accepted only as an ISO time (YAML and spreadsheets may give datetimes).
_ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}[ T]\d"
_EARLIEST, _LATEST = pd.Timestamp(EARLIEST_DATE), pd.Timestamp(LATEST_DATE)


def _read_dates(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """:func:`parse_dates`, and which values are dates outside the accepted range."""
    present = values.notna()
    full = values[present].astype(str)
    # (pandas 3 parses to the resolution a date needs: 3000-03-31 is a date here, refused
    # below; it is never put in a datetime64[ns] column, which cannot hold it)
    parsed = pd.to_datetime(full.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    shaped = parsed.notna() & (full.str.len().eq(10) | full.str.match(_ISO_DATETIME))
    inside = shaped & (parsed >= _EARLIEST) & (parsed <= _LATEST)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    out[inside.index[inside.to_numpy()]] = parsed[inside].astype("datetime64[ns]")
    outside = np.zeros(len(values), dtype=bool)
    outside[present.to_numpy()] = (shaped & ~inside).to_numpy()
    return out, outside


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates as careermap reads them: ``datetime64[ns]``, NaT where missing or not a date.

    Only ISO dates (``YYYY-MM-DD``), optionally followed by an ISO time, which is dropped:
    ``03/04/2025`` is ambiguous and is never guessed. Dates before 1900-01-01 or after
    2199-12-31 (``careermap._vocab.EARLIEST_DATE``, ``LATEST_DATE``) are not accepted either.
    A value present in ``values`` but NaT in the result is a bad date.

    Examples
    --------
    >>> parse_dates(pd.Series(["2025-09-30", "2025-09-30T14:00", "30/09/2025", None])).tolist()
    [Timestamp('2025-09-30 00:00:00'), Timestamp('2025-09-30 00:00:00'), NaT, NaT]
    >>> parse_dates(pd.Series(["3000-03-31", "2199-12-31"])).tolist()
    [NaT, Timestamp('2199-12-31 00:00:00')]
    """
    return _read_dates(values)[0]


def parse_date(value: Any) -> pd.Timestamp | None:
    """One date as careermap reads it from a file (see :func:`parse_dates`), else None.

    Examples
    --------
    >>> parse_date("2025-09-30"), parse_date("2025-02-30"), parse_date("30/09/2025")
    (Timestamp('2025-09-30 00:00:00'), None, None)
    >>> parse_date("9999-12-31") is None
    True
    """
    day = parse_dates(pd.Series([value], dtype=object)).iloc[0]
    return None if pd.isna(day) else day


@functools.cache
def _schema(name: str) -> pa.DataFrameSchema:
    return SCHEMAS[name].to_schema()


def _columns_of(name: str, *dtypes: str) -> list[str]:
    return [c for c, col in _schema(name).columns.items() if str(col.dtype).startswith(dtypes)]


def validate_table(t: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed frame of a raw table, and the problems of its rows.

    Dates are parsed first (:func:`parse_dates`), numbers checked to be finite numbers within
    :data:`~careermap._vocab.MAX_NUMBER`, then the frame's pandera schema runs lazily. A bad
    cell is reported once and left missing in the typed frame, so that the cross-file rules
    can still run over the rest. Each rule lists at most
    :data:`~careermap.io._table.MAX_PER_RULE` rows per file and counts the others.
    """
    problems: list[Problem] = []
    df = t.frame.copy()
    reported: dict[str, np.ndarray] = {}  # column -> rows already reported
    for col in _columns_of(t.name, "datetime64"):
        parsed, outside = _read_dates(df[col])
        bad = df[col].notna().to_numpy() & parsed.isna().to_numpy()
        problems += t.report(np.flatnonzero(bad & ~outside), col, "bad_date", DATE_RULE)
        problems += t.report(np.flatnonzero(outside), col, "date_out_of_range", DATE_RANGE_RULE)
        reported[col] = bad
        df[col] = parsed
    schema = _schema(t.name)
    for col in _columns_of(t.name, "float64", "Int64"):
        found, bad = _number_problems(t, df[col], schema.columns[col].description or "a number")
        problems += found
        if bad.any():
            df[col] = df[col].where(~bad, None)
            reported[col] = bad
    if df.empty:  # nothing to check; pandera's fixed cost is ~20 ms a frame
        return _coerce_leniently(df, schema), problems
    try:
        out = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = _coerce_leniently(df, schema)
        problems += _schema_problems(t, exc.failure_cases, schema, reported, out)
    return out, problems


_COMMA_DECIMAL = r"[+-]?\d+,\d+"
_NAN_TEXT = ("nan", "+nan", "-nan", ".nan")


def _number_problems(t: Table, raw: pd.Series, rule: str) -> tuple[list[Problem], np.ndarray]:
    """Numbers that are no finite number within :data:`MAX_NUMBER`, said plainly, and which
    cells they are (pandera's coercion would turn ``inf`` into a number, and a huge whole
    number into an overflow)."""
    n = len(raw)
    present = raw.notna().to_numpy()
    if not present.any():
        return [], np.zeros(n, dtype=bool)
    if t.kind == "yaml":
        # (a whole number past float64's range would make pandas raise OverflowError)
        num = pd.to_numeric(raw.map(_tame_int), errors="coerce")
    else:
        num = pd.to_numeric(raw, errors="coerce")
    num = num.to_numpy(dtype=float, na_value=np.nan)
    # YAML's true/false are no numbers (pandas would read them as 1 and 0); its .nan comes
    # as the text written (see careermap.io._yaml), since a float NaN would read as missing
    if t.kind == "yaml":
        is_bool = raw.map(lambda v: isinstance(v, bool | np.bool_)).to_numpy(dtype=bool)
    else:
        is_bool = np.zeros(n, dtype=bool)
    unread = present & np.isnan(num)
    text = raw[unread].astype(str).str.strip()
    nan_text = np.zeros(n, dtype=bool)
    nan_text[unread] = text.str.lower().isin(_NAN_TEXT).to_numpy()
    comma = np.zeros(n, dtype=bool)
    comma[unread] = text.str.fullmatch(_COMMA_DECIMAL).to_numpy(dtype=bool)
    # (pandera would coerce these with float(): 1_0 as 10, 0_5 as 5)
    separated = np.zeros(n, dtype=bool)
    separated[unread] = text.map(misread_number).to_numpy(dtype=bool)
    infinite = present & np.isinf(num) & ~is_bool
    huge = present & np.isfinite(num) & (np.abs(num) > MAX_NUMBER) & ~is_bool
    non_finite = infinite | nan_text
    problems = t.report(
        np.flatnonzero(non_finite),
        raw.name,
        "not_finite",
        f"{rule} (inf, -inf and nan are not numbers)",
    )
    problems += t.report(
        np.flatnonzero(huge),
        raw.name,
        "out_of_range",
        f"{rule}; no number may be larger than {MAX_NUMBER:,}",
    )
    problems += t.report(
        np.flatnonzero(is_bool & present),
        raw.name,
        "wrong_type",
        f"{rule}; true and false are not numbers",
    )
    problems += t.report(
        np.flatnonzero(comma),
        raw.name,
        "wrong_type",
        lambda i: (
            f"{rule}; the decimal separator is a point: write "
            f"{str(raw.iat[i]).strip().replace(',', '.')}, not {str(raw.iat[i]).strip()}"
        ),
        general=f"{rule}; the decimal separator is a point (2.5, not 2,5)",
    )
    problems += t.report(
        np.flatnonzero(separated),
        raw.name,
        "wrong_type",
        f"{rule}; a number is written as {NUMBER_RULE}",
    )
    return problems, non_finite | huge | (is_bool & present) | comma | separated


def _tame_int(value: Any) -> Any:
    """A YAML whole number too large for a float as a float still too large for the rules."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e300:
        return 1e300 if value > 0 else -1e300
    return value


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


def _allowed_values(spec: Any, check: str) -> list[str]:
    """The closed vocabulary of an ``isin`` check (for a "did you mean"), else []."""
    if not check.startswith("isin"):
        return []
    for c in spec.checks:
        if c.name == "isin":
            return [str(v) for v in c.statistics.get("allowed_values", [])]
    return []


def _schema_problems(
    t: Table,
    failures: pd.DataFrame,
    schema: pa.DataFrameSchema,
    reported: dict[str, np.ndarray],
    typed: pd.DataFrame,
) -> list[Problem]:
    """pandera's failure cases as problems, a check and a column at a time (a huge file's
    failures are handled as arrays, and listed up to the cap)."""
    problems: list[Problem] = []
    failures = failures[failures["index"].notna() & failures["column"].isin(list(schema.columns))]
    n = len(t.frame)
    for (col, check), group in failures.groupby(["column", "check"], sort=False):
        spec = schema.columns[col]
        rows = np.unique(group["index"].to_numpy(dtype=np.int64))
        done = reported.setdefault(col, np.zeros(n, dtype=bool))
        rows = rows[~done[rows]]
        if not len(rows):
            continue
        done[rows] = True
        rule = spec.description or f"a valid {col}"
        if str(check) == "not_nullable":
            rule = f"required: {rule}"
        allowed = _allowed_values(spec, str(check))
        if allowed:

            def rule_of(
                i: int, base: str = rule, allowed: list[str] = allowed, values=t.frame[col]
            ) -> str:
                return did_you_mean(values.at[i], allowed) + base

            problems += t.report(rows, col, reason_code(str(check)), rule_of, general=rule)
        else:
            problems += t.report(rows, col, reason_code(str(check)), rule)
        if col in typed.columns and not str(spec.dtype).startswith("datetime"):
            mask = np.zeros(n, dtype=bool)
            mask[rows] = True
            typed[col] = typed[col].mask(mask)
    return problems
