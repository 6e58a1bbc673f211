"""Notebook 04's weekly review form in JupyterLab: it shows the review, and Save writes a row.

Notebook 04 is opened in JupyterLab (outputs cleared), run with Run > Run All Cells; the
review form's output must show the review of ``metrics.weekly_review`` (what moved, what
slipped, what is due, the goal most at risk), and its Save button must add the row to the
working copy's reviews.csv (never the bundled sample). The form is photographed for
docs/planning.md: ``docs/images/weekly-review.png``.
"""

from __future__ import annotations

import contextlib
import csv
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e._notebooks import ARTIFACTS, notebook_specs
from e2e._pages import (
    VIEWPORT,
    ConsoleLog,
    LabRun,
    open_notebook,
    output_of,
    read_run,
    run_all,
    screenshot,
)
from e2e._servers import Server
from playwright.sync_api import Browser

import careermap

pytestmark = pytest.mark.e2e

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
FORM_CELL = "widgets.weekly_review_form(FOLDER"


@pytest.fixture(scope="module")
def run_04(browser: Browser, lab: Server) -> Iterator[LabRun]:
    spec = next(s for s in notebook_specs() if s.stem == "04-self-assessment")
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        open_notebook(page, lab, spec.name)
        run = run_all(page, spec, lab, ConsoleLog(page))
        yield read_run(run)
    finally:
        with contextlib.suppress(Exception):
            context.close()
        lab.shutdown_kernels(spec.name)


def test_the_review_form_shows_the_review(run_04: LabRun) -> None:
    assert run_04.finished, "Run All Cells did not finish\n" + run_04.report()
    assert not run_04.errors, "the page shows errors\n" + run_04.report()
    form = output_of(run_04.page, FORM_CELL)
    form.get_by_role("button", name="Save review").wait_for()
    text = form.inner_text()
    for part in ("Weekly review: Alex Rivera", "What moved", "What slipped",
                 "Due in the next 2 weeks", "Goal most at risk", "Satisfaction", "Alignment"):  # fmt: skip
        assert part in text, f"{part!r} is not in the form:\n{text[:1500]}"
    # the Markdown is rendered (headings), not shown as text
    assert form.locator("h2", has_text="What moved").count() == 1, text[:800]
    # the whole form on screen, clear of the notebook's toolbar, for the picture
    page = run_04.page
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 2000})
    form.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    IMAGES.mkdir(parents=True, exist_ok=True)
    form.screenshot(path=str(IMAGES / "weekly-review.png"))
    page.set_viewport_size(VIEWPORT)


def test_save_review_writes_the_working_copy(run_04: LabRun) -> None:
    page = run_04.page
    form = output_of(page, FORM_CELL)
    note = f"e2e review {uuid.uuid4().hex[:8]}"
    slider = form.locator(".widget-slider").filter(has_text="Motivation").locator(".noUi-handle")
    slider.focus()
    page.keyboard.press("ArrowRight")
    form.get_by_label("Note").filter(visible=True).fill(note)
    form.get_by_role("button", name="Save review").click()
    status = form.locator(".widget-html", has_text="Saved").or_(
        form.locator(".widget-html", has_text="Not saved")
    )
    status.first.wait_for()
    shown = status.first.inner_text()
    try:
        assert shown.startswith("Saved"), f"the form did not save: {shown}"
        working = run_04.lab.home / "tmp"  # the kernel's TMPDIR: the notebook copies the sample
        rows = [
            row
            for path in sorted(working.glob("careermap-*/alex-rivera/reviews.csv"))
            for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines())
            if row.get("note") == note
        ]
        assert len(rows) == 1, rows
        row = rows[0]
        assert (row["date"], row["motivation"], row["satisfaction"]) == ("2026-11-15", "4", "3")
        sample = Path(careermap.sample_path()) / "reviews.csv"
        assert note not in sample.read_text(encoding="utf-8"), "the bundled sample was written"
    finally:
        screenshot(page, ARTIFACTS / "04-weekly-review-saved.png", scroller=None)
