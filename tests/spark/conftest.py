"""One local Spark session for the whole test run (starting one takes seconds).

Spark needs pyspark (``careermap[spark]``) and a Java runtime (Debian's
``openjdk-17-jre-headless``). Without them the Spark tests skip, unless CI is set
(``CI=true``) or ``CAREERMAP_REQUIRE_SPARK=1`` (``.ci/run`` sets both): then they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'careermap[spark]'; uv sync --all-extras)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (Debian: apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local[1] Spark session, shared by every Spark test; stopped at the end."""
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true" or os.environ.get("CAREERMAP_REQUIRE_SPARK") == "1":
            pytest.fail(f"Spark tests required in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("careermap-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
