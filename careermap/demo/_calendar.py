"""Days of a demo cohort as integer offsets from its start (fast to draw and compare)."""

from __future__ import annotations

import datetime as dt

import numpy as np


class Calendar:
    """Day offsets from the cohort start: their dates, weekdays, month ends and holidays."""

    def __init__(self, d0: dt.date, as_of: dt.date) -> None:
        self.d0 = d0
        self.as_of = (as_of - d0).days
        self.lo = -30
        span = np.arange(self.lo, self.as_of + 3000)
        days = np.datetime64(d0, "D") + span
        self.iso = np.datetime_as_string(days).tolist()
        self.dates = days.astype(dt.date).tolist()
        self.weekday0 = d0.weekday()
        # month starts/ends (offsets) from the cohort start to as_of
        months = np.arange(
            np.datetime64(d0, "M"), np.datetime64(as_of, "M") + 1, dtype="datetime64[M]"
        )
        base = np.datetime64(d0, "D")
        self.month_start = (months.astype("datetime64[D]") - base).astype(int)
        self.month_end = ((months + 1).astype("datetime64[D]") - base).astype(int) - 1
        md = np.array([d[5:] for d in self.iso])
        self.holiday = (md >= "12-22") | (md <= "01-03")  # winter holidays are quiet

    def __call__(self, off: int) -> str:
        """The ISO date of an offset (the text written to the CSV logs)."""
        return self.iso[off - self.lo]

    def date(self, off: int) -> dt.date:
        """The date of an offset (what the YAML writer writes as a plain YAML date)."""
        return self.dates[off - self.lo]

    def year_end(self, year: int) -> int:
        return (dt.date(year, 12, 31) - self.d0).days
