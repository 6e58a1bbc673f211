"""Loading a person's roadmap.yaml and roles/ the way :func:`careermap.load` does, for the
checks of a change: the roadmap new log rows may name, and whether an edit keeps it valid.

Loading costs ~0.5 s, so results are remembered by the content of the files (the same text
gives the same answer, whichever folder or process it is in); an edit by hand changes the
content, so the next check sees it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from careermap.errors import EntryRejectedError, Problem
from careermap.io import read_map_file, validate
from careermap.model import CareerMap
from careermap.store._files import ROADMAP, person_folder

_CHECKED: dict[str, tuple[CareerMap | None, list[Problem]]] = {}
_REMEMBERED = 64  # roadmaps remembered per process


def roadmap_files(root: Path, roadmap: bytes | None = None) -> dict[str, bytes]:
    """roadmap.yaml (as given, or as on disk) and roles/*.yaml, by their path in the folder."""
    files = {ROADMAP: roadmap if roadmap is not None else _read(root / ROADMAP, ROADMAP, root)}
    roles = root / "roles"
    if roles.is_dir():
        for f in sorted(roles.glob("*.y*ml")):
            files[f"roles/{f.name}"] = _read(f, f"roles/{f.name}", root)
    return files


def _read(path: Path, name: str, root: Path) -> bytes:
    """A file of the map as the loader reads it: a pipe, a device or a link out of the map
    folder is refused without being read."""
    data, problems = read_map_file(path, name, inside=[root])
    if data is None:
        raise EntryRejectedError(problems, f"{name} cannot be read")
    return data


def check_roadmap(root: Path, files: Mapping[str, bytes]) -> tuple[CareerMap | None, list[Problem]]:
    """The map (without logs) that ``files`` load into, or None, and the problems found."""
    h = hashlib.sha256()
    for name, data in files.items():
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = h.hexdigest()
    if key not in _CHECKED:
        if len(_CHECKED) >= _REMEMBERED:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = _load(root, files)
    return _CHECKED[key]


def loaded_roadmap(root: Path) -> CareerMap:
    """The person's map as on disk (without logs); refuses when the roadmap does not load."""
    m, problems = check_roadmap(root, roadmap_files(root))
    if m is None:
        raise EntryRejectedError(
            problems, "the roadmap has problems, so new log rows cannot be checked; fix it first"
        )
    return m


def read_roadmap(folder: str | os.PathLike[str]) -> CareerMap:
    """A person's roadmap as the store checks changes against it, without the logs.

    roadmap.yaml and roles/ are loaded as :func:`careermap.load` loads them; the logs are
    left out, so a log row typed wrong by hand does not stop it (the loader reports that
    row). Remembered by content: the second call on an unchanged roadmap costs nothing.

    Raises
    ------
    EntryRejectedError
        If the roadmap itself has problems (each names the file and YAML path).

    Examples
    --------
    >>> import careermap
    >>> from careermap import store
    >>> m = store.read_roadmap(careermap.sample_path())
    >>> m.goals["goal_id"].tolist(), len(m.time_log)
    (['G1', 'G2', 'G3'], 0)
    """
    return loaded_roadmap(person_folder(folder, writing=False))


def _load(root: Path, files: Mapping[str, bytes]) -> tuple[CareerMap | None, list[Problem]]:
    """Load roadmap.yaml and roles/ (as given, no logs) from a scratch copy of the folder."""
    with tempfile.TemporaryDirectory(prefix="careermap-check-") as tmp:
        person = Path(tmp) / root.name
        (person / "roles").mkdir(parents=True)
        for name, data in files.items():
            (person / name).write_bytes(data)
        m, problems, _ = validate(person)
        prefix = str(person) + os.sep
        problems = [dataclasses.replace(p, file=p.file.removeprefix(prefix)) for p in problems]
    return m, problems
