"""One pandera ``DataFrameModel`` per frame of the data model.

The loader validates each frame once, lazily (every failure at once), where the data enters.
Each field's ``description`` is the rule shown to the person when a value breaks it, so keep it
in their words ("a date like 2025-09-30"). Closed vocabularies are checked here as strings and
turned into categoricals by the loader afterwards (casting first would silently turn a typo into
a missing value).

>>> import pandas as pd
>>> from careermap.schemas import ReviewsSchema
>>> frame = pd.DataFrame({"person_id": ["alex"], "date": ["2025-10-01"], "satisfaction": [4],
...                       "motivation": [5], "confidence": [3], "alignment": [4], "note": [None]})
>>> ReviewsSchema.validate(frame)["date"].dtype
dtype('<M8[ns]')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

import pandas as pd

from careermap._dates import time_zone
from careermap._pandera import Series, pa
from careermap._vocab import (
    ACTION_KINDS,
    ASSESSMENT_SOURCES,
    CURRENCY_PATTERN,
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    LOG_FILES,
    LOG_RENAMES,
    MAX_DAY_HOURS,
    MAX_EFFORT_HOURS,
    MAX_WEEKLY_HOURS,
    ROLE_KINDS,
    SELF_ASSESSMENT_KINDS,
    SLUG,
    TIME_CATEGORIES,
    URL_PATTERN,
)

__all__ = [
    "DERIVED_COLUMNS",
    "FRAME_COLUMNS",
    "LOG_COLUMNS",
    "LOG_OPTIONAL_COLUMNS",
    "SCHEMAS",
    "ActionsSchema",
    "AssessmentsSchema",
    "CustomSkillsSchema",
    "DependenciesSchema",
    "GoalProgressSchema",
    "GoalsSchema",
    "MilestoneSkillsSchema",
    "MilestonesSchema",
    "PeopleSchema",
    "ReschedulesSchema",
    "ReviewsSchema",
    "RoleRequirementsSchema",
    "SelfAssessmentSchema",
    "TargetRolesSchema",
    "TimeLogSchema",
    "reason_code",
]

DATE = "a date like 2025-09-30"
ID = "a non-empty id"


def _person() -> Series:
    return pa.Field(
        str_matches=rf"^{SLUG}$", description="a slug: a-z, 0-9, '-' or '_', 1-64 chars"
    )


class _Base(pa.DataFrameModel):
    person_id: Series[str] = _person()

    class Config:
        coerce = True
        strict = False  # extra CSV columns are kept, not rejected


class PeopleSchema(_Base):
    name: Series[str] = pa.Field(nullable=True, description="the person's display name")
    current_role: Series[str] = pa.Field(nullable=True, description="an O*NET-SOC code or text")
    weekly_hours: Series[float] = pa.Field(
        gt=0, le=MAX_WEEKLY_HOURS, description=f"hours per week, > 0 and <= {MAX_WEEKLY_HOURS}"
    )
    start: Series[pd.Timestamp] = pa.Field(description=DATE)
    vision: Series[str] = pa.Field(nullable=True, description="the vision statement")
    horizon: Series[pd.Timestamp] = pa.Field(nullable=True, description=DATE)
    # optional: Parquet cohorts written before it existed have no such column
    timezone: Series[str] | None = pa.Field(
        nullable=True,
        description="an IANA time zone name such as Europe/Berlin or America/New_York",
    )

    @pa.check("timezone", description="an IANA time zone name")
    @classmethod
    def _iana_zone(cls, zones: Series[str]) -> Series[bool]:
        return zones.isna() | zones.map(lambda z: time_zone(z) is not None).astype(bool)

    @pa.dataframe_check(description="person ids are unique in a cohort")
    @classmethod
    def _unique_person(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["person_id"].duplicated(keep=False)


class SelfAssessmentSchema(_Base):
    kind: Series[str] = pa.Field(
        isin=list(SELF_ASSESSMENT_KINDS), description=f"one of {', '.join(SELF_ASSESSMENT_KINDS)}"
    )
    item: Series[str] = pa.Field(str_length={"min_value": 1}, description="a non-empty text")
    # missing: the current lists; a date: an entry of self_assessment.history (optional:
    # Parquet cohorts written before the history existed have no such column)
    date: Series[pd.Timestamp] | None = pa.Field(nullable=True, description=DATE)


class TargetRolesSchema(_Base):
    role_id: Series[str] = pa.Field(str_length={"min_value": 1}, description=ID)
    kind: Series[str] = pa.Field(isin=list(ROLE_KINDS), description="onet or custom")
    priority: Series[pd.Int64Dtype] = pa.Field(ge=1, description="a whole number >= 1")
    title: Series[str] = pa.Field(nullable=True, description="the role's title")
    based_on: Series[str] = pa.Field(nullable=True, description="an O*NET-SOC code")


class GoalsSchema(_Base):
    goal_id: Series[str] = pa.Field(str_length={"min_value": 1}, description=ID)
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="a non-empty title")
    specific: Series[str] = pa.Field(nullable=True, description="text")
    metric: Series[str] = pa.Field(nullable=True, description="text")
    baseline: Series[float] = pa.Field(nullable=True, description="a number")
    target: Series[float] = pa.Field(nullable=True, description="a number")
    deadline: Series[pd.Timestamp] = pa.Field(nullable=True, description=DATE)
    relevant_to: Series[str] = pa.Field(nullable=True, description="a target role or 'vision'")
    priority: Series[pd.Int64Dtype] = pa.Field(
        ge=1, nullable=True, description="a whole number >= 1"
    )
    note: Series[str] = pa.Field(nullable=True, description="text")


class MilestonesSchema(_Base):
    goal_id: Series[str]
    milestone_id: Series[str] = pa.Field(str_length={"min_value": 1}, description=ID)
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="a non-empty title")
    planned: Series[pd.Timestamp] = pa.Field(nullable=True, description=DATE)
    target: Series[pd.Timestamp] = pa.Field(description=DATE)
    effort_hours: Series[float] = pa.Field(
        ge=0,
        le=MAX_EFFORT_HOURS,
        nullable=True,
        description=f"hours >= 0 and <= {MAX_EFFORT_HOURS:,}",
    )
    done: Series[pd.Timestamp] = pa.Field(nullable=True, description=f"{DATE}, or empty")
    dropped: Series[pd.Timestamp] = pa.Field(nullable=True, description=f"{DATE}, or empty")
    note: Series[str] = pa.Field(nullable=True, description="text")


class DependenciesSchema(_Base):
    milestone_id: Series[str]
    depends_on: Series[str] = pa.Field(str_length={"min_value": 1}, description="a milestone id")


class ReschedulesSchema(_Base):
    milestone_id: Series[str]
    on: Series[pd.Timestamp] = pa.Field(description=DATE)
    from_target: Series[pd.Timestamp] = pa.Field(description=DATE)
    to_target: Series[pd.Timestamp] = pa.Field(nullable=True, description=DATE)
    reason: Series[str] = pa.Field(nullable=True, description="text")


class ActionsSchema(_Base):
    goal_id: Series[str]
    milestone_id: Series[str]
    action_id: Series[str] = pa.Field(str_length={"min_value": 1}, description=ID)
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="a non-empty title")
    due: Series[pd.Timestamp] = pa.Field(nullable=True, description=DATE)
    effort_hours: Series[float] = pa.Field(
        ge=0,
        le=MAX_EFFORT_HOURS,
        nullable=True,
        description=f"hours >= 0 and <= {MAX_EFFORT_HOURS:,}",
    )
    kind: Series[str] = pa.Field(
        isin=list(ACTION_KINDS), nullable=True, description=f"one of {', '.join(ACTION_KINDS)}"
    )
    done: Series[pd.Timestamp] = pa.Field(nullable=True, description=f"{DATE}, or empty")
    note: Series[str] = pa.Field(nullable=True, description="text")
    # optional: Parquet cohorts written before resources existed have no such columns
    resource_url: Series[str] | None = pa.Field(
        nullable=True,
        str_matches=URL_PATTERN,
        description="a web address starting with http:// or https://, such as "
        "https://www.coursera.org/learn/sql",
    )
    resource_provider: Series[str] | None = pa.Field(
        nullable=True, description="who offers it (a school, a platform, a test centre)"
    )
    cost: Series[float] | None = pa.Field(
        ge=0, nullable=True, description="an amount of money >= 0, such as 49 or 12.50"
    )
    currency: Series[str] | None = pa.Field(
        nullable=True,
        str_matches=CURRENCY_PATTERN,
        description="a three-letter ISO 4217 currency code in capitals, such as USD, EUR, GBP",
    )


class MilestoneSkillsSchema(_Base):
    milestone_id: Series[str]
    skill: Series[str] = pa.Field(str_length={"min_value": 1}, description="a skill name or id")
    skill_id: Series[str] = pa.Field(nullable=True)


class CustomSkillsSchema(_Base):
    skill_id: Series[str] = pa.Field(str_length={"min_value": 1}, description=ID)
    name: Series[str] = pa.Field(nullable=True)
    source: Series[str]


class RoleRequirementsSchema(_Base):
    role_id: Series[str]
    skill: Series[str] = pa.Field(str_length={"min_value": 1}, description="a skill name or id")
    skill_id: Series[str] = pa.Field(nullable=True)
    name: Series[str] = pa.Field(nullable=True, description="the skill's name")
    level: Series[float] = pa.Field(
        ge=LEVEL_MIN, le=LEVEL_MAX, description="a level on O*NET's 0-7 scale"
    )
    importance: Series[float] = pa.Field(
        ge=IMPORTANCE_MIN,
        le=IMPORTANCE_MAX,
        nullable=True,
        description="an importance on O*NET's 1-5 scale",
    )


class TimeLogSchema(_Base):
    date: Series[pd.Timestamp] = pa.Field(description=DATE)
    hours: Series[float] = pa.Field(
        gt=0, le=MAX_DAY_HOURS, description=f"a number of hours > 0 and <= {MAX_DAY_HOURS}"
    )
    category: Series[str] = pa.Field(
        isin=list(TIME_CATEGORIES), description=f"one of {', '.join(TIME_CATEGORIES)}"
    )
    goal_id: Series[str] = pa.Field(nullable=True)
    milestone_id: Series[str] = pa.Field(nullable=True)
    action_id: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


class AssessmentsSchema(_Base):
    date: Series[pd.Timestamp] = pa.Field(description=DATE)
    skill: Series[str] = pa.Field(str_length={"min_value": 1}, description="a skill name or id")
    skill_id: Series[str] = pa.Field(nullable=True)
    level: Series[float] = pa.Field(
        ge=LEVEL_MIN, le=LEVEL_MAX, description="a level on O*NET's 0-7 scale (decimals allowed)"
    )
    source: Series[str] = pa.Field(
        isin=list(ASSESSMENT_SOURCES), description=f"one of {', '.join(ASSESSMENT_SOURCES)}"
    )
    note: Series[str] = pa.Field(nullable=True)


_SCORE = "a whole number from 1 to 5"


class ReviewsSchema(_Base):
    date: Series[pd.Timestamp] = pa.Field(description=DATE)
    satisfaction: Series[pd.Int64Dtype] = pa.Field(ge=1, le=5, description=_SCORE)
    motivation: Series[pd.Int64Dtype] = pa.Field(ge=1, le=5, description=_SCORE)
    confidence: Series[pd.Int64Dtype] = pa.Field(ge=1, le=5, description=_SCORE)
    alignment: Series[pd.Int64Dtype] = pa.Field(ge=1, le=5, description=_SCORE)
    note: Series[str] = pa.Field(nullable=True)


class GoalProgressSchema(_Base):
    date: Series[pd.Timestamp] = pa.Field(description=DATE)
    goal_id: Series[str] = pa.Field(str_length={"min_value": 1}, description="a goal id")
    value: Series[float] = pa.Field(description="a number, in the goal's metric")


SCHEMAS: dict[str, type[_Base]] = {
    "people": PeopleSchema,
    "self_assessment": SelfAssessmentSchema,
    "target_roles": TargetRolesSchema,
    "goals": GoalsSchema,
    "milestones": MilestonesSchema,
    "dependencies": DependenciesSchema,
    "reschedules": ReschedulesSchema,
    "actions": ActionsSchema,
    "milestone_skills": MilestoneSkillsSchema,
    "custom_skills": CustomSkillsSchema,
    "role_requirements": RoleRequirementsSchema,
    "time_log": TimeLogSchema,
    "assessments": AssessmentsSchema,
    "reviews": ReviewsSchema,
    "goal_progress": GoalProgressSchema,
}

# The column lists every other module uses (the loader's frames, the log headers the store,
# ``careermap init`` and the demo write), derived here so that a column is added in one place.
# Each is read from its model on first use: building a model's schema takes milliseconds, and
# ``careermap log`` needs one model of fifteen (pandera keeps each schema once built).


class _ByFrame(Mapping[str, tuple[str, ...]]):
    """Frame name -> a tuple of its columns, derived from its model when first asked for."""

    def __init__(self, names: Iterable[str], derive: Callable[[str], tuple[str, ...]]) -> None:
        self._names = tuple(names)
        self._derive = derive
        self._done: dict[str, tuple[str, ...]] = {}

    def __getitem__(self, name: str) -> tuple[str, ...]:
        if name not in self._done:
            if name not in self._names:
                raise KeyError(name)
            self._done[name] = self._derive(name)
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return repr(dict(self))


#: Frame columns no file holds: the loader adds them (an assessment's skill id, from its skill).
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"assessments": ("skill_id",)}


def _log_columns(name: str, *, optional: bool) -> tuple[str, ...]:
    # the frame's columns as the CSV file names them (goal_id -> goal), in the frame's order
    file_name = {frame: csv for csv, frame in LOG_RENAMES[name].items()}
    columns = SCHEMAS[name].to_schema().columns
    return tuple(
        file_name.get(column, column)
        for column, spec in columns.items()
        if column != "person_id"
        and column not in DERIVED_COLUMNS.get(name, ())
        and (spec.nullable or not optional)
    )


#: Each frame's columns in order, ``person_id`` first (extra CSV columns follow these).
FRAME_COLUMNS: Mapping[str, tuple[str, ...]] = _ByFrame(
    SCHEMAS, lambda name: tuple(SCHEMAS[name].to_schema().columns)
)
#: Each log's CSV columns (header names as written in the file), in the order written.
LOG_COLUMNS: Mapping[str, tuple[str, ...]] = _ByFrame(
    LOG_FILES, lambda name: _log_columns(name, optional=False)
)
#: Columns that may be left out of a log's header: those that may be empty in every row.
LOG_OPTIONAL_COLUMNS: Mapping[str, tuple[str, ...]] = _ByFrame(
    LOG_FILES, lambda name: _log_columns(name, optional=True)
)


def reason_code(check: str) -> str:
    """The :class:`~careermap.errors.Problem` code for a failed pandera check name."""
    if check.startswith(("coerce_dtype", "dtype")):
        return "wrong_type"
    if check == "not_nullable":
        return "missing_value"
    if check.startswith("isin"):
        return "not_allowed"
    if check.startswith("str_matches"):
        return "bad_format"
    return "out_of_range"
