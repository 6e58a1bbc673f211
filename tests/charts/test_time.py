"""Time allocation, planned vs actual, logging calendar."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from charts._checks import assert_hover_everywhere, assert_same_frame, empty_message, frozen

from careermap.charts import (
    CATEGORY_COLORS,
    logging_calendar,
    planned_vs_actual_chart,
    time_allocation_chart,
)
from careermap.errors import InvalidArgumentError

# --- time allocation -----------------------------------------------------------------------


def test_allocation_stacks_one_bar_trace_per_category(allocation_frame):
    before = frozen(allocation_frame)
    fig = time_allocation_chart(allocation_frame, person_id="ana")
    assert_same_frame(before, allocation_frame)
    assert [t.name for t in fig.data] == ["learning", "practice"]  # vocabulary order
    assert {t.type for t in fig.data} == {"bar"}
    assert fig.layout.barmode == "stack"
    learning, practice = fig.data
    assert list(learning.x) == ["2026-01-05", "2026-01-12"]
    assert learning.y.tolist() == [3.0, 2.0]
    assert list(practice.x) == ["2026-01-05"] and practice.y.tolist() == [1.5]  # 0 h left out
    assert learning.marker.color == CATEGORY_COLORS["learning"]
    assert fig.layout.yaxis.title.text == "hours per week"
    assert fig.layout.xaxis.title.text == "week"
    assert "hours on learning" in learning.hovertemplate
    assert_hover_everywhere(fig)


def test_allocation_by_goal_with_titles(goal_allocation_frame):
    fig = time_allocation_chart(
        goal_allocation_frame, by="goal", labels={"G1": "Become a BI analyst"}
    )
    assert [t.name for t in fig.data] == ["G1 Become a BI analyst", "G2", "(no goal)"]
    assert [t.y.tolist() for t in fig.data] == [[2.0], [1.0], [0.5]]


def test_allocation_frequency_from_attrs_or_spacing(allocation_frame):
    frame = allocation_frame.copy()
    frame.attrs["freq"] = "M"
    assert time_allocation_chart(frame, person_id="bo").layout.yaxis.title.text == (
        "hours per month"
    )
    days = ["2026-01-05", "2026-01-05", "2026-01-06", "2026-01-06", "2026-01-05", "2026-01-06"]
    daily = allocation_frame.assign(period=pd.to_datetime(days))
    assert time_allocation_chart(daily, person_id="ana").layout.xaxis.title.text == "day"


def test_allocation_arguments(allocation_frame):
    with pytest.raises(
        InvalidArgumentError, match="by must be one of 'category', 'goal', 'milestone'; got 'mood'"
    ):
        time_allocation_chart(allocation_frame, by="mood", person_id="ana")
    with pytest.raises(InvalidArgumentError, match=r"by='goal'\) needs a column goal or goal_id"):
        time_allocation_chart(allocation_frame, by="goal", person_id="ana")
    with pytest.raises(InvalidArgumentError, match="needs the column"):
        time_allocation_chart(allocation_frame.drop(columns="hours"), person_id="ana")


def test_allocation_without_hours(allocation_frame):
    zero = allocation_frame.assign(hours=0.0)
    assert empty_message(time_allocation_chart(zero, person_id="ana")) == "no time logged yet"
    assert empty_message(time_allocation_chart(allocation_frame.iloc[0:0])) == (
        "no time logged yet"
    )


# --- planned vs actual ---------------------------------------------------------------------


def test_planned_vs_actual(pva_frame):
    before = frozen(pva_frame)
    fig = planned_vs_actual_chart(pva_frame, window=4)
    assert_same_frame(before, pva_frame)
    actual, average, capacity, planned = fig.data
    assert (actual.type, average.type, capacity.type) == ("bar", "scatter", "scatter")
    assert planned.name == "planned effort"
    assert planned.y.tolist() == pva_frame["planned_hours"].tolist()
    assert actual.y.tolist() == pva_frame["actual_hours"].tolist()
    assert average.y.tolist() == pva_frame["moving_average"].tolist()
    assert capacity.y.tolist() == pva_frame["capacity_hours"].tolist()
    assert average.name == "moving average (4 weeks)"
    assert fig.layout.yaxis.title.text == "hours per week"
    assert_hover_everywhere(fig)


def test_planned_vs_actual_without_planned_hours(pva_frame):
    fig = planned_vs_actual_chart(pva_frame.drop(columns="planned_hours"))
    assert [t.name for t in fig.data] == ["actual", "moving average", "capacity"]


def test_planned_vs_actual_empty(pva_frame):
    assert empty_message(planned_vs_actual_chart(pva_frame.iloc[0:0])) == "no time logged yet"


# --- logging calendar ----------------------------------------------------------------------


def test_calendar_from_the_time_log(time_log):
    before = frozen(time_log)
    fig = logging_calendar(time_log)
    assert_same_frame(before, time_log)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert list(heat.y) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert list(heat.x) == ["2026-03-02", "2026-03-09"]  # Mondays of the two weeks
    z = np.array(heat.z, dtype=float)
    assert z[0, 0] == 1.5  # Monday 2 March: two rows added up
    assert z[2, 0] == 2.0 and z[1, 0] == 0.0  # Wednesday; Tuesday had no log
    assert z[6, 1] == 3.0  # Sunday 15 March
    assert heat.text[0][0] == "Mon 2026-03-02: 1.5 hours logged"
    assert heat.text[1][0] == "Tue 2026-03-03: no time logged"
    assert fig.layout.xaxis.title.text == "week"
    assert_hover_everywhere(fig)


def test_calendar_from_habit_frame(habit_frame):
    fig = logging_calendar(habit_frame)
    z = np.array(fig.data[0].z, dtype=float)
    assert z[:, 0].tolist() == [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0]
    assert "habit strength 0.10" in fig.data[0].text[0][0]
    assert fig.data[0].showscale is False


def test_calendar_range_and_empty(time_log):
    fig = logging_calendar(time_log, start="2026-03-04", end="2026-03-05")
    assert list(fig.data[0].x) == ["2026-03-02"]
    z = np.array(fig.data[0].z, dtype=float)
    assert np.isnan(z[0, 0]) and z[2, 0] == 2.0  # days outside the range stay blank
    assert empty_message(logging_calendar(time_log.iloc[0:0])) == "no time logged yet"
    with pytest.raises(InvalidArgumentError, match="needs a column hours"):
        logging_calendar(time_log.drop(columns="hours"))
