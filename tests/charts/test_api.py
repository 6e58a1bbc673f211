"""The public API (one data argument, keyword options, old names), the theme, update_in_place."""

from __future__ import annotations

import inspect
import warnings

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from charts._checks import AS_OF

from careermap import charts, metrics
from careermap.charts import PALETTE, STATUS_COLORS, TEMPLATE, update_in_place
from careermap.errors import InvalidArgumentError

CHART_FUNCTIONS = [
    "burndown_chart",
    "forecast_calibration_chart",
    "gap_trend_chart",
    "logging_calendar",
    "market_chart",
    "planned_vs_actual_chart",
    "roadmap_timeline",
    "skill_gap_bars",
    "skill_history_chart",
    "skill_investment_chart",
    "skill_radar",
    "strategy_map",
    "time_allocation_chart",
]


def test_public_api_is_explicit():
    assert set(CHART_FUNCTIONS) <= set(charts.__all__)
    for name in charts.__all__:
        assert hasattr(charts, name), name
    for name in CHART_FUNCTIONS:
        doc = getattr(charts, name).__doc__
        assert "Examples" in doc and "Returns" in doc, name


# Every function of charts.__all__ draws a figure from its first argument, except this helper.
HELPERS = {"update_in_place", "move_thresholds"}  # move_thresholds: lines of a figure
# A second frame drawn with the first (positional too); every other option is keyword-only.
SECOND_FRAME = {
    "burndown_chart": "forecast",
    "attention_counts": "groups",
    "time_mix_boxes": "summary",
}
# The first argument's names before it was `data` everywhere; kept for one release.
OLD_NAMES = {
    "attention_table": "summary",
    "burndown_chart": "burndown_frame",
    "gap_heatmap": "gaps",
    "gap_trend_chart": "frame",
    "group_comparison": "summary",
    "kpi_distributions": "summary",
    "logging_calendar": "frame",
    "market_chart": "market_frame",
    "planned_vs_actual_chart": "frame",
    "roadmap_timeline": "m",
    "skill_gap_bars": "gaps_frame",
    "skill_history_chart": "assessments_frame",
    "skill_investment_chart": "frame",
    "skill_radar": "gaps_frame",
    "strategy_map": "m",
    "time_allocation_chart": "frame",
    "time_mix_chart": "allocation",
}


def _chart_functions() -> list[str]:
    return [
        name
        for name in charts.__all__
        if inspect.isfunction(getattr(charts, name)) and name not in HELPERS
    ]


def test_options_are_keyword_only():
    assert set(CHART_FUNCTIONS) <= set(_chart_functions())
    for name in _chart_functions():
        params = list(inspect.signature(getattr(charts, name)).parameters.values())
        assert params[0].name == "data", name  # one name for the data, in every chart
        assert params[0].kind is params[0].POSITIONAL_OR_KEYWORD, name
        positional = [p.name for p in params[1:] if p.kind is not p.KEYWORD_ONLY]
        assert positional == ([SECOND_FRAME[name]] if name in SECOND_FRAME else []), name
    sig = inspect.signature(charts.skill_history_chart)
    assert list(sig.parameters)[:3] == ["data", "skills", "required"]


# Charts added after the rename: `data` from the start, no old name to keep.
NEW_CHARTS = {
    "action_plan_table",
    "attention_counts",
    "skills_below_requirement",
    "time_mix_boxes",
    "category_trend_chart",
    "closest_roles_chart",
    "estimation_chart",
    "forecast_calibration_chart",
    "goal_hours_chart",
    "goal_pace_chart",
    "review_chart",
    "self_assessment_chart",
    "slip_chart",
    "streak_chart",
    "technology_chart",
    "time_to_close_chart",
    "what_if_chart",
}


def test_every_chart_with_a_renamed_first_argument_is_listed():
    assert sorted(OLD_NAMES) == sorted(set(_chart_functions()) - NEW_CHARTS)


