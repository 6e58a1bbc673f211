"""A small valid map written from scratch (independent of the sample), as text."""

from __future__ import annotations

import textwrap
from pathlib import Path

ROADMAP = textwrap.dedent(
    """\
    careermap: 1
    # a comment the store must keep
    person:
      id: sam-lee
      name: Sam Lee
      current_role: 15-1251.00
      weekly_hours: 6
      start: 2025-01-06
    self_assessment:
      values: [learning, autonomy]
      strengths: [writing]
    vision:
      statement: Lead a BI team
      horizon: 2029-12-31
      target_roles:
        - {onet: 15-2051.01, priority: 1}
        - {custom: data-lead, priority: 2}
    goals:
      - id: G1
        title: Become a BI analyst
        specific: Land a BI analyst job
        metric: interviews
        baseline: 0
        target: 4
        deadline: 2026-06-30
        relevant_to: 15-2051.01
        priority: 1
        milestones:
          - id: M1
            title: SQL course
            planned: 2025-01-06
            target: 2025-03-31
            reschedules: [{on: 2025-02-01, from: 2025-03-01, reason: flu}]
            effort_hours: 20
            skills: [Programming, 2.C.3.a]
            done: 2025-03-20
            actions:
              - {id: A1, title: Modules 1-3, due: 2025-02-15, effort_hours: 8, kind: course, done: 2025-02-10}
          - id: M2
            title: Dashboard portfolio
            planned: 2025-01-06
            target: 2025-06-30
            effort_hours: 30
            skills: [Critical Thinking, storytelling]
            depends_on: [M1]
      - id: G2
        title: Build a network
        metric: contacts
        baseline: 0
        target: 20
        deadline: 2026-12-31
        relevant_to: vision
        priority: 2
        milestones:
          - id: M3
            title: Attend meetups
            planned: 2025-02-01
            target: 2025-09-30
            effort_hours: 10
            skills: [Speaking]
            dropped: 2025-05-01
    custom_skills:
      - {id: storytelling, name: Data storytelling}
    """
)
ROLE = textwrap.dedent(
    """\
    id: data-lead
    title: Data team lead
    based_on: 15-2051.01
    requirements:
      - {skill: Programming, level: 5, importance: 4}
      - {skill: mlops, name: MLOps, level: 4, importance: 3}
    """
)
TIME_LOG = (
    "date,hours,category,goal,milestone,action,note\n"
    "2025-01-07,1.5,learning,G1,M1,A1,module 1\n"
    "2025-01-09,2,learning,G1,M1,,\n"
    "2025-01-12,1,networking,G2,M3,,meetup\n"
    "2025-02-01,3,practice,G1,M2,,first chart\n"
)
ASSESSMENTS = (
    "date,skill,level,source,note\n"
    "2025-01-06,Programming,2,self,\n"
    "2025-01-06,Critical Thinking,3.5,self,\n"
    "2025-04-01,Programming,3,mentor,after course\n"
    "2025-04-01,storytelling,2,self,\n"
)
REVIEWS = (
    "date,satisfaction,motivation,confidence,alignment,note\n"
    "2025-01-31,3,4,3,4,ok\n"
    "2025-02-28,4,4,3,4,\n"
)
GOAL_PROGRESS = "date,goal,value\n2025-03-01,G1,1\n2025-05-01,G2,5\n"

FILES = {
    "roadmap.yaml": ROADMAP,
    "roles/data-lead.yaml": ROLE,
    "time_log.csv": TIME_LOG,
    "assessments.csv": ASSESSMENTS,
    "reviews.csv": REVIEWS,
    "goal_progress.csv": GOAL_PROGRESS,
}


def write_map(folder: Path, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or FILES).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
