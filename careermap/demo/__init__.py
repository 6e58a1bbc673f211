"""Deterministic demo cohorts: many believable map folders with planted behaviour.

The package has one main function, :func:`generate_cohort`, one constant, :data:`PERSONAS`,
and :func:`demo_dates` (the dates ``careermap demo`` uses: the data ends today unless
``--end`` gives a day, and starts :data:`SPAN_DAYS` days before); :func:`todays_demo` is the
bundled demo's twin ending today, which ``careermap dashboard`` opens without a cohort.
Inside: ``_catalogue`` (roles, milestone templates, names, notes), ``_personas`` (the
persona mix and behaviour), ``_calendar`` (days as offsets), ``_plan`` (a person's roadmap),
``_logs`` (their CSV logs), ``_write`` (YAML with ruamel.yaml, CSV with the csv module) and
``_cohort`` (the entry point).

:func:`generate_cohort` writes a cohort folder as docs/data-model.md describes: one map folder per
person (``roadmap.yaml``, ``time_log.csv``, ``assessments.csv``, ``reviews.csv``,
``goal_progress.csv`` and, for about one person in ten, a ``roles/<id>.yaml`` custom role)
plus ``cohort.yaml``. The same ``seed`` always gives byte-identical files. Nothing reads the
reference data at run time: target roles and skills come from the lists in ``_catalogue``,
checked against O*NET 29.3 (every target role is a *rated* occupation, i.e. it has Skills
ratings) except the deliberately unrated 15-2051.00 Data Scientists, which about 5% of people
(at least one) carry as a secondary target role so that the toolkit's warning path is used.

``cohort.yaml`` holds ``name``, ``coach``, ``start``, ``groups`` (person id -> track:
``data``, ``design`` or ``ops``) and the extension key ``personas`` (person id -> persona),
written by this generator so that tests and demos can check the planted signals.

Personas
--------
Dates below are relative to ``as_of`` (A) and the person's ``start`` (S, the cohort start
plus 0-13 days). "Active window" is the span in which the person logs time.

steady
    Logs time from S (+0-14 days) to A, 2-4 sessions a week (weekday evenings, weekends,
    quieter over the winter holidays), 0.85-1.15 x ``weekly_hours`` a week on average, with
    at least one log in the last 7 days. Milestones due in the active window: 78% done on
    time (0-14 days before target), 14% done late, 3% left open (overdue), 5% dropped; 15%
    rescheduled once. Monthly reviews stable or rising.
stalled
    As steady at first, then no time-log entries in the last 45-110 days before A (the last
    log is exactly 45-110 days before A). At least three open milestones fall due between
    the last log and A, so they are overdue. Reviews and assessments go on to A; the last
    three reviews fall (each review's mean score below the one before; last mean <= 2.5).
dropped_out
    Stops everything (time log, reviews, assessments, goal progress and roadmap edits)
    125-200 days before A. Milestones due after that stay open.
late_starter
    First time-log entry (and first review, assessment and progress measure) 95-140 days
    after S, then behaves as steady. Milestones due before the late start (or in the two
    weeks after it) were rescheduled once, in the first two weeks of activity.
over_achiever
    4-6 sessions a week, 1.7-2.5 x ``weekly_hours``; milestones due in the active window are
    all done 7-45 days early (5% dropped), and 40% of later milestones are already done.
over_planner
    20-30 milestones whose effort is at least 2.5 x capacity (sum of ``effort_hours`` of
    milestones not dropped / (``weekly_hours`` x weeks from S to the last target); every
    other persona stays at or below 1.0). Of the milestones due by A: 20% done on time,
    15% late, 50% open and overdue, 15% dropped, and more than half of all milestones are
    open; 70% are rescheduled 1-3 times. Logs 0.9-1.2 x capacity.

With ``people >= 12``: ``max(2, round(0.1 n))`` each of stalled, dropped_out, over_achiever and
over_planner, ``max(2, round(0.15 n))`` late_starter, the rest steady; fewer people cycle
through the personas in the order above. Only stalled people have falling reviews: for
everyone else the mean score of the last three reviews never falls twice in a row.

Everyone has 2-4 goals, 6-15 milestones (over_planner 20-30) with real O*NET skill names or
ids, 1-3 actions per milestone, quarterly assessments on O*NET's 0-7 level scale (one skill
per person stagnates), monthly reviews scored 1-5 and month-end progress for goals with a
metric. In about 30% of people the last goal is deliberately weak on one SMART letter: no
``specific`` (S), no metric/baseline/target (M), no ``relevant_to`` (R) or a deadline after
the vision horizon (T).

``generate_parquet_cohort`` writes a much larger cohort straight to Parquet, vectorised over
people, for the benchmarks at an organisation's scale (``benchmarks/bench_scale.py``).
"""

from careermap.demo._cohort import SPAN_DAYS, demo_dates, generate_cohort, todays_demo
from careermap.demo._personas import PERSONAS
from careermap.demo._scale import generate_parquet_cohort

__all__ = [
    "PERSONAS",
    "SPAN_DAYS",
    "demo_dates",
    "generate_cohort",
    "generate_parquet_cohort",
    "todays_demo",
]
