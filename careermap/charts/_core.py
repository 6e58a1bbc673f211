"""The shared engine under every chart: one-person selection, empty figures, escaping, labels.

Chart functions stay thin: :func:`chart_opening` checks the frame (:mod:`careermap._args`),
picks one person's rows and says "nothing yet"; the chart builds traces, then finishes the
figure with the theme. Nothing here mutates the caller's frame:
every selection is a copy.
"""

from __future__ import annotations

import functools
import html
import inspect
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns
from careermap.charts._theme import NEUTRAL, TEMPLATE
from careermap.errors import InvalidArgumentError

DATE_FORMAT = "%Y-%m-%d"
F = TypeVar("F", bound=Callable[..., go.Figure])


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


def chart_opening(
    *,
    columns: Sequence[str] = (),
    title: str | None = None,
    keep: Callable[[pd.DataFrame], Any] | None = None,
    nothing: str | Callable[[pd.DataFrame], str] | None = None,
    empty: Callable[[pd.DataFrame], bool] | None = None,
    source: str | None = None,
    pooled: bool = False,
) -> Callable[[F], F]:
    """The opening every chart of a frame shares, written once; a chart states what differs.

    The decorated chart takes ``data`` first and its own options; the decorator adds the
    options every chart has, ``person_id=None`` and ``title=None``, to its signature and
    docstring (a chart that reads ``person_id`` itself, for a second frame, declares it).
    A call checks ``data`` (a DataFrame with ``columns``, else an error naming the chart),
    cuts it to one person (a copy, :func:`one_person`; with ``pooled``, ``person_id=None``
    keeps everyone) and to the rows ``keep`` selects, and defaults the title to ``title``.
    When ``nothing`` is given and nothing is left to draw (no row, or ``empty(rows)``), the
    chart is not run: the figure is :func:`empty_figure` saying ``nothing`` (a key of
    :data:`NOTHING_YET`, the sentence itself, or a function of the rows giving it), with the
    ``source`` line under it when given. Else the chart gets the rows as ``data`` and builds
    its figure with :func:`new_figure`.

    >>> @chart_opening(columns=["date", "hours"], title="Hours", nothing="time",
    ...                keep=lambda rows: rows["hours"] > 0)
    ... def hours_chart(data, *, title):
    ...     '''Hours per day.
    ...
    ...     Returns
    ...     -------
    ...     plotly.graph_objects.Figure
    ...     '''
    ...     return new_figure(title=title).add_bar(x=data["date"], y=data["hours"])
    >>> list(inspect.signature(hours_chart).parameters)
    ['data', 'person_id', 'title']
    >>> frame = pd.DataFrame({"person_id": ["a", "a", "b"], "date": ["2026-01-05"] * 3,
    ...                       "hours": [0.0, 2.0, 1.0]})
    >>> hours_chart(frame, person_id="a").data[0].y.tolist()
    [2.0]
    >>> hours_chart(frame.iloc[:1]).layout.annotations[0].text.split("<br>")[0]
    'no time logged yet'
    >>> try:
    ...     hours_chart(frame)
    ... except InvalidArgumentError as error:
    ...     print(error)
    hours_chart shows one person; pass person_id= one of 'a', 'b'
    """

    def decorate(draw: F) -> F:
        chart = draw.__name__
        own = inspect.signature(draw).parameters
        public = _opened_signature(inspect.signature(draw))

        @functools.wraps(draw)
        def opened(*args: Any, **kwargs: Any) -> go.Figure:
            bound = public.bind(*args, **kwargs)
            bound.apply_defaults()
            given = bound.arguments
            data = check_columns(given["data"], columns, chart)
            person_id = given["person_id"]
            rows = data if pooled and person_id is None else one_person(data, person_id, chart)
            if keep is not None:
                rows = rows.loc[keep(rows)]
            if title is not None:
                given["title"] = given["title"] or title
            if nothing is not None and (rows.empty or (empty is not None and empty(rows))):
                said = nothing(rows) if callable(nothing) else NOTHING_YET.get(nothing, nothing)
                fig = empty_figure(said, title=given["title"])
                return fig if source is None else add_source(fig, source)
            given["data"] = rows
            return draw(**{name: value for name, value in given.items() if name in own})

        opened.__signature__ = public  # type: ignore[attr-defined]
        opened.__doc__ = _opened_doc(draw.__doc__ or "", title, pooled=pooled)
        return opened  # type: ignore[return-value]

    return decorate


