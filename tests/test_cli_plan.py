"""``careermap review`` and ``careermap calendar``: scripted and asked scores, errors, the
Markdown review, the calendar file parsed back, re-exported, and imported back."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import pytest
import recurring_ical_events

import careermap
from careermap import store
from careermap.cli import main
from careermap.demo import generate_cohort

SCORES = ["--satisfaction", "4", "--motivation", "3", "--confidence", "5", "--alignment", "2"]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".careermap")
    }


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


# -- careermap review ---------------------------------------------------------------------


def test_review_with_scores_as_options_saves_one_row(small_map, capsys):
    before = (small_map / "reviews.csv").read_bytes()
    code = main(["review", "--map", str(small_map), "--as-of", "2025-04-05", *SCORES,
                 "--note", "good, busy week"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Weekly review: Sam Lee, 2025-04-05\n")
    assert "Since your last review on 2025-02-28 (36 days)." in out
    assert "Well done: 1 milestone reached (M1 SQL course)." in out
    assert "reviews.csv: added line 4" in out and "undo --map" in out
    after = (small_map / "reviews.csv").read_bytes()
    assert after == before + b'2025-04-05,4,3,5,2,"good, busy week"\n'
    row = careermap.load(small_map).reviews.iloc[-1]
    assert (row["date"], row["satisfaction"], row["alignment"], row["note"]) == (
        pd.Timestamp("2025-04-05"),
        4,
        2,
        "good, busy week",
    )
    assert main(["undo", "--map", str(small_map)]) == 0
    assert (small_map / "reviews.csv").read_bytes() == before


def test_review_asks_for_the_scores_it_was_not_given(small_map, capsys, monkeypatch):
    _stdin(monkeypatch, "3\n9\nfour\n4\n5\n\n")
    code = main(["review", "--map", str(small_map), "--as-of", "2025-04-05",
                 "--satisfaction", "2"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "Motivation (1-5): " in captured.out and "Satisfaction (1-5)" not in captured.out
    assert "confidence must be a whole number from 1 to 5; got '9'" in captured.err
    assert "got 'four'" in captured.err
    assert (small_map / "reviews.csv").read_text().endswith("2025-04-05,2,3,4,5,\n")


def test_review_without_answers_writes_nothing(small_map, capsys, monkeypatch):
    _stdin(monkeypatch, "4\n")
    before = _digest(small_map)
    code = main(["review", "--map", str(small_map), "--as-of", "2025-04-05"])
    err = capsys.readouterr().err
    assert code == 1
    assert "no answer for motivation: give --motivation N (a whole number from 1 to 5)" in err
    assert "Traceback" not in err
    assert _digest(small_map) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--satisfaction", "0", "--motivation", "x"],
         "--satisfaction must be a whole number from 1 to 5; got '0'; "
         "--motivation must be a whole number from 1 to 5; got 'x'"),
        (["--confidence", "4.5"], "--confidence must be a whole number from 1 to 5; got '4.5'"),
        (["--as-of", "15/11/2026"], "--as-of must be a date like 2026-11-15 (YYYY-MM-DD); "
                                    "got '15/11/2026'"),
        (["--since", "2025-05-01", "--as-of", "2025-04-05"],
         "since must be on or before as_of (2025-04-05); got 2025-05-01"),
    ],
)  # fmt: skip
def test_review_bad_options_name_the_option_and_write_nothing(small_map, capsys, args, message):
    before = _digest(small_map)
    assert main(["review", "--map", str(small_map), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert _digest(small_map) == before


def test_review_refuses_a_cohort_and_the_bundled_sample(tmp_path, capsys):
    cohort = generate_cohort(tmp_path / "cohort", people=2, seed=3)
    assert main(["review", "--map", str(cohort), *SCORES]) == 1
    assert "is a cohort folder; give one person's map folder" in capsys.readouterr().err
    sample = careermap.sample_path()
    before = _digest(sample)
    assert main(["review", "--map", str(sample), "--as-of", "2026-11-15", *SCORES]) == 1
    err = capsys.readouterr().err
    assert err.startswith("careermap: ") and "Traceback" not in err
    assert _digest(sample) == before


def test_review_no_save_asks_nothing_and_writes_nothing(small_map, capsys, monkeypatch):
    _stdin(monkeypatch, "")
    before = _digest(small_map)
    assert main(["review", "--map", str(small_map), "--as-of", "2025-04-05", "--no-save"]) == 0
    assert "## Goal most at risk" in capsys.readouterr().out
    assert _digest(small_map) == before


def test_review_out_is_pseudonymised_unless_names(small_map, tmp_path, capsys):
    out = tmp_path / "review.md"
    args = ["review", "--map", str(small_map), "--since", "2025-01-15", "--as-of", "2025-04-05",
            *SCORES, "--note", "private thoughts", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    assert "(a pseudonym, notes left out)" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    from careermap.share import privacy

    pseudonym = privacy.pseudonym("sam-lee")
    assert text.startswith(f"# Weekly review: {pseudonym}, 2025-04-05\n")
    assert "Sam Lee" not in text and "private thoughts" not in text
    assert "flu" not in text  # the reschedule's reason is a note
    assert "M1 SQL course: rescheduled to 2025-03-31 (was 2025-03-01)" in text
    assert "- Satisfaction: 4 of 5\n- Motivation: 3 of 5\n" in text
    named = tmp_path / "named.md"
    args = ["review", "--map", str(small_map), "--since", "2025-01-15", "--as-of", "2025-04-05",
            "--no-save", "--out", str(named), "--names", "--notes"]  # fmt: skip
    assert main(args) == 0
    text = named.read_text(encoding="utf-8")
    assert text.startswith("# Weekly review: Sam Lee, 2025-04-05\n") and "(flu)" in text


def test_review_out_to_a_folder_is_refused_first(small_map, tmp_path, capsys):
    before = _digest(small_map)
    assert main(["review", "--map", str(small_map), *SCORES, "--out", str(tmp_path)]) == 1
    assert "it is a folder; give a file name" in capsys.readouterr().err
    assert _digest(small_map) == before


def test_the_terminal_prints_the_metric(small_map, capsys):
    """One answer: the command prints weekly_review's own text, nothing of its own."""
    from careermap import metrics

    assert main(["review", "--map", str(small_map), "--as-of", "2025-04-05", "--no-save"]) == 0
    expected = metrics.weekly_review(careermap.load(small_map), as_of="2025-04-05").to_markdown()
    assert capsys.readouterr().out == expected + "\n"


