"""The threshold form: one slider per threshold a coach tunes, the same in every dashboard.

:func:`careermap.widgets.coach_dashboard` and :func:`careermap.widgets.threshold_dashboard`
both show this form, so a threshold has one label, one range and one step wherever it is moved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any

import ipywidgets as widgets

from careermap.metrics import Thresholds

__all__ = ["SLIDERS", "ThresholdForm"]

#: field of :class:`careermap.metrics.Thresholds` -> (integer?, min, max, step, label)
SLIDERS: dict[str, tuple[bool, float, float, float, str]] = {
    "inactive_days": (True, 7, 120, 1, "Inactive after (days)"),
    "overdue_milestones": (True, 1, 10, 1, "Overdue milestones, at least"),
    "review_drop": (False, 0.25, 3.0, 0.25, "Review drop (points)"),
    "low_effort_ratio": (False, 0.05, 1.0, 0.05, "Low effort (÷ plan)"),
}


class ThresholdForm(widgets.VBox):
    """Sliders for the thresholds in :data:`SLIDERS`, two a row; each is an attribute.

    ``thresholds`` is a :class:`careermap.metrics.Thresholds` with the sliders' values (the
    other fields as the form was started with); :meth:`on_change` calls back after a move.

    Examples
    --------
    >>> from careermap.widgets._threshold_form import ThresholdForm
    >>> form = ThresholdForm()
    >>> form.inactive_days.value = 45
    >>> form.thresholds.inactive_days, form.inactive_days.description
    (45, 'Inactive after (days)')
    """

    def __init__(self, start: Thresholds | None = None, *, width: str = "330px") -> None:
        self.start = start or Thresholds()
        values = asdict(self.start)
        self.sliders: dict[str, widgets.Widget] = {}
        for name, (integer, lo, hi, step, label) in SLIDERS.items():
            kind = widgets.IntSlider if integer else widgets.FloatSlider
            self.sliders[name] = kind(
                value=values[name],
                min=lo,
                max=hi,
                step=step,
                description=label,
                continuous_update=False,
                style={"description_width": "initial"},
                layout=widgets.Layout(width=width),
            )
            setattr(self, name, self.sliders[name])
        shown = list(self.sliders.values())
        super().__init__([widgets.HBox(shown[i : i + 2]) for i in range(0, len(shown), 2)])

    @property
    def values(self) -> dict[str, Any]:
        """The sliders' values by :class:`~careermap.metrics.Thresholds` field."""
        return {name: slider.value for name, slider in self.sliders.items()}

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds the sliders show (the other fields as started)."""
        return replace(self.start, **self.values)

    def on_change(self, callback: Callable[[Any], None]) -> None:
        """Call ``callback(change)`` after any slider moves."""
        for slider in self.sliders.values():
            slider.observe(callback, names="value")
