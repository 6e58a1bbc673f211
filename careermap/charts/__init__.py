"""careermap's charts: a tidy frame (or a CareerMap) in, a ``plotly.graph_objects.Figure`` out.

One function per view, data first, options keyword-only; figures are returned, never shown.
Every chart uses the ``"careermap"`` plotly template (colour-blind-safe Okabe-Ito colours,
fixed status colours) and, when there is nothing to draw, returns a figure that says so.
Charts of O*NET data carry the O*NET attribution; the market chart also cites the BLS.

Examples
--------
>>> import careermap
>>> from careermap import charts
>>> m = careermap.load(careermap.sample_path())
>>> fig = charts.roadmap_timeline(m, as_of="2026-11-15")
>>> fig.layout.template.layout.colorway[0]
'#0072B2'

The charts mirror the metrics: ``charts/_<name>.py`` draws the frames of
``metrics/_<name>.py`` (docs/charts.md lists each chart with its module and metric), and a
chart's name never repeats a metric's (``charts.skill_history_chart`` draws
``metrics.skill_history``). The old names ``skill_history`` and ``time_mix`` still work for
a release, with a ``DeprecationWarning``.
"""

import warnings
from typing import Any

from careermap.charts._backtest import forecast_calibration_chart
from careermap.charts._burndown import burndown_chart
from careermap.charts._cohort import (
    attention_table,
    group_comparison,
    kpi_distributions,
    move_thresholds,
    time_mix_chart,
)
from careermap.charts._cohort_gaps import gap_heatmap
from careermap.charts._cohort_glance import (
    attention_counts,
    skills_below_requirement,
    time_mix_boxes,
)
from careermap.charts._gaps import gap_trend_chart, skill_gap_bars, skill_radar
from careermap.charts._goals import goal_hours_chart, goal_pace_chart
from careermap.charts._levels import skill_history_chart
from careermap.charts._market import market_chart, technology_chart
from careermap.charts._occupations import closest_roles_chart
from careermap.charts._plan import action_plan_table
from careermap.charts._reflection import self_assessment_chart
from careermap.charts._reviews import review_chart
from careermap.charts._roadmap import roadmap_timeline, strategy_map
from careermap.charts._skill_growth import skill_investment_chart, time_to_close_chart
from careermap.charts._slip import slip_chart
from careermap.charts._theme import (
    CATEGORY_COLORS,
    ONET_SOURCE,
    PALETTE,
    STATUS_COLORS,
    TEMPLATE,
)
from careermap.charts._time import (
    category_trend_chart,
    estimation_chart,
    logging_calendar,
    planned_vs_actual_chart,
    streak_chart,
    time_allocation_chart,
)
from careermap.charts._update import update_in_place
from careermap.charts._what_if import what_if_chart

__all__ = [
    "CATEGORY_COLORS",
    "ONET_SOURCE",
    "PALETTE",
    "STATUS_COLORS",
    "TEMPLATE",
    "action_plan_table",
    "attention_counts",
    "attention_table",
    "burndown_chart",
    "category_trend_chart",
    "closest_roles_chart",
    "estimation_chart",
    "forecast_calibration_chart",
    "gap_heatmap",
    "gap_trend_chart",
    "goal_hours_chart",
    "goal_pace_chart",
    "group_comparison",
    "kpi_distributions",
    "logging_calendar",
    "market_chart",
    "move_thresholds",
    "planned_vs_actual_chart",
    "review_chart",
    "roadmap_timeline",
    "self_assessment_chart",
    "skill_gap_bars",
    "skill_history_chart",
    "skill_investment_chart",
    "skill_radar",
    "skills_below_requirement",
    "slip_chart",
    "strategy_map",
    "streak_chart",
    "technology_chart",
    "time_allocation_chart",
    "time_mix_boxes",
    "time_mix_chart",
    "time_to_close_chart",
    "update_in_place",
    "what_if_chart",
]

# old name -> new name: chart names that were a metric's too (kept for one release)
_RENAMED = {"skill_history": "skill_history_chart", "time_mix": "time_mix_chart"}


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        new = _RENAMED[name]
        warnings.warn(
            f"careermap.charts.{name} is deprecated (it is also a metric's name); "
            f"use careermap.charts.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return globals()[new]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
