"""notebooks/01-getting-started.ipynb runs without errors or warnings on every generated map."""

from __future__ import annotations

import pytest
from notebook_runs._matrix import PERSON_MAPS
from notebook_runs._matrix_test import run_on

NOTEBOOK = "01-getting-started.ipynb"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(PERSON_MAPS))
def test_runs_cleanly_on(name, kernel, matrix_map, timings):
    run_on(kernel, matrix_map(name), name, timings, folder_key="MY_FOLDER")
