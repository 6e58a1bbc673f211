"""The import form: preview first, import once, undo, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt

import careermap
from careermap import store, widgets

EXAMPLES = careermap.sample_exports_path()
CALENDAR = EXAMPLES / "calendar.ics"
RULES = EXAMPLES / "rules.yaml"


def test_preview_then_import_then_undo(alex, sha):
    before = sha(alex / "time_log.csv")
    form = widgets.time_import(alex, files=[CALENDAR], rules=RULES, tz="America/New_York")
    assert form.import_button.disabled
    form.preview_button.click()
    assert form.status.text == "Preview: 4 rows to add; nothing written yet"
    assert sha(alex / "time_log.csv") == before
    assert "2026-11-03" in form.preview.value and "Thanksgiving" in form.preview.value
    assert not form.import_button.disabled
    form.import_button.click()
    assert form.status.text == "Saved: time_log.csv: added lines 314-317 (4 rows, 5.5 h)"
    assert form.import_button.disabled
    form.preview_button.click()
    assert form.status.text == "Nothing new to import: every entry is already in the log"
    assert form.import_button.disabled
    form.undo_button.click()
    assert sha(alex / "time_log.csv") == before


def test_an_uploaded_file_is_read_like_a_path(alex):
    form = widgets.time_import(alex, tz="America/New_York")
    form.upload.value = (
        {
            "name": "../../calendar.ics",
            "type": "text/calendar",
            "size": CALENDAR.stat().st_size,
            "content": memoryview(CALENDAR.read_bytes()),
            "last_modified": dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
        },
    )
    [path] = form.files()
    assert path.name == "calendar.ics" and path.parent.name.startswith("careermap-upload-")
    assert form.show_preview().rows["hours"].sum() == 5.5


def test_problems_are_shown_and_nothing_can_be_imported(alex, tmp_path, sha):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
        "End time,Duration,Tags,Amount (USD)\n"
        "Alex,a@x,,SQL,,x,No,2026-11-20,19:00:00,2026-11-20,20:00:00,an hour,,\n",
        encoding="utf-8",
    )
    before = sha(alex / "time_log.csv")
    form = widgets.time_import(alex, files=[bad], tz="America/New_York")
    form.preview_button.click()
    assert form.status.text.splitlines()[0] == "Not saved: nothing was imported"
    assert "line 2, Duration: 'an hour'" in form.status.text
    assert form.import_button.disabled
    form.import_button.click()
    assert sha(alex / "time_log.csv") == before
    assert store.history(alex).empty


def test_changing_an_option_after_the_preview_asks_for_a_new_preview(alex):
    form = widgets.time_import(alex, files=[CALENDAR], tz="America/New_York")
    form.preview_button.click()
    assert not form.import_button.disabled
    form.tz.value = "Europe/Berlin"
    assert form.import_button.disabled
