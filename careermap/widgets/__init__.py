"""Notebook widgets: forms that write a map folder, and the coach's attention dashboard.

The widgets are thin: they read the map, show what :mod:`careermap.metrics` and
:mod:`careermap.charts` compute, and the forms save through :mod:`careermap.store`, which
checks every entry first and writes it durably. Each widget exposes its controls as
attributes, so it can be driven from code or tests (set values, ``form.save_button.click()``,
read ``form.status.text`` or ``dashboard.headline_text``).

Examples
--------
>>> import shutil, tempfile, careermap
>>> from careermap import widgets
>>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
>>> form = widgets.quick_log(folder, as_of="2026-11-16")
>>> form.pick.value
'M5'
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careermap.widgets._chart import ChartView, mime_bundle
    from careermap.widgets._common import Form
    from careermap.widgets._dashboard import CoachDashboard, coach_dashboard
    from careermap.widgets._quick_log import QuickLog, quick_log
    from careermap.widgets._review import ReviewForm, weekly_review_form
    from careermap.widgets._self_assessment import SelfAssessmentForm, self_assessment
    from careermap.widgets._thresholds import ThresholdDashboard, threshold_dashboard
    from careermap.widgets._time_import import TimeImport, time_import
    from careermap.widgets._what_if import WhatIfPanel, apply_scenario, what_if_panel

# each widget's module is imported on first use (PEP 562): the coach's dashboard starts
# without the time import's calendar readers, a quick log without the dashboard's charts
_LAZY = {
    "ChartView": "_chart",
    "mime_bundle": "_chart",
    "Form": "_common",
    "CoachDashboard": "_dashboard",
    "coach_dashboard": "_dashboard",
    "QuickLog": "_quick_log",
    "quick_log": "_quick_log",
    "ReviewForm": "_review",
    "weekly_review_form": "_review",
    "SelfAssessmentForm": "_self_assessment",
    "self_assessment": "_self_assessment",
    "ThresholdDashboard": "_thresholds",
    "threshold_dashboard": "_thresholds",
    "TimeImport": "_time_import",
    "time_import": "_time_import",
    "WhatIfPanel": "_what_if",
    "apply_scenario": "_what_if",
    "what_if_panel": "_what_if",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'careermap.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"careermap.widgets.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ChartView",
    "CoachDashboard",
    "Form",
    "QuickLog",
    "ReviewForm",
    "SelfAssessmentForm",
    "ThresholdDashboard",
    "TimeImport",
    "WhatIfPanel",
    "apply_scenario",
    "coach_dashboard",
    "mime_bundle",
    "quick_log",
    "self_assessment",
    "threshold_dashboard",
    "time_import",
    "weekly_review_form",
    "what_if_panel",
]