# -- careermap calendar -------------------------------------------------------------------


def _export(folder: Path, out: Path, *extra: str) -> bytes:
    args = ["calendar", "--map", str(folder), "--out", str(out), "--tz", "Europe/Berlin",
            "--as-of", "2025-04-05", *extra]  # fmt: skip
    assert main(args) == 0
    return out.read_bytes()


def _without_stamp(data: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:[0-9TZ]+\r\n", b"", data)


def test_calendar_events_parse_back(small_map, tmp_path, capsys):
    data = _export(small_map, tmp_path / "plan.ics")
    assert "wrote" in capsys.readouterr().out
    cal = icalendar.Calendar.from_ical(data)
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == sorted([
        "sam-lee.milestone.M1@careermap", "sam-lee.milestone.M2@careermap",
        "sam-lee.milestone.M3@careermap", "sam-lee.action.A1@careermap",
        "sam-lee.review.weekly@careermap",
    ])  # fmt: skip
    m1 = events["sam-lee.milestone.M1@careermap"]
    assert m1["DTSTART"].dt == dt.date(2025, 3, 31)  # all-day, the target after the reschedule
    assert m1["DTEND"].dt == dt.date(2025, 4, 1)
    assert str(m1["SUMMARY"]) == "Done: Milestone M1: SQL course"
    assert str(events["sam-lee.milestone.M3@careermap"]["STATUS"]) == "CONFIRMED"
    later = _export(small_map, tmp_path / "later.ics", "--as-of", "2025-06-01")
    dropped = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(later).walk("VEVENT")}
    assert str(dropped["sam-lee.milestone.M3@careermap"]["STATUS"]) == "CANCELLED"  # 1 May
    m2 = events["sam-lee.milestone.M2@careermap"]
    assert (m2["DTSTART"].dt, str(m2["STATUS"])) == (dt.date(2025, 6, 30), "CONFIRMED")
    assert events["sam-lee.action.A1@careermap"]["DTSTART"].dt == dt.date(2025, 2, 15)
    for e in events.values():
        assert str(e["X-CAREERMAP-PLAN"]) in {"milestone", "action", "review"}
    review = events["sam-lee.review.weekly@careermap"]
    assert review["DTSTART"].params["TZID"] == "Europe/Berlin"
    # the review: every Sunday at 17:00 Berlin time from the first Sunday on or after the start
    # (6 Jan 2025 is a Monday), 30 minutes, also across the clock change of 30 March
    berlin = ZoneInfo("Europe/Berlin")
    found = recurring_ical_events.of(cal).between(dt.date(2025, 3, 20), dt.date(2025, 4, 10))
    slots = sorted((e["DTSTART"].dt, e["DTEND"].dt) for e in found if "review" in str(e["UID"]))
    expected = [dt.datetime(2025, 3, d, 17, 0, tzinfo=berlin) for d in (23, 30)]
    expected.append(dt.datetime(2025, 4, 6, 17, 0, tzinfo=berlin))
    assert [s for s, _ in slots] == expected
    assert {e - s for s, e in slots} == {dt.timedelta(minutes=30)}
    assert [s.utcoffset() for s, _ in slots] == [dt.timedelta(hours=h) for h in (1, 2, 2)]
    first = recurring_ical_events.of(cal).between(dt.date(2025, 1, 1), dt.date(2025, 1, 20))
    assert sorted(e["DTSTART"].dt.date() for e in first if "review" in str(e["UID"])) == [
        dt.date(2025, 1, 12), dt.date(2025, 1, 19)
    ]  # fmt: skip


