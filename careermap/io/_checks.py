"""Rules that need more than one row or file: references, uniqueness, dates, cycles, skills.

Each rule reads the typed frames (bad cells already set to missing by the schema step) and
returns problems located through the raw :class:`Table` they came from. The loader runs all of
them (:func:`cross_checks`); the store runs the rules of a log (:func:`log_references`,
:func:`day_totals`, :func:`resolve_skills`) on the rows it is about to add.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from careermap._vocab import LOG_FILES, MAX_DAY_HOURS, ONET_CODE_RE, SLUG_RE, did_you_mean
from careermap.errors import Problem
from careermap.io._table import Table
from careermap.reference import (
    occupations,
    related_occupations,
    resolve_skill,
    suggest_skills,
)

Frames = dict[str, pd.DataFrame]
Tables = dict[str, Table]


def cross_checks(
    f: Frames, t: Tables, folders: dict[str, str]
) -> tuple[list[Problem], list[Problem]]:
    """Run every cross-file rule; returns (problems, warnings). Resolves skill ids in place."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    problems += _unique_ids(f, t)
    # (in this order, so that a report lists problems as it always has)
    problems += log_references(f, t, "time_log", mismatched=False)
    problems += log_references(f, t, "goal_progress")
    problems += _missing_refs_report(f, t, "dependencies", "depends_on", "milestone")
    problems += _mismatched_references(f, t)
    problems += _cycles(f, t)
    problems += _dates(f, t)
    problems += day_totals(f["time_log"], t["time_log"])
    p, w = _roles(f, t)
    problems += p
    warnings += w
    p, w = _skills(f, t)
    problems += p
    warnings += w
    warnings += _soft_rules(f, t)
    warnings += logs_before_start(f, t)
    return problems, warnings


def _rows(df: pd.DataFrame, mask: pd.Series | np.ndarray) -> np.ndarray:
    return df.index[np.asarray(mask, dtype=bool)].to_numpy()


def _unique_ids(f: Frames, t: Tables) -> list[Problem]:
    """Goal, milestone and action ids are unique within a person (across all three)."""
    parts = []
    for name, col in (
        ("goals", "goal_id"),
        ("milestones", "milestone_id"),
        ("actions", "action_id"),
    ):
        df = f[name]
        parts.append(
            pd.DataFrame(
                {
                    "person_id": df["person_id"],
                    "id": df[col],
                    "frame": name,
                    "col": col,
                    "i": df.index,
                }
            )
        )
    ids = pd.concat(parts, ignore_index=True).dropna(subset=["id"])
    dup = ids[ids.duplicated(["person_id", "id"], keep=False)]
    problems = []
    for _, group in dup.groupby(["person_id", "id"], sort=False):
        first = group.iloc[0]
        _, first_loc, _ = t[first["frame"]].location(int(first["i"]), first["col"])
        for _, row in group.iloc[1:].iterrows():
            problems.append(
                t[row["frame"]].problem(
                    int(row["i"]),
                    row["col"],
                    "ids must be unique within a person; "
                    f"already used at {first_loc.rsplit('.', 1)[0]}",
                    "duplicate_id",
                )
            )
    return problems


def _zip_rows(df: pd.DataFrame, *cols: str) -> Iterator[tuple[Any, ...]]:
    """(index, person_id, *cols) of each row, without pandas' per-cell cost."""
    columns = (df[c].to_numpy() for c in cols)
    return zip(df.index, df["person_id"].to_numpy(), *columns, strict=True)


_REFERENCES = {  # log -> the columns that name roadmap items, and what they name
    "time_log": (("goal_id", "goal"), ("milestone_id", "milestone"), ("action_id", "action")),
    "goal_progress": (("goal_id", "goal"),),
}
_ID_FRAMES = {"goal": "goals", "milestone": "milestones", "action": "actions"}


def log_references(f: Frames, t: Tables, log: str, *, mismatched: bool = True) -> list[Problem]:
    """A log row's goal, milestone and action exist in the person's roadmap, and (with
    ``mismatched``) its milestone belongs to its goal and its action to its milestone."""
    problems: list[Problem] = []
    for col, what in _REFERENCES.get(log, ()):
        problems += _missing_refs_report(f, t, log, col, what)
    if mismatched and log == "time_log":
        problems += _mismatched_references(f, t)
    return problems


