"""The cohort KPIs on Spark (local mode) equal the plain-pandas reference, DuckDB in memory and
DuckDB over Parquet, exactly: the demo cohort and a generated 1,000-person cohort.

Spark is the slow part (a local session plans the ~1,000-line KPI query in seconds): each
test runs it as few times as what it proves needs (one run per cohort and date over Parquet;
the Arrow path of frames already loaded once), and compares that one frame with every other
engine and the plain-pandas reference."""

from __future__ import annotations

import pandas as pd
import pytest
from test_kpis import assert_matches_reference

import careermap
from careermap.errors import InvalidArgumentError
from careermap.io._engines import _small_shuffles
from careermap.metrics import cohort_summary, cohort_summary_parquet

pytestmark = pytest.mark.spark

AS_OF = pd.Timestamp("2026-11-15")


def assert_same_kpis(frame: pd.DataFrame, expected: pd.DataFrame, name: str) -> None:
    """Every value the same, exactly: the KPIs' sums are added in 1e-9 units, so no engine's
    order of addition shows (docs/cohort.md#precision)."""
    pd.testing.assert_frame_equal(frame, expected, check_exact=True, obj=name)


def every_engine(m, folder, spark, as_of, *, by_name=False, in_memory=False) -> dict:
    """The KPI frames on each engine: one Spark run over Parquet (the active session named
    ``"spark"`` when ``by_name``), and the frames handed to Spark as Arrow when ``in_memory``
    (that path does not depend on the date or the cohort's size: checked once)."""
    got = {
        "duckdb": cohort_summary(m, as_of=as_of),
        "duckdb parquet": cohort_summary_parquet(folder, as_of=as_of, memory_limit="300MB"),
        "spark parquet": cohort_summary_parquet(
            folder, as_of=as_of, engine="spark" if by_name else spark
        ),
    }
    if in_memory:
        got["spark"] = cohort_summary(m, as_of=as_of, engine=spark)
    return got


@pytest.fixture(scope="module")
def demo(cohort, tmp_path_factory):
    """The demo cohort (the session's, read-only) and its Parquet folder."""
    return cohort, cohort.to_parquet(tmp_path_factory.mktemp("demo-pq"))


@pytest.fixture(scope="module")
def thousand(thousand_folder, tmp_path_factory):
    """The run's generated 1,000-person cohort (seed 3, shared with the dashboard's test)."""
    m = careermap.load(thousand_folder, progress=False)
    return m, m.to_parquet(tmp_path_factory.mktemp("gen-pq"))


def test_demo_cohort_identical_on_every_engine(demo, spark):
    m, folder = demo
    # engine="spark" takes the active session (the tests' own, local[1])
    got = every_engine(m, folder, spark, AS_OF, by_name=True, in_memory=True)
    assert_matches_reference(got["duckdb"], m, AS_OF)
    for name, frame in got.items():
        assert_same_kpis(frame, got["duckdb"], name)
    assert got["spark parquet"]["needs_attention"].any()


def test_demo_cohort_identical_on_an_earlier_date(demo, spark):
    # a date where reschedules made later decide what was overdue, before some people's
    # first review or assessment
    m, folder = demo
    as_of = pd.Timestamp("2026-01-01")
    got = every_engine(m, folder, spark, as_of)
    assert_matches_reference(got["duckdb"], m, as_of)
    for name, frame in got.items():
        assert_same_kpis(frame, got["duckdb"], name)


def test_generated_thousand_identical_on_every_engine(thousand, spark):
    m, folder = thousand
    got = every_engine(m, folder, spark, AS_OF)
    assert len(got["duckdb"]) == 1000
    assert_matches_reference(got["duckdb"], m, AS_OF)
    for name, frame in got.items():
        assert_same_kpis(frame, got["duckdb"], name)


def test_a_local_session_careermap_starts_gets_few_shuffle_partitions(spark):
    # the tests' session set its own shuffle partitions: left as it is
    _small_shuffles(spark)
    assert spark.conf.get("spark.sql.shuffle.partitions") == "1"

    class Conf(dict):
        def contains(self, key):
            return key in self

    class Context:
        master, defaultParallelism = "local[*]", 3

        def __init__(self, conf):
            self._conf = conf

        def getConf(self):
            return self._conf

    class Session:
        def __init__(self, master, conf):
            self.sparkContext = Context(conf)
            self.sparkContext.master = master
            self.conf = Conf()
            self.conf.set = self.conf.__setitem__

    fresh = Session("local[*]", Conf())
    _small_shuffles(fresh)  # a session nobody configured: 2 per core, not Spark's 200
    assert fresh.conf == {"spark.sql.shuffle.partitions": "6"}
    for cluster in (
        Session("yarn", Conf()),
        Session("local[2]", Conf({"spark.sql.shuffle.partitions": "8"})),
    ):
        _small_shuffles(cluster)  # a cluster, or a configured session: untouched
        assert cluster.conf == {}


def test_a_missing_file_is_named_before_spark_reads(tmp_path, spark):
    with pytest.raises(InvalidArgumentError, match=r"missing .*people\.parquet"):
        cohort_summary_parquet(tmp_path, as_of=AS_OF, engine=spark)
