"""careermap: career strategy maps as validated pandas frames, with JupyterLab dashboards.

>>> import careermap
>>> m = careermap.load(careermap.sample_path())
>>> len(m.goals) >= 3
True
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from careermap.errors import (
    CareermapError,
    InvalidArgumentError,
    MapValidationError,
    Problem,
    StoreConflictError,
    UnknownOccupationError,
    UnknownSkillError,
)
from careermap.io import load, validate
from careermap.model import CareerMap
from careermap.store import EntryRejectedError

try:
    __version__ = version("careermap")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "CareerMap",
    "CareermapError",
    "EntryRejectedError",
    "InvalidArgumentError",
    "MapValidationError",
    "Problem",
    "StoreConflictError",
    "UnknownOccupationError",
    "UnknownSkillError",
    "__version__",
    "cohort_path",
    "load",
    "sample_path",
    "validate",
]


def _data_root() -> Path:
    """The folder holding the bundled sample map and demo cohort.

    Found through ``importlib.resources``, like the reference data: in a built wheel they
    are package data, ``careermap/_bundled`` (pyproject force-includes the repository's
    ``data/`` there). A source checkout, and uv's editable install (which imports this
    package from the checkout), have no ``_bundled``: the same files are the repository's
    ``data/`` folder, next to the package.
    """
    package = resources.files(__name__)
    bundled = package / "_bundled"
    if not bundled.is_dir():
        bundled = package / ".." / "data"
    # a folder of files a person can copy and load: a real path, not a zip member
    return Path(os.fspath(bundled)).resolve()


def sample_path() -> Path:
    """The bundled sample person's map folder (Alex Rivera).

    >>> sample_path().name
    'alex-rivera'
    """
    return _data_root() / "sample" / "alex-rivera"


def cohort_path() -> Path:
    """The bundled demo cohort folder (30 generated people with planted personas).

    >>> (cohort_path() / "cohort.yaml").exists()
    True
    """
    return _data_root() / "cohort"
