"""The one reading of an ``as_of`` argument, shared by kpis, metrics, charts, report and widgets,
and the one reading of a time zone name (``person.timezone``, the importers' ``tz``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from careermap.errors import InvalidArgumentError


def as_of_arg(as_of: Any, *, allow_today: bool = True) -> pd.Timestamp:
    """The evaluation date as a midnight ``Timestamp``: a date, datetime or ISO string.

    ``None`` means today, unless ``allow_today=False`` (where a result must be reproducible,
    such as a report), in which case it is refused like any other non-date.

    >>> as_of_arg("2026-11-15 14:30"), as_of_arg(dt.date(2026, 11, 15))
    (Timestamp('2026-11-15 00:00:00'), Timestamp('2026-11-15 00:00:00'))
    """
    if as_of is None and allow_today:
        return pd.Timestamp.today().normalize()
    if isinstance(as_of, (str, dt.date, pd.Timestamp, np.datetime64)):
        try:
            ts = pd.Timestamp(as_of)
        except (ValueError, TypeError):
            ts = pd.NaT
        if ts is not pd.NaT and not pd.isna(ts):
            if ts.tz is not None:
                ts = ts.tz_localize(None)
            return ts.normalize()
    accepted = (
        "None (today), a date or an ISO date string like '2026-11-15'"
        if allow_today
        else "a date like '2026-11-15' (a date or an ISO date string)"
    )
    raise InvalidArgumentError(f"as_of must be {accepted}; got {as_of!r}")


def time_zone(name: Any) -> ZoneInfo | None:
    """The IANA time zone ``name`` names (``"Europe/Berlin"``), or None if it names none.

    Only zone names count: :class:`zoneinfo.ZoneInfo` would also open a relative file path
    (``"../etc/passwd"``) or an absolute one, which are no zones.

    >>> time_zone("America/New_York").key, time_zone("CET+1"), time_zone("../etc")
    ('America/New_York', None, None)
    """
    if isinstance(name, ZoneInfo):
        return name
    if not isinstance(name, str):
        return None
    text = name.strip()
    if not text or text.startswith(("/", ".")) or ".." in text:
        return None
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
