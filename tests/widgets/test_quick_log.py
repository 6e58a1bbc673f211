"""The quick log, built and driven headless: set values, click, check the files."""

from __future__ import annotations

import datetime as dt

import pytest

from careermap.widgets import QuickLog, quick_log


@pytest.fixture
def log(alex):
    return quick_log(alex, as_of="2026-11-16")


def values(dropdown):
    return [v for _, v in dropdown.options]


def tail(path):
    return path.read_text(encoding="utf-8").splitlines()[-1]


def test_pickers_are_filled_from_the_map_and_follow_each_other(log):
    assert isinstance(log, QuickLog)
    assert values(log.goal) == [None, "G1", "G2", "G3"]
    assert values(log.pick) == ["M5", "M9", "M11", "M12", "M15", "M16", "M17"]  # open ones
    log.goal.value = "G2"
    assert values(log.milestone) == [None, "M7", "M8", "M9", "M11", "M12"]  # M10 was dropped
    log.milestone.value = "M9"
    assert values(log.action) == [None, "A18", "A19"]
    log.goal.value = "G3"
    assert log.milestone.value is None and values(log.action) == [None]
    assert (
        log.progress_metric.value == "<i>interviews completed, target 6; last 3 on 2026-10-31</i>"
    )


def test_logging_time_and_the_24_hour_rule(log, alex, sha):
    log.goal.value, log.milestone.value, log.action.value = "G2", "M9", "A19"
    log.hours.value, log.category.value, log.note.value = 2.5, "practice", "ARIMA baseline"
    log.save_button.click()
    assert tail(alex / "time_log.csv") == "2026-11-16,2.5,practice,G2,M9,A19,ARIMA baseline"
    assert log.status.text.splitlines()[0] == "Saved: time_log.csv: added line 314"
    assert log.day_total.value == "<i>2.5 h already logged that day</i>"
    assert log.note.value == ""
    before = sha(alex / "time_log.csv")
    log.hours.value = 22
    log.save_button.click()
    assert sha(alex / "time_log.csv") == before
    assert log.status.text.splitlines()[1] == (
        "time_log.csv, line 315, hours: 24.5 -> the hours logged on 2026-11-16 add up to "
        "24.5 (lines 314, 315); a day holds at most 24"
    )


def test_milestones_are_marked_done_rescheduled_and_dropped(log, alex):
    road = alex / "roadmap.yaml"
    log.pick.value = "M9"
    log.done_button.click()
    assert log.status.text == "Saved: roadmap.yaml: M9 done on 2026-11-16"
    assert "M9" not in values(log.pick)
    log.pick.value = "M15"
    log.reschedule_button.click()
    assert log.status.text == "Pick the new target date first"
    log.new_target.value = dt.date(2026, 12, 31)
    log.reason.value = "club paused in summer"
    log.reschedule_button.click()
    text = road.read_text()
    assert "        target: 2026-12-31        # overdue: two speeches still to give\n" in text
    assert (
        "        reschedules: [{on: 2026-11-16, from: 2026-08-31, reason: club paused in summer}]"
        in text
    )
    log.pick.value = "M12"
    log.drop_button.click()
    assert log.status.text == "Saved: roadmap.yaml: M12 dropped on 2026-11-16"
    assert "        dropped: 2026-11-16" in road.read_text().splitlines()


def test_goal_progress_is_recorded_and_refused_when_invalid(log, alex, sha):
    log.progress_goal.value = "G1"
    log.progress_value.value = 4
    log.progress_button.click()
    assert tail(alex / "goal_progress.csv") == "2026-11-16,G1,4"
    assert "last 4 on 2026-11-16" in log.progress_metric.value
    before = sha(alex / "goal_progress.csv")
    log.progress_date.value = None
    log.progress_button.click()
    assert log.status.text.startswith("Not saved: goal_progress.csv: the new row was not written")
    assert sha(alex / "goal_progress.csv") == before


def test_thirty_hours_is_refused_with_a_message_not_turned_into_24(log, alex, sha):
    before = sha(alex / "time_log.csv")
    log.hours.value = 30
    assert log.hours.value == 30  # kept as typed
    assert log.status.text == (
        "30 hours cannot be logged: one entry is more than 0 and at most 24 hours; "
        "correct it before saving"
    )
    log.save_button.click()
    assert sha(alex / "time_log.csv") == before
    assert log.status.text.startswith("Not saved: ")
    assert "hours: 30" in log.status.text and "<= 24" in log.status.text
    log.hours.value = 0
    assert log.status.text.startswith("0 hours cannot be logged")
    log.hours.value = 2  # corrected: the warning goes
    assert log.status.text == ""
