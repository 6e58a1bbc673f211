"""Deprecated: the cohort KPIs moved into :mod:`careermap.metrics` (they are metrics).

Every name this module had still works for one release and warns ``DeprecationWarning``
with the new name on each use:

- ``cohort_summary``, ``cohort_summary_parquet``, ``reflag``, ``Thresholds``: the same
  names in ``careermap.metrics``;
- ``cohort_kpis``, ``flag``, ``KPI_FRAMES``: the engine-level pieces, now internal to
  ``careermap.metrics`` (``_kpis``, ``_flags``);
- ``role_requirements_for``: ``careermap.metrics._requirements.first_role_requirements``,
  the one builder of a role's requirements that the skill metrics use too.

>>> import warnings
>>> import careermap.kpis
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from careermap.kpis import cohort_summary
>>> from careermap import metrics
>>> cohort_summary is metrics.cohort_summary, caught[0].category.__name__
(True, 'DeprecationWarning')
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

# old name -> (module it lives in now, its name there, what to tell the caller)
_MOVED = {
    "cohort_summary": ("careermap.metrics", "cohort_summary", "careermap.metrics.cohort_summary"),
    "cohort_summary_parquet": (
        "careermap.metrics",
        "cohort_summary_parquet",
        "careermap.metrics.cohort_summary_parquet",
    ),
    "reflag": ("careermap.metrics", "reflag", "careermap.metrics.reflag"),
    "Thresholds": ("careermap.metrics", "Thresholds", "careermap.metrics.Thresholds"),
    "cohort_kpis": (
        "careermap.metrics._kpis",
        "cohort_kpis",
        "careermap.metrics.cohort_summary (the expression is internal)",
    ),
    "KPI_FRAMES": (
        "careermap.metrics._kpis",
        "KPI_FRAMES",
        "careermap.metrics.cohort_summary (the expression is internal)",
    ),
    "flag": ("careermap.metrics._flags", "flag", "careermap.metrics.reflag"),
    "role_requirements_for": (
        "careermap.metrics._requirements",
        "first_role_requirements",
        "careermap.metrics._requirements.first_role_requirements (internal: the one "
        "builder of a role's requirements, which skill_gaps uses too)",
    ),
}

__all__ = sorted(_MOVED)  # resolved by __getattr__


def __getattr__(name: str) -> Any:
    # PEP 562: runs for every `careermap.kpis.X` and `from careermap.kpis import X`, so each
    # use of an old name warns (a warning at import time would fire only once per process).
    if name not in _MOVED:
        raise AttributeError(f"module 'careermap.kpis' has no attribute {name!r}")
    module, attr, instead = _MOVED[name]
    warnings.warn(
        f"careermap.kpis.{name} is deprecated and will be removed in the next release; "
        f"use {instead}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), attr)
