"""The weekly review form: the same review as the command line, scores saved through the store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import careermap
from careermap import metrics, widgets


def test_the_form_shows_the_metric_and_saves_one_row(alex: Path, sha) -> None:
    form = widgets.weekly_review_form(alex, as_of="2026-11-15")
    # one answer: the text is weekly_review's, with the same defaults as `careermap review`
    expected = metrics.weekly_review(careermap.load(alex), as_of="2026-11-15").to_markdown()
    assert form.review_text == expected
    assert form.review_output.outputs[0]["data"]["text/markdown"] == expected
    assert form._repr_mimebundle_()["text/plain"] == "weekly review: run this cell to show the form"
    before = sha(alex / "reviews.csv")
    form.satisfaction.value, form.motivation.value = 5, 2
    form.confidence.value, form.alignment.value = 4, 1
    form.note.value = "shipped the dashboard"
    change = form.save()
    assert change is not None and form.status.text.startswith("Saved: reviews.csv: added line 16")
    row = careermap.load(alex).reviews.iloc[-1]
    assert row[["satisfaction", "motivation", "confidence", "alignment"]].tolist() == [5, 2, 4, 1]
    assert (row["date"], row["note"]) == (pd.Timestamp("2026-11-15"), "shipped the dashboard")
    assert form.note.value == ""
    form.undo_button.click()
    assert form.status.text.startswith("Undone: reviews.csv")
    assert sha(alex / "reviews.csv") == before


def test_the_bundled_sample_is_refused_and_left_alone(sha) -> None:
    sample = careermap.sample_path()
    before = sha(sample / "reviews.csv")
    form = widgets.weekly_review_form(sample, as_of="2026-11-15")
    assert form.save() is None
    assert form.status.text.startswith("Not saved")
    assert sha(sample / "reviews.csv") == before


def test_both_forms_that_save_a_review_have_the_same_score_controls(alex: Path) -> None:
    """The weekly form and the self-assessment's monthly tab build their sliders in one place."""
    weekly = widgets.weekly_review_form(alex, as_of="2026-11-15")
    monthly = widgets.self_assessment(alex, as_of="2026-11-15")
    for name in ("satisfaction", "motivation", "confidence", "alignment"):
        a, b = getattr(weekly, name), getattr(monthly, name)
        assert (a.description, a.min, a.max, a.value) == (b.description, b.min, b.max, b.value)
        assert (a.min, a.max) == (1, 5)
