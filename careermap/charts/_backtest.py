"""The chart of ``metrics/_backtest.py``: how good the forecast has been, the share of its P50
and P85 dates that held."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careermap.charts._core import (
    add_note,
    as_timestamps,
    chart_opening,
    dates_text,
    empty_figure,
    esc,
    new_figure,
)
from careermap.metrics import backtest_summary


@chart_opening(
    columns=["made_on", "held_p50", "held_p85"],
    title="How good the forecast has been",
    pooled=True,
)
def forecast_calibration_chart(data: pd.DataFrame, *, title: str) -> go.Figure:
    """How often the forecast's P50 and P85 dates held, by the month the forecast was made.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.forecast_backtest`.
    person_id : str, optional
        One person's forecasts; default everyone in the frame together.

    Returns
    -------
    plotly.graph_objects.Figure
        The share of the dates that held (only dates that have come are judged) per month,
        against the dashed shares a calibrated forecast holds (50 % and 85 %); the sentence
        of :func:`careermap.metrics.backtest_summary` above the plot.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.forecast_calibration_chart(metrics.forecast_backtest(m, as_of="2026-11-15"))
    >>> [t.name for t in fig.data]
    ['P50 held', 'P85 held']
    """
    summary = backtest_summary(data).iloc[0] if len(data) else None
    if summary is None or not summary["judged_p50"]:
        return empty_figure(
            "no forecast date has come yet: too early to say how good the forecast has been",
            title=title,
        )
    data = data.assign(month=as_timestamps(data["made_on"]).dt.to_period("M").dt.start_time)
    fig = new_figure(title=title, height=380)
    colors = {"p50": "#E69F00", "p85": "#9A6A00"}
    for q, aim in (("p50", 0.5), ("p85", 0.85)):
        held = data.dropna(subset=[f"held_{q}"])
        per = held.groupby("month")[f"held_{q}"].agg(["sum", "size"]).reset_index()
        per = per[per["size"] > 0]
        share = per["sum"].astype("float64") / per["size"]
        label = q.upper()
        fig.add_scatter(
            x=dates_text(per["month"]),
            y=share,
            name=f"{label} held",
            mode="lines+markers",
            line={"color": colors[q], "width": 2},
            marker={"size": 8},
            customdata=np.column_stack([per["sum"], per["size"]]),
            hovertemplate=(
                f"forecasts made in %{{x|%b %Y}}: %{{customdata[0]}} of %{{customdata[1]}} "
                f"{label} dates held<extra></extra>"
            ),
        )
        fig.add_hline(
            y=aim,
            line={"color": colors[q], "dash": "dash", "width": 1},
            annotation_text=f"{label}: {aim:.0%} should hold",
            annotation_position="top left",
            annotation_font={"size": 11, "color": colors[q]},
        )
    add_note(fig, esc(summary["sentence"]), yshift=30)
    fig.update_xaxes(title_text="forecast made in", type="date")
    fig.update_yaxes(title_text="share of dates that held", range=[0, 1.05], tickformat=".0%")
    fig.update_layout(hovermode="closest")
    return fig
