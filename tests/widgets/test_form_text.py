"""What a notebook shows for a form before it runs: a short text, never the widget tree."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw
import pytest

from careermap import widgets

RAW = ("VBox(", "children=", "Text(", "HTML(", "Tab(")


def _plain(widget) -> str:
    return widget._repr_mimebundle_()["text/plain"]


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda f: widgets.quick_log(f, as_of="2026-11-16"), "quick log"),
        (lambda f: widgets.self_assessment(f, as_of="2026-11-16"), "self-assessment"),
        (lambda f: widgets.time_import(f), "time import"),
        (lambda f: widgets.Form([ipw.Text(value="data analyst")], what="search"), "search"),
    ],
)
def test_a_form_says_run_this_cell(alex: Path, make, what: str) -> None:
    form = make(alex)
    bundle = form._repr_mimebundle_()
    assert bundle["text/plain"] == f"{what}: run this cell to show the form"
    assert not any(raw in bundle["text/plain"] for raw in RAW)
    # the live widget is still there for a front end that has the widget manager
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == form.model_id


def test_the_dashboards_say_run_this_cell(cohort) -> None:
    board = widgets.threshold_dashboard(cohort, as_of="2026-11-15")
    assert _plain(board) == "attention dashboard: run this cell to show the form"


def test_the_import_preview_shows_each_row_with_its_rule_and_how_to_change_the_zone(
    alex: Path, tmp_path: Path
) -> None:
    export = tmp_path / "week.ics"
    export.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1@x\nDTSTART:20261124T170000Z\n"
        "DTEND:20261124T183000Z\nSUMMARY:Mock interview\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - match: {text: interview}\n    set: {category: job_search, goal: G1}\n"
    )
    form = widgets.time_import(alex, files=[export], rules=rules)
    form.preview_button.click()
    page = form.preview.value
    for header in ("date", "hours", "category", "goal", "milestone", "action", "rule", "zone"):
        assert f"<th>{header}</th>" in page
    assert "<td>rules[0]</td>" in page and "<td>job_search</td>" in page and "<td>G1</td>" in page
    # no zone given and none in roadmap.yaml: where to set one is said beside the preview
    assert "type it in the Time zone box above" in page
    form.tz.value = "America/New_York"
    form.preview_button.click()
    assert "<td>America/New_York</td>" in form.preview.value
    assert "Time zone box above" not in form.preview.value  # chosen: nothing to say


NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_show_a_short_text_where_a_form_will_appear(path: Path) -> None:
    """Opened before Run All (no widget state is committed), a form's output is its text:
    "... run this cell to show the form", never ``VBox(children=(Text(...``."""
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    shown = [
        "".join(out["data"]["text/plain"])
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for out in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in out.get("data", {})
    ]
    # tqdm's progress bar says what it counted ("loading people: 100%"), which is fine
    forms = [text for text in shown if "loading people" not in text]
    raw = [text for text in forms if not text.endswith(": run this cell to show the form")]
    assert not raw, f"{path.name} shows widget reprs: {raw}"
