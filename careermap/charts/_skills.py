"""What the skill charts share: how a skill and a role are labelled, the level axis, "you".

A chart reads no reference data: the frames it draws carry each skill's display name in
their ``skill`` column (the metrics name skills by the one rule of
:func:`careermap.reference.skill_labels`; :func:`careermap.metrics.skill_history` gives
the assessments so named). A chart shows that name as it is, escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from careermap.charts._core import esc

LEVEL_TITLE = "level (O*NET 0-7)"
YOU = "#000000"


def skill_label(skill_id: Any, skill: Any = None) -> str:
    """How a skill is shown: the frame's ``skill`` name, else its id (both escaped: they
    may be text a person wrote, shown as written, never as markup)."""
    for candidate in (skill, skill_id):
        if isinstance(candidate, str) and candidate:
            return esc(candidate)
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