def _missing_refs_report(f: Frames, t: Tables, frame: str, col: str, what: str) -> list[Problem]:
    df = f[frame]
    if not df[col].notna().any():  # (cheap exit: the store checks a row or two at a time)
        return []
    ids = f[_ID_FRAMES[what]]
    id_col = f"{what}_id"
    present = df[col].notna().to_numpy()
    missing = _rows(df, present & pd.isna(_owner_of(df, col, ids, id_col, id_col)))
    if not len(missing):
        return []
    ids_by_person = ids.groupby("person_id")[id_col].agg(list).to_dict()
    hints: dict[tuple[str, str], str] = {}  # one suggestion per person and value

    def rule(i: int) -> str:
        pid, value = df.at[i, "person_id"], str(df.at[i, col])
        if (pid, value) not in hints:
            have = [x for x in ids_by_person.get(pid, []) if isinstance(x, str) and x]
            hint = did_you_mean(value, have)
            listed = (
                ", ".join(have[:12]) + (" ..." if len(have) > 12 else "")
                if have
                else "none defined"
            )
            hints[pid, value] = f"no {what} with this id in roadmap.yaml; {hint}known: {listed}"
        return hints[pid, value]

    return t[frame].report(
        missing,
        col,
        "unknown_reference",
        rule,
        general=f"no {what} with this id in roadmap.yaml",
    )


def _mismatched_references(f: Frames, t: Tables) -> list[Problem]:
    """A log row naming both a goal and a milestone must name the milestone's own goal (and
    likewise an action and its milestone): the goal of the person's first milestone with
    that id. Only when the goal exists: an unknown goal is already reported. (Whole columns
    at once: tests/io/test_cross_rules.py compares it with a row-by-row reading.)"""
    problems: list[Problem] = []
    log = f["time_log"]
    goal, ms, act = (
        log[c].to_numpy(dtype=object) for c in ("goal_id", "milestone_id", "action_id")
    )
    both = pd.notna(goal) & pd.notna(ms)
    if both.any():
        known = pd.notna(_owner_of(log, "goal_id", f["goals"], "goal_id", "goal_id"))
        owner = _owner_of(log, "milestone_id", f["milestones"], "milestone_id", "goal_id")
        bad = both & known & pd.notna(owner)
        bad[bad] = owner[bad] != goal[bad]
        problems += t["time_log"].report(
            np.flatnonzero(bad),
            "goal_id",
            "mismatched_reference",
            lambda i: f"milestone {ms[i]} belongs to goal {owner[i]}",
            general="the milestone belongs to another goal",
        )
    both = pd.notna(act) & pd.notna(ms)
    if both.any():
        parent = _owner_of(log, "action_id", f["actions"], "action_id", "milestone_id")
        bad = both & pd.notna(parent)
        bad[bad] = parent[bad] != ms[bad]
        problems += t["time_log"].report(
            np.flatnonzero(bad),
            "milestone_id",
            "mismatched_reference",
            lambda i: f"action {act[i]} belongs to milestone {parent[i]}",
            general="the action belongs to another milestone",
        )
    return problems


_FEW_ROWS = 100  # rows of a frame whose references are looked up one by one


