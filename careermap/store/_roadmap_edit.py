"""Edits of roadmap.yaml: mark done, reschedule, drop, add milestones and actions, and the
self-assessment lists. Each edit is made on the round-trip YAML (comments kept), checked by
loading the edited map, and written only if it adds no problem."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from careermap._args import positional_options
from careermap._dates import today
from careermap._vocab import ROADMAP_KEYS, SELF_ASSESSMENT_KINDS, did_you_mean
from careermap.errors import EntryRejectedError, InvalidArgumentError
from careermap.io import parse_date, roadmap_date_keys
from careermap.store._files import DEFAULT_TIMEOUT, ROADMAP, locked, person_folder
from careermap.store._journal import Change, commit, settled
from careermap.store._roadmap_check import check_roadmap, roadmap_files
from careermap.store._rows import cell_text
from careermap.store._yaml_edit import (
    append_item,
    cm,
    cs,
    is_flow,
    is_map,
    parse_roadmap,
    remember_indent,
    set_key,
)

_MILESTONE_KEYS = ROADMAP_KEYS["milestone"]
_ACTION_KEYS = ROADMAP_KEYS["action"]


def _edit_roadmap(
    folder: str | os.PathLike[str],
    op: str,
    edit: Callable[[Any], str],
    timeout: float,
) -> Change:
    root = person_folder(folder)
    with locked(root, timeout):
        snap = settled(root, ROADMAP, timeout)
        old = snap.data
        if old is None:
            raise InvalidArgumentError(f"{root} holds no roadmap.yaml; nothing was written")
        parsed = parse_roadmap(old)
        summary = f"{ROADMAP}: {edit(parsed.doc)}"
        new = parsed.dump()
        if new == old:
            return Change(op, ROADMAP, f"{summary} (no change)")
        _, problems = check_roadmap(root, roadmap_files(root, new))
        if problems:
            # problems written by hand before the edit do not block it
            _, before = check_roadmap(root, roadmap_files(root))
            seen = {(p.file, p.location, p.column, p.code) for p in before}
            fresh = [p for p in problems if (p.file, p.location, p.column, p.code) not in seen]
            if fresh:
                raise EntryRejectedError(
                    fresh, f"{summary} would make the map invalid; not written"
                )
        commit(
            root,
            snap,
            new,
            op=op,
            summary=summary,
            rejected=new,
            what=f"{summary} was not written (the edited roadmap.yaml)",
        )
        remember_indent(new, parsed)
    return Change(op, ROADMAP, summary)


def _as_date(value: Any, name: str, *, default_today: bool = False) -> dt.date:
    """A date argument: a date, datetime, Timestamp, or text the loader reads as a date."""
    if value is None and default_today:
        return today()
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):  # a copy: ruamel writes an alias for a value used twice
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, str):
        day = parse_date(value.strip())
        if day is not None:
            return day.date()
    raise InvalidArgumentError(f"{name} must be a date like 2026-11-20; got {value!r}")


def _items(doc: Any) -> Iterator[tuple[str, Any, Any, Any]]:
    """(kind, node, goal, milestone) for every goal, milestone and action of the roadmap."""
    goals = doc.get("goals") if is_map(doc) else None
    for goal in goals if isinstance(goals, list) else []:
        if not is_map(goal):
            continue
        yield "goal", goal, goal, None
        milestones = goal.get("milestones")
        for ms in milestones if isinstance(milestones, list) else []:
            if not is_map(ms):
                continue
            yield "milestone", ms, goal, ms
            actions = ms.get("actions")
            for action in actions if isinstance(actions, list) else []:
                if is_map(action):
                    yield "action", action, goal, ms


def _find(doc: Any, item_id: str, kinds: tuple[str, ...]) -> tuple[str, Any, Any, Any]:
    ids = []
    for kind, node, goal, ms in _items(doc):
        if kind not in kinds:
            continue
        if str(node.get("id")) == str(item_id):
            return kind, node, goal, ms
        ids.append(str(node.get("id")))
    what = " or ".join(kinds)
    hint = did_you_mean(item_id, ids)
    raise InvalidArgumentError(
        f"no {what} with id {item_id!r} in roadmap.yaml; {hint}known: {', '.join(ids) or 'none'}"
    )


def _next_id(doc: Any, prefix: str, taken: Iterable[str] = ()) -> str:
    """The next free ``<prefix><n>`` after the highest one in use (ids are per person)."""
    used = {str(node.get("id")) for _, node, _, _ in _items(doc)} | set(taken)
    numbers = [int(m.group(1)) for u in used if (m := re.fullmatch(rf"{prefix}(\d+)", u))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _yaml_value(section: str, key: str, value: Any) -> Any:
    """A value given for a roadmap key, as written into the YAML (dates as dates)."""
    if key in roadmap_date_keys(section) and value is not None:
        return _as_date(value, key)
    if isinstance(value, list | tuple):
        return cs([cell_text(v) if not isinstance(v, str) else v for v in value], flow=True)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _node(section: str, values: Mapping[str, Any], *, flow: bool) -> Any:
    """A new roadmap item with the values given, keys in the order roadmap.yaml has them."""
    keys = [k for k in ROADMAP_KEYS[section] if k in values]
    return cm([(k, _yaml_value(section, k, values[k])) for k in keys], flow=flow)


def _fields(given: Mapping[str, Any], allowed: Sequence[str], what: str) -> dict[str, Any]:
    if not isinstance(given, Mapping):
        raise InvalidArgumentError(f"{what} must be a dict of keys; got {type(given).__name__}")
    unknown = [k for k in given if k not in allowed]
    if unknown:
        raise InvalidArgumentError(
            f"unknown {what} key{'s' * (len(unknown) > 1)} {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(allowed)}"
        )
    return {k: v for k, v in given.items() if v is not None}


def _open_milestone(doc: Any, milestone_id: str, doing: str) -> Any:
    """The milestone, if it is neither done nor dropped (``doing`` says what was refused)."""
    _, ms, _, _ = _find(doc, milestone_id, ("milestone",))
    if ms.get("done") is not None:
        raise InvalidArgumentError(f"{milestone_id} is already done ({ms.get('done')}); {doing}")
    if ms.get("dropped") is not None:
        raise InvalidArgumentError(f"{milestone_id} was dropped on {ms.get('dropped')}; {doing}")
    return ms


@positional_options("on")
def mark_done(
    folder: str | os.PathLike[str],
    milestone_id: str,
    *,
    on: dt.date | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Mark a milestone (or an action, given its id) done on a date (default: today).

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    milestone_id
        The id of an open milestone, or of an action not done yet.
    on
        The day it was done: a date, or text like ``"2026-11-16"`` (default: today).
    timeout
        Seconds to wait for another writer of the same folder.

    Raises
    ------
    InvalidArgumentError
        If the id is unknown, the item is already done (or dropped), or ``on`` is no date.
    EntryRejectedError
        If the edit would make the map invalid (done before the milestone was planned).

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.mark_done(folder, "A19", on="2026-11-16"))
    roadmap.yaml: A19 done on 2026-11-16
    """
    day = _as_date(on, "on", default_today=True)

    def edit(doc: Any) -> str:
        kind, node, _, _ = _find(doc, milestone_id, ("milestone", "action"))
        if kind == "milestone":
            _open_milestone(doc, milestone_id, "nothing to mark")
            set_key(node, "done", day, _MILESTONE_KEYS)
        else:
            if node.get("done") is not None:
                raise InvalidArgumentError(f"{milestone_id} is already done ({node.get('done')})")
            set_key(node, "done", day, _ACTION_KEYS)
        return f"{milestone_id} done on {day}"

    return _edit_roadmap(folder, "mark_done", edit, timeout)


