"""The public API, the theme, update_in_place, and build times on the sample map."""

from __future__ import annotations

import time

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
    "gap_trend_chart",
    "logging_calendar",
    "market_chart",
    "planned_vs_actual_chart",
    "roadmap_timeline",
    "skill_gap_bars",
    "skill_history",
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


def test_options_are_keyword_only():
    import inspect

    for name in CHART_FUNCTIONS:
        params = list(inspect.signature(getattr(charts, name)).parameters.values())
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert len(positional) <= 2, (name, positional)  # data (and a second frame) only
    sig = inspect.signature(charts.skill_history)
    assert list(sig.parameters)[:3] == ["assessments_frame", "skills", "required"]


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
    forecast = metrics.forecast(sample, as_of=AS_OF, weeks=26)
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
        "time_allocation_chart": lambda: charts.time_allocation_chart(allocation, by="goal"),
        "planned_vs_actual_chart": lambda: charts.planned_vs_actual_chart(pva),
        "logging_calendar": lambda: charts.logging_calendar(habit),
        "skill_gap_bars": lambda: charts.skill_gap_bars(gaps),
        "skill_radar": lambda: charts.skill_radar(gaps),
        "gap_trend_chart": lambda: charts.gap_trend_chart(trend, labels=labels),
        "skill_investment_chart": lambda: charts.skill_investment_chart(investment),
        "skill_history": lambda: charts.skill_history(sample.assessments, required=gaps),
        "market_chart": lambda: charts.market_chart(market),
    }


@pytest.mark.parametrize("name", CHART_FUNCTIONS)
def test_every_chart_builds_fast_on_the_sample(sample_frames, name):
    sample_frames[name]()  # warm up imports and caches
    start = time.perf_counter()
    fig = sample_frames[name]()
    elapsed = time.perf_counter() - start
    assert isinstance(fig, go.Figure)
    assert fig.data, f"{name} drew nothing on the sample"
    assert fig.layout.template.layout.colorway == tuple(PALETTE)
    assert elapsed < 2.0, f"{name} took {elapsed:.2f} s"
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
