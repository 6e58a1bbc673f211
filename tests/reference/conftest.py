"""Fixtures of the reference tests: the real source files (see ``_source.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reference._source import SOURCE, require_source


@pytest.fixture(scope="module")
def source_data() -> Path:
    """The source folder; skips (locally) or fails (CI) the test when it is missing."""
    require_source()
    return SOURCE