def _owner_of(df: pd.DataFrame, col: str, items: pd.DataFrame, key: str, owner: str) -> np.ndarray:
    """For each row of ``df`` (by position): ``items[owner]`` of the person's first item whose
    ``key`` is the row's ``col``, None when the person has no such item.

    A few rows (the store checks a row or two) are looked up in a dictionary; a cohort's logs
    by numbering the pairs of person and id (pandas' factorize, whole columns), ~10 x faster
    there and ~5 x slower for one row. (tests/io/test_cross_rules.py runs both ways.)"""
    if len(df) <= _FEW_ROWS:
        first: dict[tuple[Any, Any], Any] = {}
        item_ids = items[key].to_numpy(dtype=object)
        pairs_of = zip(items["person_id"].to_numpy(dtype=object), item_ids, strict=True)
        for pair, value in zip(pairs_of, items[owner].to_numpy(dtype=object), strict=True):
            if pd.notna(pair[1]):
                first.setdefault(pair, value)
        rows = zip(
            df["person_id"].to_numpy(dtype=object), df[col].to_numpy(dtype=object), strict=True
        )
        return np.array([first.get(pair) for pair in rows] + [None], dtype=object)[:-1]
    n = len(items)
    people, _ = pd.factorize(
        pd.concat([items["person_id"], df["person_id"]], ignore_index=True).astype("str")
    )
    ids, known = pd.factorize(pd.concat([items[key], df[col]], ignore_index=True).astype("str"))
    pairs = people.astype(np.int64) * (len(known) + 1) + ids + 1  # (an id of -1: missing)
    item_pairs, has_id = pairs[:n], ids[:n] >= 0
    defined = pd.Index(item_pairs[has_id])
    first = ~defined.duplicated()
    owners = items[owner].to_numpy(dtype=object)[has_id][first]
    at = pd.Index(defined[first]).get_indexer(pairs[n:])
    found = np.full(len(df), None, dtype=object)
    hit = (at >= 0) & (ids[n:] >= 0)
    found[hit] = owners[at[hit]]
    return found


def _cycles(f: Frames, t: Tables) -> list[Problem]:
    """Milestone dependencies must not form a cycle; the problem names the whole cycle."""
    problems = []
    deps = f["dependencies"].dropna(subset=["depends_on"])
    for _, group in deps.groupby("person_id", sort=False):
        graph: dict[str, list[tuple[str, int]]] = {}
        for i, (node, dep) in zip(
            group.index, zip(group["milestone_id"], group["depends_on"], strict=True), strict=True
        ):
            graph.setdefault(node, []).append((dep, i))
        state: dict[str, str] = {}  # "open" while on the current path, then "done"
        seen_cycles: set[frozenset[str]] = set()
        for root in graph:
            if root in state:
                continue
            path: list[str] = []
            stack: list[tuple[str, int]] = [(root, 0)]
            while stack:  # iterative depth-first search (long chains do not hit recursion limits)
                node, k = stack.pop()
                if k == 0:
                    state[node] = "open"
                    path.append(node)
                edges = graph.get(node, [])
                if k < len(edges):
                    stack.append((node, k + 1))
                    nxt, i = edges[k]
                    if state.get(nxt) == "open":
                        cycle = [*path[path.index(nxt) :], nxt]
                        if frozenset(cycle) not in seen_cycles:
                            seen_cycles.add(frozenset(cycle))
                            problems.append(
                                t["dependencies"].problem(
                                    i,
                                    "depends_on",
                                    f"dependency cycle {' -> '.join(cycle)}; a milestone "
                                    "cannot depend on itself, directly or through others",
                                    "dependency_cycle",
                                )
                            )
                    elif nxt not in state:
                        stack.append((nxt, 0))
                else:
                    state[node] = "done"
                    path.pop()
    return problems


def _dates(f: Frames, t: Tables) -> list[Problem]:
    problems = []
    ms = f["milestones"]
    for col in ("done", "dropped", "target"):
        bad = _rows(ms, (ms[col] < ms["planned"]).fillna(False))
        for i in bad:
            problems.append(
                t["milestones"].problem(
                    i,
                    col,
                    f"is before planned ({ms.at[i, 'planned'].date()}); {col} must be on "
                    "or after the date the milestone entered the plan",
                    "date_order",
                )
            )
    both = _rows(ms, ms["done"].notna() & ms["dropped"].notna())
    for i in both:
        problems.append(
            t["milestones"].problem(
                i,
                "dropped",
                "a milestone is either done or dropped, not both; remove one",
                "done_and_dropped",
            )
        )
    people = f["people"].set_index("person_id")
    start = people["start"]
    goals = f["goals"]
    # reindex, not .map: pandas 3 str-dtype .map with a datetime mapping casts to float
    gstart = pd.Series(start.reindex(goals["person_id"]).to_numpy(), index=goals.index)
    for i in _rows(goals, (goals["deadline"] <= gstart).fillna(False)):
        problems.append(
            t["goals"].problem(
                i, "deadline", f"must be after the map's start ({gstart[i].date()})", "date_order"
            )
        )
    pp = f["people"]
    for i in _rows(pp, (pp["horizon"] <= pp["start"]).fillna(False)):
        problems.append(
            t["people"].problem(
                i,
                "horizon",
                f"must be after person.start ({pp.at[i, 'start'].date()})",
                "date_order",
            )
        )
    rs = f["reschedules"]
    planned = pd.MultiIndex.from_frame(rs[["person_id", "milestone_id"]])
    ms_planned = ms.drop_duplicates(["person_id", "milestone_id"]).set_index(
        ["person_id", "milestone_id"]
    )["planned"]
    rplanned = pd.Series(ms_planned.reindex(planned).to_numpy(), index=rs.index)
    for i in _rows(rs, (rs["on"] < rplanned).fillna(False)):
        problems.append(
            t["reschedules"].problem(
                i, "on", f"is before the milestone was planned ({rplanned[i].date()})", "date_order"
            )
        )
    return problems