def _opened_signature(signature: inspect.Signature) -> inspect.Signature:
    """The chart's own parameters, then ``person_id=None`` and ``title=None`` (keyword-only)."""
    kept = [p for p in signature.parameters.values() if p.name not in ("person_id", "title")]
    only = inspect.Parameter.KEYWORD_ONLY
    shared = [
        inspect.Parameter(name, only, default=None, annotation="str | None")
        for name in ("person_id", "title")
    ]
    return signature.replace(parameters=kept + shared)


def _opened_doc(doc: str, title: str | None, *, pooled: bool) -> str:
    """The chart's docstring with ``person_id`` and ``title`` documented before Returns."""
    found = re.search(r"\n([ \t]*)Returns\n", doc)
    if found is None:
        return doc
    pad = found.group(1)
    whose = "default everyone's, pooled" if pooled else "needed when ``data`` holds several"
    lines = []
    if not re.search(r"^\s*person_id :", doc, re.M):
        lines += ["person_id : str, optional", f"    Whose rows to draw ({whose})."]
    if not re.search(r"^\s*title :", doc, re.M):
        said = f'"{title}"' if title else "set by the chart"
        lines += ["title : str, optional", f"    The figure's title (default {said})."]
    added = "".join(f"{pad}{line}\n" for line in lines)
    return doc[: found.start()] + added + doc[found.start() :]


ABOVE_LEGEND_PX = 36  # add_note's yshift that puts a note over a one-row legend


def add_note(fig: go.Figure, text: str, *, yshift: int = 8, color: str = NEUTRAL) -> go.Figure:
    """A note above the plot area, at its left edge (``yshift`` px higher: over a legend),
    grey unless ``color`` says otherwise."""
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
        font={"size": 12, "color": color},
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
    """A vertical line across the plot at a date, labelled just above the plot area.

    Above the plot the label can cover no bar, point or tick (at its foot it sat on the
    bottom row's bar); a legend drawn above the plot is lifted to make room for it.
    """
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
        y=1,
        xref="x",
        yref="paper",
        yanchor="bottom",
        xanchor="center",
        yshift=2,
        showarrow=False,
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": 12, "color": color},
    )
    lift_legend(fig, DATE_LABEL_PX)


DATE_LABEL_PX = 22  # the height of a one-line label above the plot area


def plot_height_px(fig: go.Figure) -> float:
    """The plot area's height in px, from the figure's height and margins (template default)."""
    height = fig.layout.height or 450
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 100
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 60
    return max(height - top - bottom, 50)


def lift_legend(fig: go.Figure, px: float) -> None:
    """Make ``px`` more room above the plot area, under a legend drawn there (the
    template's place); a chart that put its legend inside or under the plot keeps it."""
    legend = fig.layout.legend
    if legend.y is not None and legend.y < 1 and legend.yref != "container":
        return
    legend_above(fig, room_px=px)


def legend_above(fig: go.Figure, *, room_px: float = 0, title: str | None = None) -> go.Figure:
    """Put the legend under the figure title and size the top margin to hold it.

    The legend's rows are estimated for a narrow screen (:func:`legend_rows`), so a long
    legend that wraps pushes the plot down instead of running into the title; ``room_px``
    more is left under it (for a date label above the plot).
    """
    height = fig.layout.height or 450
    names = list(dict.fromkeys(t.name for t in fig.data if t.showlegend is not False and t.name))
    legend_px = LEGEND_ROW_PX * legend_rows(names)
    if title:  # on a line of its own above the entries
        legend_px += LEGEND_ROW_PX
        fig.update_layout(legend_title={"text": title, "side": "top"})
    fig.update_layout(
        margin={"t": TITLE_BAND_PX + legend_px + room_px + 6},
        legend=_legend_under_title(height),
    )
    return fig


