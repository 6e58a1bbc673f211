"""ChartView: a chart drawn by plotly's mimetype renderer inside an Output widget."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from careermap.errors import InvalidArgumentError
from careermap.widgets import ChartView, mime_bundle
from careermap.widgets._chart import PLOTLY_MIME


def test_the_output_holds_one_plotly_display_with_the_figures_data():
    fig = go.Figure(go.Scatter(x=[dt.date(2026, 1, 1), dt.date(2026, 1, 2)], y=[1.5, np.nan]))
    view = ChartView(fig)
    assert len(view.outputs) == 1
    out = view.outputs[0]
    assert out["output_type"] == "display_data"
    spec = out["data"][PLOTLY_MIME]
    # plain JSON (what the comm sends), NaN as null, dates as ISO text
    assert json.loads(json.dumps(spec)) == spec
    assert spec["data"][0]["x"] == ["2026-01-01", "2026-01-02"]
    assert spec["data"][0]["y"] == [1.5, None]
    assert spec["config"]["responsive"] is True
    assert view.figure is fig


def test_show_replaces_the_chart_rather_than_adding_one():
    view = ChartView(go.Figure(go.Bar(y=[1])))
    view.show(go.Figure(go.Pie(values=[1, 2])))
    assert len(view.outputs) == 1
    assert view.outputs[0]["data"][PLOTLY_MIME]["data"][0]["type"] == "pie"


def test_an_empty_view_shows_nothing_until_given_a_figure():
    view = ChartView()
    assert view.outputs == () and view.figure is None


def test_no_fixed_width_is_added_and_the_view_fills_its_area():
    view = ChartView(go.Figure(go.Bar(y=[1])))
    assert "width" not in view.outputs[0]["data"][PLOTLY_MIME]["layout"]
    assert view.layout.width == "100%"


def test_anything_but_a_figure_is_refused_by_name():
    with pytest.raises(InvalidArgumentError, match="got dict"):
        ChartView({"data": []})


def test_the_plain_text_part_names_the_chart():
    assert mime_bundle(go.Figure(layout={"title": "Hours"}))["text/plain"] == "<chart: Hours>"
