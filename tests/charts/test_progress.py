"""Roadmap timeline, strategy map and burndown chart."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from charts._checks import AS_OF, assert_hover_everywhere, assert_same_frame, empty_message, frozen

import careermap
from careermap.charts import (
    STATUS_COLORS,
    burndown_chart,
    roadmap_timeline,
    strategy_map,
)
from careermap.errors import InvalidArgumentError


def _bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def _status_of(fig) -> dict[str, str]:
    """Row label -> status name, from the bar traces."""
    return {label: t.name for t in _bars(fig) for label in t.y}


# --- roadmap timeline ----------------------------------------------------------------------


def test_roadmap_statuses_on_the_small_map(small_map):
    m = careermap.load(small_map)
    fig = roadmap_timeline(m, as_of="2025-04-15")
    status = {label.split()[0].strip("<b>"): s for label, s in _status_of(fig).items()}
    # M1 done 2025-03-20; M2 has time logged, target ahead; M3 logged, dropped only on 05-01
    assert status["M1"] == "done"
    assert status["M2"] == "on track"
    assert status["M3"] == "on track"
    later = {
        label.split()[0]: s
        for label, s in _status_of(roadmap_timeline(m, as_of="2025-07-15")).items()
    }
    assert later["M2"] == "overdue" and later["M3"] == "dropped"
    early = {
        label.split()[0]: s
        for label, s in _status_of(roadmap_timeline(m, as_of="2025-01-08")).items()
    }
    assert early["M1"] == "on track" and early["M2"] == "open"


def test_roadmap_bars_span_planned_to_done_or_target(small_map):
    m = careermap.load(small_map)
    fig = roadmap_timeline(m, as_of="2025-04-15")
    by_label = {}
    for trace in _bars(fig):
        for label, base, width in zip(trace.y, trace.base, trace.x, strict=True):
            by_label[label.split()[0].strip("<b>")] = (pd.Timestamp(base), width)
    start, width = by_label["M1"]
    assert start == pd.Timestamp("2025-01-06")
    assert pd.Timedelta(milliseconds=width) == pd.Timestamp("2025-03-20") - start  # done
    start, width = by_label["M2"]
    assert pd.Timedelta(milliseconds=width) == pd.Timestamp("2025-06-30") - start  # target
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis.title.text
    assert_hover_everywhere(fig)


def test_roadmap_uses_the_status_colours(sample):
    fig = roadmap_timeline(sample, as_of=AS_OF)
    for trace in _bars(fig):
        assert trace.marker.color == STATUS_COLORS[trace.name]
    statuses = {t.name for t in _bars(fig)}
    assert statuses == {"done", "on track", "open", "overdue", "dropped"}


def test_roadmap_sample_rows_reschedules_and_dependencies(sample):
    fig = roadmap_timeline(sample, as_of=AS_OF)
    labels = [label for t in _bars(fig) for label in t.y]
    assert len(labels) == len(sample.goals) + len(sample.milestones)
    status = {label.split()[0]: s for label, s in _status_of(fig).items()}
    assert status["M9"] == "overdue" and status["M15"] == "overdue"
    assert status["M10"] == "dropped" and status["M1"] == "done"
    moves = next(t for t in fig.data if t.name == "earlier target (rescheduled)")
    assert sorted(moves.x) == sorted(
        d.strftime("%Y-%m-%d") for d in sample.reschedules["from_target"]
    )
    arrows = next(t for t in fig.data if t.name == "depends on")
    assert list(arrows.marker.symbol).count("arrow") == len(sample.dependencies)
    # the as-of line
    assert any(s.x0 == AS_OF for s in fig.layout.shapes)


def test_roadmap_goal_filter_and_errors(sample):
    fig = roadmap_timeline(sample, as_of=AS_OF, goals=["G2"])
    labels = [label for t in _bars(fig) for label in t.y]
    assert all(("G2" in label) or label.startswith("M") for label in labels)
    assert len(labels) == 1 + (sample.milestones["goal_id"] == "G2").sum()
    with pytest.raises(InvalidArgumentError, match=r"unknown goal id\(s\) G9"):
        roadmap_timeline(sample, as_of=AS_OF, goals=["G9"])
    with pytest.raises(InvalidArgumentError, match="as_of= a date"):
        roadmap_timeline(sample, as_of=None)
    with pytest.raises(
        InvalidArgumentError,
        match=r"^data must be a careermap.CareerMap \(from careermap.load\); got DataFrame$",
    ):
        roadmap_timeline(sample.milestones, as_of=AS_OF)
    # a date pandas cannot read is the same clear error as in the metrics, not a parser's
    with pytest.raises(InvalidArgumentError, match="as_of must be a date like '2026-11-15'"):
        roadmap_timeline(sample, as_of="someday")
    with pytest.raises(InvalidArgumentError, match="as_of must be a date like"):
        strategy_map(sample, as_of="15/13/2026")


def test_roadmap_without_goals_says_so(sample):
    empty = replace(sample, goals=sample.goals.iloc[0:0], milestones=sample.milestones.iloc[0:0])
    assert "no goals" in empty_message(roadmap_timeline(empty, as_of=AS_OF))


def test_roadmap_does_not_change_the_map(sample):
    before = {name: frozen(df) for name, df in sample.frames().items()}
    roadmap_timeline(sample, as_of=AS_OF)
    strategy_map(sample, as_of=AS_OF)
    for name, df in sample.frames().items():
        assert_same_frame(before[name], df)


# --- strategy map --------------------------------------------------------------------------


def test_strategy_map_hierarchy_and_sizes(sample):
    fig = strategy_map(sample, as_of=AS_OF)
    tree = fig.data[0]
    assert tree.type == "treemap" and tree.branchvalues == "total"
    ids, parents, values = list(tree.ids), list(tree.parents), list(tree.values)
    assert ids[0] == "vision" and parents[0] == ""
    ms = sample.milestones
    for _, row in ms.iterrows():
        i = ids.index(f"{row.goal_id}/{row.milestone_id}")
        assert parents[i] == row.goal_id
        assert values[i] == max(row.effort_hours, 1.0)
    for goal in sample.goals["goal_id"]:
        i = ids.index(goal)
        assert values[i] == pytest.approx(ms.loc[ms.goal_id == goal, "effort_hours"].sum())
    assert values[0] == pytest.approx(ms["effort_hours"].sum())
    legend = {t.name for t in fig.data[1:]}
    assert legend <= set(STATUS_COLORS)
    assert_hover_everywhere(fig)


# --- burndown ------------------------------------------------------------------------------


def test_burndown_traces_equal_the_frame(burndown_frame):
    before = frozen(burndown_frame)
    fig = burndown_chart(burndown_frame, person_id="ana")
    assert_same_frame(before, burndown_frame)
    names = [t.name for t in fig.data]
    assert names == ["scope", "ideal", "remaining"]
    ana = burndown_frame[burndown_frame.person_id == "ana"]
    for trace, column in zip(fig.data, ["scope", "ideal", "remaining"], strict=True):
        assert trace.type == "scatter"
        assert list(trace.y) == ana[column].tolist()
        assert list(trace.x) == ana["date"].dt.strftime("%Y-%m-%d").tolist()
    assert fig.layout.yaxis.title.text == "milestones remaining"
    assert fig.layout.xaxis.title.text == "date"
    assert_hover_everywhere(fig)


def test_burndown_effort_unit_from_attrs(burndown_frame):
    frame = burndown_frame.copy()
    frame.attrs["by"] = "effort"
    fig = burndown_chart(frame, person_id="bo")
    assert fig.layout.yaxis.title.text == "effort (hours) remaining"
    assert "hours" in fig.data[2].hovertemplate


def test_burnup_draws_done_and_scope(burndown_frame):
    fig = burndown_chart(burndown_frame, person_id="ana", kind="burnup")
    done = next(t for t in fig.data if t.name == "done")
    assert list(done.y) == [0.0, 1.0, 2.0]
    ideal = next(t for t in fig.data if t.name == "ideal")
    assert list(ideal.y) == [0.0, 0.5, 1.0]  # work an even pace would have done
    assert fig.layout.yaxis.title.text == "milestones done"


def test_burndown_forecast_fan(burndown_frame, forecast_frame):
    before = frozen(forecast_frame)
    fig = burndown_chart(burndown_frame, forecast_frame, person_id="ana")
    assert_same_frame(before, forecast_frame)
    fan = {t.name: t for t in fig.data if t.name.startswith("forecast")}
    assert set(fan) == {"forecast P50-P95", "forecast P50", "forecast P85", "forecast P95"}
    for p in ("p50", "p85", "p95"):
        line = fan[f"forecast {p.upper()}"]
        assert list(line.x) == ["2026-01-18", forecast_frame.loc[0, p].strftime("%Y-%m-%d")]
        assert list(line.y) == [3.0, 0.0]
    band = fan["forecast P50-P95"]
    assert band.fill == "toself" and list(band.x)[1:3] == ["2026-03-01", "2026-05-01"]
    assert any("90%" in a.text for a in fig.layout.annotations)


def test_burndown_forecast_without_dates_shows_the_reason(burndown_frame, forecast_frame):
    fig = burndown_chart(burndown_frame, forecast_frame, person_id="bo")
    assert not [t for t in fig.data if t.name.startswith("forecast")]
    assert any("no milestone completed" in a.text for a in fig.layout.annotations)


def test_burndown_arguments(burndown_frame):
    with pytest.raises(InvalidArgumentError, match="shows one person; pass person_id="):
        burndown_chart(burndown_frame)
    with pytest.raises(InvalidArgumentError, match="unknown person_id 'cy'"):
        burndown_chart(burndown_frame, person_id="cy")
    with pytest.raises(InvalidArgumentError, match="needs the column"):
        burndown_chart(burndown_frame.drop(columns="ideal"), person_id="ana")
    with pytest.raises(
        InvalidArgumentError, match="kind must be one of 'burndown', 'burnup'; got 'sideways'"
    ):
        burndown_chart(burndown_frame, person_id="ana", kind="sideways")
    with pytest.raises(
        InvalidArgumentError, match="by must be one of 'count', 'effort'; got 'hours'"
    ):
        burndown_chart(burndown_frame, person_id="ana", by="hours")


def test_burndown_empty(burndown_frame):
    assert "no milestones" in empty_message(burndown_chart(burndown_frame.iloc[0:0]))


def test_roadmap_in_a_cohort_needs_a_person(sample, small_map):
    other = careermap.load(small_map)
    cohort = replace(
        sample,
        **{
            name: pd.concat([frame, getattr(other, name)], ignore_index=True)
            for name, frame in sample.frames().items()
        },
    )
    with pytest.raises(
        InvalidArgumentError, match="pass person_id= one of 'alex-rivera', 'sam-lee'"
    ):
        roadmap_timeline(cohort, as_of=AS_OF)
    fig = roadmap_timeline(cohort, as_of="2025-04-15", person_id="sam-lee")
    labels = [label for t in _bars(fig) for label in t.y]
    assert len(labels) == len(other.goals) + len(other.milestones)
    with pytest.raises(InvalidArgumentError, match="unknown person_id 'nobody'"):
        strategy_map(cohort, as_of=AS_OF, person_id="nobody")


def _moved_m2(small_map):
    """The small map with M2's target moved on 2025-05-01 from 2025-06-30 to 2025-02-15,
    before M1's target (2025-03-31): ordered by the current target, M2 would come first."""
    road = small_map / "roadmap.yaml"
    text = road.read_text(encoding="utf-8")
    old = "        target: 2025-06-30\n        effort_hours: 30\n"
    assert text.count(old) == 1
    road.write_text(
        text.replace(
            old,
            "        target: 2025-02-15\n"
            "        reschedules: [{on: 2025-05-01, from: 2025-06-30}]\n"
            "        effort_hours: 30\n",
        ),
        encoding="utf-8",
    )
    return careermap.load(small_map)


