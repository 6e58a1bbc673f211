"""Writing a demo cohort: YAML through ruamel.yaml, CSV through the csv module.

The documents are built as ruamel's commented maps and sequences, so the files look like a
person's own: a comment at the top, block style for the plan, flow style (``{...}``,
``[...]``) for short records and lists, dates as plain YAML dates, no line ever wrapped.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from careermap._vocab import SLUG_RE
from careermap.demo._calendar import Calendar
from careermap.demo._logs import HEADERS
from careermap.demo._plan import Plan
from careermap.errors import InvalidArgumentError


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.width = 1_000_000  # never wrap a long title
    y.indent(mapping=2, sequence=4, offset=2)
    # a date used twice (a milestone's target, its last action's due) is written twice,
    # not as a YAML anchor and alias
    y.representer.ignore_aliases = lambda data: True
    return y


def _number(x: float) -> int | float:
    """5.0 as 5 and 4.5 as 4.5: what a person would type."""
    return int(x) if float(x).is_integer() else float(x)


def _flow_map(**items: Any) -> CommentedMap:
    out = CommentedMap(items)
    out.fa.set_flow_style()
    return out


def _flow_seq(items: Iterable[Any]) -> CommentedSeq:
    out = CommentedSeq(items)
    out.fa.set_flow_style()
    return out


def dump_yaml(document: CommentedMap, path: Path, *, comment: str) -> None:
    """Write ``document`` to ``path`` with ``comment`` (one or more lines) above it."""
    document.yaml_set_start_comment(comment)
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def roadmap_document(plan: Plan) -> CommentedMap:
    """``roadmap.yaml`` of ``plan``'s person, in the order a person writes it."""
    d = plan.cal.date
    return CommentedMap(
        careermap=1,
        person=CommentedMap(
            id=plan.pid,
            name=plan.name,
            current_role=plan.current_role,
            weekly_hours=_number(plan.weekly),
            start=d(plan.start),
        ),
        self_assessment=CommentedMap(
            values=_flow_seq(plan.values),
            strengths=_flow_seq(plan.strengths),
            passions=_flow_seq(plan.passions),
            growth_areas=_flow_seq(plan.growth_areas),
        ),
        vision=CommentedMap(
            statement=plan.vision,
            horizon=d(plan.horizon),
            target_roles=CommentedSeq(
                _flow_map(**{kind: ref, "priority": p}) for kind, ref, p in plan.roles
            ),
        ),
        goals=CommentedSeq(_goal(plan, g) for g in range(len(plan.goals))),
    )


def _goal(plan: Plan, g: int) -> CommentedMap:
    d, goal = plan.cal.date, plan.goals[g]
    out = CommentedMap(id=f"G{g + 1}", title=goal["title"])
    if goal["specific"] is not None:
        out["specific"] = goal["specific"]
    if goal["metric"] is not None:
        out.update(metric=goal["metric"], baseline=0, target=goal["target"])
    out["deadline"] = d(goal["deadline"])
    if goal["relevant"] is not None:
        out["relevant_to"] = goal["relevant"]
    out["priority"] = g + 1
    out["milestones"] = CommentedSeq(_milestone(plan.cal, m) for m in plan.ms if m["goal"] == g)
    return out


def _milestone(cal: Calendar, m: dict) -> CommentedMap:
    d = cal.date
    out = CommentedMap(id=m["id"], title=m["title"], planned=d(m["planned"]), target=d(m["target"]))
    if m["resched"]:
        out["reschedules"] = CommentedSeq(
            _flow_map(on=d(on), **{"from": d(frm)}, reason=why) for on, frm, why in m["resched"]
        )
    out.update(
        effort_hours=m["effort"], skills=_flow_seq(m["skills"]), depends_on=_flow_seq(m["deps"])
    )
    if m["done"] is not None:
        out["done"] = d(m["done"])
    if m["dropped"] is not None:
        out["dropped"] = d(m["dropped"])
    out["actions"] = CommentedSeq(_action(cal, act) for act in m["actions"])
    return out


def _action(cal: Calendar, act: dict) -> CommentedMap:
    out = _flow_map(
        id=act["id"],
        title=act["title"],
        due=cal.date(act["due"]),
        effort_hours=act["effort"],
        kind=act["kind"],
    )
    if act["done"] is not None:
        out["done"] = cal.date(act["done"])
    return out


def role_document(custom: tuple) -> CommentedMap:
    """``roles/<id>.yaml``: a custom lead role with O*NET and custom requirements."""
    rid, title, based_on, onet, custom_skills = custom
    requirements = CommentedSeq(
        _flow_map(skill=s, level=_number(lv), importance=_number(im)) for s, lv, im in onet
    )
    requirements += [
        _flow_map(skill=s, name=n, level=_number(lv), importance=_number(im))
        for s, n, lv, im in custom_skills
    ]
    return CommentedMap(id=rid, title=title, based_on=based_on, requirements=requirements)


def write_person(folder: Path, plan: Plan, logs: Mapping[str, list[list[str]]]) -> None:
    """A person's map folder: roadmap, custom role (if any) and the four CSV logs."""
    folder.mkdir(parents=True, exist_ok=True)
    persona = plan.persona.replace("_", " ")
    dump_yaml(
        roadmap_document(plan),
        folder / "roadmap.yaml",
        comment=f"Demo map of a {persona} ({plan.track} track), written by careermap.demo",
    )
    if plan.custom:
        (folder / "roles").mkdir(exist_ok=True)
        dump_yaml(
            role_document(plan.custom),
            folder / "roles" / f"{plan.custom[0]}.yaml",
            comment="Custom target role written by careermap.demo",
        )
    for name, rows in logs.items():
        write_csv(folder / f"{name}.csv", HEADERS[name], rows)


def write_cohort_file(
    root: Path,
    *,
    comment: str,
    name: str,
    coach: str,
    start: Any,
    groups: Mapping[str, str],
    personas: Mapping[str, str],
) -> None:
    """``cohort.yaml``: name, coach, start, each person's group and (extension) persona."""
    document = CommentedMap(
        name=name,
        coach=coach,
        start=start,
        groups=CommentedMap(groups),
        personas=CommentedMap(personas),
    )
    dump_yaml(document, root / "cohort.yaml", comment=comment)


def prepare(root: Path) -> None:
    """Create ``root``, or remove the person folders of an earlier demo cohort written there.

    Only folders listed under ``personas`` in the ``cohort.yaml`` found there (which only
    this generator writes) are removed; anything else in the folder is kept.
    """
    if root.exists() and not root.is_dir():
        raise InvalidArgumentError(f"out must be a folder; {root} is a file")
    root.mkdir(parents=True, exist_ok=True)
    old = root / "cohort.yaml"
    if not old.is_file():
        return
    try:
        earlier = YAML(typ="safe").load(old.read_text(encoding="utf-8"))
    except YAMLError:
        return  # not a cohort file this generator wrote
    listed = earlier.get("personas") if isinstance(earlier, dict) else None
    for pid in listed if isinstance(listed, dict) else ():
        if isinstance(pid, str) and SLUG_RE.match(pid) and (root / pid).is_dir():
            shutil.rmtree(root / pid)
