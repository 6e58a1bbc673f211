"""What the skill charts share: how a skill and a role are labelled, the level axis, "you".

Skill labels follow the one rule of :func:`careermap.reference.skill_labels` (the O*NET name,
with the domain where a skill and a knowledge area share it); this is the one place the
charts read the reference data, and only for that catalogue of names.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import pandas as pd

from careermap.charts._core import esc

LEVEL_TITLE = "level (O*NET 0-7)"
YOU = "#000000"


@functools.cache
def _catalogue() -> dict[str, str]:
    """O*NET element id -> display name (:func:`careermap.reference.skill_labels`)."""
    from careermap.reference import skill_labels

    return skill_labels().to_dict()


def skill_label(skill_id: Any, skill: Any = None) -> str:
    """How a skill is shown: its O*NET name for an element id, else what the person wrote."""
    names = _catalogue()
    for candidate in (skill_id, skill):
        if isinstance(candidate, str) and candidate in names:
            return names[candidate]
    for candidate in (skill, skill_id):
        if isinstance(candidate, str) and candidate:
            return esc(candidate)  # written by the person: shown as written, never as markup
    return "(unnamed skill)"


def skill_labels_of(frame: pd.DataFrame) -> pd.Series:
    ids = frame["skill_id"] if "skill_id" in frame.columns else pd.Series(None, index=frame.index)
    names = frame["skill"] if "skill" in frame.columns else pd.Series(None, index=frame.index)
    return pd.Series(
        [skill_label(i, s) for i, s in zip(ids, names, strict=True)],
        index=frame.index,
        dtype=object,
    )


def role_names(frame: pd.DataFrame, labels: Mapping[str, str] | None) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in ("role_title", "title", "role"):
        if column in frame.columns:
            pairs = frame[["role_id", column]].dropna().drop_duplicates("role_id")
            names.update(zip(pairs["role_id"], pairs[column].astype(str), strict=True))
            break
    names.update(labels or {})
    return {role: esc(name) for role, name in names.items()}  # custom roles: user text
