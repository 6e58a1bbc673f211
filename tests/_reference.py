"""Plain-Python re-computations of careermap's definitions, written from the docs and sharing
no code with the package: the independent references the metric tests compare with."""

from __future__ import annotations

import pandas as pd

from careermap import reference


def reference_overdue(m, as_of: pd.Timestamp) -> pd.DataFrame:
    """Plain Python, row by row, from the definition: ``person_id, milestone_id, target_asof,
    overdue`` for every milestone."""
    start = dict(zip(m.people["person_id"], m.people["start"], strict=True))
    # each milestone's reschedules as (on, position written, from), in one pass
    written: dict[tuple[str, str], list] = {}
    for i, x in enumerate(m.reschedules.itertuples()):
        written.setdefault((x.person_id, x.milestone_id), []).append((x.on, i, x.from_target))
    rows = []
    for r in m.milestones.itertuples():
        entered = r.planned if pd.notna(r.planned) else start[r.person_id]
        done = pd.notna(r.done) and r.done <= as_of
        dropped = pd.notna(r.dropped) and r.dropped <= as_of
        mine = written.get((r.person_id, r.milestone_id), [])
        later = sorted(x for x in mine if x[0] > as_of)
        target = later[0][2] if later else r.target
        overdue = entered <= as_of and not dropped and not done and target < as_of
        rows.append((r.person_id, r.milestone_id, target, overdue))
    return pd.DataFrame(rows, columns=["person_id", "milestone_id", "target_asof", "overdue"])


def reference_requirements(m, person_id: str, role_id: str) -> dict[str, tuple[float, float]]:
    """skill_id -> (required level, importance), row by row from the rule."""
    role = m.target_roles[
        (m.target_roles["person_id"] == person_id) & (m.target_roles["role_id"] == role_id)
    ].iloc[0]
    custom = str(role["kind"]) == "custom"
    code = role["based_on"] if custom else role_id
    onet = reference.requirements(code) if isinstance(code, str) else None
    out, onet_importance = {}, {}
    if onet is not None:
        for r in onet.itertuples():
            onet_importance[r.skill_id] = r.importance
            if not r.not_relevant:
                out[r.skill_id] = (r.level, r.importance)
    if custom:
        own = m.role_requirements[
            (m.role_requirements["person_id"] == person_id)
            & (m.role_requirements["role_id"] == role_id)
        ]
        for r in own.itertuples():  # later rows win
            sid = r.skill_id if isinstance(r.skill_id, str) else r.skill
            imp = r.importance
            if pd.isna(imp):
                imp = onet_importance.get(sid, 3.0)
            out[sid] = (r.level, imp)
    return out


# weights and window as docs/metrics.md#skill_levels states them (not read from the package)
SOURCE_WEIGHTS = {"test": 3.0, "mentor": 2.0, "manager": 2.0, "peer": 1.0, "self": 1.0}
WINDOW_DAYS = 180


def reference_combined_level(rows, as_of: pd.Timestamp) -> float | None:
    """The combined level of one person's skill on ``as_of``, from its assessment rows (in
    the order written): each source's latest row on or before ``as_of`` (the later row on a
    tie), weighted, over the sources within 180 days of the most recent one."""
    latest = {}
    for r in rows.itertuples():
        if r.date <= as_of and (str(r.source) not in latest or r.date >= latest[str(r.source)][0]):
            latest[str(r.source)] = (r.date, float(r.level))
    if not latest:
        return None
    newest = max(d for d, _ in latest.values())
    use = {s: v for s, v in latest.items() if (newest - v[0]).days <= WINDOW_DAYS}
    total = sum(SOURCE_WEIGHTS[s] for s in use)
    return sum(SOURCE_WEIGHTS[s] * v[1] for s, v in use.items()) / total


def reference_gap_role(m, person_id: str) -> str | None:
    """The role a gap is measured against (docs/metrics.md): the first target role by
    priority (ties: the order written) that has requirements, else None."""
    mine = [r for r in m.target_roles.itertuples() if r.person_id == person_id]
    for r in sorted(mine, key=lambda r: r.priority):  # sorted() is stable: written order
        if reference_requirements(m, person_id, r.role_id):
            return r.role_id
    return None
