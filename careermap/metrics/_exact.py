"""Sums that every engine adds up to the same float: the precision of the cohort KPIs.

A sum of floats depends on the order of its terms, and an engine adds in its own, parallel
order (DuckDB's threads, Spark's partitions), so the same KPI could differ in its last bits
between engines and runs. The KPIs' sums (hours logged, remaining effort, the weighted
levels of a combined skill level, the weighted skill gaps) are therefore made exact by
construction: each term is rounded to the nearest multiple of :data:`SUM_UNIT` (1e-9),
``floor(x * 10**9 + 0.5)``, the integers are added (integer addition is exact in any
order), and the total is divided by ``10**9`` once. The result is the same float on every
engine and on pandas; it differs from the exact sum of the terms by at most half a unit per
term (documented in ``docs/cohort.md#precision``). A median (of the effort estimates) is
taken over the same integers, where every engine's interpolation is exact.

The rule is written twice, side by side: for Ibis (:func:`exact_sum`, compiled to every
engine's SQL) and for numpy/pandas (:func:`units`, the personal metrics' combined levels;
:func:`median_of_units` beside :func:`exact_median`, the pandas KPIs of ``_kpis_pandas``).
"""

from __future__ import annotations

import ibis
import numpy as np

__all__ = [
    "SUM_UNIT",
    "UNITS",
    "exact_median",
    "exact_sum",
    "from_units",
    "median_of_units",
    "units",
    "units_sum",
    "units_value",
]

#: Integer units per 1 (10**9): a summed term counts to the nearest 1e-9.
UNITS = 1_000_000_000
#: The precision of each term of a KPI sum.
SUM_UNIT = 1 / UNITS


def exact_sum(x: ibis.Value, where: ibis.Value | None = None) -> ibis.Value:
    """The sum of ``x`` (float) as every engine gives it: terms rounded to 1e-9, added as
    integers, divided once (null when no row counts, as ``sum``).

    Examples
    --------
    >>> import ibis, pandas as pd
    >>> t = ibis.memtable(pd.DataFrame({"x": [0.1, 0.2, 0.3]}))
    >>> con = ibis.duckdb.connect()
    >>> float(con.execute(t.x.sum())), float(con.execute(exact_sum(t.x)))
    (0.6000000000000001, 0.6)
    """
    return units_value(units_sum(x, where))


def units_sum(x: ibis.Value, where: ibis.Value | None = None) -> ibis.Value:
    """The integer total of :func:`exact_sum` (int64 units of 1e-9): partial totals add up
    exactly (per goal, then per person), and :func:`units_value` turns the last into a float."""
    return _whole(x).sum(where=where)


def units_value(total: ibis.Value) -> ibis.Value:
    """A total of :func:`units_sum` as a float: one division by ``10**9``."""
    return total.cast("float64") / UNITS


def exact_median(x: ibis.Value) -> ibis.Value:
    """The median of ``x`` (float) as every engine gives it: the median of the terms rounded
    to 1e-9, as integers (DuckDB and Spark interpolate between the two middle values each in
    its own way, and every way is exact on integers), divided once.

    Examples
    --------
    >>> import ibis, pandas as pd
    >>> t = ibis.memtable(pd.DataFrame({"x": [0.1, 0.7, 5.0, None]}))
    >>> float(ibis.duckdb.connect().execute(exact_median(t.x)))
    0.7
    """
    return _whole(x).median().cast("float64") / UNITS


def median_of_units(x: np.ndarray) -> float:
    """:func:`exact_median` in numpy: the median of the non-missing terms of ``x`` as
    :func:`units`, divided once (NaN when none is given).

    Examples
    --------
    >>> import numpy as np
    >>> median_of_units(np.array([0.1, 0.7, 5.0, np.nan]))
    0.7
    """
    v = np.asarray(x, dtype="float64")
    v = v[~np.isnan(v)]
    return float(np.median(units(v))) / UNITS if len(v) else float("nan")


def _whole(x: ibis.Value) -> ibis.Value:
    return ((x.cast("float64") * UNITS) + 0.5).floor().cast("int64")


def units(x: np.ndarray) -> np.ndarray:
    """The terms of :func:`exact_sum` in numpy: ``floor(x * 10**9 + 0.5)`` as int64.

    Examples
    --------
    >>> import numpy as np
    >>> from_units(units(np.array([0.1, 0.2, 0.3])).sum())
    0.6
    """
    return np.floor(np.asarray(x, dtype="float64") * UNITS + 0.5).astype("int64")


def from_units(total: np.ndarray | int) -> np.ndarray | float:
    """A sum of :func:`units` back as a float (one division, as :func:`exact_sum`)."""
    return np.asarray(total, dtype="float64") / UNITS if np.ndim(total) else float(total) / UNITS
