"""The guided notebooks a person works in: where the installed ones are, and copying them.

A wheel carries the five notebooks as package data (``careermap/_bundled/notebooks``); a
source checkout has them in the repository's ``notebooks/``. Nobody edits the installed
files: ``careermap notebooks DEST`` copies them into a folder of the user's, and
``careermap lab`` outside a checkout opens a per-user copy made on first use
(:func:`user_notebooks_dir`).

Copying never overwrites a notebook the user changed. The folder keeps a small record
(``.careermap-notebooks.json``) of what careermap last wrote into it; a notebook still
equal to that record is careermap's own and is brought up to date after an upgrade, any
other one is kept as it is and reported as kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from careermap.errors import CareermapError

__all__ = [
    "RECORD",
    "NotebookCopy",
    "bundled_notebooks",
    "checkout_notebooks",
    "copy_notebooks",
    "user_notebooks_dir",
]

RECORD = ".careermap-notebooks.json"

Action = Literal["copied", "updated", "up to date", "kept"]

# in a source checkout (and uv's editable install of one) the notebooks are the repository's
_REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@dataclass(frozen=True)
class NotebookCopy:
    """What :func:`copy_notebooks` did with one notebook."""

    name: str
    path: Path
    action: Action

    def __str__(self) -> str:
        if self.action == "kept":
            return (
                f"kept {self.path}: it differs from careermap's copy (you changed or ran it), "
                "so it was not overwritten; rename or delete it to get the new version"
            )
        return f"{self.action}: {self.path}"


def checkout_notebooks() -> Path | None:
    """The repository's ``notebooks/`` when careermap runs from a source checkout (or an
    editable install of one), else ``None``."""
    return _REPO_NOTEBOOKS if any(_REPO_NOTEBOOKS.glob("*.ipynb")) else None


def bundled_notebooks() -> list[Path]:
    """The notebooks this installation carries, in order (``01-...`` to ``05-...``).

    >>> [p.name[:2] for p in bundled_notebooks()]
    ['01', '02', '03', '04', '05']
    """
    bundled = Path(os.fspath(resources.files("careermap") / "_bundled" / "notebooks"))
    found = sorted((bundled if bundled.is_dir() else _REPO_NOTEBOOKS).glob("*.ipynb"))
    if not found:
        raise CareermapError(
            "this installation of careermap carries no notebooks (looked in "
            f"{bundled}); reinstall it from a wheel or run it from the repository"
        )
    return found


def user_notebooks_dir() -> Path:
    """Where ``careermap lab`` keeps a person's own copy of the notebooks outside a checkout.

    The platform's folder for a user's application data: ``$XDG_DATA_HOME/careermap/notebooks``
    (``~/.local/share/careermap/notebooks``) on Linux, ``~/Library/Application Support``
    on macOS, ``%LOCALAPPDATA%`` on Windows.

    >>> user_notebooks_dir().parts[-2:]
    ('careermap', 'notebooks')
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "careermap" / "notebooks"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_record(folder: Path) -> dict[str, str]:
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no record (or an unreadable one): no notebook there is known as ours
    if not isinstance(record, dict):
        return {}
    return {str(k): str(v) for k, v in record.items()}


def copy_notebooks(dest: str | os.PathLike[str]) -> list[NotebookCopy]:
    """Copy the notebooks into ``dest`` (created if needed); never overwrite a changed one.

    Each notebook is ``copied`` (new there), ``up to date`` (already the same), ``updated``
    (careermap's earlier copy, unchanged since, replaced by this version's) or ``kept``
    (it differs from what careermap wrote there: left as it is).

    Examples
    --------
    >>> import tempfile
    >>> dest = Path(tempfile.mkdtemp()) / "nb"
    >>> [c.action for c in copy_notebooks(dest)][:2]
    ['copied', 'copied']
    >>> first = sorted(dest.glob("*.ipynb"))[0]
    >>> _ = first.write_text("{}")           # the user changes one
    >>> sorted({c.action for c in copy_notebooks(dest)})
    ['kept', 'up to date']
    >>> first.read_text()
    '{}'
    """
    folder = Path(dest)
    if folder.exists() and not folder.is_dir():
        raise CareermapError(f"{folder} is a file; give a folder to copy the notebooks into")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CareermapError(f"cannot create {folder}: {exc.strerror or exc}") from None
    record = _read_record(folder)
    done = []
    for source in bundled_notebooks():
        data = source.read_bytes()
        target = folder / source.name
        if not target.exists() and not target.is_symlink():
            action: Action = "copied"
        elif not target.is_file():  # a folder or a dangling link of that name: not ours
            done.append(NotebookCopy(source.name, target, "kept"))
            continue
        else:
            current = _digest(target.read_bytes())
            if current == _digest(data):
                action = "up to date"
            elif record.get(source.name) == current:
                action = "updated"
            else:
                done.append(NotebookCopy(source.name, target, "kept"))
                continue
        if action != "up to date":
            _write_atomic(target, data)
        record[source.name] = _digest(data)
        done.append(NotebookCopy(source.name, target, action))
    _write_atomic(folder / RECORD, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
    return done