def _milestone_rows(fig):
    """Milestone id -> (status, bar start, bar end), and the milestones top to bottom."""
    rows = {}
    for trace in _bars(fig):
        for label, base, width in zip(trace.y, trace.base, trace.x, strict=True):
            if not label.startswith("<b>"):
                start = pd.Timestamp(base)
                rows[label.split()[0]] = (
                    trace.name,
                    start,
                    start + pd.Timedelta(milliseconds=width),
                )
    top_down = [c.split()[0] for c in fig.layout.yaxis.categoryarray[::-1] if c[0] == "M"]
    return rows, top_down


def test_roadmap_uses_the_target_in_force_on_as_of(small_map):
    m = _moved_m2(small_map)
    # before the move: M2's target was still 2025-06-30, so it sorts after M1 (2025-03-31),
    # is on track, its bar ends on 2025-06-30, and the reschedule is not drawn yet
    fig = roadmap_timeline(m, as_of="2025-04-15")
    rows, order = _milestone_rows(fig)
    assert order == ["M1", "M2", "M3"]
    assert rows["M2"] == ("on track", pd.Timestamp("2025-01-06"), pd.Timestamp("2025-06-30"))
    moves = next(t for t in fig.data if t.name == "earlier target (rescheduled)")
    assert [y.split()[0] for y in moves.y] == ["M1"]  # M1's of 2025-02-01 only
    assert not [t for t in fig.data if t.name == "overdue by"]
    treemap = strategy_map(m, as_of="2025-04-15").data[0]
    hover = dict(zip(treemap.ids, treemap.customdata[:, 3], strict=True))
    assert hover["G1/M2"] == "target 2025-06-30"
    # after the move: 2025-02-15 is the target, M2 sorts first and is overdue since then
    fig = roadmap_timeline(m, as_of="2025-05-15")
    rows, order = _milestone_rows(fig)
    assert order == ["M2", "M1", "M3"]
    assert rows["M2"] == ("overdue", pd.Timestamp("2025-01-06"), pd.Timestamp("2025-02-15"))
    tail = next(t for t in fig.data if t.name == "overdue by")
    assert list(tail.x[:2]) == ["2025-02-15", "2025-05-15"]
    assert "overdue by 89 days" in tail.text[0]
    moves = next(t for t in fig.data if t.name == "earlier target (rescheduled)")
    assert sorted(zip(moves.x, (y.split()[0] for y in moves.y), strict=True)) == [
        ("2025-03-01", "M1"),
        ("2025-06-30", "M2"),
    ]
    treemap = strategy_map(m, as_of="2025-05-15").data[0]
    hover = dict(zip(treemap.ids, treemap.customdata[:, 3], strict=True))
    assert hover["G1/M2"] == "target 2025-02-15"