@pytest.mark.parametrize("name", sorted(OLD_NAMES))
def test_old_argument_names_still_work_with_a_warning(name, sample_frames):
    """``chart(old_name=x)`` draws what ``chart(data=x)`` draws, and says it is deprecated."""
    data, options = sample_frames["_inputs"][name]
    old = OLD_NAMES[name]
    said = getattr(charts, name).__name__  # time_mix_chart is still defined as time_mix
    with pytest.warns(DeprecationWarning, match=rf"{said}\({old}=\.\.\.\) is deprecated"):
        before = getattr(charts, name)(**{old: data}, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new name warns about nothing
        after = getattr(charts, name)(data=data, **options)
    assert before.to_json() == after.to_json()
    with pytest.raises(InvalidArgumentError, match=f"got both {old}="):
        getattr(charts, name)(**{old: data, "data": data}, **options)


def test_burndown_forecast_frame_keyword_still_works(sample_frames):
    data, forecast = sample_frames["_burndown"]
    with pytest.warns(DeprecationWarning, match=r"forecast_frame=\.\.\.\) is deprecated"):
        before = charts.burndown_chart(data, forecast_frame=forecast)
    assert before.to_json() == charts.burndown_chart(data, forecast=forecast).to_json()


def test_theme_is_registered_and_colour_blind_safe():
    template = pio.templates[TEMPLATE]
    assert list(template.layout.colorway) == PALETTE
    okabe_ito = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999"}
    assert set(STATUS_COLORS.values()) <= okabe_ito
    assert len(set(STATUS_COLORS.values())) == len(STATUS_COLORS)
    assert template.layout.font.size >= 12


def test_frames_must_be_frames():
    with pytest.raises(InvalidArgumentError, match="takes a pandas DataFrame first; got list"):
        charts.time_allocation_chart([1, 2])


def test_update_in_place_restyles_matching_traces():
    shown = go.FigureWidget(go.Figure([go.Bar(y=[1, 2], name="a", text=["x", "y"])]))
    uid = shown.data[0].uid
    update_in_place(shown, go.Figure([go.Bar(y=[3, 4], name="b")], layout={"height": 300}))
    assert shown.data[0].uid == uid  # the same trace, restyled
    assert shown.data[0].y == (3, 4) and shown.data[0].name == "b"
    assert shown.data[0].text is None  # properties the new figure lacks are cleared
    assert shown.layout.height == 300


def test_update_in_place_swaps_different_traces():
    shown = go.Figure([go.Bar(y=[1])])
    update_in_place(shown, go.Figure([go.Scatter(y=[1]), go.Scatter(y=[2])]))
    assert [t.type for t in shown.data] == ["scatter", "scatter"]
    with pytest.raises(InvalidArgumentError, match="two plotly figures"):
        update_in_place(shown, {"data": []})


@pytest.fixture(scope="module")
def sample_frames(sample):
    """Chart name -> a call building it from the real metrics of the sample map."""
    labels = dict(zip(sample.target_roles["role_id"], sample.target_roles["title"], strict=True))
    gaps = metrics.skill_gaps(sample, as_of=AS_OF)
    burndown = metrics.burndown(sample, freq="W", as_of=AS_OF)
    forecast = metrics.forecast(sample, as_of=AS_OF)
    backtest = metrics.forecast_backtest(sample, as_of=AS_OF)
    allocation = metrics.time_allocation(sample, by="goal", freq="W", as_of=AS_OF)
    pva = metrics.planned_vs_actual(sample, freq="W", as_of=AS_OF)
    habit = metrics.habit(sample, as_of=AS_OF)
    trend = metrics.gap_trend(sample, as_of=AS_OF)
    investment = metrics.skill_investment(sample, as_of=AS_OF)
    market = metrics.market(sample)
    return {
        "roadmap_timeline": lambda: charts.roadmap_timeline(sample, as_of=AS_OF),
        "strategy_map": lambda: charts.strategy_map(sample, as_of=AS_OF),
        "burndown_chart": lambda: charts.burndown_chart(burndown, forecast),
        "forecast_calibration_chart": lambda: charts.forecast_calibration_chart(backtest),
        "time_allocation_chart": lambda: charts.time_allocation_chart(allocation, by="goal"),
        "planned_vs_actual_chart": lambda: charts.planned_vs_actual_chart(pva),
        "logging_calendar": lambda: charts.logging_calendar(habit),
        "skill_gap_bars": lambda: charts.skill_gap_bars(gaps),
        "skill_radar": lambda: charts.skill_radar(gaps),
        "gap_trend_chart": lambda: charts.gap_trend_chart(trend, labels=labels),
        "skill_investment_chart": lambda: charts.skill_investment_chart(investment),
        "skill_history_chart": lambda: charts.skill_history_chart(sample.assessments, required=gaps),
        "market_chart": lambda: charts.market_chart(market),
        "_inputs": _cohort_and_person_inputs(sample, gaps, burndown, allocation, pva, habit, trend,
                                             investment, market),
        "_burndown": (burndown, forecast),
    }  # fmt: skip


def _cohort_and_person_inputs(
    sample, gaps, burndown, allocation, pva, habit, trend, investment, market
) -> dict:
    """Chart name -> (first argument, options) on the sample, for every chart."""
    from careermap.metrics import cohort_summary

    summary = cohort_summary(sample, as_of=AS_OF)
    weekly = metrics.time_allocation(sample, by="category", freq="W", as_of=AS_OF)
    return {
        "attention_table": (summary, {"only_flagged": False}),
        "burndown_chart": (burndown, {}),
        "gap_heatmap": (gaps.loc[gaps["role_id"] == gaps["role_id"].iloc[0]], {}),
        "gap_trend_chart": (trend, {}),
        "group_comparison": (metrics.kpi_medians(summary.assign(group="g"), by="group"), {}),
        "kpi_distributions": (summary, {"by": None}),
        "logging_calendar": (habit, {}),
        "market_chart": (market, {}),
        "planned_vs_actual_chart": (pva, {}),
        "roadmap_timeline": (sample, {"as_of": AS_OF}),
        "skill_gap_bars": (gaps, {}),
        "skill_history_chart": (sample.assessments, {}),
        "skill_investment_chart": (investment, {}),
        "skill_radar": (gaps, {}),
        "strategy_map": (sample, {"as_of": AS_OF}),
        "time_allocation_chart": (allocation, {"by": "goal"}),
        "time_mix_chart": (metrics.time_mix(weekly, by="person"), {}),
    }  # fmt: skip


@pytest.mark.parametrize("name", CHART_FUNCTIONS)
def test_every_chart_builds_on_the_sample(sample_frames, name):
    # how long each takes is measured by benchmarks/bench_charts.py, not asserted here
    fig = sample_frames[name]()
    assert isinstance(fig, go.Figure)
    assert fig.data, f"{name} drew nothing on the sample"
    assert fig.layout.template.layout.colorway == tuple(PALETTE)
    fig.to_json()  # serialisable (what a notebook stores)


def test_sample_forecast_fan_is_drawn(sample_frames):
    fig = sample_frames["burndown_chart"]()
    assert {"forecast P50", "forecast P85", "forecast P95"} <= {t.name for t in fig.data}


def test_cohort_charts_need_a_person(sample):
    two = pd.concat(
        [metrics.habit(sample, as_of=AS_OF), metrics.habit(sample, as_of=AS_OF).assign(
            person_id="sam-lee")],
        ignore_index=True,
    )  # fmt: skip
    with pytest.raises(InvalidArgumentError, match="'alex-rivera', 'sam-lee'"):
        charts.logging_calendar(two)
    assert charts.logging_calendar(two, person_id="sam-lee").data
