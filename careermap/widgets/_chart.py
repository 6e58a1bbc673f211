"""A chart on screen that callbacks redraw, without a ``go.FigureWidget``.

plotly 7's ``go.FigureWidget`` is an anywidget: every one ships plotly's 5 MB JavaScript
bundle to the browser as its module, and anywidget's front end gives a model two seconds to
start before it drops it ("[anywidget] Failed to initialize model"). On a slow or busy
machine the chart then never updates again. :class:`ChartView` draws the figure with
plotly's own mimetype renderer inside an ``ipywidgets.Output``: one JSON message per
redraw, no module to load, and the chart fills the width of the output area.
"""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go
import plotly.io as pio

from careermap.errors import InvalidArgumentError

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def mime_bundle(figure: go.Figure) -> dict[str, Any]:
    """The display data JupyterLab, Notebook 7 and Voila draw as an interactive chart.

    Numbers, dates and NaN go through plotly's own JSON encoder, so the bundle is plain
    JSON; the ``text/plain`` part names the chart for front ends without plotly.
    """
    spec = json.loads(pio.to_json(figure, validate=False))
    spec["config"] = {"responsive": True, "displaylogo": False}
    title = figure.layout.title.text if figure.layout.title else None
    return {PLOTLY_MIME: spec, "text/plain": f"<chart: {title or 'untitled'}>"}


class ChartView(widgets.Output):
    """A plotly chart that ``show`` replaces in one front-end update.

    Attributes
    ----------
    figure : plotly.graph_objects.Figure or None
        The figure on screen (read it in tests, save it, or put it in a report).

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> from careermap.widgets import ChartView
    >>> view = ChartView(go.Figure(go.Bar(y=[1, 2]), layout={"title": "hours"}))
    >>> view.outputs[0]["data"]["text/plain"]
    '<chart: hours>'
    >>> view.show(go.Figure(go.Bar(y=[3, 4]), layout={"title": "new"})).figure.data[0].y
    (3, 4)
    """

    def __init__(self, figure: go.Figure | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("layout", widgets.Layout(width="100%"))
        super().__init__(**kwargs)
        self.figure: go.Figure | None = None
        if figure is not None:
            self.show(figure)

    def show(self, figure: go.Figure) -> ChartView:
        """Draw ``figure`` in place of the chart shown now; returns the view."""
        if not isinstance(figure, go.Figure):
            raise InvalidArgumentError(
                f"ChartView shows a plotly figure; got {type(figure).__name__}"
            )
        self.figure = figure
        # Setting ``outputs`` sends one state update (no kernel context needed, so it also
        # works from tests and from callbacks run outside a cell).
        self.outputs = (
            {"output_type": "display_data", "data": mime_bundle(figure), "metadata": {}},
        )
        return self
