"""The maps every notebook must work on: day one to year three, built by the tests.

Each builder writes one map (or cohort) under ``root`` through careermap's own writers
(``init_map``, ``store``, the demo generator), and returns it with the ``AS_OF`` to run the
notebooks at. They cover the states a new or long-time user is in, not the bundled sample.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _shaped_maps import Shape, write_shaped_map

from careermap import store
from careermap.demo import generate_cohort
from careermap.store import init_map

TODAY = dt.date.today()  # the kernels run on the real clock: AS_OF=None is this day


@dataclass(frozen=True)
class MatrixMap:
    """A generated map, the ``AS_OF`` to look at it on, and what it is for messages."""

    folder: Path
    as_of: str | None
    about: str


def _days(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def first_day(root: Path) -> MatrixMap:
    """``careermap init`` today, looked at today: one goal, two milestones, no logs."""
    return MatrixMap(init_map(root / "first-day", name="Dana First"), None, "init, first day")


def one_goal_no_logs(root: Path) -> MatrixMap:
    """The starter map 90 days in without a single log: its first milestone is overdue."""
    folder = init_map(root / "no-logs", name="Nico Nolog", start=_days(90))
    return MatrixMap(folder, None, "one goal, no logs, 90 days in")


CUSTOM_ROLE = """\
id: my-role
title: Analytics consultant
requirements:
  - {skill: Programming, level: 4, importance: 4}
  - {skill: Speaking, level: 4.5, importance: 3.5}
  - {skill: client-care, name: Client care, level: 5, importance: 4}
