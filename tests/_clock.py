"""The one pinned "today" of the test suite's notebook runs.

The notebooks leave ``AS_OF = None`` (today) for their readers. Their stored outputs, which
nbval compares, come from running them on the bundled sample with the clock pinned to this
day through ``CAREERMAP_TODAY`` (read by ``careermap._dates.today``): nbval, the e2e
servers and the notebook matrix all set it, and ``notebooks/README.md`` says how to
re-execute a notebook with it.
"""

from __future__ import annotations

SAMPLE_TODAY = "2026-11-15"  # the day after the sample's last time logged (2026-11-14)
TODAY_VARIABLE = "CAREERMAP_TODAY"
