"""Fixtures for the widget tests: a writable copy of the sample map."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest


@pytest.fixture
def sha():
    """``sha(path)``: the sha256 of a file's bytes."""
    return lambda path: hashlib.sha256(Path(path).read_bytes()).hexdigest()