"""


def custom_roles_only(root: Path) -> MatrixMap:
    """Only a custom target role (no O*NET occupation, no ``based_on``), a few logs."""
    folder = init_map(root / "custom-only", name="Cai Custom", start=_days(120))
    roadmap = folder / "roadmap.yaml"
    text = roadmap.read_text(encoding="utf-8")
    text = text.replace("- {onet: 15-2051.01, priority: 1}", "- {custom: my-role, priority: 1}")
    text = text.replace("relevant_to: 15-2051.01", "relevant_to: my-role")
    roadmap.write_text(text, encoding="utf-8")
    (folder / "roles").mkdir()
    (folder / "roles" / "my-role.yaml").write_text(CUSTOM_ROLE, encoding="utf-8")
    store.append(
        folder,
        "time_log",
        [
            {"date": _days(100), "hours": 2, "category": "learning", "goal": "G1",
             "milestone": "M1"},
            {"date": _days(30), "hours": 1.5, "category": "practice", "goal": "G1"},
        ],
    )  # fmt: skip
    store.append(
        folder,
        "assessments",
        [
            {"date": _days(110), "skill": "Programming", "level": 2.5, "source": "self"},
            {"date": _days(20), "skill": "Programming", "level": 3, "source": "self"},
            {"date": _days(20), "skill": "client-care", "level": 3.5, "source": "self"},
        ],
    )
    return MatrixMap(folder, None, "custom target roles only")


def three_years(root: Path) -> MatrixMap:
    """A demo person with three years of plans and logs."""
    as_of = "2026-11-15"
    cohort = generate_cohort(root / "three-years-cohort", people=1, seed=11, start="2023-11-15")
    (person,) = (p for p in cohort.iterdir() if p.is_dir())
    folder = shutil.move(person, root / "three-years")
    return MatrixMap(Path(folder), as_of, "three-year history")


def _starter_with_logs(folder: Path, start_days: int) -> Path:
    folder = init_map(folder, name=folder.name.replace("-", " ").title(), start=_days(start_days))
    store.append(
        folder,
        "time_log",
        [
            {"date": _days(start_days - 3), "hours": 2, "category": "learning", "goal": "G1",
             "milestone": "M1", "action": "A1"},
            {"date": _days(start_days - 40), "hours": 3, "category": "practice", "goal": "G1",
             "milestone": "M2"},
        ],
    )  # fmt: skip
    return folder


def all_done(root: Path) -> MatrixMap:
    """Every milestone done (and its action), nothing left to forecast."""
    folder = _starter_with_logs(root / "all-done", 200)
    store.mark_done(folder, "A1", on=_days(190))
    store.mark_done(folder, "M1", on=_days(150))
    store.mark_done(folder, "M2", on=_days(60))
    return MatrixMap(folder, None, "every milestone done")


def all_dropped(root: Path) -> MatrixMap:
    """Every milestone dropped: no scope at all."""
    folder = _starter_with_logs(root / "all-dropped", 200)
    store.drop(folder, "M2", on=_days(100))
    store.drop(folder, "M1", on=_days(90))
    return MatrixMap(folder, None, "every milestone dropped")


def before_start(root: Path) -> MatrixMap:
    """A copy of the bundled sample, looked at three months before its start (2025-09-01)."""
    import careermap

    folder = shutil.copytree(careermap.sample_path(), root / "before-start")
    return MatrixMap(Path(folder), "2025-06-01", "AS_OF before the map's start")


def _shaped(name: str, shape: Shape, about: str) -> Callable[[Path], MatrixMap]:
    def build(root: Path) -> MatrixMap:
        folder = write_shaped_map(root / name, shape)
        as_of = None if shape.as_of == TODAY else str(shape.as_of)
        return MatrixMap(folder, as_of, about)

    build.__doc__ = f"A map written from scratch: {about} (tests/_shaped_maps.py)."
    return build


one_role = _shaped("one-role", Shape(roles=1, goals=1), "one target role, one goal")
two_roles = _shaped("two-roles", Shape(roles=2, goals=2), "two target roles, two goals")
no_assessments = _shaped(
    "no-assessments", Shape(roles=3, goals=3, assessments=False), "logs but no assessment"
)
start_in_future = _shaped(
    "start-in-future",
    Shape(roles=2, goals=2, start=TODAY + dt.timedelta(days=45), as_of=TODAY),
    "a map whose start is 45 days ahead, looked at today",
)

PERSON_MAPS: dict[str, Callable[[Path], MatrixMap]] = {
    "first-day": first_day,
    "one-goal-no-logs": one_goal_no_logs,
    "custom-roles-only": custom_roles_only,
    "three-years": three_years,
    "all-done": all_done,
    "all-dropped": all_dropped,
    "before-start": before_start,
    "one-role": one_role,
    "two-roles": two_roles,
    "no-assessments": no_assessments,
    "start-in-future": start_in_future,
}


def cohort_with_a_broken_person(root: Path) -> MatrixMap:
    """Three demo people, three starter maps in different states, and one broken map."""
    cohort = generate_cohort(root / "cohort", people=3, seed=4)
    first_day(cohort)
    all_dropped(cohort)
    broken = init_map(cohort / "broken-map", name="Bo Broken", start=_days(30))
    log = broken / "time_log.csv"
    log.write_text(log.read_text(encoding="utf-8") + f"{_days(2)},-2,learning,G1,,,\n")
    return MatrixMap(cohort, None, "cohort: demo people, starter maps, one broken map")


def demo_cohort_before_start(root: Path) -> MatrixMap:
    """A small demo cohort looked at before anyone started."""
    cohort = generate_cohort(root / "early-cohort", people=3, seed=5)
    return MatrixMap(cohort, "2025-08-01", "cohort: AS_OF before its start")


def cohort_without_groups(root: Path) -> MatrixMap:
    """A demo cohort whose cohort.yaml is gone: valid, and nobody has a group."""
    cohort = generate_cohort(root / "no-groups", people=4, seed=6)
    (cohort / "cohort.yaml").unlink()
    return MatrixMap(cohort, None, "cohort: no cohort.yaml, no groups")


def cohort_of_one(root: Path) -> MatrixMap:
    """A cohort folder holding one person."""
    return MatrixMap(generate_cohort(root / "one", people=1, seed=8), None, "cohort: one person")


def cohort_of_1000(root: Path) -> MatrixMap:
    """The generator's cohort of 1,000 people (about two minutes to write: built once)."""
    cohort = generate_cohort(root / "thousand", people=1000, seed=7)
    return MatrixMap(cohort, "2026-11-15", "cohort: 1,000 people")


COHORTS: dict[str, Callable[[Path], MatrixMap]] = {
    "cohort-with-broken-person": cohort_with_a_broken_person,
    "cohort-before-start": demo_cohort_before_start,
    "cohort-without-groups": cohort_without_groups,
    "cohort-of-one": cohort_of_one,
}
#: cohorts too large to run every notebook on: one run each (notebook 05)
LARGE_COHORTS: dict[str, Callable[[Path], MatrixMap]] = {"cohort-of-1000": cohort_of_1000}
#: people each cohort loads (the broken map left out)
COHORT_PEOPLE = {
    "cohort-with-broken-person": 5,
    "cohort-before-start": 3,
    "cohort-without-groups": 4,
    "cohort-of-one": 1,
    "cohort-of-1000": 1000,
}
