"""The shared engine under every chart: one-person selection, empty figures, escaping, labels.

Chart functions stay thin: check the frame (:mod:`careermap._args`), pick the rows, build
traces, then finish the figure with the theme. Nothing here mutates the caller's frame:
every selection is a copy.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from careermap.charts._theme import NEUTRAL, TEMPLATE
from careermap.errors import InvalidArgumentError

DATE_FORMAT = "%Y-%m-%d"


def one_person(frame: pd.DataFrame, person_id: str | None, chart: str) -> pd.DataFrame:
    """The rows of one person (a copy); ``person_id=None`` is fine when only one is present."""
    if "person_id" not in frame.columns:
        return frame.copy()
    people = list(dict.fromkeys(frame["person_id"].dropna().tolist()))
    if person_id is None:
        if len(people) > 1:
            shown = ", ".join(map(repr, people[:10])) + (" ..." if len(people) > 10 else "")
            raise InvalidArgumentError(f"{chart} shows one person; pass person_id= one of {shown}")
        return frame.copy()
    if people and person_id not in people:
        shown = ", ".join(map(repr, people[:10])) + (" ..." if len(people) > 10 else "")
        raise InvalidArgumentError(f"unknown person_id {person_id!r}; the frame has: {shown}")
    return frame.loc[frame["person_id"] == person_id].copy()


def as_timestamps(values: pd.Series) -> pd.Series:
    """Dates as ``datetime64`` (periods become their start), whatever the metric returned."""
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.dt.start_time
    return pd.to_datetime(values)


def as_date(value: Any) -> pd.Timestamp | None:
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.normalize()


def dates_text(values: pd.Series, missing: str = "—") -> list[str]:
    """Dates as ``YYYY-MM-DD`` strings for hover text (``missing`` for NaT)."""
    stamps = pd.to_datetime(values)
    return [missing if pd.isna(v) else v.strftime(DATE_FORMAT) for v in stamps]


def new_figure(*, title: str, height: int = 450) -> go.Figure:
    return go.Figure(layout={"template": TEMPLATE, "title": {"text": title}, "height": height})


#: What a chart says in place of its plot when a map has nothing for it yet, and where to
#: act. Every chart's "nothing yet" goes through :func:`empty_figure` with one of these.
NOTHING_YET = {
    "goals": "no goals in this map yet: add one under goals: in roadmap.yaml",
    "goal_filter": "no goal selected: pick at least one goal",
    "milestones": "no milestones planned by this date: add milestones to a goal in roadmap.yaml",
    "time": "no time logged yet: log hours with the form in notebook 04 (or careermap log)",
    "time_period": "no time logged in this period",
    "assessments": "no skill assessments yet: rate your skills with the form in notebook 04",
    "requirements": (
        "no target role with O*NET skill requirements yet: add one under vision: "
        "target_roles in roadmap.yaml"
    ),
    "roles": "no target roles yet: add one under vision: target_roles in roadmap.yaml",
    "market": "no BLS projections for these roles",
}


def empty_figure(message: str, *, title: str, height: int = 300) -> go.Figure:
    """A figure that says why there is nothing to draw, in place of the plot, axes hidden.

    The one "nothing yet" of every chart: no empty axes with meaningless ticks, a plain
    sentence (usually one of :data:`NOTHING_YET`) saying what is missing and where to add it.

    >>> fig = empty_figure(NOTHING_YET["time"], title="Time")
    >>> fig.layout.xaxis.visible, fig.layout.annotations[0].text.split("<br>")[0]
    (False, 'no time logged yet')
    """
    fig = new_figure(title=title, height=height)
    what, _, hint = message.partition(": ")
    text = esc(what) + (f"<br><span style='font-size:13px'>{esc(hint)}</span>" if hint else "")
    fig.add_annotation(
        text=text,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16, "color": NEUTRAL},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def add_note(fig: go.Figure, text: str, *, yshift: int = 8) -> go.Figure:
    """A grey note above the plot area, at its left edge (``yshift`` px higher: over a legend)."""
    fig.add_annotation(
        text=text,
        x=0,
        y=1,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        yshift=yshift,
        align="left",
        showarrow=False,
        font={"size": 12, "color": NEUTRAL},
    )
    return fig


def add_source(fig: go.Figure, text: str) -> go.Figure:
    """A small source / attribution line under the plot area."""
    fig.add_annotation(
        text=text,
        x=0,
        y=0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        yshift=-62,
        showarrow=False,
        align="left",
        font={"size": 11, "color": NEUTRAL},
    )
    bottom = fig.layout.margin.b or 60
    fig.update_layout(margin={"b": max(bottom, 95 + 15 * text.count("<br>"))})
    return fig


def add_date_line(
    fig: go.Figure, when: pd.Timestamp, label: str, *, color: str = NEUTRAL, dash: str = "dash"
) -> None:
    """A vertical line across the plot at a date, labelled at its foot."""
    x = when.strftime(DATE_FORMAT)
    fig.add_shape(
        type="line",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line={"color": color, "width": 1.5, "dash": dash},
    )
    fig.add_annotation(
        text=label,
        x=x,
        y=0,
        xref="x",
        yref="paper",
        yanchor="bottom",
        xanchor="left",
        showarrow=False,
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": 12, "color": color},
    )


def esc(text: Any) -> str:
    """User text made safe for a plotly label, hover or legend entry.

    Plotly reads ``<b>``, ``<br>``, ``<a href>`` and other tags in any text it draws, so a
    goal called "Learn C++ <templates>" would lose its last word and "<a href=...>" would
    become a link. Escaped, the text is shown exactly as written (plotly turns ``&lt;`` back
    into ``<``). Shorten first (:func:`short`), then escape, so that no entity is cut.

    >>> esc("C++ <templates> & R&D")
    'C++ &lt;templates&gt; &amp; R&amp;D'
    """
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=False)


def short(text: Any, limit: int = 42) -> str:
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def label_positions(
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    *,
    width_px: float = 860,
    height_px: float = 330,
) -> list[str]:
    """A ``textposition`` per point that keeps point labels from overlapping where it can.

    Greedy: each label takes the first of above, below, right, left whose box (estimated
    from the text length at 7 px a character, 16 px high) misses the labels placed so far.
    """
    xs = [float(v) for v in x]
    ys = [float(v) for v in y]
    if not xs:
        return []
    x_span = (max(xs) - min(xs)) or 1.0
    y_span = (max(ys) - min(ys)) or 1.0
    px_x, px_y = x_span / width_px, y_span / height_px
    boxes: list[tuple[float, float, float, float]] = []
    chosen: list[str] = []
    for xi, yi, text in zip(xs, ys, texts, strict=True):
        w, h = len(str(text)) * 7 * px_x, 16 * px_y
        gap_x, gap_y = 8 * px_x, 8 * px_y
        candidates = {
            "top center": (xi - w / 2, xi + w / 2, yi + gap_y, yi + gap_y + h),
            "bottom center": (xi - w / 2, xi + w / 2, yi - gap_y - h, yi - gap_y),
            "middle right": (xi + gap_x, xi + gap_x + w, yi - h / 2, yi + h / 2),
            "middle left": (xi - gap_x - w, xi - gap_x, yi - h / 2, yi + h / 2),
        }
        pick = _POSITIONS[0]
        for position in _POSITIONS:
            x0, x1, y0, y1 = candidates[position]
            if not any(x0 < b1 and b0 < x1 and y0 < d1 and c0 < y1 for b0, b1, c0, d1 in boxes):
                pick = position
                break
        boxes.append(candidates[pick])
        chosen.append(pick)
    return chosen