def test_forecast_calibration_chart_draws_the_held_shares_per_month():
    from careermap.charts import forecast_calibration_chart

    bt = pd.DataFrame(
        {
            "person_id": ["ana"] * 5,
            "made_on": pd.to_datetime(
                ["2026-01-01", "2026-01-01", "2026-02-01", "2026-02-01", "2026-03-01"]
            ),
            "held_p50": pd.array([True, False, True, None, None], dtype="boolean"),
            "held_p85": pd.array([True, True, False, True, None], dtype="boolean"),
            "error_weeks": [-1.0, 2.0, 0.5, None, None],
        }
    )
    before = frozen(bt)
    fig = forecast_calibration_chart(bt)
    assert_same_frame(before, bt)
    lines = {t.name: t for t in fig.data}
    assert list(lines) == ["P50 held", "P85 held"]
    assert list(lines["P50 held"].x) == ["2026-01-01", "2026-02-01"]
    assert list(lines["P50 held"].y) == [0.5, 1.0]  # March has no judged P50 date
    assert list(lines["P85 held"].y) == [1.0, 0.5]
    assert [s.y0 for s in fig.layout.shapes] == [0.5, 0.85]
    notes = [a.text for a in fig.layout.annotations]
    assert any("3 of 4 P85 dates held (2 of 3 P50 dates)" in n for n in notes)


def test_forecast_calibration_chart_says_when_nothing_was_judged():
    from careermap.charts import forecast_calibration_chart

    bt = pd.DataFrame(
        {
            "person_id": ["ana"],
            "made_on": pd.to_datetime(["2026-01-01"]),
            "held_p50": pd.array([None], dtype="boolean"),
            "held_p85": pd.array([None], dtype="boolean"),
            "error_weeks": [None],
        }
    )
    fig = forecast_calibration_chart(bt)
    assert "too early to say" in fig.layout.annotations[0].text
