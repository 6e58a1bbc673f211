"""Local days: which time zone counts, wall times to instants, entries split at midnight.

Hours are counted on the person's local date. An instant is turned into a local date with
:mod:`zoneinfo` (the IANA database, from the OS or the ``tzdata`` package), so days on which
the clocks change have 23 or 25 hours, and an entry that crosses local midnight is split there.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from careermap._dates import time_zone
from careermap.errors import InvalidArgumentError

UTC = dt.UTC
_ZONEINFO_DIRS = ("/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/")


def zone(name: str | ZoneInfo, *, what: str = "tz") -> ZoneInfo:
    """The IANA time zone ``name`` (``"Europe/Berlin"``), or an error naming what is accepted.

    >>> zone("America/New_York").key
    'America/New_York'
    """
    found = time_zone(name)
    if found is not None:
        return found
    text = str(name).strip()
    near = sorted(z for z in available_timezones() if text and text.lower() in z.lower())[:5]
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise InvalidArgumentError(
        f"{what} must be an IANA time zone name such as Europe/Berlin or America/New_York; "
        f"got {text!r}{hint}"
    )


def machine_zone() -> ZoneInfo | None:
    """The IANA zone this machine is set to (``TZ``, ``/etc/localtime``), or None if unknown.

    A fixed UTC offset is not enough here: it would count the hours of every day after a
    daylight-saving change on the wrong date, so only a named zone is returned.
    """
    env = os.environ.get("TZ", "").lstrip(":")
    candidates = [env] if env else []
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    for prefix in _ZONEINFO_DIRS:
        if target.startswith(prefix):
            candidates.append(target.removeprefix(prefix))
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8", errors="replace").strip())
    for name in candidates:
        try:
            return zone(name)
        except InvalidArgumentError:
            continue
    return None


def resolve_zone(tz: str | ZoneInfo | None, person_zone: str | None) -> tuple[ZoneInfo, str]:
    """The zone that counts and where it came from: ``tz``, the roadmap, else the machine.

    >>> resolve_zone("Asia/Tokyo", "Europe/Berlin")
    (zoneinfo.ZoneInfo(key='Asia/Tokyo'), 'tz argument')
    >>> resolve_zone(None, "Europe/Berlin")[1]
    'roadmap.yaml person.timezone'
    """
    if tz is not None and str(tz).strip():
        return zone(tz), "tz argument"
    if person_zone:
        return zone(person_zone, what="person.timezone"), "roadmap.yaml person.timezone"
    here = machine_zone()
    if here is None:
        raise InvalidArgumentError(
            "cannot tell which time zone your days are in: this machine names no IANA zone; "
            "pass --tz (such as --tz Europe/Berlin) or set person.timezone in roadmap.yaml"
        )
    return here, "this machine's time zone"


def wall_to_utc(wall: dt.datetime, tz: ZoneInfo, *, fold: int = 0) -> dt.datetime:
    """A local wall-clock time as a UTC instant.

    A time the clocks skipped (02:30 on a spring-forward night) is read with the offset
    before the change, as RFC 5545 says for calendars; a time that happened twice (on the
    night the clocks go back) is its first occurrence unless ``fold=1``.

    >>> berlin = zone("Europe/Berlin")
    >>> wall_to_utc(dt.datetime(2026, 10, 25, 2, 30), berlin).isoformat()
    '2026-10-25T00:30:00+00:00'
    >>> wall_to_utc(dt.datetime(2026, 10, 25, 2, 30), berlin, fold=1).isoformat()
    '2026-10-25T01:30:00+00:00'
    """
    return wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)


def is_ambiguous(wall: dt.datetime, tz: ZoneInfo) -> bool:
    """True if the wall time happened twice in ``tz`` (the hour the clocks go back)."""
    return (
        wall.replace(tzinfo=tz, fold=0).utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset()
    )


def day_start(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The UTC instant a local day begins (its midnight, or the first time after a skipped one)."""
    return wall_to_utc(dt.datetime.combine(day, dt.time(0)), tz)


def split_at_midnight(
    start: dt.datetime, end: dt.datetime, tz: ZoneInfo
) -> list[tuple[dt.date, float]]:
    """Hours of ``[start, end)`` on each local date, in order; instants must be aware.

    Each piece's hours are measured from its day's start and rounded to 4 decimals at both
    ends, so consecutive pieces of one day add up to the rounded span, never to 24.00000001.

    >>> ny = zone("America/New_York")
    >>> start = wall_to_utc(dt.datetime(2026, 3, 7, 22, 0), ny)  # clocks go forward on the 8th
    >>> pieces = split_at_midnight(start, start + dt.timedelta(hours=28), ny)
    >>> [(str(day), hours) for day, hours in pieces]
    [('2026-03-07', 2.0), ('2026-03-08', 23.0), ('2026-03-09', 3.0)]
    """
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    pieces: list[tuple[dt.date, float]] = []
    while start < end:
        day = start.astimezone(tz).date()
        begins = day_start(day, tz)
        ends = min(end, day_start(day + dt.timedelta(days=1), tz))
        hours = round(
            round((ends - begins).total_seconds() / 3600, 4)
            - round((start - begins).total_seconds() / 3600, 4),
            4,
        )
        if hours > 0:
            pieces.append((day, hours))
        start = ends
    return pieces
