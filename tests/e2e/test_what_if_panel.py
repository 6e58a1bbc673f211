"""Notebook 02's what-if panel in JupyterLab: run the notebook, move the hours slider, see the
scenario table follow. Saves the panel's picture to ``docs/images/what-if.png``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e._notebooks import NOTEBOOK_DIR, NotebookSpec
from e2e._pages import (
    VIEWPORT,
    ConsoleLog,
    LabRun,
    code_cell,
    open_notebook,
    output_of,
    run_all,
)
from e2e._servers import Server
from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

DOCS_IMAGE = Path(__file__).resolve().parents[2] / "docs" / "images" / "what-if.png"
PANEL_CELL = "panel = what_if_panel("


@pytest.fixture(scope="module")
def run_02(browser: Browser, lab: Server, artifacts: Path) -> Iterator[LabRun]:
    spec = NotebookSpec.read(NOTEBOOK_DIR / "02-my-progress.ipynb")
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        open_notebook(page, lab, spec.name)
        yield run_all(page, spec, lab, ConsoleLog(page))
    finally:
        with contextlib.suppress(Exception):
            context.close()
        lab.shutdown_kernels(spec.name)


def test_moving_the_hours_updates_the_scenario_table(run_02: LabRun) -> None:
    assert run_02.finished, "Run All Cells did not finish\n" + run_02.report()
    page = run_02.page
    # tall enough for the whole panel (for its picture), set before the slider redraws it
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 2000})
    # JupyterLab draws only the cells near the view: bring the panel's cell there first
    code_cell(page, PANEL_CELL).scroll_into_view_if_needed()
    panel = output_of(page, PANEL_CELL)
    table = panel.locator(".widget-html table")
    table.wait_for(timeout=120_000)
    # the next cell set 10 hours from code: the table has today's plan and the scenario
    assert "what if" in table.inner_text()
    before = table.inner_text()
    assert "10 h" in before, before

    slider = panel.locator(".widget-slider").filter(has_text="Hours a week")
    handle = slider.locator(".noUi-handle")
    handle.focus()
    for _ in range(4):  # 4 steps of half an hour: 12 hours a week
        page.keyboard.press("ArrowRight")
    assert float(handle.get_attribute("aria-valuenow")) == 12.0
    panel.locator(".widget-html table", has_text="12 h").wait_for()
    after = table.inner_text()
    assert after != before
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in after.splitlines()}
    assert rows["hours a week"][-1].strip() == "12 h", rows
    # twelve hours finish no later than ten: the P50 date moved earlier or stayed
    p50_before = {line.split("\t")[0]: line.split("\t")[1:] for line in before.splitlines()}
    assert rows["finish (P50)"][-1] <= p50_before["finish (P50)"][-1]
    # on the bundled sample Apply is off and the panel says why
    assert panel.get_by_role("button", name="Apply to my map").is_disabled()
    assert "read-only" in panel.inner_text()

    panel.scroll_into_view_if_needed()
    chart = panel.locator(".js-plotly-plot .barlayer path").first
    chart.wait_for(timeout=60_000)  # the chart the slider redrew
    chart.scroll_into_view_if_needed()
    panel.scroll_into_view_if_needed()
    DOCS_IMAGE.parent.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(DOCS_IMAGE))
