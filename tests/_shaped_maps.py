"""Maps of other shapes than the sample: 0 to 8 target roles and goals, long names, many milestones.

The bundled sample has three target roles and four goals, and every layout looks right on
it. These maps are written from scratch (YAML and CSV text, independent of the sample) so
the charts and notebooks are checked on the shapes other people's maps have: one role, two,
eight; no goal at all; titles and skill names of 80 characters; thirty milestones to a goal;
no assessment; a start in the future.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

#: Rated O*NET occupations (they have skill requirements), in the order the maps take them.
ONET_ROLES = [
    "15-2051.01",  # Business Intelligence Analysts
    "15-2041.00",  # Statisticians
    "15-1211.00",  # Computer Systems Analysts
    "13-1081.00",  # Logisticians
    "11-3021.00",  # Computer and Information Systems Managers
    "15-1243.00",  # Database Architects
    "11-9111.00",  # Medical and Health Services Managers
]
LONG = "Lead the regional healthcare analytics programme across clinical and operational teams"
LONG_SKILL = "Stakeholder management across clinical, finance and operational leadership teams"
KINDS = ["course", "project", "networking", "reading", "mentoring", "application"]
CATEGORIES = ["learning", "practice", "networking", "job_search", "reflection"]


@dataclass(frozen=True)
class Shape:
    """What a generated map holds."""

    roles: int = 3
    goals: int = 3
    milestones: int = 3  # per goal
    long_names: bool = False
    assessments: bool = True
    start: dt.date = dt.date(2025, 9, 1)
    as_of: dt.date = dt.date(2026, 11, 15)


#: The layouts every chart is checked on (tests/e2e/test_chart_layouts.py).
LAYOUT_SHAPES: dict[str, Shape] = {
    "0-roles-0-goals": Shape(roles=0, goals=0),
    "1-role-1-goal": Shape(roles=1, goals=1),
    "2-roles-2-goals": Shape(roles=2, goals=2),
    "3-roles-3-goals": Shape(roles=3, goals=3),
    "8-roles-8-goals": Shape(roles=8, goals=8),
    "long-names": Shape(roles=3, goals=3, long_names=True),
    "many-milestones": Shape(roles=2, goals=2, milestones=30),
}


def _title(text: str, i: int, shape: Shape) -> str:
    return f"{LONG} ({text} {i})" if shape.long_names else f"{text} {i}"


def _custom_role(shape: Shape) -> str:
    skill_name = LONG_SKILL if shape.long_names else "Stakeholder management"
    title = (
        "Head of Healthcare Analytics and Data Governance for the Regional Hospital Network"
        if shape.long_names
        else "Healthcare Analytics Lead"
    )
    return (
        "id: analytics-lead\n"
        f"title: {title}\n"
        "based_on: 11-3021.00\n"
        "requirements:\n"
        "  - {skill: Programming, level: 4.5, importance: 3}\n"
        "  - {skill: Speaking, level: 5, importance: 4.5}\n"
        f"  - {{skill: stakeholders, name: '{skill_name}', level: 5, importance: 4}}\n"
        "  - {skill: governance, name: 'Healthcare data governance', level: 4, importance: 3.5}\n"
    )


def _role_ids(shape: Shape) -> list[str]:
    """``roles`` role ids: O*NET occupations, the last one a custom role when there are 3+."""
    if shape.roles >= 3:
        return [*ONET_ROLES[: shape.roles - 1], "analytics-lead"]
    return ONET_ROLES[: shape.roles]


def _roadmap(shape: Shape) -> str:
    roles = _role_ids(shape)
    lines = [
        "careermap: 1",
        "person:",
        "  id: shaped-person",
        "  name: Robin Shape",
        "  current_role: 15-2031.00",
        "  weekly_hours: 6",
        f"  start: {shape.start}",
        "vision:",
        "  statement: Lead an analytics team in healthcare",
        "  horizon: 2030-12-31",
    ]
    if roles:
        lines.append("  target_roles:")
        for priority, role in enumerate(roles, start=1):
            kind = "custom" if role == "analytics-lead" else "onet"
            lines.append(f"    - {{{kind}: {role}, priority: {priority}}}")
    lines.append("goals:" if shape.goals else "goals: []")
    span = (shape.as_of - shape.start).days + 300
    for g in range(1, shape.goals + 1):
        relevant = roles[(g - 1) % len(roles)] if roles else "vision"
        lines += [
            f"  - id: G{g}",
            f"    title: '{_title('Goal', g, shape)}'",
            f"    specific: Reach step {g} of the plan",
            "    metric: interviews completed",
            "    baseline: 0",
            "    target: 5",
            f"    deadline: {shape.start + dt.timedelta(days=span + 30 * g)}",
            f"    relevant_to: {relevant}",
            f"    priority: {min(g, 5)}",
            "    milestones:",
        ]
        for k in range(1, shape.milestones + 1):
            mid = f"M{g}_{k}"
            target = shape.start + dt.timedelta(days=span * k // (shape.milestones + 1) + 7 * g)
            done = target - dt.timedelta(days=3)
            skills = "[Programming, stakeholders]" if "analytics-lead" in roles else "[Programming]"
            lines += [
                f"      - id: {mid}",
                f"        title: '{_title('Milestone', k, shape)} of goal {g}'",
                f"        planned: {shape.start}",
                f"        target: {target}",
                f"        effort_hours: {10 + 2 * k}",
                f"        skills: {skills}",
            ]
            if done < shape.as_of and k % 3 != 0:
                lines.append(f"        done: {done}")
            if k == 2:
                moved = shape.start + dt.timedelta(days=20)
                lines.append(
                    f"        reschedules: [{{on: {moved}, from: {target - dt.timedelta(days=14)}, "
                    "reason: busy month}]"
                )
            lines += [
                "        actions:",
                f"          - {{id: A{g}_{k}, title: '{_title('Action', k, shape)}', "
                f"due: {target - dt.timedelta(days=7)}, effort_hours: 4, "
                f"kind: {KINDS[k % len(KINDS)]}}}",
            ]
    if "analytics-lead" in roles:
        skill_name = LONG_SKILL if shape.long_names else "Stakeholder management"
        lines += [
            "custom_skills:",
            f"  - {{id: stakeholders, name: '{skill_name}'}}",
            "  - {id: governance, name: Healthcare data governance}",
        ]
    return "\n".join(lines) + "\n"


def _days_between(shape: Shape, every: int) -> list[dt.date]:
    days, day = [], shape.start + dt.timedelta(days=1)
    while day <= shape.as_of:
        days.append(day)
        day += dt.timedelta(days=every)
    return days


def _time_log(shape: Shape) -> str:
    rows = ["date,hours,category,goal,milestone,action,note"]
    for i, day in enumerate(_days_between(shape, 4)):
        if shape.goals:
            g = i % shape.goals + 1
            k = i % shape.milestones + 1
            rows.append(f"{day},{1 + i % 3},{CATEGORIES[i % 5]},G{g},M{g}_{k},,")
        else:
            rows.append(f"{day},{1 + i % 3},{CATEGORIES[i % 5]},,,,")
    return "\n".join(rows) + "\n"


def _assessments(shape: Shape) -> str:
    rows = ["date,skill,level,source,note"]
    if not shape.assessments:
        return rows[0] + "\n"
    skills = ["Programming", "Writing", "Speaking", "Critical Thinking", "Mathematics"]
    if "analytics-lead" in _role_ids(shape):
        skills += ["stakeholders", "governance"]
    for i, day in enumerate(_days_between(shape, 90)):
        for j, skill in enumerate(skills):
            level = min(2 + 0.3 * i + 0.4 * (j % 3), 6.5)
            rows.append(f"{day},{skill},{level:.1f},{'self' if j % 2 else 'mentor'},")
    return "\n".join(rows) + "\n"


def _reviews(shape: Shape) -> str:
    rows = ["date,satisfaction,motivation,confidence,alignment,note"]
    for i, day in enumerate(_days_between(shape, 30)):
        rows.append(f"{day},{1 + i % 5},{1 + (i + 1) % 5},{1 + (i + 2) % 5},{1 + (i + 3) % 5},")
    return "\n".join(rows) + "\n"


def _goal_progress(shape: Shape) -> str:
    rows = ["date,goal,value"]
    for i, day in enumerate(_days_between(shape, 60)):
        if shape.goals:
            rows.append(f"{day},G{i % shape.goals + 1},{min(i, 5)}")
    return "\n".join(rows) + "\n"


def write_shaped_map(folder: Path, shape: Shape) -> Path:
    """Write a valid map of ``shape`` into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "roadmap.yaml": _roadmap(shape),
        "time_log.csv": _time_log(shape),
        "assessments.csv": _assessments(shape),
        "reviews.csv": _reviews(shape),
        "goal_progress.csv": _goal_progress(shape),
    }
    if "analytics-lead" in _role_ids(shape):
        files["roles/analytics-lead.yaml"] = _custom_role(shape)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
