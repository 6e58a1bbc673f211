"""Dates read one way: ``as_of``, today, a date option and a time zone name.

The one reading of an ``as_of`` argument, shared by metrics, charts, report, widgets and the
command line's date options; the one "today" every default date uses; and the one reading of
a time zone name (``person.timezone``, the importers' ``tz``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from careermap.errors import InvalidArgumentError

TODAY_VARIABLE = "CAREERMAP_TODAY"


def today() -> dt.date:
    """Today's date, or the date the ``CAREERMAP_TODAY`` environment variable pins.

    Every default date in careermap (``as_of=None``, a form's date, ``careermap log``
    without ``--date``, a new map's start) comes from here. Pinning the clock is for
    reproducible runs: the test suite sets ``CAREERMAP_TODAY=2026-11-15`` so the
    notebooks' stored outputs do not change from day to day. An unreadable value is an
    error, not a silent fall-back to the real date.

    >>> import os
    >>> os.environ["CAREERMAP_TODAY"] = "2026-11-15"
    >>> today()
    datetime.date(2026, 11, 15)
    >>> del os.environ["CAREERMAP_TODAY"]
    """
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise InvalidArgumentError(
            f"the environment variable {TODAY_VARIABLE} must be a date like 2026-11-15 "
            f"(YYYY-MM-DD) or unset (the real date); got {pinned!r}"
        ) from None


# a day, optionally with a time of day (which the day keeps): "2026-11-15", "2026-11-15 14:30"
_ISO_DAY = re.compile(
    r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)


def date_option(text: str, option: str) -> dt.date:
    """The date a command-line option gives (``--date``, ``--start``, ``--as-of``).

    One form, as in every file of a map: ``YYYY-MM-DD``, from 1900-01-01 to 2199-12-31, read
    by :func:`as_of_arg` (so a date and time, ``2026-11-20 14:30``, is its day, as ``as_of=``
    takes it everywhere). ``20261120`` (which Python's ``date.fromisoformat`` takes) and
    ``20/11/2026`` are refused, never guessed; the error names the option, the value and the
    form.

    Examples
    --------
    >>> date_option("2026-11-20", "--date"), date_option("2026-11-20 14:30", "--as-of")
    (datetime.date(2026, 11, 20), datetime.date(2026, 11, 20))
    >>> date_option("20261120", "--date")
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: --date must be a date like 2026-11-15 (YYYY-MM-DD); got '20261120'
    >>> date_option("2026-02-30", "--start")
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: --start must be a date like 2026-11-15 (YYYY-MM-DD); got '2026-02-30' (day is out of range for month)
    """  # noqa: E501
    from careermap._vocab import EARLIEST_DATE, LATEST_DATE

    stripped = text.strip()
    why = ""
    if form := _ISO_DAY.fullmatch(stripped):
        try:
            dt.date.fromisoformat(form["day"])  # says why a day is out of range
            day = as_of_arg(stripped, allow_today=False).date()
        except ValueError as exc:
            why = f" ({exc})" if not isinstance(exc, InvalidArgumentError) else ""
        else:
            if EARLIEST_DATE <= form["day"] <= LATEST_DATE:
                return day
            why = f" (a date from {EARLIEST_DATE} to {LATEST_DATE})"
    raise InvalidArgumentError(
        f"{option} must be a date like 2026-11-15 (YYYY-MM-DD); got {text!r}{why}"
    )


def as_of_arg(as_of: Any, *, allow_today: bool = True) -> pd.Timestamp:
    """The evaluation date as a midnight ``Timestamp``: a date, datetime or ISO string.

    ``None`` means :func:`today`, unless ``allow_today=False`` (where a result must be reproducible,
    such as a report), in which case it is refused like any other non-date.

    >>> as_of_arg("2026-11-15 14:30"), as_of_arg(dt.date(2026, 11, 15))
    (Timestamp('2026-11-15 00:00:00'), Timestamp('2026-11-15 00:00:00'))
    """
    if as_of is None and allow_today:
        return pd.Timestamp(today())
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


def as_of_date(as_of: Any = None) -> pd.Timestamp:
    """The day a notebook or script looks from: ``as_of`` as a midnight ``Timestamp``.

    ``None`` is today (:func:`today`, which ``CAREERMAP_TODAY`` can pin); a date, datetime
    or ISO string is that day. This is what every ``as_of=`` argument in careermap means,
    for code that needs the day itself (a date range ending today, twelve weeks back).

    Examples
    --------
    >>> import careermap
    >>> careermap.as_of_date("2026-11-15")
    Timestamp('2026-11-15 00:00:00')
    >>> careermap.as_of_date(None) == careermap.as_of_date(today())
    True
    """
    return as_of_arg(as_of)


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