@positional_options("on", "reason")
def reschedule(
    folder: str | os.PathLike[str],
    milestone_id: str,
    new_target: dt.date | str,
    *,
    on: dt.date | str | None = None,
    reason: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Move a milestone's target date, recording ``{on, from: old target, reason}``.

    The entry is added to the milestone's ``reschedules`` list, so slip charts can show how
    the target moved.

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    milestone_id
        The id of an open milestone.
    new_target
        The new target date.
    on
        The day of the decision (default: today).
    reason
        Why, in a few words (optional).
    timeout
        Seconds to wait for another writer of the same folder.

    Raises
    ------
    InvalidArgumentError
        If the milestone is unknown, done or dropped, a date is no date, or the target is
        already ``new_target``.
    EntryRejectedError
        If the edit would make the map invalid (a target before the milestone was planned).

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.reschedule(folder, "M9", "2027-01-31", on="2026-11-16",
    ...     reason="data access delayed"))
    roadmap.yaml: M9 target 2026-10-31 -> 2027-01-31 (data access delayed)
    """
    day = _as_date(on, "on", default_today=True)
    target = _as_date(new_target, "new_target")
    if reason is not None and not isinstance(reason, str):
        raise InvalidArgumentError(f"reason must be text; got {reason!r}")
    reason = (reason or "").strip() or None

    def edit(doc: Any) -> str:
        ms = _open_milestone(doc, milestone_id, "only open milestones are rescheduled")
        old = ms.get("target")
        try:
            old_day = _as_date(old, "target")
        except InvalidArgumentError:
            raise InvalidArgumentError(
                f"{milestone_id} has no valid target date ({old!r}) to move from"
            ) from None
        if old_day == target:
            raise InvalidArgumentError(f"{milestone_id}'s target is already {target}")
        entry = [("on", day), ("from", old_day)] + ([("reason", reason)] if reason else [])
        existing = ms.get("reschedules")
        if isinstance(existing, list) and existing:
            append_item(existing, cm(entry, flow=True))
        else:
            set_key(ms, "reschedules", cs([cm(entry, flow=True)], flow=True), _MILESTONE_KEYS)
        ms["target"] = target
        why = f" ({reason})" if reason else ""
        return f"{milestone_id} target {old_day} -> {target}{why}"

    return _edit_roadmap(folder, "reschedule", edit, timeout)


@positional_options("on")
def drop(
    folder: str | os.PathLike[str],
    milestone_id: str,
    *,
    on: dt.date | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Drop a milestone from the plan on a date (default: today); it stays in the file.

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    milestone_id
        The id of an open milestone.
    on
        The day it was dropped (default: today).
    timeout
        Seconds to wait for another writer of the same folder.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.drop(folder, "M12", on="2026-11-16"))
    roadmap.yaml: M12 dropped on 2026-11-16
    """
    day = _as_date(on, "on", default_today=True)
    return _edit_roadmap(folder, "drop", lambda doc: drop_edit(doc, milestone_id, day), timeout)


