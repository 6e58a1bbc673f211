"""Fixtures for the import tests: a map whose time log already has the source columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from _maps import TIME_LOG

SOURCED_TIME_LOG = "".join(
    line + (",source,source_id\n" if i == 0 else ",,\n")
    for i, line in enumerate(TIME_LOG.splitlines())
)


@pytest.fixture
def sourced_map(make_map) -> Path:
    """The small test map (sam-lee) with ``source,source_id`` columns in time_log.csv."""
    return make_map({"time_log.csv": SOURCED_TIME_LOG})
