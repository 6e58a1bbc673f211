"""Flatten a parsed roadmap.yaml (and roles/*.yaml) into rows of the tidy frames.

Every row remembers the YAML path of the item it came from, so a problem found later (by
pandera or by a cross-file rule) can name ``goals[0].milestones[2].done``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from careermap._vocab import FORMAT_VERSION, ROADMAP_KEYS, SELF_ASSESSMENT_KINDS, did_you_mean
from careermap.errors import InvalidArgumentError, Problem, format_value
from careermap.io._yaml import entry_label
from careermap.schemas import SCHEMAS


@dataclass
class Rows:
    """Rows of one frame plus where each came from (file and YAML path or CSV line)."""

    records: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    wheres: list[str] = field(default_factory=list)

    def add(self, record: dict[str, Any], file: str, where: str) -> None:
        self.records.append(record)
        self.files.append(file)
        self.wheres.append(where)

    def extend(self, other: Rows) -> None:
        self.records.extend(other.records)
        self.files.extend(other.files)
        self.wheres.extend(other.wheres)


# frame column -> YAML key, where they differ (used to name the key in a problem)
YAML_KEYS: dict[str, dict[str, str]] = {
    "people": {
        "person_id": "person.id",
        "name": "person.name",
        "current_role": "person.current_role",
        "weekly_hours": "person.weekly_hours",
        "start": "person.start",
        "timezone": "person.timezone",
        "vision": "vision.statement",
        "horizon": "vision.horizon",
    },
    "goals": {"goal_id": "id"},
    "milestones": {"milestone_id": "id"},
    "actions": {
        "action_id": "id",
        "resource_url": "resource.url",
        "resource_provider": "resource.provider",
        "cost": "cost.amount",
        "currency": "cost.currency",
    },
    "reschedules": {"from_target": "from", "to_target": "from"},
    "custom_skills": {"skill_id": "id"},
    "role_requirements": {},
}

# roadmap section -> the frame its items become (the schema says which keys hold dates)
_SECTION_FRAMES = {
    "goal": "goals",
    "milestone": "milestones",
    "reschedule": "reschedules",
    "action": "actions",
}


@functools.cache
def roadmap_date_keys(section: str) -> frozenset[str]:
    """The keys of a roadmap section whose values are dates, as the frame's schema says.

    Parameters
    ----------
    section
        ``"goal"``, ``"milestone"``, ``"reschedule"`` or ``"action"``.

    Examples
    --------
    >>> sorted(roadmap_date_keys("reschedule"))
    ['from', 'on']
    """
    if section not in _SECTION_FRAMES:
        raise InvalidArgumentError(
            f"section must be one of {', '.join(_SECTION_FRAMES)}; got {section!r}"
        )
    frame = _SECTION_FRAMES[section]
    keys = YAML_KEYS.get(frame, {})
    columns = SCHEMAS[frame].to_schema().columns
    return frozenset(
        keys.get(name, name)
        for name, column in columns.items()
        if str(column.dtype).startswith("datetime64")
    )


class _Flattener:
    def __init__(self, file: str, person_id: str, rows: dict[str, Rows]) -> None:
        self.file = file
        self.person_id = person_id
        self.rows = rows
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    # -- helpers -------------------------------------------------------------------
    def error(self, path: str, key: str, value: Any, rule: str, code: str) -> None:
        self.problems.append(
            Problem(self.file, path, key, format_value(value), rule, code, "error", self.person_id)
        )

    def warn(self, path: str, key: str, value: Any, rule: str, code: str) -> None:
        self.warnings.append(
            Problem(
                self.file, path, key, format_value(value), rule, code, "warning", self.person_id
            )
        )

    def mapping(self, value: Any, path: str, what: str) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(
                path, "", _short(value), f"must be a mapping of keys ({what})", "not_a_mapping"
            )
            return None
        known = ROADMAP_KEYS[what]
        for key in value:
            if not isinstance(key, str) or key not in known:
                hint = did_you_mean(key, sorted(known))
                self.warn(
                    _join(path, str(key)),
                    str(key),
                    _short(value[key]),
                    f"unknown key, ignored; {hint}known keys: {', '.join(sorted(known))}",
                    "unknown_key",
                )
        return value

    def sequence(self, value: Any, path: str, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "", _short(value), f"must be a list of {what}", "not_a_list")
            return []
        return value

    def add(self, frame: str, record: dict[str, Any], where: str) -> None:
        record["person_id"] = self.person_id
        self.rows[frame].add(record, self.file, where)

    # -- the document --------------------------------------------------------------
    def roadmap(self, doc: Any) -> None:
        if not isinstance(doc, dict):
            self.error(
                "",
                "",
                _short(doc),
                "must be a YAML mapping with careermap:, person:, goals:",
                "not_a_mapping",
            )
            return
        self.mapping(doc, "", "")
        version = doc.get("careermap")
        if version is None:
            self.error(
                "careermap",
                "careermap",
                None,
                f"required: the format version, {FORMAT_VERSION}",
                "missing_key",
            )
        elif version != FORMAT_VERSION:
            self.error(
                "careermap",
                "careermap",
                version,
                f"unsupported format version; this careermap reads {FORMAT_VERSION}",
                "version",
            )
        person = self.mapping(doc.get("person"), "person", "person")
        if person is None:
            self.error(
                "person", "person", None, "required: id, name, weekly_hours, start", "missing_key"
            )
            person = {}
        vision = self.mapping(doc.get("vision"), "vision", "vision") or {}
        self.add(
            "people",
            {
                "name": _text(person.get("name")),
                "current_role": _text(person.get("current_role")),
                "weekly_hours": person.get("weekly_hours"),
                "start": person.get("start"),
                "vision": _text(vision.get("statement")),
                "horizon": vision.get("horizon"),
                "timezone": _text(person.get("timezone")),
            },
            "",
        )
        sa = self.mapping(doc.get("self_assessment"), "self_assessment", "self_assessment") or {}
        self.self_assessment(sa, "self_assessment", None)
        history = self.sequence(sa.get("history"), "self_assessment.history", "dated entries")
        for h, entry in enumerate(history):
            path = f"self_assessment.history[{h}]"
            e = self.mapping(entry, path, "self_assessment_entry")
            if e is None:
                continue
            if e.get("date") is None:
                self.error(
                    path,
                    "date",
                    _short(entry),
                    "required: the date of the entry, such as 2026-03-01",
                    "missing_key",
                )
                continue  # fmt: skip
            self.self_assessment(e, path, e.get("date"))
        for i, role in enumerate(
            self.sequence(vision.get("target_roles"), "vision.target_roles", "roles")
        ):
            self.target_role(role, f"vision.target_roles[{i}]")
        for i, skill in enumerate(
            self.sequence(doc.get("custom_skills"), "custom_skills", "skills")
        ):
            path = _entry(f"custom_skills[{i}]", skill)
            item = self.mapping(skill, path, "custom_skill")
            if item is not None:
                self.add(
                    "custom_skills",
                    {
                        "skill_id": _text(item.get("id")),
                        "name": _text(item.get("name")),
                        "source": "roadmap.yaml",
                    },
                    path,
                )
        goals = self.sequence(doc.get("goals"), "goals", "goals")
        for i, goal in enumerate(goals):
            self.goal(goal, f"goals[{i}]")

    # A goal, milestone or action is located by its YAML path and, innermost, its id:
    # goals[0].milestones[1] (M2).done; `plain` is the path without ids, which items inside
    # an entry with an id of their own start from.

    def self_assessment(self, sa: dict[str, Any], path: str, date: Any) -> None:
        """The lists of one self-assessment (the current one, or a dated history entry)."""
        for kind in SELF_ASSESSMENT_KINDS:
            for i, item in enumerate(self.sequence(sa.get(kind), f"{path}.{kind}", "words")):
                self.add(
                    "self_assessment",
                    {"kind": kind, "item": _text(item), "date": date},
                    f"{path}.{kind}[{i}]",
                )

    def target_role(self, role: Any, path: str) -> None:
        item = self.mapping(role, path, "target_role")
        if item is None:
            return
        has_onet, has_custom = "onet" in item, "custom" in item
        if has_onet == has_custom:
            self.error(
                path,
                "onet",
                _short(role),
                "give exactly one of onet: <O*NET-SOC code> or custom: <roles/ file id>",
                "target_role",
            )
            return
        kind = "onet" if has_onet else "custom"
        self.add(
            "target_roles",
            {
                "role_id": _text(item.get(kind)),
                "kind": kind,
                "priority": item.get("priority", 1),
                "title": _text(item.get("title")),
                "based_on": None,
            },
            path,
        )

    def goal(self, goal: Any, plain: str) -> None:
        path = _entry(plain, goal)
        item = self.mapping(goal, path, "goal")
        if item is None:
            return
        goal_id = _text(item.get("id"))
        record = {k: item.get(k) for k in ("baseline", "target", "deadline", "priority")}
        record |= {
            k: _text(item.get(k)) for k in ("title", "specific", "metric", "relevant_to", "note")
        }
        record["goal_id"] = goal_id
        self.add("goals", record, path)
        for j, ms in enumerate(
            self.sequence(item.get("milestones"), f"{path}.milestones", "milestones")
        ):
            self.milestone(ms, f"{plain}.milestones[{j}]", path, goal_id)

    def milestone(self, ms: Any, plain: str, parent: str, goal_id: str | None) -> None:
        path = _entry(plain, ms, parent)
        item = self.mapping(ms, path, "milestone")
        if item is None:
            return
        mid = _text(item.get("id"))
        record = {k: item.get(k) for k in ("planned", "target", "effort_hours", "done", "dropped")}
        record |= {
            "goal_id": goal_id,
            "milestone_id": mid,
            "title": _text(item.get("title")),
            "note": _text(item.get("note")),
        }
        self.add("milestones", record, path)
        for k, skill in enumerate(
            self.sequence(item.get("skills"), f"{path}.skills", "skill names or ids")
        ):
            self.add(
                "milestone_skills",
                {"milestone_id": mid, "skill": _text(skill), "skill_id": None},
                f"{path}.skills[{k}]",
            )
        for k, dep in enumerate(
            self.sequence(item.get("depends_on"), f"{path}.depends_on", "milestone ids")
        ):
            self.add(
                "dependencies",
                {"milestone_id": mid, "depends_on": _text(dep)},
                f"{path}.depends_on[{k}]",
            )
        resched = self.sequence(item.get("reschedules"), f"{path}.reschedules", "reschedules")
        entries = [
            (k, self.mapping(r, f"{path}.reschedules[{k}]", "reschedule"))
            for k, r in enumerate(resched)
        ]
        entries = [(k, r) for k, r in entries if r is not None]
        for n, (k, r) in enumerate(entries):
            # A reschedule moved the target from `from` to the next entry's `from` (or the
            # current target for the last one), in the order they were written.
            to = entries[n + 1][1].get("from") if n + 1 < len(entries) else item.get("target")
            self.add(
                "reschedules",
                {
                    "milestone_id": mid,
                    "on": r.get("on"),
                    "from_target": r.get("from"),
                    "to_target": to,
                    "reason": _text(r.get("reason")),
                },
                f"{path}.reschedules[{k}]",
            )
        for k, act in enumerate(self.sequence(item.get("actions"), f"{path}.actions", "actions")):
            a_path = _entry(f"{plain}.actions[{k}]", act, path)
            a = self.mapping(act, a_path, "action")
            if a is None:
                continue
            record = {k2: a.get(k2) for k2 in ("due", "effort_hours", "done")}
            record |= {
                "goal_id": goal_id,
                "milestone_id": mid,
                "action_id": _text(a.get("id")),
                "title": _text(a.get("title")),
                "kind": _text(a.get("kind")),
                "note": _text(a.get("note")),
            }
            record |= self.resource(a, a_path)
            self.add("actions", record, a_path)

    def resource(self, action: dict[str, Any], path: str) -> dict[str, Any]:
        """An action's ``resource: {url:, provider:}`` and ``cost: {amount:, currency:}``
        as the columns ``resource_url, resource_provider, cost, currency``."""
        examples = {
            "resource": "resource: {url: https://www.coursera.org/learn/sql, provider: Coursera}",
            "cost": "cost: {amount: 49, currency: USD}",
        }
        for key, example in examples.items():
            value = action.get(key)
            if value is not None and not isinstance(value, dict):
                self.error(
                    f"{path}.{key}", key, _short(value), f"must be a mapping, such as {example}",
                    "not_a_mapping",
                )  # fmt: skip
        res = action.get("resource")
        res = self.mapping(res, f"{path}.resource", "resource") if isinstance(res, dict) else {}
        cost = action.get("cost")
        cost = self.mapping(cost, f"{path}.cost", "cost") if isinstance(cost, dict) else {}
        res, cost = res or {}, cost or {}
        amount, currency = cost.get("amount"), _text(cost.get("currency"))
        if cost and (amount is None) != (currency is None):
            missing = "currency" if currency is None else "amount"
            self.error(
                f"{path}.cost.{missing}",
                f"cost.{missing}",
                _short(action.get("cost")),
                "a cost needs both an amount and a currency, such as "
                "cost: {amount: 49, currency: USD}",
                "missing_key",
            )
        if isinstance(currency, str) and currency.isalpha() and len(currency) == 3:
            currency = currency.upper()  # usd is USD
        return {
            "resource_url": _text(res.get("url")),
            "resource_provider": _text(res.get("provider")),
            "cost": amount,
            "currency": currency,
        }

    def role(self, doc: Any) -> str | None:
        """A custom role file; returns its id."""
        item = self.mapping(doc, "", "role")
        if item is None:
            self.error(
                "",
                "",
                None,
                "must be a YAML mapping with id:, title:, requirements:",
                "not_a_mapping",
            )
            return None
        role_id = _text(item.get("id"))
        if not role_id:
            self.error(
                "id",
                "id",
                None,
                "required: the role id used in roadmap.yaml (custom: <id>)",
                "missing_key",
            )
        self.add(
            "custom_roles",
            {
                "role_id": role_id,
                "title": _text(item.get("title")),
                "based_on": _text(item.get("based_on")),
            },
            "",
        )
        for i, req in enumerate(
            self.sequence(item.get("requirements"), "requirements", "requirements")
        ):
            path = f"requirements[{i}]"
            r = self.mapping(req, path, "requirement")
            if r is None:
                continue
            self.add(
                "role_requirements",
                {
                    "role_id": role_id,
                    "skill": _text(r.get("skill")),
                    "skill_id": None,
                    "name": _text(r.get("name")),
                    "level": r.get("level"),
                    "importance": r.get("importance"),
                },
                path,
            )
        return role_id


def _entry(plain: str, value: Any, parent: str = "") -> str:
    """Where an entry of a list is: its path with its id (``goals[0].milestones[1] (M2)``),
    or, without an id, the path of the entry it is in (``goals[0] (G1).milestones[1]``)."""
    label = entry_label(value.get("id")) if isinstance(value, dict) else ""
    if label:
        return f"{plain} ({label})"
    if not parent:
        return plain
    return parent + plain[plain.rindex(".") :]


def _text(value: Any) -> str | None:
    """A scalar as text (YAML may give ints or dates for ids and titles); None stays None."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return _short(value)
    text = str(value).strip()
    return text or None


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def flatten_roadmap(
    doc: Any, file: str, person_id: str, rows: dict[str, Rows]
) -> tuple[list[Problem], list[Problem]]:
    """Append the rows of one roadmap document to ``rows``; return (problems, warnings)."""
    f = _Flattener(file, person_id, rows)
    f.roadmap(doc)
    return f.problems, f.warnings


def flatten_role(
    doc: Any, file: str, person_id: str, rows: dict[str, Rows]
) -> tuple[str | None, list[Problem], list[Problem]]:
    """Append the rows of one roles/*.yaml document; return (role id, problems, warnings)."""
    f = _Flattener(file, person_id, rows)
    role_id = f.role(doc)
    return role_id, f.problems, f.warnings
