"""The :class:`CareerMap`: every frame of one person or a cohort, validated and typed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from careermap.errors import InvalidArgumentError, Problem, problems_frame

WARNINGS_FILE = "warnings.parquet"  # the load-time warnings in a Parquet cohort folder

__all__ = ["FRAME_NAMES", "CareerMap"]

FRAME_NAMES = (
    "people",
    "self_assessment",
    "target_roles",
    "goals",
    "milestones",
    "dependencies",
    "reschedules",
    "actions",
    "milestone_skills",
    "custom_skills",
    "role_requirements",
    "time_log",
    "assessments",
    "reviews",
    "goal_progress",
)


@dataclass(repr=False)
class CareerMap:
    """A loaded career map: one person, or a cohort of people (``person_id`` on every frame).

    Attributes are the frames of the data model (see ``docs/data-model.md``). Build one with
    :func:`careermap.load`. ``warnings`` lists what was valid but worth knowing; ``skipped``
    lists the problems of people left out by ``load(..., on_error="skip")``.

    Examples
    --------
    >>> import careermap
    >>> m = careermap.load(careermap.sample_path())
    >>> m.person_ids
    ['alex-rivera']
    >>> set(m.milestones.columns) >= {"person_id", "goal_id", "milestone_id", "target", "done"}
    True
    """

    people: pd.DataFrame
    self_assessment: pd.DataFrame
    target_roles: pd.DataFrame
    goals: pd.DataFrame
    milestones: pd.DataFrame
    dependencies: pd.DataFrame
    reschedules: pd.DataFrame
    actions: pd.DataFrame
    milestone_skills: pd.DataFrame
    custom_skills: pd.DataFrame
    role_requirements: pd.DataFrame
    time_log: pd.DataFrame
    assessments: pd.DataFrame
    reviews: pd.DataFrame
    goal_progress: pd.DataFrame
    root: Path | None = None
    cohort: dict[str, Any] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)

    @property
    def person_ids(self) -> list[str]:
        """The people in this map, in load order."""
        return self.people["person_id"].tolist()

    @property
    def is_cohort(self) -> bool:
        return len(self.people) != 1

    def frames(self) -> dict[str, pd.DataFrame]:
        """The frames by name (the same objects as the attributes)."""
        return {name: getattr(self, name) for name in FRAME_NAMES}

    def person(self, person_id: str) -> CareerMap:
        """The map of one person of a cohort (a cohort of one).

        Raises
        ------
        InvalidArgumentError
            If ``person_id`` is not in this map; the message lists the known ids.
        """
        return self.subset([person_id])

    def subset(self, person_ids: Iterable[str]) -> CareerMap:
        """The map restricted to some people, in the order given."""
        wanted = list(person_ids)
        known = set(self.person_ids)
        unknown = [p for p in wanted if p not in known]
        if unknown:
            shown = ", ".join(self.person_ids[:10]) + (" ..." if len(known) > 10 else "")
            raise InvalidArgumentError(
                f"unknown person_id {', '.join(map(repr, unknown))}; this map has: {shown}"
            )
        keep = set(wanted)
        frames = {}
        for name, df in self.frames().items():
            sub = df[df["person_id"].isin(keep)]
            if name == "people":
                sub = sub.set_index("person_id").loc[wanted].reset_index()
            frames[name] = sub.reset_index(drop=True)
        return replace(
            self,
            **frames,
            warnings=[w for w in self.warnings if w.person_id in keep or not w.person_id],
            skipped=[],
        )

    def only_goals(self, goal_ids: Iterable[str]) -> CareerMap:
        """The map restricted to some goals: their milestones, actions, logged hours and
        progress (a goal filter for the metrics and charts).

        Given every goal, the map itself is returned, so hours logged without a goal still
        count; otherwise only rows of the chosen goals are kept. In a cohort the ids apply to
        everyone (each person's ``G1``).

        Examples
        --------
        >>> import careermap
        >>> m = careermap.load(careermap.sample_path())
        >>> g2 = m.only_goals(["G2"])
        >>> sorted(set(g2.milestones["goal_id"])), sorted(set(g2.time_log["goal_id"]))
        (['G2'], ['G2'])
        """
        wanted = set(goal_ids)
        known = set(self.goals["goal_id"])
        unknown = sorted(wanted - known)
        if unknown:
            raise InvalidArgumentError(
                f"unknown goal id(s) {', '.join(unknown)}; this map has: {', '.join(sorted(known))}"
            )
        if wanted == known:
            return self
        milestones = self.milestones[self.milestones["goal_id"].isin(wanted)]
        kept = set(milestones["milestone_id"])
        deps = self.dependencies
        return replace(
            self,
            goals=self.goals[self.goals["goal_id"].isin(wanted)],
            milestones=milestones,
            actions=self.actions[self.actions["goal_id"].isin(wanted)],
            dependencies=deps[deps["milestone_id"].isin(kept) & deps["depends_on"].isin(kept)],
            reschedules=self.reschedules[self.reschedules["milestone_id"].isin(kept)],
            milestone_skills=self.milestone_skills[
                self.milestone_skills["milestone_id"].isin(kept)
            ],
            time_log=self.time_log[self.time_log["goal_id"].isin(wanted)],
            goal_progress=self.goal_progress[self.goal_progress["goal_id"].isin(wanted)],
        )

    def problems_frame(self) -> pd.DataFrame:
        """Warnings (and problems of skipped people) as a frame."""
        return problems_frame([*self.skipped, *self.warnings])

    def to_parquet(self, folder: str | Path) -> Path:
        """Write every frame as ``<folder>/<frame>.parquet`` (the large-cohort layout).

        ``careermap.load`` reads such a folder back; it is how cohorts too large for
        one folder per person are stored. The load-time warnings go along, as
        ``warnings.parquet`` (the columns of :meth:`problems_frame`), so that loading the
        folder reports what loading the people's own files reported.
        """
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for name, df in self.frames().items():
            # microseconds, not pandas' nanoseconds: Spark cannot read nanosecond timestamps
            df.to_parquet(out / f"{name}.parquet", index=False, coerce_timestamps="us")
        problems_frame(self.warnings).to_parquet(out / WARNINGS_FILE, index=False)
        return out

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{name}={len(getattr(self, name))}"
            for name in ("goals", "milestones", "time_log", "assessments", "reviews")
        )
        who = (
            f"{len(self.people)} people"
            if self.is_cohort
            else repr(self.person_ids[0] if len(self.people) else "")
        )
        return f"<CareerMap {who}: {counts}; {len(self.warnings)} warnings>"