def drop_edit(doc: Any, milestone_id: str, day: dt.date) -> str:
    """Drop an open milestone in the parsed roadmap (what :func:`drop` writes)."""
    ms = _open_milestone(doc, milestone_id, "only open milestones are dropped")
    set_key(ms, "dropped", day, _MILESTONE_KEYS)
    return f"{milestone_id} dropped on {day}"


def add_milestone(
    folder: str | os.PathLike[str],
    goal_id: str,
    milestone: Mapping[str, Any],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Add a milestone at the end of a goal's milestones.

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    goal_id
        The goal the milestone serves.
    milestone
        Keys as in roadmap.yaml: ``title`` and ``target`` (required), ``id`` (default: the
        next free ``M<n>``), ``planned`` (default: today), ``effort_hours``, ``skills``,
        ``depends_on``, ``note``, and ``actions`` (a list of action dicts, ids default to
        the next free ``A<n>``).
    timeout
        Seconds to wait for another writer of the same folder.

    Raises
    ------
    InvalidArgumentError
        If the goal is unknown or a key is not a milestone (or action) key.
    EntryRejectedError
        If the new milestone breaks a rule of the data contract (a missing title or target,
        an id already used, a skill that is neither O*NET nor custom ...).

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.add_milestone(folder, "G1", {"title": "Tableau certification",
    ...     "planned": "2026-11-16", "target": "2027-03-31", "effort_hours": 20,
    ...     "skills": ["Programming"]}))
    roadmap.yaml: added milestone M18 to G1
    """
    fields = milestone_fields(milestone)
    return _edit_roadmap(
        folder, "add_milestone", lambda doc: add_milestone_edit(doc, goal_id, fields), timeout
    )


def milestone_fields(milestone: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of a new milestone, refusing any that is not a milestone key."""
    return _fields(
        milestone, [k for k in _MILESTONE_KEYS if k not in ("reschedules",)], "milestone"
    )


def add_milestone_edit(doc: Any, goal_id: str, fields: Mapping[str, Any]) -> str:
    """Add a milestone to a goal in the parsed roadmap (what :func:`add_milestone` writes)."""
    _, goal, _, _ = _find(doc, goal_id, ("goal",))
    mid = str(fields.get("id") or _next_id(doc, "M"))
    values = {**fields, "id": mid}
    values.setdefault("planned", today())
    actions = values.pop("actions", None) or []
    node = cm(
        [(k, _yaml_value("milestone", k, values[k])) for k in _MILESTONE_KEYS if k in values],
        flow=False,
    )
    if actions:
        items = cs([], flow=False)
        for given in actions:
            a = _fields(given, _ACTION_KEYS, "action")
            a.setdefault("id", _next_id(doc, "A", (str(x["id"]) for x in items)))
            items.append(
                cm(
                    [(k, _yaml_value("action", k, a[k])) for k in _ACTION_KEYS if k in a],
                    flow=True,
                )
            )
        node["actions"] = items
    existing = goal.get("milestones")
    if isinstance(existing, list) and not is_flow(existing):
        append_item(existing, node)
    else:
        set_key(goal, "milestones", cs([node], flow=False), ("id", "milestones"))
    return f"added milestone {mid} to {goal_id}"


