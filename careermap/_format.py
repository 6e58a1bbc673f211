"""Numbers, dates and names written for people: the one place the headlines are formatted.

Charts, the report, the widgets and the command line write a headline number through these
functions, so that a share is always "56%" (never 0.555556), a missing value is always "—"
(never NaN or NaT), a count agrees with its noun ("1 week", "3 weeks") and a target role is
shown by its title, not its O*NET code.

Examples
--------
>>> from careermap._format import count, percent, date, hours, role
>>> count(1, "week"), count(3, "week"), count(0, "milestone")
('1 week', '3 weeks', '0 milestones')
>>> percent(0.555556), percent(float("nan")), percent(0.004), percent(1)
('56%', '—', '<1%', '100%')
>>> date("2026-11-15"), date(None), hours(2.5), hours(12)
('2026-11-15', '—', '2.5 h', '12 h')
>>> role("15-2051.01", "Business Intelligence Analysts"), role("15-2051.01", None)
('Business Intelligence Analysts', '15-2051.01')
"""

from __future__ import annotations

from typing import Any

import pandas as pd

#: What a missing number or date is shown as.
MISSING = "—"

_IRREGULAR = {"entry": "entries", "person": "people", "activity": "activities"}


def is_missing(value: Any) -> bool:
    """None, NaN, NaT or pandas NA (and never raises on a list or a string)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def plural(n: float, noun: str) -> str:
    """``noun`` in the form that agrees with ``n`` ("week" for 1, "weeks" otherwise).

    >>> plural(1, "entry"), plural(2, "entry"), plural(2, "hour")
    ('entry', 'entries', 'hours')
    """
    if n == 1:
        return noun
    return _IRREGULAR.get(noun, noun + "s")


def count(n: Any, noun: str) -> str:
    """A count with its noun: ``"1 week"``, ``"12 weeks"``, ``"—"`` when unknown.

    >>> count(2.0, "goal")
    '2 goals'
    """
    if is_missing(n):
        return MISSING
    value = float(n)
    shown = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return f"{shown} {plural(value, noun)}"


def percent(share: Any, *, digits: int = 0) -> str:
    """A share (0..1) as a percentage; tiny non-zero shares say ``<1%`` instead of ``0%``.

    >>> percent(0.05), percent(0.0), percent(0.9996), percent(0.12345, digits=1)
    ('5%', '0%', '>99%', '12.3%')
    """
    if is_missing(share):
        return MISSING
    value = 100 * float(share)
    step = 10.0**-digits
    if 0 < value < step:
        return f"<{step:g}%"
    if 100 - step < value < 100:
        return f">{100 - step:g}%"
    return f"{value:.{digits}f}%"


def number(value: Any, *, digits: int = 0) -> str:
    """A plain number with thousands separators, ``—`` when missing.

    >>> number(1234.5), number(1234.5, digits=1), number(None)
    ('1,234', '1,234.5', '—')
    """
    if is_missing(value):
        return MISSING
    return f"{float(value):,.{digits}f}"


def hours(value: Any) -> str:
    """Hours to one decimal, without a trailing ``.0``: ``"2.5 h"``, ``"12 h"``.

    >>> hours(0.25), hours(40.0)
    ('0.2 h', '40 h')
    """
    if is_missing(value):
        return MISSING
    return f"{float(value):,.1f}".removesuffix(".0") + " h"


def date(value: Any) -> str:
    """A date as ``YYYY-MM-DD``, ``—`` when missing (never ``NaT``)."""
    if is_missing(value):
        return MISSING
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def role(role_id: Any, title: Any = None) -> str:
    """A target role as people know it: its title, or its id when there is no title."""
    if not is_missing(title) and str(title).strip():
        return str(title)
    return MISSING if is_missing(role_id) else str(role_id)
