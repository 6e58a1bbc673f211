"""careermap: career strategy maps as validated pandas frames, with JupyterLab dashboards.

>>> import careermap
>>> m = careermap.load(careermap.sample_path())
>>> len(m.goals) >= 3
True

``import careermap`` imports no pandas: the names that need it (``load``, ``validate``,
``CareerMap``, ``as_of_date``) and the subpackages (``careermap.metrics``, ...) are imported
on first use (PEP 562), so the command line starts at once and a notebook pays only for what
it calls (``tests/test_startup.py``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from careermap._dates import as_of_date
    from careermap.io import load, validate
    from careermap.model import CareerMap

# public name -> the module it comes from, imported on first use
_LAZY = {
    "CareerMap": "careermap.model",
    "as_of_date": "careermap._dates",
    "load": "careermap.io",
    "validate": "careermap.io",
}
_SUBPACKAGES = frozenset(
    {
        "charts",
        "demo",
        "io",
        "metrics",
        "model",
        "onet",
        "reference",
        "report",
        "schemas",
        "share",
        "store",
        "timeimport",
        "widgets",
    }
)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"careermap.{name}")
    elif name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("careermap")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0.0.0"
    else:
        raise AttributeError(f"module 'careermap' has no attribute {name!r}")
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBPACKAGES, "__version__"})


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
