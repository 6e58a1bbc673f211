"""Closed vocabularies and formats of the data contract (docs/data-model.md)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

FORMAT_VERSION = 1
SLUG = r"[a-z0-9][a-z0-9_-]{0,63}"
SLUG_RE = re.compile(rf"^{SLUG}$")
ONET_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")

TIME_CATEGORIES = (
    "learning",
    "practice",
    "networking",
    "mentoring",
    "job_search",
    "reflection",
    "other",
)
ACTION_KINDS = ("course", "project", "networking", "application", "mentoring", "reading", "other")
ASSESSMENT_SOURCES = ("self", "mentor", "manager", "peer", "test")
SELF_ASSESSMENT_KINDS = ("values", "strengths", "passions", "growth_areas")
REVIEW_SCORES = ("satisfaction", "motivation", "confidence", "alignment")
ROLE_KINDS = ("onet", "custom")
# the time-tracker exports careermap.timeimport reads (here so the CLI lists them without
# importing the readers)
IMPORT_FORMATS = ("toggl", "clockify", "ical")

# an action's resource link and cost (roadmap.yaml: resource: {url:, provider:},
# cost: {amount:, currency:}); a currency is an ISO 4217 code such as USD, EUR or GBP
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"

LEVEL_MIN, LEVEL_MAX = 0.0, 7.0  # O*NET level (LV) scale
IMPORTANCE_MIN, IMPORTANCE_MAX = 1.0, 5.0  # O*NET importance (IM) scale
MAX_WEEKLY_HOURS = 80
MAX_DAY_HOURS = 24
# An estimate's ceiling (50 years of full-time work): the cohort KPIs add estimates exactly as
# integers of 1e-9 hours (metrics/_exact.py), which must stay inside int64
MAX_EFFORT_HOURS = 100_000

# The dates a map may hold: a working life with room on both sides, well inside what pandas'
# datetime64[ns] holds (1677-09-22 to 2262-04-11), so that metrics adding years to a date never
# overflow, and so that a typo such as 2205 for 2025 is caught.
EARLIEST_DATE = "1900-01-01"
LATEST_DATE = "2199-12-31"
# The largest size of a number (hours, levels, goal targets and measurements, priorities):
# beyond any real metric, and small enough that every whole number up to it is exact in a
# float64 and fits an Int64 column.
MAX_NUMBER = 10**15

# The one way a number is written, in every file and argument: ASCII digits, an optional sign,
# decimal point and exponent. Python's float() also takes digit separators (1_0 as 10) and
# other scripts' digits; they are refused, never read as another number.
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NUMBER_RULE = "digits with an optional decimal point, like 1.5 (no separators: 1000, not 1_000)"


def parse_number(text: str) -> float | None:
    """A number as careermap reads it from any file or argument, else None.

    Examples
    --------
    >>> parse_number("1.5"), parse_number(" -2e3 "), parse_number("1_0"), parse_number("١٢")
    (1.5, -2000.0, None, None)
    """
    text = text.strip()
    return float(text) if NUMBER_RE.fullmatch(text) else None


def misread_number(text: str) -> bool:
    """Whether Python's ``float`` reads ``text`` as a number that :func:`parse_number` refuses
    (``1_0``, ``١٢``): a value the loader and the store must refuse, not coerce.

    >>> misread_number("1_0"), misread_number("1.5"), misread_number("two"), misread_number("nan")
    (True, False, False, False)
    """
    if parse_number(text) is not None:
        return False
    try:
        value = float(text)
    except (ValueError, TypeError):
        return False
    return value == value and abs(value) != float("inf")


LOG_FILES = {
    "time_log": "time_log.csv",
    "assessments": "assessments.csv",
    "reviews": "reviews.csv",
    "goal_progress": "goal_progress.csv",
}
# CSV column -> frame column (frames name references by what they are)
LOG_RENAMES = {
    "time_log": {"goal": "goal_id", "milestone": "milestone_id", "action": "action_id"},
    "goal_progress": {"goal": "goal_id"},
    "assessments": {},
    "reviews": {},
}

# The keys of each kind of mapping in roadmap.yaml and roles/*.yaml, in the order the store
# writes them into a new item. The loader warns about any other key; the store's editors
# refuse them. ("" is the top level of roadmap.yaml; "role" the top level of a role file.)
ROADMAP_KEYS: dict[str, tuple[str, ...]] = {
    "": ("careermap", "person", "self_assessment", "vision", "goals", "custom_skills"),
    "person": ("id", "name", "current_role", "weekly_hours", "start", "timezone"),
    "self_assessment": (*SELF_ASSESSMENT_KINDS, "history"),
    "self_assessment_entry": ("date", *SELF_ASSESSMENT_KINDS),
    "vision": ("statement", "horizon", "target_roles"),
    "target_role": ("onet", "custom", "priority", "title"),
    "goal": (
        "id",
        "title",
        "specific",
        "metric",
        "baseline",
        "target",
        "deadline",
        "relevant_to",
        "priority",
        "milestones",
        "note",
    ),
    "milestone": (
        "id",
        "title",
        "planned",
        "target",
        "reschedules",
        "effort_hours",
        "skills",
        "depends_on",
        "done",
        "dropped",
        "actions",
        "note",
    ),
    "reschedule": ("on", "from", "reason"),
    "action": (
        "id",
        "title",
        "due",
        "effort_hours",
        "kind",
        "resource",
        "cost",
        "done",
        "note",
    ),
    "resource": ("url", "provider"),
    "cost": ("amount", "currency"),
    "custom_skill": ("id", "name", "description"),
    "role": ("id", "title", "based_on", "description", "requirements"),
    "requirement": ("skill", "name", "level", "importance"),
}


def did_you_mean(value: object, known: Iterable[str], *, cutoff: float = 0.6) -> str:
    """The "did you mean" hint for a value that is not in a vocabulary (ids, categories,
    keys, skills): ``"did you mean 'learning'? "`` or ``""`` when nothing is close.

    The one suggestion rule for every vocabulary: letter case is ignored, then the closest
    known value by :func:`difflib.get_close_matches` (``cutoff`` 0.6) is offered.

    >>> did_you_mean("learnig", TIME_CATEGORIES), did_you_mean("Practice", TIME_CATEGORIES)
    ("did you mean 'learning'? ", "did you mean 'practice'? ")
    >>> did_you_mean("zzz", TIME_CATEGORIES)
    ''
    """
    found = closest(value, known, cutoff=cutoff)
    return f"did you mean {found!r}? " if found is not None else ""


def closest(value: object, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known value closest to ``value`` (letter case ignored), or None."""
    by_lower: dict[str, str] = {}
    for k in known:
        by_lower.setdefault(str(k).lower(), str(k))
    text = str(value).lower()
    if text in by_lower:
        return by_lower[text]
    close = difflib.get_close_matches(text, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[close[0]] if close else None
