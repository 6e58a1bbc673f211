"""The one careermap look: a plotly template, colour-blind-safe colours and source notes.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies). Status colours are fixed so "overdue" is the same vermillion on every chart,
and the template only sets layout (no per-trace-type defaults), so each figure stays small
when a notebook stores it.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from careermap.metrics import STATUS_MEANING, STATUSES
from careermap.onet import BLS_SOURCE, ONET_SOURCE  # the source notes under charts

__all__ = [
    "BLS_SOURCE",
    "CATEGORY_COLORS",
    "NEUTRAL",
    "ONET_SOURCE",
    "PALETTE",
    "SEQUENTIAL",
    "STATUS_COLORS",
    "STATUS_MEANING",
    "STATUS_ORDER",
    "TEMPLATE",
]

# Okabe & Ito (2008), "Color Universal Design"; yellow (#F0E442) left out: too pale on white.
BLUE, ORANGE, GREEN, PURPLE, VERMILLION, SKY, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#999999",
)
BLACK = "#000000"
NEUTRAL = "#5F6B7A"  # text, reference lines
PALETTE = [BLUE, ORANGE, GREEN, PURPLE, VERMILLION, SKY, GREY, BLACK]
# Beyond eight lines, darker and lighter shades of the same hues (Paul Tol's "muted" and
# "light" schemes, also designed for colour-blind readers) so that no two lines share one.
_MORE = [
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
    "#882255", "#AA4499", "#77AADD", "#EE8866", "#BBCC33", "#AAAA00", "#FFAABB",
    "#99DDFF", "#44BB99",
]  # fmt: skip


def distinct_colors(n: int) -> list[str]:
    """``n`` colours, no two the same up to 24 (the palette first, then Tol's shades).

    >>> len(set(distinct_colors(9))), distinct_colors(2)
    (9, ['#0072B2', '#E69F00'])
    """
    pool = PALETTE + _MORE
    return [pool[i % len(pool)] for i in range(n)]


STATUS_ORDER = STATUSES  # the five states of careermap.metrics.milestone_status
STATUS_COLORS = {
    "done": GREEN,
    "on track": BLUE,
    "open": SKY,
    "overdue": VERMILLION,
    "dropped": GREY,
}

CATEGORY_COLORS = {
    "learning": BLUE,
    "practice": ORANGE,
    "networking": GREEN,
    "mentoring": PURPLE,
    "job_search": VERMILLION,
    "reflection": SKY,
    "other": GREY,
}

# pale grey (nothing) -> light blue -> Okabe-Ito blue, for "how much" (hours logged on a day)
SEQUENTIAL = [[0.0, "#ECEEF1"], [0.001, "#C6E0F3"], [0.5, SKY], [1.0, BLUE]]

TEMPLATE = "careermap"

_AXIS = {
    "gridcolor": "#E5E9EF",
    "linecolor": "#B8C2CC",
    "zerolinecolor": "#C9D1DA",
    "ticks": "outside",
    "tickcolor": "#B8C2CC",
    "automargin": True,
    "title": {"standoff": 10, "font": {"size": 14}},
}

pio.templates[TEMPLATE] = go.layout.Template(
    layout={
        "font": {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#2B2F36"},
        "title": {
            "font": {"size": 18},
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"l": 12, "t": 14},
        },
        "colorway": PALETTE,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "font": {"size": 13}},
        "legend": {
            "bgcolor": "rgba(255,255,255,0.8)",
            "font": {"size": 13},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
        },
        "margin": {"l": 70, "r": 30, "t": 100, "b": 60},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "polar": {
            "bgcolor": "white",
            "angularaxis": {"gridcolor": "#E5E9EF", "linecolor": "#B8C2CC"},
            "radialaxis": {"gridcolor": "#E5E9EF", "linecolor": "#B8C2CC"},
        },
        "colorscale": {"sequential": SEQUENTIAL},
    }
)
