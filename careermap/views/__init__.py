"""One view per question, built once: what every page of careermap shows about a person or a
cohort on a day.

A view is plain data (a frozen dataclass holding numbers and frames), computed from
:mod:`careermap.metrics` with one set of defaults, so notebook 02 and 05, the HTML report,
the coach's dashboard, ``careermap export`` and the CLI say the same finish date, gap and
counts. The layer sits above the metrics and below the charts, widgets, report and CLI.

- :func:`person_view` -> :class:`PersonView`: a person's headline numbers (the finish date
  at 50/85/95% from the forecast's one default window, remaining work, done and overdue
  counts, hours against the plan, the gap to the gap role, the goal most at risk) with the
  burndown and forecast frames its chart draws.
- :func:`plan_calendar`: the plan's dates and the weekly review slot as an iCalendar file.
- :func:`cohort_view` -> :class:`CohortView`: the KPI table, who needs attention and why, the
  cohort's medians (overall and per group).
- At any size: :func:`reason_counts` and :func:`group_counts` (the cohort at a glance),
  :func:`skill_summary` / :func:`cohort_skills` (each skill of a role across people),
  :func:`time_mix_spread` (each category's share per person, and its spread),
  :func:`role_choices` (roles by title, with how many people aim at each) and
  :func:`people_page` (one page of a searched, sorted table of people).
- :func:`burndown_and_forecast`: the two frames of a burndown chart, for any map or goal
  filter (what a page draws when a control changes, without building a whole view).

Examples
--------
>>> import careermap
>>> from careermap import views
>>> v = views.person_view(careermap.load(careermap.sample_path()), as_of="2026-11-15")
>>> v.milestones_done, v.milestones_in_scope
(9, 16)
"""

from careermap.views._calendar import REVIEW_DAYS, plan_calendar
from careermap.views._cohort import (
    NO_GROUP,
    REASON_NAMES,
    CohortView,
    cohort_skills,
    cohort_view,
    group_counts,
    reason_counts,
    role_choices,
    skill_summary,
    time_mix_spread,
)
from careermap.views._pages import PeoplePage, people_page
from careermap.views._person import WORK_UNITS, PersonView, burndown_and_forecast, person_view

__all__ = [
    "NO_GROUP",
    "REASON_NAMES",
    "REVIEW_DAYS",
    "WORK_UNITS",
    "CohortView",
    "PeoplePage",
    "PersonView",
    "burndown_and_forecast",
    "cohort_skills",
    "cohort_view",
    "group_counts",
    "people_page",
    "person_view",
    "plan_calendar",
    "reason_counts",
    "role_choices",
    "skill_summary",
    "time_mix_spread",
]
