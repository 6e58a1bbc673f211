"""The O*NET reference tables as the skill metrics read them: cached, read-only views.

The reference tables never change while a program runs; these views are read-only by
convention (never modified by a metric) and save a copy of the table on every call.
"""

from __future__ import annotations

import functools

import pandas as pd

from careermap import reference


@functools.cache
def occupations_view() -> pd.DataFrame:
    return reference.occupations().set_index("code")[["title", "job_zone", "rated"]]


@functools.cache
def catalogue() -> pd.DataFrame:
    """``name, domain, label`` by O*NET element id; ``label`` is how careermap shows the
    element (:func:`careermap.reference.skill_labels`, the one labelling rule)."""
    out = reference.skills().set_index("skill_id")[["name", "domain"]]
    return out.assign(label=reference.skill_labels().reindex(out.index))


@functools.cache
def onet_requirements() -> pd.DataFrame:
    return reference.requirements()


@functools.cache
def _onet_slices() -> dict[str, pd.DataFrame]:
    req = onet_requirements()
    return {code: part for code, part in req.groupby("role_id", sort=False)}


@functools.cache
def related_edges() -> pd.DataFrame:
    return reference.related_occupations()[
        ["code", "related_code", "related_title", "relatedness", "index"]
    ]


def onet_for(codes: list[str]) -> pd.DataFrame:
    parts = _onet_slices()
    found = [parts[c] for c in codes if c in parts]
    return pd.concat(found, ignore_index=True) if found else onet_requirements().iloc[:0]
