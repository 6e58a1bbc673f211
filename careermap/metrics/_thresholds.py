"""When a person needs attention: the thresholds of the cohort KPIs' flags, with defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from careermap.errors import InvalidArgumentError

__all__ = ["FLAG_THRESHOLDS", "Thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """When a person needs attention. Every number is a documented default a coach can change.

    Attributes
    ----------
    inactive_days : no time logged for this many days or more
    overdue_milestones : this many open milestones past their target date or more
    forecast_margin_days : the forecast's even-odds finish (``finish_p50``) later than the
        latest goal deadline by more than this
    review_drop : review scores fell at each of the last two reviews, by at least this much in
        total (1-5 scale)
    top_goal_days : no hours logged against the priority-1 goal in this many days (while active)
    low_effort_ratio : 4-week hours per week below this share of weekly capacity (while active)
    pace_weeks : the window (weeks before as_of) whose logged hours give
        ``pace_hours_per_week``
    top_goal_due_days : the top goal is the highest-priority goal with an open milestone due
        within this many days (or overdue)
    """

    inactive_days: int = 30
    overdue_milestones: int = 2
    forecast_margin_days: int = 30
    review_drop: float = 0.5
    top_goal_days: int = 30
    low_effort_ratio: float = 0.25
    pace_weeks: int = 12
    top_goal_due_days: int = 30

    @classmethod
    def from_any(cls, value: Thresholds | Mapping[str, Any] | None) -> Thresholds:
        if value is None:
            return cls()
        if isinstance(value, Thresholds):
            return value
        known = set(asdict(cls()))
        unknown = sorted(set(value) - known)
        if unknown:
            raise InvalidArgumentError(
                f"unknown threshold {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(sorted(known))}"
            )
        return cls(**value)


# The thresholds that only decide the flags; the others (pace_weeks, top_goal_days,
# top_goal_due_days) change the KPIs themselves.
FLAG_THRESHOLDS = (
    "inactive_days",
    "overdue_milestones",
    "forecast_margin_days",
    "review_drop",
    "low_effort_ratio",
)