def day_totals(
    log: pd.DataFrame, table: Table, *, report_on: np.ndarray | None = None
) -> list[Problem]:
    """The hours a person logged on one day add up to at most :data:`MAX_DAY_HOURS`.

    A day over the limit is one problem, on the day's first row, listing the day's lines.
    ``report_on`` (a boolean mask of the rows) limits it to days with such a row and puts it on
    the first of them: the store reports on the first new row of a day, not on a row already
    in the file.
    """
    if log.empty:
        return []
    totals = log.groupby(["person_id", "date"], sort=False)["hours"].transform("sum")
    over = log[totals > MAX_DAY_HOURS]
    days: dict[int, pd.DataFrame] = {}  # the row a day is reported on -> the day's rows
    for _, group in over.groupby(["person_id", "date"], sort=False):
        rows = group.index if report_on is None else group.index[report_on[group.index]]
        if len(rows):
            days[int(rows[0])] = group

    def rule(i: int) -> str:
        group = days[i]
        lines = [str(table.wheres[j]) for j in group.index[:_LINES_SHOWN]]
        more = f" and {len(group) - _LINES_SHOWN:,} more" if len(group) > _LINES_SHOWN else ""
        return (
            f"the hours logged on {group['date'].iat[0].date()} add up to "
            f"{group['hours'].sum():g} (lines {', '.join(lines)}{more}); "
            f"a day holds at most {MAX_DAY_HOURS}"
        )

    return table.report(
        sorted(days),
        "hours",
        "day_over_24h",
        rule,
        general=f"the hours logged on a day add up to more than {MAX_DAY_HOURS}",
        value=lambda i: days[i]["hours"].sum(),
    )


_LINES_SHOWN = 20  # lines of an over-full day named in its problem


def _roles(f: Frames, t: Tables) -> tuple[list[Problem], list[Problem]]:
    problems, warnings = [], []
    codes = _Codes()
    roles = f["target_roles"]
    custom = f["custom_roles"]
    custom_ids = set(zip(custom["person_id"], custom["role_id"], strict=True))
    for i, pid, rid, kind in _zip_rows(roles, "role_id", "kind"):
        if rid is None or pd.isna(rid):
            continue
        if kind == "onet":
            p = _occupation_problem(t["target_roles"], i, "role_id", rid, codes, warn_unrated=True)
            if p is not None:
                (warnings if p.severity == "warning" else problems).append(p)
        elif (pid, rid) not in custom_ids:
            problems.append(
                t["target_roles"].problem(
                    i,
                    "role_id",
                    f"no custom role with this id; add roles/{rid}.yaml with id: {rid}",
                    "unknown_role",
                )
            )
    for i, _, based_on in _zip_rows(custom, "based_on"):
        if based_on is not None and pd.notna(based_on):
            p = _occupation_problem(
                t["custom_roles"], i, "based_on", based_on, codes, warn_unrated=True
            )
            if p is not None:
                (warnings if p.severity == "warning" else problems).append(p)
    people = f["people"]
    for i, _, cur in _zip_rows(people, "current_role"):
        if (
            cur is not None
            and pd.notna(cur)
            and ONET_CODE_RE.match(str(cur))
            and cur not in codes.rated
        ):
            problems.append(
                t["people"].problem(
                    i, "current_role", _unknown_code_rule(cur, codes.occ), "unknown_occupation"
                )
            )
    return problems, warnings