def _legend_under_title(height: float) -> dict:
    """A horizontal legend at the left, just under the figure title band."""
    return {
        "orientation": "h",
        "xref": "container",
        "x": 0.01,
        "xanchor": "left",
        "yref": "container",
        "y": 1 - TITLE_BAND_PX / height,
        "yanchor": "top",
    }


LEGEND_ROW_PX = 24
NOTE_LINE_PX = 17  # one line of a 12 px note (add_note)
TITLE_BAND_PX = 46  # the figure title, from the top of the figure
PANEL_TITLE_PX = 26  # a panel's title above its plot area
NARROWEST_PX = 640  # legends are packed as if the figure were this wide


def legend_rows(names: Sequence[str], *, width_px: float = NARROWEST_PX) -> int:
    """How many rows a horizontal legend of ``names`` takes at ``width_px`` (an estimate:
    plotly draws an entry as a 40 px symbol and its text, about 7.5 px a character)."""
    rows, used = 1, 0.0
    for name in names:
        entry = 40 + 7.5 * len(name)
        if used and used + entry > width_px:
            rows, used = rows + 1, 0.0
        used += entry
    return rows if names else 0


def panel_spacing(rows_per_panel: Sequence[int], *, row_px: float, gap_px: float) -> float:
    """``make_subplots``' ``vertical_spacing`` that leaves ``gap_px`` px between panels."""
    panels = len(rows_per_panel)
    if panels < 2:
        return 0.0
    plot_px = row_px * sum(rows_per_panel) + gap_px * (panels - 1)
    return gap_px / plot_px


def stack_panels(
    fig: go.Figure,
    titles: Sequence[str],
    rows_per_panel: Sequence[int],
    *,
    row_px: float,
    gap_px: float,
    bottom_px: float = 100,
) -> go.Figure:
    """Size a figure of stacked panels in px, so nothing of one panel lands on another.

    From the top: the figure title, the legend (its rows estimated for a narrow screen),
    each panel's title left-aligned above its plot area, the panel; ``gap_px`` between
    panels holds the upper panel's tick labels and the next title. The figure's height
    follows, so a panel of ``n`` rows is ``n * row_px`` px high whatever the number of
    panels (a plain ``make_subplots`` put the second title on the first panel's ticks).
    Make the figure with ``vertical_spacing=panel_spacing(...)`` of the same numbers.
    """
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    names = list(dict.fromkeys(names)) if fig.layout.showlegend is not False else []
    # plotly wraps a horizontal legend at the plot area's width: the figure's less the
    # tick labels on the left (the longest of them, at about 7.2 px a character)
    labels = [str(v) for t in fig.data for v in (t.y if t.y is not None else ())]
    left_px = 7.2 * max((len(v) for v in labels), default=0)
    legend_px = LEGEND_ROW_PX * legend_rows(names, width_px=max(NARROWEST_PX - left_px, 240))
    top = TITLE_BAND_PX + legend_px + PANEL_TITLE_PX + 4
    plot_px = row_px * sum(rows_per_panel) + gap_px * (len(rows_per_panel) - 1)
    height = top + plot_px + bottom_px
    fig.update_layout(
        height=height,
        margin={"t": top, "b": bottom_px},
        legend=_legend_under_title(height),
    )
    for i, text in enumerate(titles, start=1):
        axis = fig.layout["yaxis" if i == 1 else f"yaxis{i}"]
        fig.add_annotation(
            text=text,
            x=0,
            y=axis.domain[1],
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="bottom",
            yshift=4,
            showarrow=False,
            font={"size": 14},
        )
    return fig


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


