"""The dashboard of notebook 02 on a slow machine: Chromium's CPU throttled four times.

anywidget's front end gives a widget model two seconds to start, then drops it ("[anywidget]
Failed to initialize model"); plotly's ``go.FigureWidget`` is an anywidget whose module is a
5 MB bundle, so on a slow or busy machine its charts stopped updating. The notebooks draw
live charts with ``careermap.widgets.ChartView`` instead (plotly's renderer in an output
area). Here the page runs under ``Emulation.setCPUThrottlingRate`` (rate 4): every cell
runs, the charts are drawn, a control redraws a chart, and the console has no anywidget
failure and no uncaught error.
"""

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
    missing_charts,
    open_notebook,
    output_of,
    read_run,
    run_all,
    screenshot,
    signatures,
    wait_for_chart_change,
    wait_for_charts,
)
from e2e._servers import Server
from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

NOTEBOOK = "02-my-progress.ipynb"
CPU_SLOWDOWN = 4


@pytest.fixture(scope="module")
def slow_run(browser: Browser, lab: Server, artifacts: Path) -> Iterator[LabRun]:
    spec = NotebookSpec.read(NOTEBOOK_DIR / NOTEBOOK)
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    page = context.new_page()
    console = ConsoleLog(page)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    try:
        open_notebook(page, lab, spec.name)
        run = run_all(page, spec, lab, console)
        if run.finished:
            run.charts_wait = wait_for_charts(page, spec)
        yield read_run(run)
    finally:
        with contextlib.suppress(Exception):
            screenshot(page, artifacts / "02-my-progress-cpu-x4.png")
        with contextlib.suppress(Exception):
            context.close()
        lab.shutdown_kernels(spec.name)


def test_a_control_redraws_a_chart_on_a_slow_machine(slow_run: LabRun) -> None:
    run = slow_run
    assert run.finished and not run.errors, "Run All Cells under CPU x4\n" + run.report()
    missing = missing_charts(run.spec, run.charts)
    assert not missing, f"under CPU x{CPU_SLOWDOWN}: {missing}\n" + run.report()

    dashboard = output_of(run.page, "widgets.HBox([widgets.VBox([date_range, dates_shown")
    before = signatures(run.page, dashboard)
    dashboard.get_by_role("button", name="effort hours", exact=True).click()
    assert wait_for_chart_change(run.page, dashboard, before), (
        f"under CPU x{CPU_SLOWDOWN}, count -> effort hours redrew no chart\n" + run.report()
    )

    failed = [e for e in run.console.errors if "[anywidget] Failed" in e]
    assert not failed, "anywidget dropped widget models:\n" + "\n".join(failed)
    uncaught = run.console.uncaught(voila=False)
    assert not uncaught, "uncaught errors in the page:\n" + "\n".join(uncaught)
