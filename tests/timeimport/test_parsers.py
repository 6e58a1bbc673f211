"""The value parsers of CSV exports: every written value reads back (hypothesis), and only those."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careermap.timeimport import detect_format
from careermap.timeimport._csvfile import (
    parse_date,
    parse_decimal_hours,
    parse_duration,
    parse_time,
    possible_orders,
)

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
times = st.times().map(lambda t: t.replace(microsecond=0))


@given(dates, st.sampled_from(["/", "-", "."]))
def test_dates_read_back_in_every_layout(day, sep):
    assert parse_date(day.isoformat(), None) == day
    assert parse_date(f"{day:%d}{sep}{day:%m}{sep}{day:%Y}", "dmy") == day
    assert parse_date(f"{day:%m}{sep}{day:%d}{sep}{day:%Y}", "mdy") == day
    # a day above 12 can only be read one way
    text = f"{day:%d}/{day:%m}/{day:%Y}"
    assert (day.day > 12) <= (possible_orders(text) == {"dmy"})


@given(times)
def test_24_and_12_hour_times_read_back(clock):
    assert parse_time(clock.strftime("%H:%M:%S")) == clock
    assert parse_time(clock.strftime("%I:%M:%S %p")) == clock
    assert parse_time(clock.strftime("%I:%M %p").lower()) == clock.replace(second=0)


@given(st.integers(min_value=0, max_value=999 * 3600 + 3599))
def test_durations_read_back_to_the_second(seconds):
    h, rest = divmod(seconds, 3600)
    text = f"{h:02d}:{rest // 60:02d}:{rest % 60:02d}"
    assert parse_duration(text) == dt.timedelta(seconds=seconds)
    assert parse_decimal_hours(f"{seconds / 3600:.6f}") == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text", ["2026-02-29", "2026-13-01", "2026/4/31", "31/02/2026", "1/2/26", "soon", ""]
)
def test_impossible_dates_are_none(text):
    assert parse_date(text, "dmy") is None and parse_date(text, "mdy") is None


@pytest.mark.parametrize("text", ["24:00", "12:60", "13:00 PM", "00:30 AM", "7pm", "9.30", ""])
def test_impossible_times_are_none(text):
    assert parse_time(text) is None


@pytest.mark.parametrize("text", ["1:60:00", "01:30:5", "-01:00:00", "1h30m", "1.5", ""])
def test_impossible_durations_are_none(text):
    assert parse_duration(text) is None


@given(st.text(max_size=80))
def test_format_detection_never_fails(text):
    assert detect_format(text) in (None, "toggl", "clockify", "ical")
