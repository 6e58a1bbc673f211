"""The worked examples of docs/importing.md add what the page says, hours checked by hand."""

from __future__ import annotations

import careermap
from careermap.timeimport import plan_import

EXAMPLES = careermap.sample_exports_path()
TOGGL = EXAMPLES / "Toggl_time_entries_2026-11-16_to_2026-11-22.csv"
CLOCKIFY = EXAMPLES / "Clockify_Time_Report_Detailed_11_16_2026-11_22_2026.csv"
CALENDAR = EXAMPLES / "calendar.ics"


def _plan(folder, *files):
    return plan_import(
        folder, files, rules=EXAMPLES / "rules.yaml", tz="America/New_York", until="2026-11-30"
    )


def test_the_three_examples_together(alex):
    plan = _plan(alex, TOGGL, CLOCKIFY, CALENDAR)
    rows = plan.rows[["date", "hours", "category", "goal", "milestone", "action"]]
    assert rows.values.tolist() == [
        # reading group 18:00-19:30 on Tuesdays 3, 17 and 24 November (the 10th excluded)
        ["2026-11-03", 1.5, "learning", "G2", "M10", "A20"],
        ["2026-11-16", 1.5, "practice", "G2", "M9", "A19"],
        # rows follow the start times: the reading group at 18:00, the application at 19:00
        ["2026-11-17", 1.5, "learning", "G2", "M10", "A20"],
        ["2026-11-17", 0.75, "job_search", "G1", "M5", "A10"],
        # the backtest 22:30-00:45: 1.5 h on the 18th, 0.75 h on the 19th
        ["2026-11-18", 1.5, "practice", "G2", "M9", "A19"],
        ["2026-11-19", 0.75, "practice", "G2", "M9", "A19"],
        ["2026-11-20", 0.5, "mentoring", "G3", "M16", "A30"],
        # the data governance rule sets no category: the tag's (learning) stays
        ["2026-11-21", 2.0, "learning", "G3", "M17", "A32"],
        # 15:00Z-16:00Z is 10:00-11:00 in New York; no rule, the category from CATEGORIES
        ["2026-11-23", 1.0, "job_search", "", "", ""],
        ["2026-11-24", 1.5, "learning", "G2", "M10", "A20"],
    ]
    assert plan.rows["hours"].sum() == 12.5
    # the sample's log already holds 1 h on 3 November
    first = plan.totals.iloc[0]
    assert (first["logged"], first["day_total"]) == (1.0, 2.5)
    assert plan.skipped["reason"].tolist() == ["cancelled event", "all-day event: not time worked"]
