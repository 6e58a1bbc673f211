"""The cohort notebook as a Voila dashboard, the way a coach opens it.

``voila notebooks/05-cohort.ipynb`` (on a temporary copy, with temporary Jupyter folders) is
opened in Chromium; the page must show no code, no errors, every chart drawn with data, and
a control that changes a chart. Skipped until ``notebooks/05-cohort.ipynb`` exists.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e._notebooks import NOTEBOOK_DIR, NotebookSpec
from e2e._pages import (
    RUN_ALL_TIMEOUT_MS,
    VIEWPORT,
    ConsoleLog,
    change_controls_until_a_chart_changes,
    describe_errors,
    describe_plots,
    describe_wait,
    errors,
    missing_charts,
    plots,
    screenshot,
    wait_for_charts,
    widget_views,
)
from e2e._servers import Server, start_voila, stop_keeping_log
from playwright.sync_api import Browser, Page

COHORT = "05-cohort.ipynb"
SCROLLER = "#rendered_cells"  # the page scrolls inside it

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (NOTEBOOK_DIR / COHORT).exists(),
        reason=f"notebooks/{COHORT} does not exist yet; its Voila dashboard is tested once it does",
    ),
]

# With progressive rendering (the repository's voila.json) Voila shows the page at once, a
# skeleton in place of each code cell's output, and replaces each skeleton as the cell runs.
# The page is finished once the last cell with an output shows it and no skeleton is left.
_FINISHED_JS = """
(last) => !document.getElementById('loading')
  && !!document.getElementById('rendered_cells')
  && document.getElementById('rendered_cells').style.display !== 'none'
  && document.querySelector(`[cell-index="${last}"] .jp-OutputArea-output`) !== null
  && document.querySelectorAll('.voila-skeleton-container').length === 0
"""


def last_output_cell(notebook: Path) -> int:
    """Voila's ``cell-index`` (counted from 1) of the notebook's last cell with an output."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return max(i for i, cell in enumerate(cells, start=1) if cell.get("outputs"))


@dataclass
class Dashboard:
    page: Page
    spec: NotebookSpec
    server: Server
    console: ConsoleLog
    charts_wait: float | None = None
    charts: list[dict] = field(default_factory=list)

    def report(self) -> str:
        return "\n".join(
            [
                describe_wait(self.charts_wait),
                f"widget views drawn: {widget_views(self.page)} (widget outputs in the file: "
                f"{self.spec.widget_outputs})",
                "charts when the wait ended:\n" + describe_plots(self.charts),
                "charts now:\n" + describe_plots(plots(self.page)),
                "browser console:\n" + self.console.tail(),
                "voila log (end):\n" + self.server.log()[-3000:],
            ]
        )


@pytest.fixture(scope="module")
def dashboard(
    browser: Browser,
    notebook_root: Path,
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Iterator[Dashboard]:
    spec = NotebookSpec.read(notebook_root / COHORT)
    server = start_voila(notebook_root / COHORT, tmp_path_factory.mktemp("voila-home"))
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        board = Dashboard(page, spec, server, ConsoleLog(page))
        try:
            page.goto(f"{server.url}/?token={server.token}", wait_until="commit")
            page.wait_for_function(
                _FINISHED_JS,
                arg=last_output_cell(notebook_root / COHORT),
                timeout=RUN_ALL_TIMEOUT_MS,
                polling=250,
            )
            board.charts_wait = wait_for_charts(page, spec)
            board.charts = plots(page)
        finally:
            with contextlib.suppress(Exception):
                screenshot(page, artifacts / "05-cohort-voila.png", scroller=SCROLLER)
        yield board
    finally:
        with contextlib.suppress(Exception):
            context.close()
        stop_keeping_log(server, artifacts)


def test_dashboard_shows_no_code(dashboard: Dashboard) -> None:
    page = dashboard.page
    # Markdown cells render inside .jp-InputArea too: look for code cells' inputs only.
    editors = page.locator(
        ".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-CodeMirrorEditor, .cm-editor"
    ).count()
    assert editors == 0, f"the dashboard shows {editors} code inputs or prompts"
    text = page.locator("body").inner_text()
    shown = [line for line in dashboard.spec.code_lines() if line in text]
    assert not shown, f"the dashboard shows lines of code: {shown[:5]}"


def test_dashboard_shows_no_errors(dashboard: Dashboard) -> None:
    found = errors(dashboard.page)
    assert not found, (
        "the dashboard shows errors:\n" + describe_errors(found) + "\n" + dashboard.report()
    )


def test_dashboard_has_no_uncaught_javascript_errors(dashboard: Dashboard) -> None:
    # One known, harmless upstream error is left out: see KNOWN_PAGE_ERRORS in _pages.py.
    found = dashboard.console.uncaught(voila=True)
    assert not found, "uncaught errors in the page:\n" + "\n".join(found)


def test_dashboard_charts_are_drawn_with_data(dashboard: Dashboard) -> None:
    missing = missing_charts(dashboard.spec, dashboard.charts)
    assert not missing, missing + "\n" + dashboard.report()


def test_dashboard_control_changes_a_chart(dashboard: Dashboard, artifacts: Path) -> None:
    page = dashboard.page
    try:
        what, tried = change_controls_until_a_chart_changes(page, page.locator("#rendered_cells"))
        assert what, (
            f"no control changed a chart; tried: {tried or 'none found'}\n" + dashboard.report()
        )
    finally:
        screenshot(page, artifacts / "05-cohort-voila-controls.png", scroller=SCROLLER)
