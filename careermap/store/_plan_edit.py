"""Applying a what-if scenario to roadmap.yaml: several plan edits as one undoable change."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from typing import Any

from careermap._format import hours as hours_text
from careermap._vocab import ROADMAP_KEYS
from careermap.errors import InvalidArgumentError
from careermap.store._files import DEFAULT_TIMEOUT
from careermap.store._journal import Change
from careermap.store._roadmap_edit import (
    _as_date,
    _edit_roadmap,
    _find,
    add_milestone_edit,
    drop_edit,
    milestone_fields,
)
from careermap.store._yaml_edit import is_map, set_key


def change_plan(
    folder: str | os.PathLike[str],
    *,
    weekly_hours: float | None = None,
    drop: Iterable[str] = (),
    add: Iterable[Mapping[str, Any]] = (),
    deadlines: Mapping[str, Any] | None = None,
    on: object = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Change the plan in one write: weekly hours, milestones dropped and added, deadlines.

    All the edits are made on one parsed roadmap, checked together by loading the edited map,
    and written as ONE change, so :func:`undo` reverts the whole plan change at once. It is
    what applying a what-if scenario writes (``widgets.what_if_panel``'s Apply button).

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    weekly_hours
        New ``person.weekly_hours`` (0 < h <= 80).
    drop
        Ids of open milestones to drop (on ``on``).
    add
        New milestones: dicts with ``goal`` and the keys of :func:`add_milestone`
        (``planned`` defaults to ``on``).
    deadlines
        ``{goal_id: new deadline}``.
    on
        The day of the change (default today).
    timeout
        Seconds to wait for another writer of the same folder.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.change_plan(folder, weekly_hours=8, deadlines={"G2": "2027-09-30"},
    ...     on="2026-11-16"))
    roadmap.yaml: weekly_hours 6 -> 8 h; G2 deadline 2027-06-30 -> 2027-09-30
    >>> print(store.undo(folder))
    undid roadmap.yaml: weekly_hours 6 -> 8 h; G2 deadline 2027-06-30 -> 2027-09-30
    """
    day = _as_date(on, "on", default_today=True)
    drop = [str(x) for x in ([drop] if isinstance(drop, str) else drop)]
    hours = _hours(weekly_hours)
    moved = {str(g): _as_date(d, f"deadline of {g}") for g, d in (deadlines or {}).items()}
    new = []
    for i, given in enumerate(add):
        if not isinstance(given, Mapping) or not given.get("goal"):
            raise InvalidArgumentError(f"add[{i}] must be a dict with a goal; got {given!r}")
        fields = milestone_fields({k: v for k, v in given.items() if k != "goal"})
        fields.setdefault("planned", day)
        new.append((str(given["goal"]), fields))
    if hours is None and not drop and not new and not moved:
        raise InvalidArgumentError("nothing to change: give weekly_hours, drop, add or deadlines")

    def edit(doc: Any) -> str:
        parts = []
        if hours is not None:
            person = doc.get("person") if is_map(doc) else None
            if not is_map(person):
                raise InvalidArgumentError("roadmap.yaml has no person: section to set hours in")
            old = person.get("weekly_hours")
            set_key(person, "weekly_hours", hours, ROADMAP_KEYS["person"])
            parts.append(f"weekly_hours {old} -> {hours_text(hours)}")
        parts += [drop_edit(doc, mid, day) for mid in drop]
        parts += [add_milestone_edit(doc, goal, fields) for goal, fields in new]
        for goal_id, deadline in moved.items():
            _, goal, _, _ = _find(doc, goal_id, ("goal",))
            old = goal.get("deadline")
            set_key(goal, "deadline", deadline, ROADMAP_KEYS["goal"])
            parts.append(f"{goal_id} deadline {old} -> {deadline}")
        return "; ".join(parts)

    return _edit_roadmap(folder, "change_plan", edit, timeout)


def _hours(value: Any) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidArgumentError(f"weekly_hours must be a number of hours; got {value!r}")
    if not 0 < value <= 80:
        raise InvalidArgumentError(f"weekly_hours must be more than 0 and at most 80; got {value}")
    return int(value) if float(value).is_integer() else float(value)
