"""Write the logs of the bundled sample map ``data/sample/alex-rivera``.

``roadmap.yaml`` and ``roles/*.yaml`` there are written by hand; this script produces the
four CSV logs from it with a seeded RNG, so the numbers are reproducible. The committed CSV
files are the product: re-running the script overwrites them with identical content.

Run from the repository root::

    uv run python scripts/make_sample.py
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
from ruamel.yaml import YAML

MAP = Path(__file__).resolve().parents[1] / "data" / "sample" / "alex-rivera"
START = dt.date(2025, 9, 1)
AS_OF = dt.date(2026, 11, 15)
SEED = 20250901

# When Alex actually worked on each milestone (the plan says when it was due; this says
# when the evenings went into it). Milestones absent here got no logged time.
WORK = {
    "M1": ("2025-09-01", "2025-10-26", 1.0),
    "M2": ("2025-10-20", "2026-02-09", 1.2),
    "M3": ("2026-02-10", "2026-04-18", 1.3),
    "M4": ("2026-04-20", "2026-05-10", 0.8),
    "M5": ("2026-05-15", "2026-11-15", 0.7),
    "M6": ("2026-03-10", "2026-07-14", 0.6),
    "M7": ("2025-09-01", "2025-12-20", 0.9),
    "M8": ("2026-01-05", "2026-07-05", 0.9),
    "M9": ("2026-07-06", "2026-10-20", 1.2),
    "M10": ("2026-01-10", "2026-04-02", 0.25),
    "M11": ("2026-09-01", "2026-11-15", 0.6),
    "M13": ("2025-09-15", "2025-11-12", 0.5),
    "M14": ("2026-02-10", "2026-03-12", 0.6),
    "M15": ("2025-10-01", "2026-06-15", 0.25),
    "M16": ("2026-06-15", "2026-11-15", 0.5),
    "M17": ("2026-09-15", "2026-11-15", 0.5),
}
# Actions that ran alongside their siblings rather than one after the other.
ACTION_START = {"A10": "2026-06-01", "A11": "2026-09-01", "A30": "2026-06-15", "A31": "2026-08-01"}

KIND_CATEGORY = {
    "course": "learning",
    "reading": "learning",
    "project": "practice",
    "networking": "networking",
    "mentoring": "mentoring",
    "application": "job_search",
}
# Category of work on a milestone when no action is named (default: learning).
MILESTONE_CATEGORY = {
    "M3": "practice",
    "M4": "job_search",
    "M5": "job_search",
    "M9": "practice",
    "M11": "practice",
    "M13": "networking",
    "M14": "practice",
    "M15": "practice",
    "M16": "mentoring",
}

NOTES = {
    "A1": ["SQL course: joins and subqueries", "SQL course: CTEs", "SQL course: window functions"],
    "A2": ["Rewrote the bed-occupancy query with LAG()", "Checked new report against old one"],
    "A3": ["PL-300 path: data modelling", "PL-300 path: DAX measures", "Power Query exercises"],
    "A4": ["PL-300 practice exam", "Revised weak areas from practice exam"],
    "A5": [
        "Cleaned CMS Hospital Compare extract",
        "Built the ED wait-times page",
        "Dashboard layout",
    ],
    "A6": ["Drafted the blog post", "Edited the write-up and screenshots"],
    "A7": ["Rewrote CV bullets with numbers", "Updated LinkedIn headline and projects"],
    "A8": ["CV review call with mentor"],
    "A9": ["Mock interview with mentor", "Prepared STAR stories"],
    "A10": ["Applied to BI analyst role", "Tailored cover letter", "Phone screen"],
    "A11": ["Coffee chat with a BI team lead", "Followed up after coffee chat"],
    "A12": ["dbt course: models and tests", "dbt course: sources and docs"],
    "A13": ["Modelled clinic visits in dbt", "Added dbt tests for visit data"],
    "A14": ["OpenIntro reading: probability", "OpenIntro exercises: inference"],
    "A15": ["Module 1 exam revision", "Module 1 exam"],
    "A16": ["Regression course: lecture and quiz", "Regression assignment", "Residual diagnostics"],
    "A17": ["Module 2 exam revision", "Module 2 exam"],
    "A18": ["Forecasting course: ARIMA", "Forecasting course: seasonality"],
    "A19": ["ED arrivals: pulled weekly counts", "ED arrivals: first baseline model"],
    "A20": ["Reading group: Statistical Rethinking ch. 2", "Bayesian exercises"],
    "A21": ["Meeting with the quality team", "Scoped the wait-time data extract"],
    "A22": ["Wait-time analysis: first look at the data"],
    "A24": ["Messaged analytics leads for intro calls", "Intro call with an analytics lead"],
    "A25": ["First mentoring session"],
    "A26": ["Rehearsed the leadership talk with mentor"],
    "A27": ["First Toastmasters meeting"],
    "A28": ["Prepared Toastmasters speech", "Gave a Toastmasters speech"],
    "A29": ["Drafted speech 3"],
    "A30": ["Check-in with the junior analyst", "Reviewed the junior analyst's query"],
    "A31": ["Reading The Manager's Path"],
    "A32": ["Data governance course: consent and access", "Data governance course: audit trails"],
}
MILESTONE_NOTES = {
    "M2": ["Power BI practice on work data"],
    "M9": ["Forecasting notes"],
    "M15": ["Toastmasters meeting"],
    "M16": ["Caught up with the junior analyst"],
}
# (date, hours) of four long Saturdays: exam cram, hack day, and so on
LONG_DAYS = {"2026-01-24": "M2", "2026-02-07": "M2", "2026-04-04": "M3", "2026-06-27": "M8"}
# Odd jobs that belong to no goal
OTHER = [
    ("2025-09-03", 1.0, "Set up a study corner and a notes template"),
    ("2025-11-16", 0.5, "Tidied up study notes"),
    ("2026-01-11", 0.75, "Planned the year with the roadmap"),
    ("2026-05-17", 0.5, "Career fair at the university hospital"),
    ("2026-09-06", 1.0, "Backed up portfolio repos, cleaned old projects"),
    ("2026-11-08", 0.5, "Looked at analytics lead job descriptions"),
]
QUIET = [("2025-12-20", "2026-01-04", 0.15), ("2026-08-01", "2026-08-23", 0.1)]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def load_plan() -> tuple[dict, dict, dict]:
    """Milestones and actions from roadmap.yaml, keyed by id."""
    roadmap = YAML(typ="safe").load((MAP / "roadmap.yaml").read_text(encoding="utf-8"))
    milestones, actions, goal_of = {}, {}, {}
    for goal in roadmap["goals"]:
        for ms in goal["milestones"]:
            milestones[ms["id"]] = ms
            goal_of[ms["id"]] = goal["id"]
            for act in ms.get("actions") or []:
                actions[act["id"]] = act
    return milestones, actions, goal_of


def candidate_actions(ms: dict, day: dt.date) -> list[dict]:
    """Actions of ``ms`` being worked on at ``day`` (in order, one after the other)."""
    out = []
    prev_end = d(WORK[ms["id"]][0])
    for act in ms.get("actions") or []:
        begin = d(ACTION_START[act["id"]]) if act["id"] in ACTION_START else prev_end
        end = act.get("done") or AS_OF
        if begin <= day <= end:
            out.append(act)
        prev_end = end
    return out


def time_log(rng: np.random.Generator, milestones: dict, goal_of: dict) -> list[list]:
    days = [START + dt.timedelta(days=i) for i in range((AS_OF - START).days + 1)]
    # Mon-Thu evenings, a rarer Friday, Saturday mornings, some Sundays
    p_day = {0: 0.55, 1: 0.55, 2: 0.5, 3: 0.55, 4: 0.15, 5: 0.85, 6: 0.5}
    rows = []
    for day in days:
        p = p_day[day.weekday()]
        for lo, hi, factor in QUIET:
            if d(lo) <= day <= d(hi):
                p *= factor
        iso = day.isoformat()
        if iso in LONG_DAYS:
            n_rows, hours = 3, rng.choice([2.5, 3.0, 3.5, 4.0], size=3)
        elif rng.random() < p:
            weekend = day.weekday() >= 5
            n_rows = int(rng.choice([1, 2, 3], p=[0.35, 0.5, 0.15] if weekend else [0.8, 0.2, 0]))
            grid = [0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0] if weekend else [0.25, 0.5, 0.75, 1.0, 1.5]
            hours = rng.choice(grid, size=n_rows)
        else:
            continue
        active = [m for m, (lo, hi, _) in WORK.items() if d(lo) <= day <= d(hi)]
        weights = np.array([WORK[m][2] for m in active])
        for h in hours:
            if iso in LONG_DAYS:
                mid = LONG_DAYS[iso]
            else:
                mid = str(rng.choice(active, p=weights / weights.sum()))
            rows.append(log_row(rng, day, float(h), milestones[mid], goal_of[mid]))
    # a short reflection on the last Sunday of each month, outside any goal
    for day in days:
        if day.weekday() == 6 and (day + dt.timedelta(days=7)).month != day.month:
            rows.append(
                [day.isoformat(), 0.5, "reflection", "", "", "", "Monthly review of the plan"]
            )
    rows.extend([day, hours, "other", "", "", "", note] for day, hours, note in OTHER)
    rows.sort(key=lambda r: r[0])
    return rows


def log_row(rng: np.random.Generator, day: dt.date, hours: float, ms: dict, goal: str) -> list:
    acts = candidate_actions(ms, day)
    if acts and rng.random() < 0.9:
        act = acts[int(rng.integers(len(acts)))]
        category = KIND_CATEGORY.get(act["kind"], MILESTONE_CATEGORY.get(ms["id"], "practice"))
        note = str(rng.choice(NOTES[act["id"]]))
        return [day.isoformat(), hours, category, goal, ms["id"], act["id"], note]
    category = MILESTONE_CATEGORY.get(ms["id"], "learning")
    notes = MILESTONE_NOTES.get(ms["id"], [ms["title"]])
    return [day.isoformat(), hours, category, goal, ms["id"], "", str(rng.choice(notes))]


# Quarterly self-assessment rounds plus a few outside views. Speaking stalls (the
# Toastmasters milestone is overdue); programming and statistics climb.
ROUNDS = ["2025-09-07", "2025-12-06", "2026-03-07", "2026-06-06", "2026-09-05"]
SELF_LEVELS = {
    "Programming": [3.5, 4.0, 4.5, 4.5, 5.0],
    "2.A.1.e": [3.0, 3.5, 3.5, 4.0, 4.5],
    "Critical Thinking": [4.0, 4.0, 4.5, 4.5, 4.5],
    "Writing": [4.0, 4.0, 4.5, 4.5, 5.0],
    "Speaking": [3.0, 3.0, 3.5, 3.0, 3.0],
    "Systems Analysis": [3.0, 3.0, 3.5, 4.0, 4.0],
    "Complex Problem Solving": [3.5, 3.5, 4.0, 4.0, 4.5],
    "Active Listening": [4.0, 4.0, 4.0, 4.5, 4.5],
    "Computers and Electronics": [3.5, 4.0, 4.5, 4.5, 5.0],
    "stakeholder-mgmt": [2.5, 3.0, 3.5, 3.5, 4.0],
    "Management of Personnel Resources": [2.0, 2.0, 2.0, 2.5, 3.0],
}
OTHER_VIEWS = [
    ("2025-12-20", "2.A.1.e", 3.4, "test", "Module 1 exam, 78%"),
    ("2026-02-09", "Programming", 4.3, "test", "PL-300 passed, 812/1000"),
    ("2026-03-12", "Speaking", 2.8, "manager", "Feedback after the leadership meeting talk"),
    (
        "2026-03-12",
        "stakeholder-mgmt",
        3.5,
        "manager",
        "Feedback after the leadership meeting talk",
    ),
    ("2026-06-20", "Speaking", 3.0, "mentor", "Mock interview: clear but rushed"),
    ("2026-06-20", "Active Listening", 4.5, "mentor", "Mock interview"),
    ("2026-07-05", "2.A.1.e", 4.0, "test", "Module 2 exam, 84%"),
    ("2026-09-24", "Critical Thinking", 4.5, "peer", "Quality team lead after scoping meeting"),
]
ROUND_NOTES = {0: "Baseline at the start of the plan", 4: "Quarterly self-assessment"}


def assessments() -> list[list]:
    rows = []
    for i, date in enumerate(ROUNDS):
        for skill, levels in SELF_LEVELS.items():
            note = ROUND_NOTES.get(i, "Quarterly self-assessment") if skill == "Programming" else ""
            rows.append([date, skill, levels[i], "self", note])
    rows.extend(list(r) for r in OTHER_VIEWS)
    rows.sort(key=lambda r: r[0])
    return rows


REVIEWS = [
    ("2025-09-28", 4, 5, 3, 4, "Good start, SQL course is fun"),
    ("2025-10-26", 4, 5, 3, 4, "Finished SQL course early"),
    ("2025-11-30", 4, 4, 3, 4, "Found a mentor; work rota is heavy"),
    ("2025-12-28", 3, 3, 3, 4, "Holidays, barely studied"),
    ("2026-01-25", 3, 4, 3, 4, "Power BI slipped but back on track"),
    ("2026-02-22", 4, 4, 4, 4, "Passed PL-300"),
    ("2026-03-29", 4, 4, 4, 5, "Presented to leadership, nervous but it went fine"),
    ("2026-04-26", 5, 5, 4, 5, "Dashboard published, good feedback"),
    ("2026-05-31", 4, 4, 4, 5, "Regression course harder than expected"),
    ("2026-06-28", 4, 4, 4, 4, "Mock interviews helped"),
    ("2026-07-26", 4, 4, 4, 4, "First real interview"),
    ("2026-08-30", 3, 3, 4, 4, "Summer break; hiring freeze is frustrating"),
    ("2026-09-27", 4, 4, 4, 5, "Quality team project started"),
    ("2026-10-25", 4, 4, 4, 5, "Forecasting project behind, speeches stuck"),
]

# (month end, interviews completed, statistics modules passed)
PROGRESS = [
    ("2025-09-30", 0, 0),
    ("2025-10-31", 0, 0),
    ("2025-11-30", 0, 0),
    ("2025-12-31", 0, 1),
    ("2026-01-31", 0, 1),
    ("2026-02-28", 0, 1),
    ("2026-03-31", 0, 1),
    ("2026-04-30", 0, 1),
    ("2026-05-31", 0, 1),
    ("2026-06-30", 0, 1),
    ("2026-07-31", 1, 2),
    ("2026-08-31", 1, 2),
    ("2026-09-30", 2, 2),
    ("2026-10-31", 3, 2),
]


def write(name: str, header: list[str], rows: list[list]) -> None:
    with open(MAP / name, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def main() -> None:
    rng = np.random.default_rng(SEED)
    milestones, _, goal_of = load_plan()
    header = ["date", "hours", "category", "goal", "milestone", "action", "note"]
    write("time_log.csv", header, time_log(rng, milestones, goal_of))
    write("assessments.csv", ["date", "skill", "level", "source", "note"], assessments())
    header = ["date", "satisfaction", "motivation", "confidence", "alignment", "note"]
    write("reviews.csv", header, [list(r) for r in REVIEWS])
    progress = [[day, "G1", g1] for day, g1, _ in PROGRESS]
    progress += [[day, "G2", g2] for day, _, g2 in PROGRESS]
    write("goal_progress.csv", ["date", "goal", "value"], sorted(progress))


if __name__ == "__main__":
    main()
