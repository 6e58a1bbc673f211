"""Load a person folder, a cohort folder or a Parquet cohort into a :class:`CareerMap`.

Order of work: read every file of every person (collecting file-level problems), flatten the
YAML into rows that remember their YAML path, build one raw frame per table for the whole
cohort, validate each with its pandera model (lazy), run the cross-file rules, and only then
either raise one :class:`MapValidationError` with every problem or return the typed frames.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from careermap._pandera import pa
from careermap._vocab import (
    ACTION_KINDS,
    ASSESSMENT_SOURCES,
    EARLIEST_DATE,
    LATEST_DATE,
    LOG_FILES,
    MAX_NUMBER,
    ROLE_KINDS,
    SELF_ASSESSMENT_KINDS,
    TIME_CATEGORIES,
    did_you_mean,
)
from careermap.errors import (
    InvalidArgumentError,
    MapValidationError,
    Problem,
    format_value,
)
from careermap.io._checks import cross_checks, fill_titles
from careermap.io._files import CsvTable, parquet_problem, read_csv, read_map_file, read_yaml
from careermap.io._roadmap import Rows, flatten_roadmap, flatten_role
from careermap.io._table import YAML_FRAMES, Table, log_table, yaml_table
from careermap.io._validate import DATE_RANGE_RULE, validate_table
from careermap.model import FRAME_NAMES, WARNINGS_FILE, CareerMap
from careermap.schemas import LOG_COLUMNS, LOG_OPTIONAL_COLUMNS, SCHEMAS

__all__ = ["find_people", "load", "validate"]

OnError = Literal["raise", "skip"]

CATEGORICALS = {
    ("time_log", "category"): TIME_CATEGORIES,
    ("actions", "kind"): ACTION_KINDS,
    ("assessments", "source"): ASSESSMENT_SOURCES,
    ("self_assessment", "kind"): SELF_ASSESSMENT_KINDS,
    ("target_roles", "kind"): ROLE_KINDS,
}


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
    kind, folders, _, _ = _find(path)
    return kind, folders


def _find(path: str | os.PathLike[str]) -> tuple[str, list[Path], list[Problem], list[Problem]]:
    """:func:`find_people`, and the problems and warnings of a cohort's other folders."""
    root = Path(path)
    shown = str(path)

    def stop(rule: str, code: str) -> MapValidationError:
        return MapValidationError([Problem(shown, "", "", "", rule, code)])

    if not root.exists():
        raise stop("does not exist; give a map folder or a cohort folder", "not_found")
    if root.is_file():
        if root.name == "roadmap.yaml":
            return "person", [root.parent], [], []
        raise stop("is a file; give the folder that holds roadmap.yaml", "not_a_folder")
    if not root.is_dir():
        raise stop("is not a folder (a pipe or a device?); give a map folder", "not_a_folder")
    if os.path.lexists(root / "roadmap.yaml"):
        return "person", [root], [], []
    if (root / "people.parquet").exists():
        return "parquet", [root], [], []
    people, problems, warnings = _cohort_folders(root, shown)
    if not people and not problems:
        raise stop(
            "holds no roadmap.yaml and no person folders with one; "
            "run `careermap init` to start a map",
            "no_map",
        )
    return "cohort", people, problems, warnings


# What makes a folder of a cohort a person's (broken) map even without roadmap.yaml.
_MAP_FILES = (*LOG_FILES.values(), "roles")


