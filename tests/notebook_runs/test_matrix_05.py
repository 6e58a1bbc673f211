"""notebooks/05-cohort.ipynb runs without errors or warnings on generated cohorts, and
lists the person it had to leave out."""

from __future__ import annotations

import pytest
from notebook_runs._matrix import COHORTS
from notebook_runs._matrix_test import run_on

NOTEBOOK = "05-cohort.ipynb"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(COHORTS))
def test_runs_cleanly_on(name, kernel, matrix_map, timings):
    run = run_on(kernel, matrix_map(name), name, timings, folder_key="MY_COHORT")
    said = "\n".join(run.texts())
    if name == "cohort-with-broken-person":
        assert "1 person left out" in said and "broken-map" in said, said[:3000]
    else:
        assert "Every person's map loaded: 3 people." in said, said[:3000]
