"""Load a person folder, a cohort folder or a Parquet cohort into a :class:`CareerMap`.

Order of work: read every file of every person (collecting file-level problems), flatten the
YAML into rows that remember their YAML path, build one raw frame per table for the whole
cohort, validate each with its pandera model (lazy), run the cross-file rules, and only then
either raise one :class:`MapValidationError` with every problem or return the typed frames.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from careermap._vocab import (
    ACTION_KINDS,
    ASSESSMENT_SOURCES,
    LOG_COLUMNS,
    LOG_FILES,
    LOG_OPTIONAL_COLUMNS,
    LOG_RENAMES,
    ROLE_KINDS,
    SELF_ASSESSMENT_KINDS,
    TIME_CATEGORIES,
)
from careermap.errors import (
    InvalidArgumentError,
    MapValidationError,
    Problem,
    format_value,
)
from careermap.io._files import CsvTable, read_csv, read_yaml
from careermap.io._roadmap import YAML_KEYS, Rows, flatten_roadmap, flatten_role
from careermap.model import FRAME_NAMES, WARNINGS_FILE, CareerMap
from careermap.schemas import SCHEMAS, reason_code

__all__ = ["find_people", "load", "validate"]

OnError = Literal["raise", "skip"]

YAML_FRAMES = (
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
    "custom_roles",
    "role_requirements",
)
CATEGORICALS = {
    ("time_log", "category"): TIME_CATEGORIES,
    ("actions", "kind"): ACTION_KINDS,
    ("assessments", "source"): ASSESSMENT_SOURCES,
    ("self_assessment", "kind"): SELF_ASSESSMENT_KINDS,
    ("target_roles", "kind"): ROLE_KINDS,
}
# Frame columns and their order (extra CSV columns follow these).
COLUMNS: dict[str, list[str]] = {
    "people": ["person_id", "name", "current_role", "weekly_hours", "start", "vision", "horizon"],
    "self_assessment": ["person_id", "kind", "item"],
    "target_roles": ["person_id", "role_id", "kind", "priority", "title", "based_on"],
    "goals": [
        "person_id",
        "goal_id",
        "title",
        "specific",
        "metric",
        "baseline",
        "target",
        "deadline",
        "relevant_to",
        "priority",
        "note",
    ],
    "milestones": [
        "person_id",
        "goal_id",
        "milestone_id",
        "title",
        "planned",
        "target",
        "effort_hours",
        "done",
        "dropped",
        "note",
    ],
    "dependencies": ["person_id", "milestone_id", "depends_on"],
    "reschedules": ["person_id", "milestone_id", "on", "from_target", "to_target", "reason"],
    "actions": [
        "person_id",
        "goal_id",
        "milestone_id",
        "action_id",
        "title",
        "due",
        "effort_hours",
        "kind",
        "done",
        "note",
    ],
    "milestone_skills": ["person_id", "milestone_id", "skill", "skill_id"],
    "custom_skills": ["person_id", "skill_id", "name", "source"],
    "custom_roles": ["person_id", "role_id", "title", "based_on"],
    "role_requirements": [
        "person_id",
        "role_id",
        "skill",
        "skill_id",
        "name",
        "level",
        "importance",
    ],
    "time_log": [
        "person_id",
        "date",
        "hours",
        "category",
        "goal_id",
        "milestone_id",
        "action_id",
        "note",
    ],
    "assessments": ["person_id", "date", "skill", "skill_id", "level", "source", "note"],
    "reviews": [
        "person_id",
        "date",
        "satisfaction",
        "motivation",
        "confidence",
        "alignment",
        "note",
    ],
    "goal_progress": ["person_id", "date", "goal_id", "value"],
}


@dataclass
class Table:
    """A raw frame (positional index) plus where each row came from."""

    name: str
    frame: pd.DataFrame
    files: np.ndarray
    wheres: np.ndarray  # YAML path of the item, or the CSV line number
    kind: Literal["yaml", "csv"]

    def location(self, i: int, column: str) -> tuple[str, str, str]:
        """(file, location, key) of a cell, in the words of the file."""
        file = str(self.files[i])
        if self.kind == "csv":
            key = {v: k for k, v in LOG_RENAMES[self.name].items()}.get(column, column)
            return file, f"line {self.wheres[i]}", key
        where = str(self.wheres[i])
        if self.name == "target_roles" and column == "role_id":
            key = str(self.frame.at[i, "kind"])
        else:
            key = YAML_KEYS.get(self.name, {}).get(column, column)
        if self.name in ("milestone_skills", "dependencies", "self_assessment"):
            return file, where, ""  # the row is one list item
        return file, f"{where}.{key}" if where else key, key.rsplit(".", 1)[-1]

    def problem(
        self,
        i: int,
        column: str,
        rule: str,
        code: str,
        *,
        value: Any = None,
        severity: Literal["error", "warning"] = "error",
    ) -> Problem:
        file, loc, key = self.location(i, column)
        if value is None and column in self.frame.columns:
            value = self.frame.at[i, column]
        pid = self.frame.at[i, "person_id"] if "person_id" in self.frame.columns else ""
        return Problem(file, loc, key, format_value(value), rule, code, severity, str(pid or ""))


@dataclass
class _Collected:
    rows: dict[str, Rows] = field(default_factory=lambda: {n: Rows() for n in YAML_FRAMES})
    logs: dict[str, list[tuple[str, str, CsvTable]]] = field(
        default_factory=lambda: {n: [] for n in LOG_FILES}
    )
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    folders: dict[str, str] = field(default_factory=dict)  # person_id -> shown folder
    role_files: dict[tuple[str, str], str] = field(default_factory=dict)


def find_people(path: str | os.PathLike[str]) -> tuple[str, list[Path]]:
    """What a path holds: a person folder, a cohort of folders, or Parquet frames.

    Raises
    ------
    MapValidationError
        If the path does not exist or holds no map.
    """
    root = Path(path)
    shown = str(path)
    if not root.exists():
        raise MapValidationError(
            [
                Problem(
                    shown,
                    "",
                    "",
                    "",
                    "does not exist; give a map folder or a cohort folder",
                    "not_found",
                )
            ]
        )
    if root.is_file():
        if root.name == "roadmap.yaml":
            return "person", [root.parent]
        raise MapValidationError(
            [
                Problem(
                    shown,
                    "",
                    "",
                    "",
                    "is a file; give the folder that holds roadmap.yaml",
                    "not_a_folder",
                )
            ]
        )
    if (root / "roadmap.yaml").exists():
        return "person", [root]
    if (root / "people.parquet").exists():
        return "parquet", [root]
    people = sorted(p for p in root.iterdir() if p.is_dir() and (p / "roadmap.yaml").exists())
    if not people:
        raise MapValidationError(
            [
                Problem(
                    shown,
                    "",
                    "",
                    "",
                    "holds no roadmap.yaml and no person folders with one; "
                    "run `careermap init` to start a map",
                    "no_map",
                )
            ]
        )
    return "cohort", people


def load(
    path: str | os.PathLike[str],
    *,
    on_error: OnError = "raise",
    progress: bool | None = None,
) -> CareerMap:
    """Load and validate a person's map folder or a cohort folder.

    Parameters
    ----------
    path
        A person folder (holding ``roadmap.yaml``), a cohort folder (a folder of person
        folders, optional ``cohort.yaml``), or a folder of Parquet frames written by
        :meth:`CareerMap.to_parquet`.
    on_error
        ``"raise"`` (default): any problem anywhere raises one :class:`MapValidationError`
        listing every problem. ``"skip"``: people whose maps have problems are left out and
        their problems kept in ``CareerMap.skipped``.
    progress
        Show a progress bar over people (default: for cohorts of 50 or more).

    Returns
    -------
    CareerMap

    Examples
    --------
    >>> import careermap
    >>> m = careermap.load(careermap.sample_path())
    >>> m.time_log.dtypes["date"]
    dtype('<M8[ns]')
    """
    if on_error not in ("raise", "skip"):
        raise InvalidArgumentError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    kind, folders = find_people(path)
    if kind == "parquet":
        return _load_parquet(Path(path))
    root = Path(path) if kind == "cohort" else folders[0]
    cohort, problems = _read_cohort_yaml(root, str(path)) if kind == "cohort" else ({}, [])
    shown_root = str(path) if kind == "cohort" else None
    m, errors, warnings = _load_folders(folders, shown_root, progress=progress)
    problems += errors
    if problems and on_error == "raise":
        raise MapValidationError(problems, warnings)
    if m is None:  # nothing loaded: even skipping leaves no one
        raise MapValidationError(problems, warnings)
    m.root = root
    m.cohort = cohort
    m.warnings = list(warnings)
    m.skipped = list(problems)
    if cohort.get("groups"):
        groups = pd.Series(cohort["groups"], dtype="str")
        m.people["group"] = m.people["person_id"].map(groups).astype("str")
    return m


def validate(path: str | os.PathLike[str]) -> tuple[CareerMap | None, list[Problem], list[Problem]]:
    """Load without raising: ``(map or None, problems, warnings)``."""
    try:
        m = load(path)
    except MapValidationError as exc:
        return None, list(exc.problems), list(exc.warnings)
    return m, [], list(m.warnings)


def _read_cohort_yaml(root: Path, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    f = root / "cohort.yaml"
    if not f.exists():
        return {"name": root.name}, []
    name = os.path.join(shown, "cohort.yaml")
    res = read_yaml(f, name)
    if res.problems:
        return {}, res.problems
    doc = res.value
    if not isinstance(doc, dict):
        return {}, [
            Problem(
                name,
                "",
                "",
                "",
                "must be a mapping with name:, coach:, start:, groups:",
                "not_a_mapping",
            )
        ]
    problems = []
    groups = doc.get("groups") or {}
    if not isinstance(groups, dict):
        problems.append(
            Problem(
                name,
                "groups",
                "groups",
                format_value(str(groups)),
                "must map person ids to group names",
                "not_a_mapping",
            )
        )
        groups = {}
    doc["groups"] = {str(k): str(v) for k, v in groups.items()}
    return doc, problems


def _load_folders(
    folders: list[Path], shown_root: str | None, *, progress: bool | None
) -> tuple[CareerMap | None, list[Problem], list[Problem]]:
    c = _Collected()
    it: Iterable[Path] = folders
    if progress or (progress is None and len(folders) >= 50):
        from tqdm.auto import tqdm

        it = tqdm(folders, desc="loading people", unit="person")
    for folder in it:
        shown = os.path.join(shown_root, folder.name) if shown_root else str(folder)
        _read_person(folder, shown, c)
    tables = _build_tables(c)
    typed, problems = _validate_tables(tables)
    problems = c.problems + problems
    from careermap.io._checks import cross_checks

    more, warnings = cross_checks(typed, tables, c.folders)
    problems += more
    warnings = c.warnings + warnings
    bad = {p.person_id for p in problems}
    if "" in bad:  # a problem we cannot tie to a person: nothing is trustworthy
        return None, problems, warnings
    if bad:
        typed = {
            n: df[~df["person_id"].isin(bad)].reset_index(drop=True) for n, df in typed.items()
        }
        warnings = [w for w in warnings if w.person_id not in bad]
        if typed["people"].empty:
            return None, problems, warnings
    return _finish(typed), problems, warnings


def _read_person(folder: Path, shown: str, c: _Collected) -> None:
    road = os.path.join(shown, "roadmap.yaml")
    res = read_yaml(folder / "roadmap.yaml", road)
    fallback = folder.name.lower()
    if res.problems:
        c.problems += [_with_person(p, fallback) for p in res.problems]
        return
    doc = res.value
    person = doc.get("person") if isinstance(doc, dict) else None
    pid = person.get("id") if isinstance(person, dict) else None
    pid = str(pid).strip() if pid is not None else ""
    if not pid:
        c.problems.append(
            Problem(
                road,
                "person.id",
                "id",
                "(empty)",
                "required: a slug such as alex-rivera",
                "missing_key",
                person_id=fallback,
            )
        )
        pid = fallback
    elif pid in c.folders:
        c.problems.append(
            Problem(
                road,
                "person.id",
                "id",
                format_value(pid),
                f"person ids must be unique in a cohort; {c.folders[pid]} uses it too",
                "duplicate_id",
                person_id=pid,
            )
        )
        return
    c.folders[pid] = shown
    problems, warnings = flatten_roadmap(doc, road, pid, c.rows)
    c.problems += problems
    c.warnings += warnings
    roles = folder / "roles"
    if roles.is_dir():
        for f in sorted(roles.glob("*.y*ml")):
            name = os.path.join(shown, "roles", f.name)
            r = read_yaml(f, name)
            if r.problems:
                c.problems += [_with_person(p, pid) for p in r.problems]
                continue
            role_id, problems, warnings = flatten_role(r.value, name, pid, c.rows)
            c.problems += problems
            c.warnings += warnings
            if role_id:
                c.role_files[(pid, role_id)] = name
    for table, filename in LOG_FILES.items():
        f = folder / filename
        if not f.exists():
            continue
        name = os.path.join(shown, filename)
        r = read_csv(f, name, LOG_COLUMNS[table], LOG_OPTIONAL_COLUMNS[table])
        for p in r.problems:
            (c.warnings if p.severity == "warning" else c.problems).append(_with_person(p, pid))
        if r.value is not None:
            c.logs[table].append((pid, name, r.value))


def _with_person(p: Problem, pid: str) -> Problem:
    return Problem(p.file, p.location, p.column, p.value, p.rule, p.code, p.severity, pid)


def _build_tables(c: _Collected) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for name in YAML_FRAMES:
        rows = c.rows[name]
        frame = (
            pd.DataFrame.from_records(rows.records, columns=COLUMNS[name])
            if rows.records
            else pd.DataFrame(columns=COLUMNS[name])
        )
        tables[name] = Table(
            name,
            frame.astype(object),
            np.array(rows.files, dtype=object),
            np.array(rows.wheres, dtype=object),
            "yaml",
        )
    for name, parts in c.logs.items():
        frames, files, lines = [], [], []
        # Group files with the same header so each distinct layout becomes one frame.
        by_header: dict[tuple[str, ...], list[tuple[str, str, CsvTable]]] = {}
        for pid, shown, t in parts:
            by_header.setdefault(tuple(t.header), []).append((pid, shown, t))
        for header, group in by_header.items():
            records = [r for _, _, t in group for r in t.rows]
            df = pd.DataFrame(records, columns=list(header), dtype=object)
            df.insert(
                0,
                "person_id",
                np.repeat([pid for pid, _, _ in group], [len(t.rows) for _, _, t in group]),
            )
            frames.append(df)
            files.append(
                np.repeat(
                    np.array([s for _, s, _ in group], dtype=object),
                    [len(t.rows) for _, _, t in group],
                )
            )
            lines.append(
                np.concatenate([np.asarray(t.lines, dtype=np.int64) for _, _, t in group])
                if group
                else np.array([], dtype=np.int64)
            )
        frame = (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame(columns=["person_id", *LOG_COLUMNS[name]], dtype=object)
        )
        frame = frame.rename(columns=LOG_RENAMES[name])
        if "skill_id" in COLUMNS[name] and "skill_id" not in frame.columns:
            frame["skill_id"] = None
        ordered = [col for col in COLUMNS[name] if col in frame.columns]
        frame = frame[ordered + [col for col in frame.columns if col not in ordered]]
        tables[name] = Table(
            name,
            frame.astype(object),
            np.concatenate(files) if files else np.array([], dtype=object),
            np.concatenate(lines) if lines else np.array([], dtype=np.int64),
            "csv",
        )
    return tables


def _date_columns(name: str) -> list[str]:
    schema = SCHEMAS[name].to_schema() if name in SCHEMAS else None
    if schema is None:
        return []
    return [c for c, col in schema.columns.items() if str(col.dtype).startswith("datetime64")]


def _parse_dates(t: Table, problems: list[Problem]) -> pd.DataFrame:
    """ISO dates only (YYYY-MM-DD): '03/04/2025' is ambiguous and is reported, not guessed."""
    df = t.frame.copy()
    for col in _date_columns(t.name):
        s = df[col]
        present = s.notna()
        text = s[present].astype(str).str.slice(0, 10)
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        full = s[present].astype(str)
        # Accept a time part only when it is an ISO time (YAML may give datetimes).
        ok = parsed.notna() & (full.str.len().eq(10) | full.str.match(r"^\d{4}-\d{2}-\d{2}[ T]\d"))
        for i in ok.index[~ok.to_numpy()]:
            problems.append(t.problem(i, col, "a date like 2025-09-30 (YYYY-MM-DD)", "bad_date"))
        out = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        out[ok.index[ok.to_numpy()]] = parsed[ok]
        df[col] = out
    return df


def _validate_tables(tables: dict[str, Table]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    typed: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, t in tables.items():
        if name not in SCHEMAS:  # custom_roles: checked by the cross-file rules
            typed[name] = t.frame.copy()
            continue
        date_problems: list[Problem] = []
        df = _parse_dates(t, date_problems)
        problems += date_problems
        seen = {(p.location, p.column) for p in date_problems}
        schema = SCHEMAS[name].to_schema()
        if df.empty:  # nothing to check; pandera's fixed cost is ~20 ms a frame
            typed[name] = _coerce_leniently(df, schema)
            continue
        try:
            out = schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            out = _coerce_leniently(df, schema)
            problems += _schema_problems(t, exc.failure_cases, schema, seen, out)
        typed[name] = out
    return typed, problems


def _coerce_leniently(df: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Typed columns with bad cells as missing, so the cross-file rules can still run."""
    out = df.copy()
    for col, spec in schema.columns.items():
        if col not in out.columns:
            continue
        dtype = str(spec.dtype)
        if dtype.startswith("datetime64"):
            continue  # already parsed
        if dtype in ("float64", "Int64"):
            num = pd.to_numeric(out[col], errors="coerce")
            if dtype == "Int64":
                num = num.where(num.isna() | (num == np.floor(num)))
            out[col] = num.astype(dtype)
        else:
            out[col] = out[col].astype("str").where(out[col].notna(), None)
    return out


