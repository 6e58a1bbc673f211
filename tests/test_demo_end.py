"""``careermap demo --end DATE``: the demo's data ends on the day given, by default today.

The reference for "today" is Python's own ``datetime.date.today()`` (the clock unpinned) or
the day ``CAREERMAP_TODAY`` pins; the dates are read back from the written CSV files with
plain pandas, not through careermap.
"""

from __future__ import annotations

import datetime as dt
import filecmp
from pathlib import Path

import pandas as pd
import pytest

import careermap
from careermap.cli import main
from careermap.demo import SPAN_DAYS, demo_dates
from careermap.metrics import cohort_summary


def log_dates(folder: Path) -> pd.Series:
    """Every date in every CSV log of the cohort (plain pandas)."""
    frames = [pd.read_csv(f, usecols=["date"]) for f in sorted(folder.glob("*/*.csv"))]
    return pd.to_datetime(pd.concat(frames)["date"]).dt.date


def first_start(folder: Path) -> dt.date:
    text = (folder / "cohort.yaml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("start:"))
    return dt.date.fromisoformat(line.split(":", 1)[1].strip().strip("'\""))


def test_end_gives_the_last_day_of_the_data(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", str(out), "--people", "8", "--end", "2027-03-01"]) == 0
    dates = log_dates(out)
    assert dates.max() <= dt.date(2027, 3, 1)
    assert dates.max() >= dt.date(2027, 3, 1) - dt.timedelta(days=7)  # steady people log weekly
    assert first_start(out) == dt.date(2027, 3, 1) - dt.timedelta(days=SPAN_DAYS)
    assert "2027-03-01" in capsys.readouterr().out


def test_the_default_end_is_today(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREERMAP_TODAY", raising=False)
    out = tmp_path / "demo"
    assert main(["demo", str(out), "--people", "8"]) == 0
    today = dt.date.today()
    dates = log_dates(out)
    assert today - dt.timedelta(days=7) <= dates.max() <= today


def test_a_pinned_clock_is_today(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERMAP_TODAY", "2028-06-30")
    out = tmp_path / "demo"
    assert main(["demo", str(out), "--people", "6"]) == 0
    assert log_dates(out).max() <= dt.date(2028, 6, 30)
    assert demo_dates() == ("2028-06-30", "2027-04-17")  # 366 days to 2027-06-30, 74 more


def test_a_fixed_end_gives_the_same_files_every_time(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert main(["demo", str(out), "--people", "5", "--seed", "2", "--end", "2026-11-15"]) == 0
    names = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert (mismatch, errors) == ([], []) and len(match) == len(names)


def test_the_bundled_demo_is_what_end_2026_11_15_writes(tmp_path):
    """The committed data/cohort (seed 7) is the demo ending on 2026-11-15: the day the
    tests and the notebooks pin, so their outputs do not move."""
    out = tmp_path / "cohort"
    args = ["demo", str(out), "--people", "30", "--seed", "7", "--end", "2026-11-15"]
    assert main(args) == 0
    bundled = careermap.cohort_path()
    names = sorted(str(p.relative_to(bundled)) for p in bundled.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(bundled, out, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_as_of_still_names_the_end(tmp_path):
    out = tmp_path / "demo"
    assert main(["demo", str(out), "--people", "6", "--as-of", "2026-05-31"]) == 0
    assert log_dates(out).max() <= dt.date(2026, 5, 31)


def test_a_demo_ending_today_is_a_realistic_mix_today(tmp_path, monkeypatch):
    """Seen on the day its data ends, most of the demo is active (the planted stalled and
    dropped-out people stand out), not most of it flagged as it is on a stale demo."""
    monkeypatch.delenv("CAREERMAP_TODAY", raising=False)
    out = tmp_path / "demo"
    assert main(["demo", str(out), "--people", "30", "--seed", "7"]) == 0
    s = cohort_summary(careermap.load(out), as_of=dt.date.today())
    inactive = int(s["flag_inactive"].sum())
    assert 2 <= inactive <= 12, inactive
    assert int(s["needs_attention"].sum()) < 25


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday"])
def test_a_bad_end_is_a_clear_error(tmp_path, capsys, bad):
    assert main(["demo", str(tmp_path / "demo"), "--end", bad]) == 1
    # the one date option of every command: names the option, the form and the value
    assert f"--end must be a date like 2026-11-15 (YYYY-MM-DD); got {bad!r}" in (
        capsys.readouterr().err
    )
