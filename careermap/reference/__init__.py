"""O*NET 29.3 and BLS Employment Projections 2024-34 reference data, bundled with careermap.

Every function reads the package's own compact extract (``careermap/reference/data``, built
by ``scripts/build_reference.py``) once, caches it, and returns a fresh copy, so callers may
modify what they get. Show :data:`ATTRIBUTION` where O*NET data is used and
:data:`BLS_CITATION` beside labour-market figures.

Examples
--------
>>> from careermap import reference
>>> reference.search_occupations("business intelligence", n=1).code.item()
'15-2051.01'
"""

from careermap.onet import ATTRIBUTION, BLS_CITATION
from careermap.reference._search import resolve_skill, search_occupations, suggest_skills
from careermap.reference._tables import (
    job_zones,
    level_anchors,
    market,
    market_for,
    occupation,
    occupations,
    related_occupations,
    requirements,
    skill_labels,
    skills,
    technology_skills,
)

__all__ = [
    "ATTRIBUTION",
    "BLS_CITATION",
    "job_zones",
    "level_anchors",
    "market",
    "market_for",
    "occupation",
    "occupations",
    "related_occupations",
    "requirements",
    "resolve_skill",
    "search_occupations",
    "skill_labels",
    "skills",
    "suggest_skills",
    "technology_skills",
]