def _cohort_folders(root: Path, shown: str) -> tuple[list[Path], list[Problem], list[Problem]]:
    """The person folders of a cohort, and what is wrong with its other folders.

    A folder without ``roadmap.yaml`` that holds a log, ``roles/`` or any YAML file is a
    person's map that cannot load: an error. Any other folder is left out with a warning;
    hidden folders (``.git``, ``.ipynb_checkpoints``) are left out silently.
    """
    people, problems, warnings = [], [], []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if os.path.lexists(folder / "roadmap.yaml"):
            people.append(folder)
            continue
        if folder.name.startswith("."):
            continue
        where = os.path.join(shown, folder.name)
        names = sorted(p.name for p in folder.iterdir())
        mine = [n for n in names if n in _MAP_FILES or n.lower().endswith((".yaml", ".yml"))]
        if mine:
            problems.append(
                Problem(
                    where,
                    "",
                    "",
                    "",
                    f"holds {', '.join(mine[:5])}{' ...' if len(mine) > 5 else ''} but no "
                    "roadmap.yaml, so this person's map cannot load; a person folder needs "
                    "roadmap.yaml (`careermap init` writes a starter)",
                    "missing_roadmap",
                    person_id=folder.name.lower(),
                )
            )
        else:
            warnings.append(
                Problem(
                    where,
                    "",
                    "",
                    "",
                    "holds no roadmap.yaml: not a person's map, left out",
                    "not_a_map",
                    "warning",
                )
            )
    return people, problems, warnings


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
        Show a progress bar over people (default: for cohorts of 50 or more, in a notebook
        or a terminal only: never in a script whose output goes to a pipe or a file).

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
    kind, folders, problems, warnings = _find(path)
    if kind == "parquet":
        return _load_parquet(Path(path))
    root = Path(path) if kind == "cohort" else folders[0]
    if kind == "cohort":
        cohort, more = _read_cohort_yaml(root, str(path))
        problems += more
    else:
        cohort = {}
    if not folders:  # a cohort whose every folder is broken
        raise MapValidationError(problems, warnings)
    shown_root = str(path) if kind == "cohort" else None
    m, errors, found = _load_folders(folders, shown_root, progress=progress)
    problems += errors
    warnings += found
    if problems and on_error == "raise":
        raise MapValidationError(problems, warnings)
    if m is None:  # nothing loaded: even skipping leaves no one
        raise MapValidationError(problems, warnings)
    m.root = root
    m.cohort = cohort
    warnings += _unknown_group_members(cohort, root, [*m.person_ids, *(f.name for f in folders)])
    m.warnings = list(warnings)
    m.skipped = list(problems)
    if cohort.get("groups"):
        groups = pd.Series(cohort["groups"], dtype="str")
        m.people["group"] = m.people["person_id"].map(groups).astype("str")
    return m


def _unknown_group_members(cohort: dict, root: Path, known: list[str]) -> list[Problem]:
    """A warning for each person ``groups:`` in cohort.yaml names who is not in the cohort
    (a typo, or someone who left): their group would silently apply to nobody."""
    found = []
    for pid in cohort.get("groups") or {}:
        if pid not in known:
            rule = (
                "no person of the cohort has this id, so this group applies to nobody; "
                f"{did_you_mean(pid, sorted(set(known)))}fix the id or remove the line"
            )
            found.append(
                Problem(
                    str(root / "cohort.yaml"),
                    f"groups.{pid}",
                    "groups",
                    format_value(pid),
                    rule,
                    "unknown_person",
                    "warning",
                )
            )
    return found


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
    res = read_yaml(f, name, inside=[root])
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


def interactive() -> bool:
    """Whether someone is watching: a Jupyter kernel, or standard error is a terminal."""
    shell = sys.modules.get("IPython")
    if shell is not None:
        ip = shell.get_ipython() if hasattr(shell, "get_ipython") else None
        if ip is not None and type(ip).__name__ == "ZMQInteractiveShell":
            return True
    stream = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while a cohort is read, built and checked.

    Reading makes millions of objects that all live until the frames are built (YAML values,
    CSV rows); the collector would walk them again and again, for ~25 % of the load, and find
    nothing to free. Resumed as soon as the read values are in the tables, it would still walk
    them all once or twice more (~10 %), so it stays paused until the checks are done, and
    collects the few cycles pandas made afterwards, by its own thresholds.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _load_folders(
    folders: list[Path], shown_root: str | None, *, progress: bool | None
) -> tuple[CareerMap | None, list[Problem], list[Problem]]:
    c = _Collected()
    it: Iterable[Path] = folders
    if progress or (progress is None and len(folders) >= 50 and interactive()):
        from tqdm.auto import tqdm

        it = tqdm(folders, desc="loading people", unit="person")
    with _no_cycle_collection():
        for folder in it:
            shown = os.path.join(shown_root, folder.name) if shown_root else str(folder)
            _read_person(folder, shown, c)
        tables = _build_tables(c)
        del c.rows, c.logs  # (the values read are in the tables now)
        typed, problems = _validate_tables(tables)
        problems = c.problems + problems
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
    """Read one person's files; a file is read only if it is inside the person's folder once
    links are followed (the store reads the same files), so a link out of the map is refused."""
    inside = [folder]
    road = os.path.join(shown, "roadmap.yaml")
    res = read_yaml(folder / "roadmap.yaml", road, inside=inside)
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
            r = read_yaml(f, name, inside=inside)
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
        if not os.path.lexists(f):  # (a broken link is reported, not taken for no log)
            continue
        name = os.path.join(shown, filename)
        r = read_csv(f, name, LOG_COLUMNS[table], LOG_OPTIONAL_COLUMNS[table], inside=inside)
        for p in r.problems:
            (c.warnings if p.severity == "warning" else c.problems).append(_with_person(p, pid))
        if r.value is not None:
            c.logs[table].append((pid, name, r.value))


