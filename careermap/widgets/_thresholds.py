"""The coach's attention dashboard: pick a group, move the thresholds, see who is flagged."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from careermap import charts
from careermap.errors import InvalidArgumentError
from careermap.metrics import Thresholds, cohort_summary, reflag
from careermap.model import CareerMap
from careermap.widgets._chart import ChartView
from careermap.widgets._common import Form
from careermap.widgets._threshold_form import ThresholdForm

_ALL = "all"


class ThresholdDashboard(Form):
    """The widget :func:`threshold_dashboard` returns; its controls are attributes.

    Attributes
    ----------
    group : the group shown ("all", or one of the summary's groups)
    form : the threshold form (:class:`ThresholdForm`, the same as the coach's dashboard's)
    inactive_days, overdue_milestones, review_drop, low_effort_ratio : its sliders, named
        after the fields of :class:`careermap.metrics.Thresholds` they set
    headline : "N of M people need attention" (``headline_text`` holds it as plain text)
    attention_chart, distribution_chart : the charts on screen (:class:`ChartView`)
    attention_figure, distribution_figure : the figures they show (``go.Figure``)
    flagged : the summary flagged with the sliders' thresholds (every group)
    rows : the part of ``flagged`` shown (the chosen group)
    """

    what = "attention dashboard"

    def __init__(self, summary: pd.DataFrame, *, names: bool = False) -> None:
        if not isinstance(summary, pd.DataFrame) or "thresholds" not in summary.attrs:
            raise InvalidArgumentError(
                "threshold_dashboard takes a careermap.CareerMap or a frame from "
                f"careermap.metrics.cohort_summary first; got {type(summary).__name__}"
            )
        self.summary = summary
        self.names = names
        self.flagged = summary
        start = Thresholds(**summary.attrs["thresholds"])
        groups = summary["group"].dropna().unique() if "group" in summary.columns else []
        self.group = widgets.Dropdown(
            options=[_ALL, *sorted(groups)], value=_ALL, description="group"
        )
        self.form = ThresholdForm(start, width="420px")
        self.inactive_days = self.form.inactive_days
        self.overdue_milestones = self.form.overdue_milestones
        self.review_drop = self.form.review_drop
        self.low_effort_ratio = self.form.low_effort_ratio
        self.headline = widgets.HTML()
        self.headline_text = ""
        self.attention_chart = ChartView()
        self.distribution_chart = ChartView()
        self.group.observe(self._redraw, names="value")
        self.form.on_change(self._reflag)
        self._redraw()
        super().__init__(
            [
                widgets.HBox([self.group, self.headline]),
                self.form,
                self.attention_chart,
                self.distribution_chart,
            ]
        )

    @property
    def attention_figure(self) -> go.Figure:
        """The attention table on screen, as a plain figure."""
        return self.attention_chart.figure

    @property
    def distribution_figure(self) -> go.Figure:
        """The KPI distributions on screen, as a plain figure."""
        return self.distribution_chart.figure

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds the sliders show."""
        return self.form.thresholds

    @property
    def rows(self) -> pd.DataFrame:
        if self.group.value == _ALL:
            return self.flagged
        return self.flagged[self.flagged["group"] == self.group.value]

    def _reflag(self, _: Any = None) -> None:
        # new flags and reasons only: the KPIs do not depend on these thresholds
        self.flagged = reflag(self.summary, self.form.values)
        self._redraw()

    def _redraw(self, _: Any = None) -> None:
        rows = self.rows
        flagged = int(rows["needs_attention"].sum())
        self.headline_text = f"{flagged} of {len(rows)} people need attention"
        self.headline.value = f"<b>{self.headline_text}</b>"
        self.attention_chart.show(charts.attention_table(rows, names=self.names))
        by = "group" if "group" in rows.columns else None  # a cohort may have no groups
        self.distribution_chart.show(charts.kpi_distributions(rows, by=by, names=self.names))


def threshold_dashboard(
    data: CareerMap | pd.DataFrame,
    *,
    as_of: Any = None,
    thresholds: Thresholds | dict[str, Any] | None = None,
    names: bool = False,
) -> ThresholdDashboard:
    """Who needs attention and why, with a group filter and threshold sliders.

    Moving a slider flags the cohort again with :func:`careermap.metrics.reflag` (the same flag
    expressions as :func:`careermap.metrics.cohort_summary`, over the KPIs already computed)
    and redraws the attention table and the KPI distributions in place; the group filter
    narrows both.

    Parameters
    ----------
    data : CareerMap or pandas.DataFrame
        A cohort (its summary is computed with ``as_of`` and ``thresholds``), or a frame
        from :func:`careermap.metrics.cohort_summary` (used as it is).
    as_of : date-like, optional
        The day the KPIs describe, for a map (default: today).
    thresholds : Thresholds or dict, optional
        The starting thresholds, for a map (a summary keeps its own).
    names : bool, default False
        Show real names instead of pseudonyms (only when the coach asks for them).

    Returns
    -------
    ThresholdDashboard
        An ipywidgets ``VBox``; its controls are attributes (``inactive_days``, ``group``,
        ``attention_chart``, ...), so it can also be driven from code.

    Examples
    --------
    >>> import careermap
    >>> from careermap.widgets import threshold_dashboard
    >>> board = threshold_dashboard(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> board.headline_text
    '14 of 30 people need attention'
    >>> int(board.flagged["flag_inactive"].sum())
    6
    >>> board.inactive_days.value = 90  # flagged again: fewer people count as inactive
    >>> int(board.flagged["flag_inactive"].sum())
    3
    >>> board.group.value = "design"
    >>> board.headline_text
    '4 of 9 people need attention'
    """
    if isinstance(data, CareerMap):
        data = cohort_summary(data, as_of=as_of, thresholds=thresholds)
    elif thresholds is not None:
        raise InvalidArgumentError(
            "threshold_dashboard(thresholds=...) is for a map; a summary keeps the thresholds "
            "it was computed with (move the sliders, or compute it again)"
        )
    return ThresholdDashboard(data, names=names)