class _Codes:
    """O*NET's occupations as the role rules look them up: code -> rated, and the rule of an
    unrated code, worded once per code."""

    def __init__(self) -> None:
        self.occ = occupations().set_index("code")
        self.rated: dict[str, bool] = dict(
            zip(self.occ.index, self.occ["rated"].to_numpy(dtype=bool), strict=True)
        )
        self._unrated: dict[str, str] = {}

    def unrated_rule(self, code: str) -> str:
        if code not in self._unrated:
            occ = self.occ
            rel = related_occupations(code)
            rated = occ.index[occ["rated"].to_numpy(dtype=bool)]
            rel = rel[rel["related_code"].isin(rated)].head(5)
            hint = ", ".join(f"{r.related_code} {r.related_title}" for r in rel.itertuples())
            self._unrated[code] = (
                f"{occ.at[code, 'title']} has no skill/knowledge ratings in O*NET 29.3 yet, "
                "so skill gaps cannot be measured against it"
                + (f"; rated related occupations: {hint}" if hint else "")
            )
        return self._unrated[code]


def _unknown_code_rule(code: str, occ: pd.DataFrame) -> str:
    close = difflib.get_close_matches(code, occ.index.tolist(), n=3, cutoff=0.7)
    shown = [f"{c} {occ.at[c, 'title']}" for c in close]
    hint = f"; close codes: {', '.join(shown)}" if close else ""
    return (
        "not an O*NET-SOC code in O*NET 29.3 "
        f"(search with careermap.reference.search_occupations){hint}"
    )


def _occupation_problem(
    table: Table, i: int, col: str, code: str, codes: _Codes, *, warn_unrated: bool
) -> Problem | None:
    if code not in codes.rated:
        return table.problem(i, col, _unknown_code_rule(code, codes.occ), "unknown_occupation")
    if warn_unrated and not codes.rated[code]:
        return table.problem(
            i, col, codes.unrated_rule(code), "unrated_occupation", severity="warning"
        )
    return None


def _skills(f: Frames, t: Tables) -> tuple[list[Problem], list[Problem]]:
    """Resolve skill references to O*NET element ids or the person's custom skills."""
    problems: list[Problem] = []
    reqs = f["role_requirements"]
    # A requirement with a `name` defines a custom skill; ids of custom skills are kept as written.
    defined = reqs[reqs["name"].notna() & reqs["skill"].notna()]
    custom = pd.concat(
        [
            f["custom_skills"],
            pd.DataFrame(
                {
                    "person_id": defined["person_id"],
                    "skill_id": defined["skill"],
                    "name": defined["name"],
                    "source": [
                        str(t["role_requirements"].files[i]).rsplit("/", 1)[-1]
                        for i in defined.index
                    ],
                }
            ),
        ],
        ignore_index=True,
    ).drop_duplicates(["person_id", "skill_id"])
    for i in _rows(f["custom_skills"], f["custom_skills"]["skill_id"].notna()):
        sid = f["custom_skills"].at[i, "skill_id"]
        if not SLUG_RE.match(str(sid)):
            problems.append(
                t["custom_skills"].problem(
                    i, "skill_id", "a custom skill id is a slug: a-z, 0-9, '-' or '_'", "bad_format"
                )
            )
    f["custom_skills"] = custom.reset_index(drop=True)
    for name in ("milestone_skills", "assessments", "role_requirements"):
        problems += resolve_skills(f[name], t[name], f["custom_skills"])
    return problems, []


