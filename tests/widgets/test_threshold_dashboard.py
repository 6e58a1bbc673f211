"""The attention dashboard, driven headless: move a slider or pick a group, check the charts.

What the charts should show is computed independently, with careermap.metrics.reflag and plain
pandas filtering, then compared with the data of the figures on screen.
"""

from __future__ import annotations

import ipywidgets
import pandas as pd
import plotly.graph_objects as go
import pytest

from careermap import charts
from careermap.errors import InvalidArgumentError
from careermap.metrics import Thresholds, cohort_summary, reflag
from careermap.share.privacy import pseudonym
from careermap.widgets import ChartView, ThresholdDashboard, threshold_dashboard

AS_OF = "2026-11-15"


def _table_people(board: ThresholdDashboard) -> list[str]:
    return list(board.attention_figure.data[0].cells.values[0])


def _box_points(board: ThresholdDashboard) -> int:
    """People drawn in the first KPI panel (every person is one dot there)."""
    first = board.distribution_figure.data[0].xaxis
    return sum(len(t.x) for t in board.distribution_figure.data if t.xaxis == first)


def _cells(fig: go.Figure) -> list[list[str]]:
    return [list(column) for column in fig.data[0].cells.values]


def _expected_people(flagged: pd.DataFrame) -> list[str]:
    """The pseudonyms of the flagged people, in the attention table's order."""
    table = charts.attention_table(flagged)
    return list(table.data[0].cells.values[0])


def test_the_dashboard_starts_on_the_summary(summary):
    board = threshold_dashboard(summary)
    assert isinstance(board, ThresholdDashboard) and isinstance(board, ipywidgets.VBox)
    assert isinstance(board.attention_chart, ChartView)
    assert board.attention_chart in board.children
    assert isinstance(board.attention_figure, go.Figure)
    defaults = Thresholds()
    assert (board.inactive_days.value, board.overdue_milestones.value, board.review_drop.value) == (
        defaults.inactive_days, defaults.overdue_milestones, defaults.review_drop,
    )  # fmt: skip
    flagged = summary[summary["needs_attention"]]
    assert sorted(_table_people(board)) == sorted(flagged["person_id"].map(pseudonym))
    assert board.headline_text == f"{len(flagged)} of {len(summary)} people need attention"
    assert board.headline_text in board.headline.value
    assert _box_points(board) == len(summary)
    assert list(board.group.options) == ["all", *sorted(summary["group"].unique())]


def test_a_slider_flags_the_cohort_again_as_reflag_does(summary):
    board = threshold_dashboard(summary)
    before = _cells(board.attention_figure)
    board.inactive_days.value = 90
    expected = reflag(summary, {"inactive_days": 90})
    # every cell (people, hours, reasons) is what the table of reflag's result shows...
    assert _cells(board.attention_figure) == _cells(charts.attention_table(expected))
    # ...and that differs from before: "no time logged for 45 days" is no reason any more
    assert _cells(board.attention_figure) != before
    pd.testing.assert_frame_equal(board.flagged, expected)
    assert int(board.flagged["flag_inactive"].sum()) < int(summary["flag_inactive"].sum())
    board.overdue_milestones.value = 10
    board.review_drop.value = 3.0
    expected = reflag(summary, {"inactive_days": 90, "overdue_milestones": 10, "review_drop": 3.0})
    assert _cells(board.attention_figure) == _cells(charts.attention_table(expected))
    assert board.headline_text == (
        f"{int(expected['needs_attention'].sum())} of {len(summary)} people need attention"
    )
    assert board.thresholds == Thresholds(inactive_days=90, overdue_milestones=10, review_drop=3.0)


def test_the_group_filter_narrows_both_charts(summary):
    board = threshold_dashboard(summary)
    board.inactive_days.value = 60
    board.group.value = "design"
    design = reflag(summary, {"inactive_days": 60})
    design = design[design["group"] == "design"]
    assert _table_people(board) == _expected_people(design)
    assert _box_points(board) == len(design)
    assert board.headline_text == (
        f"{int(design['needs_attention'].sum())} of {len(design)} people need attention"
    )
    board.group.value = "all"
    assert _box_points(board) == len(summary)


def test_the_dashboard_from_a_map_and_with_names(cohort, summary):
    few = cohort.subset(cohort.person_ids[:10])
    board = threshold_dashboard(few, as_of=AS_OF, thresholds={"inactive_days": 14}, names=True)
    assert board.inactive_days.value == 14
    expected = cohort_summary(few, as_of=AS_OF, thresholds={"inactive_days": 14})
    flagged = expected[expected["needs_attention"]]
    assert sorted(_table_people(board)) == sorted(flagged["name"])
    with pytest.raises(InvalidArgumentError, match="is for a map"):
        threshold_dashboard(summary, thresholds={"inactive_days": 14})
    with pytest.raises(InvalidArgumentError, match=r"takes a careermap\.CareerMap or a frame"):
        threshold_dashboard(pd.DataFrame({"person_id": ["a"]}))  # not a cohort_summary
