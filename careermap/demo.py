"""Deterministic demo cohorts: many believable map folders with planted behaviour.

:func:`generate_cohort` writes a cohort folder as described in DESIGN.md: one map folder per
person (``roadmap.yaml``, ``time_log.csv``, ``assessments.csv``, ``reviews.csv``,
``goal_progress.csv`` and, for about one person in ten, a ``roles/<id>.yaml`` custom role)
plus ``cohort.yaml``. The same ``seed`` always gives byte-identical files. Nothing reads the
reference data at run time: target roles and skills come from the hard-coded lists below,
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
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

import numpy as np

from careermap.errors import InvalidArgumentError

__all__ = ["PERSONAS", "generate_cohort"]

PERSONAS = ("steady", "stalled", "dropped_out", "late_starter", "over_achiever", "over_planner")
TRACKS = ("data", "design", "ops")

# Rated O*NET 29.3 occupations (rows in Skills.xlsx), by track: (code, title).
ROLES = {
    "data": [
        ("15-2051.01", "Business Intelligence Analyst"),
        ("15-2041.00", "Statistician"),
        ("15-2041.01", "Biostatistician"),
        ("15-2031.00", "Operations Research Analyst"),
        ("15-1243.01", "Data Warehousing Specialist"),
        ("15-1242.00", "Database Administrator"),
        ("15-2051.02", "Clinical Data Manager"),
        ("15-1211.01", "Health Informatics Specialist"),
    ],
    "design": [
        ("27-1024.00", "Graphic Designer"),
        ("15-1254.00", "Web Developer"),
        ("27-3042.00", "Technical Writer"),
        ("27-1021.00", "Industrial Designer"),
        ("15-1255.01", "Video Game Designer"),
        ("13-1161.00", "Market Research Analyst"),
    ],
    "ops": [
        ("13-1111.00", "Management Analyst"),
        ("11-9111.00", "Health Services Manager"),
        ("13-1081.02", "Logistics Analyst"),
        ("15-1299.09", "IT Project Manager"),
        ("11-1021.00", "Operations Manager"),
        ("13-2031.00", "Budget Analyst"),
        ("15-1211.00", "Computer Systems Analyst"),
        ("11-9121.01", "Clinical Research Coordinator"),
    ],
}
UNRATED_ROLE = "15-2051.00"  # Data Scientists: no Skills/Knowledge ratings in O*NET 29.3

# Custom lead role per track: (id, title, based_on (rated), O*NET requirements, custom skills)
CUSTOM_ROLES = {
    "data": (
        "analytics-lead",
        "Analytics Team Lead",
        "11-3021.00",
        [("Programming", 4.5, 3), ("2.A.1.e", 4.5, 4), ("Speaking", 5.0, 4.5)],
        [
            ("stakeholder-mgmt", "Stakeholder management", 5.0, 4),
            ("data-governance", "Data governance", 4.0, 3.5),
        ],
    ),
    "design": (
        "design-lead",
        "Design Lead",
        "27-1011.00",
        [("Technology Design", 5.0, 4), ("Design", 5.5, 4.5), ("Persuasion", 4.5, 3.5)],
        [
            ("stakeholder-mgmt", "Stakeholder management", 5.0, 4),
            ("design-systems", "Design systems", 5.0, 4),
        ],
    ),
    "ops": (
        "operations-lead",
        "Operations Lead",
        "11-1021.00",
        [
            ("Coordination", 5.0, 4.5),
            ("Management of Personnel Resources", 5.0, 4),
            ("Monitoring", 4.5, 4),
        ],
        [
            ("stakeholder-mgmt", "Stakeholder management", 5.0, 4),
            ("lean-six-sigma", "Lean Six Sigma", 4.0, 3.5),
        ],
    ),
}

# Milestone templates: (title, kind, skills). Skills are O*NET 29.3 element names, or ids
# where the name is ambiguous (Mathematics is both skill 2.A.1.e and knowledge 2.C.4.a).
COMMON_MILESTONES = {
    "move": [
        ("Update CV and LinkedIn profile", "other", ["Writing"]),
        ("Research target employers", "reading", ["Active Learning", "Critical Thinking"]),
        ("Do three mock interviews", "mentoring", ["Speaking", "Active Listening"]),
        ("Apply to ten target roles", "application", ["Writing", "Time Management"]),
        ("Get a referral from a contact", "networking", ["Social Perceptiveness"]),
        ("Complete first-round interviews", "application", ["Speaking", "Active Listening"]),
    ],
    "network": [
        ("Find a mentor in the field", "networking", ["Active Listening"]),
        ("Hold five informational interviews", "networking", ["Speaking", "Active Listening"]),
        ("Join a professional association", "networking", ["Active Learning"]),
        ("Attend a regional meetup", "networking", ["Speaking", "Social Perceptiveness"]),
        ("Write a LinkedIn post series", "project", ["Writing"]),
    ],
    "lead": [
        ("Complete a management fundamentals course", "course", ["Administration and Management"]),
        ("Mentor a junior colleague", "mentoring", ["Instructing", "Social Perceptiveness"]),
        (
            "Lead a cross-team project at work",
            "project",
            ["Coordination", "Management of Personnel Resources"],
        ),
        ("Run a team retrospective", "other", ["Judgment and Decision Making", "Coordination"]),
    ],
}  # fmt: skip
TRACK_MILESTONES = {
    "data": {
        "skills": [
            ("Finish an SQL course", "course", ["Programming", "Computers and Electronics"]),
            ("Complete a statistics refresher", "course", ["2.A.1.e", "Critical Thinking"]),
            ("Learn Python for data analysis", "course", ["Programming"]),
            ("Get a cloud data certification", "course",
             ["Computers and Electronics", "Systems Evaluation"]),
            ("Learn a BI tool to certification level", "course",
             ["Systems Analysis", "Programming"]),
            ("Study data modelling", "reading", ["Systems Analysis", "2.C.4.a"]),
        ],
        "portfolio": [
            ("Build a portfolio dashboard on open data", "project",
             ["Systems Analysis", "Writing"]),
            ("Publish a data analysis write-up", "project", ["Writing", "Critical Thinking"]),
            ("Automate a weekly report at work", "project",
             ["Programming", "Operations Analysis"]),
            ("Enter a data competition", "project", ["Complex Problem Solving", "2.A.1.e"]),
            ("Forecast a business metric end to end", "project",
             ["2.A.1.e", "Complex Problem Solving"]),
        ],
    },
    "design": {
        "skills": [
            ("Finish a UX research course", "course",
             ["Social Perceptiveness", "Active Listening"]),
            ("Learn Figma components and auto layout", "course", ["Technology Design", "Design"]),
            ("Complete a front-end basics course", "course",
             ["Programming", "Computers and Electronics"]),
            ("Study typography and layout", "reading", ["Design", "Communications and Media"]),
            ("Take a technical writing course", "course", ["Writing", "English Language"]),
            ("Learn the accessibility guidelines", "reading",
             ["Technology Design", "Quality Control Analysis"]),
        ],
        "portfolio": [
            ("Redesign a public service website", "project", ["Technology Design", "Design"]),
            ("Publish three case studies", "project", ["Writing", "Communications and Media"]),
            ("Run usability tests with five users", "project",
             ["Social Perceptiveness", "Critical Thinking"]),
            ("Build a personal portfolio site", "project", ["Programming", "Design"]),
            ("Create a brand identity for a local charity", "project", ["Design", "Persuasion"]),
        ],
    },
    "ops": {
        "skills": [
            ("Complete a project management course", "course",
             ["Coordination", "Time Management"]),
            ("Learn Lean basics", "course", ["Operations Analysis", "Quality Control Analysis"]),
            ("Take a healthcare operations course", "course",
             ["Medicine and Dentistry", "Administration and Management"]),
            ("Study budgeting and finance basics", "course",
             ["Management of Financial Resources", "Economics and Accounting"]),
            ("Learn spreadsheet modelling", "course", ["2.A.1.e", "Computers and Electronics"]),
            ("Read up on process mapping", "reading", ["Systems Analysis", "Monitoring"]),
        ],
        "portfolio": [
            ("Map and improve a process at work", "project", ["Operations Analysis", "Monitoring"]),
            ("Run a cost-saving pilot", "project",
             ["Management of Financial Resources", "Judgment and Decision Making"]),
            ("Write a business case for a new service", "project",
             ["Writing", "Economics and Accounting"]),
            ("Set up a KPI dashboard for the team", "project",
             ["Monitoring", "Computers and Electronics"]),
            ("Lead a vendor negotiation", "project",
             ["Negotiation", "Customer and Personal Service"]),
        ],
    },
}  # fmt: skip
ACTIONS = {
    "course": [("Work through modules 1-4", "course"), ("Work through modules 5-8", "course"),
               ("Pass the final assessment", "course")],
    "project": [("Plan the scope", "other"), ("Build the first version", "project"),
                ("Write it up and share it", "project")],
    "networking": [("List people to contact", "other"), ("Reach out to five people", "networking"),
                   ("Follow up with thank-you notes", "networking")],
    "application": [("Shortlist openings", "application"),
                    ("Tailor and send applications", "application"),
                    ("Prepare for interviews", "mentoring")],
    "mentoring": [("Book the sessions", "mentoring"), ("Practise and get feedback", "mentoring")],
    "reading": [("Read the core material", "reading"), ("Write a one-page summary", "reading")],
    "other": [("Draft it", "other"), ("Get feedback", "mentoring"), ("Finalise it", "other")],
}  # fmt: skip
SINGLE_ACTION = {
    "course": ("Complete the course", "course"),
    "project": ("Do the project", "project"),
    "networking": ("Reach out to contacts", "networking"),
    "application": ("Send the applications", "application"),
    "mentoring": ("Mentoring sessions", "mentoring"),
    "reading": ("Read and take notes", "reading"),
    "other": ("Draft and finalise", "other"),
}
EFFORT = {
    "course": [10, 12, 15, 20, 25, 30, 40],
    "project": [10, 15, 20, 25, 30, 40],
    "networking": [3, 4, 6, 8, 10, 12],
    "application": [4, 6, 8, 10, 15, 20],
    "mentoring": [3, 4, 6, 8, 10],
    "reading": [4, 6, 8, 10, 15],
    "other": [2, 3, 4, 6, 8, 10],
}
KIND_CATEGORY = {
    "course": "learning",
    "reading": "learning",
    "project": "practice",
    "networking": "networking",
    "mentoring": "mentoring",
    "application": "job_search",
    "other": "practice",
}
GOALS = {
    "move": ("Move into {a_role} role", "Get hired as {a_role}", "interviews completed", (4, 8)),
    "skills": ("Build core skills for {a_role} role",
               "Close my biggest skill gaps for {role} with structured courses",
               "courses completed", None),
    "portfolio": ("Build a portfolio of work", "Publish projects that show what I can do",
                  "portfolio projects published", None),
    "network": ("Grow my professional network", "Build relationships with people in the field",
                "informational interviews", (8, 15)),
    "lead": ("Prepare to lead a team", "Build the people skills to lead a small team",
             "mentoring sessions", (6, 12)),
}  # fmt: skip
REASONS = (
    "work deadline", "course took longer than planned", "family commitments",
    "changed priorities", "waiting on a dependency", "illness", "holiday",
    "underestimated the effort", "hiring freeze", "moved house",
)  # fmt: skip
CURRENT_ROLES = {
    "data": ["43-9111.00", "43-9021.00", "15-1232.00", "Junior analyst (finance)",
             "Lab technician", "Recent economics graduate"],
    "design": ["27-1024.00", "43-4051.00", "27-3041.00", "Marketing assistant",
               "Freelance illustrator", "Retail visual merchandiser"],
    "ops": ["43-6014.00", "29-1141.00", "43-1011.00", "Shift supervisor (retail)",
            "Clinic receptionist", "Warehouse team leader"],
}  # fmt: skip
VISIONS = {
    "data": ["Lead an analytics team in healthcare",
             "Become a trusted data expert in the public sector",
             "Run data strategy for a mid-size company"],
    "design": ["Lead design for a product people love", "Run my own small design studio",
               "Make public services easy to use"],
    "ops": ["Run operations for a hospital department", "Lead a logistics team",
            "Become head of operations at a growing company"],
}  # fmt: skip
VALUES = ["autonomy", "learning", "impact", "security", "creativity", "collaboration", "balance"]
STRENGTHS = ["analytical thinking", "writing", "organisation", "empathy", "visual thinking",
             "attention to detail", "problem solving", "teaching others"]  # fmt: skip
PASSIONS = {
    "data": ["data storytelling", "public health", "forecasting", "open data"],
    "design": ["typography", "accessibility", "illustration", "user research"],
    "ops": ["process improvement", "patient experience", "supply chains", "team culture"],
}
GROWTH = ["public speaking", "statistics", "negotiation", "delegation", "networking",
          "time management", "programming"]  # fmt: skip
FIRST_NAMES = [
    "Jordan", "Aisha", "Mateo", "Mei", "Oluwaseun", "Priya", "Liam", "Fatima", "Chen", "Sofia",
    "Kwame", "Hannah", "Diego", "Yuki", "Amara", "Noah", "Leila", "Tomasz", "Ana", "Rahul",
    "Zanele", "Ethan", "Nadia", "Hiroshi", "Grace", "Omar", "Ingrid", "Carlos", "Thandiwe",
    "Lucas", "Mariam", "Arjun", "Chloe", "Tariq", "Elif", "Samuel", "Ngozi", "Jae-won", "Olivia",
    "Kofi", "Camila", "Dmitri", "Aroha", "Isaac", "Farah", "Mateus", "Sina", "Beatriz", "Ravi",
    "Siobhán", "José", "Zoë", "Malik", "Freya", "Bilal", "Esther", "Tenzin", "Lucía", "Emeka",
    "Hana",
]  # fmt: skip
LAST_NAMES = [
    "Lee", "Okafor", "García", "Nguyen", "Patel", "Kowalski", "Haddad", "Johansson", "Mensah",
    "Tanaka", "Silva", "O'Brien", "Cohen", "Dlamini", "Rossi", "Kim", "Hernández", "Ahmed",
    "Müller", "Novak", "Adeyemi", "Chowdhury", "Santos", "Ivanova", "Walker", "Yilmaz", "Park",
    "Mbeki", "Fernández", "Brown", "Singh", "Lindqvist", "Osei", "Moreau", "Wang", "Ali",
    "Campbell", "Sato", "Reyes", "Kaur", "Jensen", "Abubakar", "Murphy", "Costa", "Nakamura",
    "Petrov", "Hughes", "Bianchi", "Eze", "Larsen", "Rahman", "Torres", "Fischer", "Mahlangu",
    "Zhou", "Castillo", "Nowak", "Takahashi", "Baptiste", "Rivera",
]  # fmt: skip
COACHES = ["Morgan Ellis", "Dana Whitfield", "Sam Okoro", "Robin Castellanos"]

_WEEKDAY_WEIGHT = np.array([0.9, 0.9, 0.85, 0.85, 0.35, 1.3, 0.85])
_SOURCES = ("mentor", "manager", "peer", "test")
_SOURCE_NOTES = {
    "mentor": "Mentor feedback",
    "manager": "Manager check-in",
    "peer": "Peer feedback",
    "test": "Online test result",
}
_LOOSE_NOTES = [
    ("learning", "Read industry news"),
    ("reflection", "Thought about next steps"),
    ("job_search", "Browsed job postings"),
    ("other", "Organised study notes"),
    ("learning", "Watched a conference talk"),
]
_REVIEW_NOTES = {
    5: ("Great month", "Feeling good about progress", "Big step forward"),
    4: ("Steady month", "Good progress", "On track"),
    3: ("Mixed month", "Busy at work", "Some progress"),
    2: ("Hard month", "Fell behind", "Low energy"),
    1: ("Struggling", "Thinking of pausing", "Nothing went to plan"),
}
_PLAIN = re.compile(r"[^\W_][\w .'()/&+-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"}

_PERSONA = {
    # outcome probabilities of milestones due while active: on time, late, overdue, dropped
    "steady": dict(p=(0.78, 0.14, 0.03, 0.05), resched=0.15, rate=(2, 4), load=(0.85, 1.15)),
    "stalled": dict(p=(0.6, 0.2, 0.12, 0.08), resched=0.2, rate=(2, 4), load=(0.85, 1.15)),
    "dropped_out": dict(p=(0.55, 0.2, 0.15, 0.1), resched=0.15, rate=(2, 4), load=(0.7, 1.0)),
    "late_starter": dict(p=(0.78, 0.14, 0.03, 0.05), resched=0.15, rate=(2, 4), load=(0.85, 1.15)),
    "over_achiever": dict(p=(0.95, 0.0, 0.0, 0.05), resched=0.05, rate=(4, 6), load=(1.7, 2.5)),
    "over_planner": dict(p=(0.2, 0.15, 0.5, 0.15), resched=0.7, rate=(2.5, 4), load=(0.9, 1.2)),
}


def generate_cohort(
    out: str | os.PathLike[str],
    *,
    people: int = 30,
    seed: int = 0,
    as_of: str = "2026-11-15",
    start: str = "2025-09-01",
) -> Path:
    """Write a deterministic demo cohort folder with planted personas.

    Parameters
    ----------
    out
        Folder to write, created if missing. Person folders of an earlier demo cohort
        there (listed in its ``cohort.yaml``) are removed first; other files are kept.
    people
        Number of people (>= 1).
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives byte-identical files.
    as_of
        ISO date the data runs to: no log, done date or reschedule is later than this.
    start
        ISO start date of the cohort (each person starts 0-13 days after it).

    Returns
    -------
    pathlib.Path
        The cohort folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = generate_cohort(pathlib.Path(tempfile.mkdtemp()) / "demo", people=6, seed=1)
    >>> (folder / "cohort.yaml").is_file(), sum(p.is_dir() for p in folder.iterdir())
    (True, 6)
    """
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise InvalidArgumentError(f"people must be a positive integer; got {people!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidArgumentError(f"seed must be a non-negative integer; got {seed!r}")
    d0, d_as_of = _parse_date(start, "start"), _parse_date(as_of, "as_of")
    if (d_as_of - d0).days < 240:
        raise InvalidArgumentError(
            f"as_of must be at least 240 days after start; got start={start}, as_of={as_of}"
        )
    root = Path(out)
    _prepare(root)
    rng = np.random.default_rng(seed)
    cal = _Calendar(d0, d_as_of)
    personas = _assign_personas(rng, people)
    tracks = [TRACKS[i] for i in rng.integers(0, len(TRACKS), size=people)]
    # the unrated Data Scientists role goes to data-track people first
    order = rng.permutation(people).tolist()
    order.sort(key=lambda i: tracks[i] != "data")
    unrated = set(order[: max(1, round(0.05 * people))])
    width = max(3, len(str(people)))
    ids: list[str] = []
    for i in range(people):
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
        pid = f"p{i + 1:0{width}d}-{_slug(first)}-{_slug(last)}"
        ids.append(pid)
        person = _Person(rng, cal, pid, f"{first} {last}", personas[i], tracks[i], i in unrated)
        person.write(root / pid)
    lines = [
        f"# Demo cohort written by careermap.demo.generate_cohort(people={people}, seed={seed},",
        f"# as_of={as_of}, start={start}). `personas` is an extension key written by the demo",
        "# generator so that tests and demos can check the planted signals.",
        f"name: Demo cohort (seed {seed})",
        f"coach: {COACHES[seed % len(COACHES)]}",
        f"start: {d0.isoformat()}",
        "groups:",
        *(f"  {pid}: {track}" for pid, track in zip(ids, tracks, strict=True)),
        "personas:",
        *(f"  {pid}: {persona}" for pid, persona in zip(ids, personas, strict=True)),
    ]
    (root / "cohort.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _parse_date(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise InvalidArgumentError(
            f"{name} must be an ISO date (YYYY-MM-DD); got {text!r}"
        ) from None


def _prepare(root: Path) -> None:
    """Create ``root``, or remove the person folders of an earlier demo cohort written there."""
    if root.exists() and not root.is_dir():
        raise InvalidArgumentError(f"out must be a folder; {root} is a file")
    root.mkdir(parents=True, exist_ok=True)
    old = root / "cohort.yaml"
    text = old.read_text(encoding="utf-8") if old.is_file() else ""
    if "\npersonas:\n" not in text:
        return
    listed = text.split("\npersonas:\n", 1)[1]
    for pid in re.findall(r"^  ([a-z0-9][a-z0-9_-]{0,63}): \w+$", listed, re.M):
        if (root / pid).is_dir():
            shutil.rmtree(root / pid)


def _assign_personas(rng: np.random.Generator, n: int) -> list[str]:
    if n < 12:
        chosen = [PERSONAS[i % len(PERSONAS)] for i in range(n)]
    else:
        small = max(2, round(0.1 * n))
        counts = {p: small for p in ("stalled", "dropped_out", "over_achiever", "over_planner")}
        counts["late_starter"] = max(2, round(0.15 * n))
        counts["steady"] = n - sum(counts.values())
        chosen = [p for p in PERSONAS for _ in range(counts[p])]
    return [chosen[i] for i in rng.permutation(n)]


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_.lower())


@functools.lru_cache(maxsize=4096)
def _q(text: str) -> str:
    """A YAML scalar for ``text``: plain when unambiguous (also inside flow collections)."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and not _number(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_HOURS = {q / 4: f"{q / 4:g}" for q in range(1, 97)}


