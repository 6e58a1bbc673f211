"""What a notebook file says it shows: read from its JSON, to check the page against."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_FIGURE_WIDGET = re.compile(r"\bFigureWidget\(")

# The charts each notebook's own code draws in ``careermap.widgets.ChartView``s (live
# charts, which the file stores no data for since widget state is not saved). Counted by
# hand: a view made in a loop is one ``ChartView(`` in the code but several charts. A form
# from ``careermap.widgets`` may hold further charts; those are checked where a test uses it.
LIVE_CHARTS = {
    "02-my-progress": 4,  # the dashboard: roadmap, burndown, allocation, calendar
    "03-skill-gaps": 2,  # the role comparison: gap bars and radar
    "05-cohort": 3,  # the person drill-down: roadmap, burndown, skill gaps
}


@dataclass(frozen=True)
class NotebookSpec:
    """One notebook file and what its committed, executed outputs show.

    ``stored_charts`` counts the plotly outputs saved in the file (figures displayed with
    plotly's renderer); ``live_charts`` the charts its own code draws in chart views
    (:data:`LIVE_CHARTS`); ``figure_widgets`` the ``go.FigureWidget(...)`` it builds, which
    must be none (anywidget drops them on a slow machine).
    """

    path: Path
    code_sources: tuple[str, ...] = field(repr=False)
    stored_charts: int
    live_charts: int
    figure_widgets: int
    widget_outputs: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem

    @classmethod
    def read(cls, path: Path) -> NotebookSpec:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        sources = tuple(_text(c["source"]) for c in code)
        outputs = [o for c in code for o in c.get("outputs", [])]
        return cls(
            path=path,
            code_sources=sources,
            stored_charts=sum(PLOTLY_MIME in o.get("data", {}) for o in outputs),
            live_charts=LIVE_CHARTS.get(path.stem, 0),
            figure_widgets=sum(len(_FIGURE_WIDGET.findall(s)) for s in sources),
            widget_outputs=sum(WIDGET_MIME in o.get("data", {}) for o in outputs),
        )

    def code_lines(self, min_length: int = 25) -> list[str]:
        """Distinctive lines of code (long enough not to occur in prose or outputs)."""
        lines = (line.strip() for s in self.code_sources for line in s.splitlines())
        return [
            line
            for line in lines
            if len(line) >= min_length and not line.startswith("#") and "(" in line
        ]


def _text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def notebook_specs() -> list[NotebookSpec]:
    """Every numbered notebook (``notebooks/0*.ipynb``), in order."""
    return [NotebookSpec.read(p) for p in sorted(NOTEBOOK_DIR.glob("0*.ipynb"))]