def resolve_skills(df: pd.DataFrame, table: Table, custom: pd.DataFrame) -> list[Problem]:
    """Fill ``df["skill_id"]`` from ``df["skill"]``: an O*NET element (by name or id, as
    :func:`careermap.reference.resolve_skill` matches them), else one of the person's custom
    skills (``custom``: person_id, skill_id; matched exactly); report the others."""
    if df.empty:
        return []
    custom_key = set(zip(custom["person_id"], custom["skill_id"], strict=True))
    # one lookup per distinct text; reference.resolve_skill is the single rule (a name
    # shared by a skill and a knowledge area, like Mathematics, means the skill)
    texts = df["skill"].dropna().unique()
    lookup = {text: resolve_skill(text) for text in texts}
    resolved = df["skill"].map(lookup)
    is_custom = pd.Series(
        [(p, s) in custom_key for p, s in zip(df["person_id"], df["skill"], strict=True)],
        index=df.index,
    )
    resolved = resolved.where(resolved.notna() | ~is_custom, df["skill"])
    df["skill_id"] = resolved.astype("str").where(resolved.notna(), None)
    hints: dict[tuple[str, str], str] = {}  # one suggestion per person and text

    def rule(i: int) -> str:
        pid, text = df.at[i, "person_id"], str(df.at[i, "skill"])
        if (pid, text) not in hints:
            near = suggest_skills(text, n=1)
            mine = sorted(s for (p, s) in custom_key if p == pid)
            hint = f"did you mean {near[0]!r}? " if near else did_you_mean(text, mine)
            hints[pid, text] = (
                f"not an O*NET skill or knowledge name or id, nor a custom skill; {hint}"
                "custom skills are declared in roadmap.yaml custom_skills: "
                "or with a name: in roles/*.yaml"
            )
        return hints[pid, text]

    return table.report(
        _rows(df, resolved.isna() & df["skill"].notna()),
        "skill",
        "unknown_skill",
        rule,
        general="not an O*NET skill or knowledge name or id, nor a custom skill",
    )


def _soft_rules(f: Frames, t: Tables) -> list[Problem]:
    """Valid but worth knowing."""
    warnings = []
    goals = f["goals"]
    roles = f["target_roles"]
    known = set(zip(roles["person_id"], roles["role_id"], strict=True))
    for i, row in goals.iterrows():
        rel = row["relevant_to"]
        if rel is None or pd.isna(rel) or rel == "vision" or (row["person_id"], rel) in known:
            continue
        warnings.append(
            t["goals"].problem(
                i,
                "relevant_to",
                "not one of this person's target roles nor 'vision'; the SMART check will flag R",
                "relevance",
                severity="warning",
            )
        )
    people = f["people"]
    has_roles = set(roles["person_id"])
    for i, row in people.iterrows():
        if row["person_id"] not in has_roles:
            warnings.append(
                t["people"].problem(
                    i,
                    "vision",
                    "no vision.target_roles: skill gaps need at least one target role",
                    "no_target_roles",
                    value="",
                    severity="warning",
                )
            )
    return warnings


def logs_before_start(f: Frames, t: Tables) -> list[Problem]:
    """Log rows dated before their person's start: a warning on each, with file and line.

    They load and count (a person may have begun before writing the map down), but a date
    before the start is more often a typo, so the person is told rather than left to wonder
    why a chart begins early.
    """
    start = f["people"].set_index("person_id")["start"]
    warnings = []
    for table in LOG_FILES:
        log = f[table]
        if log.empty:
            continue
        starts = pd.Series(start.reindex(log["person_id"]).to_numpy(), index=log.index)
        early = _rows(log, (log["date"] < starts).fillna(False))
        warnings += t[table].report(
            early,
            "date",
            "before_start",
            lambda i, s=starts: (
                f"is before the map's start ({s[i]:%Y-%m-%d}): correct the date, or move "
                "start: in roadmap.yaml earlier if the work began before it"
            ),
            general="before the map's start: correct the dates or move start: earlier",
            severity="warning",
        )
    return warnings


def fill_titles(frames: Frames) -> None:
    """Target roles get the O*NET title when the map gives none."""
    roles = frames["target_roles"]
    if roles.empty:
        return
    titles = occupations().set_index("code")["title"]
    onet = roles["kind"] == "onet"
    looked = roles["role_id"].map(titles)
    roles["title"] = roles["title"].where(roles["title"].notna() | ~onet, looked).astype("str")
    roles["title"] = roles["title"].where(roles["title"].notna(), roles["role_id"])


__all__ = ["cross_checks", "day_totals", "fill_titles", "log_references", "resolve_skills"]
