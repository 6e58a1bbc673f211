"""notebooks/03-skill-gaps.ipynb runs without errors or warnings on every generated map."""

from __future__ import annotations

import json

import pytest
from _clock import SAMPLE_TODAY
from notebook_runs._matrix import PERSON_MAPS
from notebook_runs._matrix_test import run_on

NOTEBOOK = "03-skill-gaps.ipynb"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(PERSON_MAPS))
def test_runs_cleanly_on(name, kernel, matrix_map, timings):
    run = run_on(kernel, matrix_map(name), name, timings, folder_key="MY_FOLDER")
    # No assessment on or before AS_OF: a plain message in place of the skill history.
    unassessed = name in (
        "first-day",
        "one-goal-no-logs",
        "all-done",
        "all-dropped",
        "before-start",
        "no-assessments",
        "start-in-future",
    )
    said = "No skill assessed yet" in "\n".join(run.texts())
    assert said == unassessed


def test_the_role_picker_on_the_sample(kernel):
    """A rated occupation adds a panel, an unrated one a note, a fourth role is refused
    with a message, "compare it" adds the occupation picked from the search, and a code
    typed in "add a code" is added."""
    check = """
import json
said = {}
def panels():
    return [a.text for a in bars_view.figure.layout.annotations]
role_picker.value = [*targets[:2], "15-1211.00"]
said["rated"] = panels()
role_picker.value = [*targets[:2], "15-1252.00"]
said["unrated_note"] = note.value
role_picker.value = [*targets[:2], "15-1211.00", "13-2011.00"]
said["fourth"] = [list(role_picker.value), note.value]
role_picker.value = targets[:2]
search_box.value = "logisticians"
found_pick.value = found_pick.options[0][1]
compare_button.click()
said["added"] = [list(role_picker.value), found_pick.value]
role_picker.value = targets[:1]
code_box.value = "15-1211.00"
said["typed"] = [list(role_picker.value), code_box.value]
print(json.dumps(said))
"""
    run = kernel.run({"MY_FOLDER": None, "AS_OF": SAMPLE_TODAY}, extra=check)
    assert not run.error, run.error[-3000:]
    said = json.loads(run.texts()[-1])
    # a panel's title is the role's name, then how much of it is assessed
    assert any(t.startswith("Computer Systems Analysts — ") for t in said["rated"])
    assert "15-1252.00" in said["unrated_note"] or "Software Developers" in said["unrated_note"]
    picked, message = said["fourth"]
    assert len(picked) == 3 and "13-2011.00" not in picked
    assert "At most 3 roles" in message and "Accountants" in message
    roles, chosen = said["added"]
    assert chosen == "13-1081.00" and roles[-1] == chosen and len(roles) == 3
    roles, box = said["typed"]
    assert roles[-1] == "15-1211.00" and len(roles) == 2 and box == ""


def test_compare_it_acts_on_the_first_search_result_or_says_why_not(kernel):
    """After a search the best match is picked, so "compare it" adds it at once; pressed
    again, or with three roles, or with nothing found, it says why it added nothing."""
    check = """
import json
said = {}
role_picker.value = targets[:2]
search_box.value = "logisticians"
said["picked"] = found_pick.value
compare_button.click()
said["added"] = [list(role_picker.value), found_note.value]
compare_button.click()
said["again"] = [list(role_picker.value), found_note.value]
search_box.value = "actuaries"
compare_button.click()
said["full"] = [list(role_picker.value), found_note.value]
search_box.value = "zzqxw nothing like it"
said["nothing"] = [compare_button.disabled, compare_button.tooltip, results.value]
print(json.dumps(said))
"""
    run = kernel.run({"MY_FOLDER": None, "AS_OF": SAMPLE_TODAY}, extra=check)
    assert not run.error, run.error[-3000:]
    said = json.loads(run.texts()[-1])
    assert said["picked"] == "13-1081.00"  # Logisticians, picked without a click
    roles, note = said["added"]
    assert roles[-1] == "13-1081.00" and len(roles) == 3 and "Added Logisticians" in note
    roles, note = said["again"]
    assert len(roles) == 3 and "Logisticians is compared already" in note
    roles, note = said["full"]
    assert "15-2011.00" not in roles and "At most 3 roles" in note and "Actuaries" in note
    disabled, tooltip, table = said["nothing"]
    assert disabled and "nothing to compare" in tooltip and "no occupation matches" in table
