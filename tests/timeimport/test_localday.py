"""Local days: zones, clock changes, and the split at midnight (by hand and by property)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careermap.errors import InvalidArgumentError
from careermap.timeimport._localday import (
    day_start,
    resolve_zone,
    split_at_midnight,
    wall_to_utc,
    zone,
)

UTC = dt.UTC
BERLIN = zone("Europe/Berlin")
NEW_YORK = zone("America/New_York")


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (BERLIN, dt.date(2026, 3, 29), 23),
        (BERLIN, dt.date(2026, 10, 25), 25),
        (BERLIN, dt.date(2026, 6, 1), 24),
        (NEW_YORK, dt.date(2026, 3, 8), 23),
        (NEW_YORK, dt.date(2026, 11, 1), 25),
    ],
)
def test_a_whole_local_day_has_its_real_length(tz, day, hours):
    start, end = day_start(day, tz), day_start(day + dt.timedelta(days=1), tz)
    assert split_at_midnight(start, end, tz) == [(day, float(hours))]


def test_an_entry_over_two_midnights_is_split_twice():
    # 22:00 CET on 28 March (21:00Z) to 01:00 CEST on 30 March (29 March 23:00Z)
    pieces = split_at_midnight(_utc(2026, 3, 28, 21), _utc(2026, 3, 29, 23), BERLIN)
    assert pieces == [
        (dt.date(2026, 3, 28), 2.0),
        (dt.date(2026, 3, 29), 23.0),
        (dt.date(2026, 3, 30), 1.0),
    ]


def test_instants_become_the_local_date_they_happen_on():
    # 03:30Z on 3 November is 22:30 EST on 2 November and 04:30 CET on 3 November
    start, end = _utc(2026, 11, 3, 3, 30), _utc(2026, 11, 3, 4, 0)
    assert split_at_midnight(start, end, NEW_YORK) == [(dt.date(2026, 11, 2), 0.5)]
    assert split_at_midnight(start, end, BERLIN) == [(dt.date(2026, 11, 3), 0.5)]


def test_skipped_and_repeated_wall_times():
    assert wall_to_utc(dt.datetime(2026, 3, 29, 2, 30), BERLIN) == _utc(2026, 3, 29, 1, 30)
    assert wall_to_utc(dt.datetime(2026, 10, 25, 2, 30), BERLIN) == _utc(2026, 10, 25, 0, 30)
    assert wall_to_utc(dt.datetime(2026, 10, 25, 2, 30), BERLIN, fold=1) == _utc(
        2026, 10, 25, 1, 30
    )


def test_zone_resolution_order(monkeypatch):
    assert resolve_zone("Asia/Tokyo", "Europe/Berlin") == (zone("Asia/Tokyo"), "tz argument")
    assert resolve_zone(None, "Europe/Berlin") == (BERLIN, "roadmap.yaml person.timezone")
    monkeypatch.setenv("TZ", "America/New_York")
    assert resolve_zone(None, None) == (NEW_YORK, "this machine's time zone")
    with pytest.raises(InvalidArgumentError, match=r"person\.timezone must be an IANA"):
        resolve_zone(None, "CET+1")


@pytest.mark.parametrize("name", ["Mars/Olympus", "../etc/passwd", "/usr/share/zoneinfo/UTC", ""])
def test_only_zone_names_are_zones(name):
    with pytest.raises(InvalidArgumentError, match="IANA time zone name"):
        zone(name)


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 31)),
    seconds=st.integers(min_value=1, max_value=4 * 24 * 3600),
    name=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]),
)
def test_pieces_add_up_and_fit_their_days(start, seconds, name):
    tz = zone(name)
    begin = start.replace(microsecond=0, tzinfo=UTC)
    end = begin + dt.timedelta(seconds=seconds)
    pieces = split_at_midnight(begin, end, tz)
    days = [d for d, _ in pieces]
    assert days == sorted(set(days))
    assert days[0] == begin.astimezone(tz).date()
    # one piece per local date touched, in order, none skipped
    assert all((b - a).days == 1 for a, b in itertools.pairwise(days))
    for day, hours in pieces:
        length = (day_start(day + dt.timedelta(days=1), tz) - day_start(day, tz)).total_seconds()
        assert 0 < hours <= round(length / 3600, 4)
    assert abs(sum(h for _, h in pieces) - seconds / 3600) <= 1e-4 * len(pieces)
