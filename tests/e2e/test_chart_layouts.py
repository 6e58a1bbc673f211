"""Every chart on maps of other shapes, drawn in Chromium: no text lands on other text.

The layouts were tuned on the sample (three target roles, four goals); people's maps have
one role or eight, no goal yet, titles of 80 characters, thirty milestones to a goal. Each
chart of notebooks 02, 03, 05 and the report is drawn by plotly.js for every map of
``LAYOUT_SHAPES`` at two widths (a notebook's output area, and a narrow window), and the
boxes of what it drew are compared (``_layout.Drawn.faults``): two text boxes that overlap
(titles, axis titles, tick labels, legend entries, annotations, point labels), a text over
a bar, or a text cut by the figure's edge fail the test. A screenshot of every layout goes
to ``test-artifacts/e2e/layouts/<map>/<chart>-<width>.png``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from _shaped_maps import LAYOUT_SHAPES, write_shaped_map
from e2e._layout import CHART_WIDTH, cohort_charts, draw, page_with_plotly, personal_charts
from e2e._notebooks import ARTIFACTS
from e2e._pages import VIEWPORT
from playwright.sync_api import Browser, Page

import careermap

pytestmark = pytest.mark.e2e

WIDTHS = (CHART_WIDTH, 700)

#: Layout faults still open, by (map, chart): the test expects them to fail (strict), so
#: fixing one makes the run say so and the entry goes. Each needs its own layout work.
KNOWN: dict[tuple[str, str], str] = {}


def _charts(m: careermap.CareerMap, as_of: str) -> dict:
    return {**personal_charts(m, as_of), **cohort_charts(m, as_of)}


def _cases() -> Iterator:
    probe = careermap.load(careermap.sample_path())
    charts = list(_charts(probe, "2026-11-15"))
    for shape_name in LAYOUT_SHAPES:
        for chart in charts:
            marks = []
            if (shape_name, chart) in KNOWN:
                marks.append(pytest.mark.xfail(reason=KNOWN[shape_name, chart], strict=True))
            yield pytest.param(shape_name, chart, marks=marks, id=f"{shape_name}-{chart}")


@pytest.fixture(scope="module")
def shaped_maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, careermap.CareerMap]:
    root = tmp_path_factory.mktemp("shaped")
    return {
        name: careermap.load(write_shaped_map(root / name, shape))
        for name, shape in LAYOUT_SHAPES.items()
    }


@pytest.fixture(scope="module")
def shaped_charts(shaped_maps) -> dict[str, dict]:
    """Each map's charts, built lazily; the metric frames several charts draw are computed
    once per map (``_layout.once``), not once per chart."""
    return {
        name: _charts(shaped_maps[name], str(shape.as_of)) for name, shape in LAYOUT_SHAPES.items()
    }


@pytest.fixture(scope="module")
def chart_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page_with_plotly(page, tmp_path_factory.mktemp("plotly"))
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize(("shape_name", "chart"), list(_cases()))
def test_no_text_overlaps(shape_name: str, chart: str, shaped_charts, chart_page) -> None:
    figure = shaped_charts[shape_name][chart]()
    folder = ARTIFACTS / "layouts" / shape_name
    folder.mkdir(parents=True, exist_ok=True)
    faults = []
    for width in WIDTHS:
        drawn = draw(chart_page, figure, width=width)
        chart_page.locator("#chart").screenshot(path=str(folder / f"{chart}-{width}.png"))
        faults += [f"at {width} px: {fault}" for fault in drawn.faults()]
    assert not faults, f"{chart} on the {shape_name} map:\n" + "\n".join(faults)


def test_the_checker_finds_an_overlap(chart_page) -> None:
    """The check itself: two annotations drawn at one place, and a label on a bar, fail."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["a", "b"], y=[3, 4]), layout={"title": {"text": "probe"}})
    fig.add_annotation(text="first label", x="b", y=2, showarrow=False)
    fig.add_annotation(text="second label", x="b", y=2, showarrow=False)
    faults = draw(chart_page, fig).faults()
    assert any("'first label'" in f and "'second label'" in f for f in faults), faults
    assert any("is drawn over 1 bar" in f for f in faults), faults
    fig.layout.annotations = []
    fig.add_annotation(text="clear of the bars", x=0.5, y=1, xref="paper", yref="paper",
                       yanchor="bottom", showarrow=False)  # fmt: skip
    assert draw(chart_page, fig).faults() == []


def test_every_shape_loads_as_described(shaped_maps) -> None:
    """The maps hold what their names say (an independent count of the YAML's entries)."""
    for name, shape in LAYOUT_SHAPES.items():
        m = shaped_maps[name]
        assert len(m.target_roles) == shape.roles, name
        assert len(m.goals) == shape.goals, name
        assert len(m.milestones) == shape.goals * shape.milestones, name
        assert m.people["start"].iloc[0] == dt.datetime.combine(shape.start, dt.time())
