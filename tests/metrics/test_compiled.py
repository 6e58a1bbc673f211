"""The KPI expression is compiled once per engine, schema and thresholds, not per call.

``small`` is one person, whose KPIs are computed in pandas by default: these tests ask for the
Ibis path on DuckDB (``engine="duckdb"``), whose compiled SQL they count.
"""

from __future__ import annotations

import pandas as pd

from careermap.metrics import cohort_summary, cohort_summary_parquet
from careermap.metrics._cohort import kpi_sql

DUCKDB = "duckdb"


def test_a_second_call_and_another_date_reuse_the_compiled_sql(small, tmp_path):
    cohort_summary(
        small, as_of="2025-06-15", engine=DUCKDB
    )  # compiled here (or earlier in the session)
    before = kpi_sql.cache_info()
    a = cohort_summary(small, as_of="2025-06-15", engine=DUCKDB)
    b = cohort_summary(small, as_of="2025-03-01", engine=DUCKDB)
    after = kpi_sql.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 2
    assert not a.equals(b)  # the date is data: a new date, the same SQL, other numbers

    folder = small.to_parquet(tmp_path / "pq")
    cohort_summary_parquet(folder, as_of="2025-06-15")  # another schema: compiled once more
    mid = kpi_sql.cache_info()
    p = cohort_summary_parquet(folder, as_of="2025-06-15")
    assert kpi_sql.cache_info().misses == mid.misses
    pd.testing.assert_frame_equal(p, a)


def test_new_kpi_thresholds_compile_their_own_sql(small):
    base = cohort_summary(small, as_of="2025-06-15", engine=DUCKDB)
    before = kpi_sql.cache_info().misses
    other = cohort_summary(
        small, as_of="2025-06-15", thresholds={"inactive_days": 3}, engine=DUCKDB
    )
    assert kpi_sql.cache_info().misses == before + 1
    again = cohort_summary(small, as_of="2025-06-15", engine=DUCKDB)
    assert kpi_sql.cache_info().misses == before + 1
    pd.testing.assert_frame_equal(base, again)
    assert other.attrs["thresholds"]["inactive_days"] == 3


def test_an_unknown_engine_says_what_is_accepted(small):
    import pytest

    from careermap.errors import InvalidArgumentError

    with pytest.raises(
        InvalidArgumentError, match=r"engine must be 'duckdb', 'spark'.*got 'sqlite'"
    ):
        cohort_summary(small, as_of="2025-06-15", engine="sqlite")
