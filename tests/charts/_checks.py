"""Assertions shared by the chart tests (import as ``from charts._checks import ...``)."""

from __future__ import annotations

import copy
import re

import pandas as pd
import plotly.graph_objects as go

AS_OF = "2026-11-15"


def frozen(frame: pd.DataFrame) -> pd.DataFrame:
    """A deep copy to compare with after a chart call (the caller's frame must not change)."""
    return copy.deepcopy(frame)


def assert_hover_everywhere(fig: go.Figure) -> None:
    """Every trace that draws data says what a point is in its hover text."""
    for trace in fig.data:
        if trace.hoverinfo == "skip":
            continue
        template = trace.hovertemplate
        texts = template if isinstance(template, str) else "".join(template or [])
        assert texts, f"trace {trace.name!r} ({trace.type}) has no hovertemplate"


def assert_same_frame(before: pd.DataFrame, after: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(before, after)
    assert before.attrs == after.attrs


def empty_message(fig: go.Figure, *, hint: bool = False) -> str:
    """What an empty chart says (its first line; with ``hint=True`` the line after it, which
    says where to act), after checking it draws nothing and hides both axes."""
    texts = [a.text for a in fig.layout.annotations]
    assert len(fig.data) == 0, "an empty chart draws no traces"
    assert texts, "an empty chart says why"
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False, "no axes"
    lines = re.sub(r"<span[^>]*>|</span>", "", texts[0]).split("<br>")
    return lines[1] if hint else lines[0]
