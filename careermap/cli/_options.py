"""The options several commands share: one ``--as-of`` (and the one reading of every date
option, ``--date``, ``--start``, ``--as-of``), built on :func:`careermap._dates.as_of_arg`.

``careermap --help`` imports no pandas, so a date option is read when a command runs, not
when the arguments are parsed: :func:`date_arg` imports :mod:`careermap._dates` on use.
"""

from __future__ import annotations

import argparse
import datetime as dt

__all__ = ["add_as_of", "as_of_or_today", "date_arg"]


def add_as_of(parser: argparse.ArgumentParser, what: str = "the day described") -> None:
    """Add ``--as-of DATE`` to ``parser``: ``what`` it gives, by default today.

    >>> p = argparse.ArgumentParser()
    >>> add_as_of(p, "the day the KPIs describe")
    >>> p.parse_args(["--as-of", "2026-11-15 14:30"]).as_of
    '2026-11-15 14:30'
    """
    parser.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help=f"{what} (YYYY-MM-DD; default today)",
    )


def date_arg(text: str, option: str) -> dt.date:
    """The day a date option gives: ``YYYY-MM-DD``, or a date and time (the day counts).

    Read by :func:`careermap._dates.date_option` (one form, as in every file of a map; the
    error names the option, the value and the form), itself built on
    :func:`careermap._dates.as_of_arg`.

    >>> date_arg("2026-11-15 14:30", "--as-of")
    datetime.date(2026, 11, 15)
    >>> date_arg("15/11/2026", "--as-of")
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: --as-of must be a date like 2026-11-15 (YYYY-MM-DD); got '15/11/2026'
    """  # noqa: E501
    from careermap._dates import date_option  # imports pandas: not at start-up

    return date_option(text, option)


def as_of_or_today(text: str | None) -> dt.date:
    """The day ``--as-of`` gives, or today (:func:`careermap._dates.today`) without it.

    >>> import os
    >>> os.environ["CAREERMAP_TODAY"] = "2026-11-15"
    >>> as_of_or_today(None), as_of_or_today("2026-11-01")
    (datetime.date(2026, 11, 15), datetime.date(2026, 11, 1))
    >>> del os.environ["CAREERMAP_TODAY"]
    """
    from careermap._dates import today  # imports pandas: not at start-up

    return date_arg(text, "--as-of") if text is not None else today()
