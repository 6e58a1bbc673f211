"""Each notebook in JupyterLab, used as a person does: Run All Cells, look, use the controls.

Unit tests and nbval run the notebooks' code; only a browser sees whether the charts and
widgets actually show. Each ``notebooks/0*.ipynb`` is opened in JupyterLab (the committed
file's outputs cleared first), run with Run > Run All Cells, and then:

- no cell shows an error, and every code cell ran;
- every chart is drawn with data: at least as many as the file stores plotly outputs plus
  the charts its code draws in ``ChartView``s, each with one trace or more;
- every chart fills the width the notebook gives its outputs (measured in px);
- a control changes a chart (and, in 04, a saved entry reaches the map's CSV file).

Screenshots after the run and after using the controls go to ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e._notebooks import ARTIFACTS
from e2e._pages import (
    LabRun,
    change_controls_until_a_chart_changes,
    describe_plots,
    missing_charts,
    output_of,
    plots,
    screenshot,
    signatures,
    wait_for_chart_change,
)

import careermap

pytestmark = pytest.mark.e2e


def test_run_all_cells_finishes_without_errors(lab_run: LabRun) -> None:
    assert lab_run.finished, "Run All Cells did not finish in time\n" + lab_run.report()
    assert not lab_run.errors, "the page shows errors\n" + lab_run.report()
    assert not lab_run.unexecuted(), "some code cells did not run\n" + lab_run.report()


def test_the_page_has_no_uncaught_javascript_errors(lab_run: LabRun) -> None:
    found = lab_run.console.uncaught(voila=False)
    assert not found, "uncaught errors in the page:\n" + "\n".join(found)


def test_every_chart_is_drawn_with_data(lab_run: LabRun) -> None:
    missing = missing_charts(lab_run.spec, lab_run.charts)
    assert not missing, missing + "\n" + lab_run.report()


FILL_TOLERANCE_PX = 4  # borders and sub-pixel rounding


def test_every_chart_fills_the_output_width(lab_run: LabRun) -> None:
    """Live charts as wide as static ones: the whole output area (a FigureWidget drew
    700 px in a 968 px area). The widths are written to test-artifacts/e2e/ as well."""
    measured = [c for c in lab_run.charts if c["kind"] != "other"]
    lines = [
        f"{lab_run.spec.stem} cell {c['cell']} {c['kind']}: {c['width']} px of "
        f"{c['available']} px{' (in a form tab)' * c['inTab']} ({c['title'][:50]!r})"
        for c in measured
    ]
    (ARTIFACTS / f"{lab_run.spec.stem}-chart-widths.txt").write_text("\n".join(lines) + "\n")
    # A form's chart sits in a tab of the form (04's self-assessment), whose panel has its
    # own padding: it fills the tab, which the form lays out, not the notebook.
    narrow = [
        line
        for c, line in zip(measured, lines, strict=True)
        if not c["inTab"]
        and (c["available"] <= 0 or c["width"] < c["available"] - FILL_TOLERANCE_PX)
    ]
    assert not narrow, "charts narrower than the output area:\n" + "\n".join(narrow)


# -- using the controls -----------------------------------------------------------------


def _changed(run: LabRun, root, before: list[str], action: str) -> None:
    assert wait_for_chart_change(run.page, root, before), (
        f"{action}: no chart changed\ncharts there now:\n"
        + describe_plots(plots(run.page, root))
        + "\n"
        + run.report()
    )


def dashboard_02(run: LabRun) -> None:
    """The count toggle redraws the burndown in hours; the date slider narrows the charts."""
    page = run.page
    dashboard = output_of(page, "widgets.HBox([widgets.VBox([date_range, dates_shown")
    before = signatures(page, dashboard)
    assert len(before) >= 4, "the dashboard shows fewer than its 4 charts\n" + run.report()

    dashboard.get_by_role("button", name="effort hours", exact=True).click()
    _changed(run, dashboard, before, "count -> effort hours")
    axes = [t for p in plots(page, dashboard) for t in p["axes"]]
    assert any("hours" in t for t in axes), f"no axis counts hours after the toggle: {axes}"

    before = signatures(page, dashboard)
    dashboard.locator(".widget-slider .noUi-handle-upper").focus()
    for _ in range(8):
        page.keyboard.press("ArrowLeft")
    _changed(run, dashboard, before, "dates slider: end moved 8 weeks earlier")


def role_comparison_03(run: LabRun) -> None:
    """Removing a role from the picker redraws the gap bars and the radar."""
    page = run.page
    comparison = output_of(page, 'widgets.HTML("<b>roles</b> (up to three)")')
    tags = comparison.locator(".jupyter-widget-tag-close")
    n_tags = tags.count()
    assert n_tags >= 2, f"the role picker shows {n_tags} roles\n" + run.report()
    before = signatures(page, comparison)
    tags.last.click()
    _changed(run, comparison, before, "role picker: removed the last role")
    assert comparison.locator(".jupyter-widget-tag-close").count() == n_tags - 1

    # Typing an O*NET code in "add a code" and pressing Enter adds it; the panels follow.
    before = signatures(page, comparison)
    comparison.get_by_label("add a code").fill("15-1211.00")
    comparison.get_by_label("add a code").press("Enter")
    _changed(run, comparison, before, "role picker: typed 15-1211.00 and pressed Enter")
    assert comparison.locator(".jupyter-widget-tag-close").count() == n_tags
    titles = [p["title"] for p in plots(page, comparison)]
    texts = comparison.inner_text()
    assert "15-1211.00" in texts, f"the typed code is not among the tags: {texts[:500]}; {titles}"


def self_assessment_04(run: LabRun) -> None:
    """Move a skill slider, fill who assessed and a note, click Save assessment: the row
    is in the working copy's assessments.csv and the form's chart shows it."""
    page = run.page
    form = output_of(page, "widgets.self_assessment(FOLDER")
    working = run.lab.home / "tmp"  # the kernel's TMPDIR: the notebook copies the sample here

    # Nothing is ticked for saving until a slider moves.
    ticked = form.evaluate(_TICKED_SKILLS_JS)

    # A slider whose label is the skill's O*NET name (names shared by a skill and a
    # knowledge area are saved as ids, which this check does not map).
    slider = form.locator(".widget-slider").filter(has_not_text="(").first
    skill = slider.locator(".widget-label").first.inner_text().strip()
    handle = slider.locator(".noUi-handle")
    start = float(handle.get_attribute("aria-valuenow"))
    handle.focus()
    page.keyboard.press("ArrowLeft" if start > 0 else "ArrowRight")
    level = float(handle.get_attribute("aria-valuenow"))
    assert level != start, f"the {skill!r} slider did not move with the arrow keys"

    note = f"e2e check {uuid.uuid4().hex[:8]}"
    form.get_by_label("Assessed by").filter(visible=True).select_option("mentor")
    form.get_by_label("Note").filter(visible=True).fill(note)
    date = form.get_by_label("Date").filter(visible=True).input_value()
    chart = form.locator(".js-plotly-plot")
    assert chart.count() == 1, f"the form shows {chart.count()} charts, expected 1"
    before = signatures(page, form)

    form.get_by_role("button", name="Save assessment").click()
    status = form.locator(".widget-html", has_text="Saved").or_(
        form.locator(".widget-html", has_text="Not saved")
    )
    status.first.wait_for()
    text = status.first.inner_text()
    assert text.startswith("Saved"), f"the form did not save: {text}"
    _changed(run, form, before, "Save assessment")

    rows = [
        (path, row)
        for path in sorted(working.glob("careermap-*/**/assessments.csv"))
        for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines())
        if row.get("note") == note
    ]
    written = [{k: row[k] for k in ("skill", "level", "source")} for _, row in rows]
    assert len(rows) == 1 and not ticked, (
        f"moved only the {skill!r} slider ({start:g} -> {level:g}), then saved: expected one "
        f"new row in the working copy's assessments.csv; {len(rows)} written: {written}. "
        f"Skills ticked for saving before any slider was moved: {ticked or 'none'}\n" + run.report()
    )
    path, row = rows[0]
    assert path.parent.name == "alex-rivera" and path.parent.parent.parent == working, path
    assert (row["skill"], row["source"], row["date"]) == (skill, "mentor", date), row
    assert float(row["level"]) == level, (
        f"level written {row['level']!r}; the slider showed {level:g}"
    )
    sample = Path(careermap.sample_path()) / "assessments.csv"
    assert note not in sample.read_text(encoding="utf-8"), "the bundled sample was written"


_TICKED_SKILLS_JS = """
(form) => [...form.querySelectorAll('.widget-slider')]
  .filter((s) => { const box = s.parentElement.querySelector('input[type=checkbox]'); return box && box.checked; })
  .map((s) => s.querySelector('.widget-label').textContent + ' = ' + s.querySelector('.widget-readout').textContent)
"""


SCENARIOS: dict[str, Callable[[LabRun], None]] = {
    "02-my-progress": dashboard_02,
    "03-skill-gaps": role_comparison_03,
    "04-self-assessment": self_assessment_04,
}


def test_controls_change_the_charts(lab_run: LabRun) -> None:
    spec = lab_run.spec
    scenario = SCENARIOS.get(spec.stem)
    if scenario is None and spec.widget_outputs == 0:
        pytest.skip(f"{spec.name} displays no widgets")
    assert lab_run.finished, "Run All Cells did not finish\n" + lab_run.report()
    try:
        if scenario is not None:
            scenario(lab_run)
        else:
            notebook = lab_run.page.locator(".jp-Notebook")
            what, tried = change_controls_until_a_chart_changes(lab_run.page, notebook)
            assert what, (
                f"no widget control changed a chart; tried: {tried or 'none found'}\n"
                + lab_run.report()
            )
    finally:
        screenshot(lab_run.page, ARTIFACTS / f"{spec.stem}-controls.png", scroller=None)
