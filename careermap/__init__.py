"""careermap: career strategy maps as validated pandas frames, with JupyterLab dashboards.

>>> import careermap
>>> m = careermap.load(careermap.sample_path())
>>> len(m.goals) >= 3
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from careermap._dates import as_of_date
from careermap._paths import cohort_path, sample_exports_path, sample_path
from careermap.errors import (
    CareermapError,
    ConcurrentEditError,
    EntryRejectedError,
    ImportRejectedError,
    InvalidArgumentError,
    MapValidationError,
    Problem,
    StoreConflictError,
    UnknownOccupationError,
    UnknownSkillError,
)
from careermap.io import load, validate
from careermap.model import CareerMap

try:
    __version__ = version("careermap")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "CareerMap",
    "CareermapError",
    "ConcurrentEditError",
    "EntryRejectedError",
    "ImportRejectedError",
    "InvalidArgumentError",
    "MapValidationError",
    "Problem",
    "StoreConflictError",
    "UnknownOccupationError",
    "UnknownSkillError",
    "__version__",
    "as_of_date",
    "cohort_path",
    "load",
    "sample_exports_path",
    "sample_path",
    "validate",
]
