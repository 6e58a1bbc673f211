"""The coach's dashboard, driven headless: date, thresholds, group, person, folder, notes.

What the table should hold is computed independently: ``metrics.cohort_summary`` at the
date, ``metrics.reflag`` with the thresholds, plain pandas for the group; the table's people
are compared by pseudonym (from ``privacy.pseudonym``), its numbers with the summary's.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

import careermap
from careermap.metrics import Thresholds, cohort_summary, reflag
from careermap.share.privacy import pseudonym
from careermap.store import coach
from careermap.widgets import CoachDashboard, coach_dashboard

AS_OF = "2026-11-15"


@pytest.fixture(scope="module")
def board() -> CoachDashboard:
    return coach_dashboard(as_of=AS_OF)


def _expected(m, as_of, thresholds: dict, group: str | None = None) -> pd.DataFrame:
    summary = cohort_summary(m, as_of=as_of)
    flagged = reflag(summary, thresholds)
    if group is not None:
        flagged = flagged[flagged["group"] == group]
    return flagged


def _people(board: CoachDashboard) -> set[str]:
    return set(board.table_frame["person"])


def test_opens_on_the_demo_with_the_flagged_people_first(board, cohort):
    expected = _expected(cohort, AS_OF, {})
    flagged = expected[expected["needs_attention"]]
    assert board.headline_text == f"{len(flagged)} of 30 people need attention as of {AS_OF}"
    assert _people(board) == {pseudonym(p) for p in flagged["person_id"]}
    # most reasons first
    counts = board.table_frame["reasons"].str.count("; ") + 1
    assert counts.is_monotonic_decreasing
    # no real name anywhere in the table's HTML
    assert not any(name in board.table.value for name in cohort.people["name"])


def test_table_numbers_are_the_summary_in_coach_units(board, cohort):
    summary = cohort_summary(cohort, as_of=AS_OF).set_index("person_id")
    by_label = {pseudonym(p): p for p in summary.index}
    for row in board.table_frame.itertuples(index=False):
        s = summary.loc[by_label[row[0]]]
        assert row[board.table_frame.columns.get_loc("progress %")] == pytest.approx(
            round(s["progress_pct"], 1)
        )
        days = row[board.table_frame.columns.get_loc("days since last log")]
        assert days == s["days_since_last_log"]
        assert row[board.table_frame.columns.get_loc("reasons")] == "; ".join(s["reasons"])
    assert "days since last log" in board.table.value and "data-sort" in board.table.value


def test_threshold_change_reflags(cohort):
    board = coach_dashboard(as_of=AS_OF)
    board.inactive_days.value = 90
    board.overdue_milestones.value = 5
    expected = _expected(cohort, AS_OF, {"inactive_days": 90, "overdue_milestones": 5})
    assert _people(board) == {
        pseudonym(p) for p in expected.loc[expected["needs_attention"], "person_id"]
    }
    assert board.thresholds.inactive_days == 90
    assert board.thresholds == Thresholds(inactive_days=90, overdue_milestones=5)


def test_date_change_recomputes(cohort):
    board = coach_dashboard(as_of=AS_OF)
    board.as_of.value = dt.date(2026, 6, 1)
    expected = _expected(cohort, "2026-06-01", {})
    flagged = expected[expected["needs_attention"]]
    assert board.headline_text.startswith(f"{len(flagged)} of 30 people")
    assert board.headline_text.endswith("as of 2026-06-01")
    assert _people(board) == {pseudonym(p) for p in flagged["person_id"]}


def test_group_filter_and_stable_colours(cohort):
    board = coach_dashboard(as_of=AS_OF)
    board.tabs.selected_index = 0  # at a glance
    colours = {
        t.name: t.marker.color for t in board.distribution_chart.figure.data if t.type == "box"
    }
    board.group.value = "design"
    expected = _expected(cohort, AS_OF, {}, group="design")
    assert _people(board) == {
        pseudonym(p) for p in expected.loc[expected["needs_attention"], "person_id"]
    }
    assert board.headline_text.startswith(f"{int(expected['needs_attention'].sum())} of 9 ")
    fig = board.distribution_chart.figure
    boxes = [t for t in fig.data if t.type == "box"]
    assert {t.name for t in boxes} == {"design"}
    assert all(t.marker.color == colours["design"] for t in boxes)
    # the thresholds are drawn as lines on the distributions
    lines = [s for s in fig.layout.shapes if s.line.color == "#D55E00" or s.line.width == 2]
    assert {round(s.x0, 2) for s in lines} >= {30.0, 2.0, 0.25}


def test_person_drill_down_is_lazy_and_shows_four_charts(board, cohort):
    assert board.roadmap_chart.figure is None  # nothing computed before a pick
    pid = "p002-yuki-zhou"
    board.person.value = pid
    for view in (board.roadmap_chart, board.burndown_chart, board.time_chart, board.gap_chart):
        assert view.figure is not None and len(view.figure.data) > 0
    assert pseudonym(pid) in board.person_status.value
    assert "Yuki" not in board.person_status.value
    board.person.value = ""
    assert board.roadmap_chart.figure is None


def test_heatmap_and_time_mix_on_their_tabs(board, cohort):
    board.tabs.selected_index = 3
    heat = board.heatmap_chart.figure
    assert heat.data[0].type == "heatmap" and len(heat.data[0].y) >= 1
    board.tabs.selected_index = 4
    mix = board.time_mix_chart.figure
    assert {t.type for t in mix.data} == {"box"}


def test_downloads_and_report(board):
    assert board.downloads.value.count("data:") == 2
    assert 'download="careermap-kpis-2026-11-15.xlsx"' in board.downloads.value
    page = board.prepare_report()
    assert page.startswith(b"<!DOCTYPE html>") and b"Yuki Zhou" not in page
    assert 'data-careermap-download="html"' in board.report_link.value


def test_warnings_in_words(board):
    assert len(board.warning_lines) == 2
    assert all("no skill/knowledge ratings" in line for line in board.warning_lines)
    assert "mateo" not in " ".join(board.warning_lines).lower()  # pseudonyms, not folder names


def test_bad_folder_keeps_the_cohort_and_says_why(tmp_path):
    board = coach_dashboard(as_of=AS_OF)
    before = board.headline_text
    assert board.load(tmp_path / "nowhere") is False
    assert "does not exist" in board.load_text
    assert board.headline_text == before
    broken = tmp_path / "broken"
    (broken / "ann").mkdir(parents=True)
    (broken / "ann" / "time_log.csv").write_text("date,hours\n")
    assert board.load(broken) is False
    assert "no roadmap.yaml" in board.load_text.lower() or "roadmap.yaml" in board.load_text


def test_notes_on_a_copy_are_saved_and_the_demo_is_read_only(tmp_path):
    demo = coach_dashboard(as_of=AS_OF)
    assert demo.note.disabled and demo.save_note.disabled
    folder = Path(shutil.copytree(careermap.cohort_path(), tmp_path / "cohort"))
    board = coach_dashboard(folder, as_of=AS_OF, names=True)
    board.person.value = "p002-yuki-zhou"
    assert "Yuki Zhou" in board.person_status.value  # names=True shows names
    board.note.value = "=call after exam week"
    board.store_note()
    assert coach.read_note(folder, "p002-yuki-zhou") == "=call after exam week"
    assert "Saved" in board.note_status.value
    board.person.value = "p003-kofi-rossi"
    assert board.note.value == ""
    board.person.value = "p002-yuki-zhou"
    assert board.note.value == "=call after exam week"