def test_review_slot_options(small_map, tmp_path):
    data = _export(small_map, tmp_path / "plan.ics", "--review-day", "friday", "--review-time",
                   "08:30", "--review-minutes", "45")  # fmt: skip
    review = next(
        e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if str(e["UID"]).startswith("sam-lee.review")
    )  # fmt: skip
    assert review["RRULE"]["BYDAY"] == ["FR"]
    assert review["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2025, 1, 10, 8, 30)
    assert review["DTEND"].dt - review["DTSTART"].dt == dt.timedelta(minutes=45)


def test_re_export_is_idempotent_and_updates_the_same_events(small_map, tmp_path):
    first = _export(small_map, tmp_path / "a.ics")
    again = _export(small_map, tmp_path / "b.ics")
    assert _without_stamp(first) == _without_stamp(again)
    store.reschedule(small_map, "M2", "2025-08-31", on="2025-04-01", reason="more charts")
    moved = _export(small_map, tmp_path / "c.ics")

    def by_uid(data):
        return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    old, new = by_uid(first), by_uid(moved)
    assert sorted(old) == sorted(new)  # the same events, none added
    assert new["sam-lee.milestone.M2@careermap"]["DTSTART"].dt == dt.date(2025, 8, 31)
    assert old["sam-lee.milestone.M2@careermap"]["DTSTART"].dt == dt.date(2025, 6, 30)
    # its revision goes up, so a calendar takes the new one as newer; M1 (rescheduled once,
    # done) stays as it was
    assert (
        old["sam-lee.milestone.M2@careermap"]["SEQUENCE"],
        new["sam-lee.milestone.M2@careermap"]["SEQUENCE"],
    ) == (0, 1)
    assert old["sam-lee.milestone.M1@careermap"]["SEQUENCE"] == 2
    assert new["sam-lee.milestone.M1@careermap"]["SEQUENCE"] == 2


def test_importing_the_calendar_back_logs_no_hours(small_map, tmp_path, capsys):
    plan = tmp_path / "plan.ics"
    _export(small_map, plan)
    before = _digest(small_map)
    code = main(["import", str(plan), "--map", str(small_map), "--tz", "Europe/Berlin"])
    out = capsys.readouterr().out
    assert code == 0
    assert "nothing new to import" in out
    assert _digest(small_map) == before
    # the marker is what keeps the timed review slots out: without it they would be hours
    unmarked = tmp_path / "unmarked.ics"
    unmarked.write_bytes(re.sub(rb"X-CAREERMAP-PLAN:[a-z]+\r\n", b"", plan.read_bytes()))
    from careermap.timeimport import plan_import

    would = plan_import(small_map, [unmarked], tz="Europe/Berlin")
    assert len(would.rows) > 0 and set(would.rows["hours"]) == {0.5}
    kept_out = plan_import(small_map, [plan], tz="Europe/Berlin").skipped
    assert kept_out["reason"].str.startswith("careermap's own plan (X-CAREERMAP-PLAN").all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--review-day", "funday"], "--review-day must be one of mon, tue, wed, thu, fri, sat, "
                                     "sun (or the weekday's full name); got 'funday'"),
        (["--review-time", "25:00"], "--review-time must be a time of day like 17:00 (HH:MM, "
                                     "24-hour); got '25:00'"),
        (["--review-minutes", "0"], "--review-minutes must be a whole number of minutes from 1 "
                                    "to 1440; got '0'"),
        (["--tz", "Mars/Base"], "--tz must be an IANA time zone name"),
        (["--as-of", "2025-13-01"], "--as-of must be a date like 2026-11-15"),
    ],
)  # fmt: skip
def test_calendar_bad_options(small_map, tmp_path, capsys, args, message):
    out = tmp_path / "plan.ics"
    assert main(["calendar", "--map", str(small_map), "--out", str(out), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()
