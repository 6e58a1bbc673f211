"""Rules that map imported entries to a map's categories, goals, milestones and actions.

A rules file is a small YAML file; the first rule whose ``match`` fits an entry sets the
fields it names, and the fields it does not name keep their default::

    rules:
      - match: {project: SQL course}
        set: {category: learning, goal: G1, milestone: M1}
      - match: {text: mentor}
        set: {category: mentoring}

Match values are case-insensitive substrings of the entry's ``project``, ``client``,
``task``, ``text`` (description or event summary) or of any one ``tag``; all the keys of one
``match`` must fit. The default category is the first tag (calendar CATEGORIES value) that
names a careermap category (``Learning``, ``job search``), else ``other``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from careermap._vocab import TIME_CATEGORIES, did_you_mean
from careermap.errors import ImportRejectedError, Problem, format_value
from careermap.io import parse_yaml, read_given_file

MATCH_KEYS = ("project", "client", "task", "tag", "text")
SET_KEYS = ("category", "goal", "milestone", "action")


@dataclass(frozen=True)
class Rule:
    """One rule: ``match`` (key -> lower-cased substring) and ``set`` (field -> value)."""

    match: Mapping[str, str]
    set: Mapping[str, str]
    where: str  # its YAML path, e.g. "rules[2]"


@dataclass(frozen=True)
class Rules:
    """Rules read from a file (or given as a mapping), in the order they are tried."""

    rules: tuple[Rule, ...] = ()
    file: str = "rules"

    def __len__(self) -> int:
        return len(self.rules)

    def target_problems(
        self,
        goals: Iterable[str],
        milestone_goal: Mapping[str, str],
        action_milestone: Mapping[str, str],
    ) -> list[Problem]:
        """Goals, milestones and actions the rules name that the roadmap does not have.

        Every rule is checked, also one no entry matches: a typo in a rule is found before
        anything is written, not on the day an entry first matches it.
        """
        goals = list(goals)
        known = {"goal": goals, "milestone": list(milestone_goal), "action": list(action_milestone)}
        problems = []
        for rule in self.rules:
            for key in ("goal", "milestone", "action"):
                value = rule.set.get(key)
                if value is None:
                    continue
                where = f"{rule.where}.set.{key}"
                if value not in known[key]:
                    hint = did_you_mean(value, known[key])
                    listed = ", ".join(known[key][:12]) or "none defined"
                    rule_text = f"no {key} with this id in roadmap.yaml; {hint}known: {listed}"
                    problems.append(
                        Problem(
                            self.file,
                            where,
                            key,
                            format_value(value),
                            rule_text,
                            "unknown_reference",
                        )
                    )
                    continue
                parent_key, owner = {
                    "goal": (None, None),
                    "milestone": ("goal", milestone_goal.get(value)),
                    "action": ("milestone", action_milestone.get(value)),
                }[key]
                parent = rule.set.get(parent_key) if parent_key else None
                if parent is not None and owner is not None and parent != owner:
                    rule_text = f"{key} {value} belongs to {parent_key} {owner}, not {parent}"
                    problems.append(
                        Problem(
                            self.file,
                            where,
                            key,
                            format_value(value),
                            rule_text,
                            "mismatched_reference",
                        )
                    )
        return problems


def read_rules(path: str | os.PathLike[str]) -> Rules:
    """Read and check a rules file (YAML).

    Raises
    ------
    ImportRejectedError
        If the file is not YAML or a rule has an unknown key, no ``match`` or ``set``, a
        value that is not text, or a category that is not a careermap category; each problem
        names the YAML path (``rules[1].set.category``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rules.yaml"
    >>> _ = path.write_text("rules:\\n  - match: {project: SQL}\\n    set: {category: learning}\\n")
    >>> read_rules(path).rules[0].set
    {'category': 'learning'}
    """
    shown = str(path)
    # (read as the map's YAML is: a regular file of bounded size, nesting and aliases bounded)
    data, problems = read_given_file(Path(path), shown)
    if data is None:
        raise ImportRejectedError(problems)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejectedError(
            [Problem(shown, f"line {line}", "", "", "is not UTF-8 text", "encoding")]
        ) from None
    doc, problems = parse_yaml(text, shown)
    if problems:
        raise ImportRejectedError(problems)
    return rules_from(doc, file=shown)


def rules_from(doc: Any, *, file: str = "rules") -> Rules:
    """Rules from a parsed document: ``{"rules": [{"match": {...}, "set": {...}}, ...]}``.

    >>> rule = {"match": {"text": "Mentor"}, "set": {"category": "mentoring"}}
    >>> rules_from({"rules": [rule]}).rules[0]
    Rule(match={'text': 'mentor'}, set={'category': 'mentoring'}, where='rules[0]')
    """
    problems: list[Problem] = []

    def bad(where: str, key: str, value: Any, rule: str, code: str) -> None:
        problems.append(Problem(file, where, key, format_value(value), rule, code))

    if doc is None:
        return Rules((), file)
    if not isinstance(doc, Mapping) or set(doc) - {"rules"}:
        extra = sorted(str(k) for k in doc) if isinstance(doc, Mapping) else []
        bad(
            "",
            "",
            extra or _short(doc),
            "must be a mapping with one key, rules: (a list)",
            "not_a_mapping",
        )
        raise ImportRejectedError(problems)
    items = doc.get("rules") or []
    if not isinstance(items, Sequence) or isinstance(items, str):
        bad(
            "rules",
            "rules",
            _short(items),
            "must be a list of {match: ..., set: ...}",
            "not_a_list",
        )
        raise ImportRejectedError(problems)
    rules = []
    for i, item in enumerate(items):
        where = f"rules[{i}]"
        if not isinstance(item, Mapping):
            bad(where, "", _short(item), "must be a mapping with match: and set:", "not_a_mapping")
            continue
        for key in sorted(set(item) - {"match", "set"}, key=str):
            _unknown(bad, f"{where}.{key}", str(key), ("match", "set"))
        match = _part(item, "match", where, MATCH_KEYS, bad)
        sets = _part(item, "set", where, SET_KEYS, bad)
        if match is None or sets is None:
            continue
        category = sets.get("category")
        if category is not None and category not in TIME_CATEGORIES:
            hint = did_you_mean(category, TIME_CATEGORIES)
            bad(
                f"{where}.set.category",
                "category",
                category,
                f"not a category; {hint}one of {', '.join(TIME_CATEGORIES)}",
                "not_allowed",
            )
            continue
        rules.append(Rule({k: v.lower() for k, v in match.items()}, sets, where))
    if problems:
        raise ImportRejectedError(problems, f"{file}: no rule was used")
    return Rules(tuple(rules), file)


def _part(
    item: Mapping[str, Any], part: str, where: str, keys: Sequence[str], bad: Any
) -> dict[str, str] | None:
    value = item.get(part)
    path = f"{where}.{part}"
    if value is None:
        what = "the entry fields to look at" if part == "match" else "the fields to set"
        bad(
            path,
            part,
            None,
            f"required: a mapping of {what}, keys {', '.join(keys)}",
            "missing_key",
        )
        return None
    if not isinstance(value, Mapping):
        bad(
            path,
            part,
            _short(value),
            f"must be a mapping with keys {', '.join(keys)}",
            "not_a_mapping",
        )
        return None
    out = {}
    for key, v in value.items():
        if key not in keys:
            _unknown(bad, f"{path}.{key}", str(key), keys)
        elif isinstance(v, Mapping | list) or v is None or str(v).strip() == "":
            bad(f"{path}.{key}", str(key), _short(v), "must be a non-empty text", "wrong_type")
        else:
            out[str(key)] = str(v).strip()
    if part == "set" and not out and not value:
        bad(path, part, "{}", f"sets nothing; give one of {', '.join(keys)}", "empty")
    return out


def _unknown(bad: Any, path: str, key: str, keys: Sequence[str]) -> None:
    hint = did_you_mean(key, keys)
    bad(path, key, "", f"unknown key; {hint}known keys: {', '.join(keys)}", "unknown_key")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def tag_category(tags: Iterable[str]) -> str:
    """The first tag that names a careermap category, else ``"other"``.

    >>> tag_category(("Deep work", "Job search", "learning")), tag_category(("SQL",))
    ('job_search', 'other')
    """
    for tag in tags:
        name = tag.strip().lower().replace("-", "_").replace(" ", "_")
        if name in TIME_CATEGORIES:
            return name
    return "other"


def apply_rules(
    entries: pd.DataFrame, rules: Rules | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The entries with the map fields each would be logged with, from the first rule that fits.

    Parameters
    ----------
    entries
        A frame like :func:`read_export`'s (``project``, ``client``, ``task``, ``tags``,
        ``text``); it is not changed.
    rules
        :class:`Rules` (:func:`read_rules`), a mapping ``{"rules": [...]}``, or None (defaults
        only).

    Returns
    -------
    pandas.DataFrame
        A copy with ``category``, ``goal``, ``milestone``, ``action`` (empty text when not set)
        and ``rule`` (the YAML path of the rule that fitted, empty when none did).

    Examples
    --------
    >>> entries = pd.DataFrame({"project": ["SQL course", "", ""], "client": "", "task": "",
    ...     "tags": [(), ("Mentoring",), ()], "text": ["joins", "call Mentor", "email"]})
    >>> rules = {"rules": [{"match": {"project": "sql"}, "set": {"category": "learning",
    ...     "goal": "G1"}}]}
    >>> out = apply_rules(entries, rules)
    >>> out["category"].tolist(), out["goal"].tolist(), out["rule"].tolist()
    (['learning', 'mentoring', 'other'], ['G1', '', ''], ['rules[0]', '', ''])
    """
    if rules is None:
        rules = Rules()
    elif not isinstance(rules, Rules):
        rules = rules_from(rules)
    out = entries.copy()
    n = len(out)
    fields = {key: pd.Series([""] * n, index=out.index, dtype="str") for key in SET_KEYS}
    fields["category"] = out["tags"].map(tag_category).astype("str")
    which = pd.Series([""] * n, index=out.index, dtype="str")
    open_ = pd.Series(True, index=out.index)
    for rule in rules.rules:
        fits = open_.copy()
        for key, needle in rule.match.items():
            if key == "tag":
                fits &= out["tags"].map(lambda tags, n=needle: any(n in t.lower() for t in tags))
            else:
                fits &= out[key].astype("str").str.lower().str.contains(needle, regex=False)
        for key, value in rule.set.items():
            fields[key] = fields[key].mask(fits, value)
        which = which.mask(fits, rule.where)
        open_ &= ~fits
    for key in SET_KEYS:
        out[key] = fields[key]
    out["rule"] = which
    return out
