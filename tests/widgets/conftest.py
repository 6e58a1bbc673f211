"""Fixtures for the widget tests: a writable copy of the sample map."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import careermap


@pytest.fixture
def alex(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample map (the sample itself is never written)."""
    return Path(shutil.copytree(careermap.sample_path(), tmp_path / "alex-rivera"))


@pytest.fixture
def sha():
    """``sha(path)``: the sha256 of a file's bytes."""
    return lambda path: hashlib.sha256(Path(path).read_bytes()).hexdigest()
