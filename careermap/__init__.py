"""careermap: career strategy maps as validated pandas frames, with JupyterLab dashboards.

>>> import careermap
>>> m = careermap.load(careermap.sample_path())
>>> len(m.goals) >= 3
True
"""

from __future__ import annotations

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
    bundled = Path(__file__).parent / "_bundled"  # in a wheel (see pyproject force-include)
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent / "data"  # a source checkout


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
