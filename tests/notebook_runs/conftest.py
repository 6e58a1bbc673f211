"""Fixtures for running the notebooks on generated maps: the maps, and a kernel per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notebook_runs._matrix import COHORTS, LARGE_COHORTS, PERSON_MAPS, MatrixMap
from notebook_runs._runs import ARTIFACTS, Kernel


@pytest.fixture(scope="session")
def matrix_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix")


@pytest.fixture(scope="session")
def matrix_map(matrix_root: Path):
    """``matrix_map(name)``: the generated map of that name, built once per session."""
    built: dict[str, MatrixMap] = {}

    def get(name: str) -> MatrixMap:
        if name not in built:
            builder = {**PERSON_MAPS, **COHORTS, **LARGE_COHORTS}[name]
            built[name] = builder(matrix_root / name)
        return built[name]

    return get


@pytest.fixture(scope="module")
def kernel(request: pytest.FixtureRequest) -> Iterator[Kernel]:
    """A kernel for the module's ``NOTEBOOK``, up for all of the module's runs."""
    with Kernel(request.module.NOTEBOOK).running() as running:
        yield running


@pytest.fixture(scope="session")
def timings() -> Iterator[list[str]]:
    """Seconds per run, written to ``test-artifacts/notebook-matrix-<worker>.csv``."""
    rows: list[str] = []
    yield rows
    if rows:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        import os

        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        (ARTIFACTS / f"notebook-matrix-{worker}.csv").write_text(
            "notebook,map,seconds\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