def short_labels(labels: pd.Series, limit: int = 45) -> pd.Series:
    """Axis labels cut to ``limit`` characters, still one label per distinct text.

    A tick label of 80 characters leaves a narrow screen no room for the plot; two texts
    that shorten alike keep a number, so their rows are not merged into one.

    >>> short_labels(pd.Series(["a" * 50, "a" * 49 + "b", "Writing"]), 10).tolist()
    ['aaaaaaaaa…', 'aaaaaaaaa… (2)', 'Writing']
    """
    mapping: dict[str, str] = {}
    taken: dict[str, int] = {}
    for text in dict.fromkeys(labels.astype(str)):
        cut = short(text, limit)
        taken[cut] = taken.get(cut, 0) + 1
        mapping[text] = cut if taken[cut] == 1 else f"{cut} ({taken[cut]})"
    return labels.astype(str).map(mapping)


_POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def place_labels(
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    *,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    width_px: float = 560,
    height_px: float = 300,
    marker_px: Sequence[float] | None = None,
) -> tuple[list[str], list[str]]:
    """Point labels that cannot land on one another: a ``textposition`` and a text per point.

    Greedy, in order: each label takes the first of above, below, right, left whose box
    (estimated at 7.5 px a character, 16 px high, in a plot of ``width_px`` x ``height_px``:
    a narrow window's) misses the labels placed so far and stays inside the axis ranges;
    a label with no such place is left out (its text ``""``), the point keeping its hover.
    Points with the same place keep one label. A label of several lines (``<br>``) is as
    high as its lines; ``marker_px`` (a marker's radius per point) moves labels off big markers.

    >>> positions, texts = place_labels([5] * 5, [5] * 5, ["M1", "M2", "M3", "M4", "M5"],
    ...     x_range=(0, 10), y_range=(0, 10))
    >>> positions[:2], texts
    (['top center', 'bottom center'], ['M1', 'M2', '', '', ''])
    """
    xs = [float(v) for v in x]
    ys = [float(v) for v in y]
    if not xs:
        return [], []
    x0_, x1_ = x_range if x_range is not None else (min(xs), max(xs))
    y0_, y1_ = y_range if y_range is not None else (min(ys), max(ys))
    px_x, px_y = ((x1_ - x0_) or 1.0) / width_px, ((y1_ - y0_) or 1.0) / height_px
    boxes: list[tuple[float, float, float, float]] = []
    positions, shown = [], []
    radii = [0.0] * len(xs) if marker_px is None else [float(r) for r in marker_px]
    # the markers themselves: a label beside one point must not cover another
    markers = [
        (xi - max(r, 4) * px_x, xi + max(r, 4) * px_x, yi - max(r, 4) * px_y, yi + max(r, 4) * px_y)
        for xi, yi, r in zip(xs, ys, radii, strict=True)
        if not (math.isnan(xi) or math.isnan(yi))
    ]
    for xi, yi, text, radius in zip(xs, ys, texts, radii, strict=True):
        lines = re.sub(r"<(?!br)[^>]*>", "", str(text)).split("<br>")
        w = (max(len(line) for line in lines) * 7.5 + 4) * px_x
        h = (16 * len(lines) + 2) * px_y
        gap_x, gap_y = (8 + radius) * px_x, (7 + radius) * px_y
        candidates = {
            "top center": (xi - w / 2, xi + w / 2, yi + gap_y, yi + gap_y + h),
            "bottom center": (xi - w / 2, xi + w / 2, yi - gap_y - h, yi - gap_y),
            "middle right": (xi + gap_x, xi + gap_x + w, yi - h / 2, yi + h / 2),
            "middle left": (xi - gap_x - w, xi - gap_x, yi - h / 2, yi + h / 2),
        }
        pick = None
        for position in _POSITIONS:
            b0, b1, c0, c1 = candidates[position]
            inside = x0_ <= b0 and b1 <= x1_ and y0_ <= c0 and c1 <= y1_
            if inside and not any(
                b0 < e1 and e0 < b1 and c0 < f1 and f0 < c1 for e0, e1, f0, f1 in boxes + markers
            ):
                pick = position
                break
        if pick is None or math.isnan(xi) or math.isnan(yi):
            positions.append(_POSITIONS[0])
            shown.append("")
            continue
        boxes.append(candidates[pick])
        positions.append(pick)
        shown.append(text)
    return positions, shown


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