def _schema_problems(
    t: Table,
    failures: pd.DataFrame,
    schema: pa.DataFrameSchema,
    seen: set[tuple[str, str]],
    typed: pd.DataFrame,
) -> list[Problem]:
    problems = []
    for row in failures.itertuples(index=False):
        col, idx = row.column, row.index
        if idx is None or (isinstance(idx, float) and np.isnan(idx)) or col not in schema.columns:
            continue
        i = int(idx)
        spec = schema.columns[col]
        rule = spec.description or f"a valid {col}"
        raw = t.frame.at[i, col]
        if str(row.check) == "not_nullable":
            rule = f"required: {rule}"
        p = t.problem(i, col, rule, reason_code(str(row.check)), value=raw)
        key = (p.location, p.column)
        if key in seen:
            continue
        seen.add(key)
        problems.append(p)
        if col in typed.columns and not str(spec.dtype).startswith("datetime"):
            typed.at[i, col] = None
    return problems


def _finish(typed: dict[str, pd.DataFrame]) -> CareerMap:
    frames = {}
    for name in FRAME_NAMES:
        df = typed[name].reset_index(drop=True)
        for (frame, col), vocab in CATEGORICALS.items():
            if frame == name:
                df[col] = pd.Categorical(df[col], categories=list(vocab))
        for col in df.columns:
            if df[col].dtype == object:
                df[col] = df[col].astype("str").where(df[col].notna(), None).astype("str")
        frames[name] = df
    roles = frames["target_roles"]
    custom = typed["custom_roles"]
    if not custom.empty and not roles.empty:
        info = custom.drop_duplicates(["person_id", "role_id"]).set_index(["person_id", "role_id"])
        key = pd.MultiIndex.from_frame(roles[["person_id", "role_id"]])
        is_custom = (roles["kind"] == "custom").to_numpy()
        for col in ("title", "based_on"):
            looked = info[col].reindex(key).to_numpy()
            roles[col] = np.where(
                is_custom & roles[col].isna().to_numpy(), looked, roles[col].to_numpy()
            )
            roles[col] = roles[col].astype("str").where(pd.notna(roles[col]), None).astype("str")
    from careermap.io._checks import fill_titles

    fill_titles(frames)
    return CareerMap(**frames)


