"""Shared fixtures: a small valid map written from scratch (independent of the sample)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _maps import FILES, write_map


@pytest.fixture
def small_map(tmp_path: Path) -> Path:
    """A valid person folder `sam-lee` written from the strings above."""
    return write_map(tmp_path / "sam-lee")


@pytest.fixture
def make_map(tmp_path: Path):
    """Write the small map with some files replaced: ``make_map({"time_log.csv": text})``."""
    counter = iter(range(10_000))

    def make(changes: dict[str, str | None] | None = None, *, name: str = "sam-lee") -> Path:
        files = dict(FILES)
        for key, text in (changes or {}).items():
            if text is None:
                files.pop(key, None)
            else:
                files[key] = text
        return write_map(tmp_path / f"m{next(counter)}" / name, files)

    return make