def add_action(
    folder: str | os.PathLike[str],
    milestone_id: str,
    action: Mapping[str, Any],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Add an action step to a milestone.

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    milestone_id
        The milestone the action belongs to.
    action
        Keys as in roadmap.yaml: ``title`` (required), ``id`` (default: the next free
        ``A<n>``), ``due``, ``effort_hours``, ``kind`` (course, project, networking,
        application, mentoring, reading, other), ``done``, ``note``.
    timeout
        Seconds to wait for another writer of the same folder.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.add_action(folder, "M15", {"title": "Speech 3", "due": "2026-12-10",
    ...     "effort_hours": 4, "kind": "project"}))
    roadmap.yaml: added action A33 to M15
    """
    fields = _fields(action, _ACTION_KEYS, "action")

    def edit(doc: Any) -> str:
        _, ms, _, _ = _find(doc, milestone_id, ("milestone",))
        aid = str(fields.get("id") or _next_id(doc, "A"))
        values = {**fields, "id": aid}
        node = cm(
            [(k, _yaml_value("action", k, values[k])) for k in _ACTION_KEYS if k in values],
            flow=True,
        )
        existing = ms.get("actions")
        if isinstance(existing, list) and existing:
            append_item(existing, node)
        else:
            set_key(ms, "actions", cs([node], flow=False), _MILESTONE_KEYS)
        return f"added action {aid} to {milestone_id}"

    return _edit_roadmap(folder, "add_action", edit, timeout)


def _same_day(value: Any, day: dt.date) -> bool:
    try:
        return _as_date(value, "date") == day
    except (InvalidArgumentError, EntryRejectedError, ValueError, TypeError):
        return False


def set_self_assessment(
    folder: str | os.PathLike[str],
    *,
    values: Iterable[str] | None = None,
    strengths: Iterable[str] | None = None,
    passions: Iterable[str] | None = None,
    growth_areas: Iterable[str] | None = None,
    on: object = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Replace the lists of the roadmap's ``self_assessment`` that are given, and keep a
    dated copy of all four in ``self_assessment.history``.

    Lists not given (``None``) are left as they are; an empty list empties one. The entry of
    ``history`` dated ``on`` (today by default) is written with the four lists as they are
    after the change (replaced if that day already has one), so re-assessing never loses the
    earlier answers.

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    values, strengths, passions, growth_areas
        The new lists of words.
    on
        The date of the history entry (a date or ``"2026-11-16"``; default today).
    timeout
        Seconds to wait for another writer of the same folder.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> change = store.set_self_assessment(
    ...     folder, passions=["data storytelling", "teaching"], on="2026-11-16")
    >>> print(change)
    roadmap.yaml: self_assessment passions = data storytelling, teaching (history 2026-11-16)
    >>> sa = careermap.load(folder).self_assessment
    >>> sa[sa.date == "2026-11-16"].query("kind == 'passions'").item.tolist()
    ['data storytelling', 'teaching']
    """
    given = {
        kind: lst
        for kind, lst in zip(
            SELF_ASSESSMENT_KINDS, (values, strengths, passions, growth_areas), strict=True
        )
        if lst is not None
    }
    if not given:
        raise InvalidArgumentError(
            f"give at least one of {', '.join(SELF_ASSESSMENT_KINDS)} (each a list of words)"
        )
    lists: dict[str, list[str]] = {}
    for kind, items in given.items():
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise InvalidArgumentError(
                f"{kind} must be a list of words, e.g. ['learning', 'autonomy']; got {items!r}"
            )
        lists[kind] = [str(x).strip() for x in items if str(x).strip()]
    day = _as_date(on, "on", default_today=True)

    def edit(doc: Any) -> str:
        sa = doc.get("self_assessment")
        if not is_map(sa):
            sa = cm([], flow=False)
            set_key(doc, "self_assessment", sa, ROADMAP_KEYS[""])
        for kind, items in lists.items():
            current = sa.get(kind)
            if isinstance(current, list):
                current.clear()
                current.extend(items)
            else:
                set_key(sa, kind, cs(items, flow=True), ROADMAP_KEYS["self_assessment"])
        snapshot = [("date", day)]
        for kind in SELF_ASSESSMENT_KINDS:
            now = sa.get(kind)
            words = [str(x) for x in now] if isinstance(now, list) else []
            snapshot.append((kind, cs(words, flow=True)))
        entry = cm(snapshot, flow=False)
        history = sa.get("history")
        if not isinstance(history, list):
            history = cs([], flow=False)
            set_key(sa, "history", history, ROADMAP_KEYS["self_assessment"])
        same = [i for i, e in enumerate(history) if is_map(e) and _same_day(e.get("date"), day)]
        if same:
            history[same[-1]] = entry
        else:
            append_item(history, entry)
        return (
            "self_assessment "
            + "; ".join(f"{kind} = {', '.join(items) or '(none)'}" for kind, items in lists.items())
            + f" (history {day.isoformat()})"
        )

    return _edit_roadmap(folder, "set_self_assessment", edit, timeout)
