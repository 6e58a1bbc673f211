"""Shared fixtures: a small valid map written from scratch (independent of the sample)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _maps import FILES, write_map


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """careermap's cache (``careermap.io.load_cached``, the compiled KPI SQL) in this run's
    temporary folder, not the user's; servers the tests start inherit it."""
    before = os.environ.get("CAREERMAP_CACHE_DIR")
    folder = tmp_path_factory.mktemp("careermap-cache")
    os.environ["CAREERMAP_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("CAREERMAP_CACHE_DIR", None)
    else:
        os.environ["CAREERMAP_CACHE_DIR"] = before


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