def _load_parquet(root: Path) -> CareerMap:
    frames = {}
    problems = []
    for name in FRAME_NAMES:
        f = root / f"{name}.parquet"
        if f.exists():
            frames[name] = pd.read_parquet(f)
        else:
            problems.append(
                Problem(
                    str(f),
                    "",
                    "",
                    "",
                    "missing: a Parquet cohort has one file per frame",
                    "missing_file",
                )
            )
    if problems:
        raise MapValidationError(problems)
    for name, df in frames.items():
        schema = SCHEMAS[name].to_schema()
        try:
            frames[name] = schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            for row in exc.failure_cases.head(200).itertuples(index=False):
                problems.append(
                    Problem(
                        str(root / f"{name}.parquet"),
                        f"row {row.index}",
                        str(row.column),
                        format_value(row.failure_case),
                        str(row.check),
                        "invalid",
                    )
                )
    if problems:
        raise MapValidationError(problems)
    warnings = _parquet_warnings(root / WARNINGS_FILE)
    for (frame, col), vocab in CATEGORICALS.items():
        frames[frame][col] = pd.Categorical(
            frames[frame][col].astype("str"), categories=list(vocab)
        )
    return CareerMap(**frames, root=root, warnings=warnings)


def _parquet_warnings(path: Path) -> list[Problem]:
    """The warnings :meth:`CareerMap.to_parquet` kept (none for a folder written without)."""
    if not path.exists():
        return []
    df = pd.read_parquet(path)
    fields = list(Problem.__dataclass_fields__)
    missing = [f for f in fields if f not in df.columns]
    if missing:
        raise MapValidationError(
            [
                Problem(
                    str(path),
                    "",
                    ", ".join(missing),
                    "",
                    f"missing column(s); a warnings file has the columns {', '.join(fields)}",
                    "missing_column",
                )
            ]
        )
    rows = df[fields].astype("string").fillna("")
    return [Problem(**row) for row in rows.to_dict("records")]
