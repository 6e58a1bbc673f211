"""Skill gap bars, radar, gap trend, skill investment and skill history."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from charts._checks import assert_hover_everywhere, assert_same_frame, empty_message, frozen

from careermap.charts import (
    ONET_SOURCE,
    gap_trend_chart,
    skill_gap_bars,
    skill_history_chart,
    skill_investment_chart,
    skill_radar,
)
from careermap.errors import InvalidArgumentError


def _trace(fig, name, row_axis="y"):
    return [t for t in fig.data if t.name == name and (t.yaxis or "y") == row_axis]


def _has_onet_source(fig) -> bool:
    return any(ONET_SOURCE in a.text for a in fig.layout.annotations)


# --- gap bars ------------------------------------------------------------------------------


def test_gap_bars_one_panel_per_role(gaps_frame):
    before = frozen(gaps_frame)
    fig = skill_gap_bars(gaps_frame)
    assert_same_frame(before, gaps_frame)
    titles = [a.text for a in fig.layout.annotations if a.text in ("Role one", "Role two")]
    assert titles == ["Role one", "Role two"]
    # one scale for all panels: its title once, under the last panel (above, it sat on
    # the next panel's title)
    assert fig.layout.xaxis.title.text is None
    assert fig.layout.xaxis2.title.text == "level (O*NET 0-7)"
    assert _has_onet_source(fig)
    assert_hover_everywhere(fig)


@pytest.mark.parametrize("n_roles", [1, 2, 3, 5])
def test_gap_bar_panels_are_as_high_as_their_rows_with_room_between(n_roles):
    """Each panel is 26 px a skill and 64 px apart, whatever the number of panels (with
    fractions of the figure, two panels put the second title on the first one's ticks)."""
    frame = pd.DataFrame(
        {
            "role_id": [f"r{i}" for i in range(n_roles) for _ in range(3)],
            "skill": ["Writing", "Speaking", "Mathematics"] * n_roles,
            "required_level": [4.0, 5.0, 3.0] * n_roles,
            "current_level": [3.0, 4.0, 3.5] * n_roles,
            "gap": [1.0, 1.0, -0.5] * n_roles,
            "weighted_gap": [4.0, 3.0, 0.0] * n_roles,
        }
    )
    fig = skill_gap_bars(frame)
    top, bottom = fig.layout.margin.t, fig.layout.margin.b
    plot_px = fig.layout.height - top - bottom
    assert plot_px == pytest.approx(26 * 3 * n_roles + 64 * (n_roles - 1))
    domains = sorted(
        (fig.layout[f"yaxis{'' if i == 1 else i}"].domain for i in range(1, n_roles + 1)),
        reverse=True,
    )
    for upper, lower in itertools.pairwise(domains):
        assert (upper[0] - lower[1]) * plot_px == pytest.approx(64)
    for lo, hi in domains:
        assert (hi - lo) * plot_px == pytest.approx(26 * 3)
    # the legend starts under the figure title and ends above the first panel's title
    assert fig.layout.legend.yref == "container"
    assert (1 - fig.layout.legend.y) * fig.layout.height == pytest.approx(46)


def test_gap_bars_run_from_current_to_required_sorted_by_weighted_gap(gaps_frame):
    fig = skill_gap_bars(gaps_frame, roles="r1")
    (below,) = _trace(fig, "gap: below required")
    assert list(below.y) == ["Writing", "Speaking"]  # weighted gap 0.8 before 0.6
    assert below.base.tolist() == [3.0, 4.0]  # current level
    assert below.x.tolist() == [1.0, 1.0]  # up to the required level
    (meets,) = _trace(fig, "gap: meets or exceeds")
    assert list(meets.y) == ["Programming"] and meets.x.tolist() == [-0.5]
    assert meets.marker.color == ("#999999",)  # suppressed estimate greyed
    assert "recommends suppressing" in meets.customdata[0][6]
    # the order of the rows: assessed by weighted gap, then the unassessed
    assert list(fig.layout.yaxis.categoryarray)[::-1] == [
        "Writing", "Speaking", "Programming", "Critical Thinking",
    ]  # fmt: skip


def test_gap_bars_uncertainty_and_unassessed(gaps_frame):
    fig = skill_gap_bars(gaps_frame, roles=["r1"])
    (required,) = _trace(fig, "required level (O*NET, 95% CI)")
    r1 = gaps_frame[gaps_frame.role_id == "r1"]
    order = ["Writing", "Speaking", "Programming", "Critical Thinking"]
    r1 = r1.set_index("skill").loc[order]
    assert list(required.y) == order
    assert required.x.tolist() == r1["required_level"].tolist()
    assert required.error_x.array.tolist() == pytest.approx(
        (r1["level_upper"] - r1["required_level"]).tolist()
    )
    assert required.error_x.arrayminus.tolist() == pytest.approx(
        (r1["required_level"] - r1["level_lower"]).tolist()
    )
    (todo,) = _trace(fig, "not assessed yet")
    assert list(todo.y) == ["Critical Thinking"]
    assert todo.base.tolist() == [0.0] and todo.x.tolist() == [4.5]
    assert todo.marker.pattern.shape == "/"
    assert "the gap is unknown" in todo.hovertemplate
    (you,) = _trace(fig, "your level")
    assert you.x.tolist() == [3.0, 4.0, 3.5]


def test_gap_bars_limits_and_errors(gaps_frame):
    fig = skill_gap_bars(gaps_frame, roles="r1", n=1, unassessed=0)
    shown = {label for t in fig.data for label in t.y}
    assert shown == {"Writing"}
    with pytest.raises(InvalidArgumentError, match="unknown role"):
        skill_gap_bars(gaps_frame, roles="r9")
    with pytest.raises(InvalidArgumentError, match="needs the column"):
        skill_gap_bars(gaps_frame.drop(columns="required_level"))
    assert "no target role with O*NET skill requirements" in empty_message(
        skill_gap_bars(gaps_frame.iloc[0:0])
    )


def test_gap_bars_hide_not_relevant(gaps_frame):
    frame = gaps_frame.assign(not_relevant=[False, True, False, False, False, False])
    fig = skill_gap_bars(frame, roles="r1")
    assert "Speaking" not in {label for t in fig.data for label in t.y}


# --- radar ---------------------------------------------------------------------------------


def test_radar_closes_each_polygon(gaps_frame):
    before = frozen(gaps_frame)
    fig = skill_radar(gaps_frame)
    assert_same_frame(before, gaps_frame)
    assert [t.type for t in fig.data] == ["scatterpolar"] * 3
    assert [t.name for t in fig.data] == ["Role one", "Role two", "you"]
    you = fig.data[-1]
    # spokes: the assessed skills by their largest weighted gap to any role
    assert list(you.theta) == ["Writing", "Speaking", "Programming", "Writing"]
    assert you.r.tolist() == [3.0, 4.0, 3.5, 3.0]
    role_two = fig.data[1]
    assert role_two.r.tolist()[:2] == [5.0, 3.5] and np.isnan(role_two.r[2])
    assert fig.layout.polar.radialaxis.range == (0, 7)
    assert fig.layout.legend.title.text == "level (O*NET 0-7):"
    assert _has_onet_source(fig)
    assert_hover_everywhere(fig)


def test_radar_needs_three_assessed_skills(gaps_frame):
    two = gaps_frame[gaps_frame.skill.isin(["Writing", "Speaking"])]
    assert "at least three skills" in empty_message(skill_radar(two))


# --- gap trend -----------------------------------------------------------------------------


def test_gap_trend_lines_per_role(trend_frame):
    before = frozen(trend_frame)
    fig = gap_trend_chart(trend_frame, labels={"r1": "Role one"})
    assert_same_frame(before, trend_frame)
    assert [t.name for t in fig.data] == ["Role one", "r2"]
    assert fig.data[0].y.tolist() == [20.0, 14.5]
    assert list(fig.data[0].x) == ["2026-01-01", "2026-06-01"]
    assert "weighted gap" in fig.layout.yaxis.title.text
    assert "(5 required skills assessed)" in fig.data[0].customdata[1][0]
    assert any("count their full weight" in a.text for a in fig.layout.annotations)
    # with the coverage of metrics.gap_trend, the hover says how much of the role is assessed
    covered = gap_trend_chart(trend_frame.assign(coverage=0.25))
    assert (
        "(5 required skills assessed, 25% of the role's weight)" in covered.data[0].customdata[1][0]
    )
    ms = gap_trend_chart(trend_frame, y="match_score")
    assert ms.data[1].y.tolist() == [0.1, 0.12]
    assert ms.layout.yaxis.title.text.startswith("match score")
    assert_hover_everywhere(fig)


def test_gap_trend_errors_and_empty(trend_frame):
    with pytest.raises(InvalidArgumentError, match="needs a measure column"):
        gap_trend_chart(trend_frame[["person_id", "role_id", "date"]])
    assert empty_message(gap_trend_chart(trend_frame.iloc[0:0])) == "no skill assessments yet"


# --- skill investment ----------------------------------------------------------------------


def test_investment_scatter(investment_frame):
    before = frozen(investment_frame)
    fig = skill_investment_chart(investment_frame)
    assert_same_frame(before, investment_frame)
    dots = fig.data[0]
    assert dots.type == "scatter"
    assert dots.x.tolist() == [12.0, 30.0, 50.0]  # Instructing has no gain: left out
    assert dots.y.tolist() == [0.5, -0.1, 2.0]
    assert list(dots.text) == ["Writing", "Speaking", "Programming"]
    assert "hours per level gained" in dots.customdata[0][2]
    assert fig.layout.xaxis.title.text.startswith("hours invested")
    assert fig.layout.yaxis.title.text == "level gained (O*NET 0-7 scale)"
    assert any("1 skill with logged hours" in a.text for a in fig.layout.annotations)
    assert_hover_everywhere(fig)


def test_investment_empty(investment_frame):
    fig = skill_investment_chart(investment_frame.assign(level_gain=np.nan))
    assert "two assessments" in empty_message(fig)


# --- skill history -------------------------------------------------------------------------


def test_history_lines_and_required_levels(assessments_frame):
    before = frozen(assessments_frame)
    fig = skill_history_chart(assessments_frame, required={"2.A.1.c": 4.0, "Mathematics": 9})
    assert_same_frame(before, assessments_frame)
    names = [t.name for t in fig.data]
    assert names == ["Writing", "Writing required", "Mathematics (skill)", "stakeholders"]
    writing = fig.data[0]
    assert writing.y.tolist() == [3.0, 3.5]
    assert list(writing.x) == ["2026-01-01", "2026-04-01"]
    assert writing.customdata[1][0] == "mentor"
    required = fig.data[1]
    assert list(required.y) == [4.0, 4.0] and required.line.dash == "dash"
    assert list(required.x) == ["2026-01-01", "2026-05-01"]  # across the whole chart
    assert fig.layout.yaxis.title.text == "level (O*NET 0-7)"
    assert_hover_everywhere(fig)


def test_history_with_many_skills_puts_one_legend_entry_per_skill_on_the_right():
    # Eight skills with required levels: 16 legend rows above the plot would cover the title.
    dates = pd.to_datetime(["2026-01-01", "2026-03-01"])
    frame = pd.DataFrame(
        [{"date": d, "skill": f"skill {i}", "level": 2.0 + i / 4} for i in range(8) for d in dates]
    )
    fig = skill_history_chart(frame, required={f"skill {i}": 4.0 for i in range(8)})
    assert len(fig.data) == 16
    in_legend = [t.name for t in fig.data if t.showlegend is not False]
    assert in_legend == [f"skill {i}" for i in range(8)]
    # each dashed line toggles with its skill's legend entry
    assert all(fig.data[2 * i].legendgroup == fig.data[2 * i + 1].legendgroup for i in range(8))
    legend = fig.layout.legend
    assert (legend.orientation, legend.x, legend.xanchor) == ("v", 1.02, "left")
    assert legend.title.text == "dashed: required"
    few = skill_history_chart(
        frame[frame["skill"].isin(["skill 0", "skill 1"])], required={"skill 0": 4}
    )
    assert few.layout.legend.orientation is None  # the theme's row above the plot
    assert all(t.showlegend is not False for t in few.data)


def test_history_skill_filter_and_required_frame(assessments_frame, gaps_frame):
    fig = skill_history_chart(assessments_frame, skills=["Writing"], required=gaps_frame)
    assert [t.name for t in fig.data] == ["Writing", "Writing required"]
    assert list(fig.data[1].y) == [5.0, 5.0]  # the highest required level of the roles
    by_id = skill_history_chart(assessments_frame, skills="2.A.1.e")
    assert [t.name for t in by_id.data] == ["Mathematics (skill)"]


def test_history_errors_and_empty(assessments_frame):
    with pytest.raises(InvalidArgumentError, match=r"required=\.\.\.\) takes a mapping"):
        skill_history_chart(assessments_frame, required=[4.0])
    assert empty_message(skill_history_chart(assessments_frame, skills=["Cooking"])) == (
        "no skill assessments yet"
    )


def test_a_chart_shows_the_frames_skill_name_and_looks_nothing_up(assessments_frame):
    # the chart reads no reference data: a skill named by its id stays its id
    as_typed = assessments_frame.assign(skill=["Writing", "Writing", "2.A.1.e", "2.A.1.e", "x<b>"])
    names = [t.name for t in skill_history_chart(as_typed).data]
    assert names == ["Writing", "2.A.1.e", "x&lt;b&gt;"]
    unnamed = as_typed.drop(columns="skill_id").iloc[:1].assign(skill="")
    assert [t.name for t in skill_history_chart(unnamed).data] == ["(unnamed skill)"]