@functools.lru_cache(maxsize=4096)
def _csv(value: str) -> str:
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _num(x: float) -> str:
    return f"{x:g}"


class _Calendar:
    """Days as integer offsets from the cohort start, with cached ISO strings."""

    def __init__(self, d0: dt.date, as_of: dt.date) -> None:
        self.d0 = d0
        self.as_of = (as_of - d0).days
        self.lo = -30
        span = np.arange(self.lo, self.as_of + 3000)
        self.iso = np.datetime_as_string(np.datetime64(d0, "D") + span).tolist()
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
        return self.iso[off - self.lo]

    def year_end(self, year: int) -> int:
        return (dt.date(year, 12, 31) - self.d0).days


class _Person:
    """One generated person: plan first, then logs consistent with it."""

    def __init__(
        self,
        rng: np.random.Generator,
        cal: _Calendar,
        pid: str,
        name: str,
        persona: str,
        track: str,
        unrated: bool,
    ) -> None:
        self.rng, self.cal, self.pid, self.name = rng, cal, pid, name
        self.persona, self.track = persona, track
        self.cfg = _PERSONA[persona]
        a = cal.as_of
        self.start = int(rng.integers(0, 14))
        self.weekly = float(rng.choice([3, 4, 5, 6, 6, 8, 10]))
        act_lo = self.start + int(rng.integers(0, 15))
        act_hi = a
        if persona == "late_starter":
            act_lo = self.start + int(rng.integers(95, 141))
        elif persona == "stalled":
            act_hi = a - int(rng.integers(45, 111))
        elif persona == "dropped_out":
            act_hi = a - int(rng.integers(125, 201))
        self.act_lo, self.act_hi = act_lo, act_hi
        # reviews, assessments and goal progress go on to as_of except for drop-outs
        self.rev_hi = act_hi if persona == "dropped_out" else a
        self.custom = CUSTOM_ROLES[track] if rng.random() < 0.1 else None
        self._roles(unrated)
        self._goals()
        self._milestones()
        self._actions()
        self._goal_details()
        offs = cal.month_start + rng.integers(24, 28, size=cal.month_start.size)
        self.review_days = [int(x) for x in offs if self.act_lo <= x <= self.rev_hi]

    # ---- plan -------------------------------------------------------------------------
    def _roles(self, unrated: bool) -> None:
        rng = self.rng
        pool = ROLES[self.track]
        n = int(rng.integers(1, 4))
        picks = [pool[i] for i in rng.permutation(len(pool))[:n]]
        self.roles: list[tuple[str, str, int]] = [
            ("onet", c, k + 1) for k, (c, _) in enumerate(picks)
        ]
        self.primary_title = picks[0][1]
        self.primary = picks[0][0]
        if unrated:
            self.roles.insert(1, ("onet", UNRATED_ROLE, 2))
        if self.custom:
            self.roles.append(("custom", self.custom[0], 0))
        self.roles = [(kind, ref, k + 1) for k, (kind, ref, _) in enumerate(self.roles)]
        self.horizon = self.cal.year_end(int(rng.integers(2028, 2032)) + self.cal.d0.year - 2025)

    def _goals(self) -> None:
        rng = self.rng
        n_goals = int(rng.integers(2, 5)) if self.persona != "over_planner" else 4
        extra = ["portfolio", "network", "lead"]
        kinds = ["move", "skills", *[extra[i] for i in rng.permutation(3)]][:n_goals]
        self.goal_kinds = kinds
        if self.persona == "over_planner":
            n_ms = int(rng.integers(20, 31))
        else:
            n_ms = int(rng.integers(6, 16))
        # at least one milestone per goal, the rest spread at random
        counts = np.ones(n_goals, dtype=int) + rng.multinomial(
            n_ms - n_goals, [1 / n_goals] * n_goals
        )
        self.ms_counts = counts.tolist()
        self.weak = int(rng.integers(4)) if rng.random() < 0.3 else None

    def _templates(self, kind: str, n: int) -> list[tuple[str, str, list[str]]]:
        if kind in ("skills", "portfolio"):
            pool = TRACK_MILESTONES[self.track][kind]
        else:
            pool = COMMON_MILESTONES[kind]
        order = self.rng.permutation(len(pool))
        out = []
        for j in range(n):
            title, mkind, skills = pool[order[j % len(pool)]]
            if j >= len(pool):
                title = f"{title} (part {j // len(pool) + 1})"
            out.append((title, mkind, list(skills)))
        return out

    def _milestones(self) -> None:
        rng, a = self.rng, self.cal.as_of
        cfg = self.cfg
        lo, hi = self.act_lo, self.act_hi
        self.ms: list[dict] = []
        k = 0
        span_hi = a + (450 if self.persona == "over_planner" else 330)
        # targets spread over the plan (one per equal slot), dealt to milestones at random
        n = sum(self.ms_counts)
        edges = np.linspace(self.start + 30, span_hi, n + 1)
        slots = rng.permutation(edges[:-1] + rng.random(n) * (edges[1] - edges[0])).astype(int)
        for g, (kind, count) in enumerate(zip(self.goal_kinds, self.ms_counts, strict=True)):
            for title, mkind, skills in self._templates(kind, count):
                k += 1
                planned = self.start
                if rng.random() < 0.18 and hi - lo > 90:
                    planned = int(rng.integers(lo + 30, hi - 20))
                target = int(slots[k - 1])
                if target < planned + 30:
                    target = planned + int(rng.integers(45, 241))
                effort = int(rng.choice(EFFORT[mkind]))
                if self.custom and rng.random() < 0.25:
                    skills.append(self.custom[4][int(rng.integers(2))][0])
                self.ms.append(
                    dict(
                        id=f"M{k}",
                        goal=g,
                        title=title,
                        kind=mkind,
                        skills=skills,
                        planned=planned,
                        target=target,
                        effort=effort,
                        resched=[],
                        done=None,
                        dropped=None,
                        deps=[],
                    )
                )
        if self.persona == "stalled":
            # three open milestones fall due between the last log and as_of
            late = [m for m in self.ms if m["planned"] < hi - 14]
            for i in rng.permutation(len(late))[:3]:
                late[i]["target"] = int(rng.integers(hi + 1, a - 2))
        for m in self.ms:
            self._outcome(m, cfg)
        if self.persona == "over_planner":
            # most milestones stay open: undo drops, then completions, of the latest ones
            closed = sorted(
                (m for m in self.ms if m["done"] is not None or m["dropped"] is not None),
                key=lambda m: (m["dropped"] is None, -m["target"]),
            )
            while closed and 2 * len(closed) >= len(self.ms):
                m = closed.pop(0)
                m["done"] = m["dropped"] = None
        self._fit_load()
        self._dependencies()

    def _fit_load(self) -> None:
        """Scale effort so over-planners plan >= 2.5 x capacity and everyone else <= 1.0."""
        weeks = (max(m["target"] for m in self.ms) - self.start) / 7
        planned = sum(m["effort"] for m in self.ms if m["dropped"] is None)
        ratio = planned / (self.weekly * weeks)
        if self.persona == "over_planner":
            factor = max(1.0, 2.5 / ratio) * self.rng.uniform(1.05, 1.4)
            scale = np.ceil
        elif ratio > 0.95:
            factor, scale = 0.95 / ratio, np.floor
        else:
            return
        for m in self.ms:
            m["effort"] = max(1, int(scale(m["effort"] * factor)))

    def _outcome(self, m: dict, cfg: dict) -> None:
        rng, a = self.rng, self.cal.as_of
        lo, hi = self.act_lo, self.act_hi
        ev_lo = max(m["planned"] + 1, lo)
        if self.persona == "late_starter" and m["target"] < lo + 14:
            on = lo + int(rng.integers(0, 15))
            new = on + int(rng.integers(45, 151))
            m["resched"].append((on, m["target"], self._reason()))
            m["target"] = new
            ev_lo = on + 1
        t = m["target"]
        if t <= hi:
            outcome = int(rng.choice(4, p=cfg["p"]))
            if outcome == 0:
                early = (7, 46) if self.persona == "over_achiever" else (0, 15)
                m["done"] = max(t - int(rng.integers(*early)), ev_lo + 2)
            elif outcome == 1:
                done = t + int(rng.integers(1, 36))
                m["done"] = done if done <= hi else None
            elif outcome == 3 and min(t, hi) > ev_lo + 7:
                m["dropped"] = int(rng.integers(ev_lo + 7, min(t, hi) + 1))
        elif self.persona == "over_achiever" and t > a and rng.random() < 0.4:
            first = max(ev_lo + 2, a - 120, t - 120)
            if first <= a:
                m["done"] = int(rng.integers(first, a + 1))
        elif t > a and rng.random() < 0.03 and ev_lo + 20 <= hi:
            m["done"] = int(rng.integers(ev_lo + 20, hi + 1))
        if m["done"] is not None:
            m["done"] = min(m["done"], hi)
        if m["resched"] or m["dropped"] is not None or rng.random() >= cfg["resched"]:
            return
        n = int(rng.integers(1, 4)) if self.persona == "over_planner" else 1
        ev_hi = hi if m["done"] is None else m["done"] - 1
        chain = []
        cur, last_on = t, ev_hi + 1
        for _ in range(n):
            frm = cur - int(rng.integers(14, 61))
            on = min(frm - int(rng.integers(-7, 31)), last_on - 1)
            if on > ev_hi:  # a far-off target moved some time before as_of
                on = ev_hi - int(rng.integers(0, max(1, min(120, ev_hi - ev_lo))))
            if frm <= m["planned"] + 7 or on < ev_lo:
                break
            chain.append((on, frm, self._reason()))
            cur, last_on = frm, on
        m["resched"] = chain[::-1]

    def _reason(self) -> str:
        return REASONS[int(self.rng.integers(len(REASONS)))]

    def _dependencies(self) -> None:
        by_goal: dict[int, list[dict]] = {}
        for m in self.ms:
            by_goal.setdefault(m["goal"], []).append(m)
        for group in by_goal.values():
            group.sort(key=lambda m: m["target"])
            for prev, m in itertools.pairwise(group):
                if prev["dropped"] is not None or self.rng.random() >= 0.4:
                    continue
                if m["done"] is not None and (prev["done"] is None or prev["done"] > m["done"]):
                    continue
                m["deps"] = [prev["id"]]

    def _actions(self) -> None:
        rng = self.rng
        k = 0
        for m in self.ms:
            end = m["done"] if m["done"] is not None else (m["dropped"] or m["target"])
            dur = int(min(max(m["effort"] / (self.weekly * 0.3) * 7, 30), 180))
            m["wlo"] = max(m["planned"], end - dur)
            m["whi"] = end if m["done"] is not None or m["dropped"] is not None else self.act_hi
            seq = ACTIONS[m["kind"]]
            n = int(rng.integers(1, len(seq) + 1))
            if n == 1:
                seq = [SINGLE_ACTION[m["kind"]]]
            span = max(m["target"] - m["wlo"], n)
            shares = rng.dirichlet(np.ones(n) * 3)
            efforts = np.maximum(1, np.round(shares * m["effort"])).astype(int)
            acts = []
            prev_done = max(m["planned"], self.act_lo)
            stop = False
            for j, (title, kind) in enumerate(seq[:n]):
                k += 1
                due = m["wlo"] + (j + 1) * span // n
                done = None
                if m["done"] is not None:
                    done = due + int(rng.integers(-5, 6)) if j < n - 1 else m["done"]
                    done = min(max(done, prev_done), m["done"])
                elif not stop:
                    cap = m["dropped"] if m["dropped"] is not None else self.act_hi
                    cand = due + int(rng.integers(-5, 11))
                    if cand <= cap and rng.random() < 0.6:
                        done = max(cand, prev_done)
                        done = done if done <= cap else None
                if done is None:
                    stop = True
                else:
                    prev_done = done
                acts.append(
                    dict(
                        id=f"A{k}",
                        title=title,
                        kind=kind,
                        due=due,
                        effort=int(efforts[j]),
                        done=done,
                    )
                )
            m["actions"] = acts

    # ---- writing ----------------------------------------------------------------------
    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "roadmap.yaml").write_text(self._roadmap(), encoding="utf-8")
        if self.custom:
            (folder / "roles").mkdir(exist_ok=True)
            (folder / "roles" / f"{self.custom[0]}.yaml").write_text(self._role(), encoding="utf-8")
        (folder / "time_log.csv").write_text(self._time_log(), encoding="utf-8")
        (folder / "assessments.csv").write_text(self._assessments(), encoding="utf-8")
        (folder / "reviews.csv").write_text(self._reviews(), encoding="utf-8")
        (folder / "goal_progress.csv").write_text(self._goal_progress(), encoding="utf-8")

    def _pick(self, pool: list[str], n: int) -> list[str]:
        return [pool[i] for i in sorted(self.rng.permutation(len(pool))[:n])]

    def _roadmap(self) -> str:
        rng, d = self.rng, self.cal
        role_code = CURRENT_ROLES[self.track][int(rng.integers(len(CURRENT_ROLES[self.track])))]
        vision = VISIONS[self.track][int(rng.integers(len(VISIONS[self.track])))]
        out = [
            f"# Demo map of a {self.persona.replace('_', ' ')} ({self.track} track),"
            " written by careermap.demo",
            "careermap: 1",
            "person:",
            f"  id: {self.pid}",
            f"  name: {_q(self.name)}",
            f"  current_role: {_q(role_code)}",
            f"  weekly_hours: {_num(self.weekly)}",
            f"  start: {d(self.start)}",
            "self_assessment:",
            f"  values: [{', '.join(self._pick(VALUES, 3))}]",
            f"  strengths: [{', '.join(self._pick(STRENGTHS, 2))}]",
            f"  passions: [{', '.join(self._pick(PASSIONS[self.track], 2))}]",
            f"  growth_areas: [{', '.join(self._pick(GROWTH, 2))}]",
            "vision:",
            f"  statement: {_q(vision)}",
            f"  horizon: {d(self.horizon)}",
            "  target_roles:",
            *(f"    - {{{kind}: {ref}, priority: {p}}}" for kind, ref, p in self.roles),
            "goals:",
        ]
        for g in range(len(self.goals)):
            out.extend(self._goal_lines(g))
        return "\n".join(out) + "\n"

    def _goal_details(self) -> None:
        """Title, SMART fields and deadline of each goal; one goal may be weak on purpose."""
        rng = self.rng
        self.goals: list[dict] = []
        weak_goal = len(self.goal_kinds) - 1 if self.weak is not None else -1
        role = self.primary_title
        a_role = ("an " if role[0] in "AEIOU" else "a ") + role
        for g, kind in enumerate(self.goal_kinds):
            title, specific, metric, target_range = GOALS[kind]
            ms = [m for m in self.ms if m["goal"] == g]
            target = len(ms) if target_range is None else int(rng.integers(*target_range))
            deadline = max(m["target"] for m in ms) + int(rng.integers(0, 91))
            relevant = self.primary if kind in ("move", "skills") else "vision"
            if kind == "lead" and self.custom:
                relevant = self.custom[0]
            goal = dict(
                title=title.format(role=role, a_role=a_role),
                specific=specific.format(role=role, a_role=a_role),
                metric=metric,
                target=target,
                deadline=min(deadline, self.horizon),
                relevant=relevant,
            )
            # weak on S, M (no measure or target), T (past the vision horizon) or R
            weak = self.weak if g == weak_goal else None
            if weak == 0:
                goal["specific"] = None
            elif weak == 1:
                goal["metric"] = goal["target"] = None
            elif weak == 2:
                goal["deadline"] = self.horizon + int(rng.integers(100, 400))
            elif weak == 3:
                goal["relevant"] = None
            self.goals.append(goal)

    def _goal_lines(self, g: int) -> list[str]:
        d, goal = self.cal, self.goals[g]
        lines = [f"  - id: G{g + 1}", f"    title: {_q(goal['title'])}"]
        if goal["specific"] is not None:
            lines.append(f"    specific: {_q(goal['specific'])}")
        if goal["metric"] is not None:
            lines += [
                f"    metric: {goal['metric']}",
                "    baseline: 0",
                f"    target: {goal['target']}",
            ]
        lines.append(f"    deadline: {d(goal['deadline'])}")
        if goal["relevant"] is not None:
            lines.append(f"    relevant_to: {goal['relevant']}")
        lines += [f"    priority: {g + 1}", "    milestones:"]
        for m in (m for m in self.ms if m["goal"] == g):
            lines += [
                f"      - id: {m['id']}",
                f"        title: {_q(m['title'])}",
                f"        planned: {d(m['planned'])}",
                f"        target: {d(m['target'])}",
            ]
            if m["resched"]:
                lines.append("        reschedules:")
                lines += [
                    f"          - {{on: {d(on)}, from: {d(frm)}, reason: {_q(why)}}}"
                    for on, frm, why in m["resched"]
                ]
            lines += [
                f"        effort_hours: {m['effort']}",
                f"        skills: [{', '.join(_q(s) for s in m['skills'])}]",
                f"        depends_on: [{', '.join(m['deps'])}]",
            ]
            if m["done"] is not None:
                lines.append(f"        done: {d(m['done'])}")
            if m["dropped"] is not None:
                lines.append(f"        dropped: {d(m['dropped'])}")
            lines.append("        actions:")
            for act in m["actions"]:
                done = f", done: {d(act['done'])}" if act["done"] is not None else ""
                lines.append(
                    f"          - {{id: {act['id']}, title: {_q(act['title'])}, "
                    f"due: {d(act['due'])}, effort_hours: {act['effort']}, "
                    f"kind: {act['kind']}{done}}}"
                )
        return lines

    def _role(self) -> str:
        rid, title, based_on, onet, custom = self.custom
        lines = [
            "# Custom target role written by careermap.demo",
            f"id: {rid}",
            f"title: {_q(title)}",
            f"based_on: {based_on}",
            "requirements:",
        ]
        lines += [
            f"  - {{skill: {_q(s)}, level: {_num(lv)}, importance: {_num(im)}}}"
            for s, lv, im in onet
        ]
        lines += [
            f"  - {{skill: {s}, name: {_q(n)}, level: {_num(lv)}, importance: {_num(im)}}}"
            for s, n, lv, im in custom
        ]
        return "\n".join(lines) + "\n"

    def _time_log(self) -> str:
        rng, cal, cfg = self.rng, self.cal, self.cfg
        lo, hi = self.act_lo, self.act_hi
        days = np.arange(lo, hi + 1)
        rate = rng.uniform(*cfg["rate"])
        load = rng.uniform(*cfg["load"])
        dow = (cal.weekday0 + days) % 7
        p = rate / 7 * _WEEKDAY_WEIGHT[dow] / _WEEKDAY_WEIGHT.mean()
        p = np.where(cal.holiday[days - cal.lo], p * 0.25, p)
        session = rng.random(days.size) < np.minimum(p, 0.95)
        session[0] = True  # activity starts with a log...
        if self.persona in ("stalled", "dropped_out"):
            session[-1] = True  # ...and ends with one
        else:
            session[-int(rng.integers(1, 7))] = True
        sdays = days[session]
        split = rng.random(sdays.size) < 0.25
        rdays = np.repeat(sdays, np.where(split, 2, 1))
        mean_h = self.weekly * load / (rate * 1.25)
        hours = rng.gamma(4.0, mean_h / 4.0, rdays.size)
        # rescale so the total matches the persona's load over the active weeks
        reflect = 0.5 * sum(1 for off in self.review_days if off <= hi)
        wanted = self.weekly * load * (hi - lo + 1) / 7 - reflect
        hours *= max(wanted, 0.25 * rdays.size) / hours.sum()
        hours = np.clip(np.round(hours * 4) / 4, 0.25, 8.0)
        # which milestone each row worked on: weighted by effort density of active ones
        wlo = np.array([m["wlo"] for m in self.ms])
        whi = np.array([m["whi"] for m in self.ms])
        dens = np.array([m["effort"] / max(m["whi"] - m["wlo"], 7) for m in self.ms])
        active = (wlo[None, :] <= rdays[:, None]) & (rdays[:, None] <= whi[None, :])
        w = np.where(active, dens[None, :], 0.0)
        cum = np.cumsum(w, axis=1)
        total = cum[:, -1]
        u = rng.random(rdays.size) * total
        pick = np.minimum((cum <= u[:, None]).sum(axis=1), len(self.ms) - 1)
        # on a day between work windows, start early on the next milestone in line
        ahead = np.where(wlo[None, :] > rdays[:, None], wlo[None, :] - rdays[:, None], 10**6)
        idle = total == 0
        pick = np.where(idle, ahead.argmin(axis=1), pick)
        loose = (idle & (ahead.min(axis=1) == 10**6)) | (rng.random(rdays.size) < 0.04)
        # action: one of the milestone's actions still open on that day
        n_act = max(len(m["actions"]) for m in self.ms)
        adone = np.full((len(self.ms), n_act), -(10**6))
        for i, m in enumerate(self.ms):
            for j, act in enumerate(m["actions"]):
                adone[i, j] = act["done"] if act["done"] is not None else 10**6
        open_ = adone[pick] >= rdays[:, None]
        acum = np.cumsum(open_, axis=1)
        au = np.floor(rng.random(rdays.size) * acum[:, -1])
        apick = (acum <= au[:, None]).sum(axis=1)
        no_act = (acum[:, -1] == 0) | (rng.random(rdays.size) < 0.1)
        loose_pick = rng.integers(len(_LOOSE_NOTES), size=rdays.size)
        # the text after "date,hours," of every possible row, built once per milestone/action
        tails = []
        for m in self.ms:
            ref = f"G{m['goal'] + 1},{m['id']}"
            whole = f"{KIND_CATEGORY[m['kind']]},{ref},,{_csv(m['title'])}"
            per_action = [
                f"{KIND_CATEGORY[a['kind']]},{ref},{a['id']},"
                + _csv(f"{m['title']}: {a['title'].lower()}")
                for a in m["actions"]
            ]
            tails.append((whole, per_action))
        loose_tails = [f"{cat},,,,{note}" for cat, note in _LOOSE_NOTES]
        loose, no_act, pick, apick = loose.tolist(), no_act.tolist(), pick.tolist(), apick.tolist()
        loose_pick = loose_pick.tolist()
        rows = []
        for r, (day, h) in enumerate(zip(rdays.tolist(), hours.tolist(), strict=True)):
            if loose[r]:
                tail = loose_tails[loose_pick[r]]
            elif no_act[r]:
                tail = tails[pick[r]][0]
            else:
                tail = tails[pick[r]][1][apick[r]]
            rows.append((day, f"{cal(day)},{_HOURS[h]},{tail}"))
        for off in self.review_days:
            if off <= hi:
                rows.append((off, f"{cal(off)},0.5,reflection,,,,Monthly review of my plan"))
        rows.sort(key=lambda x: x[0])
        return "date,hours,category,goal,milestone,action,note\n" + "".join(
            line + "\n" for _, line in rows
        )

    def _assessments(self) -> str:
        rng, cal = self.rng, self.cal
        skills: list[str] = []
        for m in self.ms:
            skills += [s for s in m["skills"] if s not in skills]
        for s in ("Critical Thinking", "Writing", "Speaking"):
            if len(skills) < 6 and s not in skills:
                skills.append(s)
        skills = skills[:10]
        rounds = []
        day = self.act_lo + int(rng.integers(0, 11))
        while day <= self.rev_hi:
            rounds.append(day)
            day += int(rng.integers(84, 99))
        gain = {
            "over_achiever": (0.3, 0.6),
            "over_planner": (0.0, 0.25),
            "dropped_out": (0.0, 0.3),
        }.get(self.persona, (0.1, 0.4))
        level = rng.uniform(1.5, 4.0, len(skills))
        flat = int(rng.integers(len(skills)))
        lines = ["date,skill,level,source,note"]
        for r, day in enumerate(rounds):
            if r:
                step = rng.uniform(*gain, len(skills))
                if day > self.act_hi:
                    step[:] = 0.0
                step[flat] = rng.uniform(-0.1, 0.1)
                level = np.clip(level + step, 0.0, 7.0)
            note = "Baseline self-assessment" if r == 0 else "Quarterly self-assessment"
            for s, lv in zip(skills, level, strict=True):
                lines.append(f"{cal(day)},{_csv(s)},{lv:.1f},self,{note}")
                note = ""
            other = rng.random(len(skills)) < 0.15
            srcs = rng.integers(len(_SOURCES), size=len(skills))
            noise = rng.normal(0, 0.4, len(skills))
            later = day + int(rng.integers(1, 8))
            if other.any() and later <= self.rev_hi:
                for i in np.flatnonzero(other):
                    src = _SOURCES[srcs[i]]
                    lv = min(max(float(level[i] + noise[i]), 0.0), 7.0)
                    lines.append(
                        f"{cal(later)},{_csv(skills[i])},{lv:.1f},{src},{_SOURCE_NOTES[src]}"
                    )
        return "\n".join(lines) + "\n"

    def _reviews(self) -> str:
        rng, cal = self.rng, self.cal
        days = self.review_days
        n = len(days)
        # a slow trend plus month-to-month noise that fades (AR(1)), rounded to 1-5
        trend = {
            "steady": (0.0, 0.8),
            "late_starter": (0.0, 0.8),
            "over_achiever": (0.2, 1.0),
            "dropped_out": (-0.8, 0.0),
        }.get(self.persona, (-0.3, 0.3))
        base = rng.uniform(3.0, 4.2, size=4)
        slope = rng.uniform(*trend, size=4)
        shocks = rng.normal(0.0, 0.45, size=(n, 4))
        noise = np.zeros((n, 4))
        for i in range(n):
            noise[i] = shocks[i] + (0.6 * noise[i - 1] if i else 0.0)
        latent = base + slope * (np.arange(n)[:, None] / max(n - 1, 1)) + noise
        scores = np.clip(np.round(latent), 1, 5).astype(int)
        if n >= 3 and self.persona == "stalled":
            # each of the last three reviews scores lower on average than the one before
            fall = np.array([[4, 4, 3, 4], [3, 3, 3, 3], [2, 2, 2, 3]])
            scores[-3:] = fall - (rng.random((3, 4)) < 0.15) * np.array([[0], [0], [1]])
        elif n >= 3:
            means = scores.mean(axis=1)
            if means[-1] < means[-2] < means[-3]:
                scores[-1] = scores[-2]
        scores = np.clip(scores, 1, 5)
        lines = ["date,satisfaction,motivation,confidence,alignment,note"]
        pick = rng.integers(0, 3, size=n).tolist()
        for day, row, k in zip(days, scores, pick, strict=True):
            note = _REVIEW_NOTES[round(row.mean())][k]
            lines.append(f"{cal(day)},{row[0]},{row[1]},{row[2]},{row[3]},{note}")
        return "\n".join(lines) + "\n"

    def _goal_progress(self) -> str:
        cal = self.cal
        lines = ["date,goal,value"]
        ends = [int(e) for e in cal.month_end if self.act_lo <= e <= self.rev_hi]
        for g, goal in enumerate(self.goals):
            if goal["metric"] is None:
                continue
            ms = [m for m in self.ms if m["goal"] == g and m["dropped"] is None]
            done = np.array([m["done"] if m["done"] is not None else 10**6 for m in ms])
            for e in ends:
                frac = (done <= e).sum() / max(len(ms), 1)
                lines.append(f"{cal(e)},G{g + 1},{round(goal['target'] * frac)}")
        return "\n".join(lines) + "\n"