def _with_person(p: Problem, pid: str) -> Problem:
    return Problem(p.file, p.location, p.column, p.value, p.rule, p.code, p.severity, pid)


def _build_tables(c: _Collected) -> dict[str, Table]:
    tables = {name: yaml_table(name, c.rows[name]) for name in YAML_FRAMES}
    for name, parts in c.logs.items():
        tables[name] = log_table(name, parts)
    return tables


def _validate_tables(tables: dict[str, Table]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    typed: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, t in tables.items():
        if name not in SCHEMAS:  # custom_roles: checked by the cross-file rules
            typed[name] = t.frame.copy()
            continue
        typed[name], found = validate_table(t)
        problems += found
    return typed, problems


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
    fill_titles(frames)
    return CareerMap(**frames)


def _load_parquet(root: Path) -> CareerMap:
    frames = {}
    problems = []
    for name in FRAME_NAMES:
        f = root / f"{name}.parquet"
        if f.exists():
            frame, unread = _read_parquet(f)
            problems += unread
            if frame is not None:
                frames[name] = frame
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
        else:
            problems += _parquet_values(frames[name], schema, str(root / f"{name}.parquet"))
    if problems:
        raise MapValidationError(problems)
    warnings = _parquet_warnings(root / WARNINGS_FILE)
    for (frame, col), vocab in CATEGORICALS.items():
        frames[frame][col] = pd.Categorical(
            frames[frame][col].astype("str"), categories=list(vocab)
        )
    return CareerMap(**frames, root=root, warnings=warnings)


def _read_parquet(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A frame of a Parquet cohort, or why it cannot be read (not a file, not Parquet)."""
    data, problems = read_map_file(path, str(path), inside=[path.parent])
    if data is None:
        return None, problems
    problem = parquet_problem(data, str(path))
    if problem is not None:
        return None, [problem]
    try:
        return pd.read_parquet(io.BytesIO(data)), []
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        rule = f"is not a Parquet file careermap can read ({type(exc).__name__})"
        return None, [Problem(str(path), "", "", "", rule, "unreadable")]


def _parquet_values(df: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> list[Problem]:
    """The date and number rules of the map files, for frames that come typed: dates in the
    accepted range, finite numbers within MAX_NUMBER (first 200 problems)."""
    problems = []
    for col, spec in schema.columns.items():
        dtype = str(spec.dtype)
        values = df[col]
        if dtype.startswith("datetime64"):
            early, late = pd.Timestamp(EARLIEST_DATE), pd.Timestamp(LATEST_DATE)
            bad = values.notna() & ((values < early) | (values > late))
            rule, code = DATE_RANGE_RULE, "date_out_of_range"
        elif dtype in ("float64", "Int64"):
            num = values.astype("float64")
            bad = values.notna() & ~(np.isfinite(num) & (num.abs() <= MAX_NUMBER))
            rule = f"{spec.description}: a finite number, no larger than {MAX_NUMBER:,}"
            code = "not_finite"
        else:
            continue
        for i in df.index[bad.to_numpy(dtype=bool)][:200]:
            value = format_value(values.at[i])
            problems.append(Problem(file, f"row {i}", col, value, rule, code))
    return problems[:200]


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
