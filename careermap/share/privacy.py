"""Privacy for shared outputs: the one set of rules for names and free-text notes.

Cohort outputs (tables, charts, the HTML report) show pseudonyms instead of names unless the
coach explicitly asks for real names, and leave free-text notes out unless asked. The rules
live here and nowhere else: which column holds a person's name (:data:`NAME_COLUMN`), which
text goes with the name because it can identify a person (:data:`PERSONAL_TEXT_COLUMNS`),
which columns are free-text notes (:data:`NOTE_COLUMNS`), and what a pseudonym is. The report,
the notebooks and the cohort charts all go through :func:`shareable_map` or
:func:`share_frame`.

A pseudonym is derived from the person id alone (a hash), so it is the same in every report,
notebook and run, and it reveals nothing about the name.

>>> pseudonym("alex-rivera")
'Rustic Lark 94'
>>> pseudonym("alex-rivera") == pseudonym("alex-rivera")
True
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

import pandas as pd

from careermap._args import check_map
from careermap.model import FRAME_NAMES, CareerMap

__all__ = [
    "NAME_COLUMN",
    "NOTE_COLUMNS",
    "PERSONAL_TEXT_COLUMNS",
    "pseudonym",
    "share_frame",
    "shareable_map",
]

_ADJECTIVES = (
    "Amber", "Azure", "Bold", "Brisk", "Calm", "Cedar", "Clever", "Coral", "Crisp", "Daring",
    "Eager", "Fern", "Gentle", "Golden", "Hazel", "Indigo", "Ivory", "Jade", "Keen", "Lively",
    "Lunar", "Maple", "Mellow", "Misty", "Noble", "Ochre", "Olive", "Quiet", "Rapid", "Rustic",
    "Sage", "Scarlet", "Silver", "Solar", "Steady", "Swift", "Teal", "Umber", "Vivid", "Willow",
)  # fmt: skip
_ANIMALS = (
    "Badger", "Bison", "Crane", "Falcon", "Finch", "Fox", "Gecko", "Hare", "Heron", "Ibis",
    "Jay", "Koala", "Lark", "Lynx", "Marten", "Mole", "Newt", "Orca", "Otter", "Owl", "Panda",
    "Puffin", "Quail", "Raven", "Robin", "Seal", "Shrike", "Stoat", "Swan", "Tern", "Toad",
    "Vole", "Wren", "Yak", "Zebra", "Egret", "Dove", "Lemur", "Moth", "Pika",
)  # fmt: skip

NAME_COLUMN = "name"
"""A person's display name, in ``m.people`` and the frames made from it (``cohort_summary``).

Other frames use ``name`` for other things (a custom skill's name), so the name rule applies
to ``people`` only in :func:`shareable_map`."""

PERSONAL_TEXT_COLUMNS = ("vision",)
"""Text a person wrote about themselves that can name them ("Lead the analytics team at St
Mary's"): left out together with the name."""

NOTE_COLUMNS = ("note", "reason")
"""Free-text notes on plans and logs (time log, assessments, reviews, goals, milestones,
actions) and reschedule reasons."""


def pseudonym(person_id: str) -> str:
    """A stable, human-friendly pseudonym for a person id ("Rustic Lark 94").

    40 adjectives x 40 animals x 256 suffixes: two people in a cohort of 1,000 share one
    with a probability of about 0.1%; ids stay the unique key.

    Examples
    --------
    >>> pseudonym("sam-lee") == pseudonym("sam-lee") != pseudonym("alex-rivera")
    True
    """
    digest = hashlib.sha256(person_id.encode("utf-8")).digest()
    return f"{_ADJECTIVES[digest[0] % 40]} {_ANIMALS[digest[1] % 40]} {digest[2]:02x}"


def _leave_out(frame: pd.DataFrame, columns: tuple[str, ...], blank: bool) -> pd.DataFrame:
    present = [c for c in columns if c in frame.columns]
    if not blank:
        return frame.drop(columns=present)
    for column in present:
        frame[column] = pd.Series(pd.NA, index=frame.index, dtype=frame[column].dtype)
    return frame


def share_frame(
    frame: pd.DataFrame, *, names: bool = False, notes: bool = False, blank: bool = False
) -> pd.DataFrame:
    """A copy of ``frame`` fit to share: names pseudonymised, free-text notes left out.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame with ``person_id``; ``name`` is read as the person's name (``m.people``, a
        cohort summary, a log frame joined with names).
    names : bool, default False
        Keep real names and the text that goes with them (:data:`PERSONAL_TEXT_COLUMNS`);
        only when the coach asks for them explicitly.
    notes : bool, default False
        Keep free-text columns (:data:`NOTE_COLUMNS`).
    blank : bool, default False
        Empty the left-out columns instead of dropping them, so the frame keeps its
        columns and dtypes (what a :class:`~careermap.CareerMap` needs).

    Returns
    -------
    pandas.DataFrame
        A new frame; ``frame`` is not changed.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"person_id": ["alex-rivera"], "name": ["Alex Rivera"], "note": ["x"]})
    >>> share_frame(df).to_dict("records")
    [{'person_id': 'alex-rivera', 'name': 'Rustic Lark 94'}]
    >>> share_frame(df, blank=True)["note"].isna().all()
    np.True_
    """
    out = frame.copy()
    if not names:
        if NAME_COLUMN in out.columns:
            out[NAME_COLUMN] = out["person_id"].astype("str").map(pseudonym).astype("str")
        out = _leave_out(out, PERSONAL_TEXT_COLUMNS, blank)
    if not notes:
        out = _leave_out(out, NOTE_COLUMNS, blank)
    return out


def shareable_map(m: CareerMap, *, names: bool = False, notes: bool = False) -> CareerMap:
    """A copy of the map fit to share: pseudonyms for names, free-text notes blanked.

    Everything computed from it (metrics, charts, the KPI summary, the report) then cannot
    leak what was left out, whatever it shows. Columns are blanked, not dropped, so every
    frame keeps its schema. The caller's map is not changed.

    Parameters
    ----------
    m : CareerMap
        One person or a cohort.
    names : bool, default False
        Keep real names (and the vision statement, which can identify a person).
    notes : bool, default False
        Keep free-text notes and reschedule reasons.

    Returns
    -------
    CareerMap
        ``m`` itself when both are kept; otherwise a new map.

    Examples
    --------
    >>> import careermap
    >>> m = careermap.load(careermap.sample_path())
    >>> shared = shareable_map(m)
    >>> shared.people["name"].tolist(), shared.time_log["note"].notna().any()
    (['Rustic Lark 94'], np.False_)
    """
    check_map(m)
    if names and notes:
        return m
    changes: dict[str, Any] = {
        # only ``people`` holds a person's name; ``name`` elsewhere names a custom skill
        frame_name: share_frame(
            getattr(m, frame_name),
            names=names or frame_name != "people",
            notes=notes,
            blank=True,
        )
        for frame_name in FRAME_NAMES
    }
    return replace(m, **changes)
