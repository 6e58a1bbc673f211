"""Career metrics: pure functions of a :class:`~careermap.CareerMap`, tidy frames out.

Every function takes the map first (one person or a cohort: one implementation, grouped by
``person_id``), options keyword-only, and returns a new long pandas frame with a
``person_id`` column. The cohort aggregates (``kpi_medians``, ``priority_roles``,
``time_mix``) summarise people instead: a row per group, role or category, no
``person_id`` (``time_mix(by="person")`` keeps one row set per person). Nothing here
plots, reads or writes files, or changes its input (``cohort_summary_parquet`` takes a
folder and has :mod:`careermap.io` open it).
``as_of=None`` means today; pass a date to reproduce a result. What each function computes,
its formula and edge cases are in ``docs/metrics.md``; the cohort KPIs (``cohort_summary``,
``reflag``, ``Thresholds``) in ``docs/cohort.md``.

Examples
--------
>>> import careermap
>>> from careermap import metrics
>>> m = careermap.load(careermap.sample_path())
>>> metrics.burndown(m, freq="W", as_of="2026-11-15").columns.tolist()
['person_id', 'date', 'scope', 'done', 'remaining', 'ideal']
"""

from careermap.metrics._backtest import backtest_summary, forecast_backtest
from careermap.metrics._burndown import burndown
from careermap.metrics._cohort import cohort_summary, cohort_summary_parquet
from careermap.metrics._cohort_stats import (
    KPI_MEDIAN_COLUMNS,
    kpi_medians,
    priority_roles,
    time_mix,
)
from careermap.metrics._coverage import role_coverage
from careermap.metrics._flags import reflag
from careermap.metrics._forecast import (
    ACHIEVABLE_CHANCE,
    FORECAST_WEEKS,
    forecast,
    goal_at_risk,
)
from careermap.metrics._gaps import gap_trend, match_score, skill_gaps
from careermap.metrics._goals import GOAL_PACE_STATUSES, goal_hours, goal_pace, goal_trajectory
from careermap.metrics._levels import (
    COMBINE_WINDOW_DAYS,
    SOURCE_WEIGHTS,
    skill_history,
    skill_levels,
)
from careermap.metrics._market import market, role_technologies
from careermap.metrics._occupations import closest_roles, transition_steps
from careermap.metrics._plan import ACTION_STATUSES, action_plan, plan_cost
from careermap.metrics._reflection import SELF_ASSESSMENT_CHANGES, self_assessment_changes
from careermap.metrics._review import DUE_DAYS, WeeklyReview, weekly_review
from careermap.metrics._skill_growth import skill_investment, time_to_close
from careermap.metrics._slip import on_time_rate, slip
from careermap.metrics._smart import smart_check
from careermap.metrics._status import (
    STATUS_MEANING,
    STATUSES,
    goal_status,
    milestone_status,
    milestone_timeline,
)
from careermap.metrics._summary import summary
from careermap.metrics._thresholds import Thresholds
from careermap.metrics._time import (
    HABIT_ALPHA,
    estimation_accuracy,
    habit,
    habit_summary,
    planned_vs_actual,
    time_allocation,
)
from careermap.metrics._what_if import Scenario, WhatIf, goal_priorities, what_if

__all__ = [
    "ACHIEVABLE_CHANCE",
    "ACTION_STATUSES",
    "COMBINE_WINDOW_DAYS",
    "DUE_DAYS",
    "FORECAST_WEEKS",
    "GOAL_PACE_STATUSES",
    "HABIT_ALPHA",
    "KPI_MEDIAN_COLUMNS",
    "SELF_ASSESSMENT_CHANGES",
    "SOURCE_WEIGHTS",
    "STATUSES",
    "STATUS_MEANING",
    "Scenario",
    "Thresholds",
    "WeeklyReview",
    "WhatIf",
    "action_plan",
    "backtest_summary",
    "burndown",
    "closest_roles",
    "cohort_summary",
    "cohort_summary_parquet",
    "estimation_accuracy",
    "forecast",
    "forecast_backtest",
    "gap_trend",
    "goal_at_risk",
    "goal_hours",
    "goal_pace",
    "goal_priorities",
    "goal_status",
    "goal_trajectory",
    "habit",
    "habit_summary",
    "kpi_medians",
    "market",
    "match_score",
    "milestone_status",
    "milestone_timeline",
    "on_time_rate",
    "plan_cost",
    "planned_vs_actual",
    "priority_roles",
    "reflag",
    "role_coverage",
    "role_technologies",
    "self_assessment_changes",
    "skill_gaps",
    "skill_history",
    "skill_investment",
    "skill_levels",
    "slip",
    "smart_check",
    "summary",
    "time_allocation",
    "time_mix",
    "time_to_close",
    "transition_steps",
    "weekly_review",
    "what_if",
]
